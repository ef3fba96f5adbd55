"""Intervals for shares: hand-checked values, monotonicity, exact ends and coverage.

Coverage of the single-share and difference intervals is computed exactly (the sum of the
binomial probabilities of every count whose interval holds p, as Brown, Cai & DasGupta 2001
do), which is what a simulation estimates, without its noise. The pooled (clustered) interval
has no closed-form coverage; it is checked by a seeded simulation of documents whose shares
differ (beta-binomial).
"""

import numpy as np
import pytest
from scipy import stats

from regionkit.analysis.intervals import (
    clustered_share_interval,
    design_effect,
    newcombe_difference,
    paired_difference,
    share_interval,
    wilson_interval,
)

NS = (5, 10, 15, 20, 30, 50, 75, 100, 150, 200)
PS = (0.0, 0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5)


def test_wilson_zero_of_twenty_by_hand():
    # z^2 / (n + z^2) with z = 1.959964: 3.841459 / 23.841459 = 0.161125
    low, high = share_interval(0, 20)
    assert low == 0.0
    assert high == pytest.approx(0.161125, abs=1e-5)
    low, high = share_interval(20, 20)
    assert high == 1.0
    assert low == pytest.approx(1 - 0.161125, abs=1e-5)


def test_modified_wilson_lower_bound_at_one_is_poisson():
    # Brown, Cai & DasGupta (2001) 4.1.1: chi2_{2, 0.05} / (2n) = 0.102587 / 40 for n = 20.
    low, _ = share_interval(1, 20)
    assert low == pytest.approx(0.102587 / 40, rel=1e-4)


@pytest.mark.parametrize(
    ("k_a", "n_a", "k_b", "n_b", "expected"),
    [
        # Newcombe (1998) Table II, method 10: 56/70 - 48/80 and 9/10 - 3/10.
        pytest.param(48, 80, 56, 70, (0.0524, 0.3339), id="56of70-48of80"),
        pytest.param(3, 10, 9, 10, (0.1705, 0.8090), id="9of10-3of10"),
    ],
)
def test_newcombe_matches_published_examples(k_a, n_a, k_b, n_b, expected):
    _, low, high = newcombe_difference(k_a, n_a, k_b, n_b)
    assert float(low) == pytest.approx(expected[0], abs=1e-4)
    assert float(high) == pytest.approx(expected[1], abs=1e-4)


@pytest.mark.parametrize("n", range(1, 201))
def test_share_interval_is_monotone_with_exact_ends(n):
    k = np.arange(n + 1)
    low, high = share_interval(k, np.full(n + 1, n))
    assert low[0] == 0.0 and high[-1] == 1.0
    assert np.all(np.diff(low) > 0) and np.all(np.diff(high) > 0)
    assert np.all(low <= k / n) and np.all(k / n <= high)


def test_wilson_of_nothing_is_everything():
    low, high = wilson_interval(0, 0)
    assert (float(low), float(high)) == (0.0, 1.0)


def _coverage_single(n: int, p: float) -> float:
    k = np.arange(n + 1)
    low, high = share_interval(k, np.full(n + 1, n))
    pmf = stats.binom.pmf(k, n, p)
    return float(pmf[(low <= p) & (p <= high)].sum())


def test_single_share_coverage_near_nominal():
    cover = np.array([[_coverage_single(n, p) for p in PS] for n in NS])
    # Measured: mean 0.961, minimum 0.915 (n = 15, p = 0.3).
    assert 0.93 <= cover.mean() <= 0.975
    assert cover.min() >= 0.89


DIFF_NS = ((5, 5), (10, 20), (20, 20), (30, 50), (75, 100), (200, 150))
DIFF_PS = ((0.0, 0.0), (0.0, 0.05), (0.05, 0.1), (0.1, 0.1), (0.1, 0.3), (0.2, 0.2),
           (0.3, 0.5), (0.5, 0.5), (0.02, 0.2), (0.4, 0.1))


def _coverage_difference(n_a: int, n_b: int, p_a: float, p_b: float) -> float:
    k_a, k_b = np.meshgrid(np.arange(n_a + 1), np.arange(n_b + 1), indexing="ij")
    _, low, high = newcombe_difference(k_a, n_a, k_b, n_b)
    prob = np.outer(stats.binom.pmf(np.arange(n_a + 1), n_a, p_a),
                    stats.binom.pmf(np.arange(n_b + 1), n_b, p_b))
    truth = p_b - p_a
    return float(prob[(low <= truth + 1e-12) & (truth - 1e-12 <= high)].sum())


def test_difference_coverage_near_nominal():
    cover = np.array([[_coverage_difference(*ns, *ps) for ps in DIFF_PS] for ns in DIFF_NS])
    assert 0.93 <= cover.mean() <= 0.975
    assert cover.min() >= 0.89


def test_difference_interval_is_monotone_in_each_count():
    k = np.arange(21)
    _, low, high = newcombe_difference(5, 20, k, 20)
    assert np.all(np.diff(low) > 0) and np.all(np.diff(high) > 0)
    _, low, high = newcombe_difference(k, 20, 5, 20)
    assert np.all(np.diff(low) < 0) and np.all(np.diff(high) < 0)


def test_design_effect_by_hand():
    # p = 0.5, v_cluster = 2 * (25 + 25) / 400 = 0.25, v_binomial = 0.25 / 20: ratio 20,
    # times (t_{1, 0.975} / z)^2 = (12.7062 / 1.95996)^2 = 42.028.
    assert design_effect([0, 10], [10, 10]) == pytest.approx(20 * 42.028, rel=1e-3)
    assert design_effect([5, 5], [10, 10]) == 1.0          # documents agree: never below 1
    assert design_effect([3], [10]) == 1.0                 # one document
    assert design_effect([0, 0], [10, 10]) == 1.0          # nothing tagged


def test_clustered_single_document_is_the_unit_interval():
    share, low, high, deff = clustered_share_interval([3], [20])
    assert (share, deff) == (0.15, 1.0)
    assert (low, high) == tuple(float(v) for v in share_interval(3, 20))


def test_clustered_interval_has_exact_ends():
    _, low, high, _ = clustered_share_interval([0, 0, 0], [10, 12, 8])
    assert low == 0.0 and 0 < high < 0.2
    _, low, high, _ = clustered_share_interval([10, 12], [10, 12])
    assert high == 1.0 and low > 0.8


def test_clustered_coverage_simulation():
    """Documents with different shares (beta-binomial, ICC 0-0.15), 3-8 documents of 5-45 units.

    Measured (seed 7, 150 draws per cell, 54 cells): mean coverage 0.965, lowest cell 0.84
    (3 documents of about 30 units, ICC 0.15, p = 0.05: most documents have no unit with the
    theme, one has several). Without the t adjustment such settings covered 84-90 % on average.
    """
    rng = np.random.default_rng(7)
    cover = []
    for m in (3, 5, 8):
        for icc in (0.0, 0.05, 0.15):
            for size in (10, 30):
                for p in (0.05, 0.2, 0.5):
                    hits = 0
                    for _ in range(150):
                        if icc > 0:
                            shares = rng.beta(p * (1 / icc - 1), (1 - p) * (1 / icc - 1), m)
                        else:
                            shares = np.full(m, p)
                        n = rng.integers(size // 2, size * 3 // 2 + 1, size=m)
                        _, low, high, _ = clustered_share_interval(rng.binomial(n, shares), n)
                        hits += low <= p <= high
                    cover.append(hits / 150)
    cover = np.array(cover)
    assert 0.93 <= cover.mean() <= 0.99
    assert cover.min() >= 0.80


def test_paired_difference_does_not_collapse_without_discordant_pairs():
    # 0 of 60 coded and 0 tagged: the correction is 0 but not known to be exactly 0.
    diff, low, high = paired_difference(0, 0, 0, 60)
    assert diff == 0.0 and low < -0.03 and high > 0.03
    diff, low, high = paired_difference(5, 0, 0, 55)
    assert diff == 0.0 and low < 0 < high


def test_paired_difference_reduces_to_marginal_wilson_when_one_margin_is_empty():
    # No tagged unit (c = a = 0): phi = 0 and the upper half-width is u1 - p1 of Wilson(b, n).
    diff, _, high = paired_difference(0, 3, 0, 57)
    _, u1 = wilson_interval(3, 60)
    assert diff == pytest.approx(0.05)
    assert high == pytest.approx(0.05 + (float(u1) - 0.05) + 0.0, abs=1e-12)


def test_zero_count_over_quasi_sentences_is_as_wide_as_over_their_segments():
    # 139 quasi-sentences in 15 segments of one document, none with the theme: the interval must
    # not treat the 139 as independent. Worst case (ICC 1): 15 independent draws, and the
    # modified Wilson upper bound at k = 0 is z^2 / (n + z^2) = 3.8415 / 18.8415 = 0.2039.
    from regionkit.analysis.intervals import effective_counts, share_interval

    segments = np.repeat(np.arange(15), [9] * 11 + [10] * 4)
    assert len(segments) == 139
    k, n, deff = effective_counts(np.zeros(139), np.ones(139), segments, np.zeros(139),
                                  per_segment=True)
    low, high = share_interval(k / deff, n / deff)
    assert (k, n) == (0.0, 139.0)
    assert float(low) == 0.0
    assert abs(float(high) - 0.2039) < 5e-4
    # every one with the theme: the mirror image
    k, n, deff = effective_counts(np.ones(139), np.ones(139), segments, np.zeros(139),
                                  per_segment=True)
    low, high = share_interval(k / deff, n / deff)
    assert float(high) == 1.0
    assert abs(float(low) - (1 - 0.2039)) < 5e-4
