"""SDK-HMAC-SHA256 canonicalization and signature: pure functions (reference §5.2).

The same functions sign on the client (`drstui.api.auth.AkSkAuth`) and verify on the
local DRS (`drstui.local.signing.verify_request`), so both sides agree by construction;
tests/api/test_signing_conformance.py checks them against the official SDK signer
(``huaweicloudsdkcore.signer.signer.Signer``) and the reference's two test vectors.

Steps (reference §5.2): signed headers = every header name without ``_``, lower-cased,
sorted; canonical URI = the path percent-decoded, split on ``/``, each segment encoded with
the RFC 3986 unreserved set kept, plus a trailing ``/``; canonical query = (name, value)
pairs sorted by name then value, both encoded like path segments; canonical headers =
``name:trimmed value\\n`` per signed header; payload hash = hex SHA-256 of the body (or the
``X-Sdk-Content-Sha256`` value); string to sign = algorithm, ``X-Sdk-Date``, hex SHA-256 of
the canonical request; signature = hex HMAC-SHA256 keyed with the SK's UTF-8 bytes.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, unquote

__all__ = [
    "ALGORITHM",
    "DATE_FORMAT",
    "EMPTY_PAYLOAD_HASH",
    "HEADER_DATE",
    "HEADER_CONTENT_SHA256",
    "UNSIGNED_PAYLOAD",
    "encode",
    "canonical_uri",
    "query_pairs",
    "parse_query",
    "canonical_query",
    "signed_header_names",
    "canonical_headers",
    "payload_hash",
    "canonical_request",
    "string_to_sign",
    "compute_signature",
    "authorization_header",
    "parse_authorization",
    "format_sdk_date",
    "parse_sdk_date",
    "sign_parts",
]

ALGORITHM = "SDK-HMAC-SHA256"
DATE_FORMAT = "%Y%m%dT%H%M%SZ"
HEADER_DATE = "X-Sdk-Date"
HEADER_CONTENT_SHA256 = "X-Sdk-Content-Sha256"
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"
EMPTY_PAYLOAD_HASH = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def encode(text: str) -> str:
    """RFC 3986 encoding: ``A–Z a–z 0–9 - _ . ~`` kept, everything else UTF-8 ``%XX`` (upper-case hex)."""
    return quote(text, safe="~")


def canonical_uri(path: str) -> str:
    """Decode the whole path, re-encode each ``/`` segment, ensure a trailing ``/``."""
    result = "/".join(encode(segment) for segment in unquote(path).split("/"))
    if not result.endswith("/"):
        result += "/"
    return result


def _query_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def query_pairs(params: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> list[tuple[str, str]]:
    """Flatten query parameters into (name, text) pairs: booleans as ``true``/``false``,
    list values as repeated names, ``None`` values dropped."""
    items = params.items() if isinstance(params, Mapping) else params
    pairs: list[tuple[str, str]] = []
    for name, value in items:
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            pairs.extend((str(name), _query_text(v)) for v in value if v is not None)
        else:
            pairs.append((str(name), _query_text(value)))
    return pairs


def parse_query(raw_query: str | bytes) -> list[tuple[str, str]]:
    """Split a raw query string into decoded (name, value) pairs in arrival order.

    Only ``%XX`` escapes are decoded; ``+`` stays a plus sign (SDK clients never send ``+``
    for a space), exactly as the server-side verification rule in reference §5.2 says.
    """
    if isinstance(raw_query, bytes):
        raw_query = raw_query.decode("latin-1")
    raw_query = raw_query.lstrip("?")
    pairs: list[tuple[str, str]] = []
    for item in raw_query.split("&"):
        if not item:
            continue
        name, _, value = item.partition("=")
        pairs.append((unquote(name), unquote(value)))
    return pairs


def canonical_query(pairs: Iterable[tuple[str, str]], *, sort: bool = True) -> str:
    """``name=value`` items, sorted by name then value (raw strings), encoded, joined by ``&``."""
    items = sorted(pairs) if sort else list(pairs)
    return "&".join(f"{encode(name)}={encode(value)}" for name, value in items)


def signed_header_names(names: Iterable[str]) -> list[str]:
    """Every header name without ``_``, lower-cased, de-duplicated, sorted."""
    return sorted({name.lower() for name in names if "_" not in name})


def _header_lookup(headers: Mapping[str, str] | Sequence[tuple[str, str]]) -> dict[str, str]:
    items = headers.items() if isinstance(headers, Mapping) else headers
    table: dict[str, str] = {}
    for name, value in items:
        table[str(name).lower()] = str(value)
    return table


def canonical_headers(headers: Mapping[str, str] | Sequence[tuple[str, str]], signed: Sequence[str]) -> str:
    """``name:value\\n`` for each signed header (value trimmed). Missing headers raise KeyError."""
    table = _header_lookup(headers)
    return "".join(f"{name}:{table[name].strip()}\n" for name in signed)


def payload_hash(body: bytes | None, content_sha256: str | None = None) -> str:
    """Hex SHA-256 of the body; the empty hash for no body; a given ``X-Sdk-Content-Sha256`` wins."""
    if not body:
        return EMPTY_PAYLOAD_HASH
    if content_sha256:
        return content_sha256
    return hashlib.sha256(body).hexdigest()


def canonical_request(
    method: str, uri: str, query: str, headers_block: str, signed: Sequence[str], body_hash: str
) -> str:
    return "\n".join([method.upper(), uri, query, headers_block, ";".join(signed), body_hash])


def string_to_sign(canonical: str, sdk_date: str) -> str:
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return f"{ALGORITHM}\n{sdk_date}\n{digest}"


def compute_signature(sk: str, to_sign: str) -> str:
    return hmac.new(sk.encode("utf-8"), to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


def authorization_header(ak: str, signed: Sequence[str], signature: str) -> str:
    return f"{ALGORITHM} Access={ak}, SignedHeaders={';'.join(signed)}, Signature={signature}"


_AUTH_RE = re.compile(
    r"^(?P<alg>\S+)\s+Access=(?P<ak>[^,\s]+)\s*,\s*SignedHeaders=(?P<signed>[^,\s]+)\s*,\s*Signature=(?P<sig>[0-9a-fA-F]+)\s*$"
)


def parse_authorization(value: str) -> tuple[str, str, list[str], str]:
    """(algorithm, AK, signed header names, signature hex) of an ``Authorization`` value.

    Raises ValueError when the value is not in the SDK-HMAC-SHA256 shape.
    """
    match = _AUTH_RE.match(value.strip())
    if not match:
        raise ValueError("Authorization header is not 'ALG Access=…, SignedHeaders=…, Signature=…'")
    signed = match["signed"].split(";")
    return match["alg"], match["ak"], signed, match["sig"].lower()


def format_sdk_date(moment: datetime) -> str:
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime(DATE_FORMAT)


def parse_sdk_date(value: str) -> datetime:
    """``20250101T000000Z`` → aware UTC datetime (ValueError if malformed)."""
    return datetime.strptime(value.strip(), DATE_FORMAT).replace(tzinfo=UTC)


def sign_parts(
    *,
    method: str,
    path: str,
    query: Iterable[tuple[str, str]],
    headers: Mapping[str, str] | Sequence[tuple[str, str]],
    body: bytes | None,
    ak: str,
    sk: str,
    signed: Sequence[str] | None = None,
    sort_query: bool = True,
) -> tuple[str, str]:
    """Sign one request; returns (Authorization value, canonical query string).

    ``headers`` must already hold ``X-Sdk-Date`` and ``Host``; ``signed`` defaults to
    `signed_header_names` of ``headers``.
    """
    table = _header_lookup(headers)
    names = list(signed) if signed is not None else signed_header_names(table)
    query_text = canonical_query(query, sort=sort_query)
    canonical = canonical_request(
        method,
        canonical_uri(path),
        query_text,
        canonical_headers(table, names),
        names,
        payload_hash(body, table.get(HEADER_CONTENT_SHA256.lower())),
    )
    signature = compute_signature(sk, string_to_sign(canonical, table[HEADER_DATE.lower()].strip()))
    return authorization_header(ak, names, signature), query_text
