"""The demo world: a deterministic tenant with tasks in every status.

``seed_demo(drs, tenant, n=60)`` creates migration, synchronization and DR tasks over the
seed's engines, in every A.4 status, some with subtasks and some failed with realistic
errors, whose clocks are mid-flight so that they keep moving after the server starts.
The same seed gives the same world; ``n`` scales it (10,000 for performance work).
"""

from __future__ import annotations

import random
from typing import Any

from . import lifecycle
from .factory import new_job
from .state import LocalDrs, Tenant
from .store import JobRecord

APPS = ["orders", "crm", "billing", "inventory", "payments", "analytics", "hr", "ledger", "catalog", "shipping",
        "loyalty", "search", "auth", "reports", "pricing"]  # fmt: skip

# (db_use_type, engine_type, source db_type, target db_type, job_direction, short)
SCENARIOS: list[tuple[str, str, str, str, str, str]] = [
    ("migration", "mysql", "mysql", "mysql", "up", "migr"),
    ("migration", "mysql", "mysql", "mysql", "up", "migr"),
    ("migration", "mongodb", "mongodb", "mongodb", "up", "migr"),
    ("sync", "mysql", "mysql", "mysql", "up", "sync"),
    ("sync", "postgresql", "postgresql", "postgresql", "up", "sync"),
    ("sync", "oracle-to-gaussdbv5", "oracle", "gaussdbv5", "up", "sync"),
    ("sync", "gaussdbv5-to-kafka", "gaussdbv5", "kafka", "down", "sync"),
    ("cloudDataGuard", "cloudDataGuard-mysql", "mysql", "mysql", "up", "dr"),
    ("cloudDataGuard", "cloudDataGuard-mysql", "mysql", "mysql", "down", "dr"),
]

# Statuses the first tasks cycle through, so a small world still shows every one.
COVERAGE = [
    "INCRE_TRANSFER_STARTED", "CONFIGURATION", "FULL_TRANSFER_STARTED", "INCRE_TRANSFER_FAILED", "PAUSING",
    "FULL_TRANSFER_COMPLETE", "RELEASE_RESOURCE_COMPLETE", "CREATING", "STARTJOBING", "WAITING_FOR_START",
    "START_JOB_FAILED", "FULL_TRANSFER_FAILED", "CREATE_FAILED", "RELEASE_RESOURCE_STARTED", "RELEASE_RESOURCE_FAILED",
    "CHANGE_JOB_STARTED", "CHANGE_JOB_FAILED", "REBUILD_NODE_STARTED", "REBUILD_NODE_FAILED", "NODE_UPGRADE_START",
    "NODE_UPGRADE_COMPLETE", "NODE_UPGRADE_FAILED", "INCRE_TRANSFER_STARTED", "CONFIGURATION",
]  # fmt: skip
# After coverage, the mix a real tenant has: mostly replicating, some configuring, some done.
MIX = (["INCRE_TRANSFER_STARTED"] * 10 + ["CONFIGURATION"] * 3 + ["FULL_TRANSFER_STARTED"] * 2
       + ["RELEASE_RESOURCE_COMPLETE"] * 2 + ["INCRE_TRANSFER_FAILED", "PAUSING", "FULL_TRANSFER_COMPLETE",
       "FULL_TRANSFER_FAILED", "START_JOB_FAILED"])  # fmt: skip

DEMO_PROJECT_ID = "054ba152d480d55b2f5dc0069e7ddef0"


def _hex(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def _ip(rng: random.Random) -> str:
    # Documentation address ranges only (RFC 5737): demo data must never point at a real network.
    return f"{rng.choice(['192.0.2', '198.51.100', '203.0.113'])}.{rng.randint(2, 254)}"


def _endpoint(rng: random.Random, db_type: str, app: str, cloud: bool, region: str, project_id: str) -> dict[str, Any]:
    ports = {"mysql": 3306, "mongodb": 0, "postgresql": 5432, "oracle": 1521, "gaussdbv5": 8000, "kafka": 9092,
             "gaussdbv5ha": 8000}  # fmt: skip
    ep: dict[str, Any] = {
        "db_type": db_type,
        "db_user": {"mongodb": "rwuser", "kafka": None}.get(db_type, "drs_migr") if db_type != "kafka" else None,
        "db_port": ports.get(db_type, 3306),
        "db_password": "demo-" + _hex(rng, 10),
    }
    if db_type == "mongodb":
        ep["ip"] = ",".join(f"{_ip(rng)}:{8635 + i}" for i in range(2))
    elif db_type == "kafka":
        ep["ip"] = ",".join(f"{_ip(rng)}:9092" for _ in range(3))
        ep["topic"] = f"{app}-cdc"
        ep.pop("db_password")
        ep.pop("db_user")
    else:
        ep["ip"] = _ip(rng)
    if cloud:
        ep.update(
            {
                "inst_id": _hex(rng, 32) + rng.choice(["in01", "in02"]),
                "inst_name": f"{'rds' if db_type != 'mongodb' else 'dds'}-{app}-{rng.choice(['prod', 'stg', 'dr'])}",
                "region": region,
                "project_id": project_id,
                "vpc_id": f"{_hex(rng, 8)}-{_hex(rng, 4)}-{_hex(rng, 4)}-{_hex(rng, 4)}-{_hex(rng, 12)}",
                "subnet_id": f"{_hex(rng, 8)}-{_hex(rng, 4)}-{_hex(rng, 4)}-{_hex(rng, 4)}-{_hex(rng, 12)}",
                "security_group_id": f"{_hex(rng, 8)}-{_hex(rng, 4)}-{_hex(rng, 4)}-{_hex(rng, 4)}-{_hex(rng, 12)}",
            }
        )
    return {k: v for k, v in ep.items() if v is not None}


def _configure_done(rec: JobRecord, rng: random.Random) -> None:
    rec.sim.update({"conn": {"so": True, "ta": True}, "configured": True, "objects": True})
    rec.sim["precheck"] = {"id": rec.id, "started_ms": 0, "passed": True, "mode": "forStartJob"}
    dbs = rng.sample(["shop", "crm", "billing", "inventory", "hr", "ledger"], k=rng.randint(1, 3))
    rec.detail["object_infos"] = [
        {"id": db, "parent_id": "", "type": "database", "name": db, "alias_name": db, "select": "true"} for db in dbs
    ]


def _force_status(rec: JobRecord, status: str, now_ms: int, rng: random.Random) -> None:
    """Put a fresh record into ``status`` with a simulation state that is consistent with it."""
    sim = rec.sim
    sim["plan"] = None
    lifecycle.schedule(rec, None)
    full_s = float(sim.get("full_s", 120))
    if status in {"CREATING"}:
        lifecycle.set_status(rec, status, now_ms, next_ms=now_ms + rng.randint(3, lifecycle.CREATE_S) * 1000)
        return
    if status in {"CONFIGURATION", "CREATE_FAILED"}:
        if status == "CREATE_FAILED":
            lifecycle.fail(rec, "CREATE", now_ms)
            return
        if rng.random() < 0.5:
            _configure_done(rec, rng)
            sim["precheck"] = None
        lifecycle.set_status(rec, status, now_ms)
        return
    _configure_done(rec, rng)
    started = now_ms - rng.randint(600, 40 * 24 * 3600) * 1000
    rec.detail["actual_start_time"] = str(started)
    if status == "WAITING_FOR_START":
        at = now_ms + rng.randint(2, 48) * 3600 * 1000
        lifecycle.set_status(rec, status, now_ms, next_ms=at)
        rec.detail.setdefault("inst_info", {})["start_time"] = str(at)
        rec.detail.pop("actual_start_time", None)
    elif status == "STARTJOBING":
        lifecycle.set_status(rec, status, now_ms, next_ms=now_ms + rng.randint(5, lifecycle.START_S) * 1000)
        rec.detail["actual_start_time"] = str(now_ms)
    elif status == "FULL_TRANSFER_STARTED":
        done = rng.uniform(0.05, 0.9)
        sim["full_started_ms"] = now_ms - int(full_s * done * 1000)
        lifecycle.set_status(rec, status, now_ms, next_ms=sim["full_started_ms"] + int(full_s * 1000))
    elif status in {"FULL_TRANSFER_COMPLETE"}:
        rec.detail["task_type"] = "FULL_TRANS"
        sim["full_done_pct"] = 100.0
        lifecycle.set_status(rec, status, now_ms)
        rec.detail["full_transfer_complete_time"] = str(now_ms - rng.randint(60, 86400) * 1000)
    elif status == "INCRE_TRANSFER_STARTED":
        sim["full_done_pct"] = 100.0
        sim["incr_started_ms"] = started + int(full_s * 1000)
        lifecycle.set_status(rec, status, now_ms)
        rec.detail["full_transfer_complete_time"] = str(sim["incr_started_ms"])
        if rng.random() < 0.08:  # will fail later in the demo
            sim["plan"] = {"phase": "INCRE_TRANSFER", "after_s": rng.randint(300, 1800)}
            lifecycle.schedule(rec, now_ms + sim["plan"]["after_s"] * 1000)
    elif status in {"START_JOB_FAILED", "FULL_TRANSFER_FAILED", "INCRE_TRANSFER_FAILED"}:
        sim["full_done_pct"] = 100.0 if status == "INCRE_TRANSFER_FAILED" else 60.0
        lifecycle.fail(rec, status.removesuffix("_FAILED"), now_ms - rng.randint(60, 7200) * 1000)
    elif status == "PAUSING":
        sim["full_done_pct"] = 100.0
        sim["paused_from"] = "INCRE_TRANSFER_STARTED"
        lifecycle.set_status(rec, status, now_ms - rng.randint(60, 7200) * 1000)
    elif status == "RELEASE_RESOURCE_STARTED":
        lifecycle.set_status(rec, status, now_ms, next_ms=now_ms + rng.randint(5, lifecycle.RELEASE_S) * 1000)
    else:
        lifecycle.set_status(rec, status, now_ms)
        if status.endswith("_FAILED"):
            rec.detail["error_code"] = "DRS.M01501"
            rec.detail["error_message"] = {
                "RELEASE_RESOURCE_FAILED": "Releasing the DRS instance failed: the EIP is still bound. Retry the stop.",
                "CHANGE_JOB_FAILED": "Changing the task failed: the new node specification is sold out in this AZ.",
                "REBUILD_NODE_FAILED": "Rebuilding the replication node failed. Contact support with the task ID.",
                "NODE_UPGRADE_FAILED": "The node upgrade failed and was rolled back. The task keeps running.",
            }.get(status, "The operation failed.")


def seed_demo(drs: LocalDrs, tenant: Tenant, n: int = 60) -> int:
    """Create ``n`` top-level demo tasks (plus subtasks) for ``tenant``; returns how many records were made."""
    rng = random.Random(f"demo:{drs.seed}")
    now = drs.clock.now_ms()
    records: list[JobRecord] = []
    for i in range(n):
        status = COVERAGE[i] if i < len(COVERAGE) else rng.choice(MIX)
        use, engine, src_t, dst_t, direction, short = SCENARIOS[i % len(SCENARIOS)] if i < 18 else rng.choice(SCENARIOS)
        app = APPS[i % len(APPS)] if n <= 200 else rng.choice(APPS)
        name = f"{app}-{short}-{i + 1:02d}" if n < 100 else f"{app}-{short}-{i + 1:05d}"
        suffix = {"migration": "jb101", "sync": "jb201", "cloudDataGuard": "jb502"}[use]
        job_id = drs.new_job_id(rng, suffix)
        created = now - rng.randint(3600, 90 * 24 * 3600) * 1000
        src_cloud = direction == "down"
        task_type = "FULL_INCR_TRANS" if use == "cloudDataGuard" else rng.choice(
            ["FULL_INCR_TRANS", "FULL_INCR_TRANS", "FULL_INCR_TRANS", "FULL_TRANS", "INCR_TRANS"]
        )
        rec = new_job(
            job_id=job_id,
            project_id=tenant.project_id,
            now_ms=created,
            rng=rng,
            fail_share=0.0,
            name=name,
            db_use_type=use,
            engine_type=engine,
            job_direction=direction,
            net_type="vpc" if use != "cloudDataGuard" and rng.random() < 0.4 else rng.choice(["eip", "vpn"]),
            node_type=rng.choice(["small", "medium", "high", "high", "xlarge"]),
            task_type=task_type,
            source_endpoint=_endpoint(rng, src_t, app, src_cloud, tenant.region, tenant.project_id),
            target_endpoint=_endpoint(rng, dst_t, app, not src_cloud, tenant.region, tenant.project_id),
            description=f"{app} {'migration to the cloud' if use == 'migration' else 'replication'} ({engine})",
            tags=[{"key": "team", "value": rng.choice(["dba", "platform", "data"])}, {"key": "env", "value": "prod"}],
        )
        if status == "INCRE_TRANSFER_STARTED" and rec.detail["task_type"] == "FULL_TRANS":
            rec.detail["task_type"] = "FULL_INCR_TRANS"
        _force_status(rec, status, now, rng)
        records.append(rec)
        # Some running sync tasks were re-edited and carry subtasks.
        if use == "sync" and status in {"INCRE_TRANSFER_STARTED", "INCRE_TRANSFER_FAILED"} and rng.random() < 0.35:
            for k, child_status in enumerate(rng.sample(
                ["CHILD_TRANSFER_STARTED", "CHILD_TRANSFER_COMPLETE", "CHILD_TRANSFER_FAILED", "CHILD_TRANSFER_STARTING",
                 "RELEASE_CHILD_TRANSFER_STARTED", "RELEASE_CHILD_TRANSFER_COMPLETE"], k=rng.randint(1, 3))):  # fmt: skip
                child_id = drs.new_job_id(rng, "jb20y")
                child = new_job(
                    job_id=child_id, project_id=tenant.project_id, now_ms=created + (k + 1) * 86400_000, rng=rng,
                    fail_share=0.0, name=f"{name}_sub{k + 1}", db_use_type=use, engine_type=engine,
                    job_direction=direction, net_type=rec.detail["net_type"], node_type=rec.detail["node_type"],
                    task_type="INCR_TRANS", source_endpoint={}, target_endpoint={}, parent_id=job_id,
                    description=f"Subtask {k + 1} of {name}",
                )  # fmt: skip
                child.data["detail"]["source_endpoint"] = dict(rec.detail["source_endpoint"])
                child.data["detail"]["target_endpoint"] = dict(rec.detail["target_endpoint"])
                _configure_done(child, rng)
                lifecycle.set_status(child, child_status, now)
                if child_status == "CHILD_TRANSFER_FAILED":
                    child.detail["error_code"] = "DRS.KE0049"
                    child.detail["error_message"] = "The subtask lost the privilege REPLICATION SLAVE on the source."
                records.append(child)
                rec.detail.setdefault("children", []).append({"id": child_id, "name": child.detail["name"]})
    drs.store.save_jobs(records)
    from .handlers.compare import seed_demo_comparisons  # the comparison history of a few tasks

    with drs.store.transaction():
        seed_demo_comparisons(drs, tenant.project_id)
    drs.store.set_meta("demo", {"seed": drs.seed, "tasks": n, "project_id": tenant.project_id})
    return len(records)
