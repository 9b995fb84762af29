"""Task actions (seed 4.1.1–4.1.8, 4.1.11–4.1.16): fixtures, wire format, validation, secrets."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from drstui.api.client import DrsClient
from drstui.api.models import jobs as J
from drstui.api.models.common import BatchResponse, JobIdsParams
from drstui.api.models.enums import BatchStatus, EndpointType, JobDirection, JobStatus
from drstui.api.resources.job_actions import ids_list
from drstui.api.spec import SPECS

from ._helpers import (
    API, Recorder, assert_rejected, assert_request, assert_sdk_wire_names, async_client, load, seed_files,
    strip_none,
)

JOB1 = "140b5236-88ad-43c8-811c-1268453jb101"
JOB2 = "8d0e8e36-a618-490d-8a46-8c61ac9jb502"
SUBNET = "352ad828-3467-4f03-987a-c55a5a9dd417"
PASSWORD = "S3cret-Pa55word!"

SECTIONS = {
    "4.1.1": "jobs.create",
    "4.1.2": "jobs.test_connections",
    "4.1.3": "jobs.test_cluster_connections",
    "4.1.4": "jobs.modify",
    "4.1.5": "jobs.select_objects",
    "4.1.6": "jobs.precheck",
    "4.1.7": "jobs.precheck_results",
    "4.1.8": "jobs.set_speed_limits",
    "4.1.11": "jobs.start",
    "4.1.12": "jobs.resume",
    "4.1.13": "jobs.pause",
    "4.1.14": "jobs.stop_or_delete",
    "4.1.15": "jobs.reset_passwords",
    "4.1.16": "jobs.set_definer",
}


def fixture_files() -> list[str]:
    return seed_files(SECTIONS, "4.1.*.json")


# ---------------------------------------------------------------------------
# Specs
# ---------------------------------------------------------------------------

EXPECTED_SPECS = [
    ("jobs.create", "4.1.1", "POST", "/jobs/batch-creation", 202, "batch_create_jobs", "jobs", 100),
    ("jobs.test_connections", "4.1.2", "POST", "/jobs/batch-connection", 200, "batch_validate_connections", "jobs", 100),
    ("jobs.test_cluster_connections", "4.1.3", "POST", "/jobs/cluster/batch-connection", 200,
     "batch_validate_clusters_connections", "jobs", 100),
    ("jobs.modify", "4.1.4", "PUT", "/jobs/batch-modification", 200, "batch_update_job", "jobs", 10),
    ("jobs.select_objects", "4.1.5", "PUT", "/jobs/batch-select-objects", 202, "batch_set_objects", "jobs", 10),
    ("jobs.precheck", "4.1.6", "POST", "/jobs/batch-precheck", 200, "batch_check_jobs", "jobs", 100),
    ("jobs.precheck_results", "4.1.7", "POST", "/jobs/batch-precheck-result", 200, "batch_check_results", "jobs", 100),
    ("jobs.set_speed_limits", "4.1.8", "PUT", "/jobs/batch-limit-speed", 200, "batch_set_speed", "speed_limits", 100),
    ("jobs.start", "4.1.11", "POST", "/jobs/batch-starting", 202, "batch_start_jobs", "jobs", 100),
    ("jobs.resume", "4.1.12", "POST", "/jobs/batch-retry-task", 200, "batch_restore_task", "jobs", 100),
    ("jobs.pause", "4.1.13", "POST", "/jobs/batch-pause-task", 200, "batch_stop_jobs", "jobs", 100),
    ("jobs.stop_or_delete", "4.1.14", "DELETE", "/jobs/batch-jobs", 202, "batch_delete_jobs", "jobs", 100),
    ("jobs.reset_passwords", "4.1.15", "PUT", "/jobs/batch-modify-pwd", 200, "batch_reset_password", "jobs", 100),
    ("jobs.set_definer", "4.1.16", "POST", "/jobs/batch-replace-definer", 200, "batch_set_definer", "jobs", 100),
]


@pytest.mark.parametrize("key,section,method,path,status,sdk,batch_field,batch_size", EXPECTED_SPECS)
def test_spec_registered(key, section, method, path, status, sdk, batch_field, batch_size):
    spec = SPECS[key]
    assert spec.section == section
    assert spec.method == method
    assert spec.path == "/v3/{project_id}" + path
    assert spec.status == status
    assert spec.sdk_method == sdk
    assert spec.batch_field == batch_field
    assert spec.batch_size == batch_size
    assert spec.body is not None and spec.response is not None
    assert spec.mutating is (key not in {"jobs.test_connections", "jobs.test_cluster_connections", "jobs.precheck_results"})


def test_sdk_method_names_exist():
    from huaweicloudsdkdrs.v3 import DrsClient as SdkClient

    for key, *_ in EXPECTED_SPECS:
        assert hasattr(SdkClient, SPECS[key].sdk_method), key


# ---------------------------------------------------------------------------
# Seed fixtures
# ---------------------------------------------------------------------------


def test_every_section_has_fixtures():
    files = fixture_files()
    for section in SECTIONS:
        assert any(f.startswith(f"{section}-req") for f in files), section
        assert any(f.startswith(f"{section}-resp") for f in files), section


@pytest.mark.parametrize("name", fixture_files())
def test_fixture_validates_and_round_trips(name: str):
    section, kind = re.match(r"(4\.1\.\d+)-(req|resp)", name).groups()
    spec = SPECS[SECTIONS[section]]
    data = load(name)
    model = spec.body if kind == "req" else spec.response
    parsed = model.model_validate(data)
    wire = parsed.to_wire()
    if name == "4.1.4-req-4.json":
        # The seed sends db_port as the string "3306"; the Endpoint model sends the integer.
        assert data["jobs"][0]["source_endpoint"]["db_port"] == "3306"
        assert wire["jobs"][0]["source_endpoint"]["db_port"] == 3306
        data["jobs"][0]["source_endpoint"]["db_port"] = 3306
    assert wire == strip_none(data)
    if kind == "resp":
        assert model.model_validate(wire) == parsed


def test_fixture_seed_spellings_are_sdk_spellings():
    job = load("4.1.1-req-1.json")["jobs"][0]
    assert "customize_sutnet_id" in job and "is_target_readonly" in job
    row = load("4.1.14-req-3.json")["jobs"][0]
    assert row["is_show_breakpoint_position"] is True


def test_fixture_cluster_property_parses_into_nodes():
    body = J.ClusterConnectionsParams.model_validate(load("4.1.3-req-1.json"))
    nodes = body.jobs[0].nodes
    assert [n.endpoint_type for n in nodes] == ["so", "so", "ls"]
    assert nodes[0].encrypt.element_id == "encrypt_switch"
    assert nodes[2].ip == "192.168.7.37:8635" and nodes[2].db_port == 0
    kafka = J.ClusterConnectionsParams.model_validate(load("4.1.3-req-2.json")).jobs[0].nodes[0]
    assert kafka.kafka_security_config.sasl_mechanism == "PLAIN"
    assert kafka.vpc_id == "f7ea6af9-dee8-456f-b3d7-0cc34b4c9cbf" and kafka.db_use_type == "sync"


def test_table_spellings_accepted_on_input_but_sdk_spellings_sent():
    raw = {k: v for k, v in load("4.1.1-req-1.json")["jobs"][0].items()
           if k not in ("customize_sutnet_id", "is_target_readonly")}
    job = J.CreateJob.model_validate({**raw, "customize_sut_net_id": SUBNET, "is_target_read_only": True})
    wire = job.to_wire()
    assert wire["customize_sutnet_id"] == SUBNET and wire["is_target_readonly"] is True
    assert "customize_sut_net_id" not in wire and "is_target_read_only" not in wire
    row = J.DeleteJob.model_validate({"job_id": JOB1, "delete_type": "terminate", "is_show_break_point_position": True})
    assert row.to_wire() == {"job_id": JOB1, "delete_type": "terminate", "is_show_breakpoint_position": True}


# ---------------------------------------------------------------------------
# Client: one test per API (method, exact path, body, parsed response)
# ---------------------------------------------------------------------------

MYSQL_JOB = {
    "name": "DRS-9228",
    "db_use_type": "migration",
    "engine_type": "mysql",
    "job_direction": "up",
    "net_type": "eip",
    "node_type": "high",
    "bind_eip": True,
    "customize_sutnet_id": SUBNET,
    "is_target_readonly": False,
    "source_endpoint": {"db_type": "mysql", "ip": "10.0.0.1", "db_port": 3306, "db_user": "root", "db_password": PASSWORD},
    "target_endpoint": {"db_type": "mysql", "region": "region-1", "inst_id": "e05a3679efe241d8b5dee80b17c1a863in01"},
}


def test_create(rec: Recorder, client: DrsClient):
    rec.reply, rec.status = load("4.1.1-resp.json"), 202
    resp = client.jobs.create([MYSQL_JOB])
    req = rec.last
    assert_request(req, "POST", f"{API}/jobs/batch-creation")
    sent = rec.sent(-1)["jobs"][0]
    assert sent["customize_sutnet_id"] == SUBNET
    assert sent["is_target_readonly"] is False
    assert sent["task_type"] == "FULL_INCR_TRANS"  # documented default is always sent
    assert sent["source_endpoint"]["db_password"] == PASSWORD  # revealed on the wire only
    assert isinstance(resp, J.CreateJobsResponse) and resp.count == 1
    row = resp.results[0]
    assert row.status is JobStatus.CREATING and row.ok
    assert row.create_time == datetime(2020, 9, 4, 3, 2, 36, 112000, tzinfo=UTC)
    assert row.create_time.tzinfo is not None


def test_create_one_and_ready_params(rec: Recorder, client: DrsClient):
    rec.reply, rec.status = load("4.1.1-resp.json"), 202
    fields = {k: v for k, v in MYSQL_JOB.items()}
    client.jobs.create_one(**fields, description="nightly copy", node_num=2, expired_days=30)
    sent = rec.sent(-1)["jobs"][0]
    assert sent["description"] == "nightly copy" and sent["node_num"] == 2
    assert sent["expired_days"] == "30"  # a string on the wire
    client.jobs.create(J.CreateJobsParams(jobs=[J.CreateJob(**MYSQL_JOB)]))
    assert rec.sent(-1)["jobs"][0]["name"] == "DRS-9228" and len(rec.requests) == 2


def test_test_connections(rec: Recorder, client: DrsClient):
    rec.reply = load("4.1.2-resp.json")
    resp = client.jobs.test_connections(
        [
            {"id": JOB1, "net_type": "eip", "db_type": "mysql", "ip": "192.168.0.27", "db_port": 3306,
             "db_user": "root", "db_password": PASSWORD, "ssl_link": False, "end_point_type": "so"},
            J.TestEndpoint(id=JOB1, net_type="eip", db_type="mysql", ip="192.168.0.131", db_port=3306,
                           db_user="root", db_password=PASSWORD, end_point_type="ta"),
        ]
    )
    assert_request(rec.last, "POST", f"{API}/jobs/batch-connection")
    assert [r["end_point_type"] for r in rec.sent(-1)["jobs"]] == ["so", "ta"]
    assert rec.sent(-1)["jobs"][0]["db_password"] == PASSWORD
    assert isinstance(resp, J.ConnectionTestResponse)
    assert resp.results[0].success is True and resp.results[0].ok
    assert resp.count == 1


def test_test_connections_defaults_to_source_endpoint(rec: Recorder, client: DrsClient):
    rec.reply = load("4.1.2-resp.json")
    client.jobs.test_connections({"id": JOB1, "net_type": "eip", "db_type": "kafka", "ip": "kafka:9092"})
    assert rec.sent(-1) == {"jobs": [{"id": JOB1, "net_type": "eip", "db_type": "kafka", "ip": "kafka:9092", "end_point_type": "so"}]}


def test_test_cluster_connections(rec: Recorder, client: DrsClient):
    rec.reply = load("4.1.3-resp.json")
    nodes = [
        {"db_type": "mongodb", "db_port": 0, "net_type": "eip", "endpoint_type": "so", "ip": "10.0.0.1:8635",
         "db_name": "admin", "db_user": "rwuser", "db_password": PASSWORD},
        J.ClusterNode(dbtype="mongodb", dbport=0, nettype="eip", endpointtype="ls", ip="10.0.0.2:8635",
                      dbName="admin", dbuser="rwuser", dbpassword=PASSWORD),
    ]
    resp = client.jobs.test_cluster_connections(job_id=JOB1, nodes=nodes)
    assert_request(rec.last, "POST", f"{API}/jobs/cluster/batch-connection")
    job = rec.sent(-1)["jobs"][0]
    assert job["action"] == "testConnection" and job["job_id"] == JOB1
    assert isinstance(job["property"], str)
    prop = json.loads(job["property"])
    assert prop[0] == {"dbtype": "mongodb", "ip": "10.0.0.1:8635", "nettype": "eip", "endpointtype": "so",
                       "dbport": 0, "ssllink": False, "dbName": "admin", "dbuser": "rwuser", "dbpassword": PASSWORD}
    assert prop[1]["endpointtype"] == "ls"
    row = resp.results[0]
    assert row.status == "true" and row.ok  # a *string* "true" in 4.1.3
    assert J.ConnectionCheckResult(status="false").ok is False


def test_modify(rec: Recorder, client: DrsClient):
    rec.reply = load("4.1.4-resp.json")
    resp = client.jobs.modify(job_id=JOB1, name="testName", description="test description", is_target_readonly=True)
    assert_request(rec.last, "PUT", f"{API}/jobs/batch-modification")
    assert rec.sent(-1) == {"jobs": [{"job_id": JOB1, "name": "testName", "description": "test description",
                                      "is_target_readonly": True}]}
    assert isinstance(resp, BatchResponse) and resp.results[0].status is BatchStatus.SUCCESS
    client.jobs.modify([{"job_id": JOB2, "alarm_notify": {"delay_time": 60, "subscriptions": [
        {"protocol": "email", "endpoints": ["ops@example.com"]}]}}])
    assert rec.sent(-1)["jobs"][0]["alarm_notify"] == {"delay_time": 60, "subscriptions": [
        {"endpoints": ["ops@example.com"], "protocol": "email"}]}


def test_select_objects(rec: Recorder, client: DrsClient):
    rec.reply, rec.status = load("4.1.5-resp.json"), 202
    resp = client.jobs.select_objects(
        job_id=JOB1,
        objects=[
            {"id": "shop", "object_type": "database", "object_name": "shop", "select": "partial"},
            J.DbObject(id="shop-*-*-orders", parent_id="shop", object_type="table", object_name="orders", select=True),
        ],
    )
    assert_request(rec.last, "PUT", f"{API}/jobs/batch-select-objects")
    job = rec.sent(-1)["jobs"][0]
    assert job["selected"] is True
    assert [o["select"] for o in job["job"]] == ["partial", "true"]  # strings on the wire
    assert resp.all_counts == 1 and resp.results[0].status is True and resp.results[0].ok
    client.jobs.select_objects(job_id=JOB2)
    assert rec.sent(-1) == {"jobs": [{"job_id": JOB2, "selected": False, "job": []}]}


def test_precheck(rec: Recorder, client: DrsClient):
    rec.reply = load("4.1.6-resp.json")
    resp = client.jobs.precheck([JOB1])
    assert_request(rec.last, "POST", f"{API}/jobs/batch-precheck",
                   body={"jobs": [{"job_id": JOB1, "precheck_mode": "forStartJob"}]})
    assert resp.results[0].precheck_id == JOB1 and resp.results[0].status is BatchStatus.SUCCESS
    client.jobs.precheck(JOB1, mode="forRetryJob")
    assert rec.sent(-1)["jobs"][0]["precheck_mode"] == "forRetryJob"


def test_precheck_results(rec: Recorder, client: DrsClient):
    rec.reply = load("4.1.7-resp-2.json")
    resp = client.jobs.precheck_results(iter(["a281f62f-4631-45d6-a2d3-679a9f4jb105"]))
    assert_request(rec.last, "POST", f"{API}/jobs/batch-precheck-result",
                   body={"jobs": ["a281f62f-4631-45d6-a2d3-679a9f4jb105"]})
    summary = resp.results[0]
    assert isinstance(summary, J.PrecheckSummary)
    assert summary.result is True and summary.job_direction is JobDirection.UP
    assert summary.process_percent == 100.0 and summary.passed_rate_percent == 100.0 and summary.finished
    assert len(summary.precheck_result) == 27
    alarms = summary.alarm_items
    assert [a.item for a in alarms] == ["srcCollHasTtlIndex", "srcShardKeyConfiguration"]
    assert alarms[0].result is J.PrecheckItemResult.ALARM and alarms[0].failed_reason == "SRC_HAS_TTL_INDEXES"
    assert summary.failed_items == []
    assert json.loads(alarms[1].data)["notConfigShardIndexColls"].startswith("ycsb.usertable")


def test_precheck_summary_percent_properties():
    s = J.PrecheckSummary(process="40%", total_passed_rate="87.5%")
    assert s.process_percent == 40.0 and s.passed_rate_percent == 87.5 and not s.finished
    assert J.PrecheckSummary().process_percent is None
    item = J.PrecheckItem.model_validate(
        {"item": "x", "result": "FAILED", "failed_sub_jobs": [{"id": "a", "name": "sub", "check_result": "FAILED"}]}
    )
    assert item.failed_sub_jobs[0].name == "sub" and not item.passed


def test_set_speed_limits(rec: Recorder, client: DrsClient):
    rec.reply = load("4.1.8-resp.json")
    resp = client.jobs.set_speed_limits(
        [JOB1, JOB2], [("01:00", "03:59", 15), {"begin": "22:00", "end": "00:59", "speed": "100", "is_utc": True}]
    )
    assert_request(rec.last, "PUT", f"{API}/jobs/batch-limit-speed")
    windows = [{"begin": "01:00", "end": "03:59", "speed": "15"},
               {"begin": "22:00", "end": "00:59", "speed": "100", "is_utc": True}]
    assert rec.sent(-1) == {"speed_limits": [{"job_id": JOB1, "speed_limit": windows}, {"job_id": JOB2, "speed_limit": windows}]}
    assert resp.results[0].ok
    client.jobs.set_speed_limits(JOB1, [J.ALL_DAY + ("15",)])
    assert rec.sent(-1) == {"speed_limits": [{"job_id": JOB1, "speed_limit": [{"begin": "16:00", "end": "15:59", "speed": "15"}]}]}
    client.jobs.remove_speed_limits([JOB1])
    assert rec.sent(-1) == {"speed_limits": [{"job_id": JOB1, "speed_limit": []}]}
    client.jobs.set_speed_limits(limits=[{"job_id": JOB2, "speed_limit": []}])
    assert rec.sent(-1) == {"speed_limits": [{"job_id": JOB2, "speed_limit": []}]}


def test_start(rec: Recorder, client: DrsClient):
    rec.reply, rec.status = load("4.1.11-resp.json"), 202
    resp = client.jobs.start([JOB1])
    assert_request(rec.last, "POST", f"{API}/jobs/batch-starting",
                   body={"jobs": [{"job_id": JOB1}]})  # no start_time = start now
    assert resp.results[0].status is BatchStatus.SUCCESS
    when = datetime(2020, 12, 17, 7, 8, 23, 63000, tzinfo=UTC)
    client.jobs.start([JOB1, JOB2], start_time=when)
    assert rec.sent(-1) == {"jobs": [{"job_id": JOB1, "start_time": "1608188903063"},
                                     {"job_id": JOB2, "start_time": "1608188903063"}]}
    client.jobs.start(JOB1, start_time=1608188903063, is_auto_create_compare=False)
    assert rec.sent(-1) == {"jobs": [{"job_id": JOB1, "start_time": "1608188903063", "is_auto_create_compare": False}]}


def test_resume(rec: Recorder, client: DrsClient):
    rec.reply = load("4.1.12-resp.json")
    resp = client.jobs.resume([JOB1])
    assert_request(rec.last, "POST", f"{API}/jobs/batch-retry-task", body={"jobs": [{"job_id": JOB1}]})
    assert resp.results[0].id == JOB1
    client.jobs.retry(JOB1, is_sync_re_edit=True)
    assert rec.sent(-1) == {"jobs": [{"job_id": JOB1, "is_sync_re_edit": True}]}


def test_pause(rec: Recorder, client: DrsClient):
    rec.reply = load("4.1.13-resp.json")
    resp = client.jobs.pause([JOB2])
    assert_request(rec.last, "POST", f"{API}/jobs/batch-pause-task",
                   body={"jobs": [{"job_id": JOB2, "pause_mode": "target"}]})
    assert resp.results[0].ok
    client.jobs.pause(JOB2, mode="all")
    assert rec.sent(-1)["jobs"][0]["pause_mode"] == "all"


def test_stop_is_a_delete_with_a_json_body(rec: Recorder, client: DrsClient):
    rec.reply, rec.status = load("4.1.14-resp-1.json"), 202
    a, b = "4c6ac8c0-2f51-426a-97b2-cb2c668jb201", "6211d20d-0006-41da-836e-db3301ajb20b"
    resp = client.jobs.stop([a, b])
    req = rec.last
    assert_request(req, "DELETE", f"{API}/jobs/batch-jobs")
    assert req.headers["content-type"] == "application/json"
    assert rec.sent(-1) == {"jobs": [{"job_id": a, "delete_type": "terminate"}, {"job_id": b, "delete_type": "terminate"}]}
    assert resp.count == 2
    ok, failed = resp.results
    assert ok.ok and not failed.ok
    assert failed.status is BatchStatus.FAILED and failed.error_code == "DRS.M01504"
    client.jobs.stop(b, force=True, show_breakpoint=True)
    assert rec.sent(-1) == {"jobs": [{"job_id": b, "delete_type": "force_terminate", "is_show_breakpoint_position": True}]}


def test_delete(rec: Recorder, client: DrsClient):
    rec.reply, rec.status = load("4.1.14-resp-2.json"), 202
    resp = client.jobs.delete([JOB1])
    assert_request(rec.last, "DELETE", f"{API}/jobs/batch-jobs",
                   body={"jobs": [{"job_id": JOB1, "delete_type": "delete"}]})
    assert resp.results[0].ok


def test_reset_passwords(rec: Recorder, client: DrsClient):
    rec.reply = load("4.1.15-resp.json")
    resp = client.jobs.reset_passwords(job_id=JOB1, source_password=PASSWORD, target_password="other-pass")
    assert_request(rec.last, "PUT", f"{API}/jobs/batch-modify-pwd")
    assert rec.sent(-1) == {"jobs": [
        {"job_id": JOB1, "end_point_type": "so", "db_password": PASSWORD},
        {"job_id": JOB1, "end_point_type": "ta", "db_password": "other-pass"},
    ]}
    assert [r.end_point_type for r in resp.results] == [EndpointType.SOURCE, EndpointType.TARGET]
    assert all(r.ok for r in resp.results)
    client.jobs.reset_passwords(
        [{"job_id": JOB2, "end_point_type": "ta", "db_password": PASSWORD,
          "kerberos": {"domain_name": "EXAMPLE.COM", "key_tab_file": "a2V5dGFi"}}]
    )
    assert rec.sent(-1)["jobs"][0]["kerberos"] == {"domain_name": "EXAMPLE.COM", "key_tab_file": "a2V5dGFi"}


def test_set_definer(rec: Recorder, client: DrsClient):
    rec.reply = load("4.1.16-resp.json")
    resp = client.jobs.set_definer(["7c685701-bfb5-4bb9-89f1-d0567f5jb502"])
    assert_request(rec.last, "POST", f"{API}/jobs/batch-replace-definer",
                   body={"jobs": [{"job_id": "7c685701-bfb5-4bb9-89f1-d0567f5jb502", "replace_definer": True}]})
    assert resp.results[0].ok
    client.jobs.set_definer(JOB1, replace_definer=False)
    assert rec.sent(-1) == {"jobs": [{"job_id": JOB1, "replace_definer": False}]}


def test_headers_and_token(rec: Recorder, client: DrsClient):
    rec.reply = load("4.1.16-resp.json")
    client.jobs.set_definer(JOB1)
    assert rec.last.headers["x-auth-token"] == "tok"
    assert rec.last.headers["x-language"] == "en-us"


def test_id_list_methods_go_through_the_batching_core(monkeypatch, rec: Recorder, client: DrsClient):
    seen: list[str] = []
    original = client.request_batched

    def spy(spec, **kw):
        seen.append(spec.key)
        return original(spec, **kw)

    monkeypatch.setattr(client, "request_batched", spy)
    rec.reply = {}
    client.jobs.precheck([JOB1])
    client.jobs.precheck_results([JOB1])
    client.jobs.start([JOB1])
    client.jobs.resume([JOB1])
    client.jobs.pause([JOB1])
    client.jobs.stop([JOB1])
    client.jobs.delete([JOB1])
    client.jobs.set_definer([JOB1])
    client.jobs.set_speed_limits([JOB1], [])
    assert seen == ["jobs.precheck", "jobs.precheck_results", "jobs.start", "jobs.resume", "jobs.pause",
                    "jobs.stop_or_delete", "jobs.stop_or_delete", "jobs.set_definer", "jobs.set_speed_limits"]


def test_ids_list():
    assert ids_list(JOB1) == [JOB1]
    assert ids_list(i for i in (JOB1, JOB2)) == [JOB1, JOB2]
    assert ids_list({JOB1: 1}) == [JOB1]


# ---------------------------------------------------------------------------
# Async client
# ---------------------------------------------------------------------------


async def test_async_create_and_precheck_results():
    rec = Recorder(load("4.1.1-resp.json"), 202)
    async with async_client(rec) as client:
        resp = await client.jobs.create([MYSQL_JOB])
        assert_request(rec.last, "POST", f"{API}/jobs/batch-creation")
        assert resp.results[0].status is JobStatus.CREATING
        rec.reply, rec.status = load("4.1.7-resp-1.json"), 200
        results = await client.jobs.precheck_results([JOB1])
        assert rec.sent(-1) == {"jobs": [JOB1]}
        summary = results.results[0]
        assert len(summary.precheck_result) == 39 and all(i.passed for i in summary.precheck_result)


async def test_async_stop_and_speed_limits():
    rec = Recorder(load("4.1.14-resp-2.json"), 202)
    async with async_client(rec) as client:
        resp = await client.jobs.stop([JOB1], force=True)
        assert rec.last.method == "DELETE"
        assert rec.sent(-1) == {"jobs": [{"job_id": JOB1, "delete_type": "force_terminate"}]}
        assert resp.results[0].ok
        rec.reply, rec.status = load("4.1.8-resp.json"), 200
        await client.jobs.set_speed_limits([JOB1], [("16:00", "15:59", "15")])
        assert rec.last.method == "PUT"
        assert rec.sent(-1)["speed_limits"][0]["speed_limit"] == [{"begin": "16:00", "end": "15:59", "speed": "15"}]


async def test_async_validation_error_sends_nothing():
    rec = Recorder()
    async with async_client(rec) as client:
        with pytest.raises(ValidationError):
            await client.jobs.pause([JOB1], mode="sometimes")
    assert rec.requests == []


# ---------------------------------------------------------------------------
# Validation: every documented constraint rejects bad input before sending
# ---------------------------------------------------------------------------


def _job(**over: Any) -> dict[str, Any]:
    job = {k: v for k, v in MYSQL_JOB.items()}
    job.update(over)
    return {k: v for k, v in job.items() if v is not ...}


DR_JOB = dict(
    MYSQL_JOB, db_use_type="cloudDataGuard", engine_type="cloudDataGuard-mysql", multi_write=False,
    is_target_readonly=True,
)

BAD_CREATE = {
    "name too short": _job(name="abc"),
    "name too long": _job(name="a" * 51),
    "name starts with digit": _job(name="9task"),
    "name bad char": _job(name="task name"),
    "description too long": _job(description="x" * 257),
    "description forbidden char": _job(description="a <b> c"),
    "tags over 20": _job(tags=[{"key": f"k{i}", "value": "v"} for i in range(21)]),
    "tag key chars": _job(tags=[{"key": "bad key", "value": "v"}]),
    "tag value chars": _job(tags=[{"key": "k", "value": "a/b"}]),
    "tag key over 36": _job(tags=[{"key": "k" * 37, "value": "v"}]),
    "tag value over 43": _job(tags=[{"key": "k", "value": "v" * 44}]),
    "node_num 0": _job(node_num=0),
    "node_num 33": _job(node_num=33),
    "expired_days 13": _job(expired_days="13"),
    "expired_days 101": _job(expired_days=101),
    "expired_days text": _job(expired_days="two weeks"),
    "sys_tags wrong key": _job(sys_tags=[{"key": "project", "value": "0"}]),
    "sys_tags two": _job(sys_tags=[{"key": "_sys_enterprise_project_id", "value": "0"}] * 2),
    "subnet not uuid": _job(customize_sutnet_id="subnet-1"),
    "unknown engine": _job(engine_type="mysql-to-nowhere"),
    "unknown db_use_type": _job(db_use_type="copy"),
    "unknown node_type": _job(node_type="huge"),
    "unknown net_type": _job(net_type="lan"),
    "unknown direction": _job(job_direction="sideways"),
    "unknown task_type": _job(task_type="HALF_TRANS"),
    "eip without bind_eip": _job(bind_eip=False),
    "eip bind_eip missing": _job(bind_eip=...),
    "missing name": _job(name=...),
    "missing subnet": _job(customize_sutnet_id=...),
    "unknown field": _job(colour="blue"),
    "public ip bad type": _job(public_ip_list=[{"id": "e1", "public_ip": "1.2.3.4", "type": "backup"}]),
    "DR over vpc": dict(DR_JOB, net_type="vpc"),
    "DR without multi_write": {k: v for k, v in DR_JOB.items() if k != "multi_write"},
    "single-active DR full only": dict(DR_JOB, task_type="FULL_TRANS"),
    "period without order": dict(DR_JOB, charging_mode="period"),
    "period for migration": _job(charging_mode="period", period_order={"period_type": 2, "period_num": 1}),
    "period_type 4": dict(DR_JOB, charging_mode="period", period_order={"period_type": 4, "period_num": 1}),
    "unknown charging mode": _job(charging_mode="free"),
    "endpoint port": _job(source_endpoint={"db_type": "mysql", "db_port": 70000}),
    "endpoint db_name chars": _job(source_endpoint={"db_type": "mysql", "db_name": "it's"}),
    "endpoint db_name over 128": _job(target_endpoint={"db_type": "mysql", "db_name": "d" * 129}),
}


@pytest.mark.parametrize("job", list(BAD_CREATE.values()), ids=list(BAD_CREATE))
def test_create_rejects(job: dict[str, Any]):
    assert_rejected(lambda client: client.jobs.create([job]))


def test_create_valid_variants_pass():
    assert J.CreateJob(**DR_JOB).multi_write is False
    J.CreateJob(**dict(DR_JOB, multi_write=True, task_type="FULL_TRANS"))  # dual-active DR may choose
    J.CreateJob(**dict(DR_JOB, charging_mode="period", period_order={"period_type": 3, "period_num": 1}))
    job = J.CreateJob(**_job(net_type="vpn", bind_eip=..., expired_days=14, tags=[{"key": "k", "value": "v"}] * 20))
    assert job.expired_days == "14" and job.bind_eip is None


def test_create_rejects_empty_list():
    assert_rejected(lambda client: client.jobs.create([]))


TEST_ROW = {"id": JOB1, "net_type": "eip", "db_type": "mysql", "ip": "10.0.0.1", "db_port": 3306,
            "db_user": "root", "db_password": PASSWORD, "end_point_type": "so"}

BAD_TEST_ROWS = {
    "id not a task id": dict(TEST_ROW, id="not-an-id"),
    "missing ip": {k: v for k, v in TEST_ROW.items() if k != "ip"},
    "mysql without user": {k: v for k, v in TEST_ROW.items() if k != "db_user"},
    "mysql without password": {k: v for k, v in TEST_ROW.items() if k != "db_password"},
    "mongo port not 0": dict(TEST_ROW, db_type="mongodb", db_port=8635),
    "ssl without cert": dict(TEST_ROW, ssl_link=True),
    "vpc without vpc_id": dict(TEST_ROW, net_type="vpc"),
    "end_point_type xx": dict(TEST_ROW, end_point_type="xx"),
    "unknown db_type": dict(TEST_ROW, db_type="db2"),
    "port out of range": dict(TEST_ROW, db_port=65536),
    "unknown field": dict(TEST_ROW, password="x"),
}


@pytest.mark.parametrize("row", list(BAD_TEST_ROWS.values()), ids=list(BAD_TEST_ROWS))
def test_test_connections_rejects(row: dict[str, Any]):
    assert_rejected(lambda client: client.jobs.test_connections([row]))


def test_test_connections_ssl_and_vpc_complete_pass():
    row = J.TestEndpoint(**dict(TEST_ROW, ssl_link=True, ssl_cert_key="Y2VydA==", ssl_cert_name="ca.pem",
                                ssl_cert_check_sum="abc", net_type="vpc", vpc_id="v", subnet_id="s"))
    assert row.to_wire()["ssl_cert_check_sum"] == "abc" and row.to_wire()["ssl_cert_key"] == "Y2VydA=="


NODE = {"dbtype": "mongodb", "dbport": 0, "nettype": "eip", "endpointtype": "so", "ip": "10.0.0.1:8635",
        "dbName": "admin", "dbuser": "rwuser", "dbpassword": PASSWORD}

BAD_CLUSTER = {
    "property not json": {"job_id": JOB1, "property": "[{dbtype:mongodb"},
    "property not array": {"job_id": JOB1, "property": json.dumps(NODE)},
    "property empty": {"job_id": JOB1, "property": "[]"},
    "node bad nettype": {"job_id": JOB1, "property": json.dumps([dict(NODE, nettype="lan")])},
    "node bad endpointtype": {"job_id": JOB1, "property": json.dumps([dict(NODE, endpointtype="xx")])},
    "node typo key": {"job_id": JOB1, "property": json.dumps([dict(NODE, dbPassword="x")])},
    "node mongo port": {"job_id": JOB1, "nodes": [dict(NODE, dbport=8635)]},
    "node missing ip": {"job_id": JOB1, "nodes": [{k: v for k, v in NODE.items() if k != "ip"}]},
    "nodes and property": {"job_id": JOB1, "nodes": [NODE], "property": json.dumps([NODE])},
    "bad job id": {"job_id": "x", "nodes": [NODE]},
    "empty action": {"job_id": JOB1, "action": "", "nodes": [NODE]},
}


@pytest.mark.parametrize("row", list(BAD_CLUSTER.values()), ids=list(BAD_CLUSTER))
def test_test_cluster_connections_rejects(row: dict[str, Any]):
    assert_rejected(lambda client: client.jobs.test_cluster_connections([row]))


def test_cluster_job_keeps_raw_property_string():
    raw = json.dumps([NODE])
    job = J.ClusterConnectionJob(job_id=JOB1, property=raw)
    assert job.property_json.get_secret_value() == raw
    assert job.to_wire() == {"action": "testConnection", "job_id": JOB1, "property": raw}
    assert job.nodes[0].db_password.get_secret_value() == PASSWORD


BAD_MODIFY = {
    "nothing to change": {"job_id": JOB1},
    "bad name": {"job_id": JOB1, "name": "x"},
    "bad description": {"job_id": JOB1, "description": "a&b"},
    "delay over 3600": {"job_id": JOB1, "alarm_notify": {"delay_time": 3601}},
    "negative rpo": {"job_id": JOB1, "alarm_notify": {"rpo_delay": -1}},
    "three subscriptions": {"job_id": JOB1, "alarm_notify": {"subscriptions": [{"protocol": "sms"}] * 3}},
    "eleven endpoints": {"job_id": JOB1, "alarm_notify": {"subscriptions": [{"protocol": "sms", "endpoints": ["1"] * 11}]}},
    "protocol fax": {"job_id": JOB1, "alarm_notify": {"subscriptions": [{"protocol": "fax"}]}},
    "unknown task_type": {"job_id": JOB1, "task_type": "ALL"},
    "sync_mode not a field": {"job_id": JOB1, "sync_mode": "full"},
    "tags over 20": {"job_id": JOB1, "tags": [{"key": "k", "value": "v"}] * 21},
    "tag key chars": {"job_id": JOB1, "tags": [{"key": "bad key", "value": "v"}]},
    "endpoint port": {"job_id": JOB1, "source_endpoint": {"db_port": 65536}},
    "endpoint db_name chars": {"job_id": JOB1, "target_endpoint": {"db_name": 'a"b'}},
}


@pytest.mark.parametrize("row", list(BAD_MODIFY.values()), ids=list(BAD_MODIFY))
def test_modify_rejects(row: dict[str, Any]):
    assert_rejected(lambda client: client.jobs.modify([row]))


def test_modify_rejects_duplicate_jobs():
    assert_rejected(
        lambda client: client.jobs.modify([{"job_id": JOB1, "name": "first"}, {"job_id": JOB1, "name": "second"}]),
        match="more than once",
    )


BAD_SELECT = {
    "select maybe": {"job_id": JOB1, "selected": True, "job": [{"id": "db", "object_type": "database", "select": "maybe"}]},
    "table without parent": {"job_id": JOB1, "selected": True,
                             "job": [{"id": "db-*-*-t", "object_type": "table", "select": "true"}]},
    "unknown object type": {"job_id": JOB1, "selected": True, "job": [{"id": "x", "object_type": "index"}]},
    "selected without objects": {"job_id": JOB1, "selected": True, "job": []},
    "bad id": {"job_id": "nope", "selected": False},
}


@pytest.mark.parametrize("row", list(BAD_SELECT.values()), ids=list(BAD_SELECT))
def test_select_objects_rejects(row: dict[str, Any]):
    assert_rejected(lambda client: client.jobs.select_objects([row]))


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.jobs.precheck([JOB1], mode="forEver"),
        lambda c: c.jobs.precheck([JOB1, JOB1]),
        lambda c: c.jobs.precheck([]),
        lambda c: c.jobs.precheck_results([]),
        lambda c: c.jobs.precheck_results([JOB1, JOB1]),
        lambda c: c.jobs.precheck_results(["not-a-uuid"]),
        lambda c: c.jobs.start([JOB1], start_time="tomorrow"),
        lambda c: c.jobs.start([]),
        lambda c: c.jobs.start(["bad id"]),
        lambda c: c.jobs.resume([JOB1, JOB1]),
        lambda c: c.jobs.pause([JOB1], mode="half"),
        lambda c: c.jobs.stop(["x"]),
        lambda c: c.jobs.delete([JOB2, JOB2]),
        lambda c: c.jobs.set_definer([JOB1], replace_definer=None),
        lambda c: c.jobs.set_definer([]),
    ],
    ids=["precheck mode", "precheck dup", "precheck empty", "results empty", "results dup", "results bad id",
         "start_time text", "start empty", "start bad id", "resume dup", "pause mode", "stop bad id", "delete dup",
         "definer missing flag", "definer empty"],
)
def test_id_list_actions_reject(call):
    assert_rejected(call)


@pytest.mark.parametrize("delete_type", ["remove", "TERMINATE_ALL", ""])
def test_delete_type_is_an_enum(delete_type: str):
    with pytest.raises(ValidationError, match="terminate"):
        J.StopOrDeleteParams(jobs=[{"job_id": JOB1, "delete_type": delete_type}])
    assert J.DeleteJob(job_id=JOB1, delete_type="roll_back_upgrade_active_standby").delete_type.known


BAD_WINDOWS = {
    "begin minutes": [("01:30", "02:59", 10)],
    "begin hour 24": [("24:00", "02:59", 10)],
    "begin no colon": [("0100", "02:59", 10)],
    "end not :59": [("01:00", "03:00", 10)],
    "end hour 25": [("01:00", "25:59", 10)],
    "speed 0": [("01:00", "02:59", 0)],
    "speed 10000": [("01:00", "02:59", "10000")],
    "speed text": [("01:00", "02:59", "fast")],
    "speed fraction": [("01:00", "02:59", "1.5")],
    "eleven windows": [(f"{h:02d}:00", f"{h:02d}:59", 5) for h in range(11)],
    "overlap": [("01:00", "04:59", 10), ("04:00", "05:59", 20)],
    "overlap across midnight": [("22:00", "01:59", 10), ("01:00", "01:59", 20)],
    "all day plus another": [("16:00", "15:59", 10), ("03:00", "03:59", 20)],
    "same window twice": [("01:00", "01:59", 10), ("01:00", "01:59", 10)],
}


@pytest.mark.parametrize("windows", list(BAD_WINDOWS.values()), ids=list(BAD_WINDOWS))
def test_speed_limits_reject(windows):
    assert_rejected(lambda client: client.jobs.set_speed_limits([JOB1], windows))


def test_speed_limits_reject_duplicate_jobs_and_empty():
    assert_rejected(lambda client: client.jobs.set_speed_limits([JOB1, JOB1], []), match="more than once")
    assert_rejected(lambda client: client.jobs.set_speed_limits([], []))


def test_speed_windows_accept_ten_adjacent_windows_and_wrap():
    windows = [J.SpeedWindow(begin=f"{h:02d}:00", end=f"{h:02d}:59", speed=h + 1) for h in range(10)]
    limit = J.SpeedLimit(job_id=JOB1, speed_limit=windows)
    assert len(limit.speed_limit) == 10 and limit.speed_limit[0].speed == "1"
    assert J.SpeedWindow(begin="16:00", end="15:59", speed="15").hours == [*range(16, 24), *range(0, 16)]
    assert J.SpeedWindow(begin="22:00", end="01:59", speed="1").hours == [22, 23, 0, 1]
    assert J.SpeedWindow(begin="03:00", end="03:59", speed="9999").hours == [3]


BAD_PASSWORDS = {
    "bad end point": [{"job_id": JOB1, "end_point_type": "src", "db_password": PASSWORD}],
    "empty password": [{"job_id": JOB1, "end_point_type": "so", "db_password": ""}],
    "missing password": [{"job_id": JOB1, "end_point_type": "so"}],
    "two source rows": [{"job_id": JOB1, "end_point_type": "so", "db_password": "a1234"},
                        {"job_id": JOB1, "end_point_type": "so", "db_password": "b1234"}],
    "bad job id": [{"job_id": "nope", "end_point_type": "so", "db_password": PASSWORD}],
    "empty": [],
}


@pytest.mark.parametrize("rows", list(BAD_PASSWORDS.values()), ids=list(BAD_PASSWORDS))
def test_reset_passwords_rejects(rows):
    assert_rejected(lambda client: client.jobs.reset_passwords(rows))


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.jobs.reset_passwords(job_id=JOB1),
        lambda c: c.jobs.modify(),
        lambda c: c.jobs.test_cluster_connections(job_id=JOB1),
        lambda c: c.jobs.set_speed_limits([JOB1]),
        lambda c: c.jobs.select_objects(),
    ],
    ids=["passwords without any", "modify nothing", "cluster without nodes", "speed without windows", "select nothing"],
)
def test_convenience_argument_errors_send_nothing(call):
    assert_rejected(call, ValueError)


# ---------------------------------------------------------------------------
# Tolerant responses
# ---------------------------------------------------------------------------


def test_unknown_enum_values_are_kept_and_unknown_fields_ignored():
    resp = J.CreateJobsResponse.model_validate(
        {"results": [{"id": JOB1, "status": "BRAND_NEW_STATE", "create_time": "1599188556112", "shiny": 1}], "count": 1,
         "extra": {"a": 1}}
    )
    row = resp.results[0]
    assert row.status == "BRAND_NEW_STATE" and not row.status.known
    assert not hasattr(row, "shiny")
    assert resp.to_wire()["results"][0]["status"] == "BRAND_NEW_STATE"
    item = J.PrecheckItem.model_validate({"item": "x", "result": "SKIPPED"})
    assert item.result == "SKIPPED" and not item.result.known
    summary = J.PrecheckSummary.model_validate({"job_direction": "lateral", "precheck_result": [{"result": "ALARM"}]})
    assert summary.job_direction == "lateral" and summary.alarm_items[0].result is J.PrecheckItemResult.ALARM
    pwd = J.PasswordResetResult.model_validate({"status": "partial", "end_point_type": "ls"})
    assert pwd.status == "partial" and not pwd.ok and pwd.end_point_type == "ls"
    sel = J.SelectObjectsResponse.model_validate({"results": [{"job_id": JOB1, "status": False, "error_code": "DRS.X"}]})
    assert sel.all_counts is None and not sel.results[0].ok


def test_responses_constructible_from_python_values():
    resp = J.CreateJobsResponse(results=[J.CreateJobResult(id=JOB1, name="n", status=JobStatus.CREATING,
                                                           create_time=datetime(2024, 1, 1, tzinfo=UTC))], count=1)
    wire = resp.to_wire()
    assert wire["results"][0]["create_time"] == "1704067200000"
    assert J.CreateJobsResponse.model_validate(wire) == resp
    summary = J.PrecheckResultsResponse(results=[J.PrecheckSummary(precheck_id=JOB1, result=False, process="50%",
                                                                   precheck_result=[J.PrecheckItem(item="a", result="FAILED")])])
    assert J.PrecheckResultsResponse.model_validate(summary.to_wire()) == summary


# ---------------------------------------------------------------------------
# Secrets
# ---------------------------------------------------------------------------


def _assert_hidden(model: Any) -> None:
    assert PASSWORD not in repr(model)
    assert PASSWORD not in str(model)
    assert PASSWORD not in json.dumps(model.model_dump(mode="json"))
    assert PASSWORD not in str(model.model_dump())
    assert PASSWORD in json.dumps(model.to_wire())


def test_secrets_masked_in_create_and_test_requests():
    _assert_hidden(J.CreateJobsParams(jobs=[MYSQL_JOB]))
    _assert_hidden(J.TestConnectionsParams(jobs=[TEST_ROW]))
    _assert_hidden(J.TestEndpoint(**dict(TEST_ROW, db_password="x1234", ssl_link=True, ssl_cert_key=PASSWORD,
                                         ssl_cert_name="a", ssl_cert_check_sum="b")))


def test_secrets_masked_in_cluster_property():
    job = J.ClusterConnectionJob.model_validate({"job_id": JOB1, "nodes": [NODE]})
    _assert_hidden(job)
    _assert_hidden(J.ClusterConnectionsParams(jobs=[job]))
    _assert_hidden(job.nodes[0])


def test_secrets_masked_in_password_reset():
    _assert_hidden(J.ResetPasswordsParams(jobs=[{"job_id": JOB1, "end_point_type": "so", "db_password": PASSWORD}]))
    _assert_hidden(J.PasswordReset(job_id=JOB1, end_point_type="ta", db_password="x1234",
                                   kerberos={"key_tab_file": PASSWORD}))


def test_validation_errors_do_not_echo_passwords():
    with pytest.raises(ValidationError) as err:
        J.ResetPasswordsParams(jobs=[{"job_id": "bad", "end_point_type": "so", "db_password": PASSWORD}])
    assert PASSWORD not in str(err.value)
    with pytest.raises(ValidationError) as err:
        J.ClusterConnectionJob.model_validate({"job_id": JOB1, "property": json.dumps([dict(NODE, nettype="lan")])})
    assert PASSWORD not in str(err.value)


def test_precheck_results_body_is_the_shared_ids_model():
    assert SPECS["jobs.precheck_results"].body is JobIdsParams


# ---------------------------------------------------------------------------
# Wire names agree with the official SDK's attribute_map
# ---------------------------------------------------------------------------

SDK_PAIRS = [
    (J.CreateJobsParams, "BatchCreateJobReq"),
    (J.CreateJob, "CreateJobReq"),
    (J.PublicIp, "PublicIpConfig"),
    (J.PeriodOrder, "PeriodOrderInfo"),
    (J.CreateJobResult, "CreateJobResp"),
    (J.CreateJobsResponse, "BatchCreateJobsResponse"),
    (J.TestEndpoint, "TestEndPoint"),
    (J.CustomizedDns, "CustomizedDns"),
    (J.ConnectionCheckResult, "CheckJobResp"),
    (J.ClusterConnectionJob, "BatchJobActionReq"),
    (J.ModifyJob, "ModifyJobReq"),
    (J.AlarmNotify, "AlarmNotifyInfo"),
    (J.AlarmSubscription, "SubscriptionInfo"),
    (J.SelectObjectsJob, "UpdateDatabaseObjectReq"),
    (J.DbObject, "DatabaseInfo"),
    (J.SelectObjectsResult, "DatabaseObjectResp"),
    (J.SelectObjectsResponse, "BatchSetObjectsResponse"),
    (J.PrecheckJob, "PreCheckInfo"),
    (J.PrecheckStartResult, "PostPreCheckResp"),
    (J.PrecheckSummary, "QueryPreCheckResp"),
    (J.PrecheckItem, "PrecheckResult"),
    (J.PrecheckFailedSubJob, "PrecheckFailSubJobVO"),
    (J.SpeedLimitsParams, "BatchLimitSpeedReq"),
    (J.SpeedLimit, "LimitSpeedReq"),
    (J.SpeedWindow, "SpeedLimitInfo"),
    (J.StartJob, "StartInfo"),
    (J.RetryJob, "RetryInfo"),
    (J.PauseJob, "PauseInfo"),
    (J.DeleteJob, "DeleteJobReq"),
    (J.PasswordReset, "ModifyPwdEndPoint"),
    (J.PasswordResetResult, "ModifyDbPwdResp"),
    (J.DefinerJob, "ReplaceDefinerInfo"),
]


@pytest.mark.parametrize("model,sdk_name", SDK_PAIRS, ids=[p[1] for p in SDK_PAIRS])
def test_wire_names_match_sdk(model, sdk_name: str):
    assert_sdk_wire_names(model, sdk_name)
