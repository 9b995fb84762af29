"""Schemathesis against the local DRS's own /openapi.json: no 5xx, every error is a DRS error body.

Cases per operation are kept small (FUZZ_EXAMPLES, default 6) so the 46 operations make a
few hundred cases in CI; raise it locally for a deeper run.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from drstui.local.app import openapi_document
from drstui.local.auth import issue_token
from drstui.local.clock import SimClock
from drstui.local.demo import seed_demo
from drstui.local.server import LocalServer
from drstui.local.state import LocalDrs, Tenant

from ..conftest import PROJECT_ID

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))

schema = schemathesis.openapi.from_dict(openapi_document())


@pytest.fixture(scope="module")
def live():
    tenant = Tenant.generate(project_id=PROJECT_ID)
    drs = LocalDrs(clock=SimClock(time_scale=0), tenants=[tenant], fail_share=0.2)
    seed_demo(drs, tenant, 30)
    token, _ = issue_token(drs, tenant.project_id, tenant.user)
    with LocalServer(drs) as srv:
        yield srv, token
    drs.close()


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_server_errors_and_drs_error_bodies(case, live):
    srv, token = live
    case.path_parameters = {**(case.path_parameters or {}), "project_id": PROJECT_ID}
    response = case.call(base_url=srv.endpoint, headers={"X-Auth-Token": token})
    assert response.status_code < 500, f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text[:300]}"
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"error_code", "error_msg"}, body
        assert body["error_code"].startswith("DRS."), body
        assert "Traceback" not in body["error_msg"]
