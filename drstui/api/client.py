"""`DrsClient` (sync) and `AsyncDrsClient` over one pooled httpx client each.

    client = DrsClient("https://drs.cn-north-4.myhuaweicloud.com", project_id,
                       ak="…", sk="…")            # or token=…, iam={…}, auth=<httpx.Auth>,
                                                  # or HUAWEICLOUD_SDK_AK/SK in the environment
    client.jobs.statuses([...])

Both share `BaseDrsClient` (building, parsing, retry rules, batch split/merge); they differ
only in how a request is sent, how they sleep between retries and how batch chunks run
(in order here; concurrently, at most ``batch_concurrency`` at a time, in the async client).
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from functools import cached_property
from typing import Any

import httpx
from pydantic import BaseModel, SecretStr

from . import pagination
from ._base import BaseDrsClient, Chunk, merge_responses, split_batch
from .auth import IamPasswordAuth
from .pagination import Page, PageStyle
from .resources import Compare, DisasterRecovery, Jobs, Params, Users
from .retry import RetryPolicy
from .spec import ApiSpec

__all__ = ["DrsClient", "AsyncDrsClient"]


class _Resources:
    @cached_property
    def jobs(self) -> Jobs:
        return Jobs(self)  # type: ignore[arg-type]

    @cached_property
    def params(self) -> Params:
        return Params(self)  # type: ignore[arg-type]

    @cached_property
    def compare(self) -> Compare:
        return Compare(self)  # type: ignore[arg-type]

    @cached_property
    def users(self) -> Users:
        return Users(self)  # type: ignore[arg-type]

    @cached_property
    def dr(self) -> DisasterRecovery:
        return DisasterRecovery(self)  # type: ignore[arg-type]


#: httpx writes a request's headers and body in two sends; with Nagle's algorithm on, the body
#: waits for the server's delayed ACK of the headers (~40 ms a request on Linux). TCP_NODELAY
#: sends it at once: a 100-id batch-status call drops from ~45 ms to ~3 ms on loopback.
SOCKET_OPTIONS = [(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]


def _check_http(http_client: object, transport: object) -> None:
    if http_client is not None and transport is not None:
        raise ValueError("give transport= or http_client=, not both (configure the transport on the client)")


class DrsClient(_Resources, BaseDrsClient):
    """Synchronous DRS v3 client.

    Keywords: ``token`` / ``ak`` + ``sk`` (+ ``security_token``) / ``iam`` (an `IamPasswordAuth`
    or its settings dict) / ``auth`` (any ``httpx.Auth``) — at most one; ``transport`` or a ready
    ``http_client`` (not closed by this client); ``max_retries`` or a full ``retry_policy``;
    ``sleep`` replaces ``time.sleep`` between retries (tests).
    """

    def __init__(
        self,
        endpoint: str,
        project_id: str | None = None,
        *,
        token: str | SecretStr | None = None,
        ak: str | None = None,
        sk: str | SecretStr | None = None,
        security_token: str | SecretStr | None = None,
        iam: IamPasswordAuth | Mapping[str, Any] | None = None,
        auth: httpx.Auth | None = None,
        language: str = "en-us",
        transport: httpx.BaseTransport | None = None,
        timeout: float = 30.0,
        max_retries: int = 2,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.Client | None = None,
        sleep: Callable[[float], None] | None = None,
        user_agent: str | None = None,
    ) -> None:
        super().__init__(
            endpoint,
            project_id,
            language=language,
            token=token,
            ak=ak,
            sk=sk,
            security_token=security_token,
            iam=iam,
            auth=auth,
            max_retries=max_retries,
            retry_policy=retry_policy,
            user_agent=user_agent,
        )
        _check_http(http_client, transport)
        self._owns_http = http_client is None
        self._http = (
            http_client
            if http_client is not None
            else httpx.Client(transport=transport or httpx.HTTPTransport(socket_options=SOCKET_OPTIONS), timeout=timeout)
        )
        self._sleep = sleep or time.sleep

    # -- sending -------------------------------------------------------------
    def send(self, spec: ApiSpec, build: Callable[[], httpx.Request]) -> httpx.Response:
        """Send a request built fresh for every attempt (so each is signed anew), with retries."""
        attempts = self._attempts(spec)
        while True:
            request = build()
            started = time.monotonic()
            try:
                response = self._http.send(request, **self._send_kwargs())
            except httpx.TransportError as exc:
                delay = attempts.after_exception(exc)
                if delay is None:
                    raise self._connection_error(request, exc) from exc
                self._log_retry(request, type(exc).__name__, delay, attempts)
                self._sleep(delay)
                continue
            self._log_response(request, response, started, attempts.retries + 1)
            delay = attempts.after_response(response)
            if delay is None:
                return response
            response.close()
            self._log_retry(request, f"HTTP {response.status_code}", delay, attempts)
            self._sleep(delay)

    def request(
        self,
        spec: ApiSpec,
        *,
        path: dict[str, str] | None = None,
        query: BaseModel | None = None,
        body: BaseModel | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        response = self.send(spec, self._builder(spec, path=path, query=query, body=body, headers=headers))
        return self.parse_response(spec, response)

    def request_batched(self, spec: ApiSpec, *, body: BaseModel, path: dict[str, str] | None = None) -> Any:
        """Split ``body.<spec.batch_field>`` into ``spec.batch_size`` chunks, send them in order,
        merge the responses. A chunk that fails as a whole raises (``exc.batch_chunk`` says which,
        ``exc.batch_completed`` holds the earlier chunks' responses); later chunks are not sent."""
        chunks = split_batch(spec, body)
        done: list[Any] = []
        for chunk in chunks:
            try:
                done.append(self.request(spec, body=chunk.body, path=path))
            except Exception as exc:
                if len(chunks) > 1:
                    self._chunk_failed(exc, chunk, list(done))
                raise
        return merge_responses(done)

    # -- pagination ----------------------------------------------------------
    def iter_pages(
        self,
        fetch: Callable[[int], Any],
        extract: Callable[[Any], tuple[Any, int | None]],
        *,
        style: PageStyle = "page",
        page_size: int | None = None,
        start: int | None = None,
        progress: Callable[[int, int | None], None] | None = None,
        max_pages: int = pagination.DEFAULT_MAX_PAGES,
    ) -> Iterator[Page[Any]]:
        """Every page of a listing; ``fetch(page number | offset)`` calls a resource method."""
        return pagination.iter_pages(
            fetch, extract, style=style, page_size=page_size, start=start, progress=progress, max_pages=max_pages
        )

    def iter_items(self, fetch: Callable[[int], Any], extract: Callable[[Any], tuple[Any, int | None]], **kwargs: Any) -> Iterator[Any]:
        """Every item of every page (keywords as for `iter_pages`)."""
        return pagination.iter_items(fetch, extract, **kwargs)

    # -- lifecycle -----------------------------------------------------------
    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> DrsClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncDrsClient(_Resources, BaseDrsClient):
    """Asynchronous DRS v3 client; keywords as `DrsClient`, plus ``batch_concurrency`` (chunks
    of a batch call in flight at once, default 4)."""

    is_async = True

    def __init__(
        self,
        endpoint: str,
        project_id: str | None = None,
        *,
        token: str | SecretStr | None = None,
        ak: str | None = None,
        sk: str | SecretStr | None = None,
        security_token: str | SecretStr | None = None,
        iam: IamPasswordAuth | Mapping[str, Any] | None = None,
        auth: httpx.Auth | None = None,
        language: str = "en-us",
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 30.0,
        max_retries: int = 2,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.AsyncClient | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        batch_concurrency: int = 4,
        user_agent: str | None = None,
    ) -> None:
        super().__init__(
            endpoint,
            project_id,
            language=language,
            token=token,
            ak=ak,
            sk=sk,
            security_token=security_token,
            iam=iam,
            auth=auth,
            max_retries=max_retries,
            retry_policy=retry_policy,
            user_agent=user_agent,
        )
        _check_http(http_client, transport)
        if batch_concurrency < 1:
            raise ValueError("batch_concurrency must be at least 1")
        self._owns_http = http_client is None
        self._http = (
            http_client
            if http_client is not None
            else httpx.AsyncClient(
                transport=transport or httpx.AsyncHTTPTransport(socket_options=SOCKET_OPTIONS), timeout=timeout
            )
        )
        self._sleep = sleep or asyncio.sleep
        self.batch_concurrency = batch_concurrency

    # -- sending -------------------------------------------------------------
    async def send(self, spec: ApiSpec, build: Callable[[], httpx.Request]) -> httpx.Response:
        attempts = self._attempts(spec)
        while True:
            request = build()
            started = time.monotonic()
            try:
                response = await self._http.send(request, **self._send_kwargs())
            except httpx.TransportError as exc:
                delay = attempts.after_exception(exc)
                if delay is None:
                    raise self._connection_error(request, exc) from exc
                self._log_retry(request, type(exc).__name__, delay, attempts)
                await self._sleep(delay)
                continue
            self._log_response(request, response, started, attempts.retries + 1)
            delay = attempts.after_response(response)
            if delay is None:
                return response
            await response.aclose()
            self._log_retry(request, f"HTTP {response.status_code}", delay, attempts)
            await self._sleep(delay)

    async def request(
        self,
        spec: ApiSpec,
        *,
        path: dict[str, str] | None = None,
        query: BaseModel | None = None,
        body: BaseModel | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        response = await self.send(spec, self._builder(spec, path=path, query=query, body=body, headers=headers))
        return self.parse_response(spec, response)

    async def request_batched(self, spec: ApiSpec, *, body: BaseModel, path: dict[str, str] | None = None) -> Any:
        """Like `DrsClient.request_batched`, with up to ``batch_concurrency`` chunks in flight.

        After a chunk fails no new chunk starts; chunks already in flight finish. The first
        failed chunk (in chunk order) is raised with ``batch_chunk`` / ``batch_completed`` set."""
        chunks = split_batch(spec, body)
        if len(chunks) == 1:
            return merge_responses([await self.request(spec, body=chunks[0].body, path=path)])
        semaphore = asyncio.Semaphore(self.batch_concurrency)
        failed = False
        results: dict[int, Any] = {}
        errors: dict[int, BaseException] = {}

        async def run(chunk: Chunk) -> None:
            nonlocal failed
            async with semaphore:
                if failed:
                    return
                try:
                    results[chunk.index] = await self.request(spec, body=chunk.body, path=path)
                except Exception as exc:  # collected, raised below in chunk order
                    failed = True
                    errors[chunk.index] = exc

        await asyncio.gather(*(run(c) for c in chunks))
        if errors:
            index = min(errors)
            exc = errors[index]
            self._chunk_failed(exc, chunks[index], [results[i] for i in sorted(results)])
            raise exc
        return merge_responses([results[i] for i in range(len(chunks))])

    # -- pagination ----------------------------------------------------------
    def iter_pages(
        self,
        fetch: Callable[[int], Any],
        extract: Callable[[Any], tuple[Any, int | None]],
        *,
        style: PageStyle = "page",
        page_size: int | None = None,
        start: int | None = None,
        progress: Callable[[int, int | None], None] | None = None,
        max_pages: int = pagination.DEFAULT_MAX_PAGES,
    ) -> AsyncIterator[Page[Any]]:
        """Async iterator over every page; ``fetch`` returns an awaitable (a resource method call)."""
        return pagination.aiter_pages(
            fetch, extract, style=style, page_size=page_size, start=start, progress=progress, max_pages=max_pages
        )

    def iter_items(
        self, fetch: Callable[[int], Any], extract: Callable[[Any], tuple[Any, int | None]], **kwargs: Any
    ) -> AsyncIterator[Any]:
        """Async iterator over every item of every page."""
        return pagination.aiter_items(fetch, extract, **kwargs)

    # -- lifecycle -----------------------------------------------------------
    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> AsyncDrsClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
