"""Benchmark: exporting a comparison with 1,000,000 value-difference rows to Excel.

    .venv/bin/python benchmarks/export.py                 # 1,000,000 rows, every measurement
    .venv/bin/python benchmarks/export.py --rows 100000   # smaller
    .venv/bin/python benchmarks/export.py --only writer   # writer vs bare openpyxl only

Measurements (each in its own child process, so each peak RSS is its own):

- ``source``  — producing the rows alone (the local DRS content generator, `ContentDifference`
  models built with ``model_construct``), to show what the two write loops share;
- ``bare``    — a bare openpyxl write-only loop: ``ws.append(tuple)`` of the same rows;
- ``writer``  — drstui's writer (`export_rows` over `value_difference_rows`: the code path
  `export_comparison` streams the differences through — styled header, frozen panes, widths,
  autofilter, text sanitising, sheet continuation);
- ``http``    — `export_comparison` end to end against the embedded local DRS: a value
  comparison of ``shop`` whose ``order_items`` table differs in 1,000,000 rows, fetched page by
  page (1,000 rows per 4.1.32 call, next page prefetched) through HTTP and written as it
  arrives. Client, server and writer share one process (and one GIL), so this measures
  the whole pipeline, not the writer;
- ``served``  — the same export against the local DRS run by ``drstui serve`` in another process
  (as a remote DRS would be): this process fetches, parses and writes.

Printed: rows/s and peak RSS (``resource.getrusage``) of each, and writer/bare (the target is
≥ 0.8 with peak memory under 400 MB).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DB, TABLE = "shop", "order_items"


def _peak_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _items(n: int):
    """``n`` 4.1.32 rows of a table with 1,000,000 differences, as client models."""
    from drstui.api.models.compare import ContentDifference
    from drstui.local import content

    table = content.table_entry(TABLE, 4_200_000, pk=("order_id", "line_no"))
    table.update(only_in_source=1_200, only_in_target=300, changed=max(n, 1_000_000) - 1_500)
    schema = [content.db_entry(DB, [table], engine="mysql", seed=20240601)]
    construct = ContentDifference.model_construct
    for i, row in enumerate(content.iter_content_differences(schema, DB, TABLE)):
        if i >= n:
            return
        yield construct(**row)


def child_source(n: int, out: Path) -> dict:
    t0 = time.perf_counter()
    count = sum(1 for _ in _items(n))
    return {"rows": count, "seconds": time.perf_counter() - t0}


def child_bare(n: int, out: Path) -> dict:
    from openpyxl import Workbook

    t0 = time.perf_counter()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Value differences")
    ws.append(("Database", "Table", "Source key", "Target key", "Source SQL", "Target SQL"))
    count = 0
    for r in _items(n):
        ws.append(
            (DB, TABLE, ", ".join(r.source_key_value) or None, ", ".join(r.target_key_value) or None,
             r.select_sql, r.target_select_sql)
        )  # fmt: skip
        count += 1
    wb.save(out)
    return {"rows": count, "seconds": time.perf_counter() - t0}


def child_writer(n: int, out: Path) -> dict:
    from drstui.service.columns import FRAMES
    from drstui.service.export import export_rows, value_difference_rows

    t0 = time.perf_counter()
    result = export_rows(
        value_difference_rows(DB, TABLE, _items(n)), FRAMES["content_differences"], out,
        sheet="Value differences", text_only=True, total=n,
    )  # fmt: skip
    return {"rows": result.rows, "seconds": time.perf_counter() - t0, "sheets": result.sheets}


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _served_service(tmp: Path):
    """A `DrsService` on a local DRS served by another process (``drstui serve``), as a remote DRS is."""
    from drstui.api import DrsClient
    from drstui.service.service import DrsService

    port = _free_port()
    ak, sk, project = "BENCHAK000000000001", "bench-sk-" + os.urandom(12).hex(), "0" * 31 + "1"
    env = {**os.environ, "HUAWEICLOUD_SDK_SK": sk}  # the SK goes through the environment, not argv
    proc = subprocess.Popen(
        [sys.executable, "-m", "drstui", "serve", "--port", str(port), "--state", str(tmp / "state.sqlite3"),
         "--demo-tasks", "30", "--time-scale", "100000", "--ak", ak, "--project-id", project],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
    )  # fmt: skip
    assert proc.stdout is not None
    for line in proc.stdout:  # wait until it listens
        if line.startswith("Local DRS listening"):
            break
    else:
        raise SystemExit("drstui serve did not start")
    import threading

    threading.Thread(target=proc.stdout.read, daemon=True).start()  # keep draining its output
    client = DrsClient(f"http://127.0.0.1:{port}", project, ak=ak, sk=sk)
    return proc, DrsService(client, profile="bench-served", region="local", owns_client=True)


def _comparison(svc) -> tuple[str, str]:
    """A finished value comparison of ``shop`` (its ``order_items`` differs in 1,000,000 rows)."""
    tasks = svc.tasks(status="INCRE_TRANSFER_STARTED")
    mysql = tasks[(tasks["engine_type"].astype("string") == "mysql") & (tasks["child_count"].fillna(0) == 0)]
    for job_id in mysql["id"].astype(str):
        listed = svc.compare_tasks(job_id, task_list=False)
        if listed["finished"].eq(False).fillna(False).any():
            continue  # a comparison is running or scheduled there
        created = svc.create_comparison(job_id, "contents", compare_object={DB: []})
        if bool(created["ok"].iloc[0]):
            break
    else:
        raise SystemExit("no task free for a comparison")
    compare_id = str(created["detail"].iloc[0]).split()[-1]
    deadline = time.monotonic() + 120
    while True:
        ct = svc.compare_tasks(job_id, task_list=False)
        row = ct[ct["compare_id"].astype("string") == compare_id]
        if not row.empty and bool(row["finished"].iloc[0]):
            return job_id, compare_id
        if time.monotonic() > deadline:
            raise SystemExit("the comparison did not finish in 120 s")
        time.sleep(0.2)


def _http_export(svc, n: int, out: Path) -> dict:
    from openpyxl import load_workbook

    from drstui.service.export import export_comparison

    job_id, compare_id = _comparison(svc)
    before = _peak_mb()
    t0 = time.perf_counter()
    export_comparison(svc, job_id, out, compare_ids=[compare_id], max_difference_rows=n if n < 1_000_000 else None)
    seconds = time.perf_counter() - t0
    peak = _peak_mb()  # before reading the file back
    wb = load_workbook(out, read_only=True)
    rows = 0
    for name in wb.sheetnames:
        if name.startswith("Value differences"):
            ws = wb[name]
            ws.reset_dimensions()  # write-only sheets carry no dimension: count the rows
            rows += sum(1 for _ in ws.iter_rows(min_row=2, max_col=1, values_only=True))
    wb.close()
    return {"rows": rows, "seconds": seconds, "rss_before_export_mb": before, "peak_rss_mb": peak}


def child_http(n: int, out: Path) -> dict:
    """Embedded local DRS: client, server and writer in this process (one GIL)."""
    os.environ["DRSTUI_LOCAL_STATE"] = ":memory:"
    os.environ["DRSTUI_LOCAL_TIME_SCALE"] = "100000"
    os.environ["DRSTUI_LOCAL_DEMO_TASKS"] = "30"
    import drstui

    svc = drstui.connect("local")
    try:
        return _http_export(svc, n, out)
    finally:
        svc.close()


def child_served(n: int, out: Path) -> dict:
    """Local DRS served by another process: this process only fetches, parses and writes."""
    proc, svc = _served_service(out.parent)
    try:
        return _http_export(svc, n, out)
    finally:
        svc.close()
        proc.terminate()
        proc.wait(timeout=30)


CHILDREN = {
    "source": child_source,
    "bare": child_bare,
    "writer": child_writer,
    "http": child_http,
    "served": child_served,
}


def run_child(kind: str, n: int, outdir: Path) -> dict:
    out = outdir / f"{kind}.xlsx"
    proc = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--rows", str(n), "--out", str(out)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if proc.returncode != 0:
        raise SystemExit(f"{kind} failed:\n{proc.stderr[-2000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["mb_file"] = out.stat().st_size / 1e6 if out.exists() else None
    return result


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", type=int, default=1_000_000, help="value-difference rows (default 1,000,000)")
    p.add_argument("--only", choices=["writer", "http"], help="writer: source+bare+writer; http: the end-to-end exports")
    p.add_argument("--child", choices=list(CHILDREN), help=argparse.SUPPRESS)
    p.add_argument("--out", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        result = CHILDREN[args.child](args.rows, Path(args.out))
        result.setdefault("peak_rss_mb", _peak_mb())
        print(json.dumps(result))
        return 0

    kinds = ["source", "bare", "writer", "http", "served"]
    if args.only == "writer":
        kinds = ["source", "bare", "writer"]
    elif args.only == "http":
        kinds = ["http", "served"]
    print(f"Exporting {args.rows:,} value-difference rows (openpyxl write-only; each run in its own process)")
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="drstui-bench-") as tmp:
        for kind in kinds:
            r = results[kind] = run_child(kind, args.rows, Path(tmp))
            rate = r["rows"] / r["seconds"] if r["seconds"] else float("inf")
            r["rate"] = rate
            extra = f", file {r['mb_file']:.0f} MB" if r.get("mb_file") else ""
            if "rss_before_export_mb" in r:
                extra += f", RSS before export {r['rss_before_export_mb']:.0f} MB"
            print(f"  {kind:<7} {r['rows']:>10,} rows in {r['seconds']:7.1f} s = {rate:>9,.0f} rows/s, "
                  f"peak RSS {r['peak_rss_mb']:6.0f} MB{extra}")  # fmt: skip
    if "bare" in results and "writer" in results:
        ratio = results["writer"]["rate"] / results["bare"]["rate"]
        verdict = "OK" if ratio >= 0.8 and results["writer"]["peak_rss_mb"] < 400 else "BELOW TARGET"
        print(f"  writer / bare openpyxl = {ratio:.2f}  (target >= 0.80, peak < 400 MB: {verdict})")
    for kind, how in (("http", "server in the same process"), ("served", "server in another process")):
        if kind in results and "bare" in results:
            print(f"  {kind} export / bare openpyxl = {results[kind]['rate'] / results['bare']['rate']:.2f} "
                  f"(fetching every page over HTTP, {how})")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
