"""Excel export (drstui.service.export): workbooks read back with openpyxl.

A local DRS on a frozen clock holds one MySQL task with known endpoint passwords and a finished
object, row and value comparison of two databases (no 1,000,000-row table: that is the benchmark's).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import drstui
from drstui.api import DrsClient
from drstui.api.models.query import ALL_DB_USE_TYPES
from drstui.local.demo import seed_demo
from drstui.service import export
from drstui.service.columns import FRAMES, UTC_DATETIME
from drstui.service.export import (
    MAX_SHEET_ROWS,
    WARN_FILL,
    TaskNotFoundError,
    export_comparison,
    export_frame,
    export_params,
    export_precheck,
    export_rows,
    export_tasks,
    value_difference_rows,
)
from drstui.service.service import DrsService

from ..factories import mysql_migration_task

SRC_PASSWORD = "Src-Pa55word-7d1e9"
DST_PASSWORD = "Dst-Pa55word-a4c2f"
DBS = ("crm", "billing")
DATA_SHEETS = {
    "Objects": "object_overview",
    "Object details": "object_details",
    "Rows": "line_details",
    "Values": "content_details",
    "Value differences": "content_differences",
    "Parameters": "params",
    "Pre-check": "precheck",
}


def make_task(drs, tenant, *, name="export-migr-01", status="INCRE_TRANSFER_STARTED", dbs=DBS):
    return mysql_migration_task(drs, tenant, name=name, status=status, dbs=dbs, rng_tag="export-test",
                                passwords=(SRC_PASSWORD, DST_PASSWORD))  # fmt: skip


@pytest.fixture
def world(drs, tenant):
    seed_demo(drs, tenant, 20)
    rec = make_task(drs, tenant)
    return drs, rec


@pytest.fixture
def client(world, server):
    with DrsClient(**server.client_kwargs()) as c:
        yield c


@pytest.fixture
def svc(client):
    return DrsService(client, profile="test", region="cn-north-4")


@pytest.fixture
def compared(world, client):
    """The task with a finished object, row and value comparison: (job_id, lines id, contents id)."""
    drs, rec = world
    objects = {db: [] for db in DBS}
    client.compare.create_object_job(rec.id)
    drs.clock.advance(120)
    lines = client.compare.create_table_job(rec.id, "lines", compare_object=objects).id
    drs.clock.advance(120)
    contents = client.compare.create_table_job(rec.id, "contents", compare_object=objects).id
    drs.clock.advance(120)
    return rec.id, lines, contents


def secrets_of(drs, tenant) -> set[str]:
    """Every endpoint password the local DRS holds, plus the tenant's AK/SK."""
    found = {SRC_PASSWORD, DST_PASSWORD, tenant.ak, tenant.sk.get_secret_value()}
    for use in ALL_DB_USE_TYPES:
        _, recs = drs.store.query_jobs(tenant.project_id, db_use_type=use, limit=10_000)
        for summary in recs:
            rec = drs.store.get_job(summary.id)
            for side in (rec.data.get("secrets") or {}).values():
                found.update(str(v) for v in (side or {}).values() if v)
    return {s for s in found if len(s) >= 6}


def all_cells(wb):
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                yield ws.title, cell


def data_rows(ws) -> int:
    return sum(1 for row in ws.iter_rows(min_row=2, values_only=True) if any(v is not None for v in row))


def header(ws) -> list[str]:
    return [c.value for c in next(ws.iter_rows(min_row=1, max_row=1))]


def pairs(ws) -> dict[str, object]:
    """Column A label → column B value of a key/value sheet."""
    return {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r and isinstance(r[0], str) and len(r) > 1}


# ---------------------------------------------------------------------------
# The comparison workbook
# ---------------------------------------------------------------------------


@pytest.fixture
def workbook(svc, compared, tmp_path):
    job_id, _, _ = compared
    calls: list[tuple[int, int | None]] = []
    path = export_comparison(
        svc, job_id, tmp_path / "cmp.xlsx", include_params=True, include_precheck=True,
        progress=lambda done, total: calls.append((done, total)),
    )  # fmt: skip
    return openpyxl.load_workbook(path), calls


def test_sheets_in_order_with_optional_ones(svc, compared, workbook, tmp_path):
    wb, _ = workbook
    assert wb.sheetnames == ["Summary", *DATA_SHEETS]
    plain = openpyxl.load_workbook(export_comparison(svc, compared[0], tmp_path / "plain.xlsx"))
    assert plain.sheetnames == ["Summary", "Objects", "Object details", "Rows", "Values", "Value differences"]


def test_headers_are_the_frame_labels_with_frozen_panes_and_autofilter(workbook):
    wb, _ = workbook
    for sheet, frame in DATA_SHEETS.items():
        ws = wb[sheet]
        assert header(ws) == [c.label for c in FRAMES[frame].columns], sheet
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
        first = ws["A1"]
        assert first.font.bold and first.fill.fgColor.rgb == export.HEADER_FILL
        assert ws.column_dimensions["A"].width and ws.column_dimensions["A"].width >= len(first.value)


def test_row_counts_equal_the_api_totals(client, compared, workbook):
    wb, _ = workbook
    job_id, lines, contents = compared
    cmp = client.compare
    overview = cmp.object_overview(job_id)
    assert data_rows(wb["Objects"]) == len(overview.compare_result) > 0
    detail_total = sum(
        cmp.object_detail(job_id, r.type.value, compare_job_id=overview.compare_job_id, limit=1).count
        for r in overview.compare_result
        if r.type is not None and r.type.value != "EXTENSIONS"
    )
    assert data_rows(wb["Object details"]) == detail_total > 0
    line_total = sum(cmp.line_detail(job_id, lines, db_name=db, limit=1).total_count for db in DBS)
    assert data_rows(wb["Rows"]) == line_total > 0
    assert data_rows(wb["Values"]) == cmp.content_detail(job_id, contents, limit=1).total_count > 0
    diff_total = cmp.content_difference(job_id, contents, limit=1).count
    assert diff_total > 0
    assert data_rows(wb["Value differences"]) == diff_total


def test_numbers_dates_and_booleans_are_real_excel_types(workbook):
    wb, _ = workbook
    rows = wb["Rows"]
    labels = header(rows)
    src = labels.index("Source rows") + 1
    consistent = labels.index("Consistent") + 1
    for r in range(2, rows.max_row + 1):
        cell = rows.cell(r, src)
        assert isinstance(cell.value, int) and not isinstance(cell.value, bool)
        assert cell.data_type == "n" and cell.number_format == "#,##0"
        assert isinstance(rows.cell(r, consistent).value, bool)
    values = wb["Values"]
    pct = header(values).index("Progress %") + 1
    for r in range(2, values.max_row + 1):  # 100.0 is stored as "100" and read back as an int
        cell = values.cell(r, pct)
        assert cell.data_type == "n" and isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool)
        assert cell.number_format == "0.0"
    summary = wb["Summary"]
    dates = [c for row in summary.iter_rows() for c in row if isinstance(c.value, datetime)]
    assert len(dates) >= 6  # exported-at + created/start/end of the comparisons
    assert all(c.is_date and c.value.tzinfo is None for c in dates)
    assert not any(isinstance(c.value, str) and c.value[:4].isdigit() and "-" in c.value[:8] for c in dates)


def test_inconsistent_rows_are_filled_and_consistent_rows_are_not(workbook):
    wb, _ = workbook
    for sheet in ("Rows", "Values", "Object details", "Objects"):
        ws = wb[sheet]
        col = header(ws).index("Consistent") + 1
        seen = set()
        for r in range(2, ws.max_row + 1):
            value = ws.cell(r, col).value
            fills = {ws.cell(r, c).fill.fgColor.rgb for c in range(1, ws.max_column + 1)}
            if value is False:
                assert fills == {WARN_FILL}, (sheet, r)
            else:
                assert WARN_FILL not in fills, (sheet, r)
            seen.add(value)
        assert False in seen, sheet  # the fixture's comparisons do find differences
    params = wb["Parameters"]
    differs = header(params).index("Differs") + 1
    error = header(params).index("Error code") + 1
    for r in range(2, params.max_row + 1):  # a differing parameter, or the task's error row (4.1.9 needs CONFIGURATION)
        filled = params.cell(r, 1).fill.fgColor.rgb == WARN_FILL
        assert filled == (params.cell(r, differs).value is True or params.cell(r, error).value is not None)


def test_no_secret_in_any_cell(world, tenant, workbook):
    wb, _ = workbook
    drs, _ = world
    secrets = secrets_of(drs, tenant)
    assert SRC_PASSWORD in secrets and len(secrets) > 10
    for sheet, cell in all_cells(wb):
        if isinstance(cell.value, str):
            for secret in secrets:
                assert secret not in cell.value, f"secret in {sheet}!{cell.coordinate}"
        if cell.hyperlink is not None:
            assert not any(s in str(cell.hyperlink.location or cell.hyperlink.target) for s in secrets)
    text = " ".join(str(c.value) for _, c in all_cells(wb) if c.value is not None)
    assert "192.0.2.10:3306 as drs" in text  # the masked endpoint description is there instead


def test_summary_has_task_comparisons_verdicts_links_and_metadata(server, compared, workbook):
    wb, _ = workbook
    job_id, lines, contents = compared
    ws = wb["Summary"]
    kv = pairs(ws)
    assert kv["Task ID"] == job_id and kv["Task name"] == "export-migr-01"
    assert kv["Profile"] == "test" and kv["Region"] == "cn-north-4"
    assert kv["Endpoint"] == server.endpoint
    assert kv["Project"] == server.client_kwargs()["project_id"]
    assert kv["Tool version"] == f"drstui {drstui.__version__}"
    assert isinstance(kv["Exported at"], datetime)
    rows = {r[0]: r for r in ws.iter_rows(values_only=True) if r[0] in ("Object comparison", "Row comparison", "Value comparison")}
    assert set(rows) == {"Object comparison", "Row comparison", "Value comparison"}
    assert rows["Row comparison"][1] == lines and rows["Value comparison"][1] == contents
    for r in rows.values():
        assert r[2] == "SUCCESSFUL"
        assert r[9].startswith("INCONSISTENT") or r[9].startswith("consistent")
    assert rows["Value comparison"][8] == data_rows(wb["Value differences"])
    links = {c.hyperlink.location for row in ws.iter_rows() for c in row if c.hyperlink is not None}
    for sheet in ["Objects", "Rows", "Value differences", "Parameters", "Pre-check"]:
        assert f"'{sheet}'!A1" in links


def test_progress_reaches_the_total(workbook):
    _, calls = workbook
    assert calls[0][0] == 0 and calls[-1][0] == calls[-1][1] > 0
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_value_differences_continue_on_a_second_sheet(svc, client, compared, tmp_path, monkeypatch):
    job_id, _, contents = compared
    total = client.compare.content_difference(job_id, contents, limit=1).count
    assert total > 6
    monkeypatch.setattr(export, "MAX_SHEET_ROWS", 6)  # header + 5 rows per sheet
    wb = openpyxl.load_workbook(export_comparison(svc, job_id, tmp_path / "split.xlsx"))
    parts = [s for s in wb.sheetnames if s.startswith("Value differences")]
    assert parts[:2] == ["Value differences", "Value differences (2)"]
    assert len(parts) == -(-total // 5)
    assert sum(data_rows(wb[s]) for s in parts) == total
    assert all(header(wb[s]) == [c.label for c in FRAMES["content_differences"].columns] for s in parts)
    notes = " ".join(str(v) for row in wb["Summary"].iter_rows(values_only=True) for v in row if v)
    assert "continue on 'Value differences (2)'" in notes


def test_max_difference_rows_caps_and_says_so(svc, compared, tmp_path):
    job_id, _, _ = compared
    wb = openpyxl.load_workbook(export_comparison(svc, job_id, tmp_path / "cap.xlsx", max_difference_rows=2))
    ws = wb["Value differences"]
    per_table = pd.Series([r[1] for r in ws.iter_rows(min_row=2, values_only=True)]).value_counts()
    assert (per_table <= 2).all() and len(per_table) >= 1
    notes = " ".join(str(v) for row in wb["Summary"].iter_rows(values_only=True) for v in row if v)
    assert "cut short (at most 2 rows per table)" in notes


def test_a_task_without_comparisons_exports_with_not_run_verdicts(svc, world, tmp_path):
    _, rec = world
    wb = openpyxl.load_workbook(export_comparison(svc, rec.id, tmp_path / "none.xlsx"))
    verdicts = {r[0]: r[9] for r in wb["Summary"].iter_rows(values_only=True) if r[0] and str(r[0]).endswith("comparison")}
    assert verdicts == {"Object comparison": "not run", "Row comparison": "not run", "Value comparison": "not run"}
    assert all(data_rows(wb[s]) == 0 for s in ("Rows", "Values", "Value differences"))


def test_unknown_task_raises_with_the_drs_code(svc, tmp_path):
    with pytest.raises(TaskNotFoundError, match=r"DRS\.M05003") as info:
        export_comparison(svc, "6611d4b0-011e-4810-8c9b-d226881jb1aa", tmp_path / "x.xlsx")
    assert "Suggestion" in str(info.value)
    assert not (tmp_path / "x.xlsx").exists()


# ---------------------------------------------------------------------------
# Single-frame workbooks
# ---------------------------------------------------------------------------


def test_export_frame_of_the_tasks_frame(svc, tmp_path):
    df = svc.tasks()
    path = export_frame(df, "tasks", tmp_path / "tasks.xlsx", sheet="Tasks", service=svc)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Tasks", "About"]
    ws = wb["Tasks"]
    assert header(ws) == [c.label for c in FRAMES["tasks"].columns]
    assert data_rows(ws) == len(df) > 20
    labels = header(ws)
    created = labels.index("Created") + 1
    progress = labels.index("Progress %") + 1
    status = labels.index("Status") + 1
    children = labels.index("Subtasks") + 1
    for r in range(2, ws.max_row + 1):
        assert ws.cell(r, created).is_date and isinstance(ws.cell(r, created).value, datetime)
        assert ws.cell(r, created).number_format == export.NUMBER_FORMATS["datetime"]
        assert isinstance(ws.cell(r, status).value, str)
        cell = ws.cell(r, progress)
        assert cell.value is None or (cell.data_type == "n" and isinstance(cell.value, (int, float)))
        assert isinstance(ws.cell(r, children).value, int)
    first = df.iloc[0]
    assert ws.cell(2, created).value == first["created"].tz_convert("UTC").tz_localize(None).to_pydatetime()
    about = pairs(wb["About"])
    assert about["Tool version"] == f"drstui {drstui.__version__}" and about["Profile"] == "test"
    assert about["Sheet Tasks"] == f"{len(df):,} rows"


def test_export_frame_keeps_text_text_and_extra_columns(tmp_path):
    df = pd.DataFrame(
        {
            "id": ["=HYPERLINK(\"http://x\")", "#N/A", "bell\x07here"],
            "when": pd.to_datetime(["2025-01-02T03:04:05+08:00", None, "2025-06-01T00:00:00Z"], utc=True),
            "n": pd.array([1, None, 3], dtype="Int64"),
            "extra": [1.5, float("nan"), 2.5],
        }
    )
    spec = FRAMES["tasks"]
    wb = openpyxl.load_workbook(export_frame(df, spec, tmp_path / "f.xlsx"))
    ws = wb.worksheets[0]
    assert header(ws) == ["Task ID", "when", "n", "extra"]
    assert ws["A2"].data_type == "s" and ws["A2"].value == '=HYPERLINK("http://x")'
    assert ws["A3"].data_type == "s" and ws["A3"].value == "#N/A"
    assert ws["A4"].value == "bell\ufffdhere"
    assert ws["B2"].value == datetime(2025, 1, 1, 19, 4, 5) and ws["B2"].is_date  # UTC, naive
    assert ws["B3"].value is None
    assert ws["C2"].value == 1 and ws["C3"].value is None and ws["D3"].value is None


def test_export_params_of_a_configuration_task_fills_the_differences(svc, world, tenant, tmp_path):
    drs, _ = world
    rec = make_task(drs, tenant, name="export-cfg-01", status="CONFIGURATION")
    wb = openpyxl.load_workbook(export_params(svc, rec.id, tmp_path / "p.xlsx"))
    ws = wb["Parameters"]
    labels = header(ws)
    differs, error = labels.index("Differs") + 1, labels.index("Error code") + 1
    seen = []
    for r in range(2, ws.max_row + 1):
        assert ws.cell(r, error).value is None
        value = ws.cell(r, differs).value
        seen.append(value)
        assert (ws.cell(r, 1).fill.fgColor.rgb == WARN_FILL) == (value is True)
    assert True in seen and False in seen


def test_export_tasks_params_precheck(svc, world, tmp_path):
    _, rec = world
    wb = openpyxl.load_workbook(export_tasks(svc, tmp_path / "t.xlsx", statuses=["INCRE_TRANSFER_STARTED"]))
    ws = wb["Tasks"]
    status = header(ws).index("Status") + 1
    assert data_rows(ws) >= 1
    assert {ws.cell(r, status).value for r in range(2, ws.max_row + 1)} == {"INCRE_TRANSFER_STARTED"}
    wb = openpyxl.load_workbook(export_params(svc, rec.id, tmp_path / "p.xlsx"))
    assert wb.sheetnames == ["Parameters", "About"]
    assert header(wb["Parameters"]) == [c.label for c in FRAMES["params"].columns]
    wb = openpyxl.load_workbook(export_precheck(svc, rec.id, tmp_path / "q.xlsx"))
    assert wb.sheetnames == ["Pre-check", "About"]
    assert header(wb["Pre-check"]) == [c.label for c in FRAMES["precheck"].columns]


def test_export_rows_streams_and_continues(tmp_path, monkeypatch):
    monkeypatch.setattr(export, "MAX_SHEET_ROWS", 11)
    items = [
        {"source_key_value": [f"id={i}"], "target_key_value": [] if i % 3 else [f"id={i}"],
         "select_sql": f"select * from t where id = {i}", "target_select_sql": None}
        for i in range(25)
    ]  # fmt: skip
    seen = []
    result = export_rows(
        value_difference_rows("db", "t", iter(items)), "content_differences", tmp_path / "r.xlsx",
        sheet="Value differences", text_only=True, progress=lambda d, t: seen.append(d), total=25,
    )  # fmt: skip
    assert result.rows == 25 and result.sheets == ["Value differences", "Value differences (2)", "Value differences (3)"]
    wb = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert [data_rows(wb[s]) for s in result.sheets] == [10, 10, 5]
    assert wb["Value differences"]["C2"].value == "id=0" and wb["Value differences"]["D3"].value is None
    assert seen[-1] == 25


def test_one_number_format_map():
    for spec in FRAMES.values():
        for c in spec.columns:
            fmt = export.number_format(c)
            if c.dtype in ("Int64", "Float64", UTC_DATETIME):
                assert fmt, (spec.name, c.name)
            if c.dtype in ("string", "boolean", "category", "status"):
                assert fmt is None, (spec.name, c.name)
    assert MAX_SHEET_ROWS == 1_048_576


def test_export_never_writes_a_half_file(svc, tmp_path):
    target = tmp_path / "missing-dir" / "x.xlsx"
    with pytest.raises(FileNotFoundError):
        export_frame(pd.DataFrame({"id": ["a"]}), "tasks", target)
    assert not target.parent.exists()
    assert list(Path(tmp_path).iterdir()) == []


def test_a_failure_mid_export_leaves_no_file(svc, compared, tmp_path, monkeypatch):
    job_id, _, _ = compared

    def boom(*args, **kwargs):
        raise RuntimeError("network gone")

    monkeypatch.setattr(type(svc.client.compare), "content_difference", boom)
    with pytest.raises(RuntimeError, match="network gone"):
        export_comparison(svc, job_id, tmp_path / "x.xlsx")
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ValueError, match="at least 1"):
        export_comparison(svc, job_id, tmp_path / "x.xlsx", max_difference_rows=0)
