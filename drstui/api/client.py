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
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from functools import cached_property
from typing import TYPE_CHECKING, Any

import httpx
from pydantic import BaseModel

from . import pagination
from ._base import BaseDrsClient, Chunk, merge_responses, split_batch
from .pagination import Page
from .resources import Compare, DisasterRecovery, Jobs, Params, Users
from .spec import ApiSpec

if TYPE_CHECKING:
    from typing import Unpack

    from ._base import RequestParts

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


class _SchemeTransport(httpx.BaseTransport):
    """One pooled transport per URL scheme, each opened on its first request.

    An httpx transport loads the CA bundle when it is built (~20 ms); a client of the local
    DRS (plain http on loopback) never needs it. https requests always get a verifying
    transport; plain http ones one that never negotiates TLS.
    """

    def __init__(self) -> None:
        self._by_scheme: dict[str, httpx.HTTPTransport] = {}
        self._lock = threading.Lock()  # pages are fetched from several threads at once

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        scheme = request.url.scheme
        transport = self._by_scheme.get(scheme)
        if transport is None:
            with self._lock:
                transport = self._by_scheme.get(scheme)
                if transport is None:
                    transport = self._by_scheme[scheme] = httpx.HTTPTransport(
                        verify=scheme != "http", socket_options=SOCKET_OPTIONS
                    )
        return transport.handle_request(request)

    def close(self) -> None:
        for transport in self._by_scheme.values():
            transport.close()


class _AsyncSchemeTransport(httpx.AsyncBaseTransport):
    """`_SchemeTransport` for the async client."""

    def __init__(self) -> None:
        self._by_scheme: dict[str, httpx.AsyncHTTPTransport] = {}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        scheme = request.url.scheme
        transport = self._by_scheme.get(scheme)
        if transport is None:
            transport = self._by_scheme[scheme] = httpx.AsyncHTTPTransport(
                verify=scheme != "http", socket_options=SOCKET_OPTIONS
            )
        return await transport.handle_async_request(request)

    async def aclose(self) -> None:
        for transport in self._by_scheme.values():
            await transport.aclose()


class DrsClient(_Resources, BaseDrsClient):
    """Synchronous DRS v3 client.

    Keywords: ``token`` / ``ak`` + ``sk`` (+ ``security_token``) / ``iam`` (an `IamPasswordAuth`
    or its settings dict) / ``auth`` (any ``httpx.Auth``) — at most one; ``transport`` or a ready
    ``http_client`` (not closed by this client); ``max_retries`` or a full ``retry_policy``;
    ``sleep`` replaces ``time.sleep`` between retries (tests).
    """

    def _open_http(self, transport: httpx.BaseTransport | None, timeout: float) -> httpx.Client:
        return httpx.Client(transport=transport or _SchemeTransport(), timeout=timeout)

    def _default_sleep(self) -> Callable[[float], None]:
        return time.sleep

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
                self._sleep(self._retry_after_error(request, exc, attempts))
                continue
            delay = self._retry_after_response(request, response, started, attempts)
            if delay is None:
                return response
            response.close()
            self._sleep(delay)

    def request(self, spec: ApiSpec, **parts: Unpack[RequestParts]) -> Any:
        """Send ``spec`` with its `RequestParts` (path, query, body, headers) and parse the response."""
        return self.parse_response(spec, self.send(spec, self._builder(spec, **parts)))

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
        self, fetch: Callable[[int], Any], extract: Callable[[Any], tuple[Any, int | None]], **kwargs: Any
    ) -> Iterator[Page[Any]]:
        """Every page of a listing; ``fetch(page number | offset)`` calls a resource method.

        Keywords as for `pagination.iter_pages`: ``style`` ("page" | "offset"), ``page_size``, ``start``,
        ``progress(done, total)``, ``max_pages``."""
        return pagination.iter_pages(fetch, extract, **kwargs)

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

    def __init__(self, endpoint: str, project_id: str | None = None, *, batch_concurrency: int = 4, **kwargs: Any) -> None:
        self.batch_concurrency = batch_concurrency
        super().__init__(endpoint, project_id, **kwargs)

    def _check_options(self) -> None:
        if self.batch_concurrency < 1:
            raise ValueError("batch_concurrency must be at least 1")

    def _open_http(self, transport: httpx.AsyncBaseTransport | None, timeout: float) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=transport or _AsyncSchemeTransport(), timeout=timeout)

    def _default_sleep(self) -> Callable[[float], Awaitable[None]]:
        return asyncio.sleep

    # -- sending -------------------------------------------------------------
    async def send(self, spec: ApiSpec, build: Callable[[], httpx.Request]) -> httpx.Response:
        attempts = self._attempts(spec)
        while True:
            request = build()
            started = time.monotonic()
            try:
                response = await self._http.send(request, **self._send_kwargs())
            except httpx.TransportError as exc:
                await self._sleep(self._retry_after_error(request, exc, attempts))
                continue
            delay = self._retry_after_response(request, response, started, attempts)
            if delay is None:
                return response
            await response.aclose()
            await self._sleep(delay)

    async def request(self, spec: ApiSpec, **parts: Unpack[RequestParts]) -> Any:
        """Like `DrsClient.request`."""
        return self.parse_response(spec, await self.send(spec, self._builder(spec, **parts)))

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
        self, fetch: Callable[[int], Any], extract: Callable[[Any], tuple[Any, int | None]], **kwargs: Any
    ) -> AsyncIterator[Page[Any]]:
        """Async iterator over every page; ``fetch`` returns an awaitable (a resource method call).

        Keywords as for `pagination.aiter_pages`: ``style`` ("page" | "offset"), ``page_size``, ``start``,
        ``progress(done, total)``, ``max_pages``."""
        return pagination.aiter_pages(fetch, extract, **kwargs)

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
