"""Building task records: one function used by the create API and by the demo world."""

from __future__ import annotations

import random
import time
from typing import Any

from . import lifecycle
from .store import JobRecord

SECRET_ENDPOINT_KEYS = ("db_password", "ssl_cert_password", "ssl_cert_key")
SECRET_KAFKA_KEYS = ("trust_store_key", "trust_store_password", "key_store_key", "key_store_password", "key_password")

ENGINE_DB_TYPES: dict[str, tuple[str, str]] = {
    "mysql": ("mysql", "mysql"),
    "mongodb": ("mongodb", "mongodb"),
    "cloudDataGuard-mysql": ("mysql", "mysql"),
    "postgresql": ("postgresql", "postgresql"),
    "oracle-to-gaussdbv5": ("oracle", "gaussdbv5"),
    "oracle-to-gaussdbv5ha": ("oracle", "gaussdbv5ha"),
    "gaussdbv5-to-oracle": ("gaussdbv5", "oracle"),
    "gaussdbv5ha-to-oracle": ("gaussdbv5ha", "oracle"),
    "gaussdbv5-to-kafka": ("gaussdbv5", "kafka"),
}


def split_secrets(endpoint: dict[str, Any] | None) -> tuple[dict[str, Any], dict[str, Any]]:
    """Separate an endpoint's secrets from what may be shown (details never return secrets)."""
    public = dict(endpoint or {})
    hidden: dict[str, Any] = {}
    for key in SECRET_ENDPOINT_KEYS:
        if key in public:
            hidden[key] = public.pop(key)
    kafka = public.get("kafka_security_config")
    if isinstance(kafka, dict):
        kafka = dict(kafka)
        for key in SECRET_KAFKA_KEYS:
            if key in kafka:
                hidden[f"kafka.{key}"] = kafka.pop(key)
        public["kafka_security_config"] = kafka
    return public, hidden


def failure_plan(rng: random.Random, fail_share: float, task_type: str) -> dict[str, Any] | None:
    """Decide, deterministically, whether and where this task will fail."""
    if rng.random() >= fail_share:
        return None
    phases = ["CREATE", "START_JOB", "FULL_TRANSFER"]
    if task_type != "FULL_TRANS":
        phases.append("INCRE_TRANSFER")
    phase = rng.choices(phases, weights=[1, 2, 3, 3][: len(phases)])[0]
    return {"phase": phase, "after_s": rng.randint(120, 900)}


def new_job(
    *,
    job_id: str,
    project_id: str,
    now_ms: int,
    rng: random.Random,
    fail_share: float,
    name: str,
    db_use_type: str,
    engine_type: str,
    job_direction: str,
    net_type: str,
    node_type: str,
    task_type: str,
    source_endpoint: dict[str, Any],
    target_endpoint: dict[str, Any],
    description: str = "",
    tags: list[dict[str, str]] | None = None,
    multi_write: bool = False,
    is_target_readonly: bool | None = None,
    parent_id: str | None = None,
    node_num: int | None = None,
    extra: dict[str, Any] | None = None,
) -> JobRecord:
    """A task in CREATING that becomes CONFIGURATION after `lifecycle.CREATE_S` simulated seconds."""
    src, src_secrets = split_secrets(source_endpoint)
    dst, dst_secrets = split_secrets(target_endpoint)
    detail: dict[str, Any] = {
        "id": job_id,
        "name": name,
        "status": "CREATING",
        "description": description,
        "create_time": str(now_ms),
        "update_time": str(now_ms),
        "task_type": task_type,
        "db_use_type": db_use_type,
        "engine_type": engine_type,
        "job_direction": job_direction,
        "net_type": net_type,
        "node_type": node_type,
        "source_endpoint": src,
        "target_endpoint": dst,
        "multi_write": multi_write,
        "is_target_readonly": True if is_target_readonly is None and job_direction == "up" else bool(is_target_readonly),
        "tags": tags or [],
        "node_num": str(node_num or (2 if multi_write else 1)),
        "billing_tag": False,
        "node_newFramework": True,
        "inst_info": {
            "engine_type": engine_type,
            "inst_type": node_type,
            "ip": f"192.168.{rng.randint(0, 255)}.{rng.randint(2, 254)}",
            "public_ip": f"100.{rng.randint(64, 127)}.{rng.randint(0, 255)}.{rng.randint(2, 254)}" if net_type == "eip" else "",
            "status": "active",
            "volume_size": rng.choice([50, 100, 200]),
        },
        "speed_limit": [],
        "object_infos": [],
        "alarm_notify": {"delay_time": 0, "rto_delay": 0, "rpo_delay": 0, "alarm_to_user": False, "subscriptions": []},
        "conflict_policy": "overwrite" if db_use_type == "sync" else "stop",
        "filter_ddl_policy": "",
        "replace_definer": True,
        "migrate_user": False,
        "sync_database": False,
        "support_ip_v6": False,
        "is_open_fast_clean": False,
        "object_switch": False,
        "struct_trans": True,
        "index_trans": True,
        "need_restart": False,
        "az_code": "cn-north-4a",
        "vpc_id": dst.get("vpc_id") or src.get("vpc_id") or "",
        "subnet_id": dst.get("subnet_id") or "",
        "security_group_id": dst.get("security_group_id") or "",
    }
    if parent_id:
        detail["parent_id"] = parent_id
    if extra:
        detail.update(extra)
    rec = JobRecord(id=job_id, project_id=project_id)
    rec.data["detail"] = detail
    rec.data["secrets"] = {"so": src_secrets, "ta": dst_secrets}
    rec.sim.update(
        {
            "phase_ms": now_ms,
            "plan": failure_plan(rng, fail_share, task_type),
            "full_s": rng.randint(90, 240),
            "delay_base_s": round(rng.choice([0.4, 0.8, 1.5, 2.5, 6.0, 45.0]), 1),
            "conn": {"so": False, "ta": False},
            "configured": False,
            "objects": False,
            "precheck": None,
        }
    )
    lifecycle.schedule(rec, now_ms + lifecycle.CREATE_S * 1000)
    return rec


def list_row(rec: JobRecord, children: list[JobRecord] | None = None) -> dict[str, Any]:
    """The 4.1.20 row of a task (wire dict, dumped as it is: its ``job_action`` is shared)."""
    d = rec.detail

    def row(r: JobRecord) -> dict[str, Any]:
        dd = r.detail
        out = {
            "id": r.id,
            "name": dd.get("name"),
            "status": dd.get("status"),
            "description": dd.get("description", ""),
            "create_time": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(int(dd.get("create_time") or 0) // 1000)),
            "engine_type": dd.get("engine_type"),
            "net_type": dd.get("net_type"),
            "billing_tag": dd.get("billing_tag", False),
            "job_direction": dd.get("job_direction"),
            "db_use_type": dd.get("db_use_type"),
            "task_type": dd.get("task_type"),
            "node_newFramework": dd.get("node_newFramework", True),
            "job_action": lifecycle.shared_job_action(dd.get("status", ""), dd.get("db_use_type", ""), lifecycle.current_action(r)),
        }
        if dd.get("error_message"):
            out["error_msg"] = dd["error_message"]
        return out

    out = row(rec)
    out["children"] = [row(c) for c in children or []]
    del d
    return out
