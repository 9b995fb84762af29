"""The API table: one `ApiSpec` per DRS v3 operation (seed sections 4.1–4.4).

Each model module registers the specs of its APIs next to their models. The client
builds requests from a spec, and the local DRS routes and documents (OpenAPI) from
the same spec, so a path, method, body model or success status is written once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel

Method = Literal["GET", "POST", "PUT", "DELETE"]


@dataclass(frozen=True, slots=True)
class ApiSpec:
    key: str
    """Unique dotted name, e.g. ``jobs.statuses``; local DRS handlers register under it."""
    section: str
    """Seed section, e.g. ``4.1.22``."""
    title: str
    method: Method
    path: str
    """Full path template, e.g. ``/v3/{project_id}/jobs/batch-status``."""
    sdk_method: str
    """The official SDK's ``DrsClient`` method name (conformance tests use it)."""
    status: int = 200
    """Documented success status."""
    body: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    response: type[BaseModel] | None = None
    """None with ``stream=True``: the response is a file."""
    mutating: bool = False
    """Changes state: retried only when the request provably never reached the server."""
    batch_field: str | None = None
    """The list field of the body a batch call can be split on (``jobs``, ``speed_limits``)."""
    batch_size: int | None = None
    """The chunk size used when splitting; None = send as one request."""
    stream: bool = False
    headers: tuple[str, ...] = field(default_factory=tuple)
    """Extra documented request headers, e.g. ``("Region",)``."""

    @property
    def path_params(self) -> tuple[str, ...]:
        import string

        return tuple(name for _, name, _, _ in string.Formatter().parse(self.path) if name)


SPECS: dict[str, ApiSpec] = {}


def api(**kwargs: object) -> ApiSpec:
    """Create and register a spec; returns it so the module can keep a name for it."""
    spec = ApiSpec(**kwargs)  # type: ignore[arg-type]
    if spec.key in SPECS:
        raise ValueError(f"duplicate API spec key {spec.key!r}")
    if not spec.path.startswith("/v3/{project_id}/"):
        raise ValueError(f"{spec.key}: DRS v3 paths start with /v3/{{project_id}}/")
    SPECS[spec.key] = spec
    return spec


def all_specs() -> dict[str, ApiSpec]:
    """Every registered spec (imports all model modules first)."""
    from . import models  # noqa: F401  (registers)

    return dict(SPECS)
