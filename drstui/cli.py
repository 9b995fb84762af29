"""Command line: ``drstui`` (the TUI), ``drstui serve`` (the local DRS) and scripting commands.

    drstui tasks [--profile P] [--status S …] [--format table|csv|json]
    drstui export comparison JOB_ID -o report.xlsx [--params] [--precheck]
    drstui export tasks|params|precheck … -o file.xlsx
    drstui profiles list|add|test

Exit codes: 0 success, 1 failure (one line on stderr: for API errors the DRS error code, the
message and the suggested handling), 2 usage error; no tracebacks (``DRSTUI_DEBUG=1`` shows
them for unexpected errors).

argparse keeps start-up cheap: nothing heavy is imported before a command needs it.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, NoReturn


def _serve(args: argparse.Namespace) -> int:
    import signal

    from .local.server import LocalServer, default_state_path, open_local_drs, write_env_file

    state = args.state or str(default_state_path())
    demo = args.demo_tasks if args.demo_tasks is not None else (60 if args.demo else 0)
    ak = args.ak or os.environ.get("HUAWEICLOUD_SDK_AK")
    sk = args.sk or os.environ.get("HUAWEICLOUD_SDK_SK")
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


# ---------------------------------------------------------------------------
# Shared: errors, progress, connecting
# ---------------------------------------------------------------------------


class CliError(Exception):
    """A failure to report in one line (exit code ``code``)."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _reason(exc: BaseException) -> str:
    """One line saying why: the DRS error code, message and suggestion for API errors."""
    from pydantic import ValidationError

    from .api.errors import APIConnectionError, APIStatusError, DrsError

    if isinstance(exc, ValidationError):
        parts = []
        for err in exc.errors():
            where = ".".join(str(x) for x in err.get("loc", ()) if x is not None)
            parts.append(f"{where}: {err.get('msg')}" if where else str(err.get("msg")))
        return _one_line("invalid input: " + "; ".join(parts))
    if isinstance(exc, APIStatusError):
        code = exc.error_code or f"HTTP {exc.status_code}"
        text = f"{code}: {exc.error_msg or 'the request failed'}"
        if exc.hint:
            text += f" Suggestion: {exc.hint}"
        return _one_line(text)
    if isinstance(exc, APIConnectionError):
        return _one_line(f"cannot reach the DRS endpoint: {exc}")
    if isinstance(exc, DrsError):
        return _one_line(str(exc))
    if isinstance(exc, KeyError):
        return _one_line(str(exc.args[0]) if exc.args else "not found")
    if isinstance(exc, OSError) and exc.filename:
        return _one_line(f"{exc.filename}: {exc.strerror or exc}")
    return _one_line(str(exc) or type(exc).__name__)


class ProgressBar:
    """``progress(done, total)`` drawn as a carriage-return bar on stderr — only on a terminal."""

    def __init__(self, label: str, stream: Any = None, *, unit: str = "rows", width: int = 30) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.label, self.unit, self.width = label, unit, width
        self._last = 0.0
        self._drawn = False

    def __call__(self, done: int, total: int | None) -> None:
        if not self.enabled:
            return
        import time

        now = time.monotonic()
        final = total is not None and done >= total
        if not final and now - self._last < 0.1:
            return
        self._last = now
        if total:
            share = min(1.0, done / total)
            filled = int(share * self.width)
            bar = "#" * filled + "." * (self.width - filled)
            text = f"\r{self.label} [{bar}] {share:4.0%} {done:,}/{total:,} {self.unit}"
        else:
            text = f"\r{self.label} {done:,} {self.unit}"
        self.stream.write(text)
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        if self.enabled and self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False


def _connect(args: argparse.Namespace) -> Any:
    from .service import connect

    return connect(getattr(args, "profile", None))


def _statuses(values: list[str] | None) -> list[str]:
    """Validate ``--status`` values (A.4 task statuses, any case)."""
    if not values:
        return []
    from .api.models.enums import STATUS_ORDER

    known = {s.upper(): s for s in STATUS_ORDER}
    out = []
    for v in values:
        for part in v.split(","):
            part = part.strip()
            if not part:
                continue
            if part.upper() not in known:
                raise CliError(f"unknown status {part!r}; one of: {', '.join(STATUS_ORDER)}", 2)
            out.append(known[part.upper()])
    return list(dict.fromkeys(out))


# ---------------------------------------------------------------------------
# drstui tasks
# ---------------------------------------------------------------------------

_TABLE_COLUMNS = ("short_id", "name", "status", "db_use_type", "engine_type", "progress_pct", "incre_delay_s", "created")


def _tasks(args: argparse.Namespace) -> int:
    from .service.columns import FRAMES
    from .service.export import filtered_tasks

    statuses = _statuses(args.status)
    svc = _connect(args)
    bar = ProgressBar("Fetching tasks", unit="tasks")
    try:
        df = filtered_tasks(svc, statuses=statuses, progress=bar)
    finally:
        bar.close()
        svc.close()
    spec = FRAMES["tasks"]
    out = sys.stdout
    if args.format == "json":
        out.write(df.to_json(orient="records", date_format="iso", date_unit="s", force_ascii=False))
        out.write("\n")
    elif args.format == "csv":
        df.to_csv(out, index=False, date_format="%Y-%m-%dT%H:%M:%SZ")
    else:
        if df.empty:
            print("No tasks.")
            return 0
        view = df[list(_TABLE_COLUMNS)].copy()
        view["created"] = view["created"].dt.strftime("%Y-%m-%d %H:%M")
        view = view.rename(columns=spec.labels)
        print(view.to_string(index=False, na_rep="-", max_colwidth=40))
        print(f"{len(df)} task(s)")
    return 0


# ---------------------------------------------------------------------------
# drstui export …
# ---------------------------------------------------------------------------


def _output(path: str) -> Path:
    out = Path(path).expanduser()
    if out.suffix.lower() != ".xlsx":
        raise CliError(f"{out}: the output file must end in .xlsx", 2)
    if not out.parent.exists():
        raise CliError(f"{out.parent}: no such directory")
    return out


def _export(args: argparse.Namespace) -> int:
    from .service import export

    out = _output(args.output)
    svc = _connect(args)
    bar = ProgressBar(f"Exporting {args.what}")
    try:
        if args.what == "comparison":
            path = export.export_comparison(
                svc, args.job_id, out, include_params=args.params, include_precheck=args.precheck, progress=bar,
                compare_ids=args.compare_id or None, max_difference_rows=args.max_differences,
            )  # fmt: skip
        elif args.what == "tasks":
            path = export.export_tasks(svc, out, statuses=_statuses(args.status), progress=bar)
        elif args.what == "params":
            path = export.export_params(svc, args.job_ids, out)
        else:
            path = export.export_precheck(svc, args.job_ids, out)
    finally:
        bar.close()
        svc.close()
    print(f"Wrote {path}")
    return 0


# ---------------------------------------------------------------------------
# drstui profiles …
# ---------------------------------------------------------------------------

_SECRETS_FOR = {"aksk": ("ak", "sk"), "token": ("token",), "iam": ("password",), "local": ()}


def _profiles_list(args: argparse.Namespace) -> int:
    from .service import profiles

    default = profiles.default_profile_name()
    rows = []
    for p in profiles.list_profiles():
        needed = _SECRETS_FOR.get(p.auth, ())
        have = all(profiles.get_secret(p.name, k) for k in needed)  # checked, never shown
        rows.append(
            {
                "name": p.name,
                "default": p.name == default,
                "auth": p.auth,
                "endpoint": "(embedded local DRS)" if p.auth == "local" else p.resolved_endpoint,
                "region": p.region,
                "project_id": p.project_id,
                "read_only": p.read_only,
                "credentials": "n/a" if not needed else ("found" if have else "missing"),
            }
        )
    if args.format == "json":
        import json

        print(json.dumps(rows, indent=2))
        return 0
    headers = ("", "NAME", "AUTH", "ENDPOINT", "REGION", "PROJECT", "READ-ONLY", "CREDENTIALS")
    table = [
        ("*" if r["default"] else "", r["name"], r["auth"], r["endpoint"] or "-", r["region"] or "-",
         r["project_id"] or "-", "yes" if r["read_only"] else "no", r["credentials"])
        for r in rows
    ]  # fmt: skip
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *table, strict=True)]
    for line in (headers, *table):
        print("  ".join(str(x).ljust(w) for x, w in zip(line, widths, strict=True)).rstrip())
    return 0


def _profiles_add(args: argparse.Namespace) -> int:
    from .service import profiles

    secrets: dict[str, str] = {}
    if args.store_secrets:
        import getpass

        if not sys.stdin.isatty():
            raise CliError("--store-secrets prompts for the secrets: run it in a terminal", 2)
        if profiles._keyring() is None:
            raise CliError(
                "--store-secrets needs the optional 'keyring' package; otherwise set the secrets in the environment"
            )
        for kind in _SECRETS_FOR.get(args.auth, ()):
            value = getpass.getpass(f"{kind.upper() if len(kind) == 2 else kind} for profile {args.name}: ")
            if not value:
                raise CliError(f"no {kind} given; nothing was saved", 2)
            secrets[kind] = value
    p = profiles.add_profile(
        args.name, endpoint=args.endpoint, iam_endpoint=args.iam_endpoint, region=args.region,
        project_id=args.project_id, auth=args.auth, read_only=args.read_only, iam_user=args.iam_user,
        iam_domain=args.iam_domain, default=args.default, replace=args.replace, secrets=secrets or None,
    )  # fmt: skip
    print(f"Added profile {p.name} ({p.auth}, {p.resolved_endpoint or 'local'}) to {profiles.config_path()}")
    needed = _SECRETS_FOR.get(p.auth, ())
    if needed and not secrets:
        env = ", ".join(profiles.SECRET_ENV[k] for k in needed)
        print(f"Credentials: not stored. Set {env} in the environment, or re-run with --replace --store-secrets "
              "to keep them in the OS keyring.")  # fmt: skip
    return 0


def _profiles_test(args: argparse.Namespace) -> int:
    from .service import profiles

    name = args.name or getattr(args, "profile", None)
    result = profiles.test_profile(name)
    label = name or profiles.default_profile_name()
    if result.ok:
        print(f"{label}: OK, {result.message}")
        return 0
    raise CliError(f"{label}: {result.message}")


# ---------------------------------------------------------------------------
# The parser
# ---------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line error (exit code 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {_one_line(message)} (see {self.prog} --help)\n")


def _profile_option(p: argparse.ArgumentParser) -> None:
    # SUPPRESS: a value given before the command (drstui --profile P tasks) is not overwritten
    p.add_argument("--profile", default=argparse.SUPPRESS, help="profile to use (default: the default profile)")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="drstui", description="Terminal UI and toolkit for Huawei Cloud DRS.")
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
    s.add_argument("--sk", help="secret key (prefer HUAWEICLOUD_SDK_SK: a flag is visible in the process list)")
    s.add_argument("--project-id", help="project id (default: HUAWEICLOUD_SDK_PROJECT_ID or the demo project)")
    s.set_defaults(func=_serve)

    t = sub.add_parser("tasks", help="list tasks (every scenario, with progress)")
    _profile_option(t)
    t.add_argument("--status", nargs="+", action="extend", metavar="S", help="only tasks in these statuses (A.4 names)")
    t.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output format (default table)")
    t.set_defaults(func=_tasks)

    e = sub.add_parser("export", help="export to an Excel workbook (.xlsx)")
    esub = e.add_subparsers(dest="what", required=True, metavar="{comparison,tasks,params,precheck}")
    ec = esub.add_parser("comparison", help="every comparison result of a task in one workbook")
    ec.add_argument("job_id", metavar="JOB_ID")
    ec.add_argument("--params", action="store_true", help="add a Parameters sheet (4.1.9)")
    ec.add_argument("--precheck", action="store_true", help="add a Pre-check sheet (4.1.7)")
    ec.add_argument("--compare-id", action="append", metavar="ID", help="export this comparison (default: the newest)")
    ec.add_argument("--max-differences", type=int, metavar="N", help="read at most N differing rows per table")
    et = esub.add_parser("tasks", help="the task list")
    et.add_argument("--status", nargs="+", action="extend", metavar="S", help="only tasks in these statuses")
    ep = esub.add_parser("params", help="database parameters of tasks (4.1.9)")
    ep.add_argument("job_ids", nargs="+", metavar="JOB_ID")
    eq = esub.add_parser("precheck", help="pre-check results of tasks (4.1.7)")
    eq.add_argument("job_ids", nargs="+", metavar="JOB_ID")
    for sp in (ec, et, ep, eq):
        sp.add_argument("-o", "--output", required=True, metavar="FILE.xlsx", help="workbook to write")
        _profile_option(sp)
        sp.set_defaults(func=_export)

    pr = sub.add_parser("profiles", help="connection profiles (profiles.toml; secrets never in the file)")
    prsub = pr.add_subparsers(dest="profiles_command", required=True, metavar="{list,add,test}")
    pl = prsub.add_parser("list", help="list profiles (* = default); credentials shown as found/missing only")
    pl.add_argument("--format", choices=("table", "json"), default="table")
    pl.set_defaults(func=_profiles_list)
    pa = prsub.add_parser(
        "add",
        help="add a profile",
        description="Add a connection profile. Secrets are never taken on the command line: AK/SK, "
        "tokens and IAM passwords come from the environment (HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK, "
        "HUAWEICLOUD_SDK_SECURITY_TOKEN, DRSTUI_TOKEN, DRSTUI_IAM_PASSWORD) or from the OS keyring "
        "(--store-secrets prompts for them without echo and stores them there; needs the 'keyring' package).",
    )
    pa.add_argument("name", metavar="NAME")
    pa.add_argument("--endpoint", help="DRS endpoint URL (default: the public endpoint of --region)")
    pa.add_argument("--region", help="region id, e.g. cn-north-4")
    pa.add_argument("--project-id", help="project id (default: HUAWEICLOUD_SDK_PROJECT_ID)")
    pa.add_argument("--auth", choices=("aksk", "token", "iam"), default="aksk", help="authentication (default aksk)")
    pa.add_argument("--iam-user", help="IAM user name (auth iam)")
    pa.add_argument("--iam-domain", help="IAM account (domain) name (auth iam)")
    pa.add_argument("--iam-endpoint", help="IAM endpoint URL (auth iam; default: the region's)")
    pa.add_argument("--read-only", action="store_true", help="hide every action that changes state")
    pa.add_argument("--default", action="store_true", help="make it the default profile")
    pa.add_argument("--replace", action="store_true", help="overwrite a profile of that name")
    pa.add_argument(
        "--store-secrets", action="store_true",
        help="prompt (no echo) for the secrets and keep them in the OS keyring; never on the command line",
    )  # fmt: skip
    pa.set_defaults(func=_profiles_add)
    pt = prsub.add_parser("test", help="connect with a profile and make one cheap call")
    pt.add_argument("name", nargs="?", metavar="NAME", help="profile (default: the default profile)")
    pt.set_defaults(func=_profiles_test)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the CLI: 0 on success, non-zero with a one-line reason on stderr on failure."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help / --version (0) or a usage error (2, already printed)
        return int(exc.code or 0) if not isinstance(exc.code, str) else 2
    if not getattr(args, "command", None):
        from .tui.run import run_tui

        return run_tui(args)
    name = args.command if args.command != "export" else f"export {args.what}"
    if args.command == "profiles":
        name = f"profiles {args.profiles_command}"
    try:
        return int(args.func(args) or 0)
    except CliError as exc:
        print(f"drstui {name}: {_one_line(str(exc))}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print(f"drstui {name}: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 — every failure is one line, never a traceback
        from .api.errors import DrsError

        if not isinstance(exc, (DrsError, OSError, ValueError, LookupError, PermissionError, RuntimeError)):
            if os.environ.get("DRSTUI_DEBUG"):
                raise
        print(f"drstui {name}: {_reason(exc)}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
