"""The comparisons screen against the local DRS: list, create, rules, drill-down, paging, cancel, export."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.screen import Screen
from textual.widgets import Checkbox, Input, RadioButton, Static

import drstui.tui.app as app_module
from drstui.api import DrsClient
from drstui.local.handlers.compare import BIG_DIFF_DB, BIG_DIFF_ROWS, BIG_DIFF_TABLE, KIND
from drstui.service.service import DrsService
from drstui.tui.app import DrsApp
from drstui.tui.screens.actions import ActionResultsScreen
from drstui.tui.screens.compare_create import CompareCreateScreen, ExportPathScreen, parse_objects, parse_start
from drstui.tui.screens.compare_drill import (
    ContentDetailsScreen,
    ContentDifferencesScreen,
    ContentOverviewScreen,
    LineOverviewScreen,
    LineTablesScreen,
    ObjectDetailsScreen,
    ObjectOverviewScreen,
    inconsistent_first,
)
from drstui.tui.screens.comparisons import ComparisonsScreen, default_export_path
from drstui.tui.screens.confirm import ConfirmScreen
from drstui.tui.widgets.frame_table import FrameTable

from ..factories import mysql_migration_task

# ---------------------------------------------------------------------------
# Helpers (the snapshot tests import them too)
# ---------------------------------------------------------------------------


class CompareApp(DrsApp):
    """`DrsApp` that opens ``first()`` instead of the task list."""

    CSS_PATH = str(Path(app_module.__file__).with_name("app.tcss"))

    def __init__(self, first: Callable[[], Screen[Any]], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.first = first

    def on_mount(self, event: Any) -> None:
        event.prevent_default()  # not DrsApp.on_mount: no task list underneath
        self.push_screen(self.first())
        self.connect_service()


def make_app(server: Any, first: Callable[[], Screen[Any]], **kwargs: Any) -> CompareApp:
    kwargs.setdefault("auto_refresh", False)
    kwargs.setdefault("clock", lambda: 1000.0)
    return CompareApp(first, service_factory=lambda: DrsService(DrsClient(**server.client_kwargs())), **kwargs)


def make_task(drs: Any, tenant: Any, *, name: str = "orders-migr-01", status: str = "INCRE_TRANSFER_STARTED",
              dbs: tuple[str, ...] = (BIG_DIFF_DB, "crm")) -> Any:  # fmt: skip
    """A MySQL migration task forced into ``status`` (saved), with ``dbs`` selected."""
    return mysql_migration_task(drs, tenant, name=name, status=status, dbs=dbs, rng_tag="tui-compare-task")


def finished_comparisons(drs: Any, client: Any, job_id: str) -> dict[str, str]:
    """An object-level, a row and a value comparison of ``job_id``, all finished."""
    created = client.compare.create_task(job_id, object_level=True)
    ids = {"object": created.object_level_compare_create_result.compare_task_id}
    ids["lines"] = client.compare.create_table_job(job_id, "lines", compare_mode="quick_comparison").id
    drs.clock.advance(120)  # the object comparison must end before a value comparison may start
    ids["contents"] = client.compare.create_table_job(job_id, "contents", compare_mode="quick_comparison").id
    drs.clock.advance(120)
    return ids


async def settle(pilot: Any, app: Any, rounds: int = 3) -> None:
    for _ in range(rounds):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


async def wait_for(pilot: Any, app: Any, check: Callable[[], bool], timeout: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not check():
        if loop.time() > end:
            raise AssertionError("condition not met in time")
        await pilot.pause(0.05)
        await app.workers.wait_for_complete()


def store_comparisons(drs: Any, job_id: str) -> list[dict[str, Any]]:
    return drs.store.docs_for_job(KIND, job_id)


def table_of(screen: Screen[Any]) -> FrameTable:
    return screen.query_one(FrameTable)


def column(screen: Screen[Any], name: str) -> list[str]:
    frame = table_of(screen).view_frame
    assert frame is not None
    return [str(v) for v in frame[name].astype("string").fillna("")]


@pytest.fixture
def task(drs, tenant):
    return make_task(drs, tenant)


# ---------------------------------------------------------------------------
# Pure helpers
# ---------------------------------------------------------------------------


def test_default_export_path_names_task_and_time():
    path = default_export_path("orders migr/01", datetime(2026, 1, 31, 22, 5, 9))
    assert path == "./drs-compare-orders_migr_01-20260131-220509.xlsx"


def test_parse_objects_and_start():
    assert parse_objects("") is None
    assert parse_objects("shop, crm.orders crm.leads") == [
        {"db_name": "shop", "table_name": []},
        {"db_name": "crm", "table_name": ["orders", "leads"]},
    ]
    with pytest.raises(ValueError, match="database.table"):
        parse_objects("crm.")
    assert parse_start("") is None
    assert parse_start("2026-01-31 22:00") == datetime(2026, 1, 31, 22, 0, tzinfo=UTC)
    with pytest.raises(ValueError, match="YYYY-MM-DD HH:MM"):
        parse_start("tomorrow")


def test_inconsistent_first_orders_by_result_then_difference():
    import pandas as pd

    df = pd.DataFrame(
        {"name": ["a", "b", "c", "d"], "consistent": pd.array([True, False, None, False], dtype="boolean"),
         "difference": pd.array([0, 5, 1, 50], dtype="Int64")}  # fmt: skip
    )
    assert inconsistent_first(df, by_difference="difference")["name"].tolist() == ["d", "b", "c", "a"]


# ---------------------------------------------------------------------------
# The list
# ---------------------------------------------------------------------------


async def test_lists_comparisons_newest_first(drs, server, client, task):
    client.compare.create_table_job(task.id, "lines", compare_mode="quick_comparison")
    drs.clock.advance(5)
    obj = client.compare.create_task(task.id, object_level=True).object_level_compare_create_result.compare_task_id
    app = make_app(server, lambda: ComparisonsScreen(task.id))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, ComparisonsScreen)
        assert column(screen, "type") == ["object_comparison", "lines"]
        assert column(screen, "status") == ["RUNNING", "RUNNING"]
        assert column(screen, "compare_id")[0] == obj
        title = str(screen.query_one("#compare-title", Static).render())
        assert "orders-migr-01" in title and task.id in title and "INCRE_TRANSFER_STARTED" in title
        assert "2 running" in str(screen.query_one("#compare-state", Static).render())
        detail = str(screen.query_one("#compare-detail", Static).render())
        assert "Object-level comparison" in detail and obj in detail


async def test_list_refreshes_on_interval_until_running_ones_succeed(drs, server, client, task):
    client.compare.create_table_job(task.id, "lines", compare_mode="quick_comparison")
    app = make_app(server, lambda: ComparisonsScreen(task.id), auto_refresh=True, refresh_interval=0.1)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        assert column(screen, "status") == ["RUNNING"]
        assert "refreshing every 0.1 s" in str(screen.query_one("#compare-state", Static).render())
        loads = screen.loads
        drs.clock.advance(120)
        await wait_for(pilot, app, lambda: column(screen, "status") == ["SUCCESSFUL"])
        assert screen.loads > loads
        assert column(screen, "end_time") != [""]


async def test_refresh_never_overlaps(server, task):
    app = make_app(server, lambda: ComparisonsScreen(task.id), auto_refresh=True, refresh_interval=0.05)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        for _ in range(10):
            running = [w for w in app.workers if w.group == "compare-list" and w.is_running]
            assert len(running) <= 1
            await pilot.pause(0.03)
        assert screen.loads >= 2


# ---------------------------------------------------------------------------
# Creating
# ---------------------------------------------------------------------------


async def _open_create(pilot: Any, app: Any) -> CompareCreateScreen:
    await settle(pilot, app)
    await pilot.press("c")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, CompareCreateScreen)
    return dialog


async def test_create_row_comparison_after_confirming_the_exact_request(drs, server, task, tenant):
    app = make_app(server, lambda: ComparisonsScreen(task.id))
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await _open_create(pilot, app)
        assert dialog.query_one("#data-lines", RadioButton).value is True
        dialog.query_one("#compare-objects", Input).value = "shop, crm.contacts"
        await pilot.press("ctrl+s")
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        request = confirm.requests[0]
        assert (request.method, request.path) == ("POST", f"/v3/{tenant.project_id}/jobs/create-compare-task")
        assert '"compare_type": "lines"' in request.body and '"conflict_policy": "cancel"' in request.body
        assert '"db_name": "shop"' in request.body and '"contacts"' in request.body
        assert store_comparisons(drs, task.id) == []  # nothing sent before the confirmation
        await pilot.press("y")
        await settle(pilot, app)
        docs = store_comparisons(drs, task.id)
        assert [d["type"] for d in docs] == ["lines"]
        screen = app.screen
        assert isinstance(screen, ComparisonsScreen)
        assert column(screen, "compare_id") == [docs[0]["id"]]
        assert column(screen, "status") == ["RUNNING"]


async def test_create_value_comparison(drs, server, task):
    app = make_app(server, lambda: ComparisonsScreen(task.id))
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await _open_create(pilot, app)
        dialog.query_one("#data-contents", RadioButton).value = True
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert '"compare_type": "contents"' in confirm.requests[0].body
        assert '"compare_mode": "quick_comparison"' in confirm.requests[0].body
        await pilot.press("y")
        await settle(pilot, app)
        assert [d["type"] for d in store_comparisons(drs, task.id)] == ["contents"]
        assert column(app.screen, "type") == ["contents"]


async def test_object_and_value_together_is_refused_with_the_api_rule(drs, server, task):
    app = make_app(server, lambda: ComparisonsScreen(task.id))
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await _open_create(pilot, app)
        dialog.query_one("#compare-object", Checkbox).value = True
        dialog.query_one("#data-contents", RadioButton).value = True
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert app.screen is dialog  # stays open, shows why
        error = str(dialog.query_one("#compare-create-error", Static).render())
        assert "cannot be requested together" in error and "Nothing was sent" in error
        assert store_comparisons(drs, task.id) == []
        # object-level + row comparison is allowed
        dialog.query_one("#data-lines", RadioButton).value = True
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot, app)
        assert sorted(d["type"] for d in store_comparisons(drs, task.id)) == ["lines", "object"]


async def test_value_comparison_while_object_comparison_runs_shows_the_api_error(drs, server, client, task):
    client.compare.create_task(task.id, object_level=True)
    app = make_app(server, lambda: ComparisonsScreen(task.id))
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await _open_create(pilot, app)
        dialog.query_one("#data-contents", RadioButton).value = True
        await pilot.pause()
        await pilot.press("ctrl+s", "y")
        await settle(pilot, app)
        results = app.screen
        assert isinstance(results, ActionResultsScreen)
        row = results.results.iloc[0]
        assert not bool(row["ok"]) and row["error_code"] == "DRS.10000024"
        assert "value comparison cannot run" in row["error_msg"]


async def test_comparison_on_a_task_not_replicating_shows_the_api_error(drs, server, tenant):
    rec = make_task(drs, tenant, name="paused-01", status="FULL_TRANSFER_STARTED")
    app = make_app(server, lambda: ComparisonsScreen(rec.id))
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await _open_create(pilot, app)
        assert "FULL_TRANSFER_STARTED" in str(dialog.query_one(".compare-create-warning", Static).render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert any("INCRE_TRANSFER_STARTED" in w for w in confirm.warnings)
        await pilot.press("y")
        await settle(pilot, app)
        results = app.screen
        assert isinstance(results, ActionResultsScreen)
        row = results.results.iloc[0]
        assert row["error_code"] == "DRS.10000024" and "INCRE_TRANSFER_STARTED" in row["error_msg"]
        assert store_comparisons(drs, rec.id) == []


async def test_cancel_in_dialog_sends_nothing(drs, server, task):
    app = make_app(server, lambda: ComparisonsScreen(task.id))
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_create(pilot, app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("n")
        await settle(pilot, app)
        assert isinstance(app.screen, ComparisonsScreen)
        assert store_comparisons(drs, task.id) == []


# ---------------------------------------------------------------------------
# Cancel and start now
# ---------------------------------------------------------------------------


async def test_cancel_running_comparison(drs, server, client, task, tenant):
    cid = client.compare.create_table_job(task.id, "lines", compare_mode="quick_comparison").id
    app = make_app(server, lambda: ComparisonsScreen(task.id))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        assert screen.check_action("cancel_comparison", ()) is True
        assert screen.check_action("start_now", ()) is None  # running, not scheduled
        await pilot.press("x")
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen) and confirm.destructive
        assert (confirm.requests[0].method, confirm.requests[0].path) == (
            "DELETE", f"/v3/{tenant.project_id}/jobs/{task.id}/compare/{cid}")
        await pilot.press("y")
        await settle(pilot, app)
        assert column(screen, "status") == ["CANCELLED"]
        assert screen.check_action("cancel_comparison", ()) is None


async def test_start_scheduled_comparison_now(drs, server, client, task, tenant):
    later = datetime.fromtimestamp(drs.clock.now_ms() / 1000, tz=UTC) + timedelta(hours=2)
    cid = client.compare.create_table_job(task.id, "lines", compare_mode="quick_comparison", start_time=later).id
    app = make_app(server, lambda: ComparisonsScreen(task.id))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        assert column(screen, "status") == ["WAITING_FOR_RUNNING"]
        await pilot.press("s")
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert confirm.requests[0].path == f"/v3/{tenant.project_id}/jobs/{task.id}/table/compare/{cid}"
        await pilot.press("y")
        await settle(pilot, app)
        assert column(screen, "status") == ["RUNNING"]


async def test_read_only_hides_actions(drs, server, client, task):
    client.compare.create_table_job(task.id, "lines", compare_mode="quick_comparison")
    app = make_app(server, lambda: ComparisonsScreen(task.id), read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        for action in ("create", "cancel_comparison", "start_now"):
            assert screen.check_action(action, ()) is False
        shown = {b.binding.action for b in screen.active_bindings.values()}
        assert {"create", "cancel_comparison", "start_now"}.isdisjoint(shown)
        assert {"export", "reload"} <= shown
        names = " ".join(c.title for c in screen.palette_commands())
        assert "new comparison" not in names and "cancel" not in names and "export" in names
        await pilot.press("c", "x", "s")
        await settle(pilot, app)
        assert app.screen is screen
        docs = store_comparisons(drs, task.id)
        assert len(docs) == 1 and docs[0]["cancelled_ms"] is None


# ---------------------------------------------------------------------------
# Drill-down
# ---------------------------------------------------------------------------


async def test_drill_down_through_every_level(drs, server, client, task):
    ids = finished_comparisons(drs, client, task.id)
    app = make_app(server, lambda: ComparisonsScreen(task.id))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        top = app.screen
        assert column(top, "type") == ["contents", "lines", "object_comparison"]
        assert column(top, "status") == ["SUCCESSFUL"] * 3

        # object-level: overview → details
        table_of(top).move_to_key(ids["object"])
        await pilot.press("enter")
        await settle(pilot, app)
        overview = app.screen
        assert isinstance(overview, ObjectOverviewScreen)
        consistent = column(overview, "consistent")
        assert consistent[0] == "False" and "True" in consistent
        assert consistent == sorted(consistent, key=lambda v: {"False": 0, "": 1, "True": 2}[v])
        await pilot.press("enter")
        await settle(pilot, app)
        details = app.screen
        assert isinstance(details, ObjectDetailsScreen)
        assert details.object_type == column(overview, "type")[0]
        assert column(details, "consistent")[0] == "False"
        shown = str(details.query_one("#drill-detail", Static).render())
        assert "Source object" in shown and "inconsistent" in shown
        await pilot.press("escape", "escape")
        await pilot.pause()

        # row comparison: per database → per table
        table_of(top).move_to_key(ids["lines"])
        await pilot.press("enter")
        await settle(pilot, app)
        lines = app.screen
        assert isinstance(lines, LineOverviewScreen)
        assert set(column(lines, "source_db")) == {BIG_DIFF_DB, "crm"}
        table_of(lines).move_to_key(BIG_DIFF_DB)
        await pilot.press("enter")
        await settle(pilot, app)
        tables = app.screen
        assert isinstance(tables, LineTablesScreen) and tables.db_name == BIG_DIFF_DB
        assert column(tables, "source_table")[0] == BIG_DIFF_TABLE  # the largest difference first
        assert column(tables, "consistent")[0] == "False"
        frame = table_of(tables).view_frame
        assert int(frame.iloc[0]["difference"]) == int(frame.iloc[0]["source_rows"]) - int(frame.iloc[0]["target_rows"])
        await pilot.press("escape", "escape")
        await pilot.pause()

        # value comparison: per database → per table → differing rows
        table_of(top).move_to_key(ids["contents"])
        await pilot.press("enter")
        await settle(pilot, app)
        values = app.screen
        assert isinstance(values, ContentOverviewScreen)
        table_of(values).move_to_key(BIG_DIFF_DB)
        await pilot.press("enter")
        await settle(pilot, app)
        vdetails = app.screen
        assert isinstance(vdetails, ContentDetailsScreen)
        assert column(vdetails, "source_table")[0] == BIG_DIFF_TABLE
        assert int(table_of(vdetails).view_frame.iloc[0]["difference"]) == BIG_DIFF_ROWS
        await pilot.press("enter")
        await settle(pilot, app)
        diffs = app.screen
        assert isinstance(diffs, ContentDifferencesScreen)
        assert (diffs.db_name, diffs.table_name, diffs.total) == (BIG_DIFF_DB, BIG_DIFF_TABLE, BIG_DIFF_ROWS)
        row = table_of(diffs).cursor_row
        assert row["select_sql"].lower().startswith("select") and row["target_select_sql"].lower().startswith("select")
        shown = str(diffs.query_one("#drill-detail", Static).render())
        assert "Source SQL" in shown and "Target SQL" in shown and "order_id" in shown


async def test_consistent_table_has_no_difference_list(drs, server, client, task):
    ids = finished_comparisons(drs, client, task.id)
    app = make_app(server, lambda: ContentDetailsScreen(task.id, ids["contents"], "crm"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        consistent = [k for k, c in zip(column(screen, "source_table"), column(screen, "consistent"), strict=True)
                      if c == "True"]  # fmt: skip
        assert consistent
        table_of(screen).move_to_key(consistent[0])
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.screen is screen


async def test_value_differences_are_paged(drs, server, client, task, monkeypatch):
    ids = finished_comparisons(drs, client, task.id)
    calls: list[tuple[int, int]] = []
    original = client.compare.__class__.content_difference

    def spy(self, *args, **kwargs):
        calls.append((kwargs["offset"], kwargs["limit"]))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(client.compare.__class__, "content_difference", spy)
    app = make_app(server, lambda: ContentDifferencesScreen(task.id, ids["contents"], BIG_DIFF_DB, BIG_DIFF_TABLE))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        table = table_of(screen)
        assert (screen.total, screen.loaded, table.row_count) == (BIG_DIFF_ROWS, 500, 500)
        assert calls == [(0, 500)]
        assert "1–500" in str(screen.query_one("#drill-state", Static).render())
        await pilot.press("n")  # the next page by key
        await settle(pilot, app)
        assert (screen.loaded, table.row_count) == (1000, 1000)
        await pilot.press("end")  # scrolling to the end of what is loaded reads the next page
        await settle(pilot, app)
        assert screen.loaded == 1500 and calls[-1] == (1000, 500)
        first_keys = column(screen, "source_key_value")
        assert len(set(first_keys)) == 1500  # pages do not overlap
        # jump near the end: a fresh window, never the rows in between
        await pilot.press("o")
        await pilot.pause()
        ask = app.screen
        ask.query_one(Input).value = "999,901"
        await pilot.press("enter")
        await settle(pilot, app)
        assert (screen.start, screen.loaded, screen.more_available) == (999_900, 100, False)
        assert calls[-1] == (999_900, 500)
        assert "999,901–1,000,000" in str(screen.query_one("#drill-state", Static).render())
        assert all(limit <= 500 for _, limit in calls) and len(calls) == 4


async def test_difference_view_stays_bounded(drs, server, client, task):
    ids = finished_comparisons(drs, client, task.id)

    class Small(ContentDifferencesScreen):
        max_loaded = 1000

    app = make_app(server, lambda: Small(task.id, ids["contents"], BIG_DIFF_DB, BIG_DIFF_TABLE))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        await pilot.press("n")
        await settle(pilot, app)
        assert screen.loaded == 1000
        await pilot.press("end")  # at the cap: no automatic read
        await settle(pilot, app)
        assert screen.loaded == 1000
        await pilot.press("n")  # continues in a new window after the shown rows
        await settle(pilot, app)
        assert (screen.start, screen.loaded) == (1000, 500)


# ---------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------


async def test_export_writes_an_xlsx_that_openpyxl_opens(drs, server, client, task, tmp_path):
    finished_comparisons(drs, client, task.id)
    target = tmp_path / "report.xlsx"
    app = make_app(server, lambda: ComparisonsScreen(task.id))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportPathScreen)
        default = dialog.query_one("#export-path", Input).value
        assert default.startswith("./drs-compare-orders-migr-01-") and default.endswith(".xlsx")
        dialog.query_one("#export-path", Input).value = str(target)
        dialog.query_one("#export-max-rows", Input).value = "2000"
        await pilot.click("#export-ok")
        await pilot.pause()
        assert screen.exporting or screen.last_export is not None
        await wait_for(pilot, app, lambda: not screen.exporting, timeout=60)
        assert screen.last_export == str(target)
        assert screen.query_one("#compare-export").has_class("hidden")
        assert any(str(target) in n.message for n in app._notifications)
    import openpyxl

    book = openpyxl.load_workbook(target, read_only=True)
    try:
        assert len(book.sheetnames) >= 2
        diffs = [n for n in book.sheetnames if n.lower().startswith("value differences")]
        assert diffs
        rows = sum(1 for _ in book[diffs[0]].iter_rows()) - 1
        assert 0 < rows <= 2000 + 1000  # capped per table (order_items) plus the smaller tables
    finally:
        book.close()


async def test_export_shows_progress(drs, server, client, task, tmp_path):
    finished_comparisons(drs, client, task.id)
    app = make_app(server, lambda: ComparisonsScreen(task.id))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        seen: list[str] = []
        original = screen._export_state

        def record(text: str, done: int | None, total: int | None) -> None:
            seen.append(f"{done}/{total}")
            original(text, done, total)

        screen._export_state = record
        screen._export_answer((str(tmp_path / "p.xlsx"), 600), None)
        await wait_for(pilot, app, lambda: not screen.exporting, timeout=60)
        assert seen[0] == "None/None" and any(s.split("/")[0] not in ("None", "0") for s in seen)
        assert (tmp_path / "p.xlsx").exists()


async def test_export_goes_on_after_leaving_the_screen(drs, server, client, task, tmp_path):
    finished_comparisons(drs, client, task.id)
    target = tmp_path / "later.xlsx"
    app = make_app(server, lambda: ComparisonsScreen(task.id))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        screen._export_answer((str(target), 500), None)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ComparisonsScreen)
        await wait_for(pilot, app, lambda: not screen.exporting, timeout=60)
        assert target.exists()
        assert any(str(target) in n.message for n in app._notifications)
