"""Synchronization policies (seed 4.3.1 data processing / filter rules, 4.3.2 sync policies).

Wire quirks handled here:

- 4.3.1 ``config_transformation.indexes`` (seed Table 4-269 and example) is ``indexs`` in
  the SDK (``ConfigTransformationVo.attribute_map``). Following the SDK, the client sends
  ``indexs``; validation accepts both spellings so a tolerant local server reads either.
- 4.3.1 ``job_id`` is optional in Table 4-266 and in the SDK; a rule always belongs to a
  task, so it is required here.
- 4.3.2 Kafka settings (``topic_policy`` … ``replication_factor``) exist only in the SDK
  (``SyncPolicyReq``); their rules come from the SDK docstrings.
"""


import re
from typing import Annotated, Any

from pydantic import AfterValidator, AliasChoices, BeforeValidator, Field, field_validator, model_validator

from ..spec import api
from ._base import DrsParams, JobId, Known, OpenStrEnum
from .common import BatchResponse, PerJobRows, bool_to_text, check_text

__all__ = [
    "TransformationType",
    "ConflictPolicy",
    "FilterDdlPolicy",
    "KafkaDataFormat",
    "TransformationObject",
    "TransformationInfo",
    "ConfigTransformation",
    "DataTransformationJob",
    "DataTransformationParams",
    "SyncPolicy",
    "SyncPolicyParams",
    "check_file_and_position",
    "check_gtid_set",
    "filter_object_id",
    "JOBS_SET_DATA_TRANSFORMATION",
    "JOBS_SET_SYNC_POLICY",
]


# ---------------------------------------------------------------------------
# Enums
# ---------------------------------------------------------------------------


class TransformationType(OpenStrEnum):
    """4.3.1 ``transformation_type`` (Table 4-268)."""

    CONTENT_CONDITIONAL_FILTER = "contentConditionalFilter"
    """Processing rule: ``value`` is an SQL condition (e.g. ``id>5``)."""
    CONFIG_CONDITIONAL_FILTER = "configConditionalFilter"
    """Configuration rule: ``value`` is the literal ``config``; details in ``config_transformation``."""


class ConflictPolicy(OpenStrEnum):
    """4.3.2 ``conflict_policy`` (Table 4-275)."""

    IGNORE = "ignore"
    OVERWRITE = "overwrite"
    STOP = "stop"


class FilterDdlPolicy(OpenStrEnum):
    """4.3.2 ``filter_ddl_policy`` (Table 4-275: only ``drop_database`` may be set)."""

    DROP_DATABASE = "drop_database"


class KafkaDataFormat(OpenStrEnum):
    """SDK ``SyncPolicyReq.kafka_data_format``: MySQL/TaurusDB→Kafka json, json_c; others json, avro."""

    JSON = "json"
    JSON_C = "json_c"
    AVRO = "avro"


# ---------------------------------------------------------------------------
# 4.3.1 data processing rules
# ---------------------------------------------------------------------------

_NAME_RE = re.compile(r"^[A-Za-z0-9_]+$")


def _max256(value: str) -> str:
    if len(value) > 256:
        raise ValueError("must be at most 256 characters")
    return value


def _name(value: str) -> str:
    _max256(value)
    if not _NAME_RE.match(value):
        raise ValueError("must be 1-256 letters, digits or _")
    return value


Str256 = Annotated[str, Field(min_length=1), AfterValidator(_max256)]
Name256 = Annotated[str, Field(min_length=1), AfterValidator(_name)]


def filter_object_id(db: str, table: str, schema: str = "*") -> str:
    """The ``object_info[].id`` of a table: ``<db>-*-*-<table>`` (Table 4-267), or ``<db>-*-<schema>-<table>``."""
    return f"{db}-*-{schema}-{table}"


class TransformationObject(DrsParams):
    """A table a processing rule applies to (Table 4-267; SDK ``DatabaseObjectVO``)."""

    id: str = Field(min_length=1)
    """``<db>-*-*-<table>``, e.g. ``lxl_test1-*-*-test_1`` (see :func:`filter_object_id`)."""
    select: Annotated[str, BeforeValidator(bool_to_text)] = "true"
    """Advanced configuration selected: the text ``"true"`` (a bool is converted)."""

    @field_validator("select")
    @classmethod
    def _true_false(cls, v: str) -> str:
        if v not in ("true", "false"):
            raise ValueError('select must be "true" or "false"')
        return v


class TransformationInfo(DrsParams):
    """The rule itself (Table 4-268; SDK ``TransformationInfo``)."""

    transformation_type: Known[TransformationType]
    value: Str256
    """SQL condition (processing rule) or the literal ``config`` (configuration rule); ≤ 256 characters."""

    @model_validator(mode="after")
    def _config_value(self) -> "TransformationInfo":
        if self.transformation_type == TransformationType.CONFIG_CONDITIONAL_FILTER and self.value != "config":
            raise ValueError('value must be "config" for a configConditionalFilter rule')
        return self


class ConfigTransformation(DrsParams):
    """A configuration rule's cache definition (Table 4-269; SDK ``ConfigTransformationVo``).

    Every field ≤ 256 characters; database and table names letters, digits and ``_``;
    columns, keys and indexes must exist in the source.
    """

    db_table_name: Str256
    """``<db_name>.<table_name>``, e.g. ``lxl_test1.test_1``."""
    db_name: Name256
    table_name: Name256
    col_names: Str256
    prim_key_or_index: Str256
    # Seed: "indexes"; SDK attribute_map: "indexs". Sent as the SDK spells it, read in either spelling.
    indexes: Str256 = Field(
        validation_alias=AliasChoices("indexes", "indexs"), serialization_alias="indexs"
    )
    values: Str256
    """Filter condition (SQL), e.g. ``name like '%a%'``."""

    @model_validator(mode="after")
    def _db_table(self) -> "ConfigTransformation":
        expected = f"{self.db_name}.{self.table_name}"
        if self.db_table_name != expected:
            raise ValueError(f"db_table_name must be <db_name>.<table_name> ({expected})")
        return self


class DataTransformationJob(DrsParams):
    """One rule for one task (Table 4-266; SDK ``CheckDataTransformationReq``)."""

    job_id: JobId
    object_info: list[TransformationObject] | None = None
    transformation_info: TransformationInfo
    config_transformation: ConfigTransformation | None = None

    @model_validator(mode="after")
    def _parts_for_type(self) -> "DataTransformationJob":
        kind = self.transformation_info.transformation_type
        if kind == TransformationType.CONTENT_CONDITIONAL_FILTER and not self.object_info:
            raise ValueError("object_info (the tables) is required for a contentConditionalFilter rule")
        if kind == TransformationType.CONFIG_CONDITIONAL_FILTER and self.config_transformation is None:
            raise ValueError("config_transformation is required for a configConditionalFilter rule")
        return self


class DataTransformationParams(DrsParams):
    """Body of 4.3.1 ``POST /jobs/batch-transformation`` (Table 4-265; SDK ``BatchDataTransformationReq``).

    A task may appear more than once (one configuration rule per associated table).
    """

    jobs: list[DataTransformationJob] = Field(min_length=1)


# ---------------------------------------------------------------------------
# 4.3.2 sync policies
# ---------------------------------------------------------------------------

_BINLOG_RE = re.compile(r"^(?P<name>[^<>&:\"'/\\]{1,60})\.(?P<num>\d{3,20}):(?P<pos>\d{1,20})$")
_OPLOG_RE = re.compile(r"^(?P<ts>\d{1,10}):(?P<inc>\d{1,10})$")
_INT32_MAX = 2_147_483_647


def check_file_and_position(value: str | None) -> str | None:
    """Start point (Table 4-275): MySQL ``<file>.<number>:<position>`` or MongoDB ``<timestamp>:<increment>``.

    MySQL: file name 1–60 characters without ``<>&:"'/\\``, file number 3–20 digits,
    position 1–20 digits, at most 100 characters in all (``mysql-bin.000277:805``).
    MongoDB: two integers 1–2,147,483,647.
    """
    if value is None:
        return value
    oplog = _OPLOG_RE.match(value)
    if oplog:
        if all(1 <= int(part) <= _INT32_MAX for part in oplog.groups()):
            return value
        raise ValueError("MongoDB start point timestamp and increment must be integers 1-2147483647")
    if len(value) > 100:
        raise ValueError("file_and_position must be at most 100 characters")
    if not _BINLOG_RE.match(value):
        raise ValueError(
            "file_and_position must be <file name>.<file number>:<position> (e.g. mysql-bin.000277:805: "
            "name 1-60 characters without <>&:\"'/\\, number 3-20 digits, position 1-20 digits) "
            "or, for MongoDB, <timestamp>:<increment>"
        )
    return value


_GTID_FORBIDDEN = set("<>&\"'/\\")
_CJK_RE = re.compile(r"[\u2e80-\u2fdf\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


def check_gtid_set(value: str | None) -> str | None:
    """``Executed_Gtid_Set`` (Table 4-275): ≤ 2048 characters, no Chinese characters, none of ``<>&"'/\\``."""
    if check_text(value, "gtid_set", 2048, _GTID_FORBIDDEN) is None:
        return None
    if _CJK_RE.search(value):
        raise ValueError("gtid_set must not contain Chinese characters")
    return value


def _int_text(low: int, high: int, what: str) -> Any:
    def check(value: Any) -> str:
        if isinstance(value, bool):
            raise ValueError(f"{what} must be an integer {low}-{high}")
        text = str(value).strip()
        if not re.fullmatch(r"\d+", text) or not low <= int(text) <= high:
            raise ValueError(f"{what} must be an integer {low}-{high}")
        return text

    return BeforeValidator(check)


# SDK doc: partition_policy values allowed for each topic_policy.
_PARTITIONS_FOR_TOPIC: dict[str, set[str]] = {
    "0": {"0", "1", "2", "3", "4", "5"},
    "1": {"0", "1", "2", "5"},
    "2": {"0", "1", "2", "3"},
    "3": {"0", "1"},
    "4": {"0", "1", "3"},
}


def _choice(allowed: tuple[str, ...], what: str) -> Any:
    def check(value: Any) -> str:
        text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
        if text not in allowed:
            raise ValueError(f"{what} must be one of: {', '.join(allowed)}")
        return text

    return BeforeValidator(check)


class SyncPolicy(DrsParams):
    """One task's sync policy (Table 4-275; SDK ``SyncPolicyReq``)."""

    job_id: JobId
    conflict_policy: Known[ConflictPolicy] | None = None
    filter_ddl_policy: Known[FilterDdlPolicy] | None = None
    ddl_trans: bool | None = None
    """Synchronize DDL during incremental synchronization."""
    index_trans: bool | None = None
    """Synchronize indexes during incremental synchronization."""
    # Kafka targets (SDK only).
    topic_policy: Annotated[str, _choice(("0", "1", "2", "3", "4"), "topic_policy")] | None = None
    """0 one topic, 1 per db-schema-table, 2 per db, 3 per db-schema (SDK)."""
    topic: str | None = None
    partition_policy: Annotated[str, _choice(("0", "1", "2", "3", "4", "5"), "partition_policy")] | None = None
    """0 hash of db.schema.table, 1 all to partition 0, 2 hash of primary key, 3 hash of db.schema (SDK)."""
    kafka_data_format: Known[KafkaDataFormat] | None = None
    topic_name_format: str | None = None
    partitions_num: Annotated[str, _int_text(1, _INT32_MAX, "partitions_num")] | None = None
    replication_factor: Annotated[str, _int_text(1, 32767, "replication_factor")] | None = None
    # PostgreSQL.
    is_fill_materialized_view: bool | None = None
    export_snapshot: bool | None = None
    slot_name: str | None = None
    # Incremental start point.
    file_and_position: Annotated[str, AfterValidator(check_file_and_position)] | None = None
    gtid_set: Annotated[str, AfterValidator(check_gtid_set)] | None = None
    ddl_topic: str | None = None
    """Kafka target with ``ddl_trans``: an existing topic that receives the DDL."""

    @model_validator(mode="after")
    def _kafka_rules(self) -> "SyncPolicy":
        if self.topic_policy == "0" and not self.topic:
            raise ValueError("topic is required when topic_policy is 0 (one topic)")
        if self.topic_policy is not None and self.partition_policy is not None:
            allowed = _PARTITIONS_FOR_TOPIC[self.topic_policy]
            if self.partition_policy not in allowed:
                raise ValueError(
                    f"partition_policy must be one of {', '.join(sorted(allowed))} when topic_policy is {self.topic_policy}"
                )
        return self


class SyncPolicyParams(PerJobRows):
    """Body of 4.3.2 ``POST /jobs/batch-sync-policy`` (Table 4-274; SDK ``BatchSetupSyncPolicyReq``).
    A task may appear only once."""

    jobs: list[SyncPolicy] = Field(min_length=1)


JOBS_SET_DATA_TRANSFORMATION = api(
    key="jobs.set_data_transformation",
    section="4.3.1",
    title="Add data processing (filter) rules",
    method="POST",
    path="/v3/{project_id}/jobs/batch-transformation",
    sdk_method="batch_change_data",
    status=200,
    body=DataTransformationParams,
    response=BatchResponse,
    mutating=True,
    batch_field="jobs",
    batch_size=100,
)

JOBS_SET_SYNC_POLICY = api(
    key="jobs.set_sync_policy",
    section="4.3.2",
    title="Set synchronization policies",
    method="POST",
    path="/v3/{project_id}/jobs/batch-sync-policy",
    sdk_method="batch_set_policy",
    status=200,
    body=SyncPolicyParams,
    response=BatchResponse,
    mutating=True,
    batch_field="jobs",
    batch_size=100,
)
