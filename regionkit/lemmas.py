"""The one lemmatiser configuration of regionkit: simplemma, Swedish, greedy.

Tagging (token lemmas, theme lemmas) and distinctive terms (keyness) use this function, so that
a theme lemma and a keyness term are the same word. Greedy was chosen on 45 hand-checked content
words of the seeds: greedy 44 right, non-greedy 42, spaCy's lookup table 39
(tests/test_tagging_lemmas.py).
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=300_000)
def lemmatize(word: str) -> str:
    """Return simplemma's Swedish lemma of `word` (greedy), as simplemma spells it; cached.

    Examples:
        >>> lemmatize("vårdplatserna")
        'vårdplats'
    """
    import simplemma

    return simplemma.lemmatize(word, lang="sv", greedy=True)
