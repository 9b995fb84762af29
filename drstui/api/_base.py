"""The request path shared by the sync and async clients.

Build (spec + models → httpx.Request), send with retries (sync/async differ only in the
send and the sleep), check (status → typed error), parse (JSON → response model, once).
Batch calls are split into chunks and their responses merged here too; the clients only
decide how chunks run (in order, or concurrently with a bound).

Logging: one logger, ``drstui.api``. At DEBUG each attempt logs method, path, status,
elapsed time and request id; retries log why and how long they wait. Headers, bodies and
query strings are never logged (they can carry tokens, signatures and passwords).
"""

from __future__ import annotations

import gc
import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypedDict
from urllib.parse import quote

import httpx
from pydantic import BaseModel, SecretStr, ValidationError

from .auth import IamPasswordAuth, build_auth, env_project_id
from .errors import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    CredentialsError,
    DrsError,
    raise_for_response,
    redact,
)
from .models._base import to_wire
from .retry import RetryPolicy, is_retryable_exception, is_retryable_status, next_delay, parse_retry_after
from .spec import ApiSpec

__all__ = ["BaseDrsClient", "Chunk", "logger", "merge_responses", "split_batch", "SUM_FIELDS"]

logger = logging.getLogger("drstui.api")

#: Integer fields of batch responses that count rows: summed when chunk responses are merged.
SUM_FIELDS = frozenset({"count", "all_counts", "total_count", "total", "total_record", "total_num"})

_USER_AGENT = "drstui/0.1 (httpx)"


class RequestParts(TypedDict, total=False):
    """The parts of one request besides its spec (keywords of `BaseDrsClient.build_request`,
    of the clients' ``request`` and of `Resource._call`)."""

    path: dict[str, str] | None
    query: BaseModel | None
    body: BaseModel | None
    headers: dict[str, str] | None


def _check_http(http_client: object, transport: object) -> None:
    if http_client is not None and transport is not None:
        raise ValueError("give transport= or http_client=, not both (configure the transport on the client)")


def _query_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return [_query_value(v) for v in value]
    return value


# ---------------------------------------------------------------------------
# Batching: pure helpers
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Chunk:
    index: int
    """0-based chunk number."""
    count: int
    first: int
    """Index of the chunk's first item in the original list."""
    last: int
    body: BaseModel


def _batch_attr(body: BaseModel, field: str) -> str:
    """The python attribute holding the batch list (``field`` may be the wire alias)."""
    fields = type(body).model_fields
    if field in fields:
        return field
    for name, info in fields.items():
        if field in (info.alias, info.validation_alias, info.serialization_alias):
            return name
    raise ValueError(f"{type(body).__name__} has no batch field {field!r}")


def split_batch(spec: ApiSpec, body: BaseModel) -> list[Chunk]:
    """``body`` cut into chunks of ``spec.batch_size`` items of ``body.<spec.batch_field>``.

    A spec without batching, or a list that fits one chunk, gives one chunk (the body itself).
    """
    if not spec.batch_field or not spec.batch_size:
        return [Chunk(0, 1, 0, 0, body)]
    attr = _batch_attr(body, spec.batch_field)
    items = getattr(body, attr) or []
    size = spec.batch_size
    if len(items) <= size:
        return [Chunk(0, 1, 0, max(len(items) - 1, 0), body)]
    starts = range(0, len(items), size)
    count = len(starts)
    return [
        Chunk(i, count, s, min(s + size, len(items)) - 1, body.model_copy(update={attr: list(items[s : s + size])}))
        for i, s in enumerate(starts)
    ]


def merge_responses(responses: list[Any]) -> Any:
    """One response from the chunk responses (in chunk order).

    List fields (``results``, ``jobs`` … the per-item rows, failed rows included) are
    concatenated; row-count integers (`SUM_FIELDS`) summed; any other field keeps the first
    non-None value.
    """
    if not responses:
        return None
    first = responses[0]
    if len(responses) == 1 or not isinstance(first, BaseModel):
        return first
    update: dict[str, Any] = {}
    for name in type(first).model_fields:
        values = [getattr(r, name, None) for r in responses]
        present = [v for v in values if v is not None]
        if not present:
            continue
        if all(isinstance(v, list) for v in present):
            update[name] = [row for v in present for row in v]
        elif name in SUM_FIELDS and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
            update[name] = sum(present)
        else:
            update[name] = present[0]
    return first.model_copy(update=update)


# ---------------------------------------------------------------------------
# Retry bookkeeping for one call
# ---------------------------------------------------------------------------


class _Attempts:
    def __init__(self, policy: RetryPolicy, mutating: bool) -> None:
        self.policy = policy
        self.mutating = mutating
        self.retries = 0
        self.started = time.monotonic()

    def _next(self, retry_after: float | None = None) -> float | None:
        delay = next_delay(
            self.retries, self.policy, elapsed=time.monotonic() - self.started, retry_after=retry_after
        )
        if delay is not None:
            self.retries += 1
        return delay

    def after_exception(self, exc: BaseException) -> float | None:
        if not is_retryable_exception(exc, mutating=self.mutating):
            return None
        return self._next()

    def after_response(self, response: httpx.Response) -> float | None:
        if not is_retryable_status(response.status_code, mutating=self.mutating):
            return None
        return self._next(parse_retry_after(response.headers.get("Retry-After")))


# ---------------------------------------------------------------------------
# The client base
# ---------------------------------------------------------------------------


class BaseDrsClient:
    """Common state, request building and parsing. Subclasses: `DrsClient`, `AsyncDrsClient`;
    they give the httpx client (`_open_http`) and the default sleep (`_default_sleep`)."""

    is_async: bool = False

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
        transport: httpx.BaseTransport | httpx.AsyncBaseTransport | None = None,
        timeout: float = 30.0,
        max_retries: int = 2,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.Client | httpx.AsyncClient | None = None,
        sleep: Callable[[float], Any] | None = None,
        user_agent: str | None = None,
    ) -> None:
        project_id = project_id or env_project_id()
        if not project_id:
            raise CredentialsError("a project id is needed (project_id= or HUAWEICLOUD_SDK_PROJECT_ID)")
        self.endpoint = endpoint.rstrip("/")
        self.project_id = project_id
        self.language = language
        self.user_agent = user_agent or _USER_AGENT
        self._auth = build_auth(
            auth=auth, token=token, ak=ak, sk=sk, security_token=security_token, iam=iam, project_id=project_id
        )
        # A full policy (delays, caps) overrides max_retries.
        self.retry_policy = retry_policy if retry_policy is not None else RetryPolicy(max_retries=max_retries)
        _check_http(http_client, transport)
        self._check_options()
        self._owns_http = http_client is None
        self._http: Any = http_client if http_client is not None else self._open_http(transport, timeout)
        self._sleep: Callable[[float], Any] = sleep or self._default_sleep()

    # -- what the subclasses differ in ---------------------------------------------
    def _check_options(self) -> None:
        """Validate subclass options before the httpx client is opened."""

    def _open_http(self, transport: Any, timeout: float) -> Any:  # pragma: no cover - subclasses
        """The pooled httpx client this client owns (over ``transport`` when given)."""
        raise NotImplementedError

    def _default_sleep(self) -> Callable[[float], Any]:  # pragma: no cover - subclasses
        """What waits between retries when no ``sleep=`` is given."""
        raise NotImplementedError

    @property
    def auth(self) -> httpx.Auth | None:
        return self._auth

    def __repr__(self) -> str:
        auth = repr(self._auth) if self._auth is not None else "None"
        return f"{type(self).__name__}(endpoint={self.endpoint!r}, project_id={self.project_id!r}, auth={auth})"

    def _secret_values(self) -> list[str]:
        getter = getattr(self._auth, "secret_values", None)
        return list(getter()) if callable(getter) else []

    # -- build ---------------------------------------------------------------
    def build_url(self, spec: ApiSpec, path: dict[str, str] | None) -> str:
        values = {"project_id": self.project_id, **(path or {})}
        missing = [p for p in spec.path_params if p not in values]
        if missing:
            raise ValueError(f"{spec.key}: missing path parameter(s) {', '.join(missing)}")
        encoded = {k: quote(str(v), safe="") for k, v in values.items()}
        return self.endpoint + spec.path.format(**encoded)

    def build_request(
        self,
        spec: ApiSpec,
        *,
        path: dict[str, str] | None = None,
        query: BaseModel | None = None,
        body: BaseModel | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Request:
        """The request of ``spec`` (`RequestParts` are its keywords)."""
        params = None
        if query is not None:
            params = {k: _query_value(v) for k, v in to_wire(query).items()}
        content = None
        if body is not None:
            content = json.dumps(to_wire(body), ensure_ascii=False, separators=(",", ":")).encode()
        hdrs = {
            "Content-Type": "application/json",
            "X-Language": self.language,
            "User-Agent": self.user_agent,
            **(headers or {}),
        }
        return httpx.Request(spec.method, self.build_url(spec, path), params=params, content=content, headers=hdrs)

    def _builder(self, spec: ApiSpec, **parts: Any) -> Callable[[], httpx.Request]:
        """A request factory for the send loop: builds once now (so bad input fails before
        anything is sent) and anew for each retry (fresh date, fresh signature)."""
        first = [self.build_request(spec, **parts)]

        def build() -> httpx.Request:
            return first.pop() if first else self.build_request(spec, **parts)

        return build

    # -- parse ---------------------------------------------------------------
    def parse_response(self, spec: ApiSpec, response: httpx.Response) -> Any:
        raise_for_response(response, secrets=self._secret_values())
        if spec.stream:
            return response.content
        if spec.response is None:
            return None
        raw = response.content.strip()
        if not raw or raw in (b'""', b"null"):
            raw = b"{}"
        # A big page allocates many small objects: pausing the collector while pydantic builds
        # them is ~2.4x faster (benchmarks/parse_tasks.py) and safe (nothing cyclic is created).
        pause = len(raw) > 256 * 1024 and gc.isenabled()
        if pause:
            gc.disable()
        try:
            return spec.response.model_validate_json(raw)
        except ValidationError as exc:
            first = exc.errors(include_input=False, include_url=False)[:1]
            where = ".".join(str(p) for p in first[0]["loc"]) if first else "?"
            detail = f"{where}: {first[0]['msg']}" if first else str(exc.error_count())
            raise APIResponseValidationError(spec.key, detail, request_id=response.headers.get("X-Request-Id")) from None
        finally:
            if pause:
                gc.enable()

    # -- shared pieces of the send loop --------------------------------------
    def _attempts(self, spec: ApiSpec) -> _Attempts:
        return _Attempts(self.retry_policy, spec.mutating)

    def _connection_error(self, request: httpx.Request, exc: Exception) -> APIConnectionError:
        cls = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
        detail = redact(f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__, self._secret_values())
        return cls(detail, method=request.method, path=request.url.path)

    def _log_response(self, request: httpx.Request, response: httpx.Response, started: float, attempt: int) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "%s %s -> %d in %.1f ms (request id %s, attempt %d)",
                request.method,
                request.url.path,
                response.status_code,
                (time.monotonic() - started) * 1000,
                response.headers.get("X-Request-Id", "-"),
                attempt,
            )

    def _log_retry(self, request: httpx.Request, reason: str, delay: float, attempts: _Attempts) -> None:
        logger.debug(
            "%s %s: %s; retry %d/%d in %.2f s",
            request.method,
            request.url.path,
            reason,
            attempts.retries,
            attempts.policy.max_retries,
            delay,
        )

    def _retry_after_error(self, request: httpx.Request, exc: Exception, attempts: _Attempts) -> float:
        """Seconds to wait before retrying after a transport error (logged); raises the typed
        connection error when it is not retried."""
        delay = attempts.after_exception(exc)
        if delay is None:
            raise self._connection_error(request, exc) from exc
        self._log_retry(request, type(exc).__name__, delay, attempts)
        return delay

    def _retry_after_response(
        self, request: httpx.Request, response: httpx.Response, started: float, attempts: _Attempts
    ) -> float | None:
        """Log the attempt; None when ``response`` is final, else seconds to wait before retrying
        (the caller closes the response, then sleeps)."""
        self._log_response(request, response, started, attempts.retries + 1)
        delay = attempts.after_response(response)
        if delay is not None:
            self._log_retry(request, f"HTTP {response.status_code}", delay, attempts)
        return delay

    def _send_kwargs(self) -> dict[str, Any]:
        return {"auth": self._auth} if self._auth is not None else {}

    @staticmethod
    def _chunk_failed(exc: BaseException, chunk: Chunk, completed: list[Any]) -> None:
        if isinstance(exc, DrsError):
            exc._with_chunk(chunk.index + 1, chunk.count, chunk.first, chunk.last, completed)
        else:
            exc.add_note(f"batch chunk {chunk.index + 1}/{chunk.count}, items {chunk.first}-{chunk.last}")

