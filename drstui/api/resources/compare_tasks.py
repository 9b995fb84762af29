"""``client.compare`` comparison tasks: create and read results (seed 4.1.17–4.1.18)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..models.compare_tasks import (
    COMPARE_CREATE_TASK,
    COMPARE_QUERY_RESULTS,
    CreateCompareTaskParams,
    CreateDataLevelCompare,
    ObjectLevelCompareType,
    QueryCompareResultParams,
)
from ._base import Resource


class CompareTasksMixin(Resource):
    def create_task(
        self,
        job_id: str | CreateCompareTaskParams,
        *,
        object_level: bool = False,
        data_level: CreateDataLevelCompare | Mapping[str, Any] | None = None,
    ) -> Any:
        """Create an object-level and/or a data-level (row or value) comparison (seed 4.1.17).

        ``object_level=True`` asks for an object comparison; ``data_level`` is a
        `CreateDataLevelCompare` (or its dict). Neither = only list the existing comparisons.
        A ready `CreateCompareTaskParams` may be passed instead of ``job_id``.
        Object-level and value (``contents``) comparison cannot be requested together.
        """
        if isinstance(job_id, CreateCompareTaskParams):
            body = job_id
        else:
            if data_level is not None and not isinstance(data_level, CreateDataLevelCompare):
                data_level = CreateDataLevelCompare.model_validate(dict(data_level))
            body = CreateCompareTaskParams(
                job_id=job_id,
                object_level_compare_type=ObjectLevelCompareType.OBJECTS if object_level else None,
                data_level_compare_info=data_level,
            )
        return self._call(COMPARE_CREATE_TASK, body=body)

    def query_results(
        self,
        job_id: str,
        *,
        object_level_compare_id: str | None = None,
        line_compare_id: str | None = None,
        content_compare_id: str | None = None,
        current_page: int = 1,
        per_page: int = 10,
    ) -> Any:
        """Results of the given comparisons plus the job's comparison task list (seed 4.1.18)."""
        body = QueryCompareResultParams(
            job_id=job_id,
            object_level_compare_id=object_level_compare_id,
            line_compare_id=line_compare_id,
            content_compare_id=content_compare_id,
            current_page=current_page,
            per_page=per_page,
        )
        return self._call(COMPARE_QUERY_RESULTS, body=body)
