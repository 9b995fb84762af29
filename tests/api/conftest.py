"""Fixtures of the tests/api suites: a recording mock transport and a client on it.

``client`` here overrides the root conftest's loopback-server client: every test in tests/api
talks to an ``httpx.MockTransport``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from drstui.api.client import DrsClient

from ._helpers import Recorder, sync_client


@pytest.fixture
def rec() -> Recorder:
    return Recorder()


@pytest.fixture
def client(rec: Recorder) -> Iterator[DrsClient]:
    with sync_client(rec) as c:
        yield c
