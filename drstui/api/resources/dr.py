"""``client.dr``: real-time disaster recovery (seed 4.4)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..models.common import JobIdsParams, PageReq, PagedJobIdsParams
from ..models.dr import (
    DR_MONITORING,
    DR_RPO_RTO,
    DR_STRUCT_DETAIL,
    DR_STRUCT_PROCESS,
    DR_SWITCHOVER,
    StructDetailPath,
    StructObjectType,
    SwitchoverParams,
)
from ._base import Resource, ids_list


class DisasterRecovery(Resource):
    """DR tasks: switchover, RPO/RTO, monitoring and initialization progress."""

    def switchover(self, job_ids: str | Iterable[str], *, pause_job: bool | None = None) -> Any:
        """Switch primary and standby of DR tasks (4.4.1) → `SwitchoverResponse`.

        ``pause_job`` sends the SDK's ``is_pause_job`` (pause the task after switching).
        """
        body = SwitchoverParams(jobs=ids_list(job_ids), is_pause_job=pause_job)
        return self._call_batched(DR_SWITCHOVER, body=body)

    def rpo_rto(self, job_ids: str | Iterable[str]) -> Any:
        """RPO and RTO of DR tasks (4.4.2) → `RpoRtoResponse`."""
        return self._call_batched(DR_RPO_RTO, body=JobIdsParams(jobs=ids_list(job_ids)))

    def monitoring(self, job_ids: str | Iterable[str]) -> Any:
        """DR monitoring data (4.4.3) → `DrMonitoringResponse`."""
        return self._call_batched(DR_MONITORING, body=JobIdsParams(jobs=ids_list(job_ids)))

    def struct_process(self, job_ids: str | Iterable[str]) -> Any:
        """DR initialization progress per object type (4.4.4) → `StructProcessResponse`."""
        return self._call_batched(DR_STRUCT_PROCESS, body=JobIdsParams(jobs=ids_list(job_ids)))

    def struct_detail(
        self,
        type: str | StructObjectType,
        job_ids: str | Iterable[str],
        page: int | PageReq | None = None,
        per_page: int | None = None,
    ) -> Any:
        """DR initialization objects of one ``type`` (4.4.5) → `StructDetailResponse`.

        ``type``: database, schema, table, view, procedure, trigger, index, table_indexes,
        table_structure. ``page``/``per_page`` fill ``page_req`` (service default: 5 per page;
        ``per_page=0`` = all); omitted, no ``page_req`` is sent.
        """
        path = StructDetailPath(type=type)
        if isinstance(page, PageReq):
            page_req: PageReq | None = page
        elif page is None and per_page is None:
            page_req = None
        else:
            fields: dict[str, int] = {"cur_page": 1 if page is None else page}
            if per_page is not None:
                fields["per_page"] = per_page
            page_req = PageReq(**fields)
        body = PagedJobIdsParams(jobs=ids_list(job_ids), page_req=page_req)
        return self._call_batched(DR_STRUCT_DETAIL, body=body, path={"type": path.type.value})
