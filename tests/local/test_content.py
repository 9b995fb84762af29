"""Deterministic local-DRS content (drstui.local.content) and result workbooks."""

from __future__ import annotations

import io
import json
import random
import re
import time

import openpyxl
import pytest
from pydantic import SecretStr

from drstui.local import content as c
from drstui.local.result_file import SHEETS, build_result_workbook

sdk = pytest.importorskip("huaweicloudsdkdrs.v3.model")

ENGINES = ("mysql", "mongodb", "postgresql")
NOW = 1_735_689_600_000  # 2025-01-01T00:00:00Z


def rng(task: str = "140b5236-88ad-43c8-811c-1268453jb101") -> random.Random:
    return random.Random(task)


def wire(cls) -> set[str]:
    """The SDK's wire names for a model class."""
    return set(cls.attribute_map.values())


def schema_for(engine: str, task: str = "task-a") -> list[dict]:
    return c.task_schema(rng(task + engine), engine)


def all_tables(schema):
    return [(d["db"], t) for d in schema for t in d["tables"]]


# ------------------------------------------------------------------------------------------------
# determinism
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_same_seed_same_content(engine):
    def everything(task):
        s = c.task_schema(rng(task), engine)
        d0 = s[0]["db"]
        t0 = s[0]["tables"][0]["name"]
        return json.dumps([
            s,
            c.precheck_items(rng(task), engine, fail_share=0.5),
            c.db_params(rng(task), engine),
            c.object_compare_overview(s), c.object_compare_details(s, None, "INDEX"),
            c.line_overview(s), c.line_details(s, None, d0),
            c.content_overview(s), c.content_details(s, None, d0),
            c.content_differences(s, None, d0, t0, 50),
            c.src_users(rng(task), engine),
            c.rpo_rto(rng(task), NOW, 1200), c.monitoring(rng(task), NOW, task),
            c.struct_process(rng(task), task, s, NOW, NOW + 3000),
            c.struct_detail(rng(task), task, s, "table", NOW, NOW + 3000),
        ], sort_keys=True)

    assert everything("job-1") == everything("job-1")
    assert everything("job-1") != everything("job-2")


def test_different_tasks_get_different_schemas_and_prechecks():
    schemas = {json.dumps(c.task_schema(rng(f"t{i}"), "mysql"), sort_keys=True) for i in range(10)}
    assert len(schemas) == 10
    prechecks = {json.dumps(c.precheck_items(rng(f"t{i}"), "mysql", fail_share=0.5)) for i in range(20)}
    assert len(prechecks) > 5


def test_content_does_not_depend_on_rng_state_once_schema_is_built():
    s = schema_for("mysql")
    db = s[0]["db"]
    a = (c.line_details(s, random.Random(1), db), c.object_compare_overview(s, random.Random(2)))
    b = (c.line_details(s, random.Random(99), db), c.object_compare_overview(s, None))
    assert a == b


# ------------------------------------------------------------------------------------------------
# pre-check (4.1.7)
# ------------------------------------------------------------------------------------------------

MYSQL_REF_ITEMS = {
    "srcDbConnection", "dstDbConnection", "dbVersionMeetRequirement", "srcDbVersionSupport", "dstDbVersionSupport",
    "dstDbPrivilegesIsEnough", "srcDbPrivilegesIsEnoughForIncre", "dstStatusCheck", "dstDbDiskSize",
    "checkIncreSrcDbExistedInDstDb", "dbCharacterSetConsistency", "dbClockConsistency",
    "dbCollationServerConsistency", "dbIsolationLevelConsistency", "dbParamConsistency", "dbServerUuidConsistency",
    "dstMaxAllowedPacketCheck", "hasForeignKeyOnUnselectedTable", "innodbStrictModeConsistency",
    "isUserRequireSslLink", "sqlModeConsistency", "sqlModeNoEngine", "srcBinlogFormatCheck",
    "srcBinlogRowImageCheck", "srcDbBinlogExpireLogsDays", "srcDbBinlogIsOff", "srcDbExistUnsupportEngineTable",
    "srcDbIndexKeyLength", "srcDbNameContainsUnsupportedSymbols", "srcDbServerIdCheck",
    "srcDstTableNameCaseSensitiveCheck", "srcHasNoPkTableWhenTgtHasInvisiblePk", "srcRoutinesWithoutPrivilegeCheck",
    "srcTableNameContainsNonAscii", "srcTriggerAndEventCheck", "srcViewNameContainsNonAscii",
    "srclogSlaveUpdatesCheck", "userRequirementsIsEnoughForDefiner", "userSelectObjectsCheck",
}
MYSQL_REF_GROUPS = {"network", "db_version", "db_user_privilege", "db_target_status", "db_disk_size", "db_params"}
DDS_EXTRA_GROUPS = {"db_object_conflict_check", "db_object_dependency_check", "src_info_check"}


def test_mysql_precheck_items_match_the_seed_example():
    items = c.precheck_items(rng(), "mysql")
    assert {i["item"] for i in items} == MYSQL_REF_ITEMS
    assert len(items) == len(MYSQL_REF_ITEMS)
    assert {i["group"] for i in items} == MYSQL_REF_GROUPS
    assert items[0]["item"] == "dstDbDiskSize" and items[-1]["item"] == "srcDbConnection"


def test_dds_and_pg_precheck_items():
    dds = c.precheck_items(rng(), "mongodb")
    assert {i["group"] for i in dds} == MYSQL_REF_GROUPS | DDS_EXTRA_GROUPS
    names = {i["item"] for i in dds}
    assert {"srcCollHasTtlIndex", "srcShardKeyConfiguration", "dstDbPrivilegesEnough", "srcIdIndexCheck"} <= names
    pg = {i["item"] for i in c.precheck_items(rng(), "postgresql")}
    assert {"walLevelIsLogical", "maxReplicationSlots", "srcTableHasNoPrimaryKey", "dbEncodingConsistency"} <= pg


@pytest.mark.parametrize("engine", ENGINES)
def test_alarm_and_failed_items_carry_reasons(engine):
    seen = set()
    for i in range(40):
        for item in c.precheck_items(rng(f"j{i}"), engine, fail_share=1.0, sub_jobs=[("sub-1", "child")]):
            assert item["result"] in {"PASSED", "ALARM", "FAILED"}
            seen.add(item["result"])
            if item["result"] != "PASSED":
                assert re.fullmatch(r"[A-Z][A-Z_]+", item["failed_reason"])
                assert len(item["raw_error_msg"]) > 20
                assert isinstance(json.loads(item["data"]), dict)
            if item["result"] == "FAILED":
                assert item["failed_sub_jobs"] == [{"id": "sub-1", "name": "child", "check_result": "FAILED"}]
    assert seen == {"PASSED", "ALARM", "FAILED"}


def test_fail_share_controls_failures():
    for i in range(30):
        assert all(x["result"] != "FAILED" for x in c.precheck_items(rng(f"k{i}"), "mysql", fail_share=0.0))
        failed = [x for x in c.precheck_items(rng(f"k{i}"), "mysql", fail_share=1.0) if x["result"] == "FAILED"]
        assert 1 <= len(failed) <= 2


def test_precheck_summary():
    items = [{"item": "a", "result": "PASSED", "group": "g"}, {"item": "b", "result": "ALARM", "group": "g"},
             {"item": "c", "result": "PASSED", "group": "g"}]
    s = c.precheck_summary(items, "pid", 100, rds_instance_id="x" * 32 + "in01", job_direction="up")
    assert s["result"] is True and s["total_passed_rate"] == "100%" and s["process"] == "100%"
    assert set(s) <= wire(sdk.QueryPreCheckResp)
    assert s["precheck_result"] == items
    items.append({"item": "d", "result": "FAILED", "group": "g"})
    s = c.precheck_summary(items, "pid", 100)
    assert s["result"] is False and s["total_passed_rate"] == "75%"
    assert c.precheck_summary(items[:3], "pid", 40)["result"] is False
    for item in c.precheck_items(rng(), "mysql", fail_share=1.0):
        assert set(item) <= wire(sdk.PrecheckResult)


# ------------------------------------------------------------------------------------------------
# parameters (4.1.9)
# ------------------------------------------------------------------------------------------------


def test_db_params():
    rows = c.db_params(rng(), "mysql")
    assert len(rows) >= 20
    keys = [r["key"] for r in rows]
    assert keys == sorted(keys)
    assert {"character_set_server", "innodb_lock_wait_timeout", "max_connections", "sql_mode", "time_zone"} <= set(keys)
    for r in rows:
        assert set(r) <= wire(sdk.Params)
        assert r["compare_result"] == ("true" if r["source_value"] == r["target_value"] else "false")
        assert r["need_restart"] in {"true", "false"} and r["group"] in {"common", "performance"}
        assert r["data_type"] in {"figure", None}
        if r["key"] == "innodb_lock_wait_timeout":
            assert r["value_range"] == "1-1073741824"
    assert 3 <= sum(r["compare_result"] == "false" for r in rows) <= 6
    assert any(r["need_restart"] == "true" and r["group"] == "performance" for r in rows)
    assert c.db_params(rng(), "mongodb") == []


# ------------------------------------------------------------------------------------------------
# schema and object comparison (4.1.34 / 4.1.35)
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_schema_shape(engine):
    for i in range(10):
        s = c.task_schema(rng(f"s{i}"), engine)
        assert 2 <= len(s) <= 3
        for d in s:
            assert d["engine"] == engine and d["tables"]
            for t in d["tables"]:
                assert t["target_rows"] >= 0 and t["rows"] > 0
                if t["pk"]:
                    assert t["target_rows"] == t["rows"] - t["only_in_source"] + t["only_in_target"]
        assert any(t["only_in_source"] or t["changed"] or t["only_in_target"] for _db, t in all_tables(s))
        assert any(d["object_diffs"] for d in s)
        json.dumps(s)  # JSON-ready
    named = c.task_schema(rng(), engine, databases=["shop", "legacy_erp"])
    assert [d["db"] for d in named] == ["shop", "legacy_erp"]


@pytest.mark.parametrize("engine", ENGINES)
def test_object_overview_matches_details(engine):
    for i in range(8):
        s = c.task_schema(rng(f"o{i}"), engine)
        overview = c.object_compare_overview(s)
        assert any(o["status"] == 0 for o in overview)
        for o in overview:
            assert set(o) == wire(sdk.ObjectsCompareOverviewInfo)
            rows = c.object_compare_details(s, None, o["type"])
            assert o["source_count"] == sum(r["source_db_value"] is not None for r in rows)
            assert o["target_count"] == sum(r["target_db_value"] is not None for r in rows)
            assert o["status"] == (0 if any(r["status"] == 0 for r in rows) else 2)
            for r in rows:
                assert set(r) == wire(sdk.ObjectsCompareDetailInfo)
                assert (r["status"] == 0) == (r["error_message"] is not None)
    mysql_types = [o["type"] for o in c.object_compare_overview(schema_for("mysql"))]
    assert mysql_types == ["DB", "TABLE", "VIEW", "INDEX", "ROUTINE", "TRIGGER", "EVENT"]


def test_table_count_and_index_format():
    s = schema_for("mysql")
    overview = {o["type"]: o for o in c.object_compare_overview(s)}
    assert overview["TABLE"]["source_count"] == len(all_tables(s))
    assert overview["DB"]["source_count"] == len(s)
    assert any("`.`PRIMARY" in r["source_db_value"] for r in c.object_compare_details(s, None, "INDEX"))


# ------------------------------------------------------------------------------------------------
# row comparison (4.1.28 / 4.1.29)
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_line_overview_matches_details(engine):
    for i in range(8):
        s = c.task_schema(rng(f"l{i}"), engine)
        for o in c.line_overview(s):
            assert set(o) == wire(sdk.DataCompareOverviewInfo)
            rows = c.line_details(s, None, o["source_db_name"])
            assert o["compare_num"] == len(rows)
            assert o["data_inconsistent_num"] == sum(r["status"] == 0 for r in rows)
            assert o["status"] == (0 if o["data_inconsistent_num"] else 2)
            for r in rows:
                assert set(r) == wire(sdk.TableLineCompareResultInfo)
                assert r["difference_row_num"] == abs(r["source_row_num"] - r["target_row_num"])
                assert r["status"] == (2 if r["difference_row_num"] == 0 else 0)


def test_at_least_one_table_has_a_row_count_difference():
    for i in range(15):
        s = c.task_schema(rng(f"d{i}"), "mysql")
        assert any(o["data_inconsistent_num"] for o in c.line_overview(s))


def test_line_progress():
    s = schema_for("mysql")
    n = len(all_tables(s))
    ov = c.line_overview(s, progress=0.5)
    assert sum(o["compare_end_num"] for o in ov) == n // 2
    statuses = [r["status"] for d in s for r in c.line_details(s, None, d["db"], progress=0.5)]
    assert statuses.count(5) == 1 and statuses.count(6) == n - n // 2 - 1
    waiting = [r for d in s for r in c.line_details(s, None, d["db"], progress=0.0) if r["status"] == 6]
    assert all(r["source_row_num"] is None for r in waiting)
    assert {o["status"] for o in c.line_overview(s, progress=0.0)} <= {5, 6}


# ------------------------------------------------------------------------------------------------
# value comparison (4.1.30 – 4.1.32)
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_content_overview_matches_details(engine):
    for i in range(8):
        s = c.task_schema(rng(f"v{i}"), engine)
        for o in c.content_overview(s):
            assert set(o) == wire(sdk.NodeContentCompareOverviewResult)
            rows = c.content_details(s, None, o["source_db"])
            comp = c.content_details(s, None, o["source_db"], type="compare")
            uncomp = c.content_details(s, None, o["source_db"], type="unCompare")
            assert len(comp) + len(uncomp) == len(rows) == o["compare_num"]
            assert o["uncomparable_num"] == len(uncomp)
            bad = [r for r in comp if not (r["content_compare_result"] and r["line_compare_result"])]
            assert o["data_inconsistent_num"] == len(bad)
            for r in rows:
                assert set(r) == wire(sdk.NodeContentCompareDetailResult)
                assert r["status"] == 2 and r["progress"] == 100.0
                assert r["complete_shard_count"] == r["total_shard_count"]
            for r in comp:
                counts = c.content_difference_counts(s, o["source_db"], r["source_table_name"])
                assert r["difference_row_num"] == counts["count"]
                assert r["content_compare_result"] == (counts["count"] == 0)


def test_uncomparable_table_without_primary_key():
    s = [c.db_entry("ops", [c.table_entry("audit_log", 5000, pk=(), target_rows=4990),
                            c.table_entry("job_runs", 100)])]
    ov = c.content_overview(s)[0]
    assert ov["uncomparable_num"] == 1 and ov["data_inconsistent_num"] == 0
    (row,) = c.content_details(s, None, "ops", type="unCompare")
    assert row["content_compare_result"] is None and "primary key" in row["message"]
    assert c.content_differences(s, None, "ops", "audit_log")["count"] == 0
    assert c.line_overview(s)[0]["data_inconsistent_num"] == 1


def big_schema(engine="mysql", a=1000, b=2000, changed=997_000, pk=("id",), pk_type="int"):
    t = c.table_entry("orders", 5_000_000, pk=pk, pk_type=pk_type, only_in_source=a, only_in_target=b, changed=changed)
    return [c.db_entry("shop", [t], engine=engine, seed=7)]


def test_difference_counts_and_wire_keys():
    s = big_schema(a=3, b=2, changed=5)
    body = c.content_differences(s, None, "shop", "orders", 1000)
    assert set(body) == wire(sdk.ListContentCompareDifferenceResponse)
    assert body["count"] == 10 and body["target_meta_is_null"] == 3 and body["source_meta_is_null"] == 2
    assert body["source_target_meta_not_null"] == 5
    rows = body["contents_infos"]
    assert len(rows) == 10
    assert sum(r["target_key_value"] == [] for r in rows) == 3
    assert sum(r["source_key_value"] == [] for r in rows) == 2
    for r in rows:
        assert set(r) == wire(sdk.CompareJobContentDetailInfo)
        assert re.fullmatch(r"select \* from `shop`\.`orders` where `id` = \d+", r["select_sql"])
        key = r["source_key_value"] or r["target_key_value"]
        assert re.fullmatch(r"id=\d+", key[0])
        assert r["select_sql"].endswith(key[0].split("=")[1])


def test_difference_paging_exact():
    s = big_schema(a=7, b=5, changed=1000)
    total = c.content_difference_counts(s, "shop", "orders")["count"]
    assert total == 1012
    pages = [c.content_difference_page(s, None, "shop", "orders", off, 100) for off in range(0, total, 100)]
    assert [len(p) for p in pages] == [100] * 10 + [12]
    flat = [r for p in pages for r in p]
    assert flat == list(c.iter_content_differences(s, "shop", "orders"))
    ids = [int((r["source_key_value"] or r["target_key_value"])[0].split("=")[1]) for r in flat]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert sum(r["target_key_value"] == [] for r in flat) == 7
    assert sum(r["source_key_value"] == [] for r in flat) == 5
    assert c.content_difference_page(s, None, "shop", "orders", total, 100) == []
    assert c.content_difference_page(s, None, "shop", "orders", 5, 0) == []
    assert c.content_differences(s, None, "shop", "orders", 3, offset=1000)["contents_infos"] == flat[1000:1003]


def test_million_row_difference_table_pages_fast_without_building_it():
    s = big_schema()
    assert c.content_difference_counts(s, "shop", "orders")["count"] == 1_000_000
    t0 = time.perf_counter()
    page = c.content_difference_page(s, None, "shop", "orders", 999_990, 1000)
    body = c.content_differences(s, None, "shop", "orders", 1000, offset=999_990)
    elapsed = time.perf_counter() - t0
    assert elapsed < 1.0
    assert len(page) == 10 and body["contents_infos"] == page and body["count"] == 1_000_000
    assert page == c.content_difference_page(s, None, "shop", "orders", 999_990, 10)
    first = c.content_difference_page(s, None, "shop", "orders", 0, 1000)
    assert len(first) == 1000


@pytest.mark.parametrize(("engine", "pk", "pk_type", "pattern"), [
    ("mysql", ("order_id", "line_no"), "int", r"select \* from `shop`\.`orders` where `order_id` = \d+ and `line_no` = \d"),
    ("postgresql", ("id",), "int", r'select \* from "public"\."orders" where "id" = \d+'),
    ("mysql", ("session_id",), "uuid", r"select \* from `shop`\.`orders` where `session_id` = '[0-9a-f-]{36}'"),
    ("mongodb", ("_id",), "objectid", r'db\.getSiblingDB\("shop"\)\.orders\.find\(\{"_id": ObjectId\("[0-9a-f]{24}"\)\}\)'),
])
def test_difference_sql_per_engine(engine, pk, pk_type, pattern):
    s = big_schema(engine, a=0, b=0, changed=50, pk=pk, pk_type=pk_type)
    rows = c.content_difference_page(s, None, "shop", "orders", 0, 50)
    assert len(rows) == 50
    for r in rows:
        assert re.fullmatch(pattern, r["select_sql"]), r["select_sql"]
        assert len(r["source_key_value"]) == len(pk)
    keys = {tuple(r["source_key_value"]) for r in rows}
    assert len(keys) == 50


# ------------------------------------------------------------------------------------------------
# composite result (4.1.18)
# ------------------------------------------------------------------------------------------------


def test_query_compare_result():
    s = schema_for("mysql")
    tasks = [{"compare_task_id": f"id-{i}", "compare_type": "contents", "compare_task_status": "SUCCESSFUL",
              "create_time": NOW + i, "end_time": NOW + i + 5000} for i in range(5)]
    body = c.query_compare_result("job", s, object_compare_id="o", line_compare_id="l", content_compare_id="v",
                                  compare_tasks=tasks, current_page=1, per_page=2)
    assert set(body) <= wire(sdk.ListCompareResultResponse)
    obj = body["object_level_compare_results"]
    assert set(obj) <= wire(sdk.ObjectCompareResult)
    for o in obj["object_compare_overview"]:
        assert set(o) == wire(sdk.ObjectCompareResultOverview)
        assert o["object_compare_result"] == ("CONSISTENT" if o["diff_count"] == 0 else "INCONSISTENT")
        for r in obj["object_compare_details"][o["object_type"]]:
            assert set(r) == wire(sdk.ObjectCompareResultDetails)
        assert len(obj["object_compare_details"][o["object_type"]]) <= 2
    line = body["line_compare_results"]
    assert line["line_compare_overview_count"] == len(s) == len(line["line_compare_details"])
    for d, det in zip(s, line["line_compare_details"]):
        assert det["line_compare_detail_count"] == len(d["tables"])
        assert len(det["line_compare_detail"]) == min(2, len(d["tables"]))
        for r in det["line_compare_detail"]:
            assert set(r) == wire(sdk.LineCompareDetail)
    content = body["content_compare_results"]
    assert set(content) <= wire(sdk.ContentCompareResult)
    assert content["content_compare_diffs"]
    for diff in content["content_compare_diffs"]:
        assert set(diff) == wire(sdk.ContentCompareResultDiffs)
        assert diff["content_compare_diff_count"] == c.content_difference_counts(
            s, diff["source_db_name"], diff["source_table_name"])["count"]
        for r in diff["content_compare_diff"]:
            assert set(r) == wire(sdk.ContentCompareDiff)
    for det in content["content_compare_details"]:
        for r in det["content_compare_detail"]:
            assert set(r) == wire(sdk.ContentCompareDetail)
    tl = body["compare_task_list_results"]
    assert tl["compare_task_list_count"] == 5 and len(tl["compare_task_list"]) == 2
    assert tl["compare_task_list"][0]["create_time"] == str(NOW)
    only_tasks = c.query_compare_result("job", s, compare_tasks=tasks)
    assert set(only_tasks) == {"job_id", "compare_task_list_results"}


# ------------------------------------------------------------------------------------------------
# users (4.2.2)
# ------------------------------------------------------------------------------------------------


def _walk(obj, path=""):
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _walk(v, f"{path}.{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _walk(v, f"{path}[{i}]")
    else:
        yield path, obj


@pytest.mark.parametrize("engine", ENGINES)
def test_src_users_never_carry_passwords(engine):
    for i in range(10):
        body = c.src_users(rng(f"u{i}"), engine, job_id="job")
        assert set(body) == wire(sdk.ListUsersResponse)
        assert body["is_success"] is True and body["message"] == "SUCCESS"
        assert len(body["user_list"]) >= 3
        for u in body["user_list"]:
            assert set(u) == wire(sdk.QueryUserDetailResp)
        for r in body["roles_list"]:
            assert set(r) == wire(sdk.QueryRoleDetailResp)
        for path, value in _walk(body):
            if path.rsplit(".", 1)[-1] == "password":
                assert value in (None, ""), path
            else:  # no credential-looking text hides anywhere else either
                assert not re.search(r"IDENTIFIED BY|PASSWORD '|pwd=", str(value), re.I), path
        assert body["is_global_password"] == "false"
        assert any(u["is_transfer"] is False for u in body["user_list"])
    mysql = c.src_users(rng(), "mysql")
    assert any(u["account"] == "'app_rw'@'%'" and u["privileges"].startswith("GRANT ") for u in mysql["user_list"])


# ------------------------------------------------------------------------------------------------
# DR (4.4.2 – 4.4.5)
# ------------------------------------------------------------------------------------------------


def test_rpo_rto():
    row = c.rpo_rto(rng("dr"), NOW, 1500, job_id="dr")
    assert set(row) <= wire(sdk.QueryRpoAndRtoResp)
    for key in ("rpo_info", "rto_info"):
        p = row[key]
        assert set(p) == wire(sdk.RpoAndRtoInfo)
        assert re.fullmatch(r"mysql-bin\.\d{6}:\d+", p["check_point"])
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", p["time"])
        assert p["gtid_set"] == "NA" or re.fullmatch(r"[0-9a-f-]{36}:1-\d+", p["gtid_set"])
    assert row["rpo_info"]["delay"] == "1500" and row["rpo_info"]["time"] == "2024-12-31 23:59:58"

    def pos(now):
        f, p = c.rpo_rto(rng("dr"), now, 0)["rpo_info"]["check_point"].removeprefix("mysql-bin.").split(":")
        return int(f), int(p)

    points = [pos(NOW + k * 600_000) for k in range(20)]
    assert points == sorted(points)


def test_monitoring():
    row = c.monitoring(rng("dr"), NOW, "dr", delay_ms=300)
    assert set(row) == {"id", "data_guard_minitor"} and set(row) <= wire(sdk.QueryDataGuardMonitorAndChartResp)
    mon = row["data_guard_minitor"]
    assert set(mon) == wire(sdk.QueryDataGuardMonitorResponse)
    assert {"cpuUsed_percent", "mem_used_inMB", "node_mem_inMB", "node_volume_inGB", "trans_inMB",
            "volume_used_inGB"} <= set(mon)
    for k in ("bandwidth", "cpuUsed_percent", "dst_io", "dst_offset", "dst_rps", "mem_used_inMB", "node_offset",
              "sr_offset", "src_io", "src_rps", "trans_inMB", "trans_lines", "volume_used_inGB"):
        assert isinstance(mon[k], str), k
    for k in ("dst_delay", "node_mem_inMB", "node_volume_inGB", "sr_delay", "migration_bytes_per_second"):
        assert isinstance(mon[k], int) and not isinstance(mon[k], bool), k
    assert mon["src_normal"] is True and mon["sr_delay"] == 300
    later = c.monitoring(rng("dr"), NOW + 3_600_000, "dr", start_ms=NOW - 86_400_000)
    assert int(later["data_guard_minitor"]["trans_lines"]) > int(mon["trans_lines"])


def test_struct_process_and_detail_agree():
    s = schema_for("mysql")
    start = NOW
    for now in (start, start + 2_000, start + 6_000, start + 3_600_000):
        proc = c.struct_process(None, "dr", s, start, now)
        assert set(proc) <= wire(sdk.QueryStructProcessResp)
        assert set(proc["struct_process"]) == wire(sdk.StructProcessResp)
        result = {r["type"]: r for r in proc["struct_process"]["result"]}
        assert list(result) == ["table", "view", "table_structure", "database", "function", "procedure",
                                "table_indexes"]
        for kind, r in result.items():
            assert set(r) == wire(sdk.StructProcessVO)
            detail = c.struct_detail(None, "dr", s, kind, start, now, per_page=0)
            assert set(detail["struct_detail"]) == wire(sdk.QueryFlowCompareDataResp)
            rows = detail["struct_detail"]["list"]
            assert detail["struct_detail"]["total_record"] == r["src_count"] == len(rows)
            assert r["dst_count"] == sum(x["progress"] == 100 for x in rows)
            assert r["status"] == (2 if r["dst_count"] == r["src_count"] and r["end_time"] else 1)
            for x in rows:
                assert set(x) == wire(sdk.StructDetailVO)
            if r["start_time"] is not None and r["end_time"] is not None:
                assert isinstance(r["start_time"], int) and r["start_time"] <= r["end_time"]
    final = c.struct_process(None, "dr", s, start, start + 3_600_000)["struct_process"]["result"]
    assert all(r["status"] == 2 for r in final)
    assert {r["type"]: r["src_count"] for r in final}["table"] == len(all_tables(s))
    page = c.struct_detail(None, "dr", s, "table", start, start + 3_600_000, cur_page=2, per_page=3)
    assert len(page["struct_detail"]["list"]) == min(3, max(0, len(all_tables(s)) - 3))
    pg = c.task_schema(rng("pg"), "postgresql")
    assert c.struct_detail(None, "dr", pg, "table", start, start, per_page=1)["struct_detail"]["list"][0][
        "src_DB"].endswith(".public")


# ------------------------------------------------------------------------------------------------
# connection tests (4.1.2)
# ------------------------------------------------------------------------------------------------

GOOD = {"db_type": "mysql", "ip": "10.0.0.5", "db_port": 3306, "db_user": "root", "db_password": "Secret#123"}


@pytest.mark.parametrize(("change", "code"), [
    ({"ip": "", "inst_id": None}, "DRS.KE001"),
    ({"db_password": "wrong"}, "DRS.KE002"),
    ({"db_password": SecretStr("wrong")}, "DRS.KE002"),
    ({"ip": "10.255.255.1"}, "DRS.KE003"),
    ({"db_port": 1}, "DRS.KE003"),
    ({"ip": "10.0.0.1:8635,10.255.255.1:8635", "db_port": 0, "db_type": "mongodb"}, "DRS.KE003"),
    ({"ip": "db.example.invalid"}, "DRS.KE0018"),
    ({"ip": "192.0.2.10"}, "DRS.KE0017"),
    ({"ip": "198.51.100.7"}, "DRS.KE004"),
    ({"ssl_link": True}, "DRS.KE009"),
    ({"db_type": "kafka", "topic": "missing"}, "DRS.KE0042"),
    ({"db_password": "expired"}, "DRS.KE0055"),
    ({"db_user": "locked"}, "DRS.KE0038"),
    ({"db_user": "noremote"}, "DRS.KE005"),
    ({"db_user": "noperm"}, "DRS.KE013"),
])
def test_connection_failures(change, code):
    ok, err, msg = c.connection_result(rng(), {**GOOD, **change}, "so")
    assert ok is False and err == code and msg
    assert "wrong" not in msg and "Secret#123" not in msg


def test_connection_success():
    assert c.connection_result(rng(), GOOD, "so") == (True, None, None)
    assert c.connection_result(rng(), {**GOOD, "ip": "", "inst_id": "a" * 32 + "in01"}, "ta") == (True, None, None)
    mongo = {"db_type": "mongodb", "ip": "10.0.0.1:8635,10.0.0.2:8635", "db_port": 0, "db_password": "x"}
    assert c.connection_result(rng(), mongo, "ta")[0] is True
    assert c.connection_result(rng(), {**GOOD, "ssl_link": True, "ssl_cert_key": "QUJD"}, "so")[0] is True
    _, _, msg = c.connection_result(rng(), {**GOOD, "db_password": "wrong"}, "ta")
    assert "destination" in msg


# ------------------------------------------------------------------------------------------------
# result workbook (4.1.37)
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["objects_comparison", "lines", "contents", "random"])
def test_result_workbook(kind):
    s = schema_for("mysql")
    data = build_result_workbook(kind, "orders-migration", s, compare_job_id="cmp-1", generated_ms=NOW)
    assert data[:2] == b"PK"
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    assert tuple(wb.sheetnames) == SHEETS[kind]
    summary = {r[0]: r[1] for r in wb["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["Task"] == "orders-migration" and summary["Comparison ID"] == "cmp-1"
    assert summary["Generated"].startswith("2025-01-01 00:00:00")
    n_tables = len(all_tables(s))
    if kind == "objects_comparison":
        ov = list(wb["Object Overview"].iter_rows(values_only=True))
        assert ov[0] == ("Object Type", "Source Count", "Target Count", "Result")
        assert len(ov) - 1 == len(c.object_compare_overview(s))
        det = list(wb["Object Details"].iter_rows(values_only=True))
        assert len(det) - 1 == sum(len(c.object_compare_details(s, None, o["type"]))
                                   for o in c.object_compare_overview(s))
    elif kind == "lines":
        rows = list(wb["Row Details"].iter_rows(values_only=True))
        assert rows[0][:3] == ("Source Database", "Source Table", "Source Rows") and len(rows) - 1 == n_tables
        assert any(r[7] == "Inconsistent" for r in rows[1:])
    else:
        rows = list(wb["Value Details"].iter_rows(values_only=True))
        assert len(rows) - 1 == n_tables
        diffs = list(wb["Value Differences"].iter_rows(values_only=True))
        expected = sum(c.content_difference_counts(s, db, t["name"])["count"] for db, t in all_tables(s))
        assert len(diffs) - 1 == expected
        assert {r[2] for r in diffs[1:]} <= {"Only in source", "Only in destination", "Values differ"}


def test_result_workbook_caps_differences_and_rejects_unknown_kind():
    data = build_result_workbook("contents", "big", big_schema(), max_diff_rows=500)
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    rows = list(wb["Value Differences"].iter_rows(values_only=True))
    assert len(rows) == 1 + 500 + 1 and rows[-1][2] == "999500 more differing rows not listed"
    with pytest.raises(ValueError, match="unknown comparison result kind"):
        build_result_workbook("repair_data", "x", big_schema())
