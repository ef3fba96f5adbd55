"""The main job: raw documents of a manifest to the processed tables.

Each document goes through ingest → normalise (repair) → boilerplate and segments → metadata →
tagging. A document that fails is reported in one line and left out; the others are written.
Outputs are written atomically (see `regionkit.tables.write_tables`), sorted by their keys.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from regionkit import __version__
from regionkit.ingest import IngestError, read_document
from regionkit.manifest import ManifestRow, read_manifest
from regionkit.metadata import check_metadata, infer_metadata, resolve_metadata
from regionkit.normalize import normalize_text
from regionkit.provenance import input_fingerprint, lexicon_fingerprint, pipeline_fingerprint
from regionkit.rows import ProcessedDocument, count_words, document_rows
from regionkit.schemas import TABLES
from regionkit.segment import find_boilerplate, segment_text
from regionkit.tables import BUILD_INFO, Tables, write_tables

__all__ = ["BuildResult", "ProcessedDocument", "build_corpus", "count_words", "document_rows",
           "process_document"]

PROGRESS_MIN_DOCUMENTS = 10


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


def assemble_tables(per_document: Sequence[dict[str, list[dict]]]) -> Tables:
    """Concatenate the rows of every document into the tables of `regionkit.schemas`."""
    frames = {}
    for name, schema in TABLES.items():
        rows = [r for doc in per_document for r in doc[name]]
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
) -> BuildResult:
    """Build the processed tables of `raw_dir` into `out_dir`.

    Args:
        raw_dir: folder with `manifest.csv` and the documents.
        out_dir: folder for the tables (created if needed).
        tag_many: function from a list of segment texts to TagResults (default: regionkit's
            Tagger, with OCR repair off since the texts are already repaired).
        report: called with each problem line as it is found (e.g. print to stderr).
        use_cache: reuse the rows of documents unchanged since the last build in `out_dir`.

    Returns:
        The tables, the paths written and the problems (bad rows and failed documents).
    """
    report = report or (lambda line: None)
    rows, manifest_problems = read_manifest(Path(raw_dir))
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
                fresh.append(process_document(row))
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
    written = write_tables(tables, Path(out_dir),
                           extra_files={BUILD_INFO: build_info(Path(raw_dir), tables)})
    if cache:
        for doc in fresh:
            cache.put(doc.row, per_document[doc.row.doc_id])
    return BuildResult(tables, tuple(written), tuple(problems), n_cached=len(rows) - len(fresh))
