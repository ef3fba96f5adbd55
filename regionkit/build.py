"""The main job: raw documents of a manifest to the processed tables.

Each document goes through ingest → normalise (repair) → boilerplate and segments → metadata →
tagging. A document that fails is reported in one line and left out; the others are written.
Outputs are written atomically (see `regionkit.tables.write_tables`), sorted by their keys.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from regionkit import __version__
from regionkit.analysis.units import split_units
from regionkit.followup.stage import add_followup_tables
from regionkit.ingest import IngestError, RawDocument, read_document
from regionkit.manifest import ManifestRow, read_manifest
from regionkit.metadata import check_metadata, infer_metadata, resolve_metadata
from regionkit.normalize import Normalized, normalize_text
from regionkit.provenance import input_fingerprint, lexicon_fingerprint, pipeline_fingerprint
from regionkit.schemas import TABLES
from regionkit.segment import Segment, segment_document
from regionkit.tables import BUILD_INFO, Tables, write_tables
from regionkit.tagging.types import TagResult
from regionkit.validation.codes import read_validation_codes

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
    n_cached: int = 0

    @property
    def ok(self) -> bool:
        """True when no document or manifest row failed."""
        return not self.problems


def count_words(text: str) -> int:
    """Count words: runs of letters/digits, with inner hyphens ("e-hälsa" is one word)."""
    return len(_WORD.findall(text))


def process_document(row: ManifestRow, *, ocr_cache: Path | None = None) -> ProcessedDocument:
    """Ingest, normalise, segment and check the metadata of one document (no tagging).

    Args:
        row: the document's manifest row.
        ocr_cache: folder for OCR'd copies of scanned PDFs; used when the row asks for OCR.

    Raises:
        IngestError: the file cannot be read as text.
    """
    raw = read_document(row.path, ocr_cache=ocr_cache if row.ocr else None)
    if not raw.text.strip():
        raise IngestError(row.path, "no text in the file")
    # A structured document's line breaks are its blocks' (never hard wraps); OCR text is
    # repaired for å/ä/ö as seed 004 is.
    norm = normalize_text(raw.text, ocr=True if raw.ocr else None,
                          wrapped=False if raw.blocks else None)
    segments, boiler = segment_document(norm, raw.blocks)
    inferred = infer_metadata(norm.text)
    warnings = list(raw.warnings)
    if not row.listed:
        warnings.append("no manifest row: metadata inferred from the text")
    warnings.extend(check_metadata(row, inferred, norm.text))
    row = resolve_metadata(row, inferred)
    return ProcessedDocument(row, raw, norm, segments, boiler, warnings)


def tag_documents(docs: Sequence[ProcessedDocument], tag_many: Callable) -> None:
    """Tag every segment of `docs` in one pass (so workers are started once).

    The tagger is given each segment's kind and heading path as segmentation decided them.
    """
    segments = [(d, s) for d in docs for s in d.segments]
    texts = [d.norm.text[s.start:s.end] for d, s in segments]
    results = iter(tag_many(texts, kinds=[s.kind for _, s in segments],
                            heading_paths=[s.heading_path for _, s in segments]))
    for doc in docs:
        doc.tags = [next(results) for _ in doc.segments]


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


def assemble_tables(per_document: Sequence[dict[str, list[dict]]]) -> Tables:
    """Concatenate the rows of every document into the tables of `regionkit.schemas`."""
    frames = {}
    for name, schema in TABLES.items():
        rows = [r for doc in per_document for r in doc.get(name, [])]
        frames[name] = (pd.DataFrame(rows, columns=schema.column_names) if rows
                        else schema.empty())
    return Tables(**frames)


class DocumentCache:
    """Rows of documents already processed, keyed by file hash, manifest row and pipeline.

    Lets a rebuild skip documents that did not change (researcher workflow: add one document,
    run again). Kept in `<out>/.cache/`, one JSON file per document.
    """

    def __init__(self, folder: Path, pipeline: str):
        self.folder = folder
        self.pipeline = pipeline

    def key(self, row: ManifestRow) -> str:
        """Return the cache key of a manifest row's document as it is on disk now."""
        h = hashlib.sha256(self.pipeline.encode())
        h.update(row.path.read_bytes())
        fields_ = {k: v for k, v in vars(row).items() if k not in {"path", "row"}}
        h.update(json.dumps(fields_, sort_keys=True, default=str).encode())
        return h.hexdigest()

    def _path(self, doc_id: str) -> Path:
        return self.folder / f"{doc_id}.json"

    def get(self, row: ManifestRow) -> dict[str, list[dict]] | None:
        """Return the cached rows of `row`'s document, or None if absent or stale."""
        path = self._path(row.doc_id)
        try:
            cached = json.loads(path.read_text(encoding="utf-8"))
            return cached["rows"] if cached["key"] == self.key(row) else None
        except (OSError, ValueError, KeyError):
            return None

    def put(self, row: ManifestRow, rows: dict[str, list[dict]]) -> None:
        """Store the rows of `row`'s document."""
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self._path(row.doc_id).with_suffix(".tmp")
        tmp.write_text(json.dumps({"key": self.key(row), "rows": rows}, ensure_ascii=False,
                                  default=str), encoding="utf-8")
        os.replace(tmp, self._path(row.doc_id))


def build_info(raw_dir: Path, tables: Tables) -> str:
    """Return build_info.json: versions and fingerprints of code, lexicons and inputs."""
    manifest = Path(raw_dir) / "manifest.csv"
    manifest_bytes = manifest.read_bytes() if manifest.exists() else b""
    hashes = sorted(tables.documents["sha256"].astype(str).tolist())
    info = {
        "regionkit_version": __version__,
        "lexicon_fingerprint": lexicon_fingerprint(),
        "pipeline_fingerprint": pipeline_fingerprint(),
        "input_fingerprint": input_fingerprint(manifest_bytes, hashes),
        "n_documents": len(tables.documents),
    }
    return json.dumps(info, indent=2, sort_keys=True) + "\n"


def _default_tag_many() -> Callable:
    from regionkit.tagging import Tagger

    tagger = Tagger(ocr=False, n_process=-1)
    return tagger.tag_many


def build_corpus(
    raw_dir: Path,
    out_dir: Path,
    *,
    tag_many: Callable | None = None,
    report: Callable[[str], None] | None = None,
    use_cache: bool = True,
    validation_dir: Path | None = None,
    ocr: bool = False,
) -> BuildResult:
    """Build the processed tables of `raw_dir` into `out_dir`.

    Args:
        raw_dir: folder with `manifest.csv` and the documents.
        out_dir: folder for the tables (created if needed).
        tag_many: function from a list of segment texts (and the keywords ``kinds`` and
            ``heading_paths``: what segmentation decided for each) to TagResults (default:
            regionkit's Tagger, with OCR repair off since the texts are already repaired).
        report: called with each problem line as it is found (e.g. print to stderr).
        use_cache: reuse the rows of documents unchanged since the last build in `out_dir`.
        validation_dir: folder of coded sheets read into `validation_codes` (default: the
            ``validation`` folder beside `raw_dir`, i.e. ``data/validation``).
        ocr: OCR every PDF without a text layer (as if each manifest row said ocr = yes); the
            OCR'd copies are kept in `out_dir/.ocr/`, named by the file's SHA-256.

    Returns:
        The tables, the paths written and the problems (bad rows and failed documents).
    """
    report = report or (lambda line: None)
    rows, manifest_problems = read_manifest(Path(raw_dir))
    rows = [replace(r, ocr=True) for r in rows] if ocr else rows
    problems = [str(p) for p in manifest_problems]
    for line in problems:
        report(line)
    cache = DocumentCache(Path(out_dir) / ".cache", pipeline_fingerprint()) if use_cache else None
    per_document: dict[str, dict[str, list[dict]]] = {}
    fresh: list[ProcessedDocument] = []
    bar = tqdm(rows, desc="documents", unit="doc", disable=len(rows) < PROGRESS_MIN_DOCUMENTS)
    for row in bar:
        try:
            cached = cache.get(row) if cache else None
            if cached is not None:
                per_document[row.doc_id] = cached
            else:
                fresh.append(process_document(row, ocr_cache=Path(out_dir) / ".ocr"))
        except IngestError as exc:
            problems.append(str(exc))
            report(str(exc))
        except Exception as exc:  # noqa: BLE001 - one bad document must not stop the build
            line = f"{row.path.name}: failed ({type(exc).__name__}: {exc})"
            problems.append(line)
            report(line)
    if fresh:
        tag_documents(fresh, tag_many or _default_tag_many())
    for doc in fresh:
        per_document[doc.row.doc_id] = document_rows(doc)
    tables = assemble_tables([per_document[k] for k in sorted(per_document)])
    if validation_dir is None:
        validation_dir = Path(raw_dir).parent / "validation"
    codes, code_problems = read_validation_codes(Path(validation_dir), tables.segments,
                                                 report=report)
    problems.extend(code_problems)
    tables = dataclasses.replace(tables, validation_codes=codes)
    tables = add_followup_tables(tables)  # corpus-level stage: tables -> tables
    written = write_tables(tables, Path(out_dir),
                           extra_files={BUILD_INFO: build_info(Path(raw_dir), tables)})
    if cache:
        for doc in fresh:
            cache.put(doc.row, per_document[doc.row.doc_id])
    return BuildResult(tables, tuple(written), tuple(problems), n_cached=len(rows) - len(fresh))
