"""Task queries: list (4.1.20), details (4.1.21), statuses (4.1.22), progress (4.1.19), node types (4.1.23)."""

from __future__ import annotations

from typing import Any

from ...api.models.common import PagedJobIdsParams
from ...api.models.query import NodeTypesQuery, QueryJobsParams
from .. import lifecycle
from ..app import Ctx, bad_request, handles, invalid
from ..factory import list_row

NOT_FOUND = ("DRS.M05003", "Task information not found. Check the task ID.")


def _page(ids: list[str], page: Any) -> list[str]:
    """Apply ``page_req`` (default 1 × 5, as the service does; per_page 0 = all)."""
    cur = page.cur_page if page is not None else 1
    per = page.per_page if page is not None else 5
    if per == 0:
        return ids
    pages = max(1, -(-len(ids) // per))
    if cur > pages:
        raise bad_request("DRS.M00211", f"The page is beyond the upper limit: {pages} page(s) of {per}.")
    start = (max(cur, 1) - 1) * per
    return ids[start : start + per]


@handles("jobs.list")
def list_jobs(ctx: Ctx, body: QueryJobsParams, query: None, path: dict[str, str]) -> dict[str, Any]:
    ids: list[str] | None = None
    name = body.name or None
    if name and "," in name:
        ids = [p.strip() for p in name.split(",") if p.strip()]
        name = None
    elif name and ctx.find_job(name) is not None:
        ids = [name]
        name = None
    all_rows = body.per_page == 0 or body.cur_page == 0
    per = body.per_page or 100
    offset = 0 if all_rows else (max(body.cur_page, 1) - 1) * per
    total, recs = ctx.store.query_jobs(
        ctx.project_id,
        db_use_type=str(body.db_use_type),
        engine_type=str(body.engine_type) if body.engine_type else None,
        net_type=str(body.net_type) if body.net_type else None,
        status=str(body.status) if body.status else None,
        name=name,
        ids=ids,
        instance_ids=body.instance_ids or None,
        instance_ip=body.instance_ip or None,
        tags=body.tags or None,
        enterprise_project_id=body.enterprise_project_id or None,
        offset=offset,
        limit=None if all_rows else per,
        summary=True,
    )
    rows = []
    for rec in recs:
        children = ctx.store.children_of(rec.id, summary=True) if rec.detail.get("children") else []
        rows.append(list_row(rec, [c for c in children if c.status != "DELETED"]))
    return {"total_record": total, "jobs": rows}


@handles("jobs.details")
def job_details(ctx: Ctx, body: PagedJobIdsParams, query: None, path: dict[str, str]) -> dict[str, Any]:
    ids = _page(list(body.jobs), body.page_req)
    found = ctx.jobs(ids)
    results = []
    for job_id in ids:
        rec = found.get(job_id)
        if rec is None:
            results.append({"id": job_id, "error_code": NOT_FOUND[0], "error_message": NOT_FOUND[1]})
            continue
        detail = dict(rec.detail)
        detail["job_kernel_direction"] = detail.get("job_kernel_direction") or detail.get("job_direction")
        results.append(detail)
    return {"count": len(body.jobs), "results": results}


@handles("jobs.statuses")
def job_statuses(ctx: Ctx, body: PagedJobIdsParams, query: None, path: dict[str, str]) -> dict[str, Any]:
    ids = _page(list(body.jobs), body.page_req)
    found = ctx.store.statuses(ids, ctx.project_id)
    results = []
    for job_id in ids:
        status, code, message = found.get(job_id) or ("DELETED", None, None)
        if status == "DELETED":
            results.append({"id": job_id, "error_code": NOT_FOUND[0], "error_message": NOT_FOUND[1]})
        else:
            row = {"id": job_id, "status": status}
            if code:
                row["error_code"] = code
                row["error_message"] = message
            results.append(row)
    return {"count": len(body.jobs), "results": results}


@handles("jobs.progress")
def job_progress(ctx: Ctx, body: Any, query: None, path: dict[str, str]) -> dict[str, Any]:
    found = ctx.jobs(list(body.jobs))
    results = []
    for job_id in body.jobs:
        rec = found.get(job_id)
        if rec is None:
            results.append({"job_id": job_id, "error_code": NOT_FOUND[0], "error_msg": NOT_FOUND[1]})
        else:
            results.append(lifecycle.progress_row(rec, ctx.now_ms))
    return {"count": len(results), "results": results}


_NODE_TYPES = ["micro", "small", "medium", "high", "xlarge", "2xlarge"]
_QUERYABLE_ENGINES = {"mysql", "mongodb", "cloudDataGuard-mysql", "postgresql"}


@handles("jobs.node_types")
def node_types(ctx: Ctx, body: None, query: NodeTypesQuery, path: dict[str, str]) -> dict[str, Any]:
    engine = str(query.engine_type)
    if engine not in _QUERYABLE_ENGINES:
        raise invalid("engine_type", "Use mysql, mongodb, cloudDataGuard-mysql or postgresql.")
    use = str(query.db_use_type)
    if (use == "cloudDataGuard") != engine.startswith("cloudDataGuard"):
        raise invalid("engine_type", f"{engine} does not belong to db_use_type {use}.")
    if use == "cloudDataGuard" and str(query.job_direction) == "non-dbs":
        raise invalid("job_direction")
    types = _NODE_TYPES[1:] if query.is_multi_write else _NODE_TYPES
    rng = ctx.drs.rng_for("node-types", engine, use)
    rows = []
    for t in types:
        row: dict[str, Any] = {"node_type": t}
        if query.is_use_sellout_info:
            row["is_sellout"] = t == "2xlarge" or rng.random() < 0.1
        rows.append(row)
    return {"node_types": rows}
