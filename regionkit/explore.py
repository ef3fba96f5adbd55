"""Exploring the processed tables in JupyterLab: filter segments, find mentions, show evidence.

Example::

    import regionkit as rk
    t = rk.load()                                   # data/processed
    rk.find_segments(t, sjukvardsregion="sodra", theme="kompetensforsorjning")
    rk.where_mentioned(t, "akut-vard")              # where NPO Akut vård is mentioned, by whom
    rk.show_segment(t, "sodra-rvn-verksamhetsplan-2022-2023:0007")
"""

from __future__ import annotations

import pandas as pd

from regionkit.tables import Tables


def find_segments(
    tables: Tables,
    *,
    sjukvardsregion: str | None = None,
    year: int | None = None,
    theme: str | None = None,
    entity_id: str | None = None,
    content_only: bool = True,
) -> pd.DataFrame:
    """Return segments (with their document's metadata) that match every given filter.

    Args:
        tables: the processed tables (`regionkit.load()`).
        sjukvardsregion: healthcare region id, e.g. "mellansverige".
        year: a year inside the document's period.
        theme: a theme id; the segment must carry it.
        entity_id: a canonical entity id mentioned in the segment.
        content_only: leave out attendee lists, tables of contents, headings and titles.
    """
    meta = tables.documents[["doc_id", "sjukvardsregion", "body", "doc_type", "period_start",
                             "period_end"]]
    segs = tables.segments if not content_only else tables.segments[tables.segments["is_content"]]
    out = segs.merge(meta, on="doc_id", how="left")
    if sjukvardsregion is not None:
        out = out[out["sjukvardsregion"] == sjukvardsregion]
    if year is not None:
        end = out["period_end"].fillna(out["period_start"])
        out = out[(out["period_start"] <= year) & (end >= year)]
    if theme is not None:
        ids = tables.segment_themes.loc[tables.segment_themes["theme"] == theme, "segment_id"]
        out = out[out["segment_id"].isin(set(ids))]
    if entity_id is not None:
        ids = tables.entity_mentions.loc[tables.entity_mentions["entity_id"] == entity_id,
                                         "segment_id"]
        out = out[out["segment_id"].isin(set(ids))]
    return out.reset_index(drop=True)


def where_mentioned(tables: Tables, entity_id: str) -> pd.DataFrame:
    """Return every mention of an entity with the document, region and body that made it."""
    meta = tables.documents[["doc_id", "sjukvardsregion", "body", "doc_type", "period_start"]]
    m = tables.entity_mentions[tables.entity_mentions["entity_id"] == entity_id]
    segs = tables.segments[["segment_id", "kind", "heading_path"]]
    out = m.merge(segs, on="segment_id", how="left").merge(meta, on="doc_id", how="left")
    cols = ["sjukvardsregion", "body", "doc_id", "doc_type", "period_start", "segment_id", "kind",
            "heading_path", "label", "text"]
    return out[cols].sort_values(["sjukvardsregion", "doc_id", "segment_id"]).reset_index(
        drop=True)


def segment_html(tables: Tables, segment_id: str, *, theme: str | None = None) -> str:
    """Return HTML of one segment with entities and theme evidence highlighted (displacy).

    Args:
        tables: the processed tables.
        segment_id: the segment.
        theme: highlight only this theme's evidence (default: every theme's).
    """
    from regionkit.report import segment_html as _segment_html

    return _segment_html(tables, segment_id, theme=theme)


def show_segment(tables: Tables, segment_id: str):
    """Display a segment with its entities and theme evidence highlighted (in JupyterLab)."""
    from IPython.display import HTML

    return HTML(segment_html(tables, segment_id))
