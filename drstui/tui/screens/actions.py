"""Task actions of the TUI: what each one needs, whether a task allows it, and the runner.

`run_action(app, action, job_ids, **params)` is the one path every state change takes, from
the detail screen and from the task list alike:

1. the input dialog where the action needs one (flow control, passwords);
2. the exact request(s) it will send, built by ``service.describe_request`` (secrets masked),
   shown in `ConfirmScreen` — nothing is sent unless the user confirms;
3. the service call in a thread worker;
4. the outcome per task: a notification summary, and `ActionResultsScreen` with one row per
   task (error code, message, A.3 suggestion) whenever something failed or several tasks
   were touched;
5. `TasksChanged` posted to every screen so they refresh.

It must run inside a worker (it waits for dialogs): `launch_action` starts one.
pandas and the service layer are imported lazily.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ..messages import TasksChanged
from .confirm import ConfirmScreen, RequestPreview

if TYPE_CHECKING:
    import pandas as pd
    from textual.app import App
    from textual.worker import Worker

__all__ = [
    "ACTIONS",
    "ActionDef",
    "ActionResultsScreen",
    "action_reason",
    "available_set",
    "launch_action",
    "run_action",
    "split_available",
    "validation_message",
]


@dataclass(frozen=True)
class ActionDef:
    """One state-changing action the TUI offers."""

    name: str
    label: str
    key: str
    """Key on the detail screen (the task list may bind its own)."""
    spec_key: str
    """``describe_request`` key of the request it sends."""
    needs: tuple[str, ...]
    """`JobAction` commands (any of them) that must be in the task's ``available_actions``."""
    what: str
    """One line: what it does (confirm summary, help, palette)."""
    destructive: bool = False
    single: bool = False
    short: str = ""
    """Footer label (defaults to ``label``)."""
    """Only one task at a time (passwords)."""


#: Every state-changing action, in the order menus list them.
ACTIONS: dict[str, ActionDef] = {
    a.name: a
    for a in (
        ActionDef("start", "Start", "s", "jobs.start", ("START",), "Start the task now (4.1.11)."),
        ActionDef(
            "pause", "Pause", "z", "jobs.pause", ("PAUSE",),
            "Pause the task (4.1.13); resume it later with Resume.",
        ),  # fmt: skip
        ActionDef(
            "resume", "Resume / retry", "e", "jobs.resume", ("RETRY", "CONTINUE_JOB"),
            "Resume a paused task or retry a failed one (4.1.12).", short="Resume",
        ),  # fmt: skip
        ActionDef(
            "stop", "Stop", "x", "jobs.stop", ("FREE_RESOURCE",),
            "Stop the task and release its replication instance (4.1.14). A stopped task cannot be restarted.",
            destructive=True,
        ),  # fmt: skip
        ActionDef(
            "force_stop", "Force stop", "X", "jobs.stop", ("FREE_RESOURCE",),
            "Force the task to stop even when it is busy (4.1.14, force_terminate). It cannot be restarted.",
            destructive=True, short="Force",
        ),  # fmt: skip
        ActionDef(
            "delete", "Delete", "d", "jobs.delete", ("DELETE",),
            "Delete the task record (4.1.14). This cannot be undone.",
            destructive=True,
        ),  # fmt: skip
        ActionDef(
            "switchover", "DR switchover", "w", "dr.switchover", ("SWITCH_OVER",),
            "Swap the primary and standby databases of the DR task (4.4.1); the replication direction reverses.",
            destructive=True, short="Switch",
        ),  # fmt: skip
        ActionDef(
            "speed_limit", "Flow control", "f", "jobs.set_speed_limits", (),
            "Limit the transfer speed in UTC time windows, or remove the limit (4.1.8).", short="Flow",
        ),  # fmt: skip
        ActionDef(
            "passwords", "Change DB passwords", "P", "jobs.reset_passwords", ("RESET_DB_PWD",),
            "Give the task the new source and/or destination database password (4.1.15).",
            single=True, short="Passwords",
        ),  # fmt: skip
    )
}

# Flow control has no job_action command: the status decides (seed 4.1.8; the local DRS agrees).
_NO_SPEED_STATUSES = frozenset({
    "CREATING", "CREATE_FAILED", "RELEASE_RESOURCE_STARTED", "RELEASE_RESOURCE_COMPLETE",
    "RELEASE_RESOURCE_FAILED", "RELEASE_CHILD_TRANSFER_STARTED", "RELEASE_CHILD_TRANSFER_COMPLETE", "DELETED",
})  # fmt: skip

# When a task row carries no job_action matrix (older API versions, a subtask not listed),
# the A.4 status decides instead.
_BY_STATUS: dict[str, frozenset[str]] = {
    "start": frozenset({"CONFIGURATION"}),
    "pause": frozenset({"FULL_TRANSFER_STARTED", "INCRE_TRANSFER_STARTED", "CHILD_TRANSFER_STARTED"}),
    "resume": frozenset(
        {"PAUSING", "START_JOB_FAILED", "FULL_TRANSFER_FAILED", "INCRE_TRANSFER_FAILED", "CHILD_TRANSFER_FAILED"}
    ),
    "stop": frozenset(
        {"CONFIGURATION", "STARTJOBING", "WAITING_FOR_START", "START_JOB_FAILED", "PAUSING", "FULL_TRANSFER_STARTED",
         "FULL_TRANSFER_FAILED", "FULL_TRANSFER_COMPLETE", "INCRE_TRANSFER_STARTED", "INCRE_TRANSFER_FAILED",
         "RELEASE_RESOURCE_FAILED"}  # fmt: skip
    ),
    "delete": frozenset({"CREATE_FAILED", "RELEASE_RESOURCE_COMPLETE", "RELEASE_CHILD_TRANSFER_COMPLETE"}),
    "switchover": frozenset({"INCRE_TRANSFER_STARTED", "INCRE_TRANSFER_FAILED"}),
    "passwords": frozenset(
        {"STARTJOBING", "START_JOB_FAILED", "FULL_TRANSFER_STARTED", "FULL_TRANSFER_FAILED", "FULL_TRANSFER_COMPLETE",
         "INCRE_TRANSFER_STARTED", "INCRE_TRANSFER_FAILED", "PAUSING"}  # fmt: skip
    ),
}
_BY_STATUS["force_stop"] = _BY_STATUS["stop"]


def _blank(value: Any) -> bool:
    return value is None or value != value or (isinstance(value, str) and not value.strip())  # None / NaN / NA / ""


def available_set(row: Mapping[str, Any]) -> set[str] | None:
    """The task's ``available_actions`` as a set (the frames join them with ", "); None when unknown."""
    value = row.get("available_actions")
    try:
        if _blank(value):
            # An empty matrix (e.g. CREATING, RELEASE_RESOURCE_STARTED) means "nothing now" when the
            # row came from the list API; the list frame gives NA for both, so use the status.
            return None
    except (TypeError, ValueError):  # pandas NA compares ambiguously
        return None
    if isinstance(value, str):
        return {v.strip() for v in value.split(",") if v.strip()}
    return {str(v) for v in value}


def action_reason(action: str, row: Mapping[str, Any]) -> str | None:
    """None when ``action`` is allowed for the task ``row`` (a ``tasks``-frame row); else why not."""
    defn = ACTIONS[action]
    status = "" if _blank(row.get("status")) else str(row.get("status"))
    use = "" if _blank(row.get("db_use_type")) else str(row.get("db_use_type"))
    task_type = "" if _blank(row.get("task_type")) else str(row.get("task_type"))
    where = f"while the task is {status}" if status else "now"
    if action == "switchover" and use and use != "cloudDataGuard":
        return "Switchover is only for disaster-recovery (cloudDataGuard) tasks."
    if action == "speed_limit":
        if task_type == "INCR_TRANS":
            return "Flow control is not supported for incremental-only (INCR_TRANS) tasks."
        if status in _NO_SPEED_STATUSES:
            return f"Flow control cannot be set {where}: only for a created task that has not been stopped."
        return None
    available = available_set(row)
    if available is not None:
        if any(n in available for n in defn.needs):
            return None
        return f"{defn.label} is not offered by DRS {where} (job_action lacks {' / '.join(defn.needs)})."
    allowed = _BY_STATUS.get(action)
    if allowed is None or status in allowed:
        return None
    return f"{defn.label} is not possible {where}."


def split_available(action: str, rows: Iterable[Mapping[str, Any]]) -> tuple[list[str], list[tuple[str, str]]]:
    """(ids that allow ``action``, [(id, why not)] for the others) — for multi-task callers."""
    ok: list[str] = []
    skipped: list[tuple[str, str]] = []
    for row in rows:
        reason = action_reason(action, row)
        job_id = str(row.get("id"))
        if reason is None:
            ok.append(job_id)
        else:
            skipped.append((job_id, reason))
    return ok, skipped


_VALUE_ERROR = re.compile(r"^(Value error|Assertion failed), ")


def validation_message(exc: BaseException) -> str:
    """A pydantic ValidationError as short lines ``field: message`` — never the input values."""
    errors = getattr(exc, "errors", None)
    if not callable(errors):
        return str(exc)
    try:
        items = errors(include_input=False, include_url=False)
    except TypeError:  # not a pydantic error after all
        return str(exc)
    lines = []
    for err in items:
        loc = ".".join(str(p) for p in err.get("loc", ()) if p != "__root__")
        msg = _VALUE_ERROR.sub("", str(err.get("msg", "")))
        lines.append(f"{loc}: {msg}" if loc else msg)
    return "\n".join(lines) or str(exc)


# ---------------------------------------------------------------------------
# Requests and service calls per action
# ---------------------------------------------------------------------------


def _describe_kwargs(action: str, ids: list[str], params: Mapping[str, Any]) -> dict[str, Any]:
    if action == "start":
        return {"job_ids": ids, "start_time": params.get("start_time")}
    if action == "pause":
        return {"job_ids": ids, "mode": params.get("mode", "target")}
    if action == "resume":
        return {"job_ids": ids}
    if action in ("stop", "force_stop"):
        return {"job_ids": ids, "force": action == "force_stop"}
    if action == "delete":
        return {"job_ids": ids}
    if action == "switchover":
        return {"job_ids": ids, "pause_job": params.get("pause_job")}
    if action == "speed_limit":
        return {"job_ids": ids, "windows": list(params.get("windows") or [])}
    if action == "passwords":
        return {
            "job_id": ids[0],
            "source_password": params.get("source_password"),
            "target_password": params.get("target_password"),
        }
    raise KeyError(action)


def _call(service: Any, action: str, ids: list[str], params: Mapping[str, Any]) -> pd.DataFrame:
    if action == "start":
        return service.start(ids, params.get("start_time"))
    if action == "pause":
        return service.pause(ids, params.get("mode", "target"))
    if action == "resume":
        return service.resume(ids)
    if action == "stop":
        return service.stop(ids)
    if action == "force_stop":
        return service.stop(ids, force=True)
    if action == "delete":
        return service.delete(ids)
    if action == "switchover":
        return service.switchover(ids, pause_job=params.get("pause_job"))
    if action == "speed_limit":
        return service.set_speed_limits(ids, list(params.get("windows") or []))
    if action == "passwords":
        return service.reset_passwords(
            ids[0], source_password=params.get("source_password"), target_password=params.get("target_password")
        )
    raise KeyError(action)


def _summary(action: str, ids: Sequence[str], names: Mapping[str, str] | None, params: Mapping[str, Any]) -> str:
    defn = ACTIONS[action]
    shown = [f"{names.get(i, i) if names else i}" for i in ids[:5]]
    more = f" and {len(ids) - 5} more" if len(ids) > 5 else ""
    who = f"{len(ids)} tasks: " if len(ids) > 1 else "task "
    lines = [defn.what, f"On {who}{', '.join(shown)}{more}."]
    if action == "pause":
        mode = params.get("mode", "target")
        lines.append("Mode: " + ("stop replay on the destination (capture continues)." if mode == "target"
                                 else "stop capture and replay."))  # fmt: skip
    if action == "speed_limit":
        windows = list(params.get("windows") or [])
        if not windows:
            lines.append("Removes the speed limit: the task transfers at full speed.")
        else:
            lines.append(f"{len(windows)} window(s), UTC: " + "; ".join(
                f"{w['begin']}–{w['end']} {w['speed']} MB/s" for w in map(_window_dict, windows)))  # fmt: skip
    if action == "passwords":
        sides = [s for s, k in (("source", "source_password"), ("destination", "target_password")) if params.get(k)]
        lines.append(f"New password for the {' and '.join(sides)} database (masked below).")
    return "\n".join(lines)


def _window_dict(w: Any) -> dict[str, Any]:
    if isinstance(w, Mapping):
        return dict(w)
    if isinstance(w, tuple):
        return {"begin": w[0], "end": w[1], "speed": w[2]}
    return {"begin": w.begin, "end": w.end, "speed": w.speed}


def _ok_failed(df: pd.DataFrame) -> tuple[int, int]:
    """(tasks that succeeded, tasks that failed) of a per-task result frame."""
    ok = int(df["ok"].fillna(False).astype(bool).sum()) if len(df) else 0
    return ok, len(df) - ok


def _report(app: App[Any], error: BaseException, title: str) -> None:
    """Show an error through the app's error reporter (a plain notification when it has none)."""
    if hasattr(app, "report_error"):
        app.report_error(error, title=title)
    else:
        app.notify(str(error), severity="error")


def _notify_outcome(app: App[Any], label: str, df: pd.DataFrame) -> tuple[int, int]:
    ok, failed = _ok_failed(df)
    if failed == 0:
        app.notify(f"{label}: done for {ok} task(s).", title=label, timeout=5)
    else:
        first = df[~df["ok"].fillna(False).astype(bool)].iloc[0]
        code = first["error_code"]
        code_text = "" if _blank(code) else f"{code}: "
        msg = "" if _blank(first["error_msg"]) else str(first["error_msg"])
        app.notify(
            f"{label}: {ok} succeeded, {failed} failed.\n{code_text}{msg}"[:300],
            title=label,
            severity="error" if ok == 0 else "warning",
            timeout=8,
        )
    return ok, failed


def _post_changed(app: App[Any], ids: Sequence[str]) -> None:
    app.post_message(TasksChanged(tuple(ids)))  # the app forwards it to every screen once


async def run_action(app: App[Any], action: str, job_ids: Sequence[str], **kwargs: Any) -> pd.DataFrame | None:
    """Ask, send, report one action on ``job_ids``; returns the per-task result frame (None: nothing sent).

    ``kwargs``: ``names`` (id → task name, for the summary), ``warnings`` (shown in the
    confirmation, e.g. tasks skipped), ``show_results`` (the per-task rows modal; default when
    something failed or several tasks), and the action's parameters: ``mode`` (pause: target|all),
    ``start_time`` (start), ``pause_job`` (switchover), ``windows`` (flow control; asked in a
    dialog when absent, ``current`` pre-fills it), ``source_password`` / ``target_password``
    (asked in a dialog when both absent; ``source`` / ``target`` describe the endpoints).
    Must run in a worker (it waits for dialogs); see `launch_action`. An unexpected error is
    reported, never raised into the worker.
    """
    try:
        return await _run_action(app, action, job_ids, **kwargs)
    except Exception as exc:  # noqa: BLE001 - a bug or a lost connection must not vanish in a worker
        label = ACTIONS[action].label if action in ACTIONS else action
        _report(app, exc, f"{label} failed")
        return None


async def _run_action(
    app: App[Any],
    action: str,
    job_ids: Sequence[str],
    *,
    names: Mapping[str, str] | None = None,
    warnings: Sequence[str] = (),
    show_results: bool | None = None,
    **params: Any,
) -> pd.DataFrame | None:
    if action not in ACTIONS:
        raise KeyError(f"unknown action {action!r}; known: {', '.join(ACTIONS)}")
    defn = ACTIONS[action]
    ids = list(dict.fromkeys(str(i) for i in job_ids))
    service = getattr(app, "service", None)
    if not ids:
        app.notify(f"{defn.label}: no task selected.", severity="warning", timeout=4)
        return None
    if service is None:
        app.notify("Not connected yet: nothing was sent.", title=defn.label, severity="warning", timeout=5)
        return None
    if getattr(app, "read_only", False):
        app.notify("Read-only: actions are disabled for this profile.", title=defn.label, severity="error")
        return None
    if defn.single and len(ids) > 1:
        app.notify(f"{defn.label} works on one task at a time.", title=defn.label, severity="warning")
        return None

    if action == "speed_limit" and "windows" not in params:
        from .speed_limit import SpeedLimitScreen

        windows = await app.push_screen_wait(SpeedLimitScreen(ids, current=params.pop("current", None), names=names))
        if windows is None:
            app.notify("Flow control unchanged: nothing was sent.", timeout=3)
            return None
        params["windows"] = windows
    if action == "passwords" and not (params.get("source_password") or params.get("target_password")):
        from .passwords import PasswordsScreen

        answer = await app.push_screen_wait(
            PasswordsScreen(ids[0], name=(names or {}).get(ids[0]), source=params.pop("source", None),
                            target=params.pop("target", None))  # fmt: skip
        )
        if answer is None:
            app.notify("Passwords unchanged: nothing was sent.", timeout=3)
            return None
        params["source_password"], params["target_password"] = answer
    params.pop("current", None)
    params.pop("source", None)
    params.pop("target", None)

    # The exact request, built and validated by the client's own resource method (secrets masked).
    try:
        method, path, body = service.describe_request(defn.spec_key, **_describe_kwargs(action, ids, params))
    except Exception as exc:  # invalid input: nothing is sent
        app.notify(
            f"{validation_message(exc)}\nNothing was sent.", title=f"{defn.label}: invalid input", severity="error"
        )
        return None
    confirm = ConfirmScreen(
        f"{defn.label} — confirm",
        _summary(action, ids, names, params),
        [RequestPreview(method, path, body or "")],
        warnings=list(warnings),
        confirm_label=defn.label,
        destructive=defn.destructive,
    )
    if not await app.push_screen_wait(confirm):
        app.notify(f"{defn.label} cancelled: nothing was sent.", timeout=3)
        return None

    app.notify(f"{defn.label}: sending for {len(ids)} task(s)…", timeout=2)
    worker: Worker[Any] = app.run_worker(
        lambda: _call(service, action, ids, params),
        name=f"action:{action}",
        group="action-call",
        thread=True,
        exit_on_error=False,
    )
    try:
        df = await worker.wait()
    except Exception as exc:  # WorkerFailed wraps what the service raised
        _report(app, getattr(exc, "error", exc), f"{defn.label} failed")
        _post_changed(app, ids)
        return None
    ok, failed = _notify_outcome(app, defn.label, df)
    if show_results is None:
        show_results = failed > 0 or len(ids) > 1
    if show_results:
        app.push_screen(ActionResultsScreen(defn.label, df, names=names))
    _post_changed(app, ids)
    return df


def launch_action(app: App[Any], action: str, job_ids: Sequence[str], **kwargs: Any) -> Worker[Any]:
    """Run `run_action` in an async worker (what a key handler calls)."""
    return app.run_worker(
        run_action(app, action, job_ids, **kwargs), name=f"run:{action}", group="action", exit_on_error=False
    )


# ---------------------------------------------------------------------------
# Per-task results
# ---------------------------------------------------------------------------


class ActionResultsScreen(ModalScreen[None]):
    """One row per task of an action: OK, error code, message, A.3 suggestion."""

    CSS_PATH = "job_detail.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "dismiss", "Close", id="results.close"),
    ]

    def __init__(self, label: str, results: pd.DataFrame, *, names: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self.label = label
        self.results = results
        self.names = dict(names or {})

    def compose(self) -> ComposeResult:
        from ...service.columns import FRAMES
        from ..widgets.frame_table import FrameTable

        ok, failed = _ok_failed(self.results)
        head = f"[b]{escape(self.label)}[/b] — {ok} succeeded"
        if failed:
            head += f", [b red]{failed} failed[/]"
        with Vertical(id="results-dialog", classes="dialog"):
            yield Static(head, classes="dialog-title")
            yield FrameTable(
                FRAMES["action_results"],
                columns=["id", "ok", "error_code", "error_msg", "suggestion", "detail"],
                stylers={"ok": lambda t: "green" if t == "yes" else "bold red"},
                id="results-table",
            )
            yield Static(id="results-row", classes="results-row")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Close (esc)", id="results-close", variant="primary")

    def on_mount(self) -> None:
        from ..widgets.frame_table import FrameTable

        table = self.query_one(FrameTable)
        table.set_frame(self.results)
        table.focus()
        self._show_row(table.cursor_row)

    def on_frame_table_row_highlighted(self, event: Any) -> None:
        self._show_row(event.row)

    def _show_row(self, row: Mapping[str, Any] | None) -> None:
        """The highlighted row in full (long messages do not fit the table)."""
        if not row:
            return
        parts = []
        job_id = str(row.get("id"))
        name = self.names.get(job_id)
        parts.append(f"[b]{escape(name)}[/b] {escape(job_id)}" if name else f"[b]{escape(job_id)}[/b]")
        if not _blank(row.get("error_code")):
            parts.append(f"[b red]{escape(str(row['error_code']))}[/]")
        if not _blank(row.get("error_msg")):
            parts.append(escape(str(row["error_msg"])))
        if not _blank(row.get("suggestion")):
            parts.append(f"[i]What to do:[/i] {escape(str(row['suggestion']))}")
        self.query_one("#results-row", Static).update("\n".join(parts))

    def on_button_pressed(self, _: Button.Pressed) -> None:
        self.dismiss(None)
