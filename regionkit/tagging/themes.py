"""Themes: score each segment for the 15 themes of labels.md from evidence in its words.

The theme definitions are data (``regionkit/lexicons/themes.yaml``): per theme, lemmas, compound
parts and phrases with weights, evidence from entities, and exclusions. A segment gets a theme
when the summed weight of its evidence passes a threshold chosen on the development gold.

All matching runs on a folded key of each word (lower case, å/ä → a, ö → o, é → e, hyphens
dropped), with the damaged forms of å/ä/ö that OCR produces generated from each term, so that
"hégspecialiserad" still counts. Compound parts and phrases go through one Aho-Corasick
automaton per lexicon; lemmas are dictionary look-ups. This stage never changes the text or the
entities; it only reads them.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import ahocorasick
import yaml

from regionkit.tagging.fold import fold as fold_norm
from regionkit.tagging.fold import ocr_variants
from regionkit.tagging.types import THEME_IDS, ThemeTag

LEXICON_FILE = "themes.yaml"

# A word: letters and digits, joined by hyphens or "&" (OCR reads ö as & in "ink&p").
_WORD = re.compile(r"\w+(?:[-\u2010\u2011&]\w+)*")
_PIECE_SPLIT = re.compile(r"[-\u2010\u2011]")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# Inflection endings tried on a word when neither it nor its lemma is in the lexicon: they let
# "nämndens" and "möten" match their lemma also when OCR damage defeats the lemmatiser
# ("ndmndens"). Only lexicon lemmas of 4 letters or more take endings ("kö" + "n" is not "kön").
_ENDINGS = ("ernas", "arnas", "ornas", "erna", "arna", "orna", "ens", "ets", "ers", "ars", "ors",
            "en", "et", "er", "ar", "or", "na", "ns", "ts", "n", "t", "s", "r")
_MIN_STEM_LEN = 4
# Variants per term are capped: beyond that only the plain folded form is used.
_MAX_VARIANTS = 512
_MIN_PART_LEN = 4

_PART, _PHRASE, _EXCLUDE = "part", "phrase", "exclude"


class LexiconError(ValueError):
    """A theme lexicon that cannot be used; the message names the file and the key."""


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
    import simplemma

    return simplemma.lemmatize(word, lang="sv", greedy=True)


def _check_keys(data: Any, allowed: Iterable[str], where: str) -> dict:
    if not isinstance(data, Mapping):
        raise LexiconError(f"{where}: expected a mapping, got {type(data).__name__}")
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise LexiconError(f"{where}: unknown key {unknown[0]!r} (allowed: {sorted(allowed)})")
    return dict(data)


def _weights(data: Any, where: str) -> dict[str, float]:
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise LexiconError(f"{where}: expected a mapping of term: weight")
    out = {}
    for term, weight in data.items():
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

    @classmethod
    def from_dict(cls, data: Mapping, *, where: str = "entity cue") -> EntityCue:
        """Build a cue from a lexicon row, rejecting unknown keys.

        Raises:
            LexiconError: on an unknown key or a missing label or weight.
        """
        row = _check_keys(data, ("label", "weight", "id_contains"), where)
        if "label" not in row or "weight" not in row:
            raise LexiconError(f"{where}: needs 'label' and 'weight'")
        return cls(label=str(row["label"]), weight=float(row["weight"]),
                   id_contains=str(row.get("id_contains", "")))

    def matches(self, label: str, entity_id: str) -> bool:
        """Return whether an entity with this label and id is evidence for the cue."""
        return label == self.label and self.id_contains in entity_id


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

    _KEYS = ("label", "description", "source", "lemmas", "parts", "phrases", "entities",
             "exclude")

    @classmethod
    def from_dict(cls, theme_id: str, data: Mapping, *, where: str = "theme") -> ThemeDefinition:
        """Build a definition from its lexicon entry, rejecting unknown keys.

        Raises:
            LexiconError: on an unknown key, a bad weight or a compound part that is too short.
        """
        row = _check_keys(data, cls._KEYS, where)
        parts = _weights(row.get("parts"), f"{where}.parts")
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
            lemmas=_weights(row.get("lemmas"), f"{where}.lemmas"),
            parts=parts,
            phrases=_weights(row.get("phrases"), f"{where}.phrases"),
            entities=tuple(EntityCue.from_dict(c, where=f"{where}.entities[{i}]")
                           for i, c in enumerate(cues)),
            exclude=tuple(str(t) for t in row.get("exclude") or ()),
        )


@dataclass(frozen=True)
class ThemeSettings:
    """How evidence is added up and when a theme is given (documented in themes.yaml)."""

    threshold: float = 3.0
    relative: float = 0.3
    heading_weight: float = 2.0
    heading_max_chars: int = 200
    repeat_decay: float = 0.5
    list_cues: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: Mapping, *, where: str = "settings") -> ThemeSettings:
        """Build settings from the lexicon's ``settings`` entry, rejecting unknown keys.

        Raises:
            LexiconError: on an unknown key.
        """
        row = _check_keys(data, cls.__dataclass_fields__, where)
        cues = tuple(str(c) for c in row.pop("list_cues", None) or ())
        for key, value in row.items():
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise LexiconError(f"{where}.{key}: must be a number, got {value!r}")
        row = {k: int(v) if k == "heading_max_chars" else float(v) for k, v in row.items()}
        return cls(**row, list_cues=cues)


@dataclass(frozen=True)
class ThemeLexicon:
    """All theme definitions and the scoring settings of one lexicon file."""

    version: str
    settings: ThemeSettings
    themes: tuple[ThemeDefinition, ...]
    origin: str = LEXICON_FILE

    @classmethod
    def from_dict(cls, data: Mapping, *, origin: str = LEXICON_FILE) -> ThemeLexicon:
        """Build a lexicon from parsed YAML; every theme id of labels.md must be there once.

        Raises:
            LexiconError: naming ``origin`` and the offending key.
        """
        top = _check_keys(data, ("version", "settings", "themes"), origin)
        themes = _check_keys(top.get("themes") or {}, THEME_IDS, f"{origin}: themes")
        missing = [t for t in THEME_IDS if t not in themes]
        if missing:
            raise LexiconError(f"{origin}: themes: missing theme {missing[0]!r}")
        return cls(
            version=str(top.get("version", "")),
            settings=ThemeSettings.from_dict(top.get("settings") or {},
                                             where=f"{origin}: settings"),
            themes=tuple(ThemeDefinition.from_dict(t, themes[t] or {},
                                                   where=f"{origin}: themes.{t}")
                         for t in THEME_IDS),
            origin=origin,
        )


def load_theme_lexicon(path: str | Path | None = None) -> ThemeLexicon:
    """Load a theme lexicon: the packaged ``themes.yaml`` by default, or a file given by path.

    Raises:
        LexiconError: if the file has an unknown key, a missing theme or a bad weight.
    """
    if path is None:
        return _packaged_lexicon()
    path = Path(path)
    return ThemeLexicon.from_dict(yaml.safe_load(path.read_text(encoding="utf-8")) or {},
                                  origin=str(path))


@functools.lru_cache(maxsize=1)
def _packaged_lexicon() -> ThemeLexicon:
    text = resources.files("regionkit.lexicons").joinpath(LEXICON_FILE).read_text(
        encoding="utf-8")
    return ThemeLexicon.from_dict(yaml.safe_load(text) or {}, origin=LEXICON_FILE)


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


@dataclass(frozen=True)
class _Hit:
    """One piece of evidence: a span of the key stream (or an entity) for one theme."""

    start: int
    end: int
    theme: int
    weight: float
    term: str
    first: int  # index of the first word
    last: int  # index of the last word


class ThemeScorer:
    """Scores texts with a compiled lexicon; build once, call :meth:`score` per segment."""

    def __init__(self, lexicon: ThemeLexicon | None = None, *, threshold: float | None = None,
                 relative: float | None = None) -> None:
        self.lexicon = lexicon or load_theme_lexicon()
        s = self.lexicon.settings
        self.threshold = s.threshold if threshold is None else float(threshold)
        self.relative = s.relative if relative is None else float(relative)
        self._list_cues = frozenset(v for c in s.list_cues for v in term_variants(c))
        self._words: dict[str, list[tuple[int, float, str]]] = {}
        self._automaton = ahocorasick.Automaton()
        entries: dict[str, list[tuple[int, float, str, str]]] = {}
        for t, theme in enumerate(self.lexicon.themes):
            for term, weight in theme.lemmas.items():
                for key in term_variants(term):
                    self._words.setdefault(key.replace(" ", ""), []).append((t, weight, term))
            for kind, terms in ((_PART, theme.parts), (_PHRASE, theme.phrases),
                                (_EXCLUDE, dict.fromkeys(theme.exclude, 0.0))):
                for term, weight in terms.items():
                    for key in term_variants(term):
                        entries.setdefault(key, []).append((t, weight, term, kind))
        self._stems = frozenset(k for k in self._words if len(k) >= _MIN_STEM_LEN)
        for key, values in entries.items():
            self._automaton.add_word(key, (len(key), tuple(values)))
        self._has_patterns = bool(entries)
        if self._has_patterns:
            self._automaton.make_automaton()

    def heading_end(self, text: str) -> int:
        """Return the end offset of the segment's heading (0 if it has none).

        The heading is the first paragraph if it is short, else the first line if that is
        short: agenda items, § titles and plan items open their segment this way.
        """
        limit = self.lexicon.settings.heading_max_chars
        lead = len(text) - len(text.lstrip())
        blank = _BLANK_LINE.search(text, lead)
        para_end = blank.start() if blank else len(text)
        if para_end - lead <= limit:
            return para_end
        line_end = text.find("\n", lead)
        line_end = len(text) if line_end < 0 else line_end
        return line_end if line_end - lead <= limit else 0

    def score(self, text: str, *, lemmas: Mapping[int, str] | Callable[[str], str] | None = None,
              entities: Sequence[tuple[int, int, str, str]] = ()) -> list[ThemeTag]:
        """Return the themes of one segment, sorted by id, each with score and evidence.

        Args:
            text: the segment text.
            lemmas: lemma per word start offset (from spaCy tokens), or a function from word to
                lemma; words without one are lemmatised with simplemma.
            entities: ``(start_char, end_char, label, id)`` of the segment's entity mentions.
        """
        words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        if not words or self._is_list_of_people(text, words):
            return []
        scores = self.raw_scores(text, words, lemmas=lemmas, entities=entities)
        if not scores:
            return []
        best = max(score for score, _ in scores.values())
        floor = max(self.threshold, self.relative * best)
        return sorted((ThemeTag(self.lexicon.themes[t].id, score, evidence)
                       for t, (score, evidence) in scores.items() if score >= floor),
                      key=lambda tag: tag.id)

    def raw_scores(self, text: str, words: Sequence[tuple[int, int]], *,
                   lemmas: Mapping[int, str] | Callable[[str], str] | None = None,
                   entities: Sequence[tuple[int, int, str, str]] = (),
                   ) -> dict[int, tuple[float, tuple[str, ...]]]:
        """Return every theme's score and evidence before the threshold (theme index → ...)."""
        keys = [_fold_cached(text[s:e]) for s, e in words]
        hits = self._lexical_hits(text, words, keys, lemmas)
        inside = _inside_entities(words, entities)
        hits = [h for h in hits if not any(inside[i] for i in range(h.first, h.last + 1))]
        head_end = self.heading_end(text)
        contributions: dict[int, dict[str, list[float]]] = {}
        evidence: dict[int, list[tuple[int, str]]] = {}
        best_per_word: dict[tuple[int, int], _Hit] = {}
        for hit in hits:
            slot = (hit.theme, hit.first)
            if slot not in best_per_word or hit.weight > best_per_word[slot].weight:
                best_per_word[slot] = hit
        s = self.lexicon.settings
        for hit in best_per_word.values():
            start = words[hit.first][0]
            factor = s.heading_weight if start < head_end else 1.0
            contributions.setdefault(hit.theme, {}).setdefault(hit.term, []).append(
                hit.weight * factor)
            evidence.setdefault(hit.theme, []).append((start, text[start:words[hit.last][1]]))
        for start, end, label, ent_id in entities:
            factor = s.heading_weight if start < head_end else 1.0
            for t, theme in enumerate(self.lexicon.themes):
                weight = max((c.weight for c in theme.entities if c.matches(label, ent_id)),
                             default=0.0)
                if weight > 0:
                    contributions.setdefault(t, {}).setdefault(f"entity:{ent_id}", []).append(
                        weight * factor)
                    evidence.setdefault(t, []).append((start, text[start:end]))
        out = {}
        for t, per_term in contributions.items():
            total = sum(_decayed_sum(values, s.repeat_decay) for values in per_term.values())
            out[t] = (total, tuple(dict.fromkeys(word for _, word in sorted(evidence[t]))))
        return out

    def _is_list_of_people(self, text: str, words: Sequence[tuple[int, int]]) -> bool:
        for start, end in words:
            word = text[start:end]
            if not word.isdigit():
                return _fold_cached(word) in self._list_cues
        return False

    def _lexical_hits(self, text: str, words: Sequence[tuple[int, int]], keys: Sequence[str],
                      lemmas: Mapping[int, str] | Callable[[str], str] | None) -> list[_Hit]:
        stream = " ".join(keys)
        starts = list(itertools.accumulate((len(k) + 1 for k in keys[:-1]), initial=0))
        hits: list[_Hit] = []
        excluded: list[_Hit] = []
        if self._has_patterns:
            for last_char, (length, values) in self._automaton.iter(stream):
                begin, end = last_char + 1 - length, last_char + 1
                first = bisect_right(starts, begin) - 1
                last = bisect_right(starts, last_char) - 1
                for theme, weight, term, kind in values:
                    if kind == _PHRASE and begin != starts[first]:
                        continue  # a phrase starts at a word start
                    hit = _Hit(begin, end, theme, weight, term, first, last)
                    (excluded if kind == _EXCLUDE else hits).append(hit)
        for i, (start, end) in enumerate(words):
            for key in self._word_keys(text[start:end], keys[i], start, lemmas):
                if key not in self._words:
                    key = self._stem_of(key)
                for theme, weight, term in self._words.get(key, ()):
                    hits.append(_Hit(starts[i], starts[i] + len(keys[i]), theme, weight, term,
                                     i, i))
        hits = _drop_contained(hits)
        if excluded:
            hits = [h for h in hits if not any(
                x.theme == h.theme and x.start < h.end and h.start < x.end for x in excluded)]
        return hits

    def _stem_of(self, key: str) -> str:
        """Return the lexicon lemma that ``key`` is an inflected form of, else ``key``."""
        for ending in _ENDINGS:
            if key.endswith(ending) and key[:-len(ending)] in self._stems:
                return key[:-len(ending)]
        return key

    def _word_keys(self, word: str, key: str, start: int,
                   lemmas: Mapping[int, str] | Callable[[str], str] | None) -> set[str]:
        if callable(lemmas):
            lemma = lemmas(word)
        elif lemmas is not None and start in lemmas:
            lemma = lemmas[start]
        else:
            lemma = _simplemma_lemma(word.lower())
        found = {key, _fold_cached(lemma)} if lemma else {key}
        if "-" in word or "\u2010" in word or "\u2011" in word:
            found.update(_fold_cached(piece) for piece in _PIECE_SPLIT.split(word) if piece)
        return found


def _decayed_sum(values: list[float], decay: float) -> float:
    """Sum repeated evidence, the k-th (largest first) counting decay**k times."""
    return sum(v * decay ** k for k, v in enumerate(sorted(values, reverse=True)))


def _drop_contained(hits: list[_Hit]) -> list[_Hit]:
    """Keep hits not strictly inside a longer hit: "samverkansavtal" hides its "avtal"."""
    hits = sorted(hits, key=lambda h: (h.start, -h.end))
    kept, max_end, max_start = [], -1, -1
    for hit in hits:
        if hit.end < max_end or (hit.end == max_end and max_start < hit.start):
            continue
        kept.append(hit)
        if hit.end > max_end:
            max_end, max_start = hit.end, hit.start
    return kept


def _inside_entities(words: Sequence[tuple[int, int]],
                     entities: Sequence[tuple[int, int, str, str]]) -> list[bool]:
    if not entities:
        return [False] * len(words)
    spans = sorted((s, e) for s, e, _, _ in entities)
    return [any(s < w_end and w_start < e for s, e in spans) for w_start, w_end in words]


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

try:  # spaCy is a dependency; the guard keeps score_themes usable where it is not installed.
    from spacy.language import Language
    from spacy.tokens import Doc
except ImportError:  # pragma: no cover
    Language = None  # type: ignore[assignment,misc]


class ThemeComponent:
    """spaCy component: sets ``doc._.themes`` (list of ThemeTag, sorted by id) per doc."""

    def __init__(self, scorer: ThemeScorer | None = None) -> None:
        self.scorer = scorer or _default_scorer()
        if not Doc.has_extension("themes"):
            Doc.set_extension("themes", default=None)

    def __call__(self, doc: Doc) -> Doc:
        """Score the doc (one segment) and store its themes."""
        lemmas = {tok.idx: tok.lemma_ for tok in doc if tok.lemma_}
        entities = [(e.start_char, e.end_char, e.label_, e.ent_id_) for e in doc.ents]
        doc._.themes = self.scorer.score(doc.text, lemmas=lemmas, entities=entities)
        return doc


if Language is not None:

    @Language.factory("regionkit_themes",
                      default_config={"lexicon_path": None, "threshold": None, "relative": None})
    def make_theme_component(nlp: Language, name: str, lexicon_path: str | None,
                             threshold: float | None, relative: float | None) -> ThemeComponent:
        """Build the theme component; by default with the packaged lexicon and its threshold."""
        if lexicon_path is None and threshold is None and relative is None:
            return ThemeComponent()
        lexicon = load_theme_lexicon(lexicon_path)
        return ThemeComponent(ThemeScorer(lexicon, threshold=threshold, relative=relative))
