"""One exception root for everything the client raises.

``DrsError``
├── ``APIConnectionError``            the request failed before a response arrived
│   └── ``APITimeoutError``
├── ``APIStatusError``                the service answered ≥ 400 (``status_code``, ``error_code``,
│   ├── ``BadRequestError``  400      ``error_msg``, ``request_id``, ``hint``)
│   ├── ``AuthenticationError``  401
│   ├── ``PermissionDeniedError``  403
│   ├── ``NotFoundError``  404
│   ├── ``ConflictError``  409
│   ├── ``UnprocessableEntityError``  422
│   ├── ``RateLimitError``  429
│   └── ``InternalServerError``  5xx
└── ``CredentialsError``              no usable credentials / bad auth configuration

The error body is parsed the way the official SDK does
(``huaweicloudsdkcore.exceptions.exception_handler.DefaultExceptionHandler``): the first pair of
``error_code``/``error_msg``, ``errorCode``/``errorMsg``, ``code``/``message``, else the same search
in nested objects (``{"error": {"code": …, "message": …}}``); the request id comes from the
``X-Request-Id`` response header. ``hint`` is the A.3 handling suggestion of the code
(``drstui.api.error_codes``), or a generic one per HTTP status.

Exceptions never hold the request or response objects (their headers carry credentials)
and their text is scrubbed of the client's own secrets.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import httpx

from .error_codes import describe

__all__ = [
    "DrsError",
    "CredentialsError",
    "APIConnectionError",
    "APITimeoutError",
    "APIResponseValidationError",
    "APIStatusError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "UnprocessableEntityError",
    "RateLimitError",
    "InternalServerError",
    "parse_error_body",
    "error_from_response",
    "raise_for_response",
    "redact",
]

REDACTED = "******"


def redact(text: str, secrets: Iterable[str | None] = ()) -> str:
    """Replace every occurrence of each (non-trivial) secret in ``text`` by a mask."""
    for secret in secrets:
        if secret and len(secret) >= 4 and secret in text:
            text = text.replace(secret, REDACTED)
    return text


class DrsError(Exception):
    """Root of all drstui API errors."""

    #: Set when the error ended one chunk of a split batch call: (index from 1, chunk count,
    #: first item index, last item index).
    batch_chunk: tuple[int, int, int, int] | None = None
    #: The parsed responses of the chunks that had completed before this one failed.
    batch_completed: list[Any] | None = None

    def _with_chunk(self, index: int, count: int, first: int, last: int, completed: list[Any]) -> DrsError:
        self.batch_chunk = (index, count, first, last)
        self.batch_completed = completed
        return self

    def __str__(self) -> str:
        text = super().__str__()
        if self.batch_chunk:
            i, n, first, last = self.batch_chunk
            text += f" [batch chunk {i}/{n}, items {first}-{last}]"
        return text


class CredentialsError(DrsError, ValueError):
    """Missing or inconsistent credentials (e.g. an AK without an SK)."""


class APIConnectionError(DrsError):
    """The request did not get a response: connection refused, DNS, TLS, reset, protocol error."""

    def __init__(self, message: str = "Connection error.", *, method: str | None = None, path: str | None = None):
        self.method = method
        self.path = path
        where = f"{method} {path}: " if method and path else ""
        super().__init__(f"{where}{message}")


class APITimeoutError(APIConnectionError):
    """Connecting, writing or reading timed out."""


class APIResponseValidationError(DrsError):
    """The service answered 2xx with a body that does not fit the API's documented shape."""

    def __init__(self, spec_key: str, detail: str, *, request_id: str | None = None) -> None:
        self.spec_key = spec_key
        self.request_id = request_id
        super().__init__(f"{spec_key}: unexpected response body ({detail})")


_GENERIC_HINTS: dict[int, str] = {
    400: "Check the request parameters.",
    401: "Check the credentials: the token may have expired, or the AK/SK or IAM password is wrong.",
    403: "Check the token, the project ID and the DRS permissions of the IAM user.",
    404: "Check the endpoint, the project ID and the IDs in the request path.",
    405: "The method is not allowed on this path; check the endpoint and API version.",
    409: "The request conflicts with the current state; check the task status and retry.",
    413: "The request exceeds a size limit or quota; send fewer items.",
    415: "Send Content-Type: application/json.",
    422: "Check the request parameters and the task status.",
    429: "Too many requests; slow down and retry later.",
    500: "The service is abnormal; retry later or contact technical support.",
    502: "The gateway could not reach DRS; retry later.",
    503: "The service is unavailable; retry later.",
    504: "The gateway timed out; retry later.",
}


def _hint(status_code: int, error_code: str | None) -> str | None:
    info = describe(error_code)
    if info is not None:
        return info.suggestion
    if status_code in _GENERIC_HINTS:
        return _GENERIC_HINTS[status_code]
    if status_code >= 500:
        return _GENERIC_HINTS[500]
    return None


class APIStatusError(DrsError):
    """The service answered with an HTTP status ≥ 400."""

    status: int | None = None
    """The status this subclass stands for (None for the generic class)."""

    def __init__(
        self,
        status_code: int,
        error_code: str | None,
        error_msg: str | None,
        request_id: str | None,
        hint: str | None = None,
        *,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        self.status_code = status_code
        self.error_code = error_code
        self.error_msg = error_msg
        self.request_id = request_id
        self.hint = hint if hint is not None else _hint(status_code, error_code)
        self.method = method
        self.path = path
        parts = [f"HTTP {status_code}"]
        if error_code:
            parts.append(str(error_code))
        head = " ".join(parts)
        text = f"{head}: {error_msg}" if error_msg else head
        if method and path:
            text += f" ({method} {path})"
        if request_id:
            text += f" [request id {request_id}]"
        if self.hint:
            text += f" Hint: {self.hint}"
        super().__init__(text)

    @property
    def retryable(self) -> bool:
        return self.status_code in (429, 502, 503, 504)


class BadRequestError(APIStatusError):
    status = 400


class AuthenticationError(APIStatusError):
    status = 401


class PermissionDeniedError(APIStatusError):
    status = 403


class NotFoundError(APIStatusError):
    status = 404


class ConflictError(APIStatusError):
    status = 409


class UnprocessableEntityError(APIStatusError):
    status = 422


class RateLimitError(APIStatusError):
    status = 429


class InternalServerError(APIStatusError):
    """Any 5xx."""

    status = 500


_BY_STATUS: dict[int, type[APIStatusError]] = {
    cls.status: cls  # type: ignore[misc]
    for cls in (
        BadRequestError,
        AuthenticationError,
        PermissionDeniedError,
        NotFoundError,
        ConflictError,
        UnprocessableEntityError,
        RateLimitError,
    )
}


def error_class(status_code: int) -> type[APIStatusError]:
    if status_code >= 500:
        return InternalServerError
    return _BY_STATUS.get(status_code, APIStatusError)


_PAIRS = (("error_code", "error_msg"), ("errorCode", "errorMsg"), ("code", "message"))


def _find_pair(data: dict[str, Any]) -> tuple[Any, Any] | None:
    for code_key, msg_key in _PAIRS:
        if code_key in data and msg_key in data:
            return data[code_key], data[msg_key]
    for value in data.values():
        if isinstance(value, dict):
            found = _find_pair(value)
            if found is not None:
                return found
    return None


def parse_error_body(text: str) -> tuple[str | None, str | None]:
    """(error_code, error_msg) from an error body, as the official SDK reads it.

    A body that is not a JSON object, or has no code, gives ``(None, <text>)``.
    """
    try:
        data = json.loads(text) if text else None
    except ValueError:
        data = None
    if isinstance(data, dict):
        found = _find_pair(data)
        if found is not None:
            code, msg = found
            return (str(code) if code is not None else None, str(msg) if msg is not None else None)
    return None, (text.strip()[:500] or None)


def error_from_response(
    response: httpx.Response,
    *,
    secrets: Iterable[str | None] = (),
    method: str | None = None,
    path: str | None = None,
) -> APIStatusError:
    """The typed error for a response with status ≥ 400 (its body must already be read)."""
    secrets = list(secrets)
    try:
        text = response.text
    except httpx.ResponseNotRead:
        text = ""
    code, msg = parse_error_body(text)
    if msg is not None:
        msg = redact(msg, secrets)
    if code is not None:
        code = redact(code, secrets)
    request_id = response.headers.get("X-Request-Id")
    cls = error_class(response.status_code)
    return cls(response.status_code, code, msg, request_id, method=method, path=path)


def raise_for_response(response: httpx.Response, *, secrets: Iterable[str | None] = ()) -> None:
    """Raise the typed `APIStatusError` for a status ≥ 400; do nothing otherwise."""
    if response.status_code < 400:
        return
    method = path = None
    try:
        method, path = response.request.method, response.request.url.path
    except RuntimeError:
        pass
    raise error_from_response(response, secrets=secrets, method=method, path=path)
