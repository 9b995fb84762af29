"""Error mapping: status → typed exception, body parsing as the SDK does, A.3 hints."""

from __future__ import annotations

import json

import httpx
import pytest

from drstui.api import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AsyncDrsClient,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    DrsClient,
    DrsError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)
from drstui.api.error_codes import ERROR_CODES, describe, normalize_code
from drstui.api.errors import error_from_response, parse_error_body, redact
from drstui.api.models.common import JobIdsParams

from ._helpers import registered_spec

PROJECT = "054ba152d480d55b2f5dc0069e7ddef0"
JOB = "9a470239-2308-4bb5-a6bc-1040402fjb21"


@pytest.fixture(scope="module")
def spec():
    with registered_spec("test.errors.status") as created:
        yield created


def _response(status: int, body: object, headers: dict[str, str] | None = None) -> httpx.Response:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return httpx.Response(status, content=content, headers=headers or {}, request=httpx.Request("GET", "http://x/v3/p/a"))


# ---------------------------------------------------------------------------
# A.3 table
# ---------------------------------------------------------------------------


def test_error_code_table_is_complete() -> None:
    # 110 A.3 rows (reference §4) + the two example-only codes.
    assert len(ERROR_CODES) == 112
    assert sum(1 for c in ERROR_CODES if c.startswith("DRS.KE")) == 64
    assert {"DRS.10000010", "DRS.10000024", "DRS.M00002", "DRS.M07000", "DRS.KE001", "DRS.KE0070"} <= set(ERROR_CODES)
    assert "DRS.KE0024" not in ERROR_CODES  # KE0024–KE0029 do not exist
    for info in ERROR_CODES.values():
        assert info.message and info.description and info.suggestion
        assert "<b>" not in info.suggestion and "\\$" not in info.message
        assert info.code == normalize_code(info.code)


@pytest.mark.parametrize(
    ("code", "status", "suggestion"),
    [
        ("DRS.M00202", 400, "Check the request parameters."),
        ("DRS.M00100", 403, "Check the user token information."),
        ("DRS.M00103", 401, "Check the DRS permissions of the current user."),
        ("DRS.M00277", 422, "Change the task name."),
        ("DRS.M01504", 202, "Check the current task status."),
        ("DRS.KE002", 200, "Check the username and password."),
        ("DRS.10000010", 400, "Check the task ID in the request."),
    ],
)
def test_describe(code: str, status: int, suggestion: str) -> None:
    info = describe(code)
    assert info is not None
    assert (info.status, info.suggestion) == (status, suggestion)
    assert info.row_level is (status < 400)


def test_describe_normalizes_and_handles_unknown() -> None:
    assert describe("drs.m0 0202").code == "DRS.M00202"  # type: ignore[union-attr]
    assert describe("DRS.X999") is None
    assert describe(None) is None
    assert describe("") is None


# ---------------------------------------------------------------------------
# Body parsing (SDK rules)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"error_code": "DRS.M00202", "error_msg": "The value of job_direction is invalid."},
         ("DRS.M00202", "The value of job_direction is invalid.")),
        ({"errorCode": "APIGW.0301", "errorMsg": "Incorrect IAM authentication information"},
         ("APIGW.0301", "Incorrect IAM authentication information")),
        ({"code": "AS.0001", "message": "bad"}, ("AS.0001", "bad")),
        ({"error": {"code": "APIGW.0101", "message": "API not found", "title": "x"}}, ("APIGW.0101", "API not found")),
        ({"error_code": "DRS.M00202", "other": 1, "error": {"code": "Y", "message": "nested"}}, ("Y", "nested")),
    ],
)
def test_parse_error_body_shapes(body: object, expected: tuple[str, str]) -> None:
    assert parse_error_body(json.dumps(body)) == expected


def test_parse_error_body_non_json() -> None:
    assert parse_error_body("<html>Bad Gateway</html>") == (None, "<html>Bad Gateway</html>")
    assert parse_error_body("") == (None, None)
    assert parse_error_body("[1, 2]") == (None, "[1, 2]")


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, InternalServerError),
        (502, InternalServerError),
        (503, InternalServerError),
        (405, APIStatusError),
        (415, APIStatusError),
    ],
)
def test_status_to_class(status: int, cls: type[APIStatusError]) -> None:
    error = error_from_response(_response(status, {"error_code": "X.1", "error_msg": "m"}, {"X-Request-Id": "rid-1"}))
    assert type(error) is cls
    assert isinstance(error, APIStatusError) and isinstance(error, DrsError)
    assert (error.status_code, error.error_code, error.error_msg, error.request_id) == (status, "X.1", "m", "rid-1")


def test_request_id_header_any_case_and_generic_hint() -> None:
    error = error_from_response(_response(503, b"down", {"x-request-id": "abc"}))
    assert error.request_id == "abc"
    assert error.error_code is None and error.error_msg == "down"
    assert error.hint and "retry" in error.hint
    assert "HTTP 503" in str(error) and "abc" in str(error)


def test_error_text_is_redacted() -> None:
    secret = "s3cr3t-password-value"
    error = error_from_response(
        _response(400, {"error_code": "DRS.M00202", "error_msg": f"The value of password {secret} is invalid."}),
        secrets=[secret],
    )
    assert secret not in str(error)
    assert secret not in repr(error)
    assert "******" in error.error_msg  # type: ignore[operator]
    assert redact("abc", ["", None, "ab"]) == "abc"  # short/empty secrets are not used as patterns


# ---------------------------------------------------------------------------
# Through the client (sync and async)
# ---------------------------------------------------------------------------

ERROR_CASES = [
    (400, "DRS.M00202", "The value of parameter jobs is invalid.", BadRequestError, "Check the request parameters."),
    (403, "DRS.M00100", "Invalid token.", PermissionDeniedError, "Check the user token information."),
    (404, "DRS.10000010", "Task not found. Check the task ID.", NotFoundError, "Check the task ID in the request."),
    (422, "DRS.M00277", "The task name already exists.", UnprocessableEntityError, "Change the task name."),
    (500, "DRS.M01501", "Service error.", InternalServerError,
     "If the service is abnormal, contact technical support."),
]


def _error_transport(status: int, code: str, msg: str, calls: list[httpx.Request]):
    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(status, json={"error_code": code, "error_msg": msg}, headers={"X-Request-Id": "req-42"})

    return handler


@pytest.mark.parametrize(("status", "code", "msg", "cls", "hint"), ERROR_CASES)
def test_client_raises_typed_errors(spec, status, code, msg, cls, hint) -> None:
    calls: list[httpx.Request] = []
    client = DrsClient(
        "https://drs.example.com", PROJECT, token="tok-abcdef",
        transport=httpx.MockTransport(_error_transport(status, code, msg, calls)), sleep=lambda s: None,
    )
    with pytest.raises(cls) as info:
        client.request(spec, body=JobIdsParams(jobs=[JOB]))
    error = info.value
    assert (error.status_code, error.error_code, error.error_msg, error.request_id) == (status, code, msg, "req-42")
    assert error.hint == hint
    assert error.method == "POST" and error.path == f"/v3/{PROJECT}/jobs/batch-status"
    assert hint in str(error) and code in str(error)
    assert "tok-abcdef" not in str(error)
    # Mutating=False spec: a 500 is not in the retry set (only 429/502/503/504).
    assert len(calls) == 1


@pytest.mark.parametrize(("status", "code", "msg", "cls", "hint"), ERROR_CASES)
async def test_async_client_raises_typed_errors(spec, status, code, msg, cls, hint) -> None:
    calls: list[httpx.Request] = []
    async with AsyncDrsClient(
        "https://drs.example.com", PROJECT,
        transport=httpx.MockTransport(_error_transport(status, code, msg, calls)),
    ) as client:
        with pytest.raises(cls) as info:
            await client.request(spec, body=JobIdsParams(jobs=[JOB]))
    assert info.value.error_code == code
    assert info.value.hint == hint


def test_connection_errors_are_typed(spec) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("Connection refused", request=request)

    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    client = DrsClient("https://drs.example.com", PROJECT, transport=httpx.MockTransport(refuse), max_retries=0)
    with pytest.raises(APIConnectionError) as info:
        client.request(spec, body=JobIdsParams(jobs=[JOB]))
    assert not isinstance(info.value, APITimeoutError)
    assert "ConnectError" in str(info.value) and "/jobs/batch-status" in str(info.value)
    assert isinstance(info.value.__cause__, httpx.ConnectError)

    client = DrsClient("https://drs.example.com", PROJECT, transport=httpx.MockTransport(slow), max_retries=0)
    with pytest.raises(APITimeoutError) as tinfo:
        client.request(spec, body=JobIdsParams(jobs=[JOB]))
    assert isinstance(tinfo.value, APIConnectionError) and isinstance(tinfo.value, DrsError)


def test_batch_row_errors_are_data_not_exceptions(spec) -> None:
    body = {
        "results": [
            {"id": JOB, "status": "failed", "error_code": "DRS.M01504", "error_msg": "busy"},
        ],
        "count": 1,
    }
    client = DrsClient("https://drs.example.com", PROJECT,
                       transport=httpx.MockTransport(lambda r: httpx.Response(202, json=body)))
    result = client.request(spec, body=JobIdsParams(jobs=[JOB]))
    assert result.results[0].error_code == "DRS.M01504"
    assert describe(result.results[0].error_code).row_level  # type: ignore[union-attr]
