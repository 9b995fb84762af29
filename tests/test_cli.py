"""The scripting commands of drstui.cli, run in-process against the embedded local DRS."""

from __future__ import annotations

import csv
import io
import json
import sys
import time

import openpyxl
import pytest

from drstui import cli
from drstui.api.errors import BadRequestError
from drstui.api.models.query import ALL_DB_USE_TYPES
from drstui.service import embedded
from drstui.service.columns import FRAMES
from drstui.service.service import DrsService, connect

_AMBIENT = (
    "HUAWEICLOUD_SDK_AK",
    "HUAWEICLOUD_SDK_SK",
    "HUAWEICLOUD_SDK_PROJECT_ID",
    "HUAWEICLOUD_SDK_SECURITY_TOKEN",
    "DRSTUI_TOKEN",
    "DRSTUI_IAM_PASSWORD",
    "DRSTUI_PROFILE",
)


@pytest.fixture(scope="module", autouse=True)
def embedded_drs():
    """A fresh in-memory embedded DRS whose comparisons finish in well under a second."""
    embedded.stop_local()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DRSTUI_LOCAL_STATE", ":memory:")
        mp.setenv("DRSTUI_LOCAL_TIME_SCALE", "200")
        mp.setenv("DRSTUI_LOCAL_DEMO_TASKS", "40")
        embedded.local_server()
        yield
    embedded.stop_local()


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    for name in _AMBIENT:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DRSTUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("DRSTUI_LOCAL_STATE", ":memory:")
    monkeypatch.setitem(sys.modules, "keyring", None)  # no real keyring in tests


@pytest.fixture(scope="module")
def svc():
    s = connect("local")
    yield s
    s.close()


def api_total(svc: DrsService, status: str | None = None) -> int:
    return sum(svc.client.jobs.list(u, per_page=1, status=status).total_record for u in ALL_DB_USE_TYPES)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


@pytest.fixture(scope="module")
def compared(svc):
    """A MySQL task with finished row and value comparisons (no 1,000,000-row table)."""
    tasks = svc.tasks(status="INCRE_TRANSFER_STARTED")
    mysql = tasks[(tasks["engine_type"].astype("string") == "mysql") & (tasks["child_count"].fillna(0) == 0)]
    free = []  # tasks with no comparison running or scheduled (one data-level comparison at a time)
    for candidate in mysql["id"]:
        listed = svc.compare_tasks(str(candidate), task_list=False)
        if not listed["finished"].eq(False).fillna(False).any():
            free.append(str(candidate))
    job_id = free[0]
    detail = svc.client.jobs.details([job_id]).results[0]
    dbs = [o.name for o in detail.object_infos or [] if str(getattr(o.type, "value", o.type)) == "database"]
    dbs = [d for d in dbs if d != "shop"] or ["crm"]
    ids = []
    for kind in ("lines", "contents"):
        ids.append(svc.client.compare.create_table_job(job_id, kind, compare_object={d: [] for d in dbs}).id)
        deadline = time.monotonic() + 60
        while True:
            ct = svc.compare_tasks(job_id, task_list=False)
            row = ct[ct["compare_id"].astype("string") == ids[-1]]
            if not row.empty and bool(row["finished"].iloc[0]):
                break
            assert time.monotonic() < deadline, "comparison did not finish"
            time.sleep(0.1)
    return job_id, ids


# ---------------------------------------------------------------------------
# drstui tasks
# ---------------------------------------------------------------------------


def test_tasks_table(capsys, svc):
    code, out, err = run(capsys, "tasks")
    assert code == 0 and err == ""
    total = api_total(svc)
    assert out.strip().splitlines()[-1] == f"{total} task(s)"
    head = out.splitlines()[0]
    for label in ("ID", "Name", "Status", "Progress %", "Created"):
        assert label in head


def test_tasks_json_with_status_filter(capsys, svc):
    # CONFIGURATION and *_FAILED tasks wait for the user: their counts do not move while the test runs
    code, out, _ = run(capsys, "tasks", "--status", "CONFIGURATION", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == api_total(svc, "CONFIGURATION") > 0
    assert {r["status"] for r in rows} == {"CONFIGURATION"}
    assert set(rows[0]) == set(FRAMES["tasks"].names)


def test_tasks_csv_with_several_statuses(capsys, svc):
    code, out, _ = run(capsys, "tasks", "--status", "configuration", "START_JOB_FAILED", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    expected = api_total(svc, "CONFIGURATION") + api_total(svc, "START_JOB_FAILED")
    assert len(rows) == expected
    assert {r["status"] for r in rows} == {"CONFIGURATION", "START_JOB_FAILED"}
    assert list(rows[0]) == FRAMES["tasks"].names
    assert rows[0]["created"].endswith("Z")


def test_tasks_unknown_status_is_a_usage_error(capsys):
    code, out, err = run(capsys, "tasks", "--status", "RUNNING")
    assert code == 2 and out == ""
    line = one_line_error(err)
    assert line.startswith("drstui tasks: unknown status 'RUNNING'") and "INCRE_TRANSFER_STARTED" in line


def test_unknown_option_and_profile(capsys):
    code, _, err = run(capsys, "tasks", "--bogus")
    assert code == 2 and "unrecognized arguments: --bogus" in one_line_error(err)
    code, _, err = run(capsys, "tasks", "--profile", "nosuch")
    assert code == 1
    assert one_line_error(err).startswith("drstui tasks: no profile named 'nosuch'")


def test_api_errors_show_code_and_suggestion(capsys, monkeypatch):
    def fail(self, **kwargs):
        raise BadRequestError(400, "DRS.M05003", "Task information not found.", "req-1")

    monkeypatch.setattr(DrsService, "tasks", fail)
    code, out, err = run(capsys, "tasks")
    assert code == 1 and out == ""
    line = one_line_error(err)
    assert line.startswith("drstui tasks: DRS.M05003: Task information not found.")
    assert "Suggestion: " in line


# ---------------------------------------------------------------------------
# drstui export
# ---------------------------------------------------------------------------


def test_export_comparison(capsys, compared, tmp_path):
    job_id, (lines, contents) = compared
    out_file = tmp_path / "cmp.xlsx"
    code, out, err = run(capsys, "export", "comparison", job_id, "-o", str(out_file), "--params", "--precheck")
    assert code == 0 and err == ""  # stderr is no terminal: no progress bar
    assert out.strip() == f"Wrote {out_file}"
    wb = openpyxl.load_workbook(out_file)
    assert wb.sheetnames == ["Summary", "Objects", "Object details", "Rows", "Values", "Value differences",
                             "Parameters", "Pre-check"]  # fmt: skip
    ids = {r[1] for r in wb["Summary"].iter_rows(values_only=True)}
    assert lines in ids and contents in ids


def test_export_comparison_of_an_unknown_task(capsys, tmp_path):
    code, out, err = run(capsys, "export", "comparison", "6611d4b0-011e-4810-8c9b-d226881jb1aa", "-o",
                         str(tmp_path / "x.xlsx"))  # fmt: skip
    assert code == 1 and out == ""
    line = one_line_error(err)
    assert line.startswith("drstui export comparison: task 6611d4b0-011e-4810-8c9b-d226881jb1aa: DRS.M05003")
    assert "Suggestion:" in line
    assert not (tmp_path / "x.xlsx").exists()


def test_export_invalid_task_id_and_bad_output(capsys, tmp_path):
    code, _, err = run(capsys, "export", "params", "not-a-task", "-o", str(tmp_path / "p.xlsx"))
    assert code == 1 and "must be a DRS task id" in one_line_error(err)
    code, _, err = run(capsys, "export", "tasks", "-o", str(tmp_path / "t.csv"))
    assert code == 2 and "must end in .xlsx" in one_line_error(err)
    code, _, err = run(capsys, "export", "tasks", "-o", str(tmp_path / "nodir" / "t.xlsx"))
    assert code == 1 and "no such directory" in one_line_error(err)
    code, _, err = run(capsys, "export", "tasks")
    assert code == 2 and "-o/--output" in one_line_error(err)


def test_export_tasks_params_precheck(capsys, svc, compared, tmp_path):
    job_id, _ = compared
    code, _, _ = run(capsys, "export", "tasks", "--status", "CONFIGURATION", "-o", str(tmp_path / "t.xlsx"))
    assert code == 0
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx")["Tasks"]
    assert ws.max_row - 1 == api_total(svc, "CONFIGURATION")
    code, _, _ = run(capsys, "export", "params", job_id, "-o", str(tmp_path / "p.xlsx"), "--profile", "local")
    assert code == 0 and openpyxl.load_workbook(tmp_path / "p.xlsx").sheetnames == ["Parameters", "About"]
    code, _, _ = run(capsys, "--profile", "local", "export", "precheck", job_id, "-o", str(tmp_path / "q.xlsx"))
    assert code == 0 and openpyxl.load_workbook(tmp_path / "q.xlsx").sheetnames == ["Pre-check", "About"]


# ---------------------------------------------------------------------------
# drstui profiles
# ---------------------------------------------------------------------------


def test_profiles_list_add_test(capsys, tmp_path, monkeypatch):
    code, out, _ = run(capsys, "profiles", "list")
    assert code == 0
    assert out.splitlines()[1].split()[:3] == ["*", "local", "local"]
    code, out, err = run(capsys, "profiles", "add", "prod", "--region", "cn-north-4", "--project-id", "p" * 32)
    assert code == 0 and err == ""
    assert "Added profile prod" in out and "HUAWEICLOUD_SDK_AK" in out
    import tomllib

    saved = tomllib.loads((tmp_path / "config" / "profiles.toml").read_text())["profiles"]["prod"]
    assert saved == {"region": "cn-north-4", "project_id": "p" * 32, "auth": "aksk"}  # no secret field
    code, out, _ = run(capsys, "profiles", "list", "--format", "json")
    rows = {r["name"]: r for r in json.loads(out)}
    assert rows["prod"]["credentials"] == "missing" and rows["local"]["default"] is True
    code, _, err = run(capsys, "profiles", "add", "prod", "--region", "cn-north-4")
    assert code == 1 and "exists" in one_line_error(err)
    code, out, _ = run(capsys, "profiles", "test")
    assert code == 0 and out.startswith("local: OK, connected to http://127.0.0.1:")
    code, out, err = run(capsys, "profiles", "test", "prod")
    assert code == 1 and out == ""
    assert "no AK/SK" in one_line_error(err)
    monkeypatch.setenv("HUAWEICLOUD_SDK_AK", "AKFROMENV0000000001")
    monkeypatch.setenv("HUAWEICLOUD_SDK_SK", "sk-from-env-secret-value-000000000")
    code, out, _ = run(capsys, "profiles", "list")
    assert code == 0 and "found" in out
    assert "AKFROMENV" not in out and "sk-from-env" not in out


def test_profiles_add_takes_no_secret_on_the_command_line(capsys):
    code, out, _ = run(capsys, "profiles", "add", "--help")
    assert code == 0
    flat = " ".join(out.split())
    assert "never taken on the command line" in flat and "keyring" in flat and "HUAWEICLOUD_SDK_SK" in flat
    code, _, err = run(capsys, "profiles", "add", "x", "--region", "cn-north-4", "--sk", "secret")
    assert code == 2 and "unrecognized arguments" in one_line_error(err)
    code, _, err = run(capsys, "profiles", "add", "x", "--region", "cn-north-4", "--store-secrets")
    assert code == 2 and "terminal" in one_line_error(err)  # stdin is no terminal under pytest


# ---------------------------------------------------------------------------
# progress bar, serve still there
# ---------------------------------------------------------------------------


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal():
    tty = Tty()
    bar = cli.ProgressBar("Exporting", tty)
    bar(0, 200)
    bar(200, 200)
    bar.close()
    text = tty.getvalue()
    assert text.startswith("\rExporting [") and "100% 200/200 rows" in text and text.endswith("\n")
    plain = io.StringIO()
    quiet = cli.ProgressBar("Exporting", plain)
    quiet(5, 10)
    quiet.close()
    assert plain.getvalue() == ""


def test_serve_and_help_still_there(capsys):
    code, out, _ = run(capsys, "serve", "--help")
    assert code == 0 and "--time-scale" in out
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for command in ("serve", "tasks", "export", "profiles"):
        assert command in out
    assert cli.build_parser().parse_args([]).command is None  # no command: the TUI
