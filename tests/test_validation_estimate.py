"""Corrected shares: hand-checked cases, the `estimate` command, and a coverage simulation.

The simulation uses tests/data/validation_sim.jsonl (143 passages: the seeds' development gold
and the genre check set, with hand codes and the themes `regionkit tag` gave them; written by
scripts/make_validation_fixture.py). Each draw codes 60 passages at random; the target is the
hand-coded share of all 143 (the coded passages are part of the corpus). It is run twice: with
the tagger's real themes (recall 0.79, precision 0.92 on these passages, which it was developed
on) and with themes degraded to what unseen text gives (a seeded 30 % of correct themes dropped,
1 % of absent ones added: recall 0.53, precision 0.82).
"""

import json

import numpy as np
import pytest

from regionkit.cli import main
from regionkit.validation.estimate import METHOD, corrected_share, estimate_shares

FIXTURE = "tests/data/validation_sim.jsonl"


def test_difference_estimator_by_hand():
    # T = 1/4; in the sample (units 0, 1) coded share 1, tagged share 1/2: 1/4 + 1/2 = 3/4.
    est = corrected_share([1, 0, 0, 0], [1, 1, 0, 0], [1, 1, 0, 0])
    assert est.tagged_share == 0.25
    assert est.share == pytest.approx(0.75)
    assert est.lo < 0.75 < est.hi


def test_every_unit_coded_gives_the_coded_share():
    est = corrected_share([1, 0, 0, 0], [1, 1, 1, 1], [1, 1, 0, 1])
    assert (est.share, est.lo, est.hi) == (0.75, 0.75, 0.75)


def test_no_positive_among_sixty_coded_does_not_collapse():
    n = 170
    sampled = np.zeros(n, bool)
    sampled[:60] = True
    est = corrected_share(np.zeros(n, bool), sampled, np.zeros(n, bool))
    assert est.share == 0.0 and est.lo == 0.0
    assert 0.02 < est.hi < 0.08


def test_weights_follow_inclusion_probabilities():
    # Stratum A (units 0-3) coded 1 of 4 (pi = 1/4), stratum B (4-11) 2 of 8 (pi = 1/4)... with
    # equal probabilities the weighted estimate equals the unweighted one.
    tagged = [0] * 12
    sampled = [1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0]
    coded = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]
    plain = corrected_share(tagged, sampled, coded)
    weighted = corrected_share(tagged, sampled, coded, weights=[4.0] * 12)
    assert weighted.share == pytest.approx(plain.share) == pytest.approx(2 / 3)
    # Unit 0 drawn with probability 1/2, units 4, 5 with 1/8: the coded share is
    # (2*1 + 8*0 + 8*1) / (2 + 8 + 8) = 10/18.
    uneven = corrected_share(tagged, sampled, coded, weights=[2.0] * 4 + [8.0] * 8)
    assert uneven.share == pytest.approx(10 / 18)


def _fixture():
    with open(FIXTURE, encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    themes = sorted({t for r in rows for t in r["coded"]})
    coded = np.array([[t in r["coded"] for t in themes] for r in rows])
    tagged = np.array([[t in r["tagged"] for t in themes] for r in rows])
    return themes, coded, tagged


def _degrade(tagged, coded, rng):
    tagged = tagged.copy()
    tagged[tagged & coded & (rng.random(tagged.shape) < 0.3)] = False
    tagged[~coded & ~tagged & (rng.random(tagged.shape) < 0.01)] = True
    return tagged


@pytest.mark.parametrize("degraded", [False, True], ids=["tagger", "degraded"])
def test_corrected_shares_cover_the_coded_share(degraded):
    themes, coded, tagged = _fixture()
    rng = np.random.default_rng(11)
    if degraded:
        tagged = _degrade(tagged, coded, rng)
    n = len(coded)
    truth, tagged_share = coded.mean(axis=0), tagged.mean(axis=0)
    hits, err_corrected, err_tagged, widths = [], [], [], []
    for _ in range(200):
        sampled = np.zeros(n, bool)
        sampled[rng.choice(n, 60, replace=False)] = True
        for j in range(len(themes)):
            est = corrected_share(tagged[:, j], sampled, coded[:, j])
            hits.append(est.lo <= truth[j] <= est.hi)
            err_corrected.append(abs(est.share - truth[j]))
            err_tagged.append(abs(tagged_share[j] - truth[j]))
            widths.append(est.hi - est.lo)
    # Measured (seed 11, 200 draws): tagger 0.987 / 0.70 / 0.082; degraded 0.973 / 0.47 / 0.100.
    assert np.mean(hits) >= 0.93
    assert np.mean(err_corrected) <= 0.85 * np.mean(err_tagged)
    assert np.mean(widths) <= 0.15


def test_estimate_shares_rejects_unknown_coded_id():
    with pytest.raises(ValueError, match="not among the predicted"):
        estimate_shares({"a": set()}, {"b": set()}, ["pandemi"])


def _write(path, lines):
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")


def test_estimate_command_json(tmp_path, capsys):
    pred = [{"id": f"u{i}", "text": "x", "themes": ([{"id": "pandemi", "score": 3.0,
                                                       "evidence": ["covid"]}] if i < 2 else [])}
            for i in range(10)]
    gold = [{"id": "u0", "themes": ["pandemi"]}, {"id": "u7", "themes": []},
            {"id": "u5", "themes": ["pandemi"]}, {"id": "u6", "themes": []}]
    _write(tmp_path / "pred.jsonl", pred)
    _write(tmp_path / "gold.jsonl", gold)
    assert main(["estimate", str(tmp_path / "pred.jsonl"), str(tmp_path / "gold.jsonl"),
                 "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out) == 15
    row = next(r for r in out if r["theme"] == "pandemi")
    assert set(row) == {"theme", "n", "n_validation", "tagged_share", "share", "lo", "hi",
                        "method"}
    # T = 2/10; sample: coded 2/4, tagged 1/4 -> 0.2 + 0.25 = 0.45.
    assert (row["n"], row["n_validation"], row["method"]) == (10, 4, METHOD)
    assert row["tagged_share"] == pytest.approx(0.2)
    assert row["share"] == pytest.approx(0.45)
    assert row["lo"] < 0.45 < row["hi"]


def test_estimate_command_names_a_coded_id_without_prediction(tmp_path, capsys):
    _write(tmp_path / "pred.jsonl", [{"id": "a", "themes": []}])
    _write(tmp_path / "gold.jsonl", [{"id": "zz", "themes": ["pandemi"]}])
    assert main(["estimate", str(tmp_path / "pred.jsonl"), str(tmp_path / "gold.jsonl")]) == 2
    err = capsys.readouterr().err
    assert "'zz'" in err and "gold.jsonl" in err and "Traceback" not in err
