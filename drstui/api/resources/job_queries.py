"""``client.jobs`` queries: progress, tenant task list, details, statuses, node types (seed 4.1.19–4.1.23)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator, Mapping
from typing import Any

from .. import pagination
from ..models.common import JobIdsParams, PagedJobIdsParams, PageReq
from ..models.enums import DbUseType
from ..models.query import (
    ALL_DB_USE_TYPES,
    JOBS_DETAILS,
    JOBS_LIST,
    JOBS_NODE_TYPES,
    JOBS_PROGRESS,
    JOBS_STATUSES,
    JobListResponse,
    JobSummary,
    NodeTypesQuery,
    QueryJobsParams,
)
from ._base import Resource, ids_list

#: ``per_page`` sent by `details`/`statuses` when the caller gives no page (server default: 5).
_ALL_IN_CHUNK = 100


def _page(page: PageReq | Mapping[str, int] | tuple[int, int]) -> PageReq:
    if isinstance(page, PageReq):
        return page
    if isinstance(page, tuple):
        cur_page, per_page = page
        return PageReq(cur_page=cur_page, per_page=per_page)
    return PageReq.model_validate(dict(page))


def _jobs_page(resp: JobListResponse) -> tuple[list[JobSummary], int | None]:
    return resp.jobs, resp.total_record


def _walk_kwargs(template: QueryJobsParams) -> dict[str, Any]:
    # per_page=0 means "everything in one page" (and cur_page may then only be 0 or 1).
    if template.per_page == 0:
        return {"style": "page", "max_pages": 1}
    return {"style": "page", "page_size": template.per_page}


class JobQueriesMixin(Resource):
    def progress(self, job_ids: str | Iterable[str]) -> Any:
        """Full progress and incremental delay of tasks, any number of ids (seed 4.1.19)."""
        body = JobIdsParams(jobs=ids_list(job_ids))
        return self._call_batched(JOBS_PROGRESS, body=body)

    def list(
        self,
        db_use_type: str | DbUseType,
        *,
        cur_page: int = 1,
        per_page: int = 100,
        engine_type: str | None = None,
        name: str | None = None,
        net_type: str | None = None,
        status: str | None = None,
        tags: Mapping[str, str] | None = None,
        instance_ids: Iterable[str] | None = None,
        instance_ip: str | None = None,
        enterprise_project_id: str | None = None,
        service_name: str | None = None,
    ) -> Any:
        """One page of the tenant's tasks of one scenario; None filters are not sent (seed 4.1.20)."""
        params = QueryJobsParams(
            cur_page=cur_page,
            per_page=per_page,
            db_use_type=db_use_type,
            engine_type=engine_type,
            name=name,
            net_type=net_type,
            status=status,
            tags=dict(tags) if tags is not None else None,
            instance_ids=list(instance_ids) if instance_ids is not None else None,
            instance_ip=instance_ip,
            enterprise_project_id=enterprise_project_id,
            service_name=service_name,
        )
        return self._call(JOBS_LIST, body=params)

    def iter_all(
        self,
        *,
        db_use_types: Iterable[str | DbUseType] = ALL_DB_USE_TYPES,
        per_page: int = 100,
        **filters: Any,
    ) -> Iterator[JobSummary] | AsyncIterator[JobSummary]:
        """Every task across all pages and scenarios (4.1.20 needs one ``db_use_type`` per call).

        Filters are the keyword arguments of `list`. Arguments are validated now, before the
        first request. Sync client: a generator; async client: an async generator.
        """
        for reserved in ("cur_page", "db_use_type"):
            if reserved in filters:
                raise TypeError(f"iter_all() manages {reserved} itself")
        if "instance_ids" in filters and filters["instance_ids"] is not None:
            filters["instance_ids"] = list(filters["instance_ids"])
        if isinstance(db_use_types, str):
            db_use_types = [db_use_types]
        templates = [
            QueryJobsParams(db_use_type=use_type, cur_page=1, per_page=per_page, **filters)
            for use_type in db_use_types
        ]
        if self._is_async:
            return self._aiter_all(templates)
        return self._iter_all(templates)

    def _fetcher(self, template: QueryJobsParams) -> Any:
        return lambda page: self._call(JOBS_LIST, body=template.model_copy(update={"cur_page": page}))

    def _iter_all(self, templates: list[QueryJobsParams]) -> Iterator[JobSummary]:
        for template in templates:
            yield from pagination.iter_items(self._fetcher(template), _jobs_page, **_walk_kwargs(template))

    async def _aiter_all(self, templates: list[QueryJobsParams]) -> AsyncIterator[JobSummary]:
        for template in templates:
            async for job in pagination.aiter_items(self._fetcher(template), _jobs_page, **_walk_kwargs(template)):
                yield job

    def details(
        self,
        job_ids: str | Iterable[str],
        page: PageReq | Mapping[str, int] | tuple[int, int] | None = None,
    ) -> Any:
        """Full details of tasks (seed 4.1.21).

        Without ``page`` every id comes back: ids go in chunks of 100 with ``per_page=100``
        (the server's default page is 5). With ``page`` (``PageReq``, dict or
        ``(cur_page, per_page)``) exactly that page of the whole id list is requested.
        """
        return self._paged(JOBS_DETAILS, job_ids, page)

    def statuses(
        self,
        job_ids: str | Iterable[str],
        page: PageReq | Mapping[str, int] | tuple[int, int] | None = None,
    ) -> Any:
        """Status of tasks; paging as in `details` (seed 4.1.22)."""
        return self._paged(JOBS_STATUSES, job_ids, page)

    def _paged(self, spec: Any, job_ids: str | Iterable[str], page: Any) -> Any:
        if page is None:
            body = PagedJobIdsParams(jobs=ids_list(job_ids), page_req=PageReq(cur_page=1, per_page=_ALL_IN_CHUNK))
            return self._call_batched(spec, body=body)
        body = PagedJobIdsParams(jobs=ids_list(job_ids), page_req=_page(page))
        return self._call(spec, body=body)

    def node_types(
        self,
        engine_type: str,
        db_use_type: str | DbUseType,
        job_direction: str,
        is_use_sellout_info: bool = False,
        is_multi_write: bool = False,
    ) -> Any:
        """Node specifications available for a scenario, optionally with sold-out flags (seed 4.1.23)."""
        query = NodeTypesQuery(
            engine_type=engine_type,
            db_use_type=db_use_type,
            job_direction=job_direction,
            is_use_sellout_info=is_use_sellout_info,
            is_multi_write=is_multi_write,
        )
        return self._call(JOBS_NODE_TYPES, query=query)
