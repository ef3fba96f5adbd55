"""The rules of entity tagging, compiled once from the lexicons.

What the matcher looks for and what the entity component decides with:

* `pattern_set`: the entity pattern rows of the lexicons and their tokenised forms, made once
  per vocabulary and lexicon folder (the norm component takes its words, the matcher its Docs).
* `EntityRules`: the context rules, list glue, triggers, families and name shapes as the
  folded token phrases the entity component compares with a Doc's norms.
* `Info` and `Cand`: what a pattern match says and a candidate mention.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc

from regionkit.tagging.context import CompiledRule, Phrase, PhraseSet
from regionkit.tagging.lexicon import Lexicons, load_lexicons
from regionkit.tagging.patterns import (
    AMBIGUOUS,
    AREA,
    FAMILY,
    FIXED,
    MEMBER,
    PREFIX,
    PatternRow,
    entity_patterns,
)

# Longer matches win; among matches of one span, the surer kind wins.
KIND_RANK = {FIXED: 0, FAMILY: 1, AMBIGUOUS: 2, AREA: 3, MEMBER: 3, PREFIX: 4}
MAX_OPEN_NAME = 4
NATIONAL = "@national"
ADJACENT = "@adjacent"
BLOCK = "@block"
# Key of ``doc.user_data``: character offsets of spaces that stand for a squashed line break
# (set by `regionkit.tagging.pipeline`; absent when the caller passed plain text).
LINE_BREAKS = "regionkit_line_breaks"
# Tokens that may stand between two items of a list of names: bullets and list punctuation
# ("• Akut vård • Tandvård", "Akut vård; Tandvård", "1. Akut vård 2. Tandvård").
LIST_GLUE = frozenset({"•", "·", "▪", "◦", "-", "–", "*", ";", ":", ",", ".", ")", "("})
MAX_GLUE = 6
# What may follow a name that heads a list line ("Akut vård: Anna A", "Akut vård – Mellansverige").
ITEM_END = frozenset({":", "-", "–", ",", ";", "(", "|", "."})
# A list line longer than this many tokens is prose, not a list item.
MAX_LIST_LINE = 20
# Tokens read before "(" for a person's name: four name words and what stands before them.
PERSON_WINDOW = 6
# Norm strings cached per hash are dropped past this many (memory stays bounded).
MAX_NORM_CACHE = 400_000


def lexicons(lexicon_dir: str | None) -> Lexicons:
    """Return the lexicons of a folder (None: the packaged ones)."""
    return load_lexicons(Path(lexicon_dir)) if lexicon_dir else load_lexicons()


def context_phrases(lex: Lexicons) -> list[str]:
    """Return every phrase the context rules name (their words go into the OCR table)."""
    ctx = lex.context
    phrases = [*ctx.chain, *ctx.stop_words, *ctx.suffix_excludes, *ctx.areas.national,
               *ctx.areas.adjacent, *ctx.areas.block, *ctx.areas.barriers,
               *ctx.persons.not_first, *ctx.persons.reject_before]
    if ctx.areas.enumeration is not None:
        phrases += [*ctx.areas.enumeration.reject_before, *ctx.areas.enumeration.reject_lead]
    for rule in ctx.rules:
        phrases += [*rule.accept_before, *rule.accept_after, *rule.reject_before,
                    *rule.reject_after]
    for fam in lex.groups.families:
        phrases += [*fam.triggers, *fam.separators]
    return phrases


@dataclass(frozen=True)
class PatternSet:
    """The entity patterns of a lexicon folder, tokenised with one vocabulary.

    Attributes:
        rows: the pattern rows (`regionkit.tagging.patterns.entity_patterns`).
        docs: pattern or context phrase text -> its tokenised Doc (emptied once the entity
            matcher has taken them).
        words: every word form of the patterns and context phrases (the OCR table's words).
    """

    rows: tuple[PatternRow, ...]
    docs: dict[str, Doc]
    words: frozenset[str]


# Pattern sets of the last few vocabularies (each entry keeps its vocabulary alive, so that an id
# is not reused while it is cached).
_PATTERN_SETS: OrderedDict[tuple[int, str | None], tuple[object, PatternSet]] = OrderedDict()
_MAX_PATTERN_SETS = 4


def pattern_set(nlp: Language, lexicon_dir: str | None = None) -> PatternSet:
    """Return the `PatternSet` of a lexicon folder for `nlp`'s vocabulary, made once.

    The norm component takes its words and the matcher its Docs: the patterns are tokenised
    once per pipeline, not once per component.
    """
    key = (id(nlp.vocab), lexicon_dir)
    cached = _PATTERN_SETS.get(key)
    if cached is not None and cached[0] is nlp.vocab:
        _PATTERN_SETS.move_to_end(key)
        return cached[1]
    lex = lexicons(lexicon_dir)
    rows = tuple(entity_patterns(lex))
    texts = list(dict.fromkeys([row.pattern for row in rows] + context_phrases(lex)))
    docs = dict(zip(texts, nlp.tokenizer.pipe(texts), strict=True))
    orths: set[int] = set()
    for doc in docs.values():  # whole arrays: a Token object per word costs more
        orths.update(doc.to_array(ORTH).tolist())
    words = frozenset(nlp.vocab.strings[orth] for orth in orths)
    found = PatternSet(rows, docs, words)
    _PATTERN_SETS[key] = (nlp.vocab, found)
    while len(_PATTERN_SETS) > _MAX_PATTERN_SETS:
        _PATTERN_SETS.popitem(last=False)
    return found


@dataclass(frozen=True)
class Info:
    """What a pattern match may be: its pattern kind, label, canonical id and family."""

    kind: str
    label: str
    id: str
    family: str = ""
    strict: bool = False


@dataclass
class Cand:
    """A candidate mention: token span, label, id, rank of its kind, and family."""

    start: int
    end: int
    label: str
    id: str
    rank: int
    family: str = ""


class EntityRules:
    """The lexicons' context rules as folded token phrases, for the entity component.

    Args:
        lex: the lexicons.
        phrase: text -> its folded token norms (the norm component's fold).
    """

    def __init__(self, lex: Lexicons, phrase: Callable[[str], Phrase],
                 norm: Callable[[str], str]) -> None:
        self.lexicons = lex
        ctx = lex.context
        self.chain = frozenset(phrase(c)[0] for c in ctx.chain if phrase(c))
        self.rules = [CompiledRule.compile(r, phrase) for r in ctx.rules]
        self.barriers = frozenset(p[0] for p in map(phrase, ctx.areas.barriers) if p)
        self.window = ctx.areas.window
        self.stop_words = frozenset(p[0] for p in map(phrase, ctx.stop_words) if p)
        self.suffix_labels = frozenset(ctx.suffix_labels)
        self.suffix_excludes = frozenset(p[0] for p in map(phrase, ctx.suffix_excludes) if p)
        triggers: dict[Phrase, str] = {}
        for fam in lex.groups.families:
            for t in fam.triggers:
                triggers[phrase(t)] = fam.id
        for t in ctx.areas.adjacent:
            triggers[phrase(t)] = ADJACENT
        for t in ctx.areas.national:
            triggers[phrase(t)] = NATIONAL
        for t in ctx.areas.block:
            triggers[phrase(t)] = BLOCK
        self.trigger_of = triggers
        self.triggers = PhraseSet(triggers)
        self.families = {f.id: f for f in lex.groups.families}
        enum = ctx.areas.enumeration
        self.enumeration = enum
        if enum is not None:
            self.enum_reject_before = PhraseSet(map(phrase, enum.reject_before))
            self.enum_lead = PhraseSet(map(phrase, enum.reject_lead))
        persons = ctx.persons
        self.person_not_first = frozenset(p[0] for p in map(phrase, persons.not_first) if p)
        self.person_reject_before = frozenset(p[0] for p in map(phrase, persons.reject_before)
                                              if p)
        self.place_endings = tuple(w for w in map(norm, persons.place_endings) if w)
        self.verb_endings = tuple(ctx.verb_endings)
        # One-word prefixes of all families: an open name stops before one ("RPO njursjukdomar
        # och RPO nervsystemets sjukdomar", "Chefssamråd ortopedi och chefsamrådet för kirurgi"
        # are two mentions each).
        self.family_heads = frozenset(p[0] for f in lex.groups.families
                                      for p in map(phrase, f.prefixes) if len(p) == 1)
        # Context rules naming a family id decide its acronym prefix: "samverkansgrupper (RSG)"
        # and "olika RPO och RSG" are generic, not mentions (annotation-guidelines §2).
        self.family_rules = {f.id: rule for f in lex.groups.families for rule in self.rules
                             if rule.rule.ids and rule.applies(f.label, f.id)}
        # Separators an open name may follow. Not "för" or a comma after an acronym: "skickas
        # till RPO för yttrande" and "RPO, RSG och NPO" name no group; with a known name ("RPO
        # för tandvård", "RPO, Tandvård") the family patterns match anyway. A family word
        # ("Chefsamrådet för kirurgi") is no such errand's receiver: "för" stays.
        self.separators = {f.id: PhraseSet(p for p in (phrase(s.strip()) for s in f.separators)
                                           if p and "," not in p
                                           and (f.open_after_words or "for" not in p))
                           for f in lex.groups.families}
