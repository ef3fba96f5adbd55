"""Quality floors against the hand-made gold (tests/data/followup_gold), and the status intervals.

The gold was made by reading before the code existed (see its README); the floors are the
issue's targets: between Mellansverige's 2020 and 2024 follow-ups, recall of the clear links at
least 5 of 6 with precision at least 0.8; plainly stated statuses right (allowed: one miss in
ten).
"""

import math
from pathlib import Path

import pytest

from regionkit.build import build_corpus
from regionkit.followup.evaluate import read_gold, score_links, score_status
from regionkit.followup.report import status_shares

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


def test_status_shares_use_the_reports_modified_wilson_interval(seeds):
    # Each healthcare region's year of the seeds is one follow-up document, so the interval is
    # the modified Wilson interval of regionkit.analysis.intervals (Brown, Cai & DasGupta 2001):
    # at k = 1 the low end is the one-sided Poisson bound chi2_2(0.05) / 2n = -2 ln(0.95) / 2n
    # (the plain Wilson bound the follow-up report had before is about 3.5 times larger), at
    # k = 0 the high end is Wilson's z^2 / (n + z^2). Formulas written out here, not taken from
    # the code.
    shares = status_shares(seeds)
    z2 = 1.959963984540054**2
    ones = shares[shares["k"] == 1]
    zeros = shares[shares["k"] == 0]
    assert len(ones) and len(zeros)
    for row in ones.itertuples():
        assert row.lo == pytest.approx(-2 * math.log(0.95) / (2 * row.n), rel=1e-6)
        p = 1 / row.n
        plain = ((p + z2 / (2 * row.n)) - math.sqrt(z2) * math.sqrt(
            p * (1 - p) / row.n + z2 / (4 * row.n**2))) / (1 + z2 / row.n)
        assert row.lo < plain
    for row in zeros.itertuples():
        assert (row.lo, row.hi) == pytest.approx((0.0, z2 / (row.n + z2)), abs=1e-9)
