"""Reports: run the parameterised notebooks with papermill and render them as HTML.

`run_reports` checks every parameter set first (an unknown region or theme id stops the run
before any notebook starts), then executes each notebook in its own kernel, renders HTML with the
code hidden and writes ``index.html`` linking every report. The notebooks hold no logic of their
own; what they call lives here, one module per job:

* `labels`: names and labels for ids;
* `display`: tables to read (labels, percentages, intervals);
* `figures`: the figures, their footers and files;
* `highlight`: segments with entities and evidence highlighted, the examples explorer;
* `params`: the notebooks' parameters, defaults and parameter files, run planning;
* `runner`: papermill, HTML pages, the index, the failure banner;
* `notebook`: loading tables for a notebook, keeping committed notebooks clean
  (``python -m regionkit.report refresh-notebooks``).

Provenance (versions and fingerprints) is `regionkit.provenance`. This package never changes the
processed tables.
"""

from regionkit.analysis.params import ParameterError, ValidIds
from regionkit.provenance import (
    Provenance,
    declared_lexicon_versions,
    provenance,
    tables_fingerprint,
)
from regionkit.report.display import (
    DisplayTable,
    document_names,
    format_change,
    format_comentions,
    format_differences,
    format_documents_per_region,
    format_entities,
    format_keyness,
    format_plan_followup,
    format_series,
    format_shares,
    keyness_table,
    shares_intro,
    shares_wide,
    table,
    year_table,
)
from regionkit.report.figures import (
    REGION_COLOURS,
    add_footer,
    plot_document_timeline,
    plot_keyness,
    plot_shares_over_time,
    plot_theme_shares,
    region_colours,
    save_figure,
    setup_figures,
    setup_notebook,
    show_figure,
    source_line,
)
from regionkit.report.highlight import (
    EVIDENCE_COLOUR,
    SPAN_COLOURS,
    examples_html,
    profile_explorer,
    segment_html,
    widgets_frontend,
)
from regionkit.report.instrument import format_instrument, instrument_markdown
from regionkit.report.labels import (
    MEASURE_NAMES,
    MEASURE_TEXT,
    NOTEBOOK_TITLES,
    SEGMENT_NOTE,
    measure_name,
    measure_note,
    measure_text,
    other_measures,
    period_text,
    region_name,
    region_short,
    theme_label,
)
from regionkit.report.notebook import (
    CHECK_TAG,
    PROCESSED_ENV,
    clean_notebook,
    load_for_notebook,
    refresh_notebook_outputs,
    report_header,
    resolve_processed_dir,
    theme_list,
)
from regionkit.report.params import (
    DEFAULT_KERNEL,
    NOTEBOOKS,
    PARAMS_MAX_BYTES,
    RESERVED_PARAMETERS,
    ReportError,
    RunSpec,
    assert_literal_injection,
    check_notebook_parameters,
    check_parameters,
    default_notebooks_dir,
    load_default_runs,
    notebook_parameters,
    plan_runs,
    read_params_file,
    resolve_all_values,
)
from regionkit.report.runner import (
    ReportResult,
    ReportRun,
    execute_run,
    index_html,
    render_html,
    run_reports,
)

__all__ = [
    "CHECK_TAG",
    "DEFAULT_KERNEL",
    "DisplayTable",
    "EVIDENCE_COLOUR",
    "NOTEBOOKS",
    "NOTEBOOK_TITLES",
    "PARAMS_MAX_BYTES",
    "PROCESSED_ENV",
    "ParameterError",
    "Provenance",
    "REGION_COLOURS",
    "RESERVED_PARAMETERS",
    "ReportError",
    "ReportResult",
    "ReportRun",
    "RunSpec",
    "MEASURE_NAMES",
    "MEASURE_TEXT",
    "SEGMENT_NOTE",
    "measure_name",
    "measure_note",
    "measure_text",
    "other_measures",
    "shares_intro",
    "SPAN_COLOURS",
    "ValidIds",
    "add_footer",
    "assert_literal_injection",
    "check_notebook_parameters",
    "check_parameters",
    "clean_notebook",
    "declared_lexicon_versions",
    "document_names",
    "default_notebooks_dir",
    "examples_html",
    "execute_run",
    "format_change",
    "format_comentions",
    "format_differences",
    "format_documents_per_region",
    "format_instrument",
    "format_entities",
    "format_keyness",
    "format_plan_followup",
    "format_series",
    "format_shares",
    "index_html",
    "instrument_markdown",
    "keyness_table",
    "load_default_runs",
    "load_for_notebook",
    "notebook_parameters",
    "period_text",
    "plan_runs",
    "plot_document_timeline",
    "plot_keyness",
    "plot_shares_over_time",
    "plot_theme_shares",
    "profile_explorer",
    "provenance",
    "read_params_file",
    "refresh_notebook_outputs",
    "region_colours",
    "region_name",
    "region_short",
    "render_html",
    "report_header",
    "resolve_all_values",
    "resolve_processed_dir",
    "run_reports",
    "save_figure",
    "segment_html",
    "setup_figures",
    "setup_notebook",
    "shares_wide",
    "show_figure",
    "source_line",
    "table",
    "tables_fingerprint",
    "theme_label",
    "theme_list",
    "widgets_frontend",
    "year_table",
]
