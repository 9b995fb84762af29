"""Helpers shared by several screens (not public API)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.markup import escape
from textual.screen import Screen
from textual.widgets import Static

from ..status import PHASE_STYLE, phase

__all__: list[str] = []


def cell_text(value: Any) -> str | None:
    """A frame cell as text (None for None / NaN / NA)."""
    if value is None:
        return None
    try:
        if value != value:  # NaN / NA
            return None
    except (TypeError, ValueError):
        return None
    return str(value)


def cell_true(value: Any) -> bool:
    """A frame cell as a bool (pandas NA: False)."""
    try:
        return bool(value)
    except TypeError:  # pandas NA
        return False


class TaskScreen(Screen[None]):
    """A screen about one task: a title line with the task's name and status, read in a worker."""

    TITLE_LABEL: ClassVar[str] = ""
    """Bold first part of the title line."""
    TITLE_ID: ClassVar[str] = ""
    """Id of the title `Static`."""

    job_id: str
    task_name: str | None
    task_status: str | None

    def _read_only(self) -> bool:
        return bool(getattr(self.app, "read_only", False))

    def _call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        """Run ``fn`` on the UI thread (None when the app is shutting down)."""
        try:
            return self.app.call_from_thread(fn, *args, **kwargs)
        except RuntimeError:  # the app is shutting down
            return None

    def _load_task(self, service: Any, text: Callable[[Any], str | None]) -> None:
        """Read the task (4.1.21) for the title (worker thread); a failure is reported, not raised."""
        try:
            detail = service.task_details([self.job_id])
            if not detail.empty:
                row = detail.iloc[0]
                self._call(self._set_task, text(row["name"]), text(row["status"]))
        except Exception as exc:  # what the screen shows may still be readable
            self._call(self.app.report_error, exc, title="Task details unavailable")

    def _title_markup(self) -> str:
        parts = [f"[b]{self.TITLE_LABEL}[/b]"]
        if self.task_name:
            parts.append(f"[b]{escape(self.task_name)}[/b]")
        parts.append(escape(self.job_id))
        if self.task_status:
            parts.append(f"[{PHASE_STYLE[phase(self.task_status)]}]{escape(self.task_status)}[/]")
        return " · ".join(parts)

    def _set_task(self, name: str | None, status: str | None) -> None:
        if not self.is_attached:
            return
        self.task_name, self.task_status = name, status
        self.query_one(f"#{self.TITLE_ID}", Static).update(self._title_markup())
