"""Comparison APIs, seed 4.1.24–4.1.37: fixtures, client calls, validation, enums, statuses."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pydantic
import pytest

from drstui.api.models import compare as cm
from drstui.api.spec import all_specs

from ._helpers import (
    API, SEED, Recorder, assert_rejected, assert_request, assert_sdk_wire_names, async_client, load,
    sdk_wire_names, seed_files, sync_client, wire_names,
)

JOB = "f8688cfa-4e05-406f-a2e6-37a773cjb20y"
CMP = "48c6acb4-1473-48fd-8676-df3705758c27"
BASE = f"{API}/jobs/{JOB}"

SECTIONS = [f"4.1.{n}" for n in range(24, 38)]

REQUEST_MODELS: dict[str, type[pydantic.BaseModel]] = {
    "4.1.25": cm.CreateTableCompareParams,
    "4.1.33": cm.CreateObjectCompareParams,
    "4.1.36": cm.ExportCompareFileParams,
}
SPEC_BY_SECTION = {s.section: s for s in all_specs().values() if s.key.startswith("compare.") and s.section in SECTIONS}


def _is_subset(expected: Any, actual: Any) -> bool:
    """Every key present in ``expected`` is in ``actual`` with an equal value (numbers compared by value)."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(k in actual and _is_subset(v, actual[k]) for k, v in expected.items())
    if isinstance(expected, list):
        return isinstance(actual, list) and len(expected) == len(actual) and all(map(_is_subset, expected, actual))
    return expected == actual


# ---------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------


def test_every_section_has_a_fixture_and_a_spec() -> None:
    names = set(seed_files(SECTIONS, "4.1.*.json"))
    for section in SECTIONS:
        assert section in SPEC_BY_SECTION, section
        assert f"{section}-resp-400.json" in names, section
    assert len(SPEC_BY_SECTION) == 14
    assert (SEED / "REPAIRS-compare.md").exists()


@pytest.mark.parametrize("name", seed_files(SECTIONS, "4.1.*.json"))
def test_fixture_validates_and_round_trips(name: str) -> None:
    stem = name.removesuffix(".json")
    section, kind = stem.split("-")[0], stem.split("-")[1]
    data = load(name)
    if stem.endswith("-400"):
        assert re.fullmatch(r"DRS\.[A-Z0-9]+", data["error_code"])
        assert data["error_msg"]
        return
    if kind == "req":
        model = REQUEST_MODELS[section]
        obj = model.model_validate(data)
        assert obj.to_wire() == data  # requests go out exactly as the seed shows them
        return
    spec = SPEC_BY_SECTION[section]
    assert spec.response is not None
    obj = spec.response.model_validate(data)
    wire = obj.to_wire()
    assert spec.response.model_validate(wire) == obj
    if isinstance(data, dict):
        assert _is_subset(data, wire)


def test_fixture_values_parse_to_typed_fields() -> None:
    jobs = cm.TableCompareJobList.model_validate(load("4.1.24-resp.json"))
    assert jobs.total == 2 and len(jobs.items) == 2
    first = jobs.compare_jobs[0]
    assert first.start_time == datetime(2024, 3, 14, 6, 30, 14, tzinfo=UTC)
    assert first.start_time.tzinfo is not None
    assert first.status is cm.CompareJobStatus.SUCCESSFUL and first.status.finished
    assert first.export_status is cm.CompareExportStatus.INIT
    assert first.type is cm.TableCompareType.LINES
    assert first.report_remain_seconds == -1 and not first.report_available
    assert jobs.compare_jobs[1].proportion_value == "1"

    detail = cm.ContentDetailList.model_validate(load("4.1.31-resp.json"))
    row = detail.items[0]
    assert row.line_compare_result is True and row.content_compare_result is True and row.consistent is True
    assert row.complete_shard_count == 21 and row.total_shard_count == 21
    assert isinstance(row.progress, float) and row.progress == 100.0
    assert row.status_label == "complete"

    diff = cm.ContentDifferenceList.model_validate(load("4.1.32-resp.json"))
    assert (diff.target_meta_is_null, diff.source_meta_is_null, diff.source_target_meta_not_null) == (0, 0, 1)
    assert diff.items[0].source_key_value == ["id=5"]
    assert diff.items[0].select_sql == "select * from db1.tb1 where id=5"

    overview = cm.ObjectCompareOverview.model_validate(load("4.1.34-resp.json"))
    assert [r.type for r in overview.compare_result] == [
        cm.CompareObjectType.DB,
        cm.CompareObjectType.TABLE,
        cm.CompareObjectType.INDEX,
        cm.CompareObjectType.TABLE_COLLATION,
    ]
    assert overview.create_time == datetime(2024, 4, 2, 6, 17, 56, tzinfo=UTC)
    assert overview.compare_result[0].consistent and overview.compare_result[0].status_label == "consistent"


def test_compare_jobs_camel_case_spelling_is_read_but_snake_case_is_written() -> None:
    seed_spelling = {"count": 1, "compareJobs": [{"id": CMP, "type": "lines", "status": "RUNNING"}]}
    jobs = cm.TableCompareJobList.model_validate(seed_spelling)
    assert jobs.compare_jobs[0].id == CMP
    wire = jobs.to_wire()
    assert "compareJobs" not in wire
    assert wire["compare_jobs"][0]["status"] == "RUNNING"


def test_empty_string_body_is_an_acknowledgement() -> None:
    assert cm.CompareAck.model_validate_json(b'""') == cm.CompareAck()
    assert cm.CompareAck.model_validate("") == cm.CompareAck()
    assert cm.CompareAck.model_validate({}).to_wire() == {}


# ---------------------------------------------------------------------------
# Paging uniformity
# ---------------------------------------------------------------------------

PAGED = [
    (cm.TableCompareJobList, "compare_jobs", "count", {"id": CMP}),
    (cm.LineOverviewList, "data_compare_overview_infos", "total_count", {"source_db_name": "d"}),
    (cm.LineDetailList, "table_line_compare_result_infos", "total_count", {"source_table_name": "t"}),
    (cm.ContentOverviewList, "content_compare_result_infos", "total_count", {"source_db": "d"}),
    (cm.ContentDetailList, "content_compare_result_infos", "total_count", {"source_db": "d"}),
    (cm.ContentDifferenceList, "contents_infos", "count", {"select_sql": "s"}),
    (cm.ObjectCompareDetailList, "compare_detail", "count", {"source_db_name": "d"}),
]


@pytest.mark.parametrize(("model", "items_field", "total_field", "row"), PAGED, ids=lambda v: getattr(v, "__name__", ""))
def test_paged_responses_expose_items_and_total(model, items_field, total_field, row) -> None:
    page = model.model_validate({total_field: 7, items_field: [row, row]})
    assert issubclass(model, cm.ComparePage)
    assert model.items_field == items_field and model.total_field == total_field
    assert page.total == 7
    assert len(page.items) == 2
    assert model.model_validate({}).items == [] and model.model_validate({}).total is None


# ---------------------------------------------------------------------------
# Client calls on a mock transport
# ---------------------------------------------------------------------------


def test_list_table_jobs() -> None:
    rec = Recorder(load("4.1.24-resp.json"))
    result = sync_client(rec).compare.list_table_jobs(JOB, offset=0, limit=10)
    # seed example: ?offset=0&limit=10
    assert_request(rec.only, "GET", f"{BASE}/table/compare", query={"offset": "0", "limit": "10"}, body=None)
    assert isinstance(result, cm.TableCompareJobList)
    assert result.compare_jobs[0].end_time == datetime(2024, 3, 14, 6, 31, 14, tzinfo=UTC)


def test_list_table_jobs_defaults() -> None:
    rec = Recorder({"count": 0, "compare_jobs": []})
    result = sync_client(rec).compare.list_table_jobs(JOB)
    assert rec.query() == {"offset": "0", "limit": "1000"}
    assert result.total == 0 and result.items == []


@pytest.mark.parametrize("n", [1, 2, 3])
def test_create_table_job_sends_seed_bodies(n: int) -> None:
    seed = load(f"4.1.25-req-{n}.json")
    rec = Recorder(load("4.1.25-resp.json"), status=202)
    result = sync_client(rec).compare.create_table_job(JOB, params=cm.CreateTableCompareParams.model_validate(seed))
    assert_request(rec.only, "POST", f"{BASE}/table/compare", body=seed)
    assert isinstance(result, cm.CreateTableCompareResponse)
    assert result.id == "6a0deb4a-ce39-449b-8c49-e0eed954c155"


def test_create_table_job_keywords() -> None:
    rec = Recorder({"id": CMP}, status=202)
    start = datetime(2027, 5, 1, 3, 30, 37, tzinfo=UTC)
    sync_client(rec).compare.create_table_job(
        JOB,
        "contents",
        start_time=start,
        compare_object={"t_auto_db": [], "db2": ["tb1", "tb2"]},
        options={"contentCompareType": "static", "lobCompare": "length"},
        filters={"db2--tb1": "id>100"},
    )
    assert rec.sent() == {
        "type": "contents",
        "start_time": str(int(start.timestamp() * 1000)),
        "compare_object": [
            {"db_name": "t_auto_db", "table_name": []},
            {"db_name": "db2", "table_name": ["tb1", "tb2"]},
        ],
        "options": {"contentCompareType": "static", "lobCompare": "length"},
        "compare_transformation_infos": [
            {
                "object_info": [{"id": "db2--tb1"}],
                "transformation_info": {"transformation_type": "contentConditionalFilter", "value": "id>100"},
            }
        ],
    }


def test_create_table_job_sampling_and_tokens() -> None:
    rec = Recorder({"id": CMP}, status=202)
    sync_client(rec).compare.create_table_job(
        JOB,
        "random",
        proportion_value=20.1,
        compare_mode="quick_comparison",
        compare_task_num=4,
        compare_object_with_token=[
            {"db_name": "ks", "table_name_with_token": [{"table_name": "t", "min_token": "-9", "max_token": "9"}]}
        ],
    )
    body = rec.sent()
    assert body["type"] == "random" and body["proportion_value"] == 20.1
    assert body["compare_mode"] == "quick_comparison" and body["compare_task_num"] == 4
    assert body["compare_object_with_token"][0]["table_name_with_token"][0] == {
        "table_name": "t",
        "min_token": "-9",
        "max_token": "9",
    }


def test_cancel() -> None:
    rec = Recorder({})
    result = sync_client(rec).compare.cancel(JOB, CMP)
    assert_request(rec.only, "DELETE", f"{BASE}/compare/{CMP}", body=None)
    assert isinstance(result, cm.CompareAck)


def test_start_now() -> None:
    rec = Recorder({})
    result = sync_client(rec).compare.start_now(JOB, CMP)
    assert_request(rec.only, "POST", f"{BASE}/table/compare/{CMP}", body=None)
    assert isinstance(result, cm.CompareAck)


def test_line_overview() -> None:
    rec = Recorder(load("4.1.28-resp.json"))
    result = sync_client(rec).compare.line_overview(JOB, CMP, status=2, offset=0, limit=10)
    assert_request(
        rec.only, "GET", f"{BASE}/compare/{CMP}/line-overview", query={"offset": "0", "limit": "10", "status": "2"}
    )
    assert isinstance(result, cm.LineOverviewList)
    row = result.items[0]
    assert row.status == 2 and isinstance(row.status, int) and row.consistent and not row.inconsistent
    assert row.status_label == "consistent"
    assert row.source_db_name == "my_db" and row.compare_num == 16


def test_line_detail() -> None:
    rec = Recorder(load("4.1.29-resp.json"))
    result = sync_client(rec).compare.line_detail(
        JOB,
        CMP,
        status=0,
        type="unCompare",
        db_name="db1",
        target_db_name="db1_t",
        query_tb_name="tb",
        offset=20,
        limit=10,
    )
    query = {"offset": "20", "limit": "10", "status": "0", "type": "unCompare", "db_name": "db1",
             "target_db_name": "db1_t", "query_tb_name": "tb"}  # fmt: skip
    assert_request(rec.only, "GET", f"{BASE}/compare/{CMP}/line-detail", query=query)
    assert isinstance(result, cm.LineDetailList)
    assert result.total == 2 and result.items[0].source_row_num == 2434882


def test_content_overview() -> None:
    rec = Recorder(load("4.1.30-resp.json"))
    result = sync_client(rec).compare.content_overview(JOB, CMP, limit=10)
    assert_request(rec.only, "GET", f"{BASE}/compare/{CMP}/content-overview", query={"offset": "0", "limit": "10"})
    assert isinstance(result, cm.ContentOverviewList)
    assert result.items[0].source_db == "tb1" and result.items[0].uncomparable_num == 0


def test_content_detail() -> None:
    rec = Recorder(load("4.1.31-resp.json"))
    result = sync_client(rec).compare.content_detail(JOB, CMP, type="compare", db_name="db2", target_db_name="db2")
    query = {"offset": "0", "limit": "1000", "type": "compare", "db_name": "db2", "target_db_name": "db2"}
    assert_request(rec.only, "GET", f"{BASE}/compare/{CMP}/content-detail", query=query)
    assert isinstance(result, cm.ContentDetailList)
    assert result.items[1].source_table_name == "tb1" and result.items[1].line_compare_result is True


def test_content_difference() -> None:
    rec = Recorder(load("4.1.32-resp.json"))
    result = sync_client(rec).compare.content_difference(JOB, CMP, db_name="db1", table_name="tb1", limit=10)
    query = {"offset": "0", "limit": "10", "db_name": "db1", "table_name": "tb1"}
    assert_request(rec.only, "GET", f"{BASE}/compare/{CMP}/content-difference", query=query)
    assert isinstance(result, cm.ContentDifferenceList)
    assert result.total == 1 and result.items[0].target_select_sql == "select * from db1.tb1 where id=5"


def test_create_object_job() -> None:
    rec = Recorder({}, status=202)
    result = sync_client(rec).compare.create_object_job(JOB, compare_task_num=2)
    assert_request(rec.only, "POST", f"{BASE}/object/compare", body=load("4.1.33-req.json"))
    assert isinstance(result, cm.CompareAck)


def test_create_object_job_without_threads_sends_empty_object() -> None:
    rec = Recorder({}, status=202)
    sync_client(rec).compare.create_object_job(JOB)
    assert rec.sent() == {}


def test_object_overview() -> None:
    rec = Recorder(load("4.1.34-resp.json"))
    result = sync_client(rec).compare.object_overview(JOB)
    assert_request(rec.only, "GET", f"{BASE}/object/compare")
    assert isinstance(result, cm.ObjectCompareOverview)
    assert result.status is cm.CompareJobStatus.SUCCESSFUL
    assert result.compare_job_id == "bfcdc4d9-f0ae-4108-be42-6974d60cd1d2"
    assert result.start_time == datetime(2024, 4, 2, 6, 17, 49, tzinfo=UTC)


def test_object_detail() -> None:
    rec = Recorder(load("4.1.35-resp.json"))
    result = sync_client(rec).compare.object_detail(JOB, "TABLE", compare_job_id=CMP, offset=5, limit=50)
    query = {"offset": "5", "limit": "50", "compare_job_id": CMP}
    assert_request(rec.only, "GET", f"{BASE}/object/compare/TABLE", query=query)
    assert isinstance(result, cm.ObjectCompareDetailList)
    assert result.items[0].source_db_value == "tb1" and result.items[0].status_label == "consistent"


def test_object_detail_normalises_type_case() -> None:
    rec = Recorder({"count": 0, "compare_detail": []})
    sync_client(rec).compare.object_detail(JOB, "view")
    assert rec.only.url.path == f"{BASE}/object/compare/VIEW"
    assert rec.query() == {"offset": "0", "limit": "1000"}


@pytest.mark.parametrize("n", [1, 2])
def test_export_file(n: int) -> None:
    seed = load(f"4.1.36-req-{n}.json")
    rec = Recorder(content=b'""')
    result = sync_client(rec).compare.export_file(
        JOB, seed["compare_type"], compare_job_id=seed.get("compare_job_id"), region="cn-north-4"
    )
    assert_request(rec.only, "POST", f"{BASE}/compare/result/file", body=seed)
    assert rec.only.headers["Region"] == "cn-north-4"
    assert isinstance(result, cm.CompareAck)


def test_export_file_time_zone() -> None:
    rec = Recorder(content=b'""')
    sync_client(rec).compare.export_file(JOB, "lines", compare_job_id=CMP, time_zone="GMT+08:00", region="ap-southeast-1")
    assert rec.sent() == {"compare_type": "lines", "compare_job_id": CMP, "time_zone": "GMT+08:00"}
    assert rec.only.headers["Region"] == "ap-southeast-1"


def test_download_file_returns_bytes() -> None:
    xlsx = b"PK\x03\x04 fake workbook bytes"
    rec = Recorder(content=xlsx, headers={"Content-Type": "application/octet-stream"})
    result = sync_client(rec).compare.download_file(JOB, "objects_comparison", region="cn-north-4")
    # seed example query
    assert_request(rec.only, "GET", f"{BASE}/compare/result/file", query={"compare_type": "objects_comparison"}, body=None)
    assert rec.only.headers["Region"] == "cn-north-4"
    assert result == xlsx and isinstance(result, bytes)


def test_download_file_value_comparison_without_region() -> None:
    rec = Recorder(content=b"x")
    sync_client(rec).compare.download_file(JOB, "contents", compare_job_id=CMP)
    assert rec.query() == {"compare_type": "contents", "compare_job_id": CMP}
    assert "Region" not in rec.only.headers


def test_error_body_raises() -> None:
    from drstui.api.errors import DrsError

    rec = Recorder(load("4.1.32-resp-400.json"), status=400)
    with pytest.raises(DrsError) as info:
        sync_client(rec).compare.content_difference(JOB, CMP)
    assert "DRS.10000010" in str(info.value)


# -- async --------------------------------------------------------------------


async def test_async_list_and_line_overview() -> None:
    rec = Recorder(load("4.1.24-resp.json"))
    async with async_client(rec) as client:
        jobs = await client.compare.list_table_jobs(JOB, limit=10)
    assert isinstance(jobs, cm.TableCompareJobList) and jobs.total == 2
    assert rec.only.url.path == f"{BASE}/table/compare"

    rec2 = Recorder(load("4.1.28-resp.json"))
    async with async_client(rec2) as client:
        overview = await client.compare.line_overview(JOB, CMP, status=2)
    assert overview.items[0].status == 2 and rec2.query()["status"] == "2"


async def test_async_create_and_download() -> None:
    rec = Recorder({"id": CMP}, status=202)
    async with async_client(rec) as client:
        created = await client.compare.create_table_job(JOB, "lines", options={"comparePolicy": "manyToOne"})
    assert created.id == CMP
    assert rec.sent() == {"type": "lines", "options": {"comparePolicy": "manyToOne"}}

    rec2 = Recorder(content=b"PK")
    async with async_client(rec2) as client:
        data = await client.compare.download_file(JOB, "lines", compare_job_id=CMP, region="cn-north-4")
    assert data == b"PK"


async def test_async_validation_happens_before_sending() -> None:
    rec = Recorder({})
    client = async_client(rec)
    with pytest.raises(pydantic.ValidationError):
        client.compare.cancel("not-a-job", CMP)
    await client.aclose()
    assert rec.requests == []


# ---------------------------------------------------------------------------
# Validation: nothing is sent
# ---------------------------------------------------------------------------

INVALID_CALLS = [
    ("bad job id", lambda c: c.compare.list_table_jobs("not-a-job-id")),
    ("job id with slash", lambda c: c.compare.object_overview("../../jobs")),
    ("negative offset", lambda c: c.compare.list_table_jobs(JOB, offset=-1)),
    ("zero limit", lambda c: c.compare.list_table_jobs(JOB, limit=0)),
    ("compare id not uuid", lambda c: c.compare.cancel(JOB, "48c6acb4")),
    ("compare id not hex", lambda c: c.compare.start_now(JOB, "zzzzzzzz-1473-48fd-8676-df3705758c27")),
    ("compare id missing", lambda c: c.compare.line_overview(JOB, "")),
    ("undocumented status", lambda c: c.compare.line_overview(JOB, CMP, status=1)),
    ("status 25", lambda c: c.compare.line_detail(JOB, CMP, status=25)),
    ("detail type", lambda c: c.compare.line_detail(JOB, CMP, type="all")),
    ("content detail type", lambda c: c.compare.content_detail(JOB, CMP, type="both")),
    ("content detail offset", lambda c: c.compare.content_detail(JOB, CMP, offset=-5)),
    ("content overview limit", lambda c: c.compare.content_overview(JOB, CMP, limit=0)),
    ("difference limit > 1000", lambda c: c.compare.content_difference(JOB, CMP, limit=1001)),
    ("difference limit 0", lambda c: c.compare.content_difference(JOB, CMP, limit=0)),
    ("object detail limit > 1000", lambda c: c.compare.object_detail(JOB, "TABLE", limit=1001)),
    ("object detail EXTENSIONS", lambda c: c.compare.object_detail(JOB, "EXTENSIONS")),
    ("object detail unknown type", lambda c: c.compare.object_detail(JOB, "SEQUENCE")),
    ("object detail compare id", lambda c: c.compare.object_detail(JOB, "TABLE", compare_job_id="latest")),
    ("object job threads", lambda c: c.compare.create_object_job(JOB, compare_task_num=0)),
    ("table job type missing", lambda c: c.compare.create_table_job(JOB)),
    ("table job type", lambda c: c.compare.create_table_job(JOB, "objects")),
    ("compare mode", lambda c: c.compare.create_table_job(JOB, "lines", compare_mode="full")),
    ("option key", lambda c: c.compare.create_table_job(JOB, "contents", options={"speed": "fast"})),
    ("option value", lambda c: c.compare.create_table_job(JOB, "contents", options={"lobCompare": "full"})),
    ("row option on value compare", lambda c: c.compare.create_table_job(JOB, "contents", options={"comparePolicy": "normal"})),
    ("value option on row compare", lambda c: c.compare.create_table_job(JOB, "lines", options={"contentCompareType": "static"})),
    ("proportion without random", lambda c: c.compare.create_table_job(JOB, "lines", proportion_value=10)),
    ("proportion zero", lambda c: c.compare.create_table_job(JOB, "random", proportion_value=0)),
    ("proportion > 100", lambda c: c.compare.create_table_job(JOB, "random", proportion_value=100.5)),
    ("threads zero", lambda c: c.compare.create_table_job(JOB, "lines", compare_task_num=0)),
    ("empty db name", lambda c: c.compare.create_table_job(JOB, "lines", compare_object=[{"db_name": ""}])),
    ("unknown object key", lambda c: c.compare.create_table_job(JOB, "lines", compare_object=[{"db": "x"}])),
    ("token table name", lambda c: c.compare.create_table_job(
        JOB, "lines", compare_object_with_token=[{"db_name": "k", "table_name_with_token": [{"min_token": "1"}]}])),
    ("filter too long", lambda c: c.compare.create_table_job(JOB, "lines", filters={"db--t": "x" * 257})),
    ("filter empty", lambda c: c.compare.create_table_job(JOB, "lines", filters={"db--t": ""})),
    ("filter id shape", lambda c: c.compare.create_table_job(JOB, "lines", filters={"db.t": "id>1"})),
    ("filter camelCase key", lambda c: c.compare.create_table_job(JOB, "lines", compare_transformation_infos=[
        {"object_info": [{"id": "db--t"}], "transformation_info": {"transformationType": "contentConditionalFilter", "value": "id>1"}}])),
    ("filter type", lambda c: c.compare.create_table_job(JOB, "lines", compare_transformation_infos=[
        {"object_info": [{"id": "db--t"}], "transformation_info": {"transformation_type": "rowFilter", "value": "id>1"}}])),
    ("filter no objects", lambda c: c.compare.create_table_job(JOB, "lines", compare_transformation_infos=[
        {"object_info": [], "transformation_info": {"value": "id>1"}}])),
    ("start time", lambda c: c.compare.create_table_job(JOB, "lines", start_time="tomorrow")),
    ("params and keywords", lambda c: c.compare.create_table_job(
        JOB, "lines", params=cm.CreateTableCompareParams(type="lines"))),
    ("export type", lambda c: c.compare.export_file(JOB, "objects", region="cn-north-4")),
    ("export repair_data", lambda c: c.compare.export_file(JOB, "repair_data", region="cn-north-4")),
    ("export needs compare id", lambda c: c.compare.export_file(JOB, "contents", region="cn-north-4")),
    ("export compare id shape", lambda c: c.compare.export_file(JOB, "lines", compare_job_id="abc", region="cn-north-4")),
    ("export region", lambda c: c.compare.export_file(JOB, "objects_comparison", region="CN North 4")),
    ("export empty region", lambda c: c.compare.export_file(JOB, "objects_comparison", region="")),
    ("download needs compare id", lambda c: c.compare.download_file(JOB, "random")),
    ("download type", lambda c: c.compare.download_file(JOB, "xlsx")),
    ("download region", lambda c: c.compare.download_file(JOB, "objects_comparison", region="cn_north_4")),
]


@pytest.mark.parametrize(("label", "call"), INVALID_CALLS, ids=[c[0] for c in INVALID_CALLS])
def test_invalid_input_is_rejected_before_sending(label: str, call) -> None:
    assert_rejected(call, (pydantic.ValidationError, ValueError))


def test_export_requires_region_keyword() -> None:
    assert_rejected(lambda c: c.compare.export_file(JOB, "objects_comparison"), TypeError)  # type: ignore[call-arg]


def test_validation_messages_say_what_is_allowed() -> None:
    with pytest.raises(pydantic.ValidationError) as info:
        cm.CreateTableCompareParams(type="lines", options={"comparePolicy": "some"})
    assert "normal, manyToOne" in str(info.value)
    with pytest.raises(pydantic.ValidationError) as info:
        cm.ExportCompareFileParams(compare_type="random")
    assert "compare_job_id is required" in str(info.value)
    with pytest.raises(pydantic.ValidationError) as info:
        cm.ComparePathParams(job_id=JOB, compare_type="EXTENSIONS")
    assert "TABLE" in str(info.value)
    with pytest.raises(pydantic.ValidationError) as info:
        cm.LineOverviewQuery(status=24)
    assert "0, 2, 3" in str(info.value)
    with pytest.raises(pydantic.ValidationError) as info:
        cm.CompareFilterObject(id="users")
    assert "db--table" in str(info.value)


def test_request_models_forbid_unknown_fields() -> None:
    for model, data in [
        (cm.CreateTableCompareParams, {"type": "lines", "compareObject": []}),
        (cm.CreateObjectCompareParams, {"threads": 2}),
        (cm.ExportCompareFileParams, {"compare_type": "objects_comparison", "timezone": "GMT+08:00"}),
        (cm.LineDetailQuery, {"page": 1}),
    ]:
        with pytest.raises(pydantic.ValidationError):
            model.model_validate(data)


def test_request_models_have_no_secret_fields_and_dump_plainly() -> None:
    # No comparison request carries a password, key or token: nothing needs masking, and a dump
    # (what logs and screens show) is exactly what was given.
    from pydantic import SecretStr

    request_models = [m for m in vars(cm).values() if isinstance(m, type) and issubclass(m, cm.DrsParams)]
    assert len(request_models) >= 15
    for model in request_models:
        for name, field in model.model_fields.items():
            assert SecretStr not in getattr(field.annotation, "__args__", (field.annotation,)), (model, name)
    params = cm.ExportCompareFileParams(compare_type="contents", compare_job_id=CMP, time_zone="GMT+08:00")
    assert params.model_dump(mode="json") == {"compare_type": "contents", "compare_job_id": CMP, "time_zone": "GMT+08:00"}


# ---------------------------------------------------------------------------
# Open enums, unknown fields, statuses
# ---------------------------------------------------------------------------


def test_unknown_enum_values_and_fields_are_kept_or_ignored() -> None:
    data = {
        "count": 1,
        "compare_jobs": [
            {
                "id": CMP,
                "type": "mgr",
                "status": "PAUSED_BY_ADMIN",
                "export_status": "EXPORT_EXPIRED",
                "brand_new_field": {"x": 1},
                "database_info": {"db": "x"},
            }
        ],
        "next_marker": "abc",
    }
    jobs = cm.TableCompareJobList.model_validate(data)
    job = jobs.compare_jobs[0]
    assert job.type == "mgr" and not job.type.known
    assert job.status.value == "PAUSED_BY_ADMIN" and not job.status.known and not job.status.finished
    assert job.export_status.value == "EXPORT_EXPIRED"
    assert job.database_info == {"db": "x"}
    wire = jobs.to_wire()
    assert "next_marker" not in wire and "brand_new_field" not in wire["compare_jobs"][0]
    assert wire["compare_jobs"][0]["status"] == "PAUSED_BY_ADMIN"

    overview = cm.ObjectCompareOverview.model_validate({"compare_result": [{"type": "SEQUENCE", "status": 5}]})
    assert overview.compare_result[0].type.value == "SEQUENCE"
    assert overview.compare_result[0].status_label == "status 5 (undocumented)"


def test_unknown_integer_status_is_kept() -> None:
    rows = cm.LineOverviewList.model_validate({"data_compare_overview_infos": [{"status": 25}, {"status": 0}]})
    assert rows.items[0].status == 25
    assert rows.items[0].status_label == "status 25 (undocumented)"
    assert not rows.items[0].consistent and not rows.items[0].inconsistent
    assert rows.items[1].inconsistent and rows.items[1].status_label == "inconsistent"


def test_compare_status_labels() -> None:
    assert set(cm.COMPARE_STATUS_LABELS) == {0, *range(2, 24), 27}
    assert set(cm.COMPARE_STATUS_LABELS) == {int(c) for c in cm.CompareStatusCode}
    assert cm.compare_status_label(27) == "comparison timed out"
    assert cm.compare_status_label(cm.CompareStatusCode.TARGET_TABLE_MISSING) == "target table does not exist"
    assert cm.compare_status_label(None) == "unknown"
    assert cm.is_consistent(2) and not cm.is_consistent(0) and not cm.is_consistent(None)
    assert cm.is_inconsistent(0) and not cm.is_inconsistent(4)
    assert cm.content_detail_status_label(-1) == "comparing" and cm.content_detail_status_label(4) == "cancelled"
    assert cm.object_compare_status_label(3) == "incomplete"


def test_report_available_and_finished_statuses() -> None:
    job = cm.TableCompareJob(status="RUNNING", export_status="EXPORT_COMPLETE", report_remain_seconds=3600)
    assert job.report_available and not job.status.finished
    assert not cm.TableCompareJob(export_status="EXPORTING", report_remain_seconds=3600).report_available
    assert {s.value for s in cm.CompareJobStatus if s.finished} == {"SUCCESSFUL", "FAILED", "CANCELLED", "TIMEOUT_INTERRUPT"}


def test_object_detail_types_exclude_extensions() -> None:
    assert "EXTENSIONS" not in cm.OBJECT_DETAIL_TYPES
    assert len(cm.OBJECT_DETAIL_TYPES) == 19 and "TABLE_COLLATION" in cm.OBJECT_DETAIL_TYPES


def test_specs() -> None:
    specs = {s.key: s for s in all_specs().values() if s.section in SECTIONS}
    expected = {
        "compare.list_table_jobs": ("GET", "/jobs/{job_id}/table/compare", 200, False),
        "compare.create_table_job": ("POST", "/jobs/{job_id}/table/compare", 202, True),
        "compare.cancel": ("DELETE", "/jobs/{job_id}/compare/{compare_job_id}", 200, True),
        "compare.start_now": ("POST", "/jobs/{job_id}/table/compare/{compare_job_id}", 200, True),
        "compare.line_overview": ("GET", "/jobs/{job_id}/compare/{compare_job_id}/line-overview", 200, False),
        "compare.line_detail": ("GET", "/jobs/{job_id}/compare/{compare_job_id}/line-detail", 200, False),
        "compare.content_overview": ("GET", "/jobs/{job_id}/compare/{compare_job_id}/content-overview", 200, False),
        "compare.content_detail": ("GET", "/jobs/{job_id}/compare/{compare_job_id}/content-detail", 200, False),
        "compare.content_difference": ("GET", "/jobs/{job_id}/compare/{compare_job_id}/content-difference", 200, False),
        "compare.create_object_job": ("POST", "/jobs/{job_id}/object/compare", 202, True),
        "compare.object_overview": ("GET", "/jobs/{job_id}/object/compare", 200, False),
        "compare.object_detail": ("GET", "/jobs/{job_id}/object/compare/{compare_type}", 200, False),
        "compare.export_file": ("POST", "/jobs/{job_id}/compare/result/file", 200, True),
        "compare.download_file": ("GET", "/jobs/{job_id}/compare/result/file", 200, False),
    }
    assert set(specs) == set(expected)
    for key, (method, path, status, mutating) in expected.items():
        spec = specs[key]
        assert (spec.method, spec.path, spec.status, spec.mutating) == (method, "/v3/{project_id}" + path, status, mutating)
        assert spec.batch_field is None and spec.batch_size is None
    assert specs["compare.download_file"].stream and specs["compare.download_file"].response is None
    assert specs["compare.export_file"].headers == ("Region",) == specs["compare.download_file"].headers


def test_download_accepts_repair_data_without_compare_id() -> None:
    rec = Recorder(content=b"PK")
    assert sync_client(rec).compare.download_file(JOB, "repair_data") == b"PK"
    assert rec.query() == {"compare_type": "repair_data"}


# ---------------------------------------------------------------------------
# Conformance with the official SDK's wire names
# ---------------------------------------------------------------------------

SDK_CLASSES = [
    (cm.TableCompareJobList, "ListDataLevelTableCompareJobsResponse"),
    (cm.TableCompareJob, "CompareJobInfo"),
    (cm.CreateTableCompareParams, "CreateDataLevelTableCompareJobReq"),
    (cm.CompareObjectInfo, "CompareObjectInfo"),
    (cm.CompareObjectInfoWithToken, "CompareObjectInfoWithToken"),
    (cm.CompareTableInfoWithToken, "CompareTableInfoWithToken"),
    (cm.CompareTransformation, "AddDataTransformationReq"),
    (cm.CompareFilterObject, "CreateDataCompareDatabaseObject"),
    (cm.CompareFilterRule, "CreateDataCompareTransformationInfo"),
    (cm.CreateTableCompareResponse, "CreateDataLevelTableCompareJobResponse"),
    (cm.LineOverviewList, "ListDataCompareOverviewResponse"),
    (cm.LineOverview, "DataCompareOverviewInfo"),
    (cm.LineDetailList, "ListDataCompareDetailResponse"),
    (cm.LineDetail, "TableLineCompareResultInfo"),
    (cm.ContentOverviewList, "ListContentCompareOverviewResponse"),
    (cm.ContentOverview, "NodeContentCompareOverviewResult"),
    (cm.ContentDetailList, "ListContentCompareDetailResponse"),
    (cm.ContentDetail, "NodeContentCompareDetailResult"),
    (cm.ContentDifferenceList, "ListContentCompareDifferenceResponse"),
    (cm.ContentDifference, "CompareJobContentDetailInfo"),
    (cm.CreateObjectCompareParams, "CreateObjectCompareJobReq"),
    (cm.ObjectCompareOverview, "ListObejectLevelCompareOverviewResponse"),
    (cm.ObjectCompareSummary, "ObjectsCompareOverviewInfo"),
    (cm.ObjectCompareDetailList, "ListObejectLevelCompareDetailResponse"),
    (cm.ObjectCompareDetail, "ObjectsCompareDetailInfo"),
    (cm.ExportCompareFileParams, "ExportCompareResultReq"),
]

# SDK request classes: query parameters (everything except headers, path parameters and body).
SDK_QUERIES = [
    (cm.TableCompareJobsQuery, "ListDataLevelTableCompareJobsRequest"),
    (cm.LineOverviewQuery, "ListDataCompareOverviewRequest"),
    (cm.LineDetailQuery, "ListDataCompareDetailRequest"),
    (cm.ContentOverviewQuery, "ListContentCompareOverviewRequest"),
    (cm.ContentDetailQuery, "ListContentCompareDetailRequest"),
    (cm.ContentDifferenceQuery, "ListContentCompareDifferenceRequest"),
    (cm.ObjectCompareDetailQuery, "ListObejectLevelCompareDetailRequest"),
    (cm.DownloadCompareFileQuery, "DownloadCompareResultFileRequest"),
]


@pytest.mark.parametrize(("model", "sdk_name"), SDK_CLASSES, ids=[c[1] for c in SDK_CLASSES])
def test_wire_names_match_sdk(model, sdk_name) -> None:
    assert_sdk_wire_names(model, sdk_name, ignore={"body"})


@pytest.mark.parametrize(("model", "sdk_name"), SDK_QUERIES, ids=[c[1] for c in SDK_QUERIES])
def test_query_names_match_sdk(model, sdk_name) -> None:
    not_query = {"X-Language", "Region", "job_id", "compare_job_id", "compare_type", "body"}
    sdk_query = sdk_wire_names(sdk_name) - not_query
    # compare_job_id / compare_type are path parameters except in 4.1.35 and 4.1.37, where they are query.
    if sdk_name == "ListObejectLevelCompareDetailRequest":
        sdk_query |= {"compare_job_id"}
    if sdk_name == "DownloadCompareResultFileRequest":
        sdk_query |= {"compare_type", "compare_job_id"}
    assert wire_names(model) == sdk_query


def test_spec_sdk_methods_exist() -> None:
    sdk = pytest.importorskip("huaweicloudsdkdrs.v3")
    for spec in SPEC_BY_SECTION.values():
        assert hasattr(sdk.DrsClient, spec.sdk_method), spec.sdk_method
