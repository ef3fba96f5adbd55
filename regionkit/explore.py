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

from regionkit import vocab
from regionkit.tables import Tables


def _region(tables: Tables, value: str) -> str:
    """Return the region id for an id or display name, or refuse it listing the valid ones."""
    present = tuple(sorted(tables.documents["sjukvardsregion"].dropna().astype(str).unique()))
    return vocab.resolve_region(value, valid=present or None)


def _entity(tables: Tables, value: str) -> str:
    """Return the entity id for an id or a display name ("Akut vård" → akut-vard).

    Raises:
        ValueError: neither an entity id in the tables nor a lexicon name or id; the message
            lists a few ids mentioned in the tables.
    """
    ids = set(tables.entity_mentions["entity_id"].astype(str))
    if value in ids:
        return value
    key = vocab._key(value)
    for term in vocab.npo():
        if key in {vocab._key(term.id), vocab._key(term.name)}:
            return term.id
    from regionkit.analysis.actors import lexicon_names

    for (_label, eid), name in lexicon_names().items():
        if key in {vocab._key(eid), vocab._key(name)}:
            return eid
    names = sorted(ids)
    listing = ", ".join(names[:12]) + (f" … ({len(names)} in all)" if len(names) > 12 else "")
    raise ValueError(f"unknown entity {str(value)[:80]!r}; entity ids in the tables include: "
                     f"{listing}")


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
        sjukvardsregion: healthcare region id or name, e.g. "mellansverige" or "Mellansverige".
        year: a year inside the document's period.
        theme: a theme id or label, e.g. "kompetensforsorjning" or "Kompetensförsörjning";
            the segment must carry it.
        entity_id: a canonical entity id (or an NPO's name) mentioned in the segment.
        content_only: leave out attendee lists, tables of contents, headings and titles.

    Raises:
        VocabularyError: an unknown region or theme (a ValueError; the message lists the
            valid ones).
    """
    if sjukvardsregion is not None:
        sjukvardsregion = _region(tables, sjukvardsregion)
    if theme is not None:
        theme = vocab.resolve_theme(theme)
    if entity_id is not None:
        entity_id = _entity(tables, entity_id)
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
    """Return every mention of an entity with the document, region and body that made it.

    `entity_id` may be an id in the tables or a lexicon name ("Akut vård" is NPO akut-vard).

    Raises:
        ValueError: an unknown entity; the message lists ids found in the tables.
    """
    entity_id = _entity(tables, entity_id)
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
