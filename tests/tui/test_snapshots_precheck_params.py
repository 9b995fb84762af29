"""Snapshots (120x40) of the pre-check results and of the parameter comparison.

Frozen local DRS (time_scale 0), pinned app clock, no auto refresh; the task is driven to
CONFIGURATION with connections tested, configured and objects selected, so ids, items and
parameters are the same on every run.
"""

from __future__ import annotations

from typing import Any

import pytest

from drstui.tui.screens.precheck import PrecheckScreen
from drstui.tui.screens.params import ParamsScreen
from drstui.tui.widgets.frame_table import FrameTable

from .test_precheck_screen import PRECHECK_DONE_S, make_app, ready_task

SIZE = (120, 40)


async def _settle(pilot: Any) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


class TestPrecheckSnapshots:
    def test_precheck_results_failed_first(self, snap_compare, drs, server, client) -> None:
        drs.fail_share = 1.0
        job_id = ready_task(client, drs)
        client.jobs.precheck(job_id)
        drs.clock.advance(PRECHECK_DONE_S)
        app = make_app(server, lambda: PrecheckScreen(job_id))

        async def run_before(pilot: Any) -> None:
            await _settle(pilot)
            assert pilot.app.screen.query_one(FrameTable).row_count == 39

        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


class TestParamsSnapshots:
    def test_parameter_comparison_with_pending_edit(self, snap_compare, drs, server, client) -> None:
        job_id = ready_task(client, drs)
        app = make_app(server, lambda: ParamsScreen(job_id))

        async def run_before(pilot: Any) -> None:
            await _settle(pilot)
            table = pilot.app.screen.query_one(FrameTable)
            assert table.row_count == 30
            assert table.move_to_key("max_connections")
            await pilot.press("e")
            await pilot.pause()
            await pilot.press("end", "ctrl+u", *"800", "enter")
            await pilot.pause()
            assert pilot.app.screen.pending["max_connections"].new == "800"

        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)

    def test_parameter_comparison_only_differences(self, snap_compare, drs, server, client) -> None:
        job_id = ready_task(client, drs)
        app = make_app(server, lambda: ParamsScreen(job_id))

        async def run_before(pilot: Any) -> None:
            await _settle(pilot)
            await pilot.press("d")
            await pilot.pause()

        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.fixture(autouse=True)
def _fast_polling(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(PrecheckScreen, "poll_interval", 0.02)
