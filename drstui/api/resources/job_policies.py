"""``client.jobs`` policies part: data processing rules and sync policies (seed 4.3)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..models.policies import (
    JOBS_SET_DATA_TRANSFORMATION,
    JOBS_SET_SYNC_POLICY,
    ConfigTransformation,
    DataTransformationJob,
    DataTransformationParams,
    SyncPolicy,
    SyncPolicyParams,
    TransformationObject,
    TransformationType,
    filter_object_id,
)
from ._base import Resource, one_or_rows


class JobPoliciesMixin(Resource):
    """Synchronization rules of tasks."""

    def set_data_transformation(
        self,
        job_id: str | DataTransformationParams | Iterable[DataTransformationJob | Mapping[str, Any]],
        *,
        transformation_type: str | TransformationType | None = None,
        value: str | None = None,
        objects: Iterable[TransformationObject | Mapping[str, Any] | str] | None = None,
        config: ConfigTransformation | Mapping[str, Any] | None = None,
    ) -> Any:
        """Add data processing / filter rules (4.3.1) → `BatchResponse`.

        One task: ``job_id`` with ``transformation_type`` (``contentConditionalFilter`` or
        ``configConditionalFilter``), ``value`` (SQL condition or ``config``), ``objects``
        (``object_info`` rows or plain ``<db>-*-*-<table>`` ids) and/or ``config``
        (``config_transformation``). Several rows: a list of rows or `DataTransformationParams`.
        """

        def one(job_id: str) -> DataTransformationJob:
            row: dict[str, Any] = {
                "job_id": job_id,
                "transformation_info": {"transformation_type": transformation_type, "value": value},
            }
            if objects is not None:
                row["object_info"] = [{"id": o} if isinstance(o, str) else o for o in objects]
            if config is not None:
                row["config_transformation"] = config
            return DataTransformationJob.model_validate(row)

        body = one_or_rows(DataTransformationParams, job_id, one)
        return self._call_batched(JOBS_SET_DATA_TRANSFORMATION, body=body)

    def add_filter_rule(self, job_id: str, db: str, table: str, condition: str) -> Any:
        """Filter one table's rows by an SQL condition, e.g. ``id>5`` (4.3.1 processing rule)."""
        return self.set_data_transformation(
            job_id,
            transformation_type=TransformationType.CONTENT_CONDITIONAL_FILTER,
            value=condition,
            objects=[{"id": filter_object_id(db, table), "select": "true"}],
        )

    def set_sync_policy(
        self,
        job_id: str | SyncPolicyParams | Iterable[SyncPolicy | Mapping[str, Any]],
        **policy: Any,
    ) -> Any:
        """Set synchronization policies (4.3.2) → `BatchResponse`.

        One task: ``set_sync_policy(job_id, conflict_policy="ignore", ddl_trans=True,
        filter_ddl_policy="drop_database", file_and_position="mysql-bin.000277:805", …)``
        with any `SyncPolicy` field as keyword; several: a list of rows or `SyncPolicyParams`.
        """
        if policy and not isinstance(job_id, (str, SyncPolicyParams)):
            raise TypeError("keyword policies apply to a single job_id, not to a list of rows")
        body = one_or_rows(SyncPolicyParams, job_id, lambda one: SyncPolicy.model_validate({"job_id": one, **policy}))
        return self._call_batched(JOBS_SET_SYNC_POLICY, body=body)
