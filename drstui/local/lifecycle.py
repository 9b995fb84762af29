"""Task lifecycle of the local DRS (seed A.4 statuses, the gates each API states).

State moves on the simulated clock: every transition that time causes is scheduled in
``sim["next_ms"]`` (mirrored into the indexed ``next_event_ms`` column), and
`advance` applies every due transition before a request is answered. Actions a user
takes (start, pause, resume, stop, delete, switchover) are functions that either change
the task or raise `LifecycleError` with the DRS error code a per-item row carries.
"""

from __future__ import annotations

import functools

import hashlib
import math
from dataclasses import dataclass
from typing import Any

from .store import JobRecord

# Simulated seconds each phase takes.
CREATE_S = 10
START_S = 30
FULL_S_DEFAULT = 120
INCR_HANDOVER_S = 10
RELEASE_S = 15
SWITCHOVER_S = 20

ALL_ACTIONS: tuple[str, ...] = (
    "CREATE", "CHOOSE_OBJECT", "PRE_CHECK", "CHANGE_MODE", "FREE_RESOURCE", "MODIFY_DB_CONFIG", "RESET_DB_PWD",
    "MODIFY_CONFIGURATION", "PAUSE", "START", "CHANGE", "RETRY", "RESET", "DELETE", "QUERY_PRE_CHECK", "SWITCH_OVER",
    "START_INCR", "MODIFY_TASK_NUMBER", "CONTINUE_JOB", "STOP_JOB", "CONTINUE_CAPTURE", "STOP_CAPTURE",
    "CONTINUE_APPLY", "STOP_APPLY", "PAY_ORDER", "UNSUBSCRIBE", "TO_PERIOD", "TO_RENEW", "ORDER_INFO",
    "CHANGE_FLAVOR", "CLONE",
)  # fmt: skip

_RUNNING_COMMON = ["CREATE", "FREE_RESOURCE", "RESET_DB_PWD", "MODIFY_DB_CONFIG"]
_INCR = ["CREATE", "CHOOSE_OBJECT", "PRE_CHECK", "CHANGE_MODE", "FREE_RESOURCE", "MODIFY_DB_CONFIG", "RESET_DB_PWD",
         "MODIFY_CONFIGURATION", "PAUSE"]  # fmt: skip
_STOPPED = ["CREATE", "DELETE", "PRE_CHECK", "CHANGE_MODE", "MODIFY_DB_CONFIG", "CLONE"]

#: Available actions per status (the 4.1.20 example's matrices, extended to every status).
AVAILABLE: dict[str, list[str]] = {
    "CREATING": [],
    "CREATE_FAILED": ["CREATE", "DELETE", "CLONE"],
    "CONFIGURATION": ["CREATE", "START", "CHANGE", "CHOOSE_OBJECT", "PRE_CHECK", "QUERY_PRE_CHECK", "CHANGE_MODE",
                      "FREE_RESOURCE", "MODIFY_DB_CONFIG", "API_CONFIGURATION_ACTION"],
    "STARTJOBING": ["CREATE", "FREE_RESOURCE", "RESET_DB_PWD"],
    "WAITING_FOR_START": ["CREATE", "FREE_RESOURCE", "RESET_DB_PWD", "CHANGE"],
    "START_JOB_FAILED": ["CREATE", "FREE_RESOURCE", "RESET_DB_PWD", "RETRY", "RESET"],
    "PAUSING": ["CREATE", "FREE_RESOURCE", "RESET_DB_PWD", "RETRY", "MODIFY_DB_CONFIG"],
    "FULL_TRANSFER_STARTED": [*_RUNNING_COMMON, "PAUSE"],
    "FULL_TRANSFER_FAILED": [*_RUNNING_COMMON, "RETRY", "RESET"],
    "FULL_TRANSFER_COMPLETE": [*_RUNNING_COMMON],
    "INCRE_TRANSFER_STARTED": list(_INCR),
    "INCRE_TRANSFER_FAILED": [*_INCR, "RETRY", "RESET"],
    "RELEASE_RESOURCE_STARTED": [],
    "RELEASE_RESOURCE_FAILED": ["CREATE", "FREE_RESOURCE"],
    "RELEASE_RESOURCE_COMPLETE": list(_STOPPED),
    "RELEASE_CHILD_TRANSFER_COMPLETE": list(_STOPPED),
}  # fmt: skip

#: Statuses in which a task is moving data (pause allowed, progress meaningful).
RUNNING = {"FULL_TRANSFER_STARTED", "INCRE_TRANSFER_STARTED", "CHILD_TRANSFER_STARTED"}
FAILED_RETRYABLE = {"START_JOB_FAILED", "FULL_TRANSFER_FAILED", "INCRE_TRANSFER_FAILED", "CHILD_TRANSFER_FAILED"}
DELETABLE = {"CREATE_FAILED", "RELEASE_RESOURCE_COMPLETE", "RELEASE_CHILD_TRANSFER_COMPLETE"}
PASSWORD_CHANGE = {"STARTJOBING", "START_JOB_FAILED", "FULL_TRANSFER_STARTED", "FULL_TRANSFER_FAILED",
                   "FULL_TRANSFER_COMPLETE", "INCRE_TRANSFER_STARTED", "INCRE_TRANSFER_FAILED", "PAUSING"}  # fmt: skip
NOT_STOPPABLE = {"CREATING", "RELEASE_RESOURCE_STARTED", "RELEASE_RESOURCE_COMPLETE", "DELETED",
                 "RELEASE_CHILD_TRANSFER_STARTED", "RELEASE_CHILD_TRANSFER_COMPLETE"}  # fmt: skip

#: Realistic failures a share of tasks meet (phase -> error_code, message).
FAILURES: dict[str, tuple[str, str]] = {
    "CREATE": ("DRS.M05066", "Failed to create the DRS instance: insufficient resources in the selected AZ. "
               "Delete the task and create it again in another AZ."),
    "START_JOB": ("DRS.KE002", "Failed to connect to the source database: access denied for user 'drs_migr'. "
                  "Check the user name and password, then retry."),
    "FULL_TRANSFER": ("DRS.M01504", "Full migration failed on `shop`.`order_items`: Duplicate entry '1042-7' "
                      "for key 'PRIMARY' on the destination. Clean the destination table and retry."),
    "INCRE_TRANSFER": ("DRS.KE0049", "Incremental replay stopped: the binlog file mysql-bin.000431 was purged on "
                       "the source before it was read. Increase expire_logs_days and reset the task."),
}  # fmt: skip


class LifecycleError(Exception):
    """An action not allowed now; becomes a per-item ``error_code``/``error_msg`` row."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def not_in_status(rec: JobRecord, what: str) -> LifecycleError:
    return LifecycleError("DRS.M00304", f"{what} cannot be called when the task is {rec.status}.")


# ---------------------------------------------------------------------------
# Status bookkeeping
# ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=512)
def _job_action(status: str, db_use_type: str, current_action: str | None) -> dict[str, Any]:
    available = list(AVAILABLE.get(status, ["CREATE"]))
    if db_use_type == "cloudDataGuard" and status in {"INCRE_TRANSFER_STARTED", "INCRE_TRANSFER_FAILED"}:
        available.append("SWITCH_OVER")
    if current_action == "SWITCH_OVER":
        available = ["CREATE"]
    out: dict[str, Any] = {
        "available_actions": available,
        "unavailable_actions": [a for a in ALL_ACTIONS if a not in available],
    }
    if current_action:
        out["current_action"] = current_action
    return out


def job_action(status: str, db_use_type: str, current_action: str | None = None) -> dict[str, Any]:
    """The ``job_action`` object of a task in ``status`` (a fresh copy: callers may change it)."""
    cached = _job_action(status, db_use_type, current_action)
    return {k: list(v) if isinstance(v, list) else v for k, v in cached.items()}


def shared_job_action(status: str, db_use_type: str, current_action: str | None = None) -> dict[str, Any]:
    """Like `job_action`, but one shared object per state: only for rows dumped straight to JSON."""
    return _job_action(status, db_use_type, current_action)


def set_status(rec: JobRecord, status: str, now_ms: int, *, next_ms: int | None = None) -> None:
    d = rec.detail
    d["status"] = status
    d["update_time"] = str(now_ms)
    sim = rec.sim
    sim["phase_ms"] = now_ms
    schedule(rec, next_ms)
    if not status.endswith("_FAILED"):
        d.pop("error_code", None)
        d.pop("error_message", None)
        d.pop("failed_reason", None)


def schedule(rec: JobRecord, next_ms: int | None) -> None:
    rec.sim["next_ms"] = next_ms
    rec.next_event_ms = next_ms


def fail(rec: JobRecord, phase: str, now_ms: int) -> None:
    code, msg = FAILURES[phase]
    status = "CREATE_FAILED" if phase == "CREATE" else f"{phase}_FAILED"
    set_status(rec, status, now_ms)
    rec.detail["error_code"] = code
    rec.detail["error_message"] = msg
    rec.detail["failed_reason"] = msg
    rec.sim["plan"] = None  # a retried task succeeds


def _plan(rec: JobRecord) -> dict[str, Any] | None:
    return rec.sim.get("plan") or None


def _full_s(rec: JobRecord) -> float:
    return float(rec.sim.get("full_s") or FULL_S_DEFAULT)


def advance(rec: JobRecord, now_ms: int) -> bool:
    """Apply every transition due by ``now_ms``; returns whether the task changed."""
    changed = False
    for _ in range(10):  # a bounded number of hops per call
        nxt = rec.sim.get("next_ms")
        if nxt is None or nxt > now_ms:
            break
        _step(rec, int(nxt))
        changed = True
    return changed


def _step(rec: JobRecord, at_ms: int) -> None:
    status = rec.status
    plan = _plan(rec)
    task_type = rec.detail.get("task_type") or "FULL_INCR_TRANS"
    if rec.sim.get("switch_ms") is not None and at_ms >= rec.sim["switch_ms"] + SWITCHOVER_S * 1000:
        finish_switchover(rec, at_ms)
        return
    if status == "CREATING":
        if plan and plan.get("phase") == "CREATE":
            fail(rec, "CREATE", at_ms)
        else:
            set_status(rec, "CONFIGURATION", at_ms)
    elif status == "WAITING_FOR_START":
        set_status(rec, "STARTJOBING", at_ms, next_ms=at_ms + START_S * 1000)
        rec.detail["actual_start_time"] = str(at_ms)
    elif status == "STARTJOBING":
        if plan and plan.get("phase") == "START_JOB":
            fail(rec, "START_JOB", at_ms)
        elif task_type == "INCR_TRANS":
            _enter_incremental(rec, at_ms)
        else:
            set_status(rec, "FULL_TRANSFER_STARTED", at_ms, next_ms=at_ms + int(_full_s(rec) * 1000))
            rec.sim["full_started_ms"] = at_ms
            if plan and plan.get("phase") == "FULL_TRANSFER":
                schedule(rec, at_ms + int(_full_s(rec) * 600))  # fails at 60 %
    elif status == "FULL_TRANSFER_STARTED":
        if plan and plan.get("phase") == "FULL_TRANSFER":
            rec.sim["full_done_pct"] = 60.0
            fail(rec, "FULL_TRANSFER", at_ms)
        else:
            rec.sim["full_done_pct"] = 100.0
            nxt = None if task_type == "FULL_TRANS" else at_ms + INCR_HANDOVER_S * 1000
            set_status(rec, "FULL_TRANSFER_COMPLETE", at_ms, next_ms=nxt)
            rec.detail["full_transfer_complete_time"] = str(at_ms)
    elif status == "FULL_TRANSFER_COMPLETE":
        _enter_incremental(rec, at_ms)
    elif status == "INCRE_TRANSFER_STARTED":
        if plan and plan.get("phase") == "INCRE_TRANSFER":
            fail(rec, "INCRE_TRANSFER", at_ms)
        else:
            schedule(rec, None)
    elif status == "RELEASE_RESOURCE_STARTED":
        set_status(rec, "RELEASE_RESOURCE_COMPLETE", at_ms)
    elif status == "RELEASE_CHILD_TRANSFER_STARTED":
        set_status(rec, "RELEASE_CHILD_TRANSFER_COMPLETE", at_ms)
    else:
        schedule(rec, None)


def _enter_incremental(rec: JobRecord, at_ms: int) -> None:
    plan = _plan(rec)
    nxt = None
    if plan and plan.get("phase") == "INCRE_TRANSFER":
        nxt = at_ms + int(plan.get("after_s", 300) * 1000)
    set_status(rec, "INCRE_TRANSFER_STARTED", at_ms, next_ms=nxt)
    rec.sim["incr_started_ms"] = at_ms
    rec.sim["full_done_pct"] = 100.0


# ---------------------------------------------------------------------------
# Actions
# ---------------------------------------------------------------------------


def start(rec: JobRecord, now_ms: int, start_at_ms: int | None = None) -> None:
    if rec.status != "CONFIGURATION":
        raise not_in_status(rec, "Start")
    pre = rec.sim.get("precheck") or {}
    if not pre.get("passed"):
        raise LifecycleError(
            "DRS.M00300", "Invalid request, the pre-check has not passed. Run a pre-check and fix its failed items."
        )
    if start_at_ms and start_at_ms > now_ms:
        set_status(rec, "WAITING_FOR_START", now_ms, next_ms=start_at_ms)
        rec.detail.setdefault("inst_info", {})["start_time"] = str(start_at_ms)
    else:
        set_status(rec, "STARTJOBING", now_ms, next_ms=now_ms + START_S * 1000)
        rec.detail["actual_start_time"] = str(now_ms)


def pause(rec: JobRecord, now_ms: int, mode: str) -> None:
    if rec.status not in RUNNING:
        raise not_in_status(rec, "Pause")
    rec.sim["paused_from"] = rec.status
    rec.sim["pause_mode"] = mode
    rec.sim["paused_full_pct"] = full_progress(rec, now_ms)
    set_status(rec, "PAUSING", now_ms)


def resume(rec: JobRecord, now_ms: int) -> None:
    status = rec.status
    if status == "PAUSING":
        back = rec.sim.pop("paused_from", "INCRE_TRANSFER_STARTED")
        if back == "FULL_TRANSFER_STARTED":
            done = float(rec.sim.pop("paused_full_pct", 0.0))
            remaining = _full_s(rec) * (1 - done / 100.0)
            rec.sim["full_started_ms"] = now_ms - int(_full_s(rec) * done * 10)
            set_status(rec, back, now_ms, next_ms=now_ms + int(remaining * 1000))
        else:
            set_status(rec, back, now_ms)
        return
    if status in FAILED_RETRYABLE:
        if status == "START_JOB_FAILED":
            set_status(rec, "STARTJOBING", now_ms, next_ms=now_ms + START_S * 1000)
        elif status == "FULL_TRANSFER_FAILED":
            set_status(rec, "STARTJOBING", now_ms, next_ms=now_ms + START_S * 1000)
        else:
            _enter_incremental(rec, now_ms)
        return
    raise not_in_status(rec, "Resume or retry")


def terminate(rec: JobRecord, now_ms: int, *, force: bool = False) -> None:
    if rec.status in NOT_STOPPABLE:
        raise not_in_status(rec, "Stop")
    if rec.sim.get("switch_ms") is not None and not force:
        raise LifecycleError("DRS.M01504", "The task is busy (switchover in progress). Try again later.")
    if rec.status == "STARTJOBING" and not force:
        raise LifecycleError("DRS.M01504", "The task is busy or abnormal. Try again later.")
    set_status(rec, "RELEASE_RESOURCE_STARTED", now_ms, next_ms=now_ms + RELEASE_S * 1000)
    rec.sim.pop("switch_ms", None)


def delete(rec: JobRecord, now_ms: int) -> None:
    if rec.status not in DELETABLE:
        raise LifecycleError(
            "DRS.M00304",
            f"Delete cannot be called when the task is {rec.status}. Stop the task first; only tasks in "
            "CREATE_FAILED, RELEASE_RESOURCE_COMPLETE or RELEASE_CHILD_TRANSFER_COMPLETE can be deleted.",
        )
    set_status(rec, "DELETED", now_ms)


def switchover(rec: JobRecord, now_ms: int) -> None:
    if rec.detail.get("db_use_type") != "cloudDataGuard":
        raise LifecycleError("DRS.M00302", "Invalid migration scheme: switchover is only for DR tasks.")
    if rec.status not in {"INCRE_TRANSFER_STARTED", "INCRE_TRANSFER_FAILED"}:
        raise not_in_status(rec, "Switchover")
    if rec.sim.get("switch_ms") is not None:
        raise LifecycleError("DRS.M01504", "A switchover is already running. Try again later.")
    rec.sim["switch_ms"] = now_ms
    d = rec.detail
    d["job_kernel_direction"] = "down" if d.get("job_direction") == "up" else "up"
    schedule(rec, now_ms + SWITCHOVER_S * 1000)


def finish_switchover(rec: JobRecord, now_ms: int) -> None:
    d = rec.detail
    d["original_job_direction"] = d.get("original_job_direction") or d.get("job_direction")
    d["job_direction"] = "down" if d.get("job_direction") == "up" else "up"
    d["job_kernel_direction"] = d["job_direction"]
    d["is_target_readonly"] = d["job_direction"] == "up"
    rec.sim.pop("switch_ms", None)
    rec.sim["switch_count"] = int(rec.sim.get("switch_count", 0)) + 1
    d["update_time"] = str(now_ms)
    schedule(rec, None)
    if rec.sim.pop("pause_after_switchover", False) and rec.status in RUNNING:
        pause(rec, now_ms, "target")  # 4.4.1 is_pause_job: pause once the roles have switched


def current_action(rec: JobRecord) -> str | None:
    if rec.sim.get("switch_ms") is not None:
        return "SWITCH_OVER"
    return None


# ---------------------------------------------------------------------------
# Progress (4.1.19), delay and DR figures, all functions of the clock
# ---------------------------------------------------------------------------


def _wobble(job_id: str, now_ms: int, period_s: float = 90.0) -> float:
    """A deterministic 0..1 wave per task, so delays move with the clock but reproducibly."""
    phase = int(hashlib.sha1(job_id.encode()).hexdigest()[:6], 16) / 0xFFFFFF
    return 0.5 + 0.5 * math.sin(2 * math.pi * (now_ms / 1000.0 / period_s + phase))


def full_progress(rec: JobRecord, now_ms: int) -> float:
    status = rec.status
    if status in {"CREATING", "CREATE_FAILED", "CONFIGURATION", "STARTJOBING", "WAITING_FOR_START",
                  "START_JOB_FAILED"}:  # fmt: skip
        return 0.0
    if status == "FULL_TRANSFER_STARTED":
        started = int(rec.sim.get("full_started_ms") or rec.sim.get("phase_ms") or now_ms)
        return max(0.0, min(99.0, (now_ms - started) / (_full_s(rec) * 10.0)))
    if status == "PAUSING" and rec.sim.get("paused_from") == "FULL_TRANSFER_STARTED":
        return float(rec.sim.get("paused_full_pct", 0.0))
    return float(rec.sim.get("full_done_pct", 100.0))


def incremental_delay_ms(rec: JobRecord, now_ms: int) -> int:
    """-1 before incremental; otherwise a small delay that moves with the clock (larger for some tasks)."""
    if rec.status not in {"INCRE_TRANSFER_STARTED", "INCRE_TRANSFER_FAILED", "PAUSING"} or (
        rec.status == "PAUSING" and rec.sim.get("paused_from") != "INCRE_TRANSFER_STARTED"
    ):
        return -1
    base = float(rec.sim.get("delay_base_s", 1.5))
    if rec.status == "INCRE_TRANSFER_FAILED":
        since = max(0, now_ms - int(rec.sim.get("phase_ms") or now_ms))
        return int(base * 1000 + since)
    if rec.status == "PAUSING":
        since = max(0, now_ms - int(rec.sim.get("phase_ms") or now_ms))
        return int(base * 1000 + since)
    return int(base * 1000 * (0.2 + 1.6 * _wobble(rec.id, now_ms)))


def progress_row(rec: JobRecord, now_ms: int) -> dict[str, Any]:
    """The 4.1.19 row for one task, as wire dict."""
    full = full_progress(rec, now_ms)
    delay_ms = incremental_delay_ms(rec, now_ms)
    remaining = max(0, int(_full_s(rec) * (100.0 - full) / 100.0)) if rec.status == "FULL_TRANSFER_STARTED" else 0
    struct = min(100.0, full * 3)
    index = max(0.0, (full - 80) * 5) if full < 100 else 100.0
    row: dict[str, Any] = {
        "job_id": rec.id,
        "progress": f"{full:.0f}",
        "incre_trans_delay": str(-1 if delay_ms < 0 else delay_ms // 1000),
        "incre_trans_delay_millis": str(delay_ms),
        "task_mode": rec.detail.get("task_type") or "FULL_INCR_TRANS",
        "transfer_status": rec.status,
        "process_time": str(now_ms),
        "remaining_time": f"{remaining}s",
        "progress_map": {
            "struct": {"completed": f"{struct:.0f}%", "remaining_time": "0s" if struct >= 100 else f"{remaining}s"},
            "data": {"completed": f"{full:.0f}%", "remaining_time": f"{remaining}s"},
            "index": {"completed": f"{index:.0f}%", "remaining_time": "0s" if index >= 100 else f"{remaining}s"},
        },
    }
    if delay_ms >= 0 and rec.status == "INCRE_TRANSFER_STARTED":
        row["apply_rows_rate"] = int(200 + 1800 * _wobble(rec.id, now_ms, 37.0))
        row["apply_bytes_rate"] = row["apply_rows_rate"] * 312
    else:
        row["apply_rows_rate"] = -1
        row["apply_bytes_rate"] = -1
    if rec.status.endswith("_FAILED"):
        row["error_code"] = rec.detail.get("error_code")
        row["error_msg"] = rec.detail.get("error_message")
    return row


@dataclass(frozen=True)
class Timeline:
    """How long each phase takes, for docs and tests."""

    create_s: int = CREATE_S
    start_s: int = START_S
    full_s: int = FULL_S_DEFAULT
    incr_handover_s: int = INCR_HANDOVER_S
    release_s: int = RELEASE_S

    @property
    def start_to_incremental_s(self) -> int:
        return self.start_s + self.full_s + self.incr_handover_s
