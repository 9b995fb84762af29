"""TASK DETAIL: one task as the DRS console shows it, and every action on it.

Tabs (keys 1–4): **Overview** (scenario, engine, direction, node type, endpoints — masked by
the service —, status with its A.4 meaning, error with the A.3 suggestion), **Progress**
(full and incremental phase, delay; RPO/RTO and DR monitoring for DR tasks), **Subtasks**
(enter opens one), **Actions** (what DRS allows now, why the others are not possible, the
last action's per-task results).

Data: 4.1.21 detail + the task's 4.1.20 row (job_action matrix, subtasks) + 4.1.22/4.1.19
statuses (+ 4.4.2/4.4.3 for DR), fetched in a thread worker. Polling re-arms a timer when a
refresh ends (never overlapping), only uses the batch status/progress APIs and reloads the
rest when the status changed; ``p`` pauses it. Actions go through `actions.run_action`
(confirmation with the exact request, per-task results, `TasksChanged`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import Group
from rich.progress_bar import ProgressBar as RichBar
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Header, Static, TabbedContent, TabPane
from textual.worker import get_current_worker

from ..messages import TasksChanged
from ..status import status_text
from ..widgets.frame_table import FrameTable
from .actions import ACTIONS, action_reason

if TYPE_CHECKING:
    import pandas as pd
    from textual.timer import Timer

__all__ = ["JobDetailScreen"]

#: Screens reachable from here: key → (module, class, label). Imported when opened.
LINKED_SCREENS: dict[str, tuple[str, str, str]] = {
    "precheck": ("drstui.tui.screens.precheck", "PrecheckScreen", "Pre-check results"),
    "params": ("drstui.tui.screens.params", "ParamsScreen", "Database parameters"),
    "comparisons": ("drstui.tui.screens.comparisons", "ComparisonsScreen", "Comparisons"),
}

_DIRECTION = {"up": "up — into the cloud", "down": "down — out of the cloud", "non-dbs": "non-dbs — self-built DBs"}
_TASK_TYPE = {"FULL_TRANS": "full only", "FULL_INCR_TRANS": "full + incremental", "INCR_TRANS": "incremental only"}
_SCENARIO = {
    "migration": "Real-time migration",
    "sync": "Real-time synchronization",
    "cloudDataGuard": "Disaster recovery",
}


def _blank(value: Any) -> bool:
    try:
        return value is None or value != value or (isinstance(value, str) and not value.strip())
    except (TypeError, ValueError):  # pandas NA
        return True


def _txt(value: Any, default: str = "—") -> str:
    """Display text of a frame cell (timestamps as UTC, booleans yes/no, NA as a dash)."""
    if _blank(value):
        return default
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d %H:%M:%S UTC")
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return str(value)


def _num(value: Any, digits: int = 0) -> str:
    """A number with thousands separators and ``digits`` decimals; NA as a dash."""
    if _blank(value):
        return "—"
    try:
        return f"{float(value):,.{digits}f}"
    except (TypeError, ValueError):
        return str(value)


def _row(df: pd.DataFrame | None, column: str | None = None, value: Any = None) -> dict[str, Any] | None:
    """The first row (matching ``column == value``) of a frame as a dict, or None."""
    if df is None or df.empty:
        return None
    if column is not None:
        hit = df[df[column] == value]
        if hit.empty:
            return None
        return hit.iloc[0].to_dict()
    return df.iloc[0].to_dict()


@dataclass
class _Data:
    """Everything shown, replaced as a whole on each load (the UI thread only reads it)."""

    detail: dict[str, Any] | None = None
    row: dict[str, Any] | None = None
    """The task's 4.1.20 row (status, progress, job_action)."""
    children: Any = None
    status: dict[str, Any] | None = None
    """4.1.22 + 4.1.19 of the task."""
    rpo: dict[str, Any] | None = None
    monitor: dict[str, Any] | None = None
    problems: list[str] = field(default_factory=list)
    """Parts that could not be fetched (shown, not fatal)."""
    found: bool = True


class JobDetailScreen(Screen[None]):
    """Detail of one task, with its actions."""

    CSS_PATH = "job_detail.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="detail.back"),
        # r and p are spelled out in the head line, so the footer keeps room for the actions.
        Binding("r", "reload", "Refresh", show=False, id="detail.refresh"),
        Binding("p", "toggle_auto", "Pause/resume auto-refresh", show=False, id="detail.auto"),
        Binding("1", "tab('overview')", "Overview", show=False, id="detail.tab_overview"),
        Binding("2", "tab('progress')", "Progress", show=False, id="detail.tab_progress"),
        Binding("3", "tab('subtasks')", "Subtasks", show=False, id="detail.tab_subtasks"),
        Binding("4", "tab('actions')", "Actions", show=False, id="detail.tab_actions"),
        Binding("c", "open('precheck')", "Pre-check", id="detail.precheck"),
        Binding("m", "open('params')", "Params", id="detail.params"),
        Binding("o", "open('comparisons')", "Compare", id="detail.comparisons"),
        *[
            Binding(a.key, f"act('{a.name}')", a.short or a.label, tooltip=a.what, id=f"detail.{a.name}",
                    show=a.name != "force_stop")  # fmt: skip
            for a in ACTIONS.values()
        ],
    ]

    paused: reactive[bool] = reactive(False, init=False)
    """Auto-refresh paused by the user (``p``)."""

    def __init__(self, job_id: str) -> None:
        super().__init__()
        self.job_id = job_id
        self.data = _Data()
        self.loaded = False
        self.updated_at: float | None = None
        self._timer: Timer | None = None
        self._clock_timer: Timer | None = None
        self._error: str | None = None
        self._last_results: tuple[str, Any] | None = None

    # -- layout ------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self._head_text(), id="detail-head")
        with TabbedContent(id="detail-tabs", initial="overview"):
            with TabPane("1 Overview", id="overview"):
                with VerticalScroll(classes="detail-scroll"):
                    with Horizontal(id="overview-cols"):
                        yield Static("Loading…", id="overview-task", classes="overview-col")
                        yield Static("", id="overview-conn", classes="overview-col")
                    yield Static("", id="overview-error")
            with TabPane("2 Progress", id="progress"):
                with VerticalScroll(classes="detail-scroll"):
                    yield Static("Loading…", id="progress-body")
                    yield Static("", id="dr-body")
            with TabPane("3 Subtasks", id="subtasks"):
                from ...service.columns import FRAMES

                yield FrameTable(
                    FRAMES["tasks"],
                    columns=["short_id", "name", "status", "progress_pct", "incre_delay_s", "created", "error_msg"],
                    key="id",
                    empty_text="No subtasks.",
                    id="subtasks-table",
                )
            with TabPane("4 Actions", id="actions"):
                with VerticalScroll(classes="detail-scroll"):
                    yield Static("Loading…", id="actions-body")
                    yield Static("", id="last-results-title")
                    yield FrameTable(
                        FRAMES["action_results"],
                        columns=["id", "ok", "error_code", "error_msg", "suggestion", "detail"],
                        stylers={"ok": lambda t: "green" if t == "yes" else "bold red"},
                        empty_text="No action yet.",
                        id="last-results",
                    )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = f"Task {self.job_id}"
        self.query_one("#last-results").display = False
        app: Any = self.app
        if getattr(app, "auto_refresh", False):
            self._clock_timer = self.set_interval(1.0, self._render_head)
        if hasattr(app, "when_ready"):
            app.when_ready(lambda _svc: self.load() if self.is_attached else None)
        else:  # pragma: no cover - a plain App
            self.load()

    def on_screen_suspend(self) -> None:
        self._disarm()

    def on_screen_resume(self) -> None:
        """Back on top (a dialog closed, a linked screen popped): poll now if a refresh fell due."""
        app: Any = self.app
        if not self.loaded or not getattr(app, "auto_refresh", False) or self.paused:
            return
        interval = float(getattr(app, "refresh_interval", 10.0))
        if self.updated_at is None or self._now() - self.updated_at >= interval:
            self._fetch(False)
        else:
            self._arm()

    # -- fetching --------------------------------------------------------------------
    def load(self, full: bool = True) -> None:
        """Fetch in the background (a new load replaces a running one)."""
        self._disarm()
        self._fetch(full)

    @work(thread=True, exclusive=True, group="detail-load", exit_on_error=False)
    def _fetch(self, full: bool) -> None:
        worker = get_current_worker()
        service = getattr(self.app, "service", None)
        if service is None:
            return
        data = self.data
        try:
            status_df = None
            if full or not self.loaded:
                data = self._fetch_all(service)
            else:
                data = _Data(**{**data.__dict__, "problems": []})
                ids = [self.job_id, *self._child_ids(data)]
                status_df = service.refresh_statuses(ids)
                fresh = _row(status_df, "id", self.job_id)
                old = (data.status or data.row or {}).get("status")
                if fresh is not None and str(fresh.get("status")) != str(old):
                    data = self._fetch_all(service)  # new status: new job_action matrix, new times
                    status_df = None
                else:
                    data.status = fresh
                    self._merge_children(data, status_df)
                    self._fetch_dr(service, data)
        except Exception as exc:  # never kill the app: show it and keep polling
            if not worker.is_cancelled:
                self.app.call_from_thread(self._failed, exc)
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._apply, data)

    def _fetch_all(self, service: Any) -> _Data:
        data = _Data()
        detail = _row(service.task_detail(self.job_id))
        if detail is None or (_blank(detail.get("status")) and _blank(detail.get("name"))):
            # 4.1.21 answers an unknown (e.g. deleted) id with a row holding only an error.
            data.found = False
            if detail is not None and not _blank(detail.get("error_code")):
                data.problems.append(f"{detail['error_code']}: {_txt(detail.get('error_message'), '')}".strip())
            return data
        data.detail = detail
        use = None if _blank(detail.get("db_use_type")) else str(detail["db_use_type"])
        parent = None if _blank(detail.get("parent_id")) else str(detail["parent_id"])
        try:
            # The 4.1.20 row holds the job_action matrix and the subtasks (a subtask sits in its parent's row).
            scope = {"db_use_types": [use]} if use else {}
            tasks = service.tasks(name=parent or self.job_id, include_children=True, **scope)
            data.row = _row(tasks, "id", self.job_id)
            kids = tasks[tasks["parent_id"] == self.job_id] if not tasks.empty else tasks
            data.children = kids.reset_index(drop=True)
        except Exception as exc:  # the detail is still worth showing
            data.problems.append(f"task list (actions, subtasks): {self._one_line(exc)}")
        status_df = service.refresh_statuses([self.job_id, *self._child_ids(data)])
        data.status = _row(status_df, "id", self.job_id)
        self._merge_children(data, status_df)
        self._fetch_dr(service, data)
        return data

    def _fetch_dr(self, service: Any, data: _Data) -> None:
        if not self._is_dr(data):
            return
        try:
            data.rpo = _row(service.rpo_rto([self.job_id]), "job_id", self.job_id)
        except Exception as exc:
            data.problems.append(f"RPO/RTO: {self._one_line(exc)}")
        try:
            data.monitor = _row(service.dr_monitoring([self.job_id]), "job_id", self.job_id)
        except Exception as exc:
            data.problems.append(f"DR monitoring: {self._one_line(exc)}")

    @staticmethod
    def _child_ids(data: _Data) -> list[str]:
        kids = data.children
        if kids is None or len(kids) == 0:
            return []
        return [str(i) for i in kids["id"].tolist()]

    @staticmethod
    def _merge_children(data: _Data, status_df: pd.DataFrame | None) -> None:
        kids = data.children
        if status_df is None or kids is None or len(kids) == 0:
            return
        fresh = status_df[status_df["id"].isin(kids["id"])][["id", "status", "progress_pct", "incre_delay_s"]]
        if fresh.empty:
            return
        kids = kids.copy()
        merged = kids.set_index("id")
        upd = fresh.set_index("id")
        for col in ("progress_pct", "incre_delay_s"):
            merged.loc[upd.index, col] = upd[col]
        merged["status"] = merged["status"].astype("string")
        merged.loc[upd.index, "status"] = upd["status"].astype("string")
        data.children = merged.reset_index()

    @staticmethod
    def _is_dr(data: _Data) -> bool:
        detail = data.detail or {}
        return str(detail.get("db_use_type")) == "cloudDataGuard"

    @staticmethod
    def _one_line(exc: BaseException) -> str:
        from ..errors import describe_error

        return describe_error(exc).one_line()

    def _apply(self, data: _Data) -> None:
        self.data = data
        self.loaded = True
        self._error = None
        self.updated_at = self._now()
        self._render_all()
        self.refresh_bindings()
        self._arm()

    def _failed(self, exc: BaseException) -> None:
        self._error = self._one_line(exc)
        app: Any = self.app
        if hasattr(app, "report_error"):
            app.report_error(exc, title="Task detail")
        self._render_head()
        self._arm()

    # -- polling ---------------------------------------------------------------------
    def _now(self) -> float:
        clock = getattr(self.app, "clock", None)
        if callable(clock):
            return float(clock())
        import time

        return time.monotonic()

    def _arm(self) -> None:
        """Schedule the next refresh after this one ended (so refreshes never overlap)."""
        self._disarm()
        app: Any = self.app
        if not getattr(app, "auto_refresh", False) or self.paused or not self.is_current:
            return
        self._timer = self.set_timer(float(getattr(app, "refresh_interval", 10.0)), self._tick)

    def _disarm(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _tick(self) -> None:
        self._timer = None
        self._fetch(False)

    def watch_paused(self, paused: bool) -> None:
        if paused:
            self._disarm()
        else:
            self._arm()
        self._render_head()

    # -- rendering --------------------------------------------------------------------
    def _merged(self) -> dict[str, Any]:
        """What the action rules read: the list row, with the detail and the freshest status over it."""
        d = self.data
        out: dict[str, Any] = {}
        for part in (d.detail, d.row):
            if part:
                out.update({k: v for k, v in part.items() if not _blank(v)})
        if d.row is not None:
            out["available_actions"] = d.row.get("available_actions")
        if d.status and not _blank(d.status.get("status")):
            out["status"] = d.status["status"]
        out["id"] = self.job_id
        return out

    def _head_text(self) -> Text:
        from rich.text import Text as T

        d = self.data
        text = T()
        if not self.loaded:
            text.append(f"Loading task {self.job_id}…", style="italic")
            return text
        if not d.found:
            text.append(f"Task {self.job_id} was not found", style="bold")
            text.append(" — deleted, or in another project/region.")
            for problem in d.problems:
                text.append(f"\n{problem}", style="dim")
            return text
        m = self._merged()
        text.append(str(m.get("name") or self.job_id), style="bold")
        text.append(f"   {self.job_id}", style="dim")
        scenario = _SCENARIO.get(str(m.get("db_use_type")), _txt(m.get("db_use_type")))
        text.append(f"   {scenario} · {_txt(m.get('engine_type'))}\n")
        status = m.get("status")
        text.append_text(status_text(status))
        text.append(f"  {self._meaning(status)}\n")
        if self.updated_at is not None:
            ago = max(0, int(self._now() - self.updated_at))
            text.append(f"updated {ago} s ago", style="dim")
        app: Any = self.app
        if not getattr(app, "auto_refresh", False):
            text.append(" · auto-refresh off · r refresh now", style="dim")
        elif self.paused:
            text.append(" · auto-refresh paused · p resume · r refresh now", style="bold")
        else:
            every = f"{getattr(app, 'refresh_interval', 10):g}"
            text.append(f" · refresh every {every} s · p pause · r refresh now", style="dim")
        if getattr(app, "read_only", False):
            text.append(" · read-only: actions hidden", style="bold")
        if self._error:
            text.append(f"\nLast refresh failed: {self._error}", style="bold")
        return text

    @staticmethod
    def _meaning(status: Any) -> str:
        if _blank(status):
            return ""
        from ...api.models.enums import JobStatus

        return JobStatus(str(status)).meaning

    def _render_head(self) -> None:
        if self.is_mounted:
            self.query_one("#detail-head", Static).update(self._head_text())

    def _render_all(self) -> None:
        self._render_head()
        d = self.data
        if not d.found:
            for sel in ("#overview-task", "#progress-body", "#actions-body"):
                self.query_one(sel, Static).update("The task was not found.")
            for sel in ("#overview-conn", "#overview-error", "#dr-body"):
                self.query_one(sel, Static).update("")
            self.query_one("#subtasks-table", FrameTable).set_frame(self._empty_tasks())
            return
        self._render_overview()
        self._render_progress()
        self._render_subtasks()
        self._render_actions()

    @staticmethod
    def _kv(title: str, pairs: Iterable[tuple[str, Any]]) -> Table:
        table = Table.grid(padding=(0, 2))
        table.title = title
        table.title_justify = "left"
        table.title_style = "bold"
        table.add_column(style="bold", no_wrap=True)
        table.add_column(overflow="fold")
        for label, value in pairs:
            table.add_row(label, value if isinstance(value, Text) else Text(_txt(value)))
        return table

    def _render_overview(self) -> None:
        d = self.data
        det = d.detail or {}
        m = self._merged()
        status = m.get("status")
        status_cell = status_text(status)
        status_cell.append(f"  {self._meaning(status)}", style="")
        kids = d.children
        task = [
            ("Name", det.get("name")),
            ("Task ID", self.job_id),
            ("Status", status_cell),
            ("Scenario", f"{_SCENARIO.get(str(det.get('db_use_type')), _txt(det.get('db_use_type')))}"
                         f" ({_txt(det.get('db_use_type'))})"),
            ("Engine", det.get("engine_type")),
            ("Direction", _DIRECTION.get(str(det.get("job_direction")), _txt(det.get("job_direction")))),
            ("Node type", det.get("instance_type")),
            ("Network", det.get("net_type")),
            ("Task type", f"{_txt(det.get('task_type'))} ({_TASK_TYPE.get(str(det.get('task_type')), '?')})"),
            ("Created", det.get("created")),
            ("Started", det.get("started")),
            ("Full phase done", det.get("full_complete")),
            ("Updated", det.get("updated")),
            ("Description", det.get("description")),
            ("Tags", det.get("tags")),
        ]  # fmt: skip
        if not _blank(det.get("parent_id")):
            task.append(("Parent task", det.get("parent_id")))
        task.append(("Subtasks", str(len(kids)) if kids is not None else "—"))
        conn = [
            ("Source", det.get("source")),
            ("Destination", det.get("target")),
            ("Source DB", det.get("source_db_name")),
            ("Destination DB", det.get("target_db_name")),
            ("Dest. read-only", det.get("target_readonly")),
            ("Repl. instance", det.get("instance_ip")),
            ("Volume (GB)", det.get("volume_gb")),
            ("Nodes", det.get("node_num")),
            ("AZ", det.get("az_code")),
            ("VPC", det.get("vpc_id")),
            ("Subnet", det.get("subnet_id")),
            ("Flow control", _txt(det.get("speed_limit"), "no limit")),
            ("Selected objects", det.get("object_count")),
        ]
        self.query_one("#overview-task", Static).update(self._kv("Task", task))
        self.query_one("#overview-conn", Static).update(self._kv("Connections (no passwords shown)", conn))
        self.query_one("#overview-error", Static).update(self._error_block())

    def _error_block(self) -> Any:
        from ...service.frames import suggestion_for

        d = self.data
        det, st = d.detail or {}, d.status or {}
        code = next((str(v) for v in (st.get("error_code"), det.get("error_code")) if not _blank(v)), None)
        msg = next(
            (
                str(v)
                for v in (st.get("error_msg"), det.get("error_message"), det.get("failed_reason"))
                if not _blank(v)
            ),
            None,
        )
        parts: list[Any] = []
        if code or msg:
            found, hint = suggestion_for(code, msg)
            pairs: list[tuple[str, Any]] = [("Error code", found or code), ("Error", msg)]
            if hint:
                pairs.append(("What to do", hint))
            parts.append(self._kv("Error", pairs))
        if d.problems:
            parts.append(self._kv("Not loaded", [(str(i + 1), p) for i, p in enumerate(d.problems)]))
        return Group(*parts) if parts else ""

    def _render_progress(self) -> None:
        d = self.data
        det = d.detail or {}
        st = d.status or {}
        row = d.row or {}
        task_type = str(det.get("task_type"))
        pct = st.get("progress_pct")
        if _blank(pct):
            pct = row.get("progress_pct")
        delay = st.get("incre_delay_s")
        if _blank(delay):
            delay = row.get("incre_delay_s")
        status = str(self._merged().get("status"))
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        if task_type == "INCR_TRANS":
            table.add_row("Full phase", Text("not part of this task (incremental only)"))
        else:
            value = 0.0 if _blank(pct) else float(pct)
            bar = Table.grid(padding=(0, 1))
            bar.add_row(RichBar(total=100, completed=value, width=40, animation_time=0), Text(f"{value:5.1f} %"))
            table.add_row("Full phase", bar)
            table.add_row("Remaining", Text(_txt(st.get("remaining_time"))))
            table.add_row("Completed at", Text(_txt(det.get("full_complete"))))
        if task_type == "FULL_TRANS":
            table.add_row("Incremental phase", Text("not part of this task (full only)"))
        elif _blank(delay):
            note = "replicating; delay not reported" if status.startswith("INCRE_") else "not in the incremental phase"
            table.add_row("Incremental delay", Text(note))
        else:
            table.add_row("Incremental delay", Text(f"{float(delay):,.1f} s", style="bold"))
        table.add_row("Progress at", Text(_txt(st.get("process_time"))))
        table.title = "Migration progress (4.1.19)"
        table.title_justify = "left"
        table.title_style = "bold"
        self.query_one("#progress-body", Static).update(table)
        self.query_one("#dr-body", Static).update(self._dr_block() if self._is_dr(d) else "")

    def _dr_block(self) -> Any:
        d = self.data
        rpo, mon = d.rpo or {}, d.monitor or {}

        def ms(value: Any) -> str:
            if _blank(value):
                return "—"
            v = int(value)
            return "not measured yet" if v < 0 else f"{v:,} ms"

        rpo_rows = [
            ("RPO (data loss window)", ms(rpo.get("rpo_delay_ms"))),
            ("RPO at", rpo.get("rpo_time")),
            ("RPO check point", rpo.get("rpo_check_point")),
            ("RPO GTID set", rpo.get("rpo_gtid_set")),
            ("RTO (recovery delay)", ms(rpo.get("rto_delay_ms"))),
            ("RTO at", rpo.get("rto_time")),
            ("RTO check point", rpo.get("rto_check_point")),
            ("RTO GTID set", rpo.get("rto_gtid_set")),
        ]
        if not _blank(rpo.get("error_code")) or not _blank(rpo.get("error_msg")):
            rpo_rows.append(("Error", f"{_txt(rpo.get('error_code'), '')} {_txt(rpo.get('error_msg'), '')}".strip()))
        mon_rows = [
            ("Source / destination OK", f"{_txt(mon.get('src_normal'))} / {_txt(mon.get('dst_normal'))}"),
            ("Capture / apply delay", f"{ms(mon.get('sr_delay_ms'))} / {ms(mon.get('dst_delay_ms'))}"),
            ("Source position", mon.get("sr_offset")),
            ("Node position", mon.get("node_offset")),
            ("Destination position", mon.get("dst_offset")),
            ("Rows/s source / dest.", f"{_num(mon.get('src_rps'))} / {_num(mon.get('dst_rps'))}"),
            ("Bandwidth", _num(mon.get("bandwidth"), 1)),
            ("Transferred", f"{_num(mon.get('trans_mb'), 1)} MB, {_num(mon.get('trans_lines'))} rows"),
            ("CPU", f"{_num(mon.get('cpu_pct'), 1)} %"),
            ("Memory", f"{_num(mon.get('mem_used_mb'))} of {_num(mon.get('node_mem_mb'))} MB"),
            ("Volume", f"{_num(mon.get('volume_used_gb'), 1)} of {_num(mon.get('node_volume_gb'))} GB"),
        ]
        grid = Table.grid(padding=(0, 4))
        grid.add_row(self._kv("RPO / RTO (4.4.2)", rpo_rows), self._kv("DR monitoring (4.4.3)", mon_rows))
        return Group(Text(""), grid)

    def _empty_tasks(self) -> Any:
        from ...service.columns import frame_from_rows

        return frame_from_rows("tasks", [])

    def _render_subtasks(self) -> None:
        kids = self.data.children
        table = self.query_one("#subtasks-table", FrameTable)
        table.set_frame(kids if kids is not None else self._empty_tasks())
        count = 0 if kids is None else len(kids)
        tabs = self.query_one(TabbedContent)
        tabs.get_tab("subtasks").label = f"3 Subtasks ({count})"

    def _render_actions(self) -> None:
        app: Any = self.app
        table = Table(box=None, padding=(0, 2), show_edge=False, header_style="bold")
        table.add_column("Key", no_wrap=True)
        table.add_column("Action", no_wrap=True)
        table.add_column("Now", overflow="fold")
        if getattr(app, "read_only", False):
            self.query_one("#actions-body", Static).update(
                Text("Read-only profile: every state-changing action is hidden.", style="bold")
            )
            return
        m = self._merged()
        for a in ACTIONS.values():
            reason = action_reason(a.name, m)
            now = Text("available", style="green") if reason is None else Text(reason, style="dim")
            table.add_row(Text(a.key, style="bold"), a.label, now)
        offered = m.get("available_actions")
        offered_text = Text(f"DRS job_action now offers: {_txt(offered, 'nothing (or not reported)')}", style="dim")
        self.query_one("#actions-body", Static).update(Group(table, Text(""), offered_text))

    def _show_results(self, label: str, df: Any) -> None:
        self._last_results = (label, df)
        title = self.query_one("#last-results-title", Static)
        title.update(Text(f"\nLast action: {label} — one row per task", style="bold"))
        results = self.query_one("#last-results", FrameTable)
        results.display = True
        results.set_frame(df)

    # -- keys ------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "act":
            name = str(parameters[0]) if parameters else ""
            return self._action_offered(name)
        return True

    def _action_offered(self, name: str) -> bool:
        if name not in ACTIONS or getattr(self.app, "read_only", False):
            return False
        if not self.loaded or not self.data.found:
            return False
        return action_reason(name, self._merged()) is None

    def action_reload(self) -> None:
        self.load()

    def action_toggle_auto(self) -> None:
        self.paused = not self.paused
        self.notify("Auto-refresh paused." if self.paused else "Auto-refresh resumed.", timeout=2)

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def action_open(self, which: str) -> None:
        import importlib

        module_name, class_name, label = LINKED_SCREENS[which]
        try:
            cls = getattr(importlib.import_module(module_name), class_name)
        except (ImportError, AttributeError):
            self.notify(f"The {label} screen is not available in this build.", severity="warning", timeout=4)
            return
        self.app.push_screen(cls(self.job_id))

    def action_act(self, name: str, **params: Any) -> None:
        if getattr(self.app, "read_only", False):
            self.notify("Read-only: actions are disabled.", severity="warning")
            return
        if not self.loaded or not self.data.found:
            self.notify("The task is not loaded yet.", severity="warning", timeout=3)
            return
        reason = action_reason(name, self._merged())
        if reason is not None:
            self.notify(reason, title=ACTIONS[name].label, severity="warning", timeout=5)
            return
        self._run_action(name, params)

    @work(group="detail-action", exclusive=True, exit_on_error=False)
    async def _run_action(self, name: str, params: Mapping[str, Any]) -> None:
        from .actions import run_action
        from .speed_limit import parse_speed_text

        det = self.data.detail or {}
        extra: dict[str, Any] = dict(params)
        if name == "speed_limit":
            extra.setdefault("current", parse_speed_text(det.get("speed_limit")))
        if name == "passwords":
            extra.setdefault("source", _txt(det.get("source"), "?"))
            extra.setdefault("target", _txt(det.get("target"), "?"))
        task_name = self._merged().get("name")
        names = {self.job_id: str(task_name)} if task_name else None
        df = await run_action(self.app, name, [self.job_id], names=names, **extra)
        if df is not None:
            self._show_results(ACTIONS[name].label, df)

    def on_tasks_changed(self, message: TasksChanged) -> None:
        ids = set(message.job_ids)
        if not ids or self.job_id in ids or ids & set(self._child_ids(self.data)):
            self.load()

    def on_frame_table_row_selected(self, event: FrameTable.RowSelected) -> None:
        if event.table.id == "subtasks-table" and event.row.get("id"):
            self.app.push_screen(JobDetailScreen(str(event.row["id"])))

    def _explain(self, name: str) -> None:
        reason = action_reason(name, self._merged()) if self.loaded else "The task is not loaded yet."
        self.notify(reason or "Available.", title=ACTIONS[name].label, timeout=6)

    def palette_commands(self) -> Iterable[SystemCommand]:
        """Every screen and action reachable from here; unavailable actions say why."""
        yield SystemCommand("Task: refresh now", "Reload the task detail (r)", self.action_reload)
        yield SystemCommand(
            "Task: pause / resume auto-refresh", "Toggle the periodic refresh (p)", self.action_toggle_auto
        )
        for key, (_, _, label) in LINKED_SCREENS.items():
            yield SystemCommand(
                f"Task: {label}", f"Open the {label.lower()} of this task", partial(self.action_open, key)
            )
        if getattr(self.app, "read_only", False):
            return
        merged = self._merged() if self.loaded else {}
        for a in ACTIONS.values():
            reason = action_reason(a.name, merged) if self.loaded else "The task is not loaded yet."
            if reason is None:
                yield SystemCommand(f"Task: {a.label} ({a.key})", a.what, partial(self.action_act, a.name))
                if a.name == "pause":
                    yield SystemCommand(
                        "Task: Pause capture and replay",
                        "Pause with pause_mode all: stop reading the source too (4.1.13)",
                        partial(self.action_act, "pause", mode="all"),
                    )
            else:
                yield SystemCommand(f"Task: {a.label} — not available", reason, partial(self._explain, a.name))
