"""Themes: score each segment for the 15 themes of labels.md from evidence in its words.

The theme definitions are data (``regionkit/lexicons/themes.yaml``): per theme, lemmas, compound
parts and phrases with weights, evidence from entities, and exclusions. A segment gets a theme
when the summed weight of its evidence passes a threshold chosen on the development gold.

All matching runs on a folded key of each word (lower case, å/ä → a, ö → o, é → e, hyphens
dropped), with the damaged forms of å/ä/ö that OCR produces generated from each term when the
lexicon is loaded, so that "hégspecialiserad" still counts. This stage never changes the text
or the entities; it only reads them.

Speed: what a word form contributes (its key, the compound parts and single-word terms inside
it, its lemma and inflections, the longest-match and exclusion rules within the word) is
worked out once and cached per form and lemma; inflected forms of the lexicon lemmas are
enumerated at load time. Per segment there is no loop over words in Python: the spaCy
component reads the tokens' (orth, lemma) ids with ``Doc.to_array``, finds the tokens that carry
evidence with set operations, and runs the Aho-Corasick scan for multi-word terms only when a
token can start one. Segments where a multi-word term matches get the full rules on the tokens
it touches. `ThemeScorer.score` (plain text) and `ThemeScorer.score_doc` give the same result.
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ahocorasick

from regionkit import lemmas as _lemmas
from regionkit.datafiles import DataFileError, check_keys, load_package_yaml, load_yaml_file
from regionkit.tagging.fold import fold as fold_norm
from regionkit.tagging.fold import ocr_variants
from regionkit.tagging.types import THEME_IDS, EvidenceSpan, SegmentInfo, ThemeTag

try:  # spaCy (and numpy, which it brings) is a dependency; the guard keeps score_themes usable
    import numpy as np  # where it is not installed.
    from spacy.attrs import IDX, LEMMA, ORTH
    from spacy.language import Language
    from spacy.tokens import Doc, Span
except ImportError:  # pragma: no cover
    Language = None  # type: ignore[assignment,misc]

LEXICON_FILE = "themes.yaml"
# Key of ``doc.user_data`` where the caller puts the segment's `SegmentInfo` (offsets of the Doc).
SEGMENT_KEY = "regionkit_segment"
# Key of ``doc.user_data`` where the caller may put the Doc's text (evidence is cut from it
# instead of being rebuilt from tokens).
TEXT_KEY = "regionkit_text"

# A word: letters and digits, joined by hyphens or "&" (OCR reads ö as & in "ink&p").
_WORD = re.compile(r"\w+(?:[-\u2010\u2011&]\w+)*")
_PIECE_SPLIT = re.compile(r"[-\u2010\u2011]")
# Inflection endings tried on a word when neither it nor its lemma is in the lexicon: they let
# "nämndens" and "möten" match their lemma also when OCR damage defeats the lemmatiser
# ("ndmndens"). Only lexicon lemmas of 4 letters or more take endings ("kö" + "n" is not "kön").
_ENDINGS = ("ernas", "arnas", "ornas", "erna", "arna", "orna", "ens", "ets", "ers", "ars", "ors",
            "en", "et", "er", "ar", "or", "na", "ns", "ts", "n", "t", "s", "r")
_MIN_STEM_LEN = 4
# Variants per term are capped: beyond that only the plain folded form is used.
_MAX_VARIANTS = 512
_MIN_PART_LEN = 4
# Parts this long or longer ending in -a/-e are also matched by their stem (`part_keys`).
_MIN_STEM_PART = 5
# Parts this long or longer are also matched in their OCR-damaged spellings (`part_keys`).
_MIN_OCR_PART = 7

_LEMMA, _PART, _PHRASE, _EXCLUDE, _ENTITY = "lemma", "part", "phrase", "exclude", "entity"


LexiconError = DataFileError
"""A theme lexicon that cannot be used (the one data-file error, `regionkit.datafiles`)."""


def fold(word: str) -> str:
    """Return the matching key of a word: the tagging fold (`fold_norm`) without hyphens.

    Hyphens inside a word are dropped so that "e-hälsa" and "eHälsa" meet.

    Examples:
        >>> fold("Högspecialiserad")
        'hogspecialiserad'
        >>> fold("e-Hälsa")
        'ehalsa'
    """
    return fold_norm(word).replace("-", "")


_fold_cached = functools.lru_cache(maxsize=300_000)(fold)


@functools.lru_cache(maxsize=300_000)
def _simplemma_lemma(word: str) -> str:
    return _lemmas.lemmatize(word)


def _check_keys(data: Any, allowed: Iterable[str], where: str) -> dict:
    return dict(check_keys(data, allowed, where))


def _weights(data: Any, where: str, sources: dict[str, str]) -> dict[str, float]:
    """Read ``term: weight`` or ``term: [weight, source]`` entries; sources go into `sources`."""
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise LexiconError(f"{where}: expected a mapping of term: weight")
    out = {}
    for term, value in data.items():
        weight = value
        if isinstance(value, list):
            if len(value) != 2 or not isinstance(value[1], str):
                raise LexiconError(f"{where}.{term}: expected [weight, source], got {value!r}")
            weight, sources[str(term)] = value
        if not isinstance(weight, int | float) or isinstance(weight, bool):
            raise LexiconError(f"{where}.{term}: weight must be a number, got {weight!r}")
        out[str(term)] = float(weight)
    return out


@dataclass(frozen=True)
class EntityCue:
    """Evidence from an entity: its label and, optionally, a text its canonical id contains."""

    label: str
    weight: float
    id_contains: str = ""
    source: str = ""

    @classmethod
    def from_dict(cls, data: Mapping, *, where: str = "entity cue") -> EntityCue:
        """Build a cue from a lexicon row, rejecting unknown keys.

        Raises:
            LexiconError: on an unknown key or a missing label or weight.
        """
        row = _check_keys(data, ("label", "weight", "id_contains", "source"), where)
        if "label" not in row or "weight" not in row:
            raise LexiconError(f"{where}: needs 'label' and 'weight'")
        return cls(label=str(row["label"]), weight=float(row["weight"]),
                   id_contains=str(row.get("id_contains", "")),
                   source=str(row.get("source", "")))

    def matches(self, label: str, entity_id: str) -> bool:
        """Return whether an entity with this label and id is evidence for the cue."""
        return label == self.label and self.id_contains in entity_id


def _exclusions(data: Any, where: str, sources: dict[str, str]) -> tuple[str, ...]:
    """Read exclusions: a list of terms, or a mapping ``term: source``."""
    if data is None:
        return ()
    if isinstance(data, Mapping):
        for term, source in data.items():
            sources[str(term)] = str(source)
        return tuple(str(t) for t in data)
    if not isinstance(data, list):
        raise LexiconError(f"{where}: expected a list of terms or a mapping term: source")
    return tuple(str(t) for t in data)


@dataclass(frozen=True)
class ThemeDefinition:
    """One theme of labels.md with the evidence that supports it."""

    id: str
    label: str
    description: str = ""
    source: str = ""
    lemmas: Mapping[str, float] = field(default_factory=dict)
    parts: Mapping[str, float] = field(default_factory=dict)
    phrases: Mapping[str, float] = field(default_factory=dict)
    entities: tuple[EntityCue, ...] = ()
    exclude: tuple[str, ...] = ()
    term_sources: Mapping[str, str] = field(default_factory=dict)

    _KEYS = ("label", "description", "source", "lemmas", "parts", "phrases", "entities",
             "exclude")

    @classmethod
    def from_dict(cls, theme_id: str, data: Mapping, *, where: str = "theme") -> ThemeDefinition:
        """Build a definition from its lexicon entry, rejecting unknown keys.

        Raises:
            LexiconError: on an unknown key, a bad weight or a compound part that is too short.
        """
        row = _check_keys(data, cls._KEYS, where)
        sources: dict[str, str] = {}
        parts = _weights(row.get("parts"), f"{where}.parts", sources)
        for part in parts:
            if len(fold(part)) < _MIN_PART_LEN:
                raise LexiconError(f"{where}.parts: {part!r} is shorter than {_MIN_PART_LEN} "
                                   "letters; list it under lemmas")
        cues = row.get("entities") or []
        if not isinstance(cues, list):
            raise LexiconError(f"{where}.entities: expected a list")
        return cls(
            id=theme_id,
            label=str(row.get("label", theme_id)),
            description=str(row.get("description", "")),
            source=str(row.get("source", "")),
            lemmas=_weights(row.get("lemmas"), f"{where}.lemmas", sources),
            parts=parts,
            phrases=_weights(row.get("phrases"), f"{where}.phrases", sources),
            entities=tuple(EntityCue.from_dict(c, where=f"{where}.entities[{i}]")
                           for i, c in enumerate(cues)),
            exclude=_exclusions(row.get("exclude"), f"{where}.exclude", sources),
            term_sources=sources,
        )


@dataclass(frozen=True)
class ThemeSettings:
    """How evidence is added up and when a theme is given (documented in themes.yaml)."""

    threshold: float = 3.0
    relative: float = 0.3
    heading_weight: float = 2.0
    repeat_decay: float = 0.5
    best_min: float = math.inf
    strong: float = math.inf
    no_theme_kinds: tuple[str, ...] = ()
    role_heads: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: Mapping, *, where: str = "settings") -> ThemeSettings:
        """Build settings from the lexicon's ``settings`` entry, rejecting unknown keys.

        Raises:
            LexiconError: on an unknown key.
        """
        row = _check_keys(data, cls.__dataclass_fields__, where)
        kinds = tuple(str(k) for k in row.pop("no_theme_kinds", None) or ())
        heads = row.pop("role_heads", None) or []
        if not isinstance(heads, list) or not all(isinstance(h, str) and h for h in heads):
            raise LexiconError(f"{where}.role_heads: expected a list of words")
        for key, value in row.items():
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise LexiconError(f"{where}.{key}: must be a number, got {value!r}")
        return cls(**{k: float(v) for k, v in row.items()}, no_theme_kinds=kinds,
                   role_heads=tuple(sorted({fold_norm(h) for h in heads})))


@dataclass(frozen=True)
class ThemeLexicon:
    """All theme definitions and the scoring settings of one lexicon file."""

    version: str
    settings: ThemeSettings
    themes: tuple[ThemeDefinition, ...]
    origin: str = LEXICON_FILE
    sources: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Mapping, *, origin: str = LEXICON_FILE) -> ThemeLexicon:
        """Build a lexicon from parsed YAML; every theme id of labels.md must be there once.

        Raises:
            LexiconError: naming ``origin`` and the offending key.
        """
        top = _check_keys(data, ("version", "sources", "settings", "themes"), origin)
        themes = _check_keys(top.get("themes") or {}, THEME_IDS, f"{origin}: themes")
        missing = [t for t in THEME_IDS if t not in themes]
        if missing:
            raise LexiconError(f"{origin}: themes: missing theme {missing[0]!r}")
        sources = top.get("sources") or {}
        if not isinstance(sources, Mapping):
            raise LexiconError(f"{origin}: sources: expected a mapping of key: description")
        definitions = tuple(ThemeDefinition.from_dict(t, themes[t] or {},
                                                      where=f"{origin}: themes.{t}")
                            for t in THEME_IDS)
        if sources:  # every source an entry names must be described
            for theme in definitions:
                named = [*theme.term_sources.items(),
                         *((c.label, c.source) for c in theme.entities if c.source)]
                for term, source in named:
                    if source not in sources:
                        raise LexiconError(f"{origin}: themes.{theme.id}: {term!r} names an "
                                           f"unknown source {source!r} (sources: "
                                           f"{sorted(sources)})")
        return cls(
            version=str(top.get("version", "")),
            settings=ThemeSettings.from_dict(top.get("settings") or {},
                                             where=f"{origin}: settings"),
            themes=definitions,
            origin=origin,
            sources={str(k): str(v) for k, v in sources.items()},
        )


def load_theme_lexicon(path: str | Path | None = None) -> ThemeLexicon:
    """Load a theme lexicon: the packaged ``themes.yaml`` by default, or a file given by path.

    Raises:
        LexiconError: if the file has an unknown key, a missing theme or a bad weight.
    """
    if path is None:
        return _packaged_lexicon()
    path = Path(path)
    return ThemeLexicon.from_dict(load_yaml_file(path) or {}, origin=str(path))


@functools.lru_cache(maxsize=1)
def _packaged_lexicon() -> ThemeLexicon:
    return ThemeLexicon.from_dict(load_package_yaml("regionkit.lexicons", LEXICON_FILE) or {},
                                  origin=LEXICON_FILE)


def term_variants(term: str) -> list[str]:
    """Return the folded key of a term and the keys of its OCR-damaged spellings.

    Damaged spellings are those of `regionkit.tagging.fold.ocr_variants` (å/ä/ö read as a, é, d,
    6 ...). A single word of three letters or fewer gets none: "kö" read as "kd" is noise; in a
    phrase ("köp av vård") it does. Phrases get the combinations of their words' spellings, up
    to a cap.

    Examples:
        >>> term_variants("kö")
        ['ko']
        >>> "hdgspecialiserad" in term_variants("högspecialiserad")
        True
    """
    options = []
    words = term.lower().split()
    for word in words:
        keys = [fold(word)]
        if len(word) > 3 or len(words) > 1:
            keys += sorted({fold(v) for v in ocr_variants(word)} - {keys[0]})
        options.append(keys)
    plain = " ".join(keys[0] for keys in options)
    if math.prod(len(keys) for keys in options) > _MAX_VARIANTS:
        return [plain]
    return list(dict.fromkeys(" ".join(combo) for combo in itertools.product(*options)))


def part_keys(term: str) -> list[str]:
    """Return the keys a compound part is matched by: its forms, inflected and OCR-damaged.

    A part matches anywhere inside a word, so its inflected forms mostly contain it
    ("riktlinje" in "riktlinjerna"). Not those of nouns in -a and -e, which drop the vowel
    ("sjuksköterska" -> "sjuksköterskor", "-skeprogram"): a part of five letters or more that
    ends in -a or -e is also matched by its stem without the vowel. OCR-damaged spellings
    (`term_variants`) are kept for parts of seven letters or more only: a damaged form of a short
    part is found inside ordinary words ("ntråd" read as "ntrod" in "introduktion").

    Examples:
        >>> part_keys("specialistsjuksköterska")[:2]
        ['specialistsjukskoterska', 'specialistsjukskotersk']
        >>> part_keys("ntråd")
        ['ntrad']
    """
    plain = fold(term.lower())
    keys = [plain]
    if " " not in plain and len(plain) >= _MIN_STEM_PART and plain[-1] in "ae":
        keys.append(plain[:-1])
    if len(plain.replace(" ", "")) >= _MIN_OCR_PART:
        damaged = [k for k in term_variants(term) if k != plain]
        if " " not in plain and plain[-1] in "ae" and len(plain) >= _MIN_STEM_PART:
            damaged += [k[:-1] for k in damaged]
        keys += damaged
    return list(dict.fromkeys(keys))


# A hit: (start, end) in the key stream, theme index, weight, term, first and last word index,
# cue kind.
_Hit = tuple[int, int, int, float, str, int, int, str]
# A match of a multi-word term in the key stream: (start, end, theme index, weight, term, kind).
_Multi = tuple[int, int, int, float, str, str]
# What a word contributes when no multi-word term crosses it: (theme index, weight, term).
_Best = tuple[tuple[int, float, str, str], ...]
# Evidence gathered for a segment: weights per theme and term, and where each piece was
# (start, end, the text when it is known without cutting it from the segment, weight, cue kind).
_Terms = dict[int, dict[str, list[float]]]
_Evidence = dict[int, list[tuple[int, int, str | None, float, str]]]
# A word in a segment: (start, end) in the text, its start in the key stream, its info.
_Word = tuple[int, int, int, "_WordInfo"]


@dataclass(frozen=True, slots=True)
class _WordInfo:
    """What one word (its form and lemma) contributes; computed once per form and lemma.

    ``hits`` and ``excluded`` are spans of ``key``; ``hits`` are those a longer hit inside the
    same word does not hide, before exclusions. ``best`` is the word's evidence per theme when
    no multi-word term crosses it: exclusions applied, the largest weight per theme.
    """

    key: str
    hits: tuple[tuple[int, int, int, float, str, str], ...]
    excluded: tuple[tuple[int, int, int], ...]
    best: _Best
    may_start_multi: bool


@dataclass(frozen=True, slots=True)
class _TokenInfo:
    """What one spaCy token (its text and lemma) contributes; cached per (orth, lemma).

    Attributes:
        words: ``(start, end, start in stream, info)`` of the words inside the token (offsets
            in the token and in its piece of the key stream).
        found: ``(start, end, text, best)`` of the words that carry evidence.
        stream: the words' keys joined by spaces (the token's piece of the key stream).
        may_start_multi: whether a multi-word term can start in one of its words.
    """

    words: tuple[_Word, ...]
    found: tuple[tuple[int, int, str, _Best], ...]
    stream: str
    may_start_multi: bool


# Per-form caches are emptied when they grow past this many entries (memory stays bounded on
# corpora with a large vocabulary; refilling costs one computation per form).
_MAX_CACHE = 400_000
# Endings of a role or unit head ("direktör", "direktören", "direktörer", "förvaltningens").
_ROLE_ENDINGS = frozenset({"", "s", "en", "ens", "er", "erna", "ernas", "ar", "arna", "arnas",
                           "et", "ets", "n", "ns"})


class ThemeScorer:
    """Scores texts with a compiled lexicon; build once, call :meth:`score` per segment.

    What a word form contributes is worked out once and cached: its folded key, compound
    parts, lemma and inflections, and the longest-match and exclusion rules inside the word.
    A segment then costs set operations on its forms, and a scan for multi-word terms only
    where one can start. :meth:`score_doc` does the same on a spaCy Doc's token ids without
    rebuilding its text; both give the same result (tests/test_tagging_themes.py).
    """

    def __init__(self, lexicon: ThemeLexicon | None = None, *, threshold: float | None = None,
                 relative: float | None = None, best_min: float | None = None) -> None:
        self.lexicon = lexicon or load_theme_lexicon()
        s = self.lexicon.settings
        self.threshold = s.threshold if threshold is None else float(threshold)
        self.relative = s.relative if relative is None else float(relative)
        # A threshold given here is the threshold: the best-theme rule applies only with the
        # lexicon's own threshold, or when given too.
        if best_min is None:
            best_min = s.best_min if threshold is None else math.inf
        self.best_min = float(best_min)
        self._ids = tuple(t.id for t in self.lexicon.themes)
        self._words: dict[str, list[tuple[int, float, str]]] = {}
        single: dict[str, list[tuple[int, float, str, str]]] = {}
        multi: dict[str, list[tuple[int, float, str, str]]] = {}
        for t, theme in enumerate(self.lexicon.themes):
            for term, weight in theme.lemmas.items():
                for key in term_variants(term):
                    self._words.setdefault(key.replace(" ", ""), []).append((t, weight, term))
            for kind, terms in ((_PART, theme.parts), (_PHRASE, theme.phrases),
                                (_EXCLUDE, dict.fromkeys(theme.exclude, 0.0))):
                for term, weight in terms.items():
                    keys = part_keys(term) if kind == _PART else term_variants(term)
                    for key in keys:
                        (multi if " " in key else single).setdefault(key, []).append(
                            (t, weight, term, kind))
        self._inflected = _inflections(self._words)
        self._single = _automaton(single)
        self._multi = _automaton(multi)
        # A phrase starts at a word equal to its first word; a multi-word part or exclusion
        # may start inside a word that ends with its first word.
        self._phrase_firsts = frozenset(k.split(" ")[0] for k, values in multi.items()
                                        if any(v[3] == _PHRASE for v in values))
        self._other_firsts = tuple(sorted({k.split(" ")[0] for k, values in multi.items()
                                           if any(v[3] != _PHRASE for v in values)}))
        self._entity_weights: dict[tuple[str, str], tuple[tuple[int, float], ...]] = {}
        self._word_cache: dict[tuple[str, str], _WordInfo] = {}
        # Per token (orth and lemma): what it contributes, its piece of the key stream and that
        # piece's width; "special" tokens carry evidence, may start a multi-word term or hold
        # a line break.
        self._token_cache: dict[bytes, _TokenInfo] = {}
        self._token_streams: dict[bytes, str] = {}
        self._token_widths: dict[bytes, int] = {}
        self._token_special: set[bytes] = set()
        self._token_found: set[bytes] = set()  # special: carry evidence
        self._token_multi: set[bytes] = set()  # special: a multi-word term may start there

    # -- segments --------------------------------------------------------------------------

    def scores_segment(self, segment: SegmentInfo | None) -> bool:
        """Whether a segment of this kind is scored at all (lists of people are not)."""
        return segment is None or segment.kind not in self.lexicon.settings.no_theme_kinds

    # -- plain text --------------------------------------------------------------------------

    def score(self, text: str, *, lemmas: Mapping[int, str] | Callable[[str], str] | None = None,
              entities: Sequence[tuple[int, int, str, str]] = (),
              segment: SegmentInfo | None = None) -> list[ThemeTag]:
        """Return the themes of one segment, sorted by id, each with score and evidence.

        Args:
            text: the segment text.
            lemmas: lemma per word start offset (from spaCy tokens), or a function from word to
                lemma; words without one are lemmatised with simplemma.
            entities: ``(start_char, end_char, label, id)`` of the segment's entity mentions.
            segment: what segmentation decided (kind, own heading); None: a plain text with no
                heading.
        """
        return self.analyse(text, lemmas=lemmas, entities=entities, segment=segment)[0]

    def analyse(self, text: str, *,
                lemmas: Mapping[int, str] | Callable[[str], str] | None = None,
                entities: Sequence[tuple[int, int, str, str]] = (),
                segment: SegmentInfo | None = None,
                ) -> tuple[list[ThemeTag], list[EvidenceSpan]]:
        """Return the themes of one segment and every evidence span of every theme.

        Arguments as for :meth:`score`. The spans cover each theme with any evidence, given
        or not, sorted by offset and theme.
        """
        if not self.scores_segment(segment):
            return [], []
        found = self._text_evidence(text, lemmas, entities,
                                    segment.heading_end if segment else 0)
        return self._tags(*found, cut=lambda s, e: text[s:e]) if found else ([], [])

    def raw_scores(self, text: str, *,
                   lemmas: Mapping[int, str] | Callable[[str], str] | None = None,
                   entities: Sequence[tuple[int, int, str, str]] = (),
                   segment: SegmentInfo | None = None,
                   ) -> dict[str, tuple[float, tuple[str, ...]]]:
        """Return every theme's score and evidence before the thresholds (theme id → ...).

        A list of people (attendance, members) and a text without words score nothing.
        """
        if not self.scores_segment(segment):
            return {}
        found = self._text_evidence(text, lemmas, entities,
                                    segment.heading_end if segment else 0)
        if not found:
            return {}
        tags, _ = self._tags(*found, cut=lambda s, e: text[s:e], floor=-math.inf)
        return {tag.id: (tag.score, tag.evidence) for tag in tags}

    def _text_evidence(self, text: str, lemmas: Mapping[int, str] | Callable[[str], str] | None,
                       entities: Sequence[tuple[int, int, str, str]], head_end: int,
                       ) -> tuple[_Terms, _Evidence] | None:
        words: list[_Word] = []
        stream_at = 0
        for m in _WORD.finditer(text):
            start, end = m.span()
            word = m.group()
            if callable(lemmas):
                lemma = lemmas(word)
            elif lemmas is not None and start in lemmas:
                lemma = lemmas[start]
            else:
                lemma = _simplemma_lemma(word.lower())
            info = self._word_info(word, lemma)
            words.append((start, end, stream_at, info))
            stream_at += len(info.key) + 1
        if not words:
            return None
        multi = []
        if any(w[3].may_start_multi for w in words):
            multi = self._scan_multi(" ".join(w[3].key for w in words))
        terms: _Terms = {}
        evidence: _Evidence = {}
        spans = [(s, e) for s, e, _, _ in entities]
        self._add_words(terms, evidence, words, multi, spans, head_end)
        self._add_entities(terms, evidence, entities, head_end)
        return terms, evidence

    # -- spaCy Doc ---------------------------------------------------------------------------

    def score_doc(self, doc: Doc) -> tuple[list[ThemeTag], list[EvidenceSpan]]:
        """Return the themes and evidence spans of a Doc (one segment), reading token ids.

        The segment's kind and heading are read from ``doc.user_data[SEGMENT_KEY]`` (a
        `SegmentInfo` in the Doc's offsets; absent: a plain text with no heading). The result
        is that of :meth:`analyse` on the Doc's text with its tokens' lemmas and its entities.
        The words are those of :meth:`analyse` found inside each token: the same words, except
        where spaCy splits a run of letters and digits (a unit after a number, "5km"), which
        no theme term spans.
        """
        segment = doc.user_data.get(SEGMENT_KEY)
        if not self.scores_segment(segment):
            return [], []
        found = self._doc_evidence(doc, segment.heading_end if segment else 0)
        if not found:
            return [], []
        terms, evidence, ents = found
        text = doc.user_data.get(TEXT_KEY)
        cut = _DocCutter(doc, ents) if text is None else (lambda s, e: text[s:e])
        return self._tags(terms, evidence, cut=cut)

    def _doc_evidence(self, doc: Doc, head_end: int,
                      ) -> tuple[_Terms, _Evidence, tuple[Span, ...]] | None:
        if not len(doc):
            return None
        # One cache key per token: its (orth, lemma) hash pair as 16 bytes.
        keys = doc.to_array([ORTH, LEMMA]).view("V16").ravel().tolist()
        present = set(keys)
        cache = self._token_cache
        new = present.difference(cache)
        if new:
            self._add_tokens(doc, new, present)
        ents = doc.ents
        special = present & self._token_special
        matched = present & self._token_found
        multi: list[_Multi] = []
        if not special.isdisjoint(self._token_multi):
            multi = self._scan_multi(" ".join(filter(None, map(self._token_streams.__getitem__,
                                                               keys))))
        if not matched and not ents and not multi:
            return None
        entities = [(e.start_char, e.end_char, e.label_, e.ent_id_) for e in ents]
        spans = [(s, e) for s, e, _, _ in entities]
        terms: _Terms = {}
        evidence: _Evidence = {}
        region: set[int] = set()
        # Token start offsets, read at once: a Token object per read costs more.
        idx = doc.to_array(IDX).tolist()
        if multi:
            # Tokens that a multi-word term touches get every rule; the others the fast path.
            offsets = list(itertools.accumulate(map(self._token_widths.__getitem__, keys),
                                                initial=0))
            region = {t for begin, end, *_ in multi
                      for t in range(bisect_right(offsets, begin) - 1,
                                     bisect_right(offsets, end - 1))}
            words = []
            for t in sorted(region):
                base, stream_base = idx[t], offsets[t]
                words += [(base + s, base + e, stream_base + at, info)
                          for s, e, at, info in cache[keys[t]].words]
            self._add_words(terms, evidence, words, multi, spans, head_end)
        if matched:
            # Entities cover whole tokens, and a word lies inside its token: a word overlaps an
            # entity exactly when its token is one of the entity's.
            inside = {i for e in ents for i in range(e.start, e.end)}
            heading_weight = self.lexicon.settings.heading_weight
            for i, key in enumerate(keys):
                if key not in matched or i in region or i in inside:
                    continue
                base = idx[i]
                for w_start, w_end, word, best in cache[key].found:
                    start = base + w_start
                    factor = heading_weight if start < head_end else 1.0
                    for theme, weight, term, cue in best:
                        weight *= factor
                        terms.setdefault(theme, {}).setdefault(term, []).append(weight)
                        evidence.setdefault(theme, []).append((start, base + w_end, word, weight,
                                                               cue))
        self._add_entities(terms, evidence, entities, head_end)
        return terms, evidence, ents

    def _add_tokens(self, doc: Doc, new: set[bytes], present: set[bytes]) -> None:
        """Cache the tokens ``new`` of the Doc (``present``: all of its tokens)."""
        if len(self._token_cache) + len(new) > _MAX_CACHE:
            for store in (self._token_cache, self._token_streams, self._token_widths,
                          self._token_special, self._token_found, self._token_multi):
                store.clear()
            new = present
        strings = doc.vocab.strings
        for key in new:
            orth, lemma = np.frombuffer(key, dtype=np.uint64).tolist()
            info = self._token_info(strings[orth], strings[lemma] if lemma else "")
            self._token_cache[key] = info
            self._token_streams[key] = info.stream
            self._token_widths[key] = len(info.stream) + 1 if info.stream else 0
            if info.found or info.may_start_multi:
                self._token_special.add(key)
            if info.found:
                self._token_found.add(key)
            if info.may_start_multi:
                self._token_multi.add(key)

    def _token_info(self, text: str, lemma: str) -> _TokenInfo:
        words = []
        stream_at = 0
        for m in _WORD.finditer(text):
            word = m.group()
            # A token's lemma is the lemma of the word that starts the token (as in `score`).
            lem = lemma if m.start() == 0 and lemma else _simplemma_lemma(word.lower())
            info = self._word_info(word, lem)
            words.append((m.start(), m.end(), stream_at, info))
            stream_at += len(info.key) + 1
        return _TokenInfo(
            words=tuple(words),
            found=tuple((s, e, text[s:e], info.best) for s, e, _, info in words if info.best),
            stream=" ".join(info.key for *_, info in words),
            may_start_multi=any(info.may_start_multi for *_, info in words),
        )

    # -- the rules ---------------------------------------------------------------------------

    def _word_info(self, word: str, lemma: str) -> _WordInfo:
        """Return what ``word`` with ``lemma`` contributes (cached per form and lemma)."""
        info = self._word_cache.get((word, lemma))
        if info is None:
            if len(self._word_cache) > _MAX_CACHE:
                self._word_cache.clear()
            info = self._word_cache[(word, lemma)] = self._compute_word_info(word, lemma)
        return info

    def _compute_word_info(self, word: str, lemma: str) -> _WordInfo:
        key = _fold_cached(word)
        hits: list[tuple[int, int, int, float, str, str]] = []
        excluded: list[tuple[int, int, int]] = []
        if self._single is not None:
            for last_char, (length, values) in self._single.iter(key):
                begin, end = last_char + 1 - length, last_char + 1
                for theme, weight, term, kind in values:
                    if kind == _PHRASE and begin != 0:
                        continue  # a phrase starts at a word start
                    if kind == _EXCLUDE:
                        excluded.append((begin, end, theme))
                    else:
                        hits.append((begin, end, theme, weight, term, kind))
        lookups = [key, _fold_cached(lemma)] if lemma else [key]
        if "-" in word or "\u2010" in word or "\u2011" in word:
            lookups += [_fold_cached(piece) for piece in _PIECE_SPLIT.split(word) if piece]
        for lookup in dict.fromkeys(lookups):
            if lookup not in self._words:
                lookup = self._inflected.get(lookup, lookup)
            for theme, weight, term in self._words.get(lookup, ()):
                hits.append((0, len(key), theme, weight, term, _LEMMA))
        kept = _drop_contained(hits)
        role_at = self._role_head_at(key)
        if role_at:
            # A title or unit ("psykiatridirektören", "primärvårdsförvaltningen"): its first
            # parts name a field, not what the segment is about.
            kept = [h for h in kept if h[1] > role_at]
        best: dict[int, tuple[int, float, str, str]] = {}
        for begin, end, theme, weight, term, kind in kept:
            if any(t == theme and b < end and begin < e for b, e, t in excluded):
                continue
            if theme not in best or weight > best[theme][1]:
                best[theme] = (theme, weight, term, kind)
        return _WordInfo(key=key, hits=tuple(kept), excluded=tuple(excluded),
                         best=tuple(best.values()), may_start_multi=self._may_start(key))

    def _role_head_at(self, key: str) -> int:
        """Return where a role or unit head starts in a compound key (0: not such a word).

        The head must close the word (with an inflection ending of ``_ROLE_ENDINGS``) and
        follow at least 3 letters of a first part.
        """
        for head in self.lexicon.settings.role_heads:
            at = key.rfind(head)
            if at >= 3 and key[at + len(head):] in _ROLE_ENDINGS:
                return at
        return 0

    def _may_start(self, key: str) -> bool:
        """Return whether a multi-word term can start in a word with this key."""
        return (key in self._phrase_firsts or " " in key
                or any(key.endswith(first) for first in self._other_firsts))

    def _scan_multi(self, stream: str) -> list[_Multi]:
        """Return the matches of multi-word terms in a key stream.

        A phrase must start at a word start; here that is tested on the stream (after a
        space), `_add_words` tests it on the word starts.
        """
        if self._multi is None:
            return []
        found = []
        for last_char, (length, values) in self._multi.iter(stream):
            begin = last_char + 1 - length
            at_word_start = begin == 0 or stream[begin - 1] == " "
            found += [(begin, last_char + 1, theme, weight, term, kind)
                      for theme, weight, term, kind in values
                      if kind != _PHRASE or at_word_start]
        return found

    def _add_words(self, terms: _Terms, evidence: _Evidence, words: Sequence[_Word],
                   multi: Sequence[_Multi], spans: Sequence[tuple[int, int]],
                   head_end: int) -> None:
        """Add the evidence of words with every rule.

        The rules: multi-word terms across words, the longest match wins, exclusions, no
        evidence from words inside an entity, the largest weight per theme and first word.
        ``words`` must hold every word that a match in ``multi`` touches.
        """
        starts = [at for _, _, at, _ in words]
        hits: list[_Hit] = []
        excluded: list[tuple[int, int, int]] = []
        for i, (_, _, base, info) in enumerate(words):
            hits += [(base + b, base + e, t, w, term, i, i, kind)
                     for b, e, t, w, term, kind in info.hits]
            excluded += [(base + b, base + e, t) for b, e, t in info.excluded]
        for begin, end, theme, weight, term, kind in multi:
            first = bisect_right(starts, begin) - 1
            if kind == _PHRASE and begin != starts[first]:
                continue  # a phrase starts at a word start
            if kind == _EXCLUDE:
                excluded.append((begin, end, theme))
            else:
                hits.append((begin, end, theme, weight, term, first,
                             bisect_right(starts, end - 1) - 1, kind))
        hits = _drop_contained(hits)
        if excluded:
            hits = [h for h in hits
                    if not any(t == h[2] and b < h[1] and h[0] < e for b, e, t in excluded)]
        if spans:
            inside = [_overlaps(start, end, spans) for start, end, _, _ in words]
            hits = [h for h in hits if not any(inside[h[5]:h[6] + 1])]
        best: dict[tuple[int, int], _Hit] = {}
        for hit in hits:
            slot = (hit[2], hit[5])
            if slot not in best or hit[3] > best[slot][3]:
                best[slot] = hit
        heading_weight = self.lexicon.settings.heading_weight
        for _, _, theme, weight, term, first, last, kind in best.values():
            start = words[first][0]
            weight *= heading_weight if start < head_end else 1.0
            terms.setdefault(theme, {}).setdefault(term, []).append(weight)
            evidence.setdefault(theme, []).append((start, words[last][1], None, weight, kind))

    def _add_entities(self, terms: _Terms, evidence: _Evidence,
                      entities: Sequence[tuple[int, int, str, str]], head_end: int) -> None:
        heading_weight = self.lexicon.settings.heading_weight
        for start, end, label, ent_id in entities:
            cues = self._entity_cues(label, ent_id)
            if cues:
                factor = heading_weight if start < head_end else 1.0
                for theme, weight in cues:
                    weight *= factor
                    terms.setdefault(theme, {}).setdefault(f"entity:{ent_id}", []).append(weight)
                    evidence.setdefault(theme, []).append((start, end, None, weight, _ENTITY))

    def _entity_cues(self, label: str, ent_id: str) -> tuple[tuple[int, float], ...]:
        """Return (theme index, weight) of what an entity with this label and id supports."""
        cues = self._entity_weights.get((label, ent_id))
        if cues is None:
            found = []
            for t, theme in enumerate(self.lexicon.themes):
                weight = max((c.weight for c in theme.entities if c.matches(label, ent_id)),
                             default=0.0)
                if weight > 0:
                    found.append((t, weight))
            cues = self._entity_weights[(label, ent_id)] = tuple(found)
        return cues

    def _tags(self, terms: _Terms, evidence: _Evidence, *, cut: Callable[[int, int], str],
              floor: float | None = None) -> tuple[list[ThemeTag], list[EvidenceSpan]]:
        """Sum each theme's evidence; return the themes that pass and every evidence span.

        A theme passes when its score is at least ``threshold`` and either ``relative`` times
        the segment's best score or ``strong`` (a second theme with strong evidence of its
        own). When none passes, the best theme is given if its score is at least `best_min`
        (a segment with evidence gets its best theme). ``floor`` overrides all of these. A
        tag's evidence is its words in text order, each once; its spans, and the spans returned
        for every theme, one per piece of evidence, sorted by offset.
        """
        settings = self.lexicon.settings
        scores = {t: _theme_score(per_term, settings.repeat_decay)
                  for t, per_term in terms.items()}
        if not scores:
            return [], []
        keep: set[int] = set()
        if floor is None:
            best = max(scores.values())
            floor = max(self.threshold, min(self.relative * best, settings.strong))
            if best < floor and best >= self.best_min:
                # None passes: the best theme alone (a tie goes to the first theme id).
                keep.add(min((t for t, v in scores.items() if v == best),
                             key=self._ids.__getitem__))
        tags = []
        all_spans: list[EvidenceSpan] = []
        ids = self._ids
        for t, score in scores.items():
            theme = ids[t]
            spans = tuple(sorted(
                _span((start, end, theme, text if text is not None else cut(start, end),
                       weight, cue))
                for start, end, text, weight, cue in evidence[t]))
            all_spans += spans
            if score >= floor or t in keep:
                words = tuple(dict.fromkeys(span.text for span in spans))
                tags.append(ThemeTag(ids[t], score, words, spans))
        tags.sort(key=_tag_id)
        all_spans.sort()
        return tags, all_spans


_first = operator.itemgetter(0)
_span = EvidenceSpan._make
_tag_id = operator.attrgetter("id")


def _theme_score(per_term: Mapping[str, list[float]], decay: float) -> float:
    """Sum a theme's evidence: per term, the k-th repetition (largest first) counts decay**k.

    ``math.fsum`` makes the total independent of the order the evidence was gathered in.
    """
    parts: list[float] = []
    for values in per_term.values():
        if len(values) == 1:
            parts.append(values[0])
        else:
            parts += [v * decay ** k for k, v in enumerate(sorted(values, reverse=True))]
    return math.fsum(parts)


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _automaton(entries: Mapping[str, list[tuple[int, float, str, str]]],
               ) -> ahocorasick.Automaton | None:
    if not entries:
        return None
    automaton = ahocorasick.Automaton()
    for key, values in entries.items():
        automaton.add_word(key, (len(key), tuple(values)))
    automaton.make_automaton()
    return automaton


def _inflections(words: Mapping[str, object]) -> dict[str, str]:
    """Map inflected forms of the lexicon lemmas (4 letters or more) to the lemma.

    The endings are tried in `_ENDINGS` order, as a look-up would: a form that two lemmas can
    explain goes to the one whose ending comes first.
    """
    stems = [k for k in words if len(k) >= _MIN_STEM_LEN]
    out: dict[str, str] = {}
    for ending in _ENDINGS:
        for stem in stems:
            out.setdefault(stem + ending, stem)
    return out


class _DocCutter:
    """``doc.text[start:end]`` without building the whole text."""

    def __init__(self, doc: Doc, ents: Sequence[Span]) -> None:
        self.doc = doc
        self.ents = ents
        self._by_offsets: dict[tuple[int, int], Span] | None = None

    def __call__(self, start: int, end: int) -> str:
        if self._by_offsets is None:  # the first entity with these offsets, as a scan finds
            self._by_offsets = {}
            for ent in reversed(self.ents):
                self._by_offsets[ent.start_char, ent.end_char] = ent
        ent = self._by_offsets.get((start, end))
        if ent is not None:
            return ent.text
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return self.doc.text[start:end]
        return span.text[start - span.start_char:end - span.start_char]


def _drop_contained(hits: list) -> list:
    """Keep the hits (tuples that start with start, end) not strictly inside a longer hit.

    "samverkansavtal" hides its "avtal".
    """
    hits = sorted(hits, key=lambda h: (h[0], -h[1]))
    kept, max_end, max_start = [], -1, -1
    for hit in hits:
        if hit[1] < max_end or (hit[1] == max_end and max_start < hit[0]):
            continue
        kept.append(hit)
        if hit[1] > max_end:
            max_end, max_start = hit[1], hit[0]
    return kept


@functools.lru_cache(maxsize=1)
def _default_scorer() -> ThemeScorer:
    return ThemeScorer()


def score_themes(text: str, *, lemmas: Mapping[int, str] | Callable[[str], str] | None = None,
                 entities: Sequence[tuple[int, int, str, str]] = (),
                 scorer: ThemeScorer | None = None) -> list[ThemeTag]:
    """Return the themes of one segment with the packaged lexicon, without spaCy.

    Args:
        text: the segment text.
        lemmas: lemma per word start offset, or a function from word to lemma (default:
            simplemma).
        entities: ``(start_char, end_char, label, id)`` of the segment's entity mentions.
        scorer: a scorer built from another lexicon or threshold.

    Examples:
        >>> [t.id for t in score_themes("Regional cancerplan 2022-2024")]
        ['cancervard']
    """
    return (scorer or _default_scorer()).score(text, lemmas=lemmas, entities=entities)


# --- spaCy component -------------------------------------------------------------------------

class ThemeComponent:
    """spaCy component ``regionkit_themes``: themes and evidence spans of a Doc (one segment).

    Sets ``doc._.themes`` (ThemeTags, sorted by id) and ``doc._.theme_evidence`` (EvidenceSpans
    of every theme with evidence). Reads the segment's kind and heading from
    ``doc.user_data[SEGMENT_KEY]`` when the caller put them there (`regionkit.tagging.pipeline`
    does), and ``doc.ents`` and the lemmas.
    """

    def __init__(self, scorer: ThemeScorer | None = None) -> None:
        self.scorer = scorer or _default_scorer()
        for name in ("themes", "theme_evidence"):
            if not Doc.has_extension(name):
                Doc.set_extension(name, default=None)

    def __call__(self, doc: Doc) -> Doc:
        """Score the doc (one segment) and store its themes and evidence spans."""
        themes, spans = self.scorer.score_doc(doc)
        # Where ``doc._.themes = themes`` stores it (extensions without a setter), without
        # building an accessor object per Doc.
        doc.user_data[THEMES_KEY] = themes
        doc.user_data[EVIDENCE_KEY] = spans
        return doc


# The ``doc.user_data`` keys of ``doc._.themes`` and ``doc._.theme_evidence`` (spaCy's
# ``Underscore._get_key`` for a Doc).
THEMES_KEY = ("._.", "themes", None, None)
EVIDENCE_KEY = ("._.", "theme_evidence", None, None)


if Language is not None:

    @Language.factory("regionkit_themes",
                      default_config={"lexicon_path": None, "threshold": None, "relative": None},
                      assigns=["doc._.themes", "doc._.theme_evidence"],
                      requires=["doc.ents", "token.lemma"])
    def make_theme_component(nlp: Language, name: str, lexicon_path: str | None,
                             threshold: float | None, relative: float | None) -> ThemeComponent:
        """Build the theme component; by default with the packaged lexicon and its threshold."""
        if lexicon_path is None and threshold is None and relative is None:
            return ThemeComponent()
        lexicon = load_theme_lexicon(lexicon_path)
        return ThemeComponent(ThemeScorer(lexicon, threshold=threshold, relative=relative))
