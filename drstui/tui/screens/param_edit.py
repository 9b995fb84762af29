"""The edit dialog of one destination parameter, and the check of a value against its range.

`check_param_value` validates a new value the way DRS does (4.1.10): against the parameter's
``value_range`` — a numeric range ``"1-65535"`` or an enumeration ``"ON|OFF"`` — and its
``data_type`` (``"figure"`` = a number). The dialog runs it on every keystroke and refuses to
close with an invalid value, so nothing is sent until the value is acceptable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import ClassVar

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

__all__ = ["ParamCheck", "ParamEditScreen", "SET_PARAMS", "check_param_value"]

#: Parameters whose value is a comma-separated subset of the enumeration (MySQL SET variables).
SET_PARAMS = frozenset({"sql_mode", "optimizer_switch"})

_RANGE = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*-\s*(-?\d+(?:\.\d+)?)\s*$")
_INT = re.compile(r"^-?\d+$")
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")


@dataclass(frozen=True)
class ParamCheck:
    """Outcome of `check_param_value`: ``value`` is the normalised value when ``ok``."""

    ok: bool
    value: str | None = None
    reason: str | None = None


def _is_set_param(key: str | None, *values: str | None) -> bool:
    return (key or "") in SET_PARAMS or any("," in (v or "") for v in values)


def check_param_value(
    value: str,
    *,
    value_range: str | None,
    data_type: str | None = None,
    key: str | None = None,
    source_value: str | None = None,
    current_value: str | None = None,
) -> ParamCheck:
    """Check ``value`` against ``value_range`` / ``data_type``; returns the normalised value or why not.

    - ``"a|b|c"``: one of the choices (any case; normalised to the listed spelling) — or, for a
      SET parameter such as ``sql_mode``, a comma-separated subset (empty allowed);
    - ``"low-high"``: a whole number in range (a decimal when the range or the current value
      has a decimal point);
    - ``data_type == "figure"`` without a range: a number;
    - otherwise any non-empty text.
    """
    text = value.strip()
    vrange = (value_range or "").strip()
    if "|" in vrange:
        choices = vrange.split("|")
        canon = {c.upper(): c for c in choices}
        if _is_set_param(key, source_value, current_value):
            parts = [p.strip() for p in text.split(",") if p.strip()]
            wrong = [p for p in parts if p.upper() not in canon]
            if wrong:
                why = f"{', '.join(wrong)} not allowed: use a comma-separated subset of {vrange}."
                return ParamCheck(False, reason=why)
            return ParamCheck(True, ",".join(dict.fromkeys(canon[p.upper()] for p in parts)))
        if text.upper() not in canon:
            shown = text if text else "an empty value"
            return ParamCheck(False, reason=f"{shown!s} is not allowed: choose one of {', '.join(choices)}.")
        return ParamCheck(True, canon[text.upper()])
    bounds = _RANGE.match(vrange)
    numeric = bounds is not None or data_type == "figure"
    if numeric:
        decimal_ok = "." in vrange or any("." in (v or "") for v in (source_value, current_value))
        pattern = _NUMBER if decimal_ok else _INT
        kind = "a number" if decimal_ok else "a whole number"
        if not text or not pattern.match(text):
            where = f" in {vrange}" if bounds else ""
            shown = repr(text) if text else "An empty value"
            return ParamCheck(False, reason=f"{shown} is not {kind}: enter {kind}{where}.")
        try:
            number = Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern already excludes it
            return ParamCheck(False, reason=f"{text!r} is not {kind}.")
        if bounds is not None:
            low, high = Decimal(bounds.group(1)), Decimal(bounds.group(2))
            if not low <= number <= high:
                return ParamCheck(False, reason=f"{text} is outside the allowed range {vrange}.")
        if pattern is _INT:
            text = str(int(text))  # "0099" → "99"
        return ParamCheck(True, text)
    if not text:
        return ParamCheck(False, reason="Enter a value.")
    return ParamCheck(True, text)


class ParamEditScreen(ModalScreen[str | None]):
    """Edits one destination value; dismisses with the checked value, or None when cancelled."""

    CSS_PATH = "params.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="param_edit.cancel"),
        Binding("ctrl+o", "use_source", "Use source value", id="param_edit.use_source"),
    ]

    def __init__(
        self,
        key: str,
        *,
        group: str | None,
        source_value: str | None,
        target_value: str | None,
        value_range: str | None,
        data_type: str | None = None,
        need_restart: bool | None = None,
        value: str | None = None,
    ) -> None:
        super().__init__()
        self.key = key
        self.group = group
        self.source_value = source_value
        self.target_value = target_value
        self.value_range = value_range
        self.data_type = data_type
        self.need_restart = need_restart
        self.initial = value if value is not None else (target_value or "")

    def check(self, value: str) -> ParamCheck:
        return check_param_value(
            value,
            value_range=self.value_range,
            data_type=self.data_type,
            key=self.key,
            source_value=self.source_value,
            current_value=self.target_value,
        )

    def _kind(self) -> str:
        vrange = self.value_range or ""
        if "|" in vrange:
            is_set = _is_set_param(self.key, self.source_value, self.target_value)
            return "comma-separated subset of" if is_set else "one of"
        if _RANGE.match(vrange):
            return "number in the range"
        return "number" if self.data_type == "figure" else "text"

    def compose(self) -> ComposeResult:
        def line(label: str, value: str | None) -> str:
            return f"[b]{label:<18}[/b]{escape(value) if value not in (None, '') else '[dim]—[/dim]'}"

        allowed = self.value_range or ""
        with Vertical(id="param-edit-dialog", classes="dialog"):
            yield Static(f"[b]Edit destination value · {escape(self.key)}[/b]", classes="dialog-title")
            yield Static(
                "\n".join(
                    [
                        line("Group", self.group),
                        line("Type", self.data_type or "text"),
                        line("Allowed values", f"{self._kind()} {allowed}".strip() if allowed else None),
                        line("Source value", self.source_value),
                        line("Destination value", self.target_value),
                    ]
                ),
                id="param-edit-info",
            )
            if self.need_restart:
                yield Static(
                    "[b yellow]⚠ Changing this parameter needs a restart of the destination database.[/]",
                    id="param-edit-restart",
                )
            yield Input(value=self.initial, placeholder="new destination value", id="param-edit-input")
            yield Static("", id="param-edit-status")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Set (enter)", id="param-edit-ok", variant="primary")
                yield Button("Use source value (ctrl+o)", id="param-edit-source")
                yield Button("Cancel (esc)", id="param-edit-cancel")

    def on_mount(self) -> None:
        self.query_one("#param-edit-input", Input).focus()
        self._show(self.check(self.initial))

    def _show(self, result: ParamCheck) -> None:
        status = self.query_one("#param-edit-status", Static)
        if result.ok:
            same = result.value == (self.target_value or "")
            note = "unchanged" if same else f"valid → {result.value}"
            status.update(f"[green]✓ {escape(note)}[/]")
        else:
            status.update(f"[b red]✗ {escape(result.reason or 'invalid value')}[/]")
        status.set_class(not result.ok, "invalid")

    def on_input_changed(self, event: Input.Changed) -> None:
        self._show(self.check(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "param-edit-ok":
            self.action_submit()
        elif event.button.id == "param-edit-source":
            self.action_use_source()
        else:
            self.action_cancel()

    def action_submit(self) -> None:
        result = self.check(self.query_one("#param-edit-input", Input).value)
        self._show(result)
        if not result.ok:
            self.app.bell()
            return
        self.dismiss(result.value)

    def action_use_source(self) -> None:
        field = self.query_one("#param-edit-input", Input)
        field.value = self.source_value or ""
        field.focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
