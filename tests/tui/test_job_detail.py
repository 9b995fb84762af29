"""Pilot tests of the task detail screen and the task action dialogs against the local DRS."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from textual import events

import drstui.tui.app as app_module
from drstui.api import DrsClient
from drstui.local import lifecycle
from drstui.local.factory import new_job
from drstui.local.server import LocalServer
from drstui.local.state import LocalDrs, Tenant
from drstui.service.service import DrsService
from drstui.tui.app import DrsApp
from drstui.tui.screens import job_detail as job_detail_module
from drstui.tui.screens.actions import (
    ACTIONS,
    ActionResultsScreen,
    action_reason,
    launch_action,
    split_available,
    validation_message,
)
from drstui.tui.screens.confirm import ConfirmScreen
from drstui.tui.screens.job_detail import JobDetailScreen
from drstui.tui.screens.passwords import PasswordsScreen
from drstui.tui.screens.speed_limit import SpeedLimitScreen, check_windows, parse_speed_text

SOURCE_PASSWORD = "Src-Initial-Secret-71"
TARGET_PASSWORD = "Dst-Initial-Secret-72"
NEW_PASSWORD = "N3w-Src-Pa55word-913"

_SUFFIX = {"migration": "jb101", "sync": "jb201", "cloudDataGuard": "jb502"}


# ---------------------------------------------------------------------------
# Building tasks and the app
# ---------------------------------------------------------------------------


def make_task(
    drs: LocalDrs,
    tenant: Tenant,
    name: str,
    *,
    use: str = "migration",
    engine: str = "mysql",
    start: bool = False,
    precheck_passed: bool = True,
    task_type: str = "FULL_INCR_TRANS",
    parent: str | None = None,
) -> str:
    """A configured task (connections tested, objects chosen, pre-check passed), started if asked."""
    rng = drs.rng_for("tui-test", name)
    now = drs.clock.now_ms()
    job_id = drs.new_job_id(rng, "jb20y" if parent else _SUFFIX[use])

    def endpoint(ip: str, password: str) -> dict[str, Any]:
        return {"db_type": "mysql", "ip": ip, "db_port": 3306, "db_user": "drs_migr", "db_password": password}

    rec = new_job(
        job_id=job_id, project_id=tenant.project_id, now_ms=now, rng=rng, fail_share=0.0, name=name,
        db_use_type=use, engine_type=engine, job_direction="up", net_type="eip", node_type="high",
        task_type=task_type, source_endpoint=endpoint("192.0.2.10", SOURCE_PASSWORD),
        target_endpoint=endpoint("192.0.2.20", TARGET_PASSWORD), description=f"{name} test task", parent_id=parent,
    )  # fmt: skip
    rec.sim.update({"conn": {"so": True, "ta": True}, "configured": True, "objects": True})
    rec.sim["precheck"] = {"id": job_id, "started_ms": now, "passed": precheck_passed, "mode": "forStartJob"}
    lifecycle.set_status(rec, "CONFIGURATION", now)
    if start:
        lifecycle.start(rec, now)
    records = [rec]
    if parent:
        parent_rec = drs.store.get_job(parent)
        assert parent_rec is not None
        parent_rec.detail.setdefault("children", []).append({"id": job_id, "name": name})
        records.append(parent_rec)
    drs.store.save_jobs(records)
    return job_id


def running_task(drs: LocalDrs, tenant: Tenant, name: str = "orders-migr", **kw: Any) -> str:
    """A task started and moved (simulated clock) into INCRE_TRANSFER_STARTED."""
    job_id = make_task(drs, tenant, name, start=True, **kw)
    drs.clock.advance(600)
    drs.tick()
    rec = drs.store.get_job(job_id)
    assert rec is not None and rec.status == "INCRE_TRANSFER_STARTED"
    return job_id


class SpyService(DrsService):
    """The real service, remembering every state-changing call it makes."""

    def __init__(self, *a: Any, **kw: Any) -> None:
        super().__init__(*a, **kw)
        self.actions: list[str] = []
        self.status_calls = 0

    def _batch_action(self, action: str, ids: Any, call: Any) -> Any:
        self.actions.append(action)
        return super()._batch_action(action, ids, call)

    def refresh_statuses(self, ids: Any) -> Any:
        self.status_calls += 1
        return super().refresh_statuses(ids)


class DetailApp(DrsApp):
    """`DrsApp` opening the detail screen of one task (the task list is another screen's test)."""

    CSS_PATH = str(Path(app_module.__file__).with_name("app.tcss"))

    def __init__(self, job_id: str, **kw: Any) -> None:
        super().__init__(**kw)
        self.job_id = job_id
        self.animation_level = "none"  # no tab underline animation to wait for

    def on_mount(self, event: events.Mount) -> None:
        event.prevent_default()  # not DrsApp.on_mount: no task list
        self.push_screen(JobDetailScreen(self.job_id))
        self.connect_service()


def detail_app(server: LocalServer, job_id: str, **kw: Any) -> DetailApp:
    kw.setdefault("auto_refresh", False)
    kw.setdefault("clock", lambda: 1000.0)
    return DetailApp(job_id, service_factory=lambda: SpyService(DrsClient(**server.client_kwargs())), **kw)


async def settle(pilot: Any, until: Any = None, rounds: int = 200) -> None:
    """Let workers and messages run until ``until()`` holds (default: the detail screen loaded)."""
    app = pilot.app

    def loaded() -> bool:
        screens = [s for s in app.screen_stack if isinstance(s, JobDetailScreen)]
        busy = any(w.group == "detail-load" and not w.is_finished for w in app.workers)
        return bool(screens) and screens[-1].loaded and not busy

    check = until or loaded
    for _ in range(rounds):
        await pilot.pause()
        if check():
            break
        await pilot.pause(0.01)
    await pilot.pause()
    assert check(), "the screen did not settle"


async def wait_for_screen(pilot: Any, kind: type) -> Any:
    await settle(pilot, lambda: isinstance(pilot.app.screen, kind))
    return pilot.app.screen


def screen_text(app: Any) -> str:
    """The visible text of the current screen (from an SVG screenshot)."""
    svg = app.export_screenshot()
    rows: dict[float, list[tuple[float, str]]] = {}
    for m in re.finditer(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', svg):
        rows.setdefault(float(m.group(2)), []).append((float(m.group(1)), html.unescape(m.group(3))))
    lines = []
    for y in sorted(rows):
        line = ""
        for x, t in sorted(rows[y]):
            col = int(round(x / 12.2))
            line = line.ljust(col) + t.replace("\xa0", " ")
        lines.append(line.rstrip())
    return "\n".join(lines)


def detail(app: Any) -> JobDetailScreen:
    return next(s for s in reversed(app.screen_stack) if isinstance(s, JobDetailScreen))


def notes(app: Any) -> str:
    return "\n".join(n.message for n in app._notifications)  # noqa: SLF001


def status_of(drs: LocalDrs, job_id: str) -> str:
    rec = drs.store.get_job(job_id)
    assert rec is not None
    return rec.status


# ---------------------------------------------------------------------------
# Rules (no app)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "row", "allowed"),
    [
        ("start", {"status": "CONFIGURATION", "available_actions": "CREATE, START"}, True),
        ("start", {"status": "INCRE_TRANSFER_STARTED", "available_actions": "PAUSE"}, False),
        ("pause", {"status": "INCRE_TRANSFER_STARTED", "available_actions": "PAUSE, FREE_RESOURCE"}, True),
        ("resume", {"status": "PAUSING", "available_actions": "RETRY"}, True),
        ("delete", {"status": "INCRE_TRANSFER_STARTED", "available_actions": "PAUSE"}, False),
        ("delete", {"status": "RELEASE_RESOURCE_COMPLETE"}, True),  # no matrix: the status decides
        ("stop", {"status": "CREATING"}, False),
        ("switchover", {"status": "INCRE_TRANSFER_STARTED", "db_use_type": "migration",
                        "available_actions": "SWITCH_OVER"}, False),  # fmt: skip
        ("switchover", {"status": "INCRE_TRANSFER_STARTED", "db_use_type": "cloudDataGuard",
                        "available_actions": "SWITCH_OVER"}, True),  # fmt: skip
        ("speed_limit", {"status": "INCRE_TRANSFER_STARTED", "task_type": "FULL_INCR_TRANS"}, True),
        ("speed_limit", {"status": "INCRE_TRANSFER_STARTED", "task_type": "INCR_TRANS"}, False),
        ("speed_limit", {"status": "RELEASE_RESOURCE_COMPLETE", "task_type": "FULL_TRANS"}, False),
        ("passwords", {"status": "INCRE_TRANSFER_STARTED", "available_actions": "RESET_DB_PWD"}, True),
    ],
)
def test_action_rules(action: str, row: dict[str, Any], allowed: bool) -> None:
    reason = action_reason(action, row)
    assert (reason is None) is allowed
    if not allowed:
        assert reason and len(reason) > 10


def test_split_available_explains_skipped() -> None:
    rows = [
        {"id": "a", "status": "INCRE_TRANSFER_STARTED", "available_actions": "PAUSE"},
        {"id": "b", "status": "CONFIGURATION", "available_actions": "START"},
    ]
    ok, skipped = split_available("pause", rows)
    assert ok == ["a"]
    assert skipped[0][0] == "b" and "CONFIGURATION" in skipped[0][1]


def test_speed_windows_checked_by_the_api_model() -> None:
    job = "0f4a5ab5-96a4-49d5-9e2a-777b225jb201"
    assert check_windows([job], [{"begin": "01:00", "end": "02:59", "speed": "10"}]) == []
    bad_begin = check_windows([job], [{"begin": "01:30", "end": "02:59", "speed": "1"}])
    assert "begin must be a whole UTC hour" in bad_begin[0]
    assert "1" in check_windows([job], [{"begin": "01:00", "end": "02:59", "speed": "10000"}])[0]
    overlap = check_windows(
        [job], [{"begin": "01:00", "end": "04:59", "speed": "5"}, {"begin": "03:00", "end": "05:59", "speed": "5"}]
    )
    assert any("overlap" in line for line in overlap)
    eleven = [{"begin": f"{h:02d}:00", "end": f"{h:02d}:59", "speed": "5"} for h in range(11)]
    assert any("10" in line for line in check_windows([job], eleven))
    assert parse_speed_text("01:00-02:59 10 MB/s; 16:00-15:59 5 MB/s") == [
        {"begin": "01:00", "end": "02:59", "speed": "10"},
        {"begin": "16:00", "end": "15:59", "speed": "5"},
    ]


def test_validation_message_never_shows_the_input() -> None:
    from pydantic import ValidationError

    from drstui.api.models.jobs import ResetPasswordsParams

    with pytest.raises(ValidationError) as info:
        ResetPasswordsParams(jobs=[{"job_id": "not-an-id", "end_point_type": "so", "db_password": NEW_PASSWORD}])
    text = validation_message(info.value)
    assert "job_id" in text and NEW_PASSWORD not in text


# ---------------------------------------------------------------------------
# Detail screen
# ---------------------------------------------------------------------------


async def test_migration_task_detail(drs: LocalDrs, tenant: Tenant, server: LocalServer) -> None:
    job_id = running_task(drs, tenant, "orders-migr")
    app = detail_app(server, job_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = detail(app)
        text = screen_text(app)
        assert "orders-migr" in text and job_id in text
        assert "INCRE_TRANSFER_STARTED" in text and "Incremental migration in progress" in text
        for label in ("Scenario", "Real-time migration", "Engine", "mysql", "Direction", "up — into the cloud",
                      "Node type", "high", "Source", "mysql 192.0.2.10:3306 as drs_migr", "192.0.2.20"):  # fmt: skip
            assert label in text, label
        assert SOURCE_PASSWORD not in text and TARGET_PASSWORD not in text
        # Only what job_action allows is offered.
        assert screen.check_action("act", ("pause",)) is True
        assert screen.check_action("act", ("start",)) is False
        assert screen.check_action("act", ("delete",)) is False
        assert screen.check_action("act", ("switchover",)) is False
        footer = text.splitlines()[-1]
        assert "Pause" in footer and "Start" not in footer and "Delete" not in footer
        await pilot.press("2")
        await pilot.pause()
        text = screen_text(app)
        assert "Full phase" in text and "100.0 %" in text and "Incremental delay" in text
        assert "RPO" not in text
        await pilot.press("4")
        await pilot.pause()
        text = screen_text(app)
        assert "Start is not offered by DRS while the task is INCRE_TRANSFER_STARTED" in text
        assert "job_action now offers" in text
        # The palette says why an action is not there.
        commands = {c.title: c.help for c in screen.palette_commands()}
        assert "Task: Pause (z)" in commands
        assert "not offered" in commands["Task: Start — not available"]


async def test_dr_task_shows_rpo_rto_and_monitoring(drs: LocalDrs, tenant: Tenant, server: LocalServer) -> None:
    job_id = running_task(drs, tenant, "crm-dr", use="cloudDataGuard", engine="cloudDataGuard-mysql")
    app = detail_app(server, job_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "Disaster recovery" in screen_text(app)
        await pilot.press("2")
        await pilot.pause()
        text = screen_text(app)
        assert "RPO / RTO (4.4.2)" in text and "DR monitoring (4.4.3)" in text
        rpo = detail(app).data.rpo
        assert rpo is not None and rpo["rpo_delay_ms"] >= 0
        assert f"{int(rpo['rpo_delay_ms']):,} ms" in text
        assert re.search(r"RTO \(recovery delay\)\s+[\d,]+ ms", text)
        assert "Source position" in text and "mysql-bin." in text
        assert detail(app).check_action("act", ("switchover",)) is True


async def test_subtasks_listed_and_opened(drs: LocalDrs, tenant: Tenant, server: LocalServer) -> None:
    parent = running_task(drs, tenant, "billing-sync", use="sync")
    child = make_task(drs, tenant, "billing-sync_sub1", use="sync", parent=parent, task_type="INCR_TRANS")
    app = detail_app(server, parent)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await pilot.pause()
        assert "3 Subtasks (1)" in screen_text(app)
        table = app.screen.query_one("#subtasks-table")
        assert table.cursor_key == child
        table.focus()
        await pilot.press("enter")
        await settle(pilot, lambda: detail(app).job_id == child and detail(app).loaded)
        text = screen_text(app)
        assert "billing-sync_sub1" in text and "Parent task" in text and parent in text


async def test_links_to_other_screens(
    drs: LocalDrs, tenant: Tenant, server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    job_id = running_task(drs, tenant)
    links = job_detail_module.LINKED_SCREENS
    monkeypatch.setitem(links, "precheck", ("drstui.tui.screens.no_such_screen", "X", "Pre-check results"))
    monkeypatch.setitem(links, "params", ("drstui.tui.screens.error", "ErrorScreen", "Database parameters"))
    app = detail_app(server, job_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await pilot.pause()
        assert "Pre-check results screen is not available" in notes(app)
        await pilot.press("m")  # any screen taking the id: ErrorScreen stands in for ParamsScreen
        await pilot.pause()
        assert type(app.screen).__name__ == "ErrorScreen"


async def test_refresh_polls_statuses_and_pauses(drs: LocalDrs, tenant: Tenant, server: LocalServer) -> None:
    job_id = running_task(drs, tenant)
    app = detail_app(server, job_id, auto_refresh=True, refresh_interval=0.05)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, lambda: any(isinstance(s, JobDetailScreen) and s.loaded for s in app.screen_stack))
        service = app.service
        first = service.status_calls
        await settle(pilot, lambda: service.status_calls >= first + 2)  # the timer re-arms after each refresh
        await pilot.press("p")
        await pilot.pause()
        screen = detail(app)
        assert screen.paused and screen._timer is None  # noqa: SLF001
        assert "auto-refresh paused · p resume" in screen_text(app)
        await app.workers.wait_for_complete()
        paused_at = service.status_calls
        await pilot.pause(0.3)
        assert service.status_calls == paused_at
        await pilot.press("p")
        await settle(pilot, lambda: service.status_calls > paused_at)


# ---------------------------------------------------------------------------
# Actions
# ---------------------------------------------------------------------------


async def test_start_configuration_task(drs: LocalDrs, tenant: Tenant, server: LocalServer) -> None:
    job_id = make_task(drs, tenant, "shop-migr")
    app = detail_app(server, job_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert detail(app).check_action("act", ("start",)) is True
        assert detail(app).check_action("act", ("pause",)) is False
        await pilot.press("s")
        confirm = await wait_for_screen(pilot, ConfirmScreen)
        assert confirm.requests[0].method == "POST"
        assert confirm.requests[0].path.endswith("/jobs/batch-starting")
        assert job_id in confirm.requests[0].body
        assert "POST /v3/" in screen_text(app)
        await pilot.press("y")
        await settle(pilot, lambda: "Start: done" in notes(app) and detail(app).loaded)
        await settle(pilot)
        assert status_of(drs, job_id) == "STARTJOBING"
        assert app.service.actions == ["start"]
        assert "STARTJOBING" in screen_text(app)
        assert detail(app).check_action("act", ("start",)) is False


async def test_start_refused_is_reported_per_task(drs: LocalDrs, tenant: Tenant, server: LocalServer) -> None:
    job_id = make_task(drs, tenant, "shop-migr", precheck_passed=False)
    app = detail_app(server, job_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await wait_for_screen(pilot, ConfirmScreen)
        await pilot.press("y")
        results = await wait_for_screen(pilot, ActionResultsScreen)
        assert results.results.iloc[0]["error_code"] == "DRS.M00300"
        assert "DRS.M00300" in screen_text(app) and "pre-check has not passed" in screen_text(app)
        assert status_of(drs, job_id) == "CONFIGURATION"


async def test_pause_then_resume(drs: LocalDrs, tenant: Tenant, server: LocalServer) -> None:
    job_id = running_task(drs, tenant)
    app = detail_app(server, job_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("z")
        confirm = await wait_for_screen(pilot, ConfirmScreen)
        assert '"pause_mode": "target"' in confirm.requests[0].body
        assert not confirm.destructive
        await pilot.press("y")
        await settle(pilot, lambda: "Pause: done" in notes(app))
        await settle(pilot)
        assert status_of(drs, job_id) == "PAUSING"
        assert "Paused" in screen_text(app)
        assert detail(app).check_action("act", ("resume",)) is True
        await pilot.press("4")
        await pilot.pause()
        assert "Last action: Pause" in screen_text(app)
        await pilot.press("e")
        confirm = await wait_for_screen(pilot, ConfirmScreen)
        assert confirm.requests[0].path.endswith("/jobs/batch-retry-task")
        await pilot.press("y")
        await settle(pilot, lambda: "Resume / retry: done" in notes(app))
        await settle(pilot)
        assert status_of(drs, job_id) == "INCRE_TRANSFER_STARTED"
        assert app.service.actions == ["pause", "resume"]


async def test_cancel_sends_nothing(drs: LocalDrs, tenant: Tenant, server: LocalServer) -> None:
    job_id = running_task(drs, tenant)
    app = detail_app(server, job_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        confirm = await wait_for_screen(pilot, ConfirmScreen)
        assert confirm.destructive
        await pilot.press("n")
        await settle(pilot, lambda: "cancelled" in notes(app))
        assert app.service.actions == []
        assert status_of(drs, job_id) == "INCRE_TRANSFER_STARTED"


async def test_stop_then_delete(drs: LocalDrs, tenant: Tenant, server: LocalServer) -> None:
    job_id = running_task(drs, tenant)
    app = detail_app(server, job_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        confirm = await wait_for_screen(pilot, ConfirmScreen)
        assert confirm.destructive and confirm.requests[0].method == "DELETE"
        assert '"delete_type": "terminate"' in confirm.requests[0].body
        await pilot.press("y")
        await settle(pilot, lambda: "Stop: done" in notes(app))
        await settle(pilot)
        assert status_of(drs, job_id) == "RELEASE_RESOURCE_STARTED"
        assert detail(app).check_action("act", ("delete",)) is False
        drs.clock.advance(lifecycle.RELEASE_S + 1)
        await pilot.press("r")
        await settle(pilot)
        assert "RELEASE_RESOURCE_COMPLETE" in screen_text(app)
        assert detail(app).check_action("act", ("delete",)) is True
        await pilot.press("d")
        confirm = await wait_for_screen(pilot, ConfirmScreen)
        assert confirm.destructive and '"delete_type": "delete"' in confirm.requests[0].body
        await pilot.press("y")
        await settle(pilot, lambda: "Delete: done" in notes(app))
        await settle(pilot)
        assert status_of(drs, job_id) == "DELETED"
        assert "was not found" in screen_text(app)
        assert app.service.actions == ["stop", "delete"]


async def test_force_stop_from_palette_command(drs: LocalDrs, tenant: Tenant, server: LocalServer) -> None:
    job_id = running_task(drs, tenant)
    app = detail_app(server, job_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        commands = {c.title: c.callback for c in detail(app).palette_commands()}
        commands["Task: Force stop (X)"]()
        confirm = await wait_for_screen(pilot, ConfirmScreen)
        assert '"delete_type": "force_terminate"' in confirm.requests[0].body
        await pilot.press("y")
        await settle(pilot, lambda: "Force stop: done" in notes(app))
        assert status_of(drs, job_id) == "RELEASE_RESOURCE_STARTED"


async def test_switchover_dr_task(drs: LocalDrs, tenant: Tenant, server: LocalServer) -> None:
    job_id = running_task(drs, tenant, "crm-dr", use="cloudDataGuard", engine="cloudDataGuard-mysql")
    app = detail_app(server, job_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "up — into the cloud" in screen_text(app)
        await pilot.press("w")
        confirm = await wait_for_screen(pilot, ConfirmScreen)
        assert confirm.destructive
        assert confirm.requests[0].path.endswith("/jobs/batch-switchover")
        assert job_id in confirm.requests[0].body
        await pilot.press("y")
        await settle(pilot, lambda: "DR switchover: done" in notes(app))
        await settle(pilot)
        assert app.service.actions == ["switchover"]
        rec = drs.store.get_job(job_id)
        assert rec is not None and rec.sim.get("switch_ms") is not None
        assert detail(app).check_action("act", ("switchover",)) is False  # one switchover at a time
        drs.clock.advance(lifecycle.SWITCHOVER_S + 1)
        await pilot.press("r")
        await settle(pilot)
        assert "down — out of the cloud" in screen_text(app)


async def test_speed_limit_valid(drs: LocalDrs, tenant: Tenant, server: LocalServer) -> None:
    job_id = running_task(drs, tenant)
    app = detail_app(server, job_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        dialog = await wait_for_screen(pilot, SpeedLimitScreen)
        await pilot.press(*"01:00", "tab", *"02:59", "tab", *"10")
        await pilot.press("ctrl+n")
        await pilot.press(*"16:00", "tab", *"23:59", "tab", *"200")
        assert dialog.windows()[0] == [
            {"begin": "01:00", "end": "02:59", "speed": "10"},
            {"begin": "16:00", "end": "23:59", "speed": "200"},
        ]
        await pilot.press("ctrl+s")
        confirm = await wait_for_screen(pilot, ConfirmScreen)
        assert confirm.requests[0].method == "PUT" and confirm.requests[0].path.endswith("/jobs/batch-limit-speed")
        assert '"speed": "10"' in confirm.requests[0].body and '"begin": "16:00"' in confirm.requests[0].body
        await pilot.press("y")
        await settle(pilot, lambda: "Flow control: done" in notes(app))
        await settle(pilot)
        rec = drs.store.get_job(job_id)
        assert rec is not None and rec.detail["speed_limit"][0] == {"begin": "01:00", "end": "02:59", "speed": "10"}
        assert "01:00-02:59 10 MB/s; 16:00-23:59 200 MB/s" in screen_text(app)
        # The dialog opens on the current windows; "remove limit" sends [].
        await pilot.press("f")
        dialog = await wait_for_screen(pilot, SpeedLimitScreen)
        assert len(dialog.windows()[0]) == 2
        await pilot.press("ctrl+l")
        confirm = await wait_for_screen(pilot, ConfirmScreen)
        assert '"speed_limit": []' in confirm.requests[0].body
        await pilot.press("y")
        await settle(pilot, lambda: notes(app).count("Flow control: done") == 2)
        rec = drs.store.get_job(job_id)
        assert rec is not None and rec.detail["speed_limit"] == []


async def test_speed_limit_invalid_sends_nothing(drs: LocalDrs, tenant: Tenant, server: LocalServer) -> None:
    job_id = running_task(drs, tenant)
    app = detail_app(server, job_id)
    cases = [
        ([("01:30", "02:59", "10")], 'window 1 begin: begin must be a whole UTC hour "hh:00"'),
        ([("01:00", "02:30", "10")], 'window 1 end: end must be "hh:59"'),
        ([("01:00", "02:59", "10000")], 'speed must be a whole number of MB/s from "1" to "9999"'),
        ([("01:00", "02:59", "0")], 'speed must be a whole number of MB/s from "1" to "9999"'),
        ([("01:00", "02:59", "")], "window 1: give begin, end and MB/s"),
        ([("01:00", "04:59", "5"), ("03:00", "05:59", "5")], "speed windows must not overlap"),
        ([("", "", "")], "No window given"),
    ]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        dialog = await wait_for_screen(pilot, SpeedLimitScreen)
        await pilot.press(*"01:30", "tab", *"02:59", "tab", *"10")  # typed once, the rest set directly
        for windows, message in cases:
            while dialog.shown_rows < len(windows):
                dialog.action_add_row()
            while dialog.shown_rows > len(windows):
                dialog.action_remove_row()
            for i, (begin, end, speed) in enumerate(windows):
                dialog.query_one(f"#begin-{i}").value = begin
                dialog.query_one(f"#end-{i}").value = end
                dialog.query_one(f"#speed-{i}").value = speed
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is dialog, message  # still open: nothing confirmed, nothing sent
            assert message in str(dialog.query_one("#speed-error").render()), message
        assert "No window given" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot, lambda: "nothing was sent" in notes(app))
        assert app.service.actions == []
        rec = drs.store.get_job(job_id)
        assert rec is not None and rec.detail["speed_limit"] == []


async def test_password_change_never_shown(drs: LocalDrs, tenant: Tenant, server: LocalServer) -> None:
    job_id = running_task(drs, tenant)
    app = detail_app(server, job_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert SOURCE_PASSWORD not in screen_text(app)
        await pilot.press("P")
        dialog = await wait_for_screen(pilot, PasswordsScreen)
        assert all(i.password for i in dialog.query("Input"))
        await pilot.press(*NEW_PASSWORD)
        assert NEW_PASSWORD not in screen_text(app)
        assert "•" * 5 in screen_text(app)
        await pilot.press("ctrl+s")
        confirm = await wait_for_screen(pilot, ConfirmScreen)
        body = confirm.requests[0].body
        assert confirm.requests[0].path.endswith("/jobs/batch-modify-pwd")
        assert '"end_point_type": "so"' in body and '"db_password": "******"' in body
        assert '"ta"' not in body  # the destination field was left empty
        assert NEW_PASSWORD not in body and NEW_PASSWORD not in confirm.summary
        text = screen_text(app)
        assert NEW_PASSWORD not in text and "******" in text
        await pilot.press("y")
        await settle(pilot, lambda: "Change DB passwords: done" in notes(app))
        await settle(pilot)
        assert NEW_PASSWORD not in screen_text(app) and NEW_PASSWORD not in notes(app)
        rec = drs.store.get_job(job_id)
        assert rec is not None and rec.data["secrets"]["so"]["db_password"] == NEW_PASSWORD  # really sent
        assert rec.data["secrets"]["ta"]["db_password"] == TARGET_PASSWORD


async def test_password_dialog_needs_a_value(drs: LocalDrs, tenant: Tenant, server: LocalServer) -> None:
    job_id = running_task(drs, tenant)
    app = detail_app(server, job_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("P")
        dialog = await wait_for_screen(pilot, PasswordsScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog
        assert "Give a new source and/or destination password" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot, lambda: "Passwords unchanged" in notes(app))
        assert app.service.actions == []


async def test_failed_action_shows_error_row(drs: LocalDrs, tenant: Tenant, server: LocalServer) -> None:
    job_id = running_task(drs, tenant)
    app = detail_app(server, job_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        # The detail screen does not offer delete on a running task …
        assert detail(app).check_action("act", ("delete",)) is False
        await pilot.press("d")
        await pilot.pause()
        assert app.screen is detail(app)
        # … but another caller (the task list's multi-select) may ask: DRS refuses it per task.
        launch_action(app, "delete", [job_id], names={job_id: "orders-migr"})
        await wait_for_screen(pilot, ConfirmScreen)
        await pilot.press("y")
        results = await wait_for_screen(pilot, ActionResultsScreen)
        row = results.results.iloc[0]
        assert row["id"] == job_id and not row["ok"] and row["error_code"] == "DRS.M00304"
        text = screen_text(app)
        assert "DRS.M00304" in text and "Delete cannot be called" in text and "What to do" in text
        assert "1 failed" in text
        assert "DRS.M00304" in notes(app)
        await pilot.press("escape")
        await settle(pilot)
        assert status_of(drs, job_id) == "INCRE_TRANSFER_STARTED"


async def test_read_only_hides_actions(drs: LocalDrs, tenant: Tenant, server: LocalServer) -> None:
    job_id = running_task(drs, tenant)
    app = detail_app(server, job_id, read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = detail(app)
        for name in ACTIONS:
            assert screen.check_action("act", (name,)) is False
        footer = screen_text(app).splitlines()[-1]
        for action in ("Pause", "Stop", "Flow", "Passwords"):
            assert action not in footer
        assert "Pre-check" in footer
        titles = [c.title for c in screen.palette_commands()]
        assert titles and not any(a.label in t for a in ACTIONS.values() for t in titles)
        await pilot.press("z")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("4")
        await pilot.pause()
        assert "Read-only profile" in screen_text(app)
        # The runner refuses too.
        launch_action(app, "pause", [job_id])
        await settle(pilot, lambda: "Read-only" in notes(app))
        assert app.service.actions == []
