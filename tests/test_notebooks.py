"""The committed notebooks: literal parameters, no logic, reviewable, and checked by nbval.

nbval itself runs the notebooks (see README-reports.md: `--nbval-lax` over notebooks/); these
tests make sure it has something to check and that nothing machine-specific is committed.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from regionkit import report

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = [pytest.param(NOTEBOOK_DIR / f"{name}.ipynb", id=name) for name in report.NOTEBOOKS]

# What a committed notebook must not contain: paths of one machine, run times, object ids.
FORBIDDEN = [
    re.compile(r"/(work|home|Users|tmp|root)/"),
    re.compile(r"[A-Za-z]:\\\\"),
    re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}"),
    re.compile(r"0x[0-9a-f]{6,}"),
]
ALLOWED_IMPORTS = {"IPython.display", "regionkit.compare", "regionkit.report",
                   "regionkit.followup.report"}


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def code_cells(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def test_every_report_notebook_is_in_the_folder():
    assert sorted(p.stem for p in NOTEBOOK_DIR.glob("*.ipynb")) == sorted(report.NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_one_parameters_cell_of_literal_defaults_papermill_can_read(path):
    import papermill

    defaults = report.notebook_parameters(path)  # raises unless `name = literal` lines
    assert {"processed_dir", "figures_dir"} <= set(defaults)
    inspected = papermill.inspect_notebook(str(path))
    assert set(inspected) == set(defaults)


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_notebooks_hold_no_logic_of_their_own(path):
    for cell in code_cells(load(path)):
        tree = ast.parse(source(cell))
        for node in ast.walk(tree):
            assert not isinstance(node, ast.FunctionDef | ast.ClassDef | ast.Lambda), source(cell)
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = ([node.module] if isinstance(node, ast.ImportFrom)
                         else [a.name for a in node.names])
                assert set(names) <= ALLOWED_IMPORTS, names


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_outputs_are_stored_only_where_nbval_checks_them(path):
    checked = 0
    for cell in code_cells(load(path)):
        tags = cell.get("metadata", {}).get("tags", [])
        if report.CHECK_TAG in tags:
            # An empty stored output would let nbval pass while checking nothing.
            assert cell["outputs"], f"checked cell without stored output: {source(cell)}"
            checked += 1
        else:
            assert cell["outputs"] == [] and cell["execution_count"] is None, source(cell)
    assert checked >= 1


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_committed_notebooks_hold_no_paths_timestamps_or_addresses(path):
    text = path.read_text(encoding="utf-8")
    for pattern in FORBIDDEN:
        assert not pattern.search(text), pattern.pattern
    nb = load(path)
    assert set(nb["metadata"]) <= {"kernelspec", "language_info"}
    assert nb["metadata"]["kernelspec"]["name"] == report.DEFAULT_KERNEL


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_stored_outputs_are_what_the_notebook_cleaner_writes(path):
    nb = load(path)
    assert report.clean_notebook(nb) == nb


def test_nbval_runs_the_notebooks_on_the_committed_fixture():
    conftest = (NOTEBOOK_DIR / "conftest.py").read_text(encoding="utf-8")
    assert report.PROCESSED_ENV in conftest
    assert "processed_small" in conftest
    assert (NOTEBOOK_DIR / "sanitize.cfg").exists()
