"""Error details as a modal: the DRS error code, its message, the A.3 handling suggestion."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ..errors import describe_error


class ErrorScreen(ModalScreen[None]):
    """Shows one error in full; Esc or Enter closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "dismiss", "Close", id="error.close"),
    ]

    def __init__(self, error: BaseException, *, title: str = "Request failed") -> None:
        super().__init__()
        self.error = error
        self.title_text = title

    def compose(self) -> ComposeResult:
        info = describe_error(self.error)
        with Vertical(id="error-dialog", classes="dialog"):
            yield Static(f"[b]{self.title_text}[/b]", classes="dialog-title")
            with VerticalScroll():
                yield Static(info.markup(), id="error-body")
            yield Button("Close", id="error-close", variant="primary")

    def on_button_pressed(self, _: Button.Pressed) -> None:
        self.dismiss(None)
