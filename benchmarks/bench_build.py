"""Build speed and memory: `regionkit build` against a bare tokenizer, on a generated corpus.

Generates a corpus of at least 1,000 documents and 2 million words from the five seed documents
of ``data/raw`` (deterministic: document k is seed ``k % 5`` with its blank-line separated blocks
after the first rotated by k, and region, county and body names rotated so that the vocabulary
grows; one document in five is the OCR-damaged seed), writes it with a manifest, then measures:

(a) ``spacy.blank("sv")`` tokenisation of the same document texts, one core, in a fresh process;
(b) the cold build (``regionkit build`` in a fresh process, no cache), wall time, and the peak
    memory of the whole process tree (sum of the resident sets of the build process and its
    workers, sampled every 50 ms from /proc);
(c) the same at half the corpus (peak memory must not grow with the corpus);
(d) a rebuild after one document of the full corpus is edited (the cache holds the others).

Each phase runs in its own process. The last line is
``build_vs_tokenizer=<a/b> peak_mib=<b's peak> rebuild_one_vs_cold=<d/b>``.

Usage: ``.venv/bin/python benchmarks/bench_build.py [--docs N] [--keep DIR]``
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED_DIR = ROOT / "data" / "raw"
WORD = re.compile(r"\w+(?:[-–]\w+)*")
REGIONS = ["mellansverige", "sydostra", "sodra", "norra", "vastra", "stockholm-gotland"]
NAMES = ["Mellansverige", "Sydöstra", "Södra", "Norra", "Västra", "Stockholm-Gotland"]
COUNTIES = ["Örebro län", "Kalmar län", "Jönköpings län", "Östergötland", "Sörmland", "Uppsala",
            "Värmland", "Dalarna", "Gävleborg", "Västmanland", "Skåne", "Blekinge", "Kronoberg",
            "Halland", "Norrbotten", "Västerbotten", "Västernorrland", "Gotland"]
_COUNTY = re.compile(r"Region (?:" + "|".join(map(re.escape, COUNTIES)) + ")")
_BLOCKS = re.compile(r"\n\s*\n")


def seed_documents() -> list[dict]:
    """The seed manifest rows with their texts, in manifest order."""
    with (SEED_DIR / "manifest.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        row["text"] = (SEED_DIR / row["file"]).read_text(encoding="utf-8")
    return rows


def make_document(seed: dict, k: int) -> str:
    """Document k: the seed's blocks after the first rotated by k, names rotated."""
    blocks = _BLOCKS.split(seed["text"])
    head, rest = blocks[:1], blocks[1:]
    if rest:
        shift = k % len(rest)
        rest = rest[shift:] + rest[:shift]
    text = "\n\n".join(head + rest)
    text = _COUNTY.sub(f"Region {COUNTIES[k % len(COUNTIES)]}", text)
    return text.replace("Mellansverige", NAMES[(k // 5) % len(NAMES)])


def write_corpus(folder: Path, n_docs: int) -> int:
    """Write `n_docs` documents and their manifest into `folder`; return the word count."""
    folder.mkdir(parents=True, exist_ok=True)
    seeds = seed_documents()
    words = 0
    with (folder / "manifest.csv").open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(["doc_id", "file", "sjukvardsregion", "body", "doc_type", "period_start",
                      "period_end", "date", "title"])
        for k in range(n_docs):
            seed = seeds[k % len(seeds)]
            text = make_document(seed, k)
            words += len(WORD.findall(text))
            name = f"doc{k:05d}.txt"
            (folder / name).write_text(text, encoding="utf-8")
            region = REGIONS[(k // 5) % len(REGIONS)] if seed["sjukvardsregion"] else ""
            out.writerow([f"{seed['doc_id']}-{k:05d}", name, region, seed["body"],
                          seed["doc_type"], seed["period_start"], seed["period_end"],
                          seed["date"], seed["title"]])
    return words


def tree_rss_mib(pid: int) -> float:
    """Sum of the resident sets of `pid` and all its descendants, MiB (from /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        p = int(entry)
        children.setdefault(int(fields[1]), []).append(p)
        rss[p] = int(fields[21])  # pages
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        total += rss.get(p, 0)
        stack.extend(children.get(p, ()))
    return total * os.sysconf("SC_PAGE_SIZE") / 2**20


def run_measured(cmd: list[str], **kw) -> tuple[float, float, subprocess.CompletedProcess]:
    """Run `cmd`; return wall seconds, peak process-tree memory (MiB), the finished process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
    peak = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss_mib(proc.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    return wall, peak, subprocess.CompletedProcess(cmd, proc.returncode, out, err)


TOKENIZE = """
import sys, time
from pathlib import Path
import spacy
nlp = spacy.blank("sv")
nlp.max_length = 10**8
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).glob("*.txt"))]
start = time.perf_counter()
n = sum(len(doc) for doc in nlp.pipe(texts, batch_size=64))
print(time.perf_counter() - start, n)
"""


def build(raw: Path, out: Path) -> tuple[float, float, subprocess.CompletedProcess]:
    cmd = [sys.executable, "-m", "regionkit", "build", "--raw", str(raw), "--out", str(out)]
    wall, peak, proc = run_measured(cmd, cwd=ROOT)
    if proc.returncode != 0:
        sys.exit(f"build failed ({proc.returncode}): {proc.stderr.strip()[-2000:]}")
    return wall, peak, proc


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=1250, help="documents (default 1250)")
    ap.add_argument("--keep", type=Path, help="keep the corpus and outputs in this folder")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-build-"))
    try:
        full, half = work / "raw", work / "raw_half"
        words = write_corpus(full, args.docs)
        half_words = write_corpus(half, args.docs // 2)
        print(f"corpus: {args.docs} documents, {words:,} words "
              f"(half: {args.docs // 2} documents, {half_words:,} words)")
        if words < 2_000_000 or args.docs < 1000:
            print("note: below the 1,000 documents / 2 M words the targets are set for")

        proc = subprocess.run([sys.executable, "-c", TOKENIZE, str(full)], capture_output=True,
                              text=True, check=True)
        tok_s = float(proc.stdout.split()[0])
        print(f"(a) spacy.blank('sv') tokenizer, one core: {tok_s:.2f} s "
              f"({words / tok_s:,.0f} words/s)")

        half_s, half_peak, _ = build(half, work / "out_half")
        print(f"(c) cold build, half corpus: {half_s:.2f} s, peak {half_peak:.0f} MiB")
        cold_s, cold_peak, proc = build(full, work / "out")
        print(f"(b) cold build, full corpus: {cold_s:.2f} s ({words / cold_s:,.0f} words/s), "
              f"peak {cold_peak:.0f} MiB (process tree)")
        print(f"    {proc.stdout.strip()}")

        edited = full / "doc00007.txt"
        edited.write_text(edited.read_text(encoding="utf-8") + "\n\nEn ändrad rad.\n",
                          encoding="utf-8")
        again_s, again_peak, proc = build(full, work / "out")
        print(f"(d) rebuild after editing one document: {again_s:.2f} s, "
              f"peak {again_peak:.0f} MiB")
        print(f"    {proc.stdout.strip()}")
        print(f"build_vs_tokenizer={tok_s / cold_s:.2f} peak_mib={cold_peak:.0f} "
              f"rebuild_one_vs_cold={again_s / cold_s:.2f}")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
