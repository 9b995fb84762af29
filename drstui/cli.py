"""Command line: ``drstui`` (the TUI), ``drstui serve`` (the local DRS) and scripting commands.

argparse keeps start-up cheap: nothing heavy is imported before a command needs it.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def _serve(args: argparse.Namespace) -> int:
    import signal

    from .local.server import LocalServer, default_state_path, open_local_drs, write_env_file

    state = args.state or str(default_state_path())
    demo = args.demo_tasks if args.demo_tasks is not None else (60 if args.demo else 0)
    ak = args.ak or os.environ.get("HUAWEICLOUD_SDK_AK")
    sk = os.environ.get("HUAWEICLOUD_SDK_SK") if args.ak is None or args.sk is None else args.sk
    if args.sk:
        sk = args.sk
    project_id = args.project_id or os.environ.get("HUAWEICLOUD_SDK_PROJECT_ID")
    if bool(ak) != bool(sk):
        print("drstui serve: give both an AK and an SK (flags or HUAWEICLOUD_SDK_AK/SK), or neither.", file=sys.stderr)
        return 2
    try:
        drs = open_local_drs(
            state=state, demo_tasks=demo, time_scale=args.time_scale, seed=args.seed, fail_share=args.fail_share,
            ak=ak, sk=sk, project_id=project_id,
        )  # fmt: skip
        server = LocalServer(drs, host=args.host, port=args.port)
    except OSError as exc:
        print(f"drstui serve: cannot listen on {args.host}:{args.port}: {exc.strerror}. Pick another --port.", file=sys.stderr)
        return 1
    tenant = drs.default_tenant
    env_file = Path(state + ".env") if state != ":memory:" else Path(os.path.expanduser("~/.drstui-local.env"))
    server.start()
    write_env_file(env_file, tenant, server.endpoint)
    total = drs.store.count_jobs(tenant.project_id)
    print(f"Local DRS listening on {server.endpoint}  (state: {state}, {total} tasks, time scale {args.time_scale}x)")
    print(f"  project id : {tenant.project_id}")
    print(f"  AK         : {tenant.ak}")
    print(f"  SK         : {'(from your environment)' if sk else '(generated; in the env file below)'}")
    print(f"  IAM user   : {tenant.user} / domain {tenant.domain} (token endpoint {server.endpoint}/v3/auth/tokens)")
    print(f"  credentials: source {env_file}   (mode 0600)")
    print(f"  OpenAPI    : {server.endpoint}/openapi.json")
    print("Use it from any DRS client with that endpoint, project id and AK/SK. Ctrl+C stops it.", flush=True)
    stop = {"now": False}

    def _stop(*_: object) -> None:
        stop["now"] = True

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    try:
        while not stop["now"]:
            signal.pause() if hasattr(signal, "pause") else __import__("time").sleep(1)
    finally:
        server.stop()
        drs.close()
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="drstui", description="Terminal UI and toolkit for Huawei Cloud DRS.")
    p.add_argument("--version", action="version", version=f"drstui {__import__('drstui').__version__}")
    p.add_argument("--profile", help="profile to open (default: the default profile, else the embedded local DRS)")
    p.add_argument("--read-only", action="store_true", help="hide every action that changes state")
    p.add_argument("--refresh", type=float, default=10.0, metavar="SECONDS", help="task list refresh interval")
    p.add_argument("--all-profiles", action="store_true", help="list the tasks of every configured profile together")
    sub = p.add_subparsers(dest="command")

    s = sub.add_parser("serve", help="run the local DRS-compatible server")
    s.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback only)")
    s.add_argument("--port", type=int, default=8080)
    s.add_argument("--state", help="SQLite state file (default: in the user data directory; ':memory:' for none)")
    s.add_argument("--demo", action="store_true", help="seed the demo tenant (about 60 tasks) on first start")
    s.add_argument("--demo-tasks", type=int, metavar="N", help="seed N demo tasks instead (e.g. 10000)")
    s.add_argument("--time-scale", type=float, default=1.0, metavar="X", help="simulated seconds per real second")
    s.add_argument("--seed", type=int, default=7, help="seed of the deterministic demo content")
    s.add_argument("--fail-share", type=float, default=0.1, help="share of new tasks that fail a phase (0-1)")
    s.add_argument("--ak", help="access key (default: HUAWEICLOUD_SDK_AK or generated)")
    s.add_argument("--sk", help="secret key (default: HUAWEICLOUD_SDK_SK or generated)")
    s.add_argument("--project-id", help="project id (default: HUAWEICLOUD_SDK_PROJECT_ID or the demo project)")
    s.set_defaults(func=_serve)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not getattr(args, "command", None):
        from .tui.run import run_tui

        return run_tui(args)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
