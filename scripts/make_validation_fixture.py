"""Write tests/data/validation_sim.jsonl: hand codes and the tagger's themes for 143 passages.

The passages are the development gold of the seeds (``../shared/corpus/gold/seeds_gold.jsonl``,
85 segments) and the genre check set (``tests/data/genre_gold.jsonl``, 58 passages). Each output
line is ``{"id", "source", "coded": [theme ids], "tagged": [theme ids]}``: the hand codes as the
gold files have them, and the themes ``regionkit tag`` gives the passage's text. The coverage
simulation of the corrected shares (tests/test_validation_estimate.py) reads this file, so that
it runs without tagging. Run again after a lexicon change:

    .venv/bin/python scripts/make_validation_fixture.py [SEEDS_GOLD.jsonl]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from regionkit.evaluate import gold_from_seeds
from regionkit.tagging import Tagger

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent.parent / "shared" / "corpus" / "gold" / "seeds_gold.jsonl"
GENRE = ROOT / "tests" / "data" / "genre_gold.jsonl"
OUT = ROOT / "tests" / "data" / "validation_sim.jsonl"


def main(seeds: Path) -> None:
    tagger = Tagger()
    rows = []
    for source, path in (("seeds", seeds), ("genre", GENRE)):
        gold = gold_from_seeds(path)
        tags = tagger.tag_many([line["text"] for line in gold])
        for line, tag in zip(gold, tags, strict=True):
            coded = sorted({t["id"] if isinstance(t, dict) else str(t) for t in line["themes"]})
            rows.append({"id": f"{source}:{line['id']}", "source": source, "coded": coded,
                         "tagged": sorted({t.id for t in tag.themes})})
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n"
                           for r in rows), encoding="utf-8")
    print(f"wrote {len(rows)} passages to {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else SEEDS)
