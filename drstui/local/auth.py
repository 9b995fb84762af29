"""Authentication as the cloud does it: AK/SK signatures and IAM project tokens.

Auth is about real clocks (the SDK stamps X-Sdk-Date with the wall clock), so it uses
wall time, not the simulated clock. Tokens are stored by their SHA-256, never in clear.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .signing import SignatureError, verify_request

if TYPE_CHECKING:
    from .state import LocalDrs

TOKEN_TTL_S = 24 * 3600


class AuthError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


@dataclass(frozen=True)
class Principal:
    project_id: str
    via: str  # "aksk" | "token"
    name: str


def _token_key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(drs: LocalDrs, project_id: str, user: str, ttl_s: int = TOKEN_TTL_S) -> tuple[str, datetime]:
    token = "MII" + secrets.token_urlsafe(180)
    expires = datetime.now(UTC) + timedelta(seconds=ttl_s)
    drs.store.put_doc(
        "token",
        _token_key(token),
        {"project_id": project_id, "user": user, "expires_ms": int(expires.timestamp() * 1000)},
        project_id=project_id,
        job_id=None,
    )
    return token, expires


def authenticate(drs: LocalDrs, request: Request, body: bytes, path_project_id: str) -> Principal:
    """Check the request's credentials and that they belong to the project in the path."""
    authz = request.headers.get("authorization")
    token = request.headers.get("x-auth-token")
    if authz:
        def lookup(ak: str) -> str | None:
            tenant = drs.tenant_by_ak(ak)
            return tenant.sk.get_secret_value() if tenant else None

        try:
            ident = verify_request(
                method=request.method,
                raw_path=request.scope.get("raw_path", b"").decode("latin-1") or request.url.path,
                raw_query=request.scope.get("query_string", b"").decode("latin-1"),
                headers=request.headers.raw,
                body=body,
                lookup_sk=lookup,
                now=time.time(),
                max_skew=drs.max_clock_skew_s,
            )
        except SignatureError as exc:
            raise AuthError(401, "DRS.M00100", f"Authentication failed: {exc}. Check the AK/SK and the system clock.") from None
        tenant = drs.tenant_by_ak(ident.ak)
        if tenant is None:  # removed between lookup and now
            raise AuthError(401, "DRS.M00100", "Authentication failed: unknown access key.")
        principal = Principal(tenant.project_id, "aksk", ident.ak)
        header_project = request.headers.get("x-project-id")
        if header_project and header_project != tenant.project_id:
            raise AuthError(403, "DRS.M00261", "Invalid project ID: X-Project-Id does not match the credentials.")
    elif token:
        doc = drs.store.get_doc("token", _token_key(token))
        if doc is None:
            raise AuthError(401, "DRS.M00100", "Invalid token. Obtain a new token from IAM and try again.")
        if doc["expires_ms"] <= time.time() * 1000:
            raise AuthError(401, "DRS.M00100", "The token has expired. Obtain a new token from IAM and try again.")
        principal = Principal(doc["project_id"], "token", doc["user"])
    else:
        raise AuthError(
            401, "DRS.M00100", "Authentication required: sign the request with AK/SK or send X-Auth-Token."
        )
    if principal.project_id != path_project_id:
        raise AuthError(403, "DRS.M00261", "Invalid project ID: the project in the URL does not match the credentials.")
    return principal


def iam_tokens_endpoint(drs: LocalDrs):  # noqa: ANN201
    """IAM ``POST /v3/auth/tokens`` (password method, project scope) for the configured users."""

    def error(status: int, code: str, msg: str) -> Response:
        return JSONResponse(
            {"error_code": code, "error_msg": msg}, status_code=status, headers={"X-Request-Id": uuid.uuid4().hex}
        )

    async def endpoint(request: Request) -> Response:
        try:
            data = json.loads(await request.body() or b"null")
            ident = data["auth"]["identity"]
            if "password" not in ident.get("methods", []):
                return error(400, "IAM.0007", "Only the password method is supported here.")
            user = ident["password"]["user"]
            name, password = str(user["name"]), str(user["password"])
            domain = str((user.get("domain") or {}).get("name", ""))
            scope = data["auth"].get("scope") or {}
            project = scope.get("project") or {}
        except (ValueError, KeyError, TypeError, AttributeError):
            return error(400, "IAM.0006", "The request body is not a valid password-method token request.")
        if not project:
            return error(400, "IAM.0008", "DRS needs a project-scoped token: set auth.scope.project.")
        for tenant in drs.tenants.values():
            if tenant.user == name and secrets.compare_digest(tenant.password.get_secret_value(), password) and (
                not domain or domain == tenant.domain
            ):
                if project.get("id") not in (None, tenant.project_id) or project.get("name") not in (
                    None,
                    tenant.project_name,
                ):
                    continue
                token, expires = issue_token(drs, tenant.project_id, name)
                body = {
                    "token": {
                        "expires_at": expires.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                        "issued_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                        "methods": ["password"],
                        "project": {"id": tenant.project_id, "name": tenant.project_name, "domain": {"name": tenant.domain}},
                        "user": {"name": name, "domain": {"name": tenant.domain}},
                        "catalog": [],
                    }
                }
                return JSONResponse(body, status_code=201, headers={"X-Subject-Token": token})
        return error(401, "IAM.0002", "The username, password or project is wrong.")

    return endpoint
