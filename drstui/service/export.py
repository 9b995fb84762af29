"""Excel export of comparisons, tasks, parameters, pre-checks and any frame — openpyxl only.

    from drstui.service import connect
    from drstui.service.export import export_comparison
    export_comparison(connect(), job_id, "report.xlsx", include_params=True)

Every workbook is written in openpyxl's write-only mode: styles are created once per
workbook and shared by reference, rows go to disk as they are appended, and the value
differences of a comparison (4.1.32) are fetched page by page (one page prefetched while the
previous one is written) — a million differing rows never become a DataFrame, so memory
stays bounded. A sheet that reaches Excel's 1,048,576 rows continues on ``"<name> (2)"``.

Sheet columns, labels and dtypes come from `drstui.service.columns.FRAMES` (the spec the TUI
uses); number and date formats come from `NUMBER_FORMATS` (keyed by a column's ``fmt`` hint,
else its dtype). Numbers, booleans and dates are written as Excel numbers, booleans and dates
(aware timestamps are converted to UTC and made naive only when written — Excel has no
time zones); header rows are styled, panes frozen under the header, autofilter on, and rows
that show an inconsistency or a failure (``consistent`` false, ``differs`` true, a failed/alarm
pre-check item, a failed action, an error code) are filled in `WARN_FILL`. No secret reaches a cell: endpoints are the
service's masked one-line descriptions and the metadata block names the profile, endpoint
URL and project only.

Nothing here imports textual; pandas is imported when a frame is written.
"""

from __future__ import annotations

import math
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .columns import FRAMES, UTC_DATETIME, Column, FrameSpec

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .service import DrsService

__all__ = [
    "NUMBER_FORMATS",
    "WARN_FILL",
    "MAX_SHEET_ROWS",
    "SHEETS",
    "number_format",
    "export_comparison",
    "export_tasks",
    "export_params",
    "export_precheck",
    "export_frame",
    "export_rows",
    "value_difference_rows",
    "ExportResult",
    "TaskNotFoundError",
    "filtered_tasks",
]

ProgressCallback = Callable[[int, "int | None"], None]

#: Excel's row limit per sheet (header included).
MAX_SHEET_ROWS = 1_048_576
#: Excel's limit on the characters of one cell.
MAX_CELL_CHARS = 32_767
#: Fill of a row that shows an inconsistency (amber, ARGB).
WARN_FILL = "FFFFE699"
HEADER_FILL = "FF1F4E78"
DATE_FORMAT = "yyyy-mm-dd hh:mm:ss"

#: THE number/date format map: a column's ``fmt`` hint first, else its dtype.
NUMBER_FORMATS: dict[str, str] = {
    # Column.fmt hints used by FRAMES
    "datetime": DATE_FORMAT,
    "date": "yyyy-mm-dd",
    "0": "0",
    "0.0": "0.0",
    "0%": "0%",
    "#,##0": "#,##0",
    "#,##0.0": "#,##0.0",
    # dtype defaults
    UTC_DATETIME: DATE_FORMAT,
    "datetime64[ns]": DATE_FORMAT,
    "Int64": "#,##0",
    "Float64": "#,##0.0##",
}

#: Sheet names of a comparison workbook, in order.
SHEETS: dict[str, str] = {
    "summary": "Summary",
    "objects": "Objects",
    "object_details": "Object details",
    "rows": "Rows",
    "values": "Values",
    "differences": "Value differences",
    "params": "Parameters",
    "precheck": "Pre-check",
}

_ERROR_STRINGS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"})
_ILLEGAL_RE = re.compile(r"[\000-\010\013\014\016-\037]")
_DIFF_PAGE = 1000


def number_format(column: Column) -> str | None:
    """The Excel number format of a column (None for text and booleans)."""
    if column.fmt and column.fmt in NUMBER_FORMATS:
        return NUMBER_FORMATS[column.fmt]
    return NUMBER_FORMATS.get(column.dtype)


def _text(value: str) -> str:
    """A string Excel accepts: no control characters, at most 32,767 characters."""
    if not value.isprintable():
        value = _ILLEGAL_RE.sub("\ufffd", value)
    return value[:MAX_CELL_CHARS] if len(value) > MAX_CELL_CHARS else value


def _needs_text_cell(value: str) -> bool:
    """openpyxl would write this string as a formula or an error value: force text."""
    return (value[:1] == "=" and len(value) > 1) or value in _ERROR_STRINGS


def _excel_datetime(value: Any) -> datetime | date | None:
    """Aware → UTC naive (at write time only); pandas Timestamps → datetime; NaT → None."""
    if value is None:
        return None
    if hasattr(value, "to_pydatetime"):
        if value != value:  # NaT
            return None
        value = value.to_pydatetime()
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def _plain(value: Any) -> Any:
    """One value as an Excel-native Python value (str, int, float, bool, naive datetime or None)."""
    if value is None:
        return None
    if isinstance(value, Enum):
        value = value._value_
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, (int, float)):
        if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
            return None
        return value
    if isinstance(value, (datetime, date)) or hasattr(value, "to_pydatetime"):
        return _excel_datetime(value)
    try:
        import numpy as np

        if isinstance(value, np.bool_):
            return bool(value)
        if isinstance(value, np.integer):
            return int(value)
        if isinstance(value, np.floating):
            return None if np.isnan(value) else float(value)
    except ImportError:  # pragma: no cover
        pass
    try:
        if value != value:  # pd.NA raises, NaN-likes are unequal to themselves
            return None
    except TypeError:
        return None
    if isinstance(value, (list, tuple, set)):
        return _text(", ".join(str(v) for v in value))
    return _text(str(value))


# ---------------------------------------------------------------------------
# The write-only workbook
# ---------------------------------------------------------------------------


class _Styles:
    """Every style of a workbook, created once; cells share the resulting style arrays."""

    def __init__(self, book: _Book) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self._book = book
        self.header_font = Font(bold=True, color="FFFFFFFF")
        self.header_fill = PatternFill("solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
        self.header_align = Alignment(vertical="center", wrap_text=True)
        self.header_border = Border(bottom=Side(style="thin", color="FF000000"))
        self.warn_fill = PatternFill("solid", start_color=WARN_FILL, end_color=WARN_FILL)
        self.bold = Font(bold=True)
        self.title = Font(bold=True, size=14)
        self.link = Font(color="FF0563C1", underline="single")
        self._arrays: dict[tuple[Any, ...], Any] = {}

    def array(self, *, fmt: str | None = None, warn: bool = False, kind: str = "cell") -> Any:
        """The shared style array of a (number format, warning fill, kind) combination."""
        key = (fmt, warn, kind)
        arr = self._arrays.get(key)
        if arr is None:
            from openpyxl.cell import WriteOnlyCell

            probe = WriteOnlyCell(self._book.style_sheet)
            if kind == "header":
                probe.font, probe.fill = self.header_font, self.header_fill
                probe.alignment, probe.border = self.header_align, self.header_border
            elif kind == "label":
                probe.font = self.bold
            elif kind == "title":
                probe.font = self.title
            elif kind == "link":
                probe.font = self.link
            if warn:
                probe.fill = self.warn_fill
            if fmt:
                probe.number_format = fmt
            arr = self._arrays[key] = probe._style
        return arr


@dataclass
class ExportResult:
    """What a sheet writer wrote: sheet titles (continuations included) and data rows."""

    sheets: list[str] = field(default_factory=list)
    rows: int = 0


class _SheetWriter:
    """Rows of one logical sheet; continues on ``"<title> (2)"``, … at the row limit."""

    def __init__(
        self,
        book: _Book,
        title: str,
        columns: Sequence[Column],
        *,
        widths: Sequence[float] | None = None,
    ) -> None:
        self.book = book
        self.title = title
        self.columns = list(columns)
        self.widths = list(widths) if widths is not None else [_spec_width(c) for c in self.columns]
        self.formats = [number_format(c) for c in self.columns]
        self.result = ExportResult()
        self._ws: Any = None
        self._sheet_rows = 0
        self._limit = max(2, int(MAX_SHEET_ROWS))
        self._plain_arrays = [book.styles.array(fmt=f) if f else None for f in self.formats]
        self._warn_arrays = [book.styles.array(fmt=f, warn=True) for f in self.formats]
        self._open()

    # -- sheets ------------------------------------------------------------------
    def _open(self) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.utils import get_column_letter

        n = len(self.result.sheets) + 1
        title = self.title if n == 1 else _sheet_title(f"{self.title} ({n})")
        ws = self.book.sheet(title)
        for i, width in enumerate(self.widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "A2"
        header_style = self.book.styles.array(kind="header")
        header = []
        for c in self.columns:
            cell = WriteOnlyCell(ws, _text(c.label))
            cell._style = header_style
            header.append(cell)
        ws.append(header)
        self._ws, self._sheet_rows = ws, 1
        self.result.sheets.append(title)

    def _close_sheet(self) -> None:
        from openpyxl.utils import get_column_letter

        if self._ws is not None and self.columns:
            last = get_column_letter(len(self.columns))
            self._ws.auto_filter.ref = f"A1:{last}{max(self._sheet_rows, 1)}"

    def close(self) -> ExportResult:
        self._close_sheet()
        self._ws = None
        return self.result

    def _room(self) -> Any:
        if self._sheet_rows >= self._limit:
            self._close_sheet()
            self._open()
        self._sheet_rows += 1
        self.result.rows += 1
        return self._ws

    # -- rows --------------------------------------------------------------------
    def append(self, values: Sequence[Any], warn: bool = False) -> None:
        """One row of Excel-native values (see `_plain`), in column order."""
        ws = self._room()
        arrays = self._warn_arrays if warn else self._plain_arrays
        row: list[Any] = []
        for value, arr in zip(values, arrays, strict=False):
            if arr is None and not (value.__class__ is str and _needs_text_cell(value)):
                row.append(value)
                continue
            row.append(self._cell(ws, value, arr))
        ws.append(row)

    def append_text(self, values: Sequence[str | None]) -> None:
        """Fast path for rows of strings only (the value differences): no styles, no conversion."""
        ws = self._room()
        for v in values:
            if v is not None and (v[:1] == "=" or v in _ERROR_STRINGS):
                ws.append([self._cell(ws, x, None) if isinstance(x, str) and _needs_text_cell(x) else x for x in values])
                return
        ws.append(values)

    def _cell(self, ws: Any, value: Any, arr: Any) -> Any:
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(ws, value)
        if value.__class__ is str and _needs_text_cell(value):
            cell.data_type = "s"
        if arr is not None:
            cell._style = arr
        return cell


def _sheet_title(title: str) -> str:
    """Excel: at most 31 characters, none of []:*?/\\ ."""
    title = re.sub(r"[\[\]:*?/\\]", "-", title)
    return title[:31]


def _spec_width(c: Column) -> float:
    base = c.width or (19 if c.dtype == UTC_DATETIME else 12)
    return float(min(max(base, len(c.label) + 2), 80))


def _target(path: str | os.PathLike[str]) -> Path:
    """The output path, checked before any work is done (its directory must exist)."""
    path = Path(path)
    if not path.parent.is_dir():
        raise FileNotFoundError(2, "No such directory", str(path.parent))
    return path


class _Book:
    """A write-only workbook with its styles; sheets are created in order and written as they go."""

    def __init__(self) -> None:
        from openpyxl import Workbook

        self.wb = Workbook(write_only=True)
        self._titles: set[str] = set()
        self._probe_ws = None
        self.styles = _Styles(self)

    @property
    def style_sheet(self) -> Any:
        # style probes need a worksheet of this workbook; any will do (they are never appended)
        if self._probe_ws is None:
            from openpyxl.worksheet._write_only import WriteOnlyWorksheet

            self._probe_ws = WriteOnlyWorksheet(self.wb, "probe")
        return self._probe_ws

    def sheet(self, title: str) -> Any:
        title = _sheet_title(title)
        if title in self._titles:
            raise ValueError(f"sheet {title!r} exists")
        self._titles.add(title)
        return self.wb.create_sheet(title)

    def writer(self, title: str, columns: Sequence[Column], **kwargs: Any) -> _SheetWriter:
        return _SheetWriter(self, title, columns, **kwargs)

    def __enter__(self) -> _Book:
        return self

    def __exit__(self, exc_type: Any, *exc: object) -> None:
        if exc_type is not None:
            self.discard()

    def discard(self) -> None:
        """Close every sheet of a workbook that will not be saved and delete its temporary files."""
        for ws in list(self.wb._sheets):
            try:
                if not ws.closed:
                    ws.close()
            except Exception:  # noqa: BLE001 — best effort: the export already failed
                pass
            out = getattr(getattr(ws, "_writer", None), "out", None)
            if isinstance(out, str) and os.path.exists(out):
                os.remove(out)

    def save(self, path: str | os.PathLike[str]) -> Path:
        path = _target(path)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            self.wb.save(tmp)
            os.replace(tmp, path)
        finally:
            if tmp.exists():
                tmp.unlink()
        return path


# ---------------------------------------------------------------------------
# Frames → sheets
# ---------------------------------------------------------------------------


def _spec_of(df: pd.DataFrame, spec: FrameSpec | str | None) -> list[Column]:
    """The spec's columns present in ``df`` (spec order), then any other columns of ``df``."""
    import pandas as pd

    if isinstance(spec, str):
        spec = FRAMES[spec]
    cols: list[Column] = []
    known: set[str] = set()
    if spec is not None:
        for c in spec.columns:
            if c.name in df.columns:
                cols.append(c)
                known.add(c.name)
    for name in df.columns:
        if name in known:
            continue
        s = df[name]
        if isinstance(s.dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_any_dtype(s.dtype):
            dtype = UTC_DATETIME
        elif pd.api.types.is_bool_dtype(s.dtype):
            dtype = "boolean"
        elif pd.api.types.is_integer_dtype(s.dtype):
            dtype = "Int64"
        elif pd.api.types.is_float_dtype(s.dtype):
            dtype = "Float64"
        else:
            dtype = "string"
        cols.append(Column(str(name), str(name), dtype))
    return cols


def _column_values(s: pd.Series) -> list[Any]:
    """A column as Excel-native Python values (vectorised where pandas can)."""
    import pandas as pd

    dtype = s.dtype
    na = s.isna().to_numpy()
    if isinstance(dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_any_dtype(dtype):
        if isinstance(dtype, pd.DatetimeTZDtype):
            s = s.dt.tz_convert("UTC").dt.tz_localize(None)
        return [None if m else v.to_pydatetime() for v, m in zip(s, na, strict=True)]
    if pd.api.types.is_bool_dtype(dtype):
        return [None if m else bool(v) for v, m in zip(s.to_numpy(dtype=object), na, strict=True)]
    if pd.api.types.is_integer_dtype(dtype):
        return [None if m else int(v) for v, m in zip(s.to_numpy(dtype=object), na, strict=True)]
    if pd.api.types.is_float_dtype(dtype):
        out: list[Any] = []
        for v, m in zip(s.to_numpy(dtype=object), na, strict=True):
            f = None if m else float(v)
            out.append(None if f is None or math.isnan(f) or math.isinf(f) else f)
        return out
    if isinstance(dtype, pd.CategoricalDtype) or isinstance(dtype, pd.StringDtype):
        return [None if m else _text(str(v._value_ if isinstance(v, Enum) else v)) for v, m in zip(s, na, strict=True)]
    return [_plain(v) for v in s.to_numpy(dtype=object)]


def _warn_mask(df: pd.DataFrame) -> list[bool]:
    """Rows that show an inconsistency or a failure (filled in `WARN_FILL`)."""
    import pandas as pd

    mask = pd.Series(False, index=df.index)
    if "consistent" in df.columns:
        mask |= (df["consistent"].astype("boolean") == False).fillna(False)  # noqa: E712
    if "differs" in df.columns:
        mask |= (df["differs"].astype("boolean") == True).fillna(False)  # noqa: E712
    if "ok" in df.columns:
        mask |= (df["ok"].astype("boolean") == False).fillna(False)  # noqa: E712
    if "result" in df.columns:
        mask |= df["result"].astype("string").str.upper().isin(["FAILED", "ALARM"]).fillna(False)
    if "error_code" in df.columns:
        mask |= df["error_code"].notna()
    return [bool(x) for x in mask.to_numpy()]


def _fitted_widths(columns: Sequence[Column], values: Sequence[list[Any]]) -> list[float]:
    widths = []
    for c, vals in zip(columns, values, strict=True):
        if c.dtype == UTC_DATETIME:
            widths.append(20.0)
            continue
        longest = len(c.label)
        for v in vals[:2000]:  # a sample is enough to fit a column
            if v is None:
                continue
            n = len(v) if isinstance(v, str) else (len(f"{v:,.1f}") if isinstance(v, float) else len(str(v)))
            if n > longest:
                longest = n
        widths.append(float(min(max(longest + 2, 6), 60)))
    return widths


def _write_frame(book: _Book, title: str, df: pd.DataFrame | None, spec: FrameSpec | str | None) -> ExportResult:
    import pandas as pd

    if df is None:
        df = pd.DataFrame()
    if isinstance(spec, str):
        spec = FRAMES[spec]
    if df.empty and spec is not None and len(df.columns) == 0:
        columns = list(spec.columns)
        w = book.writer(title, columns)
        return w.close()
    columns = _spec_of(df, spec)
    values = [_column_values(df[c.name]) for c in columns]
    w = book.writer(title, columns, widths=_fitted_widths(columns, values))
    warn = _warn_mask(df)
    for i, row in enumerate(zip(*values, strict=True)):
        w.append(row, warn[i])
    return w.close()


def _write_pairs(ws: Any, book: _Book, pairs: Iterable[tuple[str, Any]]) -> int:
    """``label | value`` rows (label bold, dates formatted); returns rows written."""
    from openpyxl.cell import WriteOnlyCell

    label = book.styles.array(kind="label")
    date_style = book.styles.array(fmt=DATE_FORMAT)
    n = 0
    for key, value in pairs:
        k = WriteOnlyCell(ws, key)
        k._style = label
        v = _plain(value)
        if isinstance(v, (datetime, date)):
            cell = WriteOnlyCell(ws, v)
            cell._style = date_style
            v = cell
        elif isinstance(v, str) and _needs_text_cell(v):
            cell = WriteOnlyCell(ws, v)
            cell.data_type = "s"
            v = cell
        ws.append([k, v])
        n += 1
    return n


def _metadata(service: DrsService | None = None, extra: Mapping[str, Any] | None = None) -> list[tuple[str, Any]]:
    """The metadata block: profile, endpoint, project, tool version, export time (no secrets)."""
    import drstui

    pairs: list[tuple[str, Any]] = []
    if service is not None:
        pairs += [
            ("Profile", service.profile),
            ("Region", service.region),
            ("Endpoint", _public_url(getattr(service.client, "endpoint", None))),
            ("Project", service.project_id),
        ]
    pairs += [
        ("Tool version", f"drstui {drstui.__version__}"),
        ("Exported at", datetime.now(UTC).replace(microsecond=0)),
        ("Times", "UTC"),
    ]
    for k, v in (extra or {}).items():
        pairs.append((k, v))
    return pairs


def _public_url(url: str | None) -> str | None:
    """An endpoint URL without any user:password@ part."""
    if not url:
        return url
    return re.sub(r"^([a-z][a-z0-9+.-]*://)[^/@]*@", r"\1", str(url), flags=re.IGNORECASE)


def _about_sheet(book: _Book, meta: list[tuple[str, Any]], sheets: Sequence[tuple[str, int]]) -> None:
    from openpyxl.cell import WriteOnlyCell

    ws = book.sheet("About")
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 48
    title = WriteOnlyCell(ws, "Export")
    title._style = book.styles.array(kind="title")
    ws.append([title])
    _write_pairs(ws, book, meta)
    ws.append([])
    _write_pairs(ws, book, [(f"Sheet {name}", _rows(rows)) for name, rows in sheets])


def export_frame(
    df: pd.DataFrame,
    spec: FrameSpec | str | None,
    path: str | os.PathLike[str],
    *,
    sheet: str | None = None,
    service: DrsService | None = None,
    meta: Mapping[str, Any] | None = None,
) -> Path:
    """Write one DataFrame (any frame the TUI shows) to a workbook: the data sheet, then an
    ``About`` sheet with the metadata block. ``spec`` (a `FrameSpec` or a `FRAMES` name) gives
    labels, order and formats; columns of ``df`` outside the spec follow with their own names."""
    if isinstance(spec, str):
        spec = FRAMES[spec]
    title = sheet or (spec.title.split(" (")[0] if spec is not None and spec.title else "Data")
    path = _target(path)
    with _Book() as book:
        result = _write_frame(book, title, df, spec)
        _about_sheet(book, _metadata(service, meta), [(s, result.rows) for s in result.sheets[:1]])
        return book.save(path)


def export_rows(
    rows: Iterable[Sequence[Any]],
    spec: FrameSpec | str,
    path: str | os.PathLike[str],
    *,
    sheet: str | None = None,
    text_only: bool = False,
    progress: ProgressCallback | None = None,
    total: int | None = None,
    meta: Mapping[str, Any] | None = None,
) -> ExportResult:
    """Stream rows (tuples in ``spec`` column order) to a workbook without holding them.

    ``text_only=True`` skips per-value conversion (every value must be ``str`` or None, as the
    rows of `value_difference_rows`). Continues on ``"<sheet> (2)"`` past Excel's row limit.
    """
    if isinstance(spec, str):
        spec = FRAMES[spec]
    path = _target(path)
    with _Book() as book:
        w = book.writer(sheet or spec.title.split(" (")[0] or "Data", spec.columns)
        _stream(w, rows, text_only=text_only, progress=progress, total=total)
        result = w.close()
        _about_sheet(book, _metadata(None, meta), [(", ".join(result.sheets), result.rows)])
        book.save(path)
    return result


def _stream(
    w: _SheetWriter,
    rows: Iterable[Sequence[Any]],
    *,
    text_only: bool,
    progress: ProgressCallback | None,
    total: int | None,
    done: int = 0,
    every: int = 10_000,
) -> int:
    append = w.append_text if text_only else (lambda r: w.append([_plain(v) for v in r]))
    n = 0
    for row in rows:
        append(row)
        n += 1
        if progress is not None and n % every == 0:
            progress(done + n, total)
    if progress is not None:
        progress(done + n, total)
    return n


# ---------------------------------------------------------------------------
# Value differences (4.1.32), streamed
# ---------------------------------------------------------------------------


def _join_keys(values: Any) -> str | None:
    if not values:
        return None
    if isinstance(values, str):
        return _text(values)
    return _text(", ".join(str(v) for v in values))


def value_difference_rows(db: str | None, table: str | None, items: Iterable[Any]) -> Iterator[tuple[str | None, ...]]:
    """Rows of the ``content_differences`` frame (text only) from 4.1.32 ``contents_infos``
    items (`ContentDifference` models or their wire dicts)."""
    db_text = _text(db) if db else None
    table_text = _text(table) if table else None
    for r in items:
        if isinstance(r, Mapping):
            src, dst, sql, tsql = (
                r.get("source_key_value"),
                r.get("target_key_value"),
                r.get("select_sql"),
                r.get("target_select_sql"),
            )
        else:
            src, dst, sql, tsql = r.source_key_value, r.target_key_value, r.select_sql, r.target_select_sql
        yield (
            db_text,
            table_text,
            _join_keys(src),
            _join_keys(dst),
            _text(sql) if sql else None,
            _text(tsql) if tsql else None,
        )


def _difference_pages(
    client: Any, job_id: str, compare_id: str, db: str | None, table: str | None, *, cap: int | None = None
) -> Iterator[tuple[list[Any], int | None]]:
    """Pages of one table's differences, the next page fetched while the caller writes this one."""
    cmp = client.compare

    def fetch(offset: int) -> Any:
        limit = _DIFF_PAGE if cap is None else max(1, min(_DIFF_PAGE, cap - offset))
        return cmp.content_difference(job_id, compare_id, db_name=db, table_name=table, offset=offset, limit=limit)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="drstui-export") as pool:
        pending = pool.submit(fetch, 0)
        offset = 0
        while True:
            page = pending.result()
            items = list(page.items)
            total = page.total
            offset += len(items)
            more = bool(items) and (total is None or offset < total) and (cap is None or offset < cap)
            if more:
                pending = pool.submit(fetch, offset)
            yield items, total
            if not more:
                return


# ---------------------------------------------------------------------------
# The comparison workbook
# ---------------------------------------------------------------------------


def _safe(call: Callable[[], Any], notes: list[str], what: str) -> Any:
    from ..api.errors import DrsError

    try:
        return call()
    except (DrsError, LookupError) as exc:
        notes.append(f"{what}: {_one_line(exc)}")
        return None


def _one_line(exc: BaseException) -> str:
    code = getattr(exc, "error_code", None)
    msg = getattr(exc, "error_msg", None) or str(exc)
    text = f"{code}: {msg}" if code and code not in msg else msg
    return " ".join(text.split())


class TaskNotFoundError(LookupError):
    """The task of an export does not exist (or cannot be read); the message has the DRS code."""


def _check_task(detail: pd.DataFrame, job_id: str) -> None:
    if detail.empty:
        raise TaskNotFoundError(f"task {job_id} not found")
    row = detail.iloc[0]
    code = _na(row.get("error_code"))
    if code and _na(row.get("name")) is None and _na(row.get("status")) is None:
        from .frames import suggestion_for

        _, hint = suggestion_for(str(code))
        msg = _na(row.get("error_message")) or "the task cannot be read"
        text = f"{code}: {msg}" + (f" Suggestion: {hint}" if hint else "")
        raise TaskNotFoundError(f"task {job_id}: {text}")


def _latest(ct: pd.DataFrame | None, types: Sequence[str]) -> dict[str, Any] | None:
    """The newest comparison of one of ``types`` in a `compare_tasks` frame (by start, else creation)."""
    if ct is None or ct.empty:
        return None
    best: dict[str, Any] | None = None
    best_key = float("-inf")
    for rec in ct.to_dict("records"):
        if str(_na(rec.get("type"))) not in types:
            continue
        when = _na(rec.get("start_time")) or _na(rec.get("created"))
        key = when.timestamp() if when is not None else float("-inf")
        if best is None or key > best_key:
            best, best_key = rec, key
    return best


def _pick(ct: pd.DataFrame | None, compare_id: str) -> dict[str, Any] | None:
    if ct is None or ct.empty:
        return None
    sel = ct[ct["compare_id"].astype("string") == compare_id]
    return None if sel.empty else sel.iloc[0].to_dict()


def _na(v: Any) -> Any:
    try:
        return None if v is None or v != v else v
    except (TypeError, ValueError):
        return None


def _count(df: pd.DataFrame | None, column: str, value: Any) -> int:
    if df is None or df.empty or column not in df.columns:
        return 0
    return int((df[column].astype("boolean") == value).fillna(False).sum())


def _rows(n: int) -> str:
    return f"{n:,} row" if n == 1 else f"{n:,} rows"


def _verdict(status: Any, finished: Any, inconsistent: int, compared: int, what: str) -> str:
    status = _na(status)
    if status is None:
        return "not run"
    status = str(status)
    if status in ("FAILED", "CANCELLED", "TIMEOUT_INTERRUPT"):
        return status.lower().replace("_", " ")
    if not _na(finished) and status != "SUCCESSFUL":
        return f"running ({status})"
    if inconsistent:
        return f"INCONSISTENT: {inconsistent:,} of {compared:,} {what} differ"
    return f"consistent ({compared:,} {what})"


def export_comparison(
    service: DrsService,
    job_id: str,
    path: str | os.PathLike[str],
    *,
    include_params: bool = False,
    include_precheck: bool = False,
    progress: ProgressCallback | None = None,
    compare_ids: Sequence[str] | None = None,
    max_difference_rows: int | None = None,
) -> Path:
    """One workbook with every comparison result of a task.

    Sheets: Summary (task, masked endpoints, comparison ids, times, totals, a verdict per
    comparison type, links to the sheets, the metadata block), Objects (4.1.34), Object
    details (4.1.35), Rows (4.1.29), Values (4.1.31), Value differences (4.1.32, streamed page
    by page; ``"Value differences (2)"`` … past Excel's row limit) and, on request, Parameters
    (4.1.9) and Pre-check (4.1.7).

    The newest row (``lines``) and value (``contents``/``random``) comparison are exported,
    or the ones in ``compare_ids``. ``max_difference_rows`` caps the differing rows read per
    table (the Summary says so). ``progress(done, total)`` counts rows written.
    """
    if max_difference_rows is not None and max_difference_rows < 1:
        raise ValueError("max_difference_rows must be at least 1 (or None for every row)")
    path = _target(path)
    with _Book() as book:
        return _export_comparison(
            book, service, job_id, path, include_params=include_params, include_precheck=include_precheck,
            progress=progress, compare_ids=compare_ids, max_difference_rows=max_difference_rows,
        )  # fmt: skip


def _export_comparison(
    book: _Book,
    service: DrsService,
    job_id: str,
    path: Path,
    *,
    include_params: bool,
    include_precheck: bool,
    progress: ProgressCallback | None,
    compare_ids: Sequence[str] | None,
    max_difference_rows: int | None,
) -> Path:
    notes: list[str] = []
    svc = service
    summary_ws = book.sheet(SHEETS["summary"])  # first sheet; filled last (write-only sheets are independent)

    detail = svc.task_detail(job_id)
    _check_task(detail, job_id)
    ct = _safe(lambda: svc.compare_tasks(job_id), notes, "comparison list (4.1.24/4.1.18)")
    chosen: dict[str, dict[str, Any] | None] = {"lines": None, "contents": None}
    if compare_ids:
        for cid in compare_ids:
            row = _pick(ct, cid)
            if row is None:
                raise LookupError(f"comparison {cid} not found for task {job_id}")
            kind = "lines" if str(row.get("type")) == "lines" else "contents"
            chosen[kind] = row
    else:
        chosen["lines"] = _latest(ct, ["lines"])
        chosen["contents"] = _latest(ct, ["contents", "random"])

    # -- fetch the (small) frames ------------------------------------------------------
    obj_over = _safe(lambda: svc.object_overview(job_id), notes, "object comparison (4.1.34)")
    obj_info = _safe(lambda: svc.client.compare.object_overview(job_id), [], "")
    obj_details = None
    if obj_over is not None and not obj_over.empty:
        obj_details = _safe(lambda: svc.object_details(job_id), notes, "object comparison details (4.1.35)")
    lines = chosen["lines"]
    line_details = None
    if lines is not None:
        line_details = _safe(lambda: svc.line_details(job_id, lines["compare_id"]), notes, "row comparison (4.1.29)")
    contents = chosen["contents"]
    content_details = None
    if contents is not None:
        content_details = _safe(
            lambda: svc.content_details(job_id, contents["compare_id"]), notes, "value comparison (4.1.31)"
        )
    params = _safe(lambda: svc.params(job_id), notes, "parameters (4.1.9)") if include_params else None
    precheck = _safe(lambda: svc.precheck_results(job_id), notes, "pre-check (4.1.7)") if include_precheck else None

    targets: list[tuple[str | None, str | None, int]] = []
    if content_details is not None and not content_details.empty:
        cd = content_details
        differing = (cd["consistent"].astype("boolean") == False).fillna(False) | (  # noqa: E712
            cd["difference"].fillna(0) > 0
        )
        for _, r in cd[differing].iterrows():
            expected = int(_na(r["difference"]) or 0)
            if max_difference_rows is not None:
                expected = min(expected, max_difference_rows)
            targets.append((_na(r["source_db"]), _na(r["source_table"]), expected))
    small = sum(len(f) for f in (obj_over, obj_details, line_details, content_details, params, precheck) if f is not None)
    total = small + sum(t[2] for t in targets)
    done = 0
    if progress is not None:
        progress(0, total)

    sheets: dict[str, ExportResult] = {}

    def frame(key: str, df: Any, spec: str) -> None:
        nonlocal done
        sheets[key] = _write_frame(book, SHEETS[key], df, spec)
        done += sheets[key].rows
        if progress is not None:
            progress(done, total)

    frame("objects", obj_over, "object_overview")
    frame("object_details", obj_details, "object_details")
    frame("rows", line_details, "line_details")
    frame("values", content_details, "content_details")

    # -- value differences, page by page ---------------------------------------------------
    w = book.writer(SHEETS["differences"], FRAMES["content_differences"].columns)
    api_total = 0
    capped: list[str] = []
    if contents is not None:
        cid = contents["compare_id"]
        for db, table, _expected in targets:
            written = 0
            table_total: int | None = None
            try:
                for items, count in _difference_pages(svc.client, job_id, cid, db, table, cap=max_difference_rows):
                    table_total = count
                    n = _stream(w, value_difference_rows(db, table, items), text_only=True, progress=None, total=None)
                    written += n
                    done += n
                    if progress is not None:
                        progress(done, total)
            except Exception as exc:  # keep what was written; the Summary says what is missing
                from ..api.errors import DrsError

                if not isinstance(exc, DrsError):
                    raise
                notes.append(f"value differences of {db}.{table} (4.1.32): {_one_line(exc)}")
            api_total += table_total or 0
            if table_total is not None and written < table_total:
                capped.append(f"{db}.{table}: {written:,} of {table_total:,}")
    sheets["differences"] = w.close()

    if include_params:
        frame("params", params, "params")
    if include_precheck:
        frame("precheck", precheck, "precheck")

    # -- the summary --------------------------------------------------------------------
    _write_summary(
        book,
        summary_ws,
        svc,
        job_id,
        detail,
        obj_info,
        _pick(ct, str(getattr(obj_info, "compare_job_id", None) or "")),
        obj_over,
        obj_details,
        lines,
        line_details,
        contents,
        content_details,
        sheets,
        api_total,
        capped,
        max_difference_rows,
        notes,
    )
    if progress is not None:
        progress(total, total)
    return book.save(path)


def _write_summary(
    book: _Book,
    ws: Any,
    svc: DrsService,
    job_id: str,
    detail: pd.DataFrame | None,
    obj_info: Any,
    object_row: Mapping[str, Any] | None,
    obj_over: pd.DataFrame | None,
    obj_details: pd.DataFrame | None,
    lines: Mapping[str, Any] | None,
    line_details: pd.DataFrame | None,
    contents: Mapping[str, Any] | None,
    content_details: pd.DataFrame | None,
    sheets: Mapping[str, ExportResult],
    diff_total: int,
    capped: Sequence[str],
    cap: int | None,
    notes: Sequence[str],
) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.worksheet.hyperlink import Hyperlink

    st = book.styles
    for col, width in zip("ABCDEFGHIJK", (24, 38, 20, 20, 20, 20, 12, 14, 16, 44, 20), strict=True):
        ws.column_dimensions[col].width = width

    def title(text: str) -> None:
        c = WriteOnlyCell(ws, text)
        c._style = st.array(kind="title")
        ws.append([c])

    def link(sheet: str, text: str | None = None) -> Any:
        c = WriteOnlyCell(ws, text or sheet)
        c._hyperlink = Hyperlink(ref="A1", location=f"'{sheet}'!A1", display=text or sheet)
        c._style = st.array(kind="link")
        return c

    d = detail.iloc[0].to_dict() if detail is not None and not detail.empty else {}
    title("DRS comparison report")
    ws.append([])
    title("Export")
    _write_pairs(ws, book, _metadata(svc))
    ws.append([])
    title("Task")
    _write_pairs(
        ws,
        book,
        [
            ("Task name", _na(d.get("name"))),
            ("Task ID", job_id),
            ("Status", _na(d.get("status"))),
            ("Engine", _na(d.get("engine_type"))),
            ("Scenario", _na(d.get("db_use_type"))),
            ("Source", _na(d.get("source"))),  # masked one-line description, never a password
            ("Target", _na(d.get("target"))),
        ],
    )
    ws.append([])
    title("Comparisons")
    header_style = st.array(kind="header")
    head = ["Type", "Comparison ID", "Status", "Created", "Start", "End", "Compared", "Inconsistent",
            "Differing rows", "Verdict", "Sheet"]  # fmt: skip
    hdr = []
    for h in head:
        c = WriteOnlyCell(ws, h)
        c._style = header_style
        hdr.append(c)
    ws.append(hdr)
    date_style = st.array(fmt=DATE_FORMAT)
    num_style = st.array(fmt="#,##0")

    def row(kind: str, cid: Any, status: Any, created: Any, start: Any, end: Any, compared: int, bad: int,
            rows: int | None, verdict: str, sheet: str) -> None:  # fmt: skip
        cells: list[Any] = [kind, _plain(_na(cid)), _plain(_na(status))]
        for v in (created, start, end):
            v = _plain(_na(v))
            if v is None:
                cells.append(None)
            else:
                c = WriteOnlyCell(ws, v)
                c._style = date_style
                cells.append(c)
        for v in (compared, bad, rows):
            if v is None:
                cells.append(None)
            else:
                c = WriteOnlyCell(ws, int(v))
                c._style = num_style
                cells.append(c)
        warn = verdict.startswith("INCONSISTENT")
        vc = WriteOnlyCell(ws, verdict)
        if warn:
            vc._style = st.array(warn=True)
        cells.append(vc)
        cells.append(link(sheet))
        ws.append(cells)

    # object comparison (4.1.34 gives no end time: the 4.1.18 row of the same id does)
    o_status = getattr(getattr(obj_info, "status", None), "value", None) if obj_info is not None else None
    o_end = (object_row or {}).get("end_time")
    objs = obj_details if obj_details is not None and not obj_details.empty else None
    o_n = len(objs) if objs is not None else (len(obj_over) if obj_over is not None else 0)
    o_bad = _count(objs if objs is not None else obj_over, "consistent", False)
    o_what = "objects" if objs is not None else "object types"
    row("Object comparison", getattr(obj_info, "compare_job_id", None), o_status, getattr(obj_info, "create_time", None),
        getattr(obj_info, "start_time", None), o_end, o_n, o_bad, None,
        _verdict(o_status, o_status in ("SUCCESSFUL", "FAILED", "CANCELLED", "TIMEOUT_INTERRUPT") if o_status else None,
                 o_bad, o_n, o_what),
        SHEETS["objects"])  # fmt: skip
    ln = len(line_details) if line_details is not None else 0
    l_bad = _count(line_details, "consistent", False)
    lines = lines or {}
    row("Row comparison", lines.get("compare_id"), lines.get("status"), lines.get("created"), lines.get("start_time"),
        lines.get("end_time"), ln, l_bad, None,
        _verdict(lines.get("status"), lines.get("finished"), l_bad, ln, "tables"), SHEETS["rows"])  # fmt: skip
    cn = len(content_details) if content_details is not None else 0
    c_bad = _count(content_details, "consistent", False)
    contents = contents or {}
    row("Value comparison", contents.get("compare_id"), contents.get("status"), contents.get("created"),
        contents.get("start_time"), contents.get("end_time"), cn, c_bad, diff_total,
        _verdict(contents.get("status"), contents.get("finished"), c_bad, cn, "tables"),
        SHEETS["differences"])  # fmt: skip

    ws.append([])
    title("Sheets")
    for key, res in sheets.items():
        for i, name in enumerate(res.sheets):
            if i:
                text = f"continues {res.sheets[0]}"
            elif len(res.sheets) > 1:
                text = f"{_rows(res.rows)} in all ({len(res.sheets)} sheets)"
            else:
                text = _rows(res.rows)
            ws.append([link(name), text])
    more = sheets.get("differences")
    extra_notes = list(notes)
    if more is not None and len(more.sheets) > 1:
        extra_notes.insert(
            0,
            f"Value differences continue on {', '.join(repr(s) for s in more.sheets[1:])} "
            f"(Excel allows {MAX_SHEET_ROWS:,} rows per sheet); {more.rows:,} rows in all.",
        )
    if capped:
        limit = f" (at most {cap:,} rows per table)" if cap is not None else ""
        extra_notes.append(f"Value differences cut short{limit}: " + "; ".join(capped))
    if extra_notes:
        ws.append([])
        title("Notes")
        for n in extra_notes:
            ws.append([_text(n)])


# ---------------------------------------------------------------------------
# Single-frame workbooks
# ---------------------------------------------------------------------------


def export_tasks(
    service: DrsService,
    path: str | os.PathLike[str],
    *,
    statuses: Iterable[str] | None = None,
    progress: ProgressCallback | None = None,
    **filters: Any,
) -> Path:
    """Every task (4.1.20 + 4.1.19) in a ``Tasks`` sheet; ``statuses`` keeps only those."""
    df = filtered_tasks(service, statuses=statuses, progress=progress, **filters)
    return export_frame(df, "tasks", path, sheet="Tasks", service=service)


def filtered_tasks(
    service: DrsService, *, statuses: Iterable[str] | None = None, progress: Any = None, **filters: Any
) -> pd.DataFrame:
    """`DrsService.tasks` keeping only ``statuses`` (one status is filtered by the API, several here)."""
    wanted = [str(s) for s in statuses] if statuses else []
    if len(wanted) == 1:
        return service.tasks(status=wanted[0], progress=progress, **filters)
    df = service.tasks(progress=progress, **filters)
    if wanted:
        df = df[df["status"].astype("string").isin(wanted).fillna(False)].reset_index(drop=True)
    return df


def export_params(service: DrsService, job_id: str | Iterable[str], path: str | os.PathLike[str]) -> Path:
    """Source/target parameters (4.1.9) of one task (or several) in a ``Parameters`` sheet."""
    df = service.params(job_id)
    return export_frame(df, "params", path, sheet=SHEETS["params"], service=service)


def export_precheck(service: DrsService, job_id: str | Iterable[str], path: str | os.PathLike[str]) -> Path:
    """Pre-check items (4.1.7) of one task (or several) in a ``Pre-check`` sheet."""
    df = service.precheck_results(job_id)
    return export_frame(df, "precheck", path, sheet=SHEETS["precheck"], service=service)

