"""DB parameter comparison (seed 4.1.9 get, 4.1.10 modify): fixtures, wire format, validation."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from drstui.api.client import DrsClient
from drstui.api.models import params as P
from drstui.api.spec import SPECS

from ._helpers import (
    API, Recorder, assert_rejected, assert_request, assert_sdk_wire_names, async_client, load, strip_none,
)

JOB1 = "140b5236-88ad-43c8-811c-1268453jb101"
JOB2 = "8d0e8e36-a618-490d-8a46-8c61ac9jb502"


@pytest.fixture
def rec() -> Recorder:
    return Recorder(status=202)  # both APIs answer 202


# ---------------------------------------------------------------------------
# Specs and fixtures
# ---------------------------------------------------------------------------


def test_specs():
    get, modify = SPECS["params.get"], SPECS["params.modify"]
    assert (get.section, get.method, get.path, get.status) == ("4.1.9", "POST", "/v3/{project_id}/jobs/batch-get-params", 202)
    assert get.sdk_method == "batch_show_params" and get.batch_field == "jobs" and not get.mutating
    assert (modify.section, modify.method, modify.path, modify.status) == (
        "4.1.10", "POST", "/v3/{project_id}/jobs/{job_id}/params", 202)
    assert modify.sdk_method == "update_params" and modify.mutating and modify.batch_field is None
    assert modify.path_params == ("project_id", "job_id")


@pytest.mark.parametrize(
    "name,model",
    [
        ("4.1.9-req.json", P.GetParamsParams),
        ("4.1.9-resp.json", P.GetParamsResponse),
        ("4.1.10-req.json", P.ModifyParamsParams),
        ("4.1.10-resp.json", P.ModifyParamsResponse),
    ],
)
def test_fixture_validates_and_round_trips(name: str, model):
    data = load(name)
    parsed = model.model_validate(data)
    wire = parsed.to_wire()
    assert wire == strip_none(data)
    if "-resp" in name:
        assert model.model_validate(wire) == parsed


def test_fixture_get_params_response_content():
    resp = P.GetParamsResponse.model_validate(load("4.1.9-resp.json"))
    assert resp.count == 1 and len(resp.params_list) == 1
    params = resp.params_list[0].params
    assert len(params) == 22
    first = params[0]
    assert first.key == "binlog_cache_size" and first.group is P.ParamGroup.PERFORMANCE
    assert first.consistent is False and first.restart_required is False and first.numeric
    assert first.bounds == (4096.0, 16777216.0) and first.choices is None
    charset = next(p for p in params if p.key == "character_set_server")
    assert charset.consistent is True and charset.restart_required is True
    assert charset.choices == ["utf8", "latin1", "gbk", "utf8mb4"] and charset.bounds is None
    assert charset.data_type is None and not charset.numeric
    assert [p.key for p in resp.params_list[0].differing] == ["binlog_cache_size"]
    # A fragment whose header lines the PDF lost parses with key/group absent.
    assert params[20].key is None and params[20].value_range == "0-4294967295"


# ---------------------------------------------------------------------------
# Client
# ---------------------------------------------------------------------------


def test_get(rec: Recorder, client: DrsClient):
    rec.reply = load("4.1.9-resp.json")
    resp = client.params.get([JOB1])
    # refresh: a string, not the seed example's number
    assert_request(rec.only, "POST", f"{API}/jobs/batch-get-params", body={"jobs": [JOB1], "refresh": "1"})
    assert isinstance(resp, P.GetParamsResponse)
    assert resp.params_list[0].params[1].consistent is True
    client.params.get(iter([JOB1, JOB2]), refresh=False)
    assert rec.sent(-1) == {"jobs": [JOB1, JOB2], "refresh": "0"}
    client.params.get(JOB2)
    assert rec.sent(-1) == {"jobs": [JOB2], "refresh": "1"}


def test_get_goes_through_the_batching_core(monkeypatch, rec: Recorder, client: DrsClient):
    seen = []
    original = client.request_batched
    monkeypatch.setattr(client, "request_batched", lambda spec, **kw: (seen.append(spec.key), original(spec, **kw))[1])
    client.params.get([JOB1])
    assert seen == ["params.get"]


def test_modify(rec: Recorder, client: DrsClient):
    rec.reply = load("4.1.10-resp.json")
    resp = client.params.modify(
        JOB1, {"binlog_stmt_cache_size": 32678, "bulk_insert_buffer_size": "8388608"}, group="performance"
    )
    assert_request(rec.only, "POST", f"{API}/jobs/{JOB1}/params", body=load("4.1.10-req.json"))
    assert isinstance(resp, P.ModifyParamsResponse)
    assert resp.success is True and resp.should_restart == "false" and resp.restart_required is False
    client.params.modify(JOB2, [{"key": "max_connections", "target_value": "1000"}], group="common")
    assert_request(rec.last, "POST", f"{API}/jobs/{JOB2}/params",
                   body={"group": "common", "params": [{"key": "max_connections", "target_value": "1000"}]})  # fmt: skip
    ready = P.ModifyParamsParams(group="common", params=[P.ParamChange(key="sql_mode", target_value="")])
    client.params.modify(JOB1, ready)
    assert rec.sent(-1) == {"group": "common", "params": [{"key": "sql_mode", "target_value": ""}]}


async def test_async_get_and_modify():
    rec = Recorder(load("4.1.9-resp.json"))
    async with async_client(rec) as client:
        resp = await client.params.get([JOB1], refresh=False)
        assert rec.sent(-1) == {"jobs": [JOB1], "refresh": "0"}
        assert len(resp.params_list[0].params) == 22
        rec.reply = {"success": False, "should_restart": "true", "error_code": "DRS.M00001", "error_msg": "x"}
        out = await client.params.modify(JOB1, {"innodb_buffer_pool_size": 1073741824}, group="performance")
        assert_request(rec.last, "POST", f"{API}/jobs/{JOB1}/params")
        assert rec.sent(-1)["params"] == [{"key": "innodb_buffer_pool_size", "target_value": "1073741824"}]
        assert out.success is False and out.restart_required is True


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.params.get([]),
        lambda c: c.params.get([JOB1, JOB1]),
        lambda c: c.params.get(["not-an-id"]),
        lambda c: c.params.modify("not-an-id", {"a": "1"}, group="common"),
        lambda c: c.params.modify(JOB1, {"a": "1"}),
        lambda c: c.params.modify(JOB1, {"a": "1"}, group="security"),
        lambda c: c.params.modify(JOB1, {}, group="common"),
        lambda c: c.params.modify(JOB1, [{"key": "", "target_value": "1"}], group="common"),
        lambda c: c.params.modify(JOB1, [{"key": "a", "target_value": "1"}, {"key": "a", "target_value": "2"}],
                                  group="common"),
        lambda c: c.params.modify(JOB1, [{"key": "a"}], group="common"),
        lambda c: c.params.modify(JOB1, [{"key": "a", "target_value": "1", "source_value": "2"}], group="common"),
    ],
    ids=["get empty", "get duplicate", "get bad id", "modify bad id", "modify no group", "modify bad group",
         "modify no params", "modify empty key", "modify duplicate key", "modify no value", "modify unknown field"],
)
def test_rejects_before_sending(call):
    assert_rejected(call)


@pytest.mark.parametrize("value,expected", [("1", "1"), ("0", "0"), (1, "1"), (0, "0"), (True, "1"), (False, "0")])
def test_refresh_is_a_one_or_zero_string(value, expected):
    assert P.GetParamsParams(jobs=[JOB1], refresh=value).to_wire()["refresh"] == expected


@pytest.mark.parametrize("value", ["2", "yes", 2, "true"])
def test_refresh_rejects_other_values(value):
    with pytest.raises(ValidationError):
        P.GetParamsParams(jobs=[JOB1], refresh=value)


def test_seed_example_number_refresh_still_accepted():
    # The seed's example sends "refresh": 1 (a number); the fixture keeps the SDK's string.
    assert P.GetParamsParams.model_validate({"jobs": [JOB1], "refresh": 1}).refresh == "1"
    assert load("4.1.9-req.json")["refresh"] == "1"


# ---------------------------------------------------------------------------
# Tolerant responses and string booleans
# ---------------------------------------------------------------------------


def test_string_booleans_and_unknown_values():
    p = P.DbParam.model_validate({"key": "x", "group": "replication", "compare_result": "TRUE", "need_restart": "maybe",
                                  "value_range": "1-abc", "extra_field": 1})
    assert p.group == "replication" and not p.group.known
    assert p.consistent is True and p.restart_required is None and p.bounds is None
    assert not hasattr(p, "extra_field")
    assert P.DbParam().consistent is None and P.DbParam(value_range="5").bounds is None
    resp = P.ModifyParamsResponse.model_validate({"success": True, "should_restart": "false", "surprise": [1]})
    assert resp.restart_required is False and resp.to_wire() == {"success": True, "should_restart": "false"}


def test_responses_constructible_from_python_values():
    resp = P.GetParamsResponse(
        params_list=[P.JobParams(params=[P.DbParam(key="k", group=P.ParamGroup.COMMON, compare_result="false")])], count=1
    )
    wire = resp.to_wire()
    assert wire == {"params_list": [{"params": [{"key": "k", "group": "common", "compare_result": "false"}]}], "count": 1}
    assert P.GetParamsResponse.model_validate(wire) == resp


@pytest.mark.parametrize(
    "model,sdk_name",
    [
        (P.GetParamsParams, "BatchQueryParamReq"),
        (P.DbParam, "Params"),
        (P.JobParams, "QueryDbParamsResp"),
        (P.GetParamsResponse, "BatchShowParamsResponse"),
        (P.ParamChange, "ParamsReqBean"),
        (P.ModifyParamsParams, "ModifyTargetParamsReq"),
        (P.ModifyParamsResponse, "UpdateParamsResponse"),
    ],
)
def test_wire_names_match_sdk(model, sdk_name: str):
    assert_sdk_wire_names(model, sdk_name)
