"""Print regionkit's tagging quality on every gold slice, clean and OCR-damaged.

Slices: the seed gold (../shared/corpus/gold/seeds_gold.jsonl) split into development lines
(seg % 5 != 0) and held-out lines (seg % 5 == 0); the out-of-sample check set
tests/data/genre_gold.jsonl (paraphrased passages of other healthcare-region bodies) split into
odd ids (used for error analysis first) and even ids (measured blind once, then analysed in a
second round; see the README for the blind figures); and the blind check set
tests/data/blind_gold.jsonl (issue 13) split into odd ids (development material after its blind
scoring) and even ids (held out: scored once at the end, never analysed). Damaged text is made
with regionkit.ocrsim.damage_text (seeds 1 and 2) and tagged through OCR repair, as
`regionkit evaluate --damage-seed N` does.

Usage: .venv/bin/python scripts/quality_report.py [--per-label] [--dev-only]
       [--slice NAME ...] [--damage-seed N ...]

`--slice` takes slice names (or unique prefixes: `--slice "blind odd"`); `--dev-only` keeps only
the development slices (seed dev lines, genre odd ids, blind odd ids), so that tuning never shows
a held-out figure.
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
BLIND = ROOT / "tests" / "data" / "blind_gold.jsonl"
DAMAGE_SEEDS = (1, 2)
DEV_SLICES = ("seeds dev", "genre odd (analysed)", "blind odd (dev)")


def _odd_even(lines: list[dict], prefix: str) -> tuple[list[dict], list[dict]]:
    """Split lines by the parity of the number in their id (``g023``, ``b101``)."""
    number = [int(g["id"].lstrip(prefix)) for g in lines]
    return ([g for g, n in zip(lines, number, strict=True) if n % 2 == 1],
            [g for g, n in zip(lines, number, strict=True) if n % 2 == 0])


def slices() -> dict[str, list[dict]]:
    dev, heldout = split_heldout(gold_from_seeds(SEEDS))
    odd, even = _odd_even(gold_from_seeds(GENRE), "g")
    blind_odd, blind_even = _odd_even(gold_from_seeds(BLIND), "b")
    return {"seeds dev": dev, "seeds held-out": heldout, "genre odd (analysed)": odd,
            "genre even (analysed)": even, "blind odd (dev)": blind_odd,
            "blind even (held out)": blind_even}


def _chosen(names: list[str], wanted: list[str] | None, dev_only: bool) -> list[str]:
    """Return the slice names to score; an unknown or ambiguous name stops with one line."""
    chosen = [n for n in names if n in DEV_SLICES] if dev_only else list(names)
    if not wanted:
        return chosen
    picked = []
    for want in wanted:
        hits = [n for n in names if n == want] or [n for n in names if n.startswith(want)]
        if len(hits) != 1:
            raise SystemExit(f"--slice {want!r}: matches {len(hits)} of {', '.join(names)}")
        if hits[0] not in chosen:
            raise SystemExit(f"--slice {want!r}: not a development slice (--dev-only)")
        picked.append(hits[0])
    return picked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-label", action="store_true", help="print per-label tables too")
    parser.add_argument("--dev-only", action="store_true",
                        help="only the development slices (seed dev lines, genre odd ids), "
                             "for tuning without seeing the others")
    parser.add_argument("--slice", action="append", metavar="NAME",
                        help="score only this slice (name or unique prefix); may repeat")
    parser.add_argument("--damage-seed", action="append", type=int, metavar="N",
                        help="damage seeds to score besides clean text (default: 1 and 2)")
    parser.add_argument("--clean-only", action="store_true", help="clean text only")
    args = parser.parse_args()
    tagger = Tagger()
    header = f"{'slice':24} {'text':10} {'segs':>5} {'ent P':>6} {'ent R':>6} {'ent F1':>6}" \
             f" {'thm P':>6} {'thm R':>6} {'thm F1':>6}"
    print(header)
    print("-" * len(header))
    all_slices = slices()
    damage_seeds = () if args.clean_only else tuple(args.damage_seed or DAMAGE_SEEDS)
    for name in _chosen(list(all_slices), args.slice, args.dev_only):
        gold = all_slices[name]
        for damage in (None, *damage_seeds):
            report = evaluate(gold, predict(gold, tagger=tagger, damage_seed=damage))
            e, t = report.entities["micro"], report.themes["micro"]
            kind = "clean" if damage is None else f"damaged {damage}"
            print(f"{name:24} {kind:10} {len(gold):5d} {e.precision:6.3f} {e.recall:6.3f}"
                  f" {e.f1:6.3f} {t.precision:6.3f} {t.recall:6.3f} {t.f1:6.3f}")
            if args.per_label and damage is None:
                print(report.to_text())


if __name__ == "__main__":
    main()
