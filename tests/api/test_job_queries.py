"""Seed 4.1.19–4.1.23: progress, tenant task list (+ iter_all), details, statuses, node types."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from pydantic import BaseModel, ValidationError

from drstui.api.errors import APIStatusError
from drstui.api.models.common import Endpoint, EndpointParam, JobIdsParams, PagedJobIdsParams, Tag, TagParam
from drstui.api.models.enums import DbUseType, EngineType, JobAction, JobDirection, JobStatus, NetType, NodeType, TaskType
from drstui.api.models.query import (
    InstStatus,
    JobDetail,
    JobDetailsResponse,
    JobListResponse,
    JobStatusesResponse,
    NodeTypesQuery,
    NodeTypesResponse,
    Progress,
    ProgressResponse,
    QueryJobsParams,
    SchemaType,
)
from drstui.api.spec import all_specs

from ._helpers import (
    API, Recorder, assert_rejected, assert_request, assert_round_trips, async_client, load, seed_files,
    sync_client, wire_names,
)

J1 = "24834eb6-be30-464e-a299-f7aa730jb101"
J2 = "140b5236-88ad-43c8-811c-1268453jb101"


def job_id(i: int) -> str:
    return f"{i:08d}-0000-4000-8000-{i:07d}jb101"


# ---------------------------------------------------------------------------
# Fixtures: every seed example validates, responses round-trip
# ---------------------------------------------------------------------------

REQUESTS: dict[str, type[BaseModel]] = {
    "4.1.19-req.json": JobIdsParams,
    "4.1.20-req.json": QueryJobsParams,
    "4.1.20-req-2.json": QueryJobsParams,
    "4.1.20-req-3.json": QueryJobsParams,
    "4.1.20-req-4.json": QueryJobsParams,
    "4.1.21-req.json": PagedJobIdsParams,
    "4.1.22-req.json": PagedJobIdsParams,
    "4.1.23-req.json": NodeTypesQuery,
}
RESPONSES: dict[str, type[BaseModel]] = {
    "4.1.19-resp.json": ProgressResponse,
    "4.1.19-resp-2.json": ProgressResponse,
    "4.1.20-resp.json": JobListResponse,
    "4.1.21-resp.json": JobDetailsResponse,
    "4.1.22-resp.json": JobStatusesResponse,
    "4.1.23-resp.json": NodeTypesResponse,
}
ERRORS = {"4.1.23-resp-400.json"}


def test_every_fixture_of_the_sections_is_covered():
    names = set(seed_files(f"4.1.{n}" for n in range(19, 24)))
    assert names == set(REQUESTS) | set(RESPONSES) | ERRORS


@pytest.mark.parametrize("name", sorted(REQUESTS))
def test_request_fixture_validates(name: str):
    data = load(name)
    model = REQUESTS[name].model_validate(data)
    sent = model.to_wire()
    # Everything the seed sends (except nulls) is sent again, unchanged.
    assert sent == {k: v for k, v in data.items() if v is not None}


def _normalise_fixture(name: str, data: Any) -> Any:
    """Apply the documented model normalisations to a seed fixture (REPAIRS-queries.md)."""
    if name == "4.1.21-resp.json":
        for row in data["results"]:
            if "tags" in row:
                row["tags"] = [{"key": k, "value": v} for item in row["tags"] for k, v in item.items()]
            info = row.get("inst_info") or {}
            if "status" in info:
                info["status"] = info["status"].lower()
    return data


def assert_subset(expected: Any, actual: Any, where: str = "$") -> None:
    """Every non-null value of ``expected`` is in ``actual``; ``actual`` may add only empty lists."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), where
        for key, value in expected.items():
            if value is None:
                continue
            assert key in actual, f"{where}.{key} lost"
            assert_subset(value, actual[key], f"{where}.{key}")
        for key in set(actual) - set(expected):
            assert actual[key] == [], f"{where}.{key} added with a value"
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), where
        for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
            assert_subset(e, a, f"{where}[{i}]")
    else:
        assert expected == actual, f"{where}: {expected!r} != {actual!r}"


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_response_fixture_round_trips(name: str):
    data = load(name)
    _, wire = assert_round_trips(RESPONSES[name], data)
    assert_subset(_normalise_fixture(name, data), wire)


def test_specs_are_registered():
    specs = all_specs()
    expect = {
        "jobs.progress": ("POST", "/v3/{project_id}/jobs/batch-progress", "4.1.19", "batch_list_progresses"),
        "jobs.list": ("POST", "/v3/{project_id}/jobs", "4.1.20", "show_job_list"),
        "jobs.details": ("POST", "/v3/{project_id}/jobs/batch-detail", "4.1.21", "batch_list_job_details"),
        "jobs.statuses": ("POST", "/v3/{project_id}/jobs/batch-status", "4.1.22", "batch_list_job_status"),
        "jobs.node_types": ("GET", "/v3/{project_id}/node-type", "4.1.23", "list_available_node_types"),
    }
    for key, (method, path, section, sdk) in expect.items():
        spec = specs[key]
        assert (spec.method, spec.path, spec.section, spec.sdk_method, spec.status) == (method, path, section, sdk, 200)
        assert spec.mutating is False
    for key in ("jobs.progress", "jobs.details", "jobs.statuses"):
        assert (specs[key].batch_field, specs[key].batch_size) == ("jobs", 100)
    assert specs["jobs.list"].batch_field is None
    assert specs["jobs.node_types"].query is NodeTypesQuery and specs["jobs.node_types"].body is None


def test_sdk_wire_names_match():
    """The aliases we rely on are the SDK's wire names."""
    from huaweicloudsdkdrs.v3.model import ConfigTransformationVo, JobInfo, QueryJobResp

    assert JobInfo.attribute_map["node_new_framework"] == "node_newFramework"
    assert QueryJobResp.attribute_map["is_target_readonly"] == "is_target_readonly"
    assert ConfigTransformationVo.attribute_map["indexs"] == "indexs"
    sdk_fields = set(QueryJobResp.attribute_map.values())
    assert sdk_fields <= wire_names(JobDetail)


# ---------------------------------------------------------------------------
# 4.1.19 progress
# ---------------------------------------------------------------------------


def test_progress_request_and_parse():
    rec = Recorder(load("4.1.19-resp-2.json"))
    ids = ["edae91cb-5892-49b6-a529-4921fb26jb21", "f95c5d83-d0c9-42bd-b295-38c31cd1jb15"]
    with sync_client(rec) as client:
        resp = client.jobs.progress(ids)
    assert_request(rec.only, "POST", f"{API}/jobs/batch-progress", body={"jobs": ids})
    assert isinstance(resp, ProgressResponse) and resp.count == 2
    running, done = resp.results
    assert running.transfer_status is JobStatus.INCRE_TRANSFER_STARTED
    assert running.task_mode is TaskType.FULL_INCR_TRANS
    assert running.process_time == datetime(2020, 7, 16, 1, 56, 16, tzinfo=UTC)
    assert running.process_time.tzinfo is not None
    assert running.progress == "100" and running.percent == 100.0
    assert running.delay_seconds == 0.0
    assert done.delay_seconds is None  # "-1": not incremental yet
    assert done.progress_map["struct"].completed == "94%"
    assert done.progress_map["struct"].percent == 94.0
    assert done.phase_percent == {"struct": 94.0, "data": 100.0, "index": 100.0}
    assert done.to_wire()["process_time"] == "0"


def test_progress_single_id_and_extras():
    body = {"count": 1, "results": [{"job_id": J1, "progress": "37", "incre_trans_delay": "3",
                                     "incre_trans_delay_millis": "2500", "apply_rows_rate": 120,
                                     "apply_bytes_rate": -1, "task_mode": "NEW_MODE", "new_field": 1}]}  # fmt: skip
    rec = Recorder(body)
    with sync_client(rec) as client:
        row = client.jobs.progress(J1).results[0]
    assert rec.sent() == {"jobs": [J1]}
    assert row.delay_seconds == 2.5  # the ms field wins
    assert row.apply_rows_rate == 120 and row.apply_bytes_rate == -1
    assert row.task_mode.value == "NEW_MODE" and not row.task_mode.known
    assert not hasattr(row, "new_field")


def test_progress_is_split_into_chunks_of_100():
    def answer(request: httpx.Request) -> Any:
        ids = json.loads(request.content)["jobs"]
        return {"count": len(ids), "results": [{"job_id": i, "progress": "1"} for i in ids]}

    rec = Recorder(fn=answer)
    ids = [job_id(i) for i in range(250)]
    with sync_client(rec) as client:
        resp = client.jobs.progress(ids)
    assert [len(rec.sent(i)["jobs"]) for i in range(len(rec.requests))] == [100, 100, 50]
    assert [r.job_id for r in resp.results] == ids


@pytest.mark.parametrize("jobs", [[], [J1, J1], ["not-a-task-id"]])
def test_progress_rejects_bad_ids(jobs: list[str]):
    assert_rejected(lambda client: client.jobs.progress(jobs))


# ---------------------------------------------------------------------------
# 4.1.20 list
# ---------------------------------------------------------------------------


def test_list_sends_only_given_filters_and_parses():
    rec = Recorder(load("4.1.20-resp.json"))
    with sync_client(rec) as client:
        resp = client.jobs.list("migration")
    assert_request(rec.only, "POST", f"{API}/jobs", body={"cur_page": 1, "per_page": 100, "db_use_type": "migration"})
    assert isinstance(resp, JobListResponse) and resp.total_record == 7 and len(resp.jobs) == 5
    first = resp.jobs[0]
    assert first.create_time == datetime(2020, 12, 21, 10, 57, 49, tzinfo=UTC)
    assert first.status is JobStatus.INCRE_TRANSFER_FAILED and first.status.failed
    assert first.engine_type is EngineType.MYSQL and first.net_type is NetType.EIP
    assert first.job_direction is JobDirection.UP and first.db_use_type is DbUseType.MIGRATION
    assert first.node_new_framework is False and first.billing_tag is False
    assert first.error_msg.startswith("service LOGMANAGER failed")
    assert first.job_action.can("RETRY") and not first.job_action.can(JobAction.START)
    assert JobAction.MODIFY_SPECIFICATION_ID in first.job_action.unavailable_actions
    assert first.children == []
    wire = first.to_wire()
    assert wire["create_time"] == "2020-12-21 10:57:49" and wire["node_newFramework"] is False


def test_list_with_every_filter():
    rec = Recorder({"total_record": 0, "jobs": []})
    ids = [job_id(1), job_id(2)]
    with sync_client(rec) as client:
        client.jobs.list(
            DbUseType.SYNC, cur_page=2, per_page=20, engine_type="mysql", name=",".join(ids), net_type="vpc",
            status="CONFIGURATION", tags={"env": "prod"}, instance_ids=("i1", "i2"), instance_ip="10.0.0.1",
            enterprise_project_id="0", service_name="eps",
        )  # fmt: skip
    assert rec.sent() == {
        "cur_page": 2, "per_page": 20, "db_use_type": "sync", "engine_type": "mysql", "name": ",".join(ids),
        "net_type": "vpc", "status": "CONFIGURATION", "tags": {"env": "prod"}, "instance_ids": ["i1", "i2"],
        "instance_ip": "10.0.0.1", "enterprise_project_id": "0", "service_name": "eps",
    }  # fmt: skip


def test_list_children_and_unknown_values_are_kept():
    body = {"total_record": 1, "jobs": [{
        "id": J1, "status": "SOME_NEW_STATE", "create_time": "2024-01-02 03:04:05", "engine_type": "new-engine",
        "job_action": {"available_actions": ["FUTURE_ACTION", "PAUSE"], "unavailable_actions": [],
                       "current_action": "SWITCH_OVER"},
        "surprise": {"x": 1},
        "children": [{"id": J2, "status": "CHILD_TRANSFER_STARTED", "error_msg": "boom", "node_newFramework": True,
                      "create_time": "2024-01-02 03:04:06", "job_action": {"available_actions": ["STOP_JOB"]}}],
    }]}  # fmt: skip
    rec = Recorder(body)
    with sync_client(rec) as client:
        job = client.jobs.list("sync").jobs[0]
    assert job.status.value == "SOME_NEW_STATE" and not job.status.known
    assert job.engine_type.value == "new-engine"
    assert job.job_action.available_actions[0].value == "FUTURE_ACTION"
    assert job.job_action.current_action is JobAction.SWITCH_OVER
    child = job.children[0]
    assert child.status is JobStatus.CHILD_TRANSFER_STARTED and child.error_msg == "boom"
    assert child.node_new_framework is True
    assert child.create_time == datetime(2024, 1, 2, 3, 4, 6, tzinfo=UTC)
    assert child.job_action.can("STOP_JOB")
    assert "surprise" not in job.to_wire()
    assert job.to_wire()["status"] == "SOME_NEW_STATE"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"db_use_type": "backup"}, "db_use_type"),
        ({"db_use_type": "sync", "per_page": 101}, "per_page"),
        ({"db_use_type": "sync", "per_page": -1}, "per_page"),
        ({"db_use_type": "sync", "cur_page": -1}, "cur_page"),
        ({"db_use_type": "sync", "per_page": 0, "cur_page": 2}, None),
        ({"db_use_type": "sync", "engine_type": "sqlserver"}, "engine_type"),
        ({"db_use_type": "sync", "net_type": "internet"}, "net_type"),
        ({"db_use_type": "sync", "status": "RUNNING"}, "status"),
        ({"db_use_type": "sync", "instance_ids": [f"i{n}" for n in range(11)]}, "instance_ids"),
        ({"db_use_type": "sync", "name": ",".join(job_id(i) for i in range(101))}, "name"),
        ({"db_use_type": "sync", "name": f"{job_id(1)},my-task"}, "name"),
    ],
)
def test_list_validation(kwargs: dict[str, Any], field: str | None):
    use_type = kwargs.pop("db_use_type")
    err = assert_rejected(lambda client: client.jobs.list(use_type, **kwargs))
    errors = err.value.errors()
    if field is None:
        assert "cur_page must be 0 or 1" in errors[0]["msg"]
    else:
        assert {e["loc"][0] for e in errors} == {field}


def test_list_accepts_limits_and_empty_filters():
    QueryJobsParams(db_use_type="sync", per_page=0, cur_page=0)
    QueryJobsParams(db_use_type="sync", per_page=0, cur_page=1)
    QueryJobsParams(db_use_type="sync", name=",".join(job_id(i) for i in range(100)))
    p = QueryJobsParams(db_use_type="sync", engine_type="", net_type="", status="", name="")
    assert p.to_wire()["engine_type"] == ""


# ---------------------------------------------------------------------------
# iter_all
# ---------------------------------------------------------------------------

_TOTALS = {"migration": 250, "sync": 0, "cloudDataGuard": 5}


def _pages(request: httpx.Request) -> Any:
    body = json.loads(request.content)
    total = _TOTALS[body["db_use_type"]]
    per, page = body["per_page"], body["cur_page"]
    start = (page - 1) * per if per else 0
    stop = min(total, start + per) if per else total
    rows = [{"id": f"{body['db_use_type']}-{i}", "name": f"t{i}"} for i in range(start, stop)]
    return {"total_record": total, "jobs": rows}


def _expected_ids() -> list[str]:
    return [f"{t}-{i}" for t, n in _TOTALS.items() for i in range(n)]


def test_iter_all_walks_pages_and_scenarios():
    rec = Recorder(fn=_pages)
    with sync_client(rec) as client:
        it = client.jobs.iter_all(status="CONFIGURATION")
        assert rec.requests == []  # lazy
        ids = [job.id for job in it]
    assert ids == _expected_ids()
    sent = [(rec.sent(i)["db_use_type"], rec.sent(i)["cur_page"]) for i in range(len(rec.requests))]
    assert sent == [("migration", 1), ("migration", 2), ("migration", 3), ("sync", 1), ("cloudDataGuard", 1)]
    assert all(rec.sent(i)["status"] == "CONFIGURATION" and rec.sent(i)["per_page"] == 100 for i in range(5))


def test_iter_all_small_pages_and_subset_of_scenarios():
    rec = Recorder(fn=_pages)
    with sync_client(rec) as client:
        ids = [job.id for job in client.jobs.iter_all(db_use_types="cloudDataGuard", per_page=2)]
    assert ids == [f"cloudDataGuard-{i}" for i in range(5)]
    assert [rec.sent(i)["cur_page"] for i in range(len(rec.requests))] == [1, 2, 3]


def test_iter_all_per_page_zero_is_one_request_per_scenario():
    rec = Recorder(fn=_pages)
    with sync_client(rec) as client:
        ids = [job.id for job in client.jobs.iter_all(per_page=0)]
    assert ids == _expected_ids()
    assert len(rec.requests) == 3


def test_iter_all_validates_before_iterating():
    rec = Recorder(fn=_pages)
    with sync_client(rec) as client:
        with pytest.raises(ValidationError):
            client.jobs.iter_all(status="NOPE")
        with pytest.raises(ValidationError):
            client.jobs.iter_all(db_use_types=["backup"])
        with pytest.raises(ValidationError):
            client.jobs.iter_all(colour="red")
        with pytest.raises(TypeError):
            client.jobs.iter_all(cur_page=3)
    assert rec.requests == []


async def test_iter_all_async():
    rec = Recorder(fn=_pages)
    async with async_client(rec) as client:
        it = client.jobs.iter_all()
        assert hasattr(it, "__anext__")
        ids = [job.id async for job in it]
    assert ids == _expected_ids()
    assert len(rec.requests) == 5


# ---------------------------------------------------------------------------
# 4.1.21 details
# ---------------------------------------------------------------------------


def test_details_request_and_parse():
    rec = Recorder(load("4.1.21-resp.json"))
    with sync_client(rec) as client:
        resp = client.jobs.details([J1, J2])
    assert_request(rec.only, "POST", f"{API}/jobs/batch-detail",
                   body={"jobs": [J1, J2], "page_req": {"cur_page": 1, "per_page": 100}})  # fmt: skip
    assert isinstance(resp, JobDetailsResponse) and resp.count == 2
    a, b = resp.results
    assert a.status is JobStatus.STARTJOBING and b.status is JobStatus.CONFIGURATION
    assert a.create_time == datetime.fromtimestamp(1608519469412 / 1000, tz=UTC)
    assert a.update_time.tzinfo is not None and a.actual_start_time > a.update_time
    assert isinstance(a.source_endpoint, Endpoint) and a.source_endpoint.db_port == 3306
    assert a.target_endpoint.inst_id == "3ef57dbcc8db478a9e346d26ef2575bfin01"
    assert a.inst_info.volume_size == 100 and a.inst_info.start_time == datetime(1970, 1, 1, tzinfo=UTC)
    assert b.inst_info.status is InstStatus.ACTIVE
    assert a.is_target_readonly is True and b.is_target_readonly is True
    assert a.schema_type is SchemaType.TUNGSTEN and a.speed_limit == []
    assert a.object_infos[1].parent_id == "test" and a.object_infos[1].select == "true"
    assert b.tags == [Tag(key="key1", value="value1"), Tag(key="key2", value="value2")]
    conds = b.data_transformation.filter_conditions
    assert b.data_transformation.total_count == 2
    assert conds[0].transformation_info.value == "id1<1"
    assert conds[1].config_transformation.indexes == "id"
    assert conds[1].data_transformation_object_infos[0].db_name == "test02"
    assert b.full_transfer_complete_time == datetime.fromtimestamp(1608369510202 / 1000, tz=UTC)
    wire = b.to_wire()
    assert wire["create_time"] == "1608366204171"
    assert wire["data_transformation"]["filter_conditions"][1]["config_transformation"]["indexs"] == "id"


def test_details_read_alternative_spellings_and_sdk_extras():
    row = JobDetail.model_validate({
        "id": J1, "is_target_read_only": False, "node_num": 2, "job_kernel_direction": "down", "sync_mode": "DB_LEVEL",
        "is_multi_az": True, "master_az": "az1", "slave_az": "az2", "node_role": "master",
        "period_order": {"order_id": "o1", "charging_mode": 1, "period_num": 3},
        "alarm_notify": {"subscriptions": [{"endpoints": ["a@b.c"], "protocol": "email"}], "topic_name": "t",
                         "delay_time": 60},
        "public_ip_list": [{"id": "e", "public_ip": "1.2.3.4", "type": "master"}], "children": [{"id": J2, "name": "c"}],
        "config": None, "tags": [{"key": "k", "value": "v"}],
    })  # fmt: skip
    assert row.is_target_readonly is False and row.node_num == 2
    assert row.job_kernel_direction is JobDirection.DOWN and row.sync_mode.value == "DB_LEVEL"
    assert row.period_order.period_num == 3 and row.alarm_notify.subscriptions[0].endpoints == ["a@b.c"]
    assert row.public_ip_list[0].type.value == "master" and row.children[0].name == "c"
    assert row.tags == [Tag(key="k", value="v")]
    assert JobDetail.model_validate(row.to_wire()) == row
    assert JobDetail.model_validate({"node_num": "2"}).to_wire()["node_num"] == "2"


def test_details_keep_tags_and_endpoints_that_request_rules_would_reject():
    """Tag and Endpoint rules (TagParam, EndpointParam) apply to requests only: an odd value from the
    service never fails a whole details response."""
    odd_tag = {"key": "k" * 40 + " with space", "value": "v/" * 30}
    odd_endpoint = {"db_name": "it's " + "d" * 130, "db_port": 70000}
    resp = JobDetailsResponse.model_validate(
        {"results": [{"id": J1, "tags": [odd_tag, {"key": "ok", "value": "1"}], "source_endpoint": odd_endpoint}]}
    )
    row = resp.results[0]
    assert row.tags == [Tag(**odd_tag), Tag(key="ok", value="1")]
    assert row.source_endpoint.db_name == odd_endpoint["db_name"] and row.source_endpoint.db_port == 70000
    assert JobDetailsResponse.model_validate(resp.to_wire()) == resp
    with pytest.raises(ValidationError):
        TagParam(**odd_tag)
    with pytest.raises(ValidationError):
        EndpointParam(**odd_endpoint)


def test_details_endpoint_secrets_are_masked():
    row = JobDetail.model_validate({"id": J1, "source_endpoint": {"db_user": "root", "db_password": "Hunter2!x"}})
    assert "Hunter2!x" not in repr(row)
    assert "Hunter2!x" not in json.dumps(row.model_dump(mode="json"))
    assert row.to_wire()["source_endpoint"]["db_password"] == "Hunter2!x"  # the local server's wire dump


def test_details_many_ids_are_chunked_with_per_page_100():
    def answer(request: httpx.Request) -> Any:
        ids = json.loads(request.content)["jobs"]
        return {"count": len(ids), "results": [{"id": i, "status": "CONFIGURATION"} for i in ids]}

    rec = Recorder(fn=answer)
    ids = [job_id(i) for i in range(150)]
    with sync_client(rec) as client:
        resp = client.jobs.details(ids)
    assert [len(rec.sent(i)["jobs"]) for i in range(2)] == [100, 50]
    assert all(rec.sent(i)["page_req"] == {"cur_page": 1, "per_page": 100} for i in range(2))
    assert [r.id for r in resp.results] == ids


@pytest.mark.parametrize("page", [(2, 5), {"cur_page": 2, "per_page": 5}])
def test_details_explicit_page_is_one_request(page: Any):
    rec = Recorder({"count": 150, "results": []})
    ids = [job_id(i) for i in range(150)]
    with sync_client(rec) as client:
        client.jobs.details(ids, page=page)
    assert len(rec.requests) == 1
    assert rec.sent() == {"jobs": ids, "page_req": {"cur_page": 2, "per_page": 5}}


@pytest.mark.parametrize("page", [(1, 101), (1, -1), (-1, 5)])
def test_details_page_validation(page: tuple[int, int]):
    assert_rejected(lambda client: client.jobs.details([J1], page=page))


async def test_details_async_chunked():
    def answer(request: httpx.Request) -> Any:
        ids = json.loads(request.content)["jobs"]
        return {"count": len(ids), "results": [{"id": i} for i in ids]}

    rec = Recorder(fn=answer)
    ids = [job_id(i) for i in range(130)]
    async with async_client(rec) as client:
        resp = await client.jobs.details(ids)
    assert sorted(len(json.loads(r.content)["jobs"]) for r in rec.requests) == [30, 100]
    assert [r.id for r in resp.results] == ids


# ---------------------------------------------------------------------------
# 4.1.22 statuses
# ---------------------------------------------------------------------------


def test_statuses_request_and_parse():
    rec = Recorder(load("4.1.22-resp.json"))
    ids = ["9a470239-2308-4bb5-a6bc-1040402fjb21", "dc67695a-ee3e-49b8-a022-a099bd81jb21"]
    with sync_client(rec) as client:
        resp = client.jobs.statuses(ids)
    assert_request(rec.only, "POST", f"{API}/jobs/batch-status",
                   body={"jobs": ids, "page_req": {"cur_page": 1, "per_page": 100}})  # fmt: skip
    assert isinstance(resp, JobStatusesResponse) and resp.count == 2
    assert [r.status for r in resp.results] == [JobStatus.INCRE_TRANSFER_STARTED, JobStatus.INCRE_TRANSFER_FAILED]


def test_statuses_error_message_field():
    resp = JobStatusesResponse.model_validate(
        {"results": [{"id": J1, "status": "CREATE_FAILED", "error_code": "DRS.X", "error_message": "no"}]}
    )
    assert resp.results[0].error_message == "no" and resp.results[0].to_wire()["error_message"] == "no"


async def test_statuses_async_with_page():
    rec = Recorder(load("4.1.22-resp.json"))
    async with async_client(rec) as client:
        resp = await client.jobs.statuses([J1, J2], page=(1, 10))
    assert rec.sent() == {"jobs": [J1, J2], "page_req": {"cur_page": 1, "per_page": 10}}
    assert resp.results[1].status is JobStatus.INCRE_TRANSFER_FAILED


def test_statuses_rejects_empty():
    assert_rejected(lambda client: client.jobs.statuses([]))


# ---------------------------------------------------------------------------
# 4.1.23 node types
# ---------------------------------------------------------------------------


def test_node_types_query_and_parse():
    rec = Recorder(load("4.1.23-resp.json"))
    with sync_client(rec) as client:
        resp = client.jobs.node_types("mysql", "sync", "up", is_use_sellout_info=True)
    assert_request(rec.only, "GET", f"{API}/node-type", body=None, query={
        "engine_type": "mysql", "db_use_type": "sync", "job_direction": "up",
        "is_use_sellout_info": "true", "is_multi_write": "false",
    })  # fmt: skip
    assert isinstance(resp, NodeTypesResponse) and len(resp.node_types) == 6
    assert resp.node_types[0].node_type is NodeType.MICRO and resp.node_types[0].is_sellout is False
    large = resp.node_types[3].node_type
    assert large.value == "large" and not large.known
    assert NodeType.HIGH in resp.available


def test_node_types_seed_query_matches():
    q = NodeTypesQuery.model_validate(load("4.1.23-req.json"))
    assert q.is_use_sellout_info is True and q.job_direction is JobDirection.UP


def test_node_types_400_raises_with_code():
    rec = Recorder(load("4.1.23-resp-400.json"), status=400)
    with sync_client(rec) as client, pytest.raises(APIStatusError) as err:
        client.jobs.node_types("mysql", "sync", "up")
    assert err.value.status_code == 400 and err.value.error_code == "DRS.M00202"


@pytest.mark.parametrize(
    "args", [("oracle-x", "sync", "up"), ("mysql", "backup", "up"), ("mysql", "sync", "sideways")]
)
def test_node_types_validation(args: tuple[str, str, str]):
    err = assert_rejected(lambda client: client.jobs.node_types(*args))
    assert "must be one of" in str(err.value)


def test_progress_model_direct():
    p = Progress(progress="12.5", incre_trans_delay="7")
    assert p.percent == 12.5 and p.delay_seconds == 7.0
    assert Progress(progress="n/a").percent is None


# ---------------------------------------------------------------------------
# Default transports: TLS set up only for https, and then always verifying
# ---------------------------------------------------------------------------


def test_plain_http_endpoint_never_loads_tls_and_https_verifies(server) -> None:
    import ssl

    from drstui.api import DrsClient
    from drstui.api.client import _SchemeTransport

    with DrsClient(**server.client_kwargs()) as c:
        transport = c._http._transport
        assert isinstance(transport, _SchemeTransport)
        c.jobs.list("migration", per_page=1)
        assert set(transport._by_scheme) == {"http"}
        # an https request (here refused: nothing listens) gets a verifying transport
        with pytest.raises(httpx.ConnectError):
            transport.handle_request(httpx.Request("GET", "https://127.0.0.1:9/"))
        context = transport._by_scheme["https"]._pool._ssl_context
        assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname


async def test_async_client_transport_per_scheme(server) -> None:
    from drstui.api import AsyncDrsClient
    from drstui.api.client import _AsyncSchemeTransport

    async with AsyncDrsClient(**server.client_kwargs()) as c:
        transport = c._http._transport
        assert isinstance(transport, _AsyncSchemeTransport)
        await c.jobs.list("migration", per_page=1)
        assert set(transport._by_scheme) == {"http"}
