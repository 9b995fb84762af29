"""Pure functions: API models → DataFrames shaped by `drstui.service.columns.FRAMES`.

Each ``*_rows`` function turns models into plain dicts (one attribute read per cell, no
``model_dump``), each ``*_frame`` function hands those rows to `frame_from_rows`, which
applies the frame's column spec (names, order, dtypes) in one go. Passwords never reach a
row: endpoints are reduced to `Endpoint.describe()` and user rows leave ``password`` out.
"""

from __future__ import annotations

import re
from enum import Enum
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..api.error_codes import describe
from ..api.models.compare import (
    CompareJobStatus,
    ContentDetail,
    ContentDifference,
    ContentOverview,
    LineDetail,
    LineOverview,
    ObjectCompareDetail,
    ObjectCompareOverview,
    TableCompareJob,
    compare_status_label,
    content_detail_status_label,
    object_compare_status_label,
)
from ..api.models.compare_tasks import CompareTaskInfo
from ..api.models.dr import DrMonitoringResult, RpoRtoResult
from ..api.models.jobs import PrecheckSummary
from ..api.models.params import GetParamsResponse, JobParams
from ..api.models.query import ChildJob, JobDetail, JobStatusRow, JobSummary, Progress
from ..api.models.users import SrcUsers
from .columns import FRAMES, frame_from_rows

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "short_id",
    "suggestion_for",
    "task_rows",
    "tasks_frame",
    "statuses_frame",
    "task_detail_rows",
    "task_detail_frame",
    "task_detail_kv",
    "precheck_rows",
    "precheck_frame",
    "params_frame",
    "compare_tasks_frame",
    "object_overview_frame",
    "object_details_frame",
    "line_overview_frame",
    "line_details_frame",
    "content_overview_frame",
    "content_details_frame",
    "content_differences_frame",
    "rpo_rto_frame",
    "dr_monitoring_frame",
    "users_frame",
    "action_results_frame",
    "result_row",
]


def _v(value: Any) -> Any:
    """Enum → its wire value (``_value_``: the ``value`` property is slow over 10,000s of cells)."""
    return value._value_ if isinstance(value, Enum) else value


def short_id(job_id: str | None) -> str | None:
    """The first 8 characters of a task id (enough to tell tasks apart on screen)."""
    return job_id[:8] if job_id else None


_CODE_RE = re.compile(r"\bDRS\.[A-Z]{1,3}\d{3,8}\b", re.IGNORECASE)


def suggestion_for(code: str | None, *texts: str | None) -> tuple[str | None, str | None]:
    """(error code, A.3 handling suggestion) for ``code`` or the first DRS code found in ``texts``."""
    found = code or None
    if not found:
        for text in texts:
            if text:
                m = _CODE_RE.search(text)
                if m:
                    found = m.group(0)
                    break
    info = describe(found)
    return found, (info.suggestion if info is not None else None)


def _num(text: Any) -> float | None:
    """``"94%"``/``"1.4"``/``7`` → float; ``"N/A"``, ``""``, None → None."""
    if text is None or isinstance(text, bool):
        return None
    if isinstance(text, (int, float)):
        return float(text)
    try:
        return float(str(text).strip().rstrip("%"))
    except ValueError:
        return None


def _join(values: Iterable[Any] | str | None, sep: str = ", ") -> str | None:
    if values is None:
        return None
    if isinstance(values, str):
        return values
    items = [v._value_ if isinstance(v, Enum) else str(v) for v in values if v is not None]
    return sep.join(items) if items else None


def _by_id(progress: Mapping[str, Progress] | Iterable[Progress] | None) -> dict[str, Progress]:
    if progress is None:
        return {}
    if isinstance(progress, Mapping):
        return dict(progress)
    return {p.job_id: p for p in progress if p.job_id}


# ---------------------------------------------------------------------------
# Tasks (4.1.20 + 4.1.19)
# ---------------------------------------------------------------------------


def _task_row(job: ChildJob, prog: Progress | None, parent_id: str | None, child_count: int | None) -> dict[str, Any]:
    action = job.job_action
    return {
        "id": job.id,
        "short_id": short_id(job.id),
        "name": job.name,
        "status": _v(job.status),
        "db_use_type": _v(job.db_use_type),
        "engine_type": _v(job.engine_type),
        "job_direction": _v(job.job_direction),
        "net_type": _v(job.net_type),
        "task_type": _v(job.task_type),
        "created": job.create_time,
        "progress_pct": prog.percent if prog is not None else None,
        "incre_delay_s": prog.delay_seconds if prog is not None else None,
        "child_count": child_count,
        "available_actions": _join(action.available_actions) if action is not None else None,
        "error_msg": job.error_msg or (prog.error_msg if prog is not None else None),
        "description": job.description,
        "parent_id": parent_id,
    }


def task_rows(
    jobs: Iterable[JobSummary],
    progress: Mapping[str, Progress] | Iterable[Progress] | None = None,
    *,
    include_children: bool = False,
    extra: Mapping[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """Rows of the ``tasks`` frame; ``extra`` (e.g. profile/region/project) is added to every row."""
    prog = _by_id(progress)
    rows: list[dict[str, Any]] = []
    for job in jobs:
        rows.append(_task_row(job, prog.get(job.id or ""), None, len(job.children)))
        if include_children:
            for child in job.children:
                rows.append(_task_row(child, prog.get(child.id or ""), job.id, None))
    if extra:
        for row in rows:
            row.update(extra)
    return rows


def tasks_frame(
    jobs: Iterable[JobSummary],
    progress: Mapping[str, Progress] | Iterable[Progress] | None = None,
    *,
    include_children: bool = False,
) -> pd.DataFrame:
    """One row per task (plus one per subtask with ``include_children``), with progress and delay."""
    return frame_from_rows(FRAMES["tasks"], task_rows(jobs, progress, include_children=include_children))


def statuses_frame(
    statuses: Iterable[JobStatusRow],
    progress: Mapping[str, Progress] | Iterable[Progress] | None = None,
) -> pd.DataFrame:
    """Status (4.1.22) and progress (4.1.19) of a list of tasks; ids only in ``progress`` are kept too."""
    prog = _by_id(progress)
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for s in statuses:
        p = prog.get(s.id or "")
        seen.add(s.id or "")
        rows.append(
            {
                "id": s.id,
                "status": _v(s.status),
                "progress_pct": p.percent if p else None,
                "incre_delay_s": p.delay_seconds if p else None,
                "remaining_time": p.remaining_time if p else None,
                "process_time": p.process_time if p else None,
                "error_code": s.error_code or (p.error_code if p else None),
                "error_msg": s.error_message or (p.error_msg if p else None),
            }
        )
    for job_id, p in prog.items():
        if job_id not in seen:
            rows.append(
                {
                    "id": job_id,
                    "status": _v(p.transfer_status),
                    "progress_pct": p.percent,
                    "incre_delay_s": p.delay_seconds,
                    "remaining_time": p.remaining_time,
                    "process_time": p.process_time,
                    "error_code": p.error_code,
                    "error_msg": p.error_msg,
                }
            )
    return frame_from_rows(FRAMES["statuses"], rows)


# ---------------------------------------------------------------------------
# Task detail (4.1.21)
# ---------------------------------------------------------------------------


def _int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def task_detail_rows(details: Iterable[JobDetail]) -> list[dict[str, Any]]:
    rows = []
    for d in details:
        src, dst, inst = d.source_endpoint, d.target_endpoint, d.inst_info
        speed = None
        if d.speed_limit:
            speed = "; ".join(f"{w.begin}-{w.end} {w.speed} MB/s" for w in d.speed_limit)
        rows.append(
            {
                "id": d.id,
                "name": d.name,
                "status": _v(d.status),
                "description": d.description,
                "db_use_type": _v(d.db_use_type),
                "engine_type": _v(inst.engine_type) if inst is not None else None,
                "job_direction": _v(d.job_direction),
                "net_type": _v(d.net_type),
                "task_type": _v(d.task_type),
                "source": src.describe() if src is not None else None,
                "target": dst.describe() if dst is not None else None,
                "source_db_name": src.db_name if src is not None else None,
                "target_db_name": dst.db_name if dst is not None else None,
                "created": d.create_time,
                "updated": d.update_time,
                "started": d.actual_start_time,
                "full_complete": d.full_transfer_complete_time,
                "instance_ip": inst.ip if inst is not None else None,
                "instance_type": inst.inst_type if inst is not None else None,
                "volume_gb": inst.volume_size if inst is not None else None,
                "node_num": _int(d.node_num),
                "az_code": d.az_code,
                "vpc_id": d.vpc_id,
                "subnet_id": d.subnet_id,
                "speed_limit": speed,
                "object_count": len(d.object_infos) if d.object_infos is not None else None,
                "tags": _join(f"{t.key}={t.value}" for t in d.tags) if d.tags else None,
                "target_readonly": d.is_target_readonly,
                "error_code": d.error_code,
                "error_message": d.error_message,
                "failed_reason": d.failed_reason,
                "parent_id": d.parent_id,
            }
        )
    return rows


def task_detail_frame(details: JobDetail | Iterable[JobDetail]) -> pd.DataFrame:
    """One row per task detail (a single `JobDetail` gives a one-row frame)."""
    if isinstance(details, JobDetail):
        details = [details]
    return frame_from_rows(FRAMES["task_detail"], task_detail_rows(details))


def _text(value: Any) -> str | None:
    if value is None or value != value:  # None or NaN
        return None
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d %H:%M:%S UTC")
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def task_detail_kv(detail: JobDetail) -> pd.DataFrame:
    """The detail of one task as ``key``/``label``/``value`` rows (value as text), for a side panel."""
    spec = FRAMES["task_detail"]
    (row,) = task_detail_rows([detail])
    rows = [{"key": c.name, "label": c.label, "value": _text(row.get(c.name))} for c in spec.columns]
    return frame_from_rows(FRAMES["task_detail_kv"], rows)


# ---------------------------------------------------------------------------
# Pre-check (4.1.7)
# ---------------------------------------------------------------------------


def precheck_rows(summaries: Iterable[PrecheckSummary], job_ids: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """One row per check item; a summary that failed as a whole gives one row with its error.

    4.1.7 rows carry no task id: ``job_ids`` (in request order) names them, else ``precheck_id``.
    """
    rows: list[dict[str, Any]] = []
    for i, s in enumerate(summaries):
        job_id = job_ids[i] if job_ids is not None and i < len(job_ids) else s.precheck_id
        base = {"job_id": job_id, "passed_rate_pct": s.passed_rate_percent, "process_pct": s.process_percent}
        if not s.precheck_result:
            code, hint = suggestion_for(s.error_code, s.error_msg)
            rows.append({**base, "error_code": code, "raw_error_msg": s.error_msg, "suggestion": hint})
            continue
        for item in s.precheck_result:
            code, hint = suggestion_for(None, item.raw_error_msg, item.failed_reason)
            failed = None
            if item.failed_sub_jobs:
                failed = "; ".join(
                    f"{j.name or j.id}: {j.check_result}" if j.check_result else str(j.name or j.id)
                    for j in item.failed_sub_jobs
                )
            rows.append(
                {
                    **base,
                    "group": item.group,
                    "item": item.item,
                    "result": _v(item.result),
                    "failed_reason": item.failed_reason or None,
                    "raw_error_msg": item.raw_error_msg or None,
                    "failed_sub_jobs": failed,
                    "data": item.data,
                    "error_code": code,
                    "suggestion": hint,
                }
            )
    return rows


def precheck_frame(summaries: Iterable[PrecheckSummary], job_ids: Sequence[str] | None = None) -> pd.DataFrame:
    return frame_from_rows(FRAMES["precheck"], precheck_rows(summaries, job_ids))


# ---------------------------------------------------------------------------
# Parameters (4.1.9)
# ---------------------------------------------------------------------------


def params_frame(response: GetParamsResponse | Iterable[JobParams], job_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per parameter per task (``params_list`` comes in the order of ``job_ids``)."""
    lists = response.params_list if isinstance(response, GetParamsResponse) else list(response)
    rows = []
    for i, job in enumerate(lists):
        job_id = job_ids[i] if job_ids is not None and i < len(job_ids) else None
        for p in job.params:
            consistent = p.consistent
            rows.append(
                {
                    "job_id": job_id,
                    "key": p.key,
                    "group": _v(p.group),
                    "source_value": p.source_value,
                    "target_value": p.target_value,
                    "differs": None if consistent is None else not consistent,
                    "data_type": p.data_type,
                    "value_range": p.value_range,
                    "need_restart": p.restart_required,
                    "error_code": p.error_code,
                    "error_message": p.error_message,
                }
            )
    return frame_from_rows(FRAMES["params"], rows)


# ---------------------------------------------------------------------------
# Comparisons (4.1.18, 4.1.24, 4.1.28–4.1.35)
# ---------------------------------------------------------------------------


def _finished(status: Any) -> bool | None:
    if status is None:
        return None
    return CompareJobStatus(str(_v(status))).finished


def compare_tasks_frame(
    table_jobs: Iterable[TableCompareJob] = (), task_list: Iterable[CompareTaskInfo] = ()
) -> pd.DataFrame:
    """Comparison tasks of a job: 4.1.24 table comparison jobs plus the 4.1.18 task list.

    A comparison listed by both keeps the 4.1.24 row, completed by the 4.1.18 times.
    """
    rows: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    for j in table_jobs:
        key = j.id or f"#{len(order)}"
        order.append(key)
        rows[key] = {
            "compare_id": j.id,
            "type": _v(j.type),
            "status": _v(j.status),
            "start_time": j.start_time,
            "end_time": j.end_time,
            "export_status": _v(j.export_status),
            "report_remain_s": j.report_remain_seconds,
            "options": _join(f"{k}={v}" for k, v in (j.options or {}).items()),
            "proportion_value": _num(j.proportion_value),
            "finished": _finished(j.status),
            "source": "4.1.24",
        }
    for t in task_list:
        key = t.compare_task_id or f"#{len(order)}"
        if key in rows:
            row = rows[key]
            row["created"] = t.create_time
            if row.get("end_time") is None:
                row["end_time"] = t.end_time
            continue
        order.append(key)
        rows[key] = {
            "compare_id": t.compare_task_id,
            "type": _v(t.compare_type),
            "status": _v(t.compare_task_status),
            "created": t.create_time,
            "end_time": t.end_time,
            "finished": _finished(t.compare_task_status),
            "source": "4.1.18",
        }
    return frame_from_rows(FRAMES["compare_tasks"], [rows[k] for k in order])


def _status_fields(code: int | None, label: str, consistent: bool) -> dict[str, Any]:
    return {"status_code": code, "status": label, "consistent": None if code is None else consistent}


def object_overview_frame(overview: ObjectCompareOverview) -> pd.DataFrame:
    """Per object type counts of the latest object-level comparison (4.1.34)."""
    rows = [
        {
            "type": _v(r.type),
            "source_count": r.source_count,
            "target_count": r.target_count,
            **_status_fields(r.status, r.status_label, r.consistent),
            "compare_job_id": overview.compare_job_id,
        }
        for r in overview.compare_result
    ]
    return frame_from_rows(FRAMES["object_overview"], rows)


def object_details_frame(
    details: Iterable[ObjectCompareDetail] | Mapping[str, Iterable[ObjectCompareDetail]], object_type: str | None = None
) -> pd.DataFrame:
    """Compared objects (4.1.35): rows of one ``object_type``, or a mapping object type → rows."""
    groups = details if isinstance(details, Mapping) else {object_type: details}
    rows = [
        {
            "type": _v(kind),
            "source_db_name": r.source_db_name,
            "target_db_name": r.target_db_name,
            "source_value": r.source_db_value,
            "target_value": r.target_db_value,
            **_status_fields(r.status, object_compare_status_label(r.status), r.consistent),
            "error_message": r.error_message,
        }
        for kind, items in groups.items()
        for r in items
    ]
    return frame_from_rows(FRAMES["object_details"], rows)


def _overview_row(r: LineOverview | ContentOverview, source: str | None, target: str | None) -> dict[str, Any]:
    return {
        "source_db": source,
        "target_db": target,
        "compare_num": r.compare_num,
        "compare_end_num": r.compare_end_num,
        "data_inconsistent_num": r.data_inconsistent_num,
        "uncomparable_num": r.uncomparable_num,
        **_status_fields(r.status, compare_status_label(r.status), r.consistent),
    }


def line_overview_frame(rows: Iterable[LineOverview]) -> pd.DataFrame:
    """Row comparison per database (4.1.28)."""
    return frame_from_rows(
        FRAMES["line_overview"], [_overview_row(r, r.source_db_name, r.target_db_name) for r in rows]
    )


def line_details_frame(
    rows: Iterable[LineDetail] | Mapping[str | None, Iterable[LineDetail]], source_db: str | None = None
) -> pd.DataFrame:
    """Row counts per table (4.1.29): rows of database ``source_db``, or a mapping database → rows."""
    groups = rows if isinstance(rows, Mapping) else {source_db: rows}
    out = [
        {
            "source_db": db,
            "source_table": r.source_table_name,
            "target_table": r.target_table_name,
            "source_rows": r.source_row_num,
            "target_rows": r.target_row_num,
            "difference": r.difference_row_num,
            **_status_fields(r.status, compare_status_label(r.status), r.consistent),
            "filter": r.compare_line_config_filter,
        }
        for db, items in groups.items()
        for r in items
    ]
    return frame_from_rows(FRAMES["line_details"], out)


def content_overview_frame(rows: Iterable[ContentOverview]) -> pd.DataFrame:
    """Value comparison per database (4.1.30)."""
    return frame_from_rows(FRAMES["content_overview"], [_overview_row(r, r.source_db, r.target_db) for r in rows])


def content_details_frame(rows: Iterable[ContentDetail], *, comparable: bool | None = None) -> pd.DataFrame:
    """Value comparison per table (4.1.31); ``comparable`` marks rows of ``type=compare``/``unCompare``."""
    out = [
        {
            "source_db": r.source_db,
            "target_db": r.target_db,
            "source_table": r.source_table_name,
            "target_table": r.target_table_name,
            "source_rows": r.source_row_num,
            "target_rows": r.target_row_num,
            "difference": r.difference_row_num,
            "rows_consistent": r.line_compare_result,
            "values_consistent": r.content_compare_result,
            "consistent": r.consistent,
            "status_code": r.status,
            "status": content_detail_status_label(r.status) if r.status is not None else None,
            "progress_pct": r.progress,
            "shards_done": r.complete_shard_count,
            "shards_total": r.total_shard_count,
            "comparable": comparable,
            "message": r.message,
            "filter": r.compare_line_config_filter,
        }
        for r in rows
    ]
    return frame_from_rows(FRAMES["content_details"], out)


def content_differences_frame(
    rows: Iterable[ContentDifference] | Mapping[tuple[str | None, str | None], Iterable[ContentDifference]],
    db: str | None = None,
    table: str | None = None,
) -> pd.DataFrame:
    """Differing rows with the SQL that reads them (4.1.32): rows of one ``db``/``table``, or a
    mapping ``(db, table)`` → rows."""
    groups = rows if isinstance(rows, Mapping) else {(db, table): rows}
    out = [
        {
            "db": key[0],
            "table": key[1],
            "source_key_value": _join(r.source_key_value),
            "target_key_value": _join(r.target_key_value),
            "select_sql": r.select_sql,
            "target_select_sql": r.target_select_sql,
        }
        for key, items in groups.items()
        for r in items
    ]
    return frame_from_rows(FRAMES["content_differences"], out)


# ---------------------------------------------------------------------------
# Disaster recovery (4.4.2, 4.4.3)
# ---------------------------------------------------------------------------


def rpo_rto_frame(results: Iterable[RpoRtoResult]) -> pd.DataFrame:
    rows = []
    for r in results:
        rpo, rto = r.rpo_info, r.rto_info
        rows.append(
            {
                "job_id": r.job_id,
                "rpo_delay_ms": rpo.delay_ms if rpo else None,
                "rpo_time": rpo.time if rpo else None,
                "rpo_check_point": rpo.check_point if rpo else None,
                "rpo_gtid_set": rpo.gtid_set if rpo else None,
                "rto_delay_ms": rto.delay_ms if rto else None,
                "rto_time": rto.time if rto else None,
                "rto_check_point": rto.check_point if rto else None,
                "rto_gtid_set": rto.gtid_set if rto else None,
                "error_code": r.error_code,
                "error_msg": r.error_msg,
            }
        )
    return frame_from_rows(FRAMES["rpo_rto"], rows)


def dr_monitoring_frame(results: Iterable[DrMonitoringResult]) -> pd.DataFrame:
    rows = []
    for r in results:
        m = r.monitor
        if m is None:
            rows.append({"job_id": r.id})
            continue
        rows.append(
            {
                "job_id": r.id,
                "src_normal": m.src_normal,
                "dst_normal": m.dst_normal,
                "sr_delay_ms": m.sr_delay,
                "dst_delay_ms": m.dst_delay,
                "sr_offset": m.sr_offset,
                "node_offset": m.node_offset,
                "dst_offset": m.dst_offset,
                "src_rps": _num(m.src_rps),
                "dst_rps": _num(m.dst_rps),
                "src_io": _num(m.src_io),
                "dst_io": _num(m.dst_io),
                "bandwidth": _num(m.bandwidth),
                "trans_mb": _num(m.trans_in_mb),
                "trans_lines": _num(m.trans_lines),
                "cpu_pct": _num(m.cpu_used_percent),
                "mem_used_mb": _num(m.mem_used_in_mb),
                "node_mem_mb": m.node_mem_in_mb,
                "volume_used_gb": _num(m.volume_used_in_gb),
                "node_volume_gb": m.node_volume_in_gb,
                "bytes_per_s": m.migration_bytes_per_second,
            }
        )
    return frame_from_rows(FRAMES["dr_monitoring"], rows)


# ---------------------------------------------------------------------------
# Users (4.2.2)
# ---------------------------------------------------------------------------


def users_frame(users: SrcUsers | Iterable[SrcUsers], job_id: str | None = None) -> pd.DataFrame:
    """Users and roles of the source database; passwords are never included."""
    groups = [users] if isinstance(users, SrcUsers) else list(users)
    rows: list[dict[str, Any]] = []
    for g in groups:
        jid = g.job_id or job_id
        for u in g.user_list or []:
            rows.append(
                {
                    "job_id": jid,
                    "kind": "user",
                    "name": u.account or u.id,
                    "comment": u.comment,
                    "is_transfer": u.is_transfer,
                    "selected": u.selected,
                    "roles": _join(u.roles),
                    "privileges": _join(u.privileges),
                    "no_privileges": u.no_privileges,
                    "parent_account": u.parent_account,
                    "no_parent_account": u.no_parent_account,
                }
            )
        for r in g.roles_list or []:
            rows.append(
                {
                    "job_id": jid,
                    "kind": "role",
                    "name": r.role,
                    "comment": r.comment,
                    "is_transfer": r.is_transfer,
                    "selected": r.selected,
                    "roles": _join(r.inherits_roles),
                    "privileges": r.privileges,
                }
            )
    return frame_from_rows(FRAMES["users"], rows)


# ---------------------------------------------------------------------------
# Action results
# ---------------------------------------------------------------------------


def result_row(
    job_id: str | None,
    ok: bool,
    error_code: str | None = None,
    error_msg: str | None = None,
    detail: str | None = None,
    suggestion: str | None = None,
) -> dict[str, Any]:
    """One ``action_results`` row; the suggestion defaults to the A.3 hint of ``error_code``."""
    if suggestion is None and error_code:
        _, suggestion = suggestion_for(error_code)
    return {
        "id": job_id,
        "ok": ok,
        "error_code": error_code or None,
        "error_msg": error_msg or None,
        "suggestion": suggestion,
        "detail": detail,
    }


def action_results_frame(rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    return frame_from_rows(FRAMES["action_results"], list(rows))
