"""Task actions (seed 4.1.1–4.1.8, 4.1.11–4.1.16): create, connection tests, modify, object
selection, pre-check, flow control, start / resume / pause / stop / delete, passwords, definer.

Wire spellings follow the official SDK where the seed tables disagree with it (reference §2):
``customize_sutnet_id`` (table: ``customize_sut_net_id``), ``is_target_readonly`` (table:
``is_target_read_only``, examples: ``is_target_READONLY``), ``is_show_breakpoint_position``
(table: ``is_show_break_point_position``), ``ssl_cert_check_sum`` (Table 4-5: ``ssl_cert_checksum``).
The table spellings are still accepted on input (a tolerant server), never sent.
"""


import json
import re
from typing import Annotated, Any

from pydantic import AliasChoices, BeforeValidator, Field, field_validator, model_validator

from ..spec import api
from ._base import DrsModel, DrsParams, EpochMs, JobId, Known, OpenStrEnum, Secret, Uuid
from .common import (
    BatchResponse,
    BatchResult,
    BatchResults,
    Description,
    EndpointParam,
    JobIdsParams,
    KafkaSecurity,
    Kerberos,
    PerJobRows,
    Port,
    TagParam,
    TaskName,
    bool_to_text,
    check_unique_rows,
)
from .enums import (
    DbType,
    DbUseType,
    EndpointType,
    EngineType,
    JobDirection,
    JobStatus,
    NetType,
    NodeType,
    TaskType,
)

__all__ = [
    # enums
    "PrecheckMode",
    "PauseMode",
    "DeleteType",
    "PrecheckItemResult",
    "SelectFlag",
    "DbObjectType",
    "PublicIpType",
    "ClusterEndpointType",
    "ChargingMode",
    "AlarmProtocol",
    # 4.1.1
    "PublicIp",
    "PeriodOrder",
    "CreateJob",
    "CreateJobsParams",
    "CreateJobResult",
    "CreateJobsResponse",
    # 4.1.2 / 4.1.3
    "CustomizedDns",
    "TestEndpoint",
    "TestConnectionsParams",
    "ConnectionCheckResult",
    "ConnectionTestResponse",
    "ClusterNodeEncrypt",
    "ClusterNode",
    "ClusterConnectionJob",
    "ClusterConnectionsParams",
    # 4.1.4
    "AlarmSubscription",
    "AlarmNotify",
    "ModifyJob",
    "ModifyJobsParams",
    # 4.1.5
    "DbObject",
    "SelectObjectsJob",
    "SelectObjectsParams",
    "SelectObjectsResult",
    "SelectObjectsResponse",
    # 4.1.6 / 4.1.7
    "PrecheckJob",
    "PrecheckParams",
    "PrecheckStartResult",
    "PrecheckResponse",
    "PrecheckFailedSubJob",
    "PrecheckItem",
    "PrecheckSummary",
    "PrecheckResultsResponse",
    # 4.1.8
    "SpeedWindow",
    "SpeedLimit",
    "SpeedLimitsParams",
    "ALL_DAY",
    # 4.1.11–4.1.14
    "StartJob",
    "StartJobsParams",
    "RetryJob",
    "RetryJobsParams",
    "PauseJob",
    "PauseJobsParams",
    "DeleteJob",
    "StopOrDeleteParams",
    # 4.1.15 / 4.1.16
    "PasswordReset",
    "ResetPasswordsParams",
    "PasswordResetResult",
    "ResetPasswordsResponse",
    "DefinerJob",
    "SetDefinerParams",
    # specs
    "CREATE_JOBS",
    "TEST_CONNECTIONS",
    "TEST_CLUSTER_CONNECTIONS",
    "MODIFY_JOBS",
    "SELECT_OBJECTS",
    "PRECHECK",
    "PRECHECK_RESULTS",
    "SET_SPEED_LIMITS",
    "START_JOBS",
    "RESUME_JOBS",
    "PAUSE_JOBS",
    "STOP_OR_DELETE_JOBS",
    "RESET_PASSWORDS",
    "SET_DEFINER",
]


# ---------------------------------------------------------------------------
# Enumerations used only by these APIs (reference §3 "Operations")
# ---------------------------------------------------------------------------


class PrecheckMode(OpenStrEnum):
    """4.1.6 ``precheck_mode``: before the first start, or after editing objects / before a retry."""

    FOR_START_JOB = "forStartJob"
    FOR_RETRY_JOB = "forRetryJob"


class PauseMode(OpenStrEnum):
    """4.1.13 ``pause_mode``: ``target`` stops replay only, ``all`` stops log capture and replay."""

    TARGET = "target"
    ALL = "all"


class DeleteType(OpenStrEnum):
    """4.1.14 ``delete_type``: stop, forced stop, delete (+ the SDK's active/standby rollback)."""

    TERMINATE = "terminate"
    FORCE_TERMINATE = "force_terminate"
    DELETE = "delete"
    # SDK DeleteJobReq docstring only (not in the seed): roll back a conversion to active/standby.
    ROLL_BACK_UPGRADE_ACTIVE_STANDBY = "roll_back_upgrade_active_standby"


class PrecheckItemResult(OpenStrEnum):
    """4.1.7 Table 4-54 ``result`` of one check item."""

    PASSED = "PASSED"
    ALARM = "ALARM"
    FAILED = "FAILED"


class SelectFlag(OpenStrEnum):
    """4.1.5 ``select``: a *string* — ``partial`` means some tables of the database."""

    TRUE = "true"
    FALSE = "false"
    PARTIAL = "partial"


class DbObjectType(OpenStrEnum):
    """4.1.5 Table 4-40 ``object_type``."""

    DATABASE = "database"
    TABLE = "table"
    SCHEMA = "schema"
    VIEW = "view"


class PublicIpType(OpenStrEnum):
    """4.1.1 Table 4-8 ``type``: ``slave`` only for the standby task of a primary/standby pair."""

    MASTER = "master"
    SLAVE = "slave"


class ClusterEndpointType(OpenStrEnum):
    """4.1.3 Table 4-21 ``endpointtype``: source, target, or shard (``ls``) of a clustered source."""

    SOURCE = "so"
    TARGET = "ta"
    SHARD = "ls"


class ChargingMode(OpenStrEnum):
    """SDK CreateJobReq ``charging_mode`` (not in the seed)."""

    PERIOD = "period"
    ON_DEMAND = "on_demand"


class AlarmProtocol(OpenStrEnum):
    """4.1.4 Table 4-30 ``protocol``."""

    SMS = "sms"
    EMAIL = "email"


# ---------------------------------------------------------------------------
# Small shared helpers
# ---------------------------------------------------------------------------


def _number_to_str(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _percent(text: str | None) -> float | None:
    """``"85%"`` → ``85.0``; ``None`` or text without a number → ``None``."""
    if text is None:
        return None
    match = re.search(r"-?\d+(?:\.\d+)?", text)
    return float(match.group()) if match else None


# ---------------------------------------------------------------------------
# 4.1.1 Create tasks
# ---------------------------------------------------------------------------


class PublicIp(DrsParams):
    """Table 4-8: an EIP to bind (SDK ``PublicIpConfig``)."""

    id: str = Field(min_length=1)
    public_ip: str = Field(min_length=1)
    type: Known[PublicIpType]


class PeriodOrder(DrsParams):
    """SDK ``PeriodOrderInfo`` for yearly/monthly tasks: period_type 2 = month, 3 = year."""

    period_type: int = Field(ge=2, le=3)
    period_num: int = Field(ge=1)
    is_auto_renew: int | None = Field(default=None, ge=0, le=1)


_SYS_TAG_KEY = "_sys_enterprise_project_id"


def _check_expired_days(value: Any) -> Any:
    value = _number_to_str(value)
    if value is None:
        return value
    if not isinstance(value, str) or not value.isdigit() or not 14 <= int(value) <= 100:
        raise ValueError('expired_days must be a whole number of days from "14" to "100"')
    return value


class CreateJob(DrsParams):
    """One task to create (Table 4-4; SDK ``CreateJobReq``)."""

    name: TaskName
    db_use_type: Known[DbUseType]
    engine_type: Known[EngineType]
    job_direction: Known[JobDirection]
    net_type: Known[NetType]
    node_type: Known[NodeType]
    source_endpoint: EndpointParam
    target_endpoint: EndpointParam
    # Seed table: customize_sut_net_id; every seed example and the SDK: customize_sutnet_id.
    customize_sutnet_id: Uuid = Field(
        validation_alias=AliasChoices("customize_sutnet_id", "customize_sut_net_id"),
        serialization_alias="customize_sutnet_id",
    )
    task_type: Known[TaskType] = TaskType.FULL_INCR_TRANS
    bind_eip: bool | None = None
    # Seed table: is_target_read_only; examples: is_target_READONLY (case artifact); SDK and 4.1.21: is_target_readonly.
    is_target_readonly: bool | None = Field(
        default=None,
        validation_alias=AliasChoices("is_target_readonly", "is_target_read_only"),
        serialization_alias="is_target_readonly",
    )
    node_num: int | None = Field(default=None, ge=1, le=32)
    tags: list[TagParam] | None = Field(default=None, max_length=20)
    description: Description | None = None
    multi_write: bool | None = None
    sys_tags: list[TagParam] | None = Field(default=None, max_length=1)
    expired_days: Annotated[str | None, BeforeValidator(_check_expired_days)] = None
    public_ip_list: list[PublicIp] | None = None
    is_open_fast_clean: bool | None = None
    # SDK extras (not in the seed).
    product_id: str | None = None
    master_az: str | None = None
    slave_az: str | None = None
    charging_mode: Known[ChargingMode] | None = None
    period_order: PeriodOrder | None = None

    @field_validator("sys_tags")
    @classmethod
    def _sys_tag_key(cls, v: list[TagParam] | None) -> list[TagParam] | None:
        for tag in v or ():
            if tag.key != _SYS_TAG_KEY:
                raise ValueError(f"sys_tags takes exactly one tag with key {_SYS_TAG_KEY} (the enterprise project id)")
        return v

    @model_validator(mode="after")
    def _rules(self) -> "CreateJob":
        if self.net_type == NetType.EIP and self.bind_eip is not True:
            raise ValueError("bind_eip must be true when net_type is eip")
        if self.db_use_type == DbUseType.CLOUD_DATA_GUARD:
            if self.net_type == NetType.VPC:
                raise ValueError("a disaster-recovery task (cloudDataGuard) cannot use net_type vpc")
            if self.multi_write is None:
                raise ValueError("multi_write is required when db_use_type is cloudDataGuard")
            if not self.multi_write and self.task_type != TaskType.FULL_INCR_TRANS:
                raise ValueError("single-active DR (multi_write false) allows only task_type FULL_INCR_TRANS")
        if self.charging_mode == ChargingMode.PERIOD:
            if self.db_use_type == DbUseType.MIGRATION:
                raise ValueError("charging_mode period is not available for migration tasks")
            if self.period_order is None:
                raise ValueError("period_order is required when charging_mode is period")
        return self


class CreateJobsParams(DrsParams):
    """4.1.1 body ``{"jobs": [CreateJob, …]}`` (SDK ``BatchCreateJobReq``)."""

    jobs: list[CreateJob] = Field(min_length=1)


class CreateJobResult(DrsModel):
    """Table 4-10: one created task (SDK ``CreateJobResp``).

    Not a `BatchResult`: ``status`` is the new task's `JobStatus` (``CREATING`` …), not a row outcome.
    """

    id: str | None = None
    child_ids: list[str] | None = None
    name: str | None = None
    status: JobStatus | None = None
    create_time: EpochMs | None = None
    error_code: str | None = None
    error_msg: str | None = None

    @property
    def ok(self) -> bool:
        return not self.error_code and self.status != JobStatus.CREATE_FAILED


class CreateJobsResponse(BatchResults[CreateJobResult]):
    """4.1.1 response (SDK ``BatchCreateJobsResponse``)."""


# ---------------------------------------------------------------------------
# 4.1.2 Test connections
# ---------------------------------------------------------------------------


class CustomizedDns(DrsParams):
    """SDK ``CustomizedDns`` (not in the seed): custom DNS for the DRS node."""

    is_set_dns: bool | None = None
    set_dns_action: str | None = None
    dns_ip: str | None = None


class TestEndpoint(DrsParams):
    """One endpoint to test (Table 4-14; SDK ``TestEndPoint``)."""

    __test__ = False  # not a pytest test class

    id: JobId
    net_type: Known[NetType]
    db_type: Known[DbType]
    ip: str = Field(min_length=1)
    end_point_type: Known[EndpointType] = EndpointType.SOURCE
    db_port: Port | None = None
    inst_id: str | None = None
    # Marked mandatory by Table 4-14, but the Kafka PLAINTEXT/SSL examples send neither: required
    # for every engine except Kafka (see _rules).
    db_user: str | None = None
    db_password: Secret | None = None
    ssl_link: bool | None = None
    ssl_cert_key: Secret | None = None
    ssl_cert_name: str | None = None
    ssl_cert_check_sum: str | None = None
    ssl_cert_password: Secret | None = None
    vpc_id: str | None = None
    subnet_id: str | None = None
    region: str | None = None
    project_id: str | None = None
    db_name: str | None = None
    # Not in Table 4-14 but used by the seed's Kafka examples; SDK TestEndPoint has it.
    kafka_security_config: KafkaSecurity | None = None
    customized_dns: CustomizedDns | None = None

    @model_validator(mode="after")
    def _rules(self) -> "TestEndpoint":
        if self.db_type != DbType.KAFKA and (not self.db_user or self.db_password is None):
            raise ValueError("db_user and db_password are required (only Kafka endpoints may omit them)")
        if self.db_type == DbType.MONGODB and self.db_port not in (None, 0):
            raise ValueError("db_port must be 0 for MongoDB/DDS (put host:port pairs in ip)")
        if self.ssl_link and not (self.ssl_cert_key and self.ssl_cert_name and self.ssl_cert_check_sum):
            raise ValueError("ssl_link true needs ssl_cert_key, ssl_cert_name and ssl_cert_check_sum")
        if self.net_type == NetType.VPC and not (self.vpc_id and self.subnet_id):
            raise ValueError("net_type vpc needs vpc_id and subnet_id")
        return self


class TestConnectionsParams(DrsParams):
    """4.1.2 body (SDK ``BatchTestConnectionReq``). A task appears once per endpoint (``so``/``ta``)."""

    __test__ = False

    jobs: list[TestEndpoint] = Field(min_length=1)


class ConnectionCheckResult(DrsModel):
    """Table 4-16 / 4-24 row (SDK ``CheckJobResp``).

    ``status`` is ``success``/``failed`` in 4.1.2 but the *string* ``"true"``/``"false"`` in 4.1.3;
    ``ok`` reads both. Not a `BatchResult` for that reason (its ``status`` is no `BatchStatus`).
    """

    id: str | None = None
    status: str | None = None
    error_code: str | None = None
    error_msg: str | None = None
    success: bool | None = None

    @property
    def ok(self) -> bool:
        return (self.status or "").lower() in ("success", "true") and not self.error_code


class ConnectionTestResponse(BatchResults[ConnectionCheckResult]):
    """4.1.2 / 4.1.3 response (SDK ``BatchValidateConnectionsResponse``,
    ``BatchValidateClustersConnectionsResponse``)."""


# ---------------------------------------------------------------------------
# 4.1.3 Test connections, cluster mode
# ---------------------------------------------------------------------------


class ClusterNodeEncrypt(DrsParams):
    """The console's ``encrypt`` switch seen in the 4.1.3 DDS example (not in Table 4-21)."""

    element_id: str | None = Field(default=None, alias="elementId")
    off_label: str | None = Field(default=None, alias="offLabel")
    on_label: str | None = Field(default=None, alias="onLabel")
    disable: bool | None = None


class ClusterNode(DrsParams):
    """One node of the 4.1.3 ``property`` array (Table 4-21). Wire keys are lower-case run-together
    (``dbtype``, ``dbport``, ``dbName``, ``kafkaSecurityConfig`` …); Python names are snake_case.

    Table 4-21 marks dbport/dbName/dbuser/dbpassword mandatory, but the seed's Kafka example omits
    dbport and dbName, so only the keys every example sends are required here.
    """

    db_type: Known[DbType] = Field(alias="dbtype")
    ip: str = Field(min_length=1)
    net_type: Known[NetType] = Field(alias="nettype")
    endpoint_type: Known[ClusterEndpointType] = Field(alias="endpointtype")
    db_port: Port | None = Field(default=None, alias="dbport")
    ssl_link: bool = Field(default=False, alias="ssllink")
    db_name: str | None = Field(default=None, alias="dbName")
    inst_id: str | None = Field(default=None, alias="instid")
    db_user: str | None = Field(default=None, alias="dbuser")
    db_password: Secret | None = Field(default=None, alias="dbpassword")
    ssl_cert_key: Secret | None = Field(default=None, alias="sslcertkey")
    ssl_cert_name: str | None = Field(default=None, alias="sslcertname")
    ssl_cert_check_sum: str | None = Field(default=None, alias="sslcertchecksum")
    kafka_security_config: KafkaSecurity | None = Field(default=None, alias="kafkaSecurityConfig")
    # Keys seen only in the seed examples.
    encrypt: ClusterNodeEncrypt | None = None
    project_id: str | None = Field(default=None, alias="projectId")
    region: str | None = None
    vpc_id: str | None = Field(default=None, alias="vpcid")
    subnet_id: str | None = Field(default=None, alias="subnetid")
    db_use_type: Known[DbUseType] | None = Field(default=None, alias="dbUseType")

    @model_validator(mode="after")
    def _rules(self) -> "ClusterNode":
        if self.db_type == DbType.MONGODB and self.db_port not in (None, 0):
            raise ValueError("dbport must be 0 for MongoDB nodes")
        if self.ssl_link and not (self.ssl_cert_key and self.ssl_cert_name and self.ssl_cert_check_sum):
            raise ValueError("ssllink true needs sslcertkey, sslcertname and sslcertchecksum")
        return self


def _nodes_to_property(data: Any) -> Any:
    """Let callers pass ``nodes=[ClusterNode|dict, …]``: serialize them into the ``property`` string."""
    if isinstance(data, dict) and "nodes" in data:
        data = dict(data)
        nodes = data.pop("nodes")
        if "property" in data or "property_json" in data:
            raise ValueError("give either nodes or property, not both")
        parsed = [n if isinstance(n, ClusterNode) else ClusterNode.model_validate(n) for n in nodes]
        data["property"] = json.dumps([n.to_wire() for n in parsed], ensure_ascii=False, separators=(",", ":"))
    return data


class ClusterConnectionJob(DrsParams):
    """One cluster-mode test (Table 4-20; SDK ``BatchJobActionReq``, JSON key ``property``).

    ``property`` is a JSON array serialized into a string (one object per node, Table 4-21). It holds
    passwords, so the raw string is kept as a secret (masked in repr/dumps, revealed on the wire);
    ``nodes`` parses it back into `ClusterNode` objects. Build with ``nodes=[…]`` or ``property="…"``.
    """

    action: str = Field(default="testConnection", min_length=1)
    job_id: JobId  # the parent task id
    property_json: Secret = Field(alias="property")

    _from_nodes = model_validator(mode="before")(_nodes_to_property)

    @field_validator("property_json")
    @classmethod
    def _valid_property(cls, v: Any) -> Any:
        text = v.get_secret_value()
        try:
            items = json.loads(text)
        except ValueError:
            raise ValueError("property must be a JSON array of node objects serialized into a string") from None
        if not isinstance(items, list) or not items or not all(isinstance(i, dict) for i in items):
            raise ValueError("property must be a non-empty JSON array of node objects")
        for item in items:
            ClusterNode.model_validate(item)
        return v

    @property
    def nodes(self) -> list[ClusterNode]:
        return [ClusterNode.model_validate(i) for i in json.loads(self.property_json.get_secret_value())]


class ClusterConnectionsParams(DrsParams):
    """4.1.3 body (SDK ``BatchSpecialTestConnectionReq``)."""

    jobs: list[ClusterConnectionJob] = Field(min_length=1)


# ---------------------------------------------------------------------------
# 4.1.4 Modify tasks
# ---------------------------------------------------------------------------


class AlarmSubscription(DrsParams):
    """Table 4-30 (SDK ``SubscriptionInfo``): up to 10 phone numbers or e-mail addresses."""

    endpoints: list[str] | None = Field(default=None, max_length=10)
    protocol: Known[AlarmProtocol] | None = None


class AlarmNotify(DrsParams):
    """Table 4-29 (SDK ``AlarmNotifyInfo``). Delays in seconds, 1–3600; 0 (the documented default,
    sent by the seed example) is accepted and means "not set"."""

    delay_time: int | None = Field(default=None, ge=0, le=3600)
    rto_delay: int | None = Field(default=None, ge=0, le=3600)
    rpo_delay: int | None = Field(default=None, ge=0, le=3600)
    alarm_to_user: bool | None = None
    subscriptions: list[AlarmSubscription] | None = Field(default=None, max_length=2)


class ModifyJob(DrsParams):
    """One task change (Table 4-28; SDK ``ModifyJobReq``): rename/describe/alarms, or the full
    endpoint configuration after a successful connection test."""

    job_id: JobId
    name: TaskName | None = None
    description: Description | None = None
    alarm_notify: AlarmNotify | None = None
    task_type: Known[TaskType] | None = None
    source_endpoint: EndpointParam | None = None
    target_endpoint: EndpointParam | None = None
    node_type: Known[NodeType] | None = None
    engine_type: Known[EngineType] | None = None
    net_type: Known[NetType] | None = None
    store_db_info: bool | None = None
    is_recreate: bool | None = None
    job_direction: Known[JobDirection] | None = None
    is_target_readonly: bool | None = Field(
        default=None,
        validation_alias=AliasChoices("is_target_readonly", "is_target_read_only"),
        serialization_alias="is_target_readonly",
    )
    replace_definer: bool | None = None
    tags: list[TagParam] | None = Field(default=None, max_length=20)
    db_use_type: Known[DbUseType] | None = None
    product_id: str | None = None  # SDK extra

    @model_validator(mode="after")
    def _something(self) -> "ModifyJob":
        if not (self.model_fields_set - {"job_id"}):
            raise ValueError("nothing to modify: give at least one field besides job_id")
        return self


class ModifyJobsParams(PerJobRows):
    """4.1.4 body (SDK ``BatchModifyJobReq``)."""

    jobs: list[ModifyJob] = Field(min_length=1)


# ---------------------------------------------------------------------------
# 4.1.5 Select database objects
# ---------------------------------------------------------------------------


class DbObject(DrsParams):
    """Table 4-40 (SDK ``DatabaseInfo``). For tables the examples use ids like ``<db>-*-*-<table>``."""

    id: str | None = None
    parent_id: str | None = None
    object_type: Known[DbObjectType] | None = None
    object_name: str | None = None
    select: Annotated[Known[SelectFlag] | None, BeforeValidator(bool_to_text)] = None
    object_alias_name: str | None = None

    @model_validator(mode="after")
    def _parent(self) -> "DbObject":
        if self.object_type in (DbObjectType.TABLE, DbObjectType.VIEW) and not self.parent_id:
            raise ValueError("parent_id (the database name) is required for tables and views")
        return self


class SelectObjectsJob(DrsParams):
    """Table 4-39 (SDK ``UpdateDatabaseObjectReq``): ``selected=false`` migrates everything."""

    job_id: JobId
    selected: bool | None = None
    sync_database: bool | None = None
    job: list[DbObject] | None = None

    @model_validator(mode="after")
    def _objects(self) -> "SelectObjectsJob":
        if self.selected and not self.job:
            raise ValueError("selected true needs the object list in job")
        return self


class SelectObjectsParams(PerJobRows):
    """4.1.5 body (SDK ``BatchUpdateDatabaseObjectReq``)."""

    jobs: list[SelectObjectsJob] = Field(min_length=1)


class SelectObjectsResult(DrsModel):
    """Table 4-42 (SDK ``DatabaseObjectResp``): ``status`` is a boolean here and the id is ``job_id``,
    so this row is not a `BatchResult`."""

    job_id: str | None = None
    status: bool | None = None
    error_code: str | None = None
    error_msg: str | None = None

    @property
    def ok(self) -> bool:
        return bool(self.status) and not self.error_code


class SelectObjectsResponse(DrsModel):
    all_counts: int | None = None
    results: list[SelectObjectsResult] = Field(default_factory=list)


# ---------------------------------------------------------------------------
# 4.1.6 Run pre-check / 4.1.7 Pre-check results
# ---------------------------------------------------------------------------


class PrecheckJob(DrsParams):
    """Table 4-46 (SDK ``PreCheckInfo``)."""

    job_id: JobId
    precheck_mode: Known[PrecheckMode]


class PrecheckParams(PerJobRows):
    """4.1.6 body (SDK ``BatchPrecheckReq``)."""

    jobs: list[PrecheckJob] = Field(min_length=1)


class PrecheckStartResult(BatchResult):
    """Table 4-48 (SDK ``PostPreCheckResp``): the batch row plus the pre-check's id."""

    precheck_id: str | None = None


class PrecheckResponse(BatchResults[PrecheckStartResult]):
    """4.1.6 response (SDK ``BatchCheckJobsResponse``)."""


class PrecheckFailedSubJob(DrsModel):
    """Table 4-55 (SDK ``PrecheckFailSubJobVO``)."""

    id: str | None = None
    name: str | None = None
    check_result: str | None = None


class PrecheckItem(DrsModel):
    """Table 4-54 (SDK ``PrecheckResult``): one check item. ``data`` is opaque text (often JSON-ish)."""

    item: str | None = None
    result: PrecheckItemResult | None = None
    failed_reason: str | None = None
    data: str | None = None
    raw_error_msg: str | None = None
    group: str | None = None
    failed_sub_jobs: list[PrecheckFailedSubJob] | None = None

    @property
    def passed(self) -> bool:
        return self.result == PrecheckItemResult.PASSED


class PrecheckSummary(DrsModel):
    """Table 4-53 (SDK ``QueryPreCheckResp``): the pre-check of one task."""

    precheck_id: str | None = None
    result: bool | None = None
    process: str | None = None
    total_passed_rate: str | None = None
    rds_instance_id: str | None = None
    job_direction: JobDirection | None = None
    precheck_result: list[PrecheckItem] = Field(default_factory=list)
    error_msg: str | None = None
    error_code: str | None = None

    @property
    def process_percent(self) -> float | None:
        """``process`` ("100%") as a number (100.0)."""
        return _percent(self.process)

    @property
    def passed_rate_percent(self) -> float | None:
        """``total_passed_rate`` ("85%") as a number (85.0)."""
        return _percent(self.total_passed_rate)

    @property
    def finished(self) -> bool:
        return self.process_percent == 100.0

    @property
    def failed_items(self) -> list[PrecheckItem]:
        return [i for i in self.precheck_result if i.result == PrecheckItemResult.FAILED]

    @property
    def alarm_items(self) -> list[PrecheckItem]:
        return [i for i in self.precheck_result if i.result == PrecheckItemResult.ALARM]


class PrecheckResultsResponse(BatchResults[PrecheckSummary]):
    """4.1.7 response (SDK ``BatchCheckResultsResponse``)."""


# ---------------------------------------------------------------------------
# 4.1.8 Flow control
# ---------------------------------------------------------------------------

_BEGIN_RE = re.compile(r"^([01]\d|2[0-3]):00$")
_END_RE = re.compile(r"^([01]\d|2[0-3]):59$")


def _check_speed(value: Any) -> Any:
    value = _number_to_str(value)
    if not isinstance(value, str) or not value.isdigit() or not 1 <= int(value) <= 9999:
        raise ValueError('speed must be a whole number of MB/s from "1" to "9999"')
    return value


class SpeedWindow(DrsParams):
    """Table 4-60 (SDK ``SpeedLimitInfo``): a UTC window of whole hours and its limit in MB/s.

    ``begin`` is ``hh:00``, ``end`` is ``hh:59`` (the hour ``hh`` is included), ``speed`` a string
    ``"1"``–``"9999"``. A window may wrap past midnight: ``16:00``–``15:59`` is the whole day.
    With these formats ``begin`` can never equal ``end`` (the seed's "begin ≠ end" rule).
    """

    begin: str
    end: str
    speed: Annotated[str, BeforeValidator(_check_speed)]
    is_utc: bool | None = None

    @field_validator("begin")
    @classmethod
    def _begin(cls, v: str) -> str:
        if not _BEGIN_RE.match(v):
            raise ValueError('begin must be a whole UTC hour "hh:00" (00:00–23:00)')
        return v

    @field_validator("end")
    @classmethod
    def _end(cls, v: str) -> str:
        if not _END_RE.match(v):
            raise ValueError('end must be "hh:59" (00:59–23:59); 03:59 means up to 04:00 UTC')
        return v

    @property
    def hours(self) -> list[int]:
        """The UTC hours the window covers, in order (wrapping past midnight)."""
        first, last = int(self.begin[:2]), int(self.end[:2])
        count = (last - first) % 24 + 1
        return [(first + i) % 24 for i in range(count)]


#: The whole-day window of the seed example (16:00–15:59 UTC = 00:00–23:59 UTC+8).
ALL_DAY = ("16:00", "15:59")


class SpeedLimit(DrsParams):
    """Table 4-59 (SDK ``LimitSpeedReq``): a task's windows; ``[]`` removes the limit."""

    job_id: JobId
    speed_limit: list[SpeedWindow] = Field(max_length=10)

    @field_validator("speed_limit")
    @classmethod
    def _no_overlap(cls, v: list[SpeedWindow]) -> list[SpeedWindow]:
        owner: dict[int, SpeedWindow] = {}
        for window in v:
            for hour in window.hours:
                if hour in owner:
                    other = owner[hour]
                    raise ValueError(
                        f"speed windows must not overlap: {other.begin}-{other.end} and "
                        f"{window.begin}-{window.end} both cover {hour:02d}:00"
                    )
                owner[hour] = window
        return v


class SpeedLimitsParams(DrsParams):
    """4.1.8 body ``{"speed_limits": [...]}`` (SDK ``BatchLimitSpeedReq``)."""

    speed_limits: list[SpeedLimit] = Field(min_length=1)

    @field_validator("speed_limits")
    @classmethod
    def _unique_jobs(cls, v: list[SpeedLimit]) -> list[SpeedLimit]:
        return check_unique_rows(v)


# ---------------------------------------------------------------------------
# 4.1.11 Start / 4.1.12 Resume or retry / 4.1.13 Pause / 4.1.14 Stop or delete
# ---------------------------------------------------------------------------


class StartJob(DrsParams):
    """Table 4-77 (SDK ``StartInfo``). ``start_time`` (ms epoch string) schedules; absent = now."""

    job_id: JobId
    start_time: EpochMs | None = None
    # SDK extras (not in the seed).
    is_only_init_task: bool | None = None
    is_auto_create_compare: bool | None = None


class StartJobsParams(PerJobRows):
    """4.1.11 body (SDK ``BatchStartJobReq``)."""

    jobs: list[StartJob] = Field(min_length=1)


class RetryJob(DrsParams):
    """Table 4-83 (SDK ``RetryInfo``). The seed says ``is_sync_re_edit`` must be true when resuming
    or retrying; its own example omits it, and the SDK narrows it to "starting after a re-edit"."""

    job_id: JobId
    is_sync_re_edit: bool | None = None


class RetryJobsParams(PerJobRows):
    """4.1.12 body (SDK ``BatchRetryReq``)."""

    jobs: list[RetryJob] = Field(min_length=1)


class PauseJob(DrsParams):
    """Table 4-89 (SDK ``PauseInfo``)."""

    job_id: JobId
    pause_mode: Known[PauseMode]


class PauseJobsParams(PerJobRows):
    """4.1.13 body (SDK ``BatchPauseJobReq``)."""

    jobs: list[PauseJob] = Field(min_length=1)


class DeleteJob(DrsParams):
    """Table 4-95 (SDK ``DeleteJobReq``)."""

    job_id: JobId
    delete_type: Known[DeleteType]
    # Table: is_show_break_point_position; example, change history and SDK: is_show_breakpoint_position.
    is_show_breakpoint_position: bool | None = Field(
        default=None,
        validation_alias=AliasChoices("is_show_breakpoint_position", "is_show_break_point_position"),
        serialization_alias="is_show_breakpoint_position",
    )


class StopOrDeleteParams(PerJobRows):
    """4.1.14 body of the DELETE request (SDK ``BatchDeleteJobReq``)."""

    jobs: list[DeleteJob] = Field(min_length=1)


# ---------------------------------------------------------------------------
# 4.1.15 Change DB passwords / 4.1.16 Definer
# ---------------------------------------------------------------------------


class PasswordReset(DrsParams):
    """Table 4-101 (SDK ``ModifyPwdEndPoint``): one endpoint of one task."""

    job_id: JobId
    end_point_type: Known[EndpointType]
    db_password: Secret
    kerberos: Kerberos | None = None

    @field_validator("db_password")
    @classmethod
    def _not_empty(cls, v: Any) -> Any:
        if not v.get_secret_value():
            raise ValueError("db_password must not be empty")
        return v


class ResetPasswordsParams(DrsParams):
    """4.1.15 body (SDK ``BatchModifyPwdReq``): source and target of a task are two rows."""

    jobs: list[PasswordReset] = Field(min_length=1)

    @field_validator("jobs")
    @classmethod
    def _one_row_per_endpoint(cls, v: list[PasswordReset]) -> list[PasswordReset]:
        seen: set[tuple[str, str]] = set()
        for row in v:
            key = (row.job_id, str(row.end_point_type))
            if key in seen:
                raise ValueError(f"task {row.job_id} has two rows for end_point_type {row.end_point_type}")
            seen.add(key)
        return v


class PasswordResetResult(BatchResult):
    """Table 4-104 (SDK ``ModifyDbPwdResp``): the batch row plus the endpoint it is about."""

    end_point_type: EndpointType | None = None


class ResetPasswordsResponse(BatchResults[PasswordResetResult]):
    """4.1.15 response (SDK ``BatchResetPasswordResponse``)."""


class DefinerJob(DrsParams):
    """Table 4-108 (SDK ``ReplaceDefinerInfo``)."""

    job_id: JobId
    replace_definer: bool


class SetDefinerParams(PerJobRows):
    """4.1.16 body (SDK ``BatchReplaceDefinerReq``)."""

    jobs: list[DefinerJob] = Field(min_length=1)


# ---------------------------------------------------------------------------
# API specs
# ---------------------------------------------------------------------------

CREATE_JOBS = api(
    key="jobs.create",
    section="4.1.1",
    title="Create tasks",
    method="POST",
    path="/v3/{project_id}/jobs/batch-creation",
    sdk_method="batch_create_jobs",
    status=202,
    body=CreateJobsParams,
    response=CreateJobsResponse,
    mutating=True,
    batch_field="jobs",
    batch_size=100,
)

TEST_CONNECTIONS = api(
    key="jobs.test_connections",
    section="4.1.2",
    title="Test connections",
    method="POST",
    path="/v3/{project_id}/jobs/batch-connection",
    sdk_method="batch_validate_connections",
    status=200,
    body=TestConnectionsParams,
    response=ConnectionTestResponse,
    # Records the test outcome on the task, but repeating a test is harmless: safe to retry.
    mutating=False,
    batch_field="jobs",
    batch_size=100,
)

TEST_CLUSTER_CONNECTIONS = api(
    key="jobs.test_cluster_connections",
    section="4.1.3",
    title="Test connections (cluster mode)",
    method="POST",
    path="/v3/{project_id}/jobs/cluster/batch-connection",
    sdk_method="batch_validate_clusters_connections",
    status=200,
    body=ClusterConnectionsParams,
    response=ConnectionTestResponse,
    mutating=False,
    batch_field="jobs",
    batch_size=100,
)

MODIFY_JOBS = api(
    key="jobs.modify",
    section="4.1.4",
    title="Modify tasks",
    method="PUT",
    path="/v3/{project_id}/jobs/batch-modification",
    sdk_method="batch_update_job",
    status=200,
    body=ModifyJobsParams,
    response=BatchResponse,
    mutating=True,
    batch_field="jobs",
    batch_size=10,  # SDK docstring: at most 10 recommended
)

SELECT_OBJECTS = api(
    key="jobs.select_objects",
    section="4.1.5",
    title="Select database objects",
    method="PUT",
    path="/v3/{project_id}/jobs/batch-select-objects",
    sdk_method="batch_set_objects",
    status=202,
    body=SelectObjectsParams,
    response=SelectObjectsResponse,
    mutating=True,
    batch_field="jobs",
    batch_size=10,  # SDK docstring: at most 10 recommended
)

PRECHECK = api(
    key="jobs.precheck",
    section="4.1.6",
    title="Run pre-check",
    method="POST",
    path="/v3/{project_id}/jobs/batch-precheck",
    sdk_method="batch_check_jobs",
    status=200,
    body=PrecheckParams,
    response=PrecheckResponse,
    mutating=True,
    batch_field="jobs",
    batch_size=100,
)

PRECHECK_RESULTS = api(
    key="jobs.precheck_results",
    section="4.1.7",
    title="Pre-check results",
    method="POST",
    path="/v3/{project_id}/jobs/batch-precheck-result",
    sdk_method="batch_check_results",
    status=200,
    body=JobIdsParams,
    response=PrecheckResultsResponse,
    mutating=False,
    batch_field="jobs",
    batch_size=100,
)

SET_SPEED_LIMITS = api(
    key="jobs.set_speed_limits",
    section="4.1.8",
    title="Set flow control",
    method="PUT",
    path="/v3/{project_id}/jobs/batch-limit-speed",
    sdk_method="batch_set_speed",
    status=200,
    body=SpeedLimitsParams,
    response=BatchResponse,
    mutating=True,
    batch_field="speed_limits",
    batch_size=100,
)

START_JOBS = api(
    key="jobs.start",
    section="4.1.11",
    title="Start tasks",
    method="POST",
    path="/v3/{project_id}/jobs/batch-starting",
    sdk_method="batch_start_jobs",
    status=202,
    body=StartJobsParams,
    response=BatchResponse,
    mutating=True,
    batch_field="jobs",
    batch_size=100,
)

RESUME_JOBS = api(
    key="jobs.resume",
    section="4.1.12",
    title="Resume or retry tasks",
    method="POST",
    path="/v3/{project_id}/jobs/batch-retry-task",
    sdk_method="batch_restore_task",
    status=200,
    body=RetryJobsParams,
    response=BatchResponse,
    mutating=True,
    batch_field="jobs",
    batch_size=100,
)

PAUSE_JOBS = api(
    key="jobs.pause",
    section="4.1.13",
    title="Pause tasks",
    method="POST",
    path="/v3/{project_id}/jobs/batch-pause-task",
    sdk_method="batch_stop_jobs",  # sic: the SDK's "stop" pauses
    status=200,
    body=PauseJobsParams,
    response=BatchResponse,
    mutating=True,
    batch_field="jobs",
    batch_size=100,
)

STOP_OR_DELETE_JOBS = api(
    key="jobs.stop_or_delete",
    section="4.1.14",
    title="Stop or delete tasks",
    method="DELETE",  # with a JSON body
    path="/v3/{project_id}/jobs/batch-jobs",
    sdk_method="batch_delete_jobs",
    status=202,
    body=StopOrDeleteParams,
    response=BatchResponse,
    mutating=True,
    batch_field="jobs",
    batch_size=100,
)

RESET_PASSWORDS = api(
    key="jobs.reset_passwords",
    section="4.1.15",
    title="Change source/target DB passwords",
    method="PUT",
    path="/v3/{project_id}/jobs/batch-modify-pwd",
    sdk_method="batch_reset_password",
    status=200,
    body=ResetPasswordsParams,
    response=ResetPasswordsResponse,
    mutating=True,
    batch_field="jobs",
    batch_size=100,
)

SET_DEFINER = api(
    key="jobs.set_definer",
    section="4.1.16",
    title="Set definer replacement",
    method="POST",
    path="/v3/{project_id}/jobs/batch-replace-definer",
    sdk_method="batch_set_definer",
    status=200,
    body=SetDefinerParams,
    response=BatchResponse,
    mutating=True,
    batch_field="jobs",
    batch_size=100,
)
