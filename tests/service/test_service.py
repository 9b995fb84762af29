"""DrsService end to end against the local DRS (loopback), plus connect()/connect_all()."""

from __future__ import annotations

import json
import math
from collections import Counter

import httpx
import pandas as pd
import pytest

import drstui
from drstui.api import DrsClient
from drstui.api.error_codes import describe
from drstui.api.models.query import ALL_DB_USE_TYPES
from drstui.local.demo import seed_demo
from drstui.service import embedded
from drstui.service.profiles import LOCAL, add_profile
from drstui.service.service import DrsService, MultiService, ReadOnlyError, connect, connect_all

from .test_frames import assert_frame

COMPARE_ID = "48c6acb4-1473-48fd-8676-df3705758c27"


class Counting(httpx.BaseTransport):
    """Counts requests per path tail, passing them to a real transport."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.calls: Counter[str] = Counter()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.calls[request.url.path.rsplit("/", 1)[-1]] += 1
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


@pytest.fixture
def world(drs, tenant):
    seed_demo(drs, tenant, 250)
    return drs


@pytest.fixture
def counting():
    return Counting()


@pytest.fixture
def svc(world, server, counting):
    with DrsClient(**server.client_kwargs(), transport=counting) as c:
        yield DrsService(c, profile="test", region="cn-north-4")


def api_totals(client: DrsClient) -> int:
    return sum(client.jobs.list(u, per_page=1).total_record for u in ALL_DB_USE_TYPES)


def pick(df: pd.DataFrame, **where: str) -> pd.DataFrame:
    mask = pd.Series(True, index=df.index)
    for col, value in where.items():
        mask &= df[col].astype("string") == value
    return df[mask]


# ---------------------------------------------------------------------------
# Listing
# ---------------------------------------------------------------------------


def test_tasks_walks_every_page_and_matches_the_reported_totals(svc):
    seen: list[tuple[int, int | None]] = []
    df = svc.tasks(per_page=7, progress=lambda done, total: seen.append((done, total)))
    total = api_totals(svc.client)
    assert total >= 250
    assert len(df) == total and df["id"].is_unique
    assert_frame(df, "tasks")
    assert seen[-1] == (total, total)
    assert all(t == total for _, t in seen) and [d for d, _ in seen] == sorted(d for d, _ in seen)
    running = df[df["status"] == "INCRE_TRANSFER_STARTED"]
    assert running["progress_pct"].notna().all() and running["incre_delay_s"].notna().all()
    assert svc.warnings == []


def test_iter_task_pages_yields_one_frame_per_page(svc, counting):
    # one page at a time: nothing is ever waiting to be joined to the page just fetched
    pages = list(svc.iter_task_pages(per_page=50, with_progress=False, concurrency=1))
    per_type = [svc.client.jobs.list(u, per_page=1).total_record for u in ALL_DB_USE_TYPES]
    assert len(pages) == sum(math.ceil(n / 50) for n in per_type)
    assert all(0 < len(p) <= 50 for p in pages)
    for page in pages:
        assert_frame(page, "tasks")
    assert sum(len(p) for p in pages) == sum(per_type)
    assert counting.calls["batch-progress"] == 0


def test_tasks_with_children_and_filters(svc):
    df = svc.tasks(include_children=True, db_use_types=["sync"])
    children = df[df["parent_id"].notna()]
    parents = df[df["parent_id"].isna()]
    assert len(children) == int(parents["child_count"].sum()) > 0
    assert set(children["parent_id"]) <= set(parents["id"])
    assert set(df["db_use_type"].astype(str)) == {"sync"}
    paused = svc.tasks(status="PAUSING")
    assert len(paused) > 0 and (paused["status"] == "PAUSING").all()


def test_refresh_statuses_uses_only_the_batch_apis(svc, counting):
    ids = list(svc.tasks(with_progress=False)["id"])[:250]
    counting.calls.clear()
    df = svc.refresh_statuses(ids)
    assert dict(counting.calls) == {"batch-status": 3, "batch-progress": 3}
    assert_frame(df, "statuses")
    assert set(df["id"]) == set(ids) and len(df) == len(ids)
    counting.calls.clear()
    assert len(svc.refresh_statuses([])) == 0 and not counting.calls


def test_task_detail_frames_hold_no_password(svc, world):
    df = svc.tasks(with_progress=False)
    ids = list(df["id"][:5])
    details = svc.task_details(ids)
    assert_frame(details, "task_detail")
    assert list(details["id"]) == ids
    kv = svc.task_detail_kv(ids[0])
    assert_frame(kv, "task_detail_kv")
    assert kv.set_index("key").loc["id", "value"] == ids[0]
    assert_frame(svc.task_detail(ids[0]), "task_detail")
    stored = world.store.get_job(ids[0]).data["secrets"]["so"].get("db_password")
    text = details.to_csv() + kv.to_csv()
    assert stored and stored not in text


# ---------------------------------------------------------------------------
# Pre-check, parameters, DR, users
# ---------------------------------------------------------------------------


def test_precheck_results_frame(svc):
    df = svc.tasks(with_progress=False)
    ids = list(pick(df, status="INCRE_TRANSFER_STARTED")["id"][:3])
    pre = svc.precheck_results(ids)
    assert_frame(pre, "precheck")
    assert set(pre["job_id"]) == set(ids)
    assert set(pre["result"].dropna().astype(str)) <= {"PASSED", "ALARM", "FAILED"}
    assert pre["item"].notna().all()


def test_precheck_result_error_rows_carry_the_suggestion(svc):
    df = svc.tasks(with_progress=False)
    conf = list(pick(df, status="CONFIGURATION")["id"][:1])
    pre = svc.precheck_results(conf)
    assert len(pre) >= 1
    row = pre.iloc[0]  # no pre-check has been run on this task yet: one error row
    assert row["job_id"] == conf[0] and pd.isna(row["item"])
    assert row["error_code"].startswith("DRS.") and row["raw_error_msg"]
    assert row["suggestion"] == describe(row["error_code"]).suggestion


def test_params_frame_end_to_end(svc):
    df = svc.tasks(with_progress=False)
    conf = pick(df, status="CONFIGURATION", db_use_type="migration", engine_type="mysql", job_direction="up")
    other = pick(df, status="INCRE_TRANSFER_STARTED", db_use_type="sync")
    ids = list(conf["id"][:1]) + list(other["id"][:1])
    params = svc.params(ids)
    assert_frame(params, "params")
    good = params[params["job_id"] == ids[0]]
    assert len(good) > 5 and good["key"].notna().all() and good["differs"].notna().all()
    bad = params[params["job_id"] == ids[1]]
    assert len(bad) == 1 and bad["error_code"].iloc[0].startswith("DRS.")


def test_dr_frames(svc):
    df = svc.tasks(with_progress=False)
    dr = list(pick(df, status="INCRE_TRANSFER_STARTED", db_use_type="cloudDataGuard")["id"][:3])
    rpo = svc.rpo_rto(dr)
    assert_frame(rpo, "rpo_rto")
    assert list(rpo["job_id"]) == dr and rpo["rpo_delay_ms"].notna().all() and rpo["rpo_time"].notna().all()
    mon = svc.dr_monitoring(dr)
    assert_frame(mon, "dr_monitoring")
    assert list(mon["job_id"]) == dr and mon["src_normal"].notna().all()


def test_users_frame_end_to_end(svc):
    df = svc.tasks(with_progress=False)
    job = pick(df, status="INCRE_TRANSFER_STARTED", db_use_type="migration", engine_type="mysql")["id"].iloc[0]
    users = svc.users(job)
    assert_frame(users, "users")
    assert len(users) > 0 and (users["job_id"] == job).all()
    assert "password" not in users.columns


# ---------------------------------------------------------------------------
# Comparisons
# ---------------------------------------------------------------------------


@pytest.fixture
def compared(svc, world):
    """A running task with a finished row, value and object comparison."""
    df = svc.tasks(with_progress=False)
    job = pick(df, status="INCRE_TRANSFER_STARTED", db_use_type="migration", engine_type="mysql")["id"].iloc[0]
    lines = svc.create_comparison(job, "lines", compare_mode="quick_comparison")
    assert lines["ok"].all(), lines.to_dict("records")
    line_id = lines["detail"].iloc[0].removeprefix("comparison ")
    world.clock.advance(3600)
    contents = svc.create_comparison(job, "contents", compare_mode="quick_comparison")
    assert contents["ok"].all(), contents.to_dict("records")
    content_id = contents["detail"].iloc[0].removeprefix("comparison ")
    world.clock.advance(3600)
    obj = svc.create_object_comparison(job)
    assert obj["ok"].all(), obj.to_dict("records")
    world.clock.advance(3600)
    return job, line_id, content_id


def test_compare_task_list(svc, compared):
    job, line_id, content_id = compared
    df = svc.compare_tasks(job)
    assert_frame(df, "compare_tasks")
    assert {line_id, content_id} <= set(df["compare_id"])
    assert df.set_index("compare_id").loc[line_id, "status"] == "SUCCESSFUL"


def test_line_comparison_frames_page_completely(svc, compared):
    job, line_id, _ = compared
    ov = svc.line_overview(job, line_id, limit=1)
    assert_frame(ov, "line_overview")
    assert len(ov) == svc.client.compare.line_overview(job, line_id, limit=1).total_count
    details = svc.line_details(job, line_id, limit=2)
    assert_frame(details, "line_details")
    per_db = {db: svc.client.compare.line_detail(job, line_id, db_name=db, limit=1).total_count for db in ov["source_db"]}
    assert len(details) == sum(per_db.values())
    assert details.groupby("source_db").size().to_dict() == {k: v for k, v in per_db.items() if v}
    one_db = svc.line_details(job, line_id, ov["source_db"].iloc[0])
    assert set(one_db["source_db"]) == {ov["source_db"].iloc[0]}


def test_value_comparison_frames(svc, compared):
    job, _, content_id = compared
    ov = svc.content_overview(job, content_id, limit=1)
    assert_frame(ov, "content_overview")
    assert len(ov) == svc.client.compare.content_overview(job, content_id, limit=1).total_count
    details = svc.content_details(job, content_id, limit=3)
    assert_frame(details, "content_details")
    assert len(details) == svc.client.compare.content_detail(job, content_id, limit=1).total_count
    diffs = svc.content_differences(job, content_id, max_rows=5)
    assert_frame(diffs, "content_differences")
    differing = details[(details["consistent"] == False) | (details["difference"] > 0)]  # noqa: E712
    sizes = diffs.groupby(["db", "table"]).size()
    assert sizes.le(5).all() and len(differing) > 0
    assert set(sizes.index) == set(zip(differing["source_db"], differing["source_table"], strict=True))
    for db, table in sizes.index:
        one = svc.content_differences(job, content_id, db, table, limit=2, max_rows=7)
        total = svc.client.compare.content_difference(job, content_id, db_name=db, table_name=table, limit=1).count
        assert len(one) == min(total, 7)
        assert one["select_sql"].notna().all()
        if total < 1000:  # a small table: read completely, 10 rows a page
            full = svc.content_differences(job, content_id, db, table, limit=10)
            assert len(full) == total and (full["table"] == table).all()


def test_object_comparison_frames(svc, compared):
    job, _, _ = compared
    ov = svc.object_overview(job)
    assert_frame(ov, "object_overview")
    assert len(ov) > 0 and ov["compare_job_id"].notna().all()
    details = svc.object_details(job, limit=5)
    assert_frame(details, "object_details")
    types = [t for t in ov["type"].astype(str) if t != "EXTENSIONS"]
    assert set(details["type"].astype(str)) <= set(types)
    for kind in ("TABLE", "INDEX"):
        total = svc.client.compare.object_detail(job, kind, limit=1).count
        assert (details["type"] == kind).sum() == total == ov.set_index("type").loc[kind, "source_count"]


# ---------------------------------------------------------------------------
# Actions
# ---------------------------------------------------------------------------


def test_actions_give_a_row_per_task_with_errors_and_suggestions(svc):
    df = svc.tasks(with_progress=False)
    running = list(pick(df, status="INCRE_TRANSFER_STARTED")["id"][:2])
    configuring = list(pick(df, status="CONFIGURATION")["id"][:1])
    unknown = "00000000-0000-4000-8000-000000000jb1"
    res = svc.pause(running + configuring + [unknown])
    assert_frame(res, "action_results")
    assert list(res["id"]) == running + configuring + [unknown]
    assert res["ok"].tolist() == [True, True, False, False]
    failed = res[~res["ok"]]
    assert failed["error_code"].notna().all() and failed["error_msg"].notna().all()
    for _, row in failed.iterrows():
        info = describe(row["error_code"])
        if info is not None:
            assert row["suggestion"] == info.suggestion
    resumed = svc.resume(running)
    assert resumed["ok"].all()
    assert svc.refresh_statuses(running)["status"].isin(["INCRE_TRANSFER_STARTED", "STARTJOBING"]).all()


def test_reset_passwords_and_speed_limits(svc):
    df = svc.tasks(with_progress=False)
    job = pick(df, status="INCRE_TRANSFER_STARTED", db_use_type="migration", engine_type="mysql")["id"].iloc[0]
    res = svc.reset_passwords(job, source_password="N3w-Passw0rd!", target_password="N3w-Passw0rd!")
    assert len(res) == 2 and res["ok"].all() and set(res["detail"]) == {"source", "target"}
    assert "N3w-Passw0rd!" not in res.to_csv()
    limits = svc.set_speed_limits([job], [("16:00", "15:59", 20)])
    assert limits["ok"].all()
    assert svc.task_detail(job)["speed_limit"].iloc[0].endswith("20 MB/s")


def test_a_failed_batch_chunk_fails_its_rows_only(world, server):
    ids = [f"{i:08d}-0000-4000-8000-000000000jb1" for i in range(150)]
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        calls.append(len(body["jobs"]))
        if len(calls) == 1:
            return httpx.Response(200, json={"results": [{"id": j["job_id"], "status": "success"} for j in body["jobs"]]})
        return httpx.Response(409, json={"error_code": "DRS.M00304", "error_msg": "busy"})

    with DrsClient("http://drs.test", "p" * 32, token="t", transport=httpx.MockTransport(handler), max_retries=0) as c:
        res = DrsService(c).pause(ids)
    assert calls == [100, 50]
    assert len(res) == 150 and res["ok"].sum() == 100
    failed = res[~res["ok"]]
    assert list(failed["id"]) == ids[100:]
    assert (failed["error_code"] == "DRS.M00304").all() and (failed["error_msg"] == "busy").all()
    assert (failed["suggestion"] == describe("DRS.M00304").suggestion).all()


def test_a_missing_result_row_is_reported(world, server):
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"results": [], "count": 0})

    with DrsClient("http://drs.test", "p" * 32, token="t", transport=httpx.MockTransport(handler)) as c:
        res = DrsService(c).stop(["00000000-0000-4000-8000-000000000jb1"])
    assert res["ok"].tolist() == [False] and "no result" in res["error_msg"].iloc[0]


def test_read_only_profiles_refuse_actions(svc, counting):
    ro = DrsService(svc.client, profile="ro", read_only=True)
    counting.calls.clear()
    for action in (lambda: ro.pause(["x"]), lambda: ro.delete(["x"]), lambda: ro.create_comparison(["x"]),
                   lambda: ro.modify_params("x", {"a": 1}, group="common")):  # fmt: skip
        with pytest.raises(ReadOnlyError):
            action()
    assert not counting.calls
    assert len(ro.tasks(with_progress=False)) > 0  # reading is fine


# ---------------------------------------------------------------------------
# Request preview
# ---------------------------------------------------------------------------


def test_describe_request_masks_secrets_and_sends_nothing(svc, counting):
    job = "140b5236-88ad-43c8-811c-1268453jb101"
    counting.calls.clear()
    method, path, body = svc.describe_request("jobs.reset_passwords", job_id=job, source_password="S3cret-pw!")
    assert (method, path) == ("PUT", f"/v3/{svc.project_id}/jobs/batch-modify-pwd")
    assert "S3cret-pw!" not in body and json.loads(body)["jobs"][0]["db_password"] == "******"
    method, path, body = svc.describe_request("jobs.stop_or_delete", job_ids=[job], force=True)
    assert method == "DELETE" and json.loads(body) == {"jobs": [{"job_id": job, "delete_type": "force_terminate"}]}
    assert svc.describe_request("jobs.delete", job_ids=[job])[2].count("delete") == 2
    method, path, body = svc.describe_request("compare.line_detail", job_id=job, compare_job_id=COMPARE_ID, db_name="db1")
    assert method == "GET" and body is None
    assert path == f"/v3/{svc.project_id}/jobs/{job}/compare/{COMPARE_ID}/line-detail?offset=0&limit=1000&db_name=db1"
    assert not counting.calls
    with pytest.raises(KeyError):
        svc.describe_request("jobs.nope")
    with pytest.raises(KeyError):
        svc.describe_request("nogroup")
    with pytest.raises(Exception, match="task id"):
        svc.describe_request("jobs.pause", job_ids=["not-an-id"])


# ---------------------------------------------------------------------------
# connect / connect_all / embedded
# ---------------------------------------------------------------------------


@pytest.mark.usefixtures("fresh_embedded")
def test_connect_without_config_gives_the_embedded_local_drs():
    assert drstui.connect is connect
    with drstui.connect() as svc:
        assert svc.profile == LOCAL and not svc.read_only
        df = svc.tasks()
        assert len(df) == embedded.DEFAULT_DEMO_TASKS
        assert_frame(df, "tasks")
        assert embedded.is_running()
        assert svc.client.endpoint.startswith("http://127.0.0.1:")


@pytest.mark.usefixtures("fresh_embedded")
def test_connect_all_across_two_local_profiles():
    add_profile("local2", auth="local", region="local-b")
    multi = connect_all([LOCAL, "local2"])
    assert isinstance(multi, MultiService)
    with multi:
        df = multi.tasks(with_progress=False)
    assert_frame(df, "all_tasks")
    counts = df["profile"].value_counts().to_dict()
    assert counts == {LOCAL: embedded.DEFAULT_DEMO_TASKS, "local2": embedded.DEFAULT_DEMO_TASKS}
    assert set(df["region"].astype(str)) == {"local", "local-b"}
    assert df["project_id"].notna().all()
    assert multi.errors == {}


@pytest.mark.usefixtures("fresh_embedded")
def test_connect_all_keeps_going_when_a_profile_cannot_connect():
    add_profile("prod", region="cn-north-4", project_id="a" * 32)  # no credentials anywhere
    multi = connect_all()
    assert [s.profile for s in multi] == [LOCAL]
    assert "prod" in multi.errors and "AK/SK" in str(multi.errors["prod"])
    with multi:
        assert set(multi.tasks(with_progress=False)["profile"].astype(str)) == {LOCAL}


def test_embedded_settings_from_the_environment(monkeypatch, tmp_path):
    assert embedded.state_path() == ":memory:"
    monkeypatch.setenv("DRSTUI_LOCAL_STATE", str(tmp_path / "x.sqlite3"))
    assert embedded.state_path() == str(tmp_path / "x.sqlite3")
    monkeypatch.setenv("DRSTUI_LOCAL_TIME_SCALE", "60")
    assert embedded.time_scale() == 60.0
    monkeypatch.setenv("DRSTUI_LOCAL_TIME_SCALE", "fast")
    with pytest.raises(ValueError, match="DRSTUI_LOCAL_TIME_SCALE"):
        embedded.time_scale()
    monkeypatch.delenv("DRSTUI_LOCAL_STATE")
    assert embedded.state_path().endswith("local-drs.sqlite3")


def test_precheck_start_switchover_and_params_actions(svc, world):
    df = svc.tasks(with_progress=False)
    conf = pick(df, status="CONFIGURATION", db_use_type="migration", engine_type="mysql", job_direction="up")
    job = conf["id"].iloc[0]
    pre = svc.precheck([job])
    assert_frame(pre, "action_results")
    assert len(pre) == 1 and pre["id"].iloc[0] == job
    if bool(pre["ok"].iloc[0]):
        assert pre["detail"].iloc[0] == f"precheck {job}"
    else:  # the demo task lacks configuration: the reason and its suggestion are in the row
        assert pre["error_code"].iloc[0].startswith("DRS.") and pd.notna(pre["suggestion"].iloc[0])
    params = svc.params([job])
    key, group, value = params.iloc[0][["key", "group", "source_value"]]
    changed = svc.modify_params(job, {key: value}, group=str(group))
    assert changed["ok"].tolist() == [True], changed.to_dict("records")
    assert changed["detail"].iloc[0] in ("restart required", "no restart needed")
    assert svc.params([job], refresh=False).set_index("key").loc[key, "target_value"] == value
    dr = list(pick(df, status="INCRE_TRANSFER_STARTED", db_use_type="cloudDataGuard")["id"][:1])
    sw = svc.switchover(dr + [job])
    assert list(sw["id"]) == dr + [job]
    assert sw["ok"].tolist() == [True, False]  # a migration task cannot switch over: its own row says why
    assert sw["detail"].iloc[0].startswith("direction ") and sw["error_code"].iloc[1].startswith("DRS.")
    started = svc.start([job])  # not pre-checked: refused, with the reason
    assert started["id"].tolist() == [job] and started["ok"].tolist() == [False]
    assert started["error_msg"].iloc[0]


# ---------------------------------------------------------------------------
# Streaming the task list: pages fetched concurrently, yielded in order, joined when waiting
# ---------------------------------------------------------------------------


def _ids(batches: list[list[dict]]) -> list[str]:
    return [r["id"] for batch in batches for r in batch]


def test_concurrent_pages_come_in_list_order(svc):
    sequential = list(svc.iter_task_rows(per_page=20, with_progress=False, concurrency=1))
    concurrent = list(svc.iter_task_rows(per_page=20, with_progress=False, concurrency=4))
    assert _ids(concurrent) == _ids(sequential)
    assert len(_ids(concurrent)) == len(set(_ids(concurrent))) == api_totals(svc.client)
    # the same rows, value for value
    assert [r for b in concurrent for r in b] == [r for b in sequential for r in b]


def test_first_page_alone_then_pages_joined(svc, counting):
    batches = list(svc.iter_task_rows(per_page=20, with_progress=False, min_interval=60.0, max_rows=90))
    assert len(batches[0]) == 20  # the first page at once, whatever comes next
    assert all(len(b) <= 90 + 20 for b in batches)  # a batch stops growing past max_rows
    assert len(batches) < counting.calls["jobs"]  # later pages were joined
    assert len(_ids(batches)) == api_totals(svc.client)


def test_stopping_early_cancels_the_page_fetches(svc, counting):
    import time

    total_pages = math.ceil(api_totals(svc.client) / 10)
    before = counting.calls["jobs"]
    pages = svc.iter_task_rows(per_page=10, with_progress=False, concurrency=2)
    next(pages)
    pages.close()  # the caller went away (e.g. the screen was closed)
    time.sleep(0.3)  # fetches already running finish; queued ones were cancelled
    fetched = counting.calls["jobs"] - before
    assert fetched <= 3 + 4 * 2 < total_pages  # first pages + at most the look-ahead window
    time.sleep(0.3)
    assert counting.calls["jobs"] - before == fetched  # nothing after that


def test_progress_rows_ride_with_their_page(svc, counting):
    batches = list(svc.iter_task_rows(per_page=50, with_progress=True, concurrency=3))
    rows = [r for b in batches for r in b]
    running = [r for r in rows if r["status"] == "INCRE_TRANSFER_STARTED"]
    assert running and all(r["progress_pct"] is not None for r in running)
    assert counting.calls["batch-progress"] == counting.calls["jobs"]


def test_a_failed_listing_leaves_no_fetch_threads(svc, server):
    import threading
    import time

    from drstui.api.errors import DrsError

    dead = DrsClient(**{**server.client_kwargs(), "endpoint": "http://127.0.0.1:9"}, max_retries=0)
    broken = DrsService(dead)
    for _ in range(3):
        with pytest.raises(DrsError):
            list(broken.iter_task_rows(concurrency=4))
    time.sleep(0.2)
    assert not [t for t in threading.enumerate() if t.name.startswith("drstui-pages")]
