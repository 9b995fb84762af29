"""Task queries (seed 4.1.19–4.1.23): progress, tenant task list, details, statuses, node types.

Wire notes (reference §2 4.1.19–4.1.23, SDK 3.1.219 ``attribute_map``):

- 4.1.19 progress values are *strings* (``"100"``, ``"94%"``, ``"-1"``); the models keep
  the wire strings and add float properties (`Progress.percent`, `Progress.delay_seconds`).
- 4.1.20 ``create_time`` is ``yyyy-MM-dd HH:mm:ss``; 4.1.21 times are ms-epoch strings.
- 4.1.20 rows carry ``error_msg`` in the seed example although Table 4-149 and the SDK's
  ``JobInfo`` lack it — kept. ``node_newFramework`` is the wire name (SDK alias).
- 4.1.21 ``is_target_readonly`` is the SDK wire name (Table 4-157 says ``is_target_read_only``,
  the example uses ``is_target_READONLY`` and ``is_target_readonly``; all three are accepted).
  ``config_transformation.indexs`` is the SDK wire name (seed: ``indexes``; both accepted).
  ``tags`` arrives as ``[{"key1": "value1"}]`` in the example; the model turns such maps into
  key/value `Tag`s instead of dropping them.
- 4.1.21/4.1.22 are paged by ``page_req`` with a server default of 5 rows: the client sends
  ``per_page=100`` and splits the ids into chunks of 100 unless the caller asks for a page.
- 4.1.22 rows use ``error_message`` (not ``error_msg``).
"""


import re
from typing import Any, Literal

from pydantic import AliasChoices, Field, field_validator, model_validator

from ..spec import api
from ._base import DrsModel, DrsParams, EpochMs, Known, OpenStrEnum, SpaceDateTime
from .common import BatchResults, Endpoint, JobIdsParams, PagedJobIdsParams, Tag, check_job_id
from .enums import DbUseType, EngineType, JobAction, JobDirection, JobStatus, NetType, NodeType, TaskType
from .jobs import PublicIpType  # same enum as 4.1.1's public_ip_list

__all__ = [
    # enums
    "InstStatus",
    "SchemaType",
    "SyncMode",
    # 4.1.19
    "ProgressInfo",
    "Progress",
    "ProgressResponse",
    # 4.1.20
    "QueryJobsParams",
    "JobActionMatrix",
    "ChildJob",
    "JobSummary",
    "JobListResponse",
    "ALL_DB_USE_TYPES",
    # 4.1.21
    "InstInfo",
    "SpeedLimitInfo",
    "TargetRootDb",
    "SubscriptionInfo",
    "AlarmNotifyResp",
    "DatabaseObjectInfo",
    "TransformationInfoResp",
    "ConfigTransformationResp",
    "DataTransformationObject",
    "FilterCondition",
    "DataTransformation",
    "PublicIpConfig",
    "FailedToBindEipChild",
    "PeriodOrderResp",
    "JobDetail",
    "JobDetailsResponse",
    # 4.1.22
    "JobStatusRow",
    "JobStatusesResponse",
    # 4.1.23
    "NodeTypesQuery",
    "NodeTypeInfo",
    "NodeTypesResponse",
    # specs
    "JOBS_PROGRESS",
    "JOBS_LIST",
    "JOBS_DETAILS",
    "JOBS_STATUSES",
    "JOBS_NODE_TYPES",
]


# ---------------------------------------------------------------------------
# Enums used only by these APIs
# ---------------------------------------------------------------------------


class InstStatus(OpenStrEnum):
    """``inst_info.status`` (Table 4-160). The example's ``ACTIVE`` matches case-insensitively."""

    ACTIVE = "active"
    DELETED = "deleted"


class SchemaType(OpenStrEnum):
    """``schema_type`` (Table 4-157): migration scheme."""

    REPLICATION = "Replication"
    TUNGSTEN = "Tungsten"
    PG_BASE_BACKUP = "PGBaseBackup"


class SyncMode(OpenStrEnum):
    """``sync_mode`` (SDK ``QueryJobResp`` only)."""

    DB_LEVEL = "DB_LEVEL"
    SCHEMA_LEVEL = "SCHEMA_LEVEL"
    TABLE_LEVEL = "TABLE_LEVEL"
    FILE_IMPORT = "FILE_IMPORT"
    INSTANCE_LEVEL = "INSTANCE_LEVEL"


_NUMBER_RE = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*%?\s*$")


def _number(text: str | None) -> float | None:
    """``"94%"`` → 94.0, ``"100"`` → 100.0, anything else → None."""
    if text is None:
        return None
    m = _NUMBER_RE.match(str(text))
    return float(m.group(1)) if m else None


# ---------------------------------------------------------------------------
# 4.1.19 Task progress
# ---------------------------------------------------------------------------


class ProgressInfo(DrsModel):
    """One phase of ``progress_map`` (Table 4-144): ``{"completed": "94%", "remaining_time": …}``."""

    completed: str | None = None
    remaining_time: str | None = None

    @property
    def percent(self) -> float | None:
        """``completed`` as a number (``"94%"`` → 94.0)."""
        return _number(self.completed)


class Progress(DrsModel):
    """One row of 4.1.19 (Table 4-143; SDK ``QueryProgressResp``). Wire values stay strings."""

    job_id: str | None = None
    progress: str | None = None
    """Migration percentage as a string, e.g. ``"100"``."""
    incre_trans_delay: str | None = None
    """Incremental delay in seconds (``"-1"`` before the incremental phase)."""
    incre_trans_delay_millis: str | None = None
    task_mode: TaskType | None = None
    transfer_status: JobStatus | None = None
    process_time: EpochMs | None = None
    remaining_time: str | None = None
    progress_map: dict[str, ProgressInfo] | None = None
    """Keys seen: ``struct``, ``data``, ``index``."""
    error_code: str | None = None
    error_msg: str | None = None
    # SDK extras: incremental apply rate; -1 = not yet incremental.
    apply_rows_rate: int | None = None
    apply_bytes_rate: int | None = None

    @property
    def percent(self) -> float | None:
        """``progress`` as a float (``"100"`` → 100.0); None when absent or not a number."""
        return _number(self.progress)

    @property
    def delay_seconds(self) -> float | None:
        """Incremental delay in seconds (from the ms field when present); None when negative/unknown."""
        millis = _number(self.incre_trans_delay_millis)
        if millis is not None:
            return millis / 1000 if millis >= 0 else None
        secs = _number(self.incre_trans_delay)
        return secs if secs is not None and secs >= 0 else None

    @property
    def phase_percent(self) -> dict[str, float | None]:
        """``progress_map`` as ``{"struct": 94.0, "data": 100.0, …}``."""
        return {k: v.percent for k, v in (self.progress_map or {}).items()}


class ProgressResponse(BatchResults[Progress]):
    """4.1.19 response (Table 4-142)."""


# ---------------------------------------------------------------------------
# 4.1.20 List tenant tasks
# ---------------------------------------------------------------------------

#: The list API needs one scenario per call; `iter_all` walks all three.
ALL_DB_USE_TYPES: tuple[DbUseType, ...] = (DbUseType.MIGRATION, DbUseType.SYNC, DbUseType.CLOUD_DATA_GUARD)


class QueryJobsParams(DrsParams):
    """4.1.20 body (Table 4-147; SDK ``QueryJobsReq``).

    Empty strings are accepted for the text filters because the seed examples send them
    (a server treats ``""`` as "no filter"); the client omits filters that are None.
    """

    cur_page: int = Field(default=1, ge=0, description="page number; 0 = all (only with per_page 0)")
    per_page: int = Field(default=10, ge=0, le=100, description="0-100; 0 = all")
    db_use_type: Known[DbUseType]
    engine_type: Known[EngineType] | Literal[""] | None = None
    enterprise_project_id: str | None = None
    name: str | None = Field(default=None, description="task name, or up to 100 task ids joined by commas")
    net_type: Known[NetType] | Literal[""] | None = None
    service_name: str | None = None
    status: Known[JobStatus] | Literal[""] | None = None
    tags: dict[str, str] | None = None
    instance_ids: list[str] | None = Field(default=None, max_length=10)
    instance_ip: str | None = None

    @field_validator("name")
    @classmethod
    def _name_ids(cls, v: str | None) -> str | None:
        if v is None or "," not in v:
            return v
        parts = [p.strip() for p in v.split(",")]
        if len(parts) > 100:
            raise ValueError(f"name may hold at most 100 comma-separated task ids (got {len(parts)})")
        for i, part in enumerate(parts):
            try:
                check_job_id(part)
            except ValueError as exc:
                raise ValueError(f"name: comma-separated entry {i + 1} {exc}") from None
        return v

    @model_validator(mode="after")
    def _all_pages(self) -> "QueryJobsParams":
        if self.per_page == 0 and self.cur_page not in (0, 1):
            raise ValueError("when per_page is 0 (all rows), cur_page must be 0 or 1")
        return self


class JobActionMatrix(DrsModel):
    """``job_action`` (Table 4-151; SDK ``JobActionResp``): what can be done with a task now."""

    available_actions: list[JobAction] = Field(default_factory=list)
    unavailable_actions: list[JobAction] = Field(default_factory=list)
    current_action: JobAction | None = None
    """``SWITCH_OVER`` while a DR switchover runs, ``STOP_JOB`` while pausing."""

    def can(self, action: str | JobAction) -> bool:
        """True when ``action`` is available (the seed once lists DELETE as both; available wins)."""
        return JobAction(action) in self.available_actions


class ChildJob(DrsModel):
    """A subtask row of 4.1.20 ``children`` (Table 4-150; SDK ``ChildrenJobInfo``)."""

    id: str | None = None
    name: str | None = None
    status: JobStatus | None = None
    description: str | None = None
    create_time: SpaceDateTime | None = None
    error_msg: str | None = None
    engine_type: EngineType | None = None
    net_type: NetType | None = None
    billing_tag: bool | None = None
    job_direction: JobDirection | None = None
    db_use_type: DbUseType | None = None
    task_type: TaskType | None = None
    node_new_framework: bool | None = Field(default=None, alias="node_newFramework")
    job_action: JobActionMatrix | None = None


class JobSummary(ChildJob):
    """A task row of 4.1.20 (Table 4-149; SDK ``JobInfo``).

    ``error_msg`` is not in Table 4-149 or the SDK but the seed example rows carry it.
    """

    children: list[ChildJob] = Field(default_factory=list)


class JobListResponse(DrsModel):
    """4.1.20 response (Table 4-148; SDK ``ShowJobListResponse``)."""

    total_record: int | None = None
    jobs: list[JobSummary] = Field(default_factory=list)


# ---------------------------------------------------------------------------
# 4.1.21 Task details
# ---------------------------------------------------------------------------


class InstInfo(DrsModel):
    """Replication instance (Table 4-160; SDK ``InstInfo``)."""

    engine_type: EngineType | None = None
    inst_type: str | None = None
    ip: str | None = None
    public_ip: str | None = None
    start_time: EpochMs | None = None
    """Scheduled start (ms epoch string; ``"0"`` = none scheduled)."""
    status: InstStatus | None = None
    volume_size: int | None = None


class SpeedLimitInfo(DrsModel):
    """A flow-control window as reported (Table 4-161; SDK ``SpeedLimitInfo``).

    Read-side twin of `drstui.api.models.jobs.SpeedWindow` (the strict 4.1.8 request model).
    """

    begin: str | None = None
    end: str | None = None
    speed: str | None = None
    is_utc: bool | None = None


class TargetRootDb(DrsModel):
    """Table 4-162 (SDK ``DefaultRootDb``)."""

    db_name: str | None = None
    db_encoding: str | None = None


class SubscriptionInfo(DrsModel):
    """Table 4-164: SMN subscription (``protocol`` ``sms`` or ``email``; SDK ``SubscriptionInfo``).

    Read-side twin of `drstui.api.models.jobs.AlarmSubscription`.
    """

    endpoints: list[str] = Field(default_factory=list)
    protocol: str | None = None


class AlarmNotifyResp(DrsModel):
    """Exception notification settings as reported (Table 4-163; SDK ``QuerySmnInfoResp``, which
    adds ``topic_name`` to the request's ``AlarmNotifyInfo``). Delays in seconds."""

    subscriptions: list[SubscriptionInfo] = Field(default_factory=list)
    topic_name: str | None = None
    delay_time: int | None = None
    rto_delay: int | None = None
    rpo_delay: int | None = None
    alarm_to_user: bool | None = None


class DatabaseObjectInfo(DrsModel):
    """Selected object (Table 4-165; SDK ``DatabaseObjectInfo``).

    ``select`` (``"true"``/``"false"``/``"partial"``) is not in the table or SDK but every
    example item carries it; kept.
    """

    id: str | None = None
    parent_id: str | None = None
    type: str | None = None
    name: str | None = None
    alias_name: str | None = None
    select: str | None = None


class TransformationInfoResp(DrsModel):
    """Table 4-169 as *reported* by 4.1.21 (SDK ``TransformationInfo``).

    The same wire object is sent by 4.3.1 as the strict request model
    `drstui.api.models.policies.TransformationInfo`; this read-side twin is tolerant
    (unknown fields ignored, no length/shape rules) so a details response never fails on it.
    """

    transformation_type: str | None = None
    value: str | None = None


class ConfigTransformationResp(DrsModel):
    """Table 4-170 as reported by 4.1.21 (SDK ``ConfigTransformationVo``); tolerant twin of
    `drstui.api.models.policies.ConfigTransformation`. Wire name ``indexs`` per SDK; seed ``indexes`` accepted."""

    db_table_name: str | None = None
    db_name: str | None = None
    table_name: str | None = None
    col_names: str | None = None
    prim_key_or_index: str | None = None
    indexes: str | None = Field(default=None, alias="indexs", validation_alias=AliasChoices("indexs", "indexes"))
    values: str | None = None


class DataTransformationObject(DrsModel):
    """Table 4-168 (SDK ``DataTransformationObjectVO``, which adds ``db_name``)."""

    id: str | None = None
    data_transformation_type: str | None = None
    db_name: str | None = None
    schema_name: str | None = None
    table_name: str | None = None


class FilterCondition(DrsModel):
    """Table 4-167 (SDK ``DataTransformationInfo``)."""

    transformation_info: TransformationInfoResp | None = None
    config_transformation: ConfigTransformationResp | None = None
    data_transformation_object_infos: list[DataTransformationObject] = Field(default_factory=list)


class DataTransformation(DrsModel):
    """Table 4-166 (SDK ``GetDataTransformationResp``): at most 10,000 conditions are returned."""

    total_count: int | None = None
    filter_conditions: list[FilterCondition] = Field(default_factory=list)


class PublicIpConfig(DrsModel):
    """Table 4-172 (SDK ``PublicIpConfig``); read-side twin of `drstui.api.models.jobs.PublicIp`."""

    id: str | None = None
    public_ip: str | None = None
    type: PublicIpType | None = None


class FailedToBindEipChild(DrsModel):
    """Table 4-173: a subtask whose EIP binding failed."""

    id: str | None = None
    name: str | None = None


class PeriodOrderResp(DrsModel):
    """Yearly/monthly order (SDK ``PeriodOrderResp`` only)."""

    status: str | None = None
    order_id: str | None = None
    charging_mode: int | None = None
    period_type: int | None = None
    period_num: int | None = None
    is_auto_renew: int | None = None
    eff_time: str | None = None
    exp_time: str | None = None


def _tags_tolerant(value: Any) -> Any:
    """Accept key/value tags and the example's ``[{"key1": "value1", "key2": "value2"}]`` maps.

    A map without a ``key`` entry becomes one `Tag` per pair, so no data is dropped.
    """
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        return value
    out: list[Any] = []
    for item in value:
        if isinstance(item, dict) and "key" not in item:
            out.extend({"key": str(k), "value": "" if v is None else str(v)} for k, v in item.items())
        else:
            out.append(item)
    return out


class JobDetail(DrsModel):
    """One task of 4.1.21 (Table 4-157 plus the SDK ``QueryJobResp`` extras)."""

    # identity / state
    id: str | None = None
    parent_id: str | None = None
    name: str | None = None
    status: JobStatus | None = None
    description: str | None = None
    create_time: EpochMs | None = None
    update_time: EpochMs | None = None
    actual_start_time: EpochMs | None = None
    full_transfer_complete_time: EpochMs | None = None
    task_type: TaskType | None = None
    db_use_type: DbUseType | None = None
    job_direction: JobDirection | None = None
    original_job_direction: JobDirection | None = None
    net_type: NetType | None = None
    failed_reason: str | None = None
    error_code: str | None = None
    error_message: str | None = None
    # endpoints (Table 4-158's caption says dmc_endpoint; the field and SDK say dmq_endpoint)
    source_endpoint: Endpoint | None = None
    target_endpoint: Endpoint | None = None
    dmq_endpoint: Endpoint | None = None
    source_sharding: list[Endpoint] | None = None
    inst_info: InstInfo | None = None
    # settings
    need_restart: bool | None = None
    is_target_readonly: bool | None = Field(
        default=None,
        alias="is_target_readonly",
        validation_alias=AliasChoices("is_target_readonly", "is_target_read_only", "is_target_READONLY"),
    )
    conflict_policy: str | None = None
    filter_ddl_policy: str | None = None
    speed_limit: list[SpeedLimitInfo] | None = None
    schema_type: SchemaType | None = None
    node_num: int | str | None = None
    """Seed: string; SDK: int. Kept as sent."""
    object_switch: bool | None = None
    master_job_id: str | None = None
    full_mode: str | None = None
    struct_trans: bool | None = None
    index_trans: bool | None = None
    replace_definer: bool | None = None
    migrate_user: bool | None = None
    sync_database: bool | None = None
    multi_write: bool | None = None
    support_ip_v6: bool | None = None
    inherit_id: str | None = None
    gtid: str | None = None
    incre_start_position: str | None = None
    is_open_fast_clean: bool | None = None
    # placement
    az_code: str | None = None
    vpc_id: str | None = None
    subnet_id: str | None = None
    security_group_id: str | None = None
    target_root_db: TargetRootDb | None = None
    # notifications, objects, filters
    alarm_notify: AlarmNotifyResp | None = None
    object_infos: list[DatabaseObjectInfo] | None = None
    data_transformation: DataTransformation | None = None
    tags: list[Tag] | None = None
    public_ip_list: list[PublicIpConfig] | None = None
    bind_public_ip_state: str | None = None
    children: list[FailedToBindEipChild] | None = None
    # SDK extras
    is_multi_az: bool | None = None
    az_name: str | None = None
    master_az: str | None = None
    slave_az: str | None = None
    node_role: str | None = None
    period_order: PeriodOrderResp | None = None
    job_kernel_direction: JobDirection | None = None
    """DR kernel direction: the opposite of ``job_direction`` while a switchover runs."""
    sync_mode: SyncMode | None = None

    @field_validator("tags", mode="before")
    @classmethod
    def _tags(cls, v: Any) -> Any:
        return _tags_tolerant(v)


class JobDetailsResponse(BatchResults[JobDetail]):
    """4.1.21 response (Table 4-156)."""


# ---------------------------------------------------------------------------
# 4.1.22 Task statuses
# ---------------------------------------------------------------------------


class JobStatusRow(DrsModel):
    """Table 4-179 (SDK ``QueryJobStatusResp``): note ``error_message``, not ``error_msg``.

    Looks like a `BatchResult` but is another wire object: ``status`` is the task's `JobStatus`.
    """

    id: str | None = None
    status: JobStatus | None = None
    error_code: str | None = None
    error_message: str | None = None


class JobStatusesResponse(BatchResults[JobStatusRow]):
    """4.1.22 response (Table 4-178)."""


# ---------------------------------------------------------------------------
# 4.1.23 Available node types
# ---------------------------------------------------------------------------


class NodeTypesQuery(DrsParams):
    """4.1.23 query (Table 4-181; SDK ``ListAvailableNodeTypesRequest``)."""

    engine_type: Known[EngineType]
    db_use_type: Known[DbUseType]
    job_direction: Known[JobDirection]
    is_use_sellout_info: bool = False
    is_multi_write: bool = False


class NodeTypeInfo(DrsModel):
    """Table 4-184 (SDK ``QuerySupportNodeTypeBean``). The example's ``large`` is kept as an unknown value."""

    node_type: NodeType | None = None
    is_sellout: bool | None = None


class NodeTypesResponse(DrsModel):
    """4.1.23 response (Table 4-183)."""

    node_types: list[NodeTypeInfo] = Field(default_factory=list)

    @property
    def available(self) -> list[NodeType]:
        """Node types not reported as sold out."""
        return [n.node_type for n in self.node_types if n.node_type is not None and not n.is_sellout]


# ---------------------------------------------------------------------------
# Specs
# ---------------------------------------------------------------------------

JOBS_PROGRESS = api(
    key="jobs.progress",
    section="4.1.19",
    title="Query task progress in batches",
    method="POST",
    path="/v3/{project_id}/jobs/batch-progress",
    sdk_method="batch_list_progresses",
    status=200,  # the seed's status table says 202; the response section and example say 200
    body=JobIdsParams,
    response=ProgressResponse,
    batch_field="jobs",
    batch_size=100,
)

JOBS_LIST = api(
    key="jobs.list",
    section="4.1.20",
    title="Query tasks of a tenant",
    method="POST",
    path="/v3/{project_id}/jobs",
    sdk_method="show_job_list",
    status=200,
    body=QueryJobsParams,
    response=JobListResponse,
)

JOBS_DETAILS = api(
    key="jobs.details",
    section="4.1.21",
    title="Query task details in batches",
    method="POST",
    path="/v3/{project_id}/jobs/batch-detail",
    sdk_method="batch_list_job_details",
    status=200,
    body=PagedJobIdsParams,
    response=JobDetailsResponse,
    batch_field="jobs",
    batch_size=100,
)

JOBS_STATUSES = api(
    key="jobs.statuses",
    section="4.1.22",
    title="Query task statuses in batches",
    method="POST",
    path="/v3/{project_id}/jobs/batch-status",
    sdk_method="batch_list_job_status",
    status=200,
    body=PagedJobIdsParams,
    response=JobStatusesResponse,
    batch_field="jobs",
    batch_size=100,
)

JOBS_NODE_TYPES = api(
    key="jobs.node_types",
    section="4.1.23",
    title="Query available node specifications",
    method="GET",
    path="/v3/{project_id}/node-type",
    sdk_method="list_available_node_types",
    status=200,
    query=NodeTypesQuery,
    response=NodeTypesResponse,
)
