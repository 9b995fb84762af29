"""SQLite state of the local DRS.

Every answered write is committed (WAL, ``synchronous=FULL``) before the response goes
out, so killing the server at any moment loses no acknowledged change. One connection
guarded by a re-entrant lock makes concurrent requests safe (the server is I/O-light:
SQLite answers in microseconds, the lock is never held across network I/O).

Tasks live in ``jobs`` with the columns the list API filters on, the rest of a task in a
JSON document. Everything else a task owns (pre-check runs, parameters, comparisons,
result files, users) is a document in ``docs`` keyed by kind and id.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL,
    parent_id TEXT,
    db_use_type TEXT NOT NULL,
    status TEXT NOT NULL,
    name TEXT NOT NULL,
    engine_type TEXT,
    net_type TEXT,
    create_ms INTEGER NOT NULL,
    next_event_ms INTEGER,
    inst_ids TEXT NOT NULL DEFAULT '',
    ips TEXT NOT NULL DEFAULT '',
    error_code TEXT,
    error_message TEXT,
    summary TEXT NOT NULL DEFAULT '{}',
    data TEXT NOT NULL
);
-- Covers the list API's count and page scan without touching the (large) documents.
CREATE INDEX IF NOT EXISTS jobs_list ON jobs(project_id, db_use_type, parent_id, status, create_ms, engine_type, net_type);
-- The unfiltered task list (4.1.20) in its order: pages without sorting every task each time.
CREATE INDEX IF NOT EXISTS jobs_top ON jobs(project_id, db_use_type, create_ms DESC)
    WHERE parent_id IS NULL AND status != 'DELETED';
CREATE INDEX IF NOT EXISTS jobs_due ON jobs(next_event_ms) WHERE next_event_ms IS NOT NULL;
CREATE INDEX IF NOT EXISTS jobs_parent ON jobs(parent_id);
CREATE TABLE IF NOT EXISTS docs (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    project_id TEXT NOT NULL,
    job_id TEXT,
    created_ms INTEGER NOT NULL DEFAULT 0,
    data TEXT NOT NULL,
    PRIMARY KEY (kind, id)
);
CREATE INDEX IF NOT EXISTS docs_job ON docs(kind, job_id, created_ms);
CREATE TABLE IF NOT EXISTS blobs (
    id TEXT PRIMARY KEY,
    job_id TEXT,
    name TEXT NOT NULL,
    content BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""


@dataclass
class JobRecord:
    """One task: identity columns plus its JSON document.

    ``data["detail"]`` is the task as 4.1.21 describes it on the wire (without secrets);
    ``data["secrets"]`` the endpoint passwords; ``data["sim"]`` the simulation state.
    """

    id: str
    project_id: str
    data: dict[str, Any] = field(default_factory=dict)
    next_event_ms: int | None = None
    partial: bool = False
    """Loaded from the summary only (list and status queries): never saved back."""

    @property
    def detail(self) -> dict[str, Any]:
        return self.data.setdefault("detail", {})

    @property
    def sim(self) -> dict[str, Any]:
        return self.data.setdefault("sim", {})

    @property
    def status(self) -> str:
        return self.detail.get("status", "")

    @property
    def parent_id(self) -> str | None:
        return self.detail.get("parent_id") or None


#: Detail fields the list API (4.1.20) shows; kept in the small ``summary`` column.
SUMMARY_KEYS = ("id", "name", "status", "description", "create_time", "engine_type", "net_type", "billing_tag",
                "job_direction", "db_use_type", "task_type", "node_newFramework", "error_message", "parent_id",
                "children")  # fmt: skip


def _endpoint_values(detail: dict[str, Any], key: str) -> str:
    vals = []
    for side in ("source_endpoint", "target_endpoint"):
        ep = detail.get(side) or {}
        if ep.get(key):
            vals.append(str(ep[key]))
    return "," + ",".join(vals) + "," if vals else ""


class Store:
    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            # The state holds the tasks' database passwords: owner-only, like the SDK's credentials file
            # (SQLite gives the -wal and -shm files the same mode).
            Path(self.path).touch(mode=0o600, exist_ok=True)
            os.chmod(self.path, 0o600)
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        if self.path != ":memory:":
            self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=FULL")
        version = self._conn.execute("PRAGMA user_version").fetchone()[0]
        has_tables = self._conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'jobs'").fetchone()[0]
        if has_tables and version != SCHEMA_VERSION:
            self._conn.close()
            raise RuntimeError(
                f"{self.path} was written by another drstui version (schema {version}, expected {SCHEMA_VERSION}); "
                "move it away or pass another --state"
            )
        self._conn.executescript(_SCHEMA)
        self._conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        self._depth = 0

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # -- transactions ----------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside commit together (nested calls join the outer one)."""
        with self._lock:
            outer = self._depth == 0
            if outer:
                self._conn.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield
            except BaseException:
                self._depth -= 1
                if outer:
                    self._conn.execute("ROLLBACK")
                raise
            else:
                self._depth -= 1
                if outer:
                    self._conn.execute("COMMIT")

    def _exec(self, sql: str, args: Iterable[Any] = ()) -> sqlite3.Cursor:
        with self._lock:
            return self._conn.execute(sql, tuple(args))

    # -- jobs ------------------------------------------------------------------
    @staticmethod
    def _row_to_job(row: sqlite3.Row) -> JobRecord:
        return JobRecord(
            id=row["id"], project_id=row["project_id"], data=json.loads(row["data"]), next_event_ms=row["next_event_ms"]
        )

    def save_job(self, rec: JobRecord) -> None:
        if rec.partial:
            raise ValueError("a summary-only task record cannot be saved")
        d = rec.detail
        summary = {k: d[k] for k in SUMMARY_KEYS if k in d}
        if rec.sim.get("switch_ms") is not None:
            summary["current_action"] = "SWITCH_OVER"
        with self.transaction():
            self._exec(
                """INSERT INTO jobs (id, project_id, parent_id, db_use_type, status, name, engine_type, net_type,
                       create_ms, next_event_ms, inst_ids, ips, error_code, error_message, summary, data)
                   VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                   ON CONFLICT(id) DO UPDATE SET parent_id=excluded.parent_id, db_use_type=excluded.db_use_type,
                       status=excluded.status, name=excluded.name, engine_type=excluded.engine_type,
                       net_type=excluded.net_type, create_ms=excluded.create_ms,
                       next_event_ms=excluded.next_event_ms, inst_ids=excluded.inst_ids, ips=excluded.ips,
                       error_code=excluded.error_code, error_message=excluded.error_message,
                       summary=excluded.summary, data=excluded.data""",
                (
                    rec.id,
                    rec.project_id,
                    rec.parent_id,
                    d.get("db_use_type", ""),
                    d.get("status", ""),
                    d.get("name", ""),
                    d.get("engine_type"),
                    d.get("net_type"),
                    int(d.get("create_time") or 0),
                    rec.next_event_ms,
                    _endpoint_values(d, "inst_id"),
                    _endpoint_values(d, "ip"),
                    d.get("error_code"),
                    d.get("error_message"),
                    json.dumps(summary, separators=(",", ":")),
                    json.dumps(rec.data, separators=(",", ":")),
                ),
            )

    def save_jobs(self, recs: Iterable[JobRecord]) -> None:
        with self.transaction():
            for rec in recs:
                self.save_job(rec)

    def get_job(self, job_id: str, project_id: str | None = None) -> JobRecord | None:
        sql, args = "SELECT * FROM jobs WHERE id = ?", [job_id]
        if project_id is not None:
            sql += " AND +project_id = ?"
            args.append(project_id)
        row = self._exec(sql, args).fetchone()
        return self._row_to_job(row) if row else None

    def get_jobs(self, job_ids: list[str], project_id: str) -> dict[str, JobRecord]:
        out: dict[str, JobRecord] = {}
        for i in range(0, len(job_ids), 500):
            chunk = job_ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for row in self._exec(
                f"SELECT * FROM jobs WHERE id IN ({marks}) AND +project_id = ?", [*chunk, project_id]
            ):
                out[row["id"]] = self._row_to_job(row)
        return out

    @staticmethod
    def _row_to_summary(row: sqlite3.Row) -> JobRecord:
        summary = json.loads(row["summary"])
        sim = {"switch_ms": 0} if summary.pop("current_action", None) else {}
        return JobRecord(id=row["id"], project_id=row["project_id"], data={"detail": summary, "sim": sim}, partial=True)

    def statuses(self, job_ids: list[str], project_id: str) -> dict[str, tuple[str, str | None, str | None]]:
        """``id -> (status, error_code, error_message)`` without loading the documents (4.1.22)."""
        out: dict[str, tuple[str, str | None, str | None]] = {}
        for i in range(0, len(job_ids), 500):
            chunk = job_ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for row in self._exec(
                f"SELECT id, status, error_code, error_message FROM jobs WHERE id IN ({marks}) AND +project_id = ?",
                [*chunk, project_id],
            ):
                out[row["id"]] = (row["status"], row["error_code"], row["error_message"])
        return out

    def delete_job(self, job_id: str) -> None:
        self._exec("DELETE FROM jobs WHERE id = ?", [job_id])

    def children_of(self, job_id: str, *, summary: bool = False) -> list[JobRecord]:
        rows = self._exec("SELECT * FROM jobs WHERE parent_id = ? ORDER BY create_ms", [job_id])
        return [self._row_to_summary(r) if summary else self._row_to_job(r) for r in rows]

    def name_taken(self, project_id: str, name: str) -> bool:
        row = self._exec(
            "SELECT 1 FROM jobs WHERE project_id = ? AND lower(name) = lower(?) AND status != 'DELETED' LIMIT 1",
            [project_id, name],
        ).fetchone()
        return row is not None

    def query_jobs(
        self,
        project_id: str,
        *,
        db_use_type: str,
        engine_type: str | None = None,
        net_type: str | None = None,
        status: str | None = None,
        name: str | None = None,
        ids: list[str] | None = None,
        instance_ids: list[str] | None = None,
        instance_ip: str | None = None,
        tags: dict[str, str] | None = None,
        enterprise_project_id: str | None = None,
        offset: int = 0,
        limit: int | None = None,
        summary: bool = False,
    ) -> tuple[int, list[JobRecord]]:
        """Top-level tasks (children come inside their parent) matching the 4.1.20 filters, newest first."""
        where = ["project_id = ?", "db_use_type = ?", "parent_id IS NULL", "status != 'DELETED'"]
        args: list[Any] = [project_id, db_use_type]
        if engine_type:
            where.append("engine_type = ?")
            args.append(engine_type)
        if net_type:
            where.append("net_type = ?")
            args.append(net_type)
        if status:
            where.append("status = ?")
            args.append(status)
        if ids:
            where.append(f"id IN ({','.join('?' * len(ids))})")
            args.extend(ids)
        elif name:
            where.append("lower(name) LIKE ?")
            args.append(f"%{name.lower()}%")
        if instance_ids:
            where.append("(" + " OR ".join("inst_ids LIKE ?" for _ in instance_ids) + ")")
            args.extend(f"%,{i},%" for i in instance_ids)
        if instance_ip:
            where.append("ips LIKE ?")
            args.append(f"%{instance_ip}%")
        if enterprise_project_id:
            where.append("coalesce(json_extract(data, '$.detail.enterprise_project_id'), 'default') = ?")
            args.append(enterprise_project_id)
        for key, value in (tags or {}).items():
            where.append(
                "EXISTS (SELECT 1 FROM json_each(json_extract(data, '$.detail.tags')) t "
                "WHERE json_extract(t.value, '$.key') = ? AND json_extract(t.value, '$.value') = ?)"
            )
            args.extend([key, value])
        clause = " AND ".join(where)
        total = self._exec(f"SELECT count(*) FROM jobs WHERE {clause}", args).fetchone()[0]
        # Page over the covering index first (rowids only), then load just those rows.
        # Without further filters the partial index holds exactly the listed rows, in order
        # (the planner would otherwise pick jobs_list and sort every task of the scenario).
        hint = "INDEXED BY jobs_top " if len(where) == 4 else ""
        sql = f"SELECT rowid FROM jobs {hint}WHERE {clause} ORDER BY create_ms DESC, rowid"
        page_args = list(args)
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            page_args += [limit, offset]
        rowids = [r[0] for r in self._exec(sql, page_args)]
        if not rowids:
            return total, []
        columns = "rowid, id, project_id, summary" if summary else "rowid, *"
        convert = self._row_to_summary if summary else self._row_to_job
        by_rowid = {}
        for i in range(0, len(rowids), 500):
            chunk = rowids[i : i + 500]
            for r in self._exec(f"SELECT {columns} FROM jobs WHERE rowid IN ({','.join('?' * len(chunk))})", chunk):
                by_rowid[r["rowid"]] = convert(r)
        return total, [by_rowid[r] for r in rowids]

    def due_jobs(self, now_ms: int) -> list[JobRecord]:
        rows = self._exec("SELECT * FROM jobs WHERE next_event_ms IS NOT NULL AND next_event_ms <= ?", [now_ms])
        return [self._row_to_job(r) for r in rows]

    def count_jobs(self, project_id: str | None = None) -> int:
        if project_id is None:
            return self._exec("SELECT count(*) FROM jobs").fetchone()[0]
        return self._exec("SELECT count(*) FROM jobs WHERE project_id = ?", [project_id]).fetchone()[0]

    # -- documents -------------------------------------------------------------
    def put_doc(
        self, kind: str, doc_id: str, data: dict[str, Any], *, project_id: str, job_id: str | None, created_ms: int = 0
    ) -> None:
        self._exec(
            """INSERT INTO docs (kind, id, project_id, job_id, created_ms, data) VALUES (?,?,?,?,?,?)
               ON CONFLICT(kind, id) DO UPDATE SET data=excluded.data, job_id=excluded.job_id""",
            [kind, doc_id, project_id, job_id, created_ms, json.dumps(data, separators=(",", ":"))],
        )

    def get_doc(self, kind: str, doc_id: str) -> dict[str, Any] | None:
        row = self._exec("SELECT data FROM docs WHERE kind = ? AND id = ?", [kind, doc_id]).fetchone()
        return json.loads(row["data"]) if row else None

    def docs_for_job(self, kind: str, job_id: str) -> list[dict[str, Any]]:
        rows = self._exec(
            "SELECT data FROM docs WHERE kind = ? AND job_id = ? ORDER BY created_ms DESC, id", [kind, job_id]
        )
        return [json.loads(r["data"]) for r in rows]

    def delete_doc(self, kind: str, doc_id: str) -> None:
        self._exec("DELETE FROM docs WHERE kind = ? AND id = ?", [kind, doc_id])

    # -- blobs (result files) ----------------------------------------------------
    def put_blob(self, blob_id: str, job_id: str | None, name: str, content: bytes) -> None:
        self._exec(
            "INSERT OR REPLACE INTO blobs (id, job_id, name, content) VALUES (?,?,?,?)", [blob_id, job_id, name, content]
        )

    def get_blob(self, blob_id: str) -> tuple[str, bytes] | None:
        row = self._exec("SELECT name, content FROM blobs WHERE id = ?", [blob_id]).fetchone()
        return (row["name"], bytes(row["content"])) if row else None

    # -- meta ------------------------------------------------------------------
    def get_meta(self, key: str) -> Any:
        row = self._exec("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return json.loads(row["value"]) if row else None

    def set_meta(self, key: str, value: Any) -> None:
        self._exec("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [key, json.dumps(value)])
