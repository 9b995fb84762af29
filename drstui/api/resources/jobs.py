"""``client.jobs``: task actions, queries and policies, composed from one mixin per area."""

from __future__ import annotations

from .job_actions import JobActionsMixin
from .job_policies import JobPoliciesMixin
from .job_queries import JobQueriesMixin


class Jobs(JobActionsMixin, JobQueriesMixin, JobPoliciesMixin):
    """Migration, synchronization and DR tasks (seed 4.1.1–4.1.23, 4.3)."""
