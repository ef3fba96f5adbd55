"""activity_links: which activity of a later document carries an earlier activity's commitment.

Between the document parts (units, see `activities`) of one healthcare region and body, each
unit is compared with the next unit(s) in time: plan before follow-up within a year, then the
next year with any document. Each pair of activities gets a score 0-1, a weighted sum of six
features (weights in `followup_linking.yaml`): idf-weighted overlap of the titles' lemmas and
compound parts, rapidfuzz token-set similarity of the titles, tf-idf cosine of the whole texts,
shared entity ids, the same heading above both, and their positions. A pair is kept when it is
an activity's best pair above the threshold, or a second pair close to the best (a split or a
merge). No embedding model: lexical and structural evidence only, shown in `evidence`.
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


def _order(a: Activity) -> tuple[int, int]:
    return (a.year, 0 if a.role == "plan" else 1)


def unit_pairs(activities: list[Activity]) -> list[tuple[str, str]]:
    """Return (earlier unit, later unit) pairs to compare: each unit and the next in time.

    Units of one healthcare region and body are ordered by (year, plan before follow-up); a unit
    is paired with every unit of the next order key after its own.
    """
    groups: dict[tuple[str, str], dict[str, tuple[int, int]]] = defaultdict(dict)
    for a in activities:
        groups[(a.region, a.body_key)][a.unit] = _order(a)
    pairs = []
    for _, units in sorted(groups.items()):
        keys = sorted(set(units.values()))
        for unit, key in sorted(units.items()):
            later = [k for k in keys if k > key]
            if later:
                pairs += [(unit, u) for u, k in sorted(units.items()) if k == later[0]]
    return pairs


def _entities(entity_mentions: pd.DataFrame) -> dict[str, frozenset[str]]:
    if entity_mentions.empty:
        return {}
    em = entity_mentions[~entity_mentions["label"].isin(_GENERIC_LABELS)]
    return {sid: frozenset(g["entity_id"].astype(str)) for sid, g in em.groupby("segment_id")}


class _Scorer:
    def __init__(self, activities: list[Activity], entities: Mapping[str, frozenset[str]],
                 cfg: LinkingConfig):
        self.cfg = cfg
        self.vocab = Vocabulary(cfg, [a.text for a in activities])
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


def link_activities(documents: pd.DataFrame, segments: pd.DataFrame,
                    entity_mentions: pd.DataFrame, *,
                    cfg: LinkingConfig | None = None) -> pd.DataFrame:
    """Return the activity_links rows of a corpus (columns `LINK_COLUMNS`, sorted by key).

    Args:
        documents: the `documents` table.
        segments: the `segments` table.
        entity_mentions: the `entity_mentions` table.
        cfg: the linking configuration (default: the packaged `followup_linking.yaml`).
    """
    cfg = cfg or linking_config()
    activities = collect_activities(documents, segments, cfg)
    if not activities:
        return pd.DataFrame(columns=LINK_COLUMNS)
    scorer = _Scorer(activities, _entities(entity_mentions), cfg)
    by_unit: dict[str, list[Activity]] = defaultdict(list)
    for a in activities:
        by_unit[a.unit].append(a)
    th = cfg.thresholds
    rows = []
    for ua, ub in unit_pairs(activities):
        scored = {}
        for a in by_unit[ua]:
            for b in by_unit[ub]:
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
