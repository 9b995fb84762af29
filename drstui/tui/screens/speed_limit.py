"""Flow control dialog (4.1.8): up to 10 UTC speed windows, validated by the API model before anything is sent.

Dismisses with the windows (a list of ``{"begin", "end", "speed"}`` dicts; ``[]`` removes the
limit) or None when cancelled. Invalid input keeps the dialog open with the model's own
message (``begin must be a whole UTC hour "hh:00"``, overlaps, 1–9999 MB/s, …).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

__all__ = ["MAX_WINDOWS", "SpeedLimitScreen", "parse_speed_text", "check_windows"]

#: The API's limit (Table 4-59: at most 10 windows per task).
MAX_WINDOWS = 10

_TEXT_RE = re.compile(r"(\d{2}:\d{2})\s*-\s*(\d{2}:\d{2})\s+(\d+)\s*MB/s")


def parse_speed_text(text: Any) -> list[dict[str, str]]:
    """The detail frame's ``speed_limit`` text (``"01:00-02:59 10 MB/s; …"``) back into windows."""
    if not isinstance(text, str):
        return []
    return [{"begin": b, "end": e, "speed": s} for b, e, s in _TEXT_RE.findall(text)]


def _window_errors(exc: Any) -> list[str]:
    """The model's messages, located as "window N begin: …" (each message once, never the input)."""
    from .actions import validation_message

    errors = getattr(exc, "errors", None)
    if not callable(errors):
        return [str(exc)]
    lines: list[str] = []
    for err in errors(include_input=False, include_url=False):
        loc = list(err.get("loc", ()))
        msg = re.sub(r"^(Value error|Assertion failed), ", "", str(err.get("msg", "")))
        where = ""
        if "speed_limit" in loc:
            rest = loc[loc.index("speed_limit") + 1 :]
            if rest and isinstance(rest[0], int):
                where = f"window {rest[0] + 1}" + (f" {rest[1]}" if len(rest) > 1 else "")
        line = f"{where}: {msg}" if where else msg
        if line not in lines:
            lines.append(line)
    return lines or [validation_message(exc)]


def check_windows(job_ids: Sequence[str], windows: list[dict[str, str]]) -> list[str]:
    """Validate windows for tasks with the API request model; the error lines (empty = valid)."""
    from pydantic import ValidationError

    from ...api.models.jobs import SpeedLimitsParams

    try:
        SpeedLimitsParams(speed_limits=[{"job_id": j, "speed_limit": windows} for j in job_ids])
    except ValidationError as exc:
        return _window_errors(exc)
    return []


class SpeedLimitScreen(ModalScreen["list[dict[str, str]] | None"]):
    """Edit the flow-control windows of one or more tasks."""

    CSS_PATH = "job_detail.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="speed.cancel"),
        Binding("ctrl+s", "apply", "Apply", id="speed.apply"),
        Binding("ctrl+n", "add_row", "Add window", id="speed.add"),
        Binding("ctrl+r", "remove_row", "Remove last window", id="speed.remove"),
        Binding("ctrl+l", "no_limit", "Remove limit", id="speed.no_limit"),
    ]

    def __init__(
        self,
        job_ids: Sequence[str],
        *,
        current: Iterable[Mapping[str, Any]] | None = None,
        names: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.job_ids = list(job_ids)
        self.current = [dict(w) for w in (current or [])][:MAX_WINDOWS]
        self.names = dict(names or {})
        self.shown_rows = max(1, len(self.current))

    def compose(self) -> ComposeResult:
        ids = self.job_ids
        who = self.names.get(ids[0], ids[0]) if len(ids) == 1 else f"{len(ids)} tasks"
        now = "; ".join(f"{w['begin']}–{w['end']} {w['speed']} MB/s" for w in self.current) or "no limit"
        with Vertical(id="speed-dialog", classes="dialog"):
            yield Static(f"[b]Flow control — {escape(who)}[/b]", classes="dialog-title")
            yield Static(
                "Times are UTC whole hours: begin [b]hh:00[/b], end [b]hh:59[/b] (03:59 = up to 04:00); "
                "16:00–15:59 is all day. Speed 1–9999 MB/s. Up to 10 windows, no overlaps.",
                id="speed-help",
            )
            yield Static(f"Current: {escape(now)}", id="speed-current")
            with Horizontal(classes="speed-row speed-head"):
                yield Static("#", classes="speed-num")
                yield Static("Begin", classes="speed-col")
                yield Static("End", classes="speed-col")
                yield Static("MB/s", classes="speed-col")
            for i in range(MAX_WINDOWS):
                w = self.current[i] if i < len(self.current) else {}
                with Horizontal(classes="speed-row", id=f"speed-row-{i}") as row:
                    row.display = i < self.shown_rows
                    yield Static(f"{i + 1}", classes="speed-num")
                    yield Input(str(w.get("begin", "")), placeholder="hh:00", max_length=5,
                                restrict=r"[0-9:]*", id=f"begin-{i}", classes="speed-input")  # fmt: skip
                    yield Input(str(w.get("end", "")), placeholder="hh:59", max_length=5,
                                restrict=r"[0-9:]*", id=f"end-{i}", classes="speed-input")  # fmt: skip
                    yield Input(str(w.get("speed", "")), placeholder="1-9999", max_length=6,
                                restrict=r"[0-9]*", id=f"speed-{i}", classes="speed-input")  # fmt: skip
            yield Static("", id="speed-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Add window (^n)", id="speed-add")
                yield Button("Remove limit (^l)", id="speed-none")
                yield Button("Apply (^s)", id="speed-apply", variant="primary")
                yield Button("Cancel (esc)", id="speed-cancel")

    def on_mount(self) -> None:
        self.query_one("#begin-0", Input).focus()

    # -- rows ------------------------------------------------------------------
    def action_add_row(self) -> None:
        if self.shown_rows >= MAX_WINDOWS:
            self._error(f"At most {MAX_WINDOWS} windows per task (4.1.8).")
            return
        self.query_one(f"#speed-row-{self.shown_rows}").display = True
        self.query_one(f"#begin-{self.shown_rows}", Input).focus()
        self.shown_rows += 1

    def action_remove_row(self) -> None:
        if self.shown_rows <= 1:
            for field in ("begin", "end", "speed"):
                self.query_one(f"#{field}-0", Input).value = ""
            return
        self.shown_rows -= 1
        for field in ("begin", "end", "speed"):
            self.query_one(f"#{field}-{self.shown_rows}", Input).value = ""
        self.query_one(f"#speed-row-{self.shown_rows}").display = False
        self.query_one(f"#begin-{self.shown_rows - 1}", Input).focus()

    def windows(self) -> tuple[list[dict[str, str]], list[str]]:
        """The filled windows and the rows that are only partly filled."""
        rows: list[dict[str, str]] = []
        partial: list[str] = []
        for i in range(self.shown_rows):
            values = [self.query_one(f"#{f}-{i}", Input).value.strip() for f in ("begin", "end", "speed")]
            if not any(values):
                continue
            if not all(values):
                partial.append(f"window {i + 1}: give begin, end and MB/s")
                continue
            rows.append({"begin": values[0], "end": values[1], "speed": values[2]})
        return rows, partial

    def _error(self, text: str) -> None:
        self.query_one("#speed-error", Static).update(f"[b red]{escape(text)}[/]" if text else "")

    # -- outcome -------------------------------------------------------------------
    def action_apply(self) -> None:
        rows, partial = self.windows()
        if partial:
            self._error("\n".join(partial))
            return
        if not rows:
            self._error("No window given. Add one, or use Remove limit (^l) to remove flow control.")
            return
        problems = check_windows(self.job_ids, rows)
        if problems:
            self._error("\n".join(problems) + "\nNothing was sent.")
            return
        self.dismiss(rows)

    def action_no_limit(self) -> None:
        self.dismiss([])

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_input_submitted(self, _: Input.Submitted) -> None:
        self.action_apply()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {
            "speed-add": self.action_add_row,
            "speed-none": self.action_no_limit,
            "speed-apply": self.action_apply,
            "speed-cancel": self.action_cancel,
        }
        handler = actions.get(event.button.id or "")
        if handler is not None:
            handler()
