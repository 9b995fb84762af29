"""The local DRS core: authentication as the cloud does it, error bodies, OpenAPI, durability."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from drstui.api import DrsClient
from drstui.api.auth import AkSkAuth
from drstui.api.errors import APIStatusError, AuthenticationError, PermissionDeniedError
from drstui.local.demo import seed_demo

from ..conftest import OTHER_PROJECT_ID, PROJECT_ID

STATUS_PATH = f"/v3/{PROJECT_ID}/jobs/batch-status"


def _signed(server, tenant, *, body=b'{"jobs": ["9a470239-2308-4bb5-a6bc-1040402fjb21"]}', path=STATUS_PATH,
            sk=None, ak=None, when=None, params=None):  # fmt: skip
    auth = AkSkAuth(ak or tenant.ak, sk or tenant.sk.get_secret_value(), tenant.project_id)
    req = httpx.Request("POST", server.endpoint + path, content=body, params=params,
                        headers={"Content-Type": "application/json"})  # fmt: skip
    if when is not None:
        req.headers["X-Sdk-Date"] = when.strftime("%Y%m%dT%H%M%SZ")
    return auth.sign(req)


def _send(req: httpx.Request) -> httpx.Response:
    with httpx.Client() as c:
        return c.send(req)


class TestAkSk:
    def test_signed_request_is_accepted(self, server, tenant):
        r = _send(_signed(server, tenant))
        assert r.status_code == 200, r.text
        assert r.json()["results"][0]["error_code"] == "DRS.M05003"  # unknown id: a per-item row
        assert r.headers["X-Request-Id"]

    def test_unknown_ak(self, server, tenant):
        r = _send(_signed(server, tenant, ak="UNKNOWNAK0000000000"))
        assert r.status_code == 401
        assert r.json()["error_code"] == "DRS.M00100"
        assert "unknown access key" in r.json()["error_msg"]

    def test_wrong_sk(self, server, tenant):
        r = _send(_signed(server, tenant, sk="not-the-secret"))
        assert r.status_code == 401 and "signature" in r.json()["error_msg"]

    def test_changed_body(self, server, tenant):
        req = _signed(server, tenant)
        headers = {k: v for k, v in req.headers.items() if k.lower() != "content-length"}
        tampered = httpx.Request(req.method, req.url, headers=headers, content=b'{"jobs": ["9a470239-2308-4bb5-a6bc-1040402fjb22"]}')
        r = _send(tampered)
        assert r.status_code == 401

    def test_changed_path(self, server, tenant):
        req = _signed(server, tenant)
        moved = httpx.Request(req.method, str(req.url).replace("batch-status", "batch-progress"),
                              headers=req.headers, content=req.content)  # fmt: skip
        assert _send(moved).status_code == 401

    def test_changed_query(self, server, tenant):
        req = _signed(server, tenant, path=f"/v3/{PROJECT_ID}/node-type", body=b"",
                      params={"engine_type": "mysql", "db_use_type": "sync", "job_direction": "up"})  # fmt: skip
        changed = httpx.Request("GET", str(req.url).replace("db_use_type=sync", "db_use_type=migration"),
                                headers=req.headers)  # fmt: skip
        assert _send(changed).status_code == 401

    def test_stale_date(self, server, tenant):
        r = _send(_signed(server, tenant, when=datetime.now(UTC) - timedelta(minutes=16)))
        assert r.status_code == 401
        assert "clock" in r.json()["error_msg"]

    def test_missing_signed_host(self, server, tenant):
        req = _signed(server, tenant)
        authz = req.headers["Authorization"].replace(";host;", ";")
        assert "host" not in authz.split("SignedHeaders=")[1].split(",")[0]
        req.headers["Authorization"] = authz
        r = _send(req)
        assert r.status_code == 401 and "host" in r.json()["error_msg"]

    def test_no_credentials(self, server):
        r = httpx.post(server.endpoint + STATUS_PATH, json={"jobs": []})
        assert r.status_code == 401
        assert set(r.json()) == {"error_code", "error_msg"}

    def test_project_in_path_must_match(self, server, tenant):
        path = f"/v3/{OTHER_PROJECT_ID}/jobs/batch-status"
        r = _send(_signed(server, tenant, path=path))
        assert r.status_code == 403 and r.json()["error_code"] == "DRS.M00261"


class TestTokens:
    def _token(self, server, tenant, password=None):
        body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
            "name": tenant.user, "password": password or tenant.password.get_secret_value(),
            "domain": {"name": tenant.domain}}}}, "scope": {"project": {"name": tenant.project_name}}}}  # fmt: skip
        return httpx.post(server.endpoint + "/v3/auth/tokens", json=body)

    def test_iam_issues_project_token(self, server, tenant):
        r = self._token(server, tenant)
        assert r.status_code == 201
        token = r.headers["X-Subject-Token"]
        expires = datetime.fromisoformat(r.json()["token"]["expires_at"].replace("Z", "+00:00"))
        assert timedelta(hours=23) < expires - datetime.now(UTC) <= timedelta(hours=24)
        ok = httpx.post(server.endpoint + STATUS_PATH, json={"jobs": ["9a470239-2308-4bb5-a6bc-1040402fjb21"]},
                        headers={"X-Auth-Token": token})  # fmt: skip
        assert ok.status_code == 200

    def test_wrong_password(self, server, tenant):
        r = self._token(server, tenant, password="nope")
        assert r.status_code == 401
        assert "nope" not in r.text

    def test_unknown_and_expired_token(self, server, drs, tenant):
        bad = httpx.post(server.endpoint + STATUS_PATH, json={"jobs": []}, headers={"X-Auth-Token": "MIIbogus"})
        assert bad.status_code == 401
        from drstui.local.auth import issue_token

        token, _ = issue_token(drs, tenant.project_id, tenant.user, ttl_s=-1)
        expired = httpx.post(server.endpoint + STATUS_PATH, json={"jobs": []}, headers={"X-Auth-Token": token})
        assert expired.status_code == 401 and "expired" in expired.json()["error_msg"]

    def test_drstui_client_with_iam_credentials(self, server, tenant):
        iam = {"iam_endpoint": server.endpoint, "username": tenant.user, "password": tenant.password.get_secret_value(),
               "domain": tenant.domain, "project_name": tenant.project_name}  # fmt: skip
        with DrsClient(server.endpoint, tenant.project_id, iam=iam) as c:
            assert c.jobs.list("migration").total_record == 0


class TestIsolationAndErrors:
    def test_each_project_sees_only_its_tasks(self, server, drs, tenant, other_tenant):
        seed_demo(drs, other_tenant, 5)
        with DrsClient(**server.client_kwargs()) as mine:
            total = sum(mine.jobs.list(u).total_record for u in ("migration", "sync", "cloudDataGuard"))
            assert total == 0
        kw = dict(server.client_kwargs(), project_id=other_tenant.project_id, ak=other_tenant.ak,
                  sk=other_tenant.sk.get_secret_value())  # fmt: skip
        with DrsClient(**kw) as theirs:
            total = sum(theirs.jobs.list(u).total_record for u in ("migration", "sync", "cloudDataGuard"))
            assert total == 5

    def test_invalid_body_is_400_with_drs_body(self, server, tenant):
        r = _send(_signed(server, tenant, body=b'{"jobs": "not-a-list"}'))
        assert r.status_code == 400
        assert r.json()["error_code"] == "DRS.M00202" and "jobs" in r.json()["error_msg"]

    def test_missing_field_is_m00201(self, server, tenant):
        r = _send(_signed(server, tenant, body=b"{}"))
        assert r.status_code == 400 and r.json()["error_code"] == "DRS.M00201"

    def test_malformed_json(self, server, tenant):
        r = _send(_signed(server, tenant, body=b'{"jobs": ['))
        assert r.status_code == 400 and r.json()["error_code"] == "DRS.M00200"

    def test_unknown_route_and_method(self, server, tenant):
        r = _send(_signed(server, tenant, path=f"/v3/{PROJECT_ID}/jobs/no-such-api"))
        assert r.status_code in (404, 405) and "error_code" in r.json()
        r = httpx.get(server.endpoint + STATUS_PATH)
        assert r.status_code == 405 and "error_code" in r.json()

    def test_client_raises_typed_error(self, client):
        with pytest.raises(APIStatusError) as exc:
            client.jobs.node_types("cloudDataGuard-mysql", "migration", "up")
        assert exc.value.status_code == 400 and exc.value.error_code == "DRS.M00202"

    def test_typed_auth_errors(self, server, tenant):
        kw = dict(server.client_kwargs(), sk="wrong")
        with DrsClient(**kw, max_retries=0) as c, pytest.raises(AuthenticationError) as exc:
            c.jobs.list("migration")
        assert "wrong" not in str(exc.value)
        kw = dict(server.client_kwargs(), project_id=OTHER_PROJECT_ID)
        with DrsClient(**kw, max_retries=0) as c, pytest.raises(PermissionDeniedError):
            c.jobs.list("migration")


def test_openapi_document_lists_every_api(server):
    from drstui.api import all_specs

    doc = httpx.get(server.endpoint + "/openapi.json").json()
    assert doc["openapi"].startswith("3.1")
    ops = {op["operationId"] for item in doc["paths"].values() for op in item.values()}
    assert ops == set(all_specs())
    assert len(ops) == 46


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_serve(state: Path, port: int, env: dict[str, str]) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-m", "drstui", "serve", "--state", str(state), "--port", str(port), "--time-scale", "0"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=0.5)
            return proc
        except httpx.TransportError:
            if proc.poll() is not None:
                raise RuntimeError(proc.stdout.read() if proc.stdout else "serve exited")
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("drstui serve did not come up")


@pytest.mark.slow
def test_sigkill_loses_no_acknowledged_write(tmp_path):
    """Kill the server mid-burst: every create it answered is there after a restart."""
    from drstui.api.models.jobs import CreateJob  # noqa: F401  (the model the create call validates)

    state = tmp_path / "state.sqlite3"
    env = dict(os.environ, HUAWEICLOUD_SDK_AK="KILLTESTAK000000000", HUAWEICLOUD_SDK_SK="kill-test-secret-key-000000",
               HUAWEICLOUD_SDK_PROJECT_ID=PROJECT_ID, HOME=str(tmp_path))  # fmt: skip
    port = _free_port()
    proc = _start_serve(state, port, env)
    # The state holds database passwords and the env file the SK: both owner-only.
    assert state.stat().st_mode & 0o777 == 0o600
    env_file = Path(str(state) + ".env")
    assert env_file.stat().st_mode & 0o777 == 0o600
    assert "kill-test-secret-key" in env_file.read_text()
    kw = {"endpoint": f"http://127.0.0.1:{port}", "project_id": PROJECT_ID, "ak": env["HUAWEICLOUD_SDK_AK"],
          "sk": env["HUAWEICLOUD_SDK_SK"], "max_retries": 0, "timeout": 5.0}  # fmt: skip
    acked: list[str] = []
    stop = threading.Event()

    def burst() -> None:
        with DrsClient(**kw) as c:
            i = 0
            while not stop.is_set():
                i += 1
                try:
                    res = c.jobs.create_one(**_create_kwargs(f"kill{i:05d}"))
                except Exception:
                    return
                row = res.results[0]
                if row.id and not row.error_code:
                    acked.append(row.id)

    t = threading.Thread(target=burst)
    t.start()
    while len(acked) < 25:
        time.sleep(0.01)
        assert t.is_alive()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    stop.set()
    t.join()
    proc = _start_serve(state, port, env)
    try:
        with DrsClient(**kw) as c:
            found = c.jobs.statuses(acked)
            statuses = {r.id: r.status for r in found.results}
            assert all(statuses.get(i) is not None for i in acked), "an acknowledged create was lost"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _create_kwargs(name: str) -> dict:
    return json.loads(json.dumps({
        "name": name, "db_use_type": "migration", "engine_type": "mysql", "job_direction": "up",
        "net_type": "eip", "bind_eip": True, "node_type": "high", "task_type": "FULL_INCR_TRANS",
        "customize_sutnet_id": "b9a4b0b4-3c4a-4b6f-9a0f-6d5e7c8b9a01",
        "source_endpoint": {"db_type": "mysql", "ip": "192.0.2.10", "db_port": 3306, "db_user": "drs_migr",
                            "db_password": "Source-Pass-1"},
        "target_endpoint": {"db_type": "mysql", "inst_id": "0b6b5a3fd0b14a34b1f1c0c4a3b2e1d0in01",
                            "region": "cn-north-4", "project_id": PROJECT_ID, "db_user": "root",
                            "db_password": "Target-Pass-1"},
    }))  # fmt: skip
