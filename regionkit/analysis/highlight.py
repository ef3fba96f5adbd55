"""Spans to highlight in a segment's text: entity mentions and theme evidence.

Both are read from the offsets the build stored into the segment's ``text`` (``seg_start``,
``seg_end`` of `entity_mentions` and `theme_evidence`); nothing is re-derived here, so what is
highlighted is what the tagger found, also where OCR repair changed the text. This module never
renders; `regionkit.report.highlight` does.
"""

from __future__ import annotations

from regionkit.tables import Tables


def segment_spans(tables: Tables, segment_id: str, *, theme: str | None = None) -> list[dict]:
    """Return the spans to highlight in a segment's text: entities and theme evidence.

    Args:
        tables: the processed tables.
        segment_id: the segment.
        theme: only this theme's evidence; None for the evidence of every theme given to the
            segment (evidence of themes below the threshold is not shown).

    Returns:
        Dicts ``{"start", "end", "label", "kind"}`` (kind ``entity`` or ``evidence``; for
        evidence, label is the theme id), with offsets into the segment's ``text``, sorted;
        overlapping evidence spans of one theme are merged.

    Raises:
        KeyError: no such segment.
    """
    if not (tables.segments["segment_id"] == segment_id).any():
        raise KeyError(f"no segment {segment_id!r}")
    spans = []
    em = tables.entity_mentions[tables.entity_mentions["segment_id"] == segment_id]
    for start, end, label in zip(em["seg_start"], em["seg_end"], em["label"], strict=True):
        spans.append({"start": int(start), "end": int(end), "label": str(label),
                      "kind": "entity"})
    ev = tables.theme_evidence[tables.theme_evidence["segment_id"] == segment_id]
    ev = ev[ev["assigned"].astype(bool)]
    if theme is not None:
        ev = ev[ev["theme"] == theme]
    for start, end, label in zip(ev["seg_start"], ev["seg_end"], ev["theme"], strict=True):
        spans.append({"start": int(start), "end": int(end), "label": str(label),
                      "kind": "evidence"})
    return _merge_evidence(spans)


def _merge_evidence(spans: list[dict]) -> list[dict]:
    """Return spans sorted, with overlapping evidence spans of one theme merged into one.

    Evidence often holds a word and its parts ("produktionsplaneringsgruppen",
    "produktionsplanering", "produktion"); one highlight per stretch of text is enough.
    """
    entities = {(s["start"], s["end"], s["label"], s["kind"]): s for s in spans
                if s["kind"] != "evidence"}
    merged: list[dict] = []
    evidence = sorted((s for s in spans if s["kind"] == "evidence"),
                      key=lambda s: (s["label"], s["start"], -s["end"]))
    for span in evidence:
        last = merged[-1] if merged else None
        if last and last["label"] == span["label"] and span["start"] < last["end"]:
            last["end"] = max(last["end"], span["end"])
        else:
            merged.append(dict(span))
    out = list(entities.values()) + merged
    return sorted(out, key=lambda s: (s["start"], s["end"], s["label"], s["kind"]))

