"""Task actions (seed 4.1.1–4.1.16): create, connection tests, modify, objects, pre-check, flow
control, DB parameters, start / resume / pause / stop / delete, passwords, definer.

Every batch API answers one row per requested item, success or failure, in request order;
a `LifecycleError` or a gate of this module becomes that item's failed row. Only the
single-task API 4.1.10 answers a whole-request 400. Per-task state other handlers read lives
in ``rec.sim`` (``conn``, ``configured``, ``objects``, ``precheck``, ``params``) and in the
``params`` document (4.1.9 rows of a task, modified by 4.1.10).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ...api.models._base import JobId
from ...api.models.common import JobIdsParams
from ...api.models.jobs import (
    ClusterConnectionsParams,
    CreateJob,
    CreateJobsParams,
    ModifyJob,
    ModifyJobsParams,
    PauseJobsParams,
    PrecheckParams,
    ResetPasswordsParams,
    RetryJobsParams,
    SelectObjectsParams,
    SetDefinerParams,
    SpeedLimitsParams,
    StartJobsParams,
    StopOrDeleteParams,
    TestConnectionsParams,
)
from ...api.models.params import GetParamsParams, ModifyParamsParams
from .. import content, lifecycle
from ..app import Ctx, DrsApiError, bad_request, handles, invalid
from ..factory import ENGINE_DB_TYPES, new_job, split_secrets
from ..lifecycle import LifecycleError
from ..store import JobRecord

NOT_FOUND = ("DRS.M05003", "Task information not found. Check the task ID.")
BUSY_MSG = (
    "Another operation is being performed on the migration task or the migration task is abnormal. "
    "Try again later."
)

#: Simulated seconds a pre-check takes (4.1.7 ``process`` moves from 0% to 100%).
PRECHECK_S = 10

_SUFFIX = {"migration": "jb101", "sync": "jb201", "cloudDataGuard": "jb502"}
_ENGINES: dict[str, set[str]] = {
    "migration": {"mysql", "mongodb"},
    "sync": {"mysql", "postgresql", "oracle-to-gaussdbv5", "oracle-to-gaussdbv5ha", "gaussdbv5-to-oracle",
             "gaussdbv5ha-to-oracle", "gaussdbv5-to-kafka", "mysql-to-kafka", "taurus-to-kafka",
             "gaussdbv5ha-to-kafka"},
}  # fmt: skip
_STOPPED = {"RELEASE_RESOURCE_STARTED", "RELEASE_RESOURCE_COMPLETE", "RELEASE_CHILD_TRANSFER_STARTED",
            "RELEASE_CHILD_TRANSFER_COMPLETE", "DELETED"}  # fmt: skip
#: Statuses in which the replication is moving: configuration edits answer DRS.M01504 (4.1.20 example text).
_BUSY = {"STARTJOBING", "WAITING_FOR_START", "FULL_TRANSFER_STARTED", "FULL_TRANSFER_COMPLETE",
         "INCRE_TRANSFER_STARTED", "PAUSING", "CHILD_TRANSFER_STARTING", "CHILD_TRANSFER_STARTED",
         "CHANGE_JOB_STARTED", "REBUILD_NODE_STARTED", "NODE_UPGRADE_START"}  # fmt: skip
_NO_SPEED = {"CREATING", "CREATE_FAILED", *_STOPPED, "RELEASE_RESOURCE_FAILED"}
_INFO_FIELDS = {"name", "description", "alarm_notify", "tags"}
_SET_PARAMS = {"sql_mode"}  # comma-separated subsets of value_range
_JOB_ID = TypeAdapter(JobId)
_BILLING_FIELDS = ("expired_days", "charging_mode", "period_order", "product_id")
_DR_VPC = "Invalid migration scheme: a DR task cannot use net_type vpc. Use vpn or eip."


def _name_taken(name: str) -> str:
    return f"Task name {name} already exists (names are case-insensitive). Choose another name."


# ---------------------------------------------------------------------------
# Rows and the per-item loop
# ---------------------------------------------------------------------------


def _ok(job_id: str, **extra: Any) -> dict[str, Any]:
    return {"id": job_id, "status": "success", **extra}


def _failed(job_id: str, code: str, msg: str, **extra: Any) -> dict[str, Any]:
    return {"id": job_id, "status": "failed", "error_code": code, "error_msg": msg, **extra}


def _each(
    ctx: Ctx, items: list[Any], job_id_of: Callable[[Any], str],
    action: Callable[[JobRecord, Any], dict[str, Any] | None],
    *, ok: Callable[[str, Any], dict[str, Any]] | None = None,
    failed: Callable[[str, Any, str, str], dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    """Run ``action`` on every item's task; unknown ids and `LifecycleError` become failed rows."""
    ok = ok or (lambda jid, item: _ok(jid))
    failed = failed or (lambda jid, item, code, msg: _failed(jid, code, msg))
    found = ctx.jobs(list(dict.fromkeys(job_id_of(i) for i in items)))
    rows: list[dict[str, Any]] = []
    for item in items:
        jid = job_id_of(item)
        rec = found.get(jid)
        if rec is None:
            rows.append(failed(jid, item, *NOT_FOUND))
            continue
        try:
            row = action(rec, item)
        except LifecycleError as exc:
            rows.append(failed(jid, item, exc.code, exc.message))
            continue
        ctx.save(rec)
        rows.append(row if row is not None else ok(jid, item))
    return rows


def _batch(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {"results": rows, "count": len(rows)}


def _status_error(rec: JobRecord, what: str, allowed: str) -> LifecycleError:
    return LifecycleError(
        "DRS.M00304", f"{what} cannot be called when the task is {rec.status}. It is available only {allowed}."
    )


def _require_configuration(rec: JobRecord, what: str) -> None:
    if rec.status != "CONFIGURATION":
        raise _status_error(rec, what, "while the task is in CONFIGURATION (before it is started)")


def _ms(value: Any) -> int | None:
    if value is None:
        return None
    return int(value.timestamp() * 1000)


# ---------------------------------------------------------------------------
# 4.1.1 Create tasks
# ---------------------------------------------------------------------------


def _scenario_error(job: CreateJob) -> tuple[str, str] | None:
    use, engine, net = str(job.db_use_type), str(job.engine_type), str(job.net_type)
    dr = use == "cloudDataGuard"
    if dr != engine.startswith("cloudDataGuard") or (not dr and engine not in _ENGINES.get(use, set())):
        allowed = "a cloudDataGuard-* engine" if dr else ", ".join(sorted(_ENGINES.get(use, set())))
        return "DRS.M00302", (
            f"Invalid migration scheme: engine_type {engine} is not available for {use} tasks. Use {allowed}."
        )
    # The next rules are also enforced by the request model (400); kept so a relaxed model still gets rows.
    if dr and net == "vpc":
        return "DRS.M00302", _DR_VPC
    if net == "eip" and job.bind_eip is not True:
        return "DRS.M00202", "The value of bind_eip is invalid. Set bind_eip to true when net_type is eip."
    if dr and not job.multi_write and str(job.task_type) != "FULL_INCR_TRANS":
        return "DRS.M00302", "Invalid migration scheme: single-active DR allows only task_type FULL_INCR_TRANS."
    if job.multi_write and not dr:
        return "DRS.M00302", "Invalid migration scheme: multi_write (dual-active) is available only for DR tasks."
    if dr and str(job.job_direction) == "up" and job.is_target_readonly is False:
        return "DRS.M00202", (
            "The value of is_target_readonly is invalid. A DR task with this cloud as standby (job_direction up) "
            "needs is_target_readonly true."
        )
    return None


@handles("jobs.create")
def create_jobs(ctx: Ctx, body: CreateJobsParams, query: None, path: dict[str, str]) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, job in enumerate(body.jobs):
        name = job.name
        key = name.lower()
        problem = _scenario_error(job)
        if problem is None and key in seen:
            problem = ("DRS.M00277", f"Task name {name} appears more than once in this request. Give each task "
                       "its own name.")  # fmt: skip
        elif problem is None and ctx.store.name_taken(ctx.project_id, name):
            problem = ("DRS.M00277", _name_taken(name))
        seen.add(key)
        if problem is not None:
            rows.append({"name": name, "status": "CREATE_FAILED", "error_code": problem[0], "error_msg": problem[1]})
            continue
        use = str(job.db_use_type)
        rng = ctx.drs.rng_for(ctx.project_id, "job-id", ctx.now_ms, index, key)
        job_id = ctx.drs.new_job_id(rng, _SUFFIX.get(use, "jb101"))
        while ctx.store.get_job(job_id) is not None:
            job_id = ctx.drs.new_job_id(rng, _SUFFIX.get(use, "jb101"))
        extra: dict[str, Any] = {"subnet_id": job.customize_sutnet_id}
        if job.sys_tags:
            extra["enterprise_project_id"] = job.sys_tags[0].value
        if job.public_ip_list:
            extra["public_ip_list"] = [p.to_wire() for p in job.public_ip_list]
        for field in ("is_open_fast_clean", "master_az", "slave_az"):
            if getattr(job, field) is not None:
                extra[field] = getattr(job, field)
        rec = new_job(
            job_id=job_id,
            project_id=ctx.project_id,
            now_ms=ctx.now_ms,
            rng=ctx.drs.rng_for(job_id, "create"),
            fail_share=ctx.drs.fail_share,
            name=name,
            db_use_type=use,
            engine_type=str(job.engine_type),
            job_direction=str(job.job_direction),
            net_type=str(job.net_type),
            node_type=str(job.node_type),
            task_type=str(job.task_type),
            source_endpoint=job.source_endpoint.to_wire(),
            target_endpoint=job.target_endpoint.to_wire(),
            description=job.description or "",
            tags=[t.to_wire() for t in job.tags or []],
            multi_write=bool(job.multi_write),
            is_target_readonly=job.is_target_readonly,
            node_num=job.node_num,
            extra=extra,
        )
        billing = {k: v for k, v in job.to_wire().items() if k in _BILLING_FIELDS}
        if billing:
            rec.sim["billing"] = billing
        ctx.save(rec)
        rows.append({"id": job_id, "name": name, "status": "CREATING", "create_time": str(ctx.now_ms)})
    return _batch(rows)


# ---------------------------------------------------------------------------
# 4.1.2 / 4.1.3 Connection tests
# ---------------------------------------------------------------------------


def _engine_mismatch(rec: JobRecord, side: str, db_type: Any) -> str | None:
    engine = rec.detail.get("engine_type") or ""
    pair = ENGINE_DB_TYPES.get(engine)
    if pair is None or not db_type:
        return None
    expected = pair[0] if side == "so" else pair[1]
    got = str(getattr(db_type, "value", db_type))
    if got != expected:
        where = "source" if side == "so" else "destination"
        return f"The {where} database engine {got} does not match the task ({engine}: {where} must be {expected})."
    return None


def _record_conn(rec: JobRecord, side: str, ok: bool) -> None:
    conn = dict(rec.sim.get("conn") or {"so": False, "ta": False})
    conn[side] = ok
    rec.sim["conn"] = conn


@handles("jobs.test_connections")
def test_connections(ctx: Ctx, body: TestConnectionsParams, query: None, path: dict[str, str]) -> dict[str, Any]:
    def act(rec: JobRecord, ep: Any) -> dict[str, Any]:
        _require_configuration(rec, "Test connection")
        side = str(ep.end_point_type)
        wire = ep.to_wire()
        mismatch = _engine_mismatch(rec, side, wire.get("db_type"))
        if mismatch:
            ok, code, msg = False, "DRS.KE0059", mismatch
        else:
            ok, code, msg = content.connection_result(None, wire, side)
        _record_conn(rec, side, ok)
        if ok:
            return {"id": rec.id, "status": "success", "success": True}
        return {"id": rec.id, "status": "failed", "success": False, "error_code": code, "error_msg": msg}

    rows = _each(
        ctx, list(body.jobs), lambda ep: ep.id, act,
        failed=lambda jid, ep, code, msg: _failed(jid, code, msg, success=False),
    )  # fmt: skip
    return _batch(rows)


@handles("jobs.test_cluster_connections")
def test_cluster_connections(
    ctx: Ctx, body: ClusterConnectionsParams, query: None, path: dict[str, str]
) -> dict[str, Any]:
    def act(rec: JobRecord, job: Any) -> dict[str, Any]:
        if job.action != "testConnection":
            raise LifecycleError("DRS.M00202", f"The value of action is invalid: {job.action}. Use testConnection.")
        _require_configuration(rec, "Test connection")
        sides: dict[str, bool] = {}
        first_error: tuple[str, str] | None = None
        for node in job.nodes:
            wire = node.model_dump(mode="json", exclude_none=True, context={"wire": True})
            side = "ta" if str(node.endpoint_type) == "ta" else "so"
            mismatch = _engine_mismatch(rec, side, wire.get("db_type"))
            if mismatch:
                ok, code, msg = False, "DRS.KE0059", mismatch
            else:
                ok, code, msg = content.connection_result(None, wire, side)
            sides[side] = sides.get(side, True) and ok
            if not ok and first_error is None:
                first_error = (str(code), f"Node {node.ip} ({node.endpoint_type}): {msg}")
        for side, ok in sides.items():
            _record_conn(rec, side, ok)
        if first_error is None:
            return {"id": rec.id, "status": "true"}
        return {"id": rec.id, "status": "false", "error_code": first_error[0], "error_msg": first_error[1]}

    rows = _each(
        ctx, list(body.jobs), lambda j: j.job_id, act,
        failed=lambda jid, j, code, msg: {"id": jid, "status": "false", "error_code": code, "error_msg": msg},
    )  # fmt: skip
    return _batch(rows)


# ---------------------------------------------------------------------------
# 4.1.4 Modify tasks
# ---------------------------------------------------------------------------


def _apply_info(ctx: Ctx, rec: JobRecord, row: ModifyJob, fields: set[str]) -> None:
    d = rec.detail
    if "name" in fields and row.name is not None:
        if row.name.lower() != str(d.get("name", "")).lower() and ctx.store.name_taken(ctx.project_id, row.name):
            raise LifecycleError("DRS.M00277", _name_taken(row.name))
        d["name"] = row.name
    if "description" in fields and row.description is not None:
        d["description"] = row.description
    if "alarm_notify" in fields and row.alarm_notify is not None:
        d["alarm_notify"] = {**(d.get("alarm_notify") or {}), **row.alarm_notify.to_wire()}
    if "tags" in fields and row.tags is not None:
        d["tags"] = [t.to_wire() for t in row.tags]


def _check_config(rec: JobRecord, row: ModifyJob, config: set[str]) -> None:
    d = rec.detail
    if rec.status != "CONFIGURATION":
        if rec.status in _BUSY:
            raise LifecycleError(
                "DRS.M01504",
                f"{BUSY_MSG} While the task is {rec.status} only name, description and alarm_notify can be changed.",
            )
        raise _status_error(rec, "Changing the task configuration", "in CONFIGURATION (name, description and "
                            "alarm_notify can be changed in any status until the task is stopped)")  # fmt: skip
    for field in ("engine_type", "db_use_type", "job_direction"):
        value = getattr(row, field)
        if field in config and value is not None and str(value) != d.get(field):
            raise LifecycleError(
                "DRS.M00302", f"Invalid migration scheme: {field} of an existing task is {d.get(field)} and cannot "
                f"change to {value}. Create a new task instead.",
            )
    if "net_type" in config and str(row.net_type) == "vpc" and d.get("db_use_type") == "cloudDataGuard":
        raise LifecycleError("DRS.M00302", _DR_VPC)
    if config <= {"task_type"}:
        return
    conn = rec.sim.get("conn") or {}
    missing = [w for side, w in (("so", "source"), ("ta", "destination")) if not conn.get(side)]
    if missing:
        raise LifecycleError(
            "DRS.M00300", f"Invalid request, the {' and '.join(missing)} connection test has not succeeded. "
            "Test both connections (batch-connection) before pushing the configuration.",
        )
    if not rec.sim.get("configured"):
        absent = [f for f in ("source_endpoint", "target_endpoint") if getattr(row, f) is None]
        if absent:
            raise LifecycleError(
                "DRS.M00201", f"Parameter {' and '.join(absent)} cannot be empty: the first configuration of a task "
                "needs both endpoints (with db_user and db_password).",
            )


def _apply_config(rec: JobRecord, row: ModifyJob, config: set[str]) -> None:
    d = rec.detail
    secrets = rec.data.setdefault("secrets", {"so": {}, "ta": {}})
    for side, field in (("so", "source_endpoint"), ("ta", "target_endpoint")):
        ep = getattr(row, field)
        if ep is None:
            continue
        public, hidden = split_secrets(ep.to_wire())
        d[field] = {**(d.get(field) or {}), **public}
        secrets[side] = {**(secrets.get(side) or {}), **hidden}
    for field in ("task_type", "node_type", "net_type", "replace_definer", "is_target_readonly"):
        value = getattr(row, field)
        if field in config and value is not None:
            d[field] = value if isinstance(value, bool) else str(value)
    if "node_type" in config and row.node_type is not None:
        d.setdefault("inst_info", {})["inst_type"] = str(row.node_type)
    for field in ("store_db_info", "is_recreate", "product_id"):
        if field in config:
            rec.sim[field] = getattr(row, field)
    if not config <= {"task_type"}:
        rec.sim["configured"] = True
    rec.sim["precheck"] = None  # a changed configuration needs a new pre-check


@handles("jobs.modify")
def modify_jobs(ctx: Ctx, body: ModifyJobsParams, query: None, path: dict[str, str]) -> dict[str, Any]:
    def act(rec: JobRecord, row: ModifyJob) -> None:
        if rec.status in _STOPPED:
            raise _status_error(rec, "Modify", "until the task is stopped; a stopped task cannot be changed")
        fields = set(row.model_fields_set) - {"job_id"}
        config = fields - _INFO_FIELDS
        if config:
            _check_config(rec, row, config)
        _apply_info(ctx, rec, row, fields)
        if config:
            _apply_config(rec, row, config)
        rec.detail["update_time"] = str(ctx.now_ms)

    return _batch(_each(ctx, list(body.jobs), lambda r: r.job_id, act))


# ---------------------------------------------------------------------------
# 4.1.5 Select objects
# ---------------------------------------------------------------------------


@handles("jobs.select_objects")
def select_objects(ctx: Ctx, body: SelectObjectsParams, query: None, path: dict[str, str]) -> dict[str, Any]:
    def act(rec: JobRecord, row: Any) -> dict[str, Any]:
        if rec.detail.get("db_use_type") not in ("migration", "sync"):
            raise LifecycleError(
                "DRS.M00302", "Invalid migration scheme: objects are selected only for migration and sync tasks; "
                "a DR task replicates the whole instance.",
            )
        _require_configuration(rec, "Select objects")
        if not rec.sim.get("configured"):
            raise LifecycleError(
                "DRS.M00300", "Invalid request, the task is not configured yet. Test both connections and push "
                "the endpoints (batch-modification) before selecting objects.",
            )
        objs = []
        if row.selected:
            for o in row.job or []:
                objs.append({
                    "id": o.id or o.object_name,
                    "parent_id": o.parent_id or "",
                    "type": str(o.object_type) if o.object_type else "database",
                    "name": o.object_name or o.id,
                    "alias_name": o.object_alias_name or o.object_name or o.id,
                    "select": str(o.select) if o.select else "true",
                })  # fmt: skip
        d = rec.detail
        d["object_infos"] = objs
        d["object_switch"] = bool(row.selected)
        if row.sync_database is not None:
            d["sync_database"] = row.sync_database
        d["update_time"] = str(ctx.now_ms)
        rec.sim["objects"] = True
        rec.sim["precheck"] = None
        return {"job_id": rec.id, "status": True}

    rows = _each(
        ctx, list(body.jobs), lambda r: r.job_id, act,
        failed=lambda jid, r, code, msg: {"job_id": jid, "status": False, "error_code": code, "error_msg": msg},
    )  # fmt: skip
    return {"all_counts": len(rows), "results": rows}


# ---------------------------------------------------------------------------
# 4.1.6 / 4.1.7 Pre-check
# ---------------------------------------------------------------------------


def _precheck_items(ctx: Ctx, rec: JobRecord, pre: dict[str, Any]) -> list[dict[str, Any]]:
    passed = pre.get("passed")
    share = ctx.drs.fail_share if passed is None else (0.0 if passed else 1.0)
    rng = ctx.drs.rng_for(rec.id, "precheck", pre.get("started_ms", 0))
    subs = [(c.get("id", ""), c.get("name", "")) for c in rec.detail.get("children") or []]
    return content.precheck_items(rng, rec.detail.get("engine_type"), fail_share=share, sub_jobs=subs)


def _precheck_pct(ctx: Ctx, pre: dict[str, Any]) -> int:
    if pre.get("passed") is not None:
        return 100
    elapsed = ctx.now_ms - int(pre.get("started_ms") or 0)
    return max(0, min(100, elapsed * 100 // (PRECHECK_S * 1000)))


def _precheck_summary(ctx: Ctx, rec: JobRecord) -> dict[str, Any] | None:
    """The 4.1.7 row of a task's pre-check; records ``passed`` once it has finished."""
    pre = rec.sim.get("precheck")
    if not pre:
        return None
    items = _precheck_items(ctx, rec, pre)
    pct = _precheck_pct(ctx, pre)
    shown = items if pct >= 100 else items[: math.floor(len(items) * pct / 100)]
    d = rec.detail
    cloud = d.get("target_endpoint") if d.get("job_direction") != "down" else d.get("source_endpoint")
    summary = content.precheck_summary(
        shown, pre.get("id") or rec.id, pct,
        rds_instance_id=(cloud or {}).get("inst_id"), job_direction=d.get("job_direction"),
    )  # fmt: skip
    if pct >= 100 and pre.get("passed") is None:
        rec.sim["precheck"] = {**pre, "passed": bool(summary["result"])}
        ctx.save(rec)
    return summary


@handles("jobs.precheck")
def precheck(ctx: Ctx, body: PrecheckParams, query: None, path: dict[str, str]) -> dict[str, Any]:
    def act(rec: JobRecord, row: Any) -> dict[str, Any]:
        mode = str(row.precheck_mode)
        if mode == "forStartJob":
            _require_configuration(rec, "Pre-check (forStartJob)")
            missing = []
            if not rec.sim.get("configured"):
                missing.append("the endpoint configuration (test both connections, then batch-modification with "
                               "source_endpoint and target_endpoint)")  # fmt: skip
            if rec.detail.get("db_use_type") in ("migration", "sync") and not rec.sim.get("objects"):
                missing.append("the object selection (batch-select-objects)")
            if missing:
                needs = " and ".join(missing)
                raise LifecycleError("DRS.M00300", f"Invalid request, the pre-check needs {needs} first.")
        else:
            allowed = lifecycle.FAILED_RETRYABLE | {"INCRE_TRANSFER_STARTED", "PAUSING"}
            if rec.status not in allowed:
                raise _status_error(
                    rec, "Pre-check (forRetryJob)", "for a failed, paused or incremental task; before the first "
                    "start use forStartJob",
                )  # fmt: skip
        rec.sim["precheck"] = {"id": rec.id, "started_ms": ctx.now_ms, "passed": None, "mode": mode}
        return {"id": rec.id, "precheck_id": rec.id, "status": "success"}

    return _batch(_each(ctx, list(body.jobs), lambda r: r.job_id, act))


@handles("jobs.precheck_results")
def precheck_results(ctx: Ctx, body: JobIdsParams, query: None, path: dict[str, str]) -> dict[str, Any]:
    found = ctx.jobs(list(body.jobs))
    rows: list[dict[str, Any]] = []
    for job_id in body.jobs:
        rec = found.get(job_id)
        if rec is None:
            rows.append({"result": False, "error_code": NOT_FOUND[0], "error_msg": f"{NOT_FOUND[1]} ({job_id})"})
            continue
        summary = _precheck_summary(ctx, rec)
        if summary is None:
            rows.append({
                "result": False, "error_code": "DRS.M00300",
                "error_msg": f"Invalid request, no pre-check has been run for task {job_id}. Run a pre-check first "
                             "(batch-precheck), then query its results.",
            })  # fmt: skip
        else:
            rows.append(summary)
    return _batch(rows)


# ---------------------------------------------------------------------------
# 4.1.8 Flow control
# ---------------------------------------------------------------------------


@handles("jobs.set_speed_limits")
def set_speed_limits(ctx: Ctx, body: SpeedLimitsParams, query: None, path: dict[str, str]) -> dict[str, Any]:
    def act(rec: JobRecord, row: Any) -> None:
        if rec.detail.get("task_type") == "INCR_TRANS":
            raise LifecycleError(
                "DRS.M00403", "Flow control is not supported for incremental-only (INCR_TRANS) tasks."
            )
        if rec.status in _NO_SPEED:
            raise _status_error(rec, "Flow control", "for a created task that has not been stopped")
        rec.detail["speed_limit"] = [w.to_wire() for w in row.speed_limit]
        rec.detail["update_time"] = str(ctx.now_ms)

    return _batch(_each(ctx, list(body.speed_limits), lambda r: r.job_id, act))


# ---------------------------------------------------------------------------
# 4.1.9 / 4.1.10 DB parameters
# ---------------------------------------------------------------------------


def _params_gate(rec: JobRecord) -> None:
    d = rec.detail
    use, engine = d.get("db_use_type"), d.get("engine_type")
    if (use, engine) not in (("migration", "mysql"), ("cloudDataGuard", "cloudDataGuard-mysql")):
        raise LifecycleError(
            "DRS.M00302", f"Invalid migration scheme: parameter comparison is available only for MySQL migration "
            f"and MySQL DR tasks, not {use} {engine}.",
        )
    if d.get("job_direction") != "up":
        raise LifecycleError(
            "DRS.M00302", "Invalid migration scheme: parameter comparison needs job_direction up (into the cloud)."
        )
    _require_configuration(rec, "Parameter comparison")


def _compare(row: dict[str, Any]) -> dict[str, Any]:
    row["compare_result"] = "true" if row.get("source_value") == row.get("target_value") else "false"
    return row


@handles("params.get")
def get_params(ctx: Ctx, body: GetParamsParams, query: None, path: dict[str, str]) -> dict[str, Any]:
    found = ctx.jobs(list(body.jobs))
    out: list[dict[str, Any]] = []
    for job_id in body.jobs:
        rec = found.get(job_id)
        try:
            if rec is None:
                raise LifecycleError(*NOT_FOUND)
            _params_gate(rec)
            doc = ctx.store.get_doc("params", rec.id)
            if doc is None:
                if body.refresh == "0":
                    raise LifecycleError(
                        "DRS.M00303", "The parameters are not in the cache yet. Call batch-get-params with refresh "
                        "\"1\" first.",
                    )
                rows = content.db_params(ctx.drs.rng_for(rec.id, "params"), rec.detail.get("engine_type"))
                doc = {"params": rows, "fetched_ms": ctx.now_ms}
            elif body.refresh == "1":
                doc["fetched_ms"] = ctx.now_ms  # re-read: the target keeps the values 4.1.10 set
            doc["params"] = [_compare(dict(p)) for p in doc["params"]]
            ctx.store.put_doc("params", rec.id, doc, project_id=ctx.project_id, job_id=rec.id, created_ms=ctx.now_ms)
            rec.sim["params"] = True
            ctx.save(rec)
            out.append({"params": doc["params"]})
        except LifecycleError as exc:
            out.append({"params": [{"error_code": exc.code, "error_message": f"{exc.message} ({job_id})"}]})
    return {"params_list": out, "count": len(out)}


def _param_value(p: dict[str, Any], value: str) -> str:
    """``value`` checked against the parameter's ``value_range``/``data_type``; the normalised value."""
    key, vrange = p.get("key"), str(p.get("value_range") or "")

    def bad(why: str) -> DrsApiError:
        return invalid(f"parameter {key}", why)

    if "|" in vrange:
        choices = vrange.split("|")
        canon = {c.upper(): c for c in choices}
        if key in _SET_PARAMS:
            parts = [x.strip() for x in value.split(",") if x.strip()]
            wrong = [x for x in parts if x.upper() not in canon]
            if wrong:
                raise bad(f"{', '.join(wrong)} not allowed; use a comma-separated subset of {vrange}.")
            return ",".join(canon[x.upper()] for x in parts)
        if value.upper() not in canon:
            raise bad(f"{value!r} is not one of {vrange}.")
        return canon[value.upper()]
    low, sep, high = vrange.partition("-")
    if not sep:
        return value
    decimal_ok = "." in vrange or "." in str(p.get("source_value") or "")
    text = value.strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or (not decimal_ok and not text.isdigit()):
        kind = "a number" if decimal_ok else "a whole number"
        raise bad(f"{value!r} is not {kind}; allowed range {vrange}.")
    if not Decimal(low) <= number <= Decimal(high):
        raise bad(f"{value} is outside the allowed range {vrange}.")
    return text


@handles("params.modify")
def modify_params(ctx: Ctx, body: ModifyParamsParams, query: None, path: dict[str, str]) -> dict[str, Any]:
    job_id = path.get("job_id", "")
    try:
        _JOB_ID.validate_python(job_id)
    except ValidationError:
        raise invalid("job_id", "Use a DRS task ID such as 140b5236-88ad-43c8-811c-1268453jb101.") from None
    rec = ctx.job(job_id)
    try:
        _params_gate(rec)
    except LifecycleError as exc:
        raise bad_request(exc.code, exc.message) from None
    doc = ctx.store.get_doc("params", rec.id)
    if doc is None:
        raise bad_request(
            "DRS.M00303", "The parameters of this task are not in the cache. Call batch-get-params (refresh \"1\") "
            "before modifying them.",
        )
    by_key = {p["key"]: p for p in doc["params"]}
    group = str(body.group)
    updates: list[tuple[dict[str, Any], str]] = []
    for change in body.params:
        p = by_key.get(change.key)
        if p is None:
            raise invalid(f"parameter {change.key}", "No such parameter; use a key returned by batch-get-params.")
        if p.get("group") != group:
            raise invalid(f"parameter {change.key}", f"It belongs to group {p.get('group')}, not {group}.")
        updates.append((p, _param_value(p, change.target_value)))
    restart = False
    for p, value in updates:
        if p.get("target_value") != value and p.get("need_restart") == "true":
            restart = True
        p["target_value"] = value
        _compare(p)
    ctx.store.put_doc("params", rec.id, doc, project_id=ctx.project_id, job_id=rec.id, created_ms=ctx.now_ms)
    if restart:
        rec.detail["need_restart"] = True
        ctx.save(rec)
    return {"success": True, "should_restart": "true" if restart else "false"}


# ---------------------------------------------------------------------------
# 4.1.11 – 4.1.14 Start, resume, pause, stop / delete
# ---------------------------------------------------------------------------


@handles("jobs.start")
def start_jobs(ctx: Ctx, body: StartJobsParams, query: None, path: dict[str, str]) -> dict[str, Any]:
    def act(rec: JobRecord, row: Any) -> None:
        if rec.status == "CONFIGURATION":
            summary = _precheck_summary(ctx, rec)
            pre = rec.sim.get("precheck") or {}
            if summary is None:
                raise LifecycleError("DRS.M00300", "Invalid request, no pre-check has been run. Run a pre-check "
                                     "(batch-precheck) and start the task when it has passed.")  # fmt: skip
            if pre.get("passed") is None:
                raise LifecycleError(
                    "DRS.M00300", f"Invalid request, the pre-check is still running ({summary['process']}). "
                    "Query its results and start the task when it has passed.",
                )
        lifecycle.start(rec, ctx.now_ms, _ms(row.start_time))

    return _batch(_each(ctx, list(body.jobs), lambda r: r.job_id, act))


@handles("jobs.resume")
def resume_jobs(ctx: Ctx, body: RetryJobsParams, query: None, path: dict[str, str]) -> dict[str, Any]:
    return _batch(_each(ctx, list(body.jobs), lambda r: r.job_id, lambda rec, row: lifecycle.resume(rec, ctx.now_ms)))


@handles("jobs.pause")
def pause_jobs(ctx: Ctx, body: PauseJobsParams, query: None, path: dict[str, str]) -> dict[str, Any]:
    def act(rec: JobRecord, row: Any) -> None:
        lifecycle.pause(rec, ctx.now_ms, str(row.pause_mode))

    return _batch(_each(ctx, list(body.jobs), lambda r: r.job_id, act))


@handles("jobs.stop_or_delete")
def stop_or_delete(ctx: Ctx, body: StopOrDeleteParams, query: None, path: dict[str, str]) -> dict[str, Any]:
    def act(rec: JobRecord, row: Any) -> None:
        kind = str(row.delete_type)
        if kind == "delete":
            lifecycle.delete(rec, ctx.now_ms)
        elif kind in ("terminate", "force_terminate"):
            lifecycle.terminate(rec, ctx.now_ms, force=kind == "force_terminate")
            if row.is_show_breakpoint_position:
                rec.sim["show_breakpoint"] = True
        else:
            raise LifecycleError(
                "DRS.M00300", f"Invalid request, {kind} applies only to tasks being upgraded to active/standby, "
                "which this task is not.",
            )

    return _batch(_each(ctx, list(body.jobs), lambda r: r.job_id, act))


# ---------------------------------------------------------------------------
# 4.1.15 Passwords / 4.1.16 Definer
# ---------------------------------------------------------------------------


@handles("jobs.reset_passwords")
def reset_passwords(ctx: Ctx, body: ResetPasswordsParams, query: None, path: dict[str, str]) -> dict[str, Any]:
    def act(rec: JobRecord, row: Any) -> None:
        if rec.status not in lifecycle.PASSWORD_CHANGE:
            raise _status_error(
                rec, "Changing the database password", "while the task is starting, transferring, paused or failed "
                "after its start (in CONFIGURATION push the new password with batch-modification)",
            )  # fmt: skip
        side = str(row.end_point_type)
        secrets = rec.data.setdefault("secrets", {"so": {}, "ta": {}})
        wire = row.to_wire()
        hidden = dict(secrets.get(side) or {})
        hidden["db_password"] = wire["db_password"]
        if "kerberos" in wire:
            hidden["kerberos"] = wire["kerberos"]
        secrets[side] = hidden
        rec.detail["update_time"] = str(ctx.now_ms)

    rows = _each(
        ctx, list(body.jobs), lambda r: r.job_id, act,
        ok=lambda jid, r: _ok(jid, end_point_type=str(r.end_point_type)),
        failed=lambda jid, r, code, msg: _failed(jid, code, msg, end_point_type=str(r.end_point_type)),
    )  # fmt: skip
    return _batch(rows)


@handles("jobs.set_definer")
def set_definer(ctx: Ctx, body: SetDefinerParams, query: None, path: dict[str, str]) -> dict[str, Any]:
    def act(rec: JobRecord, row: Any) -> None:
        engine = str(rec.detail.get("engine_type") or "")
        if "mysql" not in engine and "taurus" not in engine:
            raise LifecycleError(
                "DRS.M00302", f"Invalid migration scheme: definer replacement is only for MySQL sources, not {engine}."
            )
        _require_configuration(rec, "Set definer")
        rec.detail["replace_definer"] = row.replace_definer
        rec.detail["update_time"] = str(ctx.now_ms)

    return _batch(_each(ctx, list(body.jobs), lambda r: r.job_id, act))
