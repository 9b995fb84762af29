"""Dialogs of the comparisons screen: create a comparison, the export path, a one-line question.

`CompareCreateScreen` asks which comparisons to create (object-level and/or a row or value
comparison, the databases and tables, what to do with an unfinished one, when to start) and
validates the answer with the 4.1.17 request model before it closes — so the API's rules
(e.g. object-level and value comparison cannot be requested together) are shown right in the
dialog and nothing is sent. It dismisses with the keyword arguments of
``client.compare.create_task`` (``object_level``, ``data_level``), or None.
"""

from __future__ import annotations

from pathlib import Path

from datetime import UTC, datetime
from typing import Any, ClassVar

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, RadioButton, RadioSet, Static

#: Absolute, so subclasses defined elsewhere (tests, plugins) find the stylesheet.
_CSS = str(Path(__file__).with_name("comparisons.tcss"))

__all__ = ["AskScreen", "CompareCreateScreen", "ExportPathScreen", "parse_objects", "parse_start"]

#: Data-level choices: (radio id, wire compare_type or None, label).
DATA_CHOICES: tuple[tuple[str, str | None, str], ...] = (
    ("data-none", None, "None"),
    ("data-lines", "lines", "Row counts (lines)"),
    ("data-contents", "contents", "Values (contents)"),
)
POLICY_CHOICES: tuple[tuple[str, str, str], ...] = (
    ("policy-cancel", "cancel", "Cancel it, start the new one"),
    ("policy-keep", "keep", "Keep it (create nothing)"),
)


def parse_objects(text: str) -> list[dict[str, Any]] | None:
    """``"shop, crm.orders crm.leads"`` →
    ``[{db_name: shop, table_name: []}, {db_name: crm, table_name: [orders, leads]}]``.

    Databases keep the order they were first named; empty text → None (the whole task).
    """
    items = [w for part in text.replace(";", ",").split(",") for w in part.split()]
    found: dict[str, list[str]] = {}
    for item in items:
        db, dot, table = item.partition(".")
        if not db or (dot and not table):
            raise ValueError(f"{item!r}: write a database (shop) or a database.table (shop.orders)")
        tables = found.setdefault(db, [])
        if table and table not in tables:
            tables.append(table)
    if not found:
        return None
    return [{"db_name": db, "table_name": tables} for db, tables in found.items()]


def parse_start(text: str) -> datetime | None:
    """``"2026-01-31 22:00"`` (UTC, seconds optional) → an aware datetime; empty → None (now)."""
    text = text.strip()
    if not text:
        return None
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"):
        try:
            return datetime.strptime(text.removesuffix("Z").removesuffix(" UTC"), fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    raise ValueError(f"{text!r}: write the start time as YYYY-MM-DD HH:MM (UTC), or leave it empty to start now")


class CompareCreateScreen(ModalScreen[dict[str, Any] | None]):
    """Which comparisons to create on one task (4.1.17)."""

    CSS_PATH = _CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="compare_create.cancel"),
        Binding("ctrl+s", "submit", "Create", id="compare_create.submit"),
    ]

    def __init__(self, job_id: str, *, task_name: str | None = None, task_status: str | None = None) -> None:
        super().__init__()
        self.job_id = job_id
        self.task_name = task_name
        self.task_status = task_status

    def compose(self) -> ComposeResult:
        who = f"{self.task_name} ({self.job_id})" if self.task_name else self.job_id
        with VerticalScroll(id="compare-create-dialog", classes="dialog"):
            yield Static(f"[b]New comparison[/b] — {escape(who)}", classes="dialog-title")
            if self.task_status and self.task_status != "INCRE_TRANSFER_STARTED":
                yield Static(
                    f"[b yellow]⚠ The task is {escape(self.task_status)}: DRS creates comparisons only while it is "
                    "INCRE_TRANSFER_STARTED and will refuse this one.[/]",
                    classes="compare-create-warning",
                )  # fmt: skip
            yield Checkbox("Object-level comparison (databases, tables, views, indexes… on both sides)",
                           id="compare-object")  # fmt: skip
            yield Label("Data-level comparison")
            with RadioSet(id="compare-data", classes="compare-radios"):
                for rid, _, label in DATA_CHOICES:
                    yield RadioButton(label, id=rid, value=rid == "data-lines")
            yield Label("Databases and tables [dim](shop, crm.orders … — empty: the whole task, "
                        "quick comparison)[/dim]")  # fmt: skip
            yield Input(placeholder="e.g. shop, crm.orders", id="compare-objects")
            yield Label("If an unfinished row or value comparison exists")
            with RadioSet(id="compare-policy", classes="compare-radios"):
                for rid, _, label in POLICY_CHOICES:
                    yield RadioButton(label, id=rid, value=rid == "policy-cancel")
            yield Label("Start [dim](UTC, YYYY-MM-DD HH:MM — empty: now)[/dim]")
            yield Input(placeholder="now", id="compare-start")
            yield Static(
                "[dim]Object-level and value comparisons cannot run at the same time.[/dim]", id="compare-create-note"
            )
            yield Static("", id="compare-create-error", classes="compare-create-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Create (ctrl+s)", id="compare-create-ok", variant="primary")
                yield Button("Cancel (esc)", id="compare-create-cancel")

    def on_mount(self) -> None:
        self.query_one("#compare-object", Checkbox).focus()

    def _choice(self, radio_set_id: str, choices: tuple[tuple[str, Any, str], ...]) -> Any:
        pressed = self.query_one(f"#{radio_set_id}", RadioSet).pressed_button
        for rid, value, _ in choices:
            if pressed is not None and pressed.id == rid:
                return value
        return choices[0][1]

    def answer(self) -> dict[str, Any]:
        """The dialog's content as ``create_task`` keyword arguments (raises ValueError when invalid)."""
        object_level = self.query_one("#compare-object", Checkbox).value
        compare_type = self._choice("compare-data", DATA_CHOICES)
        data_level: dict[str, Any] | None = None
        if compare_type is not None:
            objects = parse_objects(self.query_one("#compare-objects", Input).value)
            start = parse_start(self.query_one("#compare-start", Input).value)
            policy = self._choice("compare-policy", POLICY_CHOICES)
            data_level = {"conflict_policy": policy, "compare_type": compare_type}
            if objects is None:
                data_level["compare_mode"] = "quick_comparison"
            else:
                data_level["compare_object_infos"] = objects
            if start is not None:
                data_level["start_time"] = start
        if not object_level and data_level is None:
            raise ValueError("Choose an object-level comparison, a data-level comparison, or both.")
        return {"object_level": object_level, "data_level": data_level}

    def validate(self, answer: dict[str, Any]) -> None:
        """Validate with the 4.1.17 request model (the API's own rules); raises on a violation."""
        from ...api.models.compare_tasks import CreateCompareTaskParams

        CreateCompareTaskParams.model_validate(
            {
                "job_id": self.job_id,
                "object_level_compare_type": "objects" if answer["object_level"] else None,
                "data_level_compare_info": answer["data_level"],
            }
        )

    def action_submit(self) -> None:
        from .actions import validation_message

        error = self.query_one("#compare-create-error", Static)
        try:
            answer = self.answer()
            self.validate(answer)
        except Exception as exc:  # ValueError from the fields, pydantic.ValidationError from the model
            error.update(f"[b red]✗ {escape(validation_message(exc))}[/]\n[dim]Nothing was sent.[/dim]")
            return
        error.update("")
        self.dismiss(answer)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_input_submitted(self, _: Input.Submitted) -> None:
        self.action_submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "compare-create-ok":
            self.action_submit()
        else:
            self.dismiss(None)


class AskScreen(ModalScreen[str | None]):
    """One line of text (Enter accepts, Esc cancels)."""

    CSS_PATH = _CSS
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="ask.cancel")]

    def __init__(self, title: str, prompt: str, value: str = "", *, accept: str = "OK") -> None:
        super().__init__()
        self.title_text = title
        self.prompt = prompt
        self.initial = value
        self.accept = accept

    def compose(self) -> ComposeResult:
        with Vertical(id="ask-dialog", classes="dialog"):
            yield Static(f"[b]{escape(self.title_text)}[/b]", classes="dialog-title")
            yield Label(escape(self.prompt))
            yield Input(self.initial, id="ask-input")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.accept} (enter)", id="ask-ok", variant="primary")
                yield Button("Cancel (esc)", id="ask-cancel")

    def on_mount(self) -> None:
        self.query_one("#ask-input", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._accept(event.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ask-ok":
            self._accept(self.query_one("#ask-input", Input).value)
        else:
            self.dismiss(None)

    def _accept(self, value: str) -> None:
        if value.strip():
            self.dismiss(value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


class ExportPathScreen(ModalScreen[tuple[str, int | None] | None]):
    """Where to write the comparison workbook (pre-filled, editable) and an optional cap on the
    differing rows exported per table. Dismisses with ``(path, max_rows or None)``."""

    CSS_PATH = _CSS
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="export_path.cancel")]

    def __init__(self, default_path: str, *, what: str = "the comparison results") -> None:
        super().__init__()
        self.default_path = default_path
        self.what = what

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog", classes="dialog"):
            yield Static("[b]Export to Excel[/b]", classes="dialog-title")
            yield Label(f"Write {escape(self.what)} to this .xlsx file:")
            yield Input(self.default_path, id="export-path")
            yield Label("Differing rows per table [dim](empty: all of them — a large table can take minutes)[/dim]")
            yield Input("", placeholder="all", id="export-max-rows")
            yield Static("", id="export-error", classes="compare-create-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export (enter)", id="export-ok", variant="primary")
                yield Button("Cancel (esc)", id="export-cancel")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    def answer(self) -> tuple[str, int | None]:
        path = self.query_one("#export-path", Input).value.strip()
        if not path:
            raise ValueError("Give the path of the .xlsx file to write.")
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        text = self.query_one("#export-max-rows", Input).value.replace(",", "").replace("_", "").strip()
        if not text:
            return path, None
        if not text.isdigit() or int(text) < 1:
            raise ValueError(f"{text!r}: give a positive number of rows, or leave it empty for all rows.")
        return path, int(text)

    def _submit(self) -> None:
        try:
            result = self.answer()
        except ValueError as exc:
            self.query_one("#export-error", Static).update(f"[b red]✗ {escape(str(exc))}[/]")
            return
        self.dismiss(result)

    def on_input_submitted(self, _: Input.Submitted) -> None:
        self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export-ok":
            self._submit()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
