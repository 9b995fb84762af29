"""Shared building blocks for every DRS v3 wire model.

One base config for responses (`DrsModel`: ignore unknown fields, every field optional
where the seed gives no marker), one for requests (`DrsParams`: forbid unknown fields,
enforce documented constraints before anything is sent), open enums that keep values the
service adds later, the four timestamp formats DRS uses, and a secret type that only
reveals itself when a request is actually serialized for the wire.
"""


import re
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PlainSerializer,
    SecretStr,
    SerializationInfo,
    WithJsonSchema,
)

__all__ = [
    "WIRE",
    "DrsModel",
    "DrsParams",
    "OpenStrEnum",
    "Known",
    "EpochMs",
    "EpochMsInt",
    "SpaceDateTime",
    "IsoDateTime",
    "Secret",
    "JobId",
    "Uuid",
    "to_wire",
    "parse_any_datetime",
]

#: Serialization context that reveals secrets. Only the client's request path and the
#: local DRS's own storage use it; anything meant for display dumps without it.
WIRE: dict[str, Any] = {"wire": True}


class DrsModel(BaseModel):
    """Base for DRS response objects: tolerant of unknown and missing fields."""

    model_config = ConfigDict(
        extra="ignore",
        populate_by_name=True,
        use_enum_values=False,
        ser_json_timedelta="float",
        protected_namespaces=(),
        hide_input_in_errors=True,
        # Build validators on first use: importing drstui.api stays cheap for the TUI's start.
        defer_build=True,
    )

    def to_wire(self) -> dict[str, Any]:
        """The JSON-ready dict exactly as it goes on the wire (aliases, secrets revealed, None dropped)."""
        return to_wire(self)


class DrsParams(BaseModel):
    """Base for request bodies and query parameter sets: strict about what goes out.

    Validation errors never echo the input (`hide_input_in_errors`) so a password typed
    into the wrong field cannot leak through an exception message.
    """

    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        validate_assignment=True,
        protected_namespaces=(),
        hide_input_in_errors=True,
        # Build validators on first use: importing drstui.api stays cheap for the TUI's start.
        defer_build=True,
    )

    def to_wire(self) -> dict[str, Any]:
        return to_wire(self)


def to_wire(model: BaseModel) -> dict[str, Any]:
    """Dump a model for the wire: by alias, JSON mode, `None` omitted (as the official SDK does)."""
    return model.model_dump(mode="json", by_alias=True, exclude_none=True, context=WIRE)


# ---------------------------------------------------------------------------
# Open enums
# ---------------------------------------------------------------------------


class OpenStrEnum(StrEnum):
    """A StrEnum that accepts values it does not list.

    Real services add statuses and actions over time; an unknown value becomes a
    pseudo-member that keeps the raw string (``JobStatus("NEW_STATE").value == "NEW_STATE"``)
    instead of failing the whole response. ``.known`` tells whether it is documented.
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        # Case-insensitive match first (the seed shows "ACTIVE" where the table says "active").
        for member in cls:
            if member.value.lower() == value.lower():
                return member
        pseudo = str.__new__(cls, value)
        pseudo._name_ = value
        pseudo._value_ = value
        return pseudo

    @property
    def known(self) -> bool:
        return self._name_ in type(self).__members__


E = TypeVar("E", bound=OpenStrEnum)


def _require_known(value: OpenStrEnum) -> OpenStrEnum:
    if isinstance(value, OpenStrEnum) and not value.known:
        allowed = ", ".join(m.value for m in type(value))
        raise ValueError(f"must be one of: {allowed}")
    return value


class _KnownMarker:
    def __class_getitem__(cls, item: type[E]) -> Any:
        return Annotated[item, AfterValidator(_require_known)]


#: ``Known[JobStatus]`` — for request fields: only documented values pass.
Known = _KnownMarker


# ---------------------------------------------------------------------------
# Timestamps: DRS uses four formats; every one parses from any of them.
# ---------------------------------------------------------------------------

_SPACE_FMT = "%Y-%m-%d %H:%M:%S"
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _from_epoch_ms(ms: float) -> datetime:
    try:
        return datetime.fromtimestamp(ms / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError):
        raise ValueError(f"epoch milliseconds out of range: {ms:.0f}") from None


def parse_any_datetime(value: Any) -> datetime | None:
    """Parse epoch ms (str or int), ``yyyy-MM-dd HH:mm:ss`` (UTC) or ISO-8601 into aware UTC."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_epoch_ms(value)
    if isinstance(value, str):
        text = value.strip()
        if _NUMBER.fullmatch(text):
            return _from_epoch_ms(float(text))
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            try:
                parsed = datetime.strptime(text, _SPACE_FMT)
            except ValueError as exc:
                raise ValueError(f"not a recognised DRS timestamp: {text!r}") from exc
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    raise ValueError(f"not a recognised DRS timestamp: {value!r}")


def _ms(dt: datetime) -> int:
    return int(round(dt.timestamp() * 1000))


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


_parse = BeforeValidator(parse_any_datetime)

#: Millisecond epoch sent as a *string* ("1595338931000"): 4.1.1/4.1.21 create_time, process_time, start_time.
EpochMs = Annotated[
    datetime,
    _parse,
    PlainSerializer(lambda dt: str(_ms(_aware(dt))), return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": r"^\d+$", "description": "milliseconds since the epoch"}),
]

#: Millisecond epoch sent as a *number*: 4.4.4 start_time/end_time.
EpochMsInt = Annotated[
    datetime,
    _parse,
    PlainSerializer(lambda dt: _ms(_aware(dt)), return_type=int, when_used="json"),
    WithJsonSchema({"type": "integer", "description": "milliseconds since the epoch"}),
]

#: ``yyyy-MM-dd HH:mm:ss`` in UTC: 4.1.20 create_time, 4.4.2 time.
SpaceDateTime = Annotated[
    datetime,
    _parse,
    PlainSerializer(
        lambda dt: _aware(dt).astimezone(UTC).strftime(_SPACE_FMT), return_type=str, when_used="json"
    ),
    WithJsonSchema({"type": "string", "description": "yyyy-MM-dd HH:mm:ss (UTC)"}),
]

#: ISO-8601 UTC ``yyyy-MM-ddTHH:mm:ssZ``: 4.1.24, 4.1.34, 4.4.1.
IsoDateTime = Annotated[
    datetime,
    _parse,
    PlainSerializer(
        lambda dt: _aware(dt).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        return_type=str,
        when_used="json",
    ),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]


# ---------------------------------------------------------------------------
# Secrets
# ---------------------------------------------------------------------------

MASK = "******"


def _dump_secret(value: SecretStr, info: SerializationInfo) -> str:
    ctx = info.context or {}
    if ctx.get("wire"):
        return value.get_secret_value()
    return MASK


#: Passwords, SK, tokens, certificate keys: ``SecretStr`` in memory, masked in any dump
#: except the wire dump (``context=WIRE``) the client sends.
Secret = Annotated[
    SecretStr,
    PlainSerializer(_dump_secret, return_type=str),
    WithJsonSchema({"type": "string", "format": "password", "writeOnly": True}),
]


# ---------------------------------------------------------------------------
# Identifiers
# ---------------------------------------------------------------------------

# Task ids are UUID-shaped, but the last group ends in "jb" + a suffix and is not hex
# (e.g. "…1268453jb101", "…6d8jb20i"), so the check is on shape, not on hex digits.
_JOB_ID_RE = re.compile(r"^[0-9a-zA-Z]{8}-[0-9a-zA-Z]{4}-[0-9a-zA-Z]{4}-[0-9a-zA-Z]{4}-[0-9a-zA-Z]{12,16}$")
_UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def _check_job_id(value: str) -> str:
    if not _JOB_ID_RE.match(value):
        raise ValueError("must be a DRS task id (UUID-shaped, e.g. 9a470239-2308-4bb5-a6bc-1040402fjb21)")
    return value


def _check_uuid(value: str) -> str:
    if not _UUID_RE.match(value):
        raise ValueError("must be a UUID (8-4-4-4-12 hex digits)")
    return value


#: A DRS task id, shape-checked on requests.
JobId = Annotated[str, AfterValidator(_check_job_id)]
#: A plain UUID (comparison task ids, subnet ids).
Uuid = Annotated[str, AfterValidator(_check_uuid)]
