"""Snapshots (120x40) of the task detail screen and its dialogs, on a frozen local DRS.

Update on purpose only: ``pytest tests/tui/test_snapshots_detail.py --snapshot-update``, then
look at the SVGs in ``tests/tui/__snapshots__/``.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Input

from drstui.local.demo import seed_demo
from drstui.local.server import LocalServer
from drstui.local.state import LocalDrs, Tenant
from drstui.tui.screens.actions import ActionResultsScreen, launch_action
from drstui.tui.screens.confirm import ConfirmScreen
from drstui.tui.screens.speed_limit import SpeedLimitScreen

from .test_job_detail import detail_app as _detail_app
from .test_job_detail import running_task, settle, wait_for_screen

SIZE = (120, 40)


def detail_app(server: LocalServer, job_id: str) -> Any:
    """The test app without toasts: they time out, so they would make the pictures flaky
    (the pilot tests check the notifications)."""
    app = _detail_app(server, job_id)
    app.notify = lambda *args, **kwargs: None  # type: ignore[method-assign]
    return app


def demo_task(drs: LocalDrs, tenant: Tenant, status: str = "INCRE_TRANSFER_STARTED") -> str:
    """The newest demo migration task in ``status`` (the demo world is deterministic)."""
    seed_demo(drs, tenant, 20)
    _, jobs = drs.store.query_jobs(tenant.project_id, db_use_type="migration", status=status)
    return jobs[0].id


async def _no_blink(pilot: Any) -> None:
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    await pilot.pause()


class TestDetailSnapshots:
    def test_detail_overview(self, snap_compare: Any, drs: LocalDrs, tenant: Tenant, server: LocalServer) -> None:
        app = detail_app(server, demo_task(drs, tenant))

        async def run_before(pilot: Any) -> None:
            await settle(pilot)

        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)

    def test_dr_progress(self, snap_compare: Any, drs: LocalDrs, tenant: Tenant, server: LocalServer) -> None:
        job_id = running_task(drs, tenant, "crm-dr", use="cloudDataGuard", engine="cloudDataGuard-mysql")
        app = detail_app(server, job_id)

        async def run_before(pilot: Any) -> None:
            await settle(pilot)
            await pilot.press("2")
            await pilot.pause()

        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)

    def test_confirm_dialog(self, snap_compare: Any, drs: LocalDrs, tenant: Tenant, server: LocalServer) -> None:
        app = detail_app(server, demo_task(drs, tenant))

        async def run_before(pilot: Any) -> None:
            await settle(pilot)
            await pilot.press("x")  # stop: destructive, the exact DELETE request shown
            await wait_for_screen(pilot, ConfirmScreen)
            await pilot.pause()

        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)

    def test_speed_limit_dialog(self, snap_compare: Any, drs: LocalDrs, tenant: Tenant, server: LocalServer) -> None:
        app = detail_app(server, demo_task(drs, tenant))

        async def run_before(pilot: Any) -> None:
            await settle(pilot)
            await pilot.press("f")
            await wait_for_screen(pilot, SpeedLimitScreen)
            await pilot.press(*"01:00", "tab", *"04:59", "tab", *"20", "ctrl+n", *"03:00", "tab", *"05:59", "tab", *"5")
            await pilot.press("ctrl+s")  # overlapping windows: the model's message, nothing sent
            await _no_blink(pilot)

        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)

    def test_failed_action_results(
        self, snap_compare: Any, drs: LocalDrs, tenant: Tenant, server: LocalServer
    ) -> None:
        job_id = demo_task(drs, tenant)
        app = detail_app(server, job_id)

        async def run_before(pilot: Any) -> None:
            await settle(pilot)
            launch_action(pilot.app, "delete", [job_id], names={job_id: "orders-migr-01"})
            await wait_for_screen(pilot, ConfirmScreen)
            await pilot.press("y")
            await wait_for_screen(pilot, ActionResultsScreen)
            await settle(pilot)

        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
