"""Authentication for the DRS client, each an ``httpx.Auth`` (works with sync and async clients).

- `AkSkAuth`: AK/SK request signing exactly as the official SDK (``SDK-HMAC-SHA256``,
  reference §5.2; the pure functions live in `drstui.api.signing`).
- `TokenAuth`: a ready IAM token in ``X-Auth-Token``.
- `IamPasswordAuth`: fetches a project-scoped token from IAM ``POST /v3/auth/tokens`` with the
  password method (seed §3.1), caches it until 5 minutes before ``expires_at``, and on a 401
  refreshes it once and re-sends the request once.

Credentials come from arguments or the SDK's environment variables ``HUAWEICLOUD_SDK_AK``,
``HUAWEICLOUD_SDK_SK``, ``HUAWEICLOUD_SDK_PROJECT_ID``, ``HUAWEICLOUD_SDK_SECURITY_TOKEN``.
SKs, passwords and tokens are held as ``SecretStr``: no ``repr``/``str``/log line/exception
message shows them.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import threading
from collections.abc import AsyncGenerator, Callable, Generator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from pydantic import SecretStr

from . import signing
from .errors import AuthenticationError, CredentialsError, error_from_response

__all__ = [
    "ENV_AK",
    "ENV_SK",
    "ENV_PROJECT_ID",
    "ENV_SECURITY_TOKEN",
    "DEFAULT_IAM_ENDPOINT",
    "AkSkAuth",
    "TokenAuth",
    "IamPasswordAuth",
    "build_auth",
    "env_project_id",
]

ENV_AK = "HUAWEICLOUD_SDK_AK"
ENV_SK = "HUAWEICLOUD_SDK_SK"
ENV_PROJECT_ID = "HUAWEICLOUD_SDK_PROJECT_ID"
ENV_SECURITY_TOKEN = "HUAWEICLOUD_SDK_SECURITY_TOKEN"
DEFAULT_IAM_ENDPOINT = "https://iam.myhuaweicloud.com"

logger = logging.getLogger("drstui.api")

#: A cached IAM token is replaced this long before its ``expires_at``.
REFRESH_MARGIN = timedelta(minutes=5)
#: Used when IAM's body has no ``token.expires_at`` (tokens live 24 h, seed §3.2).
DEFAULT_TOKEN_LIFETIME = timedelta(hours=24)

Clock = Callable[[], datetime]


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _secret(value: str | SecretStr | None) -> SecretStr | None:
    if value is None or isinstance(value, SecretStr):
        return value
    return SecretStr(str(value))


def _reveal(value: SecretStr | None) -> str | None:
    return value.get_secret_value() if value is not None else None


def env_project_id() -> str | None:
    return os.environ.get(ENV_PROJECT_ID) or None


class _SecretAuth(httpx.Auth):
    """Common base: lists the secret strings the client scrubs from error texts."""

    def secret_values(self) -> list[str]:
        return []


# ---------------------------------------------------------------------------
# AK/SK
# ---------------------------------------------------------------------------


class AkSkAuth(_SecretAuth):
    """Sign every request with AK/SK (``SDK-HMAC-SHA256``), like ``BasicCredentials`` in the SDK.

    Before signing it adds ``X-Project-Id`` (when a project id is known), ``X-Security-Token``
    (temporary credentials), ``X-Sdk-Date`` (unless the request already has one) and ``Host``.
    Every header whose name has no ``_`` is signed. Afterwards the URL query is replaced by
    the canonical query string, as the SDK does, so the server sees what was signed. A request
    that already carries ``Authorization`` is sent unsigned.
    """

    requires_request_body = True

    def __init__(
        self,
        ak: str | None = None,
        sk: str | SecretStr | None = None,
        project_id: str | None = None,
        security_token: str | SecretStr | None = None,
        *,
        clock: Clock | None = None,
    ) -> None:
        ak = ak or os.environ.get(ENV_AK) or None
        sk = sk or os.environ.get(ENV_SK) or None
        if not ak or not sk:
            raise CredentialsError(
                f"AK/SK signing needs an access key (ak= or {ENV_AK}) and a secret key (sk= or {ENV_SK})"
            )
        if security_token is None:
            security_token = os.environ.get(ENV_SECURITY_TOKEN) or None
        self.ak = str(ak)
        self._sk = _secret(sk)
        self.project_id = project_id or env_project_id()
        self._security_token = _secret(security_token)
        self._clock = clock or _utcnow

    def __repr__(self) -> str:
        parts = [f"ak={self.ak!r}", "sk='**********'"]
        if self.project_id:
            parts.append(f"project_id={self.project_id!r}")
        if self._security_token is not None:
            parts.append("security_token='**********'")
        return f"AkSkAuth({', '.join(parts)})"

    def secret_values(self) -> list[str]:
        return [v for v in (_reveal(self._sk), _reveal(self._security_token)) if v]

    def sign(self, request: httpx.Request) -> httpx.Request:
        """Add the signing headers and ``Authorization`` to ``request`` (in place) and return it."""
        headers = request.headers
        query = signing.query_pairs(httpx.QueryParams(request.url.query).multi_items())
        if "Authorization" in headers:
            request.url = request.url.copy_with(query=signing.canonical_query(query).encode() or None)
            return request
        if self._security_token is not None:
            headers["X-Security-Token"] = _reveal(self._security_token)  # type: ignore[assignment]
        if self.project_id:
            headers["X-Project-Id"] = self.project_id
        content_type = headers.get("Content-Type")
        if content_type and not content_type.startswith(("application/json", "application/bson")):
            headers[signing.HEADER_CONTENT_SHA256] = signing.UNSIGNED_PAYLOAD
        if signing.HEADER_DATE not in headers:
            headers[signing.HEADER_DATE] = signing.format_sdk_date(self._clock())
        if "Host" not in headers:
            headers["Host"] = request.url.netloc.decode("ascii")
        raw_path = request.url.raw_path.split(b"?", 1)[0].decode("ascii")
        authorization, query_text = signing.sign_parts(
            method=request.method,
            path=raw_path,
            query=query,
            headers=list(headers.multi_items()),
            body=request.content,
            ak=self.ak,
            sk=_reveal(self._sk),  # type: ignore[arg-type]
        )
        headers["Authorization"] = authorization
        request.url = request.url.copy_with(query=query_text.encode() if query_text else None)
        return request

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        yield self.sign(request)


# ---------------------------------------------------------------------------
# Token
# ---------------------------------------------------------------------------


class TokenAuth(_SecretAuth):
    """Send a ready IAM token as ``X-Auth-Token``."""

    def __init__(self, token: str | SecretStr) -> None:
        if not token or (isinstance(token, SecretStr) and not token.get_secret_value()):
            raise CredentialsError("TokenAuth needs a non-empty token")
        self._token = _secret(token)

    def __repr__(self) -> str:
        return "TokenAuth(token='**********')"

    def secret_values(self) -> list[str]:
        return [_reveal(self._token)]  # type: ignore[list-item]

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["X-Auth-Token"] = _reveal(self._token)  # type: ignore[assignment]
        yield request


# ---------------------------------------------------------------------------
# IAM password → token
# ---------------------------------------------------------------------------


class IamPasswordAuth(_SecretAuth):
    """Obtain (and cache) a project-scoped IAM token with a user name and password.

    The token request goes through the *same* httpx client (and so the same transport) as
    the DRS request: the auth flow yields it before the real request. Pass ``transport=`` to
    send token requests through a different transport instead (a sync transport for the sync
    client, an async one for the async client).
    """

    def __init__(
        self,
        iam_endpoint: str | None = None,
        username: str | None = None,
        password: str | SecretStr | None = None,
        domain: str | None = None,
        project_name: str | None = None,
        project_id: str | None = None,
        *,
        transport: httpx.BaseTransport | httpx.AsyncBaseTransport | None = None,
        clock: Clock | None = None,
    ) -> None:
        missing = [n for n, v in (("username", username), ("password", password), ("domain", domain)) if not v]
        if missing:
            raise CredentialsError(f"IamPasswordAuth needs {', '.join(missing)}")
        if not project_name and not project_id:
            raise CredentialsError("IamPasswordAuth needs project_name or project_id (DRS needs a project-scoped token)")
        self.iam_endpoint = (iam_endpoint or DEFAULT_IAM_ENDPOINT).rstrip("/")
        self.username = username
        self._password = _secret(password)
        self.domain = domain
        self.project_name = project_name
        self.project_id = project_id
        self._transport = transport
        self._clock = clock or _utcnow
        self._token: SecretStr | None = None
        self._expires_at: datetime | None = None
        self._sync_lock = threading.Lock()
        self._async_lock: asyncio.Lock | None = None
        #: How many tokens were obtained from IAM (for tests and diagnostics).
        self.fetch_count = 0

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any], *, project_id: str | None = None) -> IamPasswordAuth:
        """Build from a settings mapping (the client's ``iam=`` dict); the client's project id
        is the default scope."""
        values = dict(settings)
        if not values.get("project_name") and not values.get("project_id"):
            values["project_id"] = project_id
        return cls(**values)

    def __repr__(self) -> str:
        scope = f"project_id={self.project_id!r}" if self.project_id else f"project_name={self.project_name!r}"
        return (
            f"IamPasswordAuth(iam_endpoint={self.iam_endpoint!r}, username={self.username!r}, "
            f"password='**********', domain={self.domain!r}, {scope})"
        )

    def secret_values(self) -> list[str]:
        return [v for v in (_reveal(self._password), _reveal(self._token)) if v]

    @property
    def expires_at(self) -> datetime | None:
        return self._expires_at

    # -- token cache -------------------------------------------------------
    def _valid_token(self) -> SecretStr | None:
        if self._token is None or self._expires_at is None:
            return None
        if self._clock() >= self._expires_at - REFRESH_MARGIN:
            return None
        return self._token

    def invalidate(self, token: SecretStr | None = None) -> None:
        """Drop the cached token (only if it is still ``token``, when given)."""
        if token is None or self._token is token:
            self._token = None
            self._expires_at = None

    def token_request(self) -> httpx.Request:
        scope: dict[str, Any] = (
            {"project": {"id": self.project_id}} if self.project_id else {"project": {"name": self.project_name}}
        )
        body = {
            "auth": {
                "identity": {
                    "methods": ["password"],
                    "password": {
                        "user": {
                            "name": self.username,
                            "password": _reveal(self._password),
                            "domain": {"name": self.domain},
                        }
                    },
                },
                "scope": scope,
            }
        }
        return httpx.Request(
            "POST",
            f"{self.iam_endpoint}/v3/auth/tokens",
            content=json.dumps(body).encode(),
            headers={"Content-Type": "application/json;charset=utf8"},
        )

    def _store(self, response: httpx.Response) -> SecretStr:
        if response.status_code not in (200, 201):
            error = error_from_response(
                response, secrets=self.secret_values(), method="POST", path="/v3/auth/tokens"
            )
            raise AuthenticationError(
                error.status_code,
                error.error_code,
                f"IAM token request failed: {error.error_msg or 'no message'}",
                error.request_id,
                "Check the IAM endpoint, user name, password, domain and project.",
                method="POST",
                path="/v3/auth/tokens",
            )
        token = response.headers.get("X-Subject-Token")
        if not token:
            raise AuthenticationError(
                response.status_code, None, "IAM answered without an X-Subject-Token header",
                response.headers.get("X-Request-Id"), method="POST", path="/v3/auth/tokens",
            )
        expires_at = None
        try:
            data = response.json()
            raw = data.get("token", {}).get("expires_at") if isinstance(data, dict) else None
            if raw:
                expires_at = datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
                if expires_at.tzinfo is None:
                    expires_at = expires_at.replace(tzinfo=UTC)
        except ValueError:
            expires_at = None
        self._token = SecretStr(token)
        self._expires_at = expires_at or (self._clock() + DEFAULT_TOKEN_LIFETIME)
        self.fetch_count += 1
        logger.debug("IAM token obtained for user %s, expires %s", self.username, self._expires_at.isoformat())
        return self._token

    # -- flows ---------------------------------------------------------------
    def _apply(self, request: httpx.Request, token: SecretStr) -> None:
        request.headers["X-Auth-Token"] = token.get_secret_value()

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        # httpx calls the sync/async overrides below; this keeps a direct call working too.
        yield from self.sync_auth_flow(request)

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        stale: SecretStr | None = None
        for attempt in range(2):
            token = self._valid_token() if stale is None else None
            if token is None:
                with self._sync_lock:
                    if stale is not None:
                        self.invalidate(stale)
                    token = self._valid_token()
                    if token is None:
                        req = self.token_request()
                        if self._transport is not None:
                            response = self._transport.handle_request(req)  # type: ignore[union-attr]
                        else:
                            response = yield req
                        response.read()
                        token = self._store(response)
            self._apply(request, token)
            response = yield request
            if response.status_code != 401 or attempt == 1:
                return
            stale = token  # 401: refresh the token once and re-send once

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        if self._async_lock is None:
            self._async_lock = asyncio.Lock()
        stale: SecretStr | None = None
        for attempt in range(2):
            token = self._valid_token() if stale is None else None
            if token is None:
                async with self._async_lock:
                    if stale is not None:
                        self.invalidate(stale)
                    token = self._valid_token()
                    if token is None:
                        req = self.token_request()
                        if self._transport is not None:
                            response = await self._transport.handle_async_request(req)  # type: ignore[union-attr]
                        else:
                            response = yield req
                        await response.aread()
                        token = self._store(response)
            self._apply(request, token)
            response = yield request
            if response.status_code != 401 or attempt == 1:
                return
            stale = token


# ---------------------------------------------------------------------------
# Choosing the auth for a client
# ---------------------------------------------------------------------------


def build_auth(
    *,
    auth: httpx.Auth | None = None,
    token: str | SecretStr | None = None,
    ak: str | None = None,
    sk: str | SecretStr | None = None,
    security_token: str | SecretStr | None = None,
    iam: IamPasswordAuth | Mapping[str, Any] | None = None,
    project_id: str | None = None,
) -> httpx.Auth | None:
    """The auth a client uses: exactly one of ``auth``, ``iam``, ``token``, ``ak``/``sk``;
    with none given, AK/SK from the environment when ``HUAWEICLOUD_SDK_AK`` is set, else no auth
    (e.g. a local DRS without authentication)."""
    given = [name for name, value in (("auth", auth), ("iam", iam), ("token", token)) if value is not None]
    if ak is not None or sk is not None:
        given.append("ak/sk")
    if len(given) > 1:
        raise CredentialsError(f"give only one way to authenticate, not {' and '.join(given)}")
    if auth is not None:
        return auth
    if iam is not None:
        if isinstance(iam, IamPasswordAuth):
            return iam
        return IamPasswordAuth.from_settings(iam, project_id=project_id)
    if token is not None:
        return TokenAuth(token)
    if ak is not None or sk is not None or os.environ.get(ENV_AK):
        return AkSkAuth(ak, sk, project_id, security_token)
    if security_token is not None:
        raise CredentialsError("security_token needs an AK/SK pair")
    return None
