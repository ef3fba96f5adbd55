"""The main job: raw documents of a manifest to the processed tables.

Each document goes through ingest → normalise (repair) → boilerplate and segments → metadata →
tagging. A document that fails is reported in one line and left out; the others are written.
Outputs are written atomically (see `regionkit.tables.write_tables`), sorted by their keys.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from regionkit.ingest import IngestError, RawDocument, read_document
from regionkit.manifest import ManifestRow, read_manifest
from regionkit.metadata import check_metadata, infer_metadata, resolve_metadata
from regionkit.normalize import Normalized, normalize_text
from regionkit.segment import Segment, find_boilerplate, segment_text
from regionkit.tables import Tables, write_tables
from regionkit.tagging.types import TagResult

_WORD = re.compile(r"\w+(?:[-–]\w+)*")
PROGRESS_MIN_DOCUMENTS = 10


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


@dataclass(frozen=True)
class BuildResult:
    """What a build did: tables, files written and the problems met (one line each)."""

    tables: Tables
    written: tuple[Path, ...]
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """True when no document or manifest row failed."""
        return not self.problems


def count_words(text: str) -> int:
    """Count words: runs of letters/digits, with inner hyphens ("e-hälsa" is one word)."""
    return len(_WORD.findall(text))


def process_document(row: ManifestRow) -> ProcessedDocument:
    """Ingest, normalise, segment and check the metadata of one document (no tagging).

    Raises:
        IngestError: the file cannot be read as text.
    """
    raw = read_document(row.path)
    if not raw.text.strip():
        raise IngestError(row.path, "no text in the file")
    norm = normalize_text(raw.text)
    boiler = find_boilerplate(norm.text)
    segments = segment_text(norm.text, boiler)
    inferred = infer_metadata(norm.text)
    warnings = list(raw.warnings)
    if not row.listed:
        warnings.append("no manifest row: metadata inferred from the text")
    warnings.extend(check_metadata(row, inferred, norm.text))
    row = resolve_metadata(row, inferred)
    return ProcessedDocument(row, raw, norm, segments, boiler, warnings)


def tag_documents(docs: Sequence[ProcessedDocument], tag_many: Callable) -> None:
    """Tag every segment of `docs` in one pass (so workers are started once)."""
    texts = [d.norm.text[s.start:s.end] for d in docs for s in d.segments]
    results = iter(tag_many(texts))
    for doc in docs:
        doc.tags = [next(results) for _ in doc.segments]


def _segment_id(doc_id: str, seq: int) -> str:
    return f"{doc_id}:{seq:04d}"


def assemble_tables(docs: Sequence[ProcessedDocument]) -> Tables:
    """Turn processed documents into the tidy tables of `regionkit.schemas`."""
    documents, segments, mentions, themes, repairs, boiler = [], [], [], [], [], []
    for doc in docs:
        row, norm = doc.row, doc.norm
        content_words = 0
        for seq, (seg, tags) in enumerate(zip(doc.segments, doc.tags, strict=True), start=1):
            seg_id = _segment_id(row.doc_id, seq)
            text = norm.text[seg.start:seg.end]
            raw_start, raw_end = norm.to_raw(seg.start, seg.end)
            n_words = count_words(text)
            content_words += n_words if seg.is_content else 0
            segments.append({
                "segment_id": seg_id, "doc_id": row.doc_id, "seq": seq, "kind": seg.kind,
                "is_content": seg.is_content, "heading_path": " > ".join(seg.heading_path),
                "char_start": raw_start, "char_end": raw_end, "text": text, "n_words": n_words,
            })
            for ent in tags.entities:
                rs, re_ = norm.to_raw(seg.start + ent.start, seg.start + ent.end)
                mentions.append({
                    "segment_id": seg_id, "doc_id": row.doc_id, "char_start": rs,
                    "char_end": re_, "label": ent.label, "entity_id": ent.id,
                    "text": norm.raw[rs:re_],
                })
            for theme in tags.themes:
                themes.append({
                    "segment_id": seg_id, "doc_id": row.doc_id, "theme": theme.id,
                    "score": round(float(theme.score), 6), "evidence": " | ".join(theme.evidence),
                })
        for rep in norm.repairs:
            repairs.append({
                "doc_id": row.doc_id, "char_start": rep.raw_start, "char_end": rep.raw_end,
                "kind": rep.kind, "original": rep.original, "replacement": rep.replacement,
            })
        for bp in doc.boilerplate:
            rs, re_ = norm.to_raw(bp.start, bp.end)
            boiler.append({"doc_id": row.doc_id, "char_start": rs, "char_end": re_,
                           "kind": bp.kind, "text": norm.raw[rs:re_]})
        documents.append({
            "doc_id": row.doc_id, "file": row.file, "sjukvardsregion": row.sjukvardsregion,
            "body": row.body, "doc_type": row.doc_type, "period_start": row.period_start,
            "period_end": row.period_end, "date": row.date, "title": row.title,
            "metadata_source": "manifest" if row.listed else "inferred",
            "format": doc.raw.format, "encoding": doc.raw.encoding, "sha256": doc.raw.sha256,
            "n_chars": len(norm.raw), "n_words": content_words,
            "n_segments": len(doc.segments),
            "n_content_segments": sum(s.is_content for s in doc.segments),
            "n_boilerplate": len(doc.boilerplate),
            "n_repairs": sum(r.kind == "ocr" for r in norm.repairs),
            "ocr_damaged": norm.ocr_damaged, "warnings": " | ".join(doc.warnings),
        })
    empty = Tables.empty()
    frames = {
        name: pd.DataFrame(rows, columns=getattr(empty, name).columns) if rows
        else getattr(empty, name)
        for name, rows in [("documents", documents), ("segments", segments),
                           ("entity_mentions", mentions), ("segment_themes", themes),
                           ("repairs", repairs), ("boilerplate", boiler)]
    }
    return Tables(**frames)


def _default_tag_many() -> Callable:
    from regionkit.tagging import Tagger

    tagger = Tagger(ocr=False)
    return tagger.tag_many


def build_corpus(
    raw_dir: Path,
    out_dir: Path,
    *,
    tag_many: Callable | None = None,
    report: Callable[[str], None] | None = None,
) -> BuildResult:
    """Build the processed tables of `raw_dir` into `out_dir`.

    Args:
        raw_dir: folder with `manifest.csv` and the documents.
        out_dir: folder for the tables (created if needed).
        tag_many: function from a list of segment texts to TagResults (default: regionkit's
            Tagger, with OCR repair off since the texts are already repaired).
        report: called with each problem line as it is found (e.g. print to stderr).

    Returns:
        The tables, the paths written and the problems (bad rows and failed documents).
    """
    report = report or (lambda line: None)
    rows, manifest_problems = read_manifest(Path(raw_dir))
    problems = [str(p) for p in manifest_problems]
    for line in problems:
        report(line)
    docs = []
    bar = tqdm(rows, desc="documents", unit="doc", disable=len(rows) < PROGRESS_MIN_DOCUMENTS)
    for row in bar:
        try:
            docs.append(process_document(row))
        except IngestError as exc:
            problems.append(str(exc))
            report(str(exc))
        except Exception as exc:  # noqa: BLE001 - one bad document must not stop the build
            line = f"{row.path.name}: failed ({type(exc).__name__}: {exc})"
            problems.append(line)
            report(line)
    tag_documents(docs, tag_many or _default_tag_many())
    tables = assemble_tables(docs)
    written = write_tables(tables, Path(out_dir))
    return BuildResult(tables, tuple(written), tuple(problems))
