"""Score activity_links and activity_status against hand-made gold (tests/data/followup_gold).

Links: recall of the `clear` gold pairs and of all gold pairs; precision counts a predicted pair
right when it is a gold pair of either certainty (a `possible` link is not wrong), and strict
precision only when it is a `clear` one. Statuses: accuracy on the rows marked `plain` and on
all rows; a gold row with no predicted row counts as wrong.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pandas as pd


@dataclass(frozen=True)
class LinkScores:
    """Counts and rates of a link evaluation."""

    n_pred: int
    n_clear: int
    n_gold: int
    clear_found: int
    gold_found: int
    pred_in_gold: int
    pred_clear: int

    @property
    def recall_clear(self) -> float:
        """Share of clear gold pairs found."""
        return self.clear_found / self.n_clear if self.n_clear else float("nan")

    @property
    def recall_all(self) -> float:
        """Share of all gold pairs (clear and possible) found."""
        return self.gold_found / self.n_gold if self.n_gold else float("nan")

    @property
    def precision(self) -> float:
        """Share of predicted pairs that are gold pairs of either certainty."""
        return self.pred_in_gold / self.n_pred if self.n_pred else float("nan")

    @property
    def precision_strict(self) -> float:
        """Share of predicted pairs that are clear gold pairs."""
        return self.pred_clear / self.n_pred if self.n_pred else float("nan")


@dataclass(frozen=True)
class StatusScores:
    """Counts of a status evaluation."""

    n_plain: int
    right_plain: int
    n_all: int
    right_all: int
    wrong: tuple[tuple[str, str, str, str], ...]  # segment_id, gold, predicted, plain


def read_gold(path: str | Path) -> list[dict]:
    """Return the rows of a gold CSV file."""
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def score_links(pred: pd.DataFrame, gold: list[dict], *, docs: set[str] | None = None
                ) -> LinkScores:
    """Score predicted links against gold rows; `docs` restricts both to pairs within them."""
    def keep(a: str, b: str) -> bool:
        return docs is None or (a.split(":")[0] in docs and b.split(":")[0] in docs)

    clear = {(r["from_segment_id"], r["to_segment_id"]) for r in gold
             if r["certainty"] == "clear" and keep(r["from_segment_id"], r["to_segment_id"])}
    every = {(r["from_segment_id"], r["to_segment_id"]) for r in gold
             if keep(r["from_segment_id"], r["to_segment_id"])}
    got = {(a, b) for a, b in zip(pred["from_segment_id"], pred["to_segment_id"], strict=True)
           if keep(a, b)}
    return LinkScores(len(got), len(clear), len(every), len(got & clear), len(got & every),
                      len(got & every), len(got & clear))


def score_status(pred: pd.DataFrame, gold: list[dict]) -> StatusScores:
    """Score predicted statuses against gold rows."""
    got = dict(zip(pred["segment_id"], pred["status"], strict=True))
    n_plain = right_plain = right_all = 0
    wrong = []
    for row in gold:
        p = got.get(row["segment_id"], "(none)")
        ok = p == row["status"]
        right_all += ok
        if row["plain"] == "yes":
            n_plain += 1
            right_plain += ok
        if not ok:
            wrong.append((row["segment_id"], row["status"], p, row["plain"]))
    return StatusScores(n_plain, right_plain, len(gold), right_all, tuple(wrong))
