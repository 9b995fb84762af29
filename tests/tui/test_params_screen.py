"""Parameter comparison screen against the local DRS, and the value check of the edit dialog."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Static

from drstui.tui.screens.confirm import ConfirmScreen
from drstui.tui.screens.param_edit import ParamEditScreen, check_param_value
from drstui.tui.screens.params import ParamsScreen
from drstui.tui.widgets.frame_table import FrameTable

from ..local.test_job_actions_handlers import create, job_body
from .test_precheck_screen import CountingTransport, make_app, ready_task, settle, static_text

MODIFY = "/params"  # POST /v3/{project_id}/jobs/{job_id}/params


# ---------------------------------------------------------------------------
# The value check (pure)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "vrange", "dtype", "key", "expected"),
    [
        ("500", "1-100000", None, "max_connections", "500"),
        (" 65535 ", "1-65535", "figure", "port", "65535"),
        ("1", "1-65535", "figure", "port", "1"),
        ("0099", "1-65535", "figure", "port", "99"),
        ("on", "ON|OFF", None, "event_scheduler", "ON"),
        ("READ-committed", "READ-UNCOMMITTED|READ-COMMITTED|REPEATABLE-READ|SERIALIZABLE", None, "tx_isolation",
         "READ-COMMITTED"),
        ("2.5", "0.03-3600", "figure", "long_query_time", "2.5"),
        ("18446744073709551615", "0-18446744073709551615", "figure", "tmp_table_size", "18446744073709551615"),
        ("strict_trans_tables, NO_ENGINE_SUBSTITUTION", "STRICT_TRANS_TABLES|NO_ENGINE_SUBSTITUTION|ANSI_QUOTES", None,
         "sql_mode", "STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION"),
        ("", "STRICT_TRANS_TABLES|ANSI_QUOTES", None, "sql_mode", ""),
        ("anything", None, None, "init_connect", "anything"),
        ("42", None, "figure", "some_size", "42"),
    ],
)  # fmt: skip
def test_valid_values_are_normalised(value: str, vrange: str | None, dtype: str | None, key: str, expected: str) -> None:
    result = check_param_value(value, value_range=vrange, data_type=dtype, key=key)
    assert (result.ok, result.value, result.reason) == (True, expected, None)


@pytest.mark.parametrize(
    ("value", "vrange", "dtype", "key", "reason"),
    [
        ("0", "1-65535", "figure", "port", "outside the allowed range 1-65535"),
        ("65536", "1-65535", "figure", "port", "outside the allowed range 1-65535"),
        ("abc", "1-65535", "figure", "port", "not a whole number"),
        ("1.5", "1-65535", None, "max_connections", "not a whole number"),
        ("", "1-65535", None, "max_connections", "not a whole number"),
        ("0.01", "0.03-3600", "figure", "long_query_time", "outside the allowed range 0.03-3600"),
        ("1e3", "0.03-3600", "figure", "long_query_time", "not a number"),
        ("MAYBE", "ON|OFF", None, "event_scheduler", "choose one of ON, OFF"),
        ("", "ON|OFF", None, "event_scheduler", "choose one of ON, OFF"),
        ("ANSI,BOGUS", "ANSI_QUOTES|STRICT_TRANS_TABLES", None, "sql_mode", "ANSI, BOGUS not allowed"),
        ("x", None, "figure", "some_size", "not a whole number"),
        ("   ", None, None, "init_connect", "Enter a value"),
    ],
)  # fmt: skip
def test_invalid_values_say_why(value: str, vrange: str | None, dtype: str | None, key: str, reason: str) -> None:
    result = check_param_value(value, value_range=vrange, data_type=dtype, key=key)
    assert not result.ok and result.value is None
    assert reason in (result.reason or "")


def test_decimal_allowed_when_the_current_value_has_one() -> None:
    assert check_param_value("2.000000", value_range="0-3600", source_value="10.000000").value == "2.000000"
    assert not check_param_value("2.5", value_range="0-3600", source_value="10").ok


# ---------------------------------------------------------------------------
# The screen
# ---------------------------------------------------------------------------


def params_of(client: Any, job_id: str) -> list[Any]:
    return client.params.get(job_id, refresh=False).params_list[0].params


async def edit(pilot: Any, key: str, value: str) -> ParamEditScreen:
    """Highlight ``key``, press e, type ``value`` and Enter; returns the dialog."""
    app = pilot.app
    table = app.screen.query_one(FrameTable)
    assert table.move_to_key(key)
    await pilot.press("e")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, ParamEditScreen) and dialog.key == key
    await pilot.press("end", "ctrl+u", *value)
    await pilot.press("enter")
    await pilot.pause()
    return dialog


async def test_only_differences_toggle_and_restart_marks(drs, server, client) -> None:
    job_id = ready_task(client, drs)
    app = make_app(server, lambda: ParamsScreen(job_id))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        table = screen.query_one(FrameTable)
        api = {p.key: p for p in params_of(client, job_id)}
        assert table.row_count == len(api) == 30
        differing = sorted(k for k, p in api.items() if p.consistent is False)
        restart = sorted(k for k, p in api.items() if p.restart_required)
        assert 3 <= len(differing) <= 6 and restart
        summary = static_text(app, "#params-summary")
        assert f"{len(differing)} differ" in summary and f"{len(restart)} need a restart" in summary

        frame = table.view_frame
        assert sorted(frame.loc[frame["need_restart"].astype(bool), "key"]) == restart
        # The "Restart needed" cell of a restart parameter reads "yes" (bold yellow by the table's styler).
        assert table.move_to_key(restart[0])
        await pilot.pause()
        line = "".join(seg.text for seg in table.render_line(table.cursor + 1 - int(table.scroll_offset.y)))
        assert restart[0] in line and "yes" in line
        assert "restart needed" in static_text(app, "#params-detail")
        assert api[restart[0]].value_range in static_text(app, "#params-detail")  # full range shown

        await pilot.press("d")
        await pilot.pause()
        assert sorted(table.view_frame["key"]) == differing
        assert table.view_frame["differs"].astype(bool).all()
        assert "only differences" in static_text(app, "#params-summary")
        await pilot.press("d")
        await pilot.pause()
        assert table.row_count == 30


async def test_valid_edit_is_confirmed_applied_and_shown(drs, server, client) -> None:
    job_id = ready_task(client, drs)
    transport = CountingTransport()
    app = make_app(server, lambda: ParamsScreen(job_id), transport=transport)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        old = {p.key: p for p in params_of(client, job_id)}["max_connections"].target_value
        await edit(pilot, "max_connections", "500")
        assert app.screen is screen  # accepted: the dialog closed
        assert screen.pending["max_connections"].new == "500"
        assert f"max_connections: {old} → 500" in static_text(app, "#params-pending")

        await pilot.press("a")
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert f"max_connections: {old} → 500" in confirm.summary
        (req,) = confirm.requests
        assert req.method == "POST" and req.path.endswith(f"/jobs/{job_id}/params")
        assert '"group": "common"' in req.body and '"target_value": "500"' in req.body
        assert confirm.warnings == []  # max_connections needs no restart
        assert transport.count(MODIFY) == 0

        await pilot.press("y")
        await settle(pilot)
        assert transport.count(MODIFY) == 1
        table = screen.query_one(FrameTable)
        frame = table.frame
        assert frame.loc[frame["key"] == "max_connections", "target_value"].item() == "500"
        assert {p.key: p for p in params_of(client, job_id)}["max_connections"].target_value == "500"
        assert screen.pending == {}
        results = static_text(app, "#params-results")
        assert "✓ max_connections" in results and "no restart needed" in results


async def test_invalid_edit_is_rejected_before_sending(drs, server, client) -> None:
    job_id = ready_task(client, drs)
    transport = CountingTransport()
    app = make_app(server, lambda: ParamsScreen(job_id), transport=transport)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        dialog = await edit(pilot, "max_connections", "0")
        assert app.screen is dialog  # still open
        assert "outside the allowed range 1-100000" in static_text(app, "#param-edit-status")
        await pilot.press("end", "ctrl+u", *"12x")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        assert "not a whole number" in static_text(app, "#param-edit-status")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and screen.pending == {}

        dialog = await edit(pilot, "event_scheduler", "MAYBE")
        assert app.screen is dialog and "choose one of ON, OFF" in static_text(app, "#param-edit-status")
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("a")  # nothing pending: no confirmation, nothing sent
        await pilot.pause()
        assert app.screen is screen
        assert transport.count(MODIFY) == 0


async def test_restart_warning_and_multi_edit_across_groups(drs, server, client) -> None:
    job_id = ready_task(client, drs)
    transport = CountingTransport()
    app = make_app(server, lambda: ParamsScreen(job_id), transport=transport)
    api = {p.key: p for p in params_of_after_load(client, drs, job_id)}
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        table = screen.query_one(FrameTable)
        # Mark two parameters (space) and edit both: one dialog each.
        new_pool = "1073741824" if api["innodb_buffer_pool_size"].target_value != "1073741824" else "2147483648"
        new_events = "OFF" if api["event_scheduler"].target_value == "ON" else "ON"
        for key in ("event_scheduler", "innodb_buffer_pool_size"):
            assert table.move_to_key(key)
            await pilot.press("space")
        assert table.marked == {"event_scheduler", "innodb_buffer_pool_size"}
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ParamEditScreen) and app.screen.key == "event_scheduler"
        await pilot.press("end", "ctrl+u", *new_events.lower(), "enter")
        await pilot.pause()
        assert isinstance(app.screen, ParamEditScreen) and app.screen.key == "innodb_buffer_pool_size"
        assert app.screen.query("#param-edit-restart")  # the dialog warns about the restart
        await pilot.press("end", "ctrl+u", *new_pool, "enter")
        await pilot.pause()
        assert app.screen is screen
        assert {k: c.new for k, c in screen.pending.items()} == {"event_scheduler": new_events,
                                                                  "innodb_buffer_pool_size": new_pool}

        await pilot.press("a")
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert "innodb_buffer_pool_size" in confirm.summary and "[restart needed]" in confirm.summary
        assert len(confirm.warnings) == 1
        assert "innodb_buffer_pool_size" in confirm.warnings[0] and "restart" in confirm.warnings[0]
        assert "event_scheduler" not in confirm.warnings[0]
        assert len(confirm.requests) == 2  # one request per group
        assert {('"group": "common"' in r.body) for r in confirm.requests} == {True, False}

        await pilot.press("n")  # cancelled: nothing sent, the edits stay pending
        await pilot.pause()
        assert transport.count(MODIFY) == 0 and len(screen.pending) == 2

        await pilot.press("a")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert transport.count(MODIFY) == 2
        frame = table.frame.set_index("key")
        assert frame.loc["event_scheduler", "target_value"] == new_events
        assert frame.loc["innodb_buffer_pool_size", "target_value"] == new_pool
        results = static_text(app, "#params-results")
        assert "✓ event_scheduler" in results and "✓ innodb_buffer_pool_size" in results
        assert "restart required" in results


def params_of_after_load(client: Any, drs: Any, job_id: str) -> list[Any]:
    return client.params.get(job_id, refresh=True).params_list[0].params


async def test_failed_apply_is_reported_per_parameter(drs, server, client) -> None:
    job_id = ready_task(client, drs)
    app = make_app(server, lambda: ParamsScreen(job_id))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        # The task leaves CONFIGURATION behind the screen's back: DRS refuses the change.
        await edit(pilot, "wait_timeout", "600")
        from drstui.local import lifecycle

        rec = drs.store.get_job(job_id)
        lifecycle.set_status(rec, "FULL_TRANSFER_STARTED", drs.clock.now_ms())
        drs.store.save_job(rec)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        results = static_text(app, "#params-results")
        assert "✗ wait_timeout" in results and "DRS." in results
        assert "wait_timeout" in screen.pending  # still pending: it was not applied


async def test_unsupported_task_shows_the_error(drs, server, client) -> None:
    job_id = create(client, drs, job_body("orders-sync-01", db_use_type="sync"))
    app = make_app(server, lambda: ParamsScreen(job_id))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ParamsScreen)
        error = screen.query_one("#params-error", Static)
        assert not error.has_class("hidden")
        text = static_text(app, "#params-error")
        assert "DRS.M00302" in text and "Invalid migration scheme" in text and "What to do" in text
        assert screen.query_one(FrameTable).row_count == 0
        await pilot.press("e")  # nothing to edit: no dialog, no crash
        await pilot.pause()
        assert app.screen is screen


async def test_read_only_hides_editing(drs, server, client) -> None:
    job_id = ready_task(client, drs)
    transport = CountingTransport()
    app = make_app(server, lambda: ParamsScreen(job_id), read_only=True, transport=transport)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.query_one(FrameTable).row_count == 30
        assert screen.check_action("edit", ()) is False and screen.check_action("apply", ()) is False
        assert screen.check_action("toggle_differences", ()) is True
        titles = [c.title for c in screen.palette_commands()]
        assert "Parameters: apply changes" not in titles and "Parameters: only differences" in titles
        await pilot.press("e")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("a")
        await pilot.pause()
        assert app.screen is screen
        assert transport.count(MODIFY) == 0
