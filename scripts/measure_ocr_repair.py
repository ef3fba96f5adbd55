"""Measure OCR repair of å/ä/ö: damaged words restored, undamaged words wrongly changed.

1. Damages the four clean seeds (data/raw, 000-003) with `regionkit.ocrsim.damage_text` at the
   rates measured on seed 004, repairs them with `normalize_text(..., ocr=True)` and compares
   word by word with the clean text. Words inside gold segments with seg % 5 == 0 are
   reported apart as held out; misses are listed (--errors) for the dev part only.
2. Repairs seed 004 itself and scores it against the hand-corrected words in
   tests/data/ocr_004_sample.tsv (dev and held-out parts reported apart).

Usage:
    .venv/bin/python scripts/measure_ocr_repair.py [--seeds 0 1 2] [--errors] [--rates]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from regionkit.normalize import normalize_text
from regionkit.normalize.measure import (
    RepairScore,
    count_confusions,
    read_sample,
    score_damaged_text,
    score_sample,
)
from regionkit.normalize.resources import load_confusions
from regionkit.ocrsim import damage_text

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
# data/raw name -> the shared corpus name the gold file uses.
CLEAN_SEEDS = {
    "mellansverige_samverkansnamnden_aterrapport_2020.txt": "000_fe885289a4654183.txt",
    "sydostra_rsl_motesanteckningar_2024-09-12.txt": "001_5e5278cad0c52d18.txt",
    "sodra_regionvardsnamnden_verksamhetsplan_2022-2023.txt": "002_18dac513257351c0.txt",
    "mellansverige_produktionsplaneringsgruppen_verksamhetsberattelse_2021-2022.txt":
        "003_b4f332418e051741.txt",
}
GOLD = ROOT.parent / "shared" / "corpus" / "gold" / "seeds_gold.jsonl"
OCR_SEED = "mellansverige_samverkansnamnden_aterrapport_2024_ocr.txt"
SAMPLE = ROOT / "tests" / "data" / "ocr_004_sample.tsv"


def heldout_spans(gold_name: str) -> list[tuple[int, int]]:
    """Spans of the gold segments held out for the final check (seg % 5 == 0)."""
    if not GOLD.exists():
        return []
    spans = []
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["doc"] == gold_name and row["seg"] % 5 == 0:
            spans.append((row["start"], row["end"]))
    return spans


def measure_clean_seeds(seeds: list[int], show_errors: bool) -> dict[str, RepairScore]:
    totals = {"dev": RepairScore(), "heldout": RepairScore()}
    for name, gold_name in CLEAN_SEEDS.items():
        clean = (RAW / name).read_text(encoding="utf-8")
        held = heldout_spans(gold_name)
        for seed in seeds:
            damaged = damage_text(clean, seed=seed)
            normalized = normalize_text(damaged, ocr=True, wrapped=False)
            for split, score in score_damaged_text(clean, damaged, normalized, held).items():
                print(f"  {name} seed={seed} {split}: {score.summary()}")
                totals[split] = totals[split].merge(score)
    if show_errors:
        _print_errors(totals["dev"])  # held-out misses are not shown: nobody tunes on them
    totals["all"] = totals["dev"].merge(totals["heldout"])
    return totals


def measure_004(show_errors: bool) -> dict[str, RepairScore]:
    rows = read_sample(SAMPLE)
    raw = (RAW / OCR_SEED).read_text(encoding="utf-8")
    normalized = normalize_text(raw)
    print(f"  004 judged damaged: {normalized.ocr_damaged}")
    scores = {split: score_sample(rows, normalized, [split]) for split in ("dev", "heldout")}
    scores["all"] = scores["dev"].merge(scores["heldout"])
    if show_errors:
        _print_errors(scores["dev"])
    return scores


def _print_errors(score: RepairScore) -> None:
    for damaged, correct, repaired in score.errors:
        print(f"    {damaged!r:>28} -> {repaired!r:<28} want {correct!r}")


def print_rates() -> None:
    units = [k for k in load_confusions().readings if len(k) > 1]
    counts = count_confusions(read_sample(SAMPLE), units)
    for true in sorted({t for t, _ in counts}):
        row = sorted(((o, n) for (t, o), n in counts.items() if t == true), key=lambda x: -x[1])
        total = sum(n for _, n in row)
        print(f"  {true!r} ({total}): " + ", ".join(f"{o!r} {n}" for o, n in row))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2],
                        help="damage seeds for the clean texts (default 0 1 2)")
    parser.add_argument("--errors", action="store_true", help="list every miss")
    parser.add_argument("--rates", action="store_true",
                        help="print the damage counts of the 004 sample and stop")
    args = parser.parse_args(argv)
    if args.rates:
        print_rates()
        return 0
    t0 = time.perf_counter()
    print("Clean seeds 000-003, damaged at the 004 rates, repaired:")
    for split, score in measure_clean_seeds(args.seeds, args.errors).items():
        print(f"clean seeds {split}: {score.summary()}")
    print("Seed 004 against the hand-corrected sample:")
    scores = measure_004(args.errors)
    for split, score in scores.items():
        print(f"004 {split}: {score.summary()}")
    print(f"({time.perf_counter() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
