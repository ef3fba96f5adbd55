"""Tagging speed: regionkit's full tagging against a bare tokenizer and a bare pattern scan.

Generates a corpus of at least 5 million words from the seed texts (deterministic: paragraphs of
the seeds, shuffled with a fixed seed, region and county names rotated so that the vocabulary
grows), then measures, each phase in a fresh process so that peak memory is its own:

(a) ``spacy.blank("sv")`` tokenisation, one core;
(b) a bare multi-pattern scan (pyahocorasick) of the same texts with the same patterns
    (regionkit's entity patterns, lower-cased), one core;
(c) regionkit's full tagging (norms, lemmas, entities, themes, evidence spans) as `regionkit
    build` runs it: ``Tagger(ocr=False).tag_many`` on segment texts with their kinds and heading
    paths (from `regionkit.segment`, worked out before the clock starts), with ``n_process=2``
    (both cores).

Prints words per second and peak memory (resident set) of each phase; the last line is
``tagging_vs_tokenizer=<c/a> tagging_vs_scan=<c/b>``.

Usage: ``.venv/bin/python benchmarks/bench_tagging.py [--words N] [--processes P]``
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = [ROOT / "data" / "raw", ROOT.parent / "shared" / "corpus"]
WORD = re.compile(r"\w+(?:[-–]\w+)*")
NAMES = ["Mellansverige", "Sydöstra", "Södra", "Norra", "Västra", "Stockholm-Gotland"]
COUNTIES = ["Örebro län", "Kalmar län", "Jönköpings län", "Östergötland", "Sörmland", "Uppsala",
            "Värmland", "Dalarna", "Gävleborg", "Västmanland", "Skåne", "Blekinge", "Kronoberg",
            "Halland", "Norrbotten", "Västerbotten", "Västernorrland", "Gotland"]
_COUNTY = re.compile(r"Region (?:" + "|".join(map(re.escape, COUNTIES)) + ")")


def seed_paragraphs() -> list[str]:
    """Paragraphs (blank-line separated) of the seed texts."""
    folder = next(f for f in SEEDS if f.is_dir() and list(f.glob("*.txt")))
    paras = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        paras += [p.strip() for p in re.split(r"\n\s*\n", text) if len(p.split()) >= 3]
    return paras


def make_corpus(min_words: int, seed: int = 13) -> tuple[list[str], int]:
    """Segment texts totalling at least `min_words` words, the same for every phase."""
    rng = random.Random(seed)
    paras = seed_paragraphs()
    texts: list[str] = []
    words = 0
    round_no = 0
    while words < min_words:
        order = paras[:]
        rng.shuffle(order)
        for p in order:
            county = COUNTIES[(round_no + len(texts)) % len(COUNTIES)]
            p = _COUNTY.sub(f"Region {county}", p)
            p = p.replace("Mellansverige", NAMES[round_no % len(NAMES)])
            texts.append(p)
            words += len(WORD.findall(p))
        round_no += 1
    return texts, words


def peak_mib() -> tuple[float, float]:
    """Peak resident memory of this process and of its largest child, MiB (Linux: KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, child


def phase_tokenizer(texts: list[str]) -> None:
    import spacy

    nlp = spacy.blank("sv")
    for _ in nlp.tokenizer.pipe(texts, batch_size=1000):
        pass


def phase_scan(texts: list[str]) -> None:
    import ahocorasick

    from regionkit.tagging.components import pattern_rows

    automaton = ahocorasick.Automaton()
    for i, row in enumerate(pattern_rows()):
        automaton.add_word(row.pattern.lower(), i)
    automaton.make_automaton()
    hits = 0
    for text in texts:
        for _ in automaton.iter(text.lower()):
            hits += 1


def segment_structure(texts: list[str]) -> tuple[list[str], list[tuple[str, ...]]]:
    """Kind and heading path of each text as `regionkit.segment` decides them (as in a build).

    A text that segmentation splits takes the kind and heading path of its first content
    segment. Worked out once per distinct text.
    """
    from regionkit.segment import segment_text

    seen: dict[str, tuple[str, tuple[str, ...]]] = {}
    kinds, paths = [], []
    for text in texts:
        found = seen.get(text)
        if found is None:
            segments = segment_text(text) or []
            first = next((s for s in segments if s.is_content), segments[0] if segments else None)
            found = seen[text] = ((first.kind, first.heading_path) if first is not None
                                  else ("paragraph", ()))
        kinds.append(found[0])
        paths.append(found[1])
    return kinds, paths


def phase_tagging(texts: list[str], processes: int, themes: bool = True) -> float:
    """Tag the texts; return the seconds it took (segment structure worked out before)."""
    kinds, paths = segment_structure(texts)
    start = time.perf_counter()
    from regionkit.tagging import Tagger

    tagger = Tagger(ocr=False, n_process=processes, themes=themes)
    for _ in tagger.tag_many(texts, kinds=kinds, heading_paths=paths):
        pass
    return time.perf_counter() - start


def run_phase(name: str, min_words: int, processes: int, themes: bool = True) -> dict:
    texts, words = make_corpus(min_words)
    start = time.perf_counter()
    if name == "tokenizer":
        phase_tokenizer(texts)
    elif name == "scan":
        phase_scan(texts)
    else:
        seconds = phase_tagging(texts, processes, themes)
    if name != "tagging":
        seconds = time.perf_counter() - start
    own, child = peak_mib()
    workers = processes if name == "tagging" and processes > 1 else 0
    return {"phase": name, "words": words, "texts": len(texts), "seconds": seconds,
            "words_per_second": words / seconds, "peak_mib_main": own,
            "peak_mib_worker": child, "peak_mib_total": own + workers * child}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=5_000_000)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--phase", choices=["tokenizer", "scan", "tagging"])
    parser.add_argument("--without-themes", action="store_true",
                        help="diagnosis: phase (c) without the theme component")
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(run_phase(args.phase, args.words, args.processes,
                                   not args.without_themes)))
        return
    results = {}
    labels = {"tokenizer": "(a) spacy.blank('sv') tokenizer, 1 core",
              "scan": "(b) pyahocorasick scan, same patterns, 1 core",
              "tagging": f"(c) regionkit tagging, {args.processes} processes"
                         + (" (without themes)" if args.without_themes else "")}
    for name in ("tokenizer", "scan", "tagging"):
        extra = ["--without-themes"] if args.without_themes else []
        out = subprocess.run([sys.executable, __file__, "--phase", name, "--words",
                              str(args.words), "--processes", str(args.processes), *extra],
                             check=True, capture_output=True, text=True, cwd=ROOT)
        res = json.loads(out.stdout.strip().splitlines()[-1])
        results[name] = res
        worker = (f", largest worker {res['peak_mib_worker']:.0f} MiB"
                  if name == "tagging" and args.processes > 1 else "")
        print(f"{labels[name]}: {res['words']:,} words in {res['seconds']:.1f} s = "
              f"{res['words_per_second']:,.0f} words/s; peak memory "
              f"{res['peak_mib_total']:.0f} MiB (main {res['peak_mib_main']:.0f} MiB{worker})",
              flush=True)
    load = os.getloadavg()[0]
    print(f"load average (1 min) at the end: {load:.2f}")
    c = results["tagging"]["words_per_second"]
    print(f"tagging_vs_tokenizer={c / results['tokenizer']['words_per_second']:.2f} "
          f"tagging_vs_scan={c / results['scan']['words_per_second']:.2f}")


if __name__ == "__main__":
    main()
