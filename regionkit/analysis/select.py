"""Selecting what the analyses count: content segments by region, period and theme.

Only content segments count (``Tables.content_segments``): attendee lists, tables of contents,
titles, headings, signatures and page boilerplate never enter a share, a term count or an entity
count.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from regionkit import vocab
from regionkit.analysis.params import _period_bounds
from regionkit.tables import Tables

DOC_TYPE_GROUPS: dict[str, str] = vocab.document_type_groups()
"""Document types grouped into plans, follow-up reports and minutes (for plan-vs-follow-up)."""


def select_segments(
    tables: Tables,
    *,
    regions: Sequence[str] | None = None,
    period: Sequence[int] | None = None,
) -> pd.DataFrame:
    """Return content segments with their document's metadata, optionally filtered.

    Args:
        tables: the processed tables.
        regions: keep these healthcare regions; None or empty keeps all.
        period: ``[first, last]`` year; a document is kept when its period overlaps it.
            None or empty keeps all.

    Returns:
        ``Tables.content_segments()`` rows plus ``doc_group`` (plan, follow_up, minutes, other),
        sorted by segment id.
    """
    segs = tables.content_segments()
    if regions:
        segs = segs[segs["sjukvardsregion"].isin(list(regions))]
    if period:
        first, last = _period_bounds(period)
        start = segs["period_start"]
        end = segs["period_end"].fillna(start)
        segs = segs[(start <= last) & (end >= first)]
    segs = segs.assign(doc_group=segs["doc_type"].map(DOC_TYPE_GROUPS).fillna("other"))
    return segs.sort_values("segment_id", kind="mergesort").reset_index(drop=True)


def expand_years(segments: pd.DataFrame, period: Sequence[int] | None = None) -> pd.DataFrame:
    """Return one row per segment and year its document covers (column ``year``).

    A plan for 2022-2023 speaks for both years, so its segments count in each: shares within a
    year are right, but a sum over years counts such a document more than once. Documents
    without a year are left out. With `period`, years outside it are dropped.
    """
    start = segments["period_start"]
    end = segments["period_end"].fillna(start)
    known = start.notna()
    segs = segments[known]
    years = [
        list(range(int(a), int(b) + 1))
        for a, b in zip(start[known], end[known], strict=True)
    ]
    out = segs.assign(year=years).explode("year")
    out["year"] = out["year"].astype("int64")
    if period:
        first, last = _period_bounds(period)
        out = out[(out["year"] >= first) & (out["year"] <= last)]
    return out.reset_index(drop=True)


def theme_indicator(
    tables: Tables, segment_ids: Iterable[str], themes: Sequence[str]
) -> np.ndarray:
    """Return a boolean matrix: row i, column j is True if segment i is tagged with theme j."""
    ids = pd.Index(list(segment_ids))
    st = tables.segment_themes
    st = st[st["theme"].isin(list(themes)) & st["segment_id"].isin(ids)]
    flags = pd.DataFrame(False, index=ids.unique(), columns=list(themes))
    for theme, group in st.groupby("theme", sort=False):
        flags.loc[group["segment_id"].to_numpy(), theme] = True
    return flags.reindex(ids).to_numpy(dtype=bool)


def example_segments(
    tables: Tables,
    region: str,
    theme: str,
    *,
    n: int = 2,
    period: Sequence[int] | None = None,
) -> pd.DataFrame:
    """Return up to `n` content segments of `region` tagged with `theme`, strongest first.

    Ordered by theme score (descending), then segment id, so the choice is stable.

    Returns:
        Columns ``segment_id``, ``doc_id``, ``doc_title``, ``heading_path``, ``score``,
        ``evidence``, ``text``.
    """
    segs = select_segments(tables, regions=[region], period=period)
    st = tables.segment_themes[tables.segment_themes["theme"] == theme]
    out = segs.merge(st[["segment_id", "score", "evidence"]], on="segment_id")
    out = out.sort_values(["score", "segment_id"], ascending=[False, True], kind="mergesort")
    return out[["segment_id", "doc_id", "doc_title", "heading_path", "score", "evidence",
                "text"]].head(n).reset_index(drop=True)


def _period_text(start: object, end: object) -> str:
    if pd.isna(start):
        return "year unknown"
    if pd.isna(end) or int(end) == int(start):
        return str(int(start))
    return f"{int(start)}–{int(end)}"
