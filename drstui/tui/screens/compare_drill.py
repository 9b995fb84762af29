"""Drill-down screens of one comparison: from the overview to the differing objects and rows.

    object-level:  ObjectOverviewScreen (per object type, 4.1.34) → ObjectDetailsScreen (4.1.35)
    row:           LineOverviewScreen (per database, 4.1.28)       → LineTablesScreen (4.1.29)
    value:         ContentOverviewScreen (per database, 4.1.30)    → ContentDetailsScreen (4.1.31)
                                                                   → ContentDifferencesScreen (4.1.32)

Every level loads in a thread worker, lists inconsistent items first, and shows the highlighted
row in full below the table. Enter opens the next level, ``r`` reads the level again, Esc goes
back. The difference list is PAGED: a page of `PAGE_SIZE` rows is read with offset/limit when
the cursor nears the end of what is loaded or on ``n``; ``o`` jumps to any row number. A table
that differs in 1,000,000 rows is never read whole.
"""

from __future__ import annotations

from pathlib import Path

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from rich.markup import escape
from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static
from textual.worker import get_current_worker

from ..status import PHASE_STYLE, RESULT_STYLE
from ..widgets.frame_table import CellStyler, FrameTable

if TYPE_CHECKING:
    import pandas as pd

    from ...service.columns import FrameSpec

#: Absolute, so subclasses defined elsewhere (tests, plugins) find the stylesheet.
_CSS = str(Path(__file__).with_name("comparisons.tcss"))

__all__ = [
    "COMPARE_TYPE_LABELS",
    "ContentDetailsScreen",
    "ContentDifferencesScreen",
    "ContentOverviewScreen",
    "DrillScreen",
    "LineOverviewScreen",
    "LineTablesScreen",
    "MAX_LOADED_ROWS",
    "ObjectDetailsScreen",
    "ObjectOverviewScreen",
    "PAGE_SIZE",
    "blank",
    "compare_status_style",
    "drill_screen_for",
    "inconsistent_first",
    "result_label_style",
    "text_of",
]

#: Difference rows read per request (4.1.32 allows up to 1,000).
PAGE_SIZE = 500
#: Rows the difference view keeps loaded; beyond that ``o`` jumps to a row number.
MAX_LOADED_ROWS = 20_000
#: Load the next page when the cursor is this close to the last loaded row.
PREFETCH_MARGIN = 50

#: Comparison types (4.1.18 / 4.1.24 wire values) as a DBA reads them.
COMPARE_TYPE_LABELS: dict[str, str] = {
    "lines": "Row comparison (lines)",
    "contents": "Value comparison (contents)",
    "random": "Sampling value comparison (random)",
    "object_comparison": "Object-level comparison",
    "object": "Object-level comparison",
    "account": "Account comparison",
    "node": "Node comparison",
    "mgr": "MGR comparison",
}


# ---------------------------------------------------------------------------
# Small helpers (shared with the comparisons list)
# ---------------------------------------------------------------------------


def blank(value: Any) -> bool:
    """None, NaN, pandas NA or an empty string."""
    try:
        return value is None or value != value or (isinstance(value, str) and not value.strip())
    except (TypeError, ValueError):  # pandas NA
        return True


def text_of(value: Any, default: str = "—") -> str:
    """Display text of a frame cell: datetimes in UTC, booleans yes/no, NA as a dash."""
    if blank(value):
        return default
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d %H:%M:%S UTC")
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def compare_status_style(text: str) -> str | None:
    """Colour of a comparison-job status (SUCCESSFUL, RUNNING, …) — from `drstui.tui.status`."""
    if text == "SUCCESSFUL":
        return RESULT_STYLE["consistent"]
    if text in ("RUNNING", "WAITING_FOR_RUNNING", "FULL_DOING", "INCRE_DOING"):
        return RESULT_STYLE["pending"]
    if text in ("FAILED", "TIMEOUT_INTERRUPT"):
        return RESULT_STYLE["failed"]
    if text == "CANCELLED":
        return PHASE_STYLE["stopping"]
    return None


def result_label_style(text: str) -> str | None:
    """Colour of a per-item comparison label (consistent, inconsistent, comparing, failures…)."""
    low = text.lower()
    if not low:
        return None
    if low == "consistent":
        return RESULT_STYLE["consistent"]
    if low == "complete":  # the table's comparison finished; ``consistent`` tells the result
        return None
    if low == "inconsistent":
        return RESULT_STYLE["inconsistent"]
    if low in ("comparing", "waiting to start", "pending", "incomplete", "unknown"):
        return RESULT_STYLE["pending"]
    if low == "cancelled":
        return PHASE_STYLE["stopping"]
    return RESULT_STYLE["failed"]


#: Cell colours of every comparison table.
STYLERS: dict[str, CellStyler] = {"status": result_label_style}


def inconsistent_first(df: pd.DataFrame, *, by_difference: str | None = None) -> pd.DataFrame:
    """Rows whose ``consistent`` is False first, then undecided (comparing, failed), then consistent;
    within a block the largest ``by_difference`` first; otherwise the API's order."""
    if df.empty or "consistent" not in df:
        return df.reset_index(drop=True)
    cons = df["consistent"].astype("boolean")
    rank = cons.map({False: 0, True: 2}).astype("Int64").fillna(1).astype("int64")
    keys: dict[str, Any] = {"_rank": rank}
    order = ["_rank"]
    ascending = [True]
    if by_difference and by_difference in df:
        keys["_diff"] = df[by_difference].astype("Float64").abs().fillna(0).astype("float64")
        order.append("_diff")
        ascending.append(False)
    ordered = df.assign(**keys).sort_values(order, ascending=ascending, kind="stable")
    return ordered.drop(columns=list(keys)).reset_index(drop=True)


def narrowed(spec: FrameSpec, widths: Mapping[str, int]) -> FrameSpec:
    """``spec`` with some columns shown narrower (labels and dtypes unchanged)."""
    if not widths:
        return spec
    from dataclasses import replace

    from ...service.columns import FrameSpec

    columns = tuple(replace(c, width=widths[c.name]) if c.name in widths else c for c in spec.columns)
    return FrameSpec(spec.name, columns, spec.title)


def _count(df: pd.DataFrame, column: str, value: Any) -> int:
    if df.empty or column not in df:
        return 0
    return int((df[column].astype("boolean") == value).fillna(False).sum())


def _sum(df: pd.DataFrame, column: str) -> int:
    if df.empty or column not in df:
        return 0
    return int(df[column].astype("Float64").fillna(0).sum())


def _consistency_line(df: pd.DataFrame, noun: str) -> str:
    bad = _count(df, "consistent", False)
    good = _count(df, "consistent", True)
    other = len(df) - bad - good
    parts = [f"[b]{len(df):,}[/b] {noun}"]
    parts.append(f"[{RESULT_STYLE['inconsistent']}]{bad:,} inconsistent[/]" if bad else "0 inconsistent")
    parts.append(f"[{RESULT_STYLE['consistent']}]{good:,} consistent[/]")
    if other:
        parts.append(f"[{RESULT_STYLE['pending']}]{other:,} not decided (comparing, failed or not comparable)[/]")
    return " · ".join(parts)


def _v(row: Mapping[str, Any], column: str) -> str:
    """Escaped display text of one cell."""
    return escape(text_of(row.get(column)))


def _result(row: Mapping[str, Any]) -> str:
    """The row's result: its status label coloured, with the code and the consistent flag."""
    label = text_of(row.get("status"), "")
    style = result_label_style(label)
    text = f"[{style}]{escape(label)}[/]" if style else escape(label or "—")
    extra = []
    if not blank(row.get("status_code")):
        extra.append(f"status code {text_of(row.get('status_code'))}")
    if not blank(row.get("consistent")):
        flag = bool(row.get("consistent"))
        colour = RESULT_STYLE["consistent" if flag else "inconsistent"]
        extra.append(f"[{colour}]{'consistent' if flag else 'inconsistent'}[/]")
    return text + (f"  [dim]({', '.join(extra)})[/dim]" if extra else "")


def _overview_lines(row: Mapping[str, Any], what: str) -> list[str]:
    return [
        f"[b]Database[/b]      {_v(row, 'source_db')} → {_v(row, 'target_db')}",
        f"[b]Tables[/b]        {_v(row, 'compare_num')} to compare · {_v(row, 'compare_end_num')} compared · "
        f"{_v(row, 'data_inconsistent_num')} {what} · {_v(row, 'uncomparable_num')} not comparable",
        f"[b]Result[/b]        {_result(row)}",
    ]


def _table_lines(row: Mapping[str, Any], db: str) -> list[str]:
    target_db = row.get("target_db")
    target = f"{text_of(target_db) if not blank(target_db) else db}.{text_of(row.get('target_table'))}"
    lines = [
        f"[b]Table[/b]         {escape(db)}.{_v(row, 'source_table')} → {escape(target)}",
        f"[b]Rows[/b]          {_v(row, 'source_rows')} source · {_v(row, 'target_rows')} target · "
        f"difference [b]{_v(row, 'difference')}[/b]",
        f"[b]Result[/b]        {_result(row)}",
    ]
    return lines


# ---------------------------------------------------------------------------
# The drill-down base
# ---------------------------------------------------------------------------


class DrillScreen(Screen[None]):
    """One level of a comparison's results: a title, a state line, a table, the highlighted row."""

    CSS_PATH = _CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="drill.back"),
        Binding("r", "reload", "Reload", tooltip="Read this level again", id="drill.reload"),
    ]

    #: `FRAMES` name of the table, the columns shown, the row key and the empty text.
    FRAME: ClassVar[str] = ""
    COLUMNS: ClassVar[tuple[str, ...]] = ()
    KEY: ClassVar[str | None] = None
    LEVEL: ClassVar[str] = ""
    """What this level shows (title)."""
    API: ClassVar[str] = ""
    """The seed section it reads, shown in the title."""
    EMPTY: ClassVar[str] = "Nothing to show."
    OPENS: ClassVar[str | None] = None
    """What Enter opens (None: the last level)."""
    WIDTHS: ClassVar[dict[str, int]] = {}
    """Narrower display widths than the spec's for some columns (to fit 120 columns)."""

    def __init__(
        self,
        job_id: str,
        compare_id: str | None,
        *,
        task_name: str | None = None,
        compare_status: str | None = None,
    ) -> None:
        super().__init__()
        self.job_id = job_id
        self.compare_id = compare_id
        self.task_name = task_name
        self.compare_status = compare_status
        self.frame: pd.DataFrame | None = None
        self.sub_title = self.LEVEL

    # -- layout ------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        from ...service.columns import FRAMES

        yield Header()
        yield Static(self.title_markup(), id="drill-title", classes="compare-title")
        yield Static("loading…", id="drill-state", classes="compare-state")
        yield FrameTable(
            narrowed(FRAMES[self.FRAME], self.WIDTHS), columns=self.COLUMNS, key=self.KEY, stylers=STYLERS,
            empty_text=self.EMPTY, id="drill-table",
        )  # fmt: skip
        with VerticalScroll(id="drill-detail-box", classes="compare-detail-box"):
            yield Static("", id="drill-detail")
        yield Footer()

    def title_markup(self) -> str:
        parts = [f"[b]{escape(self.LEVEL)}[/b] [dim]({escape(self.API)})[/dim]"]
        if self.task_name:
            parts.append(f"[b]{escape(self.task_name)}[/b]")
        parts.append(escape(self.job_id))
        parts.extend(escape(p) for p in self.breadcrumb())
        if self.compare_status:
            style = compare_status_style(self.compare_status)
            parts.append(f"[{style}]{escape(self.compare_status)}[/]" if style else escape(self.compare_status))
        return " · ".join(parts)

    def breadcrumb(self) -> list[str]:
        """Where this level is (comparison id, database, table)."""
        return [f"comparison {self.compare_id[:8]}"] if self.compare_id else []

    def on_mount(self) -> None:
        self.query_one(FrameTable).focus()
        self.app.when_ready(lambda _service: self.load())

    # -- data ----------------------------------------------------------------------
    def fetch(self, service: Any) -> pd.DataFrame:  # pragma: no cover - every level overrides it
        raise NotImplementedError

    def order_rows(self, df: pd.DataFrame) -> pd.DataFrame:
        """Display order of the rows (inconsistent first by default)."""
        return inconsistent_first(df)

    def state_markup(self, df: pd.DataFrame) -> str:
        return _consistency_line(df, "rows")

    @work(thread=True, exclusive=True, group="drill-load", exit_on_error=False)
    def load(self) -> None:
        """Read this level (all pages of it: overviews and per-table lists are small)."""
        service = self.app.service
        if service is None:
            return
        try:
            df = self.fetch(service)
        except Exception as exc:
            self._ui(self._failed, exc)
            return
        if not get_current_worker().is_cancelled:
            self._ui(self._show, df)

    def _ui(self, fn: Callable[..., Any], *args: Any) -> Any:
        try:
            return self.app.call_from_thread(fn, *args)
        except RuntimeError:  # the app is shutting down
            return None

    def _failed(self, exc: BaseException) -> None:
        from ..errors import describe_error

        self.app.report_error(exc, title=f"{self.LEVEL}: cannot read")
        if self.is_attached:
            text = escape(describe_error(exc).one_line())
            self.query_one("#drill-state", Static).update(f"[b red]Cannot read[/]: {text}")

    def _show(self, df: pd.DataFrame) -> None:
        if not self.is_attached:
            return
        self.frame = self.order_rows(df)
        table = self.query_one(FrameTable)
        table.set_frame(self.frame)
        self.query_one("#drill-state", Static).update(self.state_markup(self.frame) + self.hint_markup())
        self.show_detail(table.cursor_row)

    def hint_markup(self) -> str:
        return f"   [dim]enter: {escape(self.OPENS)}[/dim]" if self.OPENS else ""

    def action_reload(self) -> None:
        self.query_one("#drill-state", Static).update("loading…")
        self.load()

    # -- rows ----------------------------------------------------------------------
    def on_frame_table_row_highlighted(self, event: FrameTable.RowHighlighted) -> None:
        self.show_detail(event.row)

    def on_frame_table_row_selected(self, event: FrameTable.RowSelected) -> None:
        event.stop()
        self.open_row(event.row)

    def open_row(self, row: Mapping[str, Any]) -> None:
        """Enter on a row: the next level (nothing on the last level)."""

    def context(self) -> dict[str, Any]:
        return {"task_name": self.task_name, "compare_status": self.compare_status}

    def detail_fields(self) -> list[tuple[str, str]]:
        """(label, column) pairs shown for the highlighted row; default: every column of the spec."""
        from ...service.columns import FRAMES

        spec = FRAMES[self.FRAME]
        return [(c.label, c.name) for c in spec.columns]

    def detail_lines(self, row: Mapping[str, Any]) -> list[str] | None:
        """Markup lines for the highlighted row; None = one line per `detail_fields` entry."""
        return None

    def show_detail(self, row: Mapping[str, Any] | None) -> None:
        box = self.query_one("#drill-detail", Static)
        if not row:
            box.update("[dim]No row selected.[/dim]")
            return
        custom = self.detail_lines(row)
        if custom is not None:
            box.update("\n".join(custom))
            return
        fields = self.detail_fields()
        width = max((len(label) for label, _ in fields), default=10) + 2
        lines = []
        for label, column in fields:
            value = row.get(column)
            if blank(value):
                continue
            text = escape(text_of(value))
            if column == "status":
                style = result_label_style(str(value))
                text = f"[{style}]{text}[/]" if style else text
            lines.append(f"[b]{label:<{width}}[/b]{text}")
        box.update("\n".join(lines) or "[dim]—[/dim]")

    # -- palette -------------------------------------------------------------------
    def palette_commands(self) -> list[SystemCommand]:
        return [SystemCommand(f"{self.LEVEL}: reload", "Read this level of the comparison again", self.action_reload)]


# ---------------------------------------------------------------------------
# Object-level comparison
# ---------------------------------------------------------------------------


class ObjectOverviewScreen(DrillScreen):
    """Object-level comparison per object type (4.1.34)."""

    FRAME = "object_overview"
    COLUMNS = ("type", "source_count", "target_count", "status", "consistent")
    KEY = "type"
    LEVEL = "Object comparison"
    API = "4.1.34"
    EMPTY = "No object-level comparison results yet."
    OPENS = "objects"

    def fetch(self, service: Any) -> pd.DataFrame:
        return service.object_overview(self.job_id)

    def order_rows(self, df: pd.DataFrame) -> pd.DataFrame:
        return inconsistent_first(df)

    def state_markup(self, df: pd.DataFrame) -> str:
        line = _consistency_line(df, "object types")
        latest = None
        if not df.empty and "compare_job_id" in df:
            latest = next((str(v) for v in df["compare_job_id"] if not blank(v)), None)
        if latest and self.compare_id and latest != self.compare_id:
            line += (f"\n[{RESULT_STYLE['pending']}]4.1.34 shows the latest object comparison ({escape(latest)}); "
                     "the details below are of the selected one.[/]")  # fmt: skip
        return line

    def open_row(self, row: Mapping[str, Any]) -> None:
        from ...api.models.compare import OBJECT_DETAIL_TYPES

        kind = text_of(row.get("type"), "")
        if kind not in OBJECT_DETAIL_TYPES:
            self.notify(f"DRS has no object list for {kind or 'this type'}.", severity="warning", timeout=4)
            return
        self.app.push_screen(ObjectDetailsScreen(self.job_id, self.compare_id, kind, **self.context()))


class ObjectDetailsScreen(DrillScreen):
    """The compared objects of one type with their source and target values (4.1.35)."""

    FRAME = "object_details"
    COLUMNS = ("source_db_name", "source_value", "target_value", "status")
    KEY = None
    LEVEL = "Object comparison details"
    API = "4.1.35"
    EMPTY = "No objects of this type were compared (yet)."

    def __init__(self, job_id: str, compare_id: str | None, object_type: str, **kwargs: Any) -> None:
        self.object_type = object_type
        super().__init__(job_id, compare_id, **kwargs)

    def breadcrumb(self) -> list[str]:
        return [*super().breadcrumb(), self.object_type]

    def fetch(self, service: Any) -> pd.DataFrame:
        return service.object_details(self.job_id, self.object_type, compare_job_id=self.compare_id)

    def state_markup(self, df: pd.DataFrame) -> str:
        return _consistency_line(df, f"{self.object_type.lower()} objects")

    def detail_fields(self) -> list[tuple[str, str]]:
        return [
            ("Object type", "type"),
            ("Source database", "source_db_name"),
            ("Source object", "source_value"),
            ("Target database", "target_db_name"),
            ("Target object", "target_value"),
            ("Result", "status"),
            ("Error", "error_message"),
        ]


# ---------------------------------------------------------------------------
# Row comparison
# ---------------------------------------------------------------------------

_OVERVIEW_COLUMNS = (
    "source_db", "compare_num", "compare_end_num", "data_inconsistent_num", "uncomparable_num", "status", "consistent",
)  # fmt: skip


class LineOverviewScreen(DrillScreen):
    """Row comparison per database (4.1.28)."""

    FRAME = "line_overview"
    COLUMNS = _OVERVIEW_COLUMNS
    KEY = "source_db"
    LEVEL = "Row comparison"
    API = "4.1.28"
    EMPTY = "No databases in this comparison (yet)."
    OPENS = "tables"
    DIFFERS: ClassVar[str] = "with a different row count"
    """How a table counted in ``data_inconsistent_num`` differs (state line and detail)."""

    def fetch(self, service: Any) -> pd.DataFrame:
        return service.line_overview(self.job_id, self.compare_id)

    def order_rows(self, df: pd.DataFrame) -> pd.DataFrame:
        return inconsistent_first(df, by_difference="data_inconsistent_num")

    def state_markup(self, df: pd.DataFrame) -> str:
        tables = _sum(df, "compare_num")
        bad = _sum(df, "data_inconsistent_num")
        style = RESULT_STYLE["inconsistent"] if bad else RESULT_STYLE["consistent"]
        return _consistency_line(df, "databases") + f" · {tables:,} tables, [{style}]{bad:,} {self.DIFFERS}[/]"

    def detail_lines(self, row: Mapping[str, Any]) -> list[str] | None:
        return _overview_lines(row, self.DIFFERS)

    def tables_screen(self) -> type[_DatabaseTablesScreen]:
        """The per-table level Enter opens for one database."""
        return LineTablesScreen

    def open_row(self, row: Mapping[str, Any]) -> None:
        db = text_of(row.get("source_db"), "")
        if not db:
            return
        self.app.push_screen(self.tables_screen()(self.job_id, self.compare_id, db, **self.context()))


class _DatabaseTablesScreen(DrillScreen):
    """A per-table level of one database (4.1.29, 4.1.31): tables with the largest difference first."""

    KEY = "source_table"
    EMPTY = "No tables compared in this database (yet)."

    def __init__(self, job_id: str, compare_id: str | None, db_name: str, **kwargs: Any) -> None:
        self.db_name = db_name
        super().__init__(job_id, compare_id, **kwargs)

    def breadcrumb(self) -> list[str]:
        return [*super().breadcrumb(), f"database {self.db_name}"]

    def order_rows(self, df: pd.DataFrame) -> pd.DataFrame:
        return inconsistent_first(df, by_difference="difference")


class LineTablesScreen(_DatabaseTablesScreen):
    """Row counts per table of one database (4.1.29): source rows, target rows, difference."""

    FRAME = "line_details"
    COLUMNS = ("source_table", "source_rows", "target_rows", "difference", "status", "consistent")
    LEVEL = "Row comparison per table"
    API = "4.1.29"

    def fetch(self, service: Any) -> pd.DataFrame:
        return service.line_details(self.job_id, self.compare_id, self.db_name)

    def state_markup(self, df: pd.DataFrame) -> str:
        return _consistency_line(df, "tables") + f" · {_sum(df, 'difference'):,} rows of difference in total"

    def detail_lines(self, row: Mapping[str, Any]) -> list[str] | None:
        lines = _table_lines(row, self.db_name)
        if not blank(row.get("filter")):
            lines.append(f"[b]Filter[/b]        {_v(row, 'filter')}")
        return lines


# ---------------------------------------------------------------------------
# Value comparison
# ---------------------------------------------------------------------------


class ContentOverviewScreen(LineOverviewScreen):
    """Value comparison per database (4.1.30)."""

    FRAME = "content_overview"
    LEVEL = "Value comparison"
    API = "4.1.30"
    DIFFERS = "with different values"

    def fetch(self, service: Any) -> pd.DataFrame:
        return service.content_overview(self.job_id, self.compare_id)

    def tables_screen(self) -> type[_DatabaseTablesScreen]:
        return ContentDetailsScreen


class ContentDetailsScreen(_DatabaseTablesScreen):
    """Value comparison per table of one database (4.1.31), with shard progress."""

    FRAME = "content_details"
    COLUMNS = ("source_table", "source_rows", "target_rows", "difference", "status", "progress_pct", "consistent")
    LEVEL = "Value comparison per table"
    API = "4.1.31"
    OPENS = "differing rows"

    def fetch(self, service: Any) -> pd.DataFrame:
        return service.content_details(self.job_id, self.compare_id, self.db_name)

    def state_markup(self, df: pd.DataFrame) -> str:
        return _consistency_line(df, "tables") + f" · {_sum(df, 'difference'):,} differing rows in total"

    def detail_lines(self, row: Mapping[str, Any]) -> list[str] | None:
        lines = _table_lines(row, self.db_name)

        def yes_no(column: str) -> str:
            value = row.get(column)
            if blank(value):
                return "—"
            return f"[{RESULT_STYLE['consistent']}]match[/]" if value else f"[{RESULT_STYLE['inconsistent']}]differ[/]"

        lines.append(f"[b]Row counts[/b]    {yes_no('rows_consistent')} · [b]values[/b] {yes_no('values_consistent')}")
        progress = f"{_v(row, 'progress_pct')} %"
        if not blank(row.get("shards_total")):
            progress += f" · {_v(row, 'shards_done')} of {_v(row, 'shards_total')} shards"
        lines.append(f"[b]Progress[/b]      {progress}")
        for label, column in (("Message", "message"), ("Filter", "filter")):
            if not blank(row.get(column)):
                lines.append(f"[b]{label:<14}[/b]{_v(row, column)}")
        return lines

    def open_row(self, row: Mapping[str, Any]) -> None:
        table = text_of(row.get("source_table"), "")
        diff = row.get("difference")
        differs = (not blank(diff) and int(diff) > 0) or row.get("consistent") is False
        if not table:
            return
        if not differs:
            self.notify(f"{self.db_name}.{table}: no differing rows to list.", timeout=3)
            return
        self.app.push_screen(
            ContentDifferencesScreen(
                self.job_id, self.compare_id, self.db_name, table,
                expected=None if blank(diff) else int(diff), **self.context(),
            )  # fmt: skip
        )


class ContentDifferencesScreen(DrillScreen):
    """The differing rows of one table with the SQL that reads them on both sides (4.1.32), PAGED."""

    FRAME = "content_differences"
    COLUMNS = ("source_key_value", "target_key_value", "select_sql")
    WIDTHS: ClassVar[dict[str, int]] = {"source_key_value": 28, "target_key_value": 28, "select_sql": 52}
    KEY = None
    LEVEL = "Value differences"
    API = "4.1.32"
    EMPTY = "No differing rows."

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "more", "More rows", tooltip=f"Read the next {PAGE_SIZE} differing rows", id="diff.more"),
        Binding("o", "goto", "Go to row", tooltip="Start the list at a row number", id="diff.goto"),
        Binding("c", "copy_sql", "Copy SQL", tooltip="Copy the source and target SELECTs of this row", id="diff.copy"),
    ]

    page_size: ClassVar[int] = PAGE_SIZE
    max_loaded: ClassVar[int] = MAX_LOADED_ROWS

    def __init__(
        self, job_id: str, compare_id: str | None, db_name: str, table_name: str, *, expected: int | None = None,
        **kwargs: Any,
    ) -> None:  # fmt: skip
        self.db_name = db_name
        self.table_name = table_name
        self.expected = expected
        #: Row number (0-based) of the first loaded row, and how many are loaded.
        self.start = 0
        self.loaded = 0
        self.total: int | None = None
        self.counts: dict[str, int | None] = {}
        self.fetching = False
        self.requests = 0
        super().__init__(job_id, compare_id, **kwargs)

    def breadcrumb(self) -> list[str]:
        return [*super().breadcrumb(), f"{self.db_name}.{self.table_name}"]

    @property
    def more_available(self) -> bool:
        return self.total is None or self.start + self.loaded < self.total

    def on_mount(self) -> None:
        self.query_one(FrameTable).focus()
        self.app.when_ready(lambda _service: self.request_page(0, reset=True))

    def action_reload(self) -> None:
        self.request_page(self.start, reset=True)

    def request_page(self, offset: int, reset: bool = False) -> None:
        """Read the page at ``offset`` (one request at a time: a request in flight is replaced)."""
        self.fetching = True
        self._set_loading(offset)
        self.load_page(offset, reset)

    def action_more(self) -> None:
        if self.fetching:
            return
        if not self.more_available:
            self.notify("Every differing row is loaded.", timeout=3)
            return
        if self.loaded >= self.max_loaded:
            # Keep the view bounded: continue in a fresh window after what is shown.
            self.request_page(self.start + self.loaded, reset=True)
            return
        self.request_page(self.start + self.loaded)

    def action_goto(self) -> None:
        from .compare_create import AskScreen

        total = f" of {self.total:,}" if self.total is not None else ""

        def go(answer: str | None) -> None:
            if answer is None:
                return
            try:
                row = int(answer.replace(",", "").replace("_", "").strip())
            except ValueError:
                self.notify(f"{answer!r} is not a row number.", severity="error", timeout=4)
                return
            row = max(1, row)
            if self.total is not None:
                row = min(row, max(1, self.total))
            self.request_page(row - 1, reset=True)

        self.app.push_screen(
            AskScreen("Go to row", f"Row number (1{total}) to start the list at:", str(self.start + 1)), go
        )

    def action_copy_sql(self) -> None:
        row = self.query_one(FrameTable).cursor_row
        if not row:
            return
        source, target = text_of(row.get("select_sql"), ""), text_of(row.get("target_select_sql"), "")
        text = f"-- source\n{source};\n-- target\n{target};\n"
        self.app.copy_to_clipboard(text)
        self.notify("Copied the source and target SELECT statements.", timeout=3)

    @work(thread=True, exclusive=True, group="diff-page", exit_on_error=False)
    def load_page(self, offset: int, reset: bool = False) -> None:
        """Read one page (offset/limit) of the differing rows and add it to the table."""
        service = self.app.service
        if service is None:
            return
        try:
            response = service.client.compare.content_difference(
                self.job_id, self.compare_id, db_name=self.db_name, table_name=self.table_name,
                offset=offset, limit=self.page_size,
            )  # fmt: skip
            from ...service import frames

            df = frames.content_differences_frame(response.items, self.db_name, self.table_name)
        except Exception as exc:
            self._ui(self._page_failed, exc)
            return
        if get_current_worker().is_cancelled:
            return
        counts = {
            "only_in_source": response.target_meta_is_null,
            "only_in_target": response.source_meta_is_null,
            "changed": response.source_target_meta_not_null,
        }
        self._ui(self._add_page, df, offset, response.count, counts, reset)

    def _set_loading(self, offset: int) -> None:
        if not self.is_attached:
            return
        what = f"loading rows {offset + 1:,}–{offset + self.page_size:,}…"
        appending = self.loaded and offset == self.start + self.loaded
        text = self._state_text() + f"   [dim]{what}[/dim]" if appending else what
        self.query_one("#drill-state", Static).update(text)

    def _page_failed(self, exc: BaseException) -> None:
        self.fetching = False
        self._failed(exc)

    def _add_page(
        self, df: pd.DataFrame, offset: int, total: int | None, counts: dict[str, int | None], reset: bool
    ) -> None:
        self.fetching = False
        self.requests += 1
        if not self.is_attached:
            return
        table = self.query_one(FrameTable)
        self.total = total
        self.counts = counts
        if reset or self.loaded == 0 or offset != self.start + self.loaded:
            self.start = offset
            self.loaded = len(df)
            table.set_frame(df, keep_cursor=False)
            table.cursor = 0
            table.scroll_to(y=0, animate=False)
        else:
            self.loaded += len(df)
            table.append_frame(df)
        self.frame = table.frame
        if not df.empty and len(df) < self.page_size and self.total is None:
            self.total = self.start + self.loaded
        self.query_one("#drill-state", Static).update(self._state_text())
        self.show_detail(table.cursor_row)

    def _state_text(self) -> str:
        if self.total is None:
            return "loading…"
        first = self.start + 1 if self.loaded else 0
        last = self.start + self.loaded
        inconsistent = RESULT_STYLE["inconsistent"]
        line = f"Rows [b]{first:,}–{last:,}[/b] of [{inconsistent}]{self.total:,}[/] differing rows"
        parts = []
        labels = (
            ("changed", "values differ"), ("only_in_source", "only in source"), ("only_in_target", "only in target"),
        )  # fmt: skip
        for key, label in labels:
            value = self.counts.get(key)
            if value is not None:
                parts.append(f"{value:,} {label}")
        if parts:
            line += " (" + ", ".join(parts) + ")"
        if self.more_available:
            line += f"  [dim]n: next {self.page_size:,}[/dim]"
        else:
            line += "  [dim]all loaded[/dim]"
        return line

    def on_frame_table_row_highlighted(self, event: FrameTable.RowHighlighted) -> None:
        self.show_detail(event.row)
        table = event.table
        if (
            not self.fetching
            and self.more_available
            and self.loaded
            and self.loaded < self.max_loaded
            and table.cursor >= table.row_count - PREFETCH_MARGIN
        ):
            self.request_page(self.start + self.loaded)

    def detail_fields(self) -> list[tuple[str, str]]:
        return [
            ("Source key", "source_key_value"),
            ("Target key", "target_key_value"),
            ("Source SQL", "select_sql"),
            ("Target SQL", "target_select_sql"),
        ]

    def palette_commands(self) -> list[SystemCommand]:
        return [
            *super().palette_commands(),
            SystemCommand("Differences: next page", f"Read the next {PAGE_SIZE} differing rows", self.action_more),
            SystemCommand("Differences: go to row", "Start the list at a row number", self.action_goto),
            SystemCommand("Differences: copy SQL", "Copy the SELECTs of the highlighted row", self.action_copy_sql),
        ]


def drill_screen_for(
    compare_type: str, job_id: str, compare_id: str | None, **kwargs: Any
) -> DrillScreen | None:
    """The first drill-down level of a comparison of ``compare_type`` (None: no results view)."""
    if compare_type in ("object_comparison", "object", "objects"):
        return ObjectOverviewScreen(job_id, compare_id, **kwargs)
    if compare_type == "lines":
        return LineOverviewScreen(job_id, compare_id, **kwargs)
    if compare_type in ("contents", "random"):
        return ContentOverviewScreen(job_id, compare_id, **kwargs)
    return None
