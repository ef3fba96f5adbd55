"""spaCy components of regionkit: folded norms and lemmas, then entities from the lexicons.

* ``regionkit_norms`` makes every lexeme's NORM the folded form of `regionkit.tagging.fold`
  (repaired when it is an OCR-damaged lexicon word) and sets ``token.lemma_`` from simplemma,
  cached per word form. NORM is a lexeme attribute, so it is computed once per vocabulary entry,
  not per token.
* ``regionkit_entities`` matches the lexicon patterns on NORM with a PhraseMatcher, decides the
  ambiguous matches by the context rules, keeps the longest non-overlapping mentions and sets
  ``doc.ents`` (``label_``, and ``kb_id_``/``ent_id_`` = canonical id). Entities are not nested.

Both components load their patterns when they are built *and* again in `initialize`, because
``nlp.initialize()`` resets what was added before it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy
from spacy.attrs import LEMMA, NORM, ORTH
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from regionkit import lemmas as _lemmas
from regionkit.tagging.context import (
    CompiledRule,
    Phrase,
    PhraseSet,
    coordination,
    decide,
    list_number_stop,
    nearest_trigger,
    person_name_before,
)
from regionkit.tagging.fold import OcrTable
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
    is_acronym,
    open_name_id,
)

# Longer matches win; among matches of one span, the surer kind wins.
_KIND_RANK = {FIXED: 0, FAMILY: 1, AMBIGUOUS: 2, AREA: 3, MEMBER: 3, PREFIX: 4}
_MAX_OPEN_NAME = 4
_NATIONAL = "@national"
_ADJACENT = "@adjacent"
_BLOCK = "@block"
# Key of ``doc.user_data``: character offsets of spaces that stand for a squashed line break
# (set by `regionkit.tagging.pipeline`; absent when the caller passed plain text).
LINE_BREAKS = "regionkit_line_breaks"
# Tokens that may stand between two items of a list of names: bullets and list punctuation
# ("• Akut vård • Tandvård", "Akut vård; Tandvård", "1. Akut vård 2. Tandvård").
_LIST_GLUE = frozenset({"•", "·", "▪", "◦", "-", "–", "*", ";", ":", ",", ".", ")", "("})
_MAX_GLUE = 6
# What may follow a name that heads a list line ("Akut vård: Anna A", "Akut vård – Mellansverige").
_ITEM_END = frozenset({":", "-", "–", ",", ";", "(", "|", "."})
# A list line longer than this many tokens is prose, not a list item.
_MAX_LIST_LINE = 20
# Tokens read before "(" for a person's name: four name words and what stands before them.
_PERSON_WINDOW = 6
# Norm strings cached per hash are dropped past this many (memory stays bounded).
_MAX_NORM_CACHE = 400_000


def _lexicons(lexicon_dir: str | None) -> Lexicons:
    return load_lexicons(Path(lexicon_dir)) if lexicon_dir else load_lexicons()


def _context_phrases(lex: Lexicons) -> list[str]:
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


def ensure_norms(nlp: Language, lexicon_dir: str | None = None) -> OcrTable:
    """Make the folded form (OCR-repaired for lexicon words) every lexeme's NORM.

    Installs the norm as the vocabulary's NORM getter, so new lexemes get it when they are
    created, and recomputes it for the lexemes already there. Idempotent per `nlp`.

    Returns:
        The OCR table whose `norm` is installed.
    """
    current = nlp.vocab.lex_attr_getters.get(NORM)
    table = getattr(current, "__self__", None)
    if isinstance(table, OcrTable) and getattr(table, "lexicon_dir", None) == lexicon_dir:
        return table
    lex = _lexicons(lexicon_dir)
    rows = entity_patterns(lex)
    texts = list(dict.fromkeys([row.pattern for row in rows] + _context_phrases(lex)))
    docs = dict(zip(texts, nlp.tokenizer.pipe(texts), strict=True))
    orths: set[int] = set()
    for doc in docs.values():  # whole arrays: a Token object per word costs more
        orths.update(doc.to_array(ORTH).tolist())
    words = {nlp.vocab.strings[orth] for orth in orths}
    table = OcrTable(words)
    table.lexicon_dir = lexicon_dir  # type: ignore[attr-defined]
    # Handed to the entity component, which would otherwise tokenise the patterns again (a
    # third of the start-up time). A token's NORM is read from its lexeme, whose norm is set
    # below, so these Docs match as ones made after it.
    table.pattern_docs = docs  # type: ignore[attr-defined]
    table.pattern_rows = rows  # type: ignore[attr-defined]
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


@dataclass(frozen=True)
class _Info:
    kind: str
    label: str
    id: str
    family: str = ""
    strict: bool = False


@dataclass
class _Cand:
    start: int
    end: int
    label: str
    id: str
    rank: int
    family: str = ""


class EntityTagger:
    """Component ``regionkit_entities``: lexicon mentions with canonical ids in ``doc.ents``."""

    def __init__(self, nlp: Language, *, lexicon_dir: str | None = None) -> None:
        self.nlp = nlp
        self.lexicon_dir = lexicon_dir
        self._norm_strings: dict[int, str] = {}
        self._load(nlp)

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        """Load the patterns again: ``nlp.initialize()`` clears what was added before it."""
        self._load(nlp or self.nlp)

    # -- loading -----------------------------------------------------------------------------

    def _load(self, nlp: Language) -> None:
        table = ensure_norms(nlp, self.lexicon_dir)
        lex = _lexicons(self.lexicon_dir)
        self.lexicons = lex
        rows = getattr(table, "pattern_rows", None) or entity_patterns(lex)
        table.pattern_rows = None  # type: ignore[attr-defined]  # used once, then freed
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        by_key: dict[str, list[str]] = {}
        self.infos: dict[int, _Info] = {}
        for row in rows:
            key = f"{row.kind}|{row.label}|{row.id}|{row.family}|{int(row.strict)}"
            by_key.setdefault(key, []).append(row.pattern)
            self.infos[nlp.vocab.strings.add(key)] = _Info(row.kind, row.label, row.id,
                                                           row.family, row.strict)
        docs = getattr(table, "pattern_docs", None) or {}
        table.pattern_docs = None  # type: ignore[attr-defined]  # used once, then freed
        for key, patterns in by_key.items():
            self.matcher.add(key, [docs.get(p) or nlp.tokenizer(p)
                                   for p in dict.fromkeys(patterns)])
        strings = nlp.vocab.strings
        self._known_hashes = {text: strings.add(text) for row in rows
                              for text in (row.label, row.id) if text}

        def phrase(text: str) -> Phrase:
            return tuple(table.norm(t.text) for t in nlp.tokenizer(text))

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
            triggers[phrase(t)] = _ADJACENT
        for t in ctx.areas.national:
            triggers[phrase(t)] = _NATIONAL
        for t in ctx.areas.block:
            triggers[phrase(t)] = _BLOCK
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
        self.place_endings = tuple(w for w in map(table.norm, persons.place_endings) if w)
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

    # -- tagging -----------------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        """Find the mentions of `doc` and set ``doc.ents``."""
        matches = self.matcher(doc)
        if not matches:
            doc.ents = []
            return doc
        norms = self._norms(doc)
        spans: dict[tuple[int, int], list[_Info]] = {}
        for key, start, end in matches:
            spans.setdefault((start, end), []).append(self.infos[key])
        cands = self._decide(doc, norms, spans)
        chosen = _longest_first(cands)
        chosen = self._merge_suffixes(doc, norms, chosen, spans)
        chosen = self._acronyms(doc, chosen)
        # Labels and lexicon ids as their hashes (added to the vocabulary at load time): a
        # string would be hashed again per Span. Open-name ids are new strings: added here.
        known = self._known_hashes
        spans = []
        for c in chosen:
            label, cid = known.get(c.label, c.label), known.get(c.id, c.id)
            spans.append(Span(doc, c.start, c.end, label=label, kb_id=cid, span_id=cid))
        # What ``doc.ents = spans`` does, without its copying every Span once more.
        doc.set_ents(spans, default="outside")
        return doc

    def _norms(self, doc: Doc) -> list[str]:
        """Return the token norms of `doc` as strings.

        A hash names the same string in every Doc, so the strings are cached across Docs:
        a plain list costs less to build and to read than a Token per word or a StringStore
        look-up per read.
        """
        hashes = doc.to_array(NORM).tolist()
        cache = self._norm_strings
        try:
            return list(map(cache.__getitem__, hashes))
        except KeyError:
            if len(cache) > _MAX_NORM_CACHE:
                cache.clear()
            strings = doc.vocab.strings
            for h in hashes:
                if h not in cache:
                    cache[h] = strings[h]
            return list(map(cache.__getitem__, hashes))

    def _decide(self, doc: Doc, norms: Sequence[str],
                spans: dict[tuple[int, int], list[_Info]]) -> list[_Cand]:
        out: list[_Cand] = []
        pending = []
        for (s, e), infos in spans.items():
            if any(i.kind == FAMILY for i in infos) and self._generic_family(norms, s, infos):
                infos = [i for i in infos if i.kind != FAMILY]
                if not infos:
                    continue
            best = infos[0] if len(infos) == 1 else min(infos, key=_rank)
            if best.kind == FIXED or best.kind == FAMILY:
                out.append(_Cand(s, e, best.label, best.id, _KIND_RANK[best.kind], best.family))
            else:
                pending.append((s, e, sorted(infos, key=_rank)))
        if not pending:  # the common case: nothing needs its context read
            return out
        starts: dict[str, dict[int, int]] = {}
        ends: dict[str, dict[int, int]] = {}
        fixed_spans: set[tuple[str, int, int]] = set()
        family_starts = set()
        for (s, e), infos in spans.items():
            for info in infos:
                if info.kind in (FIXED, AMBIGUOUS):
                    by_start = starts.setdefault(info.label, {})
                    by_start[s] = max(e, by_start.get(s, e))
                    by_end = ends.setdefault(info.label, {})
                    by_end[e] = min(s, by_end.get(e, s))
                    if info.kind == FIXED:
                        fixed_spans.add((info.label, s, e))
                elif info.kind == FAMILY:
                    family_starts.add((info.family, s))
        pending.sort(key=lambda p: (p[0], -p[1]))
        return out + self._decide_pending(doc, norms, pending, starts, ends, fixed_spans,
                                          family_starts, out, spans)

    def _decide_pending(self, doc, norms, pending, starts, ends, fixed_spans,
                        family_starts, decided, spans) -> list[_Cand]:
        out: list[_Cand] = []
        enumerated = self._enumerations(doc, norms, pending)
        # Where accepted area names and family mentions end: token offset -> who accepted
        # them (`_NATIONAL` or a family id). A name right after one of them in a list
        # continues the list ("NPO Akut vård, Tandvård och …" past the trigger window).
        listed: dict[int, str] = {c.end: c.family for c in decided if c.family}
        # Where accepted mentions start: a trigger word that is the first word of a mention
        # ("RPO" of "RPO Levnadsvanor") or stands right before one ("NPO" of "NPO Tandvård")
        # names that mention only, not later words of the sentence.
        mention_starts: dict[int, str] = {c.start: c.family for c in decided if c.family}
        for s, e, infos in pending:
            best = infos[0]
            rank = _KIND_RANK[best.kind]
            if best.kind == AMBIGUOUS:
                for info in infos:
                    if info.kind == AMBIGUOUS and self._accept_ambiguous(
                            doc, norms, s, e, info, starts, ends, fixed_spans, spans):
                        out.append(_Cand(s, e, info.label, info.id, rank))
                        break
            elif best.kind in (AREA, MEMBER):
                found = self._decide_area(doc, norms, s, e, infos, listed, mention_starts,
                                          enumerated)
                if found:
                    out.append(_Cand(s, e, found[0], found[1], rank))
                    listed[e] = found[2]
                    mention_starts[s] = found[2]
            else:
                for info in infos:
                    cand = self._decide_prefix(doc, norms, s, e, info, family_starts)
                    if cand:
                        out.append(cand)
                        if cand.family:
                            listed[cand.end] = cand.family
                            mention_starts[cand.start] = cand.family
                        break
        return out

    def _accept_ambiguous(self, doc, norms, s, e, info, starts, ends, fixed_spans,
                          spans) -> bool:
        rule = next((r for r in self.rules if r.applies(info.label, info.id)), None)
        if rule is None:
            return False
        first, last, count = coordination(norms, s, e, self.chain, starts.get(info.label, {}),
                                          ends.get(info.label, {}))
        has_fixed = any(lab == info.label and first <= a and b <= last and (a, b) != (s, e)
                        for (lab, a, b) in fixed_spans)
        affiliated = rule.rule.after_person and self._after_person(doc, norms, first, last,
                                                                   spans)
        return decide(rule, norms, first, last, count, has_fixed=has_fixed,
                      affiliated=affiliated)

    def _after_person(self, doc: Doc, norms: Sequence[str], first: int, last: int,
                      spans) -> bool:
        """Tell whether ``norms[first:last]`` stands in parentheses right after a person's name.

        "Fredrik Berg (Skåne)" in a roster names the region he represents; "Växjö (Kronoberg)" and
        "Centralsjukhuset Kristianstad (Skåne)" name a place (`PersonRule`).
        """
        if first < 3 or last >= len(doc) or norms[first - 1] != "(" or norms[last] != ")":
            return False
        end = first - 1  # the "("
        lo = max(0, end - _PERSON_WINDOW)
        covered = {i - lo for (a, b) in spans if a < end and b > lo
                   for i in range(max(a, lo), min(b, end))}
        return person_name_before([tok.text for tok in doc[lo:end]], norms[lo:end],
                                  covered=covered, not_first=self.person_not_first,
                                  place_endings=self.place_endings,
                                  reject_before=self.person_reject_before)

    def _decide_area(self, doc: Doc, norms: Sequence[str], s: int, e: int,
                     infos: Sequence[_Info], listed: dict[int, str],
                     mention_starts: dict[int, str],
                     enumerated: frozenset[int] = frozenset()) -> tuple[str, str, str] | None:
        """Decide a bare area or family name: ``(label, id, who)`` or None.

        The nearest trigger decides. Passed over are an `adjacent` trigger that is not right
        before the name, and a trigger that belongs to an earlier mention (the "RPO" of "RPO
        Levnadsvanor ... en plan för levnadsvanor"). Without a trigger, a name that continues a
        list of accepted names (only bullets, commas and "och" between them), or that starts a
        list line whose previous line started with an accepted name ("Akut vård: Anna A,
        Skåne" over "Tandvård: Bo B, Halland"), is taken like the one before it. Failing all
        that, an item of an enumeration of area names (`_enumerations`) is an NPO.
        """
        who, end, before = None, -1, s
        while before > 0:
            found = nearest_trigger(norms, before, self.triggers, self.barriers,
                                    self.window - (s - before))
            if found is None:
                break
            phrase, end = found
            who = self.trigger_of[phrase]
            begin = end - len(phrase)
            consumed = begin in mention_starts or any(
                _adjacent(norms, end, m) for m in (end, end + 1) if m in mention_starts and m < s)
            if who == _ADJACENT and not consumed and _adjacent(norms, end, s):
                who = _NATIONAL
                break
            if who != _ADJACENT and not consumed:
                break
            who, before = None, begin
        if who is None:
            who = self._list_before(norms, s, listed)
        if who is None:
            who = self._line_above(doc, norms, s, e, mention_starts)
        if who is None and s in enumerated:
            who = _NATIONAL
        if who is None or who == _BLOCK:
            return None
        for info in infos:
            if who == _NATIONAL and info.kind == AREA:
                if info.strict and not _adjacent(norms, end, s):
                    continue
                return info.label, info.id, who
            if info.kind == MEMBER and info.family == who:
                return info.label, info.id, who
        return None

    def _enumerations(self, doc: Doc, norms: Sequence[str], pending) -> frozenset[int]:
        """Return the starts of area names that are items of an enumeration of NPO area names.

        An enumeration is a run of at least ``min_items`` area names, each linked to the next
        as an item of one comma/"och" list (`_inline_items`) or as the heads of consecutive list
        lines (`_item_lines`: bullets, numbers, roster lines "Akut vård – Anna Berg (Skåne)").
        A run is dropped when a `reject_before` word stands right before its first name or a
        `reject_lead` word introduces it (`EnumerationRule`). One pass over the candidates.
        """
        rule = self.enumeration
        if rule is None:
            return frozenset()
        items: list[tuple[int, int]] = []
        for s, e, infos in pending:  # sorted by start, longest first
            if (not items or s >= items[-1][1]) and any(
                    i.kind == AREA and not i.strict for i in infos):
                items.append((s, e))
        if len(items) < rule.min_items:
            return frozenset()
        breaks = doc.user_data.get(LINE_BREAKS, ())
        runs = [[items[0]]]
        for prev, cur in zip(items, items[1:], strict=False):
            if (self._inline_items(norms, prev[1], cur[0])
                    or self._item_lines(doc, norms, prev, cur, breaks)):
                runs[-1].append(cur)
            else:
                runs.append([cur])
        out: set[int] = set()
        for run in runs:
            first = run[0][0]
            if (len(run) < rule.min_items or self.enum_reject_before.ending_at(norms, first - 1)
                    or nearest_trigger(norms, first, self.enum_lead, self.barriers,
                                       self.window)):
                continue
            out.update(s for s, _ in run)
        return frozenset(out)

    def _inline_items(self, norms: Sequence[str], end: int, start: int) -> bool:
        """Tell whether only list glue (commas, "och", bullets) stands between two names."""
        if not 0 < start - end <= _MAX_GLUE:
            return False
        for k in range(end, start):
            tok = norms[k]
            if tok == "." and not list_number_stop(norms, k):
                return False
            if not (tok in self.chain or tok in _LIST_GLUE or tok.isspace()
                    or (tok.isdigit() and len(tok) <= 2)):
                return False
        return True

    def _item_lines(self, doc: Doc, norms: Sequence[str], a: tuple[int, int],
                    b: tuple[int, int], breaks) -> bool:
        """Tell whether names `a` and `b` head two consecutive short list lines.

        Each name must stand alone at the head of its line (after bullets or a number) and be
        followed by the line end or an item separator (":", "–", "(" …); the rest of `a`'s
        line must be short and hold no sentence end except a line-final one.
        """
        head_b = self._item_head(doc, norms, *b, breaks)
        if head_b is None or head_b < a[1] or self._item_head(doc, norms, *a, breaks) is None:
            return False
        if head_b - a[1] > _MAX_LIST_LINE:
            return False
        line_end = head_b - 1 if norms[head_b - 1].isspace() else head_b
        for k in range(a[1], line_end):
            if k > a[1] and _line_boundary(doc, k, breaks):
                return False  # a line between the two
            if (norms[k] in self.barriers and not list_number_stop(norms, k)
                    and k != line_end - 1):
                return False
        return True

    def _item_head(self, doc: Doc, norms: Sequence[str], s: int, e: int, breaks) -> int | None:
        """Return where the line of `s` starts if ``norms[s:e]`` heads it as a list item."""
        if not (e == len(doc) or norms[e] in _ITEM_END or norms[e].isspace()
                or _line_boundary(doc, e, breaks)):
            return None
        j = s
        while j > 0 and not _line_boundary(doc, j, breaks):
            tok = norms[j - 1]
            if not (tok in _LIST_GLUE or tok.isspace() or (tok.isdigit() and len(tok) <= 2)):
                return None
            j -= 1
        return j

    def _list_before(self, norms: Sequence[str], s: int, listed: dict[int, str]) -> str | None:
        """Return who accepted the list item that ends right before `s` (list glue between)."""
        j = s
        for _ in range(_MAX_GLUE + 1):
            if j in listed:
                return listed[j]
            if j == 0:
                return None
            tok = norms[j - 1]
            if tok == "." and not list_number_stop(norms, j - 1):
                return None  # a sentence ends between them
            if not (tok in self.chain or tok in _LIST_GLUE or tok.isspace()
                    or (tok.isdigit() and len(tok) <= 2)):
                return None
            j -= 1
        return None

    def _line_above(self, doc: Doc, norms: Sequence[str], s: int, e: int,
                    mention_starts: dict[int, str]) -> str | None:
        """Return who accepted the name that starts the list line above the one `s` starts.

        Both lines must be list lines: the name ``norms[s:e]`` alone at the head of its line
        (after bullets or a number; then the line ends or a separator such as ":" or "–"
        follows), and the line above short and without a sentence end.
        """
        breaks = doc.user_data.get(LINE_BREAKS, ())
        start = self._line_start(doc, norms, s, breaks)
        if start is None or not (e == len(doc) or norms[e] in _ITEM_END
                                 or _line_boundary(doc, e, breaks)):
            return None
        k = start - 1
        if norms[k].isspace():  # a paragraph break between the lines
            k -= 1
        last = k
        while k >= 0:  # back to the first token of the line above
            if norms[k] in self.barriers and not list_number_stop(norms, k):
                return None
            if k == 0 or _line_boundary(doc, k, breaks) or last - k >= _MAX_LIST_LINE:
                break
            k -= 1
        if k < 0 or last - k >= _MAX_LIST_LINE:
            return None
        while k < start and (norms[k] in _LIST_GLUE or norms[k].isspace()
                             or (norms[k].isdigit() and len(norms[k]) <= 2)):
            k += 1
        if k not in mention_starts:  # "• NPO Tandvård" over "• Akut vård"
            head = self.triggers.starting_at(norms, k)
            k += len(head) if head else 0
        return mention_starts.get(k)

    def _line_start(self, doc: Doc, norms: Sequence[str], s: int, breaks) -> int | None:
        """Return where the line of `s` starts, if only list glue stands before `s` on it."""
        j = s
        while j > 0 and not _line_boundary(doc, j, breaks):
            tok = norms[j - 1]
            if not (tok in _LIST_GLUE or (tok.isdigit() and len(tok) <= 2)):
                return None
            j -= 1
        return j if j > 0 else None

    def _generic_family(self, norms: Sequence[str], s: int, infos: Sequence[_Info]) -> bool:
        """Whether the family prefix at `s` is generic by its family's context rule."""
        for info in infos:
            rule = self.family_rules.get(info.family) if info.kind == FAMILY else None
            if rule is not None and rule.reject_before.ending_at(norms, s - 1):
                return True
        return False

    def _decide_prefix(self, doc: Doc, norms: Sequence[str], s: int, e: int, info: _Info,
                       family_starts: set) -> _Cand | None:
        fam = self.families[info.family]
        if (fam.id, s) in family_starts:
            return None
        rule = self.family_rules.get(fam.id)
        if rule is not None and (rule.reject_before.ending_at(norms, s - 1)
                                 or rule.reject_after.starting_at(norms, e)):
            return None
        if fam.open_names and not info.strict:
            end = self._open_name(doc, norms, e, fam.id)
            begin = self._after_separator(norms, e, fam.id)
            if end > e and not self._verb_form(norms[begin]):
                words = doc[begin:end].text
                return _Cand(s, end, fam.label, open_name_id(fam.id, words),
                             _KIND_RANK[FAMILY], fam.id)
        if fam.bare:
            return _Cand(s, e, fam.label, fam.id, _KIND_RANK[PREFIX])
        return None

    def _after_separator(self, norms: Sequence[str], e: int, family: str) -> int:
        sep = self.separators[family].starting_at(norms, e)
        return e + len(sep) if sep else e

    def _verb_form(self, norm: str) -> bool:
        """Tell whether a word is a verb form that no name starts with ("utformas")."""
        return len(norm) > 4 and norm.endswith(self.verb_endings) if self.verb_endings else False

    def _open_name(self, doc: Doc, norms: Sequence[str], e: int, family: str) -> int:
        """Return where the open name after a prefix ending at `e` ends (`e`: no name).

        The name is at most `_MAX_OPEN_NAME` words, up to a stop word, a sentence end or
        another family's one-word prefix ("RPO njursjukdomar och RPO nervsystemets sjukdomar"
        is two names). A separator that starts the next list line ("för RPO" over "- vara länk") is
        none: the prefix ends its line.
        """
        i = self._after_separator(norms, e, family)
        if i > e and _line_break_between(doc, e, doc.user_data.get(LINE_BREAKS, ())):
            return e
        words = 0
        end = e
        while i < len(doc) and words < _MAX_OPEN_NAME:
            tok = doc[i]
            if (not tok.is_alpha or norms[i] in self.barriers
                    or norms[i] in self.family_heads):
                break
            if norms[i] in self.stop_words or norms[i] in self.chain:
                if words == 0 or norms[i] not in ("och",):
                    break
                i += 1
                continue
            words += 1
            i += 1
            end = i
        return end

    def _merge_suffixes(self, doc: Doc, norms: Sequence[str], chosen: list[_Cand],
                        spans: dict[tuple[int, int], list[_Info]]) -> list[_Cand]:
        """Take a healthcare-region name right after a body's name into the body's span.

        "Regionalt vårdkompetensråd Mellansverige" and "Samverkansnämnden Västra
        sjukvårdsregionen" are one GROUP each (annotation-guidelines §2: no nesting). Not
        merged: a name on the next line (a letterhead), and a name whose longest form holds a
        `suffix_excludes` word ("den mellansvenska sjukvårdsregionen").
        """
        if not self.suffix_labels or not any(c.label == "GROUP" for c in chosen):
            return chosen
        longest: dict[int, int] = {}
        for (s, e), infos in spans.items():
            if any(i.label in self.suffix_labels and i.kind in (FIXED, AMBIGUOUS) for i in infos):
                longest[s] = max(e, longest.get(s, e))
        suffix_at = {s: e for s, e in longest.items()
                     if not any(n in self.suffix_excludes for n in norms[s:e])}
        breaks = doc.user_data.get(LINE_BREAKS, ())
        out: list[_Cand] = []
        skip_until = -1
        for c in chosen:
            if c.start < skip_until:
                continue
            if (c.label == "GROUP" and c.end in suffix_at
                    and not _line_break_between(doc, c.end, breaks)):
                end = suffix_at[c.end]
                out.append(_Cand(c.start, end, c.label, c.id, c.rank, c.family))
                skip_until = end
            else:
                out.append(c)
        return out

    def _acronyms(self, doc: Doc, chosen: list[_Cand]) -> list[_Cand]:
        """Take "(DRG)" after a body's name into its span, and later "DRG" as the same body."""
        covered = {i for c in chosen for i in range(c.start, c.end)}
        aliases: dict[str, tuple[str, str, int]] = {}
        out = []
        n = len(doc)
        for c in chosen:
            e = c.end
            if (c.label in ("GROUP", "ORG") and e + 2 < n and doc[e].text == "("
                    and doc[e + 2].text == ")" and e + 1 not in covered
                    and is_acronym(doc[e + 1].text)):
                aliases[doc[e + 1].text] = (c.label, c.id, e + 3)
                c = _Cand(c.start, e + 3, c.label, c.id, c.rank)
                covered.update((e, e + 1, e + 2))
            out.append(c)
        if aliases:
            for i, tok in enumerate(doc):
                alias = aliases.get(tok.text)
                if alias and i >= alias[2] and i not in covered:
                    out.append(_Cand(i, i + 1, alias[0], alias[1], _KIND_RANK[FIXED]))
            out.sort(key=lambda c: c.start)
        return out


def _line_boundary(doc: Doc, i: int, breaks) -> bool:
    """Tell whether a line ends between token ``i - 1`` and token ``i``.

    A paragraph break is a whitespace token of its own; a single line break was squashed into a
    space whose offset is in `breaks`.
    """
    prev = doc[i - 1]
    if prev.is_space and "\n" in prev.text:
        return True
    return _line_break_between(doc, i, breaks)


def _line_break_between(doc: Doc, i: int, breaks) -> bool:
    """Tell whether a squashed line break lies between token ``i - 1`` and token ``i``."""
    if not breaks or i <= 0 or i >= len(doc):
        return False
    prev = doc[i - 1]
    return any(prev.idx + len(prev) <= b < doc[i].idx for b in breaks)


def _rank(info: _Info) -> int:
    return _KIND_RANK[info.kind]


def _adjacent(norms: Sequence[str], trigger_end: int, start: int) -> bool:
    """Tell whether a trigger ends right before a name, or with "för"/":" between them."""
    return trigger_end == start or (trigger_end == start - 1
                                    and norms[start - 1] in ("for", ":", "-", "–", ";"))


def _longest_first(cands: Iterable[_Cand]) -> list[_Cand]:
    """Longest non-overlapping candidates; ties go to the surer kind, then the earlier one."""
    taken: set[int] = set()
    chosen = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), c.rank, c.start)):
        if any(i in taken for i in range(c.start, c.end)):
            continue
        taken.update(range(c.start, c.end))
        chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


@Language.factory("regionkit_norms", default_config={"lexicon_dir": None, "lemmas": True})
def make_norms(nlp: Language, name: str, lexicon_dir: str | None,
               lemmas: bool) -> NormsAndLemmas:
    """Build the ``regionkit_norms`` component."""
    return NormsAndLemmas(nlp, lexicon_dir=lexicon_dir, lemmas=lemmas)


@Language.factory("regionkit_entities", default_config={"lexicon_dir": None})
def make_entities(nlp: Language, name: str, lexicon_dir: str | None) -> EntityTagger:
    """Build the ``regionkit_entities`` component."""
    return EntityTagger(nlp, lexicon_dir=lexicon_dir)


def pattern_rows(lexicon_dir: str | None = None) -> list[PatternRow]:
    """Return the pattern rows the entity component is fed with (for inspection, export)."""
    return entity_patterns(_lexicons(lexicon_dir))
