"""Tables for display: labels instead of ids, percentages, interval text, no row numbers.

Both forms of a `DisplayTable` (HTML and text) are deterministic, so nbval can compare them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from regionkit import compare
from regionkit.report.labels import (
    measure_name,
    measure_text,
    region_short,
    theme_label,
)
from regionkit.tables import Tables

TABLE_CSS = (
    "<style>.rk-table-wrap{max-width:100%;overflow-x:auto}"
    ".rk-table-wrap table.rk-table{table-layout:auto;max-width:100%}"
    ".rk-table-wrap table.rk-table td,.rk-table-wrap table.rk-table th{white-space:normal;"
    "overflow-wrap:anywhere;word-break:normal;max-width:26em;vertical-align:top}</style>"
)
"""CSS that keeps report tables inside the page: long ids and titles wrap instead of running off
(a 1400 px window showed the documents table cut off on the right)."""


@dataclass(frozen=True)
class DisplayTable:
    """A table shown without pandas' row numbers: HTML in reports, aligned text elsewhere.

    Both forms are deterministic (no object ids, no styler ids), so nbval can compare them.
    """

    frame: pd.DataFrame

    def _repr_html_(self) -> str:
        body = self.frame.to_html(index=False, border=0, na_rep="–",
                                  classes="dataframe rk-table")
        return f"<div class='rk-table-wrap'>{TABLE_CSS}{body}</div>"

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
    the `index` columns (themes and regions as labels), what the measure counts
    (``quasi-sentences``, ``content segments`` or ``words``: the ``n`` column), ``carrying the
    theme`` (``k``), ``share %`` and ``95 % interval``.
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
    out[measure_name(measure)] = shares["n"].to_numpy()
    out["carrying the theme"] = shares["k"].to_numpy()
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
    elif columns == "measure":
        present = set(wide.columns)
        wide = wide[[m for m in ("units", "segments", "words") if m in present]]
        wide.columns = [f"% of {measure_name(c)}" for c in wide.columns]
    wide.index.name = "theme"
    wide.columns.name = None
    return wide


def shares_intro(shares: pd.DataFrame, heading: str) -> str:
    """Return Markdown opening a table of shares: heading, what is counted, sizes, intervals.

    The sizes are given per region: what the measure counts and the content segments it lies
    in (e.g. "Mellansverige: 312 quasi-sentences in 96 content segments").
    """
    measure = shares["measure"].iloc[0] if len(shares) else "segments"
    sizes = shares.drop_duplicates("sjukvardsregion") if "sjukvardsregion" in shares else shares[:0]
    parts = []
    for r, n, n_seg in zip(sizes["sjukvardsregion"], sizes["n"], sizes["n_segments"],
                           strict=True):
        inside = "" if measure == "segments" else f" in {n_seg} content segments"
        parts.append(f"{region_short(r)} {n} {measure_name(measure)}{inside}")
    clusters = ("documents" if measure == "segments" else "segments and documents")
    return (f"## {heading}\n\n{measure_text(measure)} Counted: {'; '.join(parts) or 'nothing'}. "
            "A unit can carry several themes, so shares do not add up to 100 %. The interval "
            f"is a 95 % Wilson score interval ({clusters} as clusters where several are "
            "pooled): had the documents been written with other units of the same kind, the "
            "share would likely fall inside it.")


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


def document_names(tables: Tables | None) -> dict[str, str]:
    """Return doc_id → "title (years)" for tables and warnings (the id where there is no title)."""
    if tables is None:
        return {}
    docs = tables.documents
    out = {}
    for doc_id, title, a, b in zip(docs["doc_id"], docs["title"], docs["period_start"],
                                   docs["period_end"], strict=True):
        years = "" if pd.isna(a) else (f"{int(a)}" if pd.isna(b) or int(a) == int(b)
                                       else f"{int(a)}–{int(b)}")
        name = str(title) if title is not None and not pd.isna(title) and str(title) else doc_id
        out[doc_id] = f"{name} ({years})" if years and years not in name else name
    return out


def _pct(x: float) -> float:
    return round(float(x) * 100, 1) if not pd.isna(x) else float("nan")


def format_change(change: pd.DataFrame, tables: Tables | None = None) -> pd.DataFrame:
    """Return first-to-last-document changes with percentages and a plain verdict.

    With `tables`, documents are named by title and years instead of id.
    """
    titles = document_names(tables)
    series = (change["series_label"] if "series_label" in change.columns
              else pd.Series([""] * len(change), index=change.index))
    out = pd.DataFrame({
        "region": change["sjukvardsregion"].map(region_short),
        "series": series.to_numpy(),
        "theme": change["theme"].map(theme_label),
        "first document": change["first_doc"].map(lambda d: titles.get(d, d)),
        "last document": change["last_doc"].map(lambda d: titles.get(d, d)),
        "first %": (change["share_a"] * 100).round(1),
        "last %": (change["share_b"] * 100).round(1),
        "change, points": (change["difference"] * 100).round(1),
        "95 % interval": [_interval(lo, hi) for lo, hi in
                          zip(change["ci_low"], change["ci_high"], strict=True)],
    })
    out["larger than uncertainty"] = ["yes" if x else "no"
                                      for x in change["exceeds_uncertainty"]]
    if "series_label" not in change.columns:
        out = out.drop(columns="series")
    return out


def format_plan_followup(pairs: pd.DataFrame, tables: Tables | None = None) -> pd.DataFrame:
    """Return `plan_vs_followup` output to read: names, titles, percentages and intervals."""
    titles = document_names(tables)
    return pd.DataFrame({
        "region": pairs["sjukvardsregion"].map(region_short).to_numpy(),
        "body": pairs["body"].to_numpy() if "body" in pairs.columns else "",
        "theme": pairs["theme"].map(theme_label).to_numpy(),
        "plan": pairs["plan_doc"].map(lambda d: titles.get(d, d)).to_numpy(),
        "follow-up report": pairs["followup_doc"].map(lambda d: titles.get(d, d)).to_numpy(),
        "years of both": pairs["overlap_years"].to_numpy(),
        "plan %": [_pct(x) for x in pairs["plan_share"]],
        "plan 95 % interval": [_interval(lo, hi) for lo, hi in
                               zip(pairs["plan_ci_low"], pairs["plan_ci_high"], strict=True)],
        "follow-up %": [_pct(x) for x in pairs["followup_share"]],
        "follow-up 95 % interval": [
            _interval(lo, hi) for lo, hi in
            zip(pairs["followup_ci_low"], pairs["followup_ci_high"], strict=True)],
    })


def format_series(overview: pd.DataFrame, tables: Tables | None = None) -> pd.DataFrame:
    """Return `regionkit.analysis.series.series_overview` output to read."""
    titles = document_names(tables)
    return pd.DataFrame({
        "region": overview["sjukvardsregion"].map(region_short).to_numpy(),
        "series (body · document type)": overview["series_label"].to_numpy(),
        "documents": overview["n_documents"].to_numpy(),
        "years": [str(a) if a == b else f"{a}–{b}" for a, b in
                  zip(overview["first_year"], overview["last_year"], strict=True)],
        "which": ["; ".join(titles.get(d, d) for d in docs.split(", "))
                  for docs in overview["documents"]],
        "trend line": ["yes" if x else "no (one document)"
                       for x in overview["can_draw_trend"]],
    })


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
    """Return a theme × (region[, series], year) table of share % from year shares.

    Columns are "Region year" for pooled shares, "Region · series label year" for shares per
    series (`regionkit.analysis.shares.year_shares`).
    """
    if "series_label" in shares.columns:
        names = [f"{region_short(r)} · {s} {y}" for r, s, y in
                 zip(shares["sjukvardsregion"], shares["series_label"], shares["year"],
                     strict=True)]
    else:
        names = [f"{region_short(r)} {y}" for r, y in
                 zip(shares["sjukvardsregion"], shares["year"], strict=True)]
    cells = shares.assign(col=names, pct=(shares["share"] * 100).round(1),
                          theme_label=shares["theme"].map(theme_label))
    order = list(dict.fromkeys(cells["theme_label"]))
    cols = list(dict.fromkeys(cells["col"]))
    wide = cells.pivot_table(index="theme_label", columns="col", values="pct",
                             aggfunc="first").reindex(index=order, columns=cols)
    wide.index.name = "theme"
    wide.columns.name = None
    return wide
