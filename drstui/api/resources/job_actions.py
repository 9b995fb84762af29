"""Task actions on ``client.jobs`` (seed 4.1.1–4.1.8, 4.1.11–4.1.16).

Every method validates its arguments into the request model first, so bad input raises
``pydantic.ValidationError`` before anything is sent. Methods that take task ids accept any
iterable of ids (a single id string also works) and go through ``_call_batched`` so the client
core can split long lists.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from ..models.common import Endpoint, JobIdsParams, Kerberos
from ..models.jobs import (
    CREATE_JOBS,
    MODIFY_JOBS,
    PAUSE_JOBS,
    PRECHECK,
    PRECHECK_RESULTS,
    RESET_PASSWORDS,
    RESUME_JOBS,
    SELECT_OBJECTS,
    SET_DEFINER,
    SET_SPEED_LIMITS,
    START_JOBS,
    STOP_OR_DELETE_JOBS,
    TEST_CLUSTER_CONNECTIONS,
    TEST_CONNECTIONS,
    ClusterConnectionJob,
    ClusterConnectionsParams,
    ClusterNode,
    CreateJob,
    CreateJobsParams,
    DbObject,
    DeleteType,
    ModifyJob,
    ModifyJobsParams,
    PauseJobsParams,
    PrecheckParams,
    ResetPasswordsParams,
    RetryJobsParams,
    SelectObjectsJob,
    SelectObjectsParams,
    SetDefinerParams,
    SpeedLimit,
    SpeedLimitsParams,
    SpeedWindow,
    StartJobsParams,
    StopOrDeleteParams,
    TestConnectionsParams,
)
from ._base import Resource, Rows, given_or_rows, ids_list, rows_list

__all__ = ["JobActionsMixin", "ids_list"]  # ids_list: defined in ._base, re-exported


def _window(w: SpeedWindow | Mapping[str, Any] | tuple[Any, ...]) -> Any:
    """A window given as a model, a dict, or a tuple ``(begin, end, speed)``."""
    if isinstance(w, tuple):
        begin, end, speed = w
        return {"begin": begin, "end": end, "speed": speed}
    return w


class JobActionsMixin(Resource):
    """Create, configure, check, start, pause, resume, stop and delete tasks."""

    # -- 4.1.1 ---------------------------------------------------------------
    def create(self, jobs: Rows | CreateJobsParams) -> Any:
        """Create migration, sync or DR tasks in one call (seed 4.1.1). Returns `CreateJobsResponse`."""
        body = jobs if isinstance(jobs, CreateJobsParams) else CreateJobsParams(jobs=rows_list(jobs))
        return self._call_batched(CREATE_JOBS, body=body)

    def create_one(
        self,
        *,
        name: str,
        db_use_type: str,
        engine_type: str,
        job_direction: str,
        net_type: str,
        node_type: str,
        source_endpoint: Endpoint | Mapping[str, Any],
        target_endpoint: Endpoint | Mapping[str, Any],
        customize_sutnet_id: str,
        task_type: str = "FULL_INCR_TRANS",
        **extra: Any,
    ) -> Any:
        """Create one task from keyword arguments (seed 4.1.1); ``extra`` takes any other `CreateJob` field."""
        job = CreateJob(
            name=name,
            db_use_type=db_use_type,
            engine_type=engine_type,
            job_direction=job_direction,
            net_type=net_type,
            node_type=node_type,
            source_endpoint=source_endpoint,
            target_endpoint=target_endpoint,
            customize_sutnet_id=customize_sutnet_id,
            task_type=task_type,
            **extra,
        )
        return self._call(CREATE_JOBS, body=CreateJobsParams(jobs=[job]))

    # -- 4.1.2 / 4.1.3 -------------------------------------------------------
    def test_connections(self, endpoints: Rows | TestConnectionsParams) -> Any:
        """Test source/target connections, one row per endpoint (seed 4.1.2). Returns `ConnectionTestResponse`."""
        if isinstance(endpoints, TestConnectionsParams):
            body = endpoints
        else:
            body = TestConnectionsParams(jobs=rows_list(endpoints))
        return self._call_batched(TEST_CONNECTIONS, body=body)

    def test_cluster_connections(
        self,
        jobs: Rows | ClusterConnectionsParams | None = None,
        *,
        job_id: str | None = None,
        nodes: Iterable[ClusterNode | Mapping[str, Any]] | None = None,
        action: str = "testConnection",
    ) -> Any:
        """Test the nodes of a clustered endpoint (seed 4.1.3): ``job_id`` (parent task) + ``nodes``, or ``jobs``."""
        body = given_or_rows(
            ClusterConnectionsParams, jobs, single=job_id is not None or nodes is not None,
            conflict="give either jobs or job_id + nodes, not both",
        )  # fmt: skip
        if body is None:
            if job_id is None or nodes is None:
                raise ValueError("give jobs, or job_id and nodes")
            body = ClusterConnectionsParams(
                jobs=[ClusterConnectionJob.model_validate({"action": action, "job_id": job_id, "nodes": list(nodes)})]
            )
        return self._call_batched(TEST_CLUSTER_CONNECTIONS, body=body)

    # -- 4.1.4 ---------------------------------------------------------------
    def modify(self, jobs: Rows | ModifyJobsParams | None = None, *, job_id: str | None = None, **changes: Any) -> Any:
        """Rename, describe, set alarms or push the endpoint configuration (seed 4.1.4).

        Either ``jobs=[ModifyJob|dict, …]`` or one task as ``job_id=…, name=…, description=…``.
        """
        body = given_or_rows(
            ModifyJobsParams, jobs, single=job_id is not None or bool(changes),
            conflict="give either jobs or job_id + fields, not both",
        )  # fmt: skip
        if body is None:
            if job_id is None:
                raise ValueError("give jobs, or job_id and the fields to change")
            body = ModifyJobsParams(jobs=[ModifyJob(job_id=job_id, **changes)])
        return self._call_batched(MODIFY_JOBS, body=body)

    # -- 4.1.5 ---------------------------------------------------------------
    def select_objects(
        self,
        jobs: Rows | SelectObjectsParams | None = None,
        *,
        job_id: str | None = None,
        objects: Iterable[DbObject | Mapping[str, Any]] | None = None,
        selected: bool | None = None,
        sync_database: bool | None = None,
    ) -> Any:
        """Choose the databases/tables to migrate (seed 4.1.5). Returns `SelectObjectsResponse`.

        One task: ``job_id=…, objects=[…]`` (``selected`` defaults to true), or ``job_id=…`` alone to
        migrate everything (``selected=false``). Several: ``jobs=[SelectObjectsJob|dict, …]``.
        """
        body = given_or_rows(
            SelectObjectsParams, jobs, single=job_id is not None or objects is not None,
            conflict="give either jobs or job_id + objects, not both",
        )  # fmt: skip
        if body is None:
            if job_id is None:
                raise ValueError("give jobs, or job_id (and objects)")
            objs = list(objects) if objects is not None else None
            if selected is None:
                selected = bool(objs)
            body = SelectObjectsParams(
                jobs=[
                    SelectObjectsJob(
                        job_id=job_id, selected=selected, sync_database=sync_database, job=objs if objs is not None else []
                    )
                ]
            )
        return self._call_batched(SELECT_OBJECTS, body=body)

    # -- 4.1.6 / 4.1.7 -------------------------------------------------------
    def precheck(self, job_ids: str | Iterable[str], mode: str = "forStartJob") -> Any:
        """Start the pre-check of tasks (seed 4.1.6); ``mode`` forStartJob or forRetryJob. Returns `PrecheckResponse`."""
        body = PrecheckParams(jobs=[{"job_id": i, "precheck_mode": mode} for i in ids_list(job_ids)])
        return self._call_batched(PRECHECK, body=body)

    def precheck_results(self, job_ids: str | Iterable[str]) -> Any:
        """Pre-check results per task (seed 4.1.7). Returns `PrecheckResultsResponse`."""
        return self._call_batched(PRECHECK_RESULTS, body=JobIdsParams(jobs=ids_list(job_ids)))

    # -- 4.1.8 ---------------------------------------------------------------
    def set_speed_limits(
        self,
        job_ids: str | Iterable[str] | None = None,
        windows: Iterable[SpeedWindow | Mapping[str, Any] | tuple[Any, ...]] | None = None,
        *,
        limits: Iterable[SpeedLimit | Mapping[str, Any]] | SpeedLimitsParams | None = None,
    ) -> Any:
        """Set flow-control windows (seed 4.1.8): the same ``windows`` for every id, or per-task ``limits``.

        A window is a `SpeedWindow`, a dict, or ``(begin, end, speed)`` such as ``("16:00", "15:59", 15)``
        (all day); ``windows=[]`` removes the limit.
        """
        body = given_or_rows(
            SpeedLimitsParams, limits, field="speed_limits", single=job_ids is not None or windows is not None,
            conflict="give either limits or job_ids + windows, not both",
        )  # fmt: skip
        if body is None:
            if job_ids is None or windows is None:
                raise ValueError("give job_ids and windows (windows=[] removes the limit), or limits")
            ws = [_window(w) for w in windows]
            body = SpeedLimitsParams(speed_limits=[{"job_id": i, "speed_limit": ws} for i in ids_list(job_ids)])
        return self._call_batched(SET_SPEED_LIMITS, body=body)

    def remove_speed_limits(self, job_ids: str | Iterable[str]) -> Any:
        """Remove flow control from tasks: ``speed_limit: []`` (seed 4.1.8)."""
        return self.set_speed_limits(job_ids, [])

    # -- 4.1.11–4.1.14 -------------------------------------------------------
    def start(
        self,
        job_ids: str | Iterable[str],
        start_time: datetime | int | str | None = None,
        *,
        is_only_init_task: bool | None = None,
        is_auto_create_compare: bool | None = None,
    ) -> Any:
        """Start tasks now, or at ``start_time`` (aware datetime or ms epoch) (seed 4.1.11)."""
        extra = {
            k: v
            for k, v in (("is_only_init_task", is_only_init_task), ("is_auto_create_compare", is_auto_create_compare))
            if v is not None
        }
        body = StartJobsParams(
            jobs=[{"job_id": i, "start_time": start_time, **extra} for i in ids_list(job_ids)]
        )
        return self._call_batched(START_JOBS, body=body)

    def resume(self, job_ids: str | Iterable[str], is_sync_re_edit: bool | None = None) -> Any:
        """Resume paused tasks or retry failed ones (seed 4.1.12)."""
        row = {} if is_sync_re_edit is None else {"is_sync_re_edit": is_sync_re_edit}
        body = RetryJobsParams(jobs=[{"job_id": i, **row} for i in ids_list(job_ids)])
        return self._call_batched(RESUME_JOBS, body=body)

    retry = resume

    def pause(self, job_ids: str | Iterable[str], mode: str = "target") -> Any:
        """Pause tasks (seed 4.1.13): ``mode`` target (stop replay) or all (stop capture and replay)."""
        body = PauseJobsParams(jobs=[{"job_id": i, "pause_mode": mode} for i in ids_list(job_ids)])
        return self._call_batched(PAUSE_JOBS, body=body)

    def stop(self, job_ids: str | Iterable[str], force: bool = False, show_breakpoint: bool | None = None) -> Any:
        """Stop tasks, ``force=True`` for a forced stop (seed 4.1.14, DELETE with a body)."""
        delete_type = DeleteType.FORCE_TERMINATE if force else DeleteType.TERMINATE
        return self._stop_or_delete(job_ids, delete_type, show_breakpoint)

    def delete(self, job_ids: str | Iterable[str]) -> Any:
        """Delete stopped or failed-to-create tasks (seed 4.1.14, DELETE with a body)."""
        return self._stop_or_delete(job_ids, DeleteType.DELETE, None)

    def _stop_or_delete(self, job_ids: str | Iterable[str], delete_type: DeleteType, show: bool | None) -> Any:
        row: dict[str, Any] = {"delete_type": delete_type}
        if show is not None:
            row["is_show_breakpoint_position"] = show
        body = StopOrDeleteParams(jobs=[{"job_id": i, **row} for i in ids_list(job_ids)])
        return self._call_batched(STOP_OR_DELETE_JOBS, body=body)

    # -- 4.1.15 / 4.1.16 -----------------------------------------------------
    def reset_passwords(
        self,
        rows: Rows | ResetPasswordsParams | None = None,
        *,
        job_id: str | None = None,
        source_password: str | None = None,
        target_password: str | None = None,
        kerberos: Kerberos | Mapping[str, Any] | None = None,
    ) -> Any:
        """Change the source and/or target DB password of running tasks (seed 4.1.15).

        One task: ``job_id=…, source_password=…, target_password=…``; several: ``rows=[PasswordReset|dict]``.
        """
        body = given_or_rows(
            ResetPasswordsParams, rows, single=job_id is not None,
            conflict="give either rows or job_id + passwords, not both",
        )  # fmt: skip
        if body is None:
            if job_id is None or (source_password is None and target_password is None):
                raise ValueError("give rows, or job_id with source_password and/or target_password")
            made: list[dict[str, Any]] = []
            for end, pwd in (("so", source_password), ("ta", target_password)):
                if pwd is not None:
                    row: dict[str, Any] = {"job_id": job_id, "end_point_type": end, "db_password": pwd}
                    if kerberos is not None:
                        row["kerberos"] = kerberos
                    made.append(row)
            body = ResetPasswordsParams(jobs=made)
        return self._call_batched(RESET_PASSWORDS, body=body)

    def set_definer(self, job_ids: str | Iterable[str], replace_definer: bool = True) -> Any:
        """Replace object definers by the migration user, or keep them (seed 4.1.16)."""
        body = SetDefinerParams(jobs=[{"job_id": i, "replace_definer": replace_definer} for i in ids_list(job_ids)])
        return self._call_batched(SET_DEFINER, body=body)
