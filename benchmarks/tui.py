"""Start-up and live-update speed of the TUI's task list, against a bare Textual app in the same run.

A local DRS with N demo tasks (default 10,000) runs as its own process; every TUI run is a
fresh Python process (headless ``run_test`` at 120x40, real timing), so imports count:

- bare Textual app with one empty DataTable: process start → first frame (median of runs);
- drstui: process start → first frame (header, empty table, loading line), → first rows,
  → complete task list; one full status refresh (batch APIs only); one filter keystroke →
  re-rendered table; page-down scrolling; the longest UI-thread stall while pages arrive;
- the service alone (no UI): `iter_task_pages` with and without per-page progress, and
  `refresh_statuses` of every task, to show where the time goes.

    python benchmarks/tui.py [--tasks 10000] [--runs 3] [--no-service]

Times are wall-clock seconds on this machine, medians of ``--runs`` fresh processes (max in
brackets); the ratio against the bare app is the number to compare across machines
(PERF-NOTES: single runs vary up to 2x). "Complete list" is every task on screen (shown as
plain rows until the list's DataFrame replaces them, measured separately).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import textwrap
import time

SERVER = textwrap.dedent(
    """
    import json, sys
    from drstui.local.server import LocalServer, open_local_drs
    drs = open_local_drs(state=":memory:", demo_tasks=int(sys.argv[1]), time_scale=0, fail_share=0.0)
    srv = LocalServer(drs).start()
    print(json.dumps(srv.client_kwargs()), flush=True)
    sys.stdin.read()
    srv.stop()
    """
)

BARE = textwrap.dedent(
    """
    import json, time
    from textual.app import App
    from textual.widgets import DataTable

    class Bare(App):
        def compose(self):
            yield DataTable()

        def on_mount(self):
            self.call_after_refresh(self.done)

        def done(self):
            print(json.dumps({"first_frame_at": time.monotonic()}), flush=True)
            self.exit()

    Bare().run(headless=True, size=(120, 40))
    """
)

TUI = textwrap.dedent(
    """
    import asyncio, json, sys, time
    from typing import Any
    from drstui.tui.app import DrsApp
    from drstui.tui.screens import jobs as J

    KW = json.loads(sys.argv[1])
    FULL = sys.argv[2] == "full"
    T: dict[str, Any] = {"page_ui_s": []}

    class App(DrsApp):
        CSS_PATH = str(__import__("pathlib").Path(sys.modules[DrsApp.__module__].__file__).with_name("app.tcss"))

        # DrsApp's `auto_refresh` flag shadows Textual's DOMNode.auto_refresh (an interval):
        # keep it a plain attribute here so no 1-second repaint timer skews the timing.
        @property
        def auto_refresh(self):
            return self.__dict__.get("_drs_auto_refresh", False)

        @auto_refresh.setter
        def auto_refresh(self, value):
            self.__dict__["_drs_auto_refresh"] = value

    orig_mount = J.JobsScreen.on_mount
    orig_page = J.JobsScreen._drain_pages
    orig_done = J.JobsScreen._list_finished
    orig_refreshed = J.JobsScreen._refresh_finished

    def on_mount(self):
        orig_mount(self)
        self.call_after_refresh(lambda: T.setdefault("first_frame_at", time.monotonic()))

    def list_page(self):
        first = self.table.total_count == 0
        t = time.perf_counter()
        orig_page(self)
        T["page_ui_s"].append(time.perf_counter() - t)
        if first and self.table.total_count:
            self.call_after_refresh(lambda: T.setdefault("first_rows_at", time.monotonic()))
        if self._load_total and self.table.total_count >= self._load_total:
            # every task on screen (as plain rows until the list's frame replaces them)
            self.call_after_refresh(lambda: T.setdefault("all_rows_at", time.monotonic()))

    def list_finished(self, frame, error):
        orig_done(self, frame, error)
        T["rows"] = self.table.total_count
        T["error"] = repr(error) if error else None
        self.call_after_refresh(lambda: T.setdefault("list_done_at", time.monotonic()))

    def refresh_finished(self, missing, error):
        orig_refreshed(self, missing, error)
        T["refresh_error"] = repr(error) if error else None
        T.setdefault("refreshes_done_at", []).append(time.monotonic())

    J.JobsScreen.on_mount = on_mount
    J.JobsScreen._drain_pages = list_page
    J.JobsScreen._list_finished = list_finished
    J.JobsScreen._refresh_finished = refresh_finished

    def factory():
        from drstui.api import DrsClient
        from drstui.service.service import DrsService

        return DrsService(DrsClient(**KW))

    async def until(cond, timeout=180.0):
        end = time.monotonic() + timeout
        while not cond():
            if time.monotonic() > end:
                raise SystemExit(f"timed out; got {sorted(T)}")
            await asyncio.sleep(0.005)

    async def rendered(widget):
        ev = asyncio.Event()
        widget.call_after_refresh(ev.set)
        await ev.wait()

    PAINTS: list[float] = []
    orig_render_lines = J.FrameTable.render_lines

    def render_lines(self, crop):
        strips = orig_render_lines(self, crop)
        PAINTS.append(time.monotonic())
        return strips

    J.FrameTable.render_lines = render_lines

    async def key_to_paint(pilot, widget, key):
        # (seconds from the key press to the table repaint, to the pilot returning)
        PAINTS.clear()
        t = time.monotonic()
        await pilot.press(key)
        await rendered(widget)
        done = time.monotonic()
        return ((PAINTS[0] if PAINTS else done) - t), done - t

    async def main():
        app = App(service_factory=factory, auto_refresh=False, refresh_interval=3600)
        async with app.run_test(size=(120, 40)) as pilot:
            await until(lambda: "first_frame_at" in T)
            if not FULL:
                return
            await until(lambda: "list_done_at" in T)
            screen = app.screen
            table = screen.table
            if not screen.LIST_WITH_PROGRESS:  # the list is followed by a refresh filling progress
                await until(lambda: T.get("refreshes_done_at"))
                T["progress_filled_at"] = T["refreshes_done_at"][0]
            # one full refresh (status + progress batch APIs for every task)
            n = len(T.get("refreshes_done_at", []))
            t = time.monotonic()
            screen.refresh_now()
            await until(lambda: len(T.get("refreshes_done_at", [])) > n)
            T["refresh_s"] = T["refreshes_done_at"][-1] - t
            # one filter keystroke -> table re-rendered
            await pilot.press("slash")
            await pilot.pause()
            keys = []
            for ch in "inv":
                keys.append(await key_to_paint(pilot, table, ch))
            T["filter_key_s"] = keys
            T["filtered_rows"] = table.row_count
            await pilot.press("escape")
            await pilot.pause()
            # scrolling: page-down through the list
            table.focus()
            steps = []
            for _ in range(20):
                steps.append(await key_to_paint(pilot, table, "pagedown"))
            T["pagedown_s"] = steps
            T["sort_s"] = await key_to_paint(pilot, table, "s")
            # the same round trip for a key that changes nothing: the pilot's own overhead
            T["noop_s"] = await key_to_paint(pilot, table, "f13")

    asyncio.run(main())
    print(json.dumps(T), flush=True)
    """
)

SERVICE = textwrap.dedent(
    """
    import json, sys, time
    from drstui.api import DrsClient
    from drstui.service.service import DrsService

    svc = DrsService(DrsClient(**json.loads(sys.argv[1])))
    out = {}
    for label, wp in (("pages_with_progress", True), ("pages_without_progress", False)):
        t = time.perf_counter(); first = None; n = 0; build = 0.0
        it = svc.iter_task_pages(with_progress=wp)
        while True:
            t1 = time.perf_counter()
            try:
                df = next(it)
            except StopIteration:
                break
            n += len(df)
            if first is None:
                first = time.perf_counter() - t
        out[label] = {"first_s": first, "all_s": time.perf_counter() - t, "rows": n}
    ids = [i for df in svc.iter_task_pages(with_progress=False) for i in df["id"].tolist()]
    t = time.perf_counter(); svc.refresh_statuses(ids); out["refresh_statuses_all_s"] = time.perf_counter() - t
    t = time.perf_counter(); svc.client.jobs.statuses(ids); out["statuses_api_all_s"] = time.perf_counter() - t
    t = time.perf_counter(); svc.client.jobs.progress(ids); out["progress_api_all_s"] = time.perf_counter() - t
    from drstui.service import frames
    r = svc.client.jobs.list("migration", per_page=100)
    p = svc.client.jobs.progress([j.id for j in r.jobs])
    t = time.perf_counter()
    for _ in range(20):
        frames.tasks_frame(r.jobs, p.results)
    out["tasks_frame_per_page_s"] = (time.perf_counter() - t) / 20
    print(json.dumps(out), flush=True)
    """
)


def run_child(code: str, *args: str, timeout: float = 240) -> tuple[float, dict]:
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=timeout)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise SystemExit(f"child failed ({proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")
    return start, json.loads(lines[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tasks", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=5, help="fresh processes per median (bare and drstui each)")
    ap.add_argument("--no-service", action="store_true", help="skip the service-only timings")
    args = ap.parse_args()

    # Byte-compile drstui first, as `pip install` of a wheel does and as a first run does with
    # Python's defaults: with PYTHONDONTWRITEBYTECODE set (as on CI machines) every process
    # would otherwise compile drstui from source, which no installed copy does.
    import compileall
    import pathlib

    import drstui

    compileall.compile_dir(str(pathlib.Path(drstui.__file__).parent), quiet=1)

    t0 = time.monotonic()
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(args.tasks)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        kwargs = server.stdout.readline() if server.stdout else ""
        if not kwargs.startswith("{"):
            raise SystemExit("the local DRS did not start")
        print(f"local DRS with {args.tasks:,} demo tasks up in {time.monotonic() - t0:.1f} s")

        bare: list[float] = []
        fulls: list[tuple[float, dict]] = []
        for _ in range(args.runs):  # alternate, so drift on the machine hits both alike
            start, out = run_child(BARE)
            bare.append(out["first_frame_at"] - start)
            fulls.append(run_child(TUI, kwargs.strip(), "full"))
        service = None if args.no_service else run_child(SERVICE, kwargs.strip())[1]
    finally:
        if server.stdin:
            server.stdin.close()
        server.wait(timeout=30)

    start, full = fulls[-1]  # refresh, filter, scrolling: from the last run
    if full.get("error"):
        print(f"!! listing failed: {full['error']}")

    def med(key: str) -> tuple[float, float]:
        values = [out[key] - st for st, out in fulls]
        return statistics.median(values), max(values)

    b = statistics.median(bare)
    f, f_max = med("first_frame_at")
    pages = full["page_ui_s"]
    print(f"\n{args.runs} runs each; medians (max)\n{'measure':<46}{'seconds':>10}")
    print(f"{'bare Textual app + DataTable: first frame':<46}{b:>10.3f}   ({max(bare):.3f})")
    print(f"{'drstui: first frame (header, empty table)':<46}{f:>10.3f}   ({f_max:.3f})  ratio {f / b:.2f}x (target <= 2x)")
    for key, label, target in (
        ("first_rows_at", "drstui: first rows", "   (target <= 1 s)"),
        ("all_rows_at", f"drstui: complete list ({full['rows']:,} tasks)", "   (target <= 2 s)"),
        ("list_done_at", "  + the list's DataFrame in place", ""),
    ):
        m, mx = med(key)
        print(f"{label:<46}{m:>10.3f}   ({mx:.3f}){target}")
    if "progress_filled_at" in full:
        print(f"{'  + progress and delay filled (one refresh)':<46}{full['progress_filled_at'] - start:>10.3f}")
    print(f"{'  UI thread per page append: median / max':<46}{statistics.median(pages):>10.3f} / {max(pages):.3f}  ({len(pages)} appends)")
    print(f"{'one full refresh (status + progress, all)':<46}{full['refresh_s']:>10.3f}")
    keys = full["filter_key_s"]
    paint = [k[0] for k in keys]
    print(f"{'filter keystroke -> table repainted (max of 3)':<46}{max(paint):>10.3f}   "
          f"({', '.join(f'{k * 1000:.0f}' for k in paint)} ms; target <= 0.1 s)")
    print(f"{'  pilot round trip incl. idle wait (max)':<46}{max(k[1] for k in keys):>10.3f}   "
          f"(no-op key: {full['noop_s'][1]:.3f})")
    steps = [k[0] for k in full["pagedown_s"]]
    print(f"{'page down -> repainted: median / max':<46}{statistics.median(steps):>10.3f} / {max(steps):.3f}")
    print(f"{'sort keystroke -> repainted':<46}{full['sort_s'][0]:>10.3f}")
    if service:
        print("\nservice alone (no UI), same server:")
        for key in ("pages_with_progress", "pages_without_progress"):
            s = service[key]
            print(f"  iter_task_pages {key[6:]:<20} first page {s['first_s']:.3f} s, all {s['all_s']:.3f} s")
        print(f"  refresh_statuses(all {args.tasks:,} ids)        {service['refresh_statuses_all_s']:.3f} s")
        print(f"    of which statuses API {service['statuses_api_all_s']:.3f} s, progress API {service['progress_api_all_s']:.3f} s")
        print(f"  tasks_frame per 100-row page (client-side)    {service['tasks_frame_per_page_s']:.3f} s")
    print(f"\ntotal benchmark time {time.monotonic() - t0:.0f} s")


if __name__ == "__main__":
    main()
