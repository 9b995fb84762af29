"""Authentication: AK/SK signing through the client, tokens, IAM password tokens, secrecy."""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from drstui.api import (
    AkSkAuth,
    AsyncDrsClient,
    AuthenticationError,
    CredentialsError,
    DrsClient,
    IamPasswordAuth,
    TokenAuth,
)
from drstui.api.auth import ENV_AK, ENV_PROJECT_ID, ENV_SECURITY_TOKEN, ENV_SK
from drstui.api.models.common import JobIdsParams
from drstui.local.signing import verify_request

from ._helpers import registered_spec

PROJECT = "054ba152d480d55b2f5dc0069e7ddef0"
JOB = "9a470239-2308-4bb5-a6bc-1040402fjb21"
AK = "EXAMPLEAK0000000000"
SK = "EXAMPLESK-very-secret-0000000000000000000"
PASSWORD = "Iam-Passw0rd-very-secret"
TOKEN_1 = "MIIToken-first-0123456789abcdef"
TOKEN_2 = "MIIToken-second-0123456789abcdef"
IAM = "https://iam.example.com"
DRS = "https://drs.example.com"


@pytest.fixture(autouse=True)
def _no_env(monkeypatch):
    for name in (ENV_AK, ENV_SK, ENV_PROJECT_ID, ENV_SECURITY_TOKEN):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def spec():
    with registered_spec("test.auth.status") as created:
        yield created


OK_BODY = {"results": [{"id": JOB, "status": "success"}], "count": 1}


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


# ---------------------------------------------------------------------------
# AK/SK
# ---------------------------------------------------------------------------


def test_aksk_client_requests_verify_on_the_server_side(spec) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        identity = verify_request(request.method, request.url.raw_path, request.url.query, request.headers.raw,
                                  request.content, {AK: SK}.get)
        assert identity.project_id == PROJECT
        return httpx.Response(200, json=OK_BODY)

    client = DrsClient(DRS, PROJECT, ak=AK, sk=SK, transport=httpx.MockTransport(handler))
    result = client.request(spec, body=JobIdsParams(jobs=[JOB]))
    assert result.count == 1
    headers = seen[0].headers
    assert headers["Authorization"].startswith(f"SDK-HMAC-SHA256 Access={AK}, SignedHeaders=")
    assert headers["X-Project-Id"] == PROJECT
    assert len(headers["X-Sdk-Date"]) == 16 and headers["X-Sdk-Date"].endswith("Z")
    assert "X-Auth-Token" not in headers


async def test_aksk_async_client_signs(spec) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        verify_request(request.method, request.url.raw_path, request.url.query, request.headers.raw,
                       request.content, {AK: SK}.get)
        return httpx.Response(200, json=OK_BODY)

    async with AsyncDrsClient(DRS, PROJECT, ak=AK, sk=SK, transport=httpx.MockTransport(handler)) as client:
        assert (await client.request(spec, body=JobIdsParams(jobs=[JOB]))).count == 1


def test_each_retry_is_signed_afresh(spec) -> None:
    """A retried request gets a new X-Sdk-Date and signature (the request is rebuilt)."""
    clock = Clock(datetime(2025, 1, 1, tzinfo=UTC))
    auth = AkSkAuth(AK, SK, PROJECT, clock=clock)
    dates: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        dates.append(request.headers["X-Sdk-Date"])
        clock.now += timedelta(minutes=1)
        return httpx.Response(503 if len(dates) == 1 else 200, json=OK_BODY)

    client = DrsClient(DRS, PROJECT, auth=auth, transport=httpx.MockTransport(handler), sleep=lambda s: None)
    client.request(spec, body=JobIdsParams(jobs=[JOB]))
    assert dates == ["20250101T000000Z", "20250101T000100Z"]


def test_credentials_from_environment(spec, monkeypatch) -> None:
    monkeypatch.setenv(ENV_AK, AK)
    monkeypatch.setenv(ENV_SK, SK)
    monkeypatch.setenv(ENV_PROJECT_ID, PROJECT)
    monkeypatch.setenv(ENV_SECURITY_TOKEN, "sts-token-value-0000")
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=OK_BODY)

    client = DrsClient(DRS, transport=httpx.MockTransport(handler))
    assert client.project_id == PROJECT
    assert isinstance(client.auth, AkSkAuth)
    client.request(spec, body=JobIdsParams(jobs=[JOB]))
    assert seen[0].url.path == f"/v3/{PROJECT}/jobs/batch-status"
    assert seen[0].headers["X-Security-Token"] == "sts-token-value-0000"
    identity = verify_request("POST", seen[0].url.raw_path, b"", seen[0].headers.raw, seen[0].content, {AK: SK}.get)
    assert identity.security_token is True
    assert "sts-token-value-0000" not in repr(client)


def test_credential_errors(monkeypatch) -> None:
    with pytest.raises(CredentialsError, match="secret key"):
        DrsClient(DRS, PROJECT, ak=AK)
    with pytest.raises(CredentialsError, match="only one"):
        DrsClient(DRS, PROJECT, ak=AK, sk=SK, token="abc")
    with pytest.raises(CredentialsError, match="project id"):
        DrsClient(DRS)
    with pytest.raises(CredentialsError):
        TokenAuth("")
    with pytest.raises(CredentialsError, match="project"):
        IamPasswordAuth(IAM, "user", PASSWORD, "domain")
    # No credentials at all is allowed (a local DRS without auth).
    assert DrsClient(DRS, PROJECT).auth is None


def test_explicit_auth_object(spec) -> None:
    class Custom(httpx.Auth):
        def auth_flow(self, request):
            request.headers["X-Custom"] = "yes"
            yield request

    seen: list[httpx.Request] = []
    client = DrsClient(DRS, PROJECT, auth=Custom(),
                       transport=httpx.MockTransport(lambda r: seen.append(r) or httpx.Response(200, json=OK_BODY)))
    client.request(spec, body=JobIdsParams(jobs=[JOB]))
    assert seen[0].headers["X-Custom"] == "yes"


# ---------------------------------------------------------------------------
# Token
# ---------------------------------------------------------------------------


def test_token_auth_header(spec) -> None:
    seen: list[httpx.Request] = []
    client = DrsClient(DRS, PROJECT, token=TOKEN_1,
                       transport=httpx.MockTransport(lambda r: seen.append(r) or httpx.Response(200, json=OK_BODY)))
    client.request(spec, body=JobIdsParams(jobs=[JOB]))
    assert seen[0].headers["X-Auth-Token"] == TOKEN_1
    assert "Authorization" not in seen[0].headers
    assert TOKEN_1 not in repr(client) and TOKEN_1 not in repr(client.auth)


# ---------------------------------------------------------------------------
# IAM password → token
# ---------------------------------------------------------------------------


class FakeCloud:
    """IAM + DRS behind one MockTransport."""

    def __init__(self, *, expires_in: timedelta = timedelta(hours=24), now: datetime | None = None,
                 reject_tokens: set[str] | None = None, iam_status: int = 201) -> None:
        self.now = now or datetime.now(UTC).replace(microsecond=0)
        self.expires_in = expires_in
        self.issued = [TOKEN_1, TOKEN_2, "MIIToken-third-0123456789"]
        self.iam_calls: list[dict] = []
        self.drs_tokens: list[str] = []
        self.reject = reject_tokens or set()
        self.iam_status = iam_status

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.host == "iam.example.com":
            assert request.method == "POST" and request.url.path == "/v3/auth/tokens"
            self.iam_calls.append(json.loads(request.content))
            if self.iam_status != 201:
                return httpx.Response(self.iam_status, json={"error": {"code": "1101", "message": "wrong password"}})
            token = self.issued[len(self.iam_calls) - 1]
            expires = (self.now + self.expires_in).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            return httpx.Response(201, headers={"X-Subject-Token": token},
                                  json={"token": {"expires_at": expires, "methods": ["password"]}})
        token = request.headers.get("X-Auth-Token", "")
        self.drs_tokens.append(token)
        if token in self.reject:
            return httpx.Response(401, json={"error_code": "DRS.M00103", "error_msg": "denied"})
        return httpx.Response(200, json=OK_BODY)


def _iam_settings(**extra):
    return {"iam_endpoint": IAM, "username": "alice", "password": PASSWORD, "domain": "acme", **extra}


def test_iam_token_request_shape_and_cache(spec) -> None:
    cloud = FakeCloud()
    auth = IamPasswordAuth(**_iam_settings(project_name="cn-north-4"), clock=Clock(cloud.now))
    client = DrsClient(DRS, PROJECT, iam=auth, transport=httpx.MockTransport(cloud))
    for _ in range(3):
        client.request(spec, body=JobIdsParams(jobs=[JOB]))
    assert len(cloud.iam_calls) == 1
    assert cloud.drs_tokens == [TOKEN_1] * 3
    body = cloud.iam_calls[0]["auth"]
    assert body["identity"]["methods"] == ["password"]
    assert body["identity"]["password"]["user"] == {"name": "alice", "password": PASSWORD, "domain": {"name": "acme"}}
    assert body["scope"] == {"project": {"name": "cn-north-4"}}
    assert auth.expires_at == cloud.now + timedelta(hours=24)


def test_iam_settings_dict_defaults_to_client_project(spec) -> None:
    cloud = FakeCloud()
    client = DrsClient(DRS, PROJECT, iam=_iam_settings(), transport=httpx.MockTransport(cloud))
    client.request(spec, body=JobIdsParams(jobs=[JOB]))
    assert cloud.iam_calls[0]["auth"]["scope"] == {"project": {"id": PROJECT}}
    assert isinstance(client.auth, IamPasswordAuth)


def test_iam_token_refreshed_five_minutes_before_expiry(spec) -> None:
    cloud = FakeCloud(expires_in=timedelta(hours=1))
    clock = Clock(cloud.now)
    client = DrsClient(DRS, PROJECT, iam=IamPasswordAuth(**_iam_settings(project_id=PROJECT), clock=clock),
                       transport=httpx.MockTransport(cloud))
    client.request(spec, body=JobIdsParams(jobs=[JOB]))
    clock.now = cloud.now + timedelta(minutes=54)  # 6 min left: still cached
    client.request(spec, body=JobIdsParams(jobs=[JOB]))
    assert len(cloud.iam_calls) == 1
    clock.now = cloud.now + timedelta(minutes=55, seconds=1)  # < 5 min left: refresh
    client.request(spec, body=JobIdsParams(jobs=[JOB]))
    assert len(cloud.iam_calls) == 2
    assert cloud.drs_tokens == [TOKEN_1, TOKEN_1, TOKEN_2]


def test_iam_refreshes_once_on_401(spec) -> None:
    cloud = FakeCloud(reject_tokens={TOKEN_1})
    client = DrsClient(DRS, PROJECT, iam=_iam_settings(), transport=httpx.MockTransport(cloud))
    assert client.request(spec, body=JobIdsParams(jobs=[JOB])).count == 1
    assert len(cloud.iam_calls) == 2
    assert cloud.drs_tokens == [TOKEN_1, TOKEN_2]
    # The fresh token is cached afterwards.
    client.request(spec, body=JobIdsParams(jobs=[JOB]))
    assert len(cloud.iam_calls) == 2


def test_iam_401_twice_raises_after_one_refresh(spec) -> None:
    cloud = FakeCloud(reject_tokens={TOKEN_1, TOKEN_2})
    client = DrsClient(DRS, PROJECT, iam=_iam_settings(), transport=httpx.MockTransport(cloud))
    with pytest.raises(AuthenticationError) as info:
        client.request(spec, body=JobIdsParams(jobs=[JOB]))
    assert info.value.error_code == "DRS.M00103"
    assert cloud.drs_tokens == [TOKEN_1, TOKEN_2]
    assert len(cloud.iam_calls) == 2
    assert TOKEN_2 not in str(info.value)


async def test_iam_async_refresh_and_single_fetch_under_concurrency(spec) -> None:
    cloud = FakeCloud(reject_tokens={TOKEN_1})
    async with AsyncDrsClient(DRS, PROJECT, iam=_iam_settings(), transport=httpx.MockTransport(cloud)) as client:
        assert (await client.request(spec, body=JobIdsParams(jobs=[JOB]))).count == 1
        assert cloud.drs_tokens == [TOKEN_1, TOKEN_2]
    cloud = FakeCloud()
    async with AsyncDrsClient(DRS, PROJECT, iam=_iam_settings(), transport=httpx.MockTransport(cloud)) as client:
        await asyncio.gather(*(client.request(spec, body=JobIdsParams(jobs=[JOB])) for _ in range(5)))
    assert len(cloud.iam_calls) == 1
    assert cloud.drs_tokens == [TOKEN_1] * 5


def test_iam_separate_transport(spec) -> None:
    iam_cloud = FakeCloud()
    drs_seen: list[str] = []
    auth = IamPasswordAuth(**_iam_settings(project_id=PROJECT), transport=httpx.MockTransport(iam_cloud))
    client = DrsClient(DRS, PROJECT, iam=auth, transport=httpx.MockTransport(
        lambda r: drs_seen.append(r.url.host) or httpx.Response(200, json=OK_BODY)))
    client.request(spec, body=JobIdsParams(jobs=[JOB]))
    assert len(iam_cloud.iam_calls) == 1
    assert drs_seen == ["drs.example.com"]


def test_iam_failure_raises_without_password(spec) -> None:
    cloud = FakeCloud(iam_status=401)
    client = DrsClient(DRS, PROJECT, iam=_iam_settings(), transport=httpx.MockTransport(cloud))
    with pytest.raises(AuthenticationError) as info:
        client.request(spec, body=JobIdsParams(jobs=[JOB]))
    assert "IAM token request failed" in str(info.value)
    assert info.value.error_code == "1101"
    assert PASSWORD not in str(info.value) and PASSWORD not in repr(info.value)
    assert cloud.drs_tokens == []  # DRS never called


# ---------------------------------------------------------------------------
# Secrets never shown
# ---------------------------------------------------------------------------


def test_secrets_absent_from_reprs_and_logs(spec, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    secrets = [SK, PASSWORD, TOKEN_1, TOKEN_2, "sts-secret-token-xyz"]
    cloud = FakeCloud(reject_tokens={TOKEN_1})

    aksk = AkSkAuth(AK, SK, PROJECT, security_token="sts-secret-token-xyz")
    iam = IamPasswordAuth(**_iam_settings(project_id=PROJECT))
    token = TokenAuth(TOKEN_1)
    texts = [repr(aksk), str(aksk), repr(iam), repr(token), str(vars(aksk)), str(vars(iam)), str(vars(token))]

    client = DrsClient(DRS, PROJECT, iam=iam, transport=httpx.MockTransport(cloud))
    client.request(spec, body=JobIdsParams(jobs=[JOB]))  # fetch, 401, refresh, retry
    texts += [repr(client), str(client), repr(iam), str(vars(iam))]

    def fail(request: httpx.Request) -> httpx.Response:
        return httpx.Response(400, json={"error_code": "DRS.M00202", "error_msg": f"bad token {TOKEN_2}"})

    bad = DrsClient(DRS, PROJECT, token=TOKEN_2, transport=httpx.MockTransport(fail))
    with pytest.raises(Exception) as info:
        bad.request(spec, body=JobIdsParams(jobs=[JOB]))
    texts += [str(info.value), repr(info.value), repr(bad)]

    signer = DrsClient(DRS, PROJECT, ak=AK, sk=SK,
                       transport=httpx.MockTransport(lambda r: httpx.Response(503)), max_retries=1,
                       sleep=lambda s: None)
    with pytest.raises(Exception) as info:
        signer.request(spec, body=JobIdsParams(jobs=[JOB]))
    texts += [str(info.value), repr(signer)]

    assert any("drstui.api" == r.name for r in caplog.records)  # the logger did log
    texts.append(caplog.text)
    for text in texts:
        for secret in secrets:
            assert secret not in text, (secret, text[:200])
    assert AK in repr(aksk)  # the access key id is not secret
