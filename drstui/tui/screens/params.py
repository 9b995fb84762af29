"""Parameter comparison of one task: source vs destination, edit destination values, apply.

4.1.9 lists the common and performance parameters of a MySQL migration / DR task in
CONFIGURATION; ``d`` keeps only those that differ, the "Restart needed" column marks the ones
whose change needs a restart. ``e`` (or Enter) edits the highlighted parameter — or each marked
one (space marks) — in a dialog that checks the value against its range and type before
anything is sent; edits wait in "Pending changes" until ``a`` applies them through 4.1.10
(one request per group) after a confirmation listing every change and the restarts. The
result of each parameter is shown, then the comparison is read again. A task that does not
support parameters shows the DRS error code and what to do instead of a table.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, ClassVar

from rich.markup import escape
from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widgets import Footer, Header, Static

from ..errors import describe_error
from ..messages import TasksChanged
from ..widgets.frame_table import FrameTable
from ._common import TaskScreen
from ._common import cell_text as _text
from ._common import cell_true as _true
from .confirm import ConfirmScreen, RequestPreview
from .param_edit import ParamEditScreen

if TYPE_CHECKING:
    import pandas as pd

    from ...service.columns import FrameSpec

__all__ = ["ParamsScreen", "PendingChange", "params_table_spec"]

TABLE_COLUMNS = ("key", "source_value", "target_value", "differs", "need_restart", "value_range", "group", "data_type")

#: Narrower display widths than the spec's defaults so the comparison fits 120 columns.
_WIDTHS = {"key": 31, "source_value": 16, "target_value": 16, "value_range": 22}


def params_table_spec() -> FrameSpec:
    """FRAMES["params"] with display widths for the screen (labels and dtypes unchanged)."""
    from ...service.columns import FRAMES, FrameSpec

    spec = FRAMES["params"]
    cols = tuple(replace(c, width=_WIDTHS[c.name]) if c.name in _WIDTHS else c for c in spec.columns)
    return FrameSpec(spec.name, cols, spec.title)


@dataclass(frozen=True)
class PendingChange:
    """One destination value waiting to be applied."""

    key: str
    group: str
    old: str | None
    new: str
    need_restart: bool


@dataclass(frozen=True)
class ChangeResult:
    """The outcome of one applied change."""

    change: PendingChange
    ok: bool
    error_code: str | None = None
    error_msg: str | None = None
    suggestion: str | None = None
    detail: str | None = None


class ParamsScreen(TaskScreen):
    """Source vs destination database parameters of one task, with editing of destination values."""

    CSS_PATH = "params.tcss"
    TITLE_LABEL = "Parameter comparison"
    TITLE_ID = "params-title"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="params.back"),
        Binding(
            "d", "toggle_differences", "Only differences", tooltip="Show only parameters that differ",
            id="params.differences",
        ),
        Binding(
            "e", "edit", "Edit value", tooltip="Edit the destination value (marked rows, or the highlighted one)",
            id="params.edit",
        ),
        Binding(
            "x", "discard", "Discard edit", tooltip="Drop the pending edit of the highlighted parameter",
            id="params.discard",
        ),
        Binding("a", "apply", "Apply changes", tooltip="Send the pending changes (asks first)", id="params.apply"),
        Binding("f5", "reload", "Reload", tooltip="Read the parameters from the databases again", id="params.reload"),
    ]

    only_differences: reactive[bool] = reactive(False, init=False)
    """Show only parameters whose source and destination values differ."""

    def __init__(self, job_id: str) -> None:
        super().__init__()
        self.job_id = job_id
        self.task_name: str | None = None
        self.task_status: str | None = None
        self.pending: dict[str, PendingChange] = {}
        self.last_results: list[ChangeResult] = []
        self._frame: pd.DataFrame | None = None
        self._error: str | None = None
        self.sub_title = f"Parameters · {job_id}"

    # -- layout ----------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="params-top"):
            yield Static(self._title_markup(), id="params-title")
            yield Static("loading parameters…", id="params-summary")
        yield Static("", id="params-error", classes="hidden")
        yield FrameTable(
            params_table_spec(),
            columns=TABLE_COLUMNS,
            key="key",
            multi_select=True,
            id="params-table",
            empty_text="No parameters.",
        )
        with VerticalScroll(id="params-detail-box"):
            yield Static("", id="params-detail")
            yield Static("", id="params-pending")
            yield Static("", id="params-results")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(FrameTable).focus()
        self.app.when_ready(self._service_ready)

    def _service_ready(self, _service: Any) -> None:
        self.refresh_bindings()
        self.load(load_task=True)

    # -- bindings and palette ------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "apply", "discard"):
            return not self._read_only()
        return True

    def palette_commands(self) -> list[SystemCommand]:
        commands = [
            SystemCommand(
                "Parameters: only differences", "Toggle showing only parameters that differ",
                self.action_toggle_differences,
            ),
            SystemCommand("Parameters: reload", "Read the parameters from the databases again", self.action_reload),
            SystemCommand("Parameters: pre-check", "Open the pre-check of this task", self.action_open_precheck),
        ]
        if not self._read_only():
            commands[1:1] = [
                SystemCommand(
                    "Parameters: edit value", "Edit the destination value of the highlighted parameter", self.action_edit
                ),
                SystemCommand("Parameters: apply changes", "Send the pending parameter changes", self.action_apply),
            ]
        return commands

    def action_open_precheck(self) -> None:
        from .precheck import PrecheckScreen

        self.app.push_screen(PrecheckScreen(self.job_id))

    # -- loading -------------------------------------------------------------------
    def action_reload(self) -> None:
        if self.app.service is None:
            self.notify("Not connected yet.", severity="warning", timeout=3)
            return
        self.load()

    @work(thread=True, exclusive=True, group="params", exit_on_error=False)
    def load(self, load_task: bool = False) -> None:
        """Read the task (4.1.21) and its parameters (4.1.9, refresh)."""
        service = self.app.service
        if load_task:
            self._load_task(service, _text)
        try:
            frame = service.params([self.job_id], refresh=True)
        except Exception as exc:
            self._call(self.app.report_error, exc, title="Parameters unavailable")
            self._call(self._show_error, describe_error(exc).markup())
            return
        self._call(self._show_frame, frame)

    def _show_error(self, markup: str) -> None:
        """The task has no parameter comparison (or it failed): the error instead of a table."""
        if not self.is_attached:
            return
        self._error = markup
        box = self.query_one("#params-error", Static)
        box.update(
            "[b]Parameters are not available for this task[/b]\n"
            f"{markup}\n"
            "[dim]Parameter comparison exists for MySQL migration and MySQL DR tasks into the cloud "
            "(job_direction up) while they are in CONFIGURATION.[/dim]"
        )
        box.remove_class("hidden")
        self.query_one("#params-summary", Static).update("[b red]no parameters[/]")
        table = self.query_one(FrameTable)
        table.empty_text = "No parameters: see the error above."
        table.set_frame(self._empty_frame())
        self.query_one("#params-detail", Static).update("")

    def _empty_frame(self) -> pd.DataFrame:
        from ...service.columns import FRAMES, frame_from_rows

        return frame_from_rows(FRAMES["params"], [])

    def _show_frame(self, frame: pd.DataFrame) -> None:
        if not self.is_attached:
            return
        from ...service.frames import suggestion_for

        rows = frame[frame["key"].notna()]
        errors = frame[frame["key"].isna() & frame["error_code"].notna()]
        if rows.empty and not errors.empty:
            err = errors.iloc[0]
            code = _text(err["error_code"])
            msg = _text(err["error_message"]) or ""
            _, hint = suggestion_for(code, msg)
            lines = [f"[b]Error code[/b]  {escape(code or '')}", f"[b]Message[/b]     {escape(msg)}"]
            if hint:
                lines.append(f"[b]What to do[/b]  {escape(hint)}")
            self._show_error("\n".join(lines))
            return
        self._error = None
        self.query_one("#params-error", Static).add_class("hidden")
        self._frame = rows.reset_index(drop=True)
        self._show_rows()

    # -- showing ---------------------------------------------------------------------
    def action_toggle_differences(self) -> None:
        self.only_differences = not self.only_differences

    def watch_only_differences(self) -> None:
        self._show_rows()

    def _show_rows(self) -> None:
        if self._frame is None:
            return
        frame = self._frame
        shown = frame[frame["differs"].fillna(False).astype(bool)] if self.only_differences else frame
        table = self.query_one(FrameTable)
        table.empty_text = (
            "No differences: source and destination agree." if self.only_differences else "No parameters."
        )
        table.set_frame(shown)
        self._show_summary()
        self._show_detail(table.cursor_row)
        self._show_pending()

    def _show_summary(self) -> None:
        frame = self._frame
        if frame is None:
            return
        groups = frame["group"].astype("string").value_counts()
        by_group = " · ".join(f"{g} {groups[g]}" for g in ("common", "performance") if g in groups)
        differs = int(frame["differs"].fillna(False).astype(bool).sum())
        restart = int(frame["need_restart"].fillna(False).astype(bool).sum())
        parts = [
            f"{len(frame)} parameters ({by_group})" if by_group else f"{len(frame)} parameters",
            f"[b yellow]{differs} differ[/]" if differs else "[green]no differences[/]",
            f"{restart} need a restart",
            "[b]only differences shown[/b]" if self.only_differences else "all shown",
        ]
        self.query_one("#params-summary", Static).update(" · ".join(parts))

    def on_frame_table_row_highlighted(self, event: FrameTable.RowHighlighted) -> None:
        self._show_detail(event.row)

    def _show_detail(self, row: dict[str, Any] | None) -> None:
        box = self.query_one("#params-detail", Static)
        if not row or not _text(row.get("key")):
            box.update("")
            return
        key = _text(row.get("key")) or ""
        restart = _true(row.get("need_restart"))
        differs = _true(row.get("differs"))
        group, dtype = escape(_text(row.get("group")) or ""), escape(_text(row.get("data_type")) or "text")
        head = f"[b]{escape(key)}[/b]  [dim]{group} · {dtype}[/dim]"
        if restart:
            head += "  [b yellow]⟳ restart needed when changed[/]"
        if differs:
            head += "  [b yellow]differs[/]"
        lines = [
            head,
            f"[b]{'Source':<12}[/b]{escape(_text(row.get('source_value')) or '—')}",
            f"[b]{'Destination':<12}[/b]{escape(_text(row.get('target_value')) or '—')}",
            f"[b]{'Allowed':<12}[/b]{escape(_text(row.get('value_range')) or '—')}",
        ]
        change = self.pending.get(key)
        if change is not None:
            lines.append(f"[b]{'Pending':<12}[/b][b cyan]{escape(change.new or '(empty)')}[/]")
        box.update("\n".join(lines))

    def _show_pending(self) -> None:
        box = self.query_one("#params-pending", Static)
        if not self.pending:
            box.update("")
            return
        lines = [f"[b]Pending changes ({len(self.pending)})[/b] — a: apply · x: discard"]
        for change in self.pending.values():
            mark = "  [b yellow]⟳ restart[/]" if change.need_restart else ""
            old, new = escape(change.old or "(empty)"), escape(change.new or "(empty)")
            lines.append(f"  {escape(change.key)}: {old} → [b cyan]{new}[/]{mark}")
        box.update("\n".join(lines))

    def _show_results(self) -> None:
        box = self.query_one("#params-results", Static)
        if not self.last_results:
            box.update("")
            return
        lines = ["[b]Last apply[/b]"]
        for r in self.last_results:
            c = r.change
            if r.ok:
                note = f" ({escape(r.detail)})" if r.detail else ""
                old, new = escape(c.old or "(empty)"), escape(c.new or "(empty)")
                lines.append(f"  [green]✓[/] {escape(c.key)}: {old} → {new}{note}")
            else:
                code = f"{escape(r.error_code)}: " if r.error_code else ""
                hint = f" — {escape(r.suggestion)}" if r.suggestion else ""
                new, msg = escape(c.new or "(empty)"), escape(r.error_msg or "failed")
                lines.append(f"  [b red]✗[/] {escape(c.key)} → {new}: {code}{msg}{hint}")
        box.update("\n".join(lines))

    # -- editing ---------------------------------------------------------------------
    def _row_for(self, key: str) -> dict[str, Any] | None:
        if self._frame is None:
            return None
        hit = self._frame[self._frame["key"] == key]
        return None if hit.empty else hit.iloc[0].to_dict()

    def on_frame_table_row_selected(self, event: FrameTable.RowSelected) -> None:
        self.action_edit()

    def action_edit(self) -> None:
        if self._read_only():
            self.notify("Read-only mode: parameters cannot be changed.", severity="warning", timeout=4)
            return
        table = self.query_one(FrameTable)
        keys = [k for k in (self._frame["key"].tolist() if self._frame is not None else []) if k in table.marked]
        if not keys and table.cursor_key:
            keys = [table.cursor_key]
        if not keys:
            self.notify("No parameter selected.", timeout=3)
            return
        table.clear_marks()
        self._edit_next(keys)

    def _edit_next(self, keys: list[str]) -> None:
        """One edit dialog per parameter, one after the other."""
        if not keys:
            return
        key, rest = keys[0], keys[1:]
        row = self._row_for(key)
        if row is None:
            self._edit_next(rest)
            return
        pending = self.pending.get(key)
        dialog = ParamEditScreen(
            key,
            group=_text(row.get("group")),
            source_value=_text(row.get("source_value")),
            target_value=_text(row.get("target_value")),
            value_range=_text(row.get("value_range")),
            data_type=_text(row.get("data_type")),
            need_restart=_true(row.get("need_restart")),
            value=pending.new if pending else None,
        )

        def done(value: str | None) -> None:
            if value is not None:
                self._stage(row, value)
            self._edit_next(rest)

        self.app.push_screen(dialog, done)

    def _stage(self, row: dict[str, Any], value: str) -> None:
        key = _text(row.get("key")) or ""
        old = _text(row.get("target_value"))
        if value == (old or ""):
            if self.pending.pop(key, None) is not None:
                self.notify(f"{key}: back to the current value, edit dropped.", timeout=3)
        else:
            group = _text(row.get("group")) or "common"
            self.pending[key] = PendingChange(key, group, old, value, _true(row.get("need_restart")))
        self._show_pending()
        self._show_detail(self.query_one(FrameTable).cursor_row)

    def action_discard(self) -> None:
        key = self.query_one(FrameTable).cursor_key
        if key and self.pending.pop(key, None) is not None:
            self._show_pending()
            self._show_detail(self.query_one(FrameTable).cursor_row)
            self.notify(f"{key}: pending edit discarded.", timeout=3)

    # -- applying --------------------------------------------------------------------
    def action_apply(self) -> None:
        if self._read_only():
            self.notify("Read-only mode: parameters cannot be changed.", severity="warning", timeout=4)
            return
        service = self.app.service
        if service is None:
            self.notify("Not connected yet.", severity="warning", timeout=3)
            return
        if not self.pending:
            self.notify("No pending changes: press e to edit a destination value.", timeout=4)
            return
        groups: dict[str, dict[str, str]] = {}
        for change in self.pending.values():
            groups.setdefault(change.group, {})[change.key] = change.new
        previews = []
        try:
            for group, params in groups.items():
                method, path, body = service.describe_request(
                    "params.modify", job_id=self.job_id, params=params, group=group
                )
                previews.append(RequestPreview(method, path, body or ""))
        except Exception as exc:
            self.app.report_error(exc, title="Cannot build the request")
            return
        name = f"{self.task_name} ({self.job_id})" if self.task_name else self.job_id
        lines = [f"Set {len(self.pending)} destination parameter(s) of task {name}:"]
        for c in self.pending.values():
            mark = "   [restart needed]" if c.need_restart else ""
            lines.append(f"  {c.key}: {c.old or '(empty)'} → {c.new or '(empty)'}{mark}")
        warnings = []
        restart = [c.key for c in self.pending.values() if c.need_restart]
        if restart:
            warnings.append(
                f"{', '.join(restart)} only take effect after the destination database restarts; "
                "plan the restart before starting the task."
            )
        changes = list(self.pending.values())
        confirm = ConfirmScreen(
            "Modify destination parameters", "\n".join(lines), previews, warnings=warnings, confirm_label="Apply"
        )
        self.app.push_screen(confirm, lambda ok: self.apply_changes(changes) if ok else None)

    @work(thread=True, exclusive=True, group="params", exit_on_error=False)
    def apply_changes(self, changes: list[PendingChange]) -> None:
        """Send the changes (4.1.10, one request per group), then read the parameters again."""
        service = self.app.service
        groups: dict[str, list[PendingChange]] = {}
        for change in changes:
            groups.setdefault(change.group, []).append(change)
        results: list[ChangeResult] = []
        for group, items in groups.items():
            try:
                frame = service.modify_params(self.job_id, {c.key: c.new for c in items}, group=group)
                row = frame.iloc[0].to_dict() if not frame.empty else {"ok": False, "error_msg": "no result returned"}
            except Exception as exc:
                info = describe_error(exc)
                row = {"ok": False, "error_code": info.code, "error_msg": info.message, "suggestion": info.hint}
            for c in items:
                results.append(
                    ChangeResult(
                        c,
                        _true(row.get("ok")),
                        _text(row.get("error_code")),
                        _text(row.get("error_msg")),
                        _text(row.get("suggestion")),
                        _text(row.get("detail")),
                    )
                )
        self._call(self._applied, results)
        try:
            frame = service.params([self.job_id], refresh=True)
        except Exception as exc:
            self._call(self.app.report_error, exc, title="Parameters unavailable")
            return
        self._call(self._show_frame, frame)

    def _applied(self, results: list[ChangeResult]) -> None:
        if not self.is_attached:
            return
        self.last_results = results
        for r in results:
            if r.ok:
                self.pending.pop(r.change.key, None)
        ok = sum(r.ok for r in results)
        failed = [r for r in results if not r.ok]
        lines = [f"{ok} of {len(results)} change(s) applied to {self.job_id}."]
        for r in failed:
            lines.append(f"✗ {r.change.key}: {r.error_code + ': ' if r.error_code else ''}{r.error_msg or 'failed'}")
        if any(r.ok and r.change.need_restart for r in results):
            lines.append("⟳ Restart the destination database for the changes to take effect.")
        severity = "error" if failed else "information"
        self.notify("\n".join(lines), title="Modify parameters", severity=severity, timeout=8)
        self.post_message(TasksChanged((self.job_id,)))
        self._show_results()
        self._show_pending()
