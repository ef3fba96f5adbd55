"""Running the reports: papermill per notebook, HTML with the code hidden, the index page.

A notebook that fails does not stop the others: its page opens with a banner naming the failing
cell, and the index marks it.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from regionkit import compare
from regionkit.provenance import Provenance, pipeline_fingerprint, provenance
from regionkit.report.labels import (
    NOTEBOOK_TITLES,
    SEGMENT_NOTE,
    period_text,
    region_name,
    region_short,
)
from regionkit.report.params import (
    DEFAULT_KERNEL,
    ReportError,
    RunSpec,
    default_notebooks_dir,
    plan_runs,
    read_params_file,
)
from regionkit.tables import load_build_info, load_tables


@dataclass
class ReportRun:
    """The outcome of one notebook run.

    Attributes:
        notebook: the notebook's name (without .ipynb).
        name: the output name (``<name>.ipynb``, ``<name>.html``).
        parameters: the parameters injected (without the folders).
        status: ``"ok"`` or ``"failed"``.
        failing_cell: 1-based position of the failing cell in the source notebook, if known.
        error: the error line (``Exception: message``), or "".
        html: path of the HTML page, or None when none could be written.
        notebook_out: path of the executed notebook, or None.
        reused: True when the page of an earlier run with the same inputs was kept.
    """

    notebook: str
    name: str
    parameters: dict
    status: str = "ok"
    failing_cell: int | None = None
    error: str = ""
    html: Path | None = None
    notebook_out: Path | None = None
    reused: bool = False

    def title(self) -> str:
        """Return the report's title with region and period."""
        base = NOTEBOOK_TITLES.get(self.notebook, self.notebook)
        p = self.parameters
        if "sjukvardsregion" in p:
            base += f": {region_name(str(p['sjukvardsregion']))}"
        elif p.get("regions"):
            base += ": " + ", ".join(region_short(str(r)) for r in p["regions"])
        if p.get("period"):
            base += f", {period_text(p['period'])}"
        return base


@dataclass
class ReportResult:
    """All runs of one `run_reports` call and the index page."""

    runs: list[ReportRun] = field(default_factory=list)
    index: Path | None = None

    @property
    def ok(self) -> bool:
        """True when every report ran to the end."""
        return all(r.status == "ok" for r in self.runs)

    @property
    def exit_status(self) -> int:
        """0 when every report ran, else 1."""
        return 0 if self.ok else 1

    def summary(self) -> str:
        """Return one line per run (for the command line), failures first naming the cell."""
        lines = []
        for r in self.runs:
            if r.status == "ok" and r.reused:
                lines.append(f"reused  {r.name}: {r.html} (inputs unchanged)")
            elif r.status == "ok":
                lines.append(f"ok      {r.name}: {r.html}")
            else:
                cell = f" at cell {r.failing_cell}" if r.failing_cell else ""
                lines.append(f"FAILED  {r.name}{cell}: {r.error}")
        n_reused = sum(r.reused for r in self.runs)
        if n_reused:
            lines.append(f"reused {n_reused} of {len(self.runs)} reports: their processed tables, "
                         "notebook, parameters and regionkit code are unchanged")
        if self.index:
            lines.append(f"index: {self.index}")
        return "\n".join(lines)


def _check_kernel(kernel_name: str) -> None:
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec(kernel_name)
    except NoSuchKernel as exc:
        raise ReportError(
            f"Jupyter kernel {kernel_name!r} not found: run `python -m ipykernel install "
            f"--sys-prefix --name {kernel_name}` in the project's environment (make setup does)"
        ) from exc


def _kernel_manager_class():
    """Return the kernel manager the reports run with: IPC transport, no interrupt at shutdown.

    * IPC (Unix sockets in Jupyter's runtime folder) instead of TCP on localhost: the kernel
      and the runner are on one machine, and ipykernel warns "Kernel is running over TCP
      without encryption" for every TCP kernel without CurveZMQ keys.
    * jupyter_client interrupts (SIGINT) every kernel before asking it to shut down; a kernel
      that is just handling a message then logs "KeyboardInterrupt caught in kernel". The
      reports shut a kernel down only after its last cell (or after a timeout, when nbclient
      has interrupted it already), so that interrupt is skipped; the shutdown request, then
      SIGTERM and SIGKILL if needed, still end it.
    """
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    class ReportKernelManager(AsyncKernelManager):
        @default("transport")
        def _default_transport(self) -> str:
            return "ipc" if os.name == "posix" else "tcp"

        async def _async_interrupt_kernel(self) -> None:
            if self.shutting_down:
                return
            await super()._async_interrupt_kernel()

    return ReportKernelManager


def _source_cell_position(source_nb: Path, cell_source: str) -> int | None:
    nb = json.loads(source_nb.read_text(encoding="utf-8"))
    for i, cell in enumerate(nb["cells"], start=1):
        if "".join(cell.get("source", [])) == cell_source:
            return i
    return None


def execute_run(spec: RunSpec, notebooks_dir: Path, out_dir: Path, processed_dir: Path,
                kernel_name: str = DEFAULT_KERNEL, timeout: int = 600) -> ReportRun:
    """Execute one notebook with papermill and render its HTML; never raises for a failure."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    run = ReportRun(notebook=spec.notebook, name=spec.name, parameters=dict(spec.parameters))
    source = notebooks_dir / f"{spec.notebook}.ipynb"
    out_nb = out_dir / f"{spec.name}.ipynb"
    params = {**spec.parameters, "processed_dir": str(processed_dir.resolve()),
              "figures_dir": str((out_dir / "figures" / spec.name).resolve())}
    try:
        papermill.execute_notebook(
            str(source), str(out_nb), parameters=params, kernel_name=kernel_name,
            cwd=str(notebooks_dir), progress_bar=False, log_output=False,
            execution_timeout=timeout, kernel_manager_class=_kernel_manager_class(),
        )
    except PapermillExecutionError as exc:
        run.status = "failed"
        run.failing_cell = _source_cell_position(source, exc.source)
        run.error = f"{exc.ename}: {exc.evalue}".strip()
    except Exception as exc:  # noqa: BLE001 - any failure is reported on the page, not raised
        run.status = "failed"
        run.error = f"{type(exc).__name__}: {exc}".splitlines()[0]
    if out_nb.exists():
        run.notebook_out = out_nb
        run.html = render_html(out_nb, out_dir / f"{spec.name}.html", run)
    return run


def _failure_banner(run: ReportRun) -> str:
    cell = f"cell {run.failing_cell} of {run.notebook}.ipynb" if run.failing_cell else "a cell"
    return (
        "<div style='border:3px solid #b00020;background:#fdecea;padding:0.8em 1em;"
        "font-size:115%'><b>THIS REPORT FAILED AND IS INCOMPLETE.</b> The run stopped at "
        f"{html.escape(cell)} with <code>{html.escape(run.error)}</code>. Everything after that "
        "cell is missing; do not use the numbers below as results.</div>"
    )


def render_html(notebook_path: Path, html_path: Path, run: ReportRun) -> Path:
    """Render an executed notebook as HTML with the code hidden; failed runs get a banner."""
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(str(notebook_path), as_version=4)
    title = run.title()
    if run.status != "ok":
        nb.cells.insert(0, nbformat.v4.new_markdown_cell(_failure_banner(run)))
        title = f"FAILED: {title}"
    exporter = HTMLExporter(template_name="lab", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    _write_atomic(html_path, body)
    return html_path


def _file_mode() -> int:
    """Return the mode an ordinary new file gets here: 0666 less the umask (usually 0644)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file renamed into place, with mode 0644.

    ``mkstemp`` creates files readable by their owner only (0600): a report copied to a shared
    drive or a web server would then answer 403. The page gets the mode any new file gets
    (0666 less the umask, 0644 with the usual umask 022), like the figures and notebooks.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, _file_mode())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


_INDEX_CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:70em;margin:2em auto;padding:0 1em;
color:#222;line-height:1.45}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ccc;padding:0.45em;
text-align:left;vertical-align:top}th{background:#f2f2f2}
.ok{color:#1e6b2a;font-weight:bold}.failed{color:#fff;background:#b00020;font-weight:bold;
padding:0.1em 0.4em}.pending{color:#8a6d00;font-weight:bold}
tr.failed-row{background:#fdecea}code{font-size:90%}.prov{color:#444;font-size:92%}
"""


def index_html(runs: Sequence[ReportRun], prov: Provenance | None, *, pending: bool = False) -> str:
    """Return the index page linking every report, failed ones marked."""
    rows = []
    for r in runs:
        params = ", ".join(f"{k} = {v!r}" for k, v in r.parameters.items())
        if pending:
            status = "<span class='pending'>not yet run</span>"
        elif r.status == "ok":
            status = "<span class='ok'>ok</span>"
        else:
            cell = f" at cell {r.failing_cell}" if r.failing_cell else ""
            status = (f"<span class='failed'>FAILED{cell}</span><br>"
                      f"<code>{html.escape(r.error)}</code>")
        link = (f"<a href='{html.escape(r.html.name)}'>{html.escape(r.title())}</a>"
                if r.html and not pending else html.escape(r.title()))
        nb_link = (f" · <a href='{html.escape(r.notebook_out.name)}'>notebook</a>"
                   if r.notebook_out and not pending else "")
        cls = " class='failed-row'" if r.status != "ok" and not pending else ""
        rows.append(f"<tr{cls}><td>{link}{nb_link}</td><td><code>{html.escape(params)}</code>"
                    f"</td><td>{status}</td></tr>")
    n_failed = sum(r.status != "ok" for r in runs)
    if pending:
        head = ("<p class='failed'>Reports are being generated: this index is incomplete "
                "until the run ends.</p>")
    elif n_failed:
        head = (f"<p class='failed'>{n_failed} of {len(runs)} reports FAILED; their pages are "
                "incomplete.</p>")
    else:
        head = f"<p class='ok'>All {len(runs)} reports ran to the end.</p>"
    prov_html = (f"<p class='prov'>Made with {html.escape(prov.line())}</p>" if prov else "")
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<title>regionkit reports</title>"
        f"<style>{_INDEX_CSS}</style></head><body>\n<h1>regionkit reports</h1>\n"
        f"{head}\n{prov_html}\n<table><thead><tr><th>Report</th><th>Parameters</th>"
        "<th>Status</th></tr></thead><tbody>\n" + "\n".join(rows) + "\n</tbody></table>\n"
        f"<p class='prov'>{html.escape(SEGMENT_NOTE)} Intervals are 95 % Wilson score intervals "
        "(documents as clusters where several are pooled).</p>\n</body></html>\n"
    )


CACHE_FILE = ".report_inputs.json"
"""Inputs of the reports in an output folder (``regionkit report`` reuses unchanged ones)."""


def processed_fingerprint(processed_dir: Path) -> str:
    """Return a hash of the processed tables' files (Parquet and build_info.json)."""
    h = hashlib.sha256()
    files = sorted(Path(processed_dir).glob("*.parquet"))
    info = Path(processed_dir) / "build_info.json"
    for path in [*files, *([info] if info.exists() else [])]:
        h.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()[:16]


def run_key(spec: RunSpec, notebooks_dir: Path, tables_key: str, code_key: str,
            kernel_name: str) -> str:
    """Return the fingerprint of what a report depends on.

    The processed tables, the notebook file, the parameters, the kernel, and the regionkit
    version with its code and data (`regionkit.provenance.pipeline_fingerprint`): a report whose
    key is unchanged would come out the same, so its page is reused.
    """
    notebook = (notebooks_dir / f"{spec.notebook}.ipynb").read_bytes()
    payload = json.dumps({
        "tables": tables_key, "code": code_key, "kernel": kernel_name, "name": spec.name,
        "notebook": hashlib.sha256(notebook).hexdigest(),
        "parameters": spec.parameters,
    }, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def _read_cache(out_dir: Path) -> dict:
    try:
        data = json.loads((out_dir / CACHE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _reusable(entry: object, key: str, out_dir: Path, spec: RunSpec) -> ReportRun | None:
    """Return the earlier run when it ran to the end with the same key and its files exist."""
    if not isinstance(entry, dict) or entry.get("key") != key or entry.get("status") != "ok":
        return None
    page, nb = out_dir / f"{spec.name}.html", out_dir / f"{spec.name}.ipynb"
    if not (page.exists() and nb.exists()):
        return None
    return ReportRun(notebook=spec.notebook, name=spec.name, parameters=dict(spec.parameters),
                     html=page, notebook_out=nb, reused=True)


def run_reports(
    params_file: Path | None,
    out_dir: Path,
    processed_dir: Path,
    *,
    notebooks_dir: Path | None = None,
    kernel_name: str = DEFAULT_KERNEL,
    timeout: int = 600,
    reuse: bool = True,
) -> ReportResult:
    """Run every report and write the HTML pages and ``index.html`` into `out_dir`.

    Args:
        params_file: YAML parameter file (one mapping, or a list of ``{notebook,
            parameters}``); None runs the default sets of report_defaults.yaml: one profile per
            healthcare region in the data, one comparison of all, one over-time run and the
            corpus overview.
        out_dir: where executed notebooks, HTML pages, figures and the index go.
        processed_dir: the processed tables (``regionkit build --out``).
        notebooks_dir: the notebooks (default: ``notebooks/`` of the project).
        kernel_name: the Jupyter kernel to run them in.
        timeout: seconds a cell may run.
        reuse: keep the page of a report whose inputs (`run_key`) are those of its last
            successful run in `out_dir`; a failed report is always run again.

    Returns:
        The runs; ``exit_status`` is 1 when any failed.

    Raises:
        ParameterError: a parameter is wrong (nothing is run).
        ReportError: the notebooks or the kernel are missing (nothing is run).
        FileNotFoundError: the processed tables are missing.
    """
    out_dir, processed_dir = Path(out_dir), Path(processed_dir)
    folder = Path(notebooks_dir) if notebooks_dir else default_notebooks_dir()
    tables = load_tables(processed_dir)
    valid = compare.valid_ids(tables)
    params = read_params_file(params_file) if params_file else None
    specs = plan_runs(params, valid, folder)
    _check_kernel(kernel_name)
    prov = provenance(tables, load_build_info(processed_dir))
    out_dir.mkdir(parents=True, exist_ok=True)
    index = out_dir / "index.html"
    pending = [ReportRun(s.notebook, s.name, s.parameters) for s in specs]
    _write_atomic(index, index_html(pending, prov, pending=True))
    result = ReportResult()
    cache = _read_cache(out_dir) if reuse else {}
    tables_key, code_key = processed_fingerprint(processed_dir), pipeline_fingerprint()
    for spec in specs:
        key = run_key(spec, folder.resolve(), tables_key, code_key, kernel_name)
        run = _reusable(cache.get(spec.name), key, out_dir, spec) if reuse else None
        if run is None:
            run = execute_run(spec, folder.resolve(), out_dir, processed_dir,
                              kernel_name=kernel_name, timeout=timeout)
        result.runs.append(run)
        # A failed run is recorded as failed, so that it is never reused.
        cache[spec.name] = {"key": key, "status": run.status}
        _write_atomic(out_dir / CACHE_FILE, json.dumps(cache, indent=1, sort_keys=True) + "\n")
    _write_atomic(index, index_html(result.runs, prov))
    result.index = index
    return result
