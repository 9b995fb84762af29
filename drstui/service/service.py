"""`DrsService`: complete fetches turned into DataFrames, and the actions the TUI offers.

    svc = drstui.connect()            # the default profile (the embedded local DRS out of the box)
    df = svc.tasks()                  # every task of every scenario, with progress
    svc.pause(df.id[:3])              # → one result row per task: id, ok, error_code, error_msg, …

Every listing method walks *all* pages (``cur_page``/``per_page`` or ``offset``/``limit``);
long ones take ``progress(done, total)``. Batch calls go through the client's batching
(chunks of 100 ids). Actions never hide a per-task failure: each requested id gets a row;
a call that fails as a whole gives failed rows with the error code and the A.3 suggestion.

pandas is imported on first use of a frame, not when this module is imported.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from ..api.client import DrsClient
from ..api.errors import APIStatusError, DrsError
from ..api.models.compare import OBJECT_DETAIL_TYPES
from ..api.models.query import ALL_DB_USE_TYPES, JobSummary, Progress
from ..api.spec import SPECS, ApiSpec, all_specs

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .profiles import Profile

__all__ = ["DrsService", "MultiService", "ReadOnlyError", "connect", "connect_all", "ProgressCallback"]

logger = logging.getLogger("drstui.service")

ProgressCallback = Callable[[int, "int | None"], None]

_MAX_PAGES = 10_000

#: Pages of a task listing fetched at once (`DrsService.iter_task_pages`).
PAGE_CONCURRENCY = 4


def _done_prefix(queue: Sequence[tuple[Any, Future[Any]]]) -> int:
    """How many futures at the head of ``queue`` have finished (ready to be taken in order)."""
    n = 0
    for _, fut in queue:
        if not fut.done():
            break
        n += 1
    return n


class ReadOnlyError(PermissionError):
    """A state-changing action was asked of a read-only profile."""


def _unique(ids: str | Iterable[str]) -> list[str]:
    if isinstance(ids, str):
        return [ids]
    return list(dict.fromkeys(str(i) for i in ids))


def _frames() -> Any:
    from . import frames

    return frames


def _error_fields(exc: BaseException) -> tuple[str | None, str, str | None]:
    """(error_code, error_msg, suggestion) of a failed call."""
    if isinstance(exc, APIStatusError):
        code = exc.error_code or f"HTTP {exc.status_code}"
        return code, exc.error_msg or str(exc), exc.hint
    return None, str(exc), None


# ---------------------------------------------------------------------------
# Request preview
# ---------------------------------------------------------------------------


class _Recorder:
    """Stands in for a client: resource methods build and validate their request, which is kept, not sent."""

    is_async = False

    def __init__(self) -> None:
        self.calls: list[tuple[ApiSpec, dict[str, str] | None, Any, Any, dict[str, str] | None]] = []

    def request(self, spec: ApiSpec, *, path=None, query=None, body=None, headers=None) -> None:  # noqa: ANN001
        self.calls.append((spec, path, query, body, headers))

    def request_batched(self, spec: ApiSpec, *, body: Any, path: dict[str, str] | None = None) -> None:
        self.calls.append((spec, path, None, body, None))


#: Spec keys whose resource method has another name.
_METHOD_FOR_KEY = {"jobs.stop_or_delete": "stop"}


def _resource(group: str, client: Any) -> Any:
    from ..api.resources import Compare, DisasterRecovery, Jobs, Params, Users

    classes = {"jobs": Jobs, "params": Params, "compare": Compare, "users": Users, "dr": DisasterRecovery}
    if group not in classes:
        raise KeyError(f"unknown API group {group!r} (jobs, params, compare, users, dr)")
    return classes[group](client)


# ---------------------------------------------------------------------------
# The service
# ---------------------------------------------------------------------------


class DrsService:
    """DataFrames and actions over one `DrsClient` (one profile, one project)."""

    def __init__(
        self,
        client: DrsClient,
        *,
        profile: str = "local",
        region: str | None = None,
        read_only: bool = False,
        owns_client: bool = False,
    ) -> None:
        self.client = client
        self.profile = profile
        self.region = region
        self.read_only = read_only
        self._owns_client = owns_client
        #: Problems that did not stop a listing (e.g. progress unavailable), newest last.
        self.warnings: list[str] = []

    def __repr__(self) -> str:
        return f"DrsService(profile={self.profile!r}, region={self.region!r}, project_id={self.project_id!r})"

    @property
    def project_id(self) -> str:
        return self.client.project_id

    def close(self) -> None:
        if self._owns_client:
            self.client.close()

    def __enter__(self) -> DrsService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _warn(self, text: str) -> None:
        logger.warning("%s: %s", self.profile, text)
        self.warnings.append(text)

    # -- tasks ---------------------------------------------------------------
    def _progress_rows(self, ids: list[str]) -> dict[str, Progress]:
        if not ids:
            return {}
        try:
            response = self.client.jobs.progress(ids)
        except DrsError as exc:
            self._warn(f"task progress unavailable: {exc}")
            return {}
        return {p.job_id: p for p in response.results if p.job_id}

    def _job_pages(
        self,
        *,
        per_page: int = 100,
        db_use_types: Iterable[str] = ALL_DB_USE_TYPES,
        with_progress: bool = True,
        include_children: bool = False,
        progress: ProgressCallback | None = None,
        concurrency: int | None = None,
        ready: list[Any] | None = None,
        **filters: Any,
    ) -> Iterator[tuple[list[JobSummary], dict[str, Progress]]]:
        """Every page of every scenario, in order, with the progress rows of its tasks.

        The first page of each scenario is fetched first (together) so the grand total is known
        from the start (``progress(done, total)``); the other pages are then fetched
        ``concurrency`` at a time (default `PAGE_CONCURRENCY`): a remote DRS answers in 100-300
        ms, so one page at a time would leave the link idle. Pages are still yielded in order.
        ``ready``, when given, is kept filled with how many fetched pages wait behind the one
        just yielded (callers use it to batch them).
        """
        if not 1 <= per_page <= 100:
            raise ValueError("per_page must be 1-100")
        uses = list(db_use_types)
        workers = max(1, concurrency if concurrency is not None else PAGE_CONCURRENCY)

        def fetch(use: str, page: int) -> tuple[Any, dict[str, Progress]]:
            response = self.client.jobs.list(use, cur_page=page, per_page=per_page, **filters)
            prog: dict[str, Progress] = {}
            if with_progress and response.jobs:
                ids = [j.id for j in response.jobs if j.id]
                if include_children:
                    ids += [c.id for j in response.jobs for c in j.children if c.id]
                prog = self._progress_rows(ids)
            return response, prog

        pool = None if workers == 1 or not uses else ThreadPoolExecutor(workers, thread_name_prefix="drstui-pages")
        try:
            if pool is None:
                firsts = [fetch(use, 1) for use in uses]
            else:
                firsts = [f.result() for f in [pool.submit(fetch, use, 1) for use in uses]]
            totals = [r.total_record for r, _ in firsts]
            grand_total = None if any(t is None for t in totals) else sum(totals)  # type: ignore[arg-type]
            # Later pages whose count is known from total_record; the rest are found one by one.
            planned: list[tuple[str, int]] = []
            for use, (first, _), total in zip(uses, firsts, totals, strict=True):
                if total is not None and len(first.jobs) >= per_page:
                    last = min(_MAX_PAGES, -(-total // per_page))
                    planned.extend((use, page) for page in range(2, last + 1))
            # (scenario, page) and its future, in order; up to 4× `workers` pages are asked for
            # ahead, so a caller that falls behind finds several pages ready to take at once
            queue: list[tuple[tuple[str, int], Future[Any]]] = []

            def top_up() -> None:
                while pool is not None and planned and len(queue) < 4 * workers:
                    key = planned.pop(0)
                    queue.append((key, pool.submit(fetch, *key)))

            done = 0
            for use, first, total in zip(uses, firsts, totals, strict=True):
                (response, prog), page, seen = first, 1, 0
                while True:
                    top_up()
                    jobs = response.jobs
                    seen += len(jobs)
                    done += len(jobs)
                    if progress is not None:
                        progress(done, grand_total)
                    if ready is not None:
                        ready[:] = [_done_prefix(queue)]
                    if jobs:
                        yield jobs, prog
                    more = bool(jobs) and len(jobs) >= per_page and (total is None or seen < total)
                    if not more or page >= _MAX_PAGES:
                        break
                    page += 1
                    if queue and queue[0][0] == (use, page):
                        response, prog = queue.pop(0)[1].result()
                    else:
                        response, prog = fetch(use, page)
                # planned pages of this scenario not reached (it shrank meanwhile): drop them
                while queue and queue[0][0][0] == use:
                    queue.pop(0)[1].cancel()
                planned[:] = [p for p in planned if p[0] != use]
        finally:
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)

    def tasks(
        self,
        *,
        include_children: bool = False,
        with_progress: bool = True,
        per_page: int = 100,
        db_use_types: Iterable[str] = ALL_DB_USE_TYPES,
        progress: ProgressCallback | None = None,
        **filters: Any,
    ) -> pd.DataFrame:
        """Every task of every scenario (4.1.20, all pages) with progress and delay (4.1.19).

        ``filters``: the keyword filters of `client.jobs.list` (engine_type, status, name, …).
        """
        rows = self._task_rows(
            include_children=include_children,
            with_progress=with_progress,
            per_page=per_page,
            db_use_types=db_use_types,
            progress=progress,
            **filters,
        )
        from .columns import FRAMES, frame_from_rows

        return frame_from_rows(FRAMES["tasks"], rows)

    def _task_rows(self, *, include_children: bool = False, extra: Mapping[str, Any] | None = None, **kwargs: Any) -> list[dict[str, Any]]:
        rows = [row for batch in self.iter_task_rows(include_children=include_children, **kwargs) for row in batch]
        if extra:
            for row in rows:
                row.update(extra)
        return rows

    def iter_task_rows(
        self,
        per_page: int = 100,
        *,
        include_children: bool = False,
        with_progress: bool = True,
        db_use_types: Iterable[str] = ALL_DB_USE_TYPES,
        progress: ProgressCallback | None = None,
        concurrency: int | None = None,
        max_rows: int = 2_000,
        min_interval: float = 0.0,
        **filters: Any,
    ) -> Iterator[list[dict[str, Any]]]:
        """Rows of the ``tasks`` frame as pages arrive, in list order (no pandas needed).

        The first page comes alone, at once. After it, a batch holds the pages that arrived
        while the caller was busy, or within ``min_interval`` seconds of the previous batch,
        up to ``max_rows`` rows: fewer, larger batches cost less to turn into frames and to
        show than many small ones (a screen repaints a few times a second anyway).
        """
        frames = _frames()
        ready = [0]
        rows: list[dict[str, Any]] = []
        last: float | None = None
        for jobs, prog in self._job_pages(
            per_page=per_page,
            db_use_types=db_use_types,
            with_progress=with_progress,
            include_children=include_children,
            progress=progress,
            concurrency=concurrency,
            ready=ready,
            **filters,
        ):
            rows.extend(frames.task_rows(jobs, prog, include_children=include_children))
            if len(rows) < max_rows and last is not None:
                if ready[0] or time.monotonic() - last < min_interval:
                    continue
            yield rows
            rows = []
            last = time.monotonic()
        if rows:
            yield rows

    def iter_task_pages(self, per_page: int = 100, **kwargs: Any) -> Iterator[pd.DataFrame]:
        """`iter_task_rows` as ``tasks`` frames (the TUI fills its table with them)."""
        from .columns import FRAMES, frame_from_rows

        for rows in self.iter_task_rows(per_page, **kwargs):
            yield frame_from_rows(FRAMES["tasks"], rows)

    def refresh_statuses(self, ids: str | Iterable[str]) -> pd.DataFrame:
        """Status (4.1.22) and progress (4.1.19) of tasks — two batch calls per 100 ids, nothing else."""
        frames = _frames()
        ids = _unique(ids)
        if not ids:
            return frames.statuses_frame([])
        statuses = self.client.jobs.statuses(ids)
        prog = self._progress_rows(ids)
        return frames.statuses_frame(statuses.results, prog)

    task_statuses = refresh_statuses

    def task_details(self, ids: str | Iterable[str]) -> pd.DataFrame:
        """Details of tasks (4.1.21), one row each; endpoints as text, never passwords."""
        frames = _frames()
        ids = _unique(ids)
        if not ids:
            return frames.task_detail_frame([])
        return frames.task_detail_frame(self.client.jobs.details(ids).results)

    def task_detail(self, job_id: str) -> pd.DataFrame:
        """The one-row detail frame of a task."""
        return self.task_details([job_id])

    def task_detail_kv(self, job_id: str) -> pd.DataFrame:
        """The detail of a task as field/value rows."""
        frames = _frames()
        results = self.client.jobs.details([job_id]).results
        if not results:
            raise LookupError(f"task {job_id} not found")
        return frames.task_detail_kv(results[0])

    # -- pre-check, parameters -------------------------------------------------
    def precheck_results(self, ids: str | Iterable[str]) -> pd.DataFrame:
        """Pre-check items of tasks (4.1.7), with the A.3 suggestion where an error code applies."""
        ids = _unique(ids)
        response = self.client.jobs.precheck_results(ids)
        names = ids if len(response.results) == len(ids) else None
        return _frames().precheck_frame(response.results, names)

    def params(self, ids: str | Iterable[str], *, refresh: bool = True) -> pd.DataFrame:
        """Source/target database parameters and whether they differ (4.1.9)."""
        ids = _unique(ids)
        response = self.client.params.get(ids, refresh=refresh)
        names = ids if len(response.params_list) == len(ids) else None
        return _frames().params_frame(response, names)

    # -- comparisons -------------------------------------------------------------
    def _walk_offset(
        self,
        fetch: Callable[[int], Any],
        limit: int,
        progress: ProgressCallback | None = None,
        max_rows: int | None = None,
    ) -> list[Any]:
        """Every item of an ``offset``/``limit`` listing (or the first ``max_rows``)."""
        kwargs: dict[str, Any] = {}
        if max_rows is not None:
            kwargs["max_pages"] = max(1, -(-max_rows // limit))
        items = list(
            self.client.iter_items(
                fetch, lambda r: (r.items, r.total), style="offset", page_size=limit, progress=progress, **kwargs
            )
        )
        return items if max_rows is None else items[:max_rows]

    def compare_tasks(
        self, job_id: str, *, table_jobs: bool = True, task_list: bool = True, limit: int = 1000, per_page: int = 100
    ) -> pd.DataFrame:
        """Comparison tasks of a job: 4.1.24 table comparisons and the 4.1.18 task list (all pages)."""
        cmp = self.client.compare
        jobs: list[Any] = []
        listed: list[Any] = []
        if table_jobs:
            jobs = self._walk_offset(lambda off: cmp.list_table_jobs(job_id, offset=off, limit=limit), limit)
        if task_list:

            def extract(r: Any) -> tuple[list[Any], int | None]:
                res = r.compare_task_list_results
                return (res.compare_task_list, res.compare_task_list_count) if res is not None else ([], 0)

            listed = list(
                self.client.iter_items(
                    lambda page: cmp.query_results(job_id, current_page=page, per_page=per_page),
                    extract,
                    style="page",
                    page_size=per_page,
                )
            )
        return _frames().compare_tasks_frame(jobs, listed)

    def object_overview(self, job_id: str) -> pd.DataFrame:
        """Object-level comparison counts per object type (4.1.34)."""
        return _frames().object_overview_frame(self.client.compare.object_overview(job_id))

    def object_details(
        self,
        job_id: str,
        types: str | Iterable[str] | None = None,
        *,
        compare_job_id: str | None = None,
        limit: int = 1000,
        progress: ProgressCallback | None = None,
    ) -> pd.DataFrame:
        """Compared objects (4.1.35) of the given types; None = every type of the overview."""
        cmp = self.client.compare
        if types is None:
            overview = cmp.object_overview(job_id)
            compare_job_id = compare_job_id or overview.compare_job_id
            types = [str(r.type.value) for r in overview.compare_result if r.type is not None]
            types = [t for t in types if t in OBJECT_DETAIL_TYPES]
        elif isinstance(types, str):
            types = [types]
        groups: dict[str, list[Any]] = {}
        for kind in types:
            groups[kind] = self._walk_offset(
                lambda off, kind=kind: cmp.object_detail(
                    job_id, kind, compare_job_id=compare_job_id, offset=off, limit=limit
                ),
                limit,
                progress,
            )
        return _frames().object_details_frame(groups)

    def _line_overview_rows(self, job_id: str, compare_job_id: str, limit: int) -> list[Any]:
        cmp = self.client.compare
        return self._walk_offset(
            lambda off: cmp.line_overview(job_id, compare_job_id, offset=off, limit=limit), limit
        )

    def line_overview(self, job_id: str, compare_job_id: str, *, limit: int = 1000) -> pd.DataFrame:
        """Row comparison per database (4.1.28, all pages)."""
        return _frames().line_overview_frame(self._line_overview_rows(job_id, compare_job_id, limit))

    def line_details(
        self,
        job_id: str,
        compare_job_id: str,
        db_name: str | None = None,
        *,
        limit: int = 1000,
        progress: ProgressCallback | None = None,
    ) -> pd.DataFrame:
        """Row counts per table (4.1.29) of one database, or of every database of the overview."""
        cmp = self.client.compare
        if db_name is None:
            dbs = [r.source_db_name for r in self._line_overview_rows(job_id, compare_job_id, limit)]
        else:
            dbs = [db_name]
        groups: dict[str | None, list[Any]] = {}
        for db in dbs:
            groups[db] = self._walk_offset(
                lambda off, db=db: cmp.line_detail(job_id, compare_job_id, db_name=db, offset=off, limit=limit),
                limit,
                progress,
            )
        return _frames().line_details_frame(groups)

    def content_overview(self, job_id: str, compare_job_id: str, *, limit: int = 1000) -> pd.DataFrame:
        """Value comparison per database (4.1.30, all pages)."""
        cmp = self.client.compare
        rows = self._walk_offset(
            lambda off: cmp.content_overview(job_id, compare_job_id, offset=off, limit=limit), limit
        )
        return _frames().content_overview_frame(rows)

    def _content_detail_rows(
        self, job_id: str, compare_job_id: str, db_name: str | None, type: str | None, limit: int, progress: Any = None
    ) -> list[Any]:
        cmp = self.client.compare
        return self._walk_offset(
            lambda off: cmp.content_detail(
                job_id, compare_job_id, db_name=db_name, type=type, offset=off, limit=limit
            ),
            limit,
            progress,
        )

    def content_details(
        self,
        job_id: str,
        compare_job_id: str,
        db_name: str | None = None,
        *,
        type: str | None = None,
        limit: int = 1000,
        progress: ProgressCallback | None = None,
    ) -> pd.DataFrame:
        """Value comparison per table (4.1.31, all pages); ``type`` ``compare`` or ``unCompare`` filters."""
        rows = self._content_detail_rows(job_id, compare_job_id, db_name, type, limit, progress)
        comparable = None if type is None else type == "compare"
        return _frames().content_details_frame(rows, comparable=comparable)

    def content_differences(
        self,
        job_id: str,
        compare_job_id: str,
        db_name: str | None = None,
        table_name: str | None = None,
        *,
        limit: int = 1000,
        max_rows: int | None = None,
        progress: ProgressCallback | None = None,
    ) -> pd.DataFrame:
        """Differing rows with their SQL (4.1.32) of one table, or of every inconsistent table.

        All pages by default; ``max_rows`` caps the rows read *per table* (a table can differ
        in millions of rows).
        """
        cmp = self.client.compare
        if db_name is not None and table_name is not None:
            targets = [(db_name, table_name)]
        else:
            details = self._content_detail_rows(job_id, compare_job_id, db_name, None, 1000)
            targets = [
                (d.source_db, d.source_table_name)
                for d in details
                if (d.consistent is False or (d.difference_row_num or 0) > 0)
                and (table_name is None or d.source_table_name == table_name)
            ]
        groups: dict[tuple[str | None, str | None], list[Any]] = {}
        for db, table in targets:
            groups[(db, table)] = self._walk_offset(
                lambda off, db=db, table=table: cmp.content_difference(
                    job_id, compare_job_id, db_name=db, table_name=table, offset=off, limit=min(limit, 1000)
                ),
                min(limit, 1000),
                progress,
                max_rows,
            )
        return _frames().content_differences_frame(groups)

    # -- disaster recovery, users ------------------------------------------------
    def rpo_rto(self, ids: str | Iterable[str]) -> pd.DataFrame:
        """RPO and RTO of DR tasks (4.4.2)."""
        return _frames().rpo_rto_frame(self.client.dr.rpo_rto(_unique(ids)).results)

    def dr_monitoring(self, ids: str | Iterable[str]) -> pd.DataFrame:
        """DR monitoring data (4.4.3)."""
        return _frames().dr_monitoring_frame(self.client.dr.monitoring(_unique(ids)).results)

    def users(self, job_ids: str | Iterable[str]) -> pd.DataFrame:
        """Source database users and roles of tasks (4.2.2, one call per task); no passwords."""
        groups = []
        for job_id in _unique(job_ids):
            result = self.client.users.list(job_id)
            if result.job_id is None:
                result = result.model_copy(update={"job_id": job_id})
            groups.append(result)
        return _frames().users_frame(groups)

    # -- actions -----------------------------------------------------------------
    def _check_writable(self, action: str) -> None:
        if self.read_only:
            raise ReadOnlyError(f"profile {self.profile} is read-only: {action} is not allowed")

    @staticmethod
    def _rows_of(response: Any) -> list[dict[str, Any]]:
        frames = _frames()
        rows = []
        for r in getattr(response, "results", None) or []:
            job_id = getattr(r, "id", None) or getattr(r, "job_id", None)
            ok = r.ok if hasattr(r, "ok") else not getattr(r, "error_code", None)
            detail = None
            if getattr(r, "precheck_id", None):
                detail = f"precheck {r.precheck_id}"
            elif getattr(r, "end_point_type", None) is not None:
                detail = "source" if r.end_point_type.value == "so" else "target"
            elif getattr(r, "job_direction", None) is not None:
                detail = f"direction {r.job_direction.value}"
            rows.append(frames.result_row(job_id, bool(ok), r.error_code, r.error_msg, detail))
        return rows

    def _batch_action(self, action: str, ids: str | Iterable[str], call: Callable[[list[str]], Any]) -> pd.DataFrame:
        """Run a batch action; one row per result, and a failed row for every id without one."""
        self._check_writable(action)
        frames = _frames()
        ids = _unique(ids)
        if not ids:
            return frames.action_results_frame([])
        rows: list[dict[str, Any]] = []
        failure: DrsError | None = None
        try:
            response = call(ids)
            rows = self._rows_of(response)
        except DrsError as exc:
            failure = exc
            for done in exc.batch_completed or []:
                rows.extend(self._rows_of(done))
        answered = {r["id"] for r in rows}
        missing = [i for i in ids if i not in answered]
        if failure is not None:
            code, msg, hint = _error_fields(failure)
            last = failure.batch_chunk[3] if failure.batch_chunk else len(ids) - 1
            position = {job_id: n for n, job_id in enumerate(ids)}
            for job_id in missing:
                text = msg if position[job_id] <= last else f"not sent: an earlier batch failed ({msg})"
                rows.append(frames.result_row(job_id, False, code, text, suggestion=hint))
        else:
            for job_id in missing:
                rows.append(frames.result_row(job_id, False, None, f"{action}: no result returned for this task"))
        return frames.action_results_frame(rows)

    def _per_job_action(
        self, action: str, ids: str | Iterable[str], call: Callable[[str], Any], detail: Callable[[Any], str | None]
    ) -> pd.DataFrame:
        """Run a one-task API for each id; a failure is that task's row, the others go on."""
        self._check_writable(action)
        frames = _frames()
        rows = []
        for job_id in _unique(ids):
            try:
                response = call(job_id)
            except DrsError as exc:
                code, msg, hint = _error_fields(exc)
                rows.append(frames.result_row(job_id, False, code, msg, suggestion=hint))
                continue
            code = getattr(response, "error_code", None)
            rows.append(frames.result_row(job_id, not code, code, getattr(response, "error_msg", None), detail(response)))
        return frames.action_results_frame(rows)

    def start(self, ids: str | Iterable[str], start_time: Any = None) -> pd.DataFrame:
        """Start tasks now or at ``start_time`` (4.1.11)."""
        return self._batch_action("start", ids, lambda i: self.client.jobs.start(i, start_time))

    def pause(self, ids: str | Iterable[str], mode: str = "target") -> pd.DataFrame:
        """Pause tasks (4.1.13): ``mode`` target (stop replay) or all."""
        return self._batch_action("pause", ids, lambda i: self.client.jobs.pause(i, mode))

    def resume(self, ids: str | Iterable[str]) -> pd.DataFrame:
        """Resume paused or retry failed tasks (4.1.12)."""
        return self._batch_action("resume", ids, lambda i: self.client.jobs.resume(i))

    def stop(self, ids: str | Iterable[str], *, force: bool = False) -> pd.DataFrame:
        """Stop tasks (4.1.14), ``force=True`` for a forced stop."""
        return self._batch_action("stop", ids, lambda i: self.client.jobs.stop(i, force=force))

    def delete(self, ids: str | Iterable[str]) -> pd.DataFrame:
        """Delete stopped or failed tasks (4.1.14)."""
        return self._batch_action("delete", ids, lambda i: self.client.jobs.delete(i))

    def switchover(self, ids: str | Iterable[str], *, pause_job: bool | None = None) -> pd.DataFrame:
        """Switch primary and standby of DR tasks (4.4.1)."""
        return self._batch_action("switchover", ids, lambda i: self.client.dr.switchover(i, pause_job=pause_job))

    def precheck(self, ids: str | Iterable[str], mode: str = "forStartJob") -> pd.DataFrame:
        """Start the pre-check of tasks (4.1.6); read the items with `precheck_results`."""
        return self._batch_action("precheck", ids, lambda i: self.client.jobs.precheck(i, mode))

    def set_speed_limits(self, ids: str | Iterable[str], windows: Iterable[Any]) -> pd.DataFrame:
        """Set the same flow-control windows on tasks (4.1.8); ``windows=[]`` removes the limit."""
        windows = list(windows)
        return self._batch_action("set_speed_limits", ids, lambda i: self.client.jobs.set_speed_limits(i, windows))

    def remove_speed_limits(self, ids: str | Iterable[str]) -> pd.DataFrame:
        return self.set_speed_limits(ids, [])

    def reset_passwords(
        self, job_id: str, *, source_password: str | None = None, target_password: str | None = None
    ) -> pd.DataFrame:
        """Change the source and/or target database password of a task (4.1.15); one row per endpoint."""
        return self._batch_action(
            "reset_passwords",
            [job_id],
            lambda i: self.client.jobs.reset_passwords(
                job_id=i[0], source_password=source_password, target_password=target_password
            ),
        )

    def create_comparison(self, ids: str | Iterable[str], type: str = "lines", **options: Any) -> pd.DataFrame:
        """Create a row (``lines``), value (``contents``) or sampling comparison per task (4.1.25).

        ``options``: the keywords of `client.compare.create_table_job` (compare_object, filters, …).
        The ``detail`` column holds the new comparison id.
        """
        return self._per_job_action(
            "create_comparison",
            ids,
            lambda i: self.client.compare.create_table_job(i, type, **options),
            lambda r: f"comparison {r.id}" if getattr(r, "id", None) else None,
        )

    def create_object_comparison(self, ids: str | Iterable[str]) -> pd.DataFrame:
        """Start an object-level comparison per task (4.1.33)."""
        return self._per_job_action(
            "create_object_comparison", ids, lambda i: self.client.compare.create_object_job(i), lambda r: None
        )

    def cancel_comparison(self, job_id: str, compare_job_id: str) -> pd.DataFrame:
        """Cancel a comparison (4.1.26)."""
        return self._per_job_action(
            "cancel_comparison",
            [job_id],
            lambda i: self.client.compare.cancel(i, compare_job_id),
            lambda r: f"comparison {compare_job_id}",
        )

    def modify_params(self, job_id: str, params: Mapping[str, Any], *, group: str) -> pd.DataFrame:
        """Set target parameter values of one group (4.1.10); ``detail`` says whether a restart is needed."""

        def detail(r: Any) -> str | None:
            flag = r.restart_required
            return None if flag is None else ("restart required" if flag else "no restart needed")

        def call(i: str) -> Any:
            response = self.client.params.modify(i, params, group=group)
            if response.success is False and not response.error_code:
                response = response.model_copy(update={"error_code": "FAILED", "error_msg": "the service reported failure"})
            return response

        return self._per_job_action("modify_params", [job_id], call, detail)

    # -- request preview -----------------------------------------------------------
    def describe_request(self, spec_key: str, **kwargs: Any) -> tuple[str, str, str | None]:
        """``(method, path, body_json)`` of the request an action would send — secrets masked.

        ``spec_key`` is an API key (``"jobs.pause"``, ``"jobs.reset_passwords"``, …) or
        ``group.method`` of a client resource (``"jobs.stop"``, ``"jobs.delete"``); ``kwargs`` are
        that resource method's arguments. Nothing is sent. A batch body is shown whole (the
        client sends it in chunks of the API's batch size).
        """
        group, _, name = spec_key.partition(".")
        if not name:
            raise KeyError(f"{spec_key!r}: expected 'group.method', e.g. 'jobs.pause'")
        all_specs()
        method_name = _METHOD_FOR_KEY.get(spec_key, name)
        recorder = _Recorder()
        resource = _resource(group, recorder)
        method = getattr(resource, method_name, None)
        if method is None or method_name.startswith("_") or not callable(method):
            known = sorted(k for k in SPECS if k.startswith(group + "."))
            raise KeyError(f"unknown request {spec_key!r}; known: {', '.join(known)}")
        method(**kwargs)
        if not recorder.calls:
            raise RuntimeError(f"{spec_key} did not build a request")
        spec, path, query, body, headers = recorder.calls[0]
        request = self.client.build_request(spec, path=path, query=query, body=body, headers=headers)
        masked = None
        if body is not None:
            masked = json.dumps(
                body.model_dump(mode="json", by_alias=True, exclude_none=True), ensure_ascii=False, indent=2
            )
        return spec.method, request.url.raw_path.decode("ascii"), masked


# ---------------------------------------------------------------------------
# Several profiles
# ---------------------------------------------------------------------------


class MultiService:
    """Several `DrsService`s (profiles) read together; listings gain profile/region/project columns."""

    def __init__(self, services: Sequence[DrsService], errors: Mapping[str, BaseException] | None = None) -> None:
        self.services = list(services)
        #: Profile → the error that stopped it (connecting or the last listing).
        self.errors: dict[str, BaseException] = dict(errors or {})

    def __repr__(self) -> str:
        return f"MultiService(profiles={[s.profile for s in self.services]!r})"

    def __iter__(self) -> Iterator[DrsService]:
        return iter(self.services)

    def close(self) -> None:
        for service in self.services:
            service.close()

    def __enter__(self) -> MultiService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def tasks(self, *, max_workers: int = 8, **kwargs: Any) -> pd.DataFrame:
        """The tasks of every profile in one frame (fetched concurrently, one thread per profile).

        A profile that fails is left out and its error kept in ``errors``; when every profile
        fails, the first error is raised.
        """
        from .columns import FRAMES, frame_from_rows

        def one(service: DrsService) -> list[dict[str, Any]]:
            extra = {"profile": service.profile, "region": service.region, "project_id": service.project_id}
            return service._task_rows(extra=extra, **kwargs)

        rows: list[dict[str, Any]] = []
        failures: list[BaseException] = []
        if self.services:
            with ThreadPoolExecutor(max_workers=max(1, min(max_workers, len(self.services)))) as pool:
                futures = [(s, pool.submit(one, s)) for s in self.services]
                for service, future in futures:
                    try:
                        rows.extend(future.result())
                        self.errors.pop(service.profile, None)
                    except DrsError as exc:
                        logger.warning("%s: listing tasks failed: %s", service.profile, exc)
                        self.errors[service.profile] = exc
                        failures.append(exc)
        if failures and len(failures) == len(self.services):
            raise failures[0]
        return frame_from_rows(FRAMES["all_tasks"], rows)


# ---------------------------------------------------------------------------
# Connecting
# ---------------------------------------------------------------------------


def _service_for(profile: Profile) -> DrsService:
    from .profiles import client_kwargs

    client = DrsClient(**client_kwargs(profile))
    return DrsService(client, profile=profile.name, region=profile.region, read_only=profile.read_only, owns_client=True)


def connect(profile: str | None = None) -> DrsService:
    """A `DrsService` for a profile (None = the default; ``local`` = the embedded local DRS)."""
    from .profiles import get_profile

    return _service_for(get_profile(profile))


def connect_all(profiles: Iterable[str] | None = None) -> MultiService:
    """A `MultiService` over the named profiles (None = every profile, the built-in ``local`` included).

    A profile that cannot connect (e.g. no credentials) is recorded in ``errors``; when none
    connects, the first error is raised.
    """
    from .profiles import get_profile, list_profiles

    chosen = [get_profile(n) for n in profiles] if profiles is not None else list_profiles()
    services: list[DrsService] = []
    errors: dict[str, BaseException] = {}
    for p in chosen:
        try:
            services.append(_service_for(p))
        except (DrsError, ValueError) as exc:
            logger.warning("%s: cannot connect: %s", p.name, exc)
            errors[p.name] = exc
    if not services and errors:
        raise next(iter(errors.values()))
    return MultiService(services, errors)
