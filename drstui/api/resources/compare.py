"""``client.compare``: comparison tasks and their results."""

from __future__ import annotations

from .compare_tasks import CompareTasksMixin
from .table_compare import TableCompareMixin


class Compare(CompareTasksMixin, TableCompareMixin):
    """Object-level, row and value comparisons (seed 4.1.17–4.1.18, 4.1.24–4.1.37)."""
