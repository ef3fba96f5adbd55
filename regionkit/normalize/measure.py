"""Measuring OCR repair: damaged words restored, undamaged words wrongly changed.

Used by ``scripts/measure_ocr_repair.py`` and the tests. A "word" is a run of letters, digits,
"&" or "|" (so "I6per", "ink&p" and a "|" read for "I" are one word each). A damaged word is
one whose damaged form differs from its correct form; it is restored when the repaired text has
exactly the correct form there. An undamaged word is wrongly changed when the repaired text
differs from it.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from regionkit.normalize import Normalized

WORD = re.compile(r"[\w&|]+")


@dataclass(frozen=True)
class SampleRow:
    """One hand-corrected word of the OCR sample."""

    raw_start: int
    damaged: str
    correct: str
    split: str = "dev"


@dataclass
class RepairScore:
    """Counts of a repair run; ``errors`` holds (damaged, correct, repaired) of each miss."""

    damaged: int = 0
    restored: int = 0
    undamaged: int = 0
    wrongly_changed: int = 0
    errors: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def restored_share(self) -> float:
        """Share of damaged words restored (1.0 when nothing was damaged)."""
        return self.restored / self.damaged if self.damaged else 1.0

    @property
    def wrongly_changed_share(self) -> float:
        """Share of undamaged words changed (0.0 when there were none)."""
        return self.wrongly_changed / self.undamaged if self.undamaged else 0.0

    def add(self, damaged: str, correct: str, repaired: str) -> None:
        """Count one word."""
        if damaged != correct:
            self.damaged += 1
            self.restored += repaired == correct
        else:
            self.undamaged += 1
            self.wrongly_changed += repaired != correct
        if repaired != correct:
            self.errors.append((damaged, correct, repaired))

    def merge(self, other: RepairScore) -> RepairScore:
        """Return the sum of two scores."""
        return RepairScore(self.damaged + other.damaged, self.restored + other.restored,
                           self.undamaged + other.undamaged,
                           self.wrongly_changed + other.wrongly_changed,
                           self.errors + other.errors)

    def summary(self) -> str:
        """One line: the two shares, then the counts."""
        return (f"restored={self.restored_share:.4f} "
                f"wrongly_changed={self.wrongly_changed_share:.4f} "
                f"(damaged words {self.damaged}, restored {self.restored}; "
                f"undamaged words {self.undamaged}, wrongly changed {self.wrongly_changed})")


def repaired_span(normalized: Normalized, start: int, end: int) -> str:
    """Return the normalised text produced by ``raw[start:end]`` (whole repairs included)."""
    lo = int(np.searchsorted(normalized.offsets, start, side="left"))
    hi = int(np.searchsorted(normalized.offsets, end, side="left"))
    return normalized.text[lo:hi].strip()


def score_damaged_text(clean: str, damaged: str, normalized: Normalized,
                       heldout: Iterable[tuple[int, int]] = ()) -> dict[str, RepairScore]:
    """Score the repair of ``damaged`` (a length-preserving damage of ``clean``).

    Returns:
        Scores by split: ``heldout`` for words starting inside one of the ``heldout`` spans,
        ``dev`` for the others.
    """
    if len(clean) != len(damaged):
        raise ValueError("damage must preserve length")
    spans = list(heldout)
    scores = {"dev": RepairScore(), "heldout": RepairScore()}
    for m in WORD.finditer(clean):
        if not any(c.isalpha() for c in m.group()):
            continue
        split = "heldout" if any(s <= m.start() < e for s, e in spans) else "dev"
        scores[split].add(damaged[m.start():m.end()], m.group(),
                          repaired_span(normalized, m.start(), m.end()))
    return scores


def read_sample(path: Path) -> list[SampleRow]:
    """Read a hand-corrected sample (TSV: raw_start, damaged, correct, split; ``#`` comments)."""
    with path.open(encoding="utf-8") as f:
        lines = [line for line in f if not line.startswith("#")]
    return [SampleRow(int(r["raw_start"]), r["damaged"], r["correct"], r.get("split") or "dev")
            for r in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)]


def score_sample(rows: Iterable[SampleRow], normalized: Normalized,
                 splits: Iterable[str] | None = None) -> RepairScore:
    """Score the repair of a raw text against its hand-corrected words."""
    wanted = set(splits) if splits is not None else None
    score = RepairScore()
    for row in rows:
        if wanted is not None and row.split not in wanted:
            continue
        if not any(c.isalnum() for c in row.correct):
            continue  # a list marker read as a letter: the bullet step's business
        end = row.raw_start + len(row.damaged)
        if normalized.raw[row.raw_start:end] != row.damaged:
            raise ValueError(f"sample word {row.damaged!r} is not at {row.raw_start} in the text")
        score.add(row.damaged, row.correct, repaired_span(normalized, row.raw_start, end))
    return score


def _align(damaged: str, correct: str, units: tuple[str, ...]) -> list[tuple[str, str]] | None:
    """Pairs (true, observed) that turn ``correct`` into ``damaged``; equal letters skipped."""
    if not correct:
        return [] if not damaged else None
    true = correct[0]
    if damaged[:1].lower() == true.lower() and true.lower() not in "åäö":
        rest = _align(damaged[1:], correct[1:], units)
        if rest is not None:
            return rest
    for width in sorted({len(u) for u in units} | {1}, reverse=True):
        obs = damaged[:width]
        if len(obs) < width or (width > 1 and obs not in units and obs.lower() not in units):
            continue
        rest = _align(damaged[width:], correct[1:], units)
        if rest is not None:
            # ö before j is counted apart: OCR read it "a" there ("majligt") and nowhere else.
            name = "ö(j)" if true.lower() == "ö" and correct[1:2].lower() == "j" else true.lower()
            return [(name, obs), *rest]
    return None


def count_confusions(rows: Iterable[SampleRow], units: Iterable[str]) -> Counter[tuple[str, str]]:
    """Count (true letter, observed string) over the sample; intact å/ä/ö count as themselves.

    An ö before j is counted as "ö(j)".

    ``units`` are the multi-character observed strings to try ("oé", "dé", "I6" …).
    """
    units = tuple(units)
    counts: Counter[tuple[str, str]] = Counter()
    for row in rows:
        pairs = _align(row.damaged, row.correct, units)
        if pairs is None:
            counts[(row.correct, f"?{row.damaged}")] += 1
            continue
        counts.update(pairs)
    return counts
