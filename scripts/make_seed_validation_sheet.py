"""Write data/validation/seeds_development_gold.csv: the seeds' development gold as a coded sheet.

The development gold (``../shared/corpus/gold/seeds_gold.jsonl``) is a hand coding of the five
seed documents, segmented by hand. This script builds the seeds (into a temporary folder, no
validation codes read), matches every built content segment to the gold segments by offset
overlap in the raw text (`regionkit.validation.from_gold`: the gold segments covering most of
it give their themes; a segment gold does not cover is left out), and writes the sheet in the
layout of `regionkit sample` with coder ``seeds-gold``, its theme sidecar and its draw record.

The draw record says what this is: not a random sample but every content segment of the seeds
that the gold covers, each coded with certainty (inclusion probability 1), and in-sample (the
tagger's lexicon and threshold were developed on these very segments). Run it again after a
change to normalisation or segmentation has made the codes stale (the build reports it):

    .venv/bin/python scripts/make_seed_validation_sheet.py [SEEDS_GOLD.jsonl]
"""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
from pathlib import Path

from regionkit.build import build_corpus
from regionkit.evaluate import read_jsonl
from regionkit.ingest import read_document
from regionkit.validation.from_gold import census_record, coded_sheet, doc_ids_by_hash, match_gold
from regionkit.validation.sheets import draw_path, theme_definitions

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "corpus" / "gold" / "seeds_gold.jsonl"
RAW = ROOT / "data" / "raw"
OUT = ROOT / "data" / "validation" / "seeds_development_gold.csv"
CODER = "seeds-gold"
BY = "sjukvardsregion"

DESIGN = ("not a random draw: every content segment of the five seed documents that the "
          "development gold (a hand coding of these documents) covers, each coded with "
          "certainty; codes mapped from the gold's own segments by offset overlap in the raw "
          "text (scripts/make_seed_validation_sheet.py)")
NOTE = ("In-sample: the tagger's lexicon and threshold were developed on these segments, so "
        "its errors here are smaller than on other text and the corrected shares demonstrate "
        "the correction, they are not an independent validation. Where every content segment "
        "of a group is coded (the seed corpus alone), the corrected share is the coded share "
        "(a census). Where a group also holds segments not coded (documents added later, or "
        "segments the gold does not cover), those had no chance of being coded: the estimator "
        "then assumes their tagging errors are like those of the coded seed segments, which "
        "no random draw guarantees. Draw a random sample of your own corpus "
        "(regionkit sample) for an honest validation.")


def main(gold_path: Path) -> None:
    gold = read_jsonl(gold_path)
    seed_files = sorted({gold_path.parent.parent / line["doc"] for line in gold})
    with tempfile.TemporaryDirectory() as tmp:
        result = build_corpus(RAW, Path(tmp) / "processed", use_cache=False,
                              validation_dir=Path(tmp) / "no-validation")
    tables = result.tables
    doc_ids = doc_ids_by_hash(tables.documents, seed_files)
    missing = sorted({line["doc"] for line in gold} - set(doc_ids))
    if missing:
        sys.exit(f"{gold_path}: no document of data/raw has the bytes of {missing[0]}")
    raw = {doc_ids[f.name]: read_document(RAW / tables.documents.set_index("doc_id").loc[
        doc_ids[f.name], "file"]).text for f in seed_files}
    matches = match_gold(tables.segments, raw, gold, doc_ids)
    content = tables.content_segments()
    content = content[content["doc_id"].isin(set(doc_ids.values()))]
    sheet = coded_sheet(matches, content, coder=CODER, by=BY)
    source = {"file": gold_path.name,
              "sha256": hashlib.sha256(gold_path.read_bytes()).hexdigest()}
    record = census_record(matches, content, by=BY, design=DESIGN, note=NOTE, source=source)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    sheet.to_csv(OUT, index=False, encoding="utf-8-sig", lineterminator="\n")
    theme_definitions().to_csv(OUT.with_name(OUT.stem + ".themes.csv"), index=False,
                               encoding="utf-8-sig", lineterminator="\n")
    draw_path(OUT).write_text(json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True)
                              + "\n", encoding="utf-8")
    print(f"wrote {len(sheet)} coded segments of {len(content)} content segments "
          f"({len(content) - len(sheet)} not covered by the gold, left out) to {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else GOLD)
