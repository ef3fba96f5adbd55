"""The tagging pipeline and the `Tagger` that build, tag, evaluate and the benchmark call.

`build_nlp` assembles ``spacy.blank("sv")`` with regionkit's components. `Tagger` runs it on
plain strings and returns `TagResult`s whose offsets are into the string *as given*.

One path for every caller:
- segments of a build (`Tagger.tag_many` with ``kinds`` and ``heading_paths``): the texts are
  already normalised and segmented; the tagger reads the kind and the own heading that
  segmentation decided (`regionkit.tagging.structure.segment_info`).
- free texts (`regionkit tag`, `regionkit evaluate`, `Tagger.tag`): normalised first with
  `regionkit.normalize.normalize_text`, whose OCR repair and line joining are decided once per
  input document by the build's rules (`structure.decide_repair`), then segmented by
  `regionkit.segment` to read the same decisions (`structure.describe_text`).
Whitespace runs are squashed before tokenisation (a line break inside a name must not split
it), and every span (entities, theme evidence) is mapped back to the text as given.
`Tagger.tag_many` spreads long inputs over worker processes that build the pipeline once and
send back plain tuples, never Docs.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from regionkit.tagging import components as _components  # noqa: F401  (registers factories)
from regionkit.tagging.components import LINE_BREAKS
from regionkit.tagging.structure import RepairDecision, decide_repair, describe_text, segment_info
from regionkit.tagging.themes import EVIDENCE_KEY, SEGMENT_KEY, TEXT_KEY, THEMES_KEY
from regionkit.tagging.types import EntityMention, EvidenceSpan, SegmentInfo, TagResult, ThemeTag

# Below this many texts a worker pool costs more than it saves.
MIN_TEXTS_FOR_WORKERS = 200
_WS_RUN = re.compile(r"\s{2,}|[^\S ]")
# Whitespace that `squash_with_breaks` changes other than a single line break for a space.
_WS_CHANGE = re.compile(r"\s{2,}|[^\S \n]")

# Plain tuples cross process boundaries faster than dataclasses.
_EntTuple = tuple[int, int, str, str, str]
_SpanTuple = tuple[int, int, str, str, float, str]  # start, end, theme, text, weight, cue
_ThemeTuple = tuple[str, float, tuple[str, ...], tuple[_SpanTuple, ...]]
_ResultTuple = tuple[tuple[_EntTuple, ...], tuple[_ThemeTuple, ...], tuple[_SpanTuple, ...]]
# What a runner is given per text: the text, the `SegmentInfo` segmentation decided (None: a
# free text, segmented here) and the normalisation decided for its document (None: none).
_Job = tuple[str, SegmentInfo | None, RepairDecision | None]


def build_nlp(*, lexicon_dir: str | None = None, themes: bool = True,
              lemmas: bool = True) -> Language:
    """Return ``spacy.blank("sv")`` with regionkit's components, patterns loaded.

    Components: ``regionkit_norms`` (folded NORM, cached lemmas), ``regionkit_entities``
    (lexicon mentions in ``doc.ents``) and ``regionkit_themes`` (``doc._.themes``,
    ``doc._.theme_evidence``). No trained pipeline is needed or downloaded; a component that
    cannot be loaded stops the build of the pipeline with its error.

    Args:
        lexicon_dir: folder of lexicon YAML files (default: the packaged ones).
        themes: add the theme component when it is available.
        lemmas: set ``token.lemma_`` (the theme component reads it).
    """
    nlp = spacy.blank("sv")
    nlp.add_pipe("regionkit_norms", config={"lexicon_dir": lexicon_dir, "lemmas": lemmas})
    nlp.add_pipe("regionkit_entities", config={"lexicon_dir": lexicon_dir})
    if themes:
        nlp.add_pipe("regionkit_themes")
    return nlp


def squash_whitespace(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Replace each whitespace run by one space (a run holding a blank line by two newlines).

    Returns:
        The squashed text and anchors ``(squashed offset, raw offset)``, one at the start of the
        text and one after each changed run, for `to_raw_offset`.
    """
    squashed, anchors, _ = squash_with_breaks(text)
    return squashed, anchors


def squash_with_breaks(text: str) -> tuple[str, list[tuple[int, int]], frozenset[int]]:
    """`squash_whitespace`, also returning where a single line break became a space.

    A line break is squashed so that a name wrapped over two lines is still matched; where it
    was matters for two names on consecutive lines of a letterhead ("Samverkansnämnden" over
    "Sjukvårdsregion Mellansverige"), which are two mentions, not one.

    Returns:
        The squashed text, the anchors of `squash_whitespace`, and the offsets in the squashed
        text of the spaces that stand for a run holding one line break.
    """
    if not _WS_RUN.search(text):
        return text, [(0, 0)], frozenset()
    parts: list[str] = []
    anchors = [(0, 0)]
    breaks: set[int] = set()
    last = 0
    length = 0
    for m in _WS_RUN.finditer(text):
        run = m.group()
        repl = "\n\n" if run.count("\n") >= 2 else " "
        if run == repl:
            continue
        parts.append(text[last:m.start()])
        length += m.start() - last
        if "\n" in run and repl == " ":
            breaks.add(length)
        parts.append(repl)
        length += len(repl)
        last = m.end()
        anchors.append((length, last))
    parts.append(text[last:])
    return "".join(parts), anchors, frozenset(breaks)


def to_raw_offset(anchors: Sequence[tuple[int, int]], pos: int) -> int:
    """Map an offset of the squashed text back to the raw text."""
    if len(anchors) == 1:
        return pos
    i = bisect_right(anchors, (pos, float("inf"))) - 1
    sq, raw = anchors[i]
    return raw + (pos - sq)


def from_raw_offset(anchors: Sequence[tuple[int, int]], pos: int) -> int:
    """Map an offset of the raw text to the squashed text (inside a squashed run: its end)."""
    i = bisect_right([raw for _, raw in anchors], pos) - 1
    sq, raw = anchors[i]
    out = sq + (pos - raw)
    return min(out, anchors[i + 1][0]) if i + 1 < len(anchors) else out


class _Runner:
    """Jobs → result tuples, in one process (workers hold one each)."""

    def __init__(self, nlp: Language | None = None, *, themes: bool = True) -> None:
        self.nlp = nlp or build_nlp(themes=themes)

    def _prepare(self, job: _Job) -> tuple[Doc, list[tuple[int, int]] | None, Callable | None]:
        """Return the Doc of a job, its squash anchors and its normalisation map.

        The anchors are None when squashing left the offsets unchanged; the map (normalised to
        given offsets) is None when the text was not normalised.
        """
        text, info, repair = job
        work, to_raw = text, None
        if repair is not None:
            from regionkit.normalize import normalize_text

            norm = normalize_text(text, ocr=repair.ocr, wrapped=repair.wrapped)
            if norm.text != text:
                work, to_raw = norm.text, norm.to_raw
        if info is None:
            info = describe_text(work)
        anchors: list[tuple[int, int]] | None
        if not _WS_CHANGE.search(work):
            # Only single spaces and single line breaks: each break becomes one space, so the
            # offsets stay as they are (what `squash_with_breaks` returns, without its loop).
            squashed, anchors, breaks = work, None, None
            if "\n" in work:
                squashed = work.replace("\n", " ")
                breaks = frozenset(_positions(work, "\n"))
        else:
            squashed, anchors, breaks = squash_with_breaks(work)
            if len(anchors) == 1:
                anchors = None
        doc = self.nlp.make_doc(squashed)
        doc.user_data[TEXT_KEY] = squashed
        if breaks:
            doc.user_data[LINE_BREAKS] = breaks
        if info.kind is not None or info.heading_end:
            if anchors is not None and info.heading_end:
                info = SegmentInfo(info.kind, from_raw_offset(anchors, info.heading_end))
            doc.user_data[SEGMENT_KEY] = info
        return doc, anchors, to_raw

    def run(self, jobs: Sequence[_Job]) -> list[_ResultTuple]:
        # The cyclic garbage collector would scan every new Token, Span and tuple of the batch
        # again and again; a batch is bounded, so collect once after it instead.
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            prepared = [self._prepare(job) for job in jobs]
            docs = [p[0] for p in prepared]
            # Each component over the whole batch, as ``nlp.pipe`` does, without its generator
            # and error-handler wrapping per Doc (about a tenth of the time; an error still
            # stops the run). regionkit's components change the Doc in place.
            for _, component in self.nlp.pipeline:
                for doc in docs:
                    component(doc)
            return [_result_tuple(doc, job[0], anchors, to_raw)
                    for doc, job, (_, anchors, to_raw) in zip(docs, jobs, prepared,
                                                              strict=True)]
        finally:
            if was_enabled:
                gc.enable()


def _positions(text: str, char: str) -> list[int]:
    """Offsets of `char` in `text` (str.find: no Python step per character)."""
    out = []
    i = text.find(char)
    while i >= 0:
        out.append(i)
        i = text.find(char, i + 1)
    return out


def _map_span(anchors: Sequence[tuple[int, int]] | None, to_raw: Callable | None,
              start: int, end: int) -> tuple[int, int]:
    """Map a span of the squashed text back to the text as given."""
    if anchors is not None:
        start, end = to_raw_offset(anchors, start), to_raw_offset(anchors, end)
    return to_raw(start, end) if to_raw is not None else (start, end)


def _result_tuple(doc: Doc, raw: str, anchors: Sequence[tuple[int, int]] | None,
                  to_raw: Callable | None) -> _ResultTuple:
    mapped = anchors is not None or to_raw is not None
    ents = []
    for ent in doc.ents:
        s, e = ent.start_char, ent.end_char
        if mapped:
            s, e = _map_span(anchors, to_raw, s, e)
        ents.append((s, e, ent.label_, ent.kb_id_, raw[s:e]))
    # Each span mapped once (the spans of a given theme are among all spans; both are sorted by
    # offset, and mapping keeps the order).
    spans: dict[EvidenceSpan, _SpanTuple] = {}
    for span in doc.user_data.get(EVIDENCE_KEY) or ():
        s, e = span.start, span.end
        if mapped:
            s, e = _map_span(anchors, to_raw, s, e)
        spans[span] = (s, e, span.theme, raw[s:e], span.weight, span.cue)
    themes = tuple((t.id, float(t.score), t.evidence, tuple(map(spans.__getitem__, t.spans)))
                   for t in (doc.user_data.get(THEMES_KEY) or ()))
    return tuple(ents), themes, tuple(spans.values())


_span = EvidenceSpan._make
_mention = EntityMention._make


def _to_results(results: list[_ResultTuple]) -> list[TagResult]:
    """Convert a batch of result tuples, the garbage collector paused (as in `_Runner.run`).

    A batch makes many small objects that all survive it; collecting while they are made would
    scan the pipeline's large tables again and again.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return list(map(_to_result, results))
    finally:
        if was_enabled:
            gc.enable()


def _to_result(res: _ResultTuple) -> TagResult:
    ents, themes, evidence = res
    return TagResult(tuple(map(_mention, ents)),
                     tuple(ThemeTag(i, score, ev, tuple(map(_span, spans)))
                           for i, score, ev, spans in themes),
                     tuple(map(_span, evidence)))


# -- worker processes ---------------------------------------------------------------------------

_WORKER: _Runner | None = None


def _init_worker(themes: bool) -> None:
    global _WORKER
    if _WORKER is None:  # spawned worker; a forked one inherits the parent's runner
        _WORKER = _Runner(themes=themes)
    # The pipeline's tables live as long as the worker: keep them out of every collection
    # (and, in a forked worker, their memory pages shared with the parent).
    gc.freeze()


def _work(batch: Sequence[_Job]) -> list[_ResultTuple]:
    assert _WORKER is not None
    return _WORKER.run(batch)


def _batches(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


class Tagger:
    """Entities and themes of plain texts, offsets into the text as given.

    Args:
        ocr: OCR repair of free texts: None decides once per input document with the build's
            rule (`regionkit.normalize.looks_ocr_damaged` on the document's texts together),
            True/False force it. Segments of a build (``kinds`` given) are taken as they are:
            the build has normalised them already.
        n_process: worker processes for `tag_many` (-1: one per core).
        themes: tag themes too (off: entities and lemmas only).

    Examples:
        >>> Tagger().tag("Region Örebro län har ansökt.").entities[0].id
        'orebro'
    """

    def __init__(self, *, ocr: bool | None = None, n_process: int = 1,
                 themes: bool = True) -> None:
        self.ocr = ocr
        self.n_process = n_process
        self.themes = themes
        self._runner = _Runner(themes=themes)

    @property
    def nlp(self) -> Language:
        """The spaCy pipeline."""
        return self._runner.nlp

    def tag(self, text: str, *, kind: str | None = None,
            heading_path: Sequence[str] | None = None) -> TagResult:
        """Tag one text: a free text (an input document of its own), or a built segment.

        A text is a built segment when `kind` is given (see `tag_many`).
        """
        kinds = None if kind is None else [kind]
        paths = None if heading_path is None else [heading_path]
        return next(self.tag_many([text], kinds=kinds, heading_paths=paths))

    def tag_many(self, texts: Iterable[str], *, kinds: Sequence[str | None] | None = None,
                 heading_paths: Sequence[Sequence[str]] | None = None,
                 documents: Sequence[object] | None = None, n_process: int | None = None,
                 batch_size: int = 64) -> Iterator[TagResult]:
        """Tag many texts, in order; long inputs are spread over worker processes.

        Args:
            texts: the texts.
            kinds: the segment kind of each text, as `regionkit.segment` decided it in a
                build; the texts are then taken as normalised segments. None: free texts.
            heading_paths: each segment's heading path (with `kinds`).
            documents: for free texts, which input document each text belongs to (texts
                with the same value are judged together for OCR repair); None: all texts are
                one document.
            n_process: worker processes (default: the Tagger's; -1: one per core).
            batch_size: texts per batch sent to a worker.
        """
        jobs = self._jobs(list(texts), kinds, heading_paths, documents)
        n = self.n_process if n_process is None else n_process
        if n < 0:
            n = os.cpu_count() or 1
        if n <= 1 or len(jobs) < MIN_TEXTS_FOR_WORKERS:
            for batch in _batches(jobs, max(1, batch_size) * 16):
                yield from _to_results(self._runner.run(batch))
            return
        yield from self._tag_parallel(jobs, n, batch_size)

    def _jobs(self, texts: list[str], kinds, heading_paths, documents) -> list[_Job]:
        if kinds is not None:
            if len(kinds) != len(texts):
                raise ValueError(f"{len(kinds)} kinds for {len(texts)} texts")
            paths = heading_paths if heading_paths is not None else [()] * len(texts)
            if len(paths) != len(texts):
                raise ValueError(f"{len(paths)} heading paths for {len(texts)} texts")
            return [(text, segment_info(text, kind, path), None)
                    for text, kind, path in zip(texts, kinds, paths, strict=True)]
        if documents is None:
            documents = [None] * len(texts)
        elif len(documents) != len(texts):
            raise ValueError(f"{len(documents)} document keys for {len(texts)} texts")
        groups: dict[object, list[str]] = {}
        for text, key in zip(texts, documents, strict=True):
            groups.setdefault(key, []).append(text)
        decisions = {key: decide_repair(group, ocr=self.ocr) for key, group in groups.items()}
        return [(text, None, decisions[key]) for text, key in zip(texts, documents, strict=True)]

    def _tag_parallel(self, jobs: list[_Job], n: int, batch_size: int) -> Iterator[TagResult]:
        """Tag on `n` processes: this one and ``n - 1`` workers, batches dealt round-robin.

        The calling process tags about every n-th batch itself rather than waiting: on a machine
        with n cores, a pool of n workers plus a main process that unpickles and converts
        their results would keep n + 1 processes competing for n cores.
        """
        global _WORKER
        methods = mp.get_all_start_methods()
        if "fork" in methods:
            # Forked workers inherit the built pipeline: no second start-up per worker.
            _WORKER = self._runner
            ctx = mp.get_context("fork")
        else:
            ctx = mp.get_context("spawn")
        batches = list(_batches(jobs, batch_size))
        local = _local_batches(len(batches), n)
        remote_batches = [b for i, b in enumerate(batches) if i not in local]
        with ctx.Pool(n - 1, initializer=_init_worker, initargs=(self.themes,)) as pool:
            remote = pool.imap(_work, remote_batches, chunksize=1)
            for i, batch in enumerate(batches):
                results = self._runner.run(batch) if i in local else next(remote)
                yield from _to_results(results)


# The calling process also unpickles and converts every result (measured: about 6% of the cost
# of tagging a text with its evidence spans), so it tags that much less than its fair share.
_LOCAL_DISCOUNT = 0.06


def _local_batches(count: int, n: int) -> frozenset[int]:
    """Return which of `count` batches the calling process of `n` tags, spread evenly."""
    share = (1 - _LOCAL_DISCOUNT) / n
    return frozenset(i for i in range(count) if int((i + 1) * share) > int(i * share))
