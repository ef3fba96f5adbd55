"""Figures: deterministic matplotlib defaults, the report figures, footers, PNG and SVG files."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from regionkit import compare, vocab
from regionkit.provenance import Provenance
from regionkit.report.labels import (
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
