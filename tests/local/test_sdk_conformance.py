"""Conformance of the local DRS with the official Huawei Cloud SDK (``huaweicloudsdkdrs`` v3).

The proof that any DRS client can talk to the local DRS: every one of the 46 operations is
driven through the SDK's own ``DrsClient`` (AK/SK signed, its own request models, its own
response deserialization) against a real HTTP server on 127.0.0.1 — the local DRS in-process
on a frozen simulated clock, which the flows move between steps with ``drs.clock.advance``.
One test drives the ``drstui serve`` command as a subprocess, configured like a user would
(``HUAWEICLOUD_SDK_AK/SK/PROJECT_ID``).

Beyond the SDK accepting each answer, every JSON response is compared with the SDK's model
(`wire_problems`: keys the SDK would silently drop, values of another JSON type than it
declares), and the SDK's own ``TypeConversionWarning`` is an error. The last tests check that
the flows exercised every operation of the API table and that the shapes matched.
"""

from __future__ import annotations

import decimal
import io
import json
import os
import re
import socket
import subprocess
import sys
import time
import uuid
import warnings
from pathlib import Path
from typing import Any

import httpx
import pytest

from drstui.api import all_specs
from drstui.local import lifecycle

pytest.importorskip("huaweicloudsdkcore")
pytest.importorskip("huaweicloudsdkdrs")
openpyxl = pytest.importorskip("openpyxl")

from huaweicloudsdkcore.auth.credentials import BasicCredentials  # noqa: E402
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException  # noqa: E402
from huaweicloudsdkcore.http.http_handler import HttpHandler  # noqa: E402
from huaweicloudsdkcore.warning.warning import TypeConversionWarning  # noqa: E402
from huaweicloudsdkdrs.v3 import DrsClient  # noqa: E402
from huaweicloudsdkdrs.v3 import model as m  # noqa: E402

REGION = "cn-north-4"
SUBNET = "352ad828-3467-4f03-987a-c55a5a9dd417"
TARGET_INST = "e05a3679efe241d8b5dee80b17c1a863in01"
SRC_PWD = "Src!Pass-7731"
TGT_PWD = "Tgt!Pass-1904"
UNKNOWN = "9a470239-2308-4bb5-a6bc-1040402fjb21"
PRECHECK_S = 11  # simulated seconds a pre-check takes
COMPARE_S = 61  # simulated seconds a small comparison takes
EXPORT_S = 6  # simulated seconds a result-file export takes

#: SDK operations the flows called (module-level collector; checked by the last test).
EXERCISED: set[str] = set()
#: Per SDK operation: where our JSON departed from the SDK model (unknown keys, other JSON types).
SHAPE_PROBLEMS: dict[str, set[str]] = {}
#: Flows that ran to their end in this session (the coverage check needs all of them).
FLOWS_DONE: set[str] = set()


# ---------------------------------------------------------------------------
# Harness: an SDK client that records operations and the last exchange
# ---------------------------------------------------------------------------


_PRIMITIVE = {"str": (str,), "int": (int,), "float": (int, float, decimal.Decimal), "bool": (bool,)}


def wire_problems(value: Any, sdk_type: str, where: str = "") -> list[str]:
    """Where a raw JSON response departs from the SDK's model: keys the SDK does not know (it drops
    them silently) and values of another JSON type than the SDK declares (it converts them blindly:
    ``bool("false")`` is True)."""
    if value is None or sdk_type == "object":
        return []
    if sdk_type.startswith("list["):
        if not isinstance(value, list):
            return [f"{where or '.'}: {type(value).__name__} where the SDK expects a list"]
        return [p for i, v in enumerate(value) for p in wire_problems(v, sdk_type[5:-1], f"{where}[{i}]")]
    if sdk_type.startswith("dict("):
        if not isinstance(value, dict):
            return [f"{where or '.'}: {type(value).__name__} where the SDK expects an object"]
        inner = sdk_type[5:-1].split(", ", 1)[1]
        return [p for k, v in value.items() for p in wire_problems(v, inner, f"{where}.{k}")]
    if sdk_type in _PRIMITIVE:
        ok = isinstance(value, _PRIMITIVE[sdk_type]) and not (sdk_type != "bool" and isinstance(value, bool))
        return [] if ok else [f"{where}: {type(value).__name__} {value!r:.40} where the SDK expects {sdk_type}"]
    cls = getattr(m, sdk_type, None)
    if cls is None or not getattr(cls, "openapi_types", None):
        return []
    if not isinstance(value, dict):
        return [f"{where or '.'}: {type(value).__name__} where the SDK expects object {sdk_type}"]
    by_wire = {cls.attribute_map[k]: t for k, t in cls.openapi_types.items()}
    out: list[str] = []
    for key, v in value.items():
        if key not in by_wire:
            out.append(f"{where}.{key}: not in SDK {sdk_type}")
        else:
            out.extend(wire_problems(v, by_wire[key], f"{where}.{key}"))
    return out


class Exchange:
    """The last HTTP exchange the SDK made (for precise failure reports)."""

    def __init__(self) -> None:
        self.request = ""
        self.response = ""
        self.json: Any = None

    def on_response(self, **kw: Any) -> None:
        resp = kw.get("response")
        if resp is None:
            return
        req = resp.request
        body = req.body.decode() if isinstance(req.body, bytes) else (req.body or "")
        self.request = f"{req.method} {req.url} {body[:600]}"
        ctype = resp.headers.get("Content-Type", "")
        self.json = None
        if "json" in ctype:
            try:
                self.json = json.loads(resp.text)
            except ValueError:
                pass
        text = f"<{len(resp.content)} bytes {ctype}>" if "json" not in ctype else resp.text[:900]
        self.response = f"{resp.status_code} {text}"

    def __str__(self) -> str:
        return f"request: {self.request} | response: {self.response}"


class Sdk:
    """The official ``DrsClient``; every operation called through it is recorded in `EXERCISED`."""

    def __init__(self, endpoint: str, ak: str, sk: str, project_id: str) -> None:
        self.last = Exchange()
        handler = HttpHandler().add_response_handler(self.last.on_response)
        self.client = (
            DrsClient.new_builder()
            .with_credentials(BasicCredentials(ak, sk, project_id))
            .with_endpoints([endpoint])
            .with_http_handler(handler)
            .build()
        )

    def __getattr__(self, name: str) -> Any:
        op = getattr(self.client, name)

        def call(request: Any) -> Any:
            EXERCISED.add(name)
            with warnings.catch_warnings():
                # The SDK warns (and keeps the raw value) when a wire value does not convert.
                warnings.simplefilter("error", TypeConversionWarning)
                resp = op(request)
            if self.last.json is not None and hasattr(type(resp), "openapi_types"):
                for problem in wire_problems(self.last.json, type(resp).__name__):
                    SHAPE_PROBLEMS.setdefault(name, set()).add(problem)
            return resp

        return call


@pytest.fixture
def sdk(server, tenant) -> Sdk:
    return Sdk(server.endpoint, tenant.ak, tenant.sk.get_secret_value(), tenant.project_id)


# ---------------------------------------------------------------------------
# Request builders (SDK models, as users write them)
# ---------------------------------------------------------------------------


def create_req(name: str, *, dr: bool = False) -> m.BatchCreateJobsRequest:
    job = m.CreateJobReq(
        name=name, db_use_type="cloudDataGuard" if dr else "migration",
        engine_type="cloudDataGuard-mysql" if dr else "mysql", job_direction="up", net_type="eip", bind_eip=True,
        node_type="high", task_type="FULL_INCR_TRANS", customize_sutnet_id=SUBNET, is_target_readonly=True,
        multi_write=False if dr else None, description="SDK conformance",
        source_endpoint=m.Endpoint(db_type="mysql"),
        target_endpoint=m.Endpoint(db_type="mysql", region=REGION, inst_id=TARGET_INST),
        tags=[m.ResourceTag(key="team", value="dba")],
    )  # fmt: skip
    return m.BatchCreateJobsRequest(x_language="en-us", body=m.BatchCreateJobReq(jobs=[job]))


def endpoints(job_id: str) -> list[m.TestEndPoint]:
    common = {"id": job_id, "net_type": "eip", "db_type": "mysql", "db_port": 3306}
    return [
        m.TestEndPoint(**common, end_point_type="so", ip="10.20.1.15", db_user="drs_migr", db_password=SRC_PWD),
        m.TestEndPoint(**common, end_point_type="ta", ip="192.168.0.27", db_user="root", db_password=TGT_PWD,
                       inst_id=TARGET_INST, region=REGION),
    ]  # fmt: skip


def config_req(job_id: str, engine: str, project_id: str) -> m.BatchUpdateJobRequest:
    row = m.ModifyJobReq(
        job_id=job_id, engine_type=engine, node_type="high", net_type="eip", job_direction="up",
        store_db_info=True, replace_definer=True,
        source_endpoint=m.Endpoint(db_type="mysql", ip="10.20.1.15", db_port=3306, db_user="drs_migr",
                                   db_password=SRC_PWD, ssl_link=False),
        target_endpoint=m.Endpoint(db_type="mysql", region=REGION, inst_id=TARGET_INST, db_user="root",
                                   db_password=TGT_PWD, project_id=project_id),
    )  # fmt: skip
    return m.BatchUpdateJobRequest(body=m.BatchModifyJobReq(jobs=[row]))


def page(job_id: str) -> m.BatchQueryJobReqPage:
    return m.BatchQueryJobReqPage(jobs=[job_id], page_req=m.PageReq(cur_page=1, per_page=10))


def status_of(sdk: Sdk, job_id: str) -> str:
    resp = sdk.batch_list_job_status(m.BatchListJobStatusRequest(body=page(job_id)))
    assert resp.count == 1 and resp.results[0].id == job_id
    return resp.results[0].status


def detail_of(sdk: Sdk, job_id: str) -> Any:
    resp = sdk.batch_list_job_details(m.BatchListJobDetailsRequest(body=page(job_id)))
    assert resp.count == 1 and resp.results[0].id == job_id
    return resp.results[0]


def precheck_and_start(sdk: Sdk, drs, job_id: str) -> None:
    pre = sdk.batch_check_jobs(m.BatchCheckJobsRequest(body=m.BatchPrecheckReq(
        jobs=[m.PreCheckInfo(job_id=job_id, precheck_mode="forStartJob")])))  # fmt: skip
    assert pre.count == 1 and pre.results[0].status == "success" and pre.results[0].precheck_id == job_id
    drs.clock.advance(PRECHECK_S)
    res = sdk.batch_check_results(m.BatchCheckResultsRequest(body=m.BatchQueryPrecheckResultReq(jobs=[job_id])))
    assert res.count == 1
    done = res.results[0]
    assert done.result is True and done.process == "100%" and done.precheck_id == job_id
    assert done.precheck_result and all(item.item for item in done.precheck_result)
    started = sdk.batch_start_jobs(m.BatchStartJobsRequest(body=m.BatchStartJobReq(
        jobs=[m.StartInfo(job_id=job_id)])))  # fmt: skip
    assert started.count == 1 and started.results[0].id == job_id and started.results[0].status == "success"
    assert status_of(sdk, job_id) == "STARTJOBING"
    drs.clock.advance(lifecycle.START_S + 1)


def to_incremental(sdk: Sdk, drs, job_id: str) -> None:
    drs.clock.advance(lifecycle.FULL_S_DEFAULT * 3 + lifecycle.INCR_HANDOVER_S)
    assert status_of(sdk, job_id) == "INCRE_TRANSFER_STARTED"


# ---------------------------------------------------------------------------
# Flow 1: a MySQL migration from creation to deletion
# ---------------------------------------------------------------------------


def test_mysql_migration_flow(sdk: Sdk, drs, tenant) -> None:
    # --- create and configure -------------------------------------------------
    created = sdk.batch_create_jobs(create_req("sdk-migr-01"))
    assert created.count == 1
    row = created.results[0]
    assert row.status == "CREATING" and row.name == "sdk-migr-01" and row.id.endswith("jb101")
    job_id = row.id
    assert status_of(sdk, job_id) == "CREATING"
    drs.clock.advance(lifecycle.CREATE_S)
    assert status_of(sdk, job_id) == "CONFIGURATION"

    conns = sdk.batch_validate_connections(m.BatchValidateConnectionsRequest(
        body=m.BatchTestConnectionReq(jobs=endpoints(job_id))))  # fmt: skip
    assert conns.count == 2
    assert [(r.id, r.status, r.success) for r in conns.results] == [(job_id, "success", True)] * 2

    nodes = [
        {"dbtype": "mysql", "ip": "10.20.1.15", "dbport": 3306, "nettype": "eip", "endpointtype": "so",
         "dbuser": "drs_migr", "dbpassword": SRC_PWD, "ssllink": False},
        {"dbtype": "mysql", "ip": "10.20.1.16", "dbport": 3306, "nettype": "eip", "endpointtype": "ls",
         "dbuser": "drs_migr", "dbpassword": SRC_PWD, "ssllink": False},
    ]  # fmt: skip
    cluster = sdk.batch_validate_clusters_connections(m.BatchValidateClustersConnectionsRequest(
        body=m.BatchSpecialTestConnectionReq(jobs=[
            m.BatchJobActionReq(action="testConnection", job_id=job_id, _property=json.dumps(nodes))])))  # fmt: skip
    assert cluster.count == 1 and cluster.results[0].id == job_id and cluster.results[0].status == "true"

    modified = sdk.batch_update_job(config_req(job_id, "mysql", tenant.project_id))
    assert modified.count == 1 and modified.results[0].id == job_id and modified.results[0].status == "success"

    objects = [
        m.DatabaseInfo(id="shop", object_type="database", object_name="shop", select="partial"),
        m.DatabaseInfo(id="shop-*-*-orders", parent_id="shop", object_type="table", object_name="orders",
                       select="true"),
        m.DatabaseInfo(id="crm", object_type="database", object_name="crm", select="true"),
    ]  # fmt: skip
    sel = sdk.batch_set_objects(m.BatchSetObjectsRequest(body=m.BatchUpdateDatabaseObjectReq(
        jobs=[m.UpdateDatabaseObjectReq(job_id=job_id, selected=True, job=objects)])))  # fmt: skip
    assert sel.all_counts == 1 and sel.results[0].job_id == job_id and sel.results[0].status is True

    params = sdk.batch_show_params(m.BatchShowParamsRequest(body=m.BatchQueryParamReq(jobs=[job_id], refresh="1")))
    assert params.count == 1 and len(params.params_list) == 1
    by_key = {p.key: p for p in params.params_list[0].params}
    assert len(by_key) == 30 and by_key["max_connections"].group == "common"
    assert {p.compare_result for p in by_key.values()} <= {"true", "false"}
    changed = sdk.update_params(m.UpdateParamsRequest(job_id=job_id, body=m.ModifyTargetParamsReq(
        group="common", params=[m.ParamsReqBean(key="max_connections", target_value="800")])))  # fmt: skip
    assert changed.success is True and changed.should_restart in ("true", "false")
    cached = sdk.batch_show_params(m.BatchShowParamsRequest(body=m.BatchQueryParamReq(jobs=[job_id], refresh="0")))
    assert {p.key: p.target_value for p in cached.params_list[0].params}["max_connections"] == "800"

    definer = sdk.batch_set_definer(m.BatchSetDefinerRequest(body=m.BatchReplaceDefinerReq(
        jobs=[m.ReplaceDefinerInfo(job_id=job_id, replace_definer=False)])))  # fmt: skip
    assert definer.count == 1 and definer.results[0].status == "success"

    speed = sdk.batch_set_speed(m.BatchSetSpeedRequest(body=m.BatchLimitSpeedReq(speed_limits=[
        m.LimitSpeedReq(job_id=job_id, speed_limit=[
            m.SpeedLimitInfo(begin="16:00", end="15:59", speed="15", is_utc=False)])])))  # fmt: skip
    assert speed.count == 1 and speed.results[0].id == job_id and speed.results[0].status == "success"

    policy = sdk.batch_set_policy(m.BatchSetPolicyRequest(body=m.BatchSetupSyncPolicyReq(jobs=[
        m.SyncPolicyReq(job_id=job_id, conflict_policy="overwrite", filter_ddl_policy="drop_database",
                        ddl_trans=True, index_trans=True)])))  # fmt: skip
    assert policy.count == 1 and policy.results[0].id == job_id and policy.results[0].status == "success"

    rule = sdk.batch_change_data(m.BatchChangeDataRequest(body=m.BatchDataTransformationReq(jobs=[
        m.CheckDataTransformationReq(
            job_id=job_id, object_info=[m.DatabaseObjectVO(id="shop-*-*-orders", select="true")],
            transformation_info=m.TransformationInfo(transformation_type="contentConditionalFilter",
                                                     value="id>5"))])))  # fmt: skip
    assert rule.count == 1 and rule.results[0].id == job_id and rule.results[0].status == "success"

    users = sdk.list_users(m.ListUsersRequest(job_id=job_id))
    assert users.job_id == job_id and users.is_success is True and users.user_list
    assert all(u.password is None for u in users.user_list)
    chosen = users.user_list[0]
    upd = sdk.batch_update_user(m.BatchUpdateUserRequest(body=m.BatchUpdateSrcUserReq(jobs=[m.UpdateUserReq(
        job_id=job_id, is_migrate_user=True, is_set_password=True, password="Global-Pass-77",
        list=[m.UserAccountVO(id=chosen.id, account=chosen.account, is_transfer=True, selected=True,
                              privileges=[], roles=[])], user_roles=[])])))  # fmt: skip
    assert upd.all_counts == 1 and upd.results[0].job_id == job_id and upd.results[0].is_success is True
    after = sdk.list_users(m.ListUsersRequest(job_id=job_id))
    assert {u.id: u.selected for u in after.user_list}[chosen.id] is True

    d = detail_of(sdk, job_id)
    assert d.source_endpoint.ip == "10.20.1.15" and d.source_endpoint.db_password is None
    assert d.replace_definer is False and d.conflict_policy == "overwrite" and d.migrate_user is True
    assert [(w.begin, w.end, w.speed) for w in d.speed_limit] == [("16:00", "15:59", "15")]
    assert d.data_transformation.total_count == 1
    assert [(o.type, o.name) for o in d.object_infos][:2] == [("database", "shop"), ("table", "orders")]

    # --- pre-check, start, transfer -------------------------------------------
    precheck_and_start(sdk, drs, job_id)
    assert status_of(sdk, job_id) == "FULL_TRANSFER_STARTED"
    drs.clock.advance(lifecycle.FULL_S_DEFAULT / 2)
    prog = sdk.batch_list_progresses(m.BatchListProgressesRequest(body=m.BatchQueryProgressReq(jobs=[job_id])))
    assert prog.count == 1 and prog.results[0].job_id == job_id
    assert prog.results[0].transfer_status == "FULL_TRANSFER_STARTED" and 0 < int(prog.results[0].progress) < 100
    assert set(prog.results[0].progress_map) == {"struct", "data", "index"}
    assert prog.results[0].progress_map["data"].completed.endswith("%")
    listed = sdk.show_job_list(m.ShowJobListRequest(body=m.QueryJobsReq(db_use_type="migration", cur_page=1,
                                                                        per_page=10)))  # fmt: skip
    assert listed.total_record >= 1
    mine = [j for j in listed.jobs if j.id == job_id]
    assert len(mine) == 1 and mine[0].status == "FULL_TRANSFER_STARTED" and mine[0].engine_type == "mysql"
    assert "PAUSE" in mine[0].job_action.available_actions

    to_incremental(sdk, drs, job_id)
    prog = sdk.batch_list_progresses(m.BatchListProgressesRequest(body=m.BatchQueryProgressReq(jobs=[job_id])))
    assert prog.results[0].progress == "100" and int(prog.results[0].incre_trans_delay_millis) >= 0
    d = detail_of(sdk, job_id)
    assert d.status == "INCRE_TRANSFER_STARTED" and d.full_transfer_complete_time

    # --- comparisons ----------------------------------------------------------
    made = sdk.create_compare_task(m.CreateCompareTaskRequest(body=m.CreateCompareTaskReq(
        job_id=job_id, object_level_compare_type="objects",
        data_level_compare_info=m.CreateDataLevelCompareReq(
            conflict_policy="keep", compare_type="lines",
            compare_object_infos=[m.CompareObjectInfo(db_name="shop"), m.CompareObjectInfo(db_name="crm")]))))
    assert made.job_id == job_id
    obj_id = made.object_level_compare_create_result.compare_task_id
    line_id = made.data_level_compare_create_result.compare_task_id
    assert uuid.UUID(obj_id) and uuid.UUID(line_id) and obj_id != line_id
    drs.clock.advance(COMPARE_S)

    value = sdk.create_data_level_table_compare_job(m.CreateDataLevelTableCompareJobRequest(
        job_id=job_id, body=m.CreateDataLevelTableCompareJobReq(
            type="contents", compare_object=[m.CompareObjectInfo(db_name="shop", table_name=[]),
                                             m.CompareObjectInfo(db_name="crm", table_name=[])])))  # fmt: skip
    content_id = value.id
    assert uuid.UUID(content_id)
    table_jobs = sdk.list_data_level_table_compare_jobs(m.ListDataLevelTableCompareJobsRequest(
        job_id=job_id, limit=10, offset=0))  # fmt: skip
    assert table_jobs.count == 2
    states = {j.id: (j.type, j.status) for j in table_jobs.compare_jobs}
    assert states == {content_id: ("contents", "RUNNING"), line_id: ("lines", "SUCCESSFUL")}
    drs.clock.advance(3 * COMPARE_S)
    table_jobs = sdk.list_data_level_table_compare_jobs(m.ListDataLevelTableCompareJobsRequest(job_id=job_id))
    assert {j.status for j in table_jobs.compare_jobs} == {"SUCCESSFUL"}

    results = sdk.list_compare_result(m.ListCompareResultRequest(body=m.QueryCompareResultReq(
        job_id=job_id, object_level_compare_id=obj_id, line_compare_id=line_id, content_compare_id=content_id,
        current_page=1, per_page=10)))  # fmt: skip
    assert results.job_id == job_id
    tl = results.compare_task_list_results
    assert tl.compare_task_list_count == 3
    assert {t.compare_task_id for t in tl.compare_task_list} == {obj_id, line_id, content_id}
    assert {t.compare_task_status for t in tl.compare_task_list} == {"SUCCESSFUL"}
    assert results.line_compare_results.compare_task_id == line_id
    assert {o.source_db_name for o in results.line_compare_results.line_compare_overview} == {"shop", "crm"}
    assert results.content_compare_results.compare_task_id == content_id
    assert results.object_level_compare_results.compare_task_id == obj_id

    ov = sdk.list_data_compare_overview(m.ListDataCompareOverviewRequest(job_id=job_id, compare_job_id=line_id))
    assert ov.total_count == 2 and {r.source_db_name for r in ov.data_compare_overview_infos} == {"shop", "crm"}
    assert all(r.compare_end_num == r.compare_num for r in ov.data_compare_overview_infos)
    det = sdk.list_data_compare_detail(m.ListDataCompareDetailRequest(job_id=job_id, compare_job_id=line_id,
                                                                      db_name="shop", limit=5, offset=0))
    assert det.total_count >= len(det.table_line_compare_result_infos) > 0
    assert len(det.table_line_compare_result_infos) <= 5
    every = sdk.list_data_compare_detail(m.ListDataCompareDetailRequest(job_id=job_id, compare_job_id=line_id))
    assert every.total_count == sum(r.compare_num for r in ov.data_compare_overview_infos) > det.total_count
    assert all(r.status in (0, 2, 23) and r.source_table_name for r in every.table_line_compare_result_infos)

    cov = sdk.list_content_compare_overview(m.ListContentCompareOverviewRequest(job_id=job_id,
                                                                                compare_job_id=content_id))
    assert cov.total_count == 2 and len(cov.content_compare_result_infos) == 2
    cdet = sdk.list_content_compare_detail(m.ListContentCompareDetailRequest(job_id=job_id, compare_job_id=content_id,
                                                                             limit=100, offset=0))
    assert cdet.total_count == sum(r.compare_num for r in cov.content_compare_result_infos)
    differing = [r for r in cdet.content_compare_result_infos if r.difference_row_num]
    assert differing
    t = differing[0]
    diff = sdk.list_content_compare_difference(m.ListContentCompareDifferenceRequest(
        job_id=job_id, compare_job_id=content_id, db_name=t.source_db, table_name=t.source_table_name, limit=5))
    assert diff.count == t.difference_row_num
    assert len(diff.contents_infos) == min(5, diff.count) and t.source_table_name in diff.contents_infos[0].select_sql

    sdk.create_object_level_compare_job(m.CreateObjectLevelCompareJobRequest(
        job_id=job_id, body=m.CreateObjectCompareJobReq()))  # fmt: skip
    running = sdk.list_obeject_level_compare_overview(m.ListObejectLevelCompareOverviewRequest(job_id=job_id))
    assert running.status == "RUNNING" and running.compare_job_id != obj_id
    drs.clock.advance(COMPARE_S)
    oov = sdk.list_obeject_level_compare_overview(m.ListObejectLevelCompareOverviewRequest(job_id=job_id))
    assert oov.status == "SUCCESSFUL" and oov.compare_job_id == running.compare_job_id
    types = {r.type: r for r in oov.compare_result}
    assert {"DB", "TABLE"} <= set(types)
    odet = sdk.list_obeject_level_compare_detail(m.ListObejectLevelCompareDetailRequest(
        job_id=job_id, compare_type="TABLE", compare_job_id=oov.compare_job_id, limit=100, offset=0))
    assert odet.count == types["TABLE"].source_count and len(odet.compare_detail) == min(odet.count, 100)

    later = str(drs.clock.now_ms() + 3_600_000)
    scheduled = sdk.create_data_level_table_compare_job(m.CreateDataLevelTableCompareJobRequest(
        job_id=job_id, body=m.CreateDataLevelTableCompareJobReq(
            type="lines", start_time=later, compare_object=[m.CompareObjectInfo(db_name="crm", table_name=[])])))
    sched_id = scheduled.id
    waiting = {j.id: j.status for j in sdk.list_data_level_table_compare_jobs(
        m.ListDataLevelTableCompareJobsRequest(job_id=job_id)).compare_jobs}  # fmt: skip
    assert waiting[sched_id] == "WAITING_FOR_RUNNING"
    sdk.start_promptly_data_level_table_compare_job(m.StartPromptlyDataLevelTableCompareJobRequest(
        job_id=job_id, compare_job_id=sched_id))  # fmt: skip
    jobs_now = {j.id: j.status for j in sdk.list_data_level_table_compare_jobs(
        m.ListDataLevelTableCompareJobsRequest(job_id=job_id)).compare_jobs}  # fmt: skip
    assert jobs_now[sched_id] == "RUNNING"
    sdk.delete_compare_job(m.DeleteCompareJobRequest(job_id=job_id, compare_job_id=sched_id))
    jobs_now = {j.id: j.status for j in sdk.list_data_level_table_compare_jobs(
        m.ListDataLevelTableCompareJobsRequest(job_id=job_id)).compare_jobs}  # fmt: skip
    assert jobs_now[sched_id] == "CANCELLED" and jobs_now[content_id] == "SUCCESSFUL"

    sdk.create_compare_result_file(m.CreateCompareResultFileRequest(job_id=job_id, region=REGION,
        body=m.ExportCompareResultReq(compare_type="contents", compare_job_id=content_id, time_zone="GMT+08:00")))
    drs.clock.advance(EXPORT_S)
    exported = {j.id: j for j in sdk.list_data_level_table_compare_jobs(
        m.ListDataLevelTableCompareJobsRequest(job_id=job_id)).compare_jobs}  # fmt: skip
    assert exported[content_id].export_status == "EXPORT_COMPLETE"
    dl = sdk.download_compare_result_file(m.DownloadCompareResultFileRequest(
        job_id=job_id, compare_type="contents", compare_job_id=content_id, region=REGION))  # fmt: skip
    chunks: list[bytes] = []
    dl.consume_download_stream(lambda stream: chunks.extend(stream.iter_content(65536)))
    data = b"".join(chunks)
    assert data[:2] == b"PK"
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    assert "Value Differences" in wb.sheetnames
    assert len(list(wb["Value Differences"].iter_rows(values_only=True))) > 1

    # --- pause, resume, passwords, stop, delete -------------------------------
    paused = sdk.batch_stop_jobs(m.BatchStopJobsRequest(body=m.BatchPauseJobReq(
        jobs=[m.PauseInfo(job_id=job_id, pause_mode="all")])))  # fmt: skip
    assert paused.count == 1 and paused.results[0].id == job_id and paused.results[0].status == "success"
    assert status_of(sdk, job_id) == "PAUSING"
    resumed = sdk.batch_restore_task(m.BatchRestoreTaskRequest(body=m.BatchRetryReq(
        jobs=[m.RetryInfo(job_id=job_id, is_sync_re_edit=False)])))  # fmt: skip
    assert resumed.count == 1 and resumed.results[0].status == "success"
    assert status_of(sdk, job_id) == "INCRE_TRANSFER_STARTED"

    pwd = sdk.batch_reset_password(m.BatchResetPasswordRequest(body=m.BatchModifyPwdReq(jobs=[
        m.ModifyPwdEndPoint(job_id=job_id, end_point_type="so", db_password="N3w!Src-Pass")])))  # fmt: skip
    assert pwd.count == 1 and pwd.results[0].id == job_id and pwd.results[0].status == "success"
    assert "N3w!Src-Pass" not in sdk.last.response

    stop = sdk.batch_delete_jobs(m.BatchDeleteJobsRequest(body=m.BatchDeleteJobReq(
        jobs=[m.DeleteJobReq(delete_type="terminate", job_id=job_id)])))  # fmt: skip
    assert stop.count == 1 and stop.results[0].id == job_id and stop.results[0].status == "success"
    assert status_of(sdk, job_id) == "RELEASE_RESOURCE_STARTED"
    drs.clock.advance(lifecycle.RELEASE_S + 1)
    assert status_of(sdk, job_id) == "RELEASE_RESOURCE_COMPLETE"
    gone = sdk.batch_delete_jobs(m.BatchDeleteJobsRequest(body=m.BatchDeleteJobReq(
        jobs=[m.DeleteJobReq(delete_type="delete", job_id=job_id)])))  # fmt: skip
    assert gone.results[0].status == "success"
    listed = sdk.show_job_list(m.ShowJobListRequest(body=m.QueryJobsReq(db_use_type="migration", cur_page=1,
                                                                        per_page=100)))  # fmt: skip
    assert all(j.id != job_id for j in listed.jobs)

    FLOWS_DONE.add("migration")


# ---------------------------------------------------------------------------
# Flow 2: a real-time DR task with a switchover
# ---------------------------------------------------------------------------


def test_dr_flow(sdk: Sdk, drs, tenant) -> None:
    created = sdk.batch_create_jobs(create_req("sdk-dr-01", dr=True))
    job_id = created.results[0].id
    assert created.count == 1 and created.results[0].status == "CREATING"
    drs.clock.advance(lifecycle.CREATE_S)
    conns = sdk.batch_validate_connections(m.BatchValidateConnectionsRequest(
        body=m.BatchTestConnectionReq(jobs=endpoints(job_id))))  # fmt: skip
    assert [r.status for r in conns.results] == ["success", "success"]
    modified = sdk.batch_update_job(config_req(job_id, "cloudDataGuard-mysql", tenant.project_id))
    assert modified.results[0].status == "success"
    precheck_and_start(sdk, drs, job_id)
    to_incremental(sdk, drs, job_id)
    before = detail_of(sdk, job_id)
    assert before.db_use_type == "cloudDataGuard" and before.job_direction == "up"

    sw = sdk.batch_switchover(m.BatchSwitchoverRequest(body=m.BatchSwitchoverReq(jobs=[job_id], is_pause_job=False)))
    assert sw.count == 1
    res = sw.results[0]
    assert res.job_id == job_id and res.job_direction == "down" and res.is_target_readonly is False
    assert res.source_db.db_type == "mysql" and res.target_db.instance_id == TARGET_INST
    assert res.source_db.db_password is None and res.target_db.db_password is None
    drs.clock.advance(lifecycle.SWITCHOVER_S + 1)
    after = detail_of(sdk, job_id)
    assert after.job_direction == "down" and after.original_job_direction == "up"
    assert after.status == "INCRE_TRANSFER_STARTED"

    rpo = sdk.batch_list_rpos_and_rtos(m.BatchListRposAndRtosRequest(body=m.BatchQueryRpoAndRtoReq(jobs=[job_id])))
    assert rpo.count == 1 and rpo.results[0].job_id == job_id
    assert int(rpo.results[0].rpo_info.delay) >= 0 and rpo.results[0].rpo_info.check_point.startswith("mysql-bin.")
    assert rpo.results[0].rto_info.gtid_set

    mon = sdk.show_monitoring_data(m.ShowMonitoringDataRequest(body=m.BatchQueryJobReq(jobs=[job_id])))
    assert mon.count == 1 and mon.results[0].id == job_id
    g = mon.results[0].data_guard_minitor
    assert g.src_normal is True and g.dst_normal is True and float(g.cpu_used_percent) >= 0
    assert g.sr_delay >= 0

    sp = sdk.batch_list_struct_process(m.BatchListStructProcessRequest(body=m.BatchQueryJobReq(jobs=[job_id])))
    assert sp.count == 1 and sp.results[0].job_id == job_id
    proc = sp.results[0].struct_process
    assert proc.result and all(r.type for r in proc.result)
    kinds = {r.type for r in proc.result}
    sd = sdk.batch_list_struct_detail(m.BatchListStructDetailRequest(type="table", body=m.BatchQueryJobReqPage(
        jobs=[job_id], page_req=m.PageReq(cur_page=1, per_page=5))))  # fmt: skip
    assert sd.count == 1 and sd.results[0].job_id == job_id
    detail = sd.results[0].struct_detail
    assert detail.total_record >= len(detail.list) > 0 and len(detail.list) <= 5
    assert all(r.src_db and r.src_tb and r.progress == 100 for r in detail.list)  # the full phase is over
    assert "table" in {k.lower() for k in kinds}

    FLOWS_DONE.add("dr")


# ---------------------------------------------------------------------------
# Flow 3: node types, against `drstui serve` run as a user runs it
# ---------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(tmp_path: Path):
    """``python -m drstui serve`` in a subprocess, credentials from HUAWEICLOUD_SDK_* variables."""
    port = _free_port()
    env = dict(os.environ, HUAWEICLOUD_SDK_AK="SDKCONFAK00000000001", HUAWEICLOUD_SDK_SK="sdk-conf-sk-0123456789abcdef",
               HUAWEICLOUD_SDK_PROJECT_ID="0a1b2c3d4e5f60718293a4b5c6d7e8f9", HOME=str(tmp_path))  # fmt: skip
    cmd = [sys.executable, "-m", "drstui", "serve", "--state", str(tmp_path / "s.sqlite3"), "--port", str(port),
           "--time-scale", "0", "--fail-share", "0"]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            if proc.poll() is not None:
                out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
                pytest.fail(f"drstui serve exited with {proc.returncode}: {out}")
            try:
                if httpx.get(endpoint + "/openapi.json", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("drstui serve did not answer /openapi.json within 20 s")
            time.sleep(0.05)
        yield endpoint, env
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout:
            proc.stdout.close()


def test_node_types_against_drstui_serve(served) -> None:
    endpoint, env = served
    sdk = Sdk(endpoint, env["HUAWEICLOUD_SDK_AK"], env["HUAWEICLOUD_SDK_SK"], env["HUAWEICLOUD_SDK_PROJECT_ID"])
    resp = sdk.list_available_node_types(m.ListAvailableNodeTypesRequest(
        engine_type="mysql", db_use_type="migration", job_direction="up", is_use_sellout_info=True))  # fmt: skip
    kinds = [n.node_type for n in resp.node_types]
    assert kinds and len(kinds) == len(set(kinds)) and "high" in kinds
    assert all(n.is_sellout in (True, False) for n in resp.node_types)
    multi = sdk.list_available_node_types(m.ListAvailableNodeTypesRequest(
        engine_type="cloudDataGuard-mysql", db_use_type="cloudDataGuard", job_direction="up", is_multi_write=True))
    assert 0 < len(multi.node_types) < len(kinds)
    listed = sdk.show_job_list(m.ShowJobListRequest(body=m.QueryJobsReq(db_use_type="migration")))
    assert listed.total_record == 0 and listed.jobs == []  # a fresh state file, no demo tasks
    FLOWS_DONE.add("node_types")


# ---------------------------------------------------------------------------
# Flow 4: errors as the SDK reports them
# ---------------------------------------------------------------------------


def test_errors_reach_the_sdk(sdk: Sdk, server, tenant) -> None:
    # A body the local DRS rejects: overlapping speed windows.
    bad = m.BatchSetSpeedRequest(body=m.BatchLimitSpeedReq(speed_limits=[m.LimitSpeedReq(job_id=UNKNOWN, speed_limit=[
        m.SpeedLimitInfo(begin="01:00", end="05:59", speed="10"),
        m.SpeedLimitInfo(begin="05:00", end="06:59", speed="10")])]))  # fmt: skip
    with pytest.raises(ClientRequestException) as e:
        sdk.batch_set_speed(bad)
    err = e.value
    assert err.status_code == 400 and err.error_code == "DRS.M00202"
    assert "overlap" in err.error_msg and len(err.request_id) == 32 and int(err.request_id, 16) >= 0

    # A missing mandatory field.
    with pytest.raises(ClientRequestException) as e:
        sdk.batch_check_jobs(m.BatchCheckJobsRequest(body=m.BatchPrecheckReq(jobs=[m.PreCheckInfo(job_id=UNKNOWN)])))
    assert e.value.status_code == 400 and e.value.error_code == "DRS.M00201" and "precheck_mode" in e.value.error_msg
    assert e.value.request_id

    # An unknown task in the path.
    with pytest.raises(ClientRequestException) as e:
        sdk.list_obeject_level_compare_overview(m.ListObejectLevelCompareOverviewRequest(job_id=UNKNOWN))
    assert e.value.status_code == 400 and e.value.error_code == "DRS.10000010" and e.value.request_id

    # Per-item failures are rows of a 2xx answer, in the SDK's row shapes (checked by the wire-shape test).
    start = sdk.batch_start_jobs(m.BatchStartJobsRequest(body=m.BatchStartJobReq(jobs=[m.StartInfo(job_id=UNKNOWN)])))
    assert start.count == 1 and start.results[0].status == "failed" and start.results[0].error_code == "DRS.M05003"
    st = sdk.batch_list_job_status(m.BatchListJobStatusRequest(body=page(UNKNOWN)))
    assert st.count == 1 and st.results[0].error_code == "DRS.M05003"
    prog = sdk.batch_list_progresses(m.BatchListProgressesRequest(body=m.BatchQueryProgressReq(jobs=[UNKNOWN])))
    assert prog.count == 1 and prog.results[0].error_code == "DRS.M05003"
    pre = sdk.batch_check_results(m.BatchCheckResultsRequest(body=m.BatchQueryPrecheckResultReq(jobs=[UNKNOWN])))
    assert pre.count == 1 and pre.results[0].result is False and pre.results[0].error_code
    params = sdk.batch_show_params(m.BatchShowParamsRequest(body=m.BatchQueryParamReq(jobs=[UNKNOWN], refresh="1")))
    assert params.count == 1 and params.params_list[0].params[0].error_code == "DRS.M05003"
    sel = sdk.batch_set_objects(m.BatchSetObjectsRequest(body=m.BatchUpdateDatabaseObjectReq(
        jobs=[m.UpdateDatabaseObjectReq(job_id=UNKNOWN, selected=False)])))  # fmt: skip
    assert sel.all_counts == 1 and sel.results[0].status is False and sel.results[0].error_code == "DRS.M05003"
    users = sdk.batch_update_user(m.BatchUpdateUserRequest(body=m.BatchUpdateSrcUserReq(jobs=[m.UpdateUserReq(
        job_id=UNKNOWN, is_migrate_user=False, is_set_password=False)])))  # fmt: skip
    assert users.all_counts == 1 and users.results[0].is_success is False and "DRS.M05003" in users.results[0].message
    sw = sdk.batch_switchover(m.BatchSwitchoverRequest(body=m.BatchSwitchoverReq(jobs=[UNKNOWN])))
    assert sw.count == 1 and sw.results[0].error_code == "DRS.M05003"
    rpo = sdk.batch_list_rpos_and_rtos(m.BatchListRposAndRtosRequest(body=m.BatchQueryRpoAndRtoReq(jobs=[UNKNOWN])))
    assert rpo.count == 1 and rpo.results[0].error_code == "DRS.M05003"
    sp = sdk.batch_list_struct_process(m.BatchListStructProcessRequest(body=m.BatchQueryJobReq(jobs=[UNKNOWN])))
    assert sp.count == 1 and sp.results[0].error_code == "DRS.M05003"
    mon = sdk.show_monitoring_data(m.ShowMonitoringDataRequest(body=m.BatchQueryJobReq(jobs=[UNKNOWN])))
    assert mon.count == 1 and mon.results[0].id == UNKNOWN and mon.results[0].data_guard_minitor is None

    # A wrong SK: the signature does not verify.
    wrong = Sdk(server.endpoint, tenant.ak, "not-the-secret-key-0000000000000000", tenant.project_id)
    with pytest.raises(ClientRequestException) as e:
        wrong.batch_list_job_status(m.BatchListJobStatusRequest(body=page(UNKNOWN)))
    assert e.value.status_code == 401 and e.value.error_code and e.value.request_id
    FLOWS_DONE.add("errors")


# ---------------------------------------------------------------------------
# Coverage: the flows exercised every operation of the API table
# ---------------------------------------------------------------------------


def test_every_seed_operation_was_exercised() -> None:
    if FLOWS_DONE != {"migration", "dr", "node_types", "errors"}:
        pytest.skip(f"needs every flow of this file to run first (ran: {sorted(FLOWS_DONE)})")
    expected = {spec.sdk_method for spec in all_specs().values()}
    assert len(expected) == 46
    assert EXERCISED >= expected, f"not exercised: {sorted(expected - EXERCISED)}"
    assert EXERCISED == expected, f"not in the API table: {sorted(EXERCISED - expected)}"


def test_wire_shape_checker_finds_departures() -> None:
    wire = {"count": "1", "results": [{"id": 7, "status": "CONFIGURATION", "bogus": True}]}
    assert sorted(wire_problems(wire, "BatchListJobStatusResponse")) == [
        ".count: str '1' where the SDK expects int",
        ".results[0].bogus: not in SDK QueryJobStatusResp",
        ".results[0].id: int 7 where the SDK expects str",
    ]
    assert wire_problems({"count": 1, "results": []}, "BatchListJobStatusResponse") == []


#: Known departures from the SDK model, harmless to the SDK (normalised path -> why).
SEED_QUIRKS = {
    "batch_list_job_details: .results[*].node_num: str": "seed Table 4-158 types node_num String (SDK int); "
    "the SDK converts int('1')",
    "batch_list_job_details: .results[*].object_infos[*].select: not in SDK DatabaseObjectInfo": "the seed's 4.1.21 "
    "example carries select on object_infos; the SDK ignores it",
    # A deliberate local-DRS addition (drstui/local/handlers/users_policies_dr.py `monitoring`): the 4.4.3 row has
    # no error fields, yet an unknown id keeps its row and says why; the SDK ignores the extra keys.
    "show_monitoring_data: .results[*].error_code: not in SDK QueryDataGuardMonitorAndChartResp": "error row",
    "show_monitoring_data: .results[*].error_msg: not in SDK QueryDataGuardMonitorAndChartResp": "error row",
}


def _normalise(line: str) -> str:
    line = re.sub(r"\[\d+\]", "[*]", line)
    return re.sub(r": (str|int|bool|float|list|dict) .* where the SDK expects .*$", r": \1", line)


def test_responses_have_the_sdk_wire_shape() -> None:
    """Every JSON response of the flows has exactly the SDK's keys and JSON types, bar the known departures."""
    if FLOWS_DONE != {"migration", "dr", "node_types", "errors"}:
        pytest.skip(f"needs every flow of this file to run first (ran: {sorted(FLOWS_DONE)})")
    lines = {f"{op}: {p}" for op, probs in SHAPE_PROBLEMS.items() for p in probs}
    unexplained = sorted(line for line in lines if _normalise(line) not in SEED_QUIRKS)
    assert not unexplained, "\n".join(unexplained)
