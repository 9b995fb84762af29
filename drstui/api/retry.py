"""When and how long to wait before re-sending a request: pure functions over a policy.

Retried: HTTP 429, 502, 503, 504 and transport failures (connection refused, resets,
timeouts) — for queries (``spec.mutating=False``). A mutating request is re-sent only when
it provably never reached the server: ``httpx.ConnectError``, ``httpx.ConnectTimeout`` or
``httpx.PoolTimeout`` (no connection was ever made). A read timeout or any response —
including a 5xx or 429 — may mean the change was applied, so it is not repeated.

Delays: exponential backoff (``base_delay · 2^n``, capped at ``max_delay``) with jitter, or the
server's ``Retry-After`` (seconds or an HTTP date) capped at ``max_retry_after``. Attempts are
bounded by ``max_retries`` and the whole call by ``max_total`` seconds (a retry whose delay
would cross it is not made).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

__all__ = [
    "RETRY_STATUSES",
    "RetryPolicy",
    "never_reached_server",
    "is_retryable_exception",
    "is_retryable_status",
    "parse_retry_after",
    "backoff_delay",
    "next_delay",
]

#: Statuses worth retrying for a query: rate limited, bad gateway, unavailable, gateway timeout.
RETRY_STATUSES: frozenset[int] = frozenset({429, 502, 503, 504})

#: Failures that happen before a single byte reached the server.
_NEVER_SENT: tuple[type[Exception], ...] = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
#: Transient failures after the request may have been sent (queries only).
_TRANSIENT: tuple[type[Exception], ...] = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    max_retries: int = 2
    """Re-sends after the first attempt (0 = never retry)."""
    base_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0
    """A longer ``Retry-After`` is cut to this."""
    max_total: float = 120.0
    """No retry starts if elapsed time plus the delay would exceed this many seconds."""
    jitter: float = 0.5
    """Fraction of the backoff delay that is randomized (0 = fixed delays)."""


def never_reached_server(exc: BaseException) -> bool:
    """True when the request provably was not sent (safe to repeat even a mutating call)."""
    return isinstance(exc, _NEVER_SENT)


def is_retryable_exception(exc: BaseException, *, mutating: bool) -> bool:
    if never_reached_server(exc):
        return True
    if mutating:
        return False
    return isinstance(exc, _TRANSIENT)


def is_retryable_status(status_code: int, *, mutating: bool) -> bool:
    return not mutating and status_code in RETRY_STATUSES


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delta-seconds or HTTP date); None if absent/invalid."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if when is None:
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    if seconds != seconds:  # NaN
        return None
    return max(0.0, seconds)


def backoff_delay(retry_number: int, policy: RetryPolicy, rand: float) -> float:
    """Delay before retry ``retry_number`` (0-based): ``min(max_delay, base·2^n)``, the
    ``jitter`` share of it scaled by ``rand`` ∈ [0, 1)."""
    delay = min(policy.max_delay, policy.base_delay * (2**retry_number))
    return delay * (1.0 - policy.jitter) + delay * policy.jitter * rand


def next_delay(
    retries_done: int,
    policy: RetryPolicy,
    *,
    elapsed: float,
    retry_after: float | None = None,
    rand: float | None = None,
) -> float | None:
    """The wait before the next attempt, or None when no retry should be made."""
    if retries_done >= policy.max_retries:
        return None
    if retry_after is not None:
        delay = min(retry_after, policy.max_retry_after)
    else:
        delay = backoff_delay(retries_done, policy, random.random() if rand is None else rand)
    if elapsed + delay > policy.max_total:
        return None
    return delay
