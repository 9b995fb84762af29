"""Wire objects shared by several APIs (reference §2.0): Endpoint, KafkaSecurity, Tag, PageReq, BatchResult."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field, field_validator

from ._base import DrsModel, DrsParams, JobId, Known, Secret
from .enums import BatchStatus, DbType

_TAG_RE = re.compile(r"^[A-Za-z0-9_\-]*$")
_FORBIDDEN_DESC = set("!<>'&\"\\")


def check_description(value: str | None) -> str | None:
    """Task description rule (4.1.1): ≤ 256 characters, none of ``!<>'&"\\``."""
    if value is None:
        return value
    if len(value) > 256:
        raise ValueError("description must be at most 256 characters")
    bad = sorted(set(value) & _FORBIDDEN_DESC)
    if bad:
        raise ValueError(f"description must not contain {' '.join(bad)}")
    return value


_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]{3,49}$")


def check_task_name(value: str | None) -> str | None:
    """Task name rule (4.1.1): 4–50 characters, starts with a letter, letters, digits, ``-`` and ``_``."""
    if value is None:
        return value
    if not _NAME_RE.match(value):
        raise ValueError(
            "task name must be 4-50 characters, start with a letter and contain only letters, digits, - and _"
        )
    return value


Description = Annotated[str, AfterValidator(check_description)]
TaskName = Annotated[str, AfterValidator(check_task_name)]
Port = Annotated[int, Field(ge=0, le=65535)]  # 0 is how MongoDB multi-host endpoints say "ports are in ip"


class KafkaSecurity(DrsModel):
    """Kafka security settings (Tables 4-6, 4-22, 4-32, 4-159; SDK ``KafkaSecurity``)."""

    type: str | None = None
    trust_store_key_name: str | None = None
    trust_store_key: Secret | None = None
    trust_store_password: Secret | None = None
    endpoint_algorithm: str | None = None
    sasl_mechanism: str | None = None
    delegation_tokens: bool | None = None
    enable_key_store: bool | None = None
    key_store_key: Secret | None = None
    key_store_key_name: str | None = None
    key_store_password: Secret | None = None
    set_private_key_password: bool | None = None
    key_password: Secret | None = None


class Endpoint(DrsModel):
    """A source, target or DMQ database endpoint (Tables 4-5, 4-31, 4-158; SDK ``Endpoint``)."""

    db_type: DbType | None = None
    az_code: str | None = None
    region: str | None = None
    inst_id: str | None = None
    vpc_id: str | None = None
    subnet_id: str | None = None
    security_group_id: str | None = None
    project_id: str | None = None
    db_name: str | None = Field(default=None, max_length=128)
    db_password: Secret | None = None
    db_port: Port | None = None
    db_user: str | None = None
    inst_name: str | None = None
    ip: str | None = None
    mongo_ha_mode: str | None = None
    safe_mode: int | None = None
    ssl_cert_password: Secret | None = None
    ssl_cert_key: Secret | None = None
    ssl_cert_name: str | None = None
    # Table 4-5 spells it ssl_cert_checksum; Tables 4-14/4-31/4-158 and the SDK use ssl_cert_check_sum.
    ssl_cert_check_sum: str | None = Field(default=None, validation_alias="ssl_cert_check_sum")
    ssl_link: bool | None = None
    topic: str | None = None
    cluster_mode: str | None = None
    kafka_security_config: KafkaSecurity | None = None

    @field_validator("db_name")
    @classmethod
    def _db_name_chars(cls, v: str | None) -> str | None:
        if v is not None and set(v) & set('!<>&"\\\''):
            raise ValueError("db_name must not contain !<>&\"\\'")
        return v

    def describe(self) -> str:
        """One line for screens and reports: engine, address, user — never the password."""
        where = self.ip or self.inst_name or self.inst_id or "?"
        if self.db_port:
            where = f"{where}:{self.db_port}"
        user = f" as {self.db_user}" if self.db_user else ""
        kind = self.db_type.value if self.db_type else "db"
        return f"{kind} {where}{user}"


class Tag(DrsModel):
    """Resource tag (Table 4-7/4-33): key ≤ 36, value ≤ 43, letters/digits/_/-."""

    key: str = Field(max_length=36)
    value: str = Field(default="", max_length=43)

    @field_validator("key", "value")
    @classmethod
    def _chars(cls, v: str) -> str:
        if not _TAG_RE.match(v):
            raise ValueError("tag keys and values may contain only letters, digits, _ and -")
        return v


class PageReq(DrsParams):
    """Paging of the batch query APIs (Tables 4-155, 4-177, 4-307). ``per_page=0`` means all."""

    cur_page: int = Field(default=1, ge=0)
    per_page: int = Field(default=5, ge=0, le=100)


class BatchResult(DrsModel):
    """The common per-job row of a batch write API (``{id, status, error_code, error_msg}``)."""

    id: str | None = None
    status: BatchStatus | None = None
    error_code: str | None = None
    error_msg: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == BatchStatus.SUCCESS and not self.error_code


class BatchResponse(DrsModel):
    """``{results: [BatchResult], count}``."""

    results: list[BatchResult] = Field(default_factory=list)
    count: int | None = None


class JobIdsParams(DrsParams):
    """Body ``{"jobs": ["<job id>", …]}`` used by the id-list batch APIs. Non-empty, no duplicates."""

    jobs: list[JobId] = Field(min_length=1)

    @field_validator("jobs")
    @classmethod
    def _unique(cls, v: list[str]) -> list[str]:
        if len(set(v)) != len(v):
            raise ValueError("job ids must not repeat")
        return v


class PagedJobIdsParams(JobIdsParams):
    """Body ``{"jobs": [...], "page_req": {cur_page, per_page}}`` (4.1.21, 4.1.22, 4.4.5)."""

    page_req: PageReq | None = None


__all__ = [
    "BatchResponse",
    "BatchResult",
    "Description",
    "Endpoint",
    "JobIdsParams",
    "KafkaSecurity",
    "Known",
    "PageReq",
    "PagedJobIdsParams",
    "Port",
    "Tag",
    "TaskName",
    "check_description",
    "check_task_name",
]
