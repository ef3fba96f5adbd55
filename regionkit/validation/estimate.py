"""Shares corrected for tagging error, from a hand-coded random sample of the units.

The estimator is the design-based difference estimator of design-based supervised learning
(DSL; Egami, Hinck, Stewart & Wei 2023), which is prediction-powered inference (Angelopoulos et
al., Science 2023) with the tuning parameter fixed at 1:

    share = T + (sum_s w_i (Y_i - Yhat_i)) / (sum_s w_i)

where T is the tagged share over all N units of the corpus, s the coded sample, Y the coder's
code, Yhat the tagger's, and ``w_i = 1 / pi_i`` the inverse of the unit's recorded inclusion
probability. It is unbiased for the share a coder would give the whole corpus, whatever the
tagger's errors, because the sample is random with known probabilities.

Why this and not PPI++ (the power-tuned version): PPI++ estimates a weight ``lambda`` from the
coded sample and uses a normal (Wald) interval. With the 40-100 coded units a validation study
has, and themes that 0-5 of them carry, the estimated ``lambda`` is noisy and a Wald interval
collapses to a point whenever the sample holds no tagging error for a theme (0 misses in 60
coded is common for a theme with 2 % misses), so it would claim certainty it does not have. DSL
also takes the unequal inclusion probabilities of a stratified draw directly.

The interval is a score interval, not a Wald one: the correction is the difference between the
coded share and the tagged share *within the sample*, two proportions of the same units, so
Newcombe's (1998) score interval for paired proportions (method 10) is used
(`regionkit.analysis.intervals.paired_difference`), and the tagged share T of the whole corpus
is added to it. Two adjustments make it fit a validation study:

* **weights**: the four cells (coded/tagged yes/no) are weighted sums, rescaled to Kish's
  effective sample size ``(sum w)^2 / sum w^2``;
* **finite population**: the coded units are part of the corpus (often a third of it), and the
  target is the share of *this* corpus, so the effective size is divided by ``1 - n / N`` (the
  finite population correction as a design effect). With every unit coded the interval is the
  coded share itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

import numpy as np

from regionkit.analysis.intervals import paired_difference

METHOD = "dsl-difference-newcombe-score"
"""Name of the estimator, as written in the ``method`` field of `regionkit estimate`."""


@dataclass(frozen=True)
class CorrectedShare:
    """A theme's tagged share and its share corrected for tagging error.

    Attributes:
        theme: theme id.
        n: units in the corpus (or group).
        n_validation: coded units among them.
        tagged_share: share of all n units the tagger gives the theme.
        share: corrected share (the estimate of the share a coder would give all n units).
        lo: low end of the interval.
        hi: high end of the interval.
        method: the estimator (`METHOD`).
    """

    theme: str
    n: int
    n_validation: int
    tagged_share: float
    share: float
    lo: float
    hi: float
    method: str = METHOD

    def to_dict(self) -> dict:
        """Return the fields as a JSON-ready mapping (an undefined share as None)."""
        return {k: (None if isinstance(v, float) and np.isnan(v) else v)
                for k, v in asdict(self).items()}


def corrected_share(
    tagged: Sequence[bool] | np.ndarray,
    sampled: Sequence[bool] | np.ndarray,
    coded: Sequence[bool] | np.ndarray,
    *,
    weights: Sequence[float] | np.ndarray | None = None,
    level: float = 0.95,
    theme: str = "",
) -> CorrectedShare:
    """Return the corrected share of one theme with its interval.

    Args:
        tagged: for each of the N units of the corpus, whether the tagger gives it the theme.
        sampled: for each unit, whether it was coded.
        coded: for each unit, the coder's code (read only where `sampled`).
        weights: for each unit, ``1 / inclusion probability`` (read only where `sampled`);
            None for a simple random sample.
        level: coverage of the interval.
        theme: the theme id, carried into the result.

    Returns:
        The estimate. Without coded units the corrected share is NaN with the interval [0, 1].
    """
    tagged = np.asarray(tagged, dtype=bool)
    sampled = np.asarray(sampled, dtype=bool)
    coded = np.asarray(coded, dtype=bool)
    n_all, n_val = len(tagged), int(sampled.sum())
    t_share = float(tagged.mean()) if n_all else float("nan")
    if n_val == 0 or n_all == 0:
        return CorrectedShare(theme, n_all, n_val, t_share, float("nan"), 0.0, 1.0)
    w = np.ones(n_all) if weights is None else np.asarray(weights, dtype=float)
    w, y, yhat = w[sampled], coded[sampled], tagged[sampled]
    if n_val >= n_all:
        share = float(y.mean())
        return CorrectedShare(theme, n_all, n_val, t_share, share, share, share)
    n_eff = w.sum() ** 2 / (w**2).sum() / (1.0 - n_val / n_all)
    scale = n_eff / w.sum()
    a = scale * w[y & yhat].sum()
    b = scale * w[y & ~yhat].sum()
    c = scale * w[~y & yhat].sum()
    d = scale * w[~y & ~yhat].sum()
    diff, low, high = paired_difference(a, b, c, d, level)
    share = min(max(t_share + diff, 0.0), 1.0)
    return CorrectedShare(theme, n_all, n_val, t_share, share,
                          max(t_share + low, 0.0), min(t_share + high, 1.0))


def estimate_shares(
    predicted: Mapping[str, set[str]],
    validation: Mapping[str, set[str]],
    themes: Sequence[str],
    *,
    inclusion: Mapping[str, float] | None = None,
    level: float = 0.95,
) -> list[CorrectedShare]:
    """Return the corrected share of each theme.

    Args:
        predicted: for every unit id of the corpus, the themes the tagger gave it.
        validation: for the coded unit ids (a subset of `predicted`), the coder's themes.
        themes: the theme ids to estimate, in output order.
        inclusion: inclusion probability of each coded id; None for a simple random sample.
        level: coverage of the intervals.

    Raises:
        ValueError: a coded id is not among the predicted ids, or an inclusion probability is
            not in (0, 1].
    """
    ids = sorted(predicted)
    unknown = sorted(set(validation) - set(predicted))
    if unknown:
        raise ValueError(f"{len(unknown)} coded id(s) not among the predicted ids, "
                         f"e.g. {unknown[0]!r}")
    sampled = np.array([i in validation for i in ids])
    weights = None
    if inclusion is not None:
        probs = np.array([float(inclusion.get(i, 1.0)) if i in validation else 1.0 for i in ids])
        bad = [i for i, p in zip(ids, probs, strict=True) if not 0.0 < p <= 1.0]
        if bad:
            raise ValueError(f"inclusion probability of {bad[0]!r} is not in (0, 1]")
        weights = 1.0 / probs
    out = []
    for theme in themes:
        tagged = np.array([theme in predicted[i] for i in ids])
        coded = np.array([theme in validation.get(i, ()) for i in ids])
        out.append(corrected_share(tagged, sampled, coded, weights=weights, level=level,
                                   theme=theme))
    return out


def _themes_of(line: Mapping, where: str) -> set[str]:
    themes = line.get("themes")
    if themes is None:
        return set()
    if not isinstance(themes, list):
        raise ValueError(f"{where}: 'themes' must be a list, got {themes!r}")
    out = set()
    for theme in themes:
        value = theme.get("id") if isinstance(theme, Mapping) else theme
        if not isinstance(value, str):
            raise ValueError(f"{where}: a theme must be an id or {{'id': ...}}, got {theme!r}")
        out.add(value)
    return out


def _read_units(path, *, with_inclusion: bool = False
                ) -> tuple[dict[str, set[str]], dict[str, float]]:
    from regionkit.evaluate import read_jsonl

    units: dict[str, set[str]] = {}
    inclusion: dict[str, float] = {}
    for number, line in enumerate(read_jsonl(path), start=1):
        where = f"{path}: line {number}"
        if line.get("id") is None:
            raise ValueError(f"{where}: no 'id'")
        uid = str(line["id"])
        if uid in units:
            raise ValueError(f"{where}: id {uid!r} appears twice")
        units[uid] = _themes_of(line, where)
        if with_inclusion and line.get("inclusion_probability") is not None:
            inclusion[uid] = float(line["inclusion_probability"])
    return units, inclusion


def estimate_files(pred_path, validation_path, *, alpha: float = 0.05) -> list[CorrectedShare]:
    """Run the estimator on `regionkit tag` output and gold lines (`regionkit estimate`).

    Args:
        pred_path: JSONL, one line per unit of the corpus: ``id`` and ``themes`` (as `regionkit
            tag` writes them, or a list of ids).
        validation_path: JSONL, one line per coded unit: ``id`` (one of the predicted ids),
            ``themes`` (ids) and optionally ``inclusion_probability`` (default: a simple random
            sample of the predicted ids).
        alpha: 1 - coverage of the intervals.

    Returns:
        One estimate per theme of labels.md, in its order.

    Raises:
        ValueError: naming the file and line of a bad line, or a coded id without a prediction.
    """
    from regionkit.tagging.types import THEME_IDS

    if not 0.0 < alpha < 1.0:
        raise ValueError(f"--alpha must lie between 0 and 1, got {alpha}")
    predicted, _ = _read_units(pred_path)
    validation, inclusion = _read_units(validation_path, with_inclusion=True)
    missing = sorted(set(validation) - set(predicted))
    if missing:
        raise ValueError(f"{validation_path}: id {missing[0]!r} is not in {pred_path} "
                         f"({len(missing)} such id(s))")
    if inclusion and len(inclusion) != len(validation):
        raise ValueError(f"{validation_path}: 'inclusion_probability' given on some lines only")
    return estimate_shares(predicted, validation, THEME_IDS,
                           inclusion=inclusion or None, level=1.0 - alpha)


def format_estimates(rows: Sequence[CorrectedShare]) -> str:
    """Return the estimates as a plain-text table."""
    lines = [f"{'theme':<28}{'n':>6}{'coded':>7}{'tagged':>9}{'share':>9}  95 % interval"]
    for r in rows:
        lines.append(f"{r.theme:<28}{r.n:>6}{r.n_validation:>7}{r.tagged_share:>9.3f}"
                     f"{r.share:>9.3f}  {r.lo:.3f}-{r.hi:.3f}")
    lines.append(f"method: {METHOD}")
    return "\n".join(lines)
