"""`DrsApp`: the Textual application shell.

It paints its first frame before anything heavy is imported: the service layer (pandas,
httpx, pydantic, the embedded local DRS) is connected in a thread worker after mount, and
screens wait for `DrsApp.service` through `DrsApp.when_ready`. Screens own their handlers;
the app only holds what is shared: the service, read-only mode, error reporting, the
palette commands and help.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen

from .errors import describe_error
from .messages import ServiceReady, TasksChanged

if TYPE_CHECKING:
    from ..service.service import DrsService, MultiService

ServiceFactory = Callable[[], "DrsService"]


class DrsApp(App[None]):
    """drstui's terminal UI."""

    TITLE = "drstui"
    SUB_TITLE = "Data Replication Service"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", priority=True, id="app.quit"),
        Binding("q", "quit", "Quit", show=False, id="app.quit_q"),
        Binding("question_mark", "toggle_help", "Help", id="app.help"),
        Binding("exclamation_mark", "last_error", "Last error", show=False, id="app.last_error"),
    ]

    service: reactive[DrsService | None] = reactive(None, init=False)
    """The connected service of the current profile (None until connected)."""
    connection_error: reactive[str | None] = reactive(None, init=False)
    """Why connecting failed, for the offline banner."""

    def __init__(
        self,
        *,
        service_factory: ServiceFactory | None = None,
        profile: str | None = None,
        read_only: bool = False,
        refresh_interval: float = 10.0,
        all_profiles: bool = False,
        clock: Callable[[], float] | None = None,
        auto_refresh: bool = True,
    ) -> None:
        super().__init__()
        self.profile = profile
        self._factory = service_factory
        self.read_only_flag = read_only
        self.refresh_interval = refresh_interval
        self.all_profiles = all_profiles
        self.auto_refresh = auto_refresh
        import time

        #: Seconds clock for "updated N s ago" (tests pin it).
        self.clock: Callable[[], float] = clock or time.monotonic
        self.last_error: BaseException | None = None
        self.multi: MultiService | None = None
        self._ready_callbacks: list[Callable[[DrsService], Any]] = []

    # Textual's DOMNode.auto_refresh (a repaint timer) is not used by the app; here the name means
    # "screens refresh their tasks on their own interval" (tests turn it off).
    @property  # type: ignore[override]
    def auto_refresh(self) -> bool:
        return self.__dict__.get("_live_refresh", True)

    @auto_refresh.setter
    def auto_refresh(self, value: object) -> None:
        self.__dict__["_live_refresh"] = bool(value)

    # -- service ---------------------------------------------------------------
    @property
    def read_only(self) -> bool:
        """True when actions are hidden: the --read-only flag or the profile's setting."""
        svc = self.service
        return self.read_only_flag or bool(svc is not None and getattr(svc, "read_only", False))

    def when_ready(self, callback: Callable[[DrsService], Any]) -> None:
        """Call ``callback(service)`` now if connected, else as soon as the service is ready."""
        if self.service is not None:
            callback(self.service)
        else:
            self._ready_callbacks.append(callback)

    def on_mount(self) -> None:
        from .screens.jobs import JobsScreen

        self.push_screen(JobsScreen())
        self.connect_service()

    @work(thread=True, exclusive=True, group="connect", exit_on_error=False)
    def connect_service(self) -> None:
        """Connect the profile's service off the UI thread (imports pandas, starts the local DRS)."""
        try:
            if self._factory is not None:
                service = self._factory()
            else:
                from ..service import connect

                service = connect(self.profile)
        except Exception as exc:  # shown as a banner; retried by the jobs screen
            self.post_message(ServiceReady(None, exc))
            return
        self.post_message(ServiceReady(service, None))

    def on_service_ready(self, message: ServiceReady) -> None:
        if message.error is not None or message.service is None:
            self.connection_error = describe_error(message.error).one_line() if message.error else "not connected"
            self.report_error(message.error or RuntimeError("not connected"), title="Cannot connect")
            return
        self.connection_error = None
        self.service = message.service
        callbacks, self._ready_callbacks = self._ready_callbacks, []
        for cb in callbacks:
            cb(message.service)

    def on_tasks_changed(self, message: TasksChanged) -> None:
        """An action on any screen changed tasks: tell every screen in the stack once."""
        if message.forwarded:
            return
        message.stop()
        for screen in list(self.screen_stack):
            screen.post_message(TasksChanged(message.job_ids, forwarded=True))

    def retry_connect(self) -> None:
        if self.service is None:
            self.connect_service()

    # -- errors ----------------------------------------------------------------
    def report_error(self, error: BaseException, *, title: str = "Request failed") -> None:
        """A notification with the DRS error code and what to do; `!` opens the details."""
        self.last_error = error
        info = describe_error(error)
        self.notify(f"{info.one_line()}\nPress ! for details.", title=title, severity="error", timeout=8)

    def action_last_error(self) -> None:
        from .screens.error import ErrorScreen

        if self.last_error is None:
            self.notify("No error so far.", timeout=3)
            return
        self.push_screen(ErrorScreen(self.last_error))

    # -- help and palette --------------------------------------------------------
    def action_toggle_help(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help: keys of this screen", "Show the key bindings of the current screen", self.action_toggle_help)
        yield SystemCommand("Last error details", "Show the last error with its DRS code and suggestion", self.action_last_error)
        commands = getattr(screen, "palette_commands", None)
        if callable(commands):
            yield from commands()
