"""The folding norm that entity patterns and text are compared on.

`fold` maps a token to a lower-case, diacritic-free form so that "Örebro", "ÖREBRO" and "Orebro"
meet. OCR damage that a character table cannot undo without a dictionary (``ä`` read as ``é`` or
``d``, ``ö`` read as ``d`` or ``oé``) is handled by `ocr_variants`: the lexicon words are damaged
the way scanners damage them, and each damaged form that is not itself a Swedish word is mapped back
to the clean fold (see `OcrTable`). Folding never changes offsets: it works on tokens, and spans are
cut from the text as given.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from itertools import product

# Why é → o: in scanned Swedish, é is far more often a damaged ö ("hégspecialiserad",
# "Kommunalférbundet") than a real é (a handful of loan words and names such as "Linné"); both
# sides of a match are folded alike, so real é still matches itself.
_TABLE = str.maketrans({
    "å": "a", "ä": "a", "á": "a", "à": "a", "â": "a", "ã": "a", "æ": "a",
    "ö": "o", "ø": "o", "ó": "o", "ò": "o", "ô": "o", "õ": "o", "é": "o",
    "è": "e", "ê": "e", "ë": "e", "ü": "u", "ú": "u", "ù": "u", "í": "i", "ì": "i", "ï": "i",
    "–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-", "’": "'", "‘": "'", "´": "'",
    "\u00ad": None,  # soft hyphen: invisible in print, left behind by PDF extraction
})
# A 6 touching a letter is a damaged ö ("6vriga", "I6per"); a 6 among digits is a six.
_OCR_SIX = re.compile(r"(?<=[^\W\d_])6|6(?=[^\W\d_])")

# How scanners damage the Swedish letters (observed in the seed OCR text: "uppféljning",
# "Samverkansndmnden", "hdgspecialiserad", "foér", "6vriga", "kérlsjukdomar", "nésa").
# regionkit/ocrsim.py counts the same readings on seed 004 (ö: o, é, d, 6, a, b, &; ä: a, d, é;
# å: a, d, é); "oé" and "dé" are two-character readings of ö.
OCR_CONFUSIONS: dict[str, tuple[str, ...]] = {
    "ä": ("a", "é", "d", "á", "e"),
    "ö": ("o", "é", "d", "6", "oé", "dé", "a", "b", "&", "ó", "0"),
    "å": ("a", "á", "d", "é", "ä"),
}
# At most this many damaged letters per word are generated (the product grows fast).
MAX_DAMAGED_LETTERS = 3


def fold(text: str) -> str:
    """Return the matching norm of a token or phrase.

    Lower case; å/ä/á/à/â/æ → a; ö/ø/ó/é → o; other accents dropped; dashes → "-"; soft hyphens
    removed; a 6 inside a word → o. Idempotent: ``fold(fold(x)) == fold(x)``.

    Examples:
        >>> fold("ÖREBRO"), fold("Kommunalférbundet"), fold("6vriga")
        ('orebro', 'kommunalforbundet', 'ovriga')
    """
    out = text.lower().translate(_TABLE)
    if not out.isascii():
        out = "".join(c for c in unicodedata.normalize("NFKD", out)
                      if not unicodedata.combining(c))
    if "6" in out:
        out = _OCR_SIX.sub("o", out)
    return out


def ocr_variants(word: str) -> set[str]:
    """Return the OCR-damaged spellings of a lower-case word (the word itself excluded).

    Each å/ä/ö may be read as any of its `OCR_CONFUSIONS`; a leading "l" may be read as "i"
    (a capital I). Words with more than `MAX_DAMAGED_LETTERS` such letters get variants of their
    first three only.
    """
    word = word.lower()
    slots = [i for i, c in enumerate(word) if c in OCR_CONFUSIONS][:MAX_DAMAGED_LETTERS]
    options = [(word[i], *OCR_CONFUSIONS[word[i]]) for i in slots]
    variants = set()
    for choice in product(*options):
        chars = list(word)
        for i, rep in zip(slots, choice, strict=True):
            chars[i] = rep
        variants.add("".join(chars))
    if word.startswith("l"):
        variants |= {"i" + v[1:] for v in variants | {word}}
    variants.discard(word)
    return variants


@lru_cache(maxsize=1)
def common_folds(n: int = 50_000) -> frozenset[str]:
    """Folds of the `n` most frequent Swedish words (wordfreq): damaged forms must avoid them."""
    from wordfreq import top_n_list

    return frozenset(fold(w) for w in top_n_list("sv", n))


class OcrTable:
    """Maps folded OCR-damaged forms of lexicon words back to the clean fold.

    A damaged form is left out when it folds like a common Swedish word ("lön" would otherwise
    become "län") or like another lexicon word: a wrong repair is worse than none.

    Args:
        words: lexicon words in their clean spelling (any case).
        avoid: folds that must not be repaired (default: `common_folds`).
    """

    def __init__(self, words: Iterable[str], *, avoid: frozenset[str] | None = None) -> None:
        avoid = common_folds() if avoid is None else avoid
        clean = {w.lower() for w in words if w}
        clean_folds = {fold(w) for w in clean}
        table: dict[str, str] = {}
        clashes: set[str] = set()
        for word in clean:
            target = fold(word)
            for variant in ocr_variants(word):
                key = fold(variant)
                if key == target or key in clean_folds or key in avoid:
                    continue
                if table.get(key, target) != target:
                    clashes.add(key)
                table[key] = target
        for key in clashes:
            del table[key]
        self._table = table

    def __len__(self) -> int:
        return len(self._table)

    def norm(self, text: str) -> str:
        """Return the fold of `text`, repaired when it is a known damaged lexicon word."""
        folded = fold(text)
        return self._table.get(folded, folded)
