"""activity_status: what a follow-up says became of each of its activities.

Each activity of a follow-up unit (see `activities`) is read sentence by sentence in its
repaired text (the `segments.text` column, so OCR-damaged documents are read after repair).
Every sentence's cues (`followup_status.yaml`) are found; overlapping cues are resolved
heavier-then-longer, so negated and tensed forms beat the plain forms inside them; a positive cue
right after a negation word becomes `not_done`. A sentence about the activity itself (sharing a
title word, or with a subject such as 'Arbetet') counts more. The status with the largest sum
wins; done together with postponed or not_done is a partial outcome, `in_progress`. With no cue
the status is `unclear`. The deciding sentence is kept as evidence.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

import pandas as pd

from regionkit.followup.activities import Activity, collect_activities
from regionkit.followup.cues import LinkingConfig, StatusConfig, linking_config, status_config
from regionkit.followup.terms import Vocabulary

STATUS_COLUMNS = ["segment_id", "doc_id", "status", "evidence"]
_POSITIVE = ("done", "in_progress")
_NEGATION_WORD = re.compile(r"\b(?:inte|ej|aldrig|inga|ingen|inget)\b", re.IGNORECASE)
# Ties are settled towards what is left to do: a sentence that reports a decision and an
# ongoing introduction ('beslutades ... och införandet pågår') is in progress.
_TIE_ORDER = ("not_done", "postponed", "in_progress", "done")


@dataclass(frozen=True)
class Decision:
    """A status, the sentence that decided it and the score of each status."""

    status: str
    evidence: str
    scores: dict


def _cue_hits(sentence: str, cfg: StatusConfig) -> list[tuple[str, float, int, int]]:
    hits = []
    for cue in cfg.cues:
        # A cue written with a negation in it ('har ännu inte slutförts') handles it itself.
        own = bool(_NEGATION_WORD.search(cue.pattern.pattern))
        for m in cue.pattern.finditer(sentence):
            hits.append((cue.status, cue.weight, m.start(), m.end(), own))
    hits.sort(key=lambda h: (-h[1], -(h[3] - h[2]), h[2]))
    kept: list[tuple] = []
    for h in hits:
        if all(h[3] <= k[2] or h[2] >= k[3] for k in kept):
            kept.append(h)
    out = []
    for status, weight, start, end, own in kept:
        if status in _POSITIVE and not own:
            before = sentence[:start].split()[-cfg.negation_window:]
            inside = sentence[start:end].split()
            if any(cfg.negations.fullmatch(w.strip(",.;:")) for w in before + inside):
                status = cfg.negated_status
        out.append((status, weight, start, end))
    return out


def decide_status(activity: Activity, vocab: Vocabulary | None = None,
                  cfg: StatusConfig | None = None) -> Decision:
    """Return the status of one follow-up activity and the sentence that decided it.

    Args:
        activity: the activity (its body is read; the title is used to find sentences about it).
        vocab: gives the title's terms (lemmas and compound parts); None compares plain words.
        cfg: the status cues (default: the packaged `followup_status.yaml`).
    """
    cfg = cfg or status_config()
    title_terms = set(vocab.terms(activity.title)) if vocab else set(
        w.lower() for w in re.findall(r"\w{4,}", activity.title))
    scores: dict[str, float] = defaultdict(float)
    best: dict[str, tuple[float, str]] = {}
    for sentence in cfg.sentence_split.split(activity.body):
        sentence = sentence.strip()
        if not sentence:
            continue
        hits = _cue_hits(sentence, cfg)
        if not hits:
            continue
        words = set(vocab.terms(sentence)) if vocab else set(
            w.lower() for w in re.findall(r"\w{4,}", sentence))
        first = sentence.split()[0].lower().strip(",.") if sentence.split() else ""
        about = bool(words & title_terms) or first in cfg.subject_words or any(
            w.lower() in cfg.subject_words for w in sentence.split()[:3])
        factor = 1.0 + (cfg.title_overlap_bonus if about else 0.0)
        per_status: dict[str, float] = {}
        for status, weight, _s, _e in hits:
            per_status[status] = max(per_status.get(status, 0.0), weight * factor)
        for status, value in per_status.items():
            scores[status] += value
            if status not in best or value > best[status][0]:
                best[status] = (value, sentence)
    if not scores:
        return Decision("unclear", "", {})
    bar = cfg.partial["min_weight"]
    negative = [s for s in ("postponed", "not_done") if scores.get(s, 0.0) >= bar]
    strongest = max(scores, key=lambda s: (scores[s], -_TIE_ORDER.index(s)))
    if scores.get("done", 0.0) >= bar and negative and strongest in ("done", *negative):
        evidence_of = max(negative, key=lambda s: scores[s])
        return Decision("in_progress", best[evidence_of][1], dict(scores))
    return Decision(strongest, best[strongest][1], dict(scores))


def followup_activities(activities: list[Activity]) -> list[Activity]:
    """Return the activities of follow-up units (whole follow-ups and follow-up parts)."""
    return [a for a in activities if a.role == "followup"]


def activity_statuses(documents: pd.DataFrame, segments: pd.DataFrame, *,
                      cfg: StatusConfig | None = None,
                      linking: LinkingConfig | None = None,
                      activities: list[Activity] | None = None,
                      vocab: Vocabulary | None = None) -> pd.DataFrame:
    """Return the activity_status rows of a corpus (columns `STATUS_COLUMNS`, sorted by key).

    Every segment of a follow-up activity gets a row; a segment continuing an activity after a
    page break gets the activity's status and evidence. `activities` and `vocab` (the
    vocabulary of all activities' texts), when given, are used instead of made again.
    """
    linking = linking or linking_config()
    if activities is None:
        activities = collect_activities(documents, segments, linking)
    follow = followup_activities(activities)
    rows = []
    if follow:
        vocab = vocab or Vocabulary(linking, [a.text for a in activities])
        for a in follow:
            decision = decide_status(a, vocab, cfg)
            for sid in a.segment_ids:
                rows.append({"segment_id": sid, "doc_id": a.doc_id, "status": decision.status,
                             "evidence": decision.evidence})
    out = pd.DataFrame(rows, columns=STATUS_COLUMNS)
    return out.sort_values("segment_id").reset_index(drop=True)
