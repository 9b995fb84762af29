"""Tasks built straight into a local DRS store, for tests that need a task in a given state."""

from __future__ import annotations

from typing import Any

from drstui.local import lifecycle
from drstui.local.demo import _force_status
from drstui.local.factory import new_job


def mysql_migration_task(
    drs: Any,
    tenant: Any,
    *,
    name: str,
    status: str = "INCRE_TRANSFER_STARTED",
    dbs: tuple[str, ...] = ("crm",),
    rng_tag: str = "test-task",
    passwords: tuple[str, str] = ("pw-1", "pw-2"),
) -> Any:
    """A MySQL migration task forced into ``status`` (saved), with ``dbs`` selected.

    The task id comes from ``drs.rng_for(rng_tag, name)``: the same tag and name give the same task.
    """
    now = drs.clock.now_ms()
    rng = drs.rng_for(rng_tag, name)
    rec = new_job(
        job_id=drs.new_job_id(rng, "jb101"), project_id=tenant.project_id, now_ms=now - 86400_000, rng=rng,
        fail_share=0.0, name=name, db_use_type="migration", engine_type="mysql", job_direction="up", net_type="eip",
        node_type="high", task_type="FULL_INCR_TRANS",
        source_endpoint={"db_type": "mysql", "ip": "192.0.2.10", "db_port": 3306, "db_user": "drs",
                         "db_password": passwords[0]},
        target_endpoint={"db_type": "mysql", "ip": "198.51.100.7", "db_port": 3306, "db_user": "drs",
                         "db_password": passwords[1]},
    )  # fmt: skip
    _force_status(rec, status, now, rng)
    rec.sim["plan"] = None
    if status == "INCRE_TRANSFER_STARTED":
        lifecycle.schedule(rec, None)
    rec.detail["object_infos"] = [
        {"id": db, "parent_id": "", "type": "database", "name": db, "alias_name": db, "select": "true"} for db in dbs
    ]
    drs.store.save_job(rec)
    return rec
