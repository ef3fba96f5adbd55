"""Component ``regionkit_entities``: lexicon mentions with canonical ids in ``doc.ents``.

The matcher (`regionkit.tagging.entity_matcher`) finds the lexicon patterns on the folded NORM;
this component decides the ambiguous matches by the context rules (`EntityRules`, list
structure in `regionkit.tagging.entity_lists`), keeps the longest non-overlapping mentions and
sets ``doc.ents`` (``label_``, and ``kb_id_``/``ent_id_`` = canonical id). Entities are not
nested. The patterns are loaded when the component is built *and* again in `initialize`,
because ``nlp.initialize()`` resets what was added before it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.attrs import NORM
from spacy.language import Language
from spacy.tokens import Doc, Span

from regionkit.tagging.context import coordination, decide, nearest_trigger, person_name_before
from regionkit.tagging.entity_lists import (
    enumerations,
    line_above,
    line_break_between,
    list_before,
)
from regionkit.tagging.entity_matcher import EntityMatcher
from regionkit.tagging.entity_rules import (
    ADJACENT,
    AMBIGUOUS,
    AREA,
    BLOCK,
    FAMILY,
    FIXED,
    KIND_RANK,
    LINE_BREAKS,
    MAX_NORM_CACHE,
    MAX_OPEN_NAME,
    MEMBER,
    NATIONAL,
    PERSON_WINDOW,
    PREFIX,
    Cand,
    EntityRules,
    Info,
    lexicons,
    pattern_set,
)
from regionkit.tagging.entity_shapes import ShapeRules, load_shapes
from regionkit.tagging.norms import ensure_norms
from regionkit.tagging.patterns import is_acronym, open_name_id


class EntityTagger:
    """Component ``regionkit_entities``: lexicon mentions with canonical ids in ``doc.ents``."""

    def __init__(self, nlp: Language, *, lexicon_dir: str | None = None) -> None:
        self.nlp = nlp
        self.lexicon_dir = lexicon_dir
        self._norm_strings: dict[int, str] = {}
        # Built once per component: it adds a lexeme flag to the vocabulary.
        self.shapes = ShapeRules(nlp, *load_shapes())
        self._load(nlp)

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        """Load the patterns again: ``nlp.initialize()`` clears what was added before it."""
        self._load(nlp or self.nlp)

    def _load(self, nlp: Language) -> None:
        table = ensure_norms(nlp, self.lexicon_dir)
        self.matcher = EntityMatcher(nlp, pattern_set(nlp, self.lexicon_dir))

        def phrase(text: str) -> tuple[str, ...]:
            return tuple(table.norm(t.text) for t in nlp.tokenizer(text))

        self.r = EntityRules(lexicons(self.lexicon_dir), phrase, table.norm)

    def __call__(self, doc: Doc) -> Doc:
        """Find the mentions of `doc` and set ``doc.ents``."""
        spans = self.matcher(doc)
        chosen: list[Cand] = []
        if spans:
            norms = self._norms(doc)
            cands = self._decide(doc, norms, spans)
            chosen = _longest_first(cands)
            chosen = self._merge_suffixes(doc, norms, chosen, spans)
        shaped = self.shapes.mentions(doc, ((c.start, c.end) for c in chosen))
        if shaped:
            chosen = sorted([*chosen, *(Cand(s, e, label, cid, KIND_RANK[PREFIX])
                                        for s, e, label, cid in shaped)],
                            key=lambda c: c.start)
        if not chosen:
            doc.ents = []
            return doc
        chosen = self._acronyms(doc, chosen)
        # Labels and lexicon ids as their hashes (added to the vocabulary at load time): a
        # string would be hashed again per Span. Open-name ids are new strings: added here.
        known = self.matcher.known_hashes
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
            if len(cache) > MAX_NORM_CACHE:
                cache.clear()
            strings = doc.vocab.strings
            for h in hashes:
                if h not in cache:
                    cache[h] = strings[h]
            return list(map(cache.__getitem__, hashes))

    def _decide(self, doc: Doc, norms: Sequence[str],
                spans: dict[tuple[int, int], list[Info]]) -> list[Cand]:
        out: list[Cand] = []
        pending = []
        for (s, e), infos in spans.items():
            if any(i.kind == FAMILY for i in infos) and self._generic_family(norms, s, infos):
                infos = [i for i in infos if i.kind != FAMILY]
                if not infos:
                    continue
            best = infos[0] if len(infos) == 1 else min(infos, key=_rank)
            if best.kind == FIXED or best.kind == FAMILY:
                out.append(Cand(s, e, best.label, best.id, KIND_RANK[best.kind], best.family))
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
                        family_starts, decided, spans) -> list[Cand]:
        out: list[Cand] = []
        enumerated = enumerations(self.r, doc, norms, pending)
        # Where accepted area names and family mentions end: token offset -> who accepted
        # them (`NATIONAL` or a family id). A name right after one of them in a list
        # continues the list ("NPO Akut vård, Tandvård och …" past the trigger window).
        listed: dict[int, str] = {c.end: c.family for c in decided if c.family}
        # Where accepted mentions start: a trigger word that is the first word of a mention
        # ("RPO" of "RPO Levnadsvanor") or stands right before one ("NPO" of "NPO Tandvård")
        # names that mention only, not later words of the sentence.
        mention_starts: dict[int, str] = {c.start: c.family for c in decided if c.family}
        for s, e, infos in pending:
            best = infos[0]
            rank = KIND_RANK[best.kind]
            if best.kind == AMBIGUOUS:
                for info in infos:
                    end = (self._accept_ambiguous(doc, norms, s, e, info, starts, ends,
                                                  fixed_spans, spans)
                           if info.kind == AMBIGUOUS else 0)
                    if end:
                        out.append(Cand(s, end, info.label, info.id, rank))
                        break
            elif best.kind in (AREA, MEMBER):
                found = self._decide_area(doc, norms, s, e, infos, listed, mention_starts,
                                          enumerated)
                if found:
                    out.append(Cand(s, e, found[0], found[1], rank))
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
                          spans) -> int:
        """Return the end of the accepted mention at ``s:e`` (0: not a mention).

        In a list of at least ``list_min`` names (``accept_in_list``), "län" after the last
        name belongs to it ("Blekinge, Dalarna ... och Örebro län": the region "Örebro län").
        """
        rule = next((r for r in self.r.rules if r.applies(info.label, info.id)), None)
        if rule is None:
            return 0
        first, last, count = coordination(norms, s, e, self.r.chain, starts.get(info.label, {}),
                                          ends.get(info.label, {}))
        has_fixed = any(lab == info.label and first <= a and b <= last and (a, b) != (s, e)
                        for (lab, a, b) in fixed_spans)
        affiliated = rule.rule.after_person and self._after_person(doc, norms, first, last,
                                                                   spans)
        county = (rule.rule.accept_in_list and count >= rule.rule.list_min
                  and last < len(norms) and norms[last] == _COUNTY)
        if not decide(rule, norms, first, last + county, count, has_fixed=has_fixed,
                      affiliated=affiliated):
            return 0
        return e + 1 if county and e == last else e

    def _after_person(self, doc: Doc, norms: Sequence[str], first: int, last: int,
                      spans) -> bool:
        """Tell whether ``norms[first:last]`` stands in parentheses right after a person's name.

        "Fredrik Berg (Skåne)" in a roster names the region he represents; "Växjö (Kronoberg)" and
        "Centralsjukhuset Kristianstad (Skåne)" name a place (`PersonRule`).
        """
        if first < 3 or last >= len(doc) or norms[first - 1] != "(" or norms[last] != ")":
            return False
        end = first - 1  # the "("
        lo = max(0, end - PERSON_WINDOW)
        covered = {i - lo for (a, b) in spans if a < end and b > lo
                   for i in range(max(a, lo), min(b, end))}
        return person_name_before([tok.text for tok in doc[lo:end]], norms[lo:end],
                                  covered=covered, not_first=self.r.person_not_first,
                                  place_endings=self.r.place_endings,
                                  reject_before=self.r.person_reject_before)

    def _decide_area(self, doc: Doc, norms: Sequence[str], s: int, e: int,
                     infos: Sequence[Info], listed: dict[int, str],
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
            found = nearest_trigger(norms, before, self.r.triggers, self.r.barriers,
                                    self.r.window - (s - before))
            if found is None:
                break
            phrase, end = found
            who = self.r.trigger_of[phrase]
            begin = end - len(phrase)
            consumed = begin in mention_starts or any(
                _adjacent(norms, end, m) for m in (end, end + 1) if m in mention_starts and m < s)
            if who == ADJACENT and not consumed and _adjacent(norms, end, s):
                who = NATIONAL
                break
            if who != ADJACENT and not consumed:
                break
            who, before = None, begin
        if who is None:
            who = list_before(self.r, norms, s, listed)
        if who is None:
            who = line_above(self.r, doc, norms, s, e, mention_starts)
        if who is None and s in enumerated:
            who = NATIONAL
        if who is None or who == BLOCK:
            return None
        for info in infos:
            if who == NATIONAL and info.kind == AREA:
                if info.strict and not _adjacent(norms, end, s):
                    continue
                return info.label, info.id, who
            if info.kind == MEMBER and info.family == who:
                return info.label, info.id, who
        return None

    def _generic_family(self, norms: Sequence[str], s: int, infos: Sequence[Info]) -> bool:
        """Whether the family prefix at `s` is generic by its family's context rule."""
        for info in infos:
            rule = self.r.family_rules.get(info.family) if info.kind == FAMILY else None
            if rule is not None and rule.reject_before.ending_at(norms, s - 1):
                return True
        return False

    def _decide_prefix(self, doc: Doc, norms: Sequence[str], s: int, e: int, info: Info,
                       family_starts: set) -> Cand | None:
        fam = self.r.families[info.family]
        if (fam.id, s) in family_starts:
            return None
        rule = self.r.family_rules.get(fam.id)
        if rule is not None and (rule.reject_before.ending_at(norms, s - 1)
                                 or rule.reject_after.starting_at(norms, e)):
            return None
        if fam.open_names and not info.strict:
            end = self._open_name(doc, norms, e, fam.id)
            begin = self._after_separator(norms, e, fam.id)
            if end > e and not self._verb_form(norms[begin]):
                words = doc[begin:end].text
                return Cand(s, end, fam.label, open_name_id(fam.id, words),
                             KIND_RANK[FAMILY], fam.id)
        if fam.bare:
            return Cand(s, e, fam.label, fam.id, KIND_RANK[PREFIX])
        return None

    def _after_separator(self, norms: Sequence[str], e: int, family: str) -> int:
        sep = self.r.separators[family].starting_at(norms, e)
        return e + len(sep) if sep else e

    def _verb_form(self, norm: str) -> bool:
        """Tell whether a word is a verb form that no name starts with ("utformas")."""
        endings = self.r.verb_endings
        return len(norm) > 4 and norm.endswith(endings) if endings else False

    def _open_name(self, doc: Doc, norms: Sequence[str], e: int, family: str) -> int:
        """Return where the open name after a prefix ending at `e` ends (`e`: no name).

        The name is at most `MAX_OPEN_NAME` words, up to a stop word, a sentence end or
        another family's one-word prefix ("RPO njursjukdomar och RPO nervsystemets sjukdomar"
        is two names). A separator that starts the next list line ("för RPO" over "- vara länk") is
        none: the prefix ends its line.
        """
        i = self._after_separator(norms, e, family)
        if i > e and line_break_between(doc, e, doc.user_data.get(LINE_BREAKS, ())):
            return e
        words = 0
        end = e
        while i < len(doc) and words < MAX_OPEN_NAME:
            tok = doc[i]
            if (not tok.is_alpha or norms[i] in self.r.barriers
                    or norms[i] in self.r.family_heads):
                break
            if norms[i] in self.r.stop_words or norms[i] in self.r.chain:
                if words == 0 or norms[i] not in ("och",):
                    break
                i += 1
                continue
            words += 1
            i += 1
            end = i
        return end

    def _merge_suffixes(self, doc: Doc, norms: Sequence[str], chosen: list[Cand],
                        spans: dict[tuple[int, int], list[Info]]) -> list[Cand]:
        """Take a healthcare-region name right after a body's name into the body's span.

        "Regionalt vårdkompetensråd Mellansverige" and "Samverkansnämnden Västra
        sjukvårdsregionen" are one GROUP each (annotation-guidelines §2: no nesting). Not
        merged: a name on the next line (a letterhead), and a name whose longest form holds a
        `suffix_excludes` word ("den mellansvenska sjukvårdsregionen").
        """
        if not self.r.suffix_labels or not any(c.label == "GROUP" for c in chosen):
            return chosen
        longest: dict[int, int] = {}
        for (s, e), infos in spans.items():
            if any(i.label in self.r.suffix_labels and i.kind in (FIXED, AMBIGUOUS) for i in infos):
                longest[s] = max(e, longest.get(s, e))
        suffix_at = {s: e for s, e in longest.items()
                     if not any(n in self.r.suffix_excludes for n in norms[s:e])}
        breaks = doc.user_data.get(LINE_BREAKS, ())
        out: list[Cand] = []
        skip_until = -1
        for c in chosen:
            if c.start < skip_until:
                continue
            if (c.label == "GROUP" and c.end in suffix_at
                    and not line_break_between(doc, c.end, breaks)):
                end = suffix_at[c.end]
                out.append(Cand(c.start, end, c.label, c.id, c.rank, c.family))
                skip_until = end
            else:
                out.append(c)
        return out

    def _acronyms(self, doc: Doc, chosen: list[Cand]) -> list[Cand]:
        """Take "(DRG)" after a body's name into its span, and later "DRG" as the same body."""
        covered = {i for c in chosen for i in range(c.start, c.end)}
        aliases: dict[str, tuple[str, str, int]] = {}
        out = []
        n = len(doc)
        place_at = {c.start: c.end for c in chosen if c.label in _PLACE_LABELS}
        for c in chosen:
            e = c.end
            # "Regionala Forskningsrådet i Mellansverige (RFR)": the acronym after the body's
            # place names the body; it stays a mention of its own (the name is not contiguous).
            p = place_at.get(e + 1) if e + 1 < n and doc[e].text == "i" else None
            if (p is not None and c.label in ("GROUP", "ORG") and p + 2 < n
                    and doc[p].text == "(" and doc[p + 2].text == ")" and p + 1 not in covered
                    and is_acronym(doc[p + 1].text)):
                aliases[doc[p + 1].text] = (c.label, c.id, p + 1)
                out.append(c)
                continue
            if (c.label in ("GROUP", "ORG") and e + 2 < n and doc[e].text == "("
                    and doc[e + 2].text == ")" and e + 1 not in covered
                    and is_acronym(doc[e + 1].text)):
                aliases[doc[e + 1].text] = (c.label, c.id, e + 3)
                c = Cand(c.start, e + 3, c.label, c.id, c.rank)
                covered.update((e, e + 1, e + 2))
            out.append(c)
        if aliases:
            for i, tok in enumerate(doc):
                alias = aliases.get(tok.text)
                if alias and i >= alias[2] and i not in covered:
                    out.append(Cand(i, i + 1, alias[0], alias[1], KIND_RANK[FIXED]))
            out.sort(key=lambda c: c.start)
        return out


# Mentions that can stand between a body's name and its acronym ("X i Mellansverige (XM)").
_PLACE_LABELS = frozenset({"SJUKVARDSREGION", "REGION"})
# The county word after the last name of a list of regions (a folded norm).
_COUNTY = "lan"


def _rank(info: Info) -> int:
    return KIND_RANK[info.kind]


def _adjacent(norms: Sequence[str], trigger_end: int, start: int) -> bool:
    """Tell whether a trigger ends right before a name, or with "för"/":" between them."""
    return trigger_end == start or (trigger_end == start - 1
                                    and norms[start - 1] in ("for", ":", "-", "–", ";"))


def _longest_first(cands: Iterable[Cand]) -> list[Cand]:
    """Longest non-overlapping candidates; ties go to the surer kind, then the earlier one."""
    taken: set[int] = set()
    chosen = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), c.rank, c.start)):
        if any(i in taken for i in range(c.start, c.end)):
            continue
        taken.update(range(c.start, c.end))
        chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


@Language.factory("regionkit_entities", default_config={"lexicon_dir": None},
                  assigns=["doc.ents", "token.ent_type", "token.ent_iob"],
                  requires=["token.norm"])
def make_entities(nlp: Language, name: str, lexicon_dir: str | None) -> EntityTagger:
    """Build the ``regionkit_entities`` component."""
    return EntityTagger(nlp, lexicon_dir=lexicon_dir)
