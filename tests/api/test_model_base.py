"""The shared model building blocks: open enums, timestamps, secrets, ids."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import BaseModel, ValidationError

from drstui.api.models._base import EpochMs, EpochMsInt, IsoDateTime, Known, Secret, SpaceDateTime, to_wire
from drstui.api.models.enums import JobStatus


class _Times(BaseModel):
    a: EpochMs | None = None
    b: EpochMsInt | None = None
    c: SpaceDateTime | None = None
    d: IsoDateTime | None = None


@pytest.mark.parametrize(
    "raw",
    ["1595338931000", 1595338931000, "2020-07-21 13:42:11", "2020-07-21T13:42:11Z", "2020-07-21T21:42:11+08:00"],
)
def test_every_format_parses_to_the_same_aware_instant(raw):
    t = _Times(a=raw, b=raw, c=raw, d=raw)
    expected = datetime(2020, 7, 21, 13, 42, 11, tzinfo=UTC)
    assert t.a == t.b == t.c == t.d == expected


def test_each_type_serializes_in_its_own_wire_format():
    t = _Times(a="1595338931000", b="1595338931000", c="1595338931000", d="1595338931000")
    assert to_wire(t) == {"a": "1595338931000", "b": 1595338931000, "c": "2020-07-21 13:42:11",
                          "d": "2020-07-21T13:42:11Z"}  # fmt: skip


@pytest.mark.parametrize("raw", [10**20, "-99999999999999999999", "not a time"])
def test_out_of_range_or_garbage_is_a_validation_error(raw):
    with pytest.raises(ValidationError):
        _Times(a=raw)


def test_open_enum_keeps_unknown_values_and_known_rejects_them():
    assert JobStatus("SOMETHING_NEW").value == "SOMETHING_NEW"
    assert not JobStatus("SOMETHING_NEW").known
    assert JobStatus("pausing") is JobStatus.PAUSING

    class _Req(BaseModel):
        status: Known[JobStatus]

    assert _Req(status="PAUSING").status is JobStatus.PAUSING
    with pytest.raises(ValidationError, match="must be one of"):
        _Req(status="SOMETHING_NEW")


def test_secret_masked_everywhere_but_the_wire():
    class _Body(BaseModel):
        db_password: Secret

    b = _Body(db_password="Hunter2-secret")
    assert "Hunter2" not in repr(b) and "Hunter2" not in str(b.model_dump()) and "Hunter2" not in b.model_dump_json()
    assert to_wire(b) == {"db_password": "Hunter2-secret"}
