"""Confirmation for every action that changes state: the exact request it will send, secrets masked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static


@dataclass(frozen=True)
class RequestPreview:
    """One API request as it will be sent (body already masked)."""

    method: str
    path: str
    body: str = ""


class ConfirmScreen(ModalScreen[bool]):
    """Asks before a state change. Dismisses with True only on an explicit "Confirm"."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "cancel", "Cancel", id="confirm.cancel"),
        Binding("y", "confirm", "Confirm", id="confirm.yes"),
    ]

    def __init__(
        self,
        title: str,
        summary: str,
        requests: list[RequestPreview] | None = None,
        *,
        warnings: list[str] | None = None,
        confirm_label: str = "Confirm",
        destructive: bool = False,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.summary = summary
        self.requests = requests or []
        self.warnings = warnings or []
        self.confirm_label = confirm_label
        self.destructive = destructive

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog", classes="dialog"):
            yield Static(f"[b]{escape(self.title_text)}[/b]", classes="dialog-title")
            yield Static(escape(self.summary), id="confirm-summary")
            for warning in self.warnings:
                yield Static(f"[b yellow]⚠ {escape(warning)}[/]", classes="confirm-warning")
            if self.requests:
                with VerticalScroll(id="confirm-requests"):
                    for req in self.requests:
                        yield Static(f"[b]{req.method}[/b] {escape(req.path)}", classes="confirm-request-line")
                        if req.body:
                            yield Static(escape(req.body), classes="confirm-request-body")
            with Horizontal(classes="dialog-buttons"):
                yield Button(
                    f"{self.confirm_label} (y)", id="confirm-yes", variant="error" if self.destructive else "primary"
                )
                yield Button("Cancel (n)", id="confirm-no")

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
