"""Local DRS handlers: users (4.2.x), data processing rules and sync policies (4.3.x), DR (4.4.x)."""

from __future__ import annotations

import json
import random
from typing import Any

import httpx
import pytest

from drstui.api.auth import AkSkAuth
from drstui.api.errors import BadRequestError
from drstui.api.models.dr import (
    DrMonitoringResponse,
    RpoRtoResponse,
    StructDetailResponse,
    StructProcessResponse,
    SwitchoverResponse,
)
from drstui.api.models.enums import JobDirection
from drstui.api.models.users import SrcUsers, UpdateUsersResponse
from drstui.local import lifecycle
from drstui.local.demo import _force_status
from drstui.local.factory import new_job
from drstui.local.state import LocalDrs
from drstui.local.store import JobRecord

from ..conftest import OTHER_PROJECT_ID, PROJECT_ID

SRC_PASSWORD = "Src-Secret-9f3"
DST_PASSWORD = "Dst-Secret-2a7"
UNKNOWN_ID = "9a470239-2308-4bb5-a6bc-1040402fjb21"

_SCENARIOS = {
    "dr": ("cloudDataGuard", "cloudDataGuard-mysql", "mysql", "mysql", "jb502"),
    "migr": ("migration", "mysql", "mysql", "mysql", "jb101"),
    "mongo": ("migration", "mongodb", "mongodb", "mongodb", "jb101"),
    "sync": ("sync", "mysql", "mysql", "mysql", "jb201"),
    "pg": ("sync", "postgresql", "postgresql", "postgresql", "jb201"),
    "kafka": ("sync", "gaussdbv5-to-kafka", "gaussdbv5", "kafka", "jb201"),
}
_counter = iter(range(10_000))


def make_job(
    drs: LocalDrs,
    scenario: str = "dr",
    status: str = "INCRE_TRANSFER_STARTED",
    *,
    project_id: str = PROJECT_ID,
    conn: bool = True,
    configured: bool = True,
    objects: bool = True,
    dbs: tuple[str, ...] = ("shop", "crm"),
    full_pct: float | None = None,
) -> JobRecord:
    """A task saved straight into the store, in ``status`` with consistent simulation state."""
    use, engine, src_t, dst_t, suffix = _SCENARIOS[scenario]
    n = next(_counter)
    rng = random.Random(f"test-job-{n}")
    now = drs.clock.now_ms()

    def ep(db_type: str, cloud: bool, password: str) -> dict[str, Any]:
        out: dict[str, Any] = {"db_type": db_type, "ip": f"10.0.{n % 250}.{7 if cloud else 8}", "db_port": 3306,
                               "db_user": "drs_user", "db_password": password}  # fmt: skip
        if cloud:
            out.update({"inst_id": "3efbb0f1241f429e8e1d8f99ab094c7ain01", "inst_name": "rds-dr-standby",
                        "region": "cn-north-4", "project_id": project_id,
                        "vpc_id": "7c73a425-885b-4e54-a0e6-ef9ee271a1db"})  # fmt: skip
        return out

    rec = new_job(
        job_id=drs.new_job_id(rng, suffix), project_id=project_id, now_ms=now, rng=rng, fail_share=0.0,
        name=f"test-{scenario}-{n}", db_use_type=use, engine_type=engine, job_direction="up", net_type="vpc",
        node_type="high", task_type="FULL_INCR_TRANS", source_endpoint=ep(src_t, False, SRC_PASSWORD),
        target_endpoint=ep(dst_t, True, DST_PASSWORD),
    )  # fmt: skip
    if status == "CONFIGURATION":
        lifecycle.set_status(rec, "CONFIGURATION", now)
        rec.sim.update({"conn": {"so": conn, "ta": conn}, "configured": configured, "objects": objects})
        if objects:
            rec.detail["object_infos"] = [
                {"id": db, "parent_id": "", "type": "database", "name": db, "alias_name": db, "select": "true"}
                for db in dbs
            ]
    elif status == "FULL_TRANSFER_STARTED":
        _force_status(rec, status, now, rng)
        full_ms = int(rec.sim["full_s"] * 1000)
        rec.sim["full_started_ms"] = now - int(full_ms * (full_pct or 50.0) / 100)
        lifecycle.schedule(rec, rec.sim["full_started_ms"] + full_ms)
    else:
        _force_status(rec, status, now, rng)
        rec.sim["plan"] = None
        if status == "INCRE_TRANSFER_STARTED":
            lifecycle.schedule(rec, None)
    if status != "CONFIGURATION":
        rec.sim["conn"] = {"so": conn, "ta": conn}
    drs.store.save_job(rec)
    return rec


def raw(server, tenant, method: str, path: str, body: Any = None) -> httpx.Response:
    """A signed request with any body, bypassing the client's own validation."""
    auth = AkSkAuth(tenant.ak, tenant.sk.get_secret_value(), tenant.project_id)
    content = b"" if body is None else json.dumps(body).encode()
    req = httpx.Request(method, server.endpoint + f"/v3/{tenant.project_id}{path}", content=content,
                        headers={"Content-Type": "application/json"})  # fmt: skip
    with httpx.Client() as c:
        return c.send(auth.sign(req))


def assert_drs_400(resp: httpx.Response, code: str, *words: str) -> None:
    assert resp.status_code == 400, resp.text
    body = resp.json()
    assert set(body) == {"error_code", "error_msg"}
    assert body["error_code"] == code
    for w in words:
        assert w in body["error_msg"]


def detail_of(client, job_id: str):
    return client.jobs.details([job_id]).results[0]


# ---------------------------------------------------------------------------
# 4.2.2 / 4.2.1 users
# ---------------------------------------------------------------------------


class TestUsers:
    def test_list_is_deterministic_and_without_passwords(self, drs, client):
        rec = make_job(drs, "migr", "CONFIGURATION")
        first = client.users.list(rec.id)
        assert isinstance(first, SrcUsers)
        assert first.job_id == rec.id and first.is_success is True and first.message == "SUCCESS"
        accounts = [u.account for u in first.user_list]
        assert "'app_rw'@'%'" in accounts
        assert all(u.selected is None and u.password is None for u in first.user_list)
        assert first.roles_list and all(r.role for r in first.roles_list)
        assert client.users.list(rec.id) == first

    def test_update_then_list_reflects_choices(self, drs, client, server, tenant):
        rec = make_job(drs, "migr", "CONFIGURATION")
        listing = client.users.list(rec.id)
        chosen = listing.user_list[2]
        role = listing.roles_list[0]
        resp = client.users.update(
            rec.id, is_migrate_user=True, is_set_password=True, password="Global-Pass-77",
            users=[{"id": chosen.id, "account": chosen.account, "is_transfer": True, "roles": [],
                    "selected": True, "password": "User-Pass-88"}],
            user_roles=[{"role": role.role, "is_transfer": True, "privileges": role.privileges or "", "selected": True}],
        )  # fmt: skip
        assert isinstance(resp, UpdateUsersResponse)
        assert resp.all_counts == 1 and resp.results[0].is_success is True
        assert resp.results[0].message == "SUCCESS"
        after = client.users.list(rec.id)
        selected = {u.id: u.selected for u in after.user_list}
        assert selected[chosen.id] is True
        assert all(v is False for k, v in selected.items() if k != chosen.id)
        assert after.roles_list[0].selected is True
        assert after.is_global_password == "true"
        # The passwords are stored nowhere and never answered.
        doc = drs.store.get_doc("users", rec.id)
        assert doc is not None and doc["users"][chosen.id]["password_set"] is True
        text = raw(server, tenant, "GET", f"/jobs/{rec.id}/get-src-user").text
        for secret in ("Global-Pass-77", "User-Pass-88", SRC_PASSWORD):
            assert secret not in json.dumps(doc) and secret not in text
        assert detail_of(client, rec.id).migrate_user is True

    def test_postgresql_sync_is_supported_mysql_sync_is_not(self, drs, client):
        pg = make_job(drs, "pg", "CONFIGURATION")
        assert any(u.account == "app_rw" for u in client.users.list(pg.id).user_list)
        sync = make_job(drs, "sync", "CONFIGURATION")
        with pytest.raises(BadRequestError) as exc:
            client.users.list(sync.id)
        assert exc.value.error_code == "DRS.M00302"
        row = client.users.update(sync.id, is_migrate_user=False).results[0]
        assert row.is_success is False and row.message.startswith("DRS.M00302")

    def test_connection_tests_gate(self, drs, client):
        rec = make_job(drs, "migr", "CONFIGURATION", conn=False)
        with pytest.raises(BadRequestError) as exc:
            client.users.list(rec.id)
        assert exc.value.error_code == "DRS.M00300"
        row = client.users.update(rec.id, is_migrate_user=False).results[0]
        assert row.is_success is False and row.message.startswith("DRS.M00300")
        assert drs.store.get_doc("users", rec.id) is None

    def test_update_status_gate_and_unknown_user(self, drs, client):
        running = make_job(drs, "migr", "INCRE_TRANSFER_STARTED")
        conf = make_job(drs, "migr", "CONFIGURATION")
        resp = client.users.update([
            {"job_id": running.id, "is_migrate_user": False, "is_set_password": False},
            {"job_id": conf.id, "is_migrate_user": True, "is_set_password": False, "user_roles": [],
             "list": [{"id": "'ghost'@'%'", "account": "'ghost'@'%'", "is_transfer": True, "roles": [], "selected": True}]},
            {"job_id": UNKNOWN_ID, "is_migrate_user": False, "is_set_password": False},
        ])  # fmt: skip
        rows = {r.job_id: r for r in resp.results}
        assert resp.all_counts == 3 and len(rows) == 3
        assert rows[running.id].message.startswith("DRS.M00304")
        assert rows[conf.id].message.startswith("DRS.M00202") and "ghost" in rows[conf.id].message
        assert rows[UNKNOWN_ID].message.startswith("DRS.M05003")
        assert not any(r.is_success for r in resp.results)

    def test_password_required_when_set_password(self, drs, client):
        rec = make_job(drs, "migr", "CONFIGURATION")
        u = client.users.list(rec.id).user_list[2]
        row = client.users.update(
            rec.id, is_set_password=True, user_roles=[],
            users=[{"id": u.id, "account": u.account, "is_transfer": True, "roles": [], "selected": True}],
        ).results[0]  # fmt: skip
        assert row.is_success is False and row.message.startswith("DRS.M00201")

    def test_other_tenant_and_unknown_ids(self, drs, client):
        theirs = make_job(drs, "migr", "CONFIGURATION", project_id=OTHER_PROJECT_ID)
        for job_id in (theirs.id, UNKNOWN_ID):
            with pytest.raises(BadRequestError) as exc:
                client.users.list(job_id)
            assert exc.value.error_code == "DRS.10000010"
        row = client.users.update(theirs.id, is_migrate_user=False).results[0]
        assert row.is_success is False and row.message.startswith("DRS.M05003")

    def test_invalid_input(self, server, tenant, drs):
        assert_drs_400(raw(server, tenant, "GET", "/jobs/not-a-task/get-src-user"), "DRS.M00202", "job_id")
        rec = make_job(drs, "migr", "CONFIGURATION")
        r = raw(server, tenant, "PUT", "/jobs/batch-update-user", {"jobs": [{"job_id": rec.id, "is_migrate_user": True}]})
        assert_drs_400(r, "DRS.M00201", "is_set_password")
        r = raw(server, tenant, "PUT", "/jobs/batch-update-user",
                {"jobs": [{"job_id": rec.id, "is_migrate_user": True, "is_set_password": False}]})  # fmt: skip
        assert_drs_400(r, "DRS.M00202", "list")


# ---------------------------------------------------------------------------
# 4.3.1 data processing rules
# ---------------------------------------------------------------------------

CONFIG_RULE = {
    "db_table_name": "shop.orders", "db_name": "shop", "table_name": "orders", "col_names": "id,status",
    "prim_key_or_index": "id", "indexes": "id", "values": "status <> 'closed'",
}  # fmt: skip


class TestDataTransformation:
    def test_rules_show_in_details(self, drs, client):
        rec = make_job(drs, "sync", "CONFIGURATION")
        r1 = client.jobs.add_filter_rule(rec.id, "shop", "order_items", "id>5")
        assert r1.count == 1 and r1.results[0].ok and r1.results[0].id == rec.id
        r2 = client.jobs.set_data_transformation(rec.id, transformation_type="configConditionalFilter",
                                                 value="config", config=CONFIG_RULE)  # fmt: skip
        assert r2.results[0].ok
        dt = detail_of(client, rec.id).data_transformation
        assert dt.total_count == 2
        first, second = dt.filter_conditions
        assert first.transformation_info.value == "id>5"
        assert first.data_transformation_object_infos[0].table_name == "order_items"
        assert first.data_transformation_object_infos[0].id == "shop-*-*-order_items-*-*-conditionFilter--"
        assert second.transformation_info.transformation_type == "configConditionalFilter"
        assert second.config_transformation.indexes == "id" and second.config_transformation.values == "status <> 'closed'"

    def test_one_rule_per_table(self, drs, client):
        rec = make_job(drs, "sync", "CONFIGURATION")
        assert client.jobs.add_filter_rule(rec.id, "shop", "orders", "id>5").results[0].ok
        again = client.jobs.add_filter_rule(rec.id, "shop", "orders", "id<100").results[0]
        assert again.status == "failed" and again.error_code == "DRS.M07000" and "shop.orders" in again.error_msg
        # Two rows on one table in one request: the first wins, the second is refused.
        resp = client.jobs.set_data_transformation([
            {"job_id": rec.id, "object_info": [{"id": "crm-*-*-contacts"}],
             "transformation_info": {"transformation_type": "contentConditionalFilter", "value": "id>1"}},
            {"job_id": rec.id, "transformation_info": {"transformation_type": "configConditionalFilter", "value": "config"},
             "config_transformation": {**CONFIG_RULE, "db_table_name": "crm.contacts", "db_name": "crm",
                                       "table_name": "contacts"}},
        ])  # fmt: skip
        assert [r.status.value for r in resp.results] == ["success", "failed"]
        assert resp.results[1].error_code == "DRS.M07000"
        assert detail_of(client, rec.id).data_transformation.total_count == 2

    def test_gates_per_item(self, drs, client):
        no_objects = make_job(drs, "sync", "CONFIGURATION", objects=False)
        running = make_job(drs, "sync", "INCRE_TRANSFER_STARTED")
        dr = make_job(drs, "dr", "CONFIGURATION")
        theirs = make_job(drs, "sync", "CONFIGURATION", project_id=OTHER_PROJECT_ID)
        ok = make_job(drs, "sync", "CONFIGURATION")
        rows = [
            {"job_id": j, "object_info": [{"id": f"{db}-*-*-orders"}],
             "transformation_info": {"transformation_type": "contentConditionalFilter", "value": "id>5"}}
            for j, db in ((no_objects.id, "shop"), (running.id, "shop"), (dr.id, "shop"), (theirs.id, "shop"),
                          (UNKNOWN_ID, "shop"), (ok.id, "billing"), (ok.id, "shop"))
        ]  # fmt: skip
        resp = client.jobs.set_data_transformation(rows)
        assert resp.count == 7
        codes = [r.error_code for r in resp.results]
        assert codes == ["DRS.M00300", "DRS.M00304", "DRS.M00302", "DRS.M05003", "DRS.M05003", "DRS.M00202", None]
        assert [r.id for r in resp.results] == [r["job_id"] for r in rows]
        assert "not among the selected objects" in resp.results[5].error_msg
        assert drs.store.get_job(theirs.id).detail.get("data_transformation") is None

    def test_invalid_input(self, server, tenant, drs):
        rec = make_job(drs, "sync", "CONFIGURATION")
        path = "/jobs/batch-transformation"
        r = raw(server, tenant, "POST", path, {"jobs": [{"job_id": rec.id, "object_info": [{"id": "shop-*-*-orders"}],
                "transformation_info": {"transformation_type": "regexFilter", "value": "x"}}]})  # fmt: skip
        assert_drs_400(r, "DRS.M00202", "transformation_type")
        r = raw(server, tenant, "POST", path, {"jobs": [{"job_id": rec.id,
                "transformation_info": {"transformation_type": "contentConditionalFilter", "value": "id>5"}}]})  # fmt: skip
        assert_drs_400(r, "DRS.M00202", "object_info")
        r = raw(server, tenant, "POST", path, {"jobs": [{"job_id": rec.id, "object_info": [{"id": "shop.orders"}],
                "transformation_info": {"transformation_type": "contentConditionalFilter", "value": "id>5"}}]})  # fmt: skip
        assert r.status_code == 200 and r.json()["results"][0]["error_code"] == "DRS.M00202"


# ---------------------------------------------------------------------------
# 4.3.2 sync policies
# ---------------------------------------------------------------------------


class TestSyncPolicy:
    def test_policy_shows_in_details(self, drs, client):
        rec = make_job(drs, "sync", "CONFIGURATION")
        resp = client.jobs.set_sync_policy(rec.id, conflict_policy="ignore", filter_ddl_policy="drop_database",
                                           ddl_trans=True, index_trans=False, file_and_position="mysql-bin.000277:805",
                                           gtid_set="3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5")  # fmt: skip
        assert resp.count == 1 and resp.results[0].ok
        d = detail_of(client, rec.id)
        assert d.conflict_policy == "ignore" and d.filter_ddl_policy == "drop_database"
        assert d.index_trans is False
        assert d.incre_start_position == "mysql-bin.000277:805"
        assert d.gtid == "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5"
        assert drs.store.get_job(rec.id).detail["ddl_trans"] is True

    def test_kafka_settings_for_kafka_targets_only(self, drs, client):
        kafka = make_job(drs, "kafka", "CONFIGURATION")
        assert client.jobs.set_sync_policy(kafka.id, topic_policy="0", topic="orders-cdc",
                                           kafka_data_format="json").results[0].ok  # fmt: skip
        assert drs.store.get_job(kafka.id).detail["topic_policy"] == "0"
        mysql = make_job(drs, "sync", "CONFIGURATION")
        row = client.jobs.set_sync_policy(mysql.id, topic_policy="2").results[0]
        assert row.error_code == "DRS.M00202" and "Kafka" in row.error_msg

    def test_start_point_matches_the_source_engine(self, drs, client):
        mongo = make_job(drs, "mongo", "CONFIGURATION")
        row = client.jobs.set_sync_policy(mongo.id, file_and_position="mysql-bin.000277:805").results[0]
        assert row.error_code == "DRS.M00202" and "MongoDB" in row.error_msg
        assert client.jobs.set_sync_policy(mongo.id, file_and_position="1690000000:1").results[0].ok
        mysql = make_job(drs, "sync", "CONFIGURATION")
        assert client.jobs.set_sync_policy(mysql.id, file_and_position="1690000000:1").results[0].error_code == "DRS.M00202"

    def test_gates_per_item(self, drs, client):
        cases = [
            make_job(drs, "sync", "INCRE_TRANSFER_STARTED"),
            make_job(drs, "sync", "CONFIGURATION", conn=False),
            make_job(drs, "sync", "CONFIGURATION", configured=False),
            make_job(drs, "sync", "CONFIGURATION", project_id=OTHER_PROJECT_ID),
        ]
        ids = [c.id for c in cases] + [UNKNOWN_ID]
        resp = client.jobs.set_sync_policy([{"job_id": j, "conflict_policy": "overwrite"} for j in ids])
        assert [r.id for r in resp.results] == ids
        assert [r.error_code for r in resp.results] == ["DRS.M00304", "DRS.M00300", "DRS.M00300", "DRS.M05003", "DRS.M05003"]
        assert "4.1.4" in resp.results[2].error_msg and "connection" in resp.results[1].error_msg
        assert all(r.status.value == "failed" for r in resp.results)

    def test_invalid_input(self, server, tenant, drs):
        rec = make_job(drs, "sync", "CONFIGURATION")
        path = "/jobs/batch-sync-policy"
        assert_drs_400(raw(server, tenant, "POST", path, {"jobs": [{"job_id": rec.id, "gtid_set": "a<b"}]}),
                       "DRS.M00202", "gtid_set")  # fmt: skip
        assert_drs_400(raw(server, tenant, "POST", path, {"jobs": [{"job_id": rec.id, "conflict_policy": "merge"}]}),
                       "DRS.M00202", "conflict_policy")  # fmt: skip
        assert_drs_400(raw(server, tenant, "POST", path, {"jobs": [{"conflict_policy": "stop"}]}), "DRS.M00201", "job_id")
        r = raw(server, tenant, "POST", path, {"jobs": [{"job_id": rec.id}, {"job_id": rec.id}]})
        assert_drs_400(r, "DRS.M00202", "once")


# ---------------------------------------------------------------------------
# 4.4.1 switchover
# ---------------------------------------------------------------------------


class TestSwitchover:
    def test_switchover_flips_direction_on_the_clock(self, drs, client, server, tenant):
        rec = make_job(drs, "dr")
        resp = client.dr.switchover(rec.id)
        assert isinstance(resp, SwitchoverResponse) and resp.count == 1
        row = resp.results[0]
        assert row.ok and row.job_id == rec.id
        assert row.job_direction == JobDirection.DOWN and row.is_target_readonly is False
        assert row.updated_at.tzinfo is not None
        assert row.source_db.db_type.value == "mysql" and row.source_db.ip == rec.detail["source_endpoint"]["ip"]
        assert row.target_db.instance_id == "3efbb0f1241f429e8e1d8f99ab094c7ain01"
        assert row.target_db.db_password is None and row.source_db.full_trans_user_pwd is None
        d = detail_of(client, rec.id)
        assert d.job_direction == JobDirection.UP and d.job_kernel_direction == JobDirection.DOWN
        listed = client.jobs.list(db_use_type="cloudDataGuard").jobs[0]
        assert listed.job_action.current_action == "SWITCH_OVER"
        # Still switching just before SWITCHOVER_S, done after it.
        drs.clock.advance(lifecycle.SWITCHOVER_S - 1)
        assert detail_of(client, rec.id).job_direction == JobDirection.UP
        drs.clock.advance(1)
        d = detail_of(client, rec.id)
        assert d.job_direction == JobDirection.DOWN and d.job_kernel_direction == JobDirection.DOWN
        assert d.original_job_direction == JobDirection.UP
        assert d.is_target_readonly is False
        # ... and back again.
        back = client.dr.switchover(rec.id).results[0]
        assert back.job_direction == JobDirection.UP and back.is_target_readonly is True

    def test_no_secret_on_the_wire(self, drs, server, tenant):
        rec = make_job(drs, "dr")
        r = raw(server, tenant, "POST", "/jobs/batch-switchover", {"jobs": [rec.id]})
        assert r.status_code == 202
        for secret in (SRC_PASSWORD, DST_PASSWORD):
            assert secret not in r.text
        row = r.json()["results"][0]
        for key in ("db_password", "full_trans_user_pwd", "increment_trans_user_pwd", "ssl_cert_key", "ssl_cert_password"):
            assert key not in row["source_db"] and key not in row["target_db"]
        assert row["is_target_readonly"] is False and row["job_direction"] == "down"
        assert row["updated_at"].endswith("Z")

    def test_per_item_errors(self, drs, client):
        running = make_job(drs, "dr")
        busy = make_job(drs, "dr")
        client.dr.switchover(busy.id)
        configuring = make_job(drs, "dr", "CONFIGURATION")
        sync = make_job(drs, "sync")
        theirs = make_job(drs, "dr", project_id=OTHER_PROJECT_ID)
        ids = [running.id, busy.id, configuring.id, sync.id, theirs.id, UNKNOWN_ID]
        resp = client.dr.switchover(ids)
        assert [r.job_id for r in resp.results] == ids and resp.count == 6
        assert [r.error_code for r in resp.results] == [None, "DRS.M01504", "DRS.M00304", "DRS.M00302", "DRS.M05003",
                                                         "DRS.M05003"]  # fmt: skip
        assert all(r.error_msg for r in resp.results[1:])
        assert drs.store.get_job(theirs.id).sim.get("switch_ms") is None

    def test_failed_dr_can_switch_and_pause_flag_is_kept(self, drs, client):
        rec = make_job(drs, "dr", "INCRE_TRANSFER_FAILED")
        assert client.dr.switchover(rec.id, pause_job=True).results[0].ok
        assert drs.store.get_job(rec.id).sim["pause_after_switchover"] is True

    def test_invalid_input(self, server, tenant):
        assert_drs_400(raw(server, tenant, "POST", "/jobs/batch-switchover", {"jobs": []}), "DRS.M00202", "jobs")
        assert_drs_400(raw(server, tenant, "POST", "/jobs/batch-switchover", {"jobs": ["x"]}), "DRS.M00202", "jobs")
        assert_drs_400(raw(server, tenant, "POST", "/jobs/batch-switchover", {"jobs": [UNKNOWN_ID, UNKNOWN_ID]}),
                       "DRS.M00202", "repeat")  # fmt: skip
        assert_drs_400(raw(server, tenant, "POST", "/jobs/batch-switchover", {}), "DRS.M00201", "jobs")


# ---------------------------------------------------------------------------
# 4.4.2 RPO/RTO and 4.4.3 monitoring
# ---------------------------------------------------------------------------


class TestRpoRtoAndMonitoring:
    def test_rpo_rto_moves_with_the_clock(self, drs, client):
        rec = make_job(drs, "dr")
        first = client.dr.rpo_rto(rec.id)
        assert isinstance(first, RpoRtoResponse) and first.count == 1
        row = first.results[0]
        assert row.error_code is None
        expected = lifecycle.incremental_delay_ms(rec, drs.clock.now_ms())
        assert row.rpo_info.delay_ms == expected and row.rto_info.delay_ms >= expected
        assert row.rpo_info.check_point.startswith("mysql-bin.") and row.rpo_info.time.tzinfo is not None
        assert client.dr.rpo_rto(rec.id) == first  # same simulated time, same answer
        drs.clock.advance(600)
        later = client.dr.rpo_rto(rec.id).results[0]
        assert later.rpo_info.time > row.rpo_info.time
        assert later.rpo_info.check_point != row.rpo_info.check_point

    def test_no_data_rows_and_errors(self, drs, client):
        full = make_job(drs, "dr", "FULL_TRANSFER_STARTED")
        conf = make_job(drs, "dr", "CONFIGURATION")
        sync = make_job(drs, "sync")
        theirs = make_job(drs, "dr", project_id=OTHER_PROJECT_ID)
        ids = [full.id, conf.id, sync.id, theirs.id, UNKNOWN_ID]
        resp = client.dr.rpo_rto(ids)
        assert [r.job_id for r in resp.results] == ids
        for r in resp.results[:2]:
            assert r.error_code is None and r.rpo_info.delay_ms == -1 and r.rto_info.gtid_set == "NA"
            assert r.rpo_info.check_point is None
        assert [r.error_code for r in resp.results[2:]] == ["DRS.M00302", "DRS.M05003", "DRS.M05003"]

    def test_monitoring_agrees_with_rpo(self, drs, client):
        rec = make_job(drs, "dr")
        mon = client.dr.monitoring(rec.id)
        assert isinstance(mon, DrMonitoringResponse) and mon.count == 1
        m = mon.results[0].monitor
        assert mon.results[0].id == rec.id
        rpo = client.dr.rpo_rto(rec.id).results[0]
        assert m.sr_delay == rpo.rpo_info.delay_ms
        assert m.sr_offset == rpo.rpo_info.check_point or m.node_offset == rpo.rpo_info.check_point
        assert m.src_normal and m.dst_normal and m.node_mem_in_mb in (8192, 16384, 32768)
        drs.clock.advance(3600)
        assert client.dr.monitoring(rec.id).results[0].monitor.trans_lines != m.trans_lines

    def test_monitoring_states(self, drs, client, server, tenant):
        failed = make_job(drs, "dr", "INCRE_TRANSFER_FAILED")
        full = make_job(drs, "dr", "FULL_TRANSFER_STARTED")
        sync = make_job(drs, "sync")
        ids = [failed.id, full.id, sync.id, UNKNOWN_ID]
        resp = client.dr.monitoring(ids)
        assert [r.id for r in resp.results] == ids
        assert resp.results[0].monitor.dst_normal is False and resp.results[0].monitor.sr_delay > 0
        nodata = resp.results[1].monitor
        assert nodata.sr_delay == -1 and nodata.sr_offset == "N/A" and nodata.node_mem_in_mb
        assert resp.results[2].monitor is None and resp.results[3].monitor is None
        body = raw(server, tenant, "POST", "/jobs/disaster-recovery-monitoring-data", {"jobs": ids}).json()
        assert [r.get("error_code") for r in body["results"]] == [None, None, "DRS.M00302", "DRS.M05003"]
        assert "cpuUsed_percent" in body["results"][0]["data_guard_minitor"]

    def test_invalid_input(self, server, tenant):
        for path in ("/jobs/batch-rpo-and-rto", "/jobs/disaster-recovery-monitoring-data"):
            assert_drs_400(raw(server, tenant, "POST", path, {"jobs": "abc"}), "DRS.M00202", "jobs")
            assert_drs_400(raw(server, tenant, "POST", path, {"jobs": [UNKNOWN_ID], "extra": 1}), "DRS.M00202", "extra")

    async def test_async_client(self, drs, aclient):
        rec = make_job(drs, "dr")
        resp = await aclient.dr.rpo_rto([rec.id])
        assert resp.results[0].job_id == rec.id and resp.results[0].rpo_info.delay_ms >= 0
        mon = await aclient.dr.monitoring([rec.id])
        assert mon.results[0].monitor.src_normal is True


# ---------------------------------------------------------------------------
# 4.4.4 / 4.4.5 initialization
# ---------------------------------------------------------------------------


class TestInitialization:
    def test_struct_process_follows_the_full_phase(self, drs, client):
        rec = make_job(drs, "dr", "FULL_TRANSFER_STARTED", full_pct=40.0)
        resp = client.dr.struct_process(rec.id)
        assert isinstance(resp, StructProcessResponse) and resp.count == 1
        res = resp.results[0]
        items = res.struct_process.result
        assert [i.type.value for i in items] == ["table", "view", "table_structure", "database", "function",
                                                 "procedure", "table_indexes"]  # fmt: skip
        assert any(not i.done for i in items) and any(i.done for i in items)
        start_ms = rec.sim["full_started_ms"]
        assert int(res.struct_process.create_time.timestamp() * 1000) == start_ms
        for i in items:
            if i.end_time is not None:
                assert start_ms <= i.start_time.timestamp() * 1000 <= i.end_time.timestamp() * 1000 <= drs.clock.now_ms()
        done_before = sum(i.dst_count for i in items)
        drs.clock.advance(int(rec.sim["full_s"]) + 1)  # the full phase ends
        after = client.dr.struct_process(rec.id).results[0].struct_process.result
        assert all(i.done and i.dst_count == i.src_count for i in after)
        assert sum(i.dst_count for i in after) > done_before

    def test_struct_process_not_started_and_errors(self, drs, client):
        conf = make_job(drs, "dr", "CONFIGURATION")
        sync = make_job(drs, "sync")
        theirs = make_job(drs, "dr", project_id=OTHER_PROJECT_ID)
        resp = client.dr.struct_process([conf.id, sync.id, theirs.id])
        items = resp.results[0].struct_process.result
        assert all(i.status == 1 and i.dst_count == 0 and i.start_time is None for i in items)
        assert [r.error_code for r in resp.results[1:]] == ["DRS.M00302", "DRS.M05003"]
        assert resp.results[1].error_message and resp.results[1].struct_process is None

    def test_struct_detail_paging_and_clock(self, drs, client):
        rec = make_job(drs, "dr", "FULL_TRANSFER_STARTED", full_pct=30.0)
        page = client.dr.struct_detail("table", rec.id)
        assert isinstance(page, StructDetailResponse)
        detail = page.results[0].struct_detail
        total = detail.total_record
        assert total >= 1 and len(detail.items) == min(5, total)  # the service's default page size
        everything = client.dr.struct_detail("table", rec.id, page=1, per_page=0).results[0].struct_detail
        assert len(everything.items) == total == everything.total_record
        second = client.dr.struct_detail("table", rec.id, page=2, per_page=3).results[0].struct_detail
        assert second.items == everything.items[3:6]
        assert client.dr.struct_detail("table", rec.id, page=99, per_page=5).results[0].struct_detail.items == []
        assert all(i.src_db and i.src_tb and i.dst_tb == i.src_tb for i in everything.items)
        before = sum(i.progress for i in everything.items)
        assert before < 100 * total
        drs.clock.advance(int(rec.sim["full_s"]) + 1)
        done = client.dr.struct_detail("table", rec.id, per_page=0).results[0].struct_detail
        assert all(i.progress == 100 for i in done.items)
        dbs = client.dr.struct_detail("database", rec.id, per_page=0).results[0].struct_detail
        assert sorted(i.src_db for i in dbs.items) == sorted({i.src_db for i in everything.items})

    def test_struct_detail_errors(self, drs, client, server, tenant):
        sync = make_job(drs, "sync")
        resp = client.dr.struct_detail("view", [sync.id, UNKNOWN_ID])
        assert [r.error_code for r in resp.results] == ["DRS.M00302", "DRS.M05003"]
        assert_drs_400(raw(server, tenant, "POST", "/jobs/function/batch-struct-detail", {"jobs": [sync.id]}),
                       "DRS.M00202", "type")  # fmt: skip
        r = raw(server, tenant, "POST", "/jobs/table/batch-struct-detail", {"jobs": [sync.id], "page_req": {"per_page": 101}})
        assert_drs_400(r, "DRS.M00202", "per_page")


# ---------------------------------------------------------------------------
# The official SDK accepts the responses
# ---------------------------------------------------------------------------


@pytest.fixture
def sdk(server, tenant):
    pytest.importorskip("huaweicloudsdkdrs")
    from huaweicloudsdkcore.auth.credentials import BasicCredentials
    from huaweicloudsdkdrs.v3 import DrsClient

    creds = BasicCredentials(tenant.ak, tenant.sk.get_secret_value(), tenant.project_id)
    return DrsClient.new_builder().with_credentials(creds).with_endpoints([server.endpoint]).build()


class TestOfficialSdk:
    def test_switchover_rpo_monitoring(self, drs, sdk):
        from huaweicloudsdkdrs.v3 import (
            BatchListRposAndRtosRequest,
            BatchQueryJobReq,
            BatchQueryRpoAndRtoReq,
            BatchSwitchoverReq,
            BatchSwitchoverRequest,
            ShowMonitoringDataRequest,
        )

        rec = make_job(drs, "dr")
        rpo = sdk.batch_list_rpos_and_rtos(BatchListRposAndRtosRequest(body=BatchQueryRpoAndRtoReq(jobs=[rec.id])))
        assert rpo.count == 1 and rpo.results[0].job_id == rec.id
        assert rpo.results[0].rpo_info.check_point.startswith("mysql-bin.")
        mon = sdk.show_monitoring_data(ShowMonitoringDataRequest(body=BatchQueryJobReq(jobs=[rec.id, UNKNOWN_ID])))
        assert mon.count == 2 and mon.results[0].data_guard_minitor.cpu_used_percent
        assert mon.results[0].data_guard_minitor.node_mem_in_mb in (8192, 16384, 32768)
        assert mon.results[1].data_guard_minitor is None
        sw = sdk.batch_switchover(BatchSwitchoverRequest(body=BatchSwitchoverReq(jobs=[rec.id, UNKNOWN_ID])))
        assert sw.count == 2
        ok, bad = sw.results
        assert ok.job_direction == "down" and ok.is_target_readonly is False
        assert ok.source_db.db_type == "mysql" and ok.target_db.instance_id == rec.detail["target_endpoint"]["inst_id"]
        assert ok.source_db.db_password is None
        assert bad.error_code == "DRS.M05003"

    def test_list_users(self, drs, sdk):
        from huaweicloudsdkdrs.v3 import ListUsersRequest

        rec = make_job(drs, "migr", "CONFIGURATION")
        resp = sdk.list_users(ListUsersRequest(job_id=rec.id))
        assert resp.job_id == rec.id and resp.is_success is True
        assert resp.user_list and all(u.password is None for u in resp.user_list)
        assert any("GRANT" in (u.privileges or "") for u in resp.user_list)
