"""What notebooks call first (tables, provenance, header); keeping committed notebooks clean."""

from __future__ import annotations

import html
import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from regionkit import compare
from regionkit.provenance import Provenance, provenance
from regionkit.report.labels import (
    SEGMENT_NOTE,
)
from regionkit.report.params import DEFAULT_KERNEL, NOTEBOOKS, RESERVED_PARAMETERS
from regionkit.tables import Tables, load_build_info, load_tables

PROCESSED_ENV = "REGIONKIT_PROCESSED"
"""Environment variable naming the processed tables when a notebook's processed_dir is ""."""


def resolve_processed_dir(processed_dir: str | os.PathLike = "", start: Path | None = None) -> Path:
    """Return the folder of processed tables a notebook should read.

    A non-empty value is used as given. ``""`` means: the folder named by the environment
    variable ``REGIONKIT_PROCESSED`` if set (the notebook tests point it at a small fixture),
    else the first ``data/processed`` found from the working folder upwards (a notebook runs in
    ``notebooks/``), else ``data/processed``.
    """
    if str(processed_dir):
        return Path(processed_dir)
    if os.environ.get(PROCESSED_ENV):
        return Path(os.environ[PROCESSED_ENV])
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "data" / "processed"
        if (candidate / "documents.parquet").exists():
            return candidate
    return Path("data/processed")


def load_for_notebook(processed_dir: str | os.PathLike = "") -> tuple[Tables, Provenance]:
    """Load the processed tables and their provenance for a notebook.

    The folder is resolved by `resolve_processed_dir`; the provenance uses the build's
    build_info.json when the folder has one.
    """
    folder = resolve_processed_dir(processed_dir)
    tables = load_tables(folder)
    return tables, provenance(tables, load_build_info(folder))


def theme_list(themes: Sequence[str] | None) -> list[str]:
    """Return the themes to show: the given ones, or all (labels.md order) when empty."""
    return list(themes) if themes else list(compare.THEME_IDS)


def report_header(title: str, prov: Provenance, params: Mapping[str, object]) -> str:
    """Return the Markdown header of a report: title, parameters and provenance."""
    shown = {k: v for k, v in params.items() if k not in RESERVED_PARAMETERS}
    lines = [f"# {title}", ""]
    if shown:
        lines += ["**Parameters:** " + ", ".join(f"`{k} = {v!r}`" for k, v in shown.items()), ""]
    lines += [f"**Made with:** {html.escape(prov.line())}", "", f"*{SEGMENT_NOTE}*"]
    return "\n".join(lines)


CHECK_TAG = "nbval-check-output"


def clean_notebook(nb: dict, *, keep_checked_outputs: bool = True) -> dict:
    """Return a notebook fit to commit: no metadata noise, outputs only where nbval checks.

    Outputs are kept only in cells tagged ``nbval-check-output`` (what nbval compares), without
    output metadata. nbval refuses stored outputs without an execution count, so those cells get
    their position among the code cells as count (stable from run to run); other cells get none.
    """
    out = json.loads(json.dumps(nb))
    out["metadata"] = {k: v for k, v in out.get("metadata", {}).items()
                       if k in ("kernelspec", "language_info")}
    if "language_info" in out["metadata"]:
        out["metadata"]["language_info"] = {"name": "python"}
    position = 0
    for cell in out["cells"]:
        tags = cell.get("metadata", {}).get("tags", [])
        cell["metadata"] = {"tags": tags} if tags else {}
        cell.pop("id", None)
        if cell["cell_type"] != "code":
            continue
        position += 1
        keep = keep_checked_outputs and CHECK_TAG in tags
        outputs = cell.get("outputs", []) if keep else []
        cell["execution_count"] = position if outputs else None
        for o in outputs:
            o.pop("metadata", None)
            if "execution_count" in o:
                o["execution_count"] = position
            if o.get("output_type") in ("execute_result", "display_data"):
                o["metadata"] = {}
        cell["outputs"] = outputs
    out["nbformat"], out["nbformat_minor"] = 4, 4
    return out


def refresh_notebook_outputs(notebooks_dir: Path, processed_dir: Path,
                             kernel_name: str = DEFAULT_KERNEL) -> list[Path]:
    """Re-execute each notebook on `processed_dir` and store only the checked outputs.

    Run it on the test fixture after changing a notebook or the comparison code, so that nbval
    compares against up-to-date tables:
    ``python -m regionkit.report refresh-notebooks``.
    """
    import papermill

    written = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in NOTEBOOKS:
            source = Path(notebooks_dir) / f"{name}.ipynb"
            executed = Path(tmp) / f"{name}.ipynb"
            env_before = os.environ.get(PROCESSED_ENV)
            os.environ[PROCESSED_ENV] = str(Path(processed_dir).resolve())
            try:
                papermill.execute_notebook(str(source), str(executed), kernel_name=kernel_name,
                                           cwd=str(notebooks_dir), progress_bar=False)
            finally:
                if env_before is None:
                    os.environ.pop(PROCESSED_ENV, None)
                else:
                    os.environ[PROCESSED_ENV] = env_before
            nb = json.loads(executed.read_text(encoding="utf-8"))
            nb["cells"] = [c for c in nb["cells"]
                           if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
            for cell in nb["cells"]:
                cell.get("metadata", {}).pop("papermill", None)
                cell.get("metadata", {}).pop("execution", None)
            cleaned = clean_notebook(nb)
            source.write_text(json.dumps(cleaned, ensure_ascii=False, indent=1) + "\n",
                              encoding="utf-8")
            written.append(source)
    return written
