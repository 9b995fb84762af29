"""Real-time disaster recovery (seed 4.4.1–4.4.5).

Switchover, RPO/RTO, monitoring data and initialization progress/details of DR tasks.
Every request is an id list (``{"jobs": [...]}``, 4.4.5 adds ``page_req``).

Wire quirks handled here:

- 4.4.1 ``is_target_readonly``: Table 4-282 says ``is_target_read_only``, the example
  ``is_target_READONLY``; the SDK (``SwitchoverResp.attribute_map``) says
  ``is_target_readonly``, which is sent; all three are read.
- 4.4.1 Table 4-283 ``full_trans_use_r_pwd`` is a PDF break of ``full_trans_user_pwd``.
- 4.4.3 the monitor object really is ``data_guard_minitor``; its camel-case keys
  (``cpuUsed_percent``, ``mem_used_inMB`` …) follow the example and the SDK; Table 4-296's
  ``mem_used_in_MB`` / ``node_mem_in_MB`` are read too.
- 4.4.4 ``start_time``/``end_time`` are millisecond epoch *numbers*; ``create_time`` in
  4.4.4/4.4.5 is a millisecond epoch *string*.
- 4.4.5 wire names ``src_DB``, ``src_TB``, ``dst_DB``, ``dst_TB`` and ``list``.
"""


from typing import Any

from pydantic import AliasChoices, Field, field_validator

from ..spec import api
from ._base import DrsModel, DrsParams, EpochMs, EpochMsInt, IsoDateTime, Known, OpenStrEnum, Secret, SpaceDateTime
# Kerberos (SDK KerberosVO) is one wire object shared with 4.1.15; defined in common, re-exported here.
from .common import BatchResults, JobIdsParams, Kerberos, PagedJobIdsParams, describe_db
from .enums import DbType, JobDirection

__all__ = [
    "ClusterMode",
    "MongoHaMode",
    "StructObjectType",
    "STRUCT_DETAIL_TYPES",
    "SwitchoverParams",
    "Kerberos",
    "DrDatabase",
    "SwitchoverResult",
    "SwitchoverResponse",
    "RpoRtoPoint",
    "RpoRtoResult",
    "RpoRtoResponse",
    "DrMonitor",
    "DrMonitoringResult",
    "DrMonitoringResponse",
    "StructProcessItem",
    "StructProcess",
    "StructProcessResult",
    "StructProcessResponse",
    "StructDetailPath",
    "StructDetailItem",
    "StructDetail",
    "StructDetailResult",
    "StructDetailResponse",
    "DR_SWITCHOVER",
    "DR_RPO_RTO",
    "DR_MONITORING",
    "DR_STRUCT_PROCESS",
    "DR_STRUCT_DETAIL",
]


class ClusterMode(OpenStrEnum):
    """4.4.1 DbVO ``cluster_mode`` (Table 4-283)."""

    SINGLE = "Single"
    HA = "Ha"
    GR = "GR"
    SHARDING = "Sharding"
    REPLICA_SET = "ReplicaSet"
    REPLICA = "Replica"
    REPLICA_SINGLE = "ReplicaSingle"
    CLUSTER = "Cluster"


class MongoHaMode(OpenStrEnum):
    """4.4.1 DbVO ``mongo_ha_mode`` (Table 4-283)."""

    SHARDING = "Sharding"
    REPLICA_SET = "ReplicaSet"
    REPLICA_SINGLE = "ReplicaSingle"


class StructObjectType(OpenStrEnum):
    """DR structure object types: the 4.4.5 path ``type`` values plus ``function`` (seen in 4.4.4)."""

    DATABASE = "database"
    SCHEMA = "schema"
    TABLE = "table"
    VIEW = "view"
    PROCEDURE = "procedure"
    TRIGGER = "trigger"
    INDEX = "index"
    TABLE_INDEXES = "table_indexes"
    TABLE_STRUCTURE = "table_structure"
    FUNCTION = "function"


#: The values 4.4.5 accepts in its path (Table 4-304); ``function`` is not among them.
STRUCT_DETAIL_TYPES: tuple[str, ...] = (
    "database",
    "schema",
    "table",
    "view",
    "procedure",
    "trigger",
    "index",
    "table_indexes",
    "table_structure",
)


# ---------------------------------------------------------------------------
# 4.4.1 switchover
# ---------------------------------------------------------------------------


class SwitchoverParams(JobIdsParams):
    """Body of 4.4.1 (Table 4-280) plus the SDK's ``is_pause_job`` (``BatchSwitchoverReq``)."""

    is_pause_job: bool | None = None
    """Pause the DR task after the switchover (SDK; service default false)."""


class DrDatabase(DrsModel):
    """A DR source or target database as 4.4.1 returns it (Table 4-283; SDK ``EndpointVO``).

    Not the shared `Endpoint` (SDK ``Endpoint``): a different wire object with its own fields
    (``instance_name``, ``manage_ip``, ``traffic_ip``, ``kerberos_vo`` …).
    """

    id: str | None = None
    obj_id: str | None = None
    instance_name: str | None = None
    db_type: DbType | None = None
    db_user: str | None = None
    db_password: Secret | None = None
    manage_ip: str | None = None
    traffic_ip: str | None = None
    db_port: int | None = None
    region: str | None = None
    created_at: IsoDateTime | None = None
    updated_at: IsoDateTime | None = None
    ip: str | None = None
    """Private IP of the replication instance."""
    public_ip: str | None = None
    az_code: str | None = None
    security_group_id: str | None = None
    subnet_id: str | None = None
    vpc_id: str | None = None
    volume_size: int | None = None
    # Table 4-283 prints "full_trans_use_r_pwd" (PDF break); example and SDK: full_trans_user_pwd.
    full_trans_user_pwd: Secret | None = Field(
        default=None, validation_alias=AliasChoices("full_trans_user_pwd", "full_trans_use_r_pwd")
    )
    increment_trans_user_pwd: Secret | None = None
    ssl_link: bool | None = None
    ssl_cert_key: Secret | None = None
    ssl_cert_name: str | None = None
    ssl_cert_check_sum: str | None = None
    ssl_cert_password: Secret | None = None
    db_version: str | None = None
    mongo_ha_mode: MongoHaMode | None = None
    project_id: str | None = None
    cluster_mode: ClusterMode | None = None
    instance_id: str | None = None
    db_name: str | None = None
    """Oracle service name."""
    topic: str | None = None
    safe_mode: int | None = None
    """MRS Kafka: 0 non-secure, 1 Kerberos."""
    kerberos_vo: Kerberos | None = None
    multi_write_db_id: str | None = None

    def describe(self) -> str:
        """One line for screens: engine, instance/address, user — never the password."""
        where = self.instance_name or self.ip or self.traffic_ip or self.instance_id
        return describe_db(self.db_type, where, self.db_port, self.db_user)


class SwitchoverResult(DrsModel):
    """One switched task (Table 4-282; SDK ``SwitchoverResp``)."""

    job_id: str | None = None
    updated_at: IsoDateTime | None = None
    source_db: DrDatabase | None = None
    target_db: DrDatabase | None = None
    job_direction: JobDirection | None = None
    """The direction after the switchover."""
    is_target_readonly: bool | None = Field(
        default=None,
        validation_alias=AliasChoices("is_target_readonly", "is_target_read_only", "is_target_READONLY"),
        serialization_alias="is_target_readonly",
    )
    error_msg: str | None = None
    error_code: str | None = None

    @property
    def ok(self) -> bool:
        return not self.error_code


class SwitchoverResponse(BatchResults[SwitchoverResult]):
    """4.4.1 response (Table 4-281; SDK ``BatchSwitchoverResponse``)."""


# ---------------------------------------------------------------------------
# 4.4.2 RPO and RTO
# ---------------------------------------------------------------------------


class RpoRtoPoint(DrsModel):
    """An RPO or RTO point (Table 4-290; SDK ``RpoAndRtoInfo``)."""

    check_point: str | None = None
    """Binlog position, e.g. ``mysql-bin.000514:197``."""
    delay: str | None = None
    """Delay in milliseconds, as a string (see :attr:`delay_ms`)."""
    gtid_set: str | None = None
    """GTID set; ``"NA"`` when not applicable."""
    time: SpaceDateTime | None = None

    @property
    def delay_ms(self) -> int | None:
        """``delay`` as an int (None when absent or not a number)."""
        try:
            return int(float(self.delay)) if self.delay not in (None, "") else None
        except ValueError:
            return None


class RpoRtoResult(DrsModel):
    """One task's RPO/RTO (Table 4-289; SDK ``QueryRpoAndRtoResp``)."""

    job_id: str | None = None
    rpo_info: RpoRtoPoint | None = None
    rto_info: RpoRtoPoint | None = None
    error_code: str | None = None
    error_msg: str | None = None


class RpoRtoResponse(BatchResults[RpoRtoResult]):
    """4.4.2 response (Table 4-288; SDK ``BatchListRposAndRtosResponse``)."""


# ---------------------------------------------------------------------------
# 4.4.3 monitoring data
# ---------------------------------------------------------------------------


def _camel(wire: str, *others: str) -> Any:
    return Field(default=None, validation_alias=AliasChoices(wire, *others), serialization_alias=wire)


class DrMonitor(DrsModel):
    """DR monitoring figures (Table 4-296; SDK ``QueryDataGuardMonitorResponse``). Units as the names say."""

    bandwidth: str | None = None
    cpu_used_percent: str | None = _camel("cpuUsed_percent", "cpu_used_percent")
    dst_delay: int | None = None
    dst_io: str | None = None
    dst_normal: bool | None = None
    dst_offset: str | None = None
    dst_rps: str | None = None
    mem_used_in_mb: str | None = _camel("mem_used_inMB", "mem_used_in_MB", "mem_used_in_mb")
    node_mem_in_mb: int | None = _camel("node_mem_inMB", "node_mem_in_MB", "node_mem_in_mb")
    node_offset: str | None = None
    node_volume_in_gb: int | None = _camel("node_volume_inGB", "node_volume_in_gb")
    sr_delay: int | None = None
    """Source delay."""
    sr_offset: str | None = None
    src_io: str | None = None
    src_normal: bool | None = None
    src_rps: str | None = None
    trans_in_mb: str | None = _camel("trans_inMB", "trans_in_mb")
    trans_lines: str | None = None
    volume_used_in_gb: str | None = _camel("volume_used_inGB", "volume_used_in_gb")
    migration_bytes_per_second: int | None = None


class DrMonitoringResult(DrsModel):
    """One task's monitoring record (Table 4-295; SDK ``QueryDataGuardMonitorAndChartResp``)."""

    id: str | None = None
    monitor: DrMonitor | None = Field(
        default=None,
        validation_alias=AliasChoices("data_guard_minitor", "monitor"),
        serialization_alias="data_guard_minitor",
    )
    """Wire name ``data_guard_minitor`` (sic)."""


class DrMonitoringResponse(BatchResults[DrMonitoringResult]):
    """4.4.3 response (Table 4-294; SDK ``ShowMonitoringDataResponse``)."""


# ---------------------------------------------------------------------------
# 4.4.4 initialization progress
# ---------------------------------------------------------------------------


class StructProcessItem(DrsModel):
    """Progress of one object type (Table 4-303; SDK ``StructProcessVO``)."""

    type: StructObjectType | None = None
    status: int | None = None
    """SDK doc: 1 in progress, 2 done (not enumerated by the seed)."""
    src_count: int | None = None
    dst_count: int | None = None
    start_time: EpochMsInt | None = None
    end_time: EpochMsInt | None = None

    @property
    def done(self) -> bool:
        return self.status == 2


class StructProcess(DrsModel):
    """Table 4-302 (SDK ``StructProcessResp``)."""

    create_time: EpochMs | None = None
    result: list[StructProcessItem] = Field(default_factory=list)


class StructProcessResult(DrsModel):
    """One task's initialization progress (Table 4-301; SDK ``QueryStructProcessResp``)."""

    job_id: str | None = None
    error_code: str | None = None
    error_message: str | None = None
    struct_process: StructProcess | None = None
    database_info: Any | None = None
    """SDK only (``object``); content not documented."""


class StructProcessResponse(BatchResults[StructProcessResult]):
    """4.4.4 response (Table 4-300; SDK ``BatchListStructProcessResponse``)."""


# ---------------------------------------------------------------------------
# 4.4.5 initialization object details
# ---------------------------------------------------------------------------


class StructDetailPath(DrsParams):
    """The 4.4.5 path parameter ``type`` (Table 4-304)."""

    type: Known[StructObjectType]

    @field_validator("type")
    @classmethod
    def _path_types(cls, v: StructObjectType) -> StructObjectType:
        if v.value not in STRUCT_DETAIL_TYPES:
            raise ValueError(f"type must be one of: {', '.join(STRUCT_DETAIL_TYPES)}")
        return v


class StructDetailItem(DrsModel):
    """One object (Table 4-311; SDK ``StructDetailVO``)."""

    progress: int | None = None
    src_db: str | None = Field(default=None, alias="src_DB")
    """Source database (``db.schema`` for three-level engines)."""
    src_tb: str | None = Field(default=None, alias="src_TB")
    dst_db: str | None = Field(default=None, alias="dst_DB")
    dst_tb: str | None = Field(default=None, alias="dst_TB")


class StructDetail(DrsModel):
    """Table 4-310 (SDK ``QueryFlowCompareDataResp``)."""

    total_record: int | None = None
    create_time: EpochMs | None = None
    items: list[StructDetailItem] = Field(default_factory=list, alias="list")


class StructDetailResult(DrsModel):
    """One task's object details (Table 4-309; SDK ``QueryStructDetailResp``)."""

    job_id: str | None = None
    error_code: str | None = None
    error_message: str | None = None
    struct_detail: StructDetail | None = None


class StructDetailResponse(BatchResults[StructDetailResult]):
    """4.4.5 response (Table 4-308; SDK ``BatchListStructDetailResponse``)."""


DR_SWITCHOVER = api(
    key="dr.switchover",
    section="4.4.1",
    title="Primary/standby switchover",
    method="POST",
    path="/v3/{project_id}/jobs/batch-switchover",
    sdk_method="batch_switchover",
    status=202,
    body=SwitchoverParams,
    response=SwitchoverResponse,
    mutating=True,
    batch_field="jobs",
    batch_size=100,
)

DR_RPO_RTO = api(
    key="dr.rpo_rto",
    section="4.4.2",
    title="RPO and RTO",
    method="POST",
    path="/v3/{project_id}/jobs/batch-rpo-and-rto",
    sdk_method="batch_list_rpos_and_rtos",
    status=202,
    body=JobIdsParams,
    response=RpoRtoResponse,
    batch_field="jobs",
    batch_size=100,
)

DR_MONITORING = api(
    key="dr.monitoring",
    section="4.4.3",
    title="DR monitoring data",
    method="POST",
    path="/v3/{project_id}/jobs/disaster-recovery-monitoring-data",
    sdk_method="show_monitoring_data",
    status=200,
    body=JobIdsParams,
    response=DrMonitoringResponse,
    batch_field="jobs",
    batch_size=100,
)

DR_STRUCT_PROCESS = api(
    key="dr.struct_process",
    section="4.4.4",
    title="DR initialization progress",
    method="POST",
    path="/v3/{project_id}/jobs/batch-struct-process",
    sdk_method="batch_list_struct_process",
    status=200,
    body=JobIdsParams,
    response=StructProcessResponse,
    batch_field="jobs",
    batch_size=100,
)

DR_STRUCT_DETAIL = api(
    key="dr.struct_detail",
    section="4.4.5",
    title="DR initialization object details",
    method="POST",
    path="/v3/{project_id}/jobs/{type}/batch-struct-detail",
    sdk_method="batch_list_struct_detail",
    status=200,
    body=PagedJobIdsParams,
    response=StructDetailResponse,
    batch_field="jobs",
    batch_size=100,
)
