"""`HeaderBar`: one line with where you are and how fresh the data is.

    drstui  profile local · region cn-north-4 · project 054ba1…  ● online     updated 3 s ago · every 10 s

The screen owning it sets the fields; the bar re-renders itself once a second so "N s ago"
keeps counting (on the app's clock, which tests pin).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

#: Connection states and how they look.
STATES: dict[str, tuple[str, str]] = {
    "connecting": ("○ connecting…", "bold yellow"),
    "loading": ("◐ loading…", "bold yellow"),
    "online": ("● online", "bold green"),
    "offline": ("● offline", "bold red"),
}


def ago(seconds: float) -> str:
    """``3 s``, ``4 min``, ``2 h``: how long ago, short."""
    s = max(0, int(seconds))
    if s < 120:
        return f"{s} s"
    if s < 7200:
        return f"{s // 60} min"
    return f"{s // 3600} h"


def interval_text(seconds: float) -> str:
    return f"{seconds:g} s" if seconds < 120 else f"{seconds / 60:g} min"


class HeaderBar(Widget):
    """Profile, region, project, connection state, "updated N s ago", refresh interval / paused."""

    DEFAULT_CSS = """
    HeaderBar {
        height: 1;
        width: 1fr;
        background: $panel;
        color: $text;
    }
    """

    profile: reactive[str] = reactive("", layout=False)
    """Profile name (or "all profiles (N)")."""
    cloud_region: reactive[str | None] = reactive(None)
    """Region of the profile, if it has one."""
    project: reactive[str | None] = reactive(None)
    """Project id."""
    state: reactive[str] = reactive("connecting")
    """One of `STATES`."""
    updated_at: reactive[float | None] = reactive(None)
    """Clock time of the last successful load or refresh (None: never)."""
    interval: reactive[float] = reactive(10.0)
    """Refresh interval in seconds."""
    paused: reactive[bool] = reactive(False)
    """Live refresh paused by the user (or auto refresh off)."""
    activity: reactive[str] = reactive("")
    """What is running right now ("refreshing…"), shown before the freshness."""

    def __init__(
        self,
        *,
        clock: Callable[[], float] | None = None,
        name: str | None = None,
        id: str | None = None,  # noqa: A002
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._clock = clock

    @property
    def clock(self) -> Callable[[], float]:
        return self._clock or getattr(self.app, "clock", None) or time.monotonic

    def on_mount(self) -> None:
        self.set_interval(1.0, self.refresh)

    def left_text(self, *, short: bool = False) -> Text:
        text = Text.assemble((" drstui ", "bold reverse"), "  ")
        project = self.project
        if project and short and len(project) > 9:
            project = project[:8] + "…"
        parts: list[tuple[str, str | None]] = [("profile", self.profile or "—")]
        if self.cloud_region:
            parts.append(("region", self.cloud_region))
        if project:
            parts.append(("project", project))
        for n, (label, value) in enumerate(parts):
            if n:
                text.append(" · ", style="dim")
            text.append(f"{label} ", style="dim")
            text.append(value or "—", style="bold")
        label, style = STATES.get(self.state, (self.state, "bold"))
        text.append("   ")
        text.append(label, style=style)
        return text

    def right_text(self, *, activity: bool = True) -> Text:
        text = Text()
        if self.activity and activity:
            text.append(self.activity, style="italic")
            text.append(" · ", style="dim")
        if self.updated_at is None:
            text.append("not updated yet")
        else:
            text.append(f"updated {ago(self.clock() - self.updated_at)} ago")
        text.append(" · ", style="dim")
        if self.paused:
            text.append("refresh paused", style="bold yellow")
        else:
            text.append(f"every {interval_text(self.interval)}")
        text.append(" ")
        return text

    def render(self) -> Text:
        width = self.size.width
        # shorten the project id first, then drop the activity, before cutting anything
        for short, activity in ((False, True), (True, True), (True, False)):
            left, right = self.left_text(short=short), self.right_text(activity=activity)
            gap = width - left.cell_len - right.cell_len
            if gap >= 1:
                return Text.assemble(left, " " * gap, right)
        line = Text.assemble(left, " ", right)
        line.truncate(max(1, width), overflow="ellipsis")
        return line
