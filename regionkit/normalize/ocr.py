"""OCR repair of damaged Swedish letters (å/ä/ö read as a, o, é, d, 6 …).

Each word is read as the Swedish word (or compound of words) that most probably produced it:
P(word) from wordfreq's Swedish list times P(observed letters | word) from the confusion table
measured on seed 004 (``regionkit/data/ocr_confusions.yaml``). Words missing from the list as a
whole ("kunskapsstyrningssystemet") are read as compounds of listed words, with the linking "s".
Pairs of real words that damage merges ("ar" = är or år) are then settled by the neighbours
(``regionkit/data/ocr_context_rules.yaml``). A "|" standing for the word "I" at a line or
sentence start is read as "I".

Repair only runs on text judged damaged (`looks_ocr_damaged`, or when forced): in clean text a
valid word such as "ar" or "starka" is never touched. Case is kept ("Orebro" → "Örebro",
"OVERGRIPANDE" → "ÖVERGRIPANDE"); abbreviations in capitals of up to four letters, e-mail
addresses and web addresses are left alone.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from regionkit.normalize.edits import Edit, apply_edits
from regionkit.normalize.resources import (
    FOLD,
    ConfusionTable,
    ContextRules,
    Lexicon,
    load_confusions,
    load_context_rules,
    load_lexicon,
)

# Runs of word characters and "&", split by `_split_run` into numbers and words; OCR makes "6"
# and "&" of ö ("6vriga", "I6per", "ink&p").
_TOKEN = re.compile(r"[\w&]+")
_SKIP_SPANS = re.compile(r"\S+@\S+\.\w+|(?i:https?://|www\.)\S+|\b[\w.-]+\.(?:se|com|org|nu)\b")
# "|" for a capital I: at a line start (after an optional bullet) or after a sentence end.
_PIPE_I = re.compile(r"(?:(?<=^)|(?<=^- )|(?<=^[-–—•] )|(?<=[.!?] ))\|(?= [^\W\d_])",
                     re.MULTILINE)

# Whole words less frequent than this are also tried as compounds.
_MIN_WHOLE_LOGFREQ = math.log(1e-7)
# A compound part must be at least this long, and at least this frequent for its length: short
# words ("kap", "tad") would otherwise let any damaged letter sequence be read as a compound.
_MIN_PART_LEN = 3
_MIN_PART_LOGFREQ = {3: math.log(1e-5), 4: math.log(1e-7)}
_MIN_LONG_PART_LOGFREQ = math.log(1e-8)
# Cost of each extra compound part: a compound is less likely than any of its parts alone.
_SPLIT_LOGPENALTY = math.log(1e-3)
# A stretch of a token that is no listed word (a name, a rare stem) is read as itself at this
# cost per letter: a reading that restores letters must do better than that to be taken.
_UNKNOWN_LOGBASE = math.log(1e-3)
_UNKNOWN_LOGCHAR = math.log(1 / 30)
_LINKS = frozenset({"s"})
# Weight of a modifier's productivity (see `WordReader._modifier_bonus`).
_MODIFIER_WEIGHT = 0.5
_CACHE_SIZE = 200_000
# In words that may be names, the last part of a compound must be at least this long.
_MIN_STRICT_HEAD = 5


@dataclass(frozen=True)
class Reading:
    """One way to read a damaged token.

    Attributes:
        word: The repaired word, lower case.
        score: log P(word) + log P(observed | word).
        parts: The compound parts (one part for a listed word), links included as parts.
    """

    word: str
    score: float
    parts: tuple[str, ...]


@dataclass(frozen=True)
class _Group:
    skeleton: str
    options: tuple[tuple[str, float], ...]  # (true string, log P(observed | true))
    rare: bool


class WordReader:
    """Finds the most probable reading of single tokens, with a cache per token."""

    def __init__(self, lexicon: Lexicon, table: ConfusionTable) -> None:
        self.lexicon = lexicon
        self.table = table
        self._cased_keys = {k: v for k, v in table.readings.items() if k != k.lower()}
        self._plain_keys = {k.lower(): v for k, v in table.readings.items() if k == k.lower()}
        self._max_key = max((len(k) for k in table.readings), default=1)
        self._cache: dict[tuple[str, bool], Reading | None] = {}

    def _groups(self, options: dict[str, float]) -> list[_Group]:
        by_skel: dict[str, list[tuple[str, float]]] = {}
        for true, p in options.items():
            by_skel.setdefault(true.translate(FOLD), []).append((true, p))
        groups = []
        for skel, opts in by_skel.items():
            rare = all(p < self.table.rare_below for _, p in opts)
            groups.append(_Group(skel, tuple((t, math.log(p)) for t, p in opts), rare))
        return groups

    def _lattice(self, token: str) -> list[list[tuple[int, list[_Group]]]]:
        """For each position, the units starting there: (end, groups of readings)."""
        lower = token.lower()
        lattice: list[list[tuple[int, list[_Group]]]] = []
        for p in range(len(token)):
            units = []
            for width in range(1, self._max_key + 1):
                if p + width > len(token):
                    break
                piece = token[p:p + width]
                truths = self._cased_keys.get(piece) or self._plain_keys.get(piece.lower())
                options: dict[str, float] = {}
                if width == 1:
                    options[lower[p]] = 1.0
                if truths:
                    options.update({t: p_ for t, p_ in truths.items() if t not in options})
                if options:
                    units.append((p + width, self._groups(options)))
            lattice.append(units)
        return lattice

    def _span_all(self, lattice, j: int, i: int, memo: dict) -> dict[str, float]:
        """Return every listed word that may have produced ``token[j:i]``, with its score."""
        key = (j, i)
        if key in memo:
            return memo[key]
        found: dict[str, float] = {}
        logfreq = self.lexicon.logfreq
        max_rare = self.table.max_rare_per_part
        stack: list[tuple[int, str, tuple[_Group, ...], int]] = [(j, "", (), 0)]
        while stack:
            p, skel, path, rare_used = stack.pop()
            if p == i:
                for word in self.lexicon.by_skeleton.get(skel, ()):
                    channel = _channel(word, path)
                    if channel is not None and channel + logfreq[word] > found.get(word, -1e9):
                        found[word] = channel + logfreq[word]
                continue
            for end, groups in lattice[p]:
                if end > i:
                    continue
                for group in groups:
                    used = rare_used + group.rare
                    if used <= max_rare:
                        stack.append((end, skel + group.skeleton, (*path, group), used))
        memo[key] = found
        return found

    def _span(self, lattice, j: int, i: int, memo: dict) -> Reading | None:
        """Return the best single listed word reading ``token[j:i]``."""
        found = self._span_all(lattice, j, i, memo)
        if not found:
            return None
        word = max(found, key=found.__getitem__)
        return Reading(word, found[word], (word,))

    def read(self, token: str, *, strict: bool = False) -> Reading | None:
        """Return the most probable reading of ``token`` (any case), or None if nothing fits.

        Args:
            token: One word as it stands in the text.
            strict: For words that may be names: a compound must end in a listed word of at
                least `_MIN_STRICT_HEAD` letters and have no unknown stretch, so that
                "Landergren" is not read "länder" + "gren" while "Samverkansnamndens" is still
                read "samverkans" + "nämndens".
        """
        key = (token, strict)
        if key in self._cache:
            return self._cache[key]
        lattice = self._lattice(token)
        memo: dict = {}
        whole = self._span(lattice, 0, len(token), memo)
        result = whole
        if whole is None or whole.score < _MIN_WHOLE_LOGFREQ:
            compound = self._compound(token, lattice, memo, strict=strict)
            if compound is not None and (whole is None or compound.score > whole.score):
                result = compound
        if len(self._cache) > _CACHE_SIZE:
            self._cache.clear()  # a long batch of documents: start again rather than grow
        self._cache[key] = result
        return result

    def _modifier_bonus(self, word: str) -> float:
        """Return how readily ``word`` starts compounds: log of the listed words beginning so.

        "åter" begins thousands of listed words (återrapport, återbesök …), "äter" a handful,
        though "äter" alone is the more frequent word; so "Aterrapport" is read "återrapport".
        """
        words = self.lexicon.sorted_words
        count = bisect.bisect_left(words, word + "\uffff") - bisect.bisect_right(words, word)
        return _MODIFIER_WEIGHT * math.log1p(count)

    def _part_ok(self, word: str) -> bool:
        floor = _MIN_PART_LOGFREQ.get(len(word), _MIN_LONG_PART_LOGFREQ)
        return len(word) >= _MIN_PART_LEN and self.lexicon.logfreq[word] >= floor

    def _compound(self, token: str, lattice, memo: dict, *, strict: bool = False
                  ) -> Reading | None:
        """Return the best reading of the token as parts (listed words or unknown stretches).

        A part followed by another part is scored with its productivity as a modifier
        (`_modifier_bonus`), so the DP keeps, for each prefix of the token, the best reading
        to end the word there (``final``) and the best to go on from (``going_on``).
        """
        n = len(token)
        lower = token.lower()
        start = Reading("", 0.0, ())
        final: list[Reading | None] = [None] * (n + 1)
        going_on: list[Reading | None] = [None] * (n + 1)
        unknown: list[Reading | None] = [None] * (n + 1)  # ends in an unknown stretch

        def better(old: Reading | None, new: Reading) -> Reading:
            return new if old is None or new.score > old.score else old

        def extend(before: Reading, piece: str, score: float, label: str) -> Reading:
            penalty = _SPLIT_LOGPENALTY if before.parts else 0.0
            return Reading(before.word + piece, before.score + score + penalty,
                           (*before.parts, label))

        for i in range(_MIN_PART_LEN, n + 1):
            for j in range(0, i - _MIN_PART_LEN + 1):
                befores = [start] if j == 0 else [r for r in (going_on[j],) if r is not None]
                after_unknown = [unknown[j]] if j > 0 and unknown[j] is not None else []
                if not befores and not after_unknown:
                    continue
                link = _token_char(lattice, i) if i < n else None
                for word, score in self._span_all(lattice, j, i, memo).items():
                    if not self._part_ok(word):
                        continue
                    for before in befores + after_unknown:
                        final[i] = better(final[i], extend(before, word, score, word))
                        going_on[i] = better(going_on[i], extend(
                            before, word, score + self._modifier_bonus(word), word))
                        if link in _LINKS:
                            linked = extend(before, word + link,
                                            score + self._modifier_bonus(word + link), word)
                            going_on[i + 1] = better(going_on[i + 1], Reading(
                                linked.word, linked.score, (*linked.parts, link)))
                            if i + 1 == n:  # "uppföljnings-": a compound's first half
                                final[n] = better(final[n], Reading(
                                    linked.word, linked.score - self._modifier_bonus(word + link),
                                    (*linked.parts, link)))
                if strict:
                    continue
                # Two unknown stretches in a row are one: no unknown after an unknown.
                chunk = lower[j:i]
                cost = _UNKNOWN_LOGBASE + len(chunk) * _UNKNOWN_LOGCHAR
                for before in befores:
                    unknown[i] = better(unknown[i], extend(before, chunk, cost, f"?{chunk}"))
        finals = [r for r in (final[n], unknown[n]) if r is not None]
        if strict:
            finals = [r for r in finals if len(r.parts) < 2 or len(
                next(p for p in reversed(r.parts) if p not in _LINKS)) >= _MIN_STRICT_HEAD]
        return max(finals, key=lambda r: r.score, default=None)


def _token_char(lattice, p: int) -> str | None:
    """Return the observed letter at ``p`` if it can only be itself (a link letter)."""
    for end, groups in lattice[p]:
        if end == p + 1:
            for g in groups:
                for true, logp in g.options:
                    if logp == 0.0 and len(true) == 1:
                        return true
    return None


def _channel(word: str, path: tuple[_Group, ...]) -> float | None:
    """Return log P(observed | word) along a path of units; None if ``word`` does not fit."""
    pos = 0
    total = 0.0
    for group in path:
        width = len(group.skeleton)
        piece = word[pos:pos + width]
        for true, logp in group.options:
            if true == piece:
                total += logp
                break
        else:
            return None
        pos += width
    return total


@lru_cache(maxsize=1)
def default_reader() -> WordReader:
    """Return the reader over wordfreq's Swedish list and the packaged confusion table."""
    return WordReader(load_lexicon(), load_confusions())


def _restore_case(original: str, word: str) -> str:
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return word.upper()
    if len(original) == len(word):
        out = []
        for o, w in zip(original, word, strict=True):
            # "I6per": the capital I was a lower-case l misread, not a capital.
            upper = o.isupper() and not (o == "I" and w == "l")
            out.append(w.upper() if upper else w)
        return "".join(out)
    if original[:1].isupper() and not original.startswith("I6"):
        return word[:1].upper() + word[1:]
    return word


class _Token(NamedTuple):
    start: int
    end: int
    text: str
    candidate: bool  # a word OCR repair may change
    name_like: bool  # capitalised next to another capitalised word: only listed words


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper() and not word.isupper()


def _split_run(start: int, run: str) -> list[tuple[int, int, str]]:
    """Split a run of word characters into numbers and words.

    A "6" or "&" belongs to the word when it touches letters and no other digit ("6ka",
    "I6per", "ink&p"), to the number otherwise ("2026"); other characters that are neither
    letters nor digits (superscripts: "årligen¹") separate.
    """
    kinds = []
    for k, c in enumerate(run):
        if c.isalpha():
            kinds.append("L")
        elif c.isdecimal() and c != "6":
            kinds.append("D")
        elif c in "6&":
            near = {run[k - 1] if k else "", run[k + 1] if k + 1 < len(run) else ""}
            if any(n.isdecimal() and n != "6" for n in near):
                kinds.append("D" if c == "6" else "-")
            elif any(n.isalpha() for n in near) or c == "6":
                kinds.append("L" if any(n.isalpha() or n == "6" for n in near) else "D")
            else:
                kinds.append("-")
        else:
            kinds.append("-")
    out = []
    k = 0
    while k < len(run):
        kind = kinds[k]
        end = k
        while end < len(run) and kinds[end] == kind:
            end += 1
        if kind != "-":
            out.append((start + k, start + end, run[k:end]))
        k = end
    return out


def _plausible_word(word: str) -> bool:
    if sum(c.isalpha() for c in word) < 2:
        return False
    # "6" and "&" only count as damaged letters next to letters ("6ka", "ink&p").
    return not (word.startswith("&") or word.endswith("&") or word.endswith("66"))


_LETTERS_AAO = frozenset("åäöÅÄÖ")
# The tokens of the last text seen: `normalize_text` asks `looks_ocr_damaged` and then
# `ocr_edits` about the same string.
_last_tokens: tuple[str, list[_Token]] | None = None


def _tokens(text: str) -> list[_Token]:
    """Return every number and word of the text, with what OCR repair may do to each.

    Most runs are letters only: they are one word each and need no look at single characters
    (`_split_run` is for runs with digits, "&" or "_").
    """
    global _last_tokens
    last = _last_tokens
    if last is not None and last[0] is text:
        return last[1]
    skip = [m.span() for m in _SKIP_SPANS.finditer(text)]
    skip_starts = [s for s, _ in skip]
    raw: list[tuple[int, int, str]] = []
    for m in _TOKEN.finditer(text):
        run = m.group()
        if run.isalpha():
            raw.append((m.start(), m.end(), run))
        else:
            raw.extend(_split_run(m.start(), run))
    out = []
    n = len(raw)
    for k in range(n):
        start, end, word = raw[k]
        if word.isalpha():
            candidate = len(word) >= 2  # what `_plausible_word` says of letters only
        else:
            candidate = any(c.isalpha() for c in word) and _plausible_word(word)
        if candidate and skip:
            i = bisect.bisect_right(skip_starts, start) - 1
            candidate = not (i >= 0 and start < skip[i][1])
        prev = raw[k - 1] if k > 0 else None
        nxt = raw[k + 1] if k + 1 < n else None
        if candidate and len(word) <= 4 and word.isupper():
            # Abbreviations (SKR, NHV, RCC) stay, unless the line is in capitals ("VARD").
            candidate = any(t is not None and t[2].isupper() and len(t[2]) >= 5
                            for t in (prev, nxt))
        name_like = (word[:1].isupper() and not word.isupper() and any(
            t is not None and _is_capitalised(t[2]) and text[min(t[1], end):max(t[0], start)]
            == " " for t in (prev, nxt)))
        out.append(_Token(start, end, word, candidate, name_like))
    _last_tokens = (text, out)
    return out


def repair_word(word: str, *, reader: WordReader | None = None) -> str:
    """Return the most probable undamaged spelling of one word, without context.

    Examples:
        >>> repair_word("uppféljning"), repair_word("Orebro"), repair_word("I6per")
        ('uppföljning', 'Örebro', 'löper')
    """
    reader = reader or default_reader()
    reading = reader.read(word)
    if reading is None:
        return word
    return _restore_case(word, reading.word)


def ocr_edits(text: str, *, reader: WordReader | None = None,
              rules: ContextRules | None = None) -> list[Edit]:
    """Edits that repair OCR-damaged words and the "|" read for "I" (kind ``ocr``).

    Args:
        text: Text judged damaged (this function does not check; see `looks_ocr_damaged`).
        reader: The word reader; the packaged one by default.
        rules: Context rules; the packaged ones by default.
    """
    reader = reader or default_reader()
    rules = rules or load_context_rules()
    edits = [Edit(m.start(), m.end(), "I", "ocr") for m in _PIPE_I.finditer(text)]
    tokens = _tokens(text)
    # First pass: each word alone.
    first: list[str] = []
    for tok in tokens:
        lower = tok.text.lower()
        reading = None
        if tok.candidate and lower not in rules.protected:
            reading = reader.read(tok.text, strict=tok.name_like)
        first.append(reading.word if reading is not None else lower)
    # Second pass: the context rules, with the neighbours as first read.
    for k, tok in enumerate(tokens):
        observed = tok.text.lower()
        if not tok.candidate or observed in rules.protected:
            continue
        prev = first[k - 1] if k > 0 else None
        nxt = first[k + 1] if k + 1 < len(first) else None
        word = rules.choose(observed, prev, nxt) or first[k]
        if word == tok.text and tok.text.islower():
            continue  # a lower-case word read as itself: `_restore_case` would give it back
        repaired = _restore_case(tok.text, word)
        if repaired != tok.text:
            edits.append(Edit(tok.start, tok.end, repaired, "ocr"))
    return edits


def repair_ocr_words(text: str) -> str:
    """Return ``text`` with OCR-damaged å/ä/ö restored; the text is taken as damaged.

    Examples:
        >>> repair_ocr_words("Overenskommelser som I6per dver flera ar")
        'Överenskommelser som löper över flera år'
    """
    return apply_edits(text, ocr_edits(text))[0]


def looks_ocr_damaged(text: str, *, reader: WordReader | None = None) -> bool:
    """Whether the text's å/ä/ö look damaged.

    Counts the words that already hold å/ä/ö and the words that repair would change. Clean
    Swedish has many of the first and few of the second; damaged text the reverse. Needs at least
    three repairable words, so a short clean text is never judged damaged.
    """
    reader = reader or default_reader()
    with_letters = 0
    repairable = 0
    for tok in _tokens(text):
        if not tok.candidate:
            continue
        if not _LETTERS_AAO.isdisjoint(tok.text):
            with_letters += 1
            continue
        reading = reader.read(tok.text, strict=tok.name_like)
        if reading is not None and reading.word != tok.text.lower():
            repairable += 1
    return repairable >= 3 and repairable > 2 * with_letters
