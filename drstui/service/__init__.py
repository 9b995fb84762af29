"""The service layer: DRS API results as pandas DataFrames, profiles, the embedded local DRS.

Importing this package is cheap (nothing heavy is loaded): names resolve on first use.

    from drstui.service import connect, FRAMES
    svc = connect()              # default profile; the embedded local DRS when none is configured
    svc.tasks()                  # every task, with progress

`drstui.api` and `drstui.service` never import textual.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from .columns import FRAMES, Column, FrameSpec, frame_from_rows
    from .profiles import (
        Profile,
        ProfileTest,
        add_profile,
        get_profile,
        list_profiles,
        remove_profile,
        test_profile,
    )
    from .service import DrsService, MultiService, ReadOnlyError, connect, connect_all

_LAZY: dict[str, str] = {
    "FRAMES": "columns",
    "Column": "columns",
    "FrameSpec": "columns",
    "frame_from_rows": "columns",
    "DrsService": "service",
    "MultiService": "service",
    "ReadOnlyError": "service",
    "connect": "service",
    "connect_all": "service",
    "Profile": "profiles",
    "ProfileTest": "profiles",
    "add_profile": "profiles",
    "get_profile": "profiles",
    "list_profiles": "profiles",
    "remove_profile": "profiles",
    "test_profile": "profiles",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
