"""Seed 4.3: data processing rules (jobs.set_data_transformation) and sync policies (jobs.set_sync_policy)."""

from __future__ import annotations

import pytest

from drstui.api.models.common import BatchResponse
from drstui.api.models.enums import BatchStatus
from drstui.api.models.policies import (
    ConfigTransformation,
    ConflictPolicy,
    DataTransformationParams,
    SyncPolicy,
    SyncPolicyParams,
    TransformationType,
    check_file_and_position,
)
from drstui.api.spec import all_specs

from ._helpers import (
    API, SEED, Recorder, assert_rejected, assert_request, assert_request_fixture, assert_response_fixture,
    assert_sdk_wire_names, async_client, load, sync_client,
)

JOB = "e894593d-5e0a-4652-af7e-1b0c239jb201"
SYNC_JOB = "19557d51-1ee6-4507-97a6-8f69164jb201"


# ---------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------

REQUESTS = {
    "4.3.1-req.json": DataTransformationParams,
    "4.3.1-req-2.json": DataTransformationParams,
    "4.3.2-req.json": SyncPolicyParams,
    "4.3.2-req-2.json": SyncPolicyParams,
}
RESPONSES = {"4.3.1-resp.json": BatchResponse, "4.3.2-resp.json": BatchResponse}


def test_every_fixture_of_the_section_is_covered():
    assert {p.name for p in SEED.glob("4.3.*-*.json")} == set(REQUESTS) | set(RESPONSES)


@pytest.mark.parametrize("name", sorted(REQUESTS))
def test_request_fixture_validates_and_goes_out_unchanged(name):
    assert_request_fixture(REQUESTS[name], name)


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_response_fixture_round_trips(name):
    model = assert_response_fixture(RESPONSES[name], name)
    assert model.count == 1 and model.results[0].status is BatchStatus.SUCCESS and model.results[0].ok


def test_config_rule_fixture_details():
    body = DataTransformationParams.model_validate(load("4.3.1-req.json"))
    job = body.jobs[0]
    assert job.transformation_info.transformation_type is TransformationType.CONFIG_CONDITIONAL_FILTER
    assert job.config_transformation is not None
    assert job.config_transformation.indexes == "name"
    assert job.config_transformation.values == "name like '%a%'"


def test_indexes_read_in_both_spellings_sent_as_sdk_indexs():
    base = {"db_table_name": "d.t", "db_name": "d", "table_name": "t", "col_names": "id", "prim_key_or_index": "id",
            "values": "id>1"}
    seed_spelling = ConfigTransformation.model_validate({**base, "indexes": "ix"})
    sdk_spelling = ConfigTransformation.model_validate({**base, "indexs": "ix"})
    assert seed_spelling == sdk_spelling
    wire = seed_spelling.to_wire()
    assert wire["indexs"] == "ix" and "indexes" not in wire


# ---------------------------------------------------------------------------
# Client: jobs.set_data_transformation (4.3.1)
# ---------------------------------------------------------------------------


def test_add_filter_rule_sends_the_seed_processing_rule():
    rec = Recorder(load("4.3.1-resp.json"))
    with sync_client(rec) as client:
        result = client.jobs.add_filter_rule(JOB, "lxl_test1", "test_1", "id>5")
    assert_request(rec.only, "POST", f"{API}/jobs/batch-transformation", body=load("4.3.1-req-2.json"))
    assert isinstance(result, BatchResponse)
    assert result.results[0].id == JOB and result.results[0].status is BatchStatus.SUCCESS


def test_set_data_transformation_config_rule_keywords():
    rec = Recorder(load("4.3.1-resp.json"))
    seed = load("4.3.1-req.json")["jobs"][0]
    with sync_client(rec) as client:
        client.jobs.set_data_transformation(
            JOB,
            transformation_type="configConditionalFilter",
            value="config",
            config={**seed["config_transformation"]},
        )
        client.jobs.set_data_transformation(DataTransformationParams.model_validate(load("4.3.1-req.json")))
        client.jobs.set_data_transformation(
            JOB, transformation_type="contentConditionalFilter", value="id>5", objects=["lxl_test1-*-*-test_1"]
        )
    assert rec.sent(0) == load("4.3.1-req.json")
    assert rec.sent(1) == load("4.3.1-req.json")
    assert rec.sent(2) == load("4.3.1-req-2.json")


async def test_set_data_transformation_async():
    rec = Recorder(load("4.3.1-resp.json"))
    async with async_client(rec) as client:
        result = await client.jobs.set_data_transformation(load("4.3.1-req-2.json")["jobs"])
    assert_request(rec.only, "POST", f"{API}/jobs/batch-transformation", body=load("4.3.1-req-2.json"))
    assert result.count == 1


def test_data_transformation_spec():
    spec = all_specs()["jobs.set_data_transformation"]
    assert (spec.method, spec.path, spec.section, spec.sdk_method, spec.status) == (
        "POST", "/v3/{project_id}/jobs/batch-transformation", "4.3.1", "batch_change_data", 200)
    assert spec.mutating and spec.batch_field == "jobs" and spec.body is DataTransformationParams


CONFIG = {"db_table_name": "db1.t1", "db_name": "db1", "table_name": "t1", "col_names": "id,name",
          "prim_key_or_index": "id", "indexes": "name", "values": "name like '%a%'"}


@pytest.mark.parametrize(
    "kwargs",
    [
        pytest.param({"transformation_type": "rowFilter", "value": "id>5", "objects": ["d-*-*-t"]}, id="unknown-type"),
        pytest.param({"transformation_type": "contentConditionalFilter", "value": "x" * 257, "objects": ["d-*-*-t"]},
                     id="value-over-256"),
        pytest.param({"transformation_type": "contentConditionalFilter", "value": "", "objects": ["d-*-*-t"]},
                     id="empty-value"),
        pytest.param({"transformation_type": "contentConditionalFilter", "value": "id>5"}, id="rule-without-objects"),
        pytest.param({"transformation_type": "configConditionalFilter", "value": "config"}, id="config-without-config"),
        pytest.param({"transformation_type": "configConditionalFilter", "value": "id>5", "config": CONFIG},
                     id="config-value-not-config"),
        pytest.param({"transformation_type": "configConditionalFilter", "value": "config",
                      "config": {**CONFIG, "db_name": "db-1", "db_table_name": "db-1.t1"}}, id="db-name-chars"),
        pytest.param({"transformation_type": "configConditionalFilter", "value": "config",
                      "config": {**CONFIG, "table_name": "t" * 257, "db_table_name": "db1." + "t" * 257}},
                     id="table-name-over-256"),
        pytest.param({"transformation_type": "configConditionalFilter", "value": "config",
                      "config": {**CONFIG, "col_names": "c" * 257}}, id="col-names-over-256"),
        pytest.param({"transformation_type": "configConditionalFilter", "value": "config",
                      "config": {**CONFIG, "values": "v" * 257}}, id="values-over-256"),
        pytest.param({"transformation_type": "configConditionalFilter", "value": "config",
                      "config": {**CONFIG, "db_table_name": "db1.other"}}, id="db-table-mismatch"),
        pytest.param({"transformation_type": "configConditionalFilter", "value": "config",
                      "config": {k: v for k, v in CONFIG.items() if k != "indexes"}}, id="config-missing-indexes"),
        pytest.param({"transformation_type": "contentConditionalFilter", "value": "id>5",
                      "objects": [{"id": "d-*-*-t", "select": "yes"}]}, id="select-not-true-false"),
    ],
)
def test_data_transformation_invalid_input_raises_before_sending(kwargs):
    assert_rejected(lambda client: client.jobs.set_data_transformation(JOB, **kwargs))


def test_data_transformation_bad_job_id_and_empty_jobs():
    assert_rejected(lambda client: client.jobs.add_filter_rule("nope", "d", "t", "id>1"))
    assert_rejected(lambda client: client.jobs.set_data_transformation([]))


def test_select_accepts_a_bool():
    body = DataTransformationParams.model_validate(
        {"jobs": [{"job_id": JOB, "object_info": [{"id": "d-*-*-t", "select": True}],
                   "transformation_info": {"transformation_type": "contentConditionalFilter", "value": "id>1"}}]}
    )
    assert body.to_wire()["jobs"][0]["object_info"][0]["select"] == "true"


def test_same_job_may_carry_several_config_rules():
    rule = {"job_id": JOB, "transformation_info": {"transformation_type": "configConditionalFilter", "value": "config"},
            "config_transformation": CONFIG}
    other = {**rule, "config_transformation": {**CONFIG, "table_name": "t2", "db_table_name": "db1.t2"}}
    body = DataTransformationParams.model_validate({"jobs": [rule, other]})
    assert len(body.jobs) == 2


# ---------------------------------------------------------------------------
# Client: jobs.set_sync_policy (4.3.2)
# ---------------------------------------------------------------------------


def test_set_sync_policy_sends_the_seed_body():
    rec = Recorder(load("4.3.2-resp.json"))
    with sync_client(rec) as client:
        result = client.jobs.set_sync_policy(
            SYNC_JOB,
            conflict_policy="ignore",
            ddl_trans=True,
            filter_ddl_policy="drop_database",
            index_trans=True,
            file_and_position="mysql-bin.000019:197",
            gtid_set="e4979f26-4bc3-11ee-b279-fa163ef21d64:1-23",
        )
    assert_request(rec.only, "POST", f"{API}/jobs/batch-sync-policy", body=load("4.3.2-req-2.json"))
    assert isinstance(result, BatchResponse)
    assert result.results[0].id == SYNC_JOB and result.results[0].status is BatchStatus.SUCCESS


def test_set_sync_policy_rows_and_params():
    rec = Recorder(load("4.3.2-resp.json"))
    with sync_client(rec) as client:
        client.jobs.set_sync_policy(load("4.3.2-req.json")["jobs"])
        client.jobs.set_sync_policy(SyncPolicyParams.model_validate(load("4.3.2-req.json")))
        client.jobs.set_sync_policy(SYNC_JOB, conflict_policy=ConflictPolicy.OVERWRITE)
    assert rec.sent(0) == load("4.3.2-req.json")
    assert rec.sent(1) == load("4.3.2-req.json")
    assert rec.sent(2) == {"jobs": [{"job_id": SYNC_JOB, "conflict_policy": "overwrite"}]}


def test_set_sync_policy_kafka_and_postgres_fields():
    rec = Recorder(load("4.3.2-resp.json"))
    with sync_client(rec) as client:
        client.jobs.set_sync_policy(
            SYNC_JOB, topic_policy=1, partition_policy="2", kafka_data_format="json_c", partitions_num=3,
            replication_factor="2", topic_name_format="$-$", ddl_trans=True, ddl_topic="ddl",
            is_fill_materialized_view=True, export_snapshot=False, slot_name="slot_a",
        )
    assert rec.sent() == {"jobs": [{
        "job_id": SYNC_JOB, "ddl_trans": True, "topic_policy": "1", "partition_policy": "2",
        "kafka_data_format": "json_c", "topic_name_format": "$-$", "partitions_num": "3", "replication_factor": "2",
        "is_fill_materialized_view": True, "export_snapshot": False, "slot_name": "slot_a", "ddl_topic": "ddl",
    }]}


async def test_set_sync_policy_async():
    rec = Recorder(load("4.3.2-resp.json"))
    async with async_client(rec) as client:
        result = await client.jobs.set_sync_policy(SYNC_JOB, conflict_policy="stop")
    assert rec.sent() == {"jobs": [{"job_id": SYNC_JOB, "conflict_policy": "stop"}]}
    assert result.results[0].ok


def test_sync_policy_spec():
    spec = all_specs()["jobs.set_sync_policy"]
    assert (spec.method, spec.path, spec.section, spec.sdk_method, spec.status) == (
        "POST", "/v3/{project_id}/jobs/batch-sync-policy", "4.3.2", "batch_set_policy", 200)
    assert spec.mutating and spec.batch_field == "jobs" and spec.body is SyncPolicyParams


@pytest.mark.parametrize(
    "value",
    ["mysql-bin.000277:805", "a.123:1", "m" * 60 + ".00001:1", "mysql.bin.000019:197", "1700000000:1", "2147483647:2147483647",
     "mysql-bin." + "1" * 20 + ":" + "9" * 19],
)
def test_file_and_position_accepts_documented_forms(value):
    assert SyncPolicy(job_id=SYNC_JOB, file_and_position=value).file_and_position == value


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("mysql-bin.000277", id="no-position"),
        pytest.param("mysql-bin.27:805", id="number-under-3-digits"),
        pytest.param("mysql-bin." + "1" * 21 + ":805", id="number-over-20-digits"),
        pytest.param("mysql-bin.000277:" + "1" * 21, id="position-over-20-digits"),
        pytest.param("m" * 61 + ".000277:805", id="name-over-60"),
        pytest.param(".000277:805", id="empty-name"),
        pytest.param("my<bin.000277:805", id="name-with-lt"),
        pytest.param("my/bin.000277:805", id="name-with-slash"),
        pytest.param("my'bin.000277:805", id="name-with-quote"),
        pytest.param("mysql-bin.000277:80a", id="position-not-digits"),
        pytest.param("m" * 60 + "." + "1" * 20 + ":" + "1" * 20, id="total-over-100"),
        pytest.param("0:5", id="mongo-timestamp-zero"),
        pytest.param("2147483648:1", id="mongo-timestamp-over-int32"),
    ],
)
def test_file_and_position_rejects(value):
    assert_rejected(lambda client: client.jobs.set_sync_policy(SYNC_JOB, file_and_position=value))


def test_file_and_position_total_length_rule_is_checked():
    # 60 + 1 + 20 + 1 + 20 = 102 characters: every part valid, the whole too long.
    with pytest.raises(ValueError, match="100"):
        check_file_and_position("m" * 60 + "." + "1" * 20 + ":" + "1" * 20)


@pytest.mark.parametrize(
    "kwargs",
    [
        pytest.param({"conflict_policy": "merge"}, id="conflict-policy-enum"),
        pytest.param({"filter_ddl_policy": "drop_table"}, id="filter-ddl-policy-enum"),
        pytest.param({"gtid_set": "a" * 2049}, id="gtid-over-2048"),
        pytest.param({"gtid_set": "e4979f26:1-23<"}, id="gtid-special-char"),
        pytest.param({"gtid_set": "e4979f26:1-23\\"}, id="gtid-backslash"),
        pytest.param({"gtid_set": "e4979f26:1-23中"}, id="gtid-chinese"),
        pytest.param({"topic_policy": "7"}, id="topic-policy-enum"),
        pytest.param({"topic_policy": "0"}, id="topic-policy-0-needs-topic"),
        pytest.param({"topic_policy": "3", "partition_policy": "2"}, id="partition-policy-vs-topic-policy"),
        pytest.param({"partition_policy": "9"}, id="partition-policy-enum"),
        pytest.param({"kafka_data_format": "xml"}, id="kafka-format-enum"),
        pytest.param({"partitions_num": 0}, id="partitions-num-range"),
        pytest.param({"replication_factor": "32768"}, id="replication-factor-range"),
        pytest.param({"ddl_trans": "maybe"}, id="ddl-trans-bool"),
        pytest.param({"conflict": "ignore"}, id="unknown-field"),
    ],
)
def test_sync_policy_invalid_input_raises_before_sending(kwargs):
    assert_rejected(lambda client: client.jobs.set_sync_policy(SYNC_JOB, **kwargs))


def test_gtid_set_at_the_limit_is_accepted():
    assert len(SyncPolicy(job_id=SYNC_JOB, gtid_set="a" * 2048).gtid_set) == 2048


def test_sync_policy_rejects_bad_ids_duplicates_and_empty():
    assert_rejected(lambda client: client.jobs.set_sync_policy("nope", conflict_policy="ignore"))
    assert_rejected(
        lambda client: client.jobs.set_sync_policy([{"job_id": SYNC_JOB}, {"job_id": SYNC_JOB}]), match="only once"
    )
    assert_rejected(lambda client: client.jobs.set_sync_policy([]))
    assert_rejected(
        lambda client: client.jobs.set_sync_policy([{"job_id": SYNC_JOB}], conflict_policy="ignore"), TypeError
    )


def test_batch_rows_keep_unknown_status_and_ignore_unknown_fields():
    resp = BatchResponse.model_validate(
        {"count": 1, "results": [{"id": SYNC_JOB, "status": "partial", "error_code": "DRS.X", "extra": 1}]}
    )
    assert resp.results[0].status.value == "partial" and not resp.results[0].status.known
    assert not resp.results[0].ok
    assert "extra" not in resp.results[0].to_wire()


# ---------------------------------------------------------------------------
# Wire names agree with the official SDK's attribute_map
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model_name", "sdk_name"),
    [
        ("TransformationObject", "DatabaseObjectVO"),
        ("TransformationInfo", "TransformationInfo"),
        ("ConfigTransformation", "ConfigTransformationVo"),
        ("DataTransformationJob", "CheckDataTransformationReq"),
        ("DataTransformationParams", "BatchDataTransformationReq"),
        ("SyncPolicy", "SyncPolicyReq"),
        ("SyncPolicyParams", "BatchSetupSyncPolicyReq"),
    ],
)
def test_wire_names_match_sdk(model_name, sdk_name):
    from drstui.api.models import policies

    assert_sdk_wire_names(getattr(policies, model_name), sdk_name)
