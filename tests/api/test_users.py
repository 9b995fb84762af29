"""Seed 4.2: users and roles to migrate (users.update, users.list)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from drstui.api.models.users import (
    MigrationRole,
    MigrationUser,
    SrcUsers,
    UpdateUsersJob,
    UpdateUsersParams,
    UpdateUsersResponse,
)
from drstui.api.spec import all_specs

from ._helpers import (
    API, SEED, Recorder, assert_rejected, assert_request, assert_request_fixture, assert_response_fixture,
    assert_sdk_wire_names, async_client, load, strip_none, sync_client,
)

JOB = "36c368d7-c03f-46e1-839a-b5c5bddjb105"
JOB2 = "a281f62f-4631-45d6-a2d3-679a9f4jb105"


# ---------------------------------------------------------------------------
# Fixtures from the seed
# ---------------------------------------------------------------------------

REQUESTS = {"4.2.1-req.json": UpdateUsersParams, "4.2.1-req-2.json": UpdateUsersParams}
RESPONSES = {"4.2.1-resp.json": UpdateUsersResponse, "4.2.2-resp.json": SrcUsers}


def test_every_fixture_of_the_section_is_covered():
    files = {p.name for p in SEED.glob("4.2.*-*.json")}
    assert files == set(REQUESTS) | set(RESPONSES)


@pytest.mark.parametrize("name", sorted(REQUESTS))
def test_request_fixture_validates_and_goes_out_unchanged(name):
    assert_request_fixture(REQUESTS[name], name)


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_response_fixture_round_trips(name):
    assert_response_fixture(RESPONSES[name], name)


def test_seed_421_request_details():
    body = UpdateUsersParams.model_validate(load("4.2.1-req.json"))
    job = body.jobs[0]
    assert job.is_migrate_user is True
    assert job.users is not None and job.users[0].account == "admin.testuser2"
    assert job.users[0].privileges is None
    assert job.user_roles is not None
    assert job.user_roles[0].privileges.startswith('[{"resource": {"cluster": True}')
    assert job.user_roles[0].inherits_roles == ["admin.roletest1", "admin.roletest3", "fastunit.roletest1"]
    wire = body.to_wire()
    assert "list" in wire["jobs"][0] and "users" not in wire["jobs"][0]


def test_seed_422_response_types():
    users = SrcUsers.model_validate(load("4.2.2-resp.json"))
    assert users.message == "SUCCESS"
    assert [u.account for u in users.user_list] == [
        "admin.testuser2",
        "admin.test_inc_admin_mgo",
        "fastunit.test_full_fastunit_noread",
        "admin.test_full",
    ]
    assert all(u.selected is None and u.is_transfer is True for u in users.user_list)
    assert users.user_list[1].roles == ["mgo.read", "admin.readAnyDatabase", "local.read"]
    assert users.roles_list[0].privileges.startswith("GRANT SELECT")


def test_privileges_accept_list_and_text():
    as_list = SrcUsers.model_validate({"user_list": [{"id": "u", "privileges": ["SELECT", "INSERT"]}]})
    as_text = SrcUsers.model_validate({"user_list": [{"id": "u", "privileges": "GRANT SELECT ON *.*"}]})
    assert as_list.user_list[0].privileges == ["SELECT", "INSERT"]
    assert as_text.user_list[0].privileges == "GRANT SELECT ON *.*"
    assert as_list.to_wire()["user_list"][0]["privileges"] == ["SELECT", "INSERT"]
    req = MigrationUser(id="u", account="u", is_transfer=True, roles=[], selected=True, privileges="ALL")
    assert req.to_wire()["privileges"] == "ALL"
    req2 = MigrationUser(id="u", account="u", is_transfer=True, roles=[], selected=True, privileges=["A", "B"])
    assert req2.to_wire()["privileges"] == ["A", "B"]


def test_unknown_response_fields_are_ignored():
    users = SrcUsers.model_validate({"job_id": JOB, "is_success": True, "brand_new": 1, "user_list": [{"id": "x", "z": 2}]})
    assert users.is_success is True
    assert "brand_new" not in users.to_wire()
    assert users.user_list[0].to_wire() == {"id": "x"}


def test_response_passwords_are_masked_in_dumps():
    users = SrcUsers.model_validate({"user_list": [{"id": "x", "password": "S3cretPw!"}]})
    assert "S3cretPw!" not in repr(users)
    assert "S3cretPw!" not in str(users.model_dump())
    assert users.to_wire()["user_list"][0]["password"] == "S3cretPw!"


# ---------------------------------------------------------------------------
# Client: users.list (4.2.2)
# ---------------------------------------------------------------------------


def test_list_sends_get_to_the_job_path_and_parses():
    rec = Recorder(load("4.2.2-resp.json"))
    with sync_client(rec) as client:
        result = client.users.list(JOB)
    assert_request(rec.only, "GET", f"{API}/jobs/{JOB}/get-src-user", body=None)
    assert rec.only.url.query == b""
    assert isinstance(result, SrcUsers)
    assert len(result.user_list) == 4
    assert result.roles_list[0].is_transfer is True


def test_list_spec_registration():
    spec = all_specs()["users.list"]
    assert (spec.method, spec.path, spec.section, spec.sdk_method) == (
        "GET",
        "/v3/{project_id}/jobs/{job_id}/get-src-user",
        "4.2.2",
        "list_users",
    )
    assert spec.mutating is False and spec.response is SrcUsers


def test_list_rejects_a_malformed_job_id_before_sending():
    assert_rejected(lambda client: client.users.list("7f3aa02-b994-4450-b3fb-6314aa9jb105"))  # 7-character first group


async def test_list_async():
    rec = Recorder(load("4.2.2-resp.json"))
    async with async_client(rec) as client:
        result = await client.users.list(JOB)
    assert_request(rec.only, "GET", f"{API}/jobs/{JOB}/get-src-user")
    assert isinstance(result, SrcUsers)
    assert result.user_list[0].id == "admin.testuser2"


# ---------------------------------------------------------------------------
# Client: users.update (4.2.1)
# ---------------------------------------------------------------------------


def test_update_one_job_with_keywords_sends_wire_names():
    rec = Recorder(load("4.2.1-resp.json"))
    with sync_client(rec) as client:
        result = client.users.update(
            JOB,
            is_migrate_user=True,
            is_set_password=True,
            password="Global#Pw1",
            users=[{"id": "admin.u1", "account": "admin.u1", "is_transfer": True, "roles": ["admin.r"], "selected": True,
                    "password": "UserPw#2"}],
            user_roles=[MigrationRole(role="admin.r", is_transfer=True, privileges="GRANT ALL", selected=True)],
        )
    assert_request(rec.only, "PUT", f"{API}/jobs/batch-update-user")
    assert rec.sent() == {
        "jobs": [
            {
                "job_id": JOB,
                "password": "Global#Pw1",
                "list": [
                    {"id": "admin.u1", "account": "admin.u1", "is_transfer": True, "password": "UserPw#2",
                     "roles": ["admin.r"], "selected": True}
                ],
                "user_roles": [{"role": "admin.r", "is_transfer": True, "privileges": "GRANT ALL", "selected": True}],
                "is_set_password": True,
                "is_migrate_user": True,
            }
        ]
    }
    assert isinstance(result, UpdateUsersResponse)
    assert result.all_counts == 1
    assert result.results[0].is_success is True
    assert result.results[0].job_id == "71604be1-f441-42f1-a09f-c5a52f0djb15"


def test_update_without_migration_and_with_rows_or_params():
    rec = Recorder(load("4.2.1-resp.json"))
    with sync_client(rec) as client:
        client.users.update(JOB2, is_migrate_user=False)
        client.users.update([{"job_id": JOB2, "is_migrate_user": False, "is_set_password": False}])
        client.users.update(UpdateUsersParams.model_validate(load("4.2.1-req.json")))
    assert rec.sent(0) == load("4.2.1-req-2.json")
    assert rec.sent(1) == load("4.2.1-req-2.json")
    assert rec.sent(2) == strip_none(load("4.2.1-req.json"))


async def test_update_async():
    rec = Recorder(load("4.2.1-resp.json"))
    async with async_client(rec) as client:
        result = await client.users.update(JOB2, is_migrate_user=False)
    assert_request(rec.only, "PUT", f"{API}/jobs/batch-update-user", body=load("4.2.1-req-2.json"))
    assert result.results[0].is_success is True


def test_update_spec_registration():
    spec = all_specs()["users.update"]
    assert (spec.method, spec.path, spec.status, spec.sdk_method) == (
        "PUT",
        "/v3/{project_id}/jobs/batch-update-user",
        200,
        "batch_update_user",
    )
    assert spec.mutating and spec.batch_field == "jobs" and spec.body is UpdateUsersParams


USER = {"id": "u", "account": "u", "is_transfer": True, "roles": [], "selected": True}
ROLE = {"role": "r", "is_transfer": True, "privileges": "p"}


@pytest.mark.parametrize(
    "kwargs",
    [
        pytest.param({"job_id": "not-a-job"}, id="bad-job-id"),
        pytest.param({"job_id": JOB, "is_migrate_user": True}, id="migrate-without-list"),
        pytest.param({"job_id": JOB, "is_migrate_user": True, "users": [USER]}, id="migrate-without-roles"),
        pytest.param({"job_id": JOB, "users": [{**USER, "account": None}], "user_roles": []}, id="user-without-account"),
        pytest.param({"job_id": JOB, "users": [{k: v for k, v in USER.items() if k != "selected"}], "user_roles": []},
                     id="user-without-selected"),
        pytest.param({"job_id": JOB, "users": [{**USER, "roles": None}], "user_roles": []}, id="user-without-roles"),
        pytest.param({"job_id": JOB, "users": [USER], "user_roles": [{"role": "r", "is_transfer": True}]},
                     id="role-without-privileges"),
        pytest.param({"job_id": JOB, "users": [{**USER, "nickname": "x"}], "user_roles": []}, id="unknown-user-field"),
    ],
)
def test_update_invalid_input_raises_before_sending(kwargs):
    job_id = kwargs.pop("job_id")
    assert_rejected(lambda client: client.users.update(job_id, **kwargs))


def test_update_rejects_empty_and_duplicate_jobs():
    row = {"job_id": JOB, "is_migrate_user": False, "is_set_password": False}
    assert_rejected(lambda client: client.users.update([]))
    assert_rejected(lambda client: client.users.update([row, dict(row)]), match="only once")


def test_migrating_with_empty_lists_is_allowed():
    job = UpdateUsersJob(job_id=JOB, is_migrate_user=True, is_set_password=False, users=[], user_roles=[])
    assert job.to_wire()["list"] == [] and job.to_wire()["user_roles"] == []


def test_request_secrets_never_in_repr_or_dump():
    body = UpdateUsersParams(
        jobs=[
            UpdateUsersJob(
                job_id=JOB,
                is_migrate_user=True,
                is_set_password=True,
                password="Global#Pw1",
                users=[MigrationUser(**{**USER, "password": "UserPw#2"})],
                user_roles=[],
            )
        ]
    )
    for text in (repr(body), str(body.model_dump()), body.model_dump_json()):
        assert "Global#Pw1" not in text and "UserPw#2" not in text
    wire = body.to_wire()
    assert wire["jobs"][0]["password"] == "Global#Pw1"
    assert wire["jobs"][0]["list"][0]["password"] == "UserPw#2"


def test_validation_error_does_not_echo_a_password():
    with pytest.raises(ValidationError) as info:
        UpdateUsersJob(job_id="bad", is_migrate_user=False, is_set_password=True, password="Leaky#Pw9")
    assert "Leaky#Pw9" not in str(info.value)


# ---------------------------------------------------------------------------
# Wire names agree with the official SDK's attribute_map
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "sdk_name"),
    [
        (MigrationUser, "UserAccountVO"),
        (MigrationRole, "UserRoleVO"),
        (UpdateUsersJob, "UpdateUserReq"),
        (UpdateUsersParams, "BatchUpdateSrcUserReq"),
        (SrcUsers, "QueryUserResp"),
        (UpdateUsersResponse, "BatchUpdateUserResponse"),
    ],
)
def test_wire_names_match_sdk(model, sdk_name):
    assert_sdk_wire_names(model, sdk_name)
    if sdk_name == "QueryUserResp":
        from drstui.api.models.users import SrcRole, SrcUser

        assert_sdk_wire_names(SrcUser, "QueryUserDetailResp")
        assert_sdk_wire_names(SrcRole, "QueryRoleDetailResp")
