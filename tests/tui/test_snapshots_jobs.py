"""Snapshots (120x40) of the task list and of a batch action's confirmation.

Frozen local DRS (time_scale 0) with the deterministic 20-task demo, pinned app clock
("updated 0 s ago"), no auto refresh; rows sorted by creation time (the default).
"""

from __future__ import annotations

from typing import Any

from drstui.local.demo import seed_demo
from drstui.tui.screens.confirm import ConfirmScreen

from .test_jobs_screen import _cursor_to, _ids_allowing, make_app, settle

SIZE = (120, 40)


class TestJobsSnapshots:
    def test_task_list(self, snap_compare, drs, tenant, server) -> None:
        seed_demo(drs, tenant, 20)
        app = make_app(server)

        async def run_before(pilot: Any) -> None:
            screen = await settle(pilot)
            assert screen.table.total_count == 20
            await pilot.pause(0.3)  # the footer shows the highlighted task's actions

        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)

    def test_task_list_failed_only_with_marks(self, snap_compare, drs, tenant, server) -> None:
        seed_demo(drs, tenant, 20)
        app = make_app(server)

        async def run_before(pilot: Any) -> None:
            screen = await settle(pilot)
            await pilot.press("f", "space", "space")
            await pilot.pause(0.3)
            assert len(screen.table.marked) == 2

        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)

    def test_confirm_pause_of_two_tasks(self, snap_compare, drs, tenant, server) -> None:
        seed_demo(drs, tenant, 20)
        app = make_app(server)

        async def run_before(pilot: Any) -> None:
            screen = await settle(pilot)
            for job_id in _ids_allowing(screen.table, "PAUSE", 2):
                _cursor_to(screen.table, job_id)
                await pilot.press("space")
            await pilot.pause(0.3)
            await pilot.press("z")
            await pilot.pause()
            assert isinstance(pilot.app.screen, ConfirmScreen)

        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
