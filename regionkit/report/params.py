"""Planning report runs: the notebooks, their declared parameters, the defaults and parameter files.

Every run's parameters are checked before any notebook runs. Parameter files are read through
`regionkit.datafiles` without aliases and up to `PARAMS_MAX_BYTES`.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import regionkit
from regionkit import compare
from regionkit.analysis.params import check_sizes, short_repr
from regionkit.compare import ParameterError, ValidIds
from regionkit.datafiles import DataFileError, check_keys, load_package_yaml, load_yaml_file
from regionkit.tables import Tables

NOTEBOOKS: tuple[str, ...] = (
    "corpus_overview", "region_profile", "compare_regions", "priorities_over_time",
    "plan_followup",
)
"""The report notebooks in ``notebooks/``, in the order the index lists them."""


RESERVED_PARAMETERS: frozenset[str] = frozenset({"processed_dir", "figures_dir"})
"""Parameters `run_reports` sets itself; a parameter file may not set them."""


DEFAULT_KERNEL = "python3"


class ReportError(RuntimeError):
    """Reports cannot be run at all (no notebooks, no kernel, a bad defaults file)."""


@dataclass(frozen=True)
class RunSpec:
    """One notebook run: which notebook, the output name and the parameters injected."""

    notebook: str
    name: str
    parameters: dict


def default_notebooks_dir() -> Path:
    """Return ``notebooks/`` of the project (the working folder's, else the source tree's)."""
    here = Path("notebooks")
    if (here / f"{NOTEBOOKS[0]}.ipynb").exists():
        return here
    tree = Path(regionkit.__file__).resolve().parent.parent / "notebooks"
    return tree if tree.is_dir() else here


def notebook_parameters(path: Path) -> dict:
    """Return the literal defaults of the notebook's cell tagged ``parameters``.

    Raises:
        ReportError: the notebook has no such cell, more than one, or a default that is not a
            literal (parameters are data, never code).
    """
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    cells = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(cells) != 1:
        raise ReportError(f"{path}: expected one cell tagged 'parameters', found {len(cells)}")
    source = "".join(cells[0]["source"])
    out = {}
    for node in ast.parse(source).body:
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)):
            raise ReportError(f"{path}: the parameters cell may hold only `name = literal` lines")
        try:
            out[node.targets[0].id] = ast.literal_eval(node.value)
        except ValueError as exc:
            raise ReportError(f"{path}: parameter {node.targets[0].id} is not a literal") from exc
    return out


def _type_ok(value: object, default: object) -> bool:
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, int):
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(default, float):
        return isinstance(value, int | float) and not isinstance(value, bool)
    if isinstance(default, str):
        return isinstance(value, str)
    if isinstance(default, list):
        return isinstance(value, list) and all(
            isinstance(v, str | int | float) and not isinstance(v, bool) for v in value)
    return value is None or isinstance(value, str | int | float | bool)


def check_parameters(tables: Tables, **params: object) -> dict:
    """Validate a notebook's parameters against the data and fill in "all" values.

    Empty ``regions`` become every region in the data; an empty ``period`` becomes the data's
    first and last year. Themes stay as given (empty means all).

    Raises:
        ParameterError: see `regionkit.compare.validate_parameters`.
    """
    valid = compare.valid_ids(tables)
    checked = compare.validate_parameters(params, valid)
    return resolve_all_values(checked, valid)


def resolve_all_values(params: Mapping[str, object], valid: ValidIds) -> dict:
    """Replace empty ``regions`` and ``period`` by the regions and years of the data.

    An empty period becomes the years the selected regions' documents cover (one region's
    profile states that region's years, not the whole corpus's).
    """
    out = dict(params)
    if "regions" in out and not out["regions"]:
        out["regions"] = list(valid.regions)
    if "period" in out and not out["period"]:
        chosen = ([out["sjukvardsregion"]] if out.get("sjukvardsregion")
                  else list(out.get("regions") or []))
        years = valid.years_of(chosen)
        if years:
            out["period"] = [years[0], years[1]]
    return out


def check_notebook_parameters(notebook: str, params: Mapping[str, object],
                              declared: Mapping[str, object], valid: ValidIds) -> dict:
    """Check names and types against the notebook's defaults, then values against the data.

    Raises:
        ParameterError: an unknown or reserved name, a wrong type, or an unknown id.
    """
    for name, value in params.items():
        if name in RESERVED_PARAMETERS:
            raise ParameterError(f"{notebook}: {name} is set by `regionkit report` itself")
        if name not in declared:
            names = ", ".join(sorted(set(declared) - RESERVED_PARAMETERS))
            raise ParameterError(f"{notebook}: unknown parameter {short_repr(name)}; "
                                 f"parameters: {names}")
        if not _type_ok(value, declared[name]):
            raise ParameterError(f"{notebook}: {name} = {short_repr(value)} should be like the "
                                 f"default {declared[name]!r}")
    checked = compare.validate_parameters(params, valid)
    return resolve_all_values(checked, valid)


def assert_literal_injection(parameters: Mapping[str, object]) -> None:
    """Check that papermill's injected cell is only `name = literal` giving back the same data.

    Raises:
        ParameterError: a value would not go in as the same plain data.
    """
    from papermill.translators import translate_parameters

    code = translate_parameters(DEFAULT_KERNEL, "python", dict(parameters), "Parameters")
    tree = ast.parse(code)
    got = {}
    for node in tree.body:
        if not (isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)):
            raise ParameterError("parameters do not translate to plain assignments: "
                                 f"{short_repr(code, 120)}")
        try:
            got[node.targets[0].id] = ast.literal_eval(node.value)
        except ValueError as exc:
            raise ParameterError(f"{node.targets[0].id}: value is not plain data once "
                                 f"injected: {ast.unparse(node.value)}") from exc
    if got != dict(parameters):
        raise ParameterError("parameters would not be injected as the same values: "
                             f"{short_repr(code, 120)}")


PARAMS_MAX_BYTES = 64 * 1024
"""Largest parameter file `regionkit report --params` reads (a few runs take under 2 KiB)."""


MAX_RUNS = 200
"""Most runs a parameter file may list."""


_DEFAULTS_KEYS = {"notebook", "parameters", "for_each_region"}


def load_default_runs() -> list[dict]:
    """Return the default runs of regionkit/data/report_defaults.yaml.

    Raises:
        ReportError: the file has an unknown key (named with the file).
    """
    try:
        data = load_package_yaml("regionkit.data", "report_defaults.yaml") or {}
        check_keys(data, {"runs"}, "report_defaults.yaml")
        runs = data.get("runs") or []
        for i, run in enumerate(runs, start=1):
            check_keys(run, _DEFAULTS_KEYS, f"report_defaults.yaml: run {i}")
    except DataFileError as exc:
        raise ReportError(str(exc)) from None
    return runs


def read_params_file(path: Path) -> dict | list:
    """Read a parameter file: one mapping, or a list of ``{notebook, parameters}``.

    Raises:
        ParameterError: the file is not plain YAML (aliases and tags are refused), is over
            `PARAMS_MAX_BYTES`, is neither form, or a list item has other keys.
    """
    try:
        data = load_yaml_file(path, allow_aliases=False, max_bytes=PARAMS_MAX_BYTES)
    except DataFileError as exc:
        raise ParameterError(str(exc)) from None
    if isinstance(data, dict):
        check_sizes(data, str(path))
        return data
    if isinstance(data, list):
        if len(data) > MAX_RUNS:
            raise ParameterError(f"{path}: {len(data):,} runs; the limit is {MAX_RUNS}")
        for i, item in enumerate(data, start=1):
            if not isinstance(item, dict) or "notebook" not in item:
                raise ParameterError(f"{path}: item {i} must be a mapping with 'notebook'")
            try:
                check_keys(item, {"notebook", "parameters"}, f"{path}: item {i}")
            except DataFileError as exc:
                raise ParameterError(str(exc)) from None
            if not isinstance(item.get("parameters") or {}, dict):
                raise ParameterError(f"{path}: item {i}: parameters must be a mapping")
            check_sizes(item.get("parameters") or {}, f"{path}: item {i}")
        return data
    raise ParameterError(f"{path}: expected a mapping of parameters or a list of "
                         "{notebook, parameters}")


def _notebook_name(name: object) -> str:
    stem = str(name).removesuffix(".ipynb")
    if stem not in NOTEBOOKS:
        raise ParameterError(f"unknown notebook {short_repr(name)}; notebooks: "
                             f"{', '.join(NOTEBOOKS)}")
    return stem


def _requested_runs(params: dict | list | None, valid: ValidIds,
                    declared: Mapping[str, dict]) -> list[tuple[str, dict]]:
    """Return (notebook, parameters) pairs before checking, defaults expanded."""
    if isinstance(params, list):
        return [(_notebook_name(item["notebook"]), dict(item.get("parameters") or {}))
                for item in params]
    overrides = dict(params or {})
    known = set().union(*(set(d) for d in declared.values())) - RESERVED_PARAMETERS
    for name in overrides:
        if name in RESERVED_PARAMETERS:
            raise ParameterError(f"{name} is set by `regionkit report` itself")
        if name not in known:
            raise ParameterError(f"unknown parameter {short_repr(name)}; parameters: "
                                 f"{', '.join(sorted(known))}")
    runs = []
    for run in load_default_runs():
        nb = _notebook_name(run["notebook"])
        base = dict(run.get("parameters") or {})
        base.update({k: v for k, v in overrides.items() if k in declared[nb]})
        if run.get("for_each_region") and "sjukvardsregion" not in overrides:
            runs.extend((nb, {**base, "sjukvardsregion": r}) for r in valid.regions)
        else:
            runs.append((nb, base))
    return runs


def plan_runs(params: dict | list | None, valid: ValidIds,
              notebooks_dir: Path | None = None) -> list[RunSpec]:
    """Return the checked runs for a parameter file's content (None: the default runs).

    Every run's parameters are checked before any is returned, so that nothing runs when one
    value is wrong.

    Raises:
        ParameterError: an unknown notebook, parameter, region id or theme id (the message
            lists the valid ones), or a value of the wrong type.
    """
    folder = notebooks_dir or default_notebooks_dir()
    declared = {}
    for nb in NOTEBOOKS:
        path = folder / f"{nb}.ipynb"
        if not path.exists():
            raise ReportError(f"{path} not found")
        declared[nb] = notebook_parameters(path)
    specs, used = [], {}
    for nb, raw in _requested_runs(params, valid, declared):
        checked = check_notebook_parameters(nb, raw, declared[nb], valid)
        # State every value the run uses, defaults included, so a report can be re-run exactly.
        defaults = {k: v for k, v in declared[nb].items() if k not in RESERVED_PARAMETERS}
        checked = resolve_all_values({**defaults, **checked}, valid)
        assert_literal_injection(checked)
        base = nb + (f"-{checked['sjukvardsregion']}" if "sjukvardsregion" in checked else "")
        used[base] = used.get(base, 0) + 1
        name = base if used[base] == 1 else f"{base}-{used[base]}"
        specs.append(RunSpec(notebook=nb, name=name, parameters=checked))
    return specs
