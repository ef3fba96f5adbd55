"""Reports: run the parameterised notebooks with papermill and render them as HTML.

`run_reports` checks every parameter set first (an unknown region or theme id stops the run
before any notebook starts), then executes each notebook in its own kernel, renders HTML with the
code hidden and writes ``index.html`` linking every report. A notebook that fails is named with
its failing cell; its page says on top that it is incomplete, and the other reports are still
written.

The notebooks hold no logic of their own: besides the runner, this module holds what they call to
load tables, label ids, state provenance, draw figures and highlight segments. It never changes
the processed tables.
"""

from __future__ import annotations

import ast
import hashlib
import html
import json
import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

import regionkit
from regionkit import compare, vocab
from regionkit.compare import ParameterError, ValidIds
from regionkit.datafiles import DataFileError, check_keys, load_package_yaml, load_yaml_file
from regionkit.tables import Tables, load_build_info, load_tables

NOTEBOOKS: tuple[str, ...] = (
    "corpus_overview", "region_profile", "compare_regions", "priorities_over_time",
)
"""The report notebooks in ``notebooks/``, in the order the index lists them."""

RESERVED_PARAMETERS: frozenset[str] = frozenset({"processed_dir", "figures_dir"})
"""Parameters `run_reports` sets itself; a parameter file may not set them."""

PROCESSED_ENV = "REGIONKIT_PROCESSED"
"""Environment variable naming the processed tables when a notebook's processed_dir is ""."""

DEFAULT_KERNEL = "python3"

NOTEBOOK_TITLES: dict[str, str] = {
    "corpus_overview": "Corpus overview",
    "region_profile": "Region profile",
    "compare_regions": "Comparison of regions",
    "priorities_over_time": "Priorities over time",
}

SEGMENT_NOTE = ("Only content segments are counted (activities, agenda items, decisions, "
                "sections, paragraphs); attendee lists, tables of contents, titles, headings "
                "and page boilerplate are left out.")


class ReportError(RuntimeError):
    """Reports cannot be run at all (no notebooks, no kernel, a bad defaults file)."""


# ---------------------------------------------------------------------------------------------
# Labels (from the packaged lexicons)
# ---------------------------------------------------------------------------------------------


def theme_label(theme: str) -> str:
    """Return a theme's Swedish label (themes.yaml), or its id if it has none."""
    return next((t.name for t in vocab.themes() if t.id == theme), theme)


def region_name(region: str) -> str:
    """Return a healthcare region's full name, e.g. "Sjukvårdsregion Mellansverige"."""
    return next((t.name for t in vocab.healthcare_regions() if t.id == region), region)


def region_short(region: str) -> str:
    """Return a healthcare region's short name for legends, e.g. "Mellansverige", "Södra"."""
    name = region_name(region)
    short = re.sub(r"^Sjukvårdsregion(en)?\s+|\s+sjukvårdsregionen$", "", name)
    return short[:1].upper() + short[1:] if short else region


def period_text(period: Sequence[int] | None) -> str:
    """Return "2020–2024" for a period, "all years" for an empty one."""
    if not period:
        return "all years"
    return str(period[0]) if period[0] == period[1] else f"{period[0]}–{period[1]}"


# ---------------------------------------------------------------------------------------------
# Provenance
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Provenance:
    """What a report was made from: enough to regenerate a figure exactly.

    Attributes:
        regionkit_version: the package version making the report.
        built_with: the package version that built the tables ("" if not recorded).
        lexicon_version: each lexicon's declared version and the lexicon fingerprint of the
            build (the lexicons the tags came from), flagged when the lexicons changed since.
        input_fingerprint: the build's fingerprint of the manifest's bytes and every file's
            SHA-256; without build_info.json, a hash of the documents table's manifest values
            and file hashes (marked "tables:").
        pipeline_fingerprint: the build's hash of the package's code and data ("" if unknown).
        n_documents: documents in the processed tables.
    """

    regionkit_version: str
    built_with: str
    lexicon_version: str
    input_fingerprint: str
    pipeline_fingerprint: str
    n_documents: int

    def line(self) -> str:
        """Return a one-line statement for the top of a report."""
        built = (f" (tables built with {self.built_with}, pipeline {self.pipeline_fingerprint})"
                 if self.built_with else "")
        return (f"regionkit {self.regionkit_version}{built} · lexicons {self.lexicon_version} · "
                f"input {self.input_fingerprint} ({self.n_documents} documents)")


def declared_lexicon_versions() -> str:
    """Return the versions the packaged lexicon files declare, e.g. "npo 2026.11, themes 1.0"."""
    versions = []
    for name in vocab.lexicon_file_names():
        loaded = load_package_yaml(vocab.LEXICONS, name)
        declared = loaded.get("version") if isinstance(loaded, dict) else None
        if declared is not None:
            versions.append(f"{name.removesuffix('.yaml')} {declared}")
    return ", ".join(versions) or "unversioned"


_FINGERPRINT_COLUMNS = ("doc_id", "file", "sjukvardsregion", "body", "doc_type", "period_start",
                        "period_end", "date", "title", "sha256")


def tables_fingerprint(tables: Tables) -> str:
    """Return a fingerprint of the documents table's manifest values and file hashes.

    Used when the tables carry no build_info.json: the documents table holds each manifest
    row's values and each file's SHA-256, so the hash still follows the manifest and the files.
    """
    docs = tables.documents.loc[:, list(_FINGERPRINT_COLUMNS)].sort_values("doc_id")
    rows = [json.dumps([None if pd.isna(v) else str(v) for v in row], ensure_ascii=False)
            for row in docs.itertuples(index=False)]
    return "tables:" + hashlib.sha256("\n".join(rows).encode("utf-8")).hexdigest()[:16]


def provenance(tables: Tables, build_info: Mapping[str, object] | None = None) -> Provenance:
    """Return the provenance of reports made from `tables` and the build's build_info.json."""
    from regionkit.provenance import lexicon_fingerprint

    info = dict(build_info or {})
    declared = declared_lexicon_versions()
    built_lex = str(info.get("lexicon_fingerprint", ""))
    now_lex = lexicon_fingerprint()
    if built_lex and built_lex != now_lex:
        lex = (f"{declared}; fingerprint {built_lex} at build, {now_lex} now: the lexicons "
               "changed since the build, run `regionkit build` again")
    else:
        lex = f"{declared}; fingerprint {built_lex or now_lex}"
    return Provenance(
        regionkit_version=regionkit.__version__,
        built_with=str(info.get("regionkit_version", "")),
        lexicon_version=lex,
        input_fingerprint=str(info.get("input_fingerprint") or tables_fingerprint(tables)),
        pipeline_fingerprint=str(info.get("pipeline_fingerprint", "")),
        n_documents=len(tables.documents),
    )


# ---------------------------------------------------------------------------------------------
# Loading and checking, for the notebooks
# ---------------------------------------------------------------------------------------------


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
    """Replace empty ``regions`` and ``period`` by the regions and years of the data."""
    out = dict(params)
    if "regions" in out and not out["regions"]:
        out["regions"] = list(valid.regions)
    if "period" in out and not out["period"] and valid.years:
        out["period"] = [valid.years[0], valid.years[1]]
    return out


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


# ---------------------------------------------------------------------------------------------
# Tables for display
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DisplayTable:
    """A table shown without pandas' row numbers: HTML in reports, aligned text elsewhere.

    Both forms are deterministic (no object ids, no styler ids), so nbval can compare them.
    """

    frame: pd.DataFrame

    def _repr_html_(self) -> str:
        return self.frame.to_html(index=False, border=0, na_rep="–", classes="dataframe")

    def __repr__(self) -> str:
        if self.frame.empty:
            return "(no rows)"
        return self.frame.to_string(index=False, na_rep="–")


def table(frame: pd.DataFrame) -> DisplayTable:
    """Return `frame` for display without row numbers (a named index becomes a column)."""
    named = any(name is not None for name in frame.index.names)
    return DisplayTable(frame.reset_index() if named else frame.reset_index(drop=True))


def format_shares(shares: pd.DataFrame, *, index: Sequence[str] = ("theme",),
                  sort_by_share: bool = False) -> pd.DataFrame:
    """Return shares as a table to read: labels, percentages with one decimal, interval text.

    Rows keep the input order (or go by share, largest first, with `sort_by_share`). Columns:
    the `index` columns (themes and regions as labels), ``segments`` (or ``words``),
    ``tagged``, ``share %`` and ``95 % interval``.
    """
    if sort_by_share:
        shares = shares.sort_values("share", ascending=False, kind="mergesort")
    out = pd.DataFrame()
    for col in index:
        values = shares[col]
        if col == "theme":
            values = values.map(theme_label)
        elif col in ("sjukvardsregion", "region"):
            values = values.map(region_short)
        out[_column_title(col)] = values.to_numpy()
    measure = shares["measure"].iloc[0] if len(shares) else "segments"
    out["segments" if measure == "segments" else "words"] = (
        shares["n_segments"] if measure == "segments" else shares["n_words"]).to_numpy()
    out["tagged"] = (shares["n_tagged"] if measure == "segments"
                     else shares["n_words_tagged"]).to_numpy()
    out["share %"] = (shares["share"] * 100).round(1).to_numpy()
    out["95 % interval"] = [_interval(lo, hi) for lo, hi in
                            zip(shares["ci_low"], shares["ci_high"], strict=True)]
    return out


def _interval(low: float, high: float) -> str:
    if pd.isna(low) or pd.isna(high):
        return "–"
    return f"{low * 100:.1f}–{high * 100:.1f}"


_COLUMN_TITLES = {"theme": "theme", "sjukvardsregion": "region", "year": "year",
                  "doc_id": "document"}


def _column_title(col: str) -> str:
    return _COLUMN_TITLES.get(col, col)


def shares_wide(shares: pd.DataFrame, *, columns: str = "sjukvardsregion") -> pd.DataFrame:
    """Return a theme × group table of "share % [interval]" strings (themes as labels)."""
    cells = shares.assign(
        cell=[f"{s * 100:.1f} [{_interval(lo, hi)}]" for s, lo, hi in
              zip(shares["share"], shares["ci_low"], shares["ci_high"], strict=True)],
        theme_label=shares["theme"].map(theme_label),
    )
    order = list(dict.fromkeys(cells["theme_label"]))
    wide = cells.pivot_table(index="theme_label", columns=columns, values="cell",
                             aggfunc="first").reindex(order)
    if columns == "sjukvardsregion":
        wide.columns = [region_short(c) for c in wide.columns]
    wide.index.name = "theme"
    wide.columns.name = None
    return wide


def format_keyness(kw: pd.DataFrame) -> pd.DataFrame:
    """Return a keyness table to read: counts, per-10k frequencies and G2 rounded."""
    out = kw[["term", "count_target", "count_rest"]].copy()
    out["per 10k (region)"] = kw["per_10k_target"].round(1)
    out["per 10k (others)"] = kw["per_10k_rest"].round(1)
    out["G2"] = kw["g2"].round(2)
    out["log ratio"] = kw["log_ratio"].round(2)
    return out.rename(columns={"count_target": "count (region)", "count_rest": "count (others)"})


def keyness_table(keyness_by_region: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Return the regions' distinctive terms in one table (region, rank, term, counts, G2)."""
    frames = []
    for region, kw in keyness_by_region.items():
        part = format_keyness(kw)
        part.insert(0, "rank", range(1, len(part) + 1))
        part.insert(0, "region", region_short(region))
        frames.append(part)
    if not frames:
        return pd.DataFrame()
    return pd.concat(frames, ignore_index=True)


def format_entities(counts: pd.DataFrame, *, n: int = 10) -> pd.DataFrame:
    """Return the `n` most-mentioned entities per label (NPO, GROUP, ORG), ready to read."""
    order = {"NPO": 0, "GROUP": 1, "ORG": 2}
    top = (counts.assign(_o=counts["label"].map(order).fillna(9))
           .sort_values(["_o", "n_mentions", "entity_id"], ascending=[True, False, True],
                        kind="mergesort")
           .groupby("label", sort=False).head(n))
    return top[["label", "name", "entity_id", "n_mentions", "n_segments", "n_documents"]].rename(
        columns={"n_mentions": "mentions", "n_segments": "segments", "n_documents": "documents"}
    ).reset_index(drop=True)


def format_comentions(co: pd.DataFrame, tables: Tables, *, n: int = 15) -> pd.DataFrame:
    """Return the `n` most frequent entity-theme pairs with names and theme labels."""
    names = compare.entity_names(tables)
    out = co.merge(names, on=["label", "entity_id"], how="left").head(n)
    out = out.assign(theme=out["theme"].map(theme_label))
    cols = [c for c in ("sjukvardsregion", "label", "name", "theme", "n_segments")
            if c in out.columns]
    out = out[cols].rename(columns={"n_segments": "segments together"})
    if "sjukvardsregion" in out.columns:
        out["sjukvardsregion"] = out["sjukvardsregion"].map(region_short)
        out = out.rename(columns={"sjukvardsregion": "region"})
    return out.reset_index(drop=True)


def format_differences(diff: pd.DataFrame) -> pd.DataFrame:
    """Return `compare.region_differences` output with region names and theme labels."""
    kinds = {"theme_only": "theme only here", "theme_higher": "theme clearly higher",
             "entity_only": "named only here", "term": "distinctive term"}
    out = diff.copy()
    out["item"] = [theme_label(i) if k.startswith("theme") else i
                   for k, i in zip(out["kind"], out["item"], strict=True)]
    out["kind"] = out["kind"].map(kinds)
    out["sjukvardsregion"] = out["sjukvardsregion"].map(region_short)
    return out.rename(columns={"sjukvardsregion": "region", "kind": "what"})


def format_change(change: pd.DataFrame) -> pd.DataFrame:
    """Return first-to-last-document changes with percentages and a plain verdict."""
    out = pd.DataFrame({
        "region": change["sjukvardsregion"].map(region_short),
        "theme": change["theme"].map(theme_label),
        "first document": change["first_doc"],
        "last document": change["last_doc"],
        "first %": (change["share_a"] * 100).round(1),
        "last %": (change["share_b"] * 100).round(1),
        "change, points": (change["difference"] * 100).round(1),
        "95 % interval": [_interval(lo, hi) for lo, hi in
                          zip(change["ci_low"], change["ci_high"], strict=True)],
    })
    out["larger than uncertainty"] = ["yes" if x else "no"
                                      for x in change["exceeds_uncertainty"]]
    return out


def format_documents_per_region(per_region: pd.DataFrame) -> pd.DataFrame:
    """Return `compare.documents_per_region` output to read (the statements are shown apart)."""
    return pd.DataFrame({
        "region": per_region["sjukvardsregion"].map(region_short),
        "documents": per_region["n_documents"],
        "first year": per_region["first_year"],
        "last year": per_region["last_year"],
        "trend drawn": ["yes" if x else "no (one document)" for x in per_region["can_draw_trend"]],
    })


def year_table(shares: pd.DataFrame) -> pd.DataFrame:
    """Return a theme × (region, year) table of share % from shares grouped by region and year."""
    cells = shares.assign(
        col=[f"{region_short(r)} {y}" for r, y in
             zip(shares["sjukvardsregion"], shares["year"], strict=True)],
        pct=(shares["share"] * 100).round(1), theme_label=shares["theme"].map(theme_label))
    order = list(dict.fromkeys(cells["theme_label"]))
    cols = list(dict.fromkeys(cells["col"]))
    wide = cells.pivot_table(index="theme_label", columns="col", values="pct",
                             aggfunc="first").reindex(index=order, columns=cols)
    wide.index.name = "theme"
    wide.columns.name = None
    return wide


# ---------------------------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------------------------


def setup_figures() -> None:
    """Set deterministic, legible matplotlib defaults (fonts with å, ä, ö; fixed SVG ids)."""
    import matplotlib as mpl

    mpl.rcParams.update({
        "font.family": "DejaVu Sans",
        "font.size": 11,
        "axes.titlesize": 13,
        "axes.labelsize": 11,
        "xtick.labelsize": 10,
        "ytick.labelsize": 10,
        "legend.fontsize": 10,
        "figure.dpi": 100,
        "savefig.dpi": 150,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "svg.hashsalt": "regionkit",
        "svg.fonttype": "none",
    })


def setup_notebook() -> None:
    """Set figure defaults and pandas display options so that outputs are stable and legible."""
    setup_figures()
    pd.set_option("display.width", 120)
    pd.set_option("display.max_columns", 20)
    pd.set_option("display.max_rows", 200)
    pd.set_option("display.max_colwidth", 80)
    pd.set_option("display.precision", 3)


def show_figure(fig, figures_dir: str | os.PathLike = "", name: str = "figure") -> None:
    """Save a figure (see `save_figure`), display it once and close it."""
    import matplotlib.pyplot as plt
    from IPython.display import display

    save_figure(fig, figures_dir, name)
    display(fig)
    plt.close(fig)


REGION_COLOURS = ("#1b6ca8", "#d1495b", "#2e933c", "#edae49", "#6c4f99", "#00798c")


def region_colours(regions: Sequence[str]) -> dict[str, str]:
    """Return a fixed colour per region (by position in the sorted list of all six ids)."""
    order = sorted(vocab.healthcare_region_ids())
    out = {}
    for i, region in enumerate(regions):
        pos = order.index(region) if region in order else i
        out[region] = REGION_COLOURS[pos % len(REGION_COLOURS)]
    return out


def add_footer(fig, source: str, note: str) -> None:
    """Write the source line and a note under a figure, inside the image."""
    import textwrap

    width = max(60, int(fig.get_figwidth() * 15))
    lines = textwrap.wrap(f"Source: {source}", width) + textwrap.wrap(f"Note: {note}", width)
    height_in = 0.18 * len(lines) + 0.1
    frac = height_in / fig.get_figheight()
    fig.text(0.01, 0.01, "\n".join(lines), ha="left", va="bottom", fontsize=8.5,
             color="#333333", linespacing=1.3)
    engine = fig.get_layout_engine()
    if engine is not None and hasattr(engine, "set"):
        engine.set(rect=(0, frac, 1, 1 - frac))
    else:
        fig.subplots_adjust(bottom=frac + 0.08)


def source_line(prov: Provenance) -> str:
    """Return the source line of a figure: regionkit tables, documents and input fingerprint."""
    return (f"regionkit {prov.regionkit_version} processed tables, {prov.n_documents} documents, "
            f"input {prov.input_fingerprint}")


def save_figure(fig, figures_dir: str | os.PathLike, name: str) -> list[Path]:
    """Save a figure as PNG and SVG in `figures_dir` (nothing when it is "")."""
    if not str(figures_dir):
        return []
    folder = Path(figures_dir)
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{name}.png", folder / f"{name}.svg"]
    fig.savefig(paths[0], metadata={"Software": None})
    fig.savefig(paths[1], metadata={"Date": None, "Creator": None})
    return paths


def plot_theme_shares(
    shares: pd.DataFrame,
    *,
    title: str,
    source: str,
    note: str,
    group: str = "sjukvardsregion",
):
    """Draw theme shares as horizontal bars per group with their 95 % intervals.

    Themes are ordered by their largest share; the x axis is the percentage of content
    segments (or words) tagged with the theme.
    """
    import matplotlib.pyplot as plt
    import numpy as np

    groups = list(dict.fromkeys(shares[group]))
    order = (shares.groupby("theme")["share"].max().sort_values(kind="mergesort").index.tolist())
    colours = region_colours(groups) if group == "sjukvardsregion" else {}
    height = 0.8 / max(len(groups), 1)
    fig, ax = plt.subplots(figsize=(10, 1.2 + 0.32 * len(order) * max(1, len(groups) ** 0.5)),
                           layout="constrained")
    y = np.arange(len(order))
    for i, g in enumerate(groups):
        part = shares[shares[group] == g].set_index("theme").reindex(order)
        pos = y + (len(groups) - 1 - 2 * i) * height / 2
        err = np.vstack([(part["share"] - part["ci_low"]).clip(lower=0),
                         (part["ci_high"] - part["share"]).clip(lower=0)]) * 100
        label = region_short(g) if group == "sjukvardsregion" else str(g)
        ax.barh(pos, part["share"] * 100, height=height * 0.9, label=label,
                color=colours.get(g), xerr=err, error_kw={"elinewidth": 1, "capsize": 2,
                                                          "ecolor": "#444444"})
    ax.set_yticks(y, [theme_label(t) for t in order])
    measure = shares["measure"].iloc[0] if len(shares) else "segments"
    ax.set_xlabel("Share of content segments tagged (%)" if measure == "segments"
                  else "Share of words in tagged content segments (%)")
    ax.set_xlim(0, 100 if shares["ci_high"].max() > 0.6 else None)
    ax.grid(axis="x", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.set_title(title, loc="left")
    if len(groups) > 1:
        ax.legend(loc="lower right", frameon=False)
    add_footer(fig, source, note)
    return fig


def plot_document_timeline(tables: Tables, *, title: str, source: str, note: str):
    """Draw every document as a bar over the years it covers, one row per document."""
    import matplotlib.pyplot as plt

    docs = compare.documents_overview(tables).merge(
        tables.documents[["doc_id", "period_start", "period_end"]], on="doc_id")
    docs = docs.dropna(subset=["period_start"]).iloc[::-1].reset_index(drop=True)
    regions = sorted(set(docs["sjukvardsregion"]))
    colours = region_colours(regions)
    fig, ax = plt.subplots(figsize=(10, 1.6 + 0.45 * len(docs)), layout="constrained")
    for i, row in docs.iterrows():
        start, end = int(row["period_start"]), int(row["period_end"])
        ax.barh(i, end - start + 0.8, left=start - 0.4, color=colours[row["sjukvardsregion"]],
                height=0.6)
        ax.text(end + 0.5, i, f"{row['n_content_segments']} content segments", va="center",
                fontsize=9, color="#333333")
    labels = [f"{region_short(r)} · {t}" for r, t in zip(docs["sjukvardsregion"], docs["title"],
                                                           strict=True)]
    ax.set_yticks(range(len(docs)), [lab if len(lab) < 70 else lab[:67] + "…" for lab in labels])
    if len(docs):
        first, last = int(docs["period_start"].min()), int(docs["period_end"].max())
        ax.set_xticks(range(first, last + 1))
        ax.set_xlim(first - 0.6, last + 2.2)
    ax.set_xlabel("Year covered by the document")
    ax.grid(axis="x", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.set_title(title, loc="left")
    add_footer(fig, source, note)
    return fig


def plot_keyness(keyness_by_region: Mapping[str, pd.DataFrame], *, title: str, source: str,
                 note: str, top: int = 12):
    """Draw each region's most distinctive terms (G2) as horizontal bars, one panel per region."""
    import matplotlib.pyplot as plt

    regions = list(keyness_by_region)
    colours = region_colours(regions)
    fig, axes = plt.subplots(1, max(len(regions), 1), figsize=(4.2 * max(len(regions), 1) + 1,
                                                              1.5 + 0.3 * top),
                             layout="constrained", squeeze=False)
    for ax, region in zip(axes[0], regions, strict=False):
        kw = keyness_by_region[region].head(top).iloc[::-1]
        ax.barh(kw["term"], kw["g2"], color=colours[region])
        ax.set_title(region_short(region), loc="left")
        ax.set_xlabel("log-likelihood G2")
        ax.grid(axis="x", color="#dddddd", linewidth=0.8)
        ax.set_axisbelow(True)
        if kw.empty:
            ax.text(0.5, 0.5, "no term reaches the minimum count", ha="center",
                    transform=ax.transAxes, color="#555555")
    fig.suptitle(title, x=0.01, ha="left", fontsize=13)
    add_footer(fig, source, note)
    return fig


def plot_shares_over_time(doc_shares: pd.DataFrame, *, themes: Sequence[str], title: str,
                          source: str, note: str):
    """Draw each document's theme share at its period, one panel per theme.

    A document is a point at the middle of its period with a horizontal bar over the years it
    covers and a vertical 95 % interval. A region's documents are joined by a line only when it
    has two or more documents: a line is never drawn through one document.
    """
    import matplotlib.pyplot as plt

    regions = list(dict.fromkeys(doc_shares["sjukvardsregion"]))
    colours = region_colours(regions)
    ncols = min(3, max(len(themes), 1))
    nrows = -(-len(themes) // ncols)
    # Each panel gets its own y scale: one document at 100 % would flatten every other panel.
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.4 * ncols + 0.5, 2.9 * nrows + 1.2),
                             layout="constrained", squeeze=False)
    years = (int(doc_shares["period_start"].min()), int(doc_shares["period_end"].max()))
    for k, theme in enumerate(themes):
        ax = axes[k // ncols][k % ncols]
        part = doc_shares[doc_shares["theme"] == theme]
        for r_i, region in enumerate(regions):
            docs = part[part["sjukvardsregion"] == region]
            _draw_documents(ax, docs, colours[region], region_short(region), r_i, len(regions))
        ax.set_title(theme_label(theme), loc="left", fontsize=11)
        ax.set_xticks(range(years[0], years[1] + 1))
        ax.set_xlim(years[0] - 0.6, years[1] + 0.6)
        ax.grid(axis="y", color="#dddddd", linewidth=0.8)
        top = float(part["ci_high"].max() * 100) if len(part) else 0.0
        ax.set_ylim(0, max(10.0, min(105.0, top * 1.1 + 2)))
        if k % ncols == 0:
            ax.set_ylabel("% of content segments")
    for k in range(len(themes), nrows * ncols):
        axes[k // ncols][k % ncols].set_visible(False)
    handles, labels = axes[0][0].get_legend_handles_labels()
    if handles:
        fig.legend(handles, labels, loc="outside upper right", frameon=False,
                   ncols=len(regions))
    fig.suptitle(title, x=0.01, ha="left", fontsize=13)
    add_footer(fig, source, note)
    return fig


def _draw_documents(ax, docs: pd.DataFrame, colour: str, label: str, index: int,
                    n_regions: int) -> None:
    offset = (index - (n_regions - 1) / 2) * 0.12  # keep regions' points apart in a shared year
    mid = (docs["period_start"].astype(float) + docs["period_end"].astype(float)) / 2 + offset
    share = docs["share"] * 100
    if len(docs) >= 2:
        ax.plot(mid, share, color=colour, linewidth=1.2, alpha=0.8)
    ax.errorbar(mid, share, yerr=[(share - docs["ci_low"] * 100).clip(lower=0),
                                  (docs["ci_high"] * 100 - share).clip(lower=0)],
                fmt="o", color=colour, ecolor=colour, elinewidth=1, capsize=2, markersize=5,
                label=label)
    for start, end, value in zip(docs["period_start"], docs["period_end"], share, strict=True):
        if end > start:
            ax.hlines(value, start + offset, end + offset, color=colour, linewidth=3, alpha=0.5)


# ---------------------------------------------------------------------------------------------
# Segments with entities and evidence highlighted (spaCy displacy)
# ---------------------------------------------------------------------------------------------

# Whitespace-delimited tokens: displacy puts a space after every token, so finer tokens would
# show "( DS 2020 : 15 )"; a highlight then covers the word with its punctuation.
_TOKEN = re.compile(r"\S+")
SPAN_COLOURS = {"NPO": "#f6c177", "GROUP": "#9ccfd8", "ORG": "#c4a7e7", "REGION": "#ebbcba",
                "SJUKVARDSREGION": "#eb6f92"}
EVIDENCE_COLOUR = "#a6e3a1"


def segment_html(tables: Tables, segment_id: str, *, theme: str | None = None) -> str:
    """Return HTML showing a segment with its entities and theme evidence highlighted.

    Entities are labelled with their label (NPO, GROUP, ORG, ...); the words that gave
    `theme` with "evidence" (with no theme given, every theme's evidence, labelled
    "evidence: <theme>"). A line above names the document and the segment's themes.
    """
    from spacy import displacy

    seg = tables.segments.loc[tables.segments["segment_id"] == segment_id].iloc[0]
    text = str(seg["text"])
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    spans, colours = [], dict(SPAN_COLOURS)
    for span in compare.segment_spans(tables, segment_id, theme=theme):
        covered = [i for i, (a, b) in enumerate(tokens) if a < span["end"] and b > span["start"]]
        if not covered:
            continue
        if span["kind"] == "entity":
            label = span["label"]
        else:
            label = "evidence" if theme else f"evidence: {theme_label(span['label'])}"
        if span["kind"] == "evidence":
            colours[label] = EVIDENCE_COLOUR
        spans.append({"start_token": covered[0], "end_token": covered[-1] + 1, "label": label})
    doc = {"text": text, "tokens": [text[a:b] for a, b in tokens], "spans": spans}
    body = displacy.render(doc, style="span", manual=True, jupyter=False,
                           options={"colors": colours})
    docs = tables.documents.set_index("doc_id")
    title = docs.loc[seg["doc_id"], "title"] if seg["doc_id"] in docs.index else seg["doc_id"]
    st = tables.segment_themes[tables.segment_themes["segment_id"] == segment_id]
    themes = ", ".join(f"{theme_label(t)} ({s:g}: {html.escape(str(e))})"
                       for t, s, e in zip(st["theme"], st["score"], st["evidence"], strict=True))
    head = (f"<p style='margin:0.6em 0 0.2em 0;font-size:90%;color:#333'>"
            f"<b>{html.escape(str(title))}</b> · segment {html.escape(segment_id)} · "
            f"themes: {themes or '–'}</p>")
    return head + body


def examples_html(tables: Tables, region: str, themes: Sequence[str], *, n: int = 2,
                  period: Sequence[int] | None = None) -> str:
    """Return HTML with up to `n` example segments of `region` for each theme."""
    parts = []
    for theme in themes:
        ex = compare.example_segments(tables, region, theme, n=n, period=period)
        parts.append(f"<h3>{html.escape(theme_label(theme))}</h3>")
        if ex.empty:
            parts.append(f"<p><i>No content segment of {html.escape(region_short(region))} "
                         f"is tagged with this theme.</i></p>")
        for segment_id in ex["segment_id"]:
            parts.append(segment_html(tables, segment_id, theme=theme))
    return "\n".join(parts)


def widgets_frontend() -> bool:
    """Return True when running in a Jupyter front end that shows widgets (e.g. JupyterLab).

    Jupyter servers set ``JPY_SESSION_NAME`` for the kernels they start; papermill, nbval and
    nbconvert do not, so batch runs show the parameter values as plain output instead.
    """
    if not os.environ.get("JPY_SESSION_NAME"):
        return False
    try:
        import ipywidgets  # noqa: F401
    except ImportError:
        return False
    return True


def profile_explorer(tables: Tables, sjukvardsregion: str, themes: Sequence[str], *,
                     n: int = 2, period: Sequence[int] | None = None) -> None:
    """Show example segments of a region per theme, with pickers in JupyterLab.

    In a widget front end (JupyterLab, Notebook 7), dropdowns for region and theme re-render the
    examples. Run by papermill or nbval, it shows the examples of the parameter values (the
    region and each of `themes`) as ordinary output, so the HTML report holds them.
    """
    from IPython.display import HTML, display

    if not widgets_frontend():
        display(HTML(examples_html(tables, sjukvardsregion, themes, n=n, period=period)))
        return
    import ipywidgets as widgets

    valid = compare.valid_ids(tables)
    region_pick = widgets.Dropdown(options=[(region_short(r), r) for r in valid.regions],
                                   value=sjukvardsregion, description="Region")
    theme_pick = widgets.Dropdown(options=[(theme_label(t), t) for t in valid.themes],
                                  value=themes[0] if themes else valid.themes[0],
                                  description="Theme")
    out = widgets.Output()

    def _show(*_args: object) -> None:
        out.clear_output()
        with out:
            display(HTML(examples_html(tables, region_pick.value, [theme_pick.value], n=n,
                                       period=period)))

    region_pick.observe(_show, names="value")
    theme_pick.observe(_show, names="value")
    display(widgets.HBox([region_pick, theme_pick]), out)
    _show()


# ---------------------------------------------------------------------------------------------
# Planning runs: notebooks, their parameters, the defaults and the parameter file
# ---------------------------------------------------------------------------------------------


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
            raise ParameterError(f"{notebook}: unknown parameter {name!r}; parameters: {names}")
        if not _type_ok(value, declared[name]):
            raise ParameterError(f"{notebook}: {name} = {value!r} should be like the default "
                                 f"{declared[name]!r}")
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
            raise ParameterError(f"parameters do not translate to plain assignments: {code!r}")
        try:
            got[node.targets[0].id] = ast.literal_eval(node.value)
        except ValueError as exc:
            raise ParameterError(f"{node.targets[0].id}: value is not plain data once "
                                 f"injected: {ast.unparse(node.value)}") from exc
    if got != dict(parameters):
        raise ParameterError(f"parameters would not be injected as the same values: {code!r}")


PARAMS_MAX_BYTES = 64 * 1024
"""Largest parameter file `regionkit report --params` reads (a few runs take under 2 KiB)."""

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
        return data
    if isinstance(data, list):
        for i, item in enumerate(data, start=1):
            if not isinstance(item, dict) or "notebook" not in item:
                raise ParameterError(f"{path}: item {i} must be a mapping with 'notebook'")
            try:
                check_keys(item, {"notebook", "parameters"}, f"{path}: item {i}")
            except DataFileError as exc:
                raise ParameterError(str(exc)) from None
            if not isinstance(item.get("parameters") or {}, dict):
                raise ParameterError(f"{path}: item {i}: parameters must be a mapping")
        return data
    raise ParameterError(f"{path}: expected a mapping of parameters or a list of "
                         "{notebook, parameters}")


def _notebook_name(name: object) -> str:
    stem = str(name).removesuffix(".ipynb")
    if stem not in NOTEBOOKS:
        raise ParameterError(f"unknown notebook {name!r}; notebooks: {', '.join(NOTEBOOKS)}")
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
            raise ParameterError(f"unknown parameter {name!r}; parameters: "
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
        checked = {**resolve_all_values(defaults, valid), **checked}
        assert_literal_injection(checked)
        base = nb + (f"-{checked['sjukvardsregion']}" if "sjukvardsregion" in checked else "")
        used[base] = used.get(base, 0) + 1
        name = base if used[base] == 1 else f"{base}-{used[base]}"
        specs.append(RunSpec(notebook=nb, name=name, parameters=checked))
    return specs


# ---------------------------------------------------------------------------------------------
# Running and rendering
# ---------------------------------------------------------------------------------------------


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
    """

    notebook: str
    name: str
    parameters: dict
    status: str = "ok"
    failing_cell: int | None = None
    error: str = ""
    html: Path | None = None
    notebook_out: Path | None = None

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
            if r.status == "ok":
                lines.append(f"ok      {r.name}: {r.html}")
            else:
                cell = f" at cell {r.failing_cell}" if r.failing_cell else ""
                lines.append(f"FAILED  {r.name}{cell}: {r.error}")
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
            execution_timeout=timeout,
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


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


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
        f"<p class='prov'>{html.escape(SEGMENT_NOTE)} Intervals are 95 % bootstrap intervals "
        "over segments.</p>\n</body></html>\n"
    )


def run_reports(
    params_file: Path | None,
    out_dir: Path,
    processed_dir: Path,
    *,
    notebooks_dir: Path | None = None,
    kernel_name: str = DEFAULT_KERNEL,
    timeout: int = 600,
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
    for spec in specs:
        result.runs.append(execute_run(spec, folder.resolve(), out_dir, processed_dir,
                                       kernel_name=kernel_name, timeout=timeout))
    _write_atomic(index, index_html(result.runs, prov))
    result.index = index
    return result


# ---------------------------------------------------------------------------------------------
# Keeping the committed notebooks clean (outputs only where nbval checks them)
# ---------------------------------------------------------------------------------------------

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


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    import sys

    if sys.argv[1:2] != ["refresh-notebooks"]:
        sys.exit("usage: python -m regionkit.report refresh-notebooks [PROCESSED_DIR]")
    fixture = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("tests/data/processed_small")
    for written_path in refresh_notebook_outputs(Path("notebooks"), fixture):
        print(written_path)
