"""``client.users``: users and roles to migrate (seed 4.2)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..models.users import (
    USERS_LIST,
    USERS_UPDATE,
    MigrationRole,
    MigrationUser,
    UpdateUsersJob,
    UpdateUsersParams,
)
from ._base import Resource, one_or_rows, validate_job_id


class Users(Resource):
    """Source database users and roles of migration / PostgreSQL sync tasks."""

    def list(self, job_id: str) -> Any:
        """Users and roles of the source database of one task (4.2.2) → `SrcUsers`."""
        validate_job_id(job_id)
        return self._call(USERS_LIST, path={"job_id": job_id})

    def update(
        self,
        job_id: str | UpdateUsersParams | Iterable[UpdateUsersJob | Mapping[str, Any]],
        *,
        is_migrate_user: bool = True,
        is_set_password: bool = False,
        users: Iterable[MigrationUser | Mapping[str, Any]] | None = None,
        user_roles: Iterable[MigrationRole | Mapping[str, Any]] | None = None,
        password: str | None = None,
        is_sync_object_privilege: bool | None = None,
    ) -> Any:
        """Set the users and roles to migrate (4.2.1) → `UpdateUsersResponse`.

        Either one task (``job_id`` plus keywords; ``users`` goes out as the wire's
        ``list``), a list of per-task rows, or a ready `UpdateUsersParams`.
        """

        def one(job_id: str) -> UpdateUsersJob:
            row: dict[str, Any] = {
                "job_id": job_id,
                "is_migrate_user": is_migrate_user,
                "is_set_password": is_set_password,
                "password": password,
                "is_sync_object_privilege": is_sync_object_privilege,
            }
            if users is not None:
                row["users"] = list(users)
            if user_roles is not None:
                row["user_roles"] = list(user_roles)
            return UpdateUsersJob.model_validate(row)

        return self._call_batched(USERS_UPDATE, body=one_or_rows(UpdateUsersParams, job_id, one))
