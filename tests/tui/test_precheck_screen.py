"""Pre-check screen against the local DRS: run with progress, problems first, details, re-check, read-only."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from textual import events
from textual.screen import Screen
from textual.widgets import ProgressBar, Static

import drstui.tui.app as app_module
from drstui.api import DrsClient
from drstui.local.state import LocalDrs
from drstui.service.service import DrsService
from drstui.tui.app import DrsApp
from drstui.tui.screens.confirm import ConfirmScreen
from drstui.tui.screens.precheck import RESULT_ORDER, PrecheckScreen
from drstui.tui.widgets.frame_table import FrameTable

from ..local.test_job_actions_handlers import configured, job_body

PRECHECK_DONE_S = 11  # simulated seconds after which a local pre-check has finished


class CountingTransport(httpx.HTTPTransport):
    """Loopback transport that records every request sent (method, path)."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[tuple[str, str]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append((request.method, request.url.path))
        return super().handle_request(request)

    def count(self, suffix: str, method: str = "POST") -> int:
        return sum(1 for m, p in self.sent if m == method and p.endswith(suffix))


class ScreenApp(DrsApp):
    """`DrsApp` opening one screen instead of the task list."""

    CSS_PATH = str(Path(app_module.__file__).with_name("app.tcss"))

    def __init__(self, make_screen: Callable[[], Screen[Any]], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.make_screen = make_screen

    def on_mount(self, event: events.Mount) -> None:
        event.prevent_default()  # not DrsApp.on_mount: no task list
        self.push_screen(self.make_screen())
        self.connect_service()


def make_app(server: Any, make_screen: Callable[[], Screen[Any]], *, read_only: bool = False,
             transport: httpx.BaseTransport | None = None) -> ScreenApp:  # fmt: skip
    def factory() -> DrsService:
        return DrsService(DrsClient(**server.client_kwargs(), transport=transport))

    return ScreenApp(make_screen, service_factory=factory, auto_refresh=False, clock=lambda: 1000.0, read_only=read_only)


def ready_task(client: DrsClient, drs: LocalDrs) -> str:
    """A MySQL migration task in CONFIGURATION: connections tested, configured, objects selected."""
    job_id = configured(client, drs)
    assert client.jobs.select_objects(job_id=job_id).results[0].ok
    return job_id


async def settle(pilot: Any) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def wait_until(pilot: Any, condition: Callable[[], bool], tries: int = 200) -> None:
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("condition not reached")


def static_text(app: Any, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


@pytest.fixture(autouse=True)
def fast_polling(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(PrecheckScreen, "poll_interval", 0.02)


def _ranks(frame: Any) -> list[int]:
    return [RESULT_ORDER.index(str(r)) for r in frame["result"]]


async def test_run_precheck_to_completion_with_progress(drs, server, client) -> None:
    drs.fail_share = 1.0
    job_id = ready_task(client, drs)
    transport = CountingTransport()
    app = make_app(server, lambda: PrecheckScreen(job_id), transport=transport)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PrecheckScreen)
        assert "No pre-check has been run yet" in static_text(app, "#precheck-state")
        assert "DRS.M00300" in static_text(app, "#precheck-detail")
        assert "orders-migr-01" in static_text(app, "#precheck-title")

        await pilot.press("r")
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        (req,) = confirm.requests
        assert (req.method, req.path.endswith("/jobs/batch-precheck")) == ("POST", True)
        assert job_id in req.body and "forStartJob" in req.body
        assert transport.count("/jobs/batch-precheck") == 0  # nothing sent before confirming

        await pilot.press("y")
        bar = screen.query_one("#precheck-progress", ProgressBar)
        await wait_until(pilot, lambda: screen.running)
        drs.clock.advance(5)
        await wait_until(pilot, lambda: 0 < (bar.progress or 0) < 100)
        assert bar.progress == client.jobs.precheck_results(job_id).results[0].process_percent  # the API's "NN%"
        assert "checking" in static_text(app, "#precheck-state")
        table = screen.query_one(FrameTable)
        assert 0 < table.row_count < 39  # items arrive as the check runs

        drs.clock.advance(PRECHECK_DONE_S - 5)
        await settle(pilot)
        assert bar.progress == 100
        assert not screen.running
        assert transport.count("/jobs/batch-precheck") == 1
        assert transport.count("/jobs/batch-precheck-result") >= 3  # polled
        full = client.jobs.precheck_results(job_id).results[0]
        assert table.row_count == len(full.precheck_result)
        failed = len(full.failed_items)
        assert failed >= 1
        counts = static_text(app, "#precheck-counts")
        assert f"FAILED {failed}" in counts and f"ALARM {len(full.alarm_items)}" in counts
        assert f"pass rate {full.passed_rate_percent:.0f}%" in counts
        assert "Finished — failed" in static_text(app, "#precheck-state")
        assert table.cursor == 0 and table.cursor_row["result"] == "FAILED"  # the first problem is shown
        assert table.cursor_row["item"] in static_text(app, "#precheck-detail")


async def test_problems_listed_first_with_reason_and_suggestion(drs, server, client) -> None:
    drs.fail_share = 1.0
    job_id = ready_task(client, drs)
    client.jobs.precheck(job_id)
    drs.clock.advance(PRECHECK_DONE_S)
    app = make_app(server, lambda: PrecheckScreen(job_id))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        table = screen.query_one(FrameTable)
        view = table.view_frame
        ranks = _ranks(view)
        assert ranks == sorted(ranks) and ranks[0] == 0  # FAILED first, then ALARM, then PASSED
        problems = view[view["result"].astype(str) != "PASSED"]
        for _, block in problems.groupby(problems["result"].astype(str)):
            assert list(block["group"]) == sorted(block["group"])  # grouped by group within a result

        first = table.cursor_row
        assert first["result"] == "FAILED"
        detail = static_text(app, "#precheck-detail")
        assert first["failed_reason"] in detail
        assert first["raw_error_msg"][:40] in detail
        assert "What to do" in detail

        # An item whose error carries a DRS code shows the service's A.3 suggestion.
        screen._show_detail({**first, "error_code": "DRS.M00289", "suggestion": "Contact technical support."})
        detail = static_text(app, "#precheck-detail")
        assert "DRS.M00289" in detail and "Contact technical support." in detail

        # Only problems: FAILED and ALARM rows remain, in the same order.
        await pilot.press("o")
        await pilot.pause()
        assert table.row_count == len(problems)
        assert set(table.view_frame["result"].astype(str)) <= {"FAILED", "ALARM"}
        await pilot.press("o")
        await pilot.pause()
        assert table.row_count == len(view)


async def test_alarm_items_come_before_passed(drs, server, client) -> None:
    drs.fail_share = 0.0
    job_ids = [ready_task(client, drs) for _ in range(1)]
    job_id = job_ids[0]
    # Re-run until the simulated check raises at least one ALARM (each run reseeds the items).
    for _ in range(10):
        client.jobs.precheck(job_id)
        drs.clock.advance(PRECHECK_DONE_S)
        if client.jobs.precheck_results(job_id).results[0].alarm_items:
            break
    alarms = len(client.jobs.precheck_results(job_id).results[0].alarm_items)
    assert alarms
    app = make_app(server, lambda: PrecheckScreen(job_id))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        view = app.screen.query_one(FrameTable).view_frame
        assert list(view["result"].astype(str)[:alarms]) == ["ALARM"] * alarms
        assert f"ALARM {alarms}" in static_text(app, "#precheck-counts")
        assert "passed with" in static_text(app, "#precheck-state")


async def test_recheck_runs_again_after_confirmation(drs, server, client) -> None:
    drs.fail_share = 1.0
    job_id = ready_task(client, drs)
    client.jobs.precheck(job_id)
    drs.clock.advance(PRECHECK_DONE_S)
    transport = CountingTransport()
    app = make_app(server, lambda: PrecheckScreen(job_id), transport=transport)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        bar = screen.query_one("#precheck-progress", ProgressBar)
        assert bar.progress == 100
        assert "Pre-check: re-check" in [c.title for c in screen.palette_commands()]

        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert any("replaced" in w for w in app.screen.warnings)
        await pilot.press("n")  # cancelled: nothing sent
        await pilot.pause()
        assert app.screen is screen
        assert transport.count("/jobs/batch-precheck") == 0

        await pilot.press("r")
        await pilot.pause()
        await pilot.press("y")
        await wait_until(pilot, lambda: screen.running)
        assert bar.progress == 0
        drs.clock.advance(PRECHECK_DONE_S)
        await settle(pilot)
        assert transport.count("/jobs/batch-precheck") == 1
        assert bar.progress == 100 and not screen.running
        assert screen.query_one(FrameTable).row_count == 39


async def test_read_only_hides_recheck_but_shows_results(drs, server, client) -> None:
    job_id = ready_task(client, drs)
    client.jobs.precheck(job_id)
    drs.clock.advance(PRECHECK_DONE_S)
    transport = CountingTransport()
    app = make_app(server, lambda: PrecheckScreen(job_id), read_only=True, transport=transport)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.query_one(FrameTable).row_count == 39
        shown = {b.binding.action for b in screen.active_bindings.values() if screen.check_action(b.binding.action, ())}
        assert "recheck" not in shown and "reload" in shown
        titles = [c.title for c in screen.palette_commands()]
        assert "Pre-check: re-check" not in titles and "Pre-check: reload results" in titles
        await pilot.press("r")
        await pilot.pause()
        assert app.screen is screen  # no confirmation, nothing sent
        assert transport.count("/jobs/batch-precheck") == 0


async def test_precheck_refused_reports_per_task_error(drs, server, client) -> None:
    job_id = configured(client, drs, job_body("orders-migr-02"))  # objects not selected yet
    app = make_app(server, lambda: PrecheckScreen(job_id))
    notes: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.notify = lambda message, **kw: notes.append(str(message))  # type: ignore[method-assign]
        app.screen.notify = app.notify  # type: ignore[method-assign]
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert any(job_id in n and "DRS.M00300" in n for n in notes)
        assert "not started" in static_text(app, "#precheck-state")
