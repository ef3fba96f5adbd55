"""Rows: one processed document to the rows it contributes to each processed table.

`document_rows` is the one function that turns a `ProcessedDocument` (ingested, normalised,
segmented and tagged) into table rows; the build, its cache and every writer use its output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from regionkit.analysis.units import split_units
from regionkit.ingest import RawDocument
from regionkit.manifest import ManifestRow
from regionkit.normalize import Normalized
from regionkit.schemas import TABLES
from regionkit.segment import Segment
from regionkit.tagging.types import TagResult

_WORD = re.compile(r"\w+(?:[-–]\w+)*")


@dataclass
class ProcessedDocument:
    """Everything one document contributes to the tables, before they are assembled."""

    row: ManifestRow
    raw: RawDocument
    norm: Normalized
    segments: list[Segment]
    boilerplate: list
    warnings: list[str]
    tags: list[TagResult] = field(default_factory=list)



def count_words(text: str) -> int:
    """Count words: runs of letters/digits, with inner hyphens ("e-hälsa" is one word)."""
    return len(_WORD.findall(text))


def _segment_id(doc_id: str, seq: int) -> str:
    return f"{doc_id}:{seq:04d}"


def document_rows(doc: ProcessedDocument) -> dict[str, list[dict]]:
    """Return the rows one tagged document contributes to each table."""
    row, norm = doc.row, doc.norm
    out: dict[str, list[dict]] = {name: [] for name in TABLES}
    content_words = 0
    for seq, (seg, tags) in enumerate(zip(doc.segments, doc.tags, strict=True), start=1):
        seg_id = _segment_id(row.doc_id, seq)
        text = norm.text[seg.start:seg.end]
        raw_start, raw_end = norm.to_raw(seg.start, seg.end)
        n_words = count_words(text)
        content_words += n_words if seg.is_content else 0
        out["segments"].append({
            "segment_id": seg_id, "doc_id": row.doc_id, "seq": seq, "kind": seg.kind,
            "is_content": seg.is_content, "heading_path": " > ".join(seg.heading_path),
            "char_start": raw_start, "char_end": raw_end, "text": text, "n_words": n_words,
        })
        if seg.is_content:
            for unit, (us, ue) in enumerate(split_units(text), start=1):
                rs, re_ = norm.to_raw(seg.start + us, seg.start + ue)
                out["units"].append({
                    "segment_id": seg_id, "doc_id": row.doc_id, "unit": unit, "seg_start": us,
                    "seg_end": ue, "char_start": rs, "char_end": re_,
                    "n_words": count_words(text[us:ue]),
                })
        for ent in tags.entities:
            rs, re_ = norm.to_raw(seg.start + ent.start, seg.start + ent.end)
            out["entity_mentions"].append({
                "segment_id": seg_id, "doc_id": row.doc_id, "char_start": rs, "char_end": re_,
                "label": ent.label, "entity_id": ent.id, "text": norm.raw[rs:re_],
                "seg_start": ent.start, "seg_end": ent.end,
            })
        assigned = set()
        for theme in tags.themes:
            assigned.add(theme.id)
            out["segment_themes"].append({
                "segment_id": seg_id, "doc_id": row.doc_id, "theme": theme.id,
                "score": round(float(theme.score), 6), "evidence": " | ".join(theme.evidence),
            })
        for span in tags.evidence:
            rs, re_ = norm.to_raw(seg.start + span.start, seg.start + span.end)
            out["theme_evidence"].append({
                "segment_id": seg_id, "doc_id": row.doc_id, "theme": span.theme,
                "char_start": rs, "char_end": re_, "seg_start": span.start,
                "seg_end": span.end, "text": span.text, "weight": round(float(span.weight), 6),
                "cue": span.cue, "assigned": span.theme in assigned,
            })
    for rep in norm.repairs:
        out["repairs"].append({
            "doc_id": row.doc_id, "char_start": rep.raw_start, "char_end": rep.raw_end,
            "kind": rep.kind, "original": rep.original, "replacement": rep.replacement,
        })
    for bp in doc.boilerplate:
        rs, re_ = norm.to_raw(bp.start, bp.end)
        out["boilerplate"].append({"doc_id": row.doc_id, "char_start": rs, "char_end": re_,
                                   "kind": bp.kind, "text": norm.raw[rs:re_]})
    out["documents"].append({
        "doc_id": row.doc_id, "file": row.file, "sjukvardsregion": row.sjukvardsregion,
        "body": row.body, "doc_type": row.doc_type, "period_start": row.period_start,
        "period_end": row.period_end, "date": row.date, "title": row.title,
        "metadata_source": "manifest" if row.listed else "inferred",
        "format": doc.raw.format, "encoding": doc.raw.encoding, "sha256": doc.raw.sha256,
        "n_chars": len(norm.raw), "n_words": content_words, "n_segments": len(doc.segments),
        "n_content_segments": sum(s.is_content for s in doc.segments),
        "n_boilerplate": len(doc.boilerplate),
        "n_repairs": sum(r.kind == "ocr" for r in norm.repairs),
        "ocr_damaged": bool(norm.ocr_damaged), "warnings": " | ".join(doc.warnings),
    })
    return out
