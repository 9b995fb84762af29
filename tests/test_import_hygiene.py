"""Layering: api/ and service/ never import textual; the TUI never imports httpx directly;
importing the TUI app (first frame) does not import pandas."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "drstui"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("layer", ["api", "service", "local"])
def test_lower_layers_never_import_textual(layer):
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / layer).rglob("*.py") if "textual" in _imports(p)]
    assert offenders == []


def test_tui_never_imports_httpx():
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "tui").rglob("*.py") if "httpx" in _imports(p)]
    assert offenders == []


def test_api_never_imports_service_tui_or_local():
    bad = []
    for p in (ROOT / "api").rglob("*.py"):
        text = p.read_text(encoding="utf-8")
        if any(s in text for s in ("from ..service", "from ..tui", "from ..local", "drstui.service", "drstui.tui")):
            bad.append(str(p.relative_to(ROOT)))
    assert bad == []


def test_notebooks_use_only_api_and_service():
    import json

    for nb in (ROOT.parent / "notebooks").glob("*.ipynb"):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        assert "drstui.tui" not in code and "drstui.local" not in code, nb.name


def test_first_frame_path_does_not_import_pandas():
    code = (
        "import sys, drstui.tui.app, drstui.tui.screens.jobs\n"
        "heavy = [m for m in ('pandas', 'openpyxl', 'pyarrow') if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""
