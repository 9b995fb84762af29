"""Comparisons: create (4.1.17, 4.1.25, 4.1.33), control (4.1.26, 4.1.27), results (4.1.18,
4.1.24, 4.1.28–4.1.32, 4.1.34, 4.1.35) and result files (4.1.36, 4.1.37).

Each comparison is a document of kind ``"compare"`` (id = a uuid4 drawn from
``rng_for(task, "compare", n)``) holding its type (``lines``/``contents``/``random`` data-level,
``object`` object-level), the simulated databases it covers (a `content.task_schema`, stored so
every later answer agrees), and its timestamps. The status is computed lazily from those
timestamps and the simulated clock — nothing runs in the background:

    WAITING_FOR_RUNNING until ``start_ms`` (scheduled ones)
    RUNNING for ``duration_ms`` (20–60 s, proportional to tables and rows)
    SUCCESSFUL (or FAILED at ``fail_frac`` of the run for a ``fail_share`` of comparisons)
    CANCELLED once ``cancelled_ms`` is set (4.1.26)

While running, overviews and details show partial progress (`content` functions take the
finished share). The table ``shop.order_items`` always carries 1,000,000 differing rows, so
benchmarks can page a large 4.1.32 difference list; the rows are computed per page by
`content.content_difference_page`, never materialised.

An export (4.1.36) records ``export.requested_ms``; the file is EXPORTING for `EXPORT_S`
simulated seconds, then EXPORT_COMPLETE for `REPORT_TTL_S`. The workbook is built by
`result_file.build_result_workbook` on the first download and kept with ``put_blob``.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError
from starlette.responses import Response

from ...api.models.compare import CompareFileHeaders, ComparePathParams
from .. import content
from ..app import Ctx, bad_request, handles, invalid
from ..result_file import XLSX_MEDIA_TYPE, build_result_workbook
from ..state import LocalDrs
from ..store import JobRecord

__all__ = ["seed_demo_comparisons", "compare_status", "BIG_DIFF_DB", "BIG_DIFF_TABLE", "BIG_DIFF_ROWS"]

KIND = "compare"
DATA_TYPES = ("lines", "contents", "random")
OBJECT = "object"
UNFINISHED = ("WAITING_FOR_RUNNING", "RUNNING")
EXPORT_S = 5
REPORT_TTL_S = 7 * 24 * 3600

#: The well-known table with a large value difference (benchmarks page it).
BIG_DIFF_DB = "shop"
BIG_DIFF_TABLE = "order_items"
BIG_DIFF_ROWS = 1_000_000

ANOTHER_OPERATION = (
    "DRS.10000024",
    "Another operation is being performed on the migration task or the migration task is abnormal.",
)
NOT_CALLABLE = "DRS.M00304"

_FAILURES = (
    "The comparison failed: the connection to the source database was lost (Communications link failure). "
    "Create the comparison again.",
    "The comparison failed: a query on the destination database timed out after 600 s. Compare fewer tables "
    "or run the comparison off-peak.",
    "The comparison failed: the DRS instance ran out of memory while sorting a large table. Compare the large "
    "tables separately.",
)


# ---------------------------------------------------------------------------
# Time and status
# ---------------------------------------------------------------------------


def _iso(ms: int | None) -> str | None:
    if ms is None:
        return None
    return datetime.fromtimestamp(ms / 1000, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _stop_ms(doc: dict[str, Any]) -> int | None:
    """When the run stops by itself (success or failure), ignoring cancellation."""
    start, dur = int(doc["start_ms"]), int(doc["duration_ms"])
    if doc.get("fail_frac") is not None:
        return start + int(dur * float(doc["fail_frac"]))
    return start + dur


def compare_status(doc: dict[str, Any], now_ms: int) -> str:
    """The comparison-job status (§3) of a comparison document at ``now_ms``."""
    cancelled = doc.get("cancelled_ms")
    if cancelled is not None and cancelled <= now_ms:
        return "CANCELLED"
    if now_ms < int(doc["start_ms"]):
        return "WAITING_FOR_RUNNING"
    stop = _stop_ms(doc)
    if now_ms < stop:  # type: ignore[operator]
        return "RUNNING"
    return "FAILED" if doc.get("fail_frac") is not None else "SUCCESSFUL"


def _end_ms(doc: dict[str, Any], now_ms: int) -> int | None:
    status = compare_status(doc, now_ms)
    if status == "CANCELLED":
        return int(doc["cancelled_ms"])
    if status in ("SUCCESSFUL", "FAILED"):
        return _stop_ms(doc)
    return None


def _progress(doc: dict[str, Any], now_ms: int) -> float:
    """Share of the comparison done (0..1), frozen when cancelled or failed."""
    start, dur = int(doc["start_ms"]), max(1, int(doc["duration_ms"]))
    at = now_ms
    if doc.get("cancelled_ms") is not None:
        at = min(at, int(doc["cancelled_ms"]))
    at = min(at, _stop_ms(doc))  # type: ignore[type-var]
    if at <= start:
        return 0.0
    return min(1.0, (at - start) / dur)


def _export_state(doc: dict[str, Any], now_ms: int) -> tuple[str, int]:
    """(export_status, report_remain_seconds) of the comparison's result file."""
    exp = doc.get("export")
    if not exp:
        return "INIT", -1
    ready = int(exp["requested_ms"]) + EXPORT_S * 1000
    if now_ms < ready:
        return "EXPORTING", -1
    return "EXPORT_COMPLETE", max(0, (ready + REPORT_TTL_S * 1000 - now_ms) // 1000)


# ---------------------------------------------------------------------------
# Lookups and gates
# ---------------------------------------------------------------------------


def _path(path: dict[str, str]) -> ComparePathParams:
    try:
        return ComparePathParams.model_validate(path)
    except ValidationError as exc:
        loc = str(exc.errors()[0]["loc"][0]) if exc.errors() and exc.errors()[0].get("loc") else "job_id"
        raise invalid(loc, str(exc.errors()[0].get("msg", "")).removeprefix("Value error, ") + ".") from None


def _docs(ctx: Ctx, job_id: str) -> list[dict[str, Any]]:
    """All comparisons of a task, newest first."""
    return ctx.store.docs_for_job(KIND, job_id)


def _doc(ctx: Ctx, rec: JobRecord, compare_id: str, field_name: str = "compare_job_id") -> dict[str, Any]:
    doc = ctx.store.get_doc(KIND, compare_id)
    if doc is None or doc.get("job_id") != rec.id:
        raise invalid(field_name, f"Task {rec.id} has no comparison {compare_id}. List its comparisons first.")
    return doc


def _save(drs: LocalDrs, rec: JobRecord, doc: dict[str, Any]) -> None:
    drs.store.put_doc(KIND, doc["id"], doc, project_id=rec.project_id, job_id=rec.id, created_ms=int(doc["created_ms"]))


def _task_gate(rec: JobRecord) -> str | None:
    """Why a comparison cannot be created on this task now (None = it can)."""
    if rec.status != "INCRE_TRANSFER_STARTED":
        return (f"{ANOTHER_OPERATION[1]} The task is {rec.status}; comparisons can be created only while it is "
                "INCRE_TRANSFER_STARTED.")  # fmt: skip
    return None


def _unfinished(docs: list[dict[str, Any]], now_ms: int, types: tuple[str, ...]) -> dict[str, Any] | None:
    for doc in docs:
        if doc["type"] in types and compare_status(doc, now_ms) in UNFINISHED:
            return doc
    return None


def _is_cassandra(rec: JobRecord) -> bool:
    return "cassandra" in str(rec.detail.get("engine_type", "")).lower()


def _sampling_allowed(rec: JobRecord) -> bool:
    """``random`` (sampling) only for GaussDB Distributed/Centralized → GaussDB Distributed/PostgreSQL."""
    src = str((rec.detail.get("source_endpoint") or {}).get("db_type", "")).lower()
    dst = str((rec.detail.get("target_endpoint") or {}).get("db_type", "")).lower()
    return src.startswith("gaussdb") and (dst.startswith("gaussdb") or dst == "postgresql")


# ---------------------------------------------------------------------------
# Building comparisons
# ---------------------------------------------------------------------------


def _task_dbs(rec: JobRecord) -> list[str]:
    dbs: list[str] = []
    for obj in rec.detail.get("object_infos") or []:
        if obj.get("type") == "database" and obj.get("name") and obj["name"] not in dbs:
            dbs.append(str(obj["name"]))
    return dbs


def _enlarge(t: dict[str, Any]) -> None:
    """Give the well-known table its large value difference (1,000,000 rows)."""
    t["rows"] = max(int(t["rows"]), 4_200_000)
    t["only_in_source"], t["only_in_target"] = 1_200, 300
    t["changed"] = BIG_DIFF_ROWS - 1_500
    t["target_rows"] = t["rows"] - 1_200 + 300
    if not t["pk"]:
        t["pk"] = ["order_id", "line_no"]
        t["indexes"] = ["PRIMARY", *t.get("indexes", [])]


def _big_table(d: dict[str, Any]) -> dict[str, Any]:
    if d.get("engine") == "mongodb":
        return content.table_entry(BIG_DIFF_TABLE, 4_200_000, pk=("_id",), pk_type="objectid", indexes=["_id_"])
    return content.table_entry(BIG_DIFF_TABLE, 4_200_000, pk=("order_id", "line_no"))


def _schema(drs: LocalDrs, rec: JobRecord, compare_id: str, objects: list[dict[str, Any]] | None) -> content.Schema:
    """The databases a comparison covers: the task's simulated databases, narrowed to ``objects``."""
    engine = rec.detail.get("engine_type") or "mysql"
    base = content.task_schema(drs.rng_for(rec.id, "schema"), engine, databases=_task_dbs(rec) or None)
    by_name = {d["db"]: d for d in base}
    if objects:
        schema: content.Schema = []
        for obj in objects:
            name = obj["db_name"]
            d = by_name.get(name)
            if d is None:
                d = content.task_schema(drs.rng_for(rec.id, "schema", name), engine, databases=[name])[0]
            d = dict(d)
            wanted = [t for t in obj.get("table_name") or [] if t]
            if wanted:
                have = {t["name"]: t for t in d["tables"]}
                rng = drs.rng_for(compare_id, "table", name)
                d["tables"] = [have.get(t) or content.table_entry(t, rng.randint(1_000, 2_000_000)) for t in wanted]
            elif name == BIG_DIFF_DB and all(t["name"] != BIG_DIFF_TABLE for t in d["tables"]):
                d["tables"] = [*d["tables"], _big_table(d)]
            schema.append(d)
    else:
        schema = base
        for d in schema:
            if d["db"] == BIG_DIFF_DB and all(t["name"] != BIG_DIFF_TABLE for t in d["tables"]):
                d["tables"].append(_big_table(d))
    for d in schema:
        if d["db"] == BIG_DIFF_DB:
            for t in d["tables"]:
                if t["name"] == BIG_DIFF_TABLE:
                    _enlarge(t)
    return schema


def _new_compare(
    drs: LocalDrs,
    rec: JobRecord,
    now_ms: int,
    ctype: str,
    *,
    start_ms: int | None = None,
    objects: list[dict[str, Any]] | None = None,
    options: dict[str, str] | None = None,
    proportion_value: float | None = None,
    mode: str | None = None,
    origin: str = "table",
) -> dict[str, Any]:
    """Create (and store) one comparison document."""
    n = len(drs.store.docs_for_job(KIND, rec.id))
    rng = drs.rng_for(rec.id, "compare", n)
    compare_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    schema = _schema(drs, rec, compare_id, objects)
    if ctype == OBJECT:
        n_objects = sum(len(content.object_compare_details(schema, None, t["type"]))
                        for t in content.object_compare_overview(schema))  # fmt: skip
        duration_s = 20 + min(40, n_objects // 2)
    else:
        tables = sum(len(d["tables"]) for d in schema)
        rows = sum(int(t["rows"]) for d in schema for t in d["tables"])
        duration_s = 20 + min(40, 2 * tables + rows // 1_000_000)
    frng = drs.rng_for(compare_id, "fail")
    fails = frng.random() < float(drs.fail_share)
    doc: dict[str, Any] = {
        "id": compare_id,
        "job_id": rec.id,
        "type": ctype,
        "origin": origin,
        "created_ms": now_ms,
        "start_ms": max(now_ms, int(start_ms)) if start_ms else now_ms,
        "duration_ms": duration_s * 1000,
        "fail_frac": round(frng.uniform(0.2, 0.8), 3) if fails else None,
        "error_msg": frng.choice(_FAILURES) if fails else None,
        "cancelled_ms": None,
        "options": dict(options or {}),
        "proportion_value": proportion_value,
        "mode": mode,
        "objects": objects,
        "schema": schema,
        "export": None,
    }
    _save(drs, rec, doc)
    return doc


def _objects_of(infos: Any) -> list[dict[str, Any]] | None:
    if not infos:
        return None
    out = []
    for o in infos:
        tables = getattr(o, "table_name", None)
        if tables is None and getattr(o, "table_name_with_token", None):
            tables = [t.table_name for t in o.table_name_with_token]
        out.append({"db_name": o.db_name, "table_name": list(tables or [])})
    return out


def _ms_of(value: datetime | None) -> int | None:
    return None if value is None else int(round(value.timestamp() * 1000))


def _cancel(doc: dict[str, Any], now_ms: int) -> None:
    doc["cancelled_ms"] = now_ms


# ---------------------------------------------------------------------------
# 4.1.17 create comparison task / 4.1.18 query results
# ---------------------------------------------------------------------------


@handles("compare.create_task")
def create_task(ctx: Ctx, body: Any, query: None, path: dict[str, str]) -> dict[str, Any]:
    rec = ctx.job(body.job_id)
    out: dict[str, Any] = {"job_id": rec.id}
    want_object = body.object_level_compare_type is not None
    data = body.data_level_compare_info
    if not want_object and data is None:
        return out  # only "list" (the response carries no list: 4.1.18 has it)

    def fail(code: str, msg: str) -> None:
        if want_object:
            out["object_level_compare_create_result"] = {"error_code": code, "error_msg": msg}
        if data is not None:
            out["data_level_compare_create_result"] = {"error_code": code, "error_msg": msg}

    if rec.detail.get("children"):
        fail("DRS.M00307", "Only subtasks can invoke this interface: a parent task cannot create comparisons. "
                           "Create the comparison on each subtask.")  # fmt: skip
        return out
    why = _task_gate(rec)
    if why:
        fail(ANOTHER_OPERATION[0], why)
        return out
    if data is not None and data.compare_object_infos_with_token and not _is_cassandra(rec):
        fail("DRS.M00202", "The value of compare_object_infos_with_token is invalid: token ranges are for "
                           "Cassandra DR tasks only. Use compare_object_infos.")  # fmt: skip
        return out
    now = ctx.now_ms
    docs = _docs(ctx, rec.id)
    data_type = str(data.compare_type) if data is not None else None

    if want_object:
        busy = _unfinished(docs, now, (OBJECT, "contents"))
        if busy is not None:
            what = "an object-level" if busy["type"] == OBJECT else "a value"
            out["object_level_compare_create_result"] = {
                "error_code": ANOTHER_OPERATION[0],
                "error_msg": f"{ANOTHER_OPERATION[1]} {what.capitalize()} comparison ({busy['id']}) is still "
                             f"{compare_status(busy, now)}; object-level and value comparison cannot run together. "
                             "Wait for it to finish or cancel it.",
            }  # fmt: skip
        else:
            doc = _new_compare(ctx.drs, rec, now, OBJECT, origin="task")
            docs.insert(0, doc)
            out["object_level_compare_create_result"] = {"compare_task_id": doc["id"]}

    if data is not None:
        # (the request model already refuses object-level + value in one request)
        blocking_object = _unfinished(docs, now, (OBJECT,))
        if data_type == "contents" and blocking_object is not None:
            out["data_level_compare_create_result"] = {
                "error_code": ANOTHER_OPERATION[0],
                "error_msg": f"{ANOTHER_OPERATION[1]} An object-level comparison ({blocking_object['id']}) is still "
                             f"{compare_status(blocking_object, now)}; value comparison cannot run at the same time. "
                             "Wait for it to finish.",
            }  # fmt: skip
            return out
        busy = _unfinished(docs, now, DATA_TYPES)
        if busy is not None and str(data.conflict_policy) == "keep":
            out["data_level_compare_create_result"] = {
                "compare_task_id": busy["id"],
                "error_code": ANOTHER_OPERATION[0],
                "error_msg": f"An unfinished data-level comparison ({busy['id']}, {compare_status(busy, now)}) exists "
                             "and was kept (conflict_policy keep); no new comparison was created. Use "
                             "conflict_policy cancel to replace it.",
            }  # fmt: skip
            return out
        if busy is not None:
            _cancel(busy, now)
            _save(ctx.drs, rec, busy)
        doc = _new_compare(
            ctx.drs, rec, now, data_type or "lines",
            start_ms=_ms_of(data.start_time),
            objects=_objects_of(data.compare_object_infos or data.compare_object_infos_with_token),
            mode=str(data.compare_mode) if data.compare_mode else None,
            origin="task",
        )  # fmt: skip
        out["data_level_compare_create_result"] = {"compare_task_id": doc["id"]}
    return out


def _task_row(doc: dict[str, Any], now_ms: int) -> dict[str, Any]:
    end = _end_ms(doc, now_ms)
    return {
        "compare_task_id": doc["id"],
        "compare_type": "object_comparison" if doc["type"] == OBJECT else doc["type"],
        "compare_task_status": compare_status(doc, now_ms),
        "create_time": str(doc["created_ms"]),
        **({"end_time": str(end)} if end is not None else {}),
    }


_UNFINISHED_TEXT = ("COMPARING", "WAITING_FOR_COMPARISON")


def _retext(obj: Any, replacement: str) -> Any:
    """Replace the in-progress result strings of a stopped (failed/cancelled) comparison."""
    if isinstance(obj, dict):
        return {k: _retext(v, replacement) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_retext(v, replacement) for v in obj]
    if obj in _UNFINISHED_TEXT:
        return replacement
    return obj


@handles("compare.query_results")
def query_results(ctx: Ctx, body: Any, query: None, path: dict[str, str]) -> dict[str, Any]:
    rec = ctx.job(body.job_id)
    now = ctx.now_ms
    docs = _docs(ctx, rec.id)
    page, per = body.current_page, body.per_page
    out = content.query_compare_result(
        rec.id, [], compare_tasks=[_task_row(d, now) for d in docs], current_page=page, per_page=per
    )

    def section(field: str, compare_id: str, types: tuple[str, ...], key: str, arg: str) -> None:
        doc = ctx.store.get_doc(KIND, compare_id)
        if doc is None or doc.get("job_id") != rec.id or doc["type"] not in types:
            out[key] = {
                "compare_task_id": compare_id,
                "error_code": "DRS.M00202",
                "error_msg": f"The value of {field} is invalid: task {rec.id} has no "
                             f"{' or '.join(types)} comparison {compare_id}.",
            }  # fmt: skip
            return
        status = compare_status(doc, now)
        progress = _progress(doc, now)
        if doc["type"] == OBJECT:
            if status == "SUCCESSFUL":
                part = content.query_compare_result(rec.id, doc["schema"], object_compare_id=compare_id,
                                                    current_page=page, per_page=per)[key]  # fmt: skip
            else:
                text = "WAITING_FOR_COMPARISON" if status == "WAITING_FOR_RUNNING" else (
                    "COMPARING" if status == "RUNNING" else "FAILED_TO_COMPARE")  # fmt: skip
                part = {
                    "compare_task_id": compare_id,
                    "object_compare_overview": [
                        {"object_type": o["type"], "object_compare_result": text, "source_count": o["source_count"]}
                        for o in content.object_compare_overview(doc["schema"])
                    ],
                    "object_compare_details": {},
                }
        else:
            kwargs = {arg: compare_id, f"{arg.split('_')[0]}_progress": progress}
            part = content.query_compare_result(rec.id, doc["schema"], current_page=page, per_page=per,
                                                **kwargs)[key]  # fmt: skip
            if status in ("FAILED", "CANCELLED", "WAITING_FOR_RUNNING"):
                part = _retext(part, {"FAILED": "FAILED_TO_COMPARE", "CANCELLED": "CAN_NOT_COMPARE"}.get(
                    status, "WAITING_FOR_COMPARISON"))
        if status == "FAILED":
            part["error_msg"] = doc.get("error_msg")
        elif status == "CANCELLED":
            part["error_msg"] = "The comparison was cancelled before it finished."
        out[key] = part

    if body.object_level_compare_id:
        section("object_level_compare_id", body.object_level_compare_id, (OBJECT,), "object_level_compare_results",
                "object_compare_id")  # fmt: skip
    if body.line_compare_id:
        section("line_compare_id", body.line_compare_id, ("lines",), "line_compare_results", "line_compare_id")
    if body.content_compare_id:
        section("content_compare_id", body.content_compare_id, ("contents", "random"), "content_compare_results",
                "content_compare_id")  # fmt: skip
    return out


# ---------------------------------------------------------------------------
# 4.1.24 – 4.1.27 table comparison jobs
# ---------------------------------------------------------------------------


def _job_row(doc: dict[str, Any], now_ms: int) -> dict[str, Any]:
    export_status, remain = _export_state(doc, now_ms)
    row: dict[str, Any] = {
        "id": doc["id"],
        "type": doc["type"],
        "options": dict(doc.get("options") or {}),
        "start_time": _iso(int(doc["start_ms"])),
        "end_time": _iso(_end_ms(doc, now_ms)),
        "status": compare_status(doc, now_ms),
        "export_status": export_status,
        "report_remain_seconds": remain,
    }
    policy = (doc.get("options") or {}).get("comparePolicy")
    if policy:
        row["compare_job_tag"] = {"comparePolicy": policy}
    if doc.get("proportion_value") is not None:
        row["proportion_value"] = f"{float(doc['proportion_value']):g}"
    return row


@handles("compare.list_table_jobs")
def list_table_jobs(ctx: Ctx, body: None, query: Any, path: dict[str, str]) -> dict[str, Any]:
    p = _path(path)
    rec = ctx.job(p.job_id)
    docs = [d for d in _docs(ctx, rec.id) if d["type"] in DATA_TYPES]
    page = docs[query.offset : query.offset + query.limit]
    return {"count": len(docs), "compare_jobs": [_job_row(d, ctx.now_ms) for d in page]}


@handles("compare.create_table_job")
def create_table_job(ctx: Ctx, body: Any, query: None, path: dict[str, str]) -> dict[str, Any]:
    p = _path(path)
    rec = ctx.job(p.job_id)
    why = _task_gate(rec)
    if why:
        raise bad_request(ANOTHER_OPERATION[0], why)
    ctype = str(body.type)
    if ctype == "random" and not _sampling_allowed(rec):
        raise invalid("type", "Sampling comparison (random) is only for GaussDB Distributed/Centralized to GaussDB "
                              "Distributed or PostgreSQL tasks. Use lines or contents.")  # fmt: skip
    cassandra = _is_cassandra(rec)
    if body.compare_task_num is not None and not cassandra:
        raise invalid("compare_task_num", "The thread count can be set only for Cassandra DR tasks; leave it out.")
    if body.compare_object_with_token and not cassandra:
        raise invalid("compare_object_with_token", "Token ranges are for Cassandra DR tasks only; use compare_object.")
    if body.compare_mode is None and not body.compare_object and not body.compare_object_with_token:
        raise bad_request("DRS.M00201", "The parameter compare_object is empty. List the databases (and tables) to "
                                        "compare, or set compare_mode quick_comparison.")  # fmt: skip
    now = ctx.now_ms
    docs = _docs(ctx, rec.id)
    busy = _unfinished(docs, now, DATA_TYPES)
    if busy is not None:
        msg = f"The data-level comparison {busy['id']} is still {compare_status(busy, now)}; wait for it or cancel it."
        raise bad_request(ANOTHER_OPERATION[0], f"{ANOTHER_OPERATION[1]} {msg}")
    if ctype == "contents":
        obj = _unfinished(docs, now, (OBJECT,))
        if obj is not None:
            msg = f"The object-level comparison {obj['id']} is still running; value comparison cannot run with it."
            raise bad_request(ANOTHER_OPERATION[0], f"{ANOTHER_OPERATION[1]} {msg}")
    objects = _objects_of(body.compare_object or body.compare_object_with_token)
    if body.compare_transformation_infos:
        known = {o["db_name"] for o in objects or []}
        for tinfo in body.compare_transformation_infos:
            for oi in tinfo.object_info:
                if oi.id and objects and oi.id.split("--")[0] not in known:
                    raise invalid("compare_transformation_infos.object_info.id",
                                  f"{oi.id} names a database that is not in compare_object.")  # fmt: skip
    doc = _new_compare(
        ctx.drs, rec, now, ctype,
        start_ms=_ms_of(body.start_time), objects=objects, options=body.options,
        proportion_value=body.proportion_value, mode=str(body.compare_mode) if body.compare_mode else None,
    )  # fmt: skip
    if body.compare_transformation_infos:
        filters = {oi.id: t.transformation_info.value for t in body.compare_transformation_infos for oi in t.object_info
                   if oi.id}  # fmt: skip
        for d in doc["schema"]:
            for t in d["tables"]:
                cond = filters.get(f"{d['db']}--{t['name']}")
                if cond:
                    t["filter"] = cond
        _save(ctx.drs, rec, doc)
    return {"id": doc["id"]}


@handles("compare.cancel")
def cancel(ctx: Ctx, body: None, query: None, path: dict[str, str]) -> dict[str, Any]:
    p = _path(path)
    rec = ctx.job(p.job_id)
    doc = _doc(ctx, rec, str(p.compare_job_id))
    status = compare_status(doc, ctx.now_ms)
    if status not in UNFINISHED:
        raise bad_request(NOT_CALLABLE, f"The comparison {doc['id']} is {status} and can no longer be cancelled; "
                                        "only WAITING_FOR_RUNNING or RUNNING comparisons can.")  # fmt: skip
    _cancel(doc, ctx.now_ms)
    _save(ctx.drs, rec, doc)
    return {}


@handles("compare.start_now")
def start_now(ctx: Ctx, body: None, query: None, path: dict[str, str]) -> dict[str, Any]:
    p = _path(path)
    rec = ctx.job(p.job_id)
    doc = _doc(ctx, rec, str(p.compare_job_id))
    if doc["type"] not in DATA_TYPES:
        raise invalid("compare_job_id", f"{doc['id']} is an object-level comparison; only table comparisons can be "
                                        "started now.")  # fmt: skip
    status = compare_status(doc, ctx.now_ms)
    if status != "WAITING_FOR_RUNNING":
        raise bad_request(NOT_CALLABLE, f"The comparison {doc['id']} is {status}; only a scheduled comparison "
                                        "(WAITING_FOR_RUNNING) can be started now.")  # fmt: skip
    doc["start_ms"] = ctx.now_ms
    _save(ctx.drs, rec, doc)
    return {}


# ---------------------------------------------------------------------------
# 4.1.28 – 4.1.32 results
# ---------------------------------------------------------------------------


def _data_doc(ctx: Ctx, path: dict[str, str], types: tuple[str, ...], api: str) -> tuple[dict[str, Any], str, float]:
    p = _path(path)
    rec = ctx.job(p.job_id)
    doc = _doc(ctx, rec, str(p.compare_job_id))
    if doc["type"] not in types:
        kind = "an object-level" if doc["type"] == OBJECT else f"a {doc['type']} comparison"
        raise invalid("compare_job_id", f"{doc['id']} is {kind}; the {api} is for {' or '.join(types)} comparisons.")
    now = ctx.now_ms
    return doc, compare_status(doc, now), _progress(doc, now)


def _stopped_code(status: str) -> int | None:
    return {"CANCELLED": 7, "FAILED": 4, "WAITING_FOR_RUNNING": 6}.get(status)


def _fix_codes(rows: list[dict[str, Any]], status: str) -> list[dict[str, Any]]:
    """CompareStatusCode of unfinished items of a stopped comparison: 7 cancelled / 4 failed."""
    code = _stopped_code(status)
    if code is None:
        return rows
    for r in rows:
        if r.get("status") in (5, 6):
            r["status"] = code
    return rows


def _window(rows: list[Any], query: Any) -> list[Any]:
    return rows[query.offset : query.offset + query.limit]


@handles("compare.line_overview")
def line_overview(ctx: Ctx, body: None, query: Any, path: dict[str, str]) -> dict[str, Any]:
    doc, status, progress = _data_doc(ctx, path, DATA_TYPES, "row comparison overview")
    rows = _fix_codes(content.line_overview(doc["schema"], progress=progress), status)
    if query.status is not None:
        rows = [r for r in rows if r["status"] == query.status]
    return {"total_count": len(rows), "data_compare_overview_infos": _window(rows, query)}


@handles("compare.line_detail")
def line_detail(ctx: Ctx, body: None, query: Any, path: dict[str, str]) -> dict[str, Any]:
    doc, status, progress = _data_doc(ctx, path, DATA_TYPES, "row comparison detail")
    rows: list[dict[str, Any]] = []
    for d in doc["schema"]:
        if query.db_name and d["db"] != query.db_name:
            continue
        if query.target_db_name and d["target_db"] != query.target_db_name:
            continue
        rows.extend(_fix_codes(content.line_details(doc["schema"], None, d["db"], progress=progress), status))
    if query.status is not None:
        rows = [r for r in rows if r["status"] == query.status]
    if query.type is not None:
        uncomparable = str(query.type) == "unCompare"
        rows = [r for r in rows if (r["status"] == 23) == uncomparable]
    if query.query_tb_name:
        needle = query.query_tb_name.lower()
        rows = [r for r in rows if needle in str(r["source_table_name"]).lower()]
    return {"total_count": len(rows), "table_line_compare_result_infos": _window(rows, query)}


_VALUE_TYPES = ("contents", "random")


@handles("compare.content_overview")
def content_overview(ctx: Ctx, body: None, query: Any, path: dict[str, str]) -> dict[str, Any]:
    doc, status, progress = _data_doc(ctx, path, _VALUE_TYPES, "value comparison overview")
    rows = _fix_codes(content.content_overview(doc["schema"], progress=progress), status)
    return {"total_count": len(rows), "content_compare_result_infos": _window(rows, query)}


def _content_rows(doc: dict[str, Any], status: str, progress: float, *, db: str | None = None,
                  target_db: str | None = None, type_: str | None = None) -> list[dict[str, Any]]:  # fmt: skip
    rows: list[dict[str, Any]] = []
    for d in doc["schema"]:
        if db and d["db"] != db:
            continue
        if target_db and d["target_db"] != target_db:
            continue
        rows.extend(content.content_details(doc["schema"], None, d["db"], progress=progress, type=type_))
    if status == "WAITING_FOR_RUNNING":
        for r in rows:
            if r["status"] == 1:
                r["status"], r["complete_shard_count"], r["progress"] = 3, 0, 0.0
    elif status in ("CANCELLED", "FAILED"):
        for r in rows:
            if r["status"] in (1, 3):
                r["status"] = 4
                r["message"] = ("The comparison was cancelled before this table was compared." if status == "CANCELLED"
                                else doc.get("error_msg"))  # fmt: skip
    return rows


@handles("compare.content_detail")
def content_detail(ctx: Ctx, body: None, query: Any, path: dict[str, str]) -> dict[str, Any]:
    doc, status, progress = _data_doc(ctx, path, _VALUE_TYPES, "value comparison detail")
    rows = _content_rows(doc, status, progress, db=query.db_name, target_db=query.target_db_name,
                         type_=str(query.type) if query.type is not None else None)  # fmt: skip
    return {"total_count": len(rows), "content_compare_result_infos": _window(rows, query)}


@handles("compare.content_difference")
def content_difference(ctx: Ctx, body: None, query: Any, path: dict[str, str]) -> dict[str, Any]:
    doc, status, progress = _data_doc(ctx, path, _VALUE_TYPES, "value comparison difference list")
    schema = doc["schema"]
    done = [
        (r["source_db"], r["source_table_name"])
        for r in _content_rows(doc, status, progress, db=query.db_name, type_="compare")
        if r["status"] == 2 and (not query.table_name or r["source_table_name"] == query.table_name)
    ]
    totals = {"count": 0, "target_meta_is_null": 0, "source_meta_is_null": 0, "source_target_meta_not_null": 0}
    per_table = []
    for db, table in done:
        counts = content.content_difference_counts(schema, db, table)
        per_table.append((db, table, counts["count"]))
        for k in totals:
            totals[k] += int(counts[k])
    rows: list[dict[str, Any]] = []
    skip, want = query.offset, query.limit
    for db, table, n in per_table:
        if want <= 0:
            break
        if skip >= n:
            skip -= n
            continue
        page = content.content_difference_page(schema, None, db, table, skip, want)
        rows.extend(page)
        want -= len(page)
        skip = 0
    return {**totals, "contents_infos": rows}


# ---------------------------------------------------------------------------
# 4.1.33 – 4.1.35 object-level comparison
# ---------------------------------------------------------------------------


@handles("compare.create_object_job")
def create_object_job(ctx: Ctx, body: Any, query: None, path: dict[str, str]) -> dict[str, Any]:
    p = _path(path)
    rec = ctx.job(p.job_id)
    why = _task_gate(rec)
    if why:
        raise bad_request(ANOTHER_OPERATION[0], why)
    if body.compare_task_num is not None and not _is_cassandra(rec):
        raise invalid("compare_task_num", "The thread count can be set only for Cassandra DR tasks; leave it out.")
    now = ctx.now_ms
    docs = _docs(ctx, rec.id)
    busy = _unfinished(docs, now, (OBJECT, "contents"))
    if busy is not None:
        what = "object-level" if busy["type"] == OBJECT else "value"
        raise bad_request(ANOTHER_OPERATION[0], f"{ANOTHER_OPERATION[1]} The {what} comparison {busy['id']} is still "
                                                f"{compare_status(busy, now)}; wait for it to finish.")  # fmt: skip
    _new_compare(ctx.drs, rec, now, OBJECT, origin="object")
    return {}


def _latest_object(ctx: Ctx, rec: JobRecord) -> dict[str, Any] | None:
    return next((d for d in _docs(ctx, rec.id) if d["type"] == OBJECT), None)


def _object_summary(doc: dict[str, Any], status: str, progress: float) -> list[dict[str, Any]]:
    rows = content.object_compare_overview(doc["schema"])
    if status == "SUCCESSFUL":
        return rows
    done = int(len(rows) * progress)
    out = []
    for i, r in enumerate(rows):
        if i < done:
            out.append(r)
        else:
            out.append({"type": r["type"], "source_count": r["source_count"], "status": 3})
    return out


@handles("compare.object_overview")
def object_overview(ctx: Ctx, body: None, query: None, path: dict[str, str]) -> dict[str, Any]:
    p = _path(path)
    rec = ctx.job(p.job_id)
    doc = _latest_object(ctx, rec)
    if doc is None:
        return {"compare_result": [], "export_status": "INIT", "report_remain_seconds": -1,
                "error_msg": "No object-level comparison has been run on this task yet. Create one first "
                             "(POST /v3/{project_id}/jobs/{job_id}/object/compare)."}  # fmt: skip
    now = ctx.now_ms
    status = compare_status(doc, now)
    export_status, remain = _export_state(doc, now)
    out: dict[str, Any] = {
        "compare_job_id": doc["id"],
        "create_time": _iso(int(doc["created_ms"])),
        "start_time": _iso(int(doc["start_ms"])),
        "status": status,
        "export_status": export_status,
        "report_remain_seconds": remain,
        "compare_result": _object_summary(doc, status, _progress(doc, now)),
    }
    if status == "FAILED":
        out["error_msg"] = doc.get("error_msg")
    elif status == "CANCELLED":
        out["error_msg"] = "The comparison was cancelled before it finished."
    return out


@handles("compare.object_detail")
def object_detail(ctx: Ctx, body: None, query: Any, path: dict[str, str]) -> dict[str, Any]:
    p = _path(path)
    rec = ctx.job(p.job_id)
    if p.compare_type is None:
        raise invalid("compare_type")
    if query.compare_job_id:
        doc = _doc(ctx, rec, query.compare_job_id)
        if doc["type"] != OBJECT:
            raise invalid("compare_job_id", f"{doc['id']} is a {doc['type']} comparison, not an object-level one.")
    else:
        doc = _latest_object(ctx, rec)
        if doc is None:
            return {"count": 0, "compare_detail": []}
    now = ctx.now_ms
    status = compare_status(doc, now)
    ctype = str(p.compare_type)
    summary = {r["type"]: r for r in _object_summary(doc, status, _progress(doc, now))}
    if ctype not in summary or summary[ctype]["status"] == 3 and status != "SUCCESSFUL":
        rows: list[dict[str, Any]] = []
    else:
        rows = content.object_compare_details(doc["schema"], None, ctype)
    return {"count": len(rows), "compare_detail": _window(rows, query)}


# ---------------------------------------------------------------------------
# 4.1.36 / 4.1.37 result files
# ---------------------------------------------------------------------------

_TZ_RE = re.compile(r"^(?:GMT|UTC)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)


def _tz_minutes(text: str | None) -> int:
    if not text or text.strip().upper() in ("GMT", "UTC", "Z"):
        return 0
    m = _TZ_RE.match(text.strip())
    if not m or int(m.group(2)) > 14 or int(m.group(3) or 0) >= 60:
        raise invalid("time_zone", "Use an offset such as GMT+08:00 or GMT-05:30.")
    minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
    return minutes if m.group(1) == "+" else -minutes


def _region(ctx: Ctx, required: bool) -> str | None:
    value = ctx.request.headers.get("region")
    if value is None or not value.strip():
        if required:
            raise bad_request("DRS.M00201", "The parameter Region is empty. Send the header Region with the region "
                                            "id, e.g. Region: cn-north-4.")  # fmt: skip
        return None
    try:
        return CompareFileHeaders.model_validate({"Region": value.strip()}).region
    except ValidationError:
        raise invalid("Region", "Use a region id such as cn-north-4.") from None


_FILE_TYPE = {"lines": "lines", "contents": "contents", "random": "random", "objects_comparison": OBJECT}


def _file_doc(ctx: Ctx, rec: JobRecord, compare_type: str, compare_job_id: str | None) -> dict[str, Any]:
    if compare_type == "repair_data":
        raise invalid("compare_type", "This local DRS has no data repair results; use contents, lines, random or "
                                      "objects_comparison.")  # fmt: skip
    kind = _FILE_TYPE[compare_type]
    if compare_job_id:
        doc = _doc(ctx, rec, compare_job_id)
    else:
        found = _latest_object(ctx, rec) if kind == OBJECT else None
        if found is None:
            raise bad_request(NOT_CALLABLE, "The task has no object-level comparison yet. Create one (4.1.33) and "
                                            "wait for it to finish before exporting.")  # fmt: skip
        doc = found
    if doc["type"] != kind:
        raise invalid("compare_type", f"Comparison {doc['id']} is of type "
                                      f"{'objects_comparison' if doc['type'] == OBJECT else doc['type']}.")  # fmt: skip
    return doc


@handles("compare.export_file")
def export_file(ctx: Ctx, body: Any, query: None, path: dict[str, str]) -> dict[str, Any]:
    region = _region(ctx, required=True)
    p = _path(path)
    rec = ctx.job(p.job_id)
    tz = _tz_minutes(body.time_zone)
    doc = _file_doc(ctx, rec, str(body.compare_type), body.compare_job_id)
    now = ctx.now_ms
    status = compare_status(doc, now)
    if status != "SUCCESSFUL":
        raise bad_request(NOT_CALLABLE, f"The comparison {doc['id']} is {status}; only a SUCCESSFUL comparison can be "
                                        "exported. Wait for it to finish.")  # fmt: skip
    export_status, _ = _export_state(doc, now)
    if export_status == "EXPORTING":
        raise bad_request("DRS.M01504", "The result file is already being exported. Wait a few seconds and check "
                                        "export_status.")  # fmt: skip
    doc["export"] = {"requested_ms": now, "time_zone": body.time_zone, "tz_minutes": tz, "region": region,
                     "compare_type": str(body.compare_type)}  # fmt: skip
    _save(ctx.drs, rec, doc)
    return {}


def _file_name(rec: JobRecord, doc: dict[str, Any]) -> str:
    exp = doc["export"]
    tz = int(exp.get("tz_minutes") or 0)
    stamp = content._space_time(int(exp["requested_ms"]) + EXPORT_S * 1000, tz)
    stamp = stamp.replace("-", "").replace(":", "").replace(" ", "")
    zone = f"GMT{'+' if tz >= 0 else '-'}{abs(tz) // 60:02d}{abs(tz) % 60:02d}"
    kind = "objects_comparison" if doc["type"] == OBJECT else doc["type"]
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", str(rec.detail.get("name") or rec.id))
    return f"{name}_{kind}_{doc['id'][:8]}_{stamp}_{zone}.xlsx"


@handles("compare.download_file")
def download_file(ctx: Ctx, body: None, query: Any, path: dict[str, str]) -> Response:
    _region(ctx, required=False)
    p = _path(path)
    rec = ctx.job(p.job_id)
    doc = _file_doc(ctx, rec, str(query.compare_type), query.compare_job_id)
    export_status, remain = _export_state(doc, ctx.now_ms)
    if export_status == "INIT":
        raise bad_request(NOT_CALLABLE, "No result file has been exported for this comparison. Export it first "
                                        "(POST …/compare/result/file) and wait until export_status is "
                                        "EXPORT_COMPLETE.")  # fmt: skip
    if export_status == "EXPORTING":
        raise bad_request(NOT_CALLABLE, "The result file is still being exported. Wait until export_status is "
                                        "EXPORT_COMPLETE, then download it.")  # fmt: skip
    if remain <= 0:
        raise bad_request(NOT_CALLABLE, "The exported result file has expired. Export it again, then download it.")
    exp = doc["export"]
    blob_id = f"compare-report:{doc['id']}:{exp['requested_ms']}"
    stored = ctx.store.get_blob(blob_id)
    if stored is None:
        kind = "objects_comparison" if doc["type"] == OBJECT else doc["type"]
        data = build_result_workbook(
            kind, str(rec.detail.get("name") or rec.id), doc["schema"], compare_job_id=doc["id"],
            generated_ms=int(exp["requested_ms"]) + EXPORT_S * 1000, tz_minutes=int(exp.get("tz_minutes") or 0),
        )  # fmt: skip
        name = _file_name(rec, doc)
        ctx.store.put_blob(blob_id, rec.id, name, data)
    else:
        name, data = stored
    return Response(
        content=data,
        media_type=XLSX_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


# ---------------------------------------------------------------------------
# Demo world
# ---------------------------------------------------------------------------


def seed_demo_comparisons(drs: LocalDrs, project_id: str, *, tasks: int = 6) -> int:
    """Give up to ``tasks`` replicating demo tasks a comparison history; returns how many were made.

    The first task gets a finished value comparison of ``shop`` with ``shop.order_items``
    (1,000,000 differing rows), every task a finished row and object comparison, one task a
    running value comparison and one a scheduled row comparison. Call after `demo.seed_demo`.
    """
    now = drs.clock.now_ms()
    candidates: list[JobRecord] = []
    for use in ("migration", "sync", "cloudDataGuard"):
        _, recs = drs.store.query_jobs(project_id, db_use_type=use, status="INCRE_TRANSFER_STARTED", limit=tasks * 2)
        candidates.extend(r for r in recs if not r.detail.get("children"))
    candidates.sort(key=lambda r: r.id)
    total = 0
    with drs.store.transaction():
        for n, rec in enumerate(candidates[:tasks]):
            if drs.store.docs_for_job(KIND, rec.id):
                continue
            t0 = now - (3 + n) * 3600_000
            objects = [{"db_name": BIG_DIFF_DB, "table_name": []}] if n == 0 else None
            for i, ctype in enumerate(("lines", "contents", OBJECT)):
                doc = _new_compare(drs, rec, t0 + i * 600_000, ctype, objects=objects, origin="demo")
                doc["fail_frac"], doc["error_msg"] = None, None
                _save(drs, rec, doc)
                total += 1
            if n == 1:
                _new_compare(drs, rec, now - 10_000, "contents", origin="demo")
                total += 1
            elif n == 2:
                _new_compare(drs, rec, now, "lines", start_ms=now + 2 * 3600_000, origin="demo")
                total += 1
    return total
