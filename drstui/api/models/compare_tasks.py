"""Comparison tasks (seed 4.1.17 create, 4.1.18 query results).

Wire notes (reference §2 4.1.17–4.1.18, SDK 3.1.219):

- 4.1.17 ``object_level_compare_type`` has one value, ``objects``; object-level and value
  (``contents``) comparison cannot be requested together.
- 4.1.18 nests four result objects. The tables and the SDK say ``object_level_compare_results``,
  ``line_compare_results`` (objects) and ``object_compare_details`` (a map object type → rows);
  the seed example shows them as one-element arrays. The response models follow the tables
  and also accept the example's array shape (see `_one_object`, `_merge_maps`).
- Table 4-124 calls the overview ``object_compare_results``; Table 4-125's caption, the example
  and the SDK say ``object_compare_overview`` (used; the table's name is accepted on input).
- The seed's comparison ids are not always well-formed UUIDs (``…-da2a3bcdcb7`` has 11 digits),
  so request ids are only checked for being non-empty.
"""


from typing import Annotated, Any

from pydantic import AliasChoices, BeforeValidator, Field, model_validator

from ..spec import api
from ._base import DrsModel, DrsParams, EpochMs, JobId, Known, OpenStrEnum
# The same wire objects/enums are shared with 4.1.24–4.1.25 and live in compare.py.
from .compare import (
    CompareJobStatus,
    CompareMode,
    CompareObjectInfo,
    CompareObjectInfoWithToken,
    CompareObjectType,
)

__all__ = [
    # enums
    "ObjectLevelCompareType",
    "DataCompareType",
    "CompareConflictPolicy",
    "CompareOutcome",
    "CompareTaskType",
    # 4.1.17
    "CreateDataLevelCompare",
    "CreateCompareTaskParams",
    "CompareTaskCreateResult",
    "CreateCompareTaskResponse",
    # 4.1.18
    "QueryCompareResultParams",
    "ObjectCompareResultOverview",
    "ObjectCompareResultDetails",
    "ObjectCompareResult",
    "LineCompareResultOverview",
    "LineCompareDetail",
    "LineCompareResultDetails",
    "LineCompareResult",
    "ContentCompareResultOverview",
    "ContentCompareDetail",
    "ContentCompareResultDetails",
    "ContentCompareDiff",
    "ContentCompareResultDiffs",
    "ContentCompareResult",
    "CompareTaskInfo",
    "CompareTaskListResult",
    "CompareResultsResponse",
    # specs
    "COMPARE_CREATE_TASK",
    "COMPARE_QUERY_RESULTS",
]


# ---------------------------------------------------------------------------
# Enums
# ---------------------------------------------------------------------------


class ObjectLevelCompareType(OpenStrEnum):
    """4.1.17 ``object_level_compare_type``."""

    OBJECTS = "objects"


class DataCompareType(OpenStrEnum):
    """4.1.17 ``data_level_compare_info.compare_type``: row count or values."""

    LINES = "lines"
    CONTENTS = "contents"


class CompareConflictPolicy(OpenStrEnum):
    """4.1.17: what to do with an unfinished data-level comparison (only one may exist)."""

    CANCEL = "cancel"
    KEEP = "keep"


class CompareOutcome(OpenStrEnum):
    """4.1.18 ``object_compare_result`` / ``line_compare_result`` / ``content_compare_result``."""

    CONSISTENT = "CONSISTENT"
    INCONSISTENT = "INCONSISTENT"
    COMPARING = "COMPARING"
    WAITING_FOR_COMPARISON = "WAITING_FOR_COMPARISON"
    FAILED_TO_COMPARE = "FAILED_TO_COMPARE"
    TARGET_DB_NOT_EXIT = "TARGET_DB_NOT_EXIT"  # sic
    CAN_NOT_COMPARE = "CAN_NOT_COMPARE"


class CompareTaskType(OpenStrEnum):
    """``compare_task_list[].compare_type`` (seed examples + SDK doc)."""

    LINES = "lines"
    CONTENTS = "contents"
    OBJECT_COMPARISON = "object_comparison"
    OBJECT = "object"
    ACCOUNT = "account"
    RANDOM = "random"
    NODE = "node"
    MGR = "mgr"


# ---------------------------------------------------------------------------
# 4.1.17 Create comparison task
# ---------------------------------------------------------------------------

_NonEmpty = Annotated[str, Field(min_length=1)]


class CreateDataLevelCompare(DrsParams):
    """``data_level_compare_info`` (Table 4-114; SDK ``CreateDataLevelCompareReq``).

    Without ``compare_mode=quick_comparison`` exactly one of ``compare_object_infos`` /
    ``compare_object_infos_with_token`` must name the objects.
    """

    conflict_policy: Known[CompareConflictPolicy]
    compare_type: Known[DataCompareType]
    compare_mode: Known[CompareMode] | None = None
    start_time: EpochMs | None = None
    """Scheduled start (ms epoch string on the wire); None = start now."""
    compare_object_infos: list[CompareObjectInfo] | None = None
    compare_object_infos_with_token: list[CompareObjectInfoWithToken] | None = None

    @model_validator(mode="after")
    def _objects(self) -> "CreateDataLevelCompare":
        plain, token = self.compare_object_infos, self.compare_object_infos_with_token
        if plain and token:
            raise ValueError("give compare_object_infos or compare_object_infos_with_token, not both")
        if self.compare_mode is None and not plain and not token:
            raise ValueError(
                "without compare_mode=quick_comparison, compare_object_infos (or "
                "compare_object_infos_with_token for Cassandra DR) must list the objects to compare"
            )
        return self


class CreateCompareTaskParams(DrsParams):
    """4.1.17 body (Table 4-113; SDK ``CreateCompareTaskReq``).

    Neither comparison given = only list the existing comparison tasks.
    """

    job_id: JobId
    object_level_compare_type: Known[ObjectLevelCompareType] | None = None
    data_level_compare_info: CreateDataLevelCompare | None = None

    @model_validator(mode="after")
    def _not_objects_and_contents(self) -> "CreateCompareTaskParams":
        data = self.data_level_compare_info
        if self.object_level_compare_type is not None and data is not None and data.compare_type == DataCompareType.CONTENTS:
            raise ValueError(
                "object-level comparison and value comparison (compare_type=contents) cannot be requested together"
            )
        return self


class CompareTaskCreateResult(DrsModel):
    """Table 4-119 (SDK ``CreateCompareTaskResult``)."""

    compare_task_id: str | None = None
    error_code: str | None = None
    error_msg: str | None = None


class CreateCompareTaskResponse(DrsModel):
    """4.1.17 response (Table 4-118)."""

    job_id: str | None = None
    object_level_compare_create_result: CompareTaskCreateResult | None = None
    data_level_compare_create_result: CompareTaskCreateResult | None = None
    error_code: str | None = None
    error_msg: str | None = None


# ---------------------------------------------------------------------------
# 4.1.18 Query comparison results
# ---------------------------------------------------------------------------


class QueryCompareResultParams(DrsParams):
    """4.1.18 body (Table 4-122; SDK ``QueryCompareResultReq``). Paging applies to the result lists."""

    job_id: JobId
    object_level_compare_id: _NonEmpty | None = None
    line_compare_id: _NonEmpty | None = None
    content_compare_id: _NonEmpty | None = None
    current_page: int = Field(default=1, ge=1)
    per_page: int = Field(default=10, ge=1)


def _one_object(value: Any) -> Any:
    """The seed example wraps single result objects in an array; unwrap ``[obj]`` to ``obj``.

    An empty array means "no result" (None); of a longer array the first object is used.
    """
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _merge_maps(value: Any) -> Any:
    """``object_compare_details`` is a map; the example shows ``[ {map} ]`` — merge such maps."""
    if not isinstance(value, list):
        return value
    merged: dict[str, list[Any]] = {}
    for item in value:
        if not isinstance(item, dict):
            raise ValueError("object_compare_details must be a map of object type to rows")
        for key, rows in item.items():
            merged.setdefault(key, []).extend(rows if isinstance(rows, list) else [rows])
    return merged


class ObjectCompareResultOverview(DrsModel):
    """Table 4-125: per object type counts."""

    object_type: CompareObjectType | None = None
    object_compare_result: CompareOutcome | None = None
    source_count: int | None = None
    target_count: int | None = None
    diff_count: int | None = None


class ObjectCompareResultDetails(DrsModel):
    """Table 4-126: one compared object."""

    source_db_name: str | None = None
    target_db_name: str | None = None
    source_db_value: str | None = None
    target_db_value: str | None = None
    error_message: str | None = None


class ObjectCompareResult(DrsModel):
    """``object_level_compare_results`` (Table 4-124; SDK ``ObjectCompareResult``)."""

    compare_task_id: str | None = None
    object_compare_overview: list[ObjectCompareResultOverview] | None = Field(
        default=None,
        alias="object_compare_overview",
        validation_alias=AliasChoices("object_compare_overview", "object_compare_results"),
    )
    object_compare_details: Annotated[
        dict[str, list[ObjectCompareResultDetails]] | None, BeforeValidator(_merge_maps)
    ] = None
    """Object type (``TABLE``, ``INDEX`` …) → compared objects."""
    error_code: str | None = None
    error_msg: str | None = None


class LineCompareResultOverview(DrsModel):
    """Table 4-128."""

    source_db_name: str | None = None
    target_db_name: str | None = None
    line_compare_result: CompareOutcome | None = None


class LineCompareDetail(DrsModel):
    """Table 4-130: row counts of one table."""

    source_table_name: str | None = None
    target_table_name: str | None = None
    source_row_num: int | None = None
    target_row_num: int | None = None
    diff_row_num: int | None = None
    line_compare_result: CompareOutcome | None = None
    message: str | None = None


class LineCompareResultDetails(DrsModel):
    """Table 4-129: the tables of one database."""

    source_db_name: str | None = None
    line_compare_detail: list[LineCompareDetail] | None = None
    line_compare_detail_count: int | None = None


class LineCompareResult(DrsModel):
    """``line_compare_results`` (Table 4-127; SDK ``LineCompareResult``)."""

    compare_task_id: str | None = None
    line_compare_overview: list[LineCompareResultOverview] | None = None
    line_compare_overview_count: int | None = None
    line_compare_details: list[LineCompareResultDetails] | None = None
    error_code: str | None = None
    error_msg: str | None = None


class ContentCompareResultOverview(DrsModel):
    """Table 4-132 (SDK ``ContentCompareResultOverview``). Shaped like `LineCompareResultOverview`
    (Table 4-128) but a different wire object: it reports ``content_compare_result``."""

    source_db_name: str | None = None
    target_db_name: str | None = None
    content_compare_result: CompareOutcome | None = None


class ContentCompareDetail(DrsModel):
    """Table 4-134: one table of a value comparison (compared or not comparable; SDK
    ``ContentCompareDetail``). Not `LineCompareDetail` (Table 4-130): a different wire object that
    adds the database names and ``content_compare_result``."""

    source_db_name: str | None = None
    target_db_name: str | None = None
    source_table_name: str | None = None
    target_table_name: str | None = None
    source_row_num: int | None = None
    target_row_num: int | None = None
    diff_row_num: int | None = None
    line_compare_result: CompareOutcome | None = None
    content_compare_result: CompareOutcome | None = None
    message: str | None = None


class ContentCompareResultDetails(DrsModel):
    """Table 4-133 (SDK ``ContentCompareResultDetails``); the value-comparison counterpart of
    `LineCompareResultDetails`, with the not-comparable tables as well."""

    source_db_name: str | None = None
    content_compare_detail: list[ContentCompareDetail] | None = None
    content_compare_detail_count: int | None = None
    content_uncompare_detail: list[ContentCompareDetail] | None = None
    content_uncompare_detail_count: int | None = None


class ContentCompareDiff(DrsModel):
    """Table 4-136: one differing row with the SQL to look at it."""

    target_select_sql: str | None = None
    source_select_sql: str | None = None
    source_key_value: list[str] | None = None
    target_key_value: list[str] | None = None


class ContentCompareResultDiffs(DrsModel):
    """Table 4-135."""

    source_db_name: str | None = None
    source_table_name: str | None = None
    content_compare_diff: list[ContentCompareDiff] | None = None
    content_compare_diff_count: int | None = None


class ContentCompareResult(DrsModel):
    """``content_compare_results`` (Table 4-131; SDK ``ContentCompareResult``)."""

    compare_task_id: str | None = None
    content_compare_overview: list[ContentCompareResultOverview] | None = None
    content_compare_overview_count: int | None = None
    content_compare_details: list[ContentCompareResultDetails] | None = None
    content_compare_diffs: list[ContentCompareResultDiffs] | None = None
    error_code: str | None = None
    error_msg: str | None = None


class CompareTaskInfo(DrsModel):
    """Table 4-138 (SDK ``CompareTaskList``): one comparison task of the job."""

    compare_task_id: str | None = None
    compare_type: CompareTaskType | None = None
    compare_task_status: CompareJobStatus | None = None
    create_time: EpochMs | None = None
    end_time: EpochMs | None = None


class CompareTaskListResult(DrsModel):
    """Table 4-137 (SDK ``CompareTaskListResult``)."""

    compare_task_list: list[CompareTaskInfo] = Field(default_factory=list)
    compare_task_list_count: int | None = None
    error_msg: str | None = None
    error_code: str | None = None


class CompareResultsResponse(DrsModel):
    """4.1.18 response (Table 4-123; SDK ``ListCompareResultResponse``).

    Each of the four result objects also accepts the seed example's one-element array.
    """

    job_id: str | None = None
    object_level_compare_results: Annotated[ObjectCompareResult | None, BeforeValidator(_one_object)] = None
    line_compare_results: Annotated[LineCompareResult | None, BeforeValidator(_one_object)] = None
    content_compare_results: Annotated[ContentCompareResult | None, BeforeValidator(_one_object)] = None
    compare_task_list_results: Annotated[CompareTaskListResult | None, BeforeValidator(_one_object)] = None
    error_code: str | None = None
    error_msg: str | None = None


# ---------------------------------------------------------------------------
# Specs
# ---------------------------------------------------------------------------

COMPARE_CREATE_TASK = api(
    key="compare.create_task",
    section="4.1.17",
    title="Create a comparison task",
    method="POST",
    path="/v3/{project_id}/jobs/create-compare-task",
    sdk_method="create_compare_task",
    status=200,
    body=CreateCompareTaskParams,
    response=CreateCompareTaskResponse,
    mutating=True,
)

COMPARE_QUERY_RESULTS = api(
    key="compare.query_results",
    section="4.1.18",
    title="Query comparison results",
    method="POST",
    path="/v3/{project_id}/jobs/query-compare-result",
    sdk_method="list_compare_result",
    status=200,
    body=QueryCompareResultParams,
    response=CompareResultsResponse,
)
