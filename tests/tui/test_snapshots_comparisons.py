"""Snapshots (120x40) of the comparisons screen and every drill-down level, on the frozen demo world."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.screen import Screen

from drstui.local.demo import seed_demo
from drstui.local.handlers.compare import BIG_DIFF_DB, BIG_DIFF_TABLE, KIND
from drstui.tui.screens.compare_drill import (
    ContentDetailsScreen,
    ContentDifferencesScreen,
    ContentOverviewScreen,
    LineOverviewScreen,
    LineTablesScreen,
    ObjectDetailsScreen,
    ObjectOverviewScreen,
)
from drstui.tui.screens.comparisons import ComparisonsScreen

from .test_comparisons_screen import make_app, settle

SIZE = (120, 40)


@pytest.fixture
def demo(drs, tenant) -> dict[str, str]:
    """The demo task with the finished value comparison of ``shop`` (1,000,000 differing rows):
    its id and the id of its comparison of each type."""
    seed_demo(drs, tenant, 20)
    _, recs = drs.store.query_jobs(tenant.project_id, db_use_type="migration", status="INCRE_TRANSFER_STARTED",
                                   limit=50)  # fmt: skip
    for rec in sorted(recs, key=lambda r: r.id):
        docs = drs.store.docs_for_job(KIND, rec.id)
        by_type = {d["type"]: d["id"] for d in docs}
        if {"lines", "contents", "object"} <= set(by_type):
            return {"job": rec.id, "name": str(rec.detail["name"]), **by_type}
    raise AssertionError("the demo has no task with finished comparisons")


def ctx(demo: dict[str, str]) -> dict[str, str]:
    """What the comparisons screen hands to a drill-down it opens."""
    return {"task_name": demo["name"], "compare_status": "SUCCESSFUL"}


def snap(snap_compare: Any, server: Any, first: Callable[[], Screen[Any]]) -> bool:
    async def run_before(pilot: Any) -> None:
        await settle(pilot, pilot.app)

    return snap_compare(make_app(server, first), terminal_size=SIZE, run_before=run_before)


def test_comparisons_list(snap_compare, server, demo):
    assert snap(snap_compare, server, lambda: ComparisonsScreen(demo["job"]))


def test_object_overview(snap_compare, server, demo):
    assert snap(snap_compare, server, lambda: ObjectOverviewScreen(demo["job"], demo["object"], **ctx(demo)))


def test_object_details(snap_compare, server, demo):
    assert snap(snap_compare, server, lambda: ObjectDetailsScreen(demo["job"], demo["object"], "INDEX",
                                                                 **ctx(demo)))  # fmt: skip


def test_row_overview(snap_compare, server, demo):
    assert snap(snap_compare, server, lambda: LineOverviewScreen(demo["job"], demo["lines"], **ctx(demo)))


def test_row_tables(snap_compare, server, demo):
    assert snap(snap_compare, server, lambda: LineTablesScreen(demo["job"], demo["lines"], BIG_DIFF_DB,
                                                              **ctx(demo)))  # fmt: skip


def test_value_overview(snap_compare, server, demo):
    assert snap(snap_compare, server, lambda: ContentOverviewScreen(demo["job"], demo["contents"],
                                                                   **ctx(demo)))  # fmt: skip


def test_value_details(snap_compare, server, demo):
    assert snap(snap_compare, server, lambda: ContentDetailsScreen(demo["job"], demo["contents"], BIG_DIFF_DB,
                                                                  **ctx(demo)))  # fmt: skip


def test_value_differences(snap_compare, server, demo):
    assert snap(snap_compare, server, lambda: ContentDifferencesScreen(demo["job"], demo["contents"], BIG_DIFF_DB,
                                                                      BIG_DIFF_TABLE, **ctx(demo)))  # fmt: skip
