"""Pre-check of one task: run it (confirmed), watch its progress, read every item.

The results API (4.1.7) is polled in a thread worker while the check runs; the ProgressBar
follows its ``process`` ("NN%"). Items are listed FAILED first, then ALARM, then PASSED, each
block ordered by group; the highlighted item shows its failure reason, raw error, failed
subtasks, data and the handling suggestion. ``r`` runs the pre-check again (hidden in
read-only mode — reading results stays available).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, ClassVar

from rich.markup import escape
from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widgets import Footer, Header, ProgressBar, Static
from textual.worker import get_current_worker

from ..errors import describe_error
from ..messages import TasksChanged
from ..status import PRECHECK_STYLE
from ..widgets.frame_table import FrameTable
from ._common import TaskScreen, cell_text
from ._common import cell_true as _true
from .confirm import ConfirmScreen, RequestPreview

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["PrecheckScreen", "RESULT_ORDER", "order_items"]

#: Display order of item results: problems first.
RESULT_ORDER = ("FAILED", "ALARM", "PASSED")

TABLE_COLUMNS = ("result", "group", "item", "failed_reason")


def _text(value: Any) -> str | None:
    """A frame cell as text (None for NA / empty)."""
    text = cell_text(value)
    return text if text is not None and text.strip() else None


def _num(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if number != number else number


def order_items(df: pd.DataFrame) -> pd.DataFrame:
    """The item rows of a precheck frame: FAILED, ALARM, PASSED (others last), then group, then item."""
    items = df[df["item"].notna()]
    rank = items["result"].astype("string").map({r: i for i, r in enumerate(RESULT_ORDER)}).fillna(len(RESULT_ORDER))
    ordered = items.assign(_rank=rank.astype("int64")).sort_values(["_rank", "group", "item"], kind="stable")
    return ordered.drop(columns="_rank").reset_index(drop=True)


def _styled(result: str, text: str) -> str:
    style = PRECHECK_STYLE.get(result)
    return f"[{style}]{escape(text)}[/]" if style else escape(text)


class PrecheckScreen(TaskScreen):
    """Pre-check items, counts, pass rate and progress of one task."""

    CSS_PATH = "precheck.tcss"
    TITLE_LABEL = "Pre-check"
    TITLE_ID = "precheck-title"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="precheck.back"),
        Binding("r", "recheck", "Re-check", tooltip="Run the pre-check again (asks first)", id="precheck.recheck"),
        Binding("f5", "reload", "Reload", tooltip="Read the results again", id="precheck.reload"),
        Binding(
            "o", "toggle_problems", "Only problems", tooltip="Show only FAILED and ALARM items", id="precheck.problems"
        ),
        Binding("m", "open_params", "Parameters", tooltip="Compare the database parameters", id="precheck.params"),
    ]

    #: Seconds between two reads of the results while the check runs.
    poll_interval: ClassVar[float] = 1.0

    only_problems: reactive[bool] = reactive(False, init=False)
    """Show only FAILED and ALARM items."""
    running: reactive[bool] = reactive(False, init=False)
    """A pre-check is running (its results are being polled)."""

    def __init__(self, job_id: str) -> None:
        super().__init__()
        self.job_id = job_id
        self.task_name: str | None = None
        self.task_status: str | None = None
        self._items: pd.DataFrame | None = None
        self._notice: str | None = None  # shown in the detail pane when there is no item
        self._stop = threading.Event()
        self.sub_title = f"Pre-check · {job_id}"

    # -- layout ----------------------------------------------------------------
    def compose(self) -> ComposeResult:
        from ...service.columns import FRAMES

        yield Header()
        with Vertical(id="precheck-top"):
            yield Static(self._title_markup(), id="precheck-title")
            with Horizontal(id="precheck-progress-row"):
                yield ProgressBar(total=100, show_eta=False, id="precheck-progress")
                yield Static("loading…", id="precheck-state")
            yield Static("", id="precheck-counts")
            yield Static("", id="precheck-groups")
        yield FrameTable(
            FRAMES["precheck"],
            columns=TABLE_COLUMNS,
            key="item",
            id="precheck-table",
            empty_text="No check items yet.",
        )
        with VerticalScroll(id="precheck-detail-box"):
            yield Static("", id="precheck-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(FrameTable).focus()
        self.app.when_ready(self._service_ready)

    def on_unmount(self) -> None:
        self._stop.set()

    def _service_ready(self, _service: Any) -> None:
        self.refresh_bindings()
        self.watch_results(load_task=True)

    # -- bindings and palette ----------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "recheck":
            return not self._read_only()
        return True

    def palette_commands(self) -> list[SystemCommand]:
        commands = [
            SystemCommand("Pre-check: reload results", "Read the pre-check results again", self.action_reload),
            SystemCommand(
                "Pre-check: only problems", "Toggle showing only FAILED and ALARM items", self.action_toggle_problems
            ),
            SystemCommand("Pre-check: parameter comparison", "Compare source and destination parameters of this task",
                          self.action_open_params),  # fmt: skip
        ]
        if not self._read_only():
            recheck = SystemCommand("Pre-check: re-check", "Run the pre-check of this task again", self.action_recheck)
            commands.insert(0, recheck)
        return commands

    # -- actions -----------------------------------------------------------------
    def action_reload(self) -> None:
        if self.app.service is None:
            self.notify("Not connected yet.", severity="warning", timeout=3)
            return
        self.watch_results(load_task=True)

    def action_toggle_problems(self) -> None:
        self.only_problems = not self.only_problems

    def watch_only_problems(self) -> None:
        self._show_items()

    def action_open_params(self) -> None:
        from .params import ParamsScreen

        self.app.push_screen(ParamsScreen(self.job_id))

    def _mode(self) -> str:
        return "forStartJob" if self.task_status in (None, "CONFIGURATION") else "forRetryJob"

    def action_recheck(self) -> None:
        if self._read_only():
            self.notify("Read-only mode: running a pre-check is not allowed.", severity="warning", timeout=4)
            return
        service = self.app.service
        if service is None:
            self.notify("Not connected yet.", severity="warning", timeout=3)
            return
        mode = self._mode()
        try:
            method, path, body = service.describe_request("jobs.precheck", job_ids=[self.job_id], mode=mode)
        except Exception as exc:
            self.app.report_error(exc, title="Cannot build the pre-check request")
            return
        name = f"{self.task_name} ({self.job_id})" if self.task_name else self.job_id
        warnings = []
        if self._items is not None and not self._items.empty:
            warnings.append("The current pre-check results are replaced by the new check.")
        confirm = ConfirmScreen(
            "Run pre-check",
            f"Run the pre-check ({mode}) of task {name}.",
            [RequestPreview(method, path, body or "")],
            warnings=warnings,
            confirm_label="Run pre-check",
        )
        self.app.push_screen(confirm, lambda ok: self.start_precheck(mode) if ok else None)

    # -- workers -------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="precheck", exit_on_error=False)
    def start_precheck(self, mode: str) -> None:
        """Start the pre-check (4.1.6), report the per-task result, then follow its progress."""
        service = self.app.service
        try:
            result = service.precheck([self.job_id], mode)
        except Exception as exc:
            self._call(self.app.report_error, exc, title="Pre-check not started")
            return
        self._call(self._started, result)
        if bool(result["ok"].fillna(False).all()):
            self._poll(get_current_worker())

    @work(thread=True, exclusive=True, group="precheck", exit_on_error=False)
    def watch_results(self, load_task: bool = False) -> None:
        """Read the results (4.1.7) and keep reading while the check runs."""
        worker = get_current_worker()
        service = self.app.service
        if load_task:
            self._load_task(service, _text)  # the results may still be readable when it fails
        self._poll(worker)

    def _poll(self, worker: Any) -> None:
        service = self.app.service
        while not worker.is_cancelled and not self._stop.is_set():
            try:
                frame = service.precheck_results([self.job_id])
            except Exception as exc:
                self._call(self.app.report_error, exc, title="Pre-check results unavailable")
                self._call(self._show_failure, exc)
                return
            if worker.is_cancelled:
                return
            running = self._call(self._show_results, frame)
            if not running:
                return
            self._stop.wait(self.poll_interval)

    def _call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        """Run ``fn`` on the UI thread (nothing once the screen is gone)."""
        if self._stop.is_set():
            return None
        return super()._call(fn, *args, **kwargs)

    # -- UI updates (UI thread) --------------------------------------------------------

    def _started(self, result: pd.DataFrame) -> None:
        if result.empty:
            self.notify("Pre-check: no result returned.", severity="warning")
            return
        row = result.iloc[0]
        if _true(row["ok"]):
            detail = _text(row["detail"]) or "started"
            self.notify(f"✓ {self.job_id}: pre-check started ({detail}).", title="Pre-check", timeout=4)
            self.running = True
            self._set_state("[b]checking…[/b] 0%")
            self.query_one("#precheck-progress", ProgressBar).update(progress=0)
            self.post_message(TasksChanged((self.job_id,)))
        else:
            code = _text(row["error_code"])
            msg = _text(row["error_msg"]) or "failed"
            hint = _text(row["suggestion"])
            text = f"✗ {self.job_id}: {code + ': ' if code else ''}{msg}"
            if hint:
                text += f"\nWhat to do: {hint}"
            self.notify(text, title="Pre-check not started", severity="error", timeout=10)
            self._set_state(f"[b red]not started[/]: {escape(msg)}")

    def _set_state(self, markup: str) -> None:
        self.query_one("#precheck-state", Static).update(markup)

    def _show_failure(self, exc: BaseException) -> None:
        if not self.is_attached:
            return
        self.running = False
        info = describe_error(exc)
        self._set_state(f"[b red]results unavailable[/]: {escape(info.one_line())}")

    def _show_results(self, frame: pd.DataFrame) -> bool:
        """Show one read of the results; returns True while the check is still running."""
        if not self.is_attached:
            return False
        progress = self.query_one("#precheck-progress", ProgressBar)
        head = frame.iloc[0] if not frame.empty else None
        items = order_items(frame) if not frame.empty else frame
        pct = _num(head["process_pct"]) if head is not None else None
        error_code = _text(head["error_code"]) if head is not None and items.empty else None
        if error_code is not None:
            # No pre-check yet (DRS.M00300) or the task cannot be read: say so, offer to run one.
            msg = _text(head["raw_error_msg"]) or "no results"
            hint = _text(head["suggestion"])
            self.running = False
            progress.update(total=100, progress=0)
            if error_code == "DRS.M00300" and "no pre-check" in msg.lower():
                summary = "[b]No pre-check has been run yet.[/b]"
            else:
                summary = f"[b red]No results[/] ({escape(error_code)}, see below)."
            run = "" if self._read_only() else " Press [b]r[/b] to run one."
            self._set_state(summary + run)
            self._items = items
            self._show_items()
            detail = f"[b]Error code[/b]  {escape(error_code)}\n[b]Message[/b]     {escape(msg)}"
            if hint:
                detail += f"\n[b]What to do[/b]  {escape(hint)}"
            self._notice = detail
            self._show_detail(None)
            self.query_one("#precheck-counts", Static).update("")
            self.query_one("#precheck-groups", Static).update("")
            return False
        self._notice = None
        done = pct is not None and pct >= 100
        progress.update(total=100, progress=pct or 0)
        self._items = items
        self._show_items()
        if done and self.running:  # just finished: show the first problem
            self.query_one(FrameTable).action_edge(0)
        results = items["result"].astype("string") if not items.empty else None
        counts = {r: 0 if results is None else int((results == r).sum()) for r in RESULT_ORDER}
        rate = _num(head["passed_rate_pct"]) if head is not None else None
        self._show_counts(counts, rate, len(items))
        self._show_groups(items)
        if done:
            self.running = False
            if counts["FAILED"]:
                state = f"[{PRECHECK_STYLE['FAILED']}]Finished — failed[/]: fix the FAILED items, then re-check."
            elif counts["ALARM"]:
                state = (
                    f"[{PRECHECK_STYLE['ALARM']}]Finished — passed with {counts['ALARM']} alarm(s)[/]: "
                    "review them."
                )
            else:
                state = f"[{PRECHECK_STYLE['PASSED']}]Finished — passed[/]."
                if self.task_status == "CONFIGURATION":
                    state += " The task can be started."
        else:
            self.running = True
            state = f"[b]checking…[/b] {int(pct or 0)}% · {len(items)} item(s) so far"
        self._set_state(state)
        return not done

    def _show_counts(self, counts: dict[str, int], rate: float | None, total: int) -> None:
        parts = [_styled(r, f"{r} {counts[r]}") for r in ("PASSED", "ALARM", "FAILED")]
        rate_text = f"{rate:.0f}%" if rate is not None else "—"
        text = "   ".join(parts) + f"   ·   {total} items   ·   pass rate [b]{rate_text}[/b]"
        if self.only_problems:
            text += "   ·   [i]only problems shown[/i]"
        self.query_one("#precheck-counts", Static).update(text)

    def _show_groups(self, items: pd.DataFrame) -> None:
        if items.empty:
            self.query_one("#precheck-groups", Static).update("")
            return
        parts = []
        results = items["result"].astype("string")
        for group, block in results.groupby(items["group"].astype("string"), sort=True):
            failed, alarm = int((block == "FAILED").sum()), int((block == "ALARM").sum())
            marks = []
            if failed:
                marks.append(_styled("FAILED", f"{failed} failed"))
            if alarm:
                marks.append(_styled("ALARM", f"{alarm} alarm"))
            extra = f" ({', '.join(marks)})" if marks else ""
            parts.append(f"{escape(str(group))} {len(block)}{extra}")
        self.query_one("#precheck-groups", Static).update("[dim]Groups:[/dim] " + " · ".join(parts))

    def _show_items(self) -> None:
        if self._items is None:
            return
        table = self.query_one(FrameTable)
        items = self._items
        if self.only_problems and not items.empty:
            items = items[items["result"].astype("string").isin(["FAILED", "ALARM"])]
        table.set_frame(items)
        self._show_detail(table.cursor_row)

    def on_frame_table_row_highlighted(self, event: FrameTable.RowHighlighted) -> None:
        self._show_detail(event.row)

    def _show_detail(self, row: dict[str, Any] | None) -> None:
        box = self.query_one("#precheck-detail", Static)
        if not row:
            box.update(self._notice or "[dim]No item selected.[/dim]")
            return
        result = _text(row.get("result")) or "?"
        item, group = escape(_text(row.get("item")) or ""), escape(_text(row.get("group")) or "—")
        lines = [f"{_styled(result, result)}  [b]{item}[/b]  [dim]group {group}[/dim]"]

        def add(label: str, key: str) -> None:
            value = _text(row.get(key))
            lines.append(f"[b]{label:<16}[/b]{escape(value) if value else '[dim]—[/dim]'}")

        add("Failure reason", "failed_reason")
        add("Raw error", "raw_error_msg")
        add("Failed subtasks", "failed_sub_jobs")
        add("Data", "data")
        if _text(row.get("error_code")):
            add("Error code", "error_code")
        suggestion = _text(row.get("suggestion"))
        if suggestion:
            lines.append(f"[b]{'What to do':<16}[/b]{escape(suggestion)}")
        elif result in ("FAILED", "ALARM"):
            lines.append(f"[b]{'What to do':<16}[/b][dim]follow the raw error above, then re-check.[/dim]")
        box.update("\n".join(lines))
