"""Words of an activity for comparison: lemmas, compound parts and synonyms, weighted by idf.

Lemmas come from the tagger's lemmatiser (`regionkit.tagging.components.lemmatize`); compound
parts from the theme lexicon's parts (`themes.yaml`) and from the corpus' own vocabulary (a
long word read as two known words, with or without the linking s); synonyms from
`followup_linking.yaml`.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from regionkit.followup.cues import LinkingConfig
from regionkit.lemmas import lemmatize
from regionkit.tagging.fold import fold
from regionkit.tagging.themes import load_theme_lexicon

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_MIN_SPLIT_WORD = 8


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.sv.stop_words import STOP_WORDS

    return frozenset(fold(w) for w in STOP_WORDS)


@lru_cache(maxsize=1)
def theme_parts() -> frozenset[str]:
    """Return the folded compound parts of every theme in the packaged theme lexicon."""
    return frozenset(fold(p) for theme in load_theme_lexicon().themes for p in theme.parts)


@lru_cache(maxsize=1 << 16)
def _folded_lemma(word: str) -> str:
    return fold(lemmatize(word.lower()))


class Vocabulary:
    """Turns texts into comparison terms and weights them by inverse document frequency."""

    def __init__(self, cfg: LinkingConfig, texts: Iterable[str]):
        self.cfg = cfg
        self._canon = {fold(w): fold(group[0]) for group in cfg.synonyms for w in group}
        self._stop = _stop_words() | {fold(w) for w in cfg.stop_lemmas}
        texts = list(texts)
        self.known: set[str] = set(theme_parts())
        for text in texts:
            self.known.update(self._lemma(w) for w in _WORD.findall(text)
                              if len(w) >= cfg.min_part_len + 1)
        self._parts_cache: dict[str, tuple[str, ...]] = {}
        # The terms of each distinct word, computed once (after `known` is complete).
        self._word_terms: dict[str, tuple[str, ...]] = {}
        df: Counter[str] = Counter()
        for text in texts:
            df.update(set(self.terms(text)))
        self.n = max(len(texts), 1)
        self.df = df

    @staticmethod
    def _lemma(word: str) -> str:
        return _folded_lemma(word)

    def canon(self, term: str) -> str:
        """Return the synonym group's word for a folded term (the term itself if none)."""
        return self._canon.get(term, term)

    def parts(self, lemma: str) -> tuple[str, ...]:
        """Return the compound parts of a folded lemma (theme parts and two known words)."""
        cached = self._parts_cache.get(lemma)
        if cached is not None:
            return cached
        k = self.cfg.min_part_len
        found = [p for p in theme_parts() if p != lemma and len(p) >= k and p in lemma]
        if len(lemma) >= _MIN_SPLIT_WORD:
            for i in range(k, len(lemma) - k + 1):
                head, tail = lemma[:i], lemma[i:]
                tails = [tail] + ([tail[1:]] if tail.startswith("s") and len(tail) > k else [])
                if head in self.known:
                    for t in tails:
                        lem = fold(lemmatize(t))
                        if t in self.known or lem in self.known:
                            found += [head, lem if lem in self.known else t]
                            break
        out = tuple(dict.fromkeys(p for p in found if p not in self._stop))
        self._parts_cache[lemma] = out
        return out

    def terms(self, text: str) -> list[str]:
        """Return the comparison terms of a text: lemmas and compound parts, synonyms merged."""
        out: list[str] = []
        for word in _WORD.findall(text):
            found = self._word_terms.get(word)
            if found is None:
                found = self._word_terms[word] = self._terms_of_word(word)
            out.extend(found)
        return out

    def _terms_of_word(self, word: str) -> tuple[str, ...]:
        lem = self._lemma(word)
        if len(lem) < 2 or lem in self._stop or fold(word) in self._stop:
            return ()
        return (self.canon(lem), *(self.canon(p) for p in self.parts(lem)))

    def idf(self, term: str) -> float:
        """Return the smoothed inverse document frequency of a term."""
        return math.log((self.n + 1) / (self.df.get(term, 0) + 1)) + 1.0

    def vector(self, text: str) -> dict[str, float]:
        """Return the tf-idf vector of a text (sublinear tf)."""
        counts = Counter(self.terms(text))
        return {t: (1 + math.log(c)) * self.idf(t) for t, c in counts.items()}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Return the cosine of two sparse vectors (0 when either is empty)."""
    if not a or not b:
        return 0.0
    dot = math.fsum(v * b[t] for t, v in a.items() if t in b)
    na = math.sqrt(math.fsum(v * v for v in a.values()))
    nb = math.sqrt(math.fsum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0
