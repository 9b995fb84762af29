"""Client core: request building, retries, batching, pagination, logging (sync and async)."""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
from pydantic import Field

from drstui.api import (
    APIConnectionError,
    APITimeoutError,
    AsyncDrsClient,
    BadRequestError,
    DrsClient,
    InternalServerError,
    RateLimitError,
    RetryPolicy,
)
from drstui.api._base import merge_responses, split_batch
from drstui.api.models._base import DrsModel, DrsParams
from drstui.api.models.common import BatchResponse, BatchResult, JobIdsParams
from drstui.api.retry import (
    backoff_delay,
    is_retryable_exception,
    is_retryable_status,
    never_reached_server,
    next_delay,
    parse_retry_after,
)
from drstui.api.spec import SPECS, api

PROJECT = "054ba152d480d55b2f5dc0069e7ddef0"
DRS = "https://drs.example.com"


def job_id(i: int) -> str:
    return f"9a470239-2308-4bb5-a6bc-{i:08d}jb21"


# ---------------------------------------------------------------------------
# Test specs (registered for this module only)
# ---------------------------------------------------------------------------


class ListParams(DrsParams):
    cur_page: int = Field(default=1, ge=1)
    per_page: int = Field(default=10, ge=1, le=100)


class JobRow(DrsModel):
    id: str | None = None
    name: str | None = None


class ListResponse(DrsModel):
    jobs: list[JobRow] = Field(default_factory=list)
    total_record: int | None = None


class OffsetQuery(DrsParams):
    offset: int = Field(default=0, ge=0)
    limit: int = Field(default=10, ge=1, le=100)
    secret_hint: str | None = None
    include_all: bool | None = None


class CompareRow(DrsModel):
    table: str | None = None


class OffsetResponse(DrsModel):
    compare_list: list[CompareRow] = Field(default_factory=list)
    count: int | None = None


class Specs:
    pass


@pytest.fixture(scope="module")
def specs():
    s = Specs()
    s.query = api(key="test.core.query", section="4.1.22", title="q", method="POST",
                  path="/v3/{project_id}/jobs/batch-status", sdk_method="t", body=JobIdsParams, response=BatchResponse)
    s.mutate = api(key="test.core.mutate", section="4.1.11", title="m", method="POST",
                   path="/v3/{project_id}/jobs/batch-starting", sdk_method="t", body=JobIdsParams,
                   response=BatchResponse, mutating=True, status=202)
    s.batch = api(key="test.core.batch", section="4.1.13", title="b", method="POST",
                  path="/v3/{project_id}/jobs/batch-pause-task", sdk_method="t", body=JobIdsParams,
                  response=BatchResponse, mutating=True, batch_field="jobs", batch_size=100)
    s.batch10 = api(key="test.core.batch10", section="4.1.22", title="b10", method="POST",
                    path="/v3/{project_id}/jobs/batch-progress", sdk_method="t", body=JobIdsParams,
                    response=BatchResponse, batch_field="jobs", batch_size=10)
    s.list = api(key="test.core.list", section="4.1.20", title="l", method="POST", path="/v3/{project_id}/jobs",
                 sdk_method="t", body=ListParams, response=ListResponse)
    s.offset = api(key="test.core.offset", section="4.1.24", title="o", method="GET",
                   path="/v3/{project_id}/jobs/{job_id}/table/compare", sdk_method="t", query=OffsetQuery,
                   response=OffsetResponse)
    yield s
    for key in [k for k in SPECS if k.startswith("test.core.")]:
        SPECS.pop(key)


OK = {"results": [{"id": job_id(1), "status": "success"}], "count": 1}


class Recorder:
    """A scripted MockTransport handler: each call takes the next step (a response or an exception)."""

    def __init__(self, *steps) -> None:
        self.steps = list(steps)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        step = self.steps.pop(0) if len(self.steps) > 1 else self.steps[0]
        if isinstance(step, type) and issubclass(step, Exception):
            raise step("scripted failure", request=request)
        if isinstance(step, Exception):
            raise step
        status, body, headers = step if len(step) == 3 else (*step, {})
        return httpx.Response(status, json=body, headers=headers)


def sync_client(handler, **kw) -> tuple[DrsClient, list[float]]:
    delays: list[float] = []
    client = DrsClient(DRS, PROJECT, transport=httpx.MockTransport(handler), sleep=delays.append, **kw)
    return client, delays


def body(n: int = 1) -> JobIdsParams:
    return JobIdsParams(jobs=[job_id(i) for i in range(n)])


# ---------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------


def test_build_request_basics(specs) -> None:
    client = DrsClient(DRS, PROJECT, language="zh-cn")
    request = client.build_request(specs.offset, path={"job_id": "a b/c"},
                                   query=OffsetQuery(offset=20, limit=5, include_all=True))
    assert request.method == "GET"
    assert request.url.raw_path.decode().startswith(f"/v3/{PROJECT}/jobs/a%20b%2Fc/table/compare?")
    assert dict(request.url.params) == {"offset": "20", "limit": "5", "include_all": "true"}
    assert request.headers["X-Language"] == "zh-cn"
    assert request.headers["Content-Type"] == "application/json"
    request = client.build_request(specs.query, body=body(1))
    assert json.loads(request.content) == {"jobs": [job_id(0)]}
    with pytest.raises(ValueError, match="job_id"):
        client.build_request(specs.offset)


def test_missing_path_param_sends_nothing(specs) -> None:
    rec = Recorder((200, {}))
    client, _ = sync_client(rec)
    with pytest.raises(ValueError):
        client.request(specs.offset, query=OffsetQuery())
    assert rec.requests == []


def test_resources_are_cached_and_client_flags() -> None:
    client = DrsClient(DRS, PROJECT)
    assert client.jobs is client.jobs and client.compare is client.compare
    assert client.is_async is False
    assert AsyncDrsClient(DRS, PROJECT).is_async is True


def test_http_client_option() -> None:
    own = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200, json={})))
    client = DrsClient(DRS, PROJECT, http_client=own)
    client.close()
    assert not own.is_closed  # not ours to close
    with pytest.raises(ValueError, match="not both"):
        DrsClient(DRS, PROJECT, http_client=own, transport=httpx.MockTransport(lambda r: httpx.Response(200)))
    own.close()


# ---------------------------------------------------------------------------
# Retries
# ---------------------------------------------------------------------------


def test_query_retried_on_503_then_succeeds(specs) -> None:
    rec = Recorder((503, {}), (503, {}), (200, OK))
    client, delays = sync_client(rec)
    assert client.request(specs.query, body=body()).count == 1
    assert len(rec.requests) == 3
    # Default policy: base 0.5 s doubling, half of it jittered.
    assert len(delays) == 2
    assert 0.25 <= delays[0] <= 0.5 and 0.5 <= delays[1] <= 1.0


def test_query_retried_on_read_timeout_and_502_504(specs) -> None:
    rec = Recorder(httpx.ReadTimeout, (502, {}), (504, {}), (200, OK))
    client, delays = sync_client(rec, max_retries=3)
    assert client.request(specs.query, body=body()).count == 1
    assert len(rec.requests) == 4 and len(delays) == 3


def test_mutating_not_retried_on_503(specs) -> None:
    rec = Recorder((503, {"error_code": "X", "error_msg": "down"}), (200, OK))
    client, delays = sync_client(rec)
    with pytest.raises(InternalServerError):
        client.request(specs.mutate, body=body())
    assert len(rec.requests) == 1 and delays == []


def test_mutating_not_retried_on_read_timeout(specs) -> None:
    rec = Recorder(httpx.ReadTimeout, (200, OK))
    client, delays = sync_client(rec)
    with pytest.raises(APITimeoutError):
        client.request(specs.mutate, body=body())
    assert len(rec.requests) == 1 and delays == []


def test_mutating_not_retried_on_429(specs) -> None:
    rec = Recorder((429, {}, {"Retry-After": "1"}), (200, OK))
    client, _ = sync_client(rec)
    with pytest.raises(RateLimitError):
        client.request(specs.mutate, body=body())
    assert len(rec.requests) == 1


@pytest.mark.parametrize("failure", [httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout])
def test_mutating_retried_when_never_sent(specs, failure) -> None:
    rec = Recorder(failure, (202, OK))
    client, delays = sync_client(rec)
    assert client.request(specs.mutate, body=body()).count == 1
    assert len(rec.requests) == 2 and len(delays) == 1


def test_retry_after_honoured(specs) -> None:
    rec = Recorder((429, {}, {"Retry-After": "3"}), (503, {}, {"Retry-After": "1000"}),
                   (503, {}, {"Retry-After": "0"}), (200, OK))
    client, delays = sync_client(rec, retry_policy=RetryPolicy(max_retries=3, max_retry_after=20, max_total=100))
    assert client.request(specs.query, body=body()).count == 1
    assert delays == [3.0, 20.0, 0.0]  # seconds, capped, zero


def test_retry_after_http_date(specs) -> None:
    when = datetime.now(UTC) + timedelta(seconds=30)
    rec = Recorder((503, {}, {"Retry-After": format_datetime(when, usegmt=True)}), (200, OK))
    client, delays = sync_client(rec)
    client.request(specs.query, body=body())
    assert len(delays) == 1 and 27 <= delays[0] <= 30


def test_attempts_bounded(specs) -> None:
    rec = Recorder((503, {"error_code": "DRS.M00004", "error_msg": "down"}))
    client, delays = sync_client(rec, max_retries=3)
    with pytest.raises(InternalServerError) as info:
        client.request(specs.query, body=body())
    assert len(rec.requests) == 4 and len(delays) == 3
    assert info.value.status_code == 503
    rec = Recorder(httpx.ConnectError)
    client, delays = sync_client(rec, max_retries=0)
    with pytest.raises(APIConnectionError):
        client.request(specs.query, body=body())
    assert len(rec.requests) == 1 and delays == []


def test_total_time_bounded(specs) -> None:
    rec = Recorder((429, {}, {"Retry-After": "50"}), (200, OK))
    client, delays = sync_client(rec, retry_policy=RetryPolicy(max_retries=5, max_total=10))
    with pytest.raises(RateLimitError):
        client.request(specs.query, body=body())
    assert len(rec.requests) == 1 and delays == []


async def test_async_retries_with_injected_sleep(specs) -> None:
    delays: list[float] = []

    async def sleep(seconds: float) -> None:
        delays.append(seconds)

    rec = Recorder((503, {}, {"Retry-After": "2"}), httpx.ReadError, (200, OK))
    async with AsyncDrsClient(DRS, PROJECT, transport=httpx.MockTransport(rec), sleep=sleep) as client:
        assert (await client.request(specs.query, body=body())).count == 1
        assert delays[0] == 2.0 and len(delays) == 2
        rec2 = Recorder(httpx.ReadTimeout)
        client2 = AsyncDrsClient(DRS, PROJECT, transport=httpx.MockTransport(rec2), sleep=sleep)
        with pytest.raises(APITimeoutError):
            await client2.request(specs.mutate, body=body())
        assert len(rec2.requests) == 1


def test_retry_pure_functions() -> None:
    now = datetime(2025, 1, 1, tzinfo=UTC)
    assert parse_retry_after("7", now) == 7.0
    assert parse_retry_after(" 1.5 ", now) == 1.5
    assert parse_retry_after("-3", now) == 0.0
    assert parse_retry_after("Wed, 01 Jan 2025 00:00:10 GMT", now) == 10.0
    assert parse_retry_after("Tue, 31 Dec 2024 23:59:00 GMT", now) == 0.0
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after(None) is None and parse_retry_after("") is None
    policy = RetryPolicy(max_retries=3, base_delay=1, max_delay=3, jitter=0.5, max_total=100)
    assert [backoff_delay(n, policy, 0.0) for n in range(4)] == [0.5, 1.0, 1.5, 1.5]
    assert [backoff_delay(n, policy, 1.0) for n in range(4)] == [1.0, 2.0, 3.0, 3.0]
    assert next_delay(3, policy, elapsed=0) is None
    assert next_delay(0, policy, elapsed=0, retry_after=500) == 60.0  # max_retry_after default
    assert next_delay(0, policy, elapsed=99.6, rand=0.0) is None
    assert is_retryable_status(503, mutating=False) and not is_retryable_status(503, mutating=True)
    assert not is_retryable_status(500, mutating=False)
    req = httpx.Request("GET", "http://x")
    assert never_reached_server(httpx.ConnectError("x", request=req))
    assert not never_reached_server(httpx.ReadTimeout("x", request=req))
    assert is_retryable_exception(httpx.RemoteProtocolError("x", request=req), mutating=False)
    assert not is_retryable_exception(httpx.RemoteProtocolError("x", request=req), mutating=True)
    assert not is_retryable_exception(httpx.UnsupportedProtocol("x", request=req), mutating=False)


# ---------------------------------------------------------------------------
# Batching
# ---------------------------------------------------------------------------


def batch_handler(seen: list[list[str]], fail_ids: set[str] = frozenset(), fail_chunk: int | None = None):
    def handler(request: httpx.Request) -> httpx.Response:
        ids = json.loads(request.content)["jobs"]
        seen.append(ids)
        if fail_chunk is not None and len(seen) == fail_chunk:
            return httpx.Response(400, json={"error_code": "DRS.M00301", "error_msg": "There are duplicate jobs in request."})
        rows = [
            {"id": i, "status": "failed", "error_code": "DRS.M01504", "error_msg": "busy"} if i in fail_ids
            else {"id": i, "status": "success"}
            for i in ids
        ]
        return httpx.Response(200, json={"results": rows, "count": len(rows)})

    return handler


def test_batch_split_and_merge(specs) -> None:
    seen: list[list[str]] = []
    ids = [job_id(i) for i in range(250)]
    client, _ = sync_client(batch_handler(seen, fail_ids={ids[130]}))
    result = client.request_batched(specs.batch, body=JobIdsParams(jobs=ids))
    assert [len(chunk) for chunk in seen] == [100, 100, 50]
    assert [r.id for r in result.results] == ids
    assert result.count == 250
    failed = [r for r in result.results if r.error_code]
    assert len(failed) == 1 and failed[0].id == ids[130] and failed[0].error_code == "DRS.M01504"
    assert failed[0].error_msg == "busy"


def test_batch_small_is_one_request(specs) -> None:
    seen: list[list[str]] = []
    client, _ = sync_client(batch_handler(seen))
    result = client.request_batched(specs.batch, body=body(100))
    assert len(seen) == 1 and result.count == 100


def test_batch_chunk_failure_says_which(specs) -> None:
    seen: list[list[str]] = []
    client, _ = sync_client(batch_handler(seen, fail_chunk=2))
    with pytest.raises(BadRequestError) as info:
        client.request_batched(specs.batch, body=body(250))
    error = info.value
    assert error.batch_chunk == (2, 3, 100, 199)
    assert "batch chunk 2/3, items 100-199" in str(error)
    assert len(error.batch_completed) == 1 and error.batch_completed[0].count == 100  # type: ignore[arg-type]
    assert len(seen) == 2  # the third chunk was not sent


async def test_async_batch_merges_in_order(specs) -> None:
    seen: list[list[str]] = []
    ids = [job_id(i) for i in range(250)]
    async with AsyncDrsClient(DRS, PROJECT, transport=httpx.MockTransport(batch_handler(seen, {ids[0], ids[249]}))) as c:
        result = await c.request_batched(specs.batch, body=JobIdsParams(jobs=ids))
    assert sorted(len(x) for x in seen) == [50, 100, 100]
    assert [r.id for r in result.results] == ids
    assert result.count == 250
    assert [r.id for r in result.results if r.error_code == "DRS.M01504"] == [ids[0], ids[249]]


async def test_async_batch_concurrency_bounded(specs) -> None:
    in_flight = 0
    peak = 0
    calls = 0

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak, calls
        calls += 1
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.01)
        in_flight -= 1
        ids = json.loads(request.content)["jobs"]
        return httpx.Response(200, json={"results": [{"id": i, "status": "success"} for i in ids], "count": len(ids)})

    async with AsyncDrsClient(DRS, PROJECT, transport=httpx.MockTransport(handler), batch_concurrency=3) as client:
        result = await client.request_batched(specs.batch10, body=body(95))
    assert calls == 10
    assert peak == 3
    assert result.count == 95 and len(result.results) == 95

    peak = calls = 0
    async with AsyncDrsClient(DRS, PROJECT, transport=httpx.MockTransport(handler)) as client:
        await client.request_batched(specs.batch10, body=body(95))
    assert peak == 4  # the default bound


async def test_async_batch_failure_raises_chunk(specs) -> None:
    async def handler(request: httpx.Request) -> httpx.Response:
        ids = json.loads(request.content)["jobs"]
        if job_id(25) in ids:
            return httpx.Response(500, json={"error_code": "DRS.M01501", "error_msg": "Service error."})
        return httpx.Response(200, json={"results": [{"id": i} for i in ids], "count": len(ids)})

    async with AsyncDrsClient(DRS, PROJECT, transport=httpx.MockTransport(handler), batch_concurrency=2) as client:
        with pytest.raises(InternalServerError) as info:
            await client.request_batched(specs.batch10, body=body(95))
    assert info.value.batch_chunk == (3, 10, 20, 29)
    assert "batch chunk 3/10" in str(info.value)
    assert all(r.count == 10 for r in info.value.batch_completed)  # type: ignore[union-attr]


def test_split_and_merge_helpers(specs) -> None:
    chunks = split_batch(specs.batch, body(201))
    assert [(c.index, c.first, c.last, len(c.body.jobs)) for c in chunks] == [(0, 0, 99, 100), (1, 100, 199, 100), (2, 200, 200, 1)]
    assert split_batch(specs.query, body(500))[0].body.jobs == body(500).jobs  # no batching on the spec
    merged = merge_responses([
        BatchResponse(results=[BatchResult(id="a")], count=1),
        BatchResponse(results=[], count=None),
        BatchResponse(results=[BatchResult(id="b", error_code="E")], count=1),
    ])
    assert [r.id for r in merged.results] == ["a", "b"] and merged.count == 2
    assert merge_responses([]) is None


# ---------------------------------------------------------------------------
# Pagination
# ---------------------------------------------------------------------------

ROWS = [f"job-{i}" for i in range(23)]
TABLES = [f"t{i}" for i in range(25)]


def list_handler(seen: list[tuple]):
    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            page = json.loads(request.content)
            seen.append(("page", page["cur_page"], page["per_page"]))
            start = (page["cur_page"] - 1) * page["per_page"]
            rows = [{"id": r} for r in ROWS[start : start + page["per_page"]]]
            return httpx.Response(200, json={"jobs": rows, "total_record": len(ROWS)})
        offset, limit = int(request.url.params["offset"]), int(request.url.params["limit"])
        seen.append(("offset", offset, limit))
        return httpx.Response(200, json={"compare_list": [{"table": t} for t in TABLES[offset : offset + limit]],
                                         "count": len(TABLES)})

    return handler


def test_iter_pages_page_style(specs) -> None:
    seen: list[tuple] = []
    progress: list[tuple] = []
    client, _ = sync_client(list_handler(seen))
    pages = list(client.iter_pages(
        lambda n: client.request(specs.list, body=ListParams(cur_page=n, per_page=10)),
        lambda r: (r.jobs, r.total_record),
        style="page", page_size=10, progress=lambda done, total: progress.append((done, total)),
    ))
    assert [p.cursor for p in pages] == [1, 2, 3]
    assert [len(p.items) for p in pages] == [10, 10, 3]
    assert seen == [("page", 1, 10), ("page", 2, 10), ("page", 3, 10)]
    assert progress == [(10, 23), (20, 23), (23, 23)]
    assert [row.id for p in pages for row in p.items] == ROWS


def test_iter_items_offset_style(specs) -> None:
    seen: list[tuple] = []
    client, _ = sync_client(list_handler(seen))
    items = list(client.iter_items(
        lambda off: client.request(specs.offset, path={"job_id": "j"}, query=OffsetQuery(offset=off, limit=10)),
        lambda r: (r.compare_list, r.count),
        style="offset",
    ))
    assert [t.table for t in items] == TABLES
    assert seen == [("offset", 0, 10), ("offset", 10, 10), ("offset", 20, 10)]


def test_pagination_stop_rules() -> None:
    from drstui.api.pagination import iter_pages

    data = list(range(7))
    calls: list[int] = []

    def fetch(n: int):
        calls.append(n)
        return data[(n - 1) * 3 : n * 3]

    # No total: stops at the empty page.
    assert [p.items for p in iter_pages(fetch, lambda r: (r, None))] == [[0, 1, 2], [3, 4, 5], [6], []]
    calls.clear()
    # Short page: stops without fetching an empty one.
    assert len(list(iter_pages(fetch, lambda r: (r, None), page_size=3))) == 3 and calls == [1, 2, 3]
    calls.clear()
    assert len(list(iter_pages(fetch, lambda r: (r, None), max_pages=2))) == 2
    with pytest.raises(ValueError):
        list(iter_pages(fetch, lambda r: (r, None), style="cursor"))  # type: ignore[arg-type]


async def test_async_pagination_both_styles(specs) -> None:
    seen: list[tuple] = []
    progress: list[tuple] = []
    async with AsyncDrsClient(DRS, PROJECT, transport=httpx.MockTransport(list_handler(seen))) as client:
        pages = [p async for p in client.iter_pages(
            lambda n: client.request(specs.list, body=ListParams(cur_page=n, per_page=10)),
            lambda r: (r.jobs, r.total_record), progress=lambda d, t: progress.append((d, t)),
        )]
        tables = [t.table async for t in client.iter_items(
            lambda off: client.request(specs.offset, path={"job_id": "j"}, query=OffsetQuery(offset=off, limit=10)),
            lambda r: (r.compare_list, r.count), style="offset",
        )]
    assert [row.id for p in pages for row in p.items] == ROWS
    assert progress[-1] == (23, 23)
    assert tables == TABLES


# ---------------------------------------------------------------------------
# Logging
# ---------------------------------------------------------------------------


def test_debug_log_line_without_secrets(specs, caplog) -> None:
    caplog.set_level(logging.DEBUG, logger="drstui.api")

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"compare_list": [], "count": 0}, headers={"X-Request-Id": "rid-777"})

    rec = Recorder((503, {}), (200, {"compare_list": [], "count": 0}, {"X-Request-Id": "rid-777"}))
    client, _ = sync_client(rec, token="log-secret-token-123")
    client.request(specs.offset, path={"job_id": "job-1"}, query=OffsetQuery(secret_hint="query-value-hidden"))
    records = [r for r in caplog.records if r.name == "drstui.api"]
    lines = [r.getMessage() for r in records]
    assert any(f"GET /v3/{PROJECT}/jobs/job-1/table/compare -> 200" in line and "rid-777" in line for line in lines)
    assert any("-> 503" in line for line in lines)
    assert any("retry 1/2" in line for line in lines)
    assert all(r.levelno == logging.DEBUG for r in records)
    text = "\n".join(lines)
    assert "query-value-hidden" not in text
    assert "log-secret-token-123" not in text
    assert "X-Auth-Token" not in text and "Content-Type" not in text


def test_malformed_success_body_raises_a_drs_error():
    """A 2xx body that does not fit the model is a DrsError, not a bare pydantic error."""
    import httpx as _httpx

    from drstui.api import DrsClient as _Client
    from drstui.api.errors import APIResponseValidationError, DrsError

    def handler(request: _httpx.Request) -> _httpx.Response:
        return _httpx.Response(200, json={"results": "not-a-list"}, headers={"X-Request-Id": "rid-1"})

    with _Client("https://drs.example", "p" * 32, token="t", transport=_httpx.MockTransport(handler)) as c:
        with pytest.raises(APIResponseValidationError) as exc:
            c.jobs.statuses(["9a470239-2308-4bb5-a6bc-1040402fjb21"])
    assert isinstance(exc.value, DrsError)
    assert exc.value.request_id == "rid-1" and "results" in str(exc.value)

