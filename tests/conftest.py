"""Shared fixtures: a local DRS on a frozen clock, served on a loopback port, and clients for it."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

# Every fast-path response of the local DRS is checked against its response model's dump.
os.environ.setdefault("DRSTUI_LOCAL_STRICT", "1")

from drstui.local.clock import SimClock
from drstui.local.server import LocalServer
from drstui.local.state import LocalDrs, Tenant

PROJECT_ID = "054ba152d480d55b2f5dc0069e7ddef0"
OTHER_PROJECT_ID = "a1b2c3d4e5f60718293a4b5c6d7e8f90"


@pytest.fixture
def tenant() -> Tenant:
    return Tenant.generate(project_id=PROJECT_ID, ak="TESTAK0000000000001", sk="test-sk-0000000000000000000000000000000")


@pytest.fixture
def other_tenant() -> Tenant:
    return Tenant.generate(project_id=OTHER_PROJECT_ID, ak="TESTAK0000000000002", sk="test-sk-other-000000000000000000000000")


@pytest.fixture
def drs(tenant: Tenant, other_tenant: Tenant) -> Iterator[LocalDrs]:
    """An empty local DRS whose clock only moves when a test calls ``drs.clock.advance``."""
    d = LocalDrs(state=":memory:", clock=SimClock(time_scale=0, start_ms=1_764_000_000_000), fail_share=0.0,
                 tenants=[tenant, other_tenant])  # fmt: skip
    yield d
    d.close()


@pytest.fixture
def server(drs: LocalDrs) -> Iterator[LocalServer]:
    with LocalServer(drs) as srv:
        yield srv


@pytest.fixture
def client(server: LocalServer):
    from drstui.api import DrsClient

    with DrsClient(**server.client_kwargs()) as c:
        yield c


@pytest.fixture
async def aclient(server: LocalServer):
    from drstui.api import AsyncDrsClient

    async with AsyncDrsClient(**server.client_kwargs()) as c:
        yield c
