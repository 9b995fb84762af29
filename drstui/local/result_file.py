"""Comparison result workbooks for the local DRS (4.1.36 export / 4.1.37 download).

`build_result_workbook` writes a real ``.xlsx`` (openpyxl, write-only mode, so even a large
difference sheet streams row by row) from the deterministic content of
`drstui.local.content`. Every sheet starts with a bold header row.

Sheets per ``kind`` (the 4.1.36/4.1.37 ``compare_type``):

- ``objects_comparison``: Summary, Object Overview, Object Details
- ``lines``: Summary, Row Overview, Row Details
- ``contents`` / ``random``: Summary, Value Overview, Value Details, Value Differences
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from drstui.local import content as c

__all__ = ["build_result_workbook", "RESULT_KINDS", "SHEETS", "XLSX_MEDIA_TYPE"]

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: accepted ``kind`` spellings -> canonical kind
RESULT_KINDS = {
    "objects_comparison": "objects_comparison",
    "object_comparison": "objects_comparison",
    "objects": "objects_comparison",
    "lines": "lines",
    "contents": "contents",
    "random": "random",
}

SHEETS = {
    "objects_comparison": ("Summary", "Object Overview", "Object Details"),
    "lines": ("Summary", "Row Overview", "Row Details"),
    "contents": ("Summary", "Value Overview", "Value Details", "Value Differences"),
    "random": ("Summary", "Value Overview", "Value Details", "Value Differences"),
}

_LABEL = {
    "objects_comparison": "Object-level comparison",
    "lines": "Row comparison",
    "contents": "Value comparison",
    "random": "Sampling comparison",
}

_RESULT = {0: "Inconsistent", 2: "Consistent", 3: "Incomplete", 5: "Comparing", 6: "Waiting",
           23: "Not compared (over 100 million rows)"}

_DIFF_KIND = {"source_only": "Only in source", "target_only": "Only in destination", "changed": "Values differ"}


def _result(code: int) -> str:
    return _RESULT.get(int(code), c.compare_status_text(code).replace("_", " ").capitalize())


def _sheet(wb: Workbook, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]],
           widths: Sequence[int] | None = None) -> int:
    ws = wb.create_sheet(title)
    for i, w in enumerate(widths or [max(12, len(h) + 4) for h in header]):
        ws.column_dimensions[_col(i)].width = w
    ws.freeze_panes = "A2"
    head = []
    for h in header:
        cell = WriteOnlyCell(ws, value=h)
        cell.font = Font(bold=True)
        head.append(cell)
    ws.append(head)
    n = 0
    for row in rows:
        ws.append(list(row))
        n += 1
    return n


def _col(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def _yes_no(flag: bool | None, yes: str = "Consistent", no: str = "Inconsistent") -> str:
    return "" if flag is None else (yes if flag else no)


def build_result_workbook(
    kind: str,
    task_name: str,
    schema: c.Schema,
    *,
    compare_job_id: str | None = None,
    generated_ms: int | None = None,
    tz_minutes: int = 0,
    max_diff_rows: int = 10_000,
) -> bytes:
    """The ``.xlsx`` bytes of a comparison report for ``schema`` (see `content.task_schema`).

    ``kind`` is the 4.1.36 ``compare_type`` (``objects_comparison``, ``lines``, ``contents``,
    ``random``; ``objects``/``object_comparison`` are accepted too). ``generated_ms`` is shown
    on the Summary sheet and stamped into the document properties. The value-difference sheet
    holds at most ``max_diff_rows`` rows (streamed from `content.content_difference_page`);
    when cut, a last row says how many were left out. Raises ``ValueError`` for an unknown kind.
    """
    canon = RESULT_KINDS.get(str(getattr(kind, "value", kind)))
    if canon is None:
        raise ValueError(f"unknown comparison result kind {kind!r}; expected one of {sorted(RESULT_KINDS)}")

    wb = Workbook(write_only=True)
    if generated_ms is not None:
        stamp = datetime.fromtimestamp(generated_ms / 1000, tz=timezone.utc).replace(tzinfo=None)
        wb.properties.created = wb.properties.modified = stamp
    wb.properties.title = f"{task_name} - {_LABEL[canon]}"
    wb.properties.creator = "drstui local DRS"

    if canon == "objects_comparison":
        overview = c.object_compare_overview(schema)
        consistent = all(o["status"] == 2 for o in overview)
    elif canon == "lines":
        overview = c.line_overview(schema)
        consistent = all(o["status"] == 2 for o in overview)
    else:
        overview = c.content_overview(schema)
        consistent = all(o["status"] == 2 for o in overview)

    summary = [
        ("Task", task_name),
        ("Comparison type", _LABEL[canon]),
        ("Comparison ID", compare_job_id or ""),
        ("Generated", "" if generated_ms is None else
         c._space_time(generated_ms, tz_minutes) + f" (UTC{tz_minutes // 60:+03d}:{abs(tz_minutes) % 60:02d})"),
        ("Databases", len(schema)),
        ("Tables", sum(len(d["tables"]) for d in schema)),
        ("Result", "Consistent" if consistent else "Inconsistent"),
    ]
    _sheet(wb, "Summary", ("Item", "Value"), summary, widths=(20, 60))

    if canon == "objects_comparison":
        _sheet(wb, "Object Overview", ("Object Type", "Source Count", "Target Count", "Result"),
               ((o["type"], o["source_count"], o["target_count"], _result(o["status"])) for o in overview))

        def detail_rows():
            for o in overview:
                for r in c.object_compare_details(schema, None, o["type"]):
                    yield (o["type"], r["source_db_name"], r["target_db_name"], r["source_db_value"] or "",
                           r["target_db_value"] or "", _result(r["status"]), r["error_message"] or "")

        _sheet(wb, "Object Details", ("Object Type", "Source Database", "Target Database", "Source Object",
                                      "Target Object", "Result", "Error Message"), detail_rows(),
               widths=(12, 18, 18, 36, 36, 14, 70))

    elif canon == "lines":
        _sheet(wb, "Row Overview", ("Source Database", "Target Database", "Result", "Tables", "Compared",
                                    "Inconsistent Tables", "Uncomparable Tables"),
               ((o["source_db_name"], o["target_db_name"], _result(o["status"]), o["compare_num"],
                 o["compare_end_num"], o["data_inconsistent_num"], o["uncomparable_num"]) for o in overview))

        def line_rows():
            for d in schema:
                for r in c.line_details(schema, None, d["db"]):
                    yield (d["db"], r["source_table_name"], r["source_row_num"], d["target_db"],
                           r["target_table_name"], r["target_row_num"], r["difference_row_num"],
                           _result(r["status"]), r["compare_line_config_filter"] or "")

        _sheet(wb, "Row Details", ("Source Database", "Source Table", "Source Rows", "Target Database",
                                   "Target Table", "Target Rows", "Row Difference", "Result", "Row Filter"),
               line_rows())

    else:
        _sheet(wb, "Value Overview", ("Source Database", "Target Database", "Result", "Tables", "Compared",
                                      "Inconsistent Tables", "Uncomparable Tables"),
               ((o["source_db"], o["target_db"], _result(o["status"]), o["compare_num"], o["compare_end_num"],
                 o["data_inconsistent_num"], o["uncomparable_num"]) for o in overview))

        def value_rows():
            for d in schema:
                for r in c.content_details(schema, None, d["db"]):
                    yield (r["source_db"], r["source_table_name"], r["source_row_num"], r["target_db"],
                           r["target_table_name"], r["target_row_num"], r["difference_row_num"],
                           _yes_no(r["line_compare_result"]),
                           _yes_no(r["content_compare_result"]) if r["content_compare_result"] is not None
                           else "Cannot compare",
                           r["message"] or "")

        _sheet(wb, "Value Details", ("Source Database", "Source Table", "Source Rows", "Target Database",
                                     "Target Table", "Target Rows", "Differing Rows", "Row Count Result",
                                     "Value Result", "Message"), value_rows())

        def diff_rows():
            budget = max(0, max_diff_rows)
            left_out = 0
            for d in schema:
                for t in d["tables"]:
                    counts = c.content_difference_counts(schema, d["db"], t["name"])
                    total = counts["count"]
                    take = min(total, budget)
                    budget -= take
                    left_out += total - take
                    gen = c._diff_rows(schema, None, d["db"], t["name"])
                    chunk = 1000
                    for off in range(0, take, chunk):
                        for i, r in enumerate(c.content_difference_page(schema, None, d["db"], t["name"],
                                                                        off, min(chunk, take - off)), start=off):
                            yield (d["db"], t["name"], _DIFF_KIND[gen.category(i)] if gen else "",
                                   ", ".join(r["source_key_value"]), ", ".join(r["target_key_value"]),
                                   r["select_sql"], r["target_select_sql"])
            if left_out:
                yield ("", "", f"{left_out} more differing rows not listed", "", "", "", "")

        _sheet(wb, "Value Differences", ("Source Database", "Source Table", "Difference Type", "Source Key",
                                         "Target Key", "Source SQL", "Target SQL"), diff_rows(),
               widths=(16, 18, 20, 30, 30, 60, 60))

    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
