"""Figures: deterministic matplotlib defaults, the report figures, footers, PNG and SVG files."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from regionkit import compare, vocab
from regionkit.provenance import Provenance
from regionkit.report.labels import (
    measure_name,
    region_short,
    theme_label,
)
from regionkit.tables import Tables


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
    """Return the source line of a figure: version, documents, input and lexicon fingerprints.

    A figure made after a lexicon edit carries another lexicon fingerprint (and says so when the
    tables were built with other lexicons than those installed), so two figures with the same
    footer come from the same inputs and the same lexicons.
    """
    lex = prov.lexicon_fingerprint or "unknown"
    if prov.lexicon_fingerprint_now and prov.lexicon_fingerprint_now != lex:
        lex += f" (installed now: {prov.lexicon_fingerprint_now}; rebuild the tables)"
    return (f"regionkit {prov.regionkit_version} processed tables, {prov.n_documents} documents, "
            f"input {prov.input_fingerprint}, lexicons {lex}")


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
    ax.set_xlabel({"units": "Share of quasi-sentences carrying the theme (%)",
                   "segments": "Share of content segments tagged (%)",
                   "words": "Share of words in tagged content segments (%)"}[measure])
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
    """Draw each region's most distinctive terms (G2) as horizontal bars, one panel per region.

    The panels share one G2 axis, so bar lengths compare across regions; each bar is labelled
    with its raw counts (region against the others).
    """
    import matplotlib.pyplot as plt

    regions = list(keyness_by_region)
    colours = region_colours(regions)
    fig, axes = plt.subplots(1, max(len(regions), 1), figsize=(4.2 * max(len(regions), 1) + 1,
                                                              1.5 + 0.3 * top),
                             layout="constrained", squeeze=False, sharex=True)
    longest = max([float(kw["g2"].head(top).max()) for kw in keyness_by_region.values()
                   if len(kw)] or [1.0])
    for ax, region in zip(axes[0], regions, strict=False):
        kw = keyness_by_region[region].head(top).iloc[::-1]
        bars = ax.barh(kw["term"], kw["g2"], color=colours[region])
        ax.bar_label(bars, labels=[f"{a}/{b}" for a, b in
                                   zip(kw["count_target"], kw["count_rest"], strict=True)],
                     padding=2, fontsize=8, color="#333333")
        ax.set_title(region_short(region), loc="left")
        ax.set_xlabel("log-likelihood G2")
        ax.set_xlim(0, longest * 1.25)
        ax.grid(axis="x", color="#dddddd", linewidth=0.8)
        ax.set_axisbelow(True)
        if kw.empty:
            ax.text(0.5, 0.5, "no term reaches the minimum count", ha="center",
                    transform=ax.transAxes, color="#555555")
    fig.suptitle(title, x=0.01, ha="left", fontsize=13)
    add_footer(fig, source, note + " Bar labels: count in the region / count in the others.")
    return fig


GROUP_MARKERS = {"plan": "s", "follow_up": "o", "minutes": "^", "other": "D"}
"""Marker per document group: plans squares, follow-up reports circles, minutes triangles."""


GROUP_NAMES = {"plan": "plan", "follow_up": "follow-up report", "minutes": "minutes",
               "other": "other document"}


def plot_shares_over_time(doc_shares: pd.DataFrame, *, themes: Sequence[str], title: str,
                          source: str, note: str):
    """Draw each document's theme share at its period, one panel per theme.

    A document is a point at the middle of its period (marker by document group: plan,
    follow-up report, minutes) with a horizontal bar over the years it covers and a vertical
    95 % interval. A line joins only the documents of one series (same region, body and
    document type; `regionkit.analysis.series.trend_lines`): never two bodies, never a plan
    and a follow-up report, never a single document. Every panel has the same y axis, so
    heights compare across themes. Each line carries ``gid`` ``series:<series id>`` and each
    point group ``doc:<doc id>``, so the drawing can be checked.
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    from regionkit.analysis.series import add_series, trend_lines

    if "series" not in doc_shares.columns:
        doc_shares = add_series(doc_shares)
    regions = list(dict.fromkeys(doc_shares["sjukvardsregion"]))
    measure = doc_shares["measure"].iloc[0] if len(doc_shares) else "segments"
    colours = region_colours(regions)
    lines = dict(trend_lines(doc_shares))
    ncols = min(3, max(len(themes), 1))
    nrows = -(-len(themes) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.4 * ncols + 0.5, 2.9 * nrows + 1.6),
                             layout="constrained", squeeze=False, sharey=True)
    years = (int(doc_shares["period_start"].min()), int(doc_shares["period_end"].max()))
    shown = doc_shares[doc_shares["theme"].isin(list(themes))]
    top = float(shown["ci_high"].max() * 100) if len(shown) else 0.0
    ylim = max(10.0, min(105.0, top * 1.05 + 2))
    for k, theme in enumerate(themes):
        ax = axes[k // ncols][k % ncols]
        part = doc_shares[doc_shares["theme"] == theme]
        for r_i, region in enumerate(regions):
            docs = part[part["sjukvardsregion"] == region]
            _draw_documents(ax, docs, colours[region], r_i, len(regions), lines)
        ax.set_title(theme_label(theme), loc="left", fontsize=11)
        ax.set_xticks(range(years[0], years[1] + 1))
        ax.set_xlim(years[0] - 0.6, years[1] + 0.6)
        ax.grid(axis="y", color="#dddddd", linewidth=0.8)
        ax.set_ylim(0, ylim)
        if k % ncols == 0:
            ax.set_ylabel(f"% of {measure_name(measure)}")
    for k in range(len(themes), nrows * ncols):
        axes[k // ncols][k % ncols].set_visible(False)
    handles = [Line2D([], [], color=colours[r], marker="o", linestyle="-", label=region_short(r))
               for r in regions]
    groups = [g for g in GROUP_MARKERS if g in set(doc_shares["doc_group"])]
    handles += [Line2D([], [], color="#555555", marker=GROUP_MARKERS[g], linestyle="none",
                       label=GROUP_NAMES[g]) for g in groups]
    # Below the panels: at the top, a wide legend would run into the title.
    fig.legend(handles=handles, loc="outside lower center", frameon=False,
               ncols=min(len(handles), 8))
    fig.suptitle(title, x=0.01, ha="left", fontsize=13)
    add_footer(fig, source, note)
    return fig


_SERIES_STYLES = ("-", "--", ":", "-.")


def _draw_documents(ax, docs: pd.DataFrame, colour: str, index: int, n_regions: int,
                    lines: Mapping[str, list[str]]) -> None:
    offset = (index - (n_regions - 1) / 2) * 0.12  # keep regions' points apart in a shared year
    docs = docs.assign(
        x_pos=(docs["period_start"].astype(float) + docs["period_end"].astype(float)) / 2 + offset,
        y_pct=docs["share"] * 100)
    drawn = sorted(s for s in set(docs["series"]) if s in lines)
    for series, group in docs.groupby("series", sort=True):
        ids = lines.get(str(series))
        if not ids:
            continue
        ordered = group.set_index("doc_id").loc[[d for d in ids if d in set(group["doc_id"])]]
        if len(ordered) < 2:
            continue
        # One line style per series of the region: solid for its first, dashed for the next.
        style = _SERIES_STYLES[drawn.index(series) % len(_SERIES_STYLES)]
        (line,) = ax.plot(ordered["x_pos"], ordered["y_pct"], color=colour, linewidth=1.2,
                          alpha=0.8, linestyle=style)
        line.set_gid(f"series:{series}")
    for row in docs.itertuples(index=False):
        marker = GROUP_MARKERS.get(str(row.doc_group), "o")
        low = max(row.y_pct - row.ci_low * 100, 0) if not pd.isna(row.ci_low) else 0
        high = max(row.ci_high * 100 - row.y_pct, 0) if not pd.isna(row.ci_high) else 0
        bars = ax.errorbar([row.x_pos], [row.y_pct], yerr=[[low], [high]], fmt=marker, color=colour,
                           ecolor=colour, elinewidth=1, capsize=2, markersize=5)
        bars.lines[0].set_gid(f"doc:{row.doc_id}")
        if row.period_end > row.period_start:
            ax.hlines(row.y_pct, row.period_start + offset, row.period_end + offset, color=colour,
                      linewidth=3, alpha=0.5)
