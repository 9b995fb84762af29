"""Throughput of the local DRS over loopback, against a bare Starlette app in the same run.

For 60 and 10,000 demo tasks: requests/s of the task-list API (4.1.20, 100 per page) and the
batch-status API (4.1.22, 100 ids) with 16 concurrent async clients, and the same load on a
bare Starlette app answering a fixed JSON body of the same size. Both servers run as their own
uvicorn process (the load generator must not share their GIL); both are called with the same
raw httpx requests (token auth for the local DRS), so the ratio isolates the server's own cost.

    python benchmarks/local_drs.py [--seconds 4] [--clients 16] [--sizes 60,10000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import textwrap
import time

import httpx

PROJECT = "054ba152d480d55b2f5dc0069e7ddef0"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(url: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {proc.stdout.read() if proc.stdout else ''}")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise SystemExit(f"{url} did not come up")


LOCAL_SERVER = textwrap.dedent(
    """
    import sys, uvicorn
    from drstui.local.app import create_app
    from drstui.local.auth import issue_token
    from drstui.local.clock import SimClock
    from drstui.local.demo import seed_demo
    from drstui.local.state import LocalDrs, Tenant
    n, port, token_file = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    tenant = Tenant.generate(project_id="{project}")
    drs = LocalDrs(clock=SimClock(time_scale=1), tenants=[tenant])
    seed_demo(drs, tenant, n)
    token, _ = issue_token(drs, tenant.project_id, tenant.user)
    open(token_file, "w").write(token)
    uvicorn.run(create_app(drs), host="127.0.0.1", port=port, log_level="warning", access_log=False)
    """
).replace("{project}", PROJECT)

BARE_SERVER = textwrap.dedent(
    """
    import sys, uvicorn
    from starlette.applications import Starlette
    from starlette.responses import Response
    from starlette.routing import Route
    port, list_body, status_body = int(sys.argv[1]), open(sys.argv[2], "rb").read(), open(sys.argv[3], "rb").read()
    async def jobs(request):
        await request.body()
        return Response(list_body, media_type="application/json")
    async def status(request):
        await request.body()
        return Response(status_body, media_type="application/json")
    app = Starlette(routes=[Route("/v3/{project_id}/jobs", jobs, methods=["POST"]),
                            Route("/v3/{project_id}/jobs/batch-status", status, methods=["POST"])])
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    """
)


async def load(base: str, path: str, body: bytes, headers: dict[str, str], clients: int, seconds: float) -> float:
    stop = time.perf_counter() + seconds
    count = 0

    async def worker() -> None:
        nonlocal count
        async with httpx.AsyncClient(base_url=base, timeout=30) as c:
            while time.perf_counter() < stop:
                r = await c.post(path, content=body, headers=headers)
                if r.status_code != 200:
                    raise SystemExit(f"{path}: HTTP {r.status_code} {r.text[:200]}")
                count += 1

    t0 = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    return count / (time.perf_counter() - t0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=4.0)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--sizes", default="60,10000")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="drstui-bench-")
    env = dict(os.environ)
    print(f"local DRS vs bare Starlette, {args.clients} concurrent async clients, {args.seconds:.0f} s per figure")
    print(f"{'tasks':>7}  {'API':<13} {'local req/s':>12} {'bare req/s':>11} {'ratio':>6}  bytes")
    for n in [int(x) for x in args.sizes.split(",")]:
        port = free_port()
        token_file = os.path.join(tmp, f"token-{n}")
        local = subprocess.Popen([sys.executable, "-c", LOCAL_SERVER, str(n), str(port), token_file], env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip
        try:
            base = f"http://127.0.0.1:{port}"
            wait_up(base + "/openapi.json", local)
            token = open(token_file).read()
            hdrs = {"Content-Type": "application/json", "X-Auth-Token": token}
            list_body = json.dumps({"db_use_type": "migration", "cur_page": 1, "per_page": 100}).encode()
            list_resp = httpx.post(base + f"/v3/{PROJECT}/jobs", content=list_body, headers=hdrs).content
            ids = [j["id"] for j in json.loads(list_resp)["jobs"]]
            ids = (ids * (100 // max(1, len(ids)) + 1))[:100] if ids else []
            ids = list(dict.fromkeys(ids))
            status_body = json.dumps({"jobs": ids, "page_req": {"cur_page": 1, "per_page": 100}}).encode()
            status_resp = httpx.post(base + f"/v3/{PROJECT}/jobs/batch-status", content=status_body, headers=hdrs).content
            lf, sf = os.path.join(tmp, "list.json"), os.path.join(tmp, "status.json")
            open(lf, "wb").write(list_resp)
            open(sf, "wb").write(status_resp)
            bport = free_port()
            bare = subprocess.Popen([sys.executable, "-c", BARE_SERVER, str(bport), lf, sf], env=env,
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip
            try:
                bbase = f"http://127.0.0.1:{bport}"
                wait_up(bbase + "/", bare)
                for name, path, body, size in (
                    ("task list", f"/v3/{PROJECT}/jobs", list_body, len(list_resp)),
                    ("batch status", f"/v3/{PROJECT}/jobs/batch-status", status_body, len(status_resp)),
                ):
                    asyncio.run(load(base, path, body, hdrs, args.clients, 0.5))  # warm-up
                    ours = asyncio.run(load(base, path, body, hdrs, args.clients, args.seconds))
                    theirs = asyncio.run(load(bbase, path, body, hdrs, args.clients, args.seconds))
                    print(f"{n:>7}  {name:<13} {ours:>12.0f} {theirs:>11.0f} {ours / theirs:>6.2f}  {size}")
            finally:
                bare.terminate()
                bare.wait()
        finally:
            local.terminate()
            local.wait()


if __name__ == "__main__":
    main()
