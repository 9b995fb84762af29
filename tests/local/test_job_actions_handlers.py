"""Local DRS task actions (seed 4.1.1–4.1.16) through the drstui client, raw signed requests and the SDK."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from drstui.api.auth import AkSkAuth
from drstui.api.errors import BadRequestError
from drstui.api.models.enums import JobStatus
from drstui.local import lifecycle
from drstui.local.factory import new_job

from ..conftest import OTHER_PROJECT_ID, PROJECT_ID

SUBNET = "352ad828-3467-4f03-987a-c55a5a9dd417"
TARGET_INST = "e05a3679efe241d8b5dee80b17c1a863in01"
SRC_PWD = "Src!Pass-7731"
TGT_PWD = "Tgt!Pass-1904"
UNKNOWN = "9a470239-2308-4bb5-a6bc-1040402fjb21"
PRECHECK_DONE = 11  # simulated seconds after which a pre-check has finished
PARAM_BODY = {"group": "common", "params": [{"key": "max_connections", "target_value": "9"}]}


def job_body(name: str = "orders-migr-01", **kw: Any) -> dict[str, Any]:
    body = {
        "name": name,
        "db_use_type": "migration",
        "engine_type": "mysql",
        "job_direction": "up",
        "net_type": "eip",
        "bind_eip": True,
        "node_type": "high",
        "task_type": "FULL_INCR_TRANS",
        "customize_sutnet_id": SUBNET,
        "source_endpoint": {"db_type": "mysql"},
        "target_endpoint": {"db_type": "mysql", "region": "cn-north-4", "inst_id": TARGET_INST},
        "is_target_readonly": True,
    }
    body.update(kw)
    return body


def dr_body(name: str = "orders-dr-01", **kw: Any) -> dict[str, Any]:
    return job_body(name, db_use_type="cloudDataGuard", engine_type="cloudDataGuard-mysql", multi_write=False, **kw)


def conn_rows(job_id: str, src_pwd: str = SRC_PWD, tgt_pwd: str = TGT_PWD) -> list[dict[str, Any]]:
    common = {"id": job_id, "net_type": "eip", "db_type": "mysql", "db_port": 3306}
    return [
        {**common, "end_point_type": "so", "ip": "10.20.1.15", "db_user": "drs_migr", "db_password": src_pwd},
        {**common, "end_point_type": "ta", "ip": "192.168.0.27", "db_user": "root", "db_password": tgt_pwd,
         "inst_id": TARGET_INST, "region": "cn-north-4"},
    ]  # fmt: skip


def config_row(job_id: str, engine: str = "mysql") -> dict[str, Any]:
    return {
        "job_id": job_id,
        "source_endpoint": {"db_type": "mysql", "ip": "10.20.1.15", "db_port": 3306, "db_user": "drs_migr",
                            "db_password": SRC_PWD, "ssl_link": False},
        "target_endpoint": {"db_type": "mysql", "region": "cn-north-4", "inst_id": TARGET_INST, "db_user": "root",
                            "db_password": TGT_PWD, "project_id": PROJECT_ID},
        "node_type": "high", "engine_type": engine, "net_type": "eip", "job_direction": "up",
        "store_db_info": True, "replace_definer": True,
    }  # fmt: skip


def create(client, drs, body: dict[str, Any] | None = None) -> str:
    resp = client.jobs.create([body or job_body()])
    row = resp.results[0]
    assert row.ok, row
    drs.clock.advance(lifecycle.CREATE_S)
    return row.id


def configured(client, drs, body: dict[str, Any] | None = None) -> str:
    job_id = create(client, drs, body)
    assert all(r.ok for r in client.jobs.test_connections(conn_rows(job_id)).results)
    assert client.jobs.modify([config_row(job_id, (body or {}).get("engine_type", "mysql"))]).results[0].ok
    return job_id


def prechecked(client, drs, body: dict[str, Any] | None = None) -> str:
    job_id = configured(client, drs, body)
    if (body or {}).get("db_use_type", "migration") != "cloudDataGuard":
        assert client.jobs.select_objects(job_id=job_id).results[0].ok
    assert client.jobs.precheck(job_id).results[0].ok
    drs.clock.advance(11)
    assert client.jobs.precheck_results(job_id).results[0].result is True
    return job_id


def status_of(client, job_id: str) -> str:
    return client.jobs.statuses(job_id).results[0].status


def force(drs, job_id: str, status: str, **sim: Any) -> None:
    rec = drs.store.get_job(job_id)
    lifecycle.set_status(rec, status, drs.clock.now_ms())
    rec.sim.update(sim)
    drs.store.save_job(rec)


def raw(server, tenant, method: str, path: str, body: Any) -> httpx.Response:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    req = httpx.Request(method, f"{server.endpoint}/v3/{tenant.project_id}{path}", content=content,
                        headers={"Content-Type": "application/json"})  # fmt: skip
    AkSkAuth(tenant.ak, tenant.sk.get_secret_value(), tenant.project_id).sign(req)
    with httpx.Client() as c:
        return c.send(req)


# ---------------------------------------------------------------------------
# The whole lifecycle
# ---------------------------------------------------------------------------


def test_full_mysql_migration_lifecycle(client, drs):
    created = client.jobs.create([job_body()])
    assert created.count == 1
    row = created.results[0]
    assert row.status == JobStatus.CREATING and row.id.endswith("jb101") and row.name == "orders-migr-01"
    assert row.create_time.tzinfo is not None and int(row.create_time.timestamp() * 1000) == drs.clock.now_ms()
    job_id = row.id
    assert status_of(client, job_id) == "CREATING"
    drs.clock.advance(lifecycle.CREATE_S)
    assert status_of(client, job_id) == "CONFIGURATION"

    conns = client.jobs.test_connections(conn_rows(job_id))
    assert conns.count == 2 and [r.status for r in conns.results] == ["success", "success"]
    assert all(r.success for r in conns.results)

    assert client.jobs.modify([config_row(job_id)]).results[0].ok
    detail = client.jobs.details(job_id).results[0]
    assert detail.source_endpoint.ip == "10.20.1.15" and detail.source_endpoint.db_password is None
    raw_detail = drs.store.get_job(job_id).data
    assert SRC_PWD not in json.dumps(raw_detail["detail"]) and raw_detail["secrets"]["so"]["db_password"] == SRC_PWD

    sel = client.jobs.select_objects(job_id=job_id, objects=[
        {"id": "shop", "object_type": "database", "object_name": "shop", "select": "partial"},
        {"id": "shop-*-*-orders", "parent_id": "shop", "object_type": "table", "object_name": "orders", "select": True},
    ])  # fmt: skip
    assert sel.all_counts == 1 and sel.results[0].status is True and sel.results[0].job_id == job_id
    infos = client.jobs.details(job_id).results[0].object_infos
    assert [(o.type, o.name, o.select) for o in infos] == [("database", "shop", "partial"), ("table", "orders", "true")]

    params = client.params.get(job_id).params_list[0].params
    assert len(params) == 30 and any(p.consistent is False for p in params)
    changed = client.params.modify(job_id, {"max_connections": "800", "wait_timeout": 3600}, group="common")
    assert changed.success is True and changed.should_restart == "false"
    cached = {p.key: p for p in client.params.get(job_id, refresh=False).params_list[0].params}
    assert cached["max_connections"].target_value == "800" and cached["wait_timeout"].target_value == "3600"

    pre = client.jobs.precheck(job_id)
    assert pre.results[0].ok and pre.results[0].precheck_id == job_id
    running = client.jobs.precheck_results(job_id).results[0]
    assert running.process == "0%" and running.result is False
    drs.clock.advance(5)
    half = client.jobs.precheck_results(job_id).results[0]
    assert half.process == "50%" and 0 < len(half.precheck_result) < 40
    drs.clock.advance(6)
    done = client.jobs.precheck_results(job_id).results[0]
    assert done.finished and done.result is True and not done.failed_items
    assert done.rds_instance_id == TARGET_INST and str(done.job_direction) == "up"
    assert drs.store.get_job(job_id).sim["precheck"]["passed"] is True

    started = client.jobs.start(job_id)
    assert started.count == 1 and started.results[0].ok
    assert status_of(client, job_id) == "STARTJOBING"
    drs.clock.advance(lifecycle.START_S + 1)
    assert status_of(client, job_id) == "FULL_TRANSFER_STARTED"
    drs.clock.advance(300)
    assert status_of(client, job_id) == "INCRE_TRANSFER_STARTED"
    prog = client.jobs.progress(job_id).results[0]
    assert prog.transfer_status == "INCRE_TRANSFER_STARTED" and prog.progress == "100"

    assert client.jobs.pause(job_id, mode="all").results[0].ok
    assert status_of(client, job_id) == "PAUSING"
    assert client.jobs.resume(job_id).results[0].ok
    assert status_of(client, job_id) == "INCRE_TRANSFER_STARTED"
    assert client.jobs.stop(job_id).results[0].ok
    assert status_of(client, job_id) == "RELEASE_RESOURCE_STARTED"
    drs.clock.advance(lifecycle.RELEASE_S + 1)
    assert status_of(client, job_id) == "RELEASE_RESOURCE_COMPLETE"
    deleted = client.jobs.delete(job_id)
    assert deleted.results[0].ok
    assert all(j.id != job_id for j in client.jobs.list("migration").jobs)
    assert client.jobs.statuses(job_id).results[0].error_code == "DRS.M05003"


async def test_async_create_and_test_connections(aclient, drs):
    resp = await aclient.jobs.create([job_body("async-migr-01")])
    job_id = resp.results[0].id
    drs.clock.advance(lifecycle.CREATE_S)
    conns = await aclient.jobs.test_connections(conn_rows(job_id, src_pwd="wrong"))
    assert [r.ok for r in conns.results] == [False, True]
    assert conns.results[0].error_code == "DRS.KE002"


# ---------------------------------------------------------------------------
# 4.1.1 create
# ---------------------------------------------------------------------------


def test_create_ids_by_scenario_and_per_item_failures(client, drs):
    client.jobs.create([job_body("taken-name")])
    resp = client.jobs.create([
        job_body("sync-task-01", db_use_type="sync"),
        dr_body("dr-task-01"),
        job_body("TAKEN-NAME"),
        job_body("twice-01"),
        job_body("Twice-01"),
        job_body("bad-scheme", engine_type="postgresql"),
        job_body("mw-no-dr", multi_write=True),
    ])  # fmt: skip
    assert resp.count == 7 and len(resp.results) == 7
    r = resp.results
    assert r[0].id.endswith("jb201") and r[1].id.endswith("jb502") and r[0].ok and r[1].ok
    assert (r[2].error_code, r[2].name, r[2].id) == ("DRS.M00277", "TAKEN-NAME", None)
    assert "already exists" in r[2].error_msg
    assert r[3].ok and r[4].error_code == "DRS.M00277" and "more than once" in r[4].error_msg
    assert r[5].error_code == "DRS.M00302" and "postgresql" in r[5].error_msg
    assert r[6].error_code == "DRS.M00302" and "multi_write" in r[6].error_msg
    assert not any(x.ok for x in r[2:3] + r[4:])
    names = {j.name for j in client.jobs.list("migration").jobs}
    assert names == {"taken-name", "twice-01"}


def test_create_keeps_secrets_out_and_applies_failure_plan(client, drs):
    drs.fail_share = 1.0
    body = job_body(source_endpoint={"db_type": "mysql", "ip": "10.0.0.9", "db_user": "u", "db_password": SRC_PWD})
    job_id = client.jobs.create([body]).results[0].id
    rec = drs.store.get_job(job_id)
    assert rec.sim["plan"] is not None and rec.sim["plan"]["phase"] in {"START_JOB", "FULL_TRANSFER", "INCRE_TRANSFER"}
    assert "db_password" not in rec.detail["source_endpoint"] and rec.data["secrets"]["so"]["db_password"] == SRC_PWD
    assert rec.detail["subnet_id"] == SUBNET


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ({"net_type": "eip", "bind_eip": False}, "bind_eip"),
        ({"name": "1starts-with-digit"}, "name"),
        ({"db_use_type": "cloudDataGuard", "engine_type": "cloudDataGuard-mysql", "multi_write": False,
          "net_type": "vpc", "bind_eip": None}, "vpc"),
        ({"db_use_type": "cloudDataGuard", "engine_type": "cloudDataGuard-mysql", "multi_write": False,
          "task_type": "FULL_TRANS"}, "FULL_INCR_TRANS"),
    ],
)  # fmt: skip
def test_create_invalid_body_is_400(server, tenant, change, needle):
    body = {k: v for k, v in job_body(**change).items() if v is not None}
    r = raw(server, tenant, "POST", "/jobs/batch-creation", {"jobs": [body]})
    assert r.status_code == 400
    assert r.json()["error_code"] == "DRS.M00202" and needle in r.json()["error_msg"]


def test_create_empty_and_missing_fields_are_400(server, tenant):
    r = raw(server, tenant, "POST", "/jobs/batch-creation", {"jobs": []})
    assert r.status_code == 400 and r.json()["error_code"] == "DRS.M00202"
    body = job_body()
    del body["node_type"]
    r = raw(server, tenant, "POST", "/jobs/batch-creation", {"jobs": [body]})
    assert r.status_code == 400 and r.json()["error_code"] == "DRS.M00201" and "node_type" in r.json()["error_msg"]


# ---------------------------------------------------------------------------
# 4.1.2 / 4.1.3 connection tests
# ---------------------------------------------------------------------------


def test_connection_failures_and_gates(client, drs):
    job_id = create(client, drs)
    rows = conn_rows(job_id, tgt_pwd="wrong")
    rows[0]["ip"] = "10.255.255.1"
    res = client.jobs.test_connections(rows).results
    assert [r.status for r in res] == ["failed", "failed"] and res[0].success is False
    assert res[0].error_code == "DRS.KE003" and res[1].error_code == "DRS.KE002"
    assert drs.store.get_job(job_id).sim["conn"] == {"so": False, "ta": False}
    mongo = dict(conn_rows(job_id)[0], db_type="mongodb", db_port=0, ip="10.0.0.1:8635")
    assert client.jobs.test_connections([mongo]).results[0].error_code == "DRS.KE0059"
    # modify (config) needs both tests to have succeeded
    res = client.jobs.modify([config_row(job_id)]).results[0]
    assert res.error_code == "DRS.M00300" and "connection test" in res.error_msg

    creating = client.jobs.create([job_body("still-creating")]).results[0].id
    res = client.jobs.test_connections(conn_rows(creating)[:1] + conn_rows(UNKNOWN)[:1]).results
    assert res[0].error_code == "DRS.M00304" and "CREATING" in res[0].error_msg
    assert res[1].error_code == "DRS.M05003" and res[1].status == "failed"


def test_cluster_connections(client, drs):
    job_id = create(client, drs)
    nodes = [
        {"dbtype": "mysql", "ip": "10.0.0.5", "dbport": 3306, "nettype": "eip", "endpointtype": "so",
         "dbuser": "drs", "dbpassword": SRC_PWD, "ssllink": False},
        {"dbtype": "mysql", "ip": "10.0.0.6", "dbport": 3306, "nettype": "eip", "endpointtype": "ls",
         "dbuser": "drs", "dbpassword": SRC_PWD, "ssllink": False},
    ]  # fmt: skip
    res = client.jobs.test_cluster_connections(job_id=job_id, nodes=nodes).results[0]
    assert res.status == "true" and res.ok and res.id == job_id
    assert drs.store.get_job(job_id).sim["conn"]["so"] is True
    nodes[1]["dbpassword"] = "wrong"
    res = client.jobs.test_cluster_connections(job_id=job_id, nodes=nodes).results[0]
    assert res.status == "false" and res.error_code == "DRS.KE002" and "10.0.0.6" in res.error_msg
    other = client.jobs.test_cluster_connections(job_id=UNKNOWN, nodes=nodes[:1]).results[0]
    assert other.status == "false" and other.error_code == "DRS.M05003"


# ---------------------------------------------------------------------------
# 4.1.4 modify
# ---------------------------------------------------------------------------


def test_modify_rename_anytime_config_only_in_configuration(client, drs):
    job_id = prechecked(client, drs)
    assert client.jobs.modify(job_id=job_id, name="orders-renamed", description="moved to cloud").results[0].ok
    d = client.jobs.details(job_id).results[0]
    assert d.name == "orders-renamed" and d.description == "moved to cloud"
    # a changed configuration needs a new pre-check
    assert client.jobs.modify([config_row(job_id)]).results[0].ok
    assert drs.store.get_job(job_id).sim["precheck"] is None
    assert client.jobs.start(job_id).results[0].error_code == "DRS.M00300"

    running = prechecked(client, drs, job_body("running-01"))
    client.jobs.start(running)
    drs.clock.advance(lifecycle.START_S + 1)
    alarm = {"delay_time": 300, "alarm_to_user": True,
             "subscriptions": [{"protocol": "email", "endpoints": ["dba@example.com"]}]}  # fmt: skip
    res = client.jobs.modify([{"job_id": running, "name": "running-renamed", "alarm_notify": alarm}]).results
    assert res[0].ok
    assert client.jobs.details(running).results[0].alarm_notify.delay_time == 300
    busy = client.jobs.modify(job_id=running, node_type="xlarge").results[0]
    assert busy.error_code == "DRS.M01504" and "name, description and alarm_notify" in busy.error_msg

    dup = client.jobs.modify(job_id=running, name="ORDERS-RENAMED").results[0]
    assert dup.error_code == "DRS.M00277"
    client.jobs.stop(running)
    stopped = client.jobs.modify(job_id=running, name="after-stop").results[0]
    assert stopped.error_code == "DRS.M00304"
    assert client.jobs.modify(job_id=UNKNOWN, name="ghost-task").results[0].error_code == "DRS.M05003"


def test_modify_invalid_bodies_are_400(server, tenant):
    r = raw(server, tenant, "PUT", "/jobs/batch-modification", {"jobs": [{"job_id": UNKNOWN}]})
    assert r.status_code == 400 and r.json()["error_code"] == "DRS.M00202"
    assert "nothing to modify" in r.json()["error_msg"]
    r = raw(server, tenant, "PUT", "/jobs/batch-modification", {"jobs": [{"job_id": "not-an-id", "name": "abcd"}]})
    assert r.status_code == 400 and "job_id" in r.json()["error_msg"]


def test_modify_first_config_needs_both_endpoints_and_scheme_is_fixed(client, drs):
    job_id = create(client, drs)
    client.jobs.test_connections(conn_rows(job_id))
    only_node = client.jobs.modify(job_id=job_id, node_type="xlarge").results[0]
    assert only_node.error_code == "DRS.M00201" and "source_endpoint" in only_node.error_msg
    wrong = client.jobs.modify([dict(config_row(job_id), engine_type="mongodb")]).results[0]
    assert wrong.error_code == "DRS.M00302"


# ---------------------------------------------------------------------------
# 4.1.5 select objects, 4.1.6 / 4.1.7 pre-check
# ---------------------------------------------------------------------------


def test_select_objects_gates(client, drs):
    job_id = create(client, drs)
    res = client.jobs.select_objects(job_id=job_id).results[0]
    assert res.status is False and res.error_code == "DRS.M00300" and "not configured" in res.error_msg
    dr_id = configured(client, drs, dr_body())
    assert client.jobs.select_objects(job_id=dr_id).results[0].error_code == "DRS.M00302"
    resp = client.jobs.select_objects(jobs=[{"job_id": UNKNOWN, "selected": False}])
    assert resp.all_counts == 1 and resp.results[0].error_code == "DRS.M05003" and resp.results[0].job_id == UNKNOWN
    r_id = configured(client, drs, job_body("select-all"))
    assert client.jobs.select_objects(job_id=r_id).results[0].ok
    assert client.jobs.details(r_id).results[0].object_infos == []


def test_select_objects_invalid_is_400(server, tenant):
    body = {"jobs": [{"job_id": UNKNOWN, "selected": True, "job": []}]}
    r = raw(server, tenant, "PUT", "/jobs/batch-select-objects", body)
    assert r.status_code == 400 and "selected true" in r.json()["error_msg"]


def test_precheck_gates_and_missing_precheck(client, drs):
    job_id = create(client, drs)
    res = client.jobs.precheck(job_id).results[0]
    assert res.error_code == "DRS.M00300"
    assert "endpoint configuration" in res.error_msg and "object selection" in res.error_msg
    assert client.jobs.precheck(job_id, mode="forRetryJob").results[0].error_code == "DRS.M00304"
    no_pre = client.jobs.precheck_results([job_id, UNKNOWN]).results
    assert no_pre[0].error_code == "DRS.M00300" and "Run a pre-check first" in no_pre[0].error_msg
    assert no_pre[1].error_code == "DRS.M05003"
    assert client.jobs.start(job_id).results[0].error_code == "DRS.M00300"
    # the DR scenario needs no object selection
    dr_id = configured(client, drs, dr_body())
    assert client.jobs.precheck(dr_id).results[0].ok


def test_failing_precheck_item_blocks_start(client, drs):
    drs.fail_share = 1.0
    job_id = configured(client, drs)
    client.jobs.select_objects(job_id=job_id)
    client.jobs.precheck(job_id)
    early = client.jobs.start(job_id).results[0]
    assert early.error_code == "DRS.M00300" and "still running" in early.error_msg
    drs.clock.advance(PRECHECK_DONE)
    res = client.jobs.precheck_results(job_id).results[0]
    assert res.finished and res.result is False and res.failed_items
    failed = res.failed_items[0]
    assert failed.failed_reason and failed.raw_error_msg and failed.failed_sub_jobs == []
    assert int(res.total_passed_rate.rstrip("%")) < 100
    assert drs.store.get_job(job_id).sim["precheck"]["passed"] is False
    blocked = client.jobs.start(job_id).results[0]
    assert blocked.status == "failed" and "pre-check has not passed" in blocked.error_msg
    assert status_of(client, job_id) == "CONFIGURATION"


def test_precheck_invalid_mode_is_400(server, tenant):
    r = raw(server, tenant, "POST", "/jobs/batch-precheck", {"jobs": [{"job_id": UNKNOWN, "precheck_mode": "now"}]})
    assert r.status_code == 400 and r.json()["error_code"] == "DRS.M00202" and "forStartJob" in r.json()["error_msg"]
    r = raw(server, tenant, "POST", "/jobs/batch-precheck-result", {"jobs": [UNKNOWN, UNKNOWN]})
    assert r.status_code == 400 and "repeat" in r.json()["error_msg"]


# ---------------------------------------------------------------------------
# 4.1.8 flow control
# ---------------------------------------------------------------------------


def test_speed_limits(client, drs):
    job_id = create(client, drs)
    incr = create(client, drs, job_body("incr-only", task_type="INCR_TRANS"))
    res = client.jobs.set_speed_limits([job_id, incr, UNKNOWN], [("16:00", "15:59", 15)]).results
    assert res[0].ok and res[1].error_code == "DRS.M00403" and res[2].error_code == "DRS.M05003"
    win = client.jobs.details(job_id).results[0].speed_limit
    assert [(w.begin, w.end, w.speed) for w in win] == [("16:00", "15:59", "15")]
    assert client.jobs.remove_speed_limits(job_id).results[0].ok
    assert client.jobs.details(job_id).results[0].speed_limit == []


def test_speed_limits_invalid_is_400(server, tenant):
    body = {"speed_limits": [{"job_id": UNKNOWN, "speed_limit": [
        {"begin": "01:00", "end": "05:59", "speed": "10"}, {"begin": "05:00", "end": "06:59", "speed": "10"}]}]}
    r = raw(server, tenant, "PUT", "/jobs/batch-limit-speed", body)
    assert r.status_code == 400 and "overlap" in r.json()["error_msg"]
    body = {"speed_limits": [{"job_id": UNKNOWN, "speed_limit": [{"begin": "01:30", "end": "05:59", "speed": "10"}]}]}
    assert raw(server, tenant, "PUT", "/jobs/batch-limit-speed", body).json()["error_code"] == "DRS.M00202"


# ---------------------------------------------------------------------------
# 4.1.9 / 4.1.10 parameters
# ---------------------------------------------------------------------------


def test_params_gates_and_cache(client, drs):
    sync_id = create(client, drs, job_body("sync-params", db_use_type="sync"))
    down_id = create(client, drs, job_body("down-params", job_direction="down"))
    fresh = create(client, drs, job_body("fresh-params"))
    resp = client.params.get([sync_id, down_id, UNKNOWN])
    codes = [e.params[0].error_code for e in resp.params_list]
    assert resp.count == 3 and codes == ["DRS.M00302", "DRS.M00302", "DRS.M05003"]
    assert "MySQL migration" in resp.params_list[0].params[0].error_message
    cache_miss = client.params.get(fresh, refresh=False).params_list[0].params[0]
    assert cache_miss.error_code == "DRS.M00303"
    first = client.params.get(fresh).params_list[0].params
    again = client.params.get(fresh, refresh=False).params_list[0].params
    assert first == again and all(p.error_code is None for p in first)
    force(drs, fresh, "FULL_TRANSFER_STARTED")
    assert client.params.get(fresh).params_list[0].params[0].error_code == "DRS.M00304"


def test_params_modify_validation(client, drs, server, tenant):
    job_id = create(client, drs)
    path = f"/jobs/{job_id}/params"
    r = raw(server, tenant, "POST", path, PARAM_BODY)
    assert r.status_code == 400 and r.json()["error_code"] == "DRS.M00303"
    assert client.params.get(job_id).params_list[0].params

    def bad(group: str, key: str, value: str) -> dict[str, Any]:
        r = raw(server, tenant, "POST", path, {"group": group, "params": [{"key": key, "target_value": value}]})
        assert r.status_code == 400, r.text
        return r.json()

    with pytest.raises(BadRequestError) as exc:
        client.params.modify(job_id, {"no_such_param": "1"}, group="common")
    assert exc.value.status_code == 400 and exc.value.error_code == "DRS.M00202"
    err = bad("common", "no_such_param", "1")
    assert err["error_code"] == "DRS.M00202" and "no_such_param" in err["error_msg"]
    assert "group common" in bad("performance", "max_connections", "10")["error_msg"]
    assert "outside" in bad("common", "max_connections", "100001")["error_msg"]
    assert "whole number" in bad("common", "max_connections", "12.5")["error_msg"]
    assert "not one of" in bad("common", "event_scheduler", "MAYBE")["error_msg"]
    assert "subset" in bad("common", "sql_mode", "STRICT_TRANS_TABLES,NOT_A_MODE")["error_msg"]
    assert bad("common", "max_connections", "abc")["error_code"] == "DRS.M00202"
    r = raw(server, tenant, "POST", "/jobs/not-a-task/params", PARAM_BODY)
    assert r.status_code == 400 and "job_id" in r.json()["error_msg"]
    r = raw(server, tenant, "POST", f"/jobs/{UNKNOWN}/params", PARAM_BODY)
    assert r.status_code == 400 and r.json()["error_code"] == "DRS.10000010"

    res = client.params.modify(job_id, {"event_scheduler": "on", "sql_mode": "strict_trans_tables"}, group="common")
    assert res.success is True and res.should_restart == "false"
    res = client.params.modify(job_id, {"long_query_time": "2.5", "innodb_buffer_pool_size": "1073741825"},
                               group="performance")  # fmt: skip
    assert res.should_restart == "true" and res.restart_required is True
    rows = {p.key: p for p in client.params.get(job_id, refresh=False).params_list[0].params}
    assert rows["event_scheduler"].target_value == "ON" and rows["sql_mode"].target_value == "STRICT_TRANS_TABLES"
    assert rows["long_query_time"].target_value == "2.5" and rows["long_query_time"].consistent is False
    assert client.jobs.details(job_id).results[0].need_restart is True


# ---------------------------------------------------------------------------
# 4.1.11 – 4.1.14 start, resume, pause, stop, delete
# ---------------------------------------------------------------------------


def test_scheduled_start(client, drs):
    job_id = prechecked(client, drs)
    at = drs.clock.now_ms() + 3600_000
    assert client.jobs.start(job_id, start_time=at).results[0].ok
    assert status_of(client, job_id) == "WAITING_FOR_START"
    assert client.jobs.details(job_id).results[0].inst_info.start_time is not None
    drs.clock.advance(3599)
    assert status_of(client, job_id) == "WAITING_FOR_START"
    drs.clock.advance(2)
    assert status_of(client, job_id) == "STARTJOBING"
    again = client.jobs.start(job_id).results[0]
    assert again.error_code == "DRS.M00304"


def test_pause_resume_stop_delete_gates(client, drs):
    job_id = create(client, drs)
    res = client.jobs.pause([job_id, UNKNOWN]).results
    assert res[0].error_code == "DRS.M00304" and res[1].error_code == "DRS.M05003"
    assert client.jobs.resume(job_id).results[0].error_code == "DRS.M00304"
    deleting = client.jobs.delete(job_id).results[0]
    assert deleting.error_code == "DRS.M00304" and "Stop the task first" in deleting.error_msg
    force(drs, job_id, "STARTJOBING")
    assert client.jobs.stop(job_id).results[0].error_code == "DRS.M01504"
    assert client.jobs.stop(job_id, force=True).results[0].ok
    assert status_of(client, job_id) == "RELEASE_RESOURCE_STARTED"
    assert client.jobs.stop(job_id).results[0].error_code == "DRS.M00304"
    failed = create(client, drs, job_body("retry-me"))
    force(drs, failed, "INCRE_TRANSFER_FAILED")
    assert client.jobs.resume(failed).results[0].ok and status_of(client, failed) == "INCRE_TRANSFER_STARTED"


def test_stop_or_delete_unknown_type_and_bad_body(client, drs, server, tenant):
    job_id = create(client, drs)
    body = {"jobs": [{"job_id": job_id, "delete_type": "roll_back_upgrade_active_standby"}]}
    r = raw(server, tenant, "DELETE", "/jobs/batch-jobs", body)
    assert r.status_code == 202 and r.json()["results"][0]["error_code"] == "DRS.M00300"
    r = raw(server, tenant, "DELETE", "/jobs/batch-jobs", {"jobs": [{"job_id": job_id, "delete_type": "erase"}]})
    assert r.status_code == 400 and "terminate" in r.json()["error_msg"]
    r = raw(server, tenant, "POST", "/jobs/batch-pause-task", {"jobs": [{"job_id": job_id}]})
    assert r.status_code == 400 and r.json()["error_code"] == "DRS.M00201"


def test_other_tenant_cannot_touch_tasks(client, drs, server, other_tenant):
    job_id = prechecked(client, drs)
    r = raw(server, other_tenant, "POST", "/jobs/batch-starting", {"jobs": [{"job_id": job_id}]})
    assert r.status_code == 202 and r.json()["results"][0]["error_code"] == "DRS.M05003"
    stop = {"jobs": [{"job_id": job_id, "delete_type": "terminate"}]}
    r = raw(server, other_tenant, "DELETE", "/jobs/batch-jobs", stop)
    assert r.json()["results"][0]["error_code"] == "DRS.M05003"
    r = raw(server, other_tenant, "POST", f"/jobs/{job_id}/params", PARAM_BODY)
    assert r.status_code == 400 and r.json()["error_code"] == "DRS.10000010"
    r = raw(server, other_tenant, "POST", "/jobs/batch-precheck-result", {"jobs": [job_id]})
    assert r.json()["results"][0]["error_code"] == "DRS.M05003"
    # the owner still sees its task untouched; the other tenant may reuse the name
    assert status_of(client, job_id) == "CONFIGURATION"
    r = raw(server, other_tenant, "POST", "/jobs/batch-creation", {"jobs": [job_body()]})
    assert r.status_code == 202 and r.json()["results"][0]["status"] == "CREATING"
    assert drs.store.count_jobs(OTHER_PROJECT_ID) == 1


# ---------------------------------------------------------------------------
# 4.1.15 passwords, 4.1.16 definer
# ---------------------------------------------------------------------------


def test_reset_passwords(client, drs):
    job_id = prechecked(client, drs)
    early = client.jobs.reset_passwords(job_id=job_id, source_password="n3w-src").results[0]
    assert early.error_code == "DRS.M00304" and str(early.end_point_type) == "so"
    client.jobs.start(job_id)
    resp = client.jobs.reset_passwords(rows=[
        {"job_id": job_id, "end_point_type": "so", "db_password": "n3w-src"},
        {"job_id": job_id, "end_point_type": "ta", "db_password": "n3w-tgt"},
        {"job_id": UNKNOWN, "end_point_type": "ta", "db_password": "n3w-tgt"},
    ])  # fmt: skip
    assert resp.count == 3
    assert [(r.id, str(r.end_point_type), r.status) for r in resp.results[:2]] == [
        (job_id, "so", "success"), (job_id, "ta", "success")]
    assert resp.results[2].error_code == "DRS.M05003" and str(resp.results[2].end_point_type) == "ta"
    secrets = drs.store.get_job(job_id).data["secrets"]
    assert secrets["so"]["db_password"] == "n3w-src" and secrets["ta"]["db_password"] == "n3w-tgt"
    assert "n3w-src" not in json.dumps(drs.store.get_job(job_id).detail)


def test_reset_password_empty_is_400(server, tenant):
    body = {"jobs": [{"job_id": UNKNOWN, "end_point_type": "so", "db_password": ""}]}
    r = raw(server, tenant, "PUT", "/jobs/batch-modify-pwd", body)
    assert r.status_code == 400 and "db_password" in r.json()["error_msg"]


def test_set_definer(client, drs):
    job_id = create(client, drs)
    mongo = create(client, drs, job_body("mongo-migr", engine_type="mongodb",
                                         source_endpoint={"db_type": "mongodb"},
                                         target_endpoint={"db_type": "mongodb"}))  # fmt: skip
    res = client.jobs.set_definer([job_id, mongo, UNKNOWN], replace_definer=False).results
    assert res[0].ok and res[1].error_code == "DRS.M00302" and res[2].error_code == "DRS.M05003"
    assert client.jobs.details(job_id).results[0].replace_definer is False
    force(drs, job_id, "INCRE_TRANSFER_STARTED")
    assert client.jobs.set_definer(job_id).results[0].error_code == "DRS.M00304"


# ---------------------------------------------------------------------------
# The official SDK accepts the responses
# ---------------------------------------------------------------------------


def test_official_sdk_accepts_responses(server, tenant, drs):
    from huaweicloudsdkcore.auth.credentials import BasicCredentials
    from huaweicloudsdkdrs.v3 import DrsClient
    from huaweicloudsdkdrs.v3 import model as m

    sdk = (
        DrsClient.new_builder()
        .with_credentials(BasicCredentials(tenant.ak, tenant.sk.get_secret_value(), tenant.project_id))
        .with_endpoints([server.endpoint])
        .build()
    )
    job = m.CreateJobReq(
        name="sdk-migr-01", db_use_type="migration", engine_type="mysql", job_direction="up", net_type="eip",
        bind_eip=True, node_type="high", task_type="FULL_INCR_TRANS", customize_sutnet_id=SUBNET,
        source_endpoint=m.Endpoint(db_type="mysql"), target_endpoint=m.Endpoint(db_type="mysql", inst_id=TARGET_INST),
    )  # fmt: skip
    created = sdk.batch_create_jobs(m.BatchCreateJobsRequest(body=m.BatchCreateJobReq(jobs=[job])))
    assert created.count == 1 and created.results[0].status == "CREATING"
    job_id = created.results[0].id
    drs.clock.advance(lifecycle.CREATE_S)

    ep = m.TestEndPoint(id=job_id, net_type="eip", db_type="mysql", ip="10.1.1.1", db_port=3306, db_user="drs",
                        db_password="wrong", end_point_type="so")  # fmt: skip
    conn = sdk.batch_validate_connections(m.BatchValidateConnectionsRequest(body=m.BatchTestConnectionReq(jobs=[ep])))
    assert conn.results[0].status == "failed" and conn.results[0].error_code == "DRS.KE002"
    assert conn.results[0].success is False

    checks = sdk.batch_check_results(m.BatchCheckResultsRequest(body=m.BatchQueryPrecheckResultReq(jobs=[job_id])))
    assert checks.count == 1 and checks.results[0].error_code == "DRS.M00300"

    params = sdk.batch_show_params(m.BatchShowParamsRequest(body=m.BatchQueryParamReq(jobs=[job_id], refresh="1")))
    assert params.count == 1 and len(params.params_list[0].params) == 30
    assert params.params_list[0].params[0].need_restart in ("true", "false")

    stop = m.DeleteJobReq(delete_type="terminate", job_id=job_id)
    stopped = sdk.batch_delete_jobs(m.BatchDeleteJobsRequest(body=m.BatchDeleteJobReq(jobs=[stop])))
    assert stopped.count == 1 and stopped.results[0].status == "success"
    gone = m.DeleteJobReq(delete_type="delete", job_id=job_id)
    early = sdk.batch_delete_jobs(m.BatchDeleteJobsRequest(body=m.BatchDeleteJobReq(jobs=[gone])))
    assert early.results[0].status == "failed" and early.results[0].error_code == "DRS.M00304"
