"""`LocalDrs`: everything one local DRS instance holds — store, clock, tenants, settings."""

from __future__ import annotations

import random
import secrets
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import SecretStr

from . import lifecycle
from .clock import SimClock
from .store import JobRecord, Store


@dataclass
class Tenant:
    """One project with its AK/SK and IAM user. Each project sees only its own tasks."""

    project_id: str
    ak: str
    sk: SecretStr
    project_name: str = "cn-north-4"
    region: str = "cn-north-4"
    domain: str = "drstui-local"
    user: str = "drs_admin"
    password: SecretStr = field(default_factory=lambda: SecretStr(secrets.token_urlsafe(12)))

    def __repr__(self) -> str:  # never the SK or password
        return f"Tenant(project_id={self.project_id!r}, ak={self.ak!r}, user={self.user!r})"

    @classmethod
    def generate(cls, rng: random.Random | None = None, **kw: object) -> Tenant:
        r = rng or random.SystemRandom()
        project_id = kw.pop("project_id", None) or "".join(r.choice("0123456789abcdef") for _ in range(32))
        ak = kw.pop("ak", None) or "".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(20))
        sk = kw.pop("sk", None) or secrets.token_urlsafe(30)
        return cls(project_id=str(project_id), ak=str(ak), sk=SecretStr(str(sk)), **kw)  # type: ignore[arg-type]


class LocalDrs:
    """One local DRS: state file, simulated clock, tenants and the failure share."""

    def __init__(
        self,
        *,
        state: str | Path = ":memory:",
        time_scale: float = 1.0,
        seed: int = 7,
        fail_share: float = 0.1,
        tenants: list[Tenant] | None = None,
        clock: SimClock | None = None,
        max_clock_skew_s: int = 900,
    ) -> None:
        self.store = Store(state)
        self.clock = clock or SimClock(time_scale=time_scale)
        self.seed = seed
        self.fail_share = fail_share
        self.max_clock_skew_s = max_clock_skew_s
        self.lock = threading.RLock()
        self.tenants: dict[str, Tenant] = {}
        for t in tenants or []:
            self.add_tenant(t)

    def add_tenant(self, tenant: Tenant) -> Tenant:
        self.tenants[tenant.project_id] = tenant
        return tenant

    def tenant_by_ak(self, ak: str) -> Tenant | None:
        for t in self.tenants.values():
            if t.ak == ak:
                return t
        return None

    @property
    def default_tenant(self) -> Tenant:
        return next(iter(self.tenants.values()))

    def rng_for(self, *parts: object) -> random.Random:
        """A deterministic RNG for a task or object: same seed and parts, same content."""
        return random.Random(f"{self.seed}:" + ":".join(str(p) for p in parts))

    def new_job_id(self, rng: random.Random, suffix: str = "jb101") -> str:
        u = uuid.UUID(int=rng.getrandbits(128), version=4)
        text = str(u)
        return text[: -len(suffix)] + suffix

    def tick(self) -> int:
        """Apply every lifecycle transition due by now; returns the simulated time in ms."""
        now = self.clock.now_ms()
        with self.lock:
            due = self.store.due_jobs(now)
            if due:
                with self.store.transaction():
                    for rec in due:
                        lifecycle.advance(rec, now)
                        self.store.save_job(rec)
        return now

    def save(self, rec: JobRecord) -> None:
        self.store.save_job(rec)

    def close(self) -> None:
        self.store.close()
