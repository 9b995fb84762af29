"""Local DRS comparison handlers (seed 4.1.17, 4.1.18, 4.1.24–4.1.37) through the drstui client and the SDK."""

from __future__ import annotations

import io
import json
import uuid

import httpx
import pytest

from drstui.api.auth import AkSkAuth
from drstui.api.errors import BadRequestError
from drstui.api.models.compare import (
    CompareJobStatus,
    ContentDifferenceList,
    LineOverviewList,
    ObjectCompareOverview,
    TableCompareJobList,
)
from drstui.api.models.compare_tasks import CompareResultsResponse, CreateCompareTaskResponse
from drstui.local import lifecycle
from drstui.local.demo import _force_status
from drstui.local.factory import new_job
from drstui.local.handlers.compare import BIG_DIFF_ROWS, seed_demo_comparisons

from ..conftest import PROJECT_ID

REGION = "cn-north-4"
UNKNOWN_JOB = "9a470239-2308-4bb5-a6bc-1040402fjb21"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def make_task(drs, tenant, *, name="orders-migr-01", status="INCRE_TRANSFER_STARTED", dbs=("crm", "billing"),
              src="mysql", dst="mysql", engine="mysql", children=False):  # fmt: skip
    """A task forced into ``status`` with the given databases selected, saved in the store."""
    now = drs.clock.now_ms()
    rng = drs.rng_for("test-task", name)
    rec = new_job(
        job_id=drs.new_job_id(rng, "jb101"), project_id=tenant.project_id, now_ms=now - 86400_000, rng=rng,
        fail_share=0.0, name=name, db_use_type="migration", engine_type=engine, job_direction="up", net_type="eip",
        node_type="high", task_type="FULL_INCR_TRANS",
        source_endpoint={"db_type": src, "ip": "192.0.2.10", "db_port": 3306, "db_user": "drs", "db_password": "pw-1"},
        target_endpoint={"db_type": dst, "ip": "198.51.100.7", "db_port": 3306, "db_user": "drs",
                         "db_password": "pw-2"},
    )  # fmt: skip
    _force_status(rec, status, now, rng)
    rec.sim["plan"] = None
    if status == "INCRE_TRANSFER_STARTED":
        lifecycle.schedule(rec, None)
    rec.detail["object_infos"] = [
        {"id": db, "parent_id": "", "type": "database", "name": db, "alias_name": db, "select": "true"} for db in dbs
    ]
    if children:
        rec.detail["children"] = [{"id": "0b1c2d3e-4f50-6172-8394-a5b6c7d8jb20y", "name": f"{name}_sub1"}]
    drs.store.save_job(rec)
    return rec


@pytest.fixture
def task(drs, tenant):
    return make_task(drs, tenant)


def lines_in(client, job_id, **kw):
    kw.setdefault("compare_object", {"crm": [], "billing": []})
    return client.compare.create_table_job(job_id, "lines", **kw).id


def finish(drs, seconds=61):
    drs.clock.advance(seconds)


def raw(server, tenant, method, path, *, params=None, headers=None, body=None):
    auth = AkSkAuth(tenant.ak, tenant.sk.get_secret_value(), tenant.project_id)
    content = json.dumps(body).encode() if body is not None else b""
    req = httpx.Request(method, server.endpoint + path, params=params, content=content,
                        headers={"Content-Type": "application/json", **(headers or {})})  # fmt: skip
    with httpx.Client() as c:
        return c.send(auth.sign(req))


def assert_bad(exc_info, code, *words):
    err = exc_info.value
    assert err.status_code == 400
    assert err.error_code == code, err.error_msg
    for w in words:
        assert w.lower() in (err.error_msg or "").lower(), err.error_msg


# ---------------------------------------------------------------------------
# 4.1.17 create comparison task
# ---------------------------------------------------------------------------


class TestCreateTask:
    def test_object_and_row_comparison(self, client, task):
        r = client.compare.create_task(task.id, object_level=True, data_level={
            "conflict_policy": "keep", "compare_type": "lines",
            "compare_object_infos": [{"db_name": "crm", "table_name": ["contacts", "leads"]}]})  # fmt: skip
        assert isinstance(r, CreateCompareTaskResponse)
        assert r.job_id == task.id
        obj_id = r.object_level_compare_create_result.compare_task_id
        data_id = r.data_level_compare_create_result.compare_task_id
        assert uuid.UUID(obj_id).version == 4 and uuid.UUID(data_id).version == 4 and obj_id != data_id
        assert r.data_level_compare_create_result.error_code is None
        jobs = client.compare.list_table_jobs(task.id)
        assert [j.id for j in jobs.compare_jobs] == [data_id]
        assert jobs.compare_jobs[0].status == CompareJobStatus.RUNNING
        assert client.compare.object_overview(task.id).compare_job_id == obj_id

    def test_neither_only_lists(self, client, task):
        r = client.compare.create_task(task.id)
        assert r.job_id == task.id and r.data_level_compare_create_result is None
        assert client.compare.list_table_jobs(task.id).count == 0

    def test_wrong_status_answers_200_with_errors_in_parts(self, client, drs, tenant):
        paused = make_task(drs, tenant, name="paused-01", status="PAUSING")
        r = client.compare.create_task(paused.id, object_level=True, data_level={
            "conflict_policy": "keep", "compare_type": "lines", "compare_mode": "quick_comparison"})  # fmt: skip
        for part in (r.object_level_compare_create_result, r.data_level_compare_create_result):
            assert part.compare_task_id is None
            assert part.error_code == "DRS.10000024"
            assert "PAUSING" in part.error_msg and "INCRE_TRANSFER_STARTED" in part.error_msg
        assert client.compare.list_table_jobs(paused.id).count == 0

    def test_parent_task_cannot_call(self, client, drs, tenant):
        parent = make_task(drs, tenant, name="parent-01", children=True)
        r = client.compare.create_task(parent.id, data_level={
            "conflict_policy": "keep", "compare_type": "lines", "compare_mode": "quick_comparison"})  # fmt: skip
        assert r.data_level_compare_create_result.error_code == "DRS.M00307"
        assert r.object_level_compare_create_result is None

    def test_conflict_policy_keep_and_cancel(self, client, task):
        info = {"conflict_policy": "keep", "compare_type": "lines", "compare_mode": "quick_comparison"}
        first = client.compare.create_task(task.id, data_level=info).data_level_compare_create_result.compare_task_id
        kept = client.compare.create_task(task.id, data_level=info).data_level_compare_create_result
        assert kept.compare_task_id == first and kept.error_code == "DRS.10000024" and "kept" in kept.error_msg
        assert client.compare.list_table_jobs(task.id).count == 1
        new = client.compare.create_task(task.id, data_level={**info, "conflict_policy": "cancel"})
        second = new.data_level_compare_create_result.compare_task_id
        assert second != first and new.data_level_compare_create_result.error_code is None
        statuses = {j.id: j.status for j in client.compare.list_table_jobs(task.id).compare_jobs}
        assert statuses == {first: "CANCELLED", second: "RUNNING"}

    def test_object_and_value_cannot_run_together(self, client, task):
        obj = client.compare.create_task(task.id, object_level=True).object_level_compare_create_result
        assert obj.compare_task_id
        value = client.compare.create_task(task.id, data_level={
            "conflict_policy": "cancel", "compare_type": "contents", "compare_mode": "quick_comparison"})  # fmt: skip
        assert value.data_level_compare_create_result.error_code == "DRS.10000024"
        assert "object-level" in value.data_level_compare_create_result.error_msg

    def test_scheduled_start(self, client, drs, task):
        at = drs.clock.now_ms() + 3600_000
        cid = client.compare.create_task(task.id, data_level={
            "conflict_policy": "keep", "compare_type": "lines", "compare_mode": "quick_comparison",
            "start_time": str(at)}).data_level_compare_create_result.compare_task_id  # fmt: skip
        job = client.compare.list_table_jobs(task.id).compare_jobs[0]
        assert job.id == cid and job.status == "WAITING_FOR_RUNNING"
        assert int(job.start_time.timestamp() * 1000) == at // 1000 * 1000

    def test_unknown_task_and_other_tenant(self, client, server, drs, other_tenant):
        with pytest.raises(BadRequestError) as e:
            client.compare.create_task(UNKNOWN_JOB, object_level=True)
        assert_bad(e, "DRS.10000010")
        foreign = make_task(drs, other_tenant, name="foreign-01")
        with pytest.raises(BadRequestError) as e:
            client.compare.create_task(foreign.id, object_level=True)
        assert_bad(e, "DRS.10000010")

    def test_invalid_body(self, server, tenant, task):
        r = raw(server, tenant, "POST", f"/v3/{PROJECT_ID}/jobs/create-compare-task",
                body={"job_id": task.id, "data_level_compare_info": {"conflict_policy": "drop", "compare_type": "lines",
                                                                     "compare_mode": "quick_comparison"}})  # fmt: skip
        assert r.status_code == 400 and r.json()["error_code"] == "DRS.M00202"
        r = raw(server, tenant, "POST", f"/v3/{PROJECT_ID}/jobs/create-compare-task",
                body={"object_level_compare_type": "objects"})  # fmt: skip
        assert r.status_code == 400 and r.json()["error_code"] == "DRS.M00201"


# ---------------------------------------------------------------------------
# 4.1.18 query results
# ---------------------------------------------------------------------------


class TestQueryResults:
    def test_results_and_task_list(self, client, drs, task):
        made = client.compare.create_task(task.id, object_level=True, data_level={
            "conflict_policy": "keep", "compare_type": "lines", "compare_mode": "quick_comparison"})  # fmt: skip
        obj_id = made.object_level_compare_create_result.compare_task_id
        line_id = made.data_level_compare_create_result.compare_task_id
        running = client.compare.query_results(task.id, line_compare_id=line_id, object_level_compare_id=obj_id)
        assert isinstance(running, CompareResultsResponse)
        assert {t.compare_task_status for t in running.compare_task_list_results.compare_task_list} == {"RUNNING"}
        assert {o.object_compare_result for o in running.object_level_compare_results.object_compare_overview} == {
            "COMPARING"}
        finish(drs)
        done = client.compare.query_results(task.id, line_compare_id=line_id, object_level_compare_id=obj_id,
                                            per_page=2)  # fmt: skip
        tl = done.compare_task_list_results
        assert tl.compare_task_list_count == 2
        assert {(t.compare_task_id, t.compare_type, t.compare_task_status) for t in tl.compare_task_list} == {
            (obj_id, "object_comparison", "SUCCESSFUL"), (line_id, "lines", "SUCCESSFUL")}
        assert all(t.end_time is not None for t in tl.compare_task_list)
        lines = done.line_compare_results
        assert lines.compare_task_id == line_id
        assert {o.source_db_name for o in lines.line_compare_overview} == {"crm", "billing"}
        for d in lines.line_compare_details:
            assert len(d.line_compare_detail) <= 2 and d.line_compare_detail_count >= len(d.line_compare_detail)
        objs = done.object_level_compare_results
        assert objs.compare_task_id == obj_id and "TABLE" in objs.object_compare_details

    def test_content_results_and_unknown_id(self, client, drs, task):
        cid = client.compare.create_task(task.id, data_level={
            "conflict_policy": "keep", "compare_type": "contents", "compare_mode": "quick_comparison"}
        ).data_level_compare_create_result.compare_task_id  # fmt: skip
        finish(drs)
        r = client.compare.query_results(task.id, content_compare_id=cid, line_compare_id=cid)
        assert r.content_compare_results.compare_task_id == cid
        assert r.content_compare_results.content_compare_overview_count == 2
        assert r.line_compare_results.error_code == "DRS.M00202"  # a value comparison is not a row comparison

    def test_unknown_task(self, client):
        with pytest.raises(BadRequestError) as e:
            client.compare.query_results(UNKNOWN_JOB)
        assert_bad(e, "DRS.10000010")


# ---------------------------------------------------------------------------
# 4.1.24 – 4.1.27 table comparison jobs
# ---------------------------------------------------------------------------


class TestTableJobs:
    def test_lifecycle_over_the_clock(self, client, drs, task):
        cid = lines_in(client, task.id)
        job = client.compare.list_table_jobs(task.id).compare_jobs[0]
        assert (job.id, job.type, job.status, job.end_time) == (cid, "lines", "RUNNING", None)
        assert job.export_status == "INIT" and job.report_remain_seconds == -1
        drs.clock.advance(10)
        assert client.compare.list_table_jobs(task.id).compare_jobs[0].status == "RUNNING"
        drs.clock.advance(60)
        job = client.compare.list_table_jobs(task.id).compare_jobs[0]
        assert job.status == "SUCCESSFUL" and job.end_time > job.start_time
        assert 20 <= (job.end_time - job.start_time).total_seconds() <= 60

    def test_only_one_unfinished_data_comparison(self, client, drs, task):
        lines_in(client, task.id)
        with pytest.raises(BadRequestError) as e:
            client.compare.create_table_job(task.id, "contents", compare_object={"crm": []})
        assert_bad(e, "DRS.10000024", "still running")
        finish(drs)
        assert client.compare.create_table_job(task.id, "contents", compare_object={"crm": []}).id

    def test_gate_and_options(self, client, drs, tenant, task):
        paused = make_task(drs, tenant, name="paused-02", status="FULL_TRANSFER_STARTED")
        with pytest.raises(BadRequestError) as e:
            lines_in(client, paused.id)
        assert_bad(e, "DRS.10000024", "Another operation", "FULL_TRANSFER_STARTED")
        cid = client.compare.create_table_job(task.id, "lines", compare_object={"crm": []},
                                              options={"comparePolicy": "manyToOne"}).id  # fmt: skip
        job = client.compare.list_table_jobs(task.id).compare_jobs[0]
        assert job.id == cid and job.options == {"comparePolicy": "manyToOne"}
        assert job.compare_job_tag == {"comparePolicy": "manyToOne"}

    def test_sampling_only_for_gaussdb(self, client, drs, tenant, task):
        with pytest.raises(BadRequestError) as e:
            client.compare.create_table_job(task.id, "random", compare_object={"crm": []}, proportion_value=20.1)
        assert_bad(e, "DRS.M00202", "GaussDB")
        gauss = make_task(drs, tenant, name="gauss-01", src="gaussdbv5", dst="postgresql", engine="postgresql")
        cid = client.compare.create_table_job(gauss.id, "random", compare_object={"crm": []}, proportion_value=20.1).id
        job = client.compare.list_table_jobs(gauss.id).compare_jobs[0]
        assert job.id == cid and job.type == "random" and job.proportion_value == "20.1"

    def test_invalid_inputs(self, client, server, tenant, task):
        with pytest.raises(BadRequestError) as e:
            client.compare.create_table_job(task.id, "lines")  # neither objects nor quick mode
        assert_bad(e, "DRS.M00201", "compare_object")
        with pytest.raises(BadRequestError) as e:
            client.compare.create_table_job(task.id, "lines", compare_object={"crm": []}, compare_task_num=4)
        assert_bad(e, "DRS.M00202", "Cassandra")
        base = f"/v3/{PROJECT_ID}/jobs/{task.id}/table/compare"
        r = raw(server, tenant, "POST", base, body={"type": "rows", "compare_mode": "quick_comparison"})
        assert r.status_code == 400 and r.json()["error_code"] == "DRS.M00202"
        r = raw(server, tenant, "GET", base, params={"offset": "-1"})
        assert r.status_code == 400 and r.json()["error_code"] == "DRS.M00202"
        r = raw(server, tenant, "GET", f"/v3/{PROJECT_ID}/jobs/not-a-task/table/compare")
        assert r.status_code == 400 and r.json()["error_code"] == "DRS.M00202" and "job_id" in r.json()["error_msg"]
        r = raw(server, tenant, "DELETE", f"/v3/{PROJECT_ID}/jobs/{task.id}/compare/not-a-uuid")
        assert r.status_code == 400 and "compare_job_id" in r.json()["error_msg"]

    def test_paging_totals(self, client, drs, task):
        ids = []
        for _ in range(5):
            ids.append(lines_in(client, task.id))
            finish(drs)
        page = client.compare.list_table_jobs(task.id, offset=1, limit=2)
        assert isinstance(page, TableCompareJobList)
        assert page.count == 5 and [j.id for j in page.compare_jobs] == ids[::-1][1:3]
        assert client.compare.list_table_jobs(task.id, offset=10).compare_jobs == []

    def test_cancel(self, client, drs, task):
        cid = lines_in(client, task.id)
        assert client.compare.cancel(task.id, cid) is not None
        job = client.compare.list_table_jobs(task.id).compare_jobs[0]
        assert job.status == "CANCELLED" and job.end_time is not None
        with pytest.raises(BadRequestError) as e:
            client.compare.cancel(task.id, cid)
        assert_bad(e, "DRS.M00304", "CANCELLED")
        finished = lines_in(client, task.id)
        finish(drs)
        with pytest.raises(BadRequestError) as e:
            client.compare.cancel(task.id, finished)
        assert_bad(e, "DRS.M00304", "SUCCESSFUL")
        with pytest.raises(BadRequestError) as e:
            client.compare.cancel(task.id, str(uuid.uuid4()))
        assert_bad(e, "DRS.M00202", "compare_job_id")

    def test_cancelled_results_show_status_7(self, client, drs, task):
        cid = lines_in(client, task.id)
        drs.clock.advance(5)
        client.compare.cancel(task.id, cid)
        drs.clock.advance(100)
        rows = client.compare.line_overview(task.id, cid).data_compare_overview_infos
        assert any(r.status == 7 for r in rows)
        assert all(r.status not in (5, 6) for r in rows)

    def test_start_now(self, client, drs, task):
        at = drs.clock.now_ms() + 7200_000
        cid = lines_in(client, task.id, start_time=at)
        assert client.compare.list_table_jobs(task.id).compare_jobs[0].status == "WAITING_FOR_RUNNING"
        assert client.compare.line_overview(task.id, cid).data_compare_overview_infos[0].status == 6
        client.compare.start_now(task.id, cid)
        job = client.compare.list_table_jobs(task.id).compare_jobs[0]
        assert job.status == "RUNNING"
        with pytest.raises(BadRequestError) as e:
            client.compare.start_now(task.id, cid)
        assert_bad(e, "DRS.M00304", "WAITING_FOR_RUNNING")
        finish(drs)
        assert client.compare.list_table_jobs(task.id).compare_jobs[0].status == "SUCCESSFUL"

    def test_scheduled_one_starts_by_itself(self, client, drs, task):
        lines_in(client, task.id, start_time=drs.clock.now_ms() + 600_000)
        drs.clock.advance(601)
        assert client.compare.list_table_jobs(task.id).compare_jobs[0].status == "RUNNING"

    def test_failures_follow_fail_share(self, client, drs, task):
        drs.fail_share = 1.0
        cid = lines_in(client, task.id)
        finish(drs)
        job = client.compare.list_table_jobs(task.id).compare_jobs[0]
        assert job.status == "FAILED"
        rows = client.compare.line_detail(task.id, cid).table_line_compare_result_infos
        assert any(r.status == 4 for r in rows)
        r = client.compare.query_results(task.id, line_compare_id=cid)
        assert "failed" in r.line_compare_results.error_msg

    def test_other_tenant_cannot_see(self, client, drs, other_tenant):
        foreign = make_task(drs, other_tenant, name="foreign-02")
        with pytest.raises(BadRequestError) as e:
            client.compare.list_table_jobs(foreign.id)
        assert_bad(e, "DRS.10000010")
        with pytest.raises(BadRequestError) as e:
            client.compare.create_table_job(foreign.id, "lines", compare_object={"crm": []})
        assert_bad(e, "DRS.10000010")


# ---------------------------------------------------------------------------
# 4.1.28 – 4.1.32 results
# ---------------------------------------------------------------------------


class TestRowResults:
    def test_partial_then_final(self, client, drs, task):
        cid = lines_in(client, task.id)
        drs.clock.advance(8)
        part = client.compare.line_overview(task.id, cid)
        assert isinstance(part, LineOverviewList) and part.total_count == 2
        assert any(r.status == 5 and r.compare_end_num < r.compare_num for r in part.data_compare_overview_infos)
        finish(drs)
        final = client.compare.line_overview(task.id, cid).data_compare_overview_infos
        assert all(r.compare_end_num == r.compare_num and r.status in (0, 2, 23) for r in final)
        details = client.compare.line_detail(task.id, cid)
        assert details.total_count == sum(r.compare_num for r in final)
        assert details.total_count == len(details.table_line_compare_result_infos)

    def test_filters_and_paging(self, client, drs, task):
        cid = lines_in(client, task.id)
        finish(drs)
        all_rows = client.compare.line_detail(task.id, cid).table_line_compare_result_infos
        crm = client.compare.line_detail(task.id, cid, db_name="crm")
        assert 0 < crm.total_count < len(all_rows)
        billing = client.compare.line_detail(task.id, cid, target_db_name="billing")
        assert billing.total_count == len(all_rows) - crm.total_count
        page = client.compare.line_detail(task.id, cid, offset=1, limit=2)
        assert page.total_count == len(all_rows)
        assert [r.source_table_name for r in page.table_line_compare_result_infos] == [
            r.source_table_name for r in all_rows[1:3]]
        name = all_rows[0].source_table_name
        hit = client.compare.line_detail(task.id, cid, query_tb_name=name[:4].upper())
        assert name in [r.source_table_name for r in hit.table_line_compare_result_infos]
        bad = [r for r in all_rows if r.status == 0]
        assert client.compare.line_detail(task.id, cid, status=0).total_count == len(bad)
        assert client.compare.line_detail(task.id, cid, type="unCompare").total_count == sum(
            1 for r in all_rows if r.status == 23)
        ov = client.compare.line_overview(task.id, cid, status=2)
        assert all(r.status == 2 for r in ov.data_compare_overview_infos) and ov.total_count == len(
            ov.data_compare_overview_infos)

    def test_invalid_query(self, server, tenant, client, task):
        cid = lines_in(client, task.id)
        base = f"/v3/{PROJECT_ID}/jobs/{task.id}/compare/{cid}"
        r = raw(server, tenant, "GET", base + "/line-overview", params={"status": "1"})
        assert r.status_code == 400 and r.json()["error_code"] == "DRS.M00202"
        r = raw(server, tenant, "GET", base + "/line-detail", params={"type": "all"})
        assert r.status_code == 400 and r.json()["error_code"] == "DRS.M00202"
        with pytest.raises(BadRequestError) as e:
            client.compare.content_overview(task.id, cid)  # a row comparison has no value results
        assert_bad(e, "DRS.M00202", "lines")


class TestValueResults:
    def test_overview_detail_difference_agree(self, client, drs, task):
        cid = client.compare.create_table_job(task.id, "contents", compare_object={"crm": [], "billing": []}).id
        drs.clock.advance(5)
        part = client.compare.content_overview(task.id, cid).content_compare_result_infos
        assert any(r.status in (5, 6) and r.compare_end_num < r.compare_num for r in part)
        finish(drs)
        ov = client.compare.content_overview(task.id, cid)
        assert ov.total_count == 2
        det = client.compare.content_detail(task.id, cid)
        assert det.total_count == sum(r.compare_num for r in ov.content_compare_result_infos)
        assert all(r.status == 2 and r.progress == 100 for r in det.content_compare_result_infos)
        differing = [r for r in det.content_compare_result_infos if r.difference_row_num]
        assert differing
        t = differing[0]
        diff = client.compare.content_difference(task.id, cid, db_name=t.source_db, table_name=t.source_table_name)
        assert isinstance(diff, ContentDifferenceList)
        assert diff.count == t.difference_row_num
        assert diff.count == diff.target_meta_is_null + diff.source_meta_is_null + diff.source_target_meta_not_null
        assert len(diff.contents_infos) == min(diff.count, 1000)
        assert t.source_table_name in diff.contents_infos[0].select_sql
        crm_only = client.compare.content_detail(task.id, cid, db_name="crm")
        assert all(r.source_db == "crm" for r in crm_only.content_compare_result_infos)
        comparable = client.compare.content_detail(task.id, cid, type="compare").total_count
        uncomparable = client.compare.content_detail(task.id, cid, type="unCompare").total_count
        assert comparable + uncomparable == det.total_count

    def test_large_difference_pages_lazily(self, client, drs, task):
        cid = client.compare.create_table_job(task.id, "contents", compare_object={"shop": ["order_items"]}).id
        drs.clock.advance(120)
        first = client.compare.content_difference(task.id, cid, db_name="shop", table_name="order_items", limit=1000)
        assert first.count == BIG_DIFF_ROWS and len(first.contents_infos) == 1000
        last = client.compare.content_difference(task.id, cid, db_name="shop", table_name="order_items",
                                                 offset=BIG_DIFF_ROWS - 10, limit=1000)  # fmt: skip
        assert last.count == BIG_DIFF_ROWS and len(last.contents_infos) == 10
        again = client.compare.content_difference(task.id, cid, db_name="shop", table_name="order_items", limit=3)
        assert again.contents_infos == first.contents_infos[:3]  # deterministic
        assert client.compare.content_difference(task.id, cid, table_name="no_such_table").count == 0

    def test_limit_over_1000_is_rejected(self, server, tenant, client, task):
        cid = client.compare.create_table_job(task.id, "contents", compare_object={"crm": []}).id
        r = raw(server, tenant, "GET", f"/v3/{PROJECT_ID}/jobs/{task.id}/compare/{cid}/content-difference",
                params={"limit": "1001"})  # fmt: skip
        assert r.status_code == 400 and r.json()["error_code"] == "DRS.M00202"

    def test_no_differences_before_tables_finish(self, client, drs, task):
        cid = client.compare.create_table_job(task.id, "contents", compare_object={"shop": ["order_items"]}).id
        assert client.compare.content_difference(task.id, cid).count == 0
        drs.clock.advance(120)
        assert client.compare.content_difference(task.id, cid).count >= BIG_DIFF_ROWS


# ---------------------------------------------------------------------------
# 4.1.33 – 4.1.35 object-level comparison
# ---------------------------------------------------------------------------


class TestObjectComparison:
    def test_lifecycle(self, client, drs, task):
        empty = client.compare.object_overview(task.id)
        assert empty.compare_result == [] and "Create one" in empty.error_msg
        client.compare.create_object_job(task.id)
        ov = client.compare.object_overview(task.id)
        assert isinstance(ov, ObjectCompareOverview) and ov.status == "RUNNING"
        assert uuid.UUID(ov.compare_job_id).version == 4
        assert ov.export_status == "INIT" and ov.report_remain_seconds == -1
        with pytest.raises(BadRequestError) as e:
            client.compare.create_object_job(task.id)
        assert_bad(e, "DRS.10000024", "still")
        with pytest.raises(BadRequestError) as e:
            client.compare.create_table_job(task.id, "contents", compare_object={"crm": []})
        assert_bad(e, "DRS.10000024", "object-level")
        finish(drs)
        ov = client.compare.object_overview(task.id)
        assert ov.status == "SUCCESSFUL"
        types = {r.type: r for r in ov.compare_result}
        assert {"DB", "TABLE", "INDEX"} <= set(types)
        tables = client.compare.object_detail(task.id, "TABLE")
        assert tables.count == types["TABLE"].source_count == len(tables.compare_detail)
        page = client.compare.object_detail(task.id, "INDEX", compare_job_id=ov.compare_job_id, offset=1, limit=2)
        assert page.count == len(client.compare.object_detail(task.id, "INDEX").compare_detail)
        assert len(page.compare_detail) == min(2, page.count - 1)
        assert client.compare.object_detail(task.id, "SYNONYM").count == 0

    def test_gates_and_inputs(self, client, drs, tenant, task, server):
        stopped = make_task(drs, tenant, name="stopped-01", status="RELEASE_RESOURCE_COMPLETE")
        with pytest.raises(BadRequestError) as e:
            client.compare.create_object_job(stopped.id)
        assert_bad(e, "DRS.10000024", "Another operation is being performed")
        with pytest.raises(BadRequestError) as e:
            client.compare.create_object_job(task.id, compare_task_num=2)
        assert_bad(e, "DRS.M00202", "Cassandra")
        client.compare.create_table_job(task.id, "contents", compare_object={"crm": []})
        with pytest.raises(BadRequestError) as e:
            client.compare.create_object_job(task.id)
        assert_bad(e, "DRS.10000024", "value")
        r = raw(server, tenant, "GET", f"/v3/{PROJECT_ID}/jobs/{task.id}/object/compare/EXTENSIONS")
        assert r.status_code == 400 and r.json()["error_code"] == "DRS.M00202"
        with pytest.raises(BadRequestError) as e:
            client.compare.object_overview(UNKNOWN_JOB)
        assert_bad(e, "DRS.10000010")

    def test_running_shows_incomplete_types(self, client, drs, task):
        client.compare.create_object_job(task.id)
        drs.clock.advance(1)
        ov = client.compare.object_overview(task.id)
        assert any(r.status == 3 for r in ov.compare_result)
        assert client.compare.object_detail(task.id, ov.compare_result[-1].type).count == 0


# ---------------------------------------------------------------------------
# 4.1.36 / 4.1.37 result files
# ---------------------------------------------------------------------------


class TestResultFiles:
    def test_export_then_download(self, client, drs, task):
        openpyxl = pytest.importorskip("openpyxl")
        cid = lines_in(client, task.id)
        finish(drs)
        with pytest.raises(BadRequestError) as e:
            client.compare.download_file(task.id, "lines", compare_job_id=cid)
        assert_bad(e, "DRS.M00304", "export it first")
        client.compare.export_file(task.id, "lines", compare_job_id=cid, region=REGION, time_zone="GMT+08:00")
        job = client.compare.list_table_jobs(task.id).compare_jobs[0]
        assert job.export_status == "EXPORTING" and job.report_remain_seconds == -1
        with pytest.raises(BadRequestError) as e:
            client.compare.download_file(task.id, "lines", compare_job_id=cid)
        assert_bad(e, "DRS.M00304", "wait")
        drs.clock.advance(6)
        job = client.compare.list_table_jobs(task.id).compare_jobs[0]
        assert job.export_status == "EXPORT_COMPLETE" and job.report_available
        remain = job.report_remain_seconds
        assert 7 * 86400 - 10 <= remain <= 7 * 86400
        drs.clock.advance(3600)
        assert client.compare.list_table_jobs(task.id).compare_jobs[0].report_remain_seconds == remain - 3600
        data = client.compare.download_file(task.id, "lines", compare_job_id=cid, region=REGION)
        assert data[:2] == b"PK"
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        assert wb.sheetnames == ["Summary", "Row Overview", "Row Details"]
        rows = list(wb["Row Details"].iter_rows(values_only=True))
        assert rows[0][0] == "Source Database" and len(rows) > 1
        assert client.compare.download_file(task.id, "lines", compare_job_id=cid) == data  # kept, same bytes
        drs.clock.advance(7 * 86400)
        with pytest.raises(BadRequestError) as e:
            client.compare.download_file(task.id, "lines", compare_job_id=cid)
        assert_bad(e, "DRS.M00304", "expired")

    def test_download_headers_and_object_file(self, server, tenant, client, drs, task):
        openpyxl = pytest.importorskip("openpyxl")
        client.compare.create_object_job(task.id)
        finish(drs)
        client.compare.export_file(task.id, "objects_comparison", region=REGION)
        ov = client.compare.object_overview(task.id)
        assert ov.export_status == "EXPORTING"
        drs.clock.advance(EXPORT_WAIT)
        assert client.compare.object_overview(task.id).export_status == "EXPORT_COMPLETE"
        r = raw(server, tenant, "GET", f"/v3/{PROJECT_ID}/jobs/{task.id}/compare/result/file",
                params={"compare_type": "objects_comparison"})  # fmt: skip
        assert r.status_code == 200
        assert r.headers["content-type"] == XLSX
        disp = r.headers["content-disposition"]
        assert disp.startswith("attachment; filename=") and disp.rstrip('"').endswith(".xlsx")
        assert "objects_comparison" in disp
        wb = openpyxl.load_workbook(io.BytesIO(r.content), read_only=True)
        assert "Object Details" in wb.sheetnames

    def test_export_gates_and_inputs(self, server, tenant, client, drs, task):
        cid = lines_in(client, task.id)
        path = f"/v3/{PROJECT_ID}/jobs/{task.id}/compare/result/file"
        r = raw(server, tenant, "POST", path, body={"compare_type": "lines", "compare_job_id": cid})
        assert r.status_code == 400 and r.json()["error_code"] == "DRS.M00201" and "Region" in r.json()["error_msg"]
        r = raw(server, tenant, "POST", path, body={"compare_type": "lines", "compare_job_id": cid},
                headers={"Region": "Not A Region"})  # fmt: skip
        assert r.status_code == 400 and r.json()["error_code"] == "DRS.M00202"
        with pytest.raises(BadRequestError) as e:
            client.compare.export_file(task.id, "lines", compare_job_id=cid, region=REGION)
        assert_bad(e, "DRS.M00304", "RUNNING")
        finish(drs)
        with pytest.raises(BadRequestError) as e:
            client.compare.export_file(task.id, "contents", compare_job_id=cid, region=REGION)
        assert_bad(e, "DRS.M00202", "lines")
        with pytest.raises(BadRequestError) as e:
            client.compare.export_file(task.id, "lines", compare_job_id=cid, region=REGION, time_zone="Mars/Base")
        assert_bad(e, "DRS.M00202", "time_zone")
        with pytest.raises(BadRequestError) as e:
            client.compare.export_file(task.id, "objects_comparison", region=REGION)
        assert_bad(e, "DRS.M00304", "object-level")
        r = raw(server, tenant, "POST", path, body={"compare_type": "lines"}, headers={"Region": REGION})
        assert r.status_code == 400 and "compare_job_id" in r.json()["error_msg"]
        with pytest.raises(BadRequestError) as e:
            client.compare.export_file(UNKNOWN_JOB, "lines", compare_job_id=cid, region=REGION)
        assert_bad(e, "DRS.10000010")

    def test_value_file_has_differences(self, client, drs, task):
        openpyxl = pytest.importorskip("openpyxl")
        cid = client.compare.create_table_job(task.id, "contents", compare_object={"crm": [], "billing": []}).id
        finish(drs)
        client.compare.export_file(task.id, "contents", compare_job_id=cid, region=REGION)
        drs.clock.advance(EXPORT_WAIT)
        wb = openpyxl.load_workbook(io.BytesIO(client.compare.download_file(task.id, "contents", compare_job_id=cid)))
        assert "Value Differences" in wb.sheetnames and wb["Value Differences"].max_row > 1


EXPORT_WAIT = 6


# ---------------------------------------------------------------------------
# Async client, demo world, official SDK
# ---------------------------------------------------------------------------


async def test_async_client(aclient, drs, tenant):
    rec = make_task(drs, tenant, name="async-01")
    made = await aclient.compare.create_table_job(rec.id, "lines", compare_object={"crm": []})
    drs.clock.advance(61)
    ov = await aclient.compare.line_overview(rec.id, made.id)
    assert ov.total_count == 1 and ov.data_compare_overview_infos[0].source_db_name == "crm"
    jobs = await aclient.compare.list_table_jobs(rec.id)
    assert jobs.compare_jobs[0].status == "SUCCESSFUL"


def test_demo_comparisons(client, drs, tenant):
    from drstui.local.demo import seed_demo

    seed_demo(drs, tenant, 40)  # seeds the comparison history of a few tasks too
    assert seed_demo_comparisons(drs, tenant.project_id, tasks=4) == 0  # idempotent
    found = []
    for use in ("migration", "sync", "cloudDataGuard"):
        _, recs = drs.store.query_jobs(tenant.project_id, db_use_type=use, status="INCRE_TRANSFER_STARTED")
        found += [r for r in recs if drs.store.docs_for_job("compare", r.id)]
    statuses = set()
    big = 0
    for rec in found:
        for job in client.compare.list_table_jobs(rec.id).compare_jobs:
            statuses.add(job.status)
            if job.type == "contents" and job.status == "SUCCESSFUL":
                d = client.compare.content_difference(rec.id, job.id, db_name="shop", table_name="order_items", limit=1)
                big = max(big, d.count or 0)
    assert {"SUCCESSFUL", "RUNNING", "WAITING_FOR_RUNNING"} <= statuses
    assert big == BIG_DIFF_ROWS


@pytest.fixture
def sdk(server, tenant):
    pytest.importorskip("huaweicloudsdkdrs")
    from huaweicloudsdkcore.auth.credentials import BasicCredentials
    from huaweicloudsdkdrs.v3 import DrsClient

    creds = BasicCredentials(tenant.ak, tenant.sk.get_secret_value(), tenant.project_id)
    return DrsClient.new_builder().with_credentials(creds).with_endpoints([server.endpoint]).build()


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_official_sdk_accepts_responses(sdk, drs, tenant):
    from huaweicloudsdkdrs.v3 import model as m

    rec = make_task(drs, tenant, name="sdk-01")
    created = sdk.create_compare_task(m.CreateCompareTaskRequest(body=m.CreateCompareTaskReq(
        job_id=rec.id, data_level_compare_info=m.CreateDataLevelCompareReq(
            conflict_policy="keep", compare_type="contents",
            compare_object_infos=[m.CompareObjectInfo(db_name="crm"),
                                  m.CompareObjectInfo(db_name="billing")]))))  # fmt: skip
    assert created.job_id == rec.id
    cid = created.data_level_compare_create_result.compare_task_id
    assert uuid.UUID(cid)
    drs.clock.advance(61)

    ov = sdk.list_data_compare_overview(m.ListDataCompareOverviewRequest(job_id=rec.id, compare_job_id=cid))
    assert ov.total_count == 2 and ov.data_compare_overview_infos[0].compare_num >= 1

    det = sdk.list_content_compare_detail(m.ListContentCompareDetailRequest(job_id=rec.id, compare_job_id=cid))
    differing = [r for r in det.content_compare_result_infos if r.difference_row_num]
    assert differing
    diff = sdk.list_content_compare_difference(m.ListContentCompareDifferenceRequest(
        job_id=rec.id, compare_job_id=cid, db_name=differing[0].source_db, table_name=differing[0].source_table_name,
        limit=5))  # fmt: skip
    assert diff.count == differing[0].difference_row_num
    assert len(diff.contents_infos) == min(5, diff.count) and diff.contents_infos[0].select_sql

    jobs = sdk.list_data_level_table_compare_jobs(m.ListDataLevelTableCompareJobsRequest(job_id=rec.id))
    assert jobs.count == 1 and jobs.compare_jobs[0].status == "SUCCESSFUL"

    sdk.create_compare_result_file(m.CreateCompareResultFileRequest(
        job_id=rec.id, region=REGION,
        body=m.ExportCompareResultReq(compare_type="contents", compare_job_id=cid)))  # fmt: skip
    drs.clock.advance(EXPORT_WAIT)
    resp = sdk.download_compare_result_file(m.DownloadCompareResultFileRequest(
        job_id=rec.id, compare_type="contents", compare_job_id=cid, region=REGION))  # fmt: skip
    chunks: list[bytes] = []
    resp.consume_download_stream(lambda stream: chunks.extend(stream.iter_content(65536)))
    data = b"".join(chunks)
    assert data[:2] == b"PK" and len(data) > 1000

    results = sdk.list_compare_result(m.ListCompareResultRequest(body=m.QueryCompareResultReq(
        job_id=rec.id, content_compare_id=cid, current_page=1, per_page=10)))  # fmt: skip
    assert results.compare_task_list_results.compare_task_list_count == 1
