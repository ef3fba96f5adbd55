"""Scaling of the follow-up stage alone: N and 2N generated documents, same process, same run.

Builds the five seed documents of ``data/raw`` once (``regionkit.build.build_corpus``), then
generates corpora from their tables as ``bench_build.py`` generates its documents from their
texts: document k is seed ``k % 5`` under the id ``<seed id>-<k>``, in the healthcare region
``REGIONS[(k // 5) % 6]``, with the seed's body and period (so every series of a region and body
holds about k / 30 documents of each period, many with the same body). Only
``regionkit.followup.stage.add_followup_tables`` is timed, on N and on 2N documents, the two
sizes taking turns ``--repeat`` times (best kept). The stage runs on one core; its CPU time is
less disturbed than its wall time by other work on the machine, so the last line is
``followup_2n_vs_n=<CPU seconds at 2N / CPU seconds at N>`` (the wall-time ratio is printed
above it): about 2 when the stage is linear in the number of documents, about 4 when quadratic.

Usage: ``.venv/bin/python benchmarks/bench_followup.py [--docs N] [--repeat R]``
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import pandas as pd

from regionkit.build import build_corpus
from regionkit.followup.stage import add_followup_tables
from regionkit.tables import Tables

ROOT = Path(__file__).resolve().parents[1]
REGIONS = ["mellansverige", "sydostra", "sodra", "norra", "vastra", "stockholm-gotland"]


def _renamed(frame: pd.DataFrame, old: str, new: str) -> pd.DataFrame:
    out = frame.copy()
    out["doc_id"] = new
    if "segment_id" in out.columns:
        out["segment_id"] = out["segment_id"].astype(str).str.replace(old, new, n=1,
                                                                      regex=False)
    return out


def generate(seed: Tables, n_docs: int) -> Tables:
    """Return tables of `n_docs` documents made from the seed tables (see the module doc)."""
    seed_ids = list(seed.documents["doc_id"])
    docs, segs, ents = [], [], []
    for k in range(n_docs):
        old = seed_ids[k % len(seed_ids)]
        new = f"{old}-{k:05d}"
        d = _renamed(seed.documents[seed.documents["doc_id"] == old], old, new)
        if str(d["sjukvardsregion"].iloc[0]):
            d["sjukvardsregion"] = REGIONS[(k // 5) % len(REGIONS)]
        docs.append(d)
        segs.append(_renamed(seed.segments[seed.segments["doc_id"] == old], old, new))
        ents.append(_renamed(seed.entity_mentions[seed.entity_mentions["doc_id"] == old],
                             old, new))
    return replace(seed, documents=pd.concat(docs, ignore_index=True),
                   segments=pd.concat(segs, ignore_index=True),
                   entity_mentions=pd.concat(ents, ignore_index=True))


def time_stage(tables: Tables) -> tuple[float, float, int]:
    """Return the wall and CPU seconds of one run of the stage and the number of links."""
    wall, cpu = time.perf_counter(), time.process_time()
    out = add_followup_tables(tables)
    return time.perf_counter() - wall, time.process_time() - cpu, len(out.activity_links)


def main(argv: list[str] | None = None) -> int:
    """Print the timings and the ratio; return 0."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=250, help="N documents (default 250)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per size, best kept (default 3)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as out:
        seed = build_corpus(ROOT / "data" / "raw", Path(out), use_cache=False).tables
    add_followup_tables(generate(seed, 10))  # warm the caches (data files, lemmatiser)
    sizes = (args.docs, 2 * args.docs)
    corpora = {n: generate(seed, n) for n in sizes}
    wall = dict.fromkeys(sizes, float("inf"))
    cpu = dict.fromkeys(sizes, float("inf"))
    links = {}
    for _ in range(args.repeat):  # sizes interleaved, so that a busy spell hits both
        for n in sizes:
            w, c, links[n] = time_stage(corpora[n])
            wall[n], cpu[n] = min(wall[n], w), min(cpu[n], c)
    for n in sizes:
        print(f"follow-up stage, {n} documents ({len(corpora[n].segments):,} segments): "
              f"{wall[n]:.2f} s wall, {cpu[n]:.2f} s CPU (best of {args.repeat}), "
              f"{links[n]:,} links")
    n, n2 = sizes
    print(f"wall time ratio: {wall[n2] / wall[n]:.2f}")
    print(f"followup_2n_vs_n={cpu[n2] / cpu[n]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
