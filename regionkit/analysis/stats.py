"""Intervals for shares: the percentile bootstrap over segments and its exact bounds at 0 and n.

Each group is resampled with its own generator (`group_seed`), so that adding a region does not
move another region's interval.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np


def group_seed(seed: int, key: Sequence[object]) -> np.random.Generator:
    """Return a generator seeded by `seed` and the group's key.

    Seeding per group keeps a group's interval the same when other groups are added or removed
    (a new region's documents do not move another region's interval).
    """
    text = "\x1f".join(str(k) for k in key)
    return np.random.default_rng([int(seed), zlib.crc32(text.encode("utf-8"))])


def bootstrap_shares(
    tagged: np.ndarray,
    words: np.ndarray,
    *,
    measure: str = "segments",
    n_boot: int = 1000,
    rng: np.random.Generator,
    level: float = 0.95,
) -> tuple[np.ndarray, np.ndarray]:
    """Return percentile-bootstrap interval bounds (low, high) of each column's share.

    Segments are resampled with replacement (the segment is the unit, as in the shares).

    Args:
        tagged: ``(n_segments, n_themes)`` booleans.
        words: ``(n_segments,)`` word counts, used by the ``"words"`` measure.
        measure: ``"segments"`` or ``"words"``.
        n_boot: bootstrap replicates; 0 gives NaN bounds.
        rng: the random generator (see `group_seed`).
        level: coverage of the interval.
    """
    n, n_themes = tagged.shape
    if n_boot <= 0 or n == 0:
        nan = np.full(n_themes, np.nan)
        return nan, nan.copy()
    counts = rng.multinomial(n, np.full(n, 1.0 / n), size=n_boot).astype(float)
    flags = tagged.astype(float)
    if measure == "segments":
        boot = counts @ flags / n
    else:
        weighted = counts * words.astype(float)
        total = weighted.sum(axis=1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            boot = np.where(total > 0, (weighted @ flags) / np.where(total > 0, total, 1), np.nan)
    alpha = (1.0 - level) / 2.0
    low, high = np.nanquantile(boot, [alpha, 1.0 - alpha], axis=0)
    return low, high


def exact_bounds_if_degenerate(
    n_tagged: np.ndarray, n: int, low: np.ndarray, high: np.ndarray, *, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Replace bootstrap bounds where no segment, or every segment, has the theme.

    Resampling cannot vary then, so the bootstrap says 0–0 (or 100–100 %), which reads as
    certainty. The exact (Clopper-Pearson) bound over segments is used instead: with 0 of n
    tagged the upper bound is ``1 - (alpha/2) ** (1/n)`` (0–6.7 % for 45 segments, close to the
    "rule of three" 3/n); with n of n the lower bound is ``(alpha/2) ** (1/n)``.
    """
    alpha = (1.0 - level) / 2.0
    low, high = low.copy(), high.copy()
    if n > 0:
        none, every = n_tagged == 0, n_tagged == n
        high[none] = 1.0 - alpha ** (1.0 / n)
        low[every] = alpha ** (1.0 / n)
    return low, high
