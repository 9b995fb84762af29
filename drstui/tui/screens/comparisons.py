"""The comparisons of one task: list, create, cancel, start now, drill into results, export.

The list joins the table-comparison jobs (4.1.24) and the comparison task list (4.1.18) —
type, status, created, ended — newest first, and refreshes on the app's interval (the next
read is armed when the last one ends, so reads never overlap): on the local DRS a RUNNING
comparison turns SUCCESSFUL as its simulated clock advances.

Keys: Enter opens the results (`compare_drill`), ``c`` creates object-level / row / value
comparisons (4.1.17; `compare_create.CompareCreateScreen`), ``x`` cancels a running or
scheduled one (4.1.26), ``s`` starts a scheduled one now (4.1.27) — each asks through
`ConfirmScreen` with the exact request and is hidden in read-only mode — and ``e`` writes the
results to an .xlsx workbook (`drstui.service.export.export_comparison`) in a thread worker
with a progress bar.
"""

from __future__ import annotations

from pathlib import Path

import re
import time
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from rich.markup import escape
from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, ProgressBar, Static
from textual.worker import get_current_worker

from ..status import PHASE_STYLE, phase
from ..widgets.frame_table import FrameTable
from .compare_drill import COMPARE_TYPE_LABELS, blank, compare_status_style, drill_screen_for, text_of
from .confirm import ConfirmScreen, RequestPreview

if TYPE_CHECKING:
    import pandas as pd
    from textual.timer import Timer

#: Absolute, so subclasses defined elsewhere (tests, plugins) find the stylesheet.
_CSS = str(Path(__file__).with_name("comparisons.tcss"))

__all__ = ["ComparisonsScreen", "default_export_path", "UNFINISHED"]

#: Comparison statuses that still change (cancel is possible, the list keeps refreshing).
UNFINISHED = frozenset({"RUNNING", "WAITING_FOR_RUNNING", "FULL_DOING", "INCRE_DOING"})
#: Types of table comparisons (4.1.24): the ones "start now" (4.1.27) applies to.
TABLE_TYPES = frozenset({"lines", "contents", "random"})
COLUMNS = ("type", "status", "created", "end_time", "compare_id")
#: Statuses counted in the state line, with their words.
STATE_LABELS = (
    ("RUNNING", "running"), ("WAITING_FOR_RUNNING", "scheduled"), ("SUCCESSFUL", "successful"), ("FAILED", "failed"),
    ("CANCELLED", "cancelled"),
)  # fmt: skip


def default_export_path(task_name: str, now: datetime | None = None) -> str:
    """``./drs-compare-<task name>-<yyyymmdd-hhmmss>.xlsx`` (the name made file-safe)."""
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", task_name).strip("._") or "task"
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return f"./drs-compare-{safe}-{stamp}.xlsx"


def _status_text(status: str | None) -> str:
    if not status:
        return ""
    return f"[{PHASE_STYLE[phase(status)]}]{escape(status)}[/]"


class _ExportCancelled(Exception):
    """The screen went away while exporting."""


class ComparisonsScreen(Screen[None]):
    """Comparison tasks of one DRS task, with actions and drill-down."""

    CSS_PATH = _CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="comparisons.back"),
        Binding("enter", "open", "Results", tooltip="Open the results of the comparison", id="comparisons.open"),
        Binding("c", "create", "New", tooltip="Create object-level, row or value comparisons", id="comparisons.create"),
        Binding("x", "cancel_comparison", "Cancel", tooltip="Cancel a running or scheduled comparison",
                id="comparisons.cancel"),  # fmt: skip
        Binding("s", "start_now", "Start now", tooltip="Start a scheduled comparison now", id="comparisons.start_now"),
        Binding("e", "export", "Excel", tooltip="Export the comparison results to an .xlsx file",
                id="comparisons.export"),  # fmt: skip
        Binding("r", "reload", "Reload", tooltip="Read the comparison list again", id="comparisons.reload"),
    ]

    #: Actions that change state: hidden in read-only mode.
    WRITE_ACTIONS: ClassVar[frozenset[str]] = frozenset({"create", "cancel_comparison", "start_now"})

    def __init__(self, job_id: str) -> None:
        super().__init__()
        self.job_id = job_id
        self.task_name: str | None = None
        self.task_status: str | None = None
        self.frame: pd.DataFrame | None = None
        self.loads = 0
        """How many times the list was read (tests and the status line use it)."""
        self.exporting = False
        self.last_export: str | None = None
        """Path of the last workbook written."""
        self._timer: Timer | None = None
        self._last_progress = 0.0
        self.sub_title = f"Comparisons · {job_id}"

    # -- layout --------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        from ...service.columns import FRAMES

        yield Header()
        yield Static(self._title_markup(), id="compare-title", classes="compare-title")
        yield Static("loading…", id="compare-state", classes="compare-state")
        with Horizontal(id="compare-export", classes="hidden"):
            yield Static("", id="compare-export-label")
            yield ProgressBar(total=None, show_eta=False, id="compare-export-progress")
        yield FrameTable(
            FRAMES["compare_tasks"], columns=COLUMNS, key="compare_id", stylers={"status": compare_status_style},
            empty_text="No comparisons yet. Press c to create one.", id="compare-table",
        )  # fmt: skip
        with VerticalScroll(id="compare-detail-box", classes="compare-detail-box"):
            yield Static("", id="compare-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(FrameTable).focus()
        self.app.when_ready(self._service_ready)

    def _service_ready(self, _service: Any) -> None:
        self.refresh_bindings()
        self.load_list(load_task=True)

    def _title_markup(self) -> str:
        parts = ["[b]Comparisons[/b]"]
        if self.task_name:
            parts.append(f"[b]{escape(self.task_name)}[/b]")
        parts.append(escape(self.job_id))
        if self.task_status:
            parts.append(_status_text(self.task_status))
        return " · ".join(parts)

    # -- reading the list ------------------------------------------------------------
    @work(thread=True, exclusive=True, group="compare-list", exit_on_error=False)
    def load_list(self, load_task: bool = False) -> None:
        """Read the task (first time) and its comparisons; arm the next refresh when done."""
        worker = get_current_worker()
        service = self.app.service
        if service is None:
            return
        if load_task:
            try:
                detail = service.task_details([self.job_id])
                if not detail.empty:
                    row = detail.iloc[0]
                    self._ui(self._set_task, row.get("name"), row.get("status"))
            except Exception as exc:  # the comparisons may still be readable
                self._ui(self.app.report_error, exc, title="Task details unavailable")
        try:
            df = service.compare_tasks(self.job_id)
        except Exception as exc:
            if not worker.is_cancelled:
                self._ui(self._list_failed, exc)
                self._ui(self._arm_refresh)
            return
        if worker.is_cancelled:
            return
        self._ui(self._show, df)
        self._ui(self._arm_refresh)

    def _ui(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return self.app.call_from_thread(fn, *args, **kwargs)
        except RuntimeError:  # the app is shutting down
            return None

    def _set_task(self, name: Any, status: Any) -> None:
        self.task_name = None if blank(name) else str(name)
        self.task_status = None if blank(status) else str(status)
        if self.is_attached:
            self.query_one("#compare-title", Static).update(self._title_markup())

    def _list_failed(self, exc: BaseException) -> None:
        from ..errors import describe_error

        self.app.report_error(exc, title="Comparisons unavailable")
        if self.is_attached:
            self.query_one("#compare-state", Static).update(
                f"[b red]Cannot read the comparisons[/]: {escape(describe_error(exc).one_line())}"
            )

    @staticmethod
    def order_rows(df: pd.DataFrame) -> pd.DataFrame:
        """Newest first (by creation, then start time); the API order breaks ties."""
        if df.empty:
            return df.reset_index(drop=True)
        when = df["created"].fillna(df["start_time"])
        return df.assign(_when=when).sort_values("_when", ascending=False, na_position="last", kind="stable").drop(
            columns="_when"
        ).reset_index(drop=True)

    def _show(self, df: pd.DataFrame) -> None:
        if not self.is_attached:
            return
        self.loads += 1
        self.frame = self.order_rows(df)
        table = self.query_one(FrameTable)
        table.set_frame(self.frame)
        self.query_one("#compare-state", Static).update(self._state_markup(self.frame))
        self._show_detail(table.cursor_row)
        self.refresh_bindings()

    def _state_markup(self, df: pd.DataFrame) -> str:
        statuses = df["status"].astype("string").fillna("") if not df.empty else []
        counts: dict[str, int] = {}
        for s in statuses:
            counts[s] = counts.get(s, 0) + 1
        parts = [f"[b]{len(df)}[/b] comparison{'s' if len(df) != 1 else ''}"]
        for status, label in STATE_LABELS:
            if counts.get(status):
                style = compare_status_style(status)
                parts.append(f"[{style}]{counts[status]} {label}[/]")
        running = any(s in UNFINISHED for s in statuses)
        if getattr(self.app, "auto_refresh", False) and running:
            parts.append(f"[dim]refreshing every {self.app.refresh_interval:g} s[/dim]")
        return " · ".join(parts) + "   [dim]enter: results[/dim]"

    def _arm_refresh(self) -> None:
        """Re-read the list after the app's interval — only once the previous read has ended."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if not self.is_attached or not getattr(self.app, "auto_refresh", False):
            return
        self._timer = self.set_timer(float(self.app.refresh_interval), self._tick)

    def _tick(self) -> None:
        self._timer = None
        if self.app.screen is self:
            self.load_list()
        else:  # a drill-down or dialog is on top: check again later
            self._arm_refresh()

    def on_screen_resume(self) -> None:
        if self.frame is not None and self._timer is None and self.app.service is not None:
            self.load_list()

    def action_reload(self) -> None:
        if self.app.service is None:
            self.notify("Not connected yet.", severity="warning", timeout=3)
            return
        self.query_one("#compare-state", Static).update("loading…")
        self.load_list(load_task=self.task_name is None)

    # -- the highlighted comparison --------------------------------------------------------
    @property
    def current(self) -> dict[str, Any] | None:
        """The highlighted comparison row."""
        return self.query_one(FrameTable).cursor_row

    def on_frame_table_row_highlighted(self, event: FrameTable.RowHighlighted) -> None:
        self._show_detail(event.row)
        self.refresh_bindings()

    def on_frame_table_row_selected(self, event: FrameTable.RowSelected) -> None:
        event.stop()
        self.open_comparison(event.row)

    def _show_detail(self, row: Mapping[str, Any] | None) -> None:
        box = self.query_one("#compare-detail", Static)
        if not row:
            box.update("[dim]No comparison selected.[/dim]")
            return
        kind = text_of(row.get("type"), "")
        status = text_of(row.get("status"), "")
        style = compare_status_style(status)
        head = f"[b]{escape(COMPARE_TYPE_LABELS.get(kind, kind or 'Comparison'))}[/b]"
        if status:
            head += f"  [{style}]{escape(status)}[/]" if style else f"  {escape(status)}"
        lines = [head]

        def add(label: str, value: Any) -> None:
            if not blank(value):
                lines.append(f"[b]{label:<14}[/b]{escape(text_of(value))}")

        add("Comparison ID", row.get("compare_id"))
        add("Created", row.get("created"))
        add("Started", row.get("start_time"))
        add("Ended", row.get("end_time"))
        report = row.get("export_status")
        if not blank(report) and str(report) != "INIT":  # INIT: no result file was asked for
            remain = row.get("report_remain_s")
            extra = f" (valid {int(remain):,} s more)" if not blank(remain) and int(remain) > 0 else ""
            add("Result file", f"{report}{extra}")
        add("Options", row.get("options"))
        add("Sample %", row.get("proportion_value"))
        actions = []
        if drill_screen_for(kind, self.job_id, None) is not None:
            actions.append("enter: results")
        if not getattr(self.app, "read_only", False):
            if status in UNFINISHED:
                actions.append("x: cancel")
            if status == "WAITING_FOR_RUNNING" and kind in TABLE_TYPES:
                actions.append("s: start now")
        if actions:
            lines.append(f"[dim]{' · '.join(actions)}[/dim]")
        box.update("\n".join(lines))

    # -- bindings and palette ------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.WRITE_ACTIONS and getattr(self.app, "read_only", False):
            return False
        if action in ("cancel_comparison", "start_now", "open"):
            try:
                row = self.current
            except Exception:  # not composed yet
                return None
            if row is None:
                return None
            status = text_of(row.get("status"), "")
            if action == "cancel_comparison" and status not in UNFINISHED:
                return None
            scheduled_table = status == "WAITING_FOR_RUNNING" and text_of(row.get("type"), "") in TABLE_TYPES
            if action == "start_now" and not scheduled_table:
                return None
        if action == "export" and self.exporting:
            return None
        return True

    def palette_commands(self) -> list[SystemCommand]:
        commands = [
            SystemCommand("Comparisons: open results", "Drill into the highlighted comparison", self.action_open),
            SystemCommand("Comparisons: reload", "Read the comparison list again", self.action_reload),
            SystemCommand("Comparisons: export to Excel", "Write the comparison results to an .xlsx file",
                          self.action_export),  # fmt: skip
        ]
        if not getattr(self.app, "read_only", False):
            commands += [
                SystemCommand("Comparisons: new comparison", "Create object-level, row or value comparisons (4.1.17)",
                              self.action_create),  # fmt: skip
                SystemCommand("Comparisons: cancel comparison",
                              "Cancel the highlighted running or scheduled comparison (4.1.26)",
                              self.action_cancel_comparison),  # fmt: skip
                SystemCommand("Comparisons: start now", "Start the highlighted scheduled comparison now (4.1.27)",
                              self.action_start_now),  # fmt: skip
            ]
        return commands

    # -- drill-down ------------------------------------------------------------------------
    def action_open(self) -> None:
        row = self.current
        if row is not None:
            self.open_comparison(row)

    def open_comparison(self, row: Mapping[str, Any]) -> None:
        kind = text_of(row.get("type"), "")
        cid = text_of(row.get("compare_id"), "") or None
        screen = drill_screen_for(
            kind, self.job_id, cid, task_name=self.task_name, compare_status=text_of(row.get("status"), "") or None
        )
        if screen is None:
            self.notify(f"drstui has no results view for {kind or 'this'} comparisons.", severity="warning", timeout=4)
            return
        self.app.push_screen(screen)

    # -- actions ---------------------------------------------------------------------------
    def _writable(self, label: str) -> Any:
        """The service when a state change may be sent now, else None (after saying why)."""
        if getattr(self.app, "read_only", False):
            self.notify("Read-only: actions are disabled for this profile.", title=label, severity="error")
            return None
        service = self.app.service
        if service is None:
            self.notify("Not connected yet: nothing was sent.", title=label, severity="warning", timeout=4)
            return None
        return service

    def _who(self) -> str:
        return f"{self.task_name} ({self.job_id})" if self.task_name else self.job_id

    def _confirm(
        self, label: str, summary: str, spec_key: str, kwargs: dict[str, Any], then: Callable[[], Any], *,
        warnings: list[str] | None = None, destructive: bool = False,
    ) -> None:  # fmt: skip
        """Show the exact request in `ConfirmScreen`; ``then()`` runs only on an explicit confirm."""
        from .actions import validation_message

        service = self.app.service
        try:
            method, path, body = service.describe_request(spec_key, **kwargs)
        except Exception as exc:  # invalid input: nothing is sent
            self.notify(f"{validation_message(exc)}\nNothing was sent.", title=f"{label}: invalid input",
                        severity="error", timeout=8)  # fmt: skip
            return
        confirm = ConfirmScreen(
            label, summary, [RequestPreview(method, path, body or "")], warnings=warnings or [], confirm_label=label,
            destructive=destructive,
        )  # fmt: skip

        def answered(ok: bool | None) -> None:
            if ok:
                then()
            else:
                self.notify(f"{label}: cancelled, nothing was sent.", timeout=3)

        self.app.push_screen(confirm, answered)

    def action_create(self) -> None:
        if self._writable("New comparison") is None:
            return
        from .compare_create import CompareCreateScreen

        self.app.push_screen(
            CompareCreateScreen(self.job_id, task_name=self.task_name, task_status=self.task_status),
            self._create_answer,
        )

    def _create_answer(self, answer: dict[str, Any] | None) -> None:
        if answer is None:
            return
        lines = [f"On task {self._who()} (4.1.17):"]
        if answer.get("object_level"):
            lines.append("• an object-level comparison")
        data = answer.get("data_level")
        if data:
            label = COMPARE_TYPE_LABELS.get(str(data.get("compare_type")), "data comparison")
            where = "every database of the task (quick comparison)"
            if data.get("compare_object_infos"):
                where = ", ".join(
                    o["db_name"] + (f" ({', '.join(o['table_name'])})" if o.get("table_name") else "")
                    for o in data["compare_object_infos"]
                )
            when = f"at {data['start_time']:%Y-%m-%d %H:%M} UTC" if data.get("start_time") else "now"
            lines.append(f"• a {label[0].lower() + label[1:]} of {where}, starting {when}")
            if data.get("conflict_policy") == "keep":
                lines.append("An unfinished row or value comparison is kept: then nothing new is created.")
            else:
                lines.append("An unfinished row or value comparison is cancelled and replaced.")
        warnings = []
        if self.task_status and self.task_status != "INCRE_TRANSFER_STARTED":
            warnings.append(f"The task is {self.task_status}: DRS accepts comparisons only while it is "
                            "INCRE_TRANSFER_STARTED, so it will likely refuse.")  # fmt: skip
        self._confirm(
            "Create comparison",
            "\n".join(lines),
            "compare.create_task",
            {"job_id": self.job_id, **answer},
            lambda: self.send_create(answer),
            warnings=warnings,
        )

    def action_cancel_comparison(self) -> None:
        row = self.current
        if row is None or self._writable("Cancel comparison") is None:
            return
        status = text_of(row.get("status"), "")
        cid = text_of(row.get("compare_id"), "")
        if status not in UNFINISHED:
            self.notify(f"Comparison {cid} is {status}: only a running or scheduled comparison can be cancelled.",
                        severity="warning", timeout=5)  # fmt: skip
            return
        kind = COMPARE_TYPE_LABELS.get(text_of(row.get("type"), ""), "comparison")
        self._confirm(
            "Cancel comparison",
            f"Cancel the {status} {kind.lower()} {cid} of task {self._who()} (4.1.26). Its partial results are lost.",
            "compare.cancel",
            {"job_id": self.job_id, "compare_job_id": cid},
            lambda: self.send_cancel(cid),
            destructive=True,
        )

    def action_start_now(self) -> None:
        row = self.current
        if row is None or self._writable("Start comparison now") is None:
            return
        status = text_of(row.get("status"), "")
        cid = text_of(row.get("compare_id"), "")
        if status != "WAITING_FOR_RUNNING" or text_of(row.get("type"), "") not in TABLE_TYPES:
            self.notify(f"Comparison {cid} is {status}: only a scheduled (WAITING_FOR_RUNNING) row or value "
                        "comparison can be started now.", severity="warning", timeout=5)  # fmt: skip
            return
        start = row.get("start_time")
        planned = f" instead of at {text_of(start)}" if not blank(start) else ""
        self._confirm(
            "Start comparison now",
            f"Start the scheduled comparison {cid} of task {self._who()} now{planned} (4.1.27).",
            "compare.start_now",
            {"job_id": self.job_id, "compare_job_id": cid},
            lambda: self.send_start_now(cid),
        )

    # -- sending (thread workers) ------------------------------------------------------------
    def _result_row(self, ok: bool, code: str | None, msg: str | None, detail: str | None) -> dict[str, Any]:
        from ...service import frames

        return frames.result_row(self.job_id, ok, code, msg, detail)

    def _failed_row(self, exc: BaseException, detail: str) -> dict[str, Any]:
        code = getattr(exc, "error_code", None) or (f"HTTP {exc.status_code}" if hasattr(exc, "status_code") else None)
        msg = getattr(exc, "error_msg", None) or str(exc)
        return self._result_row(False, code, msg, detail)

    def _send(self, label: str, call: Callable[[], list[dict[str, Any]]]) -> None:
        """Run ``call`` (returns result rows); report per task; re-read the list."""
        from ...api.errors import DrsError
        from ...service import frames

        try:
            rows = call()
        except DrsError as exc:
            rows = [self._failed_row(exc, label.lower())]
        except Exception as exc:
            self._ui(self.app.report_error, exc, title=f"{label} failed")
            self._ui(self.load_list)
            return
        self._ui(self._report, label, frames.action_results_frame(rows))
        self._ui(self.load_list)

    @work(thread=True, exclusive=True, group="compare-action", exit_on_error=False)
    def send_create(self, answer: dict[str, Any]) -> None:
        """4.1.17: one result row per requested comparison (object-level, data-level)."""

        def call() -> list[dict[str, Any]]:
            response = self.app.service.client.compare.create_task(self.job_id, **answer)
            rows = []
            parts = (("object-level comparison", response.object_level_compare_create_result),
                     ("data comparison", response.data_level_compare_create_result))  # fmt: skip
            for what, result in parts:
                if result is None:
                    continue
                detail = f"{what} {result.compare_task_id}" if result.compare_task_id else what
                rows.append(self._result_row(not result.error_code, result.error_code, result.error_msg, detail))
            if response.error_code:
                rows.append(self._result_row(False, response.error_code, response.error_msg, "create comparison"))
            if not rows:
                rows.append(
                    self._result_row(False, None, "DRS returned no result for this request.", "create comparison")
                )
            return rows

        self._send("Create comparison", call)

    @work(thread=True, exclusive=True, group="compare-action", exit_on_error=False)
    def send_cancel(self, compare_id: str) -> None:
        """4.1.26 through the service (its per-task result frame)."""

        def call() -> list[dict[str, Any]]:
            df = self.app.service.cancel_comparison(self.job_id, compare_id)
            return df.to_dict("records")

        self._send("Cancel comparison", call)

    @work(thread=True, exclusive=True, group="compare-action", exit_on_error=False)
    def send_start_now(self, compare_id: str) -> None:
        """4.1.27."""

        def call() -> list[dict[str, Any]]:
            self.app.service.client.compare.start_now(self.job_id, compare_id)
            return [self._result_row(True, None, None, f"comparison {compare_id}")]

        self._send("Start comparison now", call)

    def _report(self, label: str, df: pd.DataFrame) -> None:
        """Notification summary; the per-task rows when something failed."""
        ok = int(df["ok"].fillna(False).astype(bool).sum()) if len(df) else 0
        failed = len(df) - ok
        details = [text_of(d, "") for d in df["detail"]] if len(df) else []
        if failed == 0:
            done = "; ".join(d for d in details if d) or "done"
            self.notify(f"✓ {self._who()}: {done}.", title=label, timeout=5)
            return
        bad = df[~df["ok"].fillna(False).astype(bool)].iloc[0]
        code = text_of(bad["error_code"], "")
        msg = text_of(bad["error_msg"], "failed")
        self.notify(
            f"✗ {self._who()}: {code + ': ' if code else ''}{msg}"[:400],
            title=f"{label}: {ok} succeeded, {failed} failed" if ok else f"{label} failed",
            severity="error" if ok == 0 else "warning",
            timeout=10,
        )
        from .actions import ActionResultsScreen

        names = {self.job_id: self.task_name} if self.task_name else None
        self.app.push_screen(ActionResultsScreen(label, df, names=names))

    # -- export ----------------------------------------------------------------------------
    def _export_ids(self) -> list[str] | None:
        """The highlighted row/value comparison plus the newest of the other kind; None = the newest of each."""
        row = self.current
        if row is None or self.frame is None or text_of(row.get("type"), "") not in TABLE_TYPES:
            return None
        kind = text_of(row.get("type"), "")
        ids = [text_of(row.get("compare_id"))]
        other = ("contents", "random") if kind == "lines" else ("lines",)
        others = self.frame[self.frame["type"].astype("string").isin(other)]
        if not others.empty:
            ids.append(str(others.iloc[0]["compare_id"]))
        return ids

    def action_export(self) -> None:
        if self.exporting:
            self.notify("An export is already running.", severity="warning", timeout=3)
            return
        if self.app.service is None:
            self.notify("Not connected yet.", severity="warning", timeout=3)
            return
        from .compare_create import ExportPathScreen

        ids = self._export_ids()
        what = ("the object-level and the newest row and value comparison results" if ids is None
                else "the object-level and the highlighted comparison results")
        screen = ExportPathScreen(default_export_path(self.task_name or self.job_id), what=what)
        self.app.push_screen(screen, lambda answer: self._export_answer(answer, ids))

    def _export_answer(self, answer: tuple[str, int | None] | None, ids: list[str] | None) -> None:
        if answer is None:
            return
        path, max_rows = answer
        self.exporting = True
        self.refresh_bindings()
        self._export_state(f"Exporting to {path}…", None, None)
        self.run_export(path, max_rows, ids)

    def run_export(self, path: str, max_rows: int | None, compare_ids: list[str] | None) -> Any:
        """Write the workbook in a thread worker owned by the app: leaving the screen does not stop it
        (the notification still names the file); the progress bar follows the rows written."""
        app = self.app  # a detached screen cannot find its app from a thread: keep it
        return app.run_worker(
            lambda: self._export_job(app, path, max_rows, compare_ids),
            name=f"export:{self.job_id}", group="compare-export", thread=True, exclusive=False, exit_on_error=False,
        )  # fmt: skip

    def _export_job(self, app: Any, path: str, max_rows: int | None, compare_ids: list[str] | None) -> None:
        from ...service.export import export_comparison

        worker = get_current_worker()
        service = app.service

        def ui(fn: Callable[..., Any], *args: Any) -> None:
            try:
                app.call_from_thread(fn, *args)
            except RuntimeError:  # the app is shutting down
                pass

        def progress(done: int, total: int | None) -> None:
            if worker.is_cancelled:
                raise _ExportCancelled()
            now = time.monotonic()
            if now - self._last_progress < 0.1 and (total is None or done < total):
                return
            self._last_progress = now
            ui(self._export_state, f"Exporting to {path}…", done, total)

        try:
            out = export_comparison(
                service, self.job_id, path, progress=progress, compare_ids=compare_ids, max_difference_rows=max_rows
            )
        except _ExportCancelled:  # the app is closing
            return
        except Exception as exc:
            ui(self._export_finished, None, exc)
            return
        ui(self._export_finished, str(out), None)

    def _export_state(self, text: str, done: int | None, total: int | None) -> None:
        if not self.is_attached:
            return
        row = self.query_one("#compare-export")
        row.remove_class("hidden")
        counts = f" {done:,} of {total:,} rows" if done is not None and total else ""
        self.query_one("#compare-export-label", Static).update(f"[b]{escape(text)}[/b]{counts}")
        bar = self.query_one("#compare-export-progress", ProgressBar)
        if total:
            bar.update(total=total, progress=min(done or 0, total))
        else:
            bar.update(total=None)

    def _export_finished(self, path: str | None, error: BaseException | None) -> None:
        """On the UI thread (``self.app`` resolves there even when the screen was closed)."""
        self.exporting = False
        self.last_export = path
        if error is not None:
            self.app.report_error(error, title="Export failed")
        else:
            self.app.notify(f"Wrote {Path(path or '').resolve()}", title="Comparison exported", timeout=8)
        if self.is_attached:
            self.query_one("#compare-export").add_class("hidden")
            self.refresh_bindings()

    def on_unmount(self) -> None:
        if self._timer is not None:
            self._timer.stop()

