"""Parse speed of a big 4.1.20 task list: pydantic model vs plain ``json.loads``.

Builds a realistic 10,000-task ``POST /v3/{project_id}/jobs`` response (rows shaped like the
seed example: status, ``yyyy-MM-dd HH:mm:ss`` create_time, ``node_newFramework``, a full
``job_action`` matrix, an ``error_msg`` on failed rows; every 10th task has two children),
serialises it to JSON bytes once, then times — best of 5, each run timed on its own —

1. ``JobListResponse.model_validate_json(data)`` (what the client does),
2. ``json.loads(data)`` on the same bytes in the same run,
3. both again with the garbage collector disabled during the parse.

Run: ``.venv/bin/python benchmarks/parse_tasks.py [n_tasks]``. Prints tasks/s and ratios.
"""

from __future__ import annotations

import gc
import json
import random
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from drstui.api.models.enums import JobAction, JobStatus
from drstui.api.models.query import JobListResponse

N_TASKS = 10_000
REPEATS = 5

_ALL_ACTIONS = [a.value for a in JobAction]
# Available actions per status, as in the seed example's matrices (reference §3 "Operations").
_MATRIX = {
    "CONFIGURATION": ["CREATE", "START", "CHANGE", "CHOOSE_OBJECT", "PRE_CHECK", "CHANGE_MODE", "FREE_RESOURCE",
                      "MODIFY_DB_CONFIG", "API_CONFIGURATION_ACTION"],
    "INCRE_TRANSFER_STARTED": ["CREATE", "CHOOSE_OBJECT", "PRE_CHECK", "CHANGE_MODE", "FREE_RESOURCE",
                               "MODIFY_DB_CONFIG", "RESET_DB_PWD", "MODIFY_CONFIGURATION", "PAUSE"],
    "INCRE_TRANSFER_FAILED": ["CREATE", "CHOOSE_OBJECT", "PRE_CHECK", "CHANGE_MODE", "FREE_RESOURCE",
                              "MODIFY_DB_CONFIG", "RESET_DB_PWD", "MODIFY_CONFIGURATION", "PAUSE", "RETRY", "RESET"],
    "RELEASE_RESOURCE_COMPLETE": ["CREATE", "DELETE", "PRE_CHECK", "CHANGE_MODE", "MODIFY_DB_CONFIG", "CLONE"],
    "FULL_TRANSFER_STARTED": ["CREATE", "PRE_CHECK", "CHANGE_MODE", "MODIFY_DB_CONFIG", "RESET_DB_PWD", "PAUSE"],
}  # fmt: skip
_STATUSES = list(_MATRIX)
_ERROR = (
    "service LOGMANAGER failed, cause by: Unable to connect to DBMS: url=jdbc:mysql://172.22.74.56:3306?"
    "useUnicode=true&characterEncoding=UTF-8&connectTimeout=5000&useSSL=false user=root"
)


def _job_id(i: int, suffix: str) -> str:
    return f"{i:08x}-be30-464e-a299-{i:07x}{suffix}"


def _row(rng: random.Random, i: int, when: datetime, use_type: str, suffix: str) -> dict[str, Any]:
    status = rng.choice(_STATUSES)
    available = _MATRIX[status]
    row: dict[str, Any] = {
        "id": _job_id(i, suffix),
        "name": f"DRS-{i:05d}-{rng.choice(['lws', 'orders', 'billing', 'crm'])}",
        "status": status,
        "description": rng.choice(["", "nightly sync", "[using] api test 2"]),
        "create_time": when.strftime("%Y-%m-%d %H:%M:%S"),
        "engine_type": rng.choice(["mysql", "mysql", "mongodb", "postgresql"]),
        "net_type": rng.choice(["eip", "vpc", "vpn"]),
        "billing_tag": rng.random() < 0.2,
        "job_direction": rng.choice(["up", "down", "non-dbs"]),
        "db_use_type": use_type,
        "task_type": rng.choice(["FULL_INCR_TRANS", "FULL_TRANS", "INCR_TRANS"]),
        "node_newFramework": False,
        "job_action": {
            "available_actions": available,
            "unavailable_actions": [a for a in _ALL_ACTIONS if a not in available],
        },
    }
    if status.endswith("_FAILED"):
        row["error_msg"] = _ERROR
    return row


def build_response(n: int = N_TASKS, seed: int = 7) -> bytes:
    """A ``JobListResponse`` body with ``n`` tasks (children inside every 10th task) as JSON bytes."""
    rng = random.Random(seed)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    jobs = []
    for i in range(n):
        when = start + timedelta(minutes=7 * i)
        row = _row(rng, i, when, "sync", "jb201")
        if i % 10 == 0:
            row["children"] = [
                _row(rng, 1_000_000 + i * 2 + k, when + timedelta(seconds=k + 1), "sync", "jb20b") for k in range(2)
            ]
        jobs.append(row)
    return json.dumps({"total_record": n, "jobs": jobs}, separators=(",", ":")).encode()


def best_of(fn: Callable[[], Any], repeats: int = REPEATS, *, gc_off: bool = False) -> float:
    """Best wall time of ``repeats`` fresh runs (each timed on its own)."""
    times = []
    for _ in range(repeats):
        gc.collect()
        was_enabled = gc.isenabled()
        if gc_off:
            gc.disable()
        try:
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        finally:
            if gc_off and was_enabled:
                gc.enable()
    return min(times)


def main(n: int = N_TASKS) -> dict[str, float]:
    data = build_response(n)
    n_children = sum(len(j.get("children", [])) for j in json.loads(data)["jobs"])

    parsed = JobListResponse.model_validate_json(data)  # warm-up + sanity check
    assert len(parsed.jobs) == n and parsed.jobs[0].status in set(JobStatus)
    assert sum(len(j.children) for j in parsed.jobs) == n_children

    results = {
        "model": best_of(lambda: JobListResponse.model_validate_json(data)),
        "json": best_of(lambda: json.loads(data)),
        "model_gc_off": best_of(lambda: JobListResponse.model_validate_json(data), gc_off=True),
        "json_gc_off": best_of(lambda: json.loads(data), gc_off=True),
    }

    print(f"4.1.20 task list: {n:,} tasks (+{n_children:,} children), {len(data) / 1e6:.1f} MB JSON, best of {REPEATS}")
    print(f"{'':28}{'seconds':>10}{'tasks/s':>14}")
    labels = {
        "model": "model_validate_json",
        "json": "json.loads",
        "model_gc_off": "model_validate_json, gc off",
        "json_gc_off": "json.loads, gc off",
    }
    for key, label in labels.items():
        print(f"{label:28}{results[key]:>10.4f}{n / results[key]:>14,.0f}")
    print(f"ratio model / json.loads:         {results['model'] / results['json']:.2f}x")
    print(f"ratio model / json.loads (gc off): {results['model_gc_off'] / results['json_gc_off']:.2f}x")
    print(f"gc off speed-up for the model:     {results['model'] / results['model_gc_off']:.2f}x")
    return results


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else N_TASKS)
