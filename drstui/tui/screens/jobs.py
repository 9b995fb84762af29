"""The home screen: every task of the profile (migration, sync and DR), live.

- The first page of tasks shows as soon as it arrives; the rest is appended page by page
  from a thread worker (`DrsService.iter_task_pages`).
- Live refresh asks only the batch status and progress APIs (`DrsService.refresh_statuses`),
  rows on screen first; the next refresh is armed when the previous one ended, so they never
  overlap. `r` (or a `TasksChanged` message, or tasks appearing / disappearing) re-lists.
- `/` filters as you type (name, id, status, engine), `s`/`S` sort, `f`/`R`/`c`/`a` quick
  status filters, space / ctrl+a mark tasks for the batch actions (start, pause, resume,
  stop, delete) — each confirmed with the exact requests and reported per task.
- When DRS cannot be reached, a banner says so and the screen keeps retrying.

Nothing heavy is imported here: pandas and the service layer load in workers.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.markup import escape
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Static
from textual.worker import Worker, WorkerState, get_current_worker

from ...service.columns import FRAMES
from ..messages import TasksChanged
from ..status import phase
from ..widgets.frame_table import FrameTable, concat_frames
from ..widgets.header import HeaderBar, interval_text

if TYPE_CHECKING:
    import pandas as pd

    from ...service.service import DrsService

__all__ = ["JobsScreen", "ActionResultsScreen", "TaskAction", "TASK_ACTIONS", "QUICK_FILTERS"]

#: Columns of the task list, in display order (progress and delay next to the status so
#: they stay visible on an 80-120 column terminal).
COLUMNS = [
    "name",
    "short_id",
    "status",
    "progress_pct",
    "incre_delay_s",
    "db_use_type",
    "engine_type",
    "job_direction",
    "net_type",
    "created",
]
WIDTHS = {"name": 24, "status": 25}
SEARCH_COLUMNS = ["name", "id", "status", "engine_type"]
SORT_COLUMNS = ["created", "name", "status", "progress_pct", "incre_delay_s", "db_use_type", "engine_type"]
INTERVALS = (2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0)
DEFAULT_DELAY_THRESHOLD = 60.0
#: Ids per `refresh_statuses` call of one refresh: rows on screen first (a small slice, shown
#: at once), then the rest in larger slices, each shown as it arrives.
REFRESH_FIRST_SLICE = 100
REFRESH_SLICE = 1000

#: Quick status filters: name → phases kept (None: every task).
QUICK_FILTERS: dict[str, frozenset[str] | None] = {
    "all": None,
    "failed": frozenset({"failed"}),
    "running": frozenset({"running"}),
    "configuring": frozenset({"configuring"}),
}


@dataclass(frozen=True)
class TaskAction:
    """A batch action: the `job_action.available_actions` that allow it and the API it calls."""

    name: str
    label: str
    gates: frozenset[str]
    spec_key: str
    kwargs: tuple[tuple[str, Any], ...] = ()
    destructive: bool = False
    warning: str | None = None

    def allowed_by(self, available: str | None) -> bool:
        if not available:
            return False
        return bool(self.gates.intersection(a.strip() for a in str(available).split(",")))


TASK_ACTIONS: dict[str, TaskAction] = {
    a.name: a
    for a in (
        TaskAction("start", "Start", frozenset({"START"}), "jobs.start"),
        TaskAction("pause", "Pause", frozenset({"PAUSE"}), "jobs.pause", (("mode", "target"),)),
        TaskAction("resume", "Resume / retry", frozenset({"RETRY", "CONTINUE_JOB"}), "jobs.resume"),
        TaskAction(
            "stop",
            "Stop",
            frozenset({"FREE_RESOURCE"}),
            "jobs.stop",
            destructive=True,
            warning="Stopping ends replication and releases the replication instance; it cannot be resumed.",
        ),
        TaskAction(
            "delete",
            "Delete",
            frozenset({"DELETE"}),
            "jobs.delete",
            destructive=True,
            warning="Deleted tasks cannot be recovered.",
        ),
    )
}

#: Pages arriving faster than this (seconds) are appended together: fewer, larger appends
#: leave the UI thread free (each append re-sorts and re-filters the whole view).
DRAIN_INTERVAL = 0.5
#: While a long list streams in, pages are joined into one frame per this many seconds.
PAGE_INTERVAL = 0.2
#: Seconds the batch actions offered may lag behind a moving cursor.
ALLOWED_DEBOUNCE = 0.15
#: Request bodies longer than this many lines are cut in the confirmation.
PREVIEW_LINES = 40


@dataclass
class WorkerResult(Message):
    """A worker's result for the UI thread (posting does not wait, unlike ``call_from_thread``)."""

    callback: Callable[..., None]
    args: tuple[Any, ...] = ()


class StatusLine(Widget):
    """One line of markup that repaints without a layout pass (unlike ``Static.update``)."""

    text: reactive[str] = reactive("", layout=False)
    """The markup shown."""

    def render(self) -> Text:
        text = Text.from_markup(self.text, overflow="ellipsis")
        text.no_wrap = True
        return text

    def update(self, text: str) -> None:
        self.text = text


def _is_offline(exc: BaseException) -> bool:
    try:
        from ...api.errors import APIConnectionError
    except Exception:  # pragma: no cover - the api package always imports
        return False
    return isinstance(exc, APIConnectionError)


class ActionResultsScreen(ModalScreen[None]):
    """Per-task results of a batch action, failures with their error code and suggestion."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "dismiss", "Close", id="results.close"),
    ]

    def __init__(self, title: str, results: pd.DataFrame) -> None:
        super().__init__()
        self.title_text = title
        self.results = results

    def compose(self) -> ComposeResult:
        with Vertical(id="results-dialog", classes="dialog"):
            yield Static(f"[b]{escape(self.title_text)}[/b]", classes="dialog-title")
            yield FrameTable(
                FRAMES["action_results"],
                columns=["name", "id", "ok", "error_code", "error_msg", "suggestion"]
                if "name" in FRAMES["action_results"]
                else ["id", "ok", "error_code", "error_msg", "suggestion"],
                key="id",
                widths={"error_msg": 40, "suggestion": 40},
                id="results-table",
                empty_text="No results.",
            )
            yield Button("Close", id="results-close", variant="primary")

    def on_mount(self) -> None:
        table = self.query_one(FrameTable)
        table.set_frame(self.results)
        table.focus()

    def on_button_pressed(self, _: Button.Pressed) -> None:
        self.dismiss(None)


class JobsScreen(Screen[None]):
    """Every task of the profile; live status, filters, sort, batch actions."""

    CSS_PATH = "jobs.tcss"
    AUTO_FOCUS = "#jobs-table"
    #: List with per-page progress calls (slower), or list first and fill progress and delay
    #: with one refresh right after (rows on screen first).
    LIST_WITH_PROGRESS = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "open_filter", "Filter", tooltip="Filter by name, id, status or engine", id="jobs.filter"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="jobs.clear_filter"),
        Binding("s", "cycle_sort", "Sort", tooltip="Sort by the next column", id="jobs.sort"),
        Binding("S", "flip_sort", "Sort order", show=False, id="jobs.sort_order"),
        Binding("f", "quick('failed')", "Failed", tooltip="Show failed tasks only", id="jobs.quick_failed"),
        Binding("R,1", "quick('running')", "Running", tooltip="Show running tasks only", id="jobs.quick_running"),
        Binding("c", "quick('configuring')", "Config", tooltip="Show tasks being configured", id="jobs.quick_configuring"),
        Binding("a", "quick('all')", "All", tooltip="Show every task", id="jobs.quick_all"),
        Binding("r", "relist", "Reload", tooltip="List every task again", id="jobs.reload"),
        Binding("p", "toggle_pause", "Pause live", tooltip="Pause or resume the live refresh", id="jobs.pause_refresh"),
        Binding("plus,equals_sign", "interval(1)", "Slower refresh", show=False, id="jobs.interval_up"),
        Binding("minus", "interval(-1)", "Faster refresh", show=False, id="jobs.interval_down"),
        Binding("d", "edit_threshold", "Delay limit", show=False, tooltip="Delay shown in red above", id="jobs.delay"),
        Binding("ctrl+a", "mark_all", "Mark all", show=False, tooltip="Mark every visible task", id="jobs.mark_all"),
        Binding("o", "open_detail", "Open", show=False, tooltip="Open the task detail (also Enter)", id="jobs.open"),
        Binding("t", "task_action('start')", "Start", tooltip="Start the marked tasks (or the highlighted one)", id="jobs.start"),
        Binding("z", "task_action('pause')", "Pause", tooltip="Pause the marked tasks (or the highlighted one)", id="jobs.pause"),
        Binding("u", "task_action('resume')", "Resume", tooltip="Resume or retry the marked tasks", id="jobs.resume"),
        Binding("x", "task_action('stop')", "Stop", tooltip="Stop the marked tasks (asks first)", id="jobs.stop"),
        Binding("delete", "task_action('delete')", "Delete", tooltip="Delete the marked tasks (asks first)", id="jobs.delete"),
    ]

    def __init__(self, *, delay_threshold: float = DEFAULT_DELAY_THRESHOLD) -> None:
        super().__init__()
        #: Incremental delay (seconds) above which the delay cell is red.
        self.delay_threshold = delay_threshold
        self.quick = "all"
        self.paused = False
        self.interval = 10.0
        self.offline: str | None = None
        self.loaded = False
        self._timer: Timer | None = None
        self._active = True
        self._allowed: frozenset[str] = frozenset()
        self._missing: frozenset[str] = frozenset()
        self._load_total: int | None = None
        self._loading = False
        self._refreshing = False
        self._prompt = "filter"
        self._pending: list[list[dict[str, Any]]] = []  # row batches not yet on screen
        self._pending_lock = threading.Lock()
        self._allowed_timer: Timer | None = None
        self._drain_timer: Timer | None = None
        self._last_drain = 0.0

    # -- layout ------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield HeaderBar(id="jobs-header")
        yield Static("", id="jobs-offline", classes="banner-offline hidden")
        yield Input(placeholder="filter: name, id, status, engine…", id="jobs-filter", classes="hidden")
        yield StatusLine(id="jobs-status")
        yield FrameTable(
            FRAMES["all_tasks" if self._all_profiles else "tasks"],
            columns=(["profile", *COLUMNS] if self._all_profiles else COLUMNS),
            key="id",
            multi_select=True,
            widths=WIDTHS,
            gap=1,
            search_columns=SEARCH_COLUMNS,
            stylers={"incre_delay_s": self._delay_style},
            empty_text="Connecting…",
            id="jobs-table",
        )
        yield Footer(compact=True)

    @property
    def _all_profiles(self) -> bool:
        return bool(getattr(self.app, "all_profiles", False))

    @property
    def table(self) -> FrameTable:
        return self.query_one("#jobs-table", FrameTable)

    @property
    def header(self) -> HeaderBar:
        return self.query_one(HeaderBar)

    def on_mount(self) -> None:
        self.interval = float(getattr(self.app, "refresh_interval", 10.0) or 10.0)
        header = self.header
        header.interval = self.interval
        header.paused = not self._auto
        header.profile = "all profiles" if self._all_profiles else (getattr(self.app, "profile", None) or "")
        self.table.sort_by("created", descending=True)
        self._update_status()
        self.watch(self.app, "connection_error", self._connection_error_changed, init=False)
        self.app.when_ready(self._service_ready)

    def _delay_style(self, text: str) -> str | None:
        if not text:
            return None
        try:
            return "bold red" if float(text) > self.delay_threshold else None
        except ValueError:
            return None

    # -- service and offline state ----------------------------------------------------
    @property
    def service(self) -> DrsService | None:
        return getattr(self.app, "service", None)

    def _service_ready(self, service: DrsService) -> None:
        header = self.header
        if not self._all_profiles:
            header.profile = service.profile
            header.cloud_region = service.region
            header.project = service.project_id
        self._set_offline(None)
        self.load_tasks()

    def _connection_error_changed(self, error: str | None) -> None:
        if error:
            self._set_offline(f"Cannot connect: {error}")
            self._arm()

    def _set_offline(self, reason: str | None) -> None:
        self.offline = reason
        banner = self.query_one("#jobs-offline", Static)
        if reason:
            retry = (
                f"retrying every {interval_text(self.interval)}"
                if self._auto
                else "press r to retry"
            )
            banner.update(f"[b]OFFLINE[/b] — DRS cannot be reached: {escape(reason)}  ({retry})")
            banner.remove_class("hidden")
            self.header.state = "offline"
        else:
            banner.add_class("hidden")
            banner.update("")
            if self.header.state == "offline" or self.header.state == "connecting":
                self.header.state = "online" if self.loaded else "loading"

    # -- listing -------------------------------------------------------------------
    def load_tasks(self) -> None:
        """(Re)list every task; streams pages into an empty table, swaps them in at once otherwise."""
        if self.service is None and not self._all_profiles:
            self.app.retry_connect()  # type: ignore[attr-defined]
            return
        self._cancel_timer()
        self._loading = True
        self._load_total = None
        with self._pending_lock:
            self._pending.clear()
        if self._drain_timer is not None:
            self._drain_timer.stop()
            self._drain_timer = None
        if not self.loaded:
            self.table.empty_text = "Loading tasks…"
            self.table.refresh()
            self.header.state = "loading" if not self.offline else "offline"
        self.header.activity = "listing…"
        self._list_worker(stream=self.table.total_count == 0)

    def _deliver(self, callback: Any, *args: Any) -> None:
        """From a worker thread: run ``callback(*args)`` on the UI thread, without waiting for it."""
        self.post_message(WorkerResult(callback, args))

    def on_worker_result(self, message: WorkerResult) -> None:
        message.stop()
        message.callback(*message.args)

    @work(thread=True, exclusive=True, group="jobs-list", exit_on_error=False)
    def _list_worker(self, stream: bool) -> None:
        worker = get_current_worker()
        try:
            if self._all_profiles:
                from ...service import connect_all

                multi = getattr(self.app, "multi", None)
                if multi is None:
                    multi = connect_all()
                    self.app.multi = multi  # type: ignore[attr-defined]
                frame = multi.tasks(with_progress=self.LIST_WITH_PROGRESS)
                if not worker.is_cancelled:
                    self._deliver(self._list_finished, frame, None)
                return
            service = self.service
            assert service is not None

            def progress(done: int, total: int | None) -> None:
                self._load_total = total

            from ...service.columns import frame_from_rows

            everything: list[dict[str, Any]] = []
            for rows in service.iter_task_rows(
                with_progress=self.LIST_WITH_PROGRESS, progress=progress, min_interval=PAGE_INTERVAL
            ):
                if worker.is_cancelled:
                    return
                everything.extend(rows)
                if stream:  # into an empty table: rows on screen as they come, before any frame
                    with self._pending_lock:
                        self._pending.append(rows)
                        wake = len(self._pending) == 1
                    if wake:  # the UI drains every batch queued by then in one append
                        self._deliver(self._wake_drain)
            if worker.is_cancelled:
                return
            if stream:
                # the last rows now, not at the next drain tick; the frame waits until they are
                # shown (building it takes the interpreter for a while: imports pandas)
                drained = threading.Event()
                self._deliver(self._drain_then, drained.set)
                drained.wait(timeout=2.0)
            # One frame of the whole list (the first use of pandas when streaming: the rows
            # are already on screen meanwhile); it replaces the plain rows, nothing moves.
            frame = frame_from_rows(FRAMES["tasks"], everything)
            self._deliver(self._list_finished, frame, None)
        except Exception as exc:  # a network error never kills the screen
            if not worker.is_cancelled:
                self._deliver(self._list_finished, None, exc)

    def _drain_then(self, callback: Callable[[], None]) -> None:
        self._drain_pages()
        self.call_after_refresh(callback)

    def _wake_drain(self) -> None:
        """Pages are waiting: append them now, or a little later to batch more of them."""
        if self._drain_timer is not None:
            return
        wait = self._last_drain + DRAIN_INTERVAL - time.monotonic()
        if wait > 0 and self.table.total_count:
            self._drain_timer = self.set_timer(wait, self._drain_pages)
        else:
            self._drain_pages()

    def _drain_pages(self) -> None:
        if self._drain_timer is not None:
            self._drain_timer.stop()
            self._drain_timer = None
        self._last_drain = time.monotonic()
        with self._pending_lock:
            pages, self._pending = self._pending, []
        if not pages:
            return
        table = self.table
        at_top = table.cursor == 0
        table.append_rows([row for batch in pages for row in batch])
        if at_top and table.cursor != 0:
            table.cursor = 0  # rows sorted in above: stay at the top while loading
        self._update_status()

    def _list_finished(self, frame: pd.DataFrame | None, error: BaseException | None) -> None:
        self._drain_pages()
        self._loading = False
        self.header.activity = ""
        table = self.table
        if error is not None:
            self._failed(error, "Cannot list tasks")
            if not self.loaded:
                table.empty_text = "No tasks loaded."
                table.refresh()
            self._arm()
            return
        if frame is not None:
            table.set_frame(frame)
        self.loaded = True
        table.empty_text = "No tasks." if table.total_count == 0 else "No task matches the filter."
        table.refresh()
        self._succeeded()
        self._update_allowed()
        self._update_status()
        if not self.LIST_WITH_PROGRESS and table.total_count:
            self.refresh_now()  # fill progress and delay, rows on screen first
        else:
            self._arm()

    # -- live refresh --------------------------------------------------------------------
    @property
    def _auto(self) -> bool:
        return bool(getattr(self.app, "auto_refresh", True)) and not self.paused

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _arm(self) -> None:
        """Schedule the next refresh (or retry) one interval after the previous one ended."""
        self._cancel_timer()
        self.header.paused = not self._auto
        if self._auto and self._active:
            self._timer = self.set_timer(self.interval, self._tick, name="jobs-refresh")

    def _tick(self) -> None:
        self._timer = None
        if self._loading or self._refreshing:
            return
        if self.service is None and not self._all_profiles:
            self.app.retry_connect()  # type: ignore[attr-defined]
            self._arm()
            return
        if not self.loaded:
            self.load_tasks()
        else:
            self.refresh_now()

    def refresh_now(self) -> None:
        """One refresh of every loaded task's status and progress (batch APIs only)."""
        table = self.table
        if self._loading or self._refreshing:
            return
        if table.total_count == 0:
            if not self.loaded:
                self.load_tasks()
            else:
                self._succeeded()
                self._arm()
            return
        self._cancel_timer()
        ids = table.keys_in_view_order()
        by_profile: dict[str, list[str]] | None = None
        everything = table.frame
        if self._all_profiles and everything is not None and "profile" in everything.columns:
            by_profile = {}
            profiles = dict(zip(everything["id"].tolist(), everything["profile"].astype("string").tolist(), strict=False))
            for job_id in ids:
                by_profile.setdefault(str(profiles.get(job_id) or ""), []).append(job_id)
        self._refreshing = True
        self.header.activity = "refreshing…"
        self._refresh_worker(ids, by_profile)

    @work(thread=True, exclusive=True, group="jobs-refresh", exit_on_error=False)
    def _refresh_worker(self, ids: list[str], by_profile: dict[str, list[str]] | None) -> None:
        worker = get_current_worker()
        try:
            if by_profile is not None:
                multi = getattr(self.app, "multi", None)
                services = {s.profile: s for s in (multi.services if multi is not None else [])}
                jobs = [(services[p], chunk) for p, chunk in by_profile.items() if p in services]
            else:
                service = self.service
                assert service is not None
                jobs = [(service, ids)]
            missing: set[str] = set()
            done = 0
            for service, group in jobs:
                start, size = 0, REFRESH_FIRST_SLICE
                while start < len(group):
                    if worker.is_cancelled:
                        return
                    chunk = group[start : start + size]
                    frame = service.refresh_statuses(chunk)
                    status = frame["status"].astype("string")
                    answered = set(frame.loc[status.notna(), "id"].tolist())
                    gone = set(frame.loc[status == "DELETED", "id"].tolist())
                    missing |= (set(chunk) - answered) | gone
                    done += len(chunk)
                    start += size
                    size = REFRESH_SLICE
                    self._deliver(self._refresh_slice, frame.loc[status.notna()], done, len(ids))
            self._deliver(self._refresh_finished, frozenset(missing), None)
        except Exception as exc:
            if not worker.is_cancelled:
                self._deliver(self._refresh_finished, frozenset(), exc)

    def _refresh_slice(self, frame: pd.DataFrame, done: int, total: int) -> None:
        self.table.update_rows(frame)
        if total > REFRESH_FIRST_SLICE:
            self.header.activity = f"refreshing {done:,}/{total:,}…"

    def _refresh_finished(self, missing: frozenset[str], error: BaseException | None) -> None:
        self._refreshing = False
        self.header.activity = ""
        if error is not None:
            self._failed(error, "Refresh failed")
            self._arm()
            return
        self._succeeded()
        self._update_allowed()
        self._update_status()
        if missing and missing != self._missing:
            # tasks vanished (deleted elsewhere): list again
            self._missing = missing
            self.load_tasks()
            return
        self._missing = missing
        self._arm()

    def _succeeded(self) -> None:
        self.header.updated_at = self.app.clock()  # type: ignore[attr-defined]
        self._set_offline(None)
        self.header.state = "online"

    def _failed(self, error: BaseException, title: str) -> None:
        if _is_offline(error):
            self._set_offline(str(error) or type(error).__name__)
        else:
            self.app.report_error(error, title=title)  # type: ignore[attr-defined]

    def on_screen_suspend(self) -> None:
        self._active = False
        self._cancel_timer()

    def on_screen_resume(self) -> None:
        self._active = True
        if not self.loaded or self._loading or self._refreshing:
            return
        updated = self.header.updated_at
        stale = updated is None or self.app.clock() - updated >= self.interval  # type: ignore[attr-defined]
        if self._auto and stale:
            self.refresh_now()
        else:
            self._arm()

    def on_tasks_changed(self, message: TasksChanged) -> None:
        """Tasks were started, stopped, deleted…: list them again."""
        message.stop()
        if self.service is not None or self._all_profiles:
            self.load_tasks()

    # -- status line --------------------------------------------------------------
    def _update_status(self) -> None:
        table = self.table
        total, shown = table.total_count, table.row_count
        parts: list[str] = []
        if self._loading and not self.loaded:
            expected = f" / {self._load_total:,}" if self._load_total else ""
            parts.append(f"[b]loading tasks…[/b] {total:,}{expected}")
        else:
            parts.append(f"[b]{total:,}[/b] tasks")
        if shown != total:
            parts.append(f"[b]{shown:,}[/b] shown")
        if self.quick != "all":
            parts.append(f"only [b]{self.quick}[/b]")
        if table.filter_text:
            parts.append(f"filter [b]{escape(table.filter_text)}[/b]")
        sort = table.sort_state
        if sort:
            label = table.spec.column(sort[0]).label
            parts.append(f"sort {escape(label)} {'▼' if sort[1] else '▲'}")
        marks = len(table.marked)
        if marks:
            parts.append(f"[b]{marks:,}[/b] marked")
        parts.append(f"delay > {self.delay_threshold:g} s in red")
        self.query_one("#jobs-status", StatusLine).update(" · ".join(parts))

    # -- filter, sort, quick filters ----------------------------------------------
    def action_open_filter(self) -> None:
        self._open_prompt("filter")

    def action_edit_threshold(self) -> None:
        self._open_prompt("threshold")

    def _open_prompt(self, mode: str) -> None:
        self._prompt = mode
        box = self.query_one("#jobs-filter", Input)
        if mode == "filter":
            box.placeholder = "filter: name, id, status, engine…"
            box.value = self.table.filter_text
        else:
            box.placeholder = "delay threshold in seconds (Enter to set)"
            box.value = f"{self.delay_threshold:g}"
        box.remove_class("hidden")
        box.focus()

    @on(Input.Changed, "#jobs-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        if self._prompt == "filter":
            self.table.set_filter(event.value)
            self._update_status()

    @on(Input.Submitted, "#jobs-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        box = event.input
        if self._prompt == "threshold":
            try:
                value = float(event.value)
                if value < 0:
                    raise ValueError
            except ValueError:
                self.notify("Enter a number of seconds (0 or more).", severity="warning", timeout=4)
                return
            self.delay_threshold = value
            box.add_class("hidden")
            self._prompt = "filter"
            self.table.refresh()
            self._update_status()
        elif not box.value:
            box.add_class("hidden")
        self.table.focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#jobs-filter", Input)
        if self._prompt == "threshold":
            self._prompt = "filter"
        elif self.table.filter_text:
            self.table.set_filter("")
        box.value = ""
        box.add_class("hidden")
        self.table.focus()
        self._update_status()

    def action_cycle_sort(self) -> None:
        table = self.table
        current = table.sort_state[0] if table.sort_state else None
        n = SORT_COLUMNS.index(current) + 1 if current in SORT_COLUMNS else 0
        column = SORT_COLUMNS[n % len(SORT_COLUMNS)]
        table.sort_by(column, descending=column in ("created", "incre_delay_s", "progress_pct"))
        self._update_status()

    def action_flip_sort(self) -> None:
        table = self.table
        column, desc = table.sort_state or ("created", False)
        table.sort_by(column, descending=not desc)
        self._update_status()

    def sort_by(self, column: str, descending: bool = False) -> None:
        self.table.sort_by(column, descending=descending)
        self._update_status()

    def action_quick(self, name: str) -> None:
        phases = QUICK_FILTERS.get(name)
        self.quick = name if name in QUICK_FILTERS else "all"
        self.refresh_bindings()
        if phases is None:
            self.table.set_column_filter("status", None)
        else:
            self.table.set_column_filter("status", lambda text, keep=phases: phase(text) in keep)
        self._update_status()

    # -- refresh controls ----------------------------------------------------------
    def action_relist(self) -> None:
        if self.service is None and not self._all_profiles:
            self.app.retry_connect()  # type: ignore[attr-defined]
            return
        self.load_tasks()

    def action_toggle_pause(self) -> None:
        self.paused = not self.paused
        self.header.paused = not self._auto
        if self.paused:
            self._cancel_timer()
            self.notify("Live refresh paused (p resumes).", timeout=3)
        else:
            self.notify(f"Live refresh every {interval_text(self.interval)}.", timeout=3)
            if not self._loading and not self._refreshing:
                self._tick()
        if self.offline:
            self._set_offline(self.offline)

    def action_interval(self, step: int) -> None:
        steps = list(INTERVALS)
        if self.interval not in steps:
            steps = sorted({*steps, self.interval})
        n = max(0, min(len(steps) - 1, steps.index(self.interval) + step))
        self.interval = steps[n]
        self.header.interval = self.interval
        if self._timer is not None:
            self._arm()

    # -- selection and detail ------------------------------------------------------
    def action_mark_all(self) -> None:
        table = self.table
        view = table.view_frame
        visible = set(view["id"].dropna().tolist()) if view is not None else set()
        if visible and visible <= table.marked:
            table.clear_marks()
        else:
            table.mark_all_visible()

    @on(FrameTable.MarksChanged, "#jobs-table")
    def _marks_changed(self, _: FrameTable.MarksChanged) -> None:
        self._update_allowed()
        self._update_status()

    @on(FrameTable.RowHighlighted, "#jobs-table")
    def _row_highlighted(self, _: FrameTable.RowHighlighted) -> None:
        if self.table.marked:
            return
        # once the cursor rests for a moment: a changed set of actions re-composes the footer,
        # too slow to do on every page-down or filter keystroke
        if self._allowed_timer is not None:
            self._allowed_timer.stop()
        self._allowed_timer = self.set_timer(ALLOWED_DEBOUNCE, self._allowed_settled)

    def _allowed_settled(self) -> None:
        self._allowed_timer = None
        self._update_allowed()

    @on(FrameTable.RowSelected, "#jobs-table")
    def _row_selected(self, event: FrameTable.RowSelected) -> None:
        job_id = event.row.get("id")
        if job_id:
            self.open_detail(str(job_id))

    def action_open_detail(self) -> None:
        key = self.table.cursor_key
        if key:
            self.open_detail(key)

    def open_detail(self, job_id: str) -> None:
        try:
            from .job_detail import JobDetailScreen
        except Exception:
            self.notify("Task detail is not available.", severity="warning", timeout=4)
            return
        self.app.push_screen(JobDetailScreen(job_id))

    def selected_rows(self) -> list[dict[str, Any]]:
        """The marked tasks (or the task under the cursor): id, name, available_actions, profile."""
        table = self.table
        keys: Iterable[str] = table.marked
        if not keys:
            key = table.cursor_key
            if key is None:
                return []
            keys = [key]
        rows = table.rows_by_key(keys, ("id", "name", "available_actions", "profile"))
        return [{c: (None if v is None or v != v else v) for c, v in r.items()} for r in rows]

    def _update_allowed(self) -> None:
        rows = self.selected_rows() if self.loaded or self.table.total_count else []
        allowed = set()
        if rows:
            for name, action in TASK_ACTIONS.items():
                if all(action.allowed_by(r.get("available_actions")) for r in rows):
                    allowed.add(name)
        allowed_f = frozenset(allowed)
        if allowed_f != self._allowed:
            self._allowed = allowed_f
            self.refresh_bindings()

    @property
    def allowed_actions(self) -> frozenset[str]:
        """Batch actions every selected task allows now (empty when read-only)."""
        return frozenset() if getattr(self.app, "read_only", False) else self._allowed

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "quick" and parameters == ("all",):
            return self.quick != "all"  # shown only when a quick filter is on
        if action == "task_action":
            if getattr(self.app, "read_only", False) or not parameters:
                return False
            if self._allowed_timer is not None:
                return True  # the cursor just moved: the action itself checks the task's actions
            return parameters[0] in self._allowed
        return True

    # -- batch actions -------------------------------------------------------------
    def _services_for(self, rows: list[dict[str, Any]]) -> list[tuple[DrsService, list[str]]]:
        if self._all_profiles:
            multi = getattr(self.app, "multi", None)
            services = {s.profile: s for s in (multi.services if multi is not None else [])}
            groups: dict[str, list[str]] = {}
            for r in rows:
                groups.setdefault(str(r.get("profile") or ""), []).append(str(r["id"]))
            return [(services[p], ids) for p, ids in groups.items() if p in services]
        service = self.service
        return [(service, [str(r["id"]) for r in rows])] if service is not None else []

    def action_task_action(self, name: str) -> None:
        action = TASK_ACTIONS.get(name)
        if action is None or getattr(self.app, "read_only", False):
            return
        rows = self.selected_rows()
        if not rows:
            self.notify("No task selected.", timeout=3)
            return
        refused = [r for r in rows if not action.allowed_by(r.get("available_actions"))]
        if refused:
            names = ", ".join(str(r.get("name") or r["id"]) for r in refused[:5])
            self.notify(f"{action.label} is not available for: {names}", severity="warning", timeout=5)
            return
        groups = self._services_for(rows)
        if not groups:
            self.notify("Not connected.", severity="warning", timeout=3)
            return
        from .confirm import ConfirmScreen, RequestPreview

        previews: list[RequestPreview] = []
        try:
            for service, ids in groups:
                method, path, body = service.describe_request(action.spec_key, job_ids=ids, **dict(action.kwargs))
                previews.append(RequestPreview(method, path, _cut(body or "", len(ids))))
        except Exception as exc:
            self.app.report_error(exc, title=f"Cannot prepare {action.label.lower()}")  # type: ignore[attr-defined]
            return
        count = len(rows)
        listing = "\n".join(f"  • {r.get('name') or ''} ({r['id']})" for r in rows[:8])
        more = f"\n  … and {count - 8:,} more" if count > 8 else ""
        summary = f"Applies to:\n{listing}{more}"
        warnings = [action.warning] if action.warning else []
        screen = ConfirmScreen(
            f"{action.label} {count:,} task{'s' if count != 1 else ''}?",
            summary,
            previews,
            warnings=warnings,
            confirm_label=action.label,
            destructive=action.destructive,
        )

        def confirmed(ok: bool | None) -> None:
            if ok:
                names = {str(r["id"]): str(r.get("name") or "") for r in rows}
                self._action_worker(action, groups, names)

        self.app.push_screen(screen, confirmed)

    @work(thread=True, group="jobs-action", exit_on_error=False)
    def _action_worker(self, action: TaskAction, groups: list[tuple[DrsService, list[str]]], names: dict[str, str]) -> None:
        call = self.app.call_from_thread
        frames = []
        try:
            for service, ids in groups:
                frames.append(getattr(service, action.name)(ids, **dict(action.kwargs)))
        except Exception as exc:
            call(self._action_failed, action, exc)
            if not frames:
                return
        call(self._action_done, action, concat_frames(frames), names)

    def _action_failed(self, action: TaskAction, error: BaseException) -> None:
        self.app.report_error(error, title=f"{action.label} failed")  # type: ignore[attr-defined]

    def _action_done(self, action: TaskAction, results: pd.DataFrame, names: dict[str, str]) -> None:
        ok = results["ok"].fillna(False).astype(bool)
        good, bad = int(ok.sum()), int((~ok).sum())
        lines = []
        for row in results.head(6).to_dict("records"):
            label = names.get(str(row["id"])) or str(row["id"])
            flag = row["ok"]
            if isinstance(flag, bool | int) and bool(flag):
                lines.append(f"✓ {label}")
            else:
                code = row.get("error_code")
                code = f"{code}: " if isinstance(code, str) and code else ""
                msg = row.get("error_msg")
                msg = msg if isinstance(msg, str) else "failed"
                lines.append(f"✗ {label} — {code}{msg}")
        if len(results) > 6:
            lines.append(f"… {len(results) - 6:,} more")
        head = f"{action.label}: {good:,} ok" + (f", {bad:,} failed" if bad else "")
        self.notify("\n".join(lines), title=head, severity="error" if bad else "information", timeout=10 if bad else 5)
        if bad:
            shown = results.copy()
            if "name" in FRAMES["action_results"]:
                shown["name"] = shown["id"].map(names)
            self.app.push_screen(ActionResultsScreen(head, shown))
        self.table.clear_marks()
        self.post_message(TasksChanged(tuple(str(i) for i in results["id"].tolist())))

    # -- palette ----------------------------------------------------------------
    def palette_commands(self) -> Iterable[SystemCommand]:
        """Every action of this screen, for the command palette."""
        yield SystemCommand("Tasks: reload", "List every task again", self.action_relist)
        yield SystemCommand(
            "Tasks: resume live refresh" if self.paused else "Tasks: pause live refresh",
            "Stop or restart the periodic status refresh",
            self.action_toggle_pause,
        )
        yield SystemCommand("Tasks: filter…", "Filter by name, id, status or engine", self.action_open_filter)
        for name in QUICK_FILTERS:
            yield SystemCommand(
                f"Tasks: show {name}" if name == "all" else f"Tasks: show {name} only",
                f"Quick status filter: {name}",
                lambda name=name: self.action_quick(name),
            )
        spec = self.table.spec
        for column in SORT_COLUMNS:
            label = spec.column(column).label
            yield SystemCommand(f"Tasks: sort by {label}", f"Sort the task list by {label}", lambda c=column: self.sort_by(c))
        yield SystemCommand("Tasks: set delay threshold…", "Incremental delay shown in red above it", self.action_edit_threshold)
        yield SystemCommand("Tasks: mark all visible", "Select every task shown for a batch action", self.action_mark_all)
        if self.table.cursor_key:
            yield SystemCommand("Tasks: open task detail", "Open the highlighted task", self.action_open_detail)
        count = len(self.table.marked) or 1
        target = f"{count:,} marked tasks" if self.table.marked else "the highlighted task"
        for name in TASK_ACTIONS:
            if name in self.allowed_actions:
                action = TASK_ACTIONS[name]
                yield SystemCommand(
                    f"Tasks: {action.label.lower()} {target}",
                    f"{action.label} ({action.spec_key}), asks for confirmation",
                    lambda name=name: self.action_task_action(name),
                )

    # -- workers --------------------------------------------------------------------
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # errors are caught inside the workers; this keeps the screen usable if one slips through
        if event.state == WorkerState.ERROR and event.worker.group.startswith("jobs-"):
            self._loading = self._refreshing = False
            self.header.activity = ""
            error = event.worker.error
            if error is not None:
                self._failed(error, "Task list")
            self._arm()


def _cut(body: str, count: int) -> str:
    lines = body.splitlines()
    if len(lines) <= PREVIEW_LINES:
        return body
    note = f"… {len(lines) - PREVIEW_LINES:,} more lines ({count:,} tasks; sent in batches of up to 100)"
    return "\n".join([*lines[:PREVIEW_LINES], note])
