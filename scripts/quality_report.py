"""Print regionkit's tagging quality on every gold slice, clean and OCR-damaged.

Slices: the seed gold (../shared/corpus/gold/seeds_gold.jsonl) split into development lines
(seg % 5 != 0) and held-out lines (seg % 5 == 0); the out-of-sample check set
tests/data/genre_gold.jsonl (paraphrased passages of other healthcare-region bodies) split into
odd ids (used for error analysis first) and even ids (measured blind once, then analysed in a
second round; see the README for the blind figures). Damaged text is made with
regionkit.ocrsim.damage_text (seeds 1 and 2) and tagged through OCR repair, as
`regionkit evaluate --damage-seed N` does.

Usage: .venv/bin/python scripts/quality_report.py [--per-label] [--dev-only]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from regionkit.evaluate import evaluate, gold_from_seeds, predict, split_heldout
from regionkit.tagging import Tagger

ROOT = Path(__file__).resolve().parents[1]
# The shared corpus sits next to the checkout (or next to the folder of worktrees).
_SEED_CANDIDATES = [base / "shared" / "corpus" / "gold" / "seeds_gold.jsonl"
                    for base in (ROOT.parent, ROOT.parent.parent)]
SEEDS = next((p for p in _SEED_CANDIDATES if p.is_file()), _SEED_CANDIDATES[0])
GENRE = ROOT / "tests" / "data" / "genre_gold.jsonl"
DAMAGE_SEEDS = (1, 2)
DEV_SLICES = ("seeds dev", "genre odd (analysed)")


def slices() -> dict[str, list[dict]]:
    dev, heldout = split_heldout(gold_from_seeds(SEEDS))
    genre = gold_from_seeds(GENRE)
    odd = [g for g in genre if int(g["id"].lstrip("g")) % 2 == 1]
    even = [g for g in genre if int(g["id"].lstrip("g")) % 2 == 0]
    return {"seeds dev": dev, "seeds held-out": heldout, "genre odd (analysed)": odd,
            "genre even (analysed)": even}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-label", action="store_true", help="print per-label tables too")
    parser.add_argument("--dev-only", action="store_true",
                        help="only the development slices (seed dev lines, genre odd ids), "
                             "for tuning without seeing the others")
    args = parser.parse_args()
    tagger = Tagger()
    header = f"{'slice':24} {'text':10} {'segs':>5} {'ent P':>6} {'ent R':>6} {'ent F1':>6}" \
             f" {'thm P':>6} {'thm R':>6} {'thm F1':>6}"
    print(header)
    print("-" * len(header))
    for name, gold in slices().items():
        if args.dev_only and name not in DEV_SLICES:
            continue
        for damage in (None, *DAMAGE_SEEDS):
            report = evaluate(gold, predict(gold, tagger=tagger, damage_seed=damage))
            e, t = report.entities["micro"], report.themes["micro"]
            kind = "clean" if damage is None else f"damaged {damage}"
            print(f"{name:24} {kind:10} {len(gold):5d} {e.precision:6.3f} {e.recall:6.3f}"
                  f" {e.f1:6.3f} {t.precision:6.3f} {t.recall:6.3f} {t.f1:6.3f}")
            if args.per_label and damage is None:
                print(report.to_text())


if __name__ == "__main__":
    main()
