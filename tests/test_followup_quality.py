"""Quality floors against the hand-made gold (tests/data/followup_gold), and the Wilson interval.

The gold was made by reading before the code existed (see its README); the floors are the
issue's targets: between Mellansverige's 2020 and 2024 follow-ups, recall of the clear links at
least 5 of 6 with precision at least 0.8; plainly stated statuses right (allowed: one miss in
ten).
"""

from pathlib import Path

import numpy as np
import pytest

from regionkit.build import build_corpus
from regionkit.followup.evaluate import read_gold, score_links, score_status
from regionkit.followup.report import wilson_interval

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "followup_gold"
PAIR = {"mellansverige-snd-aterrapport-2020", "mellansverige-snd-aterrapport-2024"}


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    return build_corpus(ROOT / "data" / "raw", tmp_path_factory.mktemp("seeds"),
                        use_cache=False).tables


def test_clear_continuations_2020_to_2024_are_found_with_precision(seeds):
    s = score_links(seeds.activity_links, read_gold(GOLD / "links.csv"), docs=PAIR)
    assert s.recall_clear >= 5 / 6
    assert s.precision >= 0.8


def test_plainly_stated_statuses_are_right(seeds):
    s = score_status(seeds.activity_status, read_gold(GOLD / "status.csv"))
    assert s.right_plain / s.n_plain >= 0.9


def test_every_follow_up_activity_of_the_gold_has_a_status_row(seeds):
    gold = {r["segment_id"] for r in read_gold(GOLD / "status.csv")}
    assert gold <= set(seeds.activity_status["segment_id"])


@pytest.mark.parametrize(("k", "n", "lo", "hi"), [(0, 10, 0.0, 0.2775), (5, 10, 0.2366, 0.7634),
                                                  (10, 10, 0.7225, 1.0)])
def test_wilson_interval_matches_published_values(k, n, lo, hi):
    # Values from the closed form (Newcombe 1998, table I method 3).
    got = wilson_interval(k, n)
    assert got == pytest.approx((lo, hi), abs=1e-3)


@pytest.mark.parametrize("p", [0.1, 0.3, 0.5])
def test_wilson_interval_covers_near_95_percent_for_small_samples(p):
    rng = np.random.default_rng(12)
    n, reps = 20, 4000
    ks = rng.binomial(n, p, size=reps)
    covered = sum(lo <= p <= hi for lo, hi in (wilson_interval(int(k), n) for k in ks))
    assert 0.92 <= covered / reps <= 0.99
