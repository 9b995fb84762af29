"""FrameTable's data paths: plain rows (before pandas), appended chunks, and the cell text of both."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.app import App, ComposeResult

from drstui.api.models.enums import STATUS_ORDER
from drstui.service.columns import FRAMES, frame_from_rows
from drstui.tui.widgets.frame_table import FrameTable, concat_frames, format_column, format_values

SPEC = FRAMES["tasks"]


def task_rows(n: int, seed: int = 7) -> list[dict[str, Any]]:
    """Rows of the ``tasks`` frame as the service builds them (plain Python values)."""
    rng = random.Random(seed)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    rows = []
    for i in range(n):
        rows.append(
            {
                "id": f"{i:08d}-0000-4000-8000-{rng.randrange(16**12):012x}",
                "short_id": f"{i:08d}",
                "name": f"task-{rng.choice(['orders', 'billing', 'users'])}-{i}",
                "status": rng.choice([*STATUS_ORDER[:12], "SOMETHING_NEW", None]),
                "db_use_type": rng.choice(["migration", "sync", "cloudDataGuard"]),
                "engine_type": rng.choice(["mysql", "postgresql", None]),
                "job_direction": rng.choice(["up", "down", "non-dbs"]),
                "net_type": rng.choice(["vpc", "eip"]),
                "task_type": "FULL_INCR_TRANS",
                "created": start + timedelta(minutes=rng.randrange(100_000)) if i % 17 else None,
                "progress_pct": rng.choice([None, 0.0, 12.25, 99.95, 100.0]),
                "incre_delay_s": rng.choice([None, 0.5, 3.0, 1200.0]),
                "child_count": rng.choice([None, 0, 2]),
                "available_actions": "PAUSE, STOP",
                "error_msg": None if i % 5 else "Source unreachable",
                "description": "",
                "parent_id": None,
            }
        )
    return rows


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield FrameTable(SPEC, multi_select=True)


def shown(table: FrameTable) -> list[list[str]]:
    """The cells of every row in view order (what the screen would show, scrolled)."""
    return [table._cells[i] for i in table._view]


# ---------------------------------------------------------------------------
# format_values is the one definition of a cell's text; format_column agrees with it
# ---------------------------------------------------------------------------

_VALUES = {
    "string": st.one_of(st.none(), st.text(max_size=12)),
    "category": st.one_of(st.none(), st.sampled_from(["mysql", "postgresql", "mongodb"])),
    "status": st.one_of(st.none(), st.sampled_from([*STATUS_ORDER, "UNDOCUMENTED"])),
    "Int64": st.one_of(st.none(), st.integers(-(2**40), 2**40)),
    "Float64": st.one_of(st.none(), st.floats(-1e9, 1e9, allow_nan=False)),
    "boolean": st.one_of(st.none(), st.booleans()),
    "datetime64[ns, UTC]": st.one_of(
        st.none(),
        st.datetimes(datetime(1990, 1, 1), datetime(2200, 1, 1), timezones=st.just(UTC)).map(
            lambda d: d.replace(microsecond=0)
        ),
    ),
}


@pytest.mark.parametrize("dtype", sorted(_VALUES))
def test_frame_cells_read_like_plain_cells(dtype: str) -> None:
    @settings(max_examples=60, deadline=None)
    @given(st.lists(_VALUES[dtype], max_size=20))
    def check(values: list[Any]) -> None:
        spec_dtype = {"status": "status"}.get(dtype, dtype)
        series = pd.Series(values, dtype=object)
        from drstui.service.columns import _convert

        typed = _convert(series, spec_dtype)
        assert format_column(typed, spec_dtype) == format_values(values, spec_dtype)

    check()


def test_format_values_of_missing_and_rounding() -> None:
    assert format_values([None, float("nan"), pd.NA, 12.25, 100.0], "Float64") == ["", "", "", "12.2", "100.0"]
    assert format_values([datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)], "datetime64[ns, UTC]") == ["2026-01-02 03:04:05"]
    assert format_values([True, False, None], "boolean") == ["yes", "no", ""]


# ---------------------------------------------------------------------------
# Plain rows, then the frame that replaces them
# ---------------------------------------------------------------------------


async def test_plain_rows_then_frame_show_the_same_cells() -> None:
    rows = task_rows(300)
    async with TableApp().run_test(size=(120, 30)) as pilot:
        table = pilot.app.query_one(FrameTable)
        table.sort_by("created", descending=True)
        table.show_rows(rows[:100])
        assert table.previewing and table.total_count == 100
        table.append_rows(rows[100:])
        assert table.total_count == 300 and table.frame is None
        table.set_filter("billing")
        table.cursor = 5
        marked = table.cursor_key
        table.action_toggle_mark()  # marks the row and moves down one
        key = table.cursor_key
        assert key != marked
        plain_view, plain_cells = list(table._view), shown(table)

        table.set_frame(frame_from_rows(SPEC, rows))
        assert not table.previewing and table.total_count == 300
        assert shown(table) == plain_cells  # same text, same order, same filter
        assert [table._keys[i] for i in table._view] == [table._keys[i] for i in plain_view]
        assert table.cursor_key == key and table.marked == frozenset({marked})


@pytest.mark.parametrize("column", ["status", "created", "progress_pct", "engine_type", "name"])
@pytest.mark.parametrize("descending", [False, True])
async def test_plain_rows_sort_like_the_frame(column: str, descending: bool) -> None:
    rows = task_rows(250, seed=11)
    async with TableApp().run_test(size=(120, 30)) as pilot:
        table = pilot.app.query_one(FrameTable)
        table.show_rows(rows)
        table.sort_by(column, descending=descending)
        plain = shown(table)
        table.set_frame(frame_from_rows(SPEC, rows))
        framed = shown(table)
    # ties may come in either order; the column's own sequence must match exactly
    col = [c.name for c in table._cols].index(column)
    assert [r[col] for r in plain] == [r[col] for r in framed]
    missing = [r[col] == "" for r in plain]
    assert missing == sorted(missing)  # missing values last


async def test_plain_rows_answer_row_lookups() -> None:
    rows = task_rows(40)
    async with TableApp().run_test(size=(120, 30)) as pilot:
        table = pilot.app.query_one(FrameTable)
        table.show_rows(rows)
        picked = table.rows_by_key([rows[7]["id"], rows[3]["id"], "no-such-id"], ("id", "name"))
        assert picked == [{"id": rows[3]["id"], "name": rows[3]["name"]}, {"id": rows[7]["id"], "name": rows[7]["name"]}]
        table.cursor = 0
        assert table.cursor_row is not None and table.cursor_row["id"] == table.cursor_key


async def test_append_rows_refuses_a_table_holding_a_frame() -> None:
    async with TableApp().run_test(size=(120, 30)) as pilot:
        table = pilot.app.query_one(FrameTable)
        table.set_frame(frame_from_rows(SPEC, task_rows(5)))
        with pytest.raises(ValueError, match="plain rows"):
            table.append_rows(task_rows(2))


# ---------------------------------------------------------------------------
# Appended frames stay chunks until whole columns are needed
# ---------------------------------------------------------------------------


async def test_appended_chunks_equal_one_frame() -> None:
    rows = task_rows(500, seed=3)
    parts = [frame_from_rows(SPEC, rows[i : i + 70]) for i in range(0, 500, 70)]
    async with TableApp().run_test(size=(120, 30)) as pilot:
        chunked = pilot.app.query_one(FrameTable)
        chunked.sort_by("status")
        chunked.append_frames(parts[:3])
        for part in parts[3:]:
            chunked.append_frame(part)
        assert len(chunked._chunks) == len(parts)  # nothing joined while streaming in
        picked = chunked.rows_by_key([rows[450]["id"], rows[2]["id"]], ("id", "short_id"))
        assert [r["short_id"] for r in picked] == [rows[2]["short_id"], rows[450]["short_id"]]
        chunked.cursor = 123
        row = chunked.cursor_row
        assert row is not None and row["id"] == chunked.cursor_key
        chunked_cells = shown(chunked)
        whole = concat_frames(parts)
        frame = chunked.frame  # joins the chunks
        assert len(chunked._chunks) == 1
        pd.testing.assert_frame_equal(frame, whole)
        assert frame["status"].dtype.ordered  # the lifecycle order survives the join

        chunked.set_frame(whole)
        assert shown(chunked) == chunked_cells
