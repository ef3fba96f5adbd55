"""Context decisions for ambiguous mentions, as small functions over a list of folded tokens.

These functions see only token norms (the folded forms the matcher compares on) and candidate
spans as ``(start, end)`` token offsets; the rules themselves come from ``context.yaml``. They
never look at raw text, so a rule written "kommunerna i" also fires on "KOMMUNERNA I" and on
OCR-damaged text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from regionkit.tagging.lexicon import ContextRule

Phrase = tuple[str, ...]
# A word of a person's name as written: capitalised ("Anna", "Clementson-Kockum") or an initial
# ("T", "T.").
_NAME_WORD = re.compile(r"^(?:[A-ZÅÄÖÉÜ][a-zåäöéèüáàæøß'’]+(?:-[A-ZÅÄÖÉÜ][a-zåäöéèüáàæøß'’]+)*"
                        r"|[A-ZÅÄÖ]\.?)$")
_MAX_NAME_WORDS = 4


class PhraseSet:
    """Folded phrases, looked up by where they end or start in a token list."""

    def __init__(self, phrases: Iterable[Phrase]) -> None:
        self.by_last: dict[str, list[Phrase]] = {}
        self.by_first: dict[str, list[Phrase]] = {}
        for p in set(phrases):
            if p:
                self.by_last.setdefault(p[-1], []).append(p)
                self.by_first.setdefault(p[0], []).append(p)
        for table in (self.by_last, self.by_first):
            for rows in table.values():
                rows.sort(key=len, reverse=True)

    def __bool__(self) -> bool:
        return bool(self.by_last)

    def ending_at(self, norms: Sequence[str], j: int) -> Phrase | None:
        """Return the longest phrase whose last token is ``norms[j]``, or None."""
        if j < 0:
            return None
        for p in self.by_last.get(norms[j], ()):
            n = len(p)
            if j + 1 >= n and tuple(norms[j + 1 - n:j + 1]) == p:
                return p
        return None

    def starting_at(self, norms: Sequence[str], i: int) -> Phrase | None:
        """Return the longest phrase whose first token is ``norms[i]``, or None."""
        if i >= len(norms):
            return None
        for p in self.by_first.get(norms[i], ()):
            if tuple(norms[i:i + len(p)]) == p:
                return p
        return None


@dataclass(frozen=True)
class CompiledRule:
    """A `ContextRule` with its phrases folded and indexed."""

    rule: ContextRule
    accept_before: PhraseSet
    accept_after: PhraseSet
    reject_before: PhraseSet
    reject_after: PhraseSet

    @classmethod
    def compile(cls, rule: ContextRule, to_phrase: Callable[[str], Phrase]) -> CompiledRule:
        """Fold the rule's phrases with `to_phrase` (text → tuple of token norms)."""
        return cls(rule, *(PhraseSet(map(to_phrase, getattr(rule, k)))
                           for k in ("accept_before", "accept_after", "reject_before",
                                     "reject_after")))

    def applies(self, label: str, cid: str) -> bool:
        """Whether this rule decides forms of `label` with id `cid`."""
        return self.rule.label == label and (not self.rule.ids or cid in self.rule.ids)


def coordination(norms: Sequence[str], start: int, end: int, chain: frozenset[str],
                 starts: Mapping[int, int], ends: Mapping[int, int]) -> tuple[int, int, int]:
    """Extend a span over a coordination of same-label candidates ("Uppsala och Örebro").

    Args:
        norms: token norms of the document.
        start: first token of the span.
        end: token offset after the span.
        chain: coordinating tokens (",", "och", …).
        starts: candidate start → end, for candidates of the same label.
        ends: candidate end → start, likewise.

    Returns:
        ``(first, last, count)``: token offsets of the whole coordination and how many
        candidates it holds.
    """
    first, last, count = start, end, 1
    while first - 1 >= 0 and norms[first - 1] in chain and (first - 1) in ends:
        first = ends[first - 1]
        count += 1
    while last < len(norms) and norms[last] in chain and (last + 1) in starts:
        last = starts[last + 1]
        count += 1
    return first, last, count


def decide(rule: CompiledRule, norms: Sequence[str], first: int, last: int, count: int,
           *, has_fixed: bool, affiliated: bool = False) -> bool:
    """Apply a context rule to a coordination ``norms[first:last]`` of `count` candidates.

    Rejection first (a place preposition before "Uppsala och Örebro"), then acceptance by the
    words around it or by a person's name before it (`affiliated`, for rules with
    `after_person`), then by the list (`accept_in_list`, or a list holding an unambiguous form).
    On one side, the longer of an accepting and a rejecting phrase wins: "landstingen i
    Östergötland och Kalmar" is accepted although "i" alone rejects.
    """
    before = _longer(rule.accept_before.ending_at(norms, first - 1),
                     rule.reject_before.ending_at(norms, first - 1))
    after = _longer(rule.accept_after.starting_at(norms, last),
                    rule.reject_after.starting_at(norms, last))
    if before is False or after is False:
        return False
    if before or after or affiliated:
        return True
    if count > 1 and has_fixed:
        return True
    if rule.rule.accept_in_list and count >= rule.rule.list_min:
        return True
    return rule.rule.accept_by_default


def _longer(accept: Phrase | None, reject: Phrase | None) -> bool | None:
    """True/False when the accepting/rejecting phrase decides a side, None when neither is there."""
    if reject and (not accept or len(accept) <= len(reject)):
        return False
    return True if accept else None


def nearest_trigger(norms: Sequence[str], start: int, triggers: PhraseSet,
                    barriers: frozenset[str], window: int) -> tuple[Phrase, int] | None:
    """Find the nearest trigger phrase ending before `start`, within `window` tokens.

    The search stops at a barrier token (sentence end) or a paragraph break (a whitespace token
    holding a newline). Exceptions keep lists together: the full stop of a list number
    ("2. Tandvård") is no sentence end; a paragraph break after a colon (a heading that
    introduces a list) is crossed; and a trigger that ends its paragraph (a heading such as
    "Nationella programområden" over a list) is found across the break.

    Returns:
        ``(phrase, end)`` with `end` the token offset after the phrase, or None.
    """
    for j in range(start - 1, max(-1, start - 1 - window), -1):
        tok = norms[j]
        if tok in barriers and not list_number_stop(norms, j):
            return None
        if tok.isspace() and "\n" in tok:
            if j > 0 and norms[j - 1] == ":":
                continue
            found = triggers.ending_at(norms, j - 1)
            return (found, j) if found else None
        found = triggers.ending_at(norms, j)
        if found:
            return found, j + 1
    return None


def list_number_stop(norms: Sequence[str], j: int) -> bool:
    """Tell whether ``norms[j]`` is the "." of a list number ("1.", "12.") rather than a stop."""
    return norms[j] == "." and j > 0 and norms[j - 1].isdigit() and len(norms[j - 1]) <= 2


def person_name_before(texts: Sequence[str], norms: Sequence[str], *,
                       covered: Collection[int] = (), not_first: Collection[str] = (),
                       place_endings: tuple[str, ...] = (),
                       reject_before: Collection[str] = ()) -> bool:
    """Tell whether the tokens ``texts`` end in a person's name ("… Anna Berg").

    The name is the run of two to four name words (capitalised words, double-barrelled names,
    initials) at the end of `texts`, with at least one full word. Not a person: a run holding a
    token of a lexicon mention (index in `covered`), a run whose first word's norm is in
    `not_first` ("Östra Göinge"), a run with a word whose norm ends in one of `place_endings`
    ("Centralsjukhuset Kristianstad"), and a run right after a `reject_before` word ("i").

    Args:
        texts: token texts, the last one right before the "(".
        norms: the tokens' norms (folded), aligned with `texts`.
        covered: indices into `texts` of tokens inside lexicon matches.
        not_first: norms that cannot start a person's name.
        place_endings: norms that end a word of a place or hospital name.
        reject_before: norms that, before the run, make it a place.

    Examples:
        >>> person_name_before(["–", "Anna", "Berg"], ["-", "anna", "berg"])
        True
        >>> person_name_before(["i", "Ystad"], ["i", "ystad"])
        False
    """
    j = len(texts)
    while j > 0 and len(texts) - j < _MAX_NAME_WORDS and _NAME_WORD.match(texts[j - 1]):
        j -= 1
    run = range(j, len(texts))
    if len(run) < 2 or all(len(texts[k].rstrip(".")) == 1 for k in run):
        return False
    if (any(k in covered for k in run) or norms[j] in not_first
            or (j > 0 and norms[j - 1] in reject_before)):
        return False
    return not any(norms[k].endswith(place_endings) for k in run) if place_endings else True
