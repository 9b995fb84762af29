"""Data-level and object-level comparison calls of ``client.compare`` (seed 4.1.24–4.1.37).

Every method validates its path parameters (task id shape, comparison id UUID, object type),
query and body before anything is sent: bad input raises ``pydantic.ValidationError``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from ..models.compare import (
    COMPARE_CANCEL,
    COMPARE_CONTENT_DETAIL,
    COMPARE_CONTENT_DIFFERENCE,
    COMPARE_CONTENT_OVERVIEW,
    COMPARE_CREATE_OBJECT_JOB,
    COMPARE_CREATE_TABLE_JOB,
    COMPARE_DOWNLOAD_FILE,
    COMPARE_EXPORT_FILE,
    COMPARE_LINE_DETAIL,
    COMPARE_LINE_OVERVIEW,
    COMPARE_LIST_TABLE_JOBS,
    COMPARE_OBJECT_DETAIL,
    COMPARE_OBJECT_OVERVIEW,
    COMPARE_START_NOW,
    CompareFileHeaders,
    ComparePathParams,
    ContentDetailQuery,
    ContentDifferenceQuery,
    ContentOverviewQuery,
    CreateObjectCompareParams,
    CreateTableCompareParams,
    DownloadCompareFileQuery,
    ExportCompareFileParams,
    LineDetailQuery,
    LineOverviewQuery,
    ObjectCompareDetailQuery,
    TableCompareJobsQuery,
)
from ._base import Resource


def _path(job_id: str, compare_job_id: str | None = None, compare_type: str | None = None) -> dict[str, str]:
    params = ComparePathParams(job_id=job_id, compare_job_id=compare_job_id, compare_type=compare_type)
    return params.to_wire()


def _drop_none(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def _compare_objects(value: Mapping[str, Iterable[str]] | Sequence[Any] | None) -> Any:
    """``{"db": ["t1", "t2"]}`` (an empty list = the whole database) → ``[{db_name, table_name}]``."""
    if isinstance(value, Mapping):
        return [{"db_name": db, "table_name": list(tables or [])} for db, tables in value.items()]
    return value


def _filters(value: Mapping[str, str] | None) -> list[dict[str, Any]] | None:
    """``{"db--table": "id>100"}`` → ``compare_transformation_infos`` rows (one rule per table)."""
    if value is None:
        return None
    return [
        {
            "object_info": [{"id": table}],
            "transformation_info": {"transformation_type": "contentConditionalFilter", "value": condition},
        }
        for table, condition in value.items()
    ]


class TableCompareMixin(Resource):
    # -- 4.1.24 – 4.1.27 -----------------------------------------------------
    def list_table_jobs(self, job_id: str, *, offset: int = 0, limit: int = 1000) -> Any:
        """List the data-level table comparison jobs of a task (seed 4.1.24) → `TableCompareJobList`."""
        path = _path(job_id)
        query = TableCompareJobsQuery(offset=offset, limit=limit)
        return self._call(COMPARE_LIST_TABLE_JOBS, path=path, query=query)

    def create_table_job(
        self,
        job_id: str,
        type: str | None = None,
        *,
        start_time: datetime | str | int | None = None,
        compare_mode: str | None = None,
        compare_object: Mapping[str, Iterable[str]] | Sequence[Any] | None = None,
        options: Mapping[str, str] | None = None,
        compare_object_with_token: Sequence[Any] | None = None,
        compare_task_num: int | None = None,
        compare_transformation_infos: Sequence[Any] | None = None,
        filters: Mapping[str, str] | None = None,
        proportion_value: float | None = None,
        params: CreateTableCompareParams | Mapping[str, Any] | None = None,
    ) -> Any:
        """Create a row (``lines``), value (``contents``) or sampling (``random``) comparison (seed 4.1.25).

        ``compare_object`` takes ``{"db": ["table", …]}`` or the wire list; ``filters`` takes
        ``{"db--table": "id>100"}`` as a shorthand for ``compare_transformation_infos``;
        ``start_time`` a datetime or ms epoch (absent = start now). Or pass a ready ``params``.
        Returns `CreateTableCompareResponse` (the comparison id).
        """
        path = _path(job_id)
        if params is None:
            if filters is not None and compare_transformation_infos is not None:
                raise ValueError("give either filters or compare_transformation_infos, not both")
            params = CreateTableCompareParams.model_validate(
                _drop_none(
                    type=type,
                    start_time=start_time,
                    compare_mode=compare_mode,
                    compare_object=_compare_objects(compare_object),
                    options=dict(options) if options is not None else None,
                    compare_object_with_token=compare_object_with_token,
                    compare_task_num=compare_task_num,
                    compare_transformation_infos=compare_transformation_infos
                    if compare_transformation_infos is not None
                    else _filters(filters),
                    proportion_value=proportion_value,
                )
            )
        else:
            extra = _drop_none(
                type=type,
                start_time=start_time,
                compare_mode=compare_mode,
                compare_object=compare_object,
                options=options,
                compare_object_with_token=compare_object_with_token,
                compare_task_num=compare_task_num,
                compare_transformation_infos=compare_transformation_infos,
                filters=filters,
                proportion_value=proportion_value,
            )
            if extra:
                raise ValueError(f"pass either params or keyword fields, not both (got {', '.join(extra)})")
            if not isinstance(params, CreateTableCompareParams):
                params = CreateTableCompareParams.model_validate(params)
        return self._call(COMPARE_CREATE_TABLE_JOB, path=path, body=params)

    def cancel(self, job_id: str, compare_job_id: str) -> Any:
        """Cancel a comparison job (seed 4.1.26) → `CompareAck`."""
        return self._call(COMPARE_CANCEL, path=_path(job_id, compare_job_id))

    def start_now(self, job_id: str, compare_job_id: str) -> Any:
        """Start a scheduled table comparison immediately (seed 4.1.27) → `CompareAck`."""
        return self._call(COMPARE_START_NOW, path=_path(job_id, compare_job_id))

    # -- 4.1.28 – 4.1.29 row comparison --------------------------------------
    def line_overview(
        self, job_id: str, compare_job_id: str, *, status: int | None = None, offset: int = 0, limit: int = 1000
    ) -> Any:
        """Row comparison overview per database (seed 4.1.28) → `LineOverviewList`."""
        path = _path(job_id, compare_job_id)
        query = LineOverviewQuery.model_validate(_drop_none(status=status, offset=offset, limit=limit))
        return self._call(COMPARE_LINE_OVERVIEW, path=path, query=query)

    def line_detail(
        self,
        job_id: str,
        compare_job_id: str,
        *,
        status: int | None = None,
        type: str | None = None,
        db_name: str | None = None,
        target_db_name: str | None = None,
        query_tb_name: str | None = None,
        offset: int = 0,
        limit: int = 1000,
    ) -> Any:
        """Row comparison result per table (seed 4.1.29) → `LineDetailList`."""
        path = _path(job_id, compare_job_id)
        query = LineDetailQuery.model_validate(
            _drop_none(
                status=status,
                type=type,
                db_name=db_name,
                target_db_name=target_db_name,
                query_tb_name=query_tb_name,
                offset=offset,
                limit=limit,
            )
        )
        return self._call(COMPARE_LINE_DETAIL, path=path, query=query)

    # -- 4.1.30 – 4.1.32 value comparison ------------------------------------
    def content_overview(self, job_id: str, compare_job_id: str, *, offset: int = 0, limit: int = 1000) -> Any:
        """Value comparison overview per database (seed 4.1.30) → `ContentOverviewList`."""
        path = _path(job_id, compare_job_id)
        query = ContentOverviewQuery(offset=offset, limit=limit)
        return self._call(COMPARE_CONTENT_OVERVIEW, path=path, query=query)

    def content_detail(
        self,
        job_id: str,
        compare_job_id: str,
        *,
        type: str | None = None,
        db_name: str | None = None,
        target_db_name: str | None = None,
        offset: int = 0,
        limit: int = 1000,
    ) -> Any:
        """Value comparison result per table, with shard progress (seed 4.1.31) → `ContentDetailList`."""
        path = _path(job_id, compare_job_id)
        query = ContentDetailQuery.model_validate(
            _drop_none(type=type, db_name=db_name, target_db_name=target_db_name, offset=offset, limit=limit)
        )
        return self._call(COMPARE_CONTENT_DETAIL, path=path, query=query)

    def content_difference(
        self,
        job_id: str,
        compare_job_id: str,
        *,
        db_name: str | None = None,
        table_name: str | None = None,
        offset: int = 0,
        limit: int = 1000,
    ) -> Any:
        """Rows that differ in a value comparison, with the SQL to read them (seed 4.1.32) → `ContentDifferenceList`."""
        path = _path(job_id, compare_job_id)
        query = ContentDifferenceQuery.model_validate(
            _drop_none(db_name=db_name, table_name=table_name, offset=offset, limit=limit)
        )
        return self._call(COMPARE_CONTENT_DIFFERENCE, path=path, query=query)

    # -- 4.1.33 – 4.1.35 object-level comparison -----------------------------
    def create_object_job(self, job_id: str, *, compare_task_num: int | None = None) -> Any:
        """Start an object-level comparison (seed 4.1.33) → `CompareAck`."""
        path = _path(job_id)
        body = CreateObjectCompareParams.model_validate(_drop_none(compare_task_num=compare_task_num))
        return self._call(COMPARE_CREATE_OBJECT_JOB, path=path, body=body)

    def object_overview(self, job_id: str) -> Any:
        """Overview of the latest object-level comparison (seed 4.1.34) → `ObjectCompareOverview`."""
        return self._call(COMPARE_OBJECT_OVERVIEW, path=_path(job_id))

    def object_detail(
        self,
        job_id: str,
        compare_type: str,
        *,
        compare_job_id: str | None = None,
        offset: int = 0,
        limit: int = 1000,
    ) -> Any:
        """Object comparison details of one object type, e.g. ``TABLE`` (seed 4.1.35) → `ObjectCompareDetailList`."""
        path = _path(job_id, compare_type=compare_type)
        query = ObjectCompareDetailQuery.model_validate(
            _drop_none(compare_job_id=compare_job_id, offset=offset, limit=limit)
        )
        return self._call(COMPARE_OBJECT_DETAIL, path=path, query=query)

    # -- 4.1.36 – 4.1.37 result files ----------------------------------------
    def export_file(
        self,
        job_id: str,
        compare_type: str,
        *,
        compare_job_id: str | None = None,
        time_zone: str | None = None,
        region: str,
    ) -> Any:
        """Ask DRS to generate the result workbook (seed 4.1.36); poll ``export_status`` then `download_file`.

        ``compare_type``: contents, lines, random (these need ``compare_job_id``) or objects_comparison.
        ``region`` is the mandatory ``Region`` header (e.g. ``cn-north-4``). Returns `CompareAck`.
        """
        path = _path(job_id)
        body = ExportCompareFileParams.model_validate(
            _drop_none(compare_type=compare_type, compare_job_id=compare_job_id, time_zone=time_zone)
        )
        headers = CompareFileHeaders(region=region).to_wire()
        return self._call(COMPARE_EXPORT_FILE, path=path, body=body, headers=headers)

    def download_file(
        self,
        job_id: str,
        compare_type: str,
        *,
        compare_job_id: str | None = None,
        region: str | None = None,
    ) -> Any:
        """Download the exported result workbook (.xlsx) as bytes (seed 4.1.37)."""
        path = _path(job_id)
        query = DownloadCompareFileQuery.model_validate(
            _drop_none(compare_type=compare_type, compare_job_id=compare_job_id)
        )
        headers = CompareFileHeaders(region=region).to_wire() if region is not None else None
        return self._call(COMPARE_DOWNLOAD_FILE, path=path, query=query, headers=headers)
