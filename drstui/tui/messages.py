"""App-wide messages (widget-specific ones live in the widget that sends them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message


@dataclass
class ServiceReady(Message):
    """The profile's service is connected (or failed to connect: ``error`` is set)."""

    service: Any
    error: BaseException | None = None


@dataclass
class TasksChanged(Message):
    """An action changed tasks: screens that show them should refresh."""

    job_ids: tuple[str, ...] = ()
    forwarded: bool = False
    """Set on the copies the app sends to every screen (so they are not forwarded again)."""
