"""Layout contracts: the compare facade, one YAML reader, no import cycles, one job per module."""

import ast
import importlib
from pathlib import Path

import pytest

import regionkit

PACKAGE = Path(regionkit.__file__).parent

# The names the notebooks and the README call as `compare.<name>` (listed by hand from
# notebooks/*.ipynb and README.md).
FACADE_NAMES = [
    "comentions", "document_counts", "document_shares", "documents_overview",
    "documents_per_region", "documents_per_year", "entity_counts", "first_last_change",
    "hosted_npo_mentions", "keyness", "metadata_warnings", "plan_vs_followup",
    "region_differences", "repairs_summary", "segment_kinds", "theme_shares", "valid_ids",
    "segment_spans", "validate_parameters", "ParameterError", "THEME_IDS",
]
REPORT_NAMES = [
    "check_parameters", "format_change", "format_comentions", "format_differences",
    "format_documents_per_region", "format_entities", "format_shares", "keyness_table",
    "load_for_notebook", "period_text", "plot_document_timeline", "plot_keyness",
    "plot_shares_over_time", "plot_theme_shares", "profile_explorer", "region_name",
    "region_short", "report_header", "setup_notebook", "shares_wide", "show_figure",
    "source_line", "table", "theme_label", "theme_list", "year_table", "run_reports",
    "ParameterError", "ReportError", "refresh_notebook_outputs",
]


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def _imports(name: str, path: Path) -> set[str]:
    """Return the regionkit modules `name` imports (at any depth in the file)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            if node.level:
                pkg = name.split(".")[: -node.level + (1 if path.name == "__init__.py" else 0)]
                base = ".".join([*pkg, node.module])
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names)
    return {f for f in found if f.startswith("regionkit")}


@pytest.mark.parametrize("name", FACADE_NAMES)
def test_compare_facade_exposes_what_notebooks_and_readme_call(name):
    compare = importlib.import_module("regionkit.compare")
    assert hasattr(compare, name)
    assert name in compare.__all__


@pytest.mark.parametrize("name", REPORT_NAMES)
def test_report_package_exposes_what_notebooks_and_cli_call(name):
    report = importlib.import_module("regionkit.report")
    assert hasattr(report, name)


def test_only_datafiles_imports_yaml():
    offenders = []
    for name, path in _modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            mods = ([a.name for a in node.names] if isinstance(node, ast.Import)
                    else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(m == "yaml" or m.startswith("yaml.") for m in mods):
                offenders.append(name)
    assert sorted(set(offenders)) == ["regionkit.datafiles"]


def test_no_import_cycle_among_regionkit_modules():
    modules = _modules()
    graph = {name: {m for m in _imports(name, path) if m in modules and m != name}
             for name, path in modules.items()}
    # A package's __init__ importing its own submodules is not a cycle of jobs.
    graph = {n: {m for m in deps if not (n in modules and m.startswith(n + "."))}
             for n, deps in graph.items()}
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                cycles.append(stack[stack.index(dep):] + [dep] if dep in stack else [node, dep])
            elif dep not in state:
                visit(dep, [*stack, dep])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    tagging = [c for c in cycles if any(m.startswith("regionkit.tagging") for m in c)]
    assert tagging == []
    assert cycles == []


def test_cycle_check_finds_a_cycle_when_there_is_one(tmp_path):
    # The walker must see `from regionkit.tagging.patterns import x` inside a function too.
    path = tmp_path / "lexicon.py"
    path.write_text("def f():\n    from regionkit.tagging.patterns import x\n", encoding="utf-8")
    assert "regionkit.tagging.patterns" in _imports("regionkit.tagging.lexicon", path)


def test_large_modules_were_split():
    # compare.py and report.py held 1.3k and 1.4k lines of several jobs; now packages.
    assert (PACKAGE / "report" / "__init__.py").is_file()
    assert (PACKAGE / "analysis" / "shares.py").is_file()
    assert len((PACKAGE / "compare.py").read_text(encoding="utf-8").splitlines()) < 200
