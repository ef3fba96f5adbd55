"""Spans to highlight in a segment's text: entity mentions and theme evidence.

Entity offsets are stored against the raw document; they are mapped onto the segment's normalised
text through the recorded repairs. This module never renders; `regionkit.report.highlight` does.
"""

from __future__ import annotations

import re

import pandas as pd

from regionkit.tables import Tables


def _raw_to_text_offset(raw: int, seg_start: int, repairs: pd.DataFrame) -> int:
    """Map an offset into the raw document to an offset into the segment's normalised text."""
    shift = 0
    for start, end, original, replacement in repairs.itertuples(index=False):
        if end <= raw:
            shift += len(replacement) - len(original)
        elif start < raw:
            # Inside a repaired stretch: snap to its start.
            return start - seg_start + shift
    return raw - seg_start + shift


def _apply_repairs(text: str, start: int, repairs: pd.DataFrame) -> str:
    """Apply the repairs that fall inside ``[start, start + len(text))`` to `text`."""
    out, pos = [], 0
    for r_start, r_end, original, replacement in repairs.itertuples(index=False):
        a, b = r_start - start, r_end - start
        if a < pos or b > len(text) or text[a:b] != original:
            continue
        out.extend([text[pos:a], replacement])
        pos = b
    out.append(text[pos:])
    return "".join(out)


def _find_near(text: str, needle: str, guess: int) -> int:
    """Return the start of the occurrence of `needle` in `text` nearest `guess`, or -1."""
    if not needle:
        return -1
    found = [m.start() for m in re.finditer(re.escape(needle), text, flags=re.IGNORECASE)]
    return min(found, key=lambda s: (abs(s - guess), s)) if found else -1


def segment_spans(tables: Tables, segment_id: str, *, theme: str | None = None) -> list[dict]:
    """Return the spans to highlight in a segment's text: entities and theme evidence.

    Entity offsets are stored against the raw document; they are mapped onto the segment's
    normalised text through the recorded repairs, checked against the text, and searched for
    nearby when a change was not recorded. Evidence words are found in the text by search.
    A span that cannot be placed is left out rather than placed wrongly.

    Args:
        tables: the processed tables.
        segment_id: the segment.
        theme: only this theme's evidence; None for every theme of the segment.

    Returns:
        Dicts ``{"start", "end", "label", "kind"}`` (kind ``entity`` or ``evidence``; for
        evidence, label is the theme id), with offsets into the segment's ``text``, sorted.
    """
    seg = tables.segments.loc[tables.segments["segment_id"] == segment_id]
    if seg.empty:
        raise KeyError(f"no segment {segment_id!r}")
    seg = seg.iloc[0]
    text, s0 = str(seg["text"]), int(seg["char_start"])
    reps = tables.repairs[(tables.repairs["doc_id"] == seg["doc_id"])
                          & (tables.repairs["char_start"] >= s0)
                          & (tables.repairs["char_end"] <= int(seg["char_end"]))]
    reps = reps.sort_values("char_start")[["char_start", "char_end", "original", "replacement"]]
    spans = []
    em = tables.entity_mentions[tables.entity_mentions["segment_id"] == segment_id]
    for m in em.itertuples(index=False):
        expected = _apply_repairs(str(m.text), int(m.char_start), reps)
        start = _raw_to_text_offset(int(m.char_start), s0, reps)
        if text[start:start + len(expected)].lower() != expected.lower():
            start = _find_near(text, expected, start)
        if start >= 0:
            spans.append({"start": start, "end": start + len(expected), "label": m.label,
                          "kind": "entity"})
    st = tables.segment_themes[tables.segment_themes["segment_id"] == segment_id]
    if theme is not None:
        st = st[st["theme"] == theme]
    for row in st.itertuples(index=False):
        for word in _evidence_words(row.evidence):
            for match in re.finditer(rf"(?<!\w){re.escape(word)}", text, flags=re.IGNORECASE):
                spans.append({"start": match.start(), "end": match.end(), "label": row.theme,
                              "kind": "evidence"})
    return _merge_evidence(spans)


def _merge_evidence(spans: list[dict]) -> list[dict]:
    """Return spans sorted, with overlapping evidence spans of one theme merged into one.

    Evidence lists often hold a word and its parts ("produktionsplaneringsgruppen",
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


def _evidence_words(evidence: object) -> list[str]:
    if evidence is None or pd.isna(evidence):
        return []
    return [w.strip() for w in str(evidence).split("|") if w.strip()]
