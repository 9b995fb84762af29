"""AK/SK signing: our signer == the official SDK signer; the local verifier accepts both.

The SDK (``huaweicloudsdkcore``) is a test-only conformance peer: for each request in the table
both sign the same method, path, query, headers, body, time and keys, and the Authorization
headers (and the canonical query sent on the wire) must be identical.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest

from drstui.api import signing
from drstui.api.auth import AkSkAuth
from drstui.local.signing import REASONS, SignatureError, verify_request

AK = "EXAMPLEAK0000000000"
SK = "EXAMPLESK0000000000000000000000000000000"
PROJECT = "054ba152d480d55b2f5dc0069e7ddef0"
WHEN = datetime(2025, 1, 1, tzinfo=UTC)
DATE = "20250101T000000Z"
HOST = "drs.cn-north-4.myhuaweicloud.com"


@dataclass
class Case:
    id: str
    method: str
    path: str
    path_params: dict[str, str] = field(default_factory=dict)
    query: list[tuple[str, Any]] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    base: str = f"https://{HOST}"
    security_token: str | None = None


JSON = {"Content-Type": "application/json", "User-Agent": "huaweicloud-usdk-python/3.0"}

CASES = [
    Case(
        "get-node-type-bools-unsorted",
        "GET",
        "/v3/{project_id}/node-type",
        query=[("engine_type", "mysql"), ("db_use_type", "sync"), ("job_direction", "up"), ("is_use_sellout_info", True)],
        headers=dict(JSON),
    ),
    Case(
        "get-repeated-keys-false",
        "GET",
        "/v3/{project_id}/jobs/{job_id}/table/compare",
        path_params={"job_id": "9a470239-2308-4bb5-a6bc-1040402fjb21"},
        query=[("status", "2"), ("offset", "0"), ("status", "0"), ("limit", "10"), ("flag", False), ("status", "11")],
        headers={**JSON, "X-Language": "zh-cn"},
    ),
    Case(
        "get-encoded-path-and-query",
        "GET",
        "/v3/{project_id}/jobs/{job_id}/compare/{compare_job_id}/content-detail",
        path_params={"job_id": "a b~c_d.e-f", "compare_job_id": "数据/比较"},
        query=[("target_db_name", "db one/二"), ("q", "a&b=c"), ("empty", ""), ("tilde", "~x*")],
        headers=dict(JSON),
    ),
    Case(
        "post-batch-status",
        "POST",
        "/v3/{project_id}/jobs/batch-status",
        headers={**JSON, "X-Language": "en-us"},
        body=b'{"jobs": ["9a470239-2308-4bb5-a6bc-1040402fjb21"]}',
    ),
    Case(
        "post-empty-body",
        "POST",
        "/v3/{project_id}/jobs/batch-precheck",
        headers=dict(JSON),
        body=None,
    ),
    Case(
        "put-unicode-body",
        "PUT",
        "/v3/{project_id}/jobs/batch-modification",
        headers={**JSON, "X-Language": "en-us", "Region": "cn-north-4"},
        body='{"jobs":[{"job_id":"x","description":"迁移 task ~ 1"}]}'.encode(),
    ),
    Case(
        "delete-json-body",
        "DELETE",
        "/v3/{project_id}/jobs/batch-jobs",
        headers=dict(JSON),
        body=b'{"jobs":[{"job_id":"9a470239-2308-4bb5-a6bc-1040402fjb21","delete_type":"force_terminate"}]}',
    ),
    Case(
        "delete-no-body-path-params",
        "DELETE",
        "/v3/{project_id}/jobs/{job_id}/compare/{compare_job_id}",
        path_params={"job_id": "9a470239-2308-4bb5-a6bc-1040402fjb21", "compare_job_id": "6a1c8e15-8b8f-4aa6-9d8e-1a2b3c4d5e6f"},
        headers=dict(JSON),
    ),
    Case(
        "underscore-header-unsigned-and-padded-value",
        "POST",
        "/v3/{project_id}/jobs",
        headers={**JSON, "X_Trace_Id": "abc", "X-Language": "  en-us  "},
        body=b'{"cur_page":1,"per_page":10}',
    ),
    Case(
        "port-and-temporary-credentials",
        "GET",
        "/v3/{project_id}/jobs/{job_id}/get-src-user",
        path_params={"job_id": "9a470239-2308-4bb5-a6bc-1040402fjb21"},
        query=[("limit", "100"), ("offset", "0")],
        headers=dict(JSON),
        base="http://127.0.0.1:8443",
        security_token="temporary-security-token-value",
    ),
    Case(
        "non-json-content-type-unsigned-payload",
        "POST",
        "/v3/{project_id}/jobs/{job_id}/compare/result/file",
        path_params={"job_id": "9a470239-2308-4bb5-a6bc-1040402fjb21"},
        headers={"Content-Type": "text/plain", "User-Agent": "x"},
        body=b"hello",
    ),
]


def _path(case: Case) -> str:
    values = {"project_id": PROJECT, **case.path_params}
    return case.path.format(**{k: quote(v, safe="") for k, v in values.items()})


def ours(case: Case) -> httpx.Request:
    request = httpx.Request(
        case.method,
        case.base + _path(case),
        params=case.query or None,
        headers=case.headers,
        content=case.body,
    )
    AkSkAuth(AK, SK, PROJECT, case.security_token, clock=lambda: WHEN).sign(request)
    return request


def sdk(case: Case, transport_headers: dict[str, str]) -> SdkRequest:
    """The same request signed by the official SDK. ``transport_headers`` are headers httpx adds
    on the wire (Content-Length); the SDK signs them too when they are present."""
    parsed = httpx.URL(case.base)
    query: list[tuple[str, Any]] = []
    for name, value in case.query:
        query.append((name, value))
    request = SdkRequest(
        method=case.method,
        schema=parsed.scheme,
        host=parsed.netloc.decode(),
        resource_path=_path(case),
        query_params=query,
        header_params={**case.headers, **transport_headers, "X-Sdk-Date": DATE},
        body=case.body,
    )
    credentials = BasicCredentials(AK, SK, PROJECT)
    if case.security_token:
        credentials = credentials.with_security_token(case.security_token)
    return credentials.sign_request(request)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_authorization_matches_sdk(case: Case) -> None:
    request = ours(case)
    extra = {"Content-Length": request.headers["Content-Length"]} if "Content-Length" in request.headers else {}
    expected = sdk(case, extra)
    assert request.headers["Authorization"] == expected.header_params["Authorization"]
    # The query the SDK sends is its canonical query; ours sends the same bytes.
    assert request.url.raw_path.decode() == expected.uri
    assert request.headers["X-Sdk-Date"] == DATE
    assert request.headers["X-Project-Id"] == PROJECT


def test_underscore_headers_are_not_signed() -> None:
    case = next(c for c in CASES if c.id == "underscore-header-unsigned-and-padded-value")
    signed = signing.parse_authorization(ours(case).headers["Authorization"])[2]
    assert "x_trace_id" not in signed
    assert signed == sorted(signed)
    assert {"host", "x-sdk-date", "x-project-id", "content-type", "x-language"} <= set(signed)


def test_existing_authorization_is_left_alone() -> None:
    request = httpx.Request("GET", f"https://{HOST}/v3/{PROJECT}/node-type", params={"b": "2", "a": "1"},
                            headers={"Authorization": "Bearer preset"})
    AkSkAuth(AK, SK, PROJECT, clock=lambda: WHEN).sign(request)
    assert request.headers["Authorization"] == "Bearer preset"
    assert "X-Sdk-Date" not in request.headers
    assert request.url.query == b"a=1&b=2"


# ---------------------------------------------------------------------------
# The two reference vectors (reference §5.2)
# ---------------------------------------------------------------------------

VECTOR_HEADERS = {
    "Content-Type": "application/json",
    "User-Agent": "huaweicloud-usdk-python/3.0",
    "X-Project-Id": PROJECT,
    "X-Sdk-Date": DATE,
    "Host": HOST,
}


def test_reference_vector_post() -> None:
    body = b'{"jobs": ["9a470239-2308-4bb5-a6bc-1040402fjb21"]}'
    headers = {**VECTOR_HEADERS, "X-Language": "en-us"}
    assert signing.payload_hash(body) == "514f7a169e35ab84aa2dccf6b379471c8e51a711588535d1daa39e2ad8bb3f8a"
    signed = signing.signed_header_names(headers)
    canonical = signing.canonical_request(
        "POST",
        signing.canonical_uri(f"/v3/{PROJECT}/jobs/batch-status"),
        "",
        signing.canonical_headers(headers, signed),
        signed,
        signing.payload_hash(body),
    )
    import hashlib

    assert hashlib.sha256(canonical.encode()).hexdigest() == "6f2da250ca3843e97db89d38b7251dda6de3ea365bf970c21f9f9fda6da6af67"
    auth, _ = signing.sign_parts(
        method="POST", path=f"/v3/{PROJECT}/jobs/batch-status", query=[], headers=headers, body=body, ak=AK, sk=SK
    )
    assert auth == (
        "SDK-HMAC-SHA256 Access=EXAMPLEAK0000000000, "
        "SignedHeaders=content-type;host;user-agent;x-language;x-project-id;x-sdk-date, "
        "Signature=acd3a61e40a186e289f87dee30c864b776f17188f224891bf74869da17032d3c"
    )


def test_reference_vector_get() -> None:
    pairs = signing.query_pairs(
        {"engine_type": "mysql", "db_use_type": "sync", "job_direction": "up", "is_use_sellout_info": True}
    )
    assert signing.canonical_query(pairs) == "db_use_type=sync&engine_type=mysql&is_use_sellout_info=true&job_direction=up"
    assert signing.canonical_uri(f"/v3/{PROJECT}/node-type").endswith("/node-type/")
    auth, _ = signing.sign_parts(
        method="GET", path=f"/v3/{PROJECT}/node-type", query=pairs, headers=VECTOR_HEADERS, body=None, ak=AK, sk=SK
    )
    assert auth.endswith(
        "SignedHeaders=content-type;host;user-agent;x-project-id;x-sdk-date, "
        "Signature=f7bea472ff0ee7bf18f2d8d37e3b1c007f374ac08a0d2a63c492e1f0fb583a60"
    )


def test_reference_vector_through_aksk_auth() -> None:
    """The same POST vector produced end to end by the httpx auth (without Content-Length,
    which the SDK's vector did not carry)."""
    request = httpx.Request(
        "POST",
        f"https://{HOST}/v3/{PROJECT}/jobs/batch-status",
        headers={"Content-Type": "application/json", "User-Agent": "huaweicloud-usdk-python/3.0", "X-Language": "en-us"},
        content=b'{"jobs": ["9a470239-2308-4bb5-a6bc-1040402fjb21"]}',
    )
    del request.headers["Content-Length"]
    AkSkAuth(AK, SK, PROJECT, clock=lambda: WHEN).sign(request)
    assert request.headers["Authorization"].endswith(
        "Signature=acd3a61e40a186e289f87dee30c864b776f17188f224891bf74869da17032d3c"
    )


# ---------------------------------------------------------------------------
# Server-side verification
# ---------------------------------------------------------------------------

KEYS = {AK: SK}
NOW = WHEN + timedelta(minutes=3)


def _verify(method: str, raw_path: Any, raw_query: Any, headers: Any, body: bytes | None, **kw: Any):
    kw.setdefault("now", NOW)
    return verify_request(method, raw_path, raw_query, headers, body, KEYS.get, **kw)


def _split_uri(uri: str) -> tuple[str, str]:
    path, _, query = uri.partition("?")
    return path, query


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_verify_accepts_our_requests(case: Case) -> None:
    request = ours(case)
    identity = _verify(request.method, request.url.raw_path, request.url.query, request.headers.raw, request.content)
    assert identity.ak == AK
    assert identity.project_id == PROJECT
    assert identity.signed_at == WHEN
    assert identity.security_token is bool(case.security_token)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_verify_accepts_sdk_requests(case: Case) -> None:
    signed = sdk(case, {"Content-Length": str(len(case.body))} if case.body else {})
    path, query = _split_uri(signed.uri)
    identity = _verify(case.method, path, query, signed.header_params, case.body)
    assert identity.ak == AK


def test_verify_accepts_sdk_numeric_sort_order() -> None:
    """The SDK sorts typed values (9 before 10) and sends that order; the verifier copes."""
    case = Case("ints", "GET", "/v3/{project_id}/jobs", query=[("n", [10, 9])], headers=dict(JSON))
    signed = sdk(case, {})
    path, query = _split_uri(signed.uri)
    assert query == "n=9&n=10"
    assert _verify("GET", path, query, signed.header_params, None).ak == AK


def _signed_post() -> httpx.Request:
    return ours(next(c for c in CASES if c.id == "post-batch-status"))


def _reason(exc_info: pytest.ExceptionInfo[SignatureError]) -> str:
    assert exc_info.value.reason in REASONS
    text = str(exc_info.value)
    assert SK not in text
    return exc_info.value.reason


def test_verify_rejects_unknown_ak() -> None:
    request = _signed_post()
    with pytest.raises(SignatureError) as info:
        verify_request("POST", request.url.raw_path, request.url.query, request.headers.raw, request.content,
                       {"OTHERAK": SK}.get, now=NOW)
    assert _reason(info) == "unknown_ak"


def test_verify_rejects_wrong_sk() -> None:
    request = _signed_post()
    with pytest.raises(SignatureError) as info:
        verify_request("POST", request.url.raw_path, request.url.query, request.headers.raw, request.content,
                       {AK: "WRONG" + SK[5:]}.get, now=NOW)
    assert _reason(info) == "bad_signature"


def test_verify_rejects_changed_body() -> None:
    request = _signed_post()
    body = request.content.replace(b"jb21", b"jb22")
    with pytest.raises(SignatureError) as info:
        _verify("POST", request.url.raw_path, request.url.query, request.headers.raw, body)
    assert _reason(info) == "bad_signature"


def test_verify_rejects_changed_path() -> None:
    request = _signed_post()
    with pytest.raises(SignatureError) as info:
        _verify("POST", request.url.raw_path.replace(b"batch-status", b"batch-detail"), b"", request.headers.raw,
                request.content)
    assert _reason(info) == "bad_signature"


def test_verify_rejects_changed_method() -> None:
    request = _signed_post()
    with pytest.raises(SignatureError) as info:
        _verify("PUT", request.url.raw_path, b"", request.headers.raw, request.content)
    assert _reason(info) == "bad_signature"


def test_verify_rejects_changed_query() -> None:
    request = ours(CASES[0])
    path = request.url.raw_path.split(b"?")[0]
    query = request.url.query.replace(b"engine_type=mysql", b"engine_type=oracle")
    assert query != request.url.query
    with pytest.raises(SignatureError) as info:
        _verify("GET", path, query, request.headers.raw, None)
    assert _reason(info) == "bad_signature"
    # Adding a parameter is a change too.
    with pytest.raises(SignatureError):
        _verify("GET", path, request.url.query + b"&extra=1", request.headers.raw, None)


def test_verify_rejects_stale_date_both_ways() -> None:
    request = _signed_post()
    for offset in (timedelta(minutes=16), -timedelta(minutes=16)):
        with pytest.raises(SignatureError) as info:
            _verify("POST", request.url.raw_path, b"", request.headers.raw, request.content, now=WHEN + offset)
        assert _reason(info) == "stale_date"
    # 14 minutes is inside the window.
    assert _verify("POST", request.url.raw_path, b"", request.headers.raw, request.content,
                   now=WHEN + timedelta(minutes=14)).ak == AK


def test_verify_rejects_date_header_moved_16_minutes() -> None:
    """Re-dating a request (X-Sdk-Date 16 minutes off) fails: stale, and the signature no longer fits."""
    request = _signed_post()
    headers = dict(request.headers)
    headers["x-sdk-date"] = "20250101T001600Z"
    with pytest.raises(SignatureError) as info:
        _verify("POST", request.url.raw_path, b"", headers, request.content, now=WHEN)
    assert _reason(info) == "stale_date"
    with pytest.raises(SignatureError) as info:
        _verify("POST", request.url.raw_path, b"", headers, request.content, now=WHEN + timedelta(minutes=16))
    assert _reason(info) == "bad_signature"


def test_verify_rejects_missing_signed_host() -> None:
    """A request signed without Host in SignedHeaders is refused even if its signature is valid."""
    headers = {**VECTOR_HEADERS}
    del headers["Host"]
    headers["X-Sdk-Date"] = DATE
    auth, _ = signing.sign_parts(method="GET", path=f"/v3/{PROJECT}/node-type", query=[], headers=headers,
                                 body=None, ak=AK, sk=SK)
    sent = {**headers, "Host": HOST, "Authorization": auth}
    with pytest.raises(SignatureError) as info:
        _verify("GET", f"/v3/{PROJECT}/node-type", "", sent, None)
    assert _reason(info) == "missing_signed_header"


def test_verify_rejects_malformed_and_missing_authorization() -> None:
    request = _signed_post()
    headers = dict(request.headers)
    headers.pop("authorization")
    with pytest.raises(SignatureError) as info:
        _verify("POST", request.url.raw_path, b"", headers, request.content)
    assert _reason(info) == "missing_authorization"
    headers["authorization"] = "Basic abc"
    with pytest.raises(SignatureError) as info:
        _verify("POST", request.url.raw_path, b"", headers, request.content)
    assert _reason(info) == "malformed_authorization"
    headers["authorization"] = request.headers["authorization"].replace("SDK-HMAC-SHA256", "SDK-HMAC-SM3")
    with pytest.raises(SignatureError) as info:
        _verify("POST", request.url.raw_path, b"", headers, request.content)
    assert _reason(info) == "unsupported_algorithm"


def test_verify_rejects_project_mismatch_and_bad_date() -> None:
    request = _signed_post()
    with pytest.raises(SignatureError) as info:
        _verify("POST", request.url.raw_path, b"", request.headers.raw, request.content, project_id="0" * 32)
    assert _reason(info) == "project_mismatch"
    headers = dict(request.headers)
    headers["x-sdk-date"] = "2025-01-01 00:00:00"
    with pytest.raises(SignatureError) as info:
        _verify("POST", request.url.raw_path, b"", headers, request.content)
    assert _reason(info) == "bad_date"


def test_verify_rejects_dropped_signed_header() -> None:
    request = _signed_post()
    headers = dict(request.headers)
    headers.pop("x-language")
    with pytest.raises(SignatureError) as info:
        _verify("POST", request.url.raw_path, b"", headers, request.content)
    assert _reason(info) == "missing_header"
