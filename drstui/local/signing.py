"""Server-side verification of ``SDK-HMAC-SHA256`` signed requests (reference §5.2).

Pure functions over what arrived (method, raw path, raw query, headers, body); no web
framework here. The canonicalization is `drstui.api.signing`, the same code the client signs
with, and it is checked against the official SDK signer in
tests/api/test_signing_conformance.py.

    identity = verify_request(
        request.method, scope["raw_path"], scope["query_string"], scope["headers"], body,
        lookup_sk=keys.get, now=datetime.now(UTC),
    )

Rejections raise `SignatureError` whose ``reason`` is one of `REASONS`; messages name the AK
at most, never the signature, the SK or other header values.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import SecretStr

from drstui.api import signing

__all__ = ["REASONS", "SignatureError", "VerifiedIdentity", "verify_request", "DEFAULT_MAX_SKEW"]

#: Accepted clock difference between ``X-Sdk-Date`` and the server (seconds). The SDK imposes
#: none; ±15 minutes is the common gateway choice (reference §5.2, UNSURE).
DEFAULT_MAX_SKEW = 900

REASONS = (
    "missing_authorization",  # no Authorization header
    "malformed_authorization",  # not "ALG Access=…, SignedHeaders=…, Signature=…"
    "unsupported_algorithm",  # not SDK-HMAC-SHA256
    "missing_signed_header",  # host or x-sdk-date not among SignedHeaders
    "missing_header",  # a header named in SignedHeaders is absent
    "unknown_ak",  # lookup_sk found no secret for the AK
    "bad_date",  # X-Sdk-Date is not yyyyMMddTHHmmssZ
    "stale_date",  # X-Sdk-Date further than max_skew from now
    "project_mismatch",  # X-Project-Id differs from the expected project
    "bad_signature",  # recomputed signature differs (changed path/query/headers/body, wrong SK)
)


class SignatureError(Exception):
    """A signed request was rejected; ``reason`` is one of `REASONS`."""

    def __init__(self, reason: str, message: str, *, ak: str | None = None) -> None:
        assert reason in REASONS, reason
        self.reason = reason
        self.ak = ak
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class VerifiedIdentity:
    ak: str
    """The access key that signed the request."""
    project_id: str | None
    """``X-Project-Id`` when it was signed."""
    signed_at: datetime
    """The ``X-Sdk-Date`` of the request (aware UTC)."""
    security_token: bool
    """True when the request carried a signed ``X-Security-Token`` (temporary credentials)."""


LookupSk = Callable[[str], "str | SecretStr | None"]


def _text(value: str | bytes) -> str:
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return value.decode("latin-1")
    return str(value)


def _header_table(headers: Mapping[Any, Any] | Sequence[tuple[Any, Any]]) -> dict[str, str]:
    items = headers.items() if isinstance(headers, Mapping) else headers
    table: dict[str, str] = {}
    for name, value in items:
        key = _text(name).lower()
        # Repeated headers: the first occurrence (what a dict-based client sent once).
        table.setdefault(key, _text(value))
    return table


def _as_datetime(now: datetime | float | None) -> datetime:
    if now is None:
        return datetime.now(UTC)
    if isinstance(now, (int, float)):
        return datetime.fromtimestamp(now, tz=UTC)
    return now if now.tzinfo else now.replace(tzinfo=UTC)


def verify_request(
    method: str,
    raw_path: str | bytes,
    raw_query: str | bytes | None,
    headers: Mapping[Any, Any] | Sequence[tuple[Any, Any]],
    body: bytes | None,
    lookup_sk: LookupSk,
    now: datetime | float | None = None,
    max_skew: float = DEFAULT_MAX_SKEW,
    *,
    project_id: str | None = None,
) -> VerifiedIdentity:
    """Check an AK/SK-signed request; return who signed it or raise `SignatureError`.

    ``raw_path`` is the path as received (percent-encoded; anything after ``?`` is ignored),
    ``raw_query`` the query string as received, ``headers`` a mapping or (name, value) pairs
    (bytes or str), ``body`` the exact body bytes. ``lookup_sk(ak)`` returns the secret key or
    None. ``project_id``, when given, must equal a present ``X-Project-Id``.
    """
    table = _header_table(headers)
    authorization = table.get("authorization")
    if not authorization:
        raise SignatureError("missing_authorization", "the request has no Authorization header")
    try:
        algorithm, ak, signed, signature = signing.parse_authorization(authorization)
    except ValueError:
        raise SignatureError("malformed_authorization", "the Authorization header is malformed") from None
    if algorithm != signing.ALGORITHM:
        raise SignatureError("unsupported_algorithm", f"signing algorithm must be {signing.ALGORITHM}", ak=ak)
    signed = [name.lower() for name in signed]
    for required in ("host", signing.HEADER_DATE.lower()):
        if required not in signed:
            raise SignatureError("missing_signed_header", f"the {required} header must be signed", ak=ak)
    absent = [name for name in signed if name not in table]
    if absent:
        raise SignatureError("missing_header", f"signed header(s) missing: {', '.join(absent)}", ak=ak)

    secret = lookup_sk(ak)
    if isinstance(secret, SecretStr):
        secret = secret.get_secret_value()
    if not secret:
        raise SignatureError("unknown_ak", f"unknown access key {ak}", ak=ak)

    date_text = table[signing.HEADER_DATE.lower()].strip()
    try:
        signed_at = signing.parse_sdk_date(date_text)
    except ValueError:
        raise SignatureError("bad_date", "X-Sdk-Date must look like 20250101T000000Z", ak=ak) from None
    skew = abs((_as_datetime(now) - signed_at).total_seconds())
    if skew > max_skew:
        raise SignatureError(
            "stale_date", f"X-Sdk-Date is {int(skew)} s away from the server clock (max {int(max_skew)} s)", ak=ak
        )

    signed_project = table.get("x-project-id") if "x-project-id" in signed else None
    if project_id is not None and signed_project is not None and signed_project.strip() != project_id:
        raise SignatureError("project_mismatch", "X-Project-Id does not match the project in the path", ak=ak)

    body = body or b""
    content_sha = None
    content_key = signing.HEADER_CONTENT_SHA256.lower()
    if content_key in signed:
        content_sha = table[content_key].strip()
        if (
            body
            and content_sha != signing.UNSIGNED_PAYLOAD
            and content_sha.lower() != hashlib.sha256(body).hexdigest()
        ):
            raise SignatureError("bad_signature", "the body does not match X-Sdk-Content-Sha256", ak=ak)

    path = _text(raw_path).split("?", 1)[0]
    pairs = signing.parse_query(raw_query or "")
    canonical_headers = signing.canonical_headers(table, signed)
    body_hash = signing.payload_hash(body, content_sha)
    uri = signing.canonical_uri(path)
    # Sorted is the rule; the as-received order is tried too because the SDK sorts typed values
    # (e.g. ints 9 < 10) before turning them into text, then sends exactly that order.
    orders = [True, False] if len(pairs) > 1 else [True]
    for sort in orders:
        canonical = signing.canonical_request(
            method, uri, signing.canonical_query(pairs, sort=sort), canonical_headers, signed, body_hash
        )
        expected = signing.compute_signature(secret, signing.string_to_sign(canonical, date_text))
        if hmac.compare_digest(expected, signature):
            return VerifiedIdentity(
                ak=ak,
                project_id=signed_project.strip() if signed_project else None,
                signed_at=signed_at,
                security_token="x-security-token" in signed,
            )
    raise SignatureError("bad_signature", "the signature does not match the request", ak=ak)
