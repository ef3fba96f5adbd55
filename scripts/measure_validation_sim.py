"""Print the coverage simulation of the corrected shares (tests/test_validation_estimate.py).

Passages: tests/test_validation_estimate.py's fixture tests/data/validation_sim.jsonl (hand codes
and the tagger's themes of 143 passages; remake it with scripts/make_validation_fixture.py). Per
draw, `--coded` passages are coded at random; per theme and draw the corrected share and its
interval are compared with the hand-coded share of all passages. Conditions: the tagger's
themes, and the same degraded (30 % of true themes dropped, 1 % false ones added) as in the test.

    .venv/bin/python scripts/measure_validation_sim.py [--coded 60] [--draws 200] [--seed 11]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from regionkit.validation.estimate import corrected_share

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "data" / "validation_sim.jsonl"


def measure(coded: np.ndarray, tagged: np.ndarray, n_coded: int, draws: int,
            rng: np.random.Generator) -> dict[str, float]:
    """Return coverage, MAE ratio (corrected / tagged) and mean width over theme x draw cells."""
    n = len(coded)
    truth, tagged_share = coded.mean(axis=0), tagged.mean(axis=0)
    hits, err_c, err_t, widths = [], [], [], []
    for _ in range(draws):
        sampled = np.zeros(n, bool)
        sampled[rng.choice(n, n_coded, replace=False)] = True
        for j in range(coded.shape[1]):
            est = corrected_share(tagged[:, j], sampled, coded[:, j])
            hits.append(est.lo <= truth[j] <= est.hi)
            err_c.append(abs(est.share - truth[j]))
            err_t.append(abs(tagged_share[j] - truth[j]))
            widths.append(est.hi - est.lo)
    return {"coverage": float(np.mean(hits)), "mae_ratio": float(np.mean(err_c) / np.mean(err_t)),
            "mean_width": float(np.mean(widths)), "cells": len(hits)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--coded", type=int, default=60)
    parser.add_argument("--draws", type=int, default=200)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    rows = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]
    themes = sorted({t for r in rows for t in r["coded"]})
    coded = np.array([[t in r["coded"] for t in themes] for r in rows])
    tagged = np.array([[t in r["tagged"] for t in themes] for r in rows])
    print(f"{len(rows)} passages, {len(themes)} themes, {args.coded} coded per draw, "
          f"{args.draws} draws, seed {args.seed}")
    original = tagged
    for name in ("tagger", "degraded"):
        rng = np.random.default_rng(args.seed)   # each condition as the test runs it
        tagged = original.copy()
        if name == "degraded":
            tagged[tagged & coded & (rng.random(tagged.shape) < 0.3)] = False
            tagged[~coded & ~tagged & (rng.random(tagged.shape) < 0.01)] = True
        tp = (tagged & coded).sum()
        m = measure(coded, tagged, args.coded, args.draws, rng)
        print(f"{name:<9} recall {tp / coded.sum():.2f} precision {tp / tagged.sum():.2f}: "
              f"coverage {m['coverage']:.3f} of {m['cells']} cells, MAE ratio "
              f"{m['mae_ratio']:.2f}, mean width {m['mean_width']:.3f}")


if __name__ == "__main__":
    main()
