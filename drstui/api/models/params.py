"""Database parameter comparison (seed 4.1.9 get, 4.1.10 modify).

Only MySQL migration and MySQL DR tasks with ``job_direction=up`` in ``CONFIGURATION`` support it.
Booleans travel as the *strings* ``"true"``/``"false"`` (``compare_result``, ``need_restart``,
``should_restart``) and ``refresh`` as ``"1"``/``"0"``; the models keep the wire strings and
expose Python bools through properties.
"""


from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, field_validator

from ..spec import api
from ._base import DrsModel, DrsParams, Known, OpenStrEnum
from .common import JobIdsParams

__all__ = [
    "ParamGroup",
    "GetParamsParams",
    "DbParam",
    "JobParams",
    "GetParamsResponse",
    "ParamChange",
    "ModifyParamsParams",
    "ModifyParamsResponse",
    "GET_PARAMS",
    "MODIFY_PARAMS",
]


class ParamGroup(OpenStrEnum):
    """Parameter group (Tables 4-68, 4-71)."""

    COMMON = "common"
    PERFORMANCE = "performance"


def _flag(text: str | None) -> bool | None:
    """``"true"``/``"false"`` (any case) → bool; anything else → None."""
    if text is None:
        return None
    lowered = text.strip().lower()
    if lowered == "true":
        return True
    if lowered == "false":
        return False
    return None


def _refresh(value: Any) -> Any:
    # The seed example sends the number 1; Table 4-65 and the SDK say string. Accept both, send the string.
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int) and value in (0, 1):
        return str(value)
    return value


class GetParamsParams(JobIdsParams):
    """4.1.9 body ``{"jobs": [ids], "refresh": "1"|"0"}`` (SDK ``BatchQueryParamReq``).

    ``refresh="1"`` re-reads the databases (use it on the first call), ``"0"`` serves the cache.
    """

    refresh: Annotated[Literal["1", "0"], BeforeValidator(_refresh)] = "1"


class DbParam(DrsModel):
    """Table 4-68 (SDK ``Params``): one parameter compared between source and target."""

    key: str | None = None
    group: ParamGroup | None = None
    source_value: str | None = None
    target_value: str | None = None
    compare_result: str | None = None
    data_type: str | None = None
    value_range: str | None = None
    need_restart: str | None = None
    error_code: str | None = None
    error_message: str | None = None

    @property
    def consistent(self) -> bool | None:
        """``compare_result`` as a bool: source and target values agree."""
        return _flag(self.compare_result)

    @property
    def restart_required(self) -> bool | None:
        """``need_restart`` as a bool: changing it needs an instance restart."""
        return _flag(self.need_restart)

    @property
    def numeric(self) -> bool:
        """``data_type == "figure"``: the value is a number."""
        return self.data_type == "figure"

    @property
    def choices(self) -> list[str] | None:
        """The allowed values when ``value_range`` is an enumeration ``v1|v2|…``."""
        if self.value_range and "|" in self.value_range:
            return self.value_range.split("|")
        return None

    @property
    def bounds(self) -> tuple[float, float] | None:
        """``(low, high)`` when ``value_range`` is a numeric range ``a-b``."""
        if not self.value_range or "|" in self.value_range:
            return None
        low, sep, high = self.value_range.partition("-")
        if not sep:
            return None
        try:
            return float(low), float(high)
        except ValueError:
            return None


class JobParams(DrsModel):
    """Table 4-67 (SDK ``QueryDbParamsResp``): the parameters of one task.

    Entries carry no task id; they come in the order of the requested ids.
    """

    params: list[DbParam] = Field(default_factory=list)

    @property
    def differing(self) -> list[DbParam]:
        return [p for p in self.params if p.consistent is False]


class GetParamsResponse(DrsModel):
    params_list: list[JobParams] = Field(default_factory=list)
    count: int | None = None


def _value_to_str(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return value


class ParamChange(DrsParams):
    """Table 4-72 (SDK ``ParamsReqBean``): the new target value of one parameter (a string)."""

    key: str = Field(min_length=1)
    target_value: Annotated[str, BeforeValidator(_value_to_str)]


class ModifyParamsParams(DrsParams):
    """4.1.10 body (SDK ``ModifyTargetParamsReq``): parameters of one group."""

    group: Known[ParamGroup]
    params: list[ParamChange] = Field(min_length=1)

    @field_validator("params")
    @classmethod
    def _unique_keys(cls, v: list[ParamChange]) -> list[ParamChange]:
        keys = [p.key for p in v]
        dupes = sorted({k for k in keys if keys.count(k) > 1})
        if dupes:
            raise ValueError(f"each parameter may appear once; repeated: {', '.join(dupes)}")
        return v


class ModifyParamsResponse(DrsModel):
    """Table 4-73 (SDK ``UpdateParamsResponse``)."""

    success: bool | None = None
    should_restart: str | None = None
    error_code: str | None = None
    error_msg: str | None = None

    @property
    def restart_required(self) -> bool | None:
        return _flag(self.should_restart)


GET_PARAMS = api(
    key="params.get",
    section="4.1.9",
    title="Get DB parameters",
    method="POST",
    path="/v3/{project_id}/jobs/batch-get-params",
    sdk_method="batch_show_params",
    status=202,
    body=GetParamsParams,
    response=GetParamsResponse,
    mutating=False,
    batch_field="jobs",
    batch_size=100,
)

MODIFY_PARAMS = api(
    key="params.modify",
    section="4.1.10",
    title="Modify DB parameters",
    method="POST",
    path="/v3/{project_id}/jobs/{job_id}/params",
    sdk_method="update_params",
    status=202,
    body=ModifyParamsParams,
    response=ModifyParamsResponse,
    mutating=True,
)
