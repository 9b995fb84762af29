"""Seed 4.1.17–4.1.18: create comparison tasks (compare.create_task) and read their results (compare.query_results)."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import BaseModel

from drstui.api.models.compare import CompareJobStatus, CompareObjectType
from drstui.api.models.compare_tasks import (
    CompareOutcome,
    CompareResultsResponse,
    CompareTaskType,
    CreateCompareTaskParams,
    CreateCompareTaskResponse,
    CreateDataLevelCompare,
    ObjectCompareResult,
    QueryCompareResultParams,
)
from drstui.api.spec import all_specs

from ._helpers import (
    API, SEED, Recorder, assert_rejected, assert_request, assert_request_fixture, assert_round_trips,
    async_client, load, strip_none, sync_client, wire_names,
)

JOB = "94800607-3cd8-4f7d-a340-63a10f8jb502"


def table_shape(data: dict[str, Any]) -> dict[str, Any]:
    """The 4.1.18 example rewritten to the tables' shape: objects, and a map for object_compare_details."""
    data = copy.deepcopy(data)
    for key in ("object_level_compare_results", "line_compare_results"):
        if isinstance(data.get(key), list):
            data[key] = data[key][0]
    details = data["object_level_compare_results"]["object_compare_details"]
    if isinstance(details, list):
        data["object_level_compare_results"]["object_compare_details"] = {k: v for m in details for k, v in m.items()}
    return data


# ---------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------

REQUESTS: dict[str, type[BaseModel]] = {
    "4.1.17-req.json": CreateCompareTaskParams,
    "4.1.18-req.json": QueryCompareResultParams,
}
RESPONSES: dict[str, type[BaseModel]] = {
    "4.1.17-resp.json": CreateCompareTaskResponse,
    "4.1.18-resp.json": CompareResultsResponse,
}


def test_every_fixture_of_the_sections_is_covered():
    names = {p.name for p in SEED.glob("4.1.1[78]-*.json")}
    assert names == set(REQUESTS) | set(RESPONSES)


@pytest.mark.parametrize("name", sorted(REQUESTS))
def test_request_fixture_validates(name: str):
    assert_request_fixture(REQUESTS[name], name)


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_response_fixture_round_trips(name: str):
    data = load(name)
    _, wire = assert_round_trips(RESPONSES[name], data)
    # Nothing present in the seed is lost: the wire form is the table-shaped seed body.
    assert wire == strip_none(table_shape(data) if name == "4.1.18-resp.json" else data)


def test_specs_are_registered():
    specs = all_specs()
    create, query = specs["compare.create_task"], specs["compare.query_results"]
    assert (create.method, create.path, create.section, create.sdk_method, create.status) == (
        "POST", "/v3/{project_id}/jobs/create-compare-task", "4.1.17", "create_compare_task", 200,
    )  # fmt: skip
    assert create.mutating is True and create.batch_field is None
    assert (query.method, query.path, query.section, query.sdk_method, query.status) == (
        "POST", "/v3/{project_id}/jobs/query-compare-result", "4.1.18", "list_compare_result", 200,
    )  # fmt: skip
    assert query.mutating is False


def test_sdk_wire_names_match():
    from huaweicloudsdkdrs.v3.model import (
        CreateCompareTaskReq,
        CreateDataLevelCompareReq,
        ListCompareResultResponse,
        ObjectCompareResult as SdkObjectCompareResult,
        QueryCompareResultReq,
    )

    assert set(CreateCompareTaskReq.attribute_map.values()) == set(CreateCompareTaskParams.model_fields)
    assert set(CreateDataLevelCompareReq.attribute_map.values()) == set(CreateDataLevelCompare.model_fields)
    assert set(QueryCompareResultReq.attribute_map.values()) == set(QueryCompareResultParams.model_fields)
    assert set(ListCompareResultResponse.attribute_map.values()) == set(CompareResultsResponse.model_fields)
    assert set(SdkObjectCompareResult.attribute_map.values()) == wire_names(ObjectCompareResult)


# ---------------------------------------------------------------------------
# 4.1.17 create_task
# ---------------------------------------------------------------------------


def test_create_task_request_and_parse():
    rec = Recorder(load("4.1.17-resp.json"))
    with sync_client(rec) as client:
        resp = client.compare.create_task(
            JOB,
            object_level=True,
            data_level=CreateDataLevelCompare(
                conflict_policy="keep",
                compare_type="lines",
                compare_object_infos=[{"db_name": "may_5", "table_name": ["table_name_0", "table_name_1"]}],
            ),
        )
    assert_request(rec.only, "POST", f"{API}/jobs/create-compare-task", body=strip_none(load("4.1.17-req.json")))
    assert isinstance(resp, CreateCompareTaskResponse) and resp.job_id == JOB
    assert resp.object_level_compare_create_result.compare_task_id == "dc1683d9-bdf2-4be9-967f-6ef0953369bc"
    assert resp.data_level_compare_create_result.compare_task_id == "08cad1f8-9de2-42fa-b8ce-6c36daf730f6"


def test_create_task_with_dict_schedule_and_quick_mode():
    rec = Recorder({"job_id": JOB, "data_level_compare_create_result": {"error_code": "DRS.X", "error_msg": "busy"}})
    start = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    with sync_client(rec) as client:
        resp = client.compare.create_task(
            JOB,
            data_level={"conflict_policy": "cancel", "compare_type": "contents", "compare_mode": "quick_comparison",
                        "start_time": start},
        )  # fmt: skip
    assert rec.sent() == {
        "job_id": JOB,
        "data_level_compare_info": {"conflict_policy": "cancel", "compare_type": "contents",
                                    "compare_mode": "quick_comparison", "start_time": "1714564800000"},
    }  # fmt: skip
    assert resp.data_level_compare_create_result.error_msg == "busy"


def test_create_task_cassandra_tokens_and_list_only():
    rec = Recorder({"job_id": JOB})
    with sync_client(rec) as client:
        client.compare.create_task(
            JOB,
            data_level={"conflict_policy": "keep", "compare_type": "lines",
                        "compare_object_infos_with_token": [{"db_name": "ks", "table_name_with_token": [
                            {"table_name": "t", "min_token": "-9", "max_token": "9"}]}]},
        )  # fmt: skip
        client.compare.create_task(JOB)
    assert rec.sent(0)["data_level_compare_info"]["compare_object_infos_with_token"][0]["table_name_with_token"] == [
        {"table_name": "t", "min_token": "-9", "max_token": "9"}
    ]
    assert rec.sent(1) == {"job_id": JOB}


def test_create_task_accepts_ready_params():
    rec = Recorder({"job_id": JOB})
    params = CreateCompareTaskParams(job_id=JOB, object_level_compare_type="objects")
    with sync_client(rec) as client:
        client.compare.create_task(params)
    assert rec.sent() == {"job_id": JOB, "object_level_compare_type": "objects"}


async def test_create_task_async():
    rec = Recorder(load("4.1.17-resp.json"))
    async with async_client(rec) as client:
        resp = await client.compare.create_task(JOB, object_level=True)
    assert rec.sent() == {"job_id": JOB, "object_level_compare_type": "objects"}
    assert resp.object_level_compare_create_result.compare_task_id == "dc1683d9-bdf2-4be9-967f-6ef0953369bc"


_LINES = {"conflict_policy": "keep", "compare_type": "lines", "compare_object_infos": [{"db_name": "d"}]}


@pytest.mark.parametrize(
    ("job_id", "kwargs", "needle"),
    [
        ("not-a-job", {}, "DRS task id"),
        (JOB, {"object_level": True, "data_level": {**_LINES, "compare_type": "contents"}}, "cannot be requested together"),
        (JOB, {"data_level": {**_LINES, "conflict_policy": "replace"}}, "cancel, keep"),
        (JOB, {"data_level": {**_LINES, "compare_type": "random"}}, "lines, contents"),
        (JOB, {"data_level": {**_LINES, "compare_mode": "slow"}}, "quick_comparison"),
        (JOB, {"data_level": {"conflict_policy": "keep", "compare_type": "lines"}}, "must list the objects"),
        (JOB, {"data_level": {**_LINES, "compare_object_infos_with_token": [{"db_name": "k"}]}}, "not both"),
        (JOB, {"data_level": {**_LINES, "compare_object_infos": [{"db_name": ""}]}}, "at least 1"),
        (JOB, {"data_level": {**_LINES, "surprise": 1}}, "Extra inputs"),
    ],
)
def test_create_task_validation(job_id: str, kwargs: dict[str, Any], needle: str):
    err = assert_rejected(lambda client: client.compare.create_task(job_id, **kwargs))
    assert needle in str(err.value)


# ---------------------------------------------------------------------------
# 4.1.18 query_results
# ---------------------------------------------------------------------------


def _check_results(resp: CompareResultsResponse) -> None:
    obj = resp.object_level_compare_results
    assert isinstance(obj, ObjectCompareResult)
    assert obj.compare_task_id == "dc1683d9-bdf2-4be9-967f-6ef0953369bc"
    assert [o.object_type for o in obj.object_compare_overview] == [
        CompareObjectType.DB, CompareObjectType.INDEX, CompareObjectType.TABLE,
    ]  # fmt: skip
    assert obj.object_compare_overview[1].source_count == 12
    assert obj.object_compare_overview[0].object_compare_result is CompareOutcome.CONSISTENT
    assert set(obj.object_compare_details) == {"TABLE", "INDEX", "DB"}
    assert obj.object_compare_details["INDEX"][0].target_db_value == "`add_table_name_0`.`PRIMARY`"
    line = resp.line_compare_results
    assert line.line_compare_overview[0].line_compare_result is CompareOutcome.INCONSISTENT
    assert line.line_compare_overview_count == 1
    assert line.line_compare_details[0].line_compare_detail[0].target_row_num == 1
    content = resp.content_compare_results
    assert content.content_compare_details[0].content_uncompare_detail == []
    assert content.content_compare_diffs[0].content_compare_diff[0].target_key_value == ["5"]
    tasks = resp.compare_task_list_results
    assert tasks.compare_task_list_count == 8
    first = tasks.compare_task_list[0]
    assert first.compare_type is CompareTaskType.CONTENTS
    assert first.compare_task_status is CompareJobStatus.SUCCESSFUL
    assert first.create_time == datetime.fromtimestamp(1607766111833 / 1000, tz=UTC)
    assert first.end_time > first.create_time
    assert tasks.compare_task_list[1].compare_type is CompareTaskType.OBJECT_COMPARISON


def test_query_results_request_and_parse():
    rec = Recorder(load("4.1.18-resp.json"))
    with sync_client(rec) as client:
        resp = client.compare.query_results(
            JOB,
            object_level_compare_id="dc1683d9-bdf2-4be9-967f-6ef0953369bc",
            line_compare_id="d45d569d-0a80-4cef-a412-da2a3bcdcb7",
            content_compare_id="79e206e6-13eb-4556-8cd5-c994c9cbd4e6",
            per_page=2,
        )
    assert_request(rec.only, "POST", f"{API}/jobs/query-compare-result", body=load("4.1.18-req.json"))
    _check_results(resp)


def test_query_results_table_shape_equals_example_shape():
    example = CompareResultsResponse.model_validate(load("4.1.18-resp.json"))
    tables = CompareResultsResponse.model_validate(table_shape(load("4.1.18-resp.json")))
    assert example == tables
    _check_results(tables)


def test_query_results_table_overview_name_and_unknowns():
    resp = CompareResultsResponse.model_validate({
        "object_level_compare_results": {"object_compare_results": [
            {"object_type": "SEQUENCE", "object_compare_result": "PARTIAL"}]},
        "line_compare_results": [],
        "compare_task_list_results": {"compare_task_list": [{"compare_type": "hash", "compare_task_status": "PAUSED"}]},
        "something_new": True,
    })  # fmt: skip
    row = resp.object_level_compare_results.object_compare_overview[0]
    assert row.object_type.value == "SEQUENCE" and row.object_compare_result.value == "PARTIAL"
    assert resp.line_compare_results is None
    task = resp.compare_task_list_results.compare_task_list[0]
    assert task.compare_type.value == "hash" and task.compare_task_status.value == "PAUSED"
    assert "object_compare_overview" in resp.to_wire()["object_level_compare_results"]


async def test_query_results_async():
    rec = Recorder(load("4.1.18-resp.json"))
    async with async_client(rec) as client:
        resp = await client.compare.query_results(JOB)
    assert rec.sent() == {"job_id": JOB, "current_page": 1, "per_page": 10}
    _check_results(resp)


@pytest.mark.parametrize(
    ("job_id", "kwargs", "field"),
    [
        ("x", {}, "job_id"),
        (JOB, {"current_page": 0}, "current_page"),
        (JOB, {"per_page": 0}, "per_page"),
        (JOB, {"line_compare_id": ""}, "line_compare_id"),
    ],
)
def test_query_results_validation(job_id: str, kwargs: dict[str, Any], field: str):
    err = assert_rejected(lambda client: client.compare.query_results(job_id, **kwargs))
    assert err.value.errors()[0]["loc"][0] == field
