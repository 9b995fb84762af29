"""The local DRS's hot read path: paged task lists from an index in list order, and the
responses dumped without the response model (checked against it)."""

from __future__ import annotations

import json

import pytest

from drstui.api.spec import SPECS
from drstui.local import app as local_app
from drstui.local.demo import seed_demo


def _plan(drs, project_id: str) -> str:
    """The SQLite query plan of the page query `query_jobs` runs."""
    captured: list[tuple[str, list]] = []
    original = drs.store._exec

    def spy(sql, args=()):
        captured.append((sql, list(args)))
        return original(sql, args)

    drs.store._exec = spy
    try:
        drs.store.query_jobs(project_id, db_use_type="sync", engine_type=None,
                             offset=40, limit=20, summary=True)  # fmt: skip
    finally:
        drs.store._exec = original
    sql, args = next((q, a) for q, a in captured if q.startswith("SELECT rowid FROM jobs"))
    return " | ".join(str(tuple(r)[-1]) for r in drs.store._conn.execute("EXPLAIN QUERY PLAN " + sql, args))


def test_unfiltered_pages_come_from_the_list_index_without_sorting(drs, tenant):
    seed_demo(drs, tenant, 120)
    plan = _plan(drs, tenant.project_id)
    assert "jobs_top" in plan and "TEMP B-TREE" not in plan


def test_pages_are_newest_first_without_gaps(client, drs, tenant):
    seed_demo(drs, tenant, 150)
    total = client.jobs.list("sync", per_page=1).total_record
    seen = []
    for page in range(1, -(-total // 7) + 1):
        seen += client.jobs.list("sync", cur_page=page, per_page=7).jobs
    assert len({j.id for j in seen}) == len(seen) == total
    created = [j.create_time for j in seen]
    assert created == sorted(created, reverse=True)


@pytest.mark.parametrize("key", sorted(local_app.FAST_JSON))
def test_fast_json_keys_are_read_apis_without_secrets(key):
    spec = SPECS[key]
    assert not spec.mutating
    schema = json.dumps(spec.response.model_json_schema())
    assert "password" not in schema.lower() and "secret" not in schema.lower()


def test_fast_dump_equals_the_model_dump(client, drs, tenant):
    seed_demo(drs, tenant, 30)
    spec = SPECS["jobs.list"]
    result = {"total_record": 1, "jobs": [{"id": "a", "name": "n", "status": "CONFIGURATION", "error_msg": None,
                                           "job_action": {"available_actions": ["DELETE"], "unavailable_actions": []},
                                           "children": []}]}  # fmt: skip
    fast = json.loads(local_app._serialize(spec, result))
    slow = json.loads(local_app._serialize_model(spec, result))
    assert fast == slow and "error_msg" not in fast["jobs"][0]


def test_strict_mode_catches_a_fast_dump_the_model_would_change(monkeypatch):
    monkeypatch.setattr(local_app, "STRICT", True)
    spec = SPECS["jobs.list"]
    # the model fills `children` with [] when a row lacks it: the fast dump would differ
    with pytest.raises(AssertionError, match="differs"):
        local_app._serialize(spec, {"total_record": 1, "jobs": [{"id": "a", "name": "n"}]})
