"""Change the source / destination database password of a task (4.1.15).

Both inputs are password inputs (never echoed); the values leave this dialog only as the
dismiss result and are shown nowhere — the confirmation masks them like every secret.
Dismisses with ``(source_password | None, target_password | None)`` or None when cancelled.
"""

from __future__ import annotations

from typing import ClassVar

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

__all__ = ["PasswordsScreen"]


class PasswordsScreen(ModalScreen["tuple[str | None, str | None] | None"]):
    """Two masked inputs; at least one must be filled."""

    CSS_PATH = "job_detail.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="passwords.cancel"),
        Binding("ctrl+s", "apply", "Continue", id="passwords.apply"),
    ]

    def __init__(
        self, job_id: str, *, name: str | None = None, source: str | None = None, target: str | None = None
    ) -> None:
        super().__init__()
        self.job_id = job_id
        self.task_name = name
        self.source = source
        self.target = target

    def compose(self) -> ComposeResult:
        who = self.task_name or self.job_id
        with Vertical(id="passwords-dialog", classes="dialog"):
            yield Static(f"[b]Change database passwords — {escape(who)}[/b]", classes="dialog-title")
            yield Static(
                "Give the password the database now has; leave a field empty to keep that side unchanged. "
                "The values are masked here and in the request preview.",
                id="passwords-help",
            )
            yield Static(f"Source database: {escape(self.source or '?')}", classes="passwords-label")
            yield Input(password=True, placeholder="new source password (empty = unchanged)", id="source-password")
            yield Static(f"Destination database: {escape(self.target or '?')}", classes="passwords-label")
            yield Input(password=True, placeholder="new destination password (empty = unchanged)", id="target-password")
            yield Static("", id="passwords-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Continue (^s)", id="passwords-apply", variant="primary")
                yield Button("Cancel (esc)", id="passwords-cancel")

    def on_mount(self) -> None:
        self.query_one("#source-password", Input).focus()

    def action_apply(self) -> None:
        from pydantic import ValidationError

        from ...api.models.jobs import ResetPasswordsParams
        from .actions import validation_message

        source = self.query_one("#source-password", Input).value or None
        target = self.query_one("#target-password", Input).value or None
        error = self.query_one("#passwords-error", Static)
        if source is None and target is None:
            error.update("[b red]Give a new source and/or destination password.[/]")
            return
        rows = [
            {"job_id": self.job_id, "end_point_type": side, "db_password": pwd}
            for side, pwd in (("so", source), ("ta", target))
            if pwd is not None
        ]
        try:
            ResetPasswordsParams(jobs=rows)
        except ValidationError as exc:  # message without the input values
            error.update(f"[b red]{escape(validation_message(exc))}[/]")
            return
        self.dismiss((source, target))

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "source-password":
            self.query_one("#target-password", Input).focus()
        else:
            self.action_apply()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "passwords-apply":
            self.action_apply()
        else:
            self.action_cancel()
