"""Agreement between the tagger and hand coders, and between coders.

Krippendorff's alpha for nominal data (Krippendorff 2004, *Content Analysis*, ch. 11; "Computing
Krippendorff's alpha-reliability", 2011): ``alpha = 1 - D_o / D_e`` from the coincidence matrix of
the values pairable within units; missing values allowed. Its interval is a percentile bootstrap
over units (segments), seeded. Reading, following Krippendorff: alpha >= 0.8 reliable,
0.667-0.8 tentative, below 0.667 (or undefined: no unit with the theme) not interpretable.
Precision, recall and F1 compare the tagger (positive = tagged) with the coder.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

RELIABLE = 0.8
TENTATIVE = 0.667


def krippendorff_alpha_nominal(data: Sequence[Sequence[object]] | np.ndarray) -> float:
    """Return Krippendorff's alpha for nominal data.

    Args:
        data: reliability data, one row per coder and one column per unit; ``None`` or NaN
            where a coder did not code a unit.

    Returns:
        alpha; NaN when no unit has two values or every pairable value is the same
        (no variation: expected disagreement 0).
    """
    arr = np.asarray(data, dtype=object)
    values: dict[object, int] = {}
    columns = []
    for u in range(arr.shape[1]):
        col = [v for v in arr[:, u] if v is not None and not (isinstance(v, float) and np.isnan(v))]
        if len(col) >= 2:
            columns.append([values.setdefault(v, len(values)) for v in col])
    k = len(values)
    if not columns or k == 0:
        return float("nan")
    coincidence = np.zeros((k, k))
    for col in columns:
        counts = np.bincount(col, minlength=k).astype(float)
        coincidence += (np.outer(counts, counts) - np.diag(counts)) / (len(col) - 1)
    n_c = coincidence.sum(axis=1)
    n = n_c.sum()
    observed = coincidence.sum() - np.trace(coincidence)
    expected = n * n - (n_c**2).sum()
    if expected <= 0:
        return float("nan")
    return float(1.0 - (n - 1.0) * observed / expected)


def binary_alpha_with_interval(a: np.ndarray, b: np.ndarray, *, n_boot: int = 1000,
                               seed: int = 0, level: float = 0.95
                               ) -> tuple[float, float, float]:
    """Return alpha between two binary codings of the same units, with a bootstrap interval.

    For two coders without missing values, alpha reduces to
    ``1 - (2U - 1) * D / (n_0 * n_1)``, with U units, D units in disagreement and ``n_0``,
    ``n_1`` the counts of 0 and 1 values over both codings (Krippendorff 2011, section A);
    the units are resampled with replacement `n_boot` times.

    Returns:
        (alpha, low, high); NaN where alpha is undefined.
    """
    a, b = np.asarray(a, dtype=bool), np.asarray(b, dtype=bool)
    units = len(a)
    if units == 0:
        return float("nan"), float("nan"), float("nan")
    disagree = (a != b).astype(float)
    ones = a.astype(float) + b.astype(float)

    def alpha(d, n1, u):
        n0 = 2 * u - n1
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(n0 * n1 > 0, 1.0 - (2 * u - 1) * d / (n0 * n1), np.nan)

    point = float(alpha(disagree.sum(), ones.sum(), units))
    if np.isnan(point) or n_boot <= 0:
        return point, float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    counts = rng.multinomial(units, np.full(units, 1.0 / units), size=n_boot).astype(float)
    boot = alpha(counts @ disagree, counts @ ones, units)
    tail = (1.0 - level) / 2.0
    low, high = np.nanquantile(boot, [tail, 1.0 - tail])
    return point, float(low), float(high)


def reading(alpha: float) -> str:
    """Return how an alpha is read: reliable, tentative or not interpretable."""
    if np.isnan(alpha) or alpha < TENTATIVE:
        return "not interpretable"
    return "reliable" if alpha >= RELIABLE else "tentative"


def tagger_agreement(codes: pd.DataFrame, tagged: pd.DataFrame, themes: Sequence[str], *,
                     n_boot: int = 1000, seed: int = 0) -> pd.DataFrame:
    """Return per theme the tagger's agreement with the coders.

    Args:
        codes: ``validation_codes`` rows (``segment_id``, ``theme``, ``coder``, ``value``);
            each (segment, coder) pair is one coded unit.
        tagged: ``segment_themes`` rows (``segment_id``, ``theme``).
        themes: theme ids, in output order.
        n_boot: bootstrap replicates of alpha's interval.
        seed: the bootstrap seed.

    Returns:
        One row per theme: ``theme``, ``n``, ``tp``, ``fp``, ``fn``, ``precision``,
        ``recall``, ``f1``, ``alpha``, ``alpha_lo``, ``alpha_hi``, ``reading``.
    """
    pairs = codes[["segment_id", "coder"]].drop_duplicates().sort_values(
        ["segment_id", "coder"], kind="mergesort")
    have = set(zip(tagged["segment_id"], tagged["theme"], strict=True))
    coded = {(s, t, c): int(v) for s, t, c, v in
             codes[["segment_id", "theme", "coder", "value"]].itertuples(index=False)}
    rows = []
    for theme in themes:
        human = np.array([coded.get((s, theme, c), 0) for s, c in pairs.itertuples(index=False)],
                         dtype=bool)
        machine = np.array([(s, theme) in have for s in pairs["segment_id"]], dtype=bool)
        tp = int((human & machine).sum())
        fp = int((~human & machine).sum())
        fn = int((human & ~machine).sum())
        precision = tp / (tp + fp) if tp + fp else float("nan")
        recall = tp / (tp + fn) if tp + fn else float("nan")
        f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else float("nan")
        alpha, lo, hi = binary_alpha_with_interval(machine, human, n_boot=n_boot, seed=seed)
        rows.append({"theme": theme, "n": len(pairs), "tp": tp, "fp": fp, "fn": fn,
                     "precision": precision, "recall": recall, "f1": f1, "alpha": alpha,
                     "alpha_lo": lo, "alpha_hi": hi, "reading": reading(alpha)})
    return pd.DataFrame(rows)


def coder_agreement(codes: pd.DataFrame, themes: Sequence[str]) -> list[dict]:
    """Return per theme Krippendorff's alpha among coders, over segments coded by two or more.

    Returns:
        A list of ``{"theme", "n", "coders", "alpha", "reading"}`` (n = segments coded by two
        or more coders); empty when no segment has two coders.
    """
    per_segment = codes.groupby("segment_id")["coder"].nunique()
    shared = sorted(per_segment[per_segment >= 2].index)
    if not shared:
        return []
    sub = codes[codes["segment_id"].isin(shared)]
    coders = sorted(sub["coder"].unique())
    out = []
    for theme in themes:
        values = {(s, c): 0 for s, c in sub[["segment_id", "coder"]].itertuples(index=False)}
        for s, c, v in sub[sub["theme"] == theme][["segment_id", "coder", "value"]].itertuples(
                index=False):
            values[(s, c)] = int(v)
        matrix = [[values.get((s, c)) for s in shared] for c in coders]
        alpha = krippendorff_alpha_nominal(matrix)
        out.append({"theme": theme, "n": len(shared), "coders": coders, "alpha": alpha,
                    "reading": reading(alpha)})
    return out
