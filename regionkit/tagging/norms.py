"""Component ``regionkit_norms``: folded NORM on every lexeme, cached lemmas on tokens.

Every lexeme's NORM is the folded form of `regionkit.tagging.fold` (repaired when it is an
OCR-damaged form of a lexicon word); NORM is a lexeme attribute, so it is computed once per
vocabulary entry, not per token. ``token.lemma_`` comes from simplemma, cached per word form.
The words the OCR table knows are those of the entity patterns and context phrases
(`regionkit.tagging.entity_rules.pattern_set`).
"""

from __future__ import annotations

from collections import OrderedDict
from functools import lru_cache

import numpy
from spacy.attrs import LEMMA, NORM, ORTH
from spacy.language import Language
from spacy.tokens import Doc

from regionkit import lemmas as _lemmas
from regionkit.tagging.entity_rules import pattern_set
from regionkit.tagging.fold import OcrTable

# The OCR table installed per vocabulary and lexicon folder, for the last few vocabularies (a
# vocabulary whose NORM getter is not that table's gets a new one).
_INSTALLED: OrderedDict[tuple[int, str | None], OcrTable] = OrderedDict()
_MAX_INSTALLED = 4


def ensure_norms(nlp: Language, lexicon_dir: str | None = None) -> OcrTable:
    """Make the folded form (OCR-repaired for lexicon words) every lexeme's NORM.

    Installs the norm as the vocabulary's NORM getter, so new lexemes get it when they are
    created, and recomputes it for the lexemes already there. Idempotent per `nlp`.

    Returns:
        The OCR table whose `norm` is installed.
    """
    current = nlp.vocab.lex_attr_getters.get(NORM)
    key = (id(nlp.vocab), lexicon_dir)
    table = _INSTALLED.get(key)
    if table is not None and getattr(current, "__self__", None) is table:
        return table
    patterns = pattern_set(nlp, lexicon_dir)
    table = OcrTable(patterns.words)
    _INSTALLED[key] = table
    while len(_INSTALLED) > _MAX_INSTALLED:
        _INSTALLED.popitem(last=False)
    nlp.vocab.lex_attr_getters[NORM] = table.norm
    for lexeme in nlp.vocab:
        lexeme.norm_ = table.norm(lexeme.orth_)
    return table


@lru_cache(maxsize=200_000)
def lemmatize(word: str) -> str:
    """Lower-case lemma of a word form (simplemma, Swedish, greedy), cached per form.

    Measured on 45 hand-checked content words of the seeds: simplemma greedy 44 right,
    non-greedy 42, spaCy's lookup table (spacy-lookups-data) 39 (tests/test_tagging_lemmas.py).
    """
    return _lemmas.lemmatize(word).lower()


class NormsAndLemmas:
    """Component ``regionkit_norms``: folded NORM on lexemes, cached lemma on tokens."""

    def __init__(self, nlp: Language, *, lexicon_dir: str | None = None,
                 lemmas: bool = True) -> None:
        self.nlp = nlp
        self.lexicon_dir = lexicon_dir
        self.lemmas = lemmas
        self._cache: dict[int, int] = {}
        ensure_norms(nlp, lexicon_dir)

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        """Install the norms again (``nlp.initialize()`` may reset the vocabulary's getters)."""
        ensure_norms(nlp or self.nlp, self.lexicon_dir)

    def __call__(self, doc: Doc) -> Doc:
        """Set ``token.lemma_`` (a cache look-up per token)."""
        if not self.lemmas:
            return doc
        if not len(doc):
            return doc
        # Whole-array reads and writes: creating a Python Token per word costs more than the
        # lemma look-up itself (profiled: a quarter of the pipeline's time).
        orths = doc.to_array(ORTH).tolist()
        cache = self._cache
        try:  # every form seen before: one C-level look-up per token
            lemmas = list(map(cache.__getitem__, orths))
        except KeyError:
            lemmas = self._add_forms(doc, orths)
        doc.from_array([LEMMA], numpy.array(lemmas, dtype=numpy.uint64).reshape(-1, 1))
        return doc

    def _add_forms(self, doc: Doc, orths: list[int]) -> list[int]:
        """Cache the lemmas of the word forms `orths` not seen before; return all lemmas."""
        cache, strings = self._cache, doc.vocab.strings
        lemmas = []
        for orth in orths:
            lemma = cache.get(orth)
            if lemma is None:
                text = strings[orth]
                lemma = strings.add(lemmatize(text) if text.isalpha() else text.lower())
                cache[orth] = lemma
            lemmas.append(lemma)
        return lemmas


@Language.factory("regionkit_norms", default_config={"lexicon_dir": None, "lemmas": True},
                  assigns=["token.norm", "token.lemma"])
def make_norms(nlp: Language, name: str, lexicon_dir: str | None,
               lemmas: bool) -> NormsAndLemmas:
    """Build the ``regionkit_norms`` component."""
    return NormsAndLemmas(nlp, lexicon_dir=lexicon_dir, lemmas=lemmas)
