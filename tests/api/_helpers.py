"""Shared helpers of the tests/api suites.

Seed fixtures (`load`, `strip_none`, `seed_files`), a recording ``httpx.MockTransport`` handler
(`Recorder`), sync/async clients on it (`sync_client`, `async_client`) and the assertions every
API test repeats: the request that went out (`assert_request`), a response fixture that
round-trips (`assert_round_trips`, `assert_request_fixture`, `assert_response_fixture`), input rejected before anything is sent (`assert_rejected`)
and wire names that match the official SDK (`assert_sdk_wire_names`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import BaseModel, ValidationError

from drstui.api.client import AsyncDrsClient, DrsClient
from drstui.api.models.common import BatchResponse, JobIdsParams
from drstui.api.spec import SPECS, ApiSpec, api

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed"
PROJECT = "054ba152d480d55b2f5dc0069e7ddef0"
ENDPOINT = "https://drs.example.test"
#: The path prefix of every API: ``/v3/{project_id}``.
API = f"/v3/{PROJECT}"

_UNSET: Any = object()


# ---------------------------------------------------------------------------
# Seed fixtures
# ---------------------------------------------------------------------------


def load(name: str) -> Any:
    """The JSON of ``tests/fixtures/seed/<name>``."""
    return json.loads((SEED / name).read_text(encoding="utf-8"))


def seed_files(sections: Iterable[str], pattern: str = "4.*-*.json") -> list[str]:
    """Names of the seed fixtures (matching ``pattern``) of the given sections (``"4.1.19"`` …), sorted."""
    wanted = set(sections)
    return sorted(p.name for p in SEED.glob(pattern) if p.name.split("-")[0] in wanted)


def strip_none(value: Any) -> Any:
    """What ``to_wire`` keeps of a wire body: ``null`` members are omitted (as the SDK does)."""
    if isinstance(value, dict):
        return {k: strip_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [strip_none(v) for v in value]
    return value


# ---------------------------------------------------------------------------
# A recording transport and clients on it
# ---------------------------------------------------------------------------


class Recorder:
    """A MockTransport handler that records every request and answers each with a canned reply.

    ``reply`` is the JSON body (default ``{}``); ``fn(request)`` computes the JSON body per request
    instead; ``content`` answers with raw bytes. ``status`` and ``headers`` apply to every answer.
    A test may change ``reply`` / ``status`` between calls.
    """

    def __init__(
        self,
        reply: Any = None,
        status: int = 200,
        *,
        fn: Callable[[httpx.Request], Any] | None = None,
        content: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.reply = {} if reply is None else reply
        self.status, self.fn, self.content, self.headers = status, fn, content, headers or {}
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.content is not None:
            return httpx.Response(self.status, content=self.content, headers=self.headers)
        body = self.fn(request) if self.fn is not None else self.reply
        return httpx.Response(self.status, json=body, headers=self.headers)

    @property
    def only(self) -> httpx.Request:
        """The one request sent (fails unless exactly one was)."""
        assert len(self.requests) == 1, f"{len(self.requests)} requests were sent, expected 1"
        return self.requests[0]

    @property
    def last(self) -> httpx.Request:
        assert self.requests, "no request was sent"
        return self.requests[-1]

    def _request(self, i: int | None) -> httpx.Request:
        return self.only if i is None else self.requests[i]

    def sent(self, i: int | None = None) -> Any:
        """The JSON body of request ``i`` (``-1``: the last); without ``i``, of the only request."""
        return json.loads(self._request(i).content)

    def query(self, i: int | None = None) -> dict[str, str]:
        """The query parameters of request ``i``; without ``i``, of the only request."""
        return dict(self._request(i).url.params)


def sync_client(rec: Recorder, **kwargs: Any) -> DrsClient:
    """A `DrsClient` whose requests go to ``rec``; no retries, so one call is one request."""
    kwargs = {"token": "tok", "max_retries": 0, **kwargs}
    return DrsClient(ENDPOINT, PROJECT, transport=httpx.MockTransport(rec), **kwargs)


def async_client(rec: Recorder, **kwargs: Any) -> AsyncDrsClient:
    """An `AsyncDrsClient` whose requests go to ``rec``; no retries."""
    kwargs = {"token": "tok", "max_retries": 0, **kwargs}
    return AsyncDrsClient(ENDPOINT, PROJECT, transport=httpx.MockTransport(rec), **kwargs)


@contextmanager
def registered_spec(key: str) -> Iterator[ApiSpec]:
    """A throwaway spec (POST on 4.1.22's path, `JobIdsParams` → `BatchResponse`) registered
    under ``key`` while the block runs, for tests of the client core."""
    created = api(
        key=key,
        section="4.1.22",
        title="test",
        method="POST",
        path="/v3/{project_id}/jobs/batch-status",
        sdk_method="test",
        body=JobIdsParams,
        response=BatchResponse,
    )
    try:
        yield created
    finally:
        SPECS.pop(created.key, None)


# ---------------------------------------------------------------------------
# Assertions
# ---------------------------------------------------------------------------


def assert_request(
    req: httpx.Request, method: str, path: str, *, body: Any = _UNSET, query: dict[str, str] | None = None
) -> None:
    """``req`` is ``method`` on ``ENDPOINT + path`` with exactly the ``query`` parameters (none by
    default) and, when ``body`` is given, that JSON body (``body=None``: no body at all)."""
    assert req.method == method
    assert f"{req.url.scheme}://{req.url.netloc.decode()}{req.url.path}" == ENDPOINT + path
    assert dict(req.url.params) == (query or {})
    if body is None:
        assert req.content == b""
    elif body is not _UNSET:
        assert json.loads(req.content) == body


def assert_round_trips(model_cls: type[BaseModel], raw: Any) -> tuple[Any, dict[str, Any]]:
    """A response body validates (from Python and from JSON text) and survives ``to_wire`` →
    ``model_validate`` unchanged. Returns the model and its wire form for further checks."""
    model = model_cls.model_validate(raw)
    assert model_cls.model_validate_json(json.dumps(raw)) == model
    wire = model.to_wire()  # type: ignore[attr-defined]
    assert model_cls.model_validate(wire) == model
    return model, wire


def assert_request_fixture(model_cls: type[BaseModel], name: str) -> Any:
    """A seed request fixture validates into ``model_cls`` and goes out unchanged (nulls aside)."""
    raw = load(name)
    model = model_cls.model_validate(raw)
    assert model.to_wire() == strip_none(raw)  # type: ignore[attr-defined]
    return model


def assert_response_fixture(model_cls: type[BaseModel], name: str) -> Any:
    """A seed response fixture round-trips (`assert_round_trips`); nothing present (non-null) is
    lost and nothing is invented."""
    raw = load(name)
    model, wire = assert_round_trips(model_cls, raw)
    assert wire == strip_none(raw)
    return model


def assert_rejected(
    call: Callable[[DrsClient], Any], exc: Any = ValidationError, match: str | None = None
) -> pytest.ExceptionInfo[Any]:
    """``call(client)`` raises ``exc`` on a mock-transport client, and nothing is sent."""
    rec = Recorder()
    with sync_client(rec) as client, pytest.raises(exc, match=match) as info:
        call(client)
    assert rec.requests == []
    return info


def wire_names(model: type[BaseModel]) -> set[str]:
    """The JSON keys a model reads and writes: serialization alias, alias or field name."""
    return {f.serialization_alias or f.alias or name for name, f in model.model_fields.items()}


def sdk_wire_names(sdk_name: str) -> set[str]:
    """The wire names of an official SDK model class (its ``attribute_map`` values)."""
    sdk = pytest.importorskip("huaweicloudsdkdrs.v3.model")
    return set(getattr(sdk, sdk_name).attribute_map.values())


def assert_sdk_wire_names(model: type[BaseModel], sdk_name: str, *, ignore: Iterable[str] = ()) -> None:
    """``model`` reads and writes exactly the SDK class's wire names (minus ``ignore``)."""
    assert wire_names(model) == sdk_wire_names(sdk_name) - set(ignore)
