"""Seed 4.4: disaster recovery (dr.switchover, dr.rpo_rto, dr.monitoring, dr.struct_process, dr.struct_detail)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from drstui.api.models.common import JobIdsParams, PageReq, PagedJobIdsParams
from drstui.api.models.dr import (
    ClusterMode,
    DrMonitor,
    DrMonitoringResponse,
    RpoRtoResponse,
    StructDetailResponse,
    StructObjectType,
    StructProcessResponse,
    SwitchoverParams,
    SwitchoverResponse,
    SwitchoverResult,
)
from drstui.api.models.enums import DbType, JobDirection
from drstui.api.spec import all_specs

from ._helpers import (
    API, SEED, Recorder, assert_rejected, assert_request, assert_response_fixture, assert_sdk_wire_names,
    async_client, load, sync_client,
)

DR_JOB = "8d0e8e36-a618-490d-8a46-8c61ac9jb502"
DR_JOB2 = "0ea5c5a0-e1b5-4421-80a9-7c9ff27jb502"


# ---------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------

REQUESTS = {
    "4.4.1-req.json": SwitchoverParams,
    "4.4.2-req.json": JobIdsParams,
    "4.4.3-req.json": JobIdsParams,
    "4.4.4-req.json": JobIdsParams,
    "4.4.5-req.json": PagedJobIdsParams,
}
RESPONSES = {
    "4.4.1-resp.json": SwitchoverResponse,
    "4.4.2-resp.json": RpoRtoResponse,
    "4.4.3-resp.json": DrMonitoringResponse,
    "4.4.4-resp.json": StructProcessResponse,
    "4.4.5-resp.json": StructDetailResponse,
}


def test_every_fixture_of_the_section_is_covered():
    assert {p.name for p in SEED.glob("4.4.*-*.json")} == set(REQUESTS) | set(RESPONSES)


@pytest.mark.parametrize("name", sorted(REQUESTS))
def test_request_fixture_validates_and_goes_out_unchanged(name):
    raw = load(name)
    assert REQUESTS[name].model_validate(raw).to_wire() == raw


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_response_fixture_round_trips(name):
    assert_response_fixture(RESPONSES[name], name)


# ---------------------------------------------------------------------------
# 4.4.1 switchover
# ---------------------------------------------------------------------------


def test_switchover_sends_ids_and_parses_db_objects():
    rec = Recorder(load("4.4.1-resp.json"), status=202)
    with sync_client(rec) as client:
        result = client.dr.switchover([DR_JOB])
    assert_request(rec.only, "POST", f"{API}/jobs/batch-switchover", body=load("4.4.1-req.json"))
    assert isinstance(result, SwitchoverResponse)
    row = result.results[0]
    assert row.updated_at == datetime(2020, 12, 18, 6, 38, 37, tzinfo=UTC)
    assert row.job_direction is JobDirection.DOWN
    assert row.is_target_readonly is False
    assert row.ok
    src, tgt = row.source_db, row.target_db
    assert src is not None and tgt is not None
    assert src.db_type is DbType.MYSQL and src.db_port == 3306
    assert src.cluster_mode is ClusterMode.SINGLE
    assert src.created_at == datetime(2020, 12, 16, 12, 9, 54, tzinfo=UTC)
    assert src.created_at.tzinfo is not None
    assert src.volume_size is None and tgt.volume_size == 40
    assert tgt.instance_id == "a3ab61173b1b4533b8c3dfc2bb3ec828in01"
    assert src.describe() == "mysql rds-zw-source:3306 as root"


def test_switchover_pause_job_and_single_id():
    rec = Recorder(load("4.4.1-resp.json"), status=202)
    with sync_client(rec) as client:
        client.dr.switchover(DR_JOB, pause_job=True)
    assert rec.sent() == {"jobs": [DR_JOB], "is_pause_job": True}


def test_switchover_readonly_spellings():
    for key in ("is_target_readonly", "is_target_read_only", "is_target_READONLY"):
        row = SwitchoverResult.model_validate({"job_id": DR_JOB, key: True})
        assert row.is_target_readonly is True
        assert row.to_wire() == {"job_id": DR_JOB, "is_target_readonly": True}


def test_switchover_db_secrets_masked_in_dumps():
    result = SwitchoverResponse.model_validate(
        {"results": [{"source_db": {"db_password": "RealPw#1", "full_trans_use_r_pwd": "Cipher#2",
                                    "kerberos_vo": {"key_tab_file": "KEYTAB#3", "user_principal": "drs"}}}]}
    )
    text = repr(result) + str(result.model_dump())
    for secret in ("RealPw#1", "Cipher#2", "KEYTAB#3"):
        assert secret not in text
    wire = result.to_wire()["results"][0]["source_db"]
    assert wire["db_password"] == "RealPw#1"
    assert wire["full_trans_user_pwd"] == "Cipher#2"
    assert wire["kerberos_vo"] == {"key_tab_file": "KEYTAB#3", "user_principal": "drs"}


def test_switchover_unknown_enum_values_kept_and_unknown_fields_ignored():
    row = SwitchoverResult.model_validate(
        {"job_direction": "sideways", "source_db": {"cluster_mode": "Mesh", "db_type": "tidb", "new_field": 1}}
    )
    assert row.job_direction.value == "sideways" and not row.job_direction.known
    assert row.source_db.cluster_mode.value == "Mesh" and not row.source_db.cluster_mode.known
    assert row.source_db.db_type.value == "tidb"
    assert "new_field" not in row.source_db.to_wire()


async def test_switchover_async():
    rec = Recorder(load("4.4.1-resp.json"), status=202)
    async with async_client(rec) as client:
        result = await client.dr.switchover([DR_JOB])
    assert_request(rec.only, "POST", f"{API}/jobs/batch-switchover")
    assert result.count == 1 and result.results[0].target_db.db_version == "5.7.31"


# ---------------------------------------------------------------------------
# 4.4.2 RPO/RTO
# ---------------------------------------------------------------------------


def test_rpo_rto():
    rec = Recorder(load("4.4.2-resp.json"), status=202)
    with sync_client(rec) as client:
        result = client.dr.rpo_rto([DR_JOB])
    assert_request(rec.only, "POST", f"{API}/jobs/batch-rpo-and-rto", body=load("4.4.2-req.json"))
    assert isinstance(result, RpoRtoResponse)
    rpo = result.results[0].rpo_info
    assert rpo is not None
    assert rpo.time == datetime(2020, 12, 18, 15, 47, 5, tzinfo=UTC)
    assert rpo.delay == "0" and rpo.delay_ms == 0
    assert rpo.gtid_set == "NA" and rpo.check_point == "mysql-bin.000514:197"
    assert result.to_wire()["results"][0]["rto_info"]["time"] == "2020-12-18 15:47:05"


async def test_rpo_rto_async():
    rec = Recorder(load("4.4.2-resp.json"), status=202)
    async with async_client(rec) as client:
        result = await client.dr.rpo_rto(DR_JOB)
    assert rec.sent() == {"jobs": [DR_JOB]}
    assert result.results[0].rto_info.delay_ms == 0


# ---------------------------------------------------------------------------
# 4.4.3 monitoring
# ---------------------------------------------------------------------------


def test_monitoring():
    rec = Recorder(load("4.4.3-resp.json"))
    job = "9a470239-2308-4bb5-a6bc-1040402fjb21"
    with sync_client(rec) as client:
        result = client.dr.monitoring([job])
    assert_request(rec.only, "POST", f"{API}/jobs/disaster-recovery-monitoring-data", body=load("4.4.3-req.json"))
    assert isinstance(result, DrMonitoringResponse)
    mon = result.results[0].monitor
    assert mon is not None
    assert mon.cpu_used_percent == "1.4"
    assert mon.mem_used_in_mb == "2166" and mon.node_mem_in_mb == 8192
    assert mon.node_volume_in_gb == 100 and mon.volume_used_in_gb == "5"
    assert mon.trans_in_mb == "0" and mon.dst_delay == 81046806 and mon.sr_delay == 0
    assert mon.src_normal is True and mon.migration_bytes_per_second == 789456
    wire = result.to_wire()["results"][0]
    assert set(wire) == {"id", "data_guard_minitor"}
    assert {"cpuUsed_percent", "mem_used_inMB", "node_mem_inMB", "node_volume_inGB", "trans_inMB",
            "volume_used_inGB"} <= set(wire["data_guard_minitor"])


def test_monitor_reads_the_table_spellings_too():
    mon = DrMonitor.model_validate({"mem_used_in_MB": "1", "node_mem_in_MB": 2})
    assert mon.mem_used_in_mb == "1" and mon.node_mem_in_mb == 2
    assert mon.to_wire() == {"mem_used_inMB": "1", "node_mem_inMB": 2}
    by_name = DrMonitor(cpu_used_percent="3.5", node_volume_in_gb=10)
    assert by_name.to_wire() == {"cpuUsed_percent": "3.5", "node_volume_inGB": 10}


# ---------------------------------------------------------------------------
# 4.4.4 initialization progress
# ---------------------------------------------------------------------------


def test_struct_process():
    rec = Recorder(load("4.4.4-resp.json"))
    with sync_client(rec) as client:
        result = client.dr.struct_process([DR_JOB2])
    assert_request(rec.only, "POST", f"{API}/jobs/batch-struct-process", body=load("4.4.4-req.json"))
    assert isinstance(result, StructProcessResponse)
    proc = result.results[0].struct_process
    assert proc is not None
    assert proc.create_time == datetime.fromtimestamp(1608429670.521, tz=UTC)
    assert [i.type for i in proc.result] == [
        StructObjectType.TABLE, StructObjectType.VIEW, StructObjectType.TABLE_STRUCTURE, StructObjectType.DATABASE,
        StructObjectType.FUNCTION, StructObjectType.PROCEDURE, StructObjectType.TABLE_INDEXES,
    ]
    db = proc.result[3]
    assert db.status == 2 and isinstance(db.status, int) and db.done
    assert db.src_count == 1 and db.dst_count == 1
    assert db.start_time == datetime.fromtimestamp(1608097599, tz=UTC)
    wire_item = result.to_wire()["results"][0]["struct_process"]["result"][0]
    assert wire_item["start_time"] == 1608097599000 and isinstance(wire_item["start_time"], int)
    assert result.to_wire()["results"][0]["struct_process"]["create_time"] == "1608429670521"


def test_struct_process_unknown_type_is_kept():
    resp = StructProcessResponse.model_validate(
        {"results": [{"job_id": DR_JOB, "struct_process": {"result": [{"type": "sequence", "status": 1}]},
                      "error_message": None, "unknown": True}]}
    )
    item = resp.results[0].struct_process.result[0]
    assert item.type.value == "sequence" and not item.type.known and not item.done


async def test_struct_process_async():
    rec = Recorder(load("4.4.4-resp.json"))
    async with async_client(rec) as client:
        result = await client.dr.struct_process(DR_JOB2)
    assert rec.sent() == {"jobs": [DR_JOB2]}
    assert len(result.results[0].struct_process.result) == 7


# ---------------------------------------------------------------------------
# 4.4.5 initialization object details
# ---------------------------------------------------------------------------


def test_struct_detail_with_paging():
    rec = Recorder(load("4.4.5-resp.json"))
    with sync_client(rec) as client:
        result = client.dr.struct_detail("database", [DR_JOB2], page=1, per_page=10)
    assert_request(rec.only, "POST", f"{API}/jobs/database/batch-struct-detail", body=load("4.4.5-req.json"))
    assert isinstance(result, StructDetailResponse)
    detail = result.results[0].struct_detail
    assert detail is not None and detail.total_record == 1
    assert detail.create_time == datetime.fromtimestamp(1608429484.785, tz=UTC)
    item = detail.items[0]
    assert (item.progress, item.src_db, item.src_tb, item.dst_db, item.dst_tb) == (100, "test1", "test1", "test1", "test1")
    wire_item = result.to_wire()["results"][0]["struct_detail"]["list"][0]
    assert set(wire_item) == {"progress", "src_DB", "src_TB", "dst_DB", "dst_TB"}


def test_struct_detail_page_variants():
    rec = Recorder(load("4.4.5-resp.json"))
    with sync_client(rec) as client:
        client.dr.struct_detail(StructObjectType.TABLE_INDEXES, DR_JOB2)
        client.dr.struct_detail("table", [DR_JOB2], page=PageReq(cur_page=2, per_page=0))
        client.dr.struct_detail("view", [DR_JOB2], page=3)
        client.dr.struct_detail("TRIGGER", [DR_JOB2], per_page=50)
    assert rec.requests[0].url.path == f"{API}/jobs/table_indexes/batch-struct-detail"
    assert rec.sent(0) == {"jobs": [DR_JOB2]}
    assert rec.sent(1) == {"jobs": [DR_JOB2], "page_req": {"cur_page": 2, "per_page": 0}}
    assert rec.sent(2) == {"jobs": [DR_JOB2], "page_req": {"cur_page": 3, "per_page": 5}}
    assert rec.requests[3].url.path == f"{API}/jobs/trigger/batch-struct-detail"
    assert rec.sent(3) == {"jobs": [DR_JOB2], "page_req": {"cur_page": 1, "per_page": 50}}


async def test_struct_detail_async():
    rec = Recorder(load("4.4.5-resp.json"))
    async with async_client(rec) as client:
        result = await client.dr.struct_detail("schema", [DR_JOB2])
    assert_request(rec.only, "POST", f"{API}/jobs/schema/batch-struct-detail")
    assert result.results[0].struct_detail.items[0].progress == 100


@pytest.mark.parametrize("bad_type", ["function", "column", "", "database/../x"])
def test_struct_detail_rejects_undocumented_types(bad_type):
    assert_rejected(lambda client: client.dr.struct_detail(bad_type, [DR_JOB2]))


@pytest.mark.parametrize(
    "kwargs",
    [
        pytest.param({"page": 1, "per_page": 101}, id="per-page-over-100"),
        pytest.param({"page": 1, "per_page": -1}, id="per-page-negative"),
        pytest.param({"page": -1}, id="page-negative"),
    ],
)
def test_struct_detail_paging_limits(kwargs):
    assert_rejected(lambda client: client.dr.struct_detail("table", [DR_JOB2], **kwargs))


# ---------------------------------------------------------------------------
# Id lists (all five APIs) and specs
# ---------------------------------------------------------------------------

CALLS = {
    "switchover": lambda c, ids: c.dr.switchover(ids),
    "rpo_rto": lambda c, ids: c.dr.rpo_rto(ids),
    "monitoring": lambda c, ids: c.dr.monitoring(ids),
    "struct_process": lambda c, ids: c.dr.struct_process(ids),
    "struct_detail": lambda c, ids: c.dr.struct_detail("table", ids),
}


@pytest.mark.parametrize("call", sorted(CALLS))
@pytest.mark.parametrize(
    "ids",
    [pytest.param([], id="empty"), pytest.param(["not-an-id"], id="malformed"),
     pytest.param([DR_JOB, DR_JOB], id="duplicate")],
)
def test_id_lists_are_validated_before_sending(call, ids):
    assert_rejected(lambda client: CALLS[call](client, ids))


SPECS = {
    "dr.switchover": ("4.4.1", "POST", "/v3/{project_id}/jobs/batch-switchover", "batch_switchover", 202, True),
    "dr.rpo_rto": ("4.4.2", "POST", "/v3/{project_id}/jobs/batch-rpo-and-rto", "batch_list_rpos_and_rtos", 202, False),
    "dr.monitoring": ("4.4.3", "POST", "/v3/{project_id}/jobs/disaster-recovery-monitoring-data",
                      "show_monitoring_data", 200, False),
    "dr.struct_process": ("4.4.4", "POST", "/v3/{project_id}/jobs/batch-struct-process",
                          "batch_list_struct_process", 200, False),
    "dr.struct_detail": ("4.4.5", "POST", "/v3/{project_id}/jobs/{type}/batch-struct-detail",
                         "batch_list_struct_detail", 200, False),
}


@pytest.mark.parametrize("key", sorted(SPECS))
def test_specs(key):
    spec = all_specs()[key]
    assert (spec.section, spec.method, spec.path, spec.sdk_method, spec.status, spec.mutating) == SPECS[key]
    assert spec.batch_field == "jobs" and spec.response is not None


def test_struct_detail_spec_path_params():
    assert all_specs()["dr.struct_detail"].path_params == ("project_id", "type")


# ---------------------------------------------------------------------------
# Wire names agree with the official SDK's attribute_map
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model_name", "sdk_name"),
    [
        ("SwitchoverParams", "BatchSwitchoverReq"),
        ("Kerberos", "KerberosVO"),
        ("DrDatabase", "EndpointVO"),
        ("SwitchoverResult", "SwitchoverResp"),
        ("SwitchoverResponse", "BatchSwitchoverResponse"),
        ("RpoRtoPoint", "RpoAndRtoInfo"),
        ("RpoRtoResult", "QueryRpoAndRtoResp"),
        ("RpoRtoResponse", "BatchListRposAndRtosResponse"),
        ("DrMonitor", "QueryDataGuardMonitorResponse"),
        ("DrMonitoringResult", "QueryDataGuardMonitorAndChartResp"),
        ("DrMonitoringResponse", "ShowMonitoringDataResponse"),
        ("StructProcessItem", "StructProcessVO"),
        ("StructProcess", "StructProcessResp"),
        ("StructProcessResult", "QueryStructProcessResp"),
        ("StructProcessResponse", "BatchListStructProcessResponse"),
        ("StructDetailItem", "StructDetailVO"),
        ("StructDetail", "QueryFlowCompareDataResp"),
        ("StructDetailResult", "QueryStructDetailResp"),
        ("StructDetailResponse", "BatchListStructDetailResponse"),
    ],
)
def test_wire_names_match_sdk(model_name, sdk_name):
    from drstui.api.models import dr

    assert_sdk_wire_names(getattr(dr, model_name), sdk_name)
