"""Frame builders on models made from the seed fixtures: columns, order, dtypes, values."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from typing import Any

import pandas as pd
import pytest
from pydantic import SecretStr

from drstui.api.models.compare import (
    ContentDetailList,
    ContentDifferenceList,
    ContentOverviewList,
    LineDetailList,
    LineOverviewList,
    ObjectCompareDetailList,
    ObjectCompareOverview,
    TableCompareJobList,
)
from drstui.api.models.compare_tasks import CompareResultsResponse
from drstui.api.models.dr import DrMonitoringResponse, RpoRtoResponse
from drstui.api.models.enums import STATUS_ORDER
from drstui.api.models.jobs import PrecheckResultsResponse
from drstui.api.models.params import GetParamsResponse
from drstui.api.models.query import JobDetailsResponse, JobListResponse, JobStatusesResponse, ProgressResponse
from drstui.api.models.users import SrcUsers
from drstui.service import frames
from drstui.service.columns import FRAMES, STATUS, UTC_DATETIME, Column, FrameSpec, frame_from_rows

from .conftest import SEED


def seed(name: str, model: Any) -> Any:
    return model.model_validate_json((SEED / name).read_text())


def assert_frame(df: pd.DataFrame, name: str) -> None:
    """Exactly the spec's columns, in order, each with the spec's dtype."""
    spec = FRAMES[name]
    assert list(df.columns) == spec.names
    for col in spec.columns:
        dtype = df[col.name].dtype
        if col.dtype == STATUS:
            assert isinstance(dtype, pd.CategoricalDtype) and dtype.ordered, col.name
            assert tuple(dtype.categories[: len(STATUS_ORDER)]) == STATUS_ORDER
        elif col.dtype == "category":
            assert isinstance(dtype, pd.CategoricalDtype) and not dtype.ordered, col.name
        elif col.dtype == UTC_DATETIME:
            assert str(dtype) == UTC_DATETIME, col.name
        else:
            assert dtype == pd.api.types.pandas_dtype(col.dtype), (col.name, dtype)


# ---------------------------------------------------------------------------
# columns.py
# ---------------------------------------------------------------------------


def test_every_spec_builds_an_empty_frame_with_its_dtypes():
    for name in FRAMES:
        df = frame_from_rows(name, [])
        assert len(df) == 0
        assert_frame(df, name)


def test_frame_from_rows_drops_unknown_keys_and_fills_missing():
    df = frame_from_rows("action_results", [{"id": "x", "ok": True, "junk": 1}, {"id": "y"}])
    assert_frame(df, "action_results")
    assert df.loc[0, "ok"] is True or bool(df.loc[0, "ok"]) is True
    assert df["ok"].isna().tolist() == [False, True]
    assert df["error_code"].isna().all()


def test_status_is_ordered_and_keeps_undocumented_values():
    df = frame_from_rows("statuses", [{"id": "a", "status": "PAUSING"}, {"id": "b", "status": "BRAND_NEW"},
                                      {"id": "c", "status": "CREATING"}])  # fmt: skip
    assert df["status"].tolist() == ["PAUSING", "BRAND_NEW", "CREATING"]
    assert df.sort_values("status")["id"].tolist() == ["c", "a", "b"]  # A.4 order, unknown last
    assert df["status"].dtype.categories[-1] == "BRAND_NEW"


def test_column_and_spec_validation():
    with pytest.raises(ValueError, match="dtype"):
        Column("x", "X", "int64")
    with pytest.raises(ValueError, match="duplicate"):
        FrameSpec("f", (Column("a", "A"), Column("a", "B")))
    spec = FRAMES["tasks"]
    assert spec.labels["status"] == "Status" and spec.dtypes["created"] == UTC_DATETIME
    assert "id" in spec and spec.column("child_count").dtype == "Int64"
    assert FRAMES["all_tasks"].names[:3] == ["profile", "region", "project_id"]
    assert FRAMES["all_tasks"].names[3:] == spec.names


def test_importing_the_service_package_loads_neither_pandas_nor_textual():
    code = (
        "import sys, drstui, drstui.service, drstui.service.columns;"
        "bad = [m for m in ('pandas', 'textual', 'httpx') if m in sys.modules];"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_service_modules_never_import_textual():
    code = (
        "import sys, drstui.service.service, drstui.service.frames, drstui.service.profiles,"
        " drstui.service.embedded; print('textual' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ---------------------------------------------------------------------------
# Tasks, statuses, details
# ---------------------------------------------------------------------------


def test_tasks_frame_from_seed_list_and_progress():
    listing = seed("4.1.20-resp.json", JobListResponse)
    progress = seed("4.1.19-resp.json", ProgressResponse)
    job = listing.jobs[0]
    patched = progress.results[0].model_copy(update={"job_id": job.id})
    df = frames.tasks_frame(listing.jobs, [patched])
    assert_frame(df, "tasks")
    assert len(df) == len(listing.jobs)
    row = df.iloc[0]
    assert row["id"] == job.id and row["short_id"] == job.id[:8]
    assert row["status"] == job.status.value
    assert row["created"] == pd.Timestamp(job.create_time)
    assert row["progress_pct"] == 100.0
    assert row["child_count"] == len(job.children)
    if job.job_action and job.job_action.available_actions:
        assert row["available_actions"].split(", ")[0] == job.job_action.available_actions[0].value
    assert df["progress_pct"].iloc[1:].isna().all()  # no progress row → NA, not 0


def test_tasks_frame_with_children_marks_parents():
    listing = seed("4.1.20-resp.json", JobListResponse)
    with_children = frames.tasks_frame(listing.jobs, include_children=True)
    n_children = sum(len(j.children) for j in listing.jobs)
    assert len(with_children) == len(listing.jobs) + n_children
    assert with_children["parent_id"].notna().sum() == n_children
    assert with_children.loc[with_children["parent_id"].notna(), "child_count"].isna().all()


def test_statuses_frame_joins_progress():
    statuses = seed("4.1.22-resp.json", JobStatusesResponse)
    progress = seed("4.1.19-resp.json", ProgressResponse)
    df = frames.statuses_frame(statuses.results, progress.results)
    assert_frame(df, "statuses")
    # the two status rows plus the progress-only task
    assert set(df["id"]) == {r.id for r in statuses.results} | {p.job_id for p in progress.results}
    prog_row = df[df["id"] == progress.results[0].job_id].iloc[0]
    assert prog_row["progress_pct"] == 100.0
    assert prog_row["process_time"] == pd.Timestamp("2020-12-18 07:01:59", tz="UTC")


def test_task_detail_frame_and_kv_never_hold_a_password():
    details = seed("4.1.21-resp.json", JobDetailsResponse)
    secret = "Sup3r-Secret-pw"
    d = details.results[0]
    d = d.model_copy(update={"source_endpoint": d.source_endpoint.model_copy(update={"db_password": SecretStr(secret)})})
    df = frames.task_detail_frame(d)
    assert_frame(df, "task_detail")
    assert len(df) == 1
    assert df.loc[0, "source"] == d.source_endpoint.describe()
    assert df.loc[0, "created"] == pd.Timestamp(d.create_time)
    kv = frames.task_detail_kv(d)
    assert_frame(kv, "task_detail_kv")
    assert kv["key"].tolist() == FRAMES["task_detail"].names
    text = df.to_csv() + kv.to_csv()
    assert "db_password" not in text
    assert secret not in text


# ---------------------------------------------------------------------------
# Pre-check, parameters
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["4.1.7-resp-1.json", "4.1.7-resp-2.json"])
def test_precheck_frame_one_row_per_item(name):
    resp = seed(name, PrecheckResultsResponse)
    df = frames.precheck_frame(resp.results, ["140b5236-88ad-43c8-811c-1268453jb101"])
    assert_frame(df, "precheck")
    assert len(df) == sum(len(s.precheck_result) for s in resp.results)
    assert set(df["result"].dropna()) <= {"PASSED", "ALARM", "FAILED"}
    assert (df["job_id"] == "140b5236-88ad-43c8-811c-1268453jb101").all()
    assert df["passed_rate_pct"].iloc[0] == 100.0


def test_precheck_suggestion_comes_from_the_error_code_table():
    from drstui.api.error_codes import describe
    from drstui.api.models.jobs import PrecheckItem, PrecheckSummary

    item = PrecheckItem(item="srcDbConnect", result="FAILED", group="conn",
                        raw_error_msg="DRS.M00202: The value of parameter x is invalid.")  # fmt: skip
    whole = PrecheckSummary(precheck_id="p2", error_code="DRS.M00007", error_msg="Invalid request parameter.")
    df = frames.precheck_frame([PrecheckSummary(precheck_id="p1", precheck_result=[item]), whole])
    assert df.loc[0, "error_code"] == "DRS.M00202"
    assert df.loc[0, "suggestion"] == describe("DRS.M00202").suggestion
    assert df.loc[1, "job_id"] == "p2" and df.loc[1, "suggestion"] == describe("DRS.M00007").suggestion
    assert pd.isna(df.loc[1, "item"])


def test_params_frame():
    resp = seed("4.1.9-resp.json", GetParamsResponse)
    df = frames.params_frame(resp, ["140b5236-88ad-43c8-811c-1268453jb101"])
    assert_frame(df, "params")
    first = resp.params_list[0].params[0]
    assert df.loc[0, "key"] == first.key
    assert bool(df.loc[0, "differs"]) is (first.compare_result == "false")
    assert df["differs"].sum() == len(resp.params_list[0].differing)
    assert df["need_restart"].notna().all()


# ---------------------------------------------------------------------------
# Comparisons
# ---------------------------------------------------------------------------


def test_compare_tasks_frame_merges_both_lists():
    table_jobs = seed("4.1.24-resp.json", TableCompareJobList)
    results = seed("4.1.18-resp.json", CompareResultsResponse)
    listed = results.compare_task_list_results.compare_task_list
    df = frames.compare_tasks_frame(table_jobs.compare_jobs, listed)
    assert_frame(df, "compare_tasks")
    ids = [j.id for j in table_jobs.compare_jobs] + [t.compare_task_id for t in listed]
    assert len(df) == len(dict.fromkeys(ids))
    first = df.iloc[0]
    assert first["source"] == "4.1.24" and first["status"] == "SUCCESSFUL" and bool(first["finished"])
    assert first["start_time"] == pd.Timestamp("2024-03-14T06:30:14Z")
    assert df.loc[1, "proportion_value"] == 1.0
    assert (df["source"] == "4.1.18").sum() == len(df) - len(table_jobs.compare_jobs)


def test_object_overview_and_details_frames():
    ov = seed("4.1.34-resp.json", ObjectCompareOverview)
    df = frames.object_overview_frame(ov)
    assert_frame(df, "object_overview")
    assert df["type"].tolist() == ["DB", "TABLE", "INDEX", "TABLE_COLLATION"]
    assert df["status"].eq("consistent").all() and df["consistent"].all()
    assert df["compare_job_id"].eq(ov.compare_job_id).all()
    details = seed("4.1.35-resp.json", ObjectCompareDetailList)
    dd = frames.object_details_frame({"TABLE": details.compare_detail, "VIEW": []})
    assert_frame(dd, "object_details")
    assert dd.loc[0, "type"] == "TABLE" and dd.loc[0, "source_value"] == "tb1" and dd.loc[0, "status_code"] == 2


def test_line_frames():
    ov = seed("4.1.28-resp.json", LineOverviewList)
    df = frames.line_overview_frame(ov.items)
    assert_frame(df, "line_overview")
    assert df.loc[0, "source_db"] == "my_db" and df.loc[0, "compare_num"] == 16 and bool(df.loc[0, "consistent"])
    det = seed("4.1.29-resp.json", LineDetailList)
    dd = frames.line_details_frame(det.items, "my_db")
    assert_frame(dd, "line_details")
    assert dd["source_rows"].tolist() == [2434882, 1]
    assert (dd["source_db"] == "my_db").all() and dd["status"].eq("consistent").all()


def test_content_frames():
    ov = seed("4.1.30-resp.json", ContentOverviewList)
    assert_frame(frames.content_overview_frame(ov.items), "content_overview")
    det = seed("4.1.31-resp.json", ContentDetailList)
    dd = frames.content_details_frame(det.items, comparable=True)
    assert_frame(dd, "content_details")
    assert dd.loc[0, "shards_total"] == 21 and dd.loc[0, "progress_pct"] == 100.0
    assert bool(dd.loc[0, "consistent"]) and dd.loc[0, "status"] == "complete"
    diff = seed("4.1.32-resp.json", ContentDifferenceList)
    df = frames.content_differences_frame(diff.items, "db1", "tb1")
    assert_frame(df, "content_differences")
    assert df.iloc[0].tolist() == ["db1", "tb1", "id=5", "id=5", "select * from db1.tb1 where id=5",
                                   "select * from db1.tb1 where id=5"]  # fmt: skip


# ---------------------------------------------------------------------------
# DR, users, action results
# ---------------------------------------------------------------------------


def test_rpo_rto_and_monitoring_frames():
    rpo = frames.rpo_rto_frame(seed("4.4.2-resp.json", RpoRtoResponse).results)
    assert_frame(rpo, "rpo_rto")
    assert rpo.loc[0, "rpo_delay_ms"] == 0 and rpo.loc[0, "rpo_check_point"] == "mysql-bin.000514:197"
    assert rpo.loc[0, "rto_time"] == pd.Timestamp("2020-12-18 15:47:05", tz="UTC")
    mon = frames.dr_monitoring_frame(seed("4.4.3-resp.json", DrMonitoringResponse).results)
    assert_frame(mon, "dr_monitoring")
    row = mon.iloc[0]
    assert row["dst_delay_ms"] == 81046806 and row["cpu_pct"] == 1.4 and row["node_mem_mb"] == 8192
    assert pd.isna(row["dst_offset"]) is False and row["dst_offset"] == "N/A"


def test_users_frame_has_no_password():
    users = seed("4.2.2-resp.json", SrcUsers)
    df = frames.users_frame(users, job_id="140b5236-88ad-43c8-811c-1268453jb101")
    assert_frame(df, "users")
    assert "password" not in df.columns
    assert (df["kind"] == "user").sum() == len(users.user_list or [])
    assert (df["kind"] == "role").sum() == len(users.roles_list or [])
    assert df.loc[0, "roles"] == "admin.clusterAdmin"
    assert (df["job_id"] == "140b5236-88ad-43c8-811c-1268453jb101").all()


def test_action_results_frame_fills_suggestions():
    from drstui.api.error_codes import describe

    df = frames.action_results_frame([frames.result_row("a", True), frames.result_row("b", False, "DRS.M00304", "no")])
    assert_frame(df, "action_results")
    assert df["ok"].tolist() == [True, False]
    assert df.loc[1, "suggestion"] == describe("DRS.M00304").suggestion


# ---------------------------------------------------------------------------
# 10,000 tasks (printed, never asserted on time)
# ---------------------------------------------------------------------------


def test_ten_thousand_tasks_build():
    base = json.loads((SEED / "4.1.20-resp.json").read_text())["jobs"][0]
    jobs = [dict(base, id=f"{i:08d}-0000-4000-8000-{i:012d}jb1") for i in range(10_000)]
    listing = JobListResponse.model_validate({"total_record": 10_000, "jobs": jobs})
    progress = ProgressResponse.model_validate(
        {"results": [{"job_id": j["id"], "progress": "50", "incre_trans_delay": "2"} for j in jobs]}
    )
    started = time.perf_counter()
    df = frames.tasks_frame(listing.jobs, progress.results)
    elapsed = time.perf_counter() - started
    print(f"tasks_frame: 10,000 tasks in {elapsed:.3f} s")
    assert len(df) == 10_000
    assert_frame(df, "tasks")
    assert df["progress_pct"].eq(50.0).all() and df["incre_delay_s"].eq(2.0).all()
