"""The notebooks in notebooks/: committed without outputs, importing only drstui.api and
drstui.service, and running top to bottom (nbclient, kernel python3) against the embedded local DRS."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
EXPECTED = {"01_tasks_overview.ipynb", "02_comparison_analysis.ipynb", "03_parameter_drift.ipynb"}

_AMBIENT = (
    "HUAWEICLOUD_SDK_AK",
    "HUAWEICLOUD_SDK_SK",
    "HUAWEICLOUD_SDK_PROJECT_ID",
    "HUAWEICLOUD_SDK_SECURITY_TOKEN",
    "DRSTUI_TOKEN",
    "DRSTUI_IAM_PASSWORD",
    "DRSTUI_PROFILE",
    "DRSTUI_LOCAL_DEMO_TASKS",
)
#: What must never appear in an output: demo endpoint passwords, secret field names with a value.
SECRET_PATTERNS = (
    re.compile(r"demo-[0-9a-f]{10}"),
    re.compile(r"(db_password|password|\bsk\b|secret)\s*[=:]\s*['\"]?[^\s'\"*]{4,}", re.IGNORECASE),
)


def test_the_notebooks_are_there():
    assert {p.name for p in NOTEBOOKS} == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.nbformat == 4
    assert nb.metadata["kernelspec"]["name"] == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code
    for cell in code:
        assert cell.outputs == [] and cell.execution_count is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_imports_only_drstui_api_and_service(path):
    nb = nbformat.read(path, as_version=4)
    source = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    modules: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.append(node.module)
    drstui_modules = [m for m in modules if m == "drstui" or m.startswith("drstui.")]
    assert "drstui" in drstui_modules and "drstui.connect()" in source
    for m in drstui_modules:
        assert m == "drstui" or m.split(".")[1] in ("api", "service"), m
    assert "textual" not in source and "drstui.local" not in source and "drstui.tui" not in source


def _outputs_text(nb) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if "text" in out:
                parts.append(out["text"])
            for key, value in out.get("data", {}).items():
                if key.startswith("text/") and isinstance(value, str):
                    parts.append(value)
            if out.get("output_type") == "error":
                parts.append("\n".join(out.get("traceback", [])))
    return "\n".join(parts)


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_runs_top_to_bottom(path, tmp_path, monkeypatch):
    from nbclient import NotebookClient

    for name in _AMBIENT:
        monkeypatch.delenv(name, raising=False)
    # the kernel inherits this environment: a throw-away local DRS whose comparisons finish fast
    monkeypatch.setenv("DRSTUI_LOCAL_STATE", ":memory:")
    monkeypatch.setenv("DRSTUI_LOCAL_TIME_SCALE", "1000")
    monkeypatch.setenv("DRSTUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()  # raises CellExecutionError on the first failing cell
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code)
    assert not any(o.get("output_type") == "error" for c in code for o in c.outputs)
    images = sum(1 for c in code for o in c.outputs if "image/png" in o.get("data", {}))
    assert images >= 1, "every notebook draws at least one chart"
    text = _outputs_text(nb)
    for pattern in SECRET_PATTERNS:
        assert not pattern.search(text), pattern.pattern
    if path.name.startswith("02_"):
        workbook = tmp_path / "comparison.xlsx"
        assert workbook.exists()
        import openpyxl

        assert openpyxl.load_workbook(workbook, read_only=True).sheetnames[:2] == ["Summary", "Objects"]
