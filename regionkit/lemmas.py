"""The one lemmatiser configuration of regionkit: simplemma, Swedish, greedy, with corrections.

Tagging (token lemmas, theme lemmas) and distinctive terms (keyness) use this function, so that
a theme lemma and a keyness term are the same word. Greedy was chosen on 45 hand-checked content
words of the seeds: greedy 44 right, non-greedy 42, spaCy's lookup table 39
(tests/test_tagging_lemmas.py).

Greedy simplemma reads some nouns as verbs or adjectives ("plan" -> "plana", "samråd" ->
"samråda", also as the last part of a compound: "aktivitetsplan" -> "aktivitetsplana"). The
corrections are data (``regionkit/data/lemma_exceptions.yaml``), as are the function words that
spaCy's Swedish stop list lacks ("per", "via", "hel"): `stop_words` gives both lists together.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from regionkit.datafiles import check_keys, load_package_yaml

EXCEPTIONS_FILE = "lemma_exceptions.yaml"


@dataclass(frozen=True)
class LemmaFix:
    """A correction of simplemma: `form` (also as a compound's last part) has `lemma`."""

    form: str
    lemma: str
    wrong: str


@cache
def _exceptions() -> tuple[dict[str, LemmaFix], frozenset[str]]:
    data = load_package_yaml("regionkit.data", EXCEPTIONS_FILE)
    where = f"regionkit/data/{EXCEPTIONS_FILE}"
    check_keys(data, {"version", "lemmas", "function_words"}, where,
               required=("version", "lemmas", "function_words"))
    fixes = {}
    for row in data["lemmas"]:
        check_keys(row, {"form", "lemma", "wrong", "source"}, f"{where}: lemmas",
                   required=("form", "lemma", "wrong", "source"))
        fix = LemmaFix(str(row["form"]).lower(), str(row["lemma"]).lower(),
                       str(row["wrong"]).lower())
        fixes[fix.form] = fix
    words = []
    for row in data["function_words"]:
        check_keys(row, {"word", "source"}, f"{where}: function_words",
                   required=("word", "source"))
        words.append(str(row["word"]).lower())
    return fixes, frozenset(words)


def lemma_fixes() -> dict[str, LemmaFix]:
    """Return the corrections of simplemma's lemmas, keyed by form."""
    return dict(_exceptions()[0])


def _corrected(word: str, lemma: str) -> str:
    fixes = _exceptions()[0]
    low, low_lemma = word.lower(), lemma.lower()
    fix = fixes.get(low)
    if fix is not None:
        return fix.lemma
    # A compound whose last part simplemma got wrong in the same way ("aktivitetsplan").
    for form, fix in fixes.items():
        if low.endswith(form) and low_lemma == low[: -len(form)] + fix.wrong:
            return low[: -len(form)] + fix.lemma
    return lemma


@lru_cache(maxsize=300_000)
def lemmatize(word: str) -> str:
    """Return the Swedish lemma of `word`: simplemma (greedy), corrected by the exceptions table.

    Examples:
        >>> lemmatize("vårdplatserna")
        'vårdplats'
        >>> lemmatize("aktivitetsplan")
        'aktivitetsplan'
    """
    import simplemma

    return _corrected(word, simplemma.lemmatize(word, lang="sv", greedy=True))


@cache
def stop_words() -> frozenset[str]:
    """Return spaCy's Swedish stop words and the function words of the exceptions table."""
    from spacy.lang.sv.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | _exceptions()[1]
