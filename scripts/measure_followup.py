"""Measure activity_links and activity_status against the hand-made gold.

Builds the seed corpus (data/raw) and the genre pairs (tests/data/followup_gold/genre) into
temporary folders with `regionkit build`'s own function, then scores both tables against
tests/data/followup_gold (see regionkit.followup.evaluate for the measures).

    .venv/bin/python scripts/measure_followup.py [--verbose]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from regionkit.build import build_corpus
from regionkit.followup.evaluate import read_gold, score_links, score_status

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "followup_gold"
SETS = [("seeds", ROOT / "data" / "raw", GOLD), ("genre", GOLD / "genre", GOLD / "genre")]
PAIR_2020_2024 = {"mellansverige-snd-aterrapport-2020", "mellansverige-snd-aterrapport-2024"}


def _fmt(x: float) -> str:
    return f"{x:.3f}"


def main(argv: list[str] | None = None) -> int:
    """Print the figures; return 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list misses and wrong statuses")
    args = parser.parse_args(argv)
    for name, raw, gold_dir in SETS:
        with tempfile.TemporaryDirectory() as out:
            tables = build_corpus(raw, Path(out), use_cache=False).tables
        links = read_gold(gold_dir / "links.csv")
        status = read_gold(gold_dir / "status.csv")
        subsets = [("all pairs", None)]
        if name == "seeds":
            subsets.append(("Mellansverige SN 2020 -> 2024", PAIR_2020_2024))
        for label, docs in subsets:
            s = score_links(tables.activity_links, links, docs=docs)
            print(f"{name} links, {label}: predicted {s.n_pred}; clear found {s.clear_found}/"
                  f"{s.n_clear} (recall {_fmt(s.recall_clear)}); all found {s.gold_found}/"
                  f"{s.n_gold} (recall {_fmt(s.recall_all)}); precision {s.pred_in_gold}/"
                  f"{s.n_pred} = {_fmt(s.precision)} (strict, clear only: "
                  f"{_fmt(s.precision_strict)})")
        st = score_status(tables.activity_status, status)
        print(f"{name} statuses: plain {st.right_plain}/{st.n_plain} = "
              f"{_fmt(st.right_plain / st.n_plain)}; all {st.right_all}/{st.n_all} = "
              f"{_fmt(st.right_all / st.n_all)}")
        if args.verbose:
            gold_pairs = {(r["from_segment_id"], r["to_segment_id"]) for r in links}
            for r in tables.activity_links.itertuples():
                if (r.from_segment_id, r.to_segment_id) not in gold_pairs:
                    print(f"  not in gold: {r.from_segment_id} -> {r.to_segment_id} {r.score}")
            got = set(zip(tables.activity_links["from_segment_id"],
                          tables.activity_links["to_segment_id"], strict=True))
            for r in links:
                if (r["from_segment_id"], r["to_segment_id"]) not in got:
                    print(f"  missed ({r['certainty']}): {r['from_segment_id']} -> "
                          f"{r['to_segment_id']}")
            for sid, g, p, plain in st.wrong:
                print(f"  status {sid}: gold {g}, predicted {p} (plain: {plain})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
