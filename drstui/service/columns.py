"""One column spec per frame: name, label, dtype (and a width / format hint).

The TUI table, the Excel writer and the notebooks read labels and dtypes from `FRAMES`;
`frame_from_rows` builds a DataFrame with exactly a spec's columns, in order, with its dtypes.

This module imports nothing heavy: pandas is imported inside `frame_from_rows` only.

Dtypes used:

- ``"string"``, ``"Int64"``, ``"Float64"``, ``"boolean"`` — pandas' nullable dtypes;
- ``"datetime64[ns, UTC]"`` — aware UTC timestamps (drop the zone only when writing Excel);
- ``"status"`` — task status as an ordered categorical in A.4 lifecycle order
  (`drstui.api.models.enums.STATUS_ORDER`; undocumented values are appended, never lost);
- ``"category"`` — a plain (unordered) categorical for small closed vocabularies.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "Column",
    "FrameSpec",
    "FRAMES",
    "DTYPES",
    "UTC_DATETIME",
    "STATUS",
    "frame_from_rows",
    "status_dtype",
]

UTC_DATETIME = "datetime64[ns, UTC]"
STATUS = "status"
DTYPES = frozenset({"string", "Int64", "Float64", "boolean", UTC_DATETIME, STATUS, "category"})


@dataclass(frozen=True, slots=True)
class Column:
    """One column: ``name`` (DataFrame column), ``label`` (header text), ``dtype`` (see module doc),
    ``width`` (suggested display width in characters) and ``fmt`` (a display hint such as
    ``"0.0"``, ``"0%"``, ``"datetime"``; number formats themselves live in the exporter)."""

    name: str
    label: str
    dtype: str = "string"
    width: int | None = None
    fmt: str | None = None

    def __post_init__(self) -> None:
        if self.dtype not in DTYPES:
            raise ValueError(f"column {self.name}: dtype must be one of {', '.join(sorted(DTYPES))}")


@dataclass(frozen=True, slots=True)
class FrameSpec:
    """The columns of one frame, in display order."""

    name: str
    columns: tuple[Column, ...]
    title: str = ""
    _index: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {c.name: c for c in self.columns}
        if len(index) != len(self.columns):
            raise ValueError(f"frame {self.name}: duplicate column names")
        object.__setattr__(self, "_index", index)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def labels(self) -> dict[str, str]:
        """Column name → label."""
        return {c.name: c.label for c in self.columns}

    @property
    def dtypes(self) -> dict[str, str]:
        """Column name → dtype name (``"status"`` for the status categorical)."""
        return {c.name: c.dtype for c in self.columns}

    def column(self, name: str) -> Column:
        return self._index[name]

    def __contains__(self, name: object) -> bool:
        return name in self._index

    def extended(self, name: str, before: Sequence[Column] = (), after: Sequence[Column] = (), title: str = "") -> FrameSpec:
        """A new spec with extra columns in front and/or behind."""
        return FrameSpec(name, (*before, *self.columns, *after), title or self.title)


def _c(name: str, label: str, dtype: str = "string", width: int | None = None, fmt: str | None = None) -> Column:
    return Column(name, label, dtype, width, fmt)


_DT = UTC_DATETIME

# ---------------------------------------------------------------------------
# Specs
# ---------------------------------------------------------------------------

_TASKS = FrameSpec(
    "tasks",
    (
        _c("id", "Task ID", width=36),
        _c("short_id", "ID", width=8),
        _c("name", "Name", width=28),
        _c("status", "Status", STATUS, width=24),
        _c("db_use_type", "Scenario", "category", width=14),
        _c("engine_type", "Engine", "category", width=20),
        _c("job_direction", "Direction", "category", width=9),
        _c("net_type", "Network", "category", width=7),
        _c("task_type", "Task type", "category", width=15),
        _c("created", "Created", _DT, width=19, fmt="datetime"),
        _c("progress_pct", "Progress %", "Float64", width=10, fmt="0.0"),
        _c("incre_delay_s", "Delay (s)", "Float64", width=9, fmt="0.0"),
        _c("child_count", "Subtasks", "Int64", width=8, fmt="0"),
        _c("available_actions", "Available actions", width=40),
        _c("error_msg", "Error", width=40),
        _c("description", "Description", width=40),
        _c("parent_id", "Parent task", width=36),
    ),
    "Tasks (4.1.20 + 4.1.19)",
)

_PROFILE_COLUMNS = (
    _c("profile", "Profile", "category", width=12),
    _c("region", "Region", "category", width=14),
    _c("project_id", "Project", width=32),
)

_ALL_TASKS = _TASKS.extended("all_tasks", before=_PROFILE_COLUMNS, title="Tasks of several profiles")

_STATUSES = FrameSpec(
    "statuses",
    (
        _c("id", "Task ID", width=36),
        _c("status", "Status", STATUS, width=24),
        _c("progress_pct", "Progress %", "Float64", width=10, fmt="0.0"),
        _c("incre_delay_s", "Delay (s)", "Float64", width=9, fmt="0.0"),
        _c("remaining_time", "Remaining", width=10),
        _c("process_time", "Progress at", _DT, width=19, fmt="datetime"),
        _c("error_code", "Error code", width=12),
        _c("error_msg", "Error", width=40),
    ),
    "Task statuses (4.1.22 + 4.1.19)",
)

_TASK_DETAIL = FrameSpec(
    "task_detail",
    (
        _c("id", "Task ID", width=36),
        _c("name", "Name", width=28),
        _c("status", "Status", STATUS, width=24),
        _c("description", "Description", width=40),
        _c("db_use_type", "Scenario", "category"),
        _c("engine_type", "Engine", "category"),
        _c("job_direction", "Direction", "category"),
        _c("net_type", "Network", "category"),
        _c("task_type", "Task type", "category"),
        _c("source", "Source", width=40),
        _c("target", "Target", width=40),
        _c("source_db_name", "Source database"),
        _c("target_db_name", "Target database"),
        _c("created", "Created", _DT, fmt="datetime"),
        _c("updated", "Updated", _DT, fmt="datetime"),
        _c("started", "Started", _DT, fmt="datetime"),
        _c("full_complete", "Full phase completed", _DT, fmt="datetime"),
        _c("instance_ip", "Replication instance IP"),
        _c("instance_type", "Instance flavor"),
        _c("volume_gb", "Volume (GB)", "Int64", fmt="0"),
        _c("node_num", "Nodes", "Int64", fmt="0"),
        _c("az_code", "AZ"),
        _c("vpc_id", "VPC"),
        _c("subnet_id", "Subnet"),
        _c("speed_limit", "Flow control"),
        _c("object_count", "Selected objects", "Int64", fmt="0"),
        _c("tags", "Tags"),
        _c("target_readonly", "Target read-only", "boolean"),
        _c("error_code", "Error code"),
        _c("error_message", "Error"),
        _c("failed_reason", "Failure reason"),
        _c("parent_id", "Parent task"),
    ),
    "Task details (4.1.21)",
)

_TASK_DETAIL_KV = FrameSpec(
    "task_detail_kv",
    (_c("key", "Field", width=20), _c("label", "Field", width=24), _c("value", "Value", width=60)),
    "Task details as fields",
)

_PRECHECK = FrameSpec(
    "precheck",
    (
        _c("job_id", "Task ID", width=36),
        _c("group", "Group", width=24),
        _c("item", "Check item", width=36),
        _c("result", "Result", "category", width=7),
        _c("failed_reason", "Failure reason", width=32),
        _c("raw_error_msg", "Raw error", width=40),
        _c("failed_sub_jobs", "Failed subtasks", width=30),
        _c("data", "Data", width=30),
        _c("error_code", "Error code", width=12),
        _c("suggestion", "Suggestion", width=50),
        _c("passed_rate_pct", "Passed %", "Float64", fmt="0.0"),
        _c("process_pct", "Check progress %", "Float64", fmt="0.0"),
    ),
    "Pre-check results (4.1.7)",
)

_PARAMS = FrameSpec(
    "params",
    (
        _c("job_id", "Task ID", width=36),
        _c("key", "Parameter", width=32),
        _c("group", "Group", "category", width=11),
        _c("source_value", "Source value", width=20),
        _c("target_value", "Target value", width=20),
        _c("differs", "Differs", "boolean", width=7),
        _c("data_type", "Type", "category", width=8),
        _c("value_range", "Allowed values", width=30),
        _c("need_restart", "Restart needed", "boolean", width=7),
        _c("error_code", "Error code"),
        _c("error_message", "Error"),
    ),
    "Database parameters (4.1.9)",
)

_COMPARE_TASKS = FrameSpec(
    "compare_tasks",
    (
        _c("compare_id", "Comparison ID", width=36),
        _c("type", "Type", "category", width=17),
        _c("status", "Status", "category", width=18),
        _c("created", "Created", _DT, fmt="datetime"),
        _c("start_time", "Start", _DT, fmt="datetime"),
        _c("end_time", "End", _DT, fmt="datetime"),
        _c("export_status", "Report", "category", width=15),
        _c("report_remain_s", "Report valid (s)", "Int64", fmt="0"),
        _c("options", "Options", width=30),
        _c("proportion_value", "Sample %", "Float64", fmt="0.0"),
        _c("finished", "Finished", "boolean"),
        _c("source", "Listed by", "category", width=9),
    ),
    "Comparison tasks (4.1.24 + 4.1.18)",
)


def _status_cols() -> tuple[Column, ...]:
    return (
        _c("status_code", "Status code", "Int64", width=6, fmt="0"),
        _c("status", "Status", width=24),
        _c("consistent", "Consistent", "boolean", width=10),
    )


_OBJECT_OVERVIEW = FrameSpec(
    "object_overview",
    (
        _c("type", "Object type", "category", width=18),
        _c("source_count", "Source", "Int64", fmt="#,##0"),
        _c("target_count", "Target", "Int64", fmt="#,##0"),
        *_status_cols(),
        _c("compare_job_id", "Comparison ID", width=36),
    ),
    "Object comparison overview (4.1.34)",
)

_OBJECT_DETAILS = FrameSpec(
    "object_details",
    (
        _c("type", "Object type", "category", width=18),
        _c("source_db_name", "Source database", width=24),
        _c("target_db_name", "Target database", width=24),
        _c("source_value", "Source object", width=30),
        _c("target_value", "Target object", width=30),
        *_status_cols(),
        _c("error_message", "Error", width=40),
    ),
    "Object comparison details (4.1.35)",
)

_LINE_OVERVIEW = FrameSpec(
    "line_overview",
    (
        _c("source_db", "Source database", width=24),
        _c("target_db", "Target database", width=24),
        _c("compare_num", "Tables", "Int64", fmt="#,##0"),
        _c("compare_end_num", "Compared", "Int64", fmt="#,##0"),
        _c("data_inconsistent_num", "Inconsistent", "Int64", fmt="#,##0"),
        _c("uncomparable_num", "Not comparable", "Int64", fmt="#,##0"),
        *_status_cols(),
    ),
    "Row comparison overview (4.1.28)",
)

_LINE_DETAILS = FrameSpec(
    "line_details",
    (
        _c("source_db", "Source database", width=24),
        _c("source_table", "Source table", width=30),
        _c("target_table", "Target table", width=30),
        _c("source_rows", "Source rows", "Int64", fmt="#,##0"),
        _c("target_rows", "Target rows", "Int64", fmt="#,##0"),
        _c("difference", "Difference", "Int64", fmt="#,##0"),
        *_status_cols(),
        _c("filter", "Filter", width=30),
    ),
    "Row comparison per table (4.1.29)",
)

_CONTENT_OVERVIEW = _LINE_OVERVIEW.extended("content_overview", title="Value comparison overview (4.1.30)")

_CONTENT_DETAILS = FrameSpec(
    "content_details",
    (
        _c("source_db", "Source database", width=24),
        _c("target_db", "Target database", width=24),
        _c("source_table", "Source table", width=30),
        _c("target_table", "Target table", width=30),
        _c("source_rows", "Source rows", "Int64", fmt="#,##0"),
        _c("target_rows", "Target rows", "Int64", fmt="#,##0"),
        _c("difference", "Difference", "Int64", fmt="#,##0"),
        _c("rows_consistent", "Row counts match", "boolean"),
        _c("values_consistent", "Values match", "boolean"),
        _c("consistent", "Consistent", "boolean"),
        _c("status_code", "Status code", "Int64", fmt="0"),
        _c("status", "Status", width=12),
        _c("progress_pct", "Progress %", "Float64", fmt="0.0"),
        _c("shards_done", "Shards done", "Int64", fmt="#,##0"),
        _c("shards_total", "Shards", "Int64", fmt="#,##0"),
        _c("comparable", "Comparable", "boolean"),
        _c("message", "Message", width=40),
        _c("filter", "Filter", width=30),
    ),
    "Value comparison per table (4.1.31)",
)

_CONTENT_DIFFERENCES = FrameSpec(
    "content_differences",
    (
        _c("db", "Database", width=24),
        _c("table", "Table", width=30),
        _c("source_key_value", "Source key", width=30),
        _c("target_key_value", "Target key", width=30),
        _c("select_sql", "Source SQL", width=60),
        _c("target_select_sql", "Target SQL", width=60),
    ),
    "Value comparison differences (4.1.32)",
)

_RPO_RTO = FrameSpec(
    "rpo_rto",
    (
        _c("job_id", "Task ID", width=36),
        _c("rpo_delay_ms", "RPO delay (ms)", "Int64", fmt="#,##0"),
        _c("rpo_time", "RPO at", _DT, fmt="datetime"),
        _c("rpo_check_point", "RPO check point", width=26),
        _c("rpo_gtid_set", "RPO GTID set", width=30),
        _c("rto_delay_ms", "RTO delay (ms)", "Int64", fmt="#,##0"),
        _c("rto_time", "RTO at", _DT, fmt="datetime"),
        _c("rto_check_point", "RTO check point", width=26),
        _c("rto_gtid_set", "RTO GTID set", width=30),
        _c("error_code", "Error code"),
        _c("error_msg", "Error", width=40),
    ),
    "RPO and RTO (4.4.2)",
)

_DR_MONITORING = FrameSpec(
    "dr_monitoring",
    (
        _c("job_id", "Task ID", width=36),
        _c("src_normal", "Source OK", "boolean"),
        _c("dst_normal", "Target OK", "boolean"),
        _c("sr_delay_ms", "Capture delay (ms)", "Int64", fmt="#,##0"),
        _c("dst_delay_ms", "Apply delay (ms)", "Int64", fmt="#,##0"),
        _c("sr_offset", "Source position", width=26),
        _c("node_offset", "Node position", width=26),
        _c("dst_offset", "Target position", width=26),
        _c("src_rps", "Source rows/s", "Float64", fmt="#,##0.0"),
        _c("dst_rps", "Target rows/s", "Float64", fmt="#,##0.0"),
        _c("src_io", "Source IO", "Float64", fmt="#,##0.0"),
        _c("dst_io", "Target IO", "Float64", fmt="#,##0.0"),
        _c("bandwidth", "Bandwidth", "Float64", fmt="#,##0.0"),
        _c("trans_mb", "Transferred (MB)", "Float64", fmt="#,##0.0"),
        _c("trans_lines", "Transferred rows", "Float64", fmt="#,##0"),
        _c("cpu_pct", "CPU %", "Float64", fmt="0.0"),
        _c("mem_used_mb", "Memory used (MB)", "Float64", fmt="#,##0"),
        _c("node_mem_mb", "Node memory (MB)", "Int64", fmt="#,##0"),
        _c("volume_used_gb", "Volume used (GB)", "Float64", fmt="#,##0.0"),
        _c("node_volume_gb", "Node volume (GB)", "Int64", fmt="#,##0"),
        _c("bytes_per_s", "Bytes/s", "Int64", fmt="#,##0"),
    ),
    "DR monitoring (4.4.3)",
)

_USERS = FrameSpec(
    "users",
    (
        _c("job_id", "Task ID", width=36),
        _c("kind", "Kind", "category", width=5),
        _c("name", "User / role", width=30),
        _c("comment", "Comment", width=30),
        _c("is_transfer", "Can migrate", "boolean"),
        _c("selected", "Selected", "boolean"),
        _c("roles", "Roles", width=40),
        _c("privileges", "Privileges", width=40),
        _c("no_privileges", "Privileges not migrated", width=30),
        _c("parent_account", "Parent user", width=20),
        _c("no_parent_account", "Parent not migrated", width=20),
    ),
    "Users and roles to migrate (4.2.2)",
)

_ACTION_RESULTS = FrameSpec(
    "action_results",
    (
        _c("id", "Task ID", width=36),
        _c("ok", "OK", "boolean", width=4),
        _c("error_code", "Error code", width=12),
        _c("error_msg", "Error", width=50),
        _c("suggestion", "Suggestion", width=50),
        _c("detail", "Detail", width=30),
    ),
    "Action results",
)

#: Every frame of the service layer, by name.
FRAMES: dict[str, FrameSpec] = {
    s.name: s
    for s in (
        _TASKS,
        _ALL_TASKS,
        _STATUSES,
        _TASK_DETAIL,
        _TASK_DETAIL_KV,
        _PRECHECK,
        _PARAMS,
        _COMPARE_TASKS,
        _OBJECT_OVERVIEW,
        _OBJECT_DETAILS,
        _LINE_OVERVIEW,
        _LINE_DETAILS,
        _CONTENT_OVERVIEW,
        _CONTENT_DETAILS,
        _CONTENT_DIFFERENCES,
        _RPO_RTO,
        _DR_MONITORING,
        _USERS,
        _ACTION_RESULTS,
    )
}


# ---------------------------------------------------------------------------
# Building frames
# ---------------------------------------------------------------------------


def status_dtype(extra: Iterable[Any] = ()) -> pd.CategoricalDtype:
    """The ordered status categorical: A.4 order, then any undocumented values (sorted)."""
    import pandas as pd

    from ..api.models.enums import STATUS_ORDER

    known = set(STATUS_ORDER)
    unknown = sorted({str(v) for v in extra if v is not None and str(v) not in known and v == v})
    return pd.CategoricalDtype([*STATUS_ORDER, *unknown], ordered=True)


def _plain(value: Any) -> Any:
    """Enum members → their value; everything else unchanged."""
    return value._value_ if isinstance(value, Enum) else value


def _convert(series: pd.Series, dtype: str) -> pd.Series:
    import pandas as pd

    if dtype == UTC_DATETIME:
        return pd.to_datetime(series, utc=True).astype(UTC_DATETIME)
    if dtype == STATUS:
        values = series.map(_plain, na_action="ignore") if series.dtype == object else series
        return values.astype(status_dtype(values.dropna().unique()))
    if dtype == "category":
        values = series.map(_plain, na_action="ignore") if series.dtype == object else series
        return values.astype("category")
    if dtype == "string":
        if series.dtype == object:
            series = series.map(_plain, na_action="ignore")
        return series.astype("string")
    if dtype in ("Int64", "Float64") and series.dtype == object:
        return pd.to_numeric(series, errors="coerce").astype(dtype)
    return series.astype(dtype)


def frame_from_rows(spec: FrameSpec | str, rows: Iterable[Mapping[str, Any]] | None) -> pd.DataFrame:
    """A DataFrame with exactly ``spec``'s columns, in order, with its dtypes.

    Keys of ``rows`` that are not columns are dropped; missing ones become NA. One
    ``from_records`` and one conversion per column — no per-cell Python loops.
    """
    import pandas as pd

    if isinstance(spec, str):
        spec = FRAMES[spec]
    names = spec.names
    rows = rows if isinstance(rows, list) else list(rows or [])
    if rows:
        frame = pd.DataFrame.from_records(rows, columns=names)
    else:
        frame = pd.DataFrame({n: pd.Series([], dtype=object) for n in names})
    out = {c.name: _convert(frame[c.name], c.dtype) for c in spec.columns}
    return pd.DataFrame(out, columns=names)
