"""Wire objects shared by several APIs (reference §2.0): Endpoint, KafkaSecurity, Kerberos, Tag,
PageReq, BatchResult, and the request rules several APIs share (task names, descriptions, task ids,
one row per task).

Shared objects that appear in responses as well as requests (`Endpoint`, `Tag`) are tolerant:
the service's answer is taken as it comes, so one odd value never fails a whole response. Their
request constraints live on request-side subclasses (`EndpointParam`, `TagParam`) that the request
models use.
"""


import re
from collections.abc import Iterable
from typing import Annotated, Any, Generic, TypeVar

from pydantic import AfterValidator, Field, field_validator

from ._base import DrsModel, DrsParams, JobId, Known, Secret, _check_job_id
from .enums import BatchStatus, DbType

_TAG_RE = re.compile(r"^[A-Za-z0-9_\-]*$")
_FORBIDDEN_DESC = set("!<>'&\"\\")
_FORBIDDEN_DB_NAME = set('!<>&"\\\'')

#: Public form of the task id shape check (raises ``ValueError``); `JobId` applies it to a field.
check_job_id = _check_job_id


def check_text(value: str | None, what: str, max_length: int, forbidden: Iterable[str]) -> str | None:
    """A free-text rule: at most ``max_length`` characters, none of the ``forbidden`` ones."""
    if value is None:
        return value
    if len(value) > max_length:
        raise ValueError(f"{what} must be at most {max_length} characters")
    bad = sorted(set(value) & set(forbidden))
    if bad:
        raise ValueError(f"{what} must not contain {' '.join(bad)}")
    return value


def check_description(value: str | None) -> str | None:
    """Task description rule (4.1.1): ≤ 256 characters, none of ``!<>'&"\\``."""
    return check_text(value, "description", 256, _FORBIDDEN_DESC)


def bool_to_text(value: Any) -> Any:
    """``True``/``False`` → ``"true"``/``"false"`` for the boolean fields the wire types as strings."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


_Row = TypeVar("_Row")


def check_unique_rows(rows: list[_Row], what: str = "job_id") -> list[_Row]:
    """The rows of a per-task batch body: each ``what`` (a task id) may appear only once."""
    seen: set[Any] = set()
    for row in rows:
        value = getattr(row, what)
        if value in seen:
            raise ValueError(
                f"{what} {value} appears more than once; each {what} may appear only once (one row per task)"
            )
        seen.add(value)
    return rows


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


class Kerberos(DrsModel):
    """Kerberos settings of an MRS Kafka endpoint (Table 4-284; SDK ``KerberosVO``): one wire object
    shared by 4.1.15 (password reset) and 4.4.1 (switchover)."""

    krb5_conf_file: str | None = None
    key_tab_file: Secret | None = None
    domain_name: str | None = None
    user_principal: str | None = None


def describe_db(db_type: DbType | None, where: str | None, db_port: int | None, db_user: str | None) -> str:
    """One line for screens and reports: engine, address, user — never the password."""
    where = where or "?"
    if db_port:
        where = f"{where}:{db_port}"
    user = f" as {db_user}" if db_user else ""
    kind = db_type.value if db_type else "db"
    return f"{kind} {where}{user}"


class Endpoint(DrsModel):
    """A source, target or DMQ database endpoint (Tables 4-5, 4-31, 4-158; SDK ``Endpoint``).

    As reported (4.1.21 details): no constraints. Requests use `EndpointParam`.
    """

    db_type: DbType | None = None
    az_code: str | None = None
    region: str | None = None
    inst_id: str | None = None
    vpc_id: str | None = None
    subnet_id: str | None = None
    security_group_id: str | None = None
    project_id: str | None = None
    db_name: str | None = None
    db_password: Secret | None = None
    db_port: int | None = None
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

    def describe(self) -> str:
        """One line for screens and reports: engine, address, user — never the password."""
        return describe_db(self.db_type, self.ip or self.inst_name or self.inst_id, self.db_port, self.db_user)


class EndpointParam(Endpoint):
    """An `Endpoint` sent in a request (4.1.1 create, 4.1.4 modify), with the request rules:
    ``db_name`` ≤ 128 characters without ``!<>&"\\'``, ``db_port`` 0–65535."""

    db_name: str | None = Field(default=None, max_length=128)
    db_port: Port | None = None

    @field_validator("db_name")
    @classmethod
    def _db_name_chars(cls, v: str | None) -> str | None:
        if v is not None and set(v) & _FORBIDDEN_DB_NAME:
            raise ValueError("db_name must not contain !<>&\"\\'")
        return v


class Tag(DrsModel):
    """Resource tag (Table 4-7/4-33) as the service reports it (4.1.21 ``tags``).

    No length or character rules here, so one odd tag never fails a whole details response;
    requests use `TagParam`.
    """

    key: str
    value: str = ""


class TagParam(Tag):
    """A tag sent in a request (Table 4-7, 4.1.1 / 4.1.4): key ≤ 36, value ≤ 43, letters/digits/_/-."""

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
    """The common per-job row of a batch write API (``{id, status, error_code, error_msg}``; SDK
    ``ModifyJobResp``, ``StartJobResp``, ``PauseJobResp`` … all the same wire object).

    Rows that carry one more field (4.1.6 ``precheck_id``, 4.1.15 ``end_point_type``) subclass it.
    """

    id: str | None = None
    status: BatchStatus | None = None
    error_code: str | None = None
    error_msg: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == BatchStatus.SUCCESS and not self.error_code


_RowT = TypeVar("_RowT")


class BatchResults(DrsModel, Generic[_RowT]):
    """The envelope of the batch APIs (reference §2.0): ``{results: [row, …], count}``.

    Each batch response names its row model: ``class SwitchoverResponse(BatchResults[SwitchoverResult])``.
    """

    results: list[_RowT] = Field(default_factory=list)
    count: int | None = None


class BatchResponse(BatchResults[BatchResult]):
    """``{results: [BatchResult], count}``: the response of the plain batch write APIs."""


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


class PerJobRows(DrsParams):
    """A batch body whose ``jobs`` rows are one per task: a task id may not repeat."""

    @field_validator("jobs", check_fields=False)
    @classmethod
    def _unique_jobs(cls, v: list[Any]) -> list[Any]:
        return check_unique_rows(v)


__all__ = [
    "BatchResponse",
    "BatchResult",
    "BatchResults",
    "Description",
    "Endpoint",
    "EndpointParam",
    "JobIdsParams",
    "KafkaSecurity",
    "Kerberos",
    "Known",
    "PageReq",
    "PagedJobIdsParams",
    "PerJobRows",
    "Port",
    "Tag",
    "TagParam",
    "TaskName",
    "bool_to_text",
    "check_description",
    "check_job_id",
    "check_task_name",
    "check_text",
    "check_unique_rows",
    "describe_db",
]
