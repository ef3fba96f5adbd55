"""The main job: raw documents of a manifest to the processed tables, streamed on all cores.

Each document goes through ingest → normalise (repair) → boilerplate and segments → metadata →
tagging → rows (`regionkit.rows.document_rows`) → fragments (`regionkit.fragments`), all in one
worker process; workers run on every core and the calling process only writes what they send,
table by table, into a staging folder that replaces the output folder as a whole at the end
(`regionkit.tables.TableSetWriter`). No document is held longer than it takes to write it, so
memory does not grow with the corpus.

What fails, and how:

* **A document** (bad file, or an error in any stage, tagging included) is named in one line
  with the stage, and left out; the others are written; the exit status is then 1.
* **A component** (a module that cannot be imported, a lexicon or cue file that cannot be read)
  stops the build before any document is processed, with one line naming it (`BuildError`):
  nothing is ever left out silently.
* **The output folder** (a file, read-only, full disk): one line, and the previous outputs stay.

A rebuild reuses the fragments of documents whose bytes, manifest row and pipeline are unchanged
(``<out>/.cache/``, one file per document): a file whose size and modification time are as
recorded is not read again.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from regionkit import __version__
from regionkit.ingest import IngestError, read_document
from regionkit.manifest import ManifestRow, read_manifest
from regionkit.metadata import check_metadata, infer_metadata, resolve_metadata
from regionkit.normalize import normalize_text
from regionkit.rows import ProcessedDocument, count_words, document_rows
from regionkit.schemas import TABLES
from regionkit.segment import segment_document
from regionkit.tagging.types import EntityMention, TagResult, ThemeTag

__all__ = ["BuildError", "BuildResult", "ProcessedDocument", "build_corpus", "count_words",
           "document_rows", "process_document", "tag_segments"]

PROGRESS_MIN_DOCUMENTS = 10
# Fewer fresh documents than this are processed in the calling process: starting workers
# (each builds the pipeline) would cost more than it saves.
SERIAL_BELOW = 16
# A segment longer than this is tagged in pieces cut at a paragraph, line or word break (spaCy's
# nlp.max_length is 1,000,000 characters; a piece this size keeps a Doc's memory small).
TAG_PIECE_CHARS = 100_000
CACHE_DIR = ".cache"
# Tables made from the whole corpus at the end, not document by document.
CORPUS_TABLES = ("validation_codes", "activity_links", "activity_status")
_CACHE_VERSION = 1
# Documents sent to the workers ahead of the one being written (bounds memory).
_WINDOW_PER_WORKER = 4
# Errors of a component rather than of a document: they stop the build.
_FATAL_NAMES = frozenset({"DataFileError", "LexiconError", "CueFileError", "PatternError"})
_STAGES = (("regionkit.ingest", "ingest"), ("regionkit.normalize", "normalise"),
           ("regionkit.segment", "segment"), ("regionkit.metadata", "metadata"),
           ("regionkit.tagging", "tagging"), ("regionkit.rows", "rows"),
           ("regionkit.fragments", "tables"), ("regionkit.schemas", "tables"))


class BuildError(Exception):
    """The build cannot run (a broken component or output folder); the message is one line."""


@dataclass(frozen=True)
class BuildResult:
    """What a build did: files written, row counts and the problems met (one line each)."""

    out_dir: Path
    written: tuple[Path, ...]
    problems: tuple[str, ...]
    n_cached: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    n_content_segments: int = 0
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when no document or manifest row failed."""
        return not self.problems

    @cached_property
    def tables(self):
        """The tables written (read back from the output folder when first asked for)."""
        from regionkit.tables import load_tables

        return load_tables(self.out_dir)


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
    warnings = [*row.warnings, *raw.warnings]  # the manifest row's (e.g. read as cp1252)
    if not row.listed:
        warnings.append("no manifest row: metadata inferred from the text")
    warnings.extend(check_metadata(row, inferred, norm.text))
    row = resolve_metadata(row, inferred)
    return ProcessedDocument(row, raw, norm, segments, boiler, warnings)


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:300]}" if text else type(exc).__name__


def _stage_of(exc: BaseException, default: str) -> str:
    """Return the stage that raised `exc`: the outermost stage module in its traceback."""
    tb = exc.__traceback__
    while tb is not None:
        module = tb.tb_frame.f_globals.get("__name__", "")
        for prefix, stage in _STAGES:
            if module == prefix or module.startswith(prefix + "."):
                return stage
        tb = tb.tb_next
    return default


def _is_fatal(exc: BaseException) -> bool:
    return isinstance(exc, ImportError | MemoryError) or type(exc).__name__ in _FATAL_NAMES


# -- tagging, robust to any length -------------------------------------------------------------

def _pieces(text: str, limit: int) -> list[tuple[int, str]]:
    """Cut `text` into pieces of at most `limit` characters at a paragraph, line or word break."""
    out, start = [], 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = max(window.rfind("\n\n"), 0) or max(window.rfind("\n"), 0) or max(
            window.rfind(" "), 0) or limit
        out.append((start, text[start:start + cut]))
        start += cut
    out.append((start, text[start:]))
    return out


def _merge(parts: Sequence[tuple[int, TagResult]]) -> TagResult:
    """One result of a text tagged in pieces: offsets shifted, each theme at its best piece."""
    ents = tuple(EntityMention(e.start + off, e.end + off, e.label, e.id, e.text)
                 for off, res in parts for e in res.entities)
    spans = tuple(s._replace(start=s.start + off, end=s.end + off)
                  for off, res in parts for s in res.evidence)
    best: dict[str, ThemeTag] = {}
    words: dict[str, dict[str, None]] = {}
    for _, res in parts:
        for theme in res.themes:
            if theme.id not in best or theme.score > best[theme.id].score:
                best[theme.id] = theme
            words.setdefault(theme.id, {}).update(dict.fromkeys(theme.evidence))
    themes = tuple(ThemeTag(t.id, t.score, tuple(words[t.id]),
                            tuple(s for s in spans if s.theme == t.id))
                   for t in best.values())
    return TagResult(ents, themes, spans)


def tag_segments(texts: Sequence[str], tag_many: Callable, *,
                 kinds: Sequence[str | None] | None = None,
                 heading_paths: Sequence[Sequence[str]] | None = None,
                 piece_chars: int = TAG_PIECE_CHARS) -> list[TagResult]:
    """Tag segment texts; a text longer than `piece_chars` is tagged in pieces and merged.

    Each segment's kind and heading path (as segmentation decided them) go to the tagger with
    every piece of it. A theme found in any piece is the segment's, with its best piece's score
    and the evidence of every piece; entity and evidence offsets are into the whole text.
    """
    flat: list[str] = []
    flat_kinds: list[str | None] = []
    flat_heads: list[Sequence[str]] = []
    spans: list[list[tuple[int, int]]] = []  # per text: (offset, index into flat)
    for i, text in enumerate(texts):
        pieces = _pieces(text, piece_chars) if len(text) > piece_chars else [(0, text)]
        spans.append([(off, len(flat) + k) for k, (off, _) in enumerate(pieces)])
        flat.extend(piece for _, piece in pieces)
        flat_kinds.extend([kinds[i] if kinds is not None else None] * len(pieces))
        flat_heads.extend([heading_paths[i] if heading_paths is not None else ()] * len(pieces))
    if kinds is None:
        results = list(tag_many(flat))
    else:
        results = list(tag_many(flat, kinds=flat_kinds, heading_paths=flat_heads))
    return [results[idx[0][1]] if len(idx) == 1 else _merge([(off, results[i]) for off, i in idx])
            for idx in spans]


def tag_documents(docs: Sequence[ProcessedDocument], tag_many: Callable) -> None:
    """Tag every segment of `docs` in one pass, with the kind and heading path of each."""
    segments = [(d, s) for d in docs for s in d.segments]
    texts = [d.norm.text[s.start:s.end] for d, s in segments]
    results = iter(tag_segments(texts, tag_many, kinds=[s.kind for _, s in segments],
                                heading_paths=[s.heading_path for _, s in segments]))
    for doc in docs:
        doc.tags = [next(results) for _ in doc.segments]


# -- one document, in a worker ------------------------------------------------------------------

def _row_fields(row: ManifestRow) -> str:
    fields_ = {k: v for k, v in vars(row).items() if k not in {"path", "row"}}
    return json.dumps(fields_, sort_keys=True, default=str)


@dataclass
class _Outcome:
    """What a worker sends back for one document."""

    doc_id: str
    entry: bytes | None = None  # the cache entry: header and fragments
    problem: str | None = None
    fatal: str | None = None


class _DocumentWorker:
    """Runs one document through every stage; holds the pipeline (one per process)."""

    def __init__(self, tag_many: Callable | None, pipeline: str, ocr_cache: Path | None = None):
        self.pipeline = pipeline
        self.ocr_cache = ocr_cache
        try:
            if tag_many is None:
                from regionkit.tagging import Tagger

                tag_many = Tagger(ocr=False, n_process=1).tag_many
            self.tag_many = tag_many
            _warm_up(tag_many)
            self.error = None
        except Exception as exc:  # noqa: BLE001 - reported as one line by the calling process
            stage = _stage_of(exc, "tagging")
            self.error = f"cannot start the {stage} stage: {_one_line(exc)}"

    def __call__(self, row: ManifestRow) -> _Outcome:
        if self.error:
            return _Outcome(row.doc_id, fatal=self.error)
        stage = "ingest"
        try:
            stat = row.path.stat()
            doc = process_document(row, ocr_cache=self.ocr_cache)
            stage = "tagging"
            tag_documents([doc], self.tag_many)
            stage = "rows"
            rows = document_rows(doc)
            stage = "tables"
            from regionkit.fragments import encode_entry, render_all

            fragments = render_all({k: v for k, v in rows.items() if k not in CORPUS_TABLES})
            docs_row = rows["documents"][0] if rows.get("documents") else {}
            header = {
                "version": _CACHE_VERSION, "pipeline": self.pipeline, "doc_id": row.doc_id,
                "fields": _row_fields(row), "sha256": doc.raw.sha256, "size": stat.st_size,
                "mtime_ns": stat.st_mtime_ns, "warnings": list(doc.warnings),
                "n_content_segments": int(docs_row.get("n_content_segments") or 0),
            }
            return _Outcome(row.doc_id, entry=encode_entry(header, fragments))
        except IngestError as exc:
            return _Outcome(row.doc_id, problem=str(exc))
        except Exception as exc:  # noqa: BLE001 - one bad document must not stop the build
            where = _stage_of(exc, stage)
            if _is_fatal(exc):
                return _Outcome(row.doc_id, fatal=f"{row.path.name}: the {where} stage is "
                                f"broken: {_one_line(exc)}")
            return _Outcome(row.doc_id, problem=f"{row.path.name}: {where} failed "
                            f"({_one_line(exc)})")


_WARM_UP_TEXT = ("Verksamhetsplan 2024\nSamverkansnämnden Sjukvårdsregion Mellansverige\n\n"
                 "1. Utveckla samverkan inom NPO Akut vård och kompetensförsörjning.\n")


def _warm_up(tag_many: Callable) -> None:
    """Load every stage's data once, so that a broken one is found before any document."""
    norm = normalize_text(_WARM_UP_TEXT, ocr=True)
    segment_document(norm, None)
    infer_metadata(norm.text)
    list(tag_many([norm.text]))


_WORKER: _DocumentWorker | None = None


def _init_worker(tag_many: Callable | None, pipeline: str, ocr_cache: Path | None) -> None:
    global _WORKER
    import gc

    _WORKER = _DocumentWorker(tag_many, pipeline, ocr_cache)
    gc.freeze()  # the pipeline's tables live as long as the worker: keep them out of collections


def _work(row: ManifestRow) -> _Outcome:
    assert _WORKER is not None
    return _WORKER(row)


def _outcomes(rows: list[ManifestRow], tag_many: Callable | None, pipeline: str,
              n_process: int, ocr_cache: Path | None = None) -> Iterator[_Outcome]:
    """Process `rows` in order, on `n_process` worker processes (1: in this process)."""
    if not rows:
        return
    if n_process <= 1 or len(rows) < SERIAL_BELOW:
        worker = _DocumentWorker(tag_many, pipeline, ocr_cache)
        for row in rows:
            yield worker(row)
        return
    methods = mp.get_all_start_methods()
    ctx = mp.get_context("fork" if "fork" in methods else "spawn")
    with ctx.Pool(n_process, initializer=_init_worker,
                  initargs=(tag_many, pipeline, ocr_cache)) as pool:
        pending: deque = deque()
        todo = iter(rows)
        window = n_process * _WINDOW_PER_WORKER
        for row in todo:
            pending.append(pool.apply_async(_work, (row,)))
            if len(pending) >= window:
                break
        while pending:
            outcome = pending.popleft().get()
            nxt = next(todo, None)
            if nxt is not None:
                pending.append(pool.apply_async(_work, (nxt,)))
            yield outcome


# -- the cache ---------------------------------------------------------------------------------

def _cached(row: ManifestRow, folder: Path, pipeline: str) -> tuple[Path, bytes, bool] | None:
    """Return `row`'s cache entry if still valid: (path, bytes, whether its stamp is current)."""
    from regionkit.tables import file_sha256

    path = folder / f"{row.doc_id}.rkc"
    try:
        data = path.read_bytes()
        from regionkit.fragments import decode_header

        head = decode_header(data)
        if (head.get("version") != _CACHE_VERSION or head.get("pipeline") != pipeline
                or head.get("fields") != _row_fields(row)):
            return None
        stat = row.path.stat()
        if head.get("size") == stat.st_size and head.get("mtime_ns") == stat.st_mtime_ns:
            return path, data, True
        if file_sha256(row.path) == head.get("sha256"):
            return path, data, False
    except (OSError, ValueError, KeyError):
        return None
    return None


def _lookup(rows: Sequence[ManifestRow], folder: Path, pipeline: str) -> dict:
    """Return the valid cache entries of `rows` by doc_id."""
    found = {}
    for row in rows:
        hit = _cached(row, folder, pipeline)
        if hit is not None:
            found[row.doc_id] = hit
    return found


def _restamped(data: bytes, row: ManifestRow) -> bytes:
    """Return the entry with the file's current size and time (its bytes are unchanged)."""
    cut = data.index(b"\n")
    head = json.loads(data[:cut])
    stat = row.path.stat()
    head.update(size=stat.st_size, mtime_ns=stat.st_mtime_ns)
    return json.dumps(head, ensure_ascii=False, sort_keys=True).encode("utf-8") + data[cut:]


# -- the build ---------------------------------------------------------------------------------

def _add_corpus_tables(writer) -> None:
    """Write the follow-up tables, made from the documents, segments and entity mentions."""
    import pandas as pd

    from regionkit.followup.stage import add_followup_tables
    from regionkit.schemas import enforce_schema
    from regionkit.tables import Tables, frame_rows

    frames = {name: enforce_schema(pd.read_parquet(writer.folder / f"{name}.parquet"),
                                   TABLES[name])
              for name in ("documents", "segments", "entity_mentions")}
    empty = {name: TABLES[name].empty() for name in TABLES if name not in frames}
    tables = add_followup_tables(Tables(**{**empty, **frames}))
    for name in ("activity_links", "activity_status"):
        writer.add_table(name, frame_rows(getattr(tables, name)))


def _add_validation_codes(writer, folder: Path, say: Callable[[str], None]) -> list[str]:
    """Write `validation_codes` from the coded sheets in `folder`; return the problems."""
    from regionkit.tables import frame_rows
    from regionkit.validation.codes import read_validation_codes, sheet_files

    if sheet_files(folder):
        import pandas as pd

        segments = pd.read_parquet(writer.folder / "segments.parquet",
                                   columns=["segment_id", "text"])
    else:
        segments = TABLES["segments"].empty()
    codes, problems = read_validation_codes(folder, segments, report=say)
    writer.add_table("validation_codes", frame_rows(codes))
    return problems


def build_info(raw_dir: Path, doc_hashes: Iterable[str], n_documents: int) -> dict:
    """Return what build_info.json records: versions and fingerprints of code, lexicons, inputs."""
    from regionkit.provenance import input_fingerprint, lexicon_fingerprint, pipeline_fingerprint

    manifest = Path(raw_dir) / "manifest.csv"
    manifest_bytes = manifest.read_bytes() if manifest.exists() else b""
    return {
        "regionkit_version": __version__,
        "lexicon_fingerprint": lexicon_fingerprint(),
        "pipeline_fingerprint": pipeline_fingerprint(),
        "input_fingerprint": input_fingerprint(manifest_bytes, sorted(doc_hashes)),
        "n_documents": n_documents,
    }


def _progress(total: int):
    """Return a progress bar on stderr, shown only on a terminal (a log gets problem lines)."""
    from tqdm import tqdm

    show = total >= PROGRESS_MIN_DOCUMENTS and sys.stderr.isatty()
    return tqdm(total=total, desc="documents", unit="doc", disable=not show, file=sys.stderr)


def build_corpus(
    raw_dir: Path,
    out_dir: Path,
    *,
    tag_many: Callable | None = None,
    report: Callable[[str], None] | None = None,
    use_cache: bool = True,
    n_process: int = -1,
    validation_dir: Path | None = None,
    ocr: bool = False,
) -> BuildResult:
    """Build the processed tables of `raw_dir` into `out_dir`.

    Args:
        raw_dir: folder with `manifest.csv` and the documents.
        out_dir: folder for the tables (created if needed; replaced as a whole).
        tag_many: function from a list of segment texts to TagResults (default: regionkit's
            Tagger, with OCR repair off since the texts are already repaired).
        report: called with each problem and warning line as it is found (e.g. print to
            stderr).
        use_cache: reuse the fragments of documents unchanged since the last build in
            `out_dir`.
        n_process: worker processes (-1: one per core).
        validation_dir: folder of coded sheets read into `validation_codes` (default: the
            ``validation`` folder beside `raw_dir`, i.e. ``data/validation``).
        ocr: OCR every PDF without a text layer (as if each manifest row said ocr = yes); the
            OCR'd copies are kept in `out_dir/.ocr/`, named by the file's SHA-256.

    Returns:
        The files written, row counts and the problems (bad rows and failed documents).

    Raises:
        BuildError: a component cannot be loaded, or the output folder cannot be written
            (one line; the previous outputs are left as they were).
    """
    from regionkit.fragments import decode_entry
    from regionkit.provenance import pipeline_fingerprint
    from regionkit.publish import OutputError
    from regionkit.tables import BUILD_INFO, TableSetWriter, with_file_hashes

    report = report or (lambda line: None)
    out_dir = Path(out_dir)
    try:
        writer = TableSetWriter(out_dir, [n for n in TABLES if n not in CORPUS_TABLES])
    except OutputError as exc:
        raise BuildError(str(exc)) from exc
    problems: list[str] = []
    warnings: list[str] = []
    bar = None
    try:
        rows, manifest_problems = read_manifest(Path(raw_dir))
        rows = sorted(rows, key=lambda r: r.doc_id)
        rows = [replace(r, ocr=True) for r in rows] if ocr else rows
        bar = _progress(len(rows))

        def say(line: str) -> None:
            with bar.external_write_mode(file=sys.stderr):
                report(line)

        for line in map(str, manifest_problems):
            problems.append(line)
            say(line)
        pipeline = pipeline_fingerprint()
        cached = _lookup(rows, out_dir / CACHE_DIR, pipeline) if use_cache else {}
        fresh = [r for r in rows if r.doc_id not in cached]
        n_process = (os.cpu_count() or 1) if n_process < 0 else n_process
        outcomes = _outcomes(fresh, tag_many, pipeline, n_process, out_dir / ".ocr")
        writer.expect(r.doc_id for r in rows)
        hashes, n_content, n_docs = [], 0, 0
        for row in rows:
            name = f"{CACHE_DIR}/{row.doc_id}.rkc"
            if row.doc_id in cached:
                path, data, current = cached[row.doc_id]
                if current:
                    writer.link_file(name, path)
                else:
                    data = _restamped(data, row)
                    writer.write_file(name, data)
            else:
                outcome = next(outcomes)
                if outcome.fatal:
                    raise BuildError(outcome.fatal)
                if outcome.problem:
                    problems.append(outcome.problem)
                    say(outcome.problem)
                    writer.add(row.doc_id, None)
                    bar.update()
                    continue
                data = outcome.entry
                writer.write_file(name, data)
            header, fragments = decode_entry(data)
            for warning in header.get("warnings", []):
                line = f"{row.path.name}: warning: {warning}"
                warnings.append(line)
                say(line)
            writer.add(row.doc_id, fragments)
            hashes.append(header["sha256"])
            n_content += header.get("n_content_segments", 0)
            n_docs += 1
            bar.update()
        if validation_dir is None:
            validation_dir = Path(raw_dir).parent / "validation"
        writer.close_tables()
        problems += _add_validation_codes(writer, Path(validation_dir), say)
        _add_corpus_tables(writer)
        counts = writer.counts()
        file_hashes = writer.close_tables()
        info = build_info(Path(raw_dir), hashes, n_docs)
        writer.write_file(BUILD_INFO, with_file_hashes(info, file_hashes).encode("utf-8"))
        written = writer.commit()
    except OutputError as exc:
        writer.abort()
        raise BuildError(str(exc)) from exc
    except BaseException:
        writer.abort()
        raise
    finally:
        if bar is not None:
            bar.close()
    return BuildResult(out_dir, tuple(written), tuple(problems), n_cached=len(cached),
                       counts=counts, n_content_segments=n_content, warnings=tuple(warnings))
