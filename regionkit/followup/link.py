"""activity_links: which activity of a later document carries an earlier activity's commitment.

A continuation is defined between neighbours of a series. A series is the document parts
(units, see `activities`) of one healthcare region and body (body names compared without region
words); its steps are the periods in order, a plan before the follow-up of the same period
(year, then plan = 0 / follow-up = 1). A unit is compared only with the next step of its series:
a plan with its follow-up of the same period, a follow-up with the next later plan or follow-up.
When several units share a step (two documents of one body and period: a revision, a copy), each
is compared with the earliest unit of the next step (by document date, then id), and each unit
of the next step with the latest unit of the step before; with one document per step that is
simply "the next document". So a document is compared with at most a few others, and the stage
grows linearly with the number of documents. A commitment is followed from step to step through
the chain of links; one that skips a step (in the 2021 plan, absent from 2022, back in 2023) is
not linked across the gap: it shows as dropped and new.

Within a compared pair of units, candidate pairs of activities come from an inverted index of
the later unit's comparison terms (the idf-weighted lemmas and compound parts of title and body)
and entity ids: only activities sharing at least one of them are scored. The others cannot be
linked anyway as long as the features that need no shared word (fuzzy title, heading, order)
weigh less than the minimum score, which `candidate_index_is_exact` checks; when they do not,
every pair of the two units is scored.

Each candidate pair gets a score 0-1, a weighted sum of six features (weights in
`followup_linking.yaml`): idf-weighted overlap of the titles' lemmas and compound parts,
rapidfuzz token-set similarity of the titles, tf-idf cosine of the whole texts, shared entity
ids, the same heading above both, and their positions. A pair is kept when it is an activity's
best pair above the threshold, or a second pair close to the best (a split or a merge). No
embedding model: lexical and structural evidence only, shown in `evidence`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping

import pandas as pd
from rapidfuzz import fuzz

from regionkit.followup.activities import Activity, collect_activities
from regionkit.followup.cues import LinkingConfig, linking_config
from regionkit.followup.terms import Vocabulary, cosine
from regionkit.tagging.fold import fold

# A title that joins two commitments ("Delta i nationella samverkansorgan och agera gemensamt",
# "... samt stärka kompetensförsörjningen") is also compared clause by clause, so that each half
# can find the later activity it became (a split) and two earlier items the one they merged into.
_CLAUSE_SPLIT = re.compile(r"\s*(?:,\s*|\s)(?:och|samt)\s+(?=\w+a\b)", re.IGNORECASE)
_MIN_CLAUSE_WORDS = 2

LINK_COLUMNS = ["from_segment_id", "to_segment_id", "from_doc_id", "to_doc_id", "relation",
                "score", "evidence"]
_GENERIC_LABELS = {"SJUKVARDSREGION", "REGION"}


def _step(a: Activity) -> tuple[int, int]:
    return (a.year, 0 if a.role == "plan" else 1)


def unit_pairs(activities: list[Activity]) -> list[tuple[str, str]]:
    """Return the (earlier unit, later unit) pairs to compare: neighbours in each series.

    Units of one healthcare region and body are grouped by step (year, plan before follow-up)
    and ordered within a step by document date, then unit id. Between a step and the next,
    every unit is paired with the next step's first unit, and the step's last unit with every
    unit of the next step (one unit per step: each unit with the next one). At most
    (units of the step + units of the next step) pairs, so linear in the number of documents.
    """
    series: dict[tuple[str, str], dict[str, tuple]] = defaultdict(dict)
    for a in activities:
        series[(a.region, a.body_key)][a.unit] = (_step(a), a.date, a.unit)
    pairs: set[tuple[str, str]] = set()
    for _, units in sorted(series.items()):
        steps: dict[tuple[int, int], list[str]] = defaultdict(list)
        for key in sorted(units.values()):
            steps[key[0]].append(key[2])
        ordered = [steps[k] for k in sorted(steps)]
        for here, after in zip(ordered, ordered[1:], strict=False):
            pairs.update((u, after[0]) for u in here)
            pairs.update((here[-1], v) for v in after)
    return sorted(pairs)


def candidate_index_is_exact(cfg: LinkingConfig) -> bool:
    """Return whether pairs sharing no term or entity always score below the minimum score.

    Such a pair has no title overlap, no text cosine and no shared entity: at most the weights
    of the fuzzy title match, the heading and the order.
    """
    w = cfg.weights
    return w["title_fuzzy"] + w["heading"] + w["order"] < cfg.thresholds["min_score"]


def _entities(entity_mentions: pd.DataFrame) -> dict[str, frozenset[str]]:
    if entity_mentions.empty:
        return {}
    em = entity_mentions[~entity_mentions["label"].isin(_GENERIC_LABELS)]
    return {sid: frozenset(g["entity_id"].astype(str)) for sid, g in em.groupby("segment_id")}


class _Scorer:
    def __init__(self, activities: list[Activity], entities: Mapping[str, frozenset[str]],
                 cfg: LinkingConfig, vocab: Vocabulary | None = None):
        self.cfg = cfg
        self.vocab = vocab or Vocabulary(cfg, [a.text for a in activities])
        self.title_terms = {a.segment_id: set(self.vocab.terms(a.title)) for a in activities}
        self.vectors = {a.segment_id: self.vocab.vector(a.text) for a in activities}
        self.folded = {a.segment_id: fold(a.title) for a in activities}
        self.clauses = {a.segment_id: clauses(a.title) for a in activities}
        self.clause_terms = {c: set(self.vocab.terms(c)) for a in activities
                             for c in self.clauses[a.segment_id]}
        self.entities = {a.segment_id: frozenset().union(*(entities.get(s, frozenset())
                                                           for s in a.segment_ids))
                         for a in activities}

    def _overlap(self, ta: set[str], tb: set[str]) -> tuple[float, float]:
        w = self.vocab.idf
        sa, sb, ss = (sum(w(t) for t in x) for x in (ta, tb, ta & tb))
        dice = 2 * ss / (sa + sb) if sa + sb else 0.0
        overlap = ss / min(sa, sb) if min(sa, sb) else 0.0
        return dice, overlap

    def _clause_match(self, a: Activity, b: Activity) -> tuple[float, float]:
        """Best (term similarity, fuzzy similarity) of a clause of one title with the other."""
        best_terms, best_fuzzy = 0.0, 0.0
        for one, other in ((a, b), (b, a)):
            parts = self.clauses[one.segment_id]
            if len(parts) < 2:
                continue
            for clause in parts:
                dice, overlap = self._overlap(self.clause_terms[clause],
                                              self.title_terms[other.segment_id])
                best_terms = max(best_terms, (dice + overlap) / 2)
                best_fuzzy = max(best_fuzzy, fuzz.partial_ratio(
                    fold(clause), self.folded[other.segment_id]) / 100)
        return best_terms, best_fuzzy

    def features(self, a: Activity, b: Activity) -> tuple[dict[str, float], dict[str, list]]:
        ta, tb = self.title_terms[a.segment_id], self.title_terms[b.segment_id]
        shared = ta & tb
        dice, overlap = self._overlap(ta, tb)
        clause_terms, clause_fuzzy = self._clause_match(a, b)
        ents = self.entities[a.segment_id] & self.entities[b.segment_id]
        union = self.entities[a.segment_id] | self.entities[b.segment_id]
        same_heading = bool(a.context) and fold(a.context.split(" > ")[-1]) == fold(
            b.context.split(" > ")[-1])
        va, vb = self.vectors[a.segment_id], self.vectors[b.segment_id]
        text_shared = sorted((t for t in va if t in vb), key=lambda t: (-va[t] * vb[t], t))
        feats = {
            "title_terms": max((dice + overlap) / 2, clause_terms),
            "title_fuzzy": max(fuzz.token_set_ratio(self.folded[a.segment_id],
                                                    self.folded[b.segment_id]) / 100,
                               clause_fuzzy),
            "text_terms": cosine(va, vb),
            "entities": len(ents) / len(union) if union else 0.0,
            "heading": 1.0 if same_heading else 0.0,
            "order": 1.0 - abs(a.position - b.position),
        }
        evidence = {"title": sorted(shared), "text": text_shared[:8], "entities": sorted(ents),
                    "heading": [b.context.split(" > ")[-1]] if same_heading else []}
        return feats, evidence

    def score(self, feats: Mapping[str, float]) -> float:
        return round(min(1.0, max(0.0, sum(self.cfg.weights[k] * v for k, v in feats.items()))), 4)


def clauses(title: str) -> list[str]:
    """Return the clauses of a title joined by 'och'/'samt' before a verb (or the title).

    Examples:
        >>> clauses("Delta i nationella samverkansorgan och agera gemensamt")
        ['Delta i nationella samverkansorgan', 'agera gemensamt']
    """
    parts = [p.strip() for p in _CLAUSE_SPLIT.split(title) if p.strip()]
    parts = [p for p in parts if len(p.split()) >= _MIN_CLAUSE_WORDS]
    return parts if len(parts) > 1 else [title]


def _evidence_text(ev: Mapping[str, list]) -> str:
    parts = []
    for key, label in (("title", "title lemmas/parts"), ("text", "text lemmas/parts"),
                       ("entities", "entities"), ("heading", "heading")):
        if ev[key]:
            parts.append(f"{label}: {', '.join(ev[key])}")
    return "; ".join(parts)


def _candidates(earlier: list[Activity], later: list[Activity], scorer: _Scorer, *,
                exhaustive: bool = False) -> list[tuple[Activity, Activity]]:
    """Return the activity pairs of two units that share a comparison term or an entity id.

    The later unit's terms (keys of the tf-idf vectors: lemmas and compound parts of title and
    body, which hold every title and clause term) and entity ids are indexed once per call; each
    earlier activity looks up its own. Pairs come in (earlier, later) order of the units.
    """
    if exhaustive:
        return [(a, b) for a in earlier for b in later]
    index: dict[str, set[int]] = defaultdict(set)
    for j, b in enumerate(later):
        for t in scorer.vectors[b.segment_id]:
            index[t].add(j)
        for e in scorer.entities[b.segment_id]:
            index["\x00" + e].add(j)
    out = []
    for a in earlier:
        hits: set[int] = set()
        for t in scorer.vectors[a.segment_id]:
            hits |= index.get(t, set())
        for e in scorer.entities[a.segment_id]:
            hits |= index.get("\x00" + e, set())
        out += [(a, later[j]) for j in sorted(hits)]
    return out


def link_activities(documents: pd.DataFrame, segments: pd.DataFrame,
                    entity_mentions: pd.DataFrame, *,
                    cfg: LinkingConfig | None = None,
                    activities: list[Activity] | None = None,
                    vocab: Vocabulary | None = None) -> pd.DataFrame:
    """Return the activity_links rows of a corpus (columns `LINK_COLUMNS`, sorted by key).

    Args:
        documents: the `documents` table.
        segments: the `segments` table.
        entity_mentions: the `entity_mentions` table.
        cfg: the linking configuration (default: the packaged `followup_linking.yaml`).
        activities: the corpus' activities if already collected with `cfg` (else collected).
        vocab: the vocabulary of those activities' texts if already made (else made).
    """
    cfg = cfg or linking_config()
    if activities is None:
        activities = collect_activities(documents, segments, cfg)
    if not activities:
        return pd.DataFrame(columns=LINK_COLUMNS)
    scorer = _Scorer(activities, _entities(entity_mentions), cfg, vocab)
    by_unit: dict[str, list[Activity]] = defaultdict(list)
    for a in activities:
        by_unit[a.unit].append(a)
    th = cfg.thresholds
    exact = candidate_index_is_exact(cfg)
    rows = []
    for ua, ub in unit_pairs(activities):
        scored = {}
        for a, b in _candidates(by_unit[ua], by_unit[ub], scorer, exhaustive=not exact):
            feats, ev = scorer.features(a, b)
            scored[(a.segment_id, b.segment_id)] = (scorer.score(feats), ev, a, b)
        best_a: dict[str, float] = defaultdict(float)
        best_b: dict[str, float] = defaultdict(float)
        for (ia, ib), (s, *_rest) in scored.items():
            best_a[ia] = max(best_a[ia], s)
            best_b[ib] = max(best_b[ib], s)
        kept = []
        for (ia, ib), (s, ev, a, b) in sorted(scored.items()):
            if s < th["min_score"]:
                continue
            top_a, top_b = s >= best_a[ia], s >= best_b[ib]
            near_b = s >= th["relative_to_best"] * best_b[ib]
            strong = s >= th["second_min_score"]
            # A later activity takes the earlier one it is closest to (a split gives each half
            # its source); an earlier activity's best later match is kept only where that
            # activity has no clearly better source (a merge), else it is a dropped commitment
            # that merely shares a topic.
            if (top_a and top_b) or (strong and (top_b or (top_a and near_b))):
                kept.append((ia, ib, s, ev, a, b))
        n_from = defaultdict(int)
        n_to = defaultdict(int)
        for ia, ib, *_ in kept:
            n_from[ia] += 1
            n_to[ib] += 1
        for ia, ib, s, ev, a, b in kept:
            if a.role == "plan" and b.role == "followup" and a.year == b.year:
                relation = "plan_to_followup"
            elif n_from[ia] > 1:
                relation = "split"
            elif n_to[ib] > 1:
                relation = "merged"
            else:
                relation = "continues"
            rows.append({"from_segment_id": ia, "to_segment_id": ib, "from_doc_id": a.doc_id,
                         "to_doc_id": b.doc_id, "relation": relation, "score": s,
                         "evidence": _evidence_text(ev)})
    out = pd.DataFrame(rows, columns=LINK_COLUMNS)
    return out.sort_values(["from_segment_id", "to_segment_id"]).reset_index(drop=True)
