"""Exploring the processed tables in JupyterLab: filter segments, find mentions, show evidence.

Example::

    import regionkit as rk
    t = rk.load()                                   # data/processed
    rk.find_segments(t, sjukvardsregion="sodra", theme="kompetensforsorjning")
    rk.where_mentioned(t, "akut-vard")              # where NPO Akut vård is mentioned, by whom
    rk.show_segment(t, "sodra-rvn-verksamhetsplan-2022-2023:0007")
"""

from __future__ import annotations

import html
import re

import pandas as pd

from regionkit.tables import Tables

THEME_LABEL = "THEME"


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


def segment_spans(tables: Tables, segment_id: str) -> tuple[str, list[dict]]:
    """Return a segment's text and its highlight spans (entities, then theme evidence).

    Entity offsets in the tables are into the raw text; they are shifted to the segment and,
    where OCR repair changed the text, located again by the matched words. Theme evidence
    words are located case-insensitively. Overlaps are resolved in favour of entities.
    """
    seg = tables.segments.set_index("segment_id").loc[segment_id]
    text = str(seg["text"])
    spans: list[dict] = []
    ents = tables.entity_mentions[tables.entity_mentions["segment_id"] == segment_id]
    for ent in ents.itertuples():
        start = ent.char_start - int(seg["char_start"])
        if text[start:ent.char_end - int(seg["char_start"])] != ent.text:
            found = text.lower().find(str(ent.text).lower())
            start = found if found >= 0 else -1
        if start >= 0:
            spans.append({"start": start, "end": start + len(ent.text),
                          "label": f"{ent.label}: {ent.entity_id}"})
    themes = tables.segment_themes[tables.segment_themes["segment_id"] == segment_id]
    for row in themes.itertuples():
        for word in filter(None, str(row.evidence).split(" | ")):
            for match in re.finditer(re.escape(word), text, flags=re.IGNORECASE):
                spans.append({"start": match.start(), "end": match.end(),
                              "label": f"{THEME_LABEL}: {row.theme}"})
    spans.sort(key=lambda s: (s["start"], -s["end"]))
    kept: list[dict] = []
    for span in sorted(spans, key=lambda s: s["label"].startswith(THEME_LABEL)):
        if all(span["end"] <= k["start"] or span["start"] >= k["end"] for k in kept):
            kept.append(span)
    return text, sorted(kept, key=lambda s: s["start"])


def segment_html(tables: Tables, segment_id: str) -> str:
    """Return HTML of one segment with entities and theme evidence highlighted (displacy)."""
    from spacy import displacy

    text, spans = segment_spans(tables, segment_id)
    themes = tables.segment_themes[tables.segment_themes["segment_id"] == segment_id]
    title = f"{segment_id} — themes: " + (", ".join(
        f"{t.theme} ({t.score:.2f})" for t in themes.itertuples()) or "none")
    doc = {"text": text, "ents": spans, "title": html.escape(title)}
    return displacy.render(doc, style="ent", manual=True, page=False, jupyter=False)


def show_segment(tables: Tables, segment_id: str):
    """Display a segment with its entities and theme evidence highlighted (in JupyterLab)."""
    from IPython.display import HTML

    return HTML(segment_html(tables, segment_id))
