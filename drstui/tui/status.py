"""The one status → phase → colour map of the TUI (seed A.4 statuses)."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

#: Phase of every documented status. Anything not listed (a value the service added later)
#: falls back on its suffix: *_FAILED is failed, *_STARTED running, otherwise "other".
STATUS_PHASE: dict[str, str] = {
    "CREATING": "configuring",
    "CREATE_FAILED": "failed",
    "CONFIGURATION": "configuring",
    "STARTJOBING": "running",
    "WAITING_FOR_START": "configuring",
    "START_JOB_FAILED": "failed",
    "PAUSING": "paused",
    "FULL_TRANSFER_STARTED": "running",
    "FULL_TRANSFER_FAILED": "failed",
    "FULL_TRANSFER_COMPLETE": "done",
    "INCRE_TRANSFER_STARTED": "running",
    "INCRE_TRANSFER_FAILED": "failed",
    "RELEASE_RESOURCE_STARTED": "stopping",
    "RELEASE_RESOURCE_FAILED": "failed",
    "RELEASE_RESOURCE_COMPLETE": "done",
    "REBUILD_NODE_STARTED": "running",
    "REBUILD_NODE_FAILED": "failed",
    "CHANGE_JOB_STARTED": "running",
    "CHANGE_JOB_FAILED": "failed",
    "DELETED": "done",
    "CHILD_TRANSFER_STARTING": "running",
    "CHILD_TRANSFER_STARTED": "running",
    "CHILD_TRANSFER_COMPLETE": "done",
    "CHILD_TRANSFER_FAILED": "failed",
    "RELEASE_CHILD_TRANSFER_STARTED": "stopping",
    "RELEASE_CHILD_TRANSFER_COMPLETE": "done",
    "NODE_UPGRADE_START": "running",
    "NODE_UPGRADE_COMPLETE": "running",
    "NODE_UPGRADE_FAILED": "failed",
}

#: Colour of each phase (rich styles: table cells are rendered with rich, not CSS).
PHASE_STYLE: dict[str, str] = {
    "running": "bold green",
    "done": "cyan",
    "paused": "bold yellow",
    "failed": "bold red",
    "configuring": "bright_blue",
    "stopping": "yellow",
    "other": "white",
}

#: Comparison results: consistent / inconsistent / in progress / failed.
RESULT_STYLE: dict[str, str] = {
    "consistent": "green",
    "inconsistent": "bold red",
    "pending": "yellow",
    "failed": "red",
}

PRECHECK_STYLE: dict[str, str] = {"PASSED": "green", "ALARM": "bold yellow", "FAILED": "bold red"}


def phase(status: object) -> str:
    text = str(status or "")
    if text in STATUS_PHASE:
        return STATUS_PHASE[text]
    if text.endswith("_FAILED"):
        return "failed"
    if text.endswith(("_STARTED", "_START", "ING")):
        return "running"
    return "other"


def status_style(status: object) -> Style:
    return Style.parse(PHASE_STYLE[phase(status)])


def status_text(status: object) -> Text:
    return Text(str(status or ""), style=status_style(status))
