"""Tables for display: labels instead of ids, percentages, interval text, no row numbers.

Both forms of a `DisplayTable` (HTML and text) are deterministic, so nbval can compare them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from regionkit import compare
from regionkit.report.labels import (
    region_short,
    theme_label,
)
from regionkit.tables import Tables


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
