"""Small helpers with no better home."""

from __future__ import annotations

from enum import Enum


def ordered(enum: type[Enum]) -> tuple[str, ...]:
    """The declared values of an enum, in declaration order."""
    return tuple(str(m.value) for m in enum)
