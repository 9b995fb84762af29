"""Users (4.2.1, 4.2.2), sync rules and policies (4.3.1, 4.3.2) and real-time DR (4.4.1–4.4.5).

Per-task state these handlers keep:

- users to migrate: a document of kind ``"users"`` (id = task id) holding the choices of
  4.2.1 — never a password, only whether one was given; 4.2.2 lists the source's users
  (`content.src_users`, deterministic per task) and reflects that document;
- data processing rules: ``detail["data_transformation"]`` (``total_count``,
  ``filter_conditions``) exactly as 4.1.21 reports it;
- sync policies: the 4.1.21 fields of the task detail (``conflict_policy``,
  ``filter_ddl_policy``, ``index_trans``, ``incre_start_position`` for
  ``file_and_position``, ``gtid`` for ``gtid_set`` …);
- switchover: `lifecycle.switchover` marks the task and the clock finishes it after
  `lifecycle.SWITCHOVER_S` simulated seconds (the direction flips then).

RPO/RTO, monitoring and initialization figures are functions of the simulated clock
(``ctx.now_ms``), the task's lifecycle state and its id, so the same question at the same
simulated time always gets the same answer.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from typing import Any

from pydantic import TypeAdapter, ValidationError
from starlette.responses import JSONResponse

from ...api.models._base import JobId
from ...api.models.common import JobIdsParams, PagedJobIdsParams
from ...api.models.dr import DrMonitoringResponse, StructDetailPath, SwitchoverParams, STRUCT_DETAIL_TYPES
from ...api.models.policies import DataTransformationParams, SyncPolicy, SyncPolicyParams, TransformationType
from ...api.models.users import UpdateUsersJob, UpdateUsersParams
from .. import content, lifecycle
from ..app import Ctx, bad_request, handles, invalid
from ..lifecycle import LifecycleError
from ..store import JobRecord

NOT_FOUND = ("DRS.M05003", "Task information not found. Check the task ID.")
USERS_DOC = "users"
_JOB_ID = TypeAdapter(JobId)

#: DR statuses in which RPO/RTO and monitoring carry figures (incremental replication, also paused or failed).
DR_INCREMENTAL = {"INCRE_TRANSFER_STARTED", "INCRE_TRANSFER_FAILED", "PAUSING"}


# ---------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------


def _iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _conn_ok(rec: JobRecord) -> bool:
    conn = rec.sim.get("conn") or {}
    return bool(conn.get("so")) and bool(conn.get("ta"))


CONN_NOT_TESTED = (
    "DRS.M00300",
    "Invalid request, the connection tests of the source and destination databases have not both passed. "
    "Test both connections (4.1.2) first.",
)


def _is_dr(rec: JobRecord) -> bool:
    return rec.detail.get("db_use_type") == "cloudDataGuard"


NOT_DR = ("DRS.M00302", "Invalid migration scheme: this API is only for disaster recovery (cloudDataGuard) tasks.")


def _selected_dbs(rec: JobRecord) -> list[str]:
    names: list[str] = []
    for obj in rec.detail.get("object_infos") or []:
        if obj.get("type") == "database" and obj.get("name") and obj["name"] not in names:
            names.append(str(obj["name"]))
    return names


def _schema(ctx: Ctx, rec: JobRecord) -> list[dict[str, Any]]:
    """The simulated databases of a task: the same derivation the comparison handlers use, so
    initialization objects (4.4.5), user grants (4.2.2) and comparisons name the same tables."""
    stored = rec.sim.get("schema")
    if isinstance(stored, list) and stored:
        return stored
    engine = rec.detail.get("engine_type") or "mysql"
    return content.task_schema(ctx.drs.rng_for(rec.id, "schema"), engine, databases=_selected_dbs(rec) or None)


# ---------------------------------------------------------------------------
# 4.2.1 / 4.2.2 users
# ---------------------------------------------------------------------------


def _users_supported(rec: JobRecord) -> bool:
    d = rec.detail
    if d.get("db_use_type") == "migration":
        return True
    src_type = (d.get("source_endpoint") or {}).get("db_type")
    return d.get("db_use_type") == "sync" and (d.get("engine_type") == "postgresql" or src_type == "postgresql")


USERS_NOT_SUPPORTED = (
    "DRS.M00302",
    "Invalid migration scheme: users and roles can be migrated only by migration tasks and PostgreSQL "
    "synchronization tasks.",
)


def _source_users(ctx: Ctx, rec: JobRecord) -> dict[str, Any]:
    engine = (rec.detail.get("source_endpoint") or {}).get("db_type") or rec.detail.get("engine_type")
    return content.src_users(ctx.drs.rng_for(rec.id, "users"), engine, job_id=rec.id, schema=_schema(ctx, rec))


def _check_users(job: UpdateUsersJob, source: dict[str, Any]) -> tuple[str, str] | None:
    """A per-task problem with the requested users and roles, or None."""
    known_users = {u.get("id") for u in source.get("user_list") or []} | {
        u.get("account") for u in source.get("user_list") or []
    }
    known_roles = {r.get("role") for r in source.get("roles_list") or []}
    for u in job.users or []:
        if u.id not in known_users:
            return "DRS.M00202", (
                f"The value of list.id is invalid: user {u.id} does not exist in the source database. "
                "List the source users (4.2.2) and use their ids."
            )
    for r in job.user_roles or []:
        if r.role not in known_roles:
            return "DRS.M00202", (
                f"The value of user_roles.role is invalid: role {r.role} does not exist in the source database. "
                "List the source roles (4.2.2) and use their names."
            )
    if job.is_migrate_user and job.is_set_password and job.password is None:
        lacking = [u.id for u in job.users or [] if u.selected and u.password is None]
        if lacking:
            return "DRS.M00201", (
                f"Parameter password cannot be empty: is_set_password is true but no global password was given "
                f"and user {lacking[0]} has none. Give the global password or one per selected user."
            )
    return None


@handles("users.update")
def update_users(ctx: Ctx, body: UpdateUsersParams, query: None, path: dict[str, str]) -> dict[str, Any]:
    """4.2.1: store the users and roles to migrate of each task; one result row per task.

    Rows carry ``is_success`` and ``message`` (``SUCCESS``, or ``<error code>: <what to do>``;
    the seed calls ``message`` the error code). Passwords are never stored or returned: the
    document only remembers that one was given.
    """
    found = ctx.jobs([j.job_id for j in body.jobs])
    results = []
    for job in body.jobs:
        rec = found.get(job.job_id)

        def failed(code: str, msg: str, job_id: str = job.job_id) -> dict[str, Any]:
            return {"job_id": job_id, "is_success": False, "message": f"{code}: {msg}"}

        if rec is None:
            results.append(failed(*NOT_FOUND))
            continue
        if not _users_supported(rec):
            results.append(failed(*USERS_NOT_SUPPORTED))
            continue
        if rec.status != "CONFIGURATION":
            results.append(failed("DRS.M00304", f"Updating users cannot be called when the task is {rec.status}; "
                                  "users are chosen while the task is in CONFIGURATION."))  # fmt: skip
            continue
        if not _conn_ok(rec):
            results.append(failed(*CONN_NOT_TESTED))
            continue
        problem = _check_users(job, _source_users(ctx, rec))
        if problem:
            results.append(failed(*problem))
            continue
        doc = {
            "job_id": rec.id,
            "is_migrate_user": job.is_migrate_user,
            "is_set_password": job.is_set_password,
            "global_password_set": job.password is not None,
            "is_sync_object_privilege": job.is_sync_object_privilege,
            "users": {
                u.id: {
                    "selected": u.selected,
                    "is_transfer": u.is_transfer,
                    "password_set": u.password is not None,
                    "is_set_password": u.is_set_password,
                }
                for u in job.users or []
            },
            "roles": {r.role: {"selected": bool(r.selected), "is_transfer": r.is_transfer} for r in job.user_roles or []},
            "updated_ms": ctx.now_ms,
        }
        ctx.store.put_doc(USERS_DOC, rec.id, doc, project_id=rec.project_id, job_id=rec.id, created_ms=ctx.now_ms)
        rec.detail["migrate_user"] = job.is_migrate_user
        rec.detail["update_time"] = str(ctx.now_ms)
        ctx.save(rec)
        results.append({"job_id": rec.id, "is_success": True, "message": "SUCCESS"})
    return {"all_counts": len(results), "results": results}


@handles("users.list")
def list_users(ctx: Ctx, body: None, query: None, path: dict[str, str]) -> dict[str, Any]:
    """4.2.2: the source database's users and roles, with the choices 4.2.1 stored.

    Before any 4.2.1 call ``selected`` is null, as in the seed. Afterwards a user or role the
    update named carries its ``selected``; the others are ``false`` (not chosen). Passwords
    are never returned.
    """
    job_id = path.get("job_id", "")
    try:
        _JOB_ID.validate_python(job_id)
    except ValidationError:
        raise invalid("job_id", "Use a DRS task id such as 9a470239-2308-4bb5-a6bc-1040402fjb21.") from None
    rec = ctx.job(job_id)
    if not _users_supported(rec):
        raise bad_request(*USERS_NOT_SUPPORTED)
    if not _conn_ok(rec):
        raise bad_request(*CONN_NOT_TESTED)
    out = _source_users(ctx, rec)
    doc = ctx.store.get_doc(USERS_DOC, rec.id)
    if doc is not None:
        chosen_users = doc.get("users") or {}
        chosen_roles = doc.get("roles") or {}
        migrate = bool(doc.get("is_migrate_user"))
        for u in out.get("user_list") or []:
            c = chosen_users.get(u.get("id")) or chosen_users.get(u.get("account"))
            u["selected"] = bool(migrate and c and c.get("selected"))
        for r in out.get("roles_list") or []:
            c = chosen_roles.get(r.get("role"))
            r["selected"] = bool(migrate and c and c.get("selected"))
        out["is_global_password"] = "true" if doc.get("is_set_password") and doc.get("global_password_set") else "false"
    for u in out.get("user_list") or []:
        u.pop("password", None)
    return out


# ---------------------------------------------------------------------------
# 4.3.1 data processing rules
# ---------------------------------------------------------------------------

_OBJECT_ID_RE = re.compile(r"^(?P<db>[^*]+?)-\*-(?P<schema>[^-]+)-(?P<table>.+)$")


def _fail_row(job_id: str, code: str, msg: str) -> dict[str, Any]:
    return {"id": job_id, "status": "failed", "error_code": code, "error_msg": msg}


def _rule_tables(job: Any) -> tuple[list[tuple[str, str, str]], tuple[str, str] | None]:
    """(db, schema, table) the rule applies to, or a problem."""
    kind = job.transformation_info.transformation_type
    if kind == TransformationType.CONFIG_CONDITIONAL_FILTER:
        cfg = job.config_transformation
        return [(cfg.db_name, "*", cfg.table_name)], None
    tables: list[tuple[str, str, str]] = []
    for obj in job.object_info or []:
        m = _OBJECT_ID_RE.match(obj.id)
        if not m:
            return [], ("DRS.M00202", f"The value of object_info.id is invalid: {obj.id}. "
                        "Use <db>-*-*-<table>, e.g. shop-*-*-orders.")  # fmt: skip
        t = (m["db"], m["schema"], m["table"])
        if t not in tables:
            tables.append(t)
    return tables, None


def _existing_rule_tables(rec: JobRecord) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for cond in (rec.detail.get("data_transformation") or {}).get("filter_conditions") or []:
        for obj in cond.get("data_transformation_object_infos") or []:
            out.add((str(obj.get("db_name")), str(obj.get("table_name"))))
    return out


def _selected_names(rec: JobRecord) -> set[str]:
    names: set[str] = set()
    for obj in rec.detail.get("object_infos") or []:
        for key in ("name", "id", "parent_id"):
            v = obj.get(key)
            if v:
                names.add(str(v))
                names.add(str(v).split(".")[0])
                m = _OBJECT_ID_RE.match(str(v))
                if m:
                    names.add(m["db"])
    return names


@handles("jobs.set_data_transformation")
def set_data_transformation(
    ctx: Ctx, body: DataTransformationParams, query: None, path: dict[str, str]
) -> dict[str, Any]:
    """4.3.1: add one processing rule per row; a table gets at most one rule (DRS.M07000).

    Gates per row: the task exists (DRS.M05003), is not a DR task (DRS.M00302), is in
    CONFIGURATION (DRS.M00304) and has its objects selected (DRS.M00300); the rule's tables
    belong to the selected databases (DRS.M00202). Rules go to ``detail["data_transformation"]``
    so 4.1.21 shows them.
    """
    found = ctx.jobs(list(dict.fromkeys(j.job_id for j in body.jobs)))
    results = []
    for job in body.jobs:
        rec = found.get(job.job_id)
        if rec is None:
            results.append(_fail_row(job.job_id, *NOT_FOUND))
            continue
        if _is_dr(rec):
            results.append(_fail_row(rec.id, "DRS.M00302", "Invalid migration scheme: DR tasks replicate whole "
                                     "instances and take no data processing rules."))  # fmt: skip
            continue
        if rec.status != "CONFIGURATION":
            results.append(_fail_row(rec.id, "DRS.M00304", f"Adding data processing rules cannot be called when "
                                     f"the task is {rec.status}; rules are added in CONFIGURATION."))  # fmt: skip
            continue
        if not rec.sim.get("objects"):
            results.append(_fail_row(rec.id, "DRS.M00300", "Invalid request, no database objects are selected. "
                                     "Select the objects (4.1.5) first."))  # fmt: skip
            continue
        tables, problem = _rule_tables(job)
        if problem:
            results.append(_fail_row(rec.id, *problem))
            continue
        selected = _selected_names(rec)
        outside = [t for t in tables if selected and t[0] not in selected]
        if outside:
            db, _s, tb = outside[0]
            results.append(_fail_row(rec.id, "DRS.M00202", f"The value of object_info.id is invalid: {db}.{tb} is "
                                     "not among the selected objects. Select it (4.1.5) first."))  # fmt: skip
            continue
        taken = _existing_rule_tables(rec)
        dup = next(((db, tb) for db, _s, tb in tables if (db, tb) in taken), None)
        if dup:
            results.append(_fail_row(rec.id, "DRS.M07000", f"A data processing rule already exists for table "
                                     f"{dup[0]}.{dup[1]}. Each table can have only one rule."))  # fmt: skip
            continue
        kind = str(job.transformation_info.transformation_type)
        suffix = "-*---configConditionFilter--" if kind == "configConditionalFilter" else "-*-*-conditionFilter--"
        cond: dict[str, Any] = {
            "transformation_info": {"transformation_type": kind, "value": job.transformation_info.value},
            "data_transformation_object_infos": [
                {
                    "id": f"{db}-*-{schema}-{tb}{suffix}",
                    "db_name": db,
                    "schema_name": None if schema == "*" else schema,
                    "table_name": tb,
                    "data_transformation_type": kind,
                }
                for db, schema, tb in tables
            ],
        }
        if job.config_transformation is not None:
            cond["config_transformation"] = job.config_transformation.model_dump(mode="json", by_alias=True)
        dt = rec.detail.setdefault("data_transformation", {"total_count": 0, "filter_conditions": []})
        dt.setdefault("filter_conditions", []).append(cond)
        dt["total_count"] = len(dt["filter_conditions"])
        rec.detail["update_time"] = str(ctx.now_ms)
        ctx.save(rec)
        results.append({"id": rec.id, "status": "success"})
    return {"count": len(results), "results": results}


# ---------------------------------------------------------------------------
# 4.3.2 sync policies
# ---------------------------------------------------------------------------

#: SyncPolicy field -> the 4.1.21 detail field it shows up as.
_POLICY_DETAIL = {
    "conflict_policy": "conflict_policy",
    "filter_ddl_policy": "filter_ddl_policy",
    "ddl_trans": "ddl_trans",
    "index_trans": "index_trans",
    "topic_policy": "topic_policy",
    "topic": "topic",
    "partition_policy": "partition_policy",
    "kafka_data_format": "kafka_data_format",
    "topic_name_format": "topic_name_format",
    "partitions_num": "partitions_num",
    "replication_factor": "replication_factor",
    "is_fill_materialized_view": "is_fill_materialized_view",
    "export_snapshot": "export_snapshot",
    "slot_name": "slot_name",
    "file_and_position": "incre_start_position",
    "gtid_set": "gtid",
    "ddl_topic": "ddl_topic",
}
_KAFKA_ONLY = ("topic_policy", "topic", "partition_policy", "kafka_data_format", "topic_name_format",
               "partitions_num", "replication_factor", "ddl_topic")  # fmt: skip


def _policy_problem(rec: JobRecord, p: SyncPolicy) -> tuple[str, str] | None:
    """Engine-specific rules the request model cannot know."""
    src = str((rec.detail.get("source_endpoint") or {}).get("db_type") or "")
    dst = str((rec.detail.get("target_endpoint") or {}).get("db_type") or "")
    if p.file_and_position:
        oplog = re.fullmatch(r"\d+:\d+", p.file_and_position) is not None
        if src == "mongodb" and not oplog:
            return "DRS.M00202", ("The value of file_and_position is invalid: a MongoDB source takes "
                                  "<timestamp>:<increment>, e.g. 1690000000:1.")  # fmt: skip
        if src != "mongodb" and oplog:
            return "DRS.M00202", ("The value of file_and_position is invalid: a MySQL source takes "
                                  "<file name>.<file number>:<position>, e.g. mysql-bin.000277:805.")  # fmt: skip
    if dst != "kafka":
        given = [f for f in _KAFKA_ONLY if getattr(p, f) is not None]
        if given:
            return "DRS.M00202", f"The value of {given[0]} is invalid: Kafka settings apply only to Kafka destinations."
    return None


@handles("jobs.set_sync_policy")
def set_sync_policy(ctx: Ctx, body: SyncPolicyParams, query: None, path: dict[str, str]) -> dict[str, Any]:
    """4.3.2: store each task's sync policy in its detail (4.1.21 shows it).

    Gates per row (the seed's constraints): the task exists (DRS.M05003), is in CONFIGURATION
    (DRS.M00304), both connection tests passed and the task was configured with 4.1.4
    (DRS.M00300); engine-specific values are checked too (DRS.M00202).
    """
    found = ctx.jobs([p.job_id for p in body.jobs])
    results = []
    for p in body.jobs:
        rec = found.get(p.job_id)
        if rec is None:
            results.append(_fail_row(p.job_id, *NOT_FOUND))
            continue
        if rec.status != "CONFIGURATION":
            results.append(_fail_row(rec.id, "DRS.M00304", f"Setting sync policies cannot be called when the task "
                                     f"is {rec.status}; policies are set in CONFIGURATION."))  # fmt: skip
            continue
        if not _conn_ok(rec):
            results.append(_fail_row(rec.id, *CONN_NOT_TESTED))
            continue
        if not rec.sim.get("configured"):
            results.append(_fail_row(rec.id, "DRS.M00300", "Invalid request, the task is not configured yet. "
                                     "Modify the task (4.1.4) with its endpoints first."))  # fmt: skip
            continue
        problem = _policy_problem(rec, p)
        if problem:
            results.append(_fail_row(rec.id, *problem))
            continue
        for name, detail_key in _POLICY_DETAIL.items():
            value = getattr(p, name)
            if value is not None:
                rec.detail[detail_key] = getattr(value, "value", value)
        rec.sim["sync_policy_ms"] = ctx.now_ms
        rec.detail["update_time"] = str(ctx.now_ms)
        ctx.save(rec)
        results.append({"id": rec.id, "status": "success"})
    return {"count": len(results), "results": results}


# ---------------------------------------------------------------------------
# 4.4.1 switchover
# ---------------------------------------------------------------------------


def _dr_db(ctx: Ctx, rec: JobRecord, side: str) -> dict[str, Any]:
    """A 4.4.1 DbVO built from the task's endpoint — never with a password or certificate secret."""
    d = rec.detail
    ep = d.get(f"{side}_endpoint") or {}
    rng = ctx.drs.rng_for(rec.id, "dr-db", side)
    obj_hex = f"{rng.getrandbits(128):032x}"
    version = ctx.drs.rng_for(rec.id, "dr-db-version").choice(["5.7.31", "5.7.38", "8.0.28", "8.0.32"])
    cloud = bool(ep.get("inst_id"))
    tenant = ctx.drs.tenants.get(rec.project_id)
    db: dict[str, Any] = {
        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "obj_id": obj_hex + "no01",
        "instance_name": ep.get("inst_name"),
        "db_type": ep.get("db_type"),
        "db_user": ep.get("db_user"),
        "traffic_ip": ep.get("ip"),
        "ip": ep.get("ip"),
        "db_port": ep.get("db_port"),
        "region": ep.get("region") or (tenant.region if tenant else None),
        "created_at": _iso(int(d.get("create_time") or 0)),
        "updated_at": _iso(ctx.now_ms),
        "az_code": ep.get("az_code") or d.get("az_code"),
        "security_group_id": ep.get("security_group_id") or d.get("security_group_id"),
        "subnet_id": ep.get("subnet_id") or d.get("subnet_id"),
        "vpc_id": ep.get("vpc_id") or d.get("vpc_id"),
        "volume_size": (d.get("inst_info") or {}).get("volume_size") if cloud else None,
        "ssl_link": bool(ep.get("ssl_link")),
        "ssl_cert_name": ep.get("ssl_cert_name"),
        "ssl_cert_check_sum": ep.get("ssl_cert_check_sum"),
        "db_version": version,
        "project_id": ep.get("project_id") or rec.project_id,
        "cluster_mode": "Ha" if cloud else "Single",
        "instance_id": ep.get("inst_id"),
        "db_name": ep.get("db_name"),
        "topic": ep.get("topic"),
        "safe_mode": ep.get("safe_mode"),
    }
    return {k: v for k, v in db.items() if v is not None and v != ""}


@handles("dr.switchover")
def switchover(ctx: Ctx, body: SwitchoverParams, query: None, path: dict[str, str]) -> dict[str, Any]:
    """4.4.1: start a switchover per task; a row per task (success or ``error_code``/``error_msg``).

    A success row carries the endpoints as DbVO objects (no passwords), the direction the task
    will have once the switchover finishes (`lifecycle.SWITCHOVER_S` simulated seconds later) and
    whether the target is then read-only. ``is_pause_job`` is remembered in ``sim``.
    """
    found = ctx.jobs(list(body.jobs))
    results = []
    for job_id in body.jobs:
        rec = found.get(job_id)
        if rec is None:
            results.append({"job_id": job_id, "error_code": NOT_FOUND[0], "error_msg": NOT_FOUND[1]})
            continue
        try:
            lifecycle.switchover(rec, ctx.now_ms)
        except LifecycleError as exc:
            results.append({"job_id": job_id, "error_code": exc.code, "error_msg": exc.message})
            continue
        if body.is_pause_job:
            rec.sim["pause_after_switchover"] = True
        rec.detail["update_time"] = str(ctx.now_ms)
        ctx.save(rec)
        new_direction = rec.detail.get("job_kernel_direction")
        results.append(
            {
                "job_id": job_id,
                "updated_at": _iso(ctx.now_ms),
                "source_db": _dr_db(ctx, rec, "source"),
                "target_db": _dr_db(ctx, rec, "target"),
                "job_direction": new_direction,
                "is_target_readonly": new_direction == "up",
            }
        )
    return {"count": len(results), "results": results}


# ---------------------------------------------------------------------------
# 4.4.2 RPO / RTO and 4.4.3 monitoring
# ---------------------------------------------------------------------------


def _dr_delay(rec: JobRecord, now_ms: int) -> int:
    """Replication delay in ms of a DR task replicating incrementally; -1 in any other state."""
    if rec.status not in DR_INCREMENTAL:
        return -1
    return lifecycle.incremental_delay_ms(rec, now_ms)


@handles("dr.rpo_rto")
def rpo_rto(ctx: Ctx, body: JobIdsParams, query: None, path: dict[str, str]) -> dict[str, Any]:
    """4.4.2: RPO (lag of the DR instance behind the primary) and RTO (lag of the standby).

    Figures move with the clock: the delay is `lifecycle.incremental_delay_ms`; check points and
    GTID sets come from `content.rpo_rto` (monotone in time per task). RTO adds the standby's
    apply lag (a quarter of the delay).

    "No data": a DR task that is not replicating incrementally (still configuring, starting, in
    the full phase, stopped) has no RPO/RTO yet. The row then carries both points with
    ``delay "-1"`` and ``gtid_set "NA"`` and no check point or time — the same ``-1`` = "no
    incremental delay" convention 4.1.19 uses (``incre_trans_delay_millis``) — and no error,
    because the task exists and the question is valid. Non-DR tasks get DRS.M00302, unknown
    ids DRS.M05003.
    """
    found = ctx.jobs(list(body.jobs))
    results = []
    for job_id in body.jobs:
        rec = found.get(job_id)
        if rec is None:
            results.append({"job_id": job_id, "error_code": NOT_FOUND[0], "error_msg": NOT_FOUND[1]})
            continue
        if not _is_dr(rec):
            results.append({"job_id": job_id, "error_code": NOT_DR[0], "error_msg": NOT_DR[1]})
            continue
        delay = _dr_delay(rec, ctx.now_ms)
        if delay < 0:
            none = {"delay": "-1", "gtid_set": "NA"}
            results.append({"job_id": job_id, "rpo_info": dict(none), "rto_info": dict(none)})
            continue
        results.append(
            content.rpo_rto(ctx.drs.rng_for(rec.id, "dr"), ctx.now_ms, delay, job_id=job_id, rto_delay_ms=delay + delay // 4)
        )
    return {"count": len(results), "results": results}


_NO_FLOW = {
    "sr_offset": "N/A", "node_offset": "N/A", "dst_offset": "N/A", "sr_delay": -1, "dst_delay": -1,
    "src_rps": "0", "dst_rps": "0", "src_io": "0.0", "dst_io": "0.0", "bandwidth": "0", "trans_inMB": "0",
    "trans_lines": "0", "migration_bytes_per_second": 0,
}  # fmt: skip


@handles("dr.monitoring")
def monitoring(ctx: Ctx, body: JobIdsParams, query: None, path: dict[str, str]) -> JSONResponse:
    """4.4.3: monitoring figures of DR tasks (`content.monitoring`), moving with the clock.

    A DR task replicating incrementally reports live figures whose delays are
    `lifecycle.incremental_delay_ms`; a failed replay shows ``dst_normal: false``; a paused one
    shows no traffic. "No data": a DR task not replicating incrementally reports its node
    figures (memory, volume, CPU) but no flow — offsets ``N/A``, delays ``-1`` (4.1.19's
    "no incremental delay"), rates ``0``.

    The wire row (``{id, data_guard_minitor}``) has no error fields, yet an id must never
    be dropped: unknown ids and non-DR tasks get a row with only ``id`` plus
    ``error_code``/``error_msg`` (extra keys the SDK and the drstui model ignore).
    """
    found = ctx.jobs(list(body.jobs))
    rows: list[dict[str, Any]] = []
    errors: dict[int, tuple[str, str]] = {}
    for i, job_id in enumerate(body.jobs):
        rec = found.get(job_id)
        if rec is None or not _is_dr(rec):
            rows.append({"id": job_id})
            errors[i] = NOT_FOUND if rec is None else NOT_DR
            continue
        delay = _dr_delay(rec, ctx.now_ms)
        start = rec.sim.get("incr_started_ms")
        row = content.monitoring(ctx.drs.rng_for(rec.id, "dr"), ctx.now_ms, job_id, delay_ms=max(delay, 0),
                                 start_ms=int(start) if start is not None else None)  # fmt: skip
        mon = row["data_guard_minitor"]
        if delay < 0:
            mon.update(_NO_FLOW)
            mon["src_normal"] = mon["dst_normal"] = rec.status not in lifecycle.NOT_STOPPABLE
        elif rec.status == "INCRE_TRANSFER_FAILED":
            mon["dst_normal"] = False
            mon.update({"dst_rps": "0", "dst_io": "0.0"})
        elif rec.status == "PAUSING":
            mon.update({"src_rps": "0", "dst_rps": "0", "src_io": "0.0", "dst_io": "0.0", "migration_bytes_per_second": 0})
        rows.append(row)
    out = DrMonitoringResponse.model_validate({"count": len(rows), "results": rows}).model_dump(
        mode="json", by_alias=True, exclude_none=True
    )
    for i, (code, msg) in errors.items():
        out["results"][i].update({"error_code": code, "error_msg": msg})
    return JSONResponse(out, status_code=ctx.spec.status)


# ---------------------------------------------------------------------------
# 4.4.4 / 4.4.5 initialization (structure) progress
# ---------------------------------------------------------------------------


def _full_window(rec: JobRecord) -> tuple[int, int]:
    """(start ms, duration ms) of the task's full phase."""
    sim = rec.sim
    full_ms = int(float(sim.get("full_s") or lifecycle.FULL_S_DEFAULT) * 1000)
    start = sim.get("full_started_ms")
    if start is None and sim.get("incr_started_ms") is not None:
        start = int(sim["incr_started_ms"]) - full_ms
    if start is None:
        start = int(rec.detail.get("actual_start_time") or sim.get("phase_ms") or rec.detail.get("create_time") or 0)
    return int(start), full_ms


class _Init:
    """The structure initialization of a task on a virtual timeline (content's), mapped onto its full phase.

    `content.struct_process`/`struct_detail` time objects in virtual ms from 0; the task's
    full-phase progress (`lifecycle.full_progress`) says how far along that timeline it is,
    and virtual times map linearly onto the real full phase, so initialization moves with the
    simulated clock and ends when the full phase does.
    """

    def __init__(self, ctx: Ctx, rec: JobRecord) -> None:
        self.rec = rec
        self.schema = _schema(ctx, rec)
        self.start, self.full_ms = _full_window(rec)
        ends = [r.get("end_time") or 0 for r in
                content.struct_process(None, rec.id, self.schema, 0, 1 << 50)["struct_process"]["result"]]  # fmt: skip
        self.total = max([1, *ends])
        pct = lifecycle.full_progress(rec, ctx.now_ms)
        self.virtual_now = -1 if pct <= 0 else int(self.total * min(pct, 100.0) / 100.0)

    def real(self, virtual_ms: int | None) -> int | None:
        if virtual_ms is None:
            return None
        return self.start + int(virtual_ms * self.full_ms / self.total)

    def process(self) -> dict[str, Any]:
        row = content.struct_process(None, self.rec.id, self.schema, 0, self.virtual_now, create_time_ms=self.start)
        for item in row["struct_process"]["result"]:
            item["start_time"] = self.real(item.get("start_time"))
            item["end_time"] = self.real(item.get("end_time"))
        return row

    def detail(self, kind: str, cur_page: int, per_page: int) -> dict[str, Any]:
        return content.struct_detail(None, self.rec.id, self.schema, kind, 0, self.virtual_now, cur_page=cur_page,
                                     per_page=per_page, create_time_ms=self.start)  # fmt: skip


@handles("dr.struct_process")
def struct_process(ctx: Ctx, body: JobIdsParams, query: None, path: dict[str, str]) -> dict[str, Any]:
    """4.4.4: initialization progress per object type, following the task's full phase."""
    return _init_rows(ctx, list(body.jobs), lambda init: init.process())


@handles("dr.struct_detail")
def struct_detail(ctx: Ctx, body: PagedJobIdsParams, query: None, path: dict[str, str]) -> dict[str, Any]:
    """4.4.5: the objects of one path ``type`` with their progress, paged by ``page_req``.

    ``page_req`` pages each task's object list (default page 1 of 5; ``per_page`` 0 = all);
    a page past the end is empty while ``total_record`` still counts every object.
    """
    kind = path.get("type", "")
    try:
        StructDetailPath(type=kind)
    except ValidationError:
        raise invalid("type", f"Use one of: {', '.join(STRUCT_DETAIL_TYPES)}.") from None
    cur = body.page_req.cur_page if body.page_req is not None else 1
    per = body.page_req.per_page if body.page_req is not None else 5
    return _init_rows(ctx, list(body.jobs), lambda init: init.detail(kind, max(cur, 1), per))


def _init_rows(ctx: Ctx, job_ids: list[str], build: Any) -> dict[str, Any]:
    """One 4.4.4/4.4.5 row per requested id: ``build(_Init)`` for DR tasks, an error row otherwise."""
    found = ctx.jobs(job_ids)
    results = []
    for job_id in job_ids:
        rec = found.get(job_id)
        if rec is None:
            results.append({"job_id": job_id, "error_code": NOT_FOUND[0], "error_message": NOT_FOUND[1]})
        elif not _is_dr(rec):
            results.append({"job_id": job_id, "error_code": NOT_DR[0], "error_message": NOT_DR[1]})
        else:
            results.append(build(_Init(ctx, rec)))
    return {"count": len(results), "results": results}
