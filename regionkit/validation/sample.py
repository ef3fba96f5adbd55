"""Draw a stratified random sample of content segments for hand coding (`regionkit sample`).

Design: stratified simple random sampling without replacement, strata = the values of one
column of the content segments (default the healthcare region), proportional allocation by
largest remainders, at least one segment from every stratum when `n` allows. The inclusion
probability of a segment of stratum h is ``n_h / N_h``; it is recorded with the sheet (the
"draw" record), so that estimators can weight each coded segment by ``N_h / n_h``. The draw is
reproducible: the same tables, `n`, stratum column and seed give the same segments.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from regionkit.tables import Tables

DEFAULT_STRATUM = "sjukvardsregion"


def text_hash(text: str) -> str:
    """Return the SHA-256 of a segment's text (UTF-8): codes are tied to the text coded."""
    return hashlib.sha256(str(text).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Draw:
    """A drawn sample and how it was drawn.

    Attributes:
        segments: the sampled content segments (``segment_id``, ``doc_id``, the stratum column,
            ``heading_path``, ``text``, ``inclusion_probability``, ``text_sha256``), in a
            seeded random order (so that a coder does not read one document at a stretch).
        seed: the random seed.
        by: the stratum column.
        strata: per stratum value, ``{"population": N_h, "sampled": n_h, "probability": p}``.
    """

    segments: pd.DataFrame
    seed: int
    by: str
    strata: dict[str, dict] = field(default_factory=dict)

    def record(self) -> dict:
        """Return the draw as a JSON-ready record (seed, strata, per-segment probabilities)."""
        return {
            "design": "stratified simple random sampling without replacement, proportional "
                      "allocation",
            "seed": self.seed, "by": self.by, "n": len(self.segments), "strata": self.strata,
            "segments": {
                row.segment_id: {"inclusion_probability": float(row.inclusion_probability),
                                 "text_sha256": row.text_sha256}
                for row in self.segments.itertuples()
            },
        }


def allocate(sizes: dict[str, int], n: int) -> dict[str, int]:
    """Return a proportional allocation of `n` over strata (largest remainders, >= 1 each).

    Raises:
        ValueError: `n` is not positive or larger than the population.
    """
    total = sum(sizes.values())
    if n <= 0:
        raise ValueError(f"--n must be positive, got {n}")
    if n > total:
        raise ValueError(f"--n {n} is larger than the {total} content segments")
    keys = sorted(sizes)
    if n >= len(keys):
        alloc = {k: 1 for k in keys}
        rest, room = n - len(keys), {k: sizes[k] - 1 for k in keys}
    else:
        alloc, rest, room = {k: 0 for k in keys}, n, dict(sizes)
    quota = {k: rest * room[k] / max(sum(room.values()), 1) for k in keys}
    for k in keys:
        alloc[k] += int(np.floor(quota[k]))
    left = n - sum(alloc.values())
    order = sorted(keys, key=lambda k: (-(quota[k] - np.floor(quota[k])), k))
    for k in order:
        if left == 0:
            break
        if alloc[k] < sizes[k]:
            alloc[k] += 1
            left -= 1
    return alloc


def draw_sample(tables: Tables, n: int, *, by: str = DEFAULT_STRATUM, seed: int = 0) -> Draw:
    """Draw `n` content segments at random, stratified by column `by`.

    Raises:
        ValueError: `by` is not a column of the content segments, or `n` is out of range.
    """
    segs = tables.content_segments()
    if by not in segs.columns:
        raise ValueError(f"--by: no column {by!r}; valid: {', '.join(sorted(segs.columns))}")
    segs = segs.sort_values("segment_id", kind="mergesort").reset_index(drop=True)
    stratum = segs[by].astype("string").fillna("(none)")
    sizes = {str(k): int(v) for k, v in stratum.value_counts().items()}
    alloc = allocate(sizes, n)
    rng = np.random.default_rng(seed)
    chosen, strata = [], {}
    for key in sorted(sizes):
        idx = np.flatnonzero((stratum == key).to_numpy())
        pick = rng.choice(idx, size=alloc[key], replace=False) if alloc[key] else []
        chosen.extend(int(i) for i in pick)
        strata[key] = {"population": sizes[key], "sampled": alloc[key],
                       "probability": alloc[key] / sizes[key]}
    out = segs.loc[sorted(chosen), ["segment_id", "doc_id", by, "heading_path", "text"]].copy()
    out["inclusion_probability"] = [strata[str(v)]["probability"] if pd.notna(v)
                                    else strata["(none)"]["probability"] for v in out[by]]
    out["text_sha256"] = out["text"].map(text_hash)
    out = out.iloc[rng.permutation(len(out))].reset_index(drop=True)
    return Draw(out, seed, by, strata)
