"""Data-level and object-level comparisons (seed 4.1.24–4.1.37).

Table comparison jobs (row ``lines``, value ``contents``, sampling ``random``) are listed,
created, cancelled and started; their results are read as overviews, details and value
differences; object-level comparisons have an overview and per-object-type details; a
result workbook is exported (4.1.36) and then downloaded (4.1.37).

Paged list responses (4.1.24, 4.1.28–4.1.32, 4.1.35) all derive from `ComparePage`, which
gives every one of them the same two properties so one pager walks them all:

- ``TableCompareJobList`` (4.1.24): items ``compare_jobs``, total ``count``
- ``LineOverviewList`` (4.1.28): items ``data_compare_overview_infos``, total ``total_count``
- ``LineDetailList`` (4.1.29): items ``table_line_compare_result_infos``, total ``total_count``
- ``ContentOverviewList`` (4.1.30): items ``content_compare_result_infos``, total ``total_count``
- ``ContentDetailList`` (4.1.31): items ``content_compare_result_infos``, total ``total_count``
- ``ContentDifferenceList`` (4.1.32): items ``contents_infos``, total ``count``
- ``ObjectCompareDetailList`` (4.1.35): items ``compare_detail``, total ``count``

The matching query models all carry ``offset`` (≥ 0, default 0) and ``limit`` (default 1000).

Integer comparison statuses stay plain ``int`` on the models (the service may add codes);
`COMPARE_STATUS_LABELS` / `compare_status_label` name them and `is_consistent` /
`is_inconsistent` classify them.
"""


import re
from enum import IntEnum
from typing import Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    AliasChoices,
    BeforeValidator,
    Field,
    field_validator,
    model_validator,
)

from ..spec import api
from ._base import DrsModel, DrsParams, EpochMs, IsoDateTime, JobId, Known, OpenStrEnum, Uuid

# ---------------------------------------------------------------------------
# Enumerations (reference §3 "Comparison")
# ---------------------------------------------------------------------------


class TableCompareType(OpenStrEnum):
    """Data-level table comparison type (4.1.24 ``type``, 4.1.25 ``type``)."""

    LINES = "lines"
    """Row (count) comparison."""
    CONTENTS = "contents"
    """Value comparison."""
    RANDOM = "random"
    """Sampling comparison (GaussDB Distributed/Centralized → GaussDB Distributed/PostgreSQL only)."""


class CompareJobStatus(OpenStrEnum):
    """Status of a comparison job (4.1.24, 4.1.34; also 4.1.18 ``compare_task_status``)."""

    RUNNING = "RUNNING"
    WAITING_FOR_RUNNING = "WAITING_FOR_RUNNING"
    SUCCESSFUL = "SUCCESSFUL"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"
    TIMEOUT_INTERRUPT = "TIMEOUT_INTERRUPT"
    FULL_DOING = "FULL_DOING"
    """Full verification in progress."""
    INCRE_DOING = "INCRE_DOING"
    """Incremental verification in progress."""

    @property
    def finished(self) -> bool:
        """The job will not change any more (succeeded, failed, cancelled or timed out)."""
        return self.value in _FINISHED_COMPARE_STATUSES


_FINISHED_COMPARE_STATUSES = frozenset({"SUCCESSFUL", "FAILED", "CANCELLED", "TIMEOUT_INTERRUPT"})


class CompareExportStatus(OpenStrEnum):
    """State of the exported result file (4.1.24, 4.1.34 ``export_status``)."""

    INIT = "INIT"
    EXPORTING = "EXPORTING"
    EXPORT_COMPLETE = "EXPORT_COMPLETE"
    EXPORT_COMMON_FAILED = "EXPORT_COMMON_FAILED"


class CompareItemType(OpenStrEnum):
    """Detail filter ``type`` of 4.1.29 / 4.1.31."""

    COMPARE = "compare"
    """Items that can be compared."""
    UNCOMPARE = "unCompare"
    """Items that cannot be compared."""


class CompareObjectType(OpenStrEnum):
    """Object type of an object-level comparison (4.1.34 ``compare_result[].type``, 4.1.35 path)."""

    DB = "DB"
    TABLE = "TABLE"
    VIEW = "VIEW"
    EVENT = "EVENT"
    ROUTINE = "ROUTINE"
    INDEX = "INDEX"
    TRIGGER = "TRIGGER"
    SYNONYM = "SYNONYM"
    FUNCTION = "FUNCTION"
    PROCEDURE = "PROCEDURE"
    TYPE = "TYPE"
    RULE = "RULE"
    DEFAULT_TYPE = "DEFAULT_TYPE"
    PLAN_GUIDE = "PLAN_GUIDE"
    CONSTRAINT = "CONSTRAINT"
    FILE_GROUP = "FILE_GROUP"
    PARTITION_FUNCTION = "PARTITION_FUNCTION"
    PARTITION_SCHEME = "PARTITION_SCHEME"
    TABLE_COLLATION = "TABLE_COLLATION"
    EXTENSIONS = "EXTENSIONS"
    """Listed by 4.1.34 only; 4.1.35 does not accept it as ``compare_type``."""


#: Object types 4.1.35 accepts in its path (every `CompareObjectType` except EXTENSIONS).
OBJECT_DETAIL_TYPES: tuple[str, ...] = tuple(t.value for t in CompareObjectType if t is not CompareObjectType.EXTENSIONS)


class CompareFileType(OpenStrEnum):
    """``compare_type`` of the result export (4.1.36 Table 4-243) and download query (4.1.37 Table 4-245)."""

    CONTENTS = "contents"
    LINES = "lines"
    RANDOM = "random"
    OBJECTS_COMPARISON = "objects_comparison"


class DownloadFileType(OpenStrEnum):
    """``compare_type`` accepted by the 4.1.37 download: `CompareFileType` plus ``repair_data``
    (data repair), which only the seed's 4.1.37 body table (Table 4-247) lists."""

    CONTENTS = "contents"
    LINES = "lines"
    RANDOM = "random"
    OBJECTS_COMPARISON = "objects_comparison"
    REPAIR_DATA = "repair_data"


#: File types that need a ``compare_job_id`` (4.1.36 / 4.1.37: "mandatory in value, sampling and row comparison").
FILE_TYPES_NEEDING_JOB_ID = frozenset({"contents", "lines", "random"})


class CompareMode(OpenStrEnum):
    QUICK_COMPARISON = "quick_comparison"


class CompareTransformationType(OpenStrEnum):
    """Filter rule type of 4.1.25 ``transformation_info``."""

    CONTENT_CONDITIONAL_FILTER = "contentConditionalFilter"


#: 4.1.25 ``options``: key → allowed values. ``contentCompareType`` and ``lobCompare`` are
#: value-comparison settings, ``comparePolicy`` a row-comparison setting.
COMPARE_OPTION_VALUES: dict[str, tuple[str, ...]] = {
    "contentCompareType": ("dynamic", "static"),
    "lobCompare": ("ignore", "length"),
    "comparePolicy": ("normal", "manyToOne"),
}
_VALUE_OPTIONS = frozenset({"contentCompareType", "lobCompare"})
_ROW_OPTIONS = frozenset({"comparePolicy"})


# ---------------------------------------------------------------------------
# Integer statuses
# ---------------------------------------------------------------------------


class CompareStatusCode(IntEnum):
    """Named constants for the integer ``status`` of 4.1.28–4.1.30 (query and rows).

    Models keep the raw ``int`` (codes 1 and 24–26 are undefined and may appear later);
    compare with these constants or use `compare_status_label`.
    """

    INCONSISTENT = 0
    CONSISTENT = 2
    TARGET_DB_TABLE_MISSING = 3
    FAILED = 4
    COMPARING = 5
    WAITING = 6
    CANCELLED = 7
    SOURCE_EMPTY = 8
    TARGET_EMPTY = 9
    BOTH_EMPTY = 10
    SOURCE_TABLE_MISSING = 11
    TARGET_TABLE_MISSING = 12
    BOTH_TABLES_MISSING = 13
    SOURCE_CONNECT_FAILED = 14
    TARGET_CONNECT_FAILED = 15
    SOURCE_SQL_TIMEOUT = 16
    TARGET_SQL_TIMEOUT = 17
    SOURCE_SQL_ERROR = 18
    TARGET_SQL_ERROR = 19
    BOTH_DBS_MISSING = 20
    SOURCE_DB_MISSING = 21
    TARGET_DB_MISSING = 22
    TOO_MANY_ROWS = 23
    TIMED_OUT = 27


#: CompareStatusCode → English label (seed Tables 4-205/4-208/4-210/4-213/4-218).
COMPARE_STATUS_LABELS: dict[int, str] = {
    0: "inconsistent",
    2: "consistent",
    3: "target table does not exist",
    4: "comparison failed",
    5: "comparing",
    6: "waiting to start",
    7: "cancelled",
    8: "source database empty",
    9: "target database empty",
    10: "source and target databases empty",
    11: "source table does not exist",
    12: "target table does not exist",
    13: "source and target tables do not exist",
    14: "cannot connect to source database",
    15: "cannot connect to target database",
    16: "source SQL timed out",
    17: "target SQL timed out",
    18: "source SQL error",
    19: "target SQL error",
    20: "source and target databases do not exist",
    21: "source database does not exist",
    22: "target database does not exist",
    23: "more than 100 million rows, not compared",
    27: "comparison timed out",
}

#: Object comparison ``status`` (4.1.34 ``compare_result[]``, 4.1.35 ``compare_detail[]``).
OBJECT_COMPARE_STATUS_LABELS: dict[int, str] = {0: "inconsistent", 2: "consistent", 3: "incomplete"}

#: 4.1.31 ``status`` (full comparison state of a table). The seed prints "-1 … -4"; the example
#: returns 2 for a finished table, so the dashes are list bullets (reference §2 4.1.31 UNSURE).
#: `content_detail_status_label` accepts both signs.
CONTENT_DETAIL_STATUS_LABELS: dict[int, str] = {1: "comparing", 2: "complete", 3: "pending", 4: "cancelled"}


def compare_status_label(code: int | None) -> str:
    """Human label of a CompareStatusCode; undocumented codes are named, never an error."""
    if code is None:
        return "unknown"
    return COMPARE_STATUS_LABELS.get(int(code), f"status {int(code)} (undocumented)")


def object_compare_status_label(code: int | None) -> str:
    if code is None:
        return "unknown"
    return OBJECT_COMPARE_STATUS_LABELS.get(int(code), f"status {int(code)} (undocumented)")


def content_detail_status_label(code: int | None) -> str:
    if code is None:
        return "unknown"
    return CONTENT_DETAIL_STATUS_LABELS.get(abs(int(code)), f"status {int(code)} (undocumented)")


def is_consistent(code: int | None) -> bool:
    """True only for code 2 (consistent); the same code means consistent for object comparison."""
    return code == CompareStatusCode.CONSISTENT


def is_inconsistent(code: int | None) -> bool:
    """True only for code 0 (inconsistent data). Failures and missing tables are neither."""
    return code == CompareStatusCode.INCONSISTENT


def _check_compare_status(value: int | None) -> int | None:
    if value is not None and value not in COMPARE_STATUS_LABELS:
        allowed = ", ".join(str(c) for c in COMPARE_STATUS_LABELS)
        raise ValueError(f"status must be a comparison status code: {allowed}")
    return value


#: Request-side CompareStatusCode: only documented codes.
CompareStatusFilter = Annotated[int, AfterValidator(_check_compare_status)]


# ---------------------------------------------------------------------------
# Path parameters and headers
# ---------------------------------------------------------------------------

_REGION_RE = re.compile(r"^[a-z]{2,}(-[a-z0-9]+)+$")


def _check_region(value: str) -> str:
    if len(value) > 64 or not _REGION_RE.match(value):
        raise ValueError("must be a region id such as cn-north-4 (lower-case letters, digits and hyphens)")
    return value


RegionId = Annotated[str, AfterValidator(_check_region)]


def _check_detail_type(value: CompareObjectType | None) -> CompareObjectType | None:
    if value is CompareObjectType.EXTENSIONS:
        raise ValueError(f"compare_type EXTENSIONS is not accepted here; allowed: {', '.join(OBJECT_DETAIL_TYPES)}")
    return value


class ComparePathParams(DrsParams):
    """Path parameters of 4.1.24–4.1.37: the task id, the comparison id (plain UUID), the 4.1.35 object type."""

    job_id: JobId
    compare_job_id: Uuid | None = None
    compare_type: Annotated[Known[CompareObjectType], AfterValidator(_check_detail_type)] | None = None


class CompareFileHeaders(DrsParams):
    """Header ``Region`` of 4.1.36 (mandatory) and 4.1.37 (optional)."""

    region: RegionId = Field(alias="Region")


# ---------------------------------------------------------------------------
# Paged responses: one uniform view for the pager
# ---------------------------------------------------------------------------


class ComparePage(DrsModel):
    """Base of the offset/limit list responses: ``items`` and ``total`` whatever the wire names.

    ``items_field`` / ``total_field`` name the wire fields behind them (see the module table).
    """

    items_field: ClassVar[str]
    total_field: ClassVar[str]

    @property
    def items(self) -> list[Any]:
        return getattr(self, self.items_field)

    @property
    def total(self) -> int | None:
        return getattr(self, self.total_field)


class ComparePageQuery(DrsParams):
    """Paging of the offset/limit APIs: ``offset`` ≥ 0 (default 0) and ``limit`` (default 1000), common to the result queries."""

    offset: int = Field(default=0, ge=0)
    limit: int = Field(default=1000, ge=1)


def _num_to_str(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


# ---------------------------------------------------------------------------
# 4.1.24 list table comparison jobs
# ---------------------------------------------------------------------------


class TableCompareJobsQuery(ComparePageQuery):
    """4.1.24 query (Table 4-186)."""


class TableCompareJob(DrsModel):
    """One data-level table comparison job (Table 4-189; SDK ``CompareJobInfo``)."""

    id: str | None = None
    type: TableCompareType | None = None
    options: dict[str, str] | None = None
    start_time: IsoDateTime | None = None
    end_time: IsoDateTime | None = None
    status: CompareJobStatus | None = None
    export_status: CompareExportStatus | None = None
    report_remain_seconds: int | None = None
    """Validity left on the exported report in seconds; -1 = no report."""
    compare_job_tag: dict[str, str] | None = None
    proportion_value: Annotated[str | None, BeforeValidator(_num_to_str)] = None
    """Sampling ratio (a string on the response, a number on the 4.1.25 request)."""
    database_info: Any = None
    """SDK-only field (DR database info), kept as sent."""

    @property
    def report_available(self) -> bool:
        """An exported result file can be downloaded now (4.1.37)."""
        return self.export_status == CompareExportStatus.EXPORT_COMPLETE and (self.report_remain_seconds or 0) > 0


class TableCompareJobList(ComparePage):
    """4.1.24 response. The seed example spells the list ``compareJobs``; the table and SDK say
    ``compare_jobs``: both are read, ``compare_jobs`` is written."""

    items_field: ClassVar[str] = "compare_jobs"
    total_field: ClassVar[str] = "count"

    count: int | None = None
    compare_jobs: list[TableCompareJob] = Field(
        default_factory=list, validation_alias=AliasChoices("compare_jobs", "compareJobs")
    )


# ---------------------------------------------------------------------------
# 4.1.25 create table comparison
# ---------------------------------------------------------------------------


class CompareObjectInfo(DrsParams):
    """A database and (optionally) its tables to compare (Table 4-193; SDK ``CompareObjectInfo``, also used by 4.1.17)."""

    db_name: str = Field(min_length=1)
    table_name: list[Annotated[str, Field(min_length=1)]] | None = None


class CompareTableInfoWithToken(DrsParams):
    """Table 4-195 (SDK ``CompareTableInfoWithToken``): a Cassandra table with its token range."""

    table_name: str = Field(min_length=1)
    min_token: str | None = None
    max_token: str | None = None


class CompareObjectInfoWithToken(DrsParams):
    """Table 4-194 (SDK ``CompareObjectInfoWithToken``; Cassandra DR only)."""

    db_name: str = Field(min_length=1)
    table_name_with_token: list[CompareTableInfoWithToken] | None = None


class CompareFilterObject(DrsParams):
    """Table 4-197 (SDK ``CreateDataCompareDatabaseObject``): ``db--table`` or ``db--schema--table``."""

    id: str | None = None

    @field_validator("id")
    @classmethod
    def _shape(cls, v: str | None) -> str | None:
        if v is None:
            return v
        parts = v.split("--")
        if len(parts) not in (2, 3) or not all(parts):
            raise ValueError("id must be 'db--table' or 'db--schema--table' (e.g. t_auto_db--users)")
        return v


class CompareFilterRule(DrsParams):
    """Table 4-198 (SDK ``CreateDataCompareTransformationInfo``): an SQL condition of ≤ 256 characters."""

    transformation_type: Known[CompareTransformationType] = CompareTransformationType.CONTENT_CONDITIONAL_FILTER
    value: str = Field(min_length=1, max_length=256)


class CompareTransformation(DrsParams):
    """Table 4-196 (SDK ``AddDataTransformationReq``): which tables a filter rule applies to."""

    object_info: list[CompareFilterObject] = Field(min_length=1)
    transformation_info: CompareFilterRule


class CreateTableCompareParams(DrsParams):
    """4.1.25 body (Table 4-192; SDK ``CreateDataLevelTableCompareJobReq``)."""

    type: Known[TableCompareType]
    start_time: EpochMs | None = None
    """When to start (ms epoch string on the wire); absent = now."""
    compare_mode: Known[CompareMode] | None = None
    compare_object: list[CompareObjectInfo] | None = None
    options: dict[str, str] | None = None
    compare_object_with_token: list[CompareObjectInfoWithToken] | None = None
    compare_task_num: int | None = Field(default=None, ge=1)
    """Thread count; Cassandra DR engines only."""
    compare_transformation_infos: list[CompareTransformation] | None = None
    proportion_value: float | None = Field(default=None, gt=0, le=100)
    """Sampling ratio in percent (example 20.1); sampling (``random``) comparisons only."""

    @field_validator("options")
    @classmethod
    def _options(cls, v: dict[str, str] | None) -> dict[str, str] | None:
        if not v:
            return v
        for key, value in v.items():
            if key not in COMPARE_OPTION_VALUES:
                raise ValueError(f"unknown option {key!r}; allowed keys: {', '.join(COMPARE_OPTION_VALUES)}")
            allowed = COMPARE_OPTION_VALUES[key]
            if value not in allowed:
                raise ValueError(f"option {key} must be one of: {', '.join(allowed)}")
        return v

    @model_validator(mode="after")
    def _fits_type(self) -> "CreateTableCompareParams":
        kind = self.type.value if self.type is not None else None
        keys = set(self.options or {})
        if kind == "lines" and keys & _VALUE_OPTIONS:
            raise ValueError("contentCompareType and lobCompare are value-comparison options (type contents)")
        if kind == "contents" and keys & _ROW_OPTIONS:
            raise ValueError("comparePolicy is a row-comparison option (type lines)")
        if self.proportion_value is not None and kind != "random":
            raise ValueError("proportion_value is only for sampling comparisons (type random)")
        return self


class CreateTableCompareResponse(DrsModel):
    """4.1.25 response (Table 4-199): the new comparison id."""

    id: str | None = None


class CompareAck(DrsModel):
    """The empty answer of 4.1.26, 4.1.27, 4.1.33 (``{}``) and 4.1.36 (the JSON string ``""``)."""

    @model_validator(mode="before")
    @classmethod
    def _empty(cls, data: Any) -> Any:
        if data is None or data == "":
            return {}
        return data


# ---------------------------------------------------------------------------
# 4.1.28 / 4.1.29 row comparison
# ---------------------------------------------------------------------------


class LineOverviewQuery(ComparePageQuery):
    """4.1.28 query (Table 4-205)."""

    status: CompareStatusFilter | None = None


class LineDetailQuery(ComparePageQuery):
    """4.1.29 query (Table 4-210)."""

    status: CompareStatusFilter | None = None
    type: Known[CompareItemType] | None = None
    db_name: str | None = None
    target_db_name: str | None = None
    query_tb_name: str | None = None


class _CompareStatusRow(DrsModel):
    status: int | None = None

    @property
    def status_label(self) -> str:
        return compare_status_label(self.status)

    @property
    def consistent(self) -> bool:
        return is_consistent(self.status)

    @property
    def inconsistent(self) -> bool:
        return is_inconsistent(self.status)


class LineOverview(_CompareStatusRow):
    """One database of a row comparison (Table 4-208; SDK ``DataCompareOverviewInfo``)."""

    source_db_name: str | None = None
    target_db_name: str | None = None
    compare_num: int | None = None
    """Tables in the comparison."""
    compare_end_num: int | None = None
    """Tables done."""
    data_inconsistent_num: int | None = None
    uncomparable_num: int | None = None


class LineOverviewList(ComparePage):
    """4.1.28 response."""

    items_field: ClassVar[str] = "data_compare_overview_infos"
    total_field: ClassVar[str] = "total_count"

    total_count: int | None = None
    data_compare_overview_infos: list[LineOverview] = Field(default_factory=list)


class LineDetail(_CompareStatusRow):
    """One table of a row comparison (Table 4-213; SDK ``TableLineCompareResultInfo``)."""

    source_table_name: str | None = None
    source_row_num: int | None = None
    target_table_name: str | None = None
    target_row_num: int | None = None
    difference_row_num: int | None = None
    compare_line_config_filter: str | None = None


class LineDetailList(ComparePage):
    """4.1.29 response."""

    items_field: ClassVar[str] = "table_line_compare_result_infos"
    total_field: ClassVar[str] = "total_count"

    total_count: int | None = None
    table_line_compare_result_infos: list[LineDetail] = Field(default_factory=list)


# ---------------------------------------------------------------------------
# 4.1.30 – 4.1.32 value comparison
# ---------------------------------------------------------------------------


class ContentOverviewQuery(ComparePageQuery):
    """4.1.30 query (Table 4-215)."""


class ContentOverview(_CompareStatusRow):
    """One database of a value comparison (Table 4-218; SDK ``NodeContentCompareOverviewResult``).

    Note the names ``source_db``/``target_db`` here against ``source_db_name`` in 4.1.28.
    """

    source_db: str | None = None
    target_db: str | None = None
    compare_num: int | None = None
    compare_end_num: int | None = None
    data_inconsistent_num: int | None = None
    uncomparable_num: int | None = None


class ContentOverviewList(ComparePage):
    """4.1.30 response."""

    items_field: ClassVar[str] = "content_compare_result_infos"
    total_field: ClassVar[str] = "total_count"

    total_count: int | None = None
    content_compare_result_infos: list[ContentOverview] = Field(default_factory=list)


class ContentDetailQuery(ComparePageQuery):
    """4.1.31 query (Table 4-220)."""

    target_db_name: str | None = None
    db_name: str | None = None
    type: Known[CompareItemType] | None = None


class ContentDetail(DrsModel):
    """One table of a value comparison (Table 4-223; SDK ``NodeContentCompareDetailResult``)."""

    source_db: str | None = None
    target_db: str | None = None
    source_table_name: str | None = None
    target_table_name: str | None = None
    source_row_num: int | None = None
    target_row_num: int | None = None
    difference_row_num: int | None = None
    line_compare_result: bool | None = None
    """Row counts consistent (a boolean here, an enum string in 4.1.18)."""
    content_compare_result: bool | None = None
    """Values consistent."""
    message: str | None = None
    compare_line_config_filter: str | None = None
    status: int | None = None
    """Full comparison state, see `CONTENT_DETAIL_STATUS_LABELS`."""
    complete_shard_count: int | None = None
    total_shard_count: int | None = None
    progress: float | None = None
    """Percent done (0–100)."""

    @property
    def status_label(self) -> str:
        return content_detail_status_label(self.status)

    @property
    def consistent(self) -> bool | None:
        """Both row and value results consistent; None while either is unknown."""
        if self.line_compare_result is None or self.content_compare_result is None:
            return None
        return self.line_compare_result and self.content_compare_result


class ContentDetailList(ComparePage):
    """4.1.31 response."""

    items_field: ClassVar[str] = "content_compare_result_infos"
    total_field: ClassVar[str] = "total_count"

    total_count: int | None = None
    content_compare_result_infos: list[ContentDetail] = Field(default_factory=list)


class ContentDifferenceQuery(ComparePageQuery):
    """4.1.32 query (Table 4-225): ``limit`` 1–1000."""

    table_name: str | None = None
    db_name: str | None = None
    limit: int = Field(default=1000, ge=1, le=1000)


class ContentDifference(DrsModel):
    """One differing row (Table 4-228; SDK ``CompareJobContentDetailInfo``)."""

    source_key_value: list[str] = Field(default_factory=list)
    target_key_value: list[str] = Field(default_factory=list)
    select_sql: str | None = None
    """The query that reads the row on the source."""
    target_select_sql: str | None = None


class ContentDifferenceList(ComparePage):
    """4.1.32 response (Table 4-227) with the three difference counters."""

    items_field: ClassVar[str] = "contents_infos"
    total_field: ClassVar[str] = "count"

    count: int | None = None
    target_meta_is_null: int | None = None
    """Rows only in the source."""
    source_meta_is_null: int | None = None
    """Rows only in the target."""
    source_target_meta_not_null: int | None = None
    """Rows in both but different."""
    contents_infos: list[ContentDifference] = Field(default_factory=list)


# ---------------------------------------------------------------------------
# 4.1.33 – 4.1.35 object-level comparison
# ---------------------------------------------------------------------------


class CreateObjectCompareParams(DrsParams):
    """4.1.33 body (Table 4-231; SDK ``CreateObjectCompareJobReq``)."""

    compare_task_num: int | None = Field(default=None, ge=1)
    """Thread count; Cassandra DR engines only."""


class _ObjectStatusRow(DrsModel):
    status: int | None = None
    """0 inconsistent, 2 consistent, 3 incomplete."""

    @property
    def status_label(self) -> str:
        return object_compare_status_label(self.status)

    @property
    def consistent(self) -> bool:
        return is_consistent(self.status)


class ObjectCompareSummary(_ObjectStatusRow):
    """One object type of an object comparison (Table 4-235; SDK ``ObjectsCompareOverviewInfo``)."""

    type: CompareObjectType | None = None
    source_count: int | None = None
    target_count: int | None = None


class ObjectCompareOverview(DrsModel):
    """4.1.34 response (Table 4-234; SDK ``ListObejectLevelCompareOverviewResponse``)."""

    create_time: IsoDateTime | None = None
    start_time: IsoDateTime | None = None
    status: CompareJobStatus | None = None
    export_status: CompareExportStatus | None = None
    report_remain_seconds: int | None = None
    """Validity left on the exported file in seconds; -1 = no file."""
    compare_job_id: str | None = None
    error_msg: str | None = None
    compare_result: list[ObjectCompareSummary] = Field(default_factory=list)
    database_info: Any = None
    """SDK-only field, kept as sent."""

    @property
    def report_available(self) -> bool:
        return self.export_status == CompareExportStatus.EXPORT_COMPLETE and (self.report_remain_seconds or 0) > 0


class ObjectCompareDetailQuery(ComparePageQuery):
    """4.1.35 query (Table 4-237): ``compare_job_id`` (default: latest), ``limit`` 1–1000."""

    compare_job_id: Uuid | None = None
    limit: int = Field(default=1000, ge=1, le=1000)


class ObjectCompareDetail(_ObjectStatusRow):
    """One object of an object comparison (Table 4-240; SDK ``ObjectsCompareDetailInfo``)."""

    source_db_name: str | None = None
    target_db_name: str | None = None
    source_db_value: str | None = None
    target_db_value: str | None = None
    error_message: str | None = None


class ObjectCompareDetailList(ComparePage):
    """4.1.35 response."""

    items_field: ClassVar[str] = "compare_detail"
    total_field: ClassVar[str] = "count"

    count: int | None = None
    compare_detail: list[ObjectCompareDetail] = Field(default_factory=list)


# ---------------------------------------------------------------------------
# 4.1.36 / 4.1.37 result files
# ---------------------------------------------------------------------------


def _require_job_id(compare_type: OpenStrEnum | None, compare_job_id: str | None) -> None:
    if compare_type is not None and compare_type.value in FILE_TYPES_NEEDING_JOB_ID and not compare_job_id:
        raise ValueError(f"compare_job_id is required when compare_type is {compare_type.value}")


class ExportCompareFileParams(DrsParams):
    """4.1.36 body (Table 4-243; SDK ``ExportCompareResultReq``)."""

    compare_type: Known[CompareFileType]
    compare_job_id: Uuid | None = None
    """Required for contents, lines and random."""
    time_zone: str | None = Field(default=None, max_length=64)
    """E.g. ``GMT+08:00``; only used in the generated file name."""

    @model_validator(mode="after")
    def _job_id(self) -> "ExportCompareFileParams":
        _require_job_id(self.compare_type, self.compare_job_id)
        return self


class DownloadCompareFileQuery(DrsParams):
    """4.1.37 query (Table 4-245). ``repair_data`` comes from the seed's body table 4-247."""

    compare_type: Known[DownloadFileType]
    compare_job_id: Uuid | None = None

    @model_validator(mode="after")
    def _job_id(self) -> "DownloadCompareFileQuery":
        _require_job_id(self.compare_type, self.compare_job_id)
        return self


# ---------------------------------------------------------------------------
# API specs
# ---------------------------------------------------------------------------

_JOB = "/v3/{project_id}/jobs/{job_id}"

COMPARE_LIST_TABLE_JOBS = api(
    key="compare.list_table_jobs",
    section="4.1.24",
    title="List data-level table comparison jobs",
    method="GET",
    path=_JOB + "/table/compare",
    sdk_method="list_data_level_table_compare_jobs",
    query=TableCompareJobsQuery,
    response=TableCompareJobList,
)
COMPARE_CREATE_TABLE_JOB = api(
    key="compare.create_table_job",
    section="4.1.25",
    title="Create a data-level table comparison",
    method="POST",
    path=_JOB + "/table/compare",
    sdk_method="create_data_level_table_compare_job",
    status=202,
    body=CreateTableCompareParams,
    response=CreateTableCompareResponse,
    mutating=True,
)
COMPARE_CANCEL = api(
    key="compare.cancel",
    section="4.1.26",
    title="Cancel a comparison",
    method="DELETE",
    path=_JOB + "/compare/{compare_job_id}",
    sdk_method="delete_compare_job",
    response=CompareAck,
    mutating=True,
)
COMPARE_START_NOW = api(
    key="compare.start_now",
    section="4.1.27",
    title="Start a table comparison now",
    method="POST",
    path=_JOB + "/table/compare/{compare_job_id}",
    sdk_method="start_promptly_data_level_table_compare_job",
    response=CompareAck,
    mutating=True,
)
COMPARE_LINE_OVERVIEW = api(
    key="compare.line_overview",
    section="4.1.28",
    title="Row comparison overview",
    method="GET",
    path=_JOB + "/compare/{compare_job_id}/line-overview",
    sdk_method="list_data_compare_overview",
    query=LineOverviewQuery,
    response=LineOverviewList,
)
COMPARE_LINE_DETAIL = api(
    key="compare.line_detail",
    section="4.1.29",
    title="Row comparison details",
    method="GET",
    path=_JOB + "/compare/{compare_job_id}/line-detail",
    sdk_method="list_data_compare_detail",
    query=LineDetailQuery,
    response=LineDetailList,
)
COMPARE_CONTENT_OVERVIEW = api(
    key="compare.content_overview",
    section="4.1.30",
    title="Value comparison overview",
    method="GET",
    path=_JOB + "/compare/{compare_job_id}/content-overview",
    sdk_method="list_content_compare_overview",
    query=ContentOverviewQuery,
    response=ContentOverviewList,
)
COMPARE_CONTENT_DETAIL = api(
    key="compare.content_detail",
    section="4.1.31",
    title="Value comparison details",
    method="GET",
    path=_JOB + "/compare/{compare_job_id}/content-detail",
    sdk_method="list_content_compare_detail",
    query=ContentDetailQuery,
    response=ContentDetailList,
)
COMPARE_CONTENT_DIFFERENCE = api(
    key="compare.content_difference",
    section="4.1.32",
    title="Value comparison differences",
    method="GET",
    path=_JOB + "/compare/{compare_job_id}/content-difference",
    sdk_method="list_content_compare_difference",
    query=ContentDifferenceQuery,
    response=ContentDifferenceList,
)
COMPARE_CREATE_OBJECT_JOB = api(
    key="compare.create_object_job",
    section="4.1.33",
    title="Create an object-level comparison",
    method="POST",
    path=_JOB + "/object/compare",
    sdk_method="create_object_level_compare_job",
    status=202,
    body=CreateObjectCompareParams,
    response=CompareAck,
    mutating=True,
)
COMPARE_OBJECT_OVERVIEW = api(
    key="compare.object_overview",
    section="4.1.34",
    title="Object comparison overview",
    method="GET",
    path=_JOB + "/object/compare",
    sdk_method="list_obeject_level_compare_overview",
    response=ObjectCompareOverview,
)
COMPARE_OBJECT_DETAIL = api(
    key="compare.object_detail",
    section="4.1.35",
    title="Object comparison details",
    method="GET",
    path=_JOB + "/object/compare/{compare_type}",
    sdk_method="list_obeject_level_compare_detail",
    query=ObjectCompareDetailQuery,
    response=ObjectCompareDetailList,
)
COMPARE_EXPORT_FILE = api(
    key="compare.export_file",
    section="4.1.36",
    title="Export the comparison result file",
    method="POST",
    path=_JOB + "/compare/result/file",
    sdk_method="create_compare_result_file",
    body=ExportCompareFileParams,
    response=CompareAck,
    mutating=True,
    headers=("Region",),
)
COMPARE_DOWNLOAD_FILE = api(
    key="compare.download_file",
    section="4.1.37",
    title="Download the comparison result file",
    method="GET",
    path=_JOB + "/compare/result/file",
    sdk_method="download_compare_result_file",
    query=DownloadCompareFileQuery,
    response=None,
    stream=True,
    headers=("Region",),
)


__all__ = [
    # enums and status helpers
    "TableCompareType",
    "CompareJobStatus",
    "CompareExportStatus",
    "CompareItemType",
    "CompareObjectType",
    "CompareFileType",
    "DownloadFileType",
    "CompareMode",
    "CompareTransformationType",
    "CompareStatusCode",
    "COMPARE_STATUS_LABELS",
    "OBJECT_COMPARE_STATUS_LABELS",
    "CONTENT_DETAIL_STATUS_LABELS",
    "COMPARE_OPTION_VALUES",
    "OBJECT_DETAIL_TYPES",
    "FILE_TYPES_NEEDING_JOB_ID",
    "compare_status_label",
    "object_compare_status_label",
    "content_detail_status_label",
    "is_consistent",
    "is_inconsistent",
    "CompareStatusFilter",
    "RegionId",
    # path / headers / paging
    "ComparePathParams",
    "CompareFileHeaders",
    "ComparePage",
    "ComparePageQuery",
    # 4.1.24 – 4.1.27
    "TableCompareJobsQuery",
    "TableCompareJob",
    "TableCompareJobList",
    "CompareObjectInfo",
    "CompareTableInfoWithToken",
    "CompareObjectInfoWithToken",
    "CompareFilterObject",
    "CompareFilterRule",
    "CompareTransformation",
    "CreateTableCompareParams",
    "CreateTableCompareResponse",
    "CompareAck",
    # 4.1.28 – 4.1.32
    "LineOverviewQuery",
    "LineDetailQuery",
    "LineOverview",
    "LineOverviewList",
    "LineDetail",
    "LineDetailList",
    "ContentOverviewQuery",
    "ContentOverview",
    "ContentOverviewList",
    "ContentDetailQuery",
    "ContentDetail",
    "ContentDetailList",
    "ContentDifferenceQuery",
    "ContentDifference",
    "ContentDifferenceList",
    # 4.1.33 – 4.1.37
    "CreateObjectCompareParams",
    "ObjectCompareSummary",
    "ObjectCompareOverview",
    "ObjectCompareDetailQuery",
    "ObjectCompareDetail",
    "ObjectCompareDetailList",
    "ExportCompareFileParams",
    "DownloadCompareFileQuery",
    # specs
    "COMPARE_LIST_TABLE_JOBS",
    "COMPARE_CREATE_TABLE_JOB",
    "COMPARE_CANCEL",
    "COMPARE_START_NOW",
    "COMPARE_LINE_OVERVIEW",
    "COMPARE_LINE_DETAIL",
    "COMPARE_CONTENT_OVERVIEW",
    "COMPARE_CONTENT_DETAIL",
    "COMPARE_CONTENT_DIFFERENCE",
    "COMPARE_CREATE_OBJECT_JOB",
    "COMPARE_OBJECT_OVERVIEW",
    "COMPARE_OBJECT_DETAIL",
    "COMPARE_EXPORT_FILE",
    "COMPARE_DOWNLOAD_FILE",
]
