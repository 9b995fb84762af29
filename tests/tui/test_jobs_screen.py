"""Pilot tests of the task list (home screen) against a local DRS on a frozen clock."""

from __future__ import annotations

import asyncio
import re
import socket
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

import drstui.tui.app as app_module
from drstui.api import DrsClient
from drstui.local.demo import seed_demo
from drstui.local.server import LocalServer
from drstui.local.state import LocalDrs, Tenant
from drstui.service.service import DrsService, MultiService
from drstui.tui.app import DrsApp
from drstui.tui.messages import TasksChanged
from drstui.tui.screens.confirm import ConfirmScreen
from drstui.tui.screens.jobs import ActionResultsScreen, JobsScreen
from drstui.tui.status import phase
from drstui.tui.widgets.frame_table import FrameTable

# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


class RecordingTransport(httpx.HTTPTransport):
    """A real loopback transport that remembers every request (method, path)."""

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[tuple[str, str]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append((request.method, request.url.path))
        return super().handle_request(request)


class SpyService(DrsService):
    """A DrsService counting the calls the screen makes."""

    def __init__(self, *a: Any, **kw: Any) -> None:
        super().__init__(*a, **kw)
        self.calls: dict[str, int] = {}

    def _count(self, name: str) -> None:
        self.calls[name] = self.calls.get(name, 0) + 1

    def iter_task_rows(self, *a: Any, **kw: Any) -> Any:
        self._count("iter_task_rows")
        return super().iter_task_rows(*a, **kw)

    def refresh_statuses(self, ids: Any) -> Any:
        self._count("refresh_statuses")
        return super().refresh_statuses(ids)

    def pause(self, *a: Any, **kw: Any) -> Any:
        self._count("pause")
        return super().pause(*a, **kw)


class JobsApp(DrsApp):
    CSS_PATH = str(Path(app_module.__file__).with_name("app.tcss"))

    # DrsApp keeps its refresh flag in `auto_refresh`, which is also Textual's
    # DOMNode.auto_refresh (an interval: False becomes a 0 s timer that crashes on shutdown).
    @property  # type: ignore[override]
    def auto_refresh(self) -> Any:
        return self.__dict__.get("_drs_auto_refresh", False)

    @auto_refresh.setter
    def auto_refresh(self, value: Any) -> None:
        self.__dict__["_drs_auto_refresh"] = value


def make_app(
    server: LocalServer, *, transport: httpx.BaseTransport | None = None, service: list | None = None, **kw: Any
) -> JobsApp:
    def factory() -> SpyService:
        svc = SpyService(DrsClient(**server.client_kwargs(), transport=transport))
        if service is not None:
            service.append(svc)
        return svc

    kw.setdefault("auto_refresh", False)
    kw.setdefault("clock", lambda: 1000.0)
    return JobsApp(service_factory=factory, **kw)


async def settle(pilot: Any, timeout: float = 20.0) -> JobsScreen:
    """Wait until the task list is loaded and no list / refresh / action is running."""
    app = pilot.app
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while True:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = next((s for s in app.screen_stack if isinstance(s, JobsScreen)), None)
        busy = screen is None or screen._loading or screen._refreshing or (not screen.loaded and not screen.offline)
        if not busy and not any(w.is_running for w in app.workers):
            await pilot.pause()
            return screen  # type: ignore[return-value]
        if loop.time() > end:
            raise AssertionError("the task list did not settle")
        await asyncio.sleep(0.02)


def screen_text(app: Any) -> str:
    """Every character on screen (all layers: modals and notifications included)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip) for strip in strips)


def names(table: FrameTable) -> list[str]:
    view = table.view_frame
    return [] if view is None else [str(n) for n in view["name"].tolist()]


def statuses(table: FrameTable) -> list[str]:
    view = table.view_frame
    return [] if view is None else [str(s) for s in view["status"].tolist()]


def notifications(app: Any) -> str:
    return "\n".join(f"{n.title or ''} {n.message}" for n in app._notifications)


@pytest.fixture
def demo(drs: LocalDrs, tenant: Tenant) -> LocalDrs:
    seed_demo(drs, tenant, 20)
    return drs


# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------


class GatedService(SpyService):
    """Lists 5 tasks a page and holds the list after its first page until ``gate`` is set."""

    def __init__(self, *a: Any, **kw: Any) -> None:
        super().__init__(*a, **kw)
        self.gate = threading.Event()

    def iter_task_rows(self, *a: Any, **kw: Any) -> Any:
        for n, rows in enumerate(super().iter_task_rows(5, **kw)):
            yield rows
            if n == 0:
                self.gate.wait(10)


async def test_rows_stream_in_as_plain_rows_then_the_frame_replaces_them(demo: LocalDrs, server: LocalServer) -> None:
    svc = GatedService(DrsClient(**server.client_kwargs()))
    app = JobsApp(service_factory=lambda: svc, auto_refresh=False, clock=lambda: 1000.0)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, JobsScreen)
        for _ in range(200):
            await pilot.pause(0.02)
            if screen.table.total_count:
                break
        table = screen.table
        assert table.total_count == 5 and table.previewing and table.frame is None
        text = screen_text(app)
        assert "loading tasks… 5 / 20" in text
        first = table.cursor_key
        assert first is not None and first[:8] in text  # the rows are on screen
        svc.gate.set()
        screen = await settle(pilot)
        assert table.total_count == 20 and not table.previewing
        assert table.frame is not None and len(table.frame) == 20
        assert "20 tasks" in screen_text(app)



async def test_first_frame_shows_loading_then_every_task(demo: LocalDrs, server: LocalServer) -> None:
    release = threading.Event()
    spies: list[SpyService] = []

    def slow_factory() -> SpyService:
        release.wait(10)
        svc = SpyService(DrsClient(**server.client_kwargs()))
        spies.append(svc)
        return svc

    app = JobsApp(service_factory=slow_factory, auto_refresh=False, clock=lambda: 1000.0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, JobsScreen)
        text = screen_text(app)
        assert "Connecting…" in text  # header, empty table and a loading state before any data
        assert "drstui" in text and "connecting" in text
        release.set()
        screen = await settle(pilot)
        table = screen.table
        assert table.total_count == 20
        assert spies[0].calls["iter_task_rows"] == 1
        text = screen_text(app)
        assert "20 tasks" in text
        assert "online" in text and "updated 0 s ago" in text
        assert spies[0].project_id in text and "profile local" in text
        # the list is followed by one refresh that fills progress and delay
        assert spies[0].calls["refresh_statuses"] >= 1
        assert table.frame is not None and table.frame["progress_pct"].notna().any()
        # every column the issue asks for is shown, with its spec label
        header = text.splitlines()[2]
        for label in ("Name", "ID", "Status", "Progress %", "Delay (s)", "Scenario", "Engine"):
            assert label in header


async def test_status_cells_use_the_phase_colours(demo: LocalDrs, server: LocalServer) -> None:
    app = make_app(server)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(pilot)
        table = screen.table
        col = next(c for c in table._cols if c.name == "status")
        assert col.styler is not None
        from drstui.tui.status import PHASE_STYLE

        for status in ("INCRE_TRANSFER_FAILED", "INCRE_TRANSFER_STARTED", "CONFIGURATION", "PAUSING"):
            assert col.styler(status) == PHASE_STYLE[phase(status)]


async def test_delay_is_red_above_the_threshold_which_can_be_changed(demo: LocalDrs, server: LocalServer) -> None:
    app = make_app(server)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(pilot)
        delay = next(c for c in screen.table._cols if c.name == "incre_delay_s")
        assert delay.styler is not None
        assert delay.styler("61.0") == "bold red" and delay.styler("59.0") is None and delay.styler("") is None
        await pilot.press("d")
        box = screen.query_one("#jobs-filter")
        box.value = ""  # type: ignore[attr-defined]
        await pilot.press("1", "0", "enter")
        await pilot.pause()
        assert screen.delay_threshold == 10.0
        assert delay.styler("11.0") == "bold red"
        assert "delay > 10 s in red" in screen_text(app)


# ---------------------------------------------------------------------------
# Filter, sort, quick filters
# ---------------------------------------------------------------------------


async def test_filter_as_you_type_and_escape_clears(demo: LocalDrs, server: LocalServer) -> None:
    app = make_app(server)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(pilot)
        table = screen.table
        target = names(table)[3]
        await pilot.press("slash")
        assert app.focused is screen.query_one("#jobs-filter")
        for ch in target:
            await pilot.press(ch if ch != "-" else "minus")
        await pilot.pause()
        assert names(table) == [target]
        assert f"filter {target}" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert table.row_count == 20 and table.filter_text == ""
        assert app.focused is table


async def test_filter_matches_id_status_and_engine(demo: LocalDrs, server: LocalServer) -> None:
    app = make_app(server)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(pilot)
        table = screen.table
        frame = table.frame
        assert frame is not None
        full_id = str(frame["id"].iloc[5])
        table.set_filter(full_id)  # the full id, not just the short one shown
        assert table.row_count == 1 and table.cursor_key == full_id
        table.set_filter("incre_transfer_failed")
        assert set(statuses(table)) == {"INCRE_TRANSFER_FAILED"}
        table.set_filter("postgresql")
        view = table.view_frame
        assert view is not None and len(view) > 0 and set(view["engine_type"].astype(str)) == {"postgresql"}
        table.set_filter("no-such-task-anywhere")
        await pilot.pause()
        assert table.row_count == 0
        assert "No task matches the filter." in screen_text(app)


async def test_sort_cycles_columns_and_flips_order(demo: LocalDrs, server: LocalServer) -> None:
    app = make_app(server)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(pilot)
        table = screen.table
        assert table.sort_state == ("created", True)
        created = table.view_frame["created"].tolist()  # type: ignore[index]
        assert created == sorted(created, reverse=True)
        await pilot.press("s")
        assert table.sort_state == ("name", False)
        assert names(table) == sorted(names(table))
        assert "sort Name ▲" in screen_text(app)
        await pilot.press("S")
        assert table.sort_state == ("name", True)
        assert names(table) == sorted(names(table), reverse=True)
        await pilot.press("s")
        assert table.sort_state is not None and table.sort_state[0] == "status"
        # status sorts in lifecycle order (the ordered categorical), not alphabetically
        codes = table.view_frame["status"].cat.codes.tolist()  # type: ignore[index]
        assert codes == sorted(codes)
        assert statuses(table) != sorted(statuses(table))


async def test_quick_status_filters(demo: LocalDrs, server: LocalServer) -> None:
    app = make_app(server)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(pilot)
        table = screen.table
        for key, wanted in (("f", "failed"), ("R", "running"), ("c", "configuring")):
            await pilot.press(key)
            got = statuses(table)
            assert got, key
            assert {phase(s) for s in got} == {wanted}
            assert f"only {wanted}" in screen_text(app)
        await pilot.press("a")
        assert table.row_count == 20
        # quick filters combine with the text filter
        await pilot.press("f")
        table.set_filter("sync")
        assert all(phase(s) == "failed" for s in statuses(table))
        assert all("sync" in n for n in names(table))


# ---------------------------------------------------------------------------
# Selection and batch actions
# ---------------------------------------------------------------------------


def _cursor_to(table: FrameTable, job_id: str) -> None:
    assert table.move_to_key(job_id)


def _ids_allowing(table: FrameTable, action: str, n: int) -> list[str]:
    frame = table.frame
    assert frame is not None
    allows = frame["available_actions"].fillna("").astype(str).str.split(", ").map(lambda a: action in a)
    ids = frame.loc[allows.astype(bool), "id"].tolist()
    assert len(ids) >= n, f"the demo has fewer than {n} tasks allowing {action}"
    return [str(i) for i in ids[:n]]


def _ids_with(table: FrameTable, status: str, n: int) -> list[str]:
    frame = table.frame
    assert frame is not None
    ids = frame.loc[frame["status"].astype(str) == status, "id"].tolist()
    assert len(ids) >= n, f"the demo has fewer than {n} tasks in {status}"
    return [str(i) for i in ids[:n]]


async def test_mark_and_pause_through_confirm(demo: LocalDrs, server: LocalServer) -> None:
    spies: list[SpyService] = []
    app = make_app(server, service=spies)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(pilot)
        table = screen.table
        ids = _ids_allowing(table, "PAUSE", 2)
        for job_id in ids:
            _cursor_to(table, job_id)
            await pilot.press("space")
        await pilot.pause(0.3)
        assert table.marked == frozenset(ids)
        assert "pause" in screen.allowed_actions
        assert "2 marked" in screen_text(app)
        await pilot.press("z")
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert not confirm.destructive
        assert [(r.method, r.path) for r in confirm.requests] == [
            ("POST", f"/v3/{spies[0].project_id}/jobs/batch-pause-task")
        ]
        body = confirm.requests[0].body
        assert all(job_id in body for job_id in ids) and '"pause_mode": "target"' in body
        await pilot.press("y")
        screen = await settle(pilot)
        assert spies[0].calls["pause"] == 1
        assert "Pause: 2 ok" in notifications(app)
        assert not any(isinstance(s, ActionResultsScreen) for s in app.screen_stack)
        # the action is followed by a full re-list: the new statuses are shown
        assert spies[0].calls["iter_task_rows"] == 2
        frame = table.frame
        assert frame is not None
        assert set(frame.loc[frame["id"].isin(ids), "status"].astype(str)) == {"PAUSING"}
        assert "Pause: 2 ok" in notifications(app)
        assert table.marked == frozenset()


async def test_cancel_sends_nothing(demo: LocalDrs, server: LocalServer) -> None:
    spies: list[SpyService] = []
    app = make_app(server, service=spies)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(pilot)
        table = screen.table
        (job_id,) = _ids_with(table, "RELEASE_RESOURCE_COMPLETE", 1)
        _cursor_to(table, job_id)
        await pilot.pause(0.3)
        assert "delete" in screen.allowed_actions
        await pilot.press("delete")
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert confirm.destructive  # delete is destructive
        assert confirm.requests[0].method == "DELETE"
        assert '"delete_type": "delete"' in confirm.requests[0].body
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is screen
        assert spies[0].calls.get("pause", 0) == 0
        assert spies[0].calls["iter_task_rows"] == 1  # nothing changed: no re-list
        frame = table.frame
        assert frame is not None and job_id in set(frame["id"])


async def test_failed_action_shows_error_code_per_task(demo: LocalDrs, server: LocalServer, client: DrsClient) -> None:
    app = make_app(server)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(pilot)
        table = screen.table
        ok_id, stale_id = _ids_allowing(table, "PAUSE", 2)
        client.jobs.pause([stale_id])  # paused behind the screen's back: pausing it again fails
        for job_id in (ok_id, stale_id):
            _cursor_to(table, job_id)
            await pilot.press("space")
        await pilot.pause(0.3)
        await pilot.press("z")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        await pilot.pause()
        text = notifications(app)
        assert "Pause: 1 ok, 1 failed" in text
        assert "DRS.M00304" in text
        results = app.screen
        assert isinstance(results, ActionResultsScreen)
        rows = results.results.set_index("id")
        assert bool(rows.loc[ok_id, "ok"]) is True
        assert bool(rows.loc[stale_id, "ok"]) is False
        assert rows.loc[stale_id, "error_code"] == "DRS.M00304"
        assert "DRS.M00304" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, JobsScreen)


async def test_actions_offered_only_when_every_selected_task_allows(demo: LocalDrs, server: LocalServer) -> None:
    app = make_app(server)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(pilot)
        table = screen.table
        (running,) = _ids_with(table, "INCRE_TRANSFER_STARTED", 1)
        (stopped,) = _ids_with(table, "RELEASE_RESOURCE_COMPLETE", 1)
        _cursor_to(table, running)
        await pilot.pause(0.3)
        assert {"pause", "stop"} <= screen.allowed_actions and "delete" not in screen.allowed_actions
        assert screen.check_action("task_action", ("pause",)) is True
        assert screen.check_action("task_action", ("delete",)) is False
        # mark a running and a stopped task: nothing both allow
        for job_id in (running, stopped):
            _cursor_to(table, job_id)
            await pilot.press("space")
        await pilot.pause()
        assert screen.allowed_actions == frozenset()
        await pilot.press("z")
        await pilot.pause()
        assert app.screen is screen  # no confirmation for an action not offered
        commands = [c.title for c in screen.palette_commands()]
        assert not any(t.startswith(("Tasks: pause 2", "Tasks: delete")) for t in commands)
        assert "Tasks: pause live refresh" in commands


async def test_ctrl_a_marks_every_visible_task(demo: LocalDrs, server: LocalServer) -> None:
    app = make_app(server)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(pilot)
        table = screen.table
        await pilot.press("f")
        await pilot.press("ctrl+a")
        view = table.view_frame
        assert view is not None
        assert table.marked == frozenset(view["id"]) and 0 < len(table.marked) < 20
        await pilot.press("ctrl+a")  # again: unmark
        assert table.marked == frozenset()


async def test_read_only_hides_every_action(demo: LocalDrs, server: LocalServer) -> None:
    spies: list[SpyService] = []
    app = make_app(server, service=spies, read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(pilot)
        table = screen.table
        (job_id,) = _ids_with(table, "INCRE_TRANSFER_STARTED", 1)
        _cursor_to(table, job_id)
        await pilot.pause(0.3)
        assert screen.allowed_actions == frozenset()
        for name in ("start", "pause", "resume", "stop", "delete"):
            assert screen.check_action("task_action", (name,)) is False
        await pilot.press("z")
        await pilot.pause()
        assert app.screen is screen
        titles = [c.title for c in app.get_system_commands(screen)]
        assert "Tasks: reload" in titles
        actions = r"Tasks: (start|pause|resume / retry|stop|delete) (the|\d)"
        assert not any(re.match(actions, t) for t in titles)
        assert "Tasks: pause live refresh" in titles
        footer = screen_text(app).splitlines()[-1]
        assert "Stop" not in footer and "Resume" not in footer and "Pause live" in footer
        assert spies[0].calls.get("pause", 0) == 0


async def test_palette_lists_screen_actions(demo: LocalDrs, server: LocalServer) -> None:
    app = make_app(server)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(pilot)
        (job_id,) = _ids_with(screen.table, "INCRE_TRANSFER_STARTED", 1)
        _cursor_to(screen.table, job_id)
        await pilot.pause(0.3)
        titles = [c.title for c in app.get_system_commands(screen)]
        for expected in (
            "Tasks: reload",
            "Tasks: pause live refresh",
            "Tasks: filter…",
            "Tasks: show failed only",
            "Tasks: sort by Name",
            "Tasks: open task detail",
            "Tasks: pause the highlighted task",
            "Tasks: stop the highlighted task",
        ):
            assert expected in titles


# ---------------------------------------------------------------------------
# Live refresh
# ---------------------------------------------------------------------------


async def test_refresh_uses_only_the_batch_status_and_progress_apis(demo: LocalDrs, server: LocalServer) -> None:
    transport = RecordingTransport()
    spies: list[SpyService] = []
    app = make_app(server, transport=transport, service=spies)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(pilot)
        project = spies[0].project_id
        assert (("GET", f"/v3/{project}/jobs") in transport.requests) or any(
            p.endswith("/jobs") for _, p in transport.requests
        )
        transport.requests.clear()
        pages = spies[0].calls["iter_task_rows"]
        demo.clock.advance(60)
        screen.refresh_now()
        await settle(pilot)
        assert transport.requests, "the refresh sent nothing"
        allowed = {("POST", f"/v3/{project}/jobs/batch-status"), ("POST", f"/v3/{project}/jobs/batch-progress")}
        assert set(transport.requests) == allowed
        assert len(transport.requests) == 2  # 20 tasks: one status call, one progress call
        assert spies[0].calls["iter_task_rows"] == pages  # no re-list
        assert screen.header.updated_at == 1000.0


async def test_refreshes_never_overlap_and_rearm_after_the_previous_one(demo: LocalDrs, server: LocalServer) -> None:
    spies: list[SpyService] = []
    app = make_app(server, service=spies, auto_refresh=True, refresh_interval=0.05)
    active = {"now": 0, "max": 0, "calls": 0}
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        svc = spies[0]
        original = svc.refresh_statuses

        def slow(ids: Any) -> Any:
            active["calls"] += 1
            active["now"] += 1
            active["max"] = max(active["max"], active["now"])
            try:
                import time

                time.sleep(0.15)  # three intervals long
                return original(ids)
            finally:
                active["now"] -= 1

        svc.refresh_statuses = slow  # type: ignore[method-assign]
        await pilot.pause(0.8)
        assert active["calls"] >= 2  # it keeps refreshing on its own…
        assert active["max"] == 1  # …but a refresh never starts while one is running
        screen = app.screen
        assert isinstance(screen, JobsScreen)
        # pause stops the timer; +/- change the interval
        await pilot.press("p")
        assert screen.paused and screen._timer is None
        assert "refresh paused" in screen_text(app)
        screen.interval = 10.0
        await pilot.press("plus")
        assert screen.interval == 15.0
        await pilot.press("minus", "minus")
        assert screen.interval == 5.0
        assert "every 5 s" not in screen_text(app)  # still paused
        await pilot.press("p")
        await pilot.pause()
        assert not screen.paused


async def test_tasks_changed_relists(demo: LocalDrs, server: LocalServer, client: DrsClient, tenant: Tenant) -> None:
    spies: list[SpyService] = []
    app = make_app(server, service=spies)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(pilot)
        assert screen.table.total_count == 20
        demo.seed = 99  # other ids than the first world
        seed_demo(demo, tenant, 3)  # tasks added elsewhere
        screen.post_message(TasksChanged(()))
        await settle(pilot)
        assert spies[0].calls["iter_task_rows"] == 2
        assert screen.table.total_count == 23


async def test_relist_key_and_deleted_tasks_trigger_a_relist(demo: LocalDrs, server: LocalServer, client: DrsClient) -> None:
    spies: list[SpyService] = []
    app = make_app(server, service=spies)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert spies[0].calls["iter_task_rows"] == 2
        (gone,) = _ids_with(screen.table, "RELEASE_RESOURCE_COMPLETE", 1)
        client.jobs.delete([gone])
        screen.refresh_now()
        await settle(pilot)
        assert spies[0].calls["iter_task_rows"] == 3  # the refresh saw it vanish
        frame = screen.table.frame
        assert frame is not None and gone not in set(frame["id"])


# ---------------------------------------------------------------------------
# Offline
# ---------------------------------------------------------------------------


def _dead_endpoint() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


async def test_unreachable_endpoint_shows_banner_and_recovers(demo: LocalDrs, server: LocalServer) -> None:
    kwargs = server.client_kwargs()
    svc = SpyService(DrsClient(**{**kwargs, "endpoint": _dead_endpoint()}))
    app = JobsApp(service_factory=lambda: svc, auto_refresh=False, clock=lambda: 1000.0)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(pilot, timeout=60)
        banner = screen.query_one("#jobs-offline")
        assert screen.offline and not banner.has_class("hidden")
        text = screen_text(app)
        assert "OFFLINE" in text and "offline" in text
        # DRS is back: the next retry (r here; the timer when auto refresh is on) recovers
        svc.client = DrsClient(**kwargs)
        await pilot.press("r")
        await settle(pilot)
        assert not screen.offline and banner.has_class("hidden")
        assert screen.table.total_count == 20
        assert "OFFLINE" not in screen_text(app)


async def test_offline_retries_on_the_refresh_interval(demo: LocalDrs, server: LocalServer) -> None:
    kwargs = server.client_kwargs()
    svc = SpyService(DrsClient(**{**kwargs, "endpoint": _dead_endpoint()}))
    app = JobsApp(service_factory=lambda: svc, auto_refresh=True, refresh_interval=0.1, clock=lambda: 1000.0)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, JobsScreen)
        for _ in range(300):
            await pilot.pause(0.05)
            if screen.offline:
                break
        assert screen.offline
        assert "retrying every" in screen_text(app)
        svc.client = DrsClient(**kwargs)
        for _ in range(300):
            await pilot.pause(0.05)
            if not screen.offline and screen.table.total_count == 20:
                break
        assert not screen.offline and screen.table.total_count == 20


async def test_refresh_failing_with_connection_error_goes_offline(demo: LocalDrs, server: LocalServer) -> None:
    spies: list[SpyService] = []
    app = make_app(server, service=spies)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(pilot)
        good = spies[0].client
        spies[0].client = DrsClient(**{**server.client_kwargs(), "endpoint": _dead_endpoint()})
        screen.refresh_now()
        await settle(pilot, timeout=60)
        assert screen.offline
        assert screen.table.total_count == 20  # the rows stay
        spies[0].client = good
        screen.refresh_now()
        await settle(pilot)
        assert not screen.offline


async def test_connection_error_of_the_app_shows_the_banner(server: LocalServer) -> None:
    def broken() -> DrsService:
        raise ConnectionError("no route to DRS")

    app = JobsApp(service_factory=broken, auto_refresh=False, clock=lambda: 1000.0)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, JobsScreen)
        assert screen.offline and "no route to DRS" in screen_text(app)


# ---------------------------------------------------------------------------
# Detail, secrets, several profiles
# ---------------------------------------------------------------------------


async def test_enter_opens_the_task_detail(demo: LocalDrs, server: LocalServer) -> None:
    app = make_app(server)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(pilot)
        key = screen.table.cursor_key
        await pilot.press("enter")
        await pilot.pause()
        from drstui.tui.screens.job_detail import JobDetailScreen

        assert isinstance(app.screen, JobDetailScreen)
        assert getattr(app.screen, "job_id", key) == key


async def test_enter_without_a_detail_screen_notifies(
    demo: LocalDrs, server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "drstui.tui.screens.job_detail", None)  # import fails
    app = make_app(server)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert "Task detail is not available." in notifications(app)


async def test_no_secret_is_ever_on_screen(demo: LocalDrs, server: LocalServer, tenant: Tenant) -> None:
    app = make_app(server)
    secrets = [tenant.sk.get_secret_value(), tenant.ak]
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await settle(pilot)
        table = screen.table
        (job_id,) = _ids_with(table, "INCRE_TRANSFER_STARTED", 1)
        _cursor_to(table, job_id)
        await pilot.pause(0.3)
        texts = [screen_text(app)]
        for x in range(0, 200, 40):  # every column, scrolled
            table.scroll_to(x=x, animate=False)
            await pilot.pause()
            texts.append(screen_text(app))
        await pilot.press("x")  # the stop confirmation with its request body
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        texts.append(screen_text(app))
        for text in texts:
            for secret in secrets:
                assert secret not in text
            assert not re.search(r"demo-[0-9a-f]{10}", text)  # demo database passwords
            assert "password" not in text.lower()


async def test_all_profiles_lists_every_profile_with_a_profile_column(
    drs: LocalDrs, tenant: Tenant, other_tenant: Tenant, server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_demo(drs, tenant, 5)
    drs.seed = 8  # other task ids for the second project
    seed_demo(drs, other_tenant, 4)
    base = server.client_kwargs()
    second = {**base, "project_id": other_tenant.project_id, "ak": other_tenant.ak,
              "sk": other_tenant.sk.get_secret_value()}  # fmt: skip
    services = [
        DrsService(DrsClient(**base), profile="prod"),
        DrsService(DrsClient(**second), profile="dr-site"),
    ]
    multi = MultiService(services)
    import drstui.service as service_pkg

    monkeypatch.setattr(service_pkg, "connect_all", lambda *a, **k: multi, raising=False)
    app = make_app(server, all_profiles=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(pilot)
        table = screen.table
        frame = table.frame
        assert frame is not None and len(frame) == 9
        assert set(frame["profile"].astype(str)) == {"prod", "dr-site"}
        assert table._cols[0].name == "profile"
        text = screen_text(app)
        assert "all profiles" in text and "dr-site" in text
        # a refresh asks each profile's service for its own tasks
        calls: list[tuple[str, int]] = []
        for svc in services:
            original = svc.refresh_statuses

            def spy(ids: Any, svc: DrsService = svc, original: Callable[..., Any] = original) -> Any:
                calls.append((svc.profile, len(list(ids))))
                return original(ids)

            svc.refresh_statuses = spy  # type: ignore[method-assign]
        screen.refresh_now()
        await settle(pilot)
        assert sorted(calls) == [("dr-site", 4), ("prod", 5)]
