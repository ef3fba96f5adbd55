"""The tagging pipeline and the `Tagger` that build, tag, evaluate and the benchmark call.

`build_nlp` assembles ``spacy.blank("sv")`` with regionkit's components. `Tagger` runs it on
plain strings and returns `TagResult`s whose offsets are into the string *as given*: the text
is first (optionally) OCR-repaired with `regionkit.normalize.normalize_text` and its whitespace
runs squashed (a line break inside a name must not split it), and every span is mapped back.
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
from regionkit.tagging.types import EntityMention, TagResult, ThemeTag

# Below this many texts a worker pool costs more than it saves.
MIN_TEXTS_FOR_WORKERS = 200
_WS_RUN = re.compile(r"\s{2,}|[^\S ]")
# Whitespace that `squash_with_breaks` changes other than a single line break for a space.
_WS_CHANGE = re.compile(r"\s{2,}|[^\S \n]")

# Plain tuples cross process boundaries faster than dataclasses.
_EntTuple = tuple[int, int, str, str, str]
_ThemeTuple = tuple[str, float, tuple[str, ...]]
_ResultTuple = tuple[tuple[_EntTuple, ...], tuple[_ThemeTuple, ...]]


def themes_available() -> bool:
    """Whether the theme component (``regionkit.tagging.themes``) is registered.

    Importing the module registers it; a module that cannot be imported raises here rather
    than being left out: a pipeline without its theme component must not run as if whole.
    """
    from regionkit.tagging import themes  # noqa: F401
    return "regionkit_themes" in spacy.registry.factories


def build_nlp(*, lexicon_dir: str | None = None, themes: bool = True,
              lemmas: bool = True) -> Language:
    """Return ``spacy.blank("sv")`` with regionkit's components, patterns loaded.

    Components: ``regionkit_norms`` (folded NORM, cached lemmas), ``regionkit_entities``
    (lexicon mentions in ``doc.ents``) and, when available, ``regionkit_themes``
    (``doc._.themes``). No trained pipeline is needed or downloaded. A component that
    cannot be loaded raises (ImportError, or the error of its data file): never dropped.

    Args:
        lexicon_dir: folder of lexicon YAML files (default: the packaged ones).
        themes: add the theme component.
        lemmas: set ``token.lemma_`` (the theme component reads it).
    """
    nlp = spacy.blank("sv")
    nlp.add_pipe("regionkit_norms", config={"lexicon_dir": lexicon_dir, "lemmas": lemmas})
    nlp.add_pipe("regionkit_entities", config={"lexicon_dir": lexicon_dir})
    if themes:
        if not themes_available():
            raise ImportError("regionkit.tagging.themes did not register 'regionkit_themes'")
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


def _normalizer(ocr: bool | None) -> Callable | None:
    if ocr is False:
        return None
    from regionkit.normalize import normalize_text

    return lambda text: normalize_text(text, ocr=ocr)


class _Runner:
    """Text → result tuples, in one process (workers hold one each)."""

    def __init__(self, ocr: bool | None, nlp: Language | None = None, *,
                 themes: bool = True) -> None:
        self.nlp = nlp or build_nlp(themes=themes)
        self.normalize = _normalizer(ocr)

    def _prepare(self, text: str) -> tuple[Doc, list[tuple[int, int]] | None, Callable | None]:
        """Return the Doc of `text`, its squash anchors (None: offsets unchanged), OCR map."""
        work, to_raw = text, None
        if self.normalize is not None:
            norm = self.normalize(text)
            if norm.text != text:
                work, to_raw = norm.text, norm.to_raw
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
        if breaks:
            doc.user_data[LINE_BREAKS] = breaks
        return doc, anchors, to_raw

    def run(self, texts: Sequence[str], batch_size: int = 64) -> list[_ResultTuple]:
        # The cyclic garbage collector would scan every new Token, Span and tuple of the batch
        # again and again; a batch is bounded, so collect once after it instead.
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            prepared = [self._prepare(t) for t in texts]
            docs = self.nlp.pipe((p[0] for p in prepared), batch_size=batch_size)
            return [_result_tuple(doc, raw, anchors, to_raw)
                    for doc, raw, (_, anchors, to_raw) in zip(docs, texts, prepared,
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
    ents = []
    for ent in doc.ents:
        s, e = ent.start_char, ent.end_char
        if anchors is not None or to_raw is not None:
            s, e = _map_span(anchors, to_raw, s, e)
        ents.append((s, e, ent.label_, ent.kb_id_, raw[s:e]))
    themes = tuple((t.id, float(t.score), tuple(t.evidence))
                   for t in (_doc_themes(doc) or ()))
    return tuple(ents), themes


_THEMES_KEY = ("._.", "themes", None, None)  # where spaCy keeps ``doc._.themes``


def _doc_themes(doc: Doc):
    """``doc._.themes`` (None without the extension), read without an accessor object per Doc."""
    extension = Doc.get_extension("themes")
    if extension is None:
        return None
    default, method, getter, _ = extension
    if method is None and getter is None and not isinstance(default, dict | list | set):
        return doc.user_data.get(_THEMES_KEY, default)
    return getattr(doc._, "themes", None)


def _to_result(res: _ResultTuple) -> TagResult:
    ents, themes = res
    return TagResult(tuple(EntityMention(s, e, label, cid, text)
                           for s, e, label, cid, text in ents),
                     tuple(ThemeTag(i, score, ev) for i, score, ev in themes))


# -- worker processes ---------------------------------------------------------------------------

_WORKER: _Runner | None = None


def _init_worker(ocr: bool | None) -> None:
    global _WORKER
    if _WORKER is None:  # spawned worker; a forked one inherits the parent's runner
        _WORKER = _Runner(ocr)
    # The pipeline's tables live as long as the worker: keep them out of every collection
    # (and, in a forked worker, their memory pages shared with the parent).
    gc.freeze()


def _work(batch: Sequence[str]) -> list[_ResultTuple]:
    assert _WORKER is not None
    return _WORKER.run(batch)


def _batches(texts: Iterable[str], size: int) -> Iterator[list[str]]:
    it = iter(texts)
    while batch := list(islice(it, size)):
        yield batch


class Tagger:
    """Entities and themes of plain texts, offsets into the text as given.

    Args:
        ocr: OCR repair before tagging: None judges from each text, True/False force it
            (`build` passes False: its texts are repaired already).
        n_process: worker processes for `tag_many` (-1: one per core).
        themes: tag themes too (off: entities and lemmas only).

    Examples:
        >>> Tagger(ocr=False).tag("Region Örebro län har ansökt.").entities[0].id
        'orebro'
    """

    def __init__(self, *, ocr: bool | None = None, n_process: int = 1,
                 themes: bool = True) -> None:
        self.ocr = ocr
        self.n_process = n_process
        self._runner = _Runner(ocr, themes=themes)

    @property
    def nlp(self) -> Language:
        """The spaCy pipeline."""
        return self._runner.nlp

    def tag(self, text: str) -> TagResult:
        """Tag one text."""
        return _to_result(self._runner.run([text])[0])

    def tag_many(self, texts: Iterable[str], *, n_process: int | None = None,
                 batch_size: int = 64) -> Iterator[TagResult]:
        """Tag many texts, in order; long inputs are spread over worker processes.

        Args:
            texts: the texts.
            n_process: worker processes (default: the Tagger's; -1: one per core).
            batch_size: texts per batch sent to a worker.
        """
        n = self.n_process if n_process is None else n_process
        if n < 0:
            n = os.cpu_count() or 1
        texts = list(texts)
        if n <= 1 or len(texts) < MIN_TEXTS_FOR_WORKERS:
            for batch in _batches(texts, max(1, batch_size) * 16):
                yield from map(_to_result, self._runner.run(batch, batch_size))
            return
        yield from self._tag_parallel(texts, n, batch_size)

    def _tag_parallel(self, texts: list[str], n: int, batch_size: int) -> Iterator[TagResult]:
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
        batches = list(_batches(texts, batch_size))
        local = _local_batches(len(batches), n)
        remote_batches = [b for i, b in enumerate(batches) if i not in local]
        with ctx.Pool(n - 1, initializer=_init_worker, initargs=(self.ocr,)) as pool:
            remote = pool.imap(_work, remote_batches, chunksize=1)
            for i, batch in enumerate(batches):
                results = self._runner.run(batch) if i in local else next(remote)
                yield from map(_to_result, results)


# The calling process also unpickles and converts every result (measured: about 4% of the cost
# of tagging a text), so it tags that much less than its fair share.
_LOCAL_DISCOUNT = 0.04


def _local_batches(count: int, n: int) -> frozenset[int]:
    """Return which of `count` batches the calling process of `n` tags, spread evenly."""
    share = (1 - _LOCAL_DISCOUNT) / n
    return frozenset(i for i in range(count) if int((i + 1) * share) > int(i * share))
