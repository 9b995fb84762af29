"""Users and roles to migrate (seed 4.2.1 update, 4.2.2 list source DB users).

Only migration tasks and PostgreSQL synchronization support these APIs. The list call
(4.2.2) works once the task exists and both connection tests passed.

Wire quirks handled here:

- The user list is sent as ``list`` (4.2.1 Table 4-251, SDK ``UpdateUserReq.list``); the
  python name is ``users`` so it does not shadow the builtin.
- ``privileges`` of a user is ``Array of strings`` in Tables 4-252/4-256 and the SDK
  request (``UserAccountVO``), but ``String`` in Table 4-261 and the SDK response
  (``QueryUserDetailResp``); the example carries ``null``. Both shapes are accepted and
  kept as given, so a model round-trips to the same wire text.
- Every ``selected`` in the 4.2.2 example is ``null``: the response field is optional.
- User and global passwords are :data:`Secret`.
"""


from pydantic import Field, model_validator

from ..spec import api
from ._base import DrsModel, DrsParams, JobId, Secret
from .common import PerJobRows

__all__ = [
    "MigrationUser",
    "MigrationRole",
    "UpdateUsersJob",
    "UpdateUsersParams",
    "SrcUser",
    "SrcRole",
    "SrcUsers",
    "UpdateUsersResponse",
    "USERS_UPDATE",
    "USERS_LIST",
]

#: A user's privileges: a list of grants (Table 4-252/4-256) or one text (Table 4-261, SDK response).
Privileges = list[str] | str


# ---------------------------------------------------------------------------
# 4.2.1 request
# ---------------------------------------------------------------------------


class MigrationUser(DrsParams):
    """One user to migrate (Table 4-252; SDK ``UserAccountVO``)."""

    id: str = Field(min_length=1)
    account: str = Field(min_length=1)
    comment: str | None = None
    is_transfer: bool
    privileges: Privileges | None = None
    password: Secret | None = None
    is_set_password: bool | None = None
    roles: list[str]
    selected: bool


class MigrationRole(DrsParams):
    """One role to migrate (Table 4-253; SDK ``UserRoleVO``). ``selected`` unset = not migrated."""

    role: str = Field(min_length=1)
    comment: str | None = None
    is_transfer: bool
    privileges: str
    inherits_roles: list[str] | None = None
    selected: bool | None = None


class UpdateUsersJob(DrsParams):
    """One task's user settings (Table 4-251; SDK ``UpdateUserReq``)."""

    job_id: JobId
    password: Secret | None = None
    """The global password (used for every migrated user when ``is_set_password``)."""
    users: list[MigrationUser] | None = Field(default=None, alias="list")
    user_roles: list[MigrationRole] | None = None
    is_set_password: bool
    is_migrate_user: bool
    is_sync_object_privilege: bool | None = None
    """PostgreSQL synchronization only; the service default is false."""

    @model_validator(mode="after")
    def _lists_when_migrating(self) -> "UpdateUsersJob":
        # Table 4-251: "list" and "user_roles" are mandatory when users are migrated.
        if self.is_migrate_user:
            missing = [name for name, v in (("list", self.users), ("user_roles", self.user_roles)) if v is None]
            if missing:
                raise ValueError(
                    f"{' and '.join(missing)} must be given (may be empty) when is_migrate_user is true"
                )
        return self


class UpdateUsersParams(PerJobRows):
    """Body of 4.2.1 ``PUT /jobs/batch-update-user`` (Table 4-250; SDK ``BatchUpdateSrcUserReq``).
    A task may appear only once."""

    jobs: list[UpdateUsersJob] = Field(min_length=1)


# ---------------------------------------------------------------------------
# 4.2.1 / 4.2.2 responses (one wire object: SDK QueryUserResp == ListUsersResponse)
# ---------------------------------------------------------------------------


class SrcUser(DrsModel):
    """A source database user (Tables 4-256/4-261; SDK ``QueryUserDetailResp``)."""

    id: str | None = None
    account: str | None = None
    comment: str | None = None
    is_transfer: bool | None = None
    privileges: Privileges | None = None
    password: Secret | None = None
    roles: list[str] | None = None
    selected: bool | None = None
    no_privileges: str | None = None
    """Privileges that cannot be synchronized."""
    parent_account: str | None = None
    no_parent_account: str | None = None
    """Parent users whose parent-child relation cannot be synchronized."""


class SrcRole(DrsModel):
    """A source database role (Tables 4-257/4-262; SDK ``QueryRoleDetailResp``)."""

    role: str | None = None
    comment: str | None = None
    is_transfer: bool | None = None
    privileges: str | None = None
    inherits_roles: list[str] | None = None
    selected: bool | None = None


class SrcUsers(DrsModel):
    """Users and roles of one task (4.2.2 response, Table 4-260; a 4.2.1 result row, Table 4-255)."""

    job_id: str | None = None
    is_global_password: str | None = None
    message: str | None = None
    """The seed calls it "error code"; the example says ``SUCCESS``."""
    # None when absent: a 4.2.1 result row usually carries neither list.
    user_list: list[SrcUser] | None = None
    roles_list: list[SrcRole] | None = None
    is_success: bool | None = None


class UpdateUsersResponse(DrsModel):
    """4.2.1 response (Table 4-254; SDK ``BatchUpdateUserResponse``)."""

    all_counts: int | None = None
    results: list[SrcUsers] = Field(default_factory=list)


USERS_UPDATE = api(
    key="users.update",
    section="4.2.1",
    title="Update users and roles to migrate",
    method="PUT",
    path="/v3/{project_id}/jobs/batch-update-user",
    sdk_method="batch_update_user",
    status=200,
    body=UpdateUsersParams,
    response=UpdateUsersResponse,
    mutating=True,
    batch_field="jobs",
    batch_size=100,
)

USERS_LIST = api(
    key="users.list",
    section="4.2.2",
    title="Get source database users",
    method="GET",
    path="/v3/{project_id}/jobs/{job_id}/get-src-user",
    sdk_method="list_users",
    status=200,
    response=SrcUsers,
)
