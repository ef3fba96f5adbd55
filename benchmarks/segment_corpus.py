"""Pin the plain-text segmenter's output on the seeds and on documents generated from them.

A refactoring of `regionkit.segment` that must not change its output is checked by running this
script before and after it:

    .venv/bin/python benchmarks/segment_corpus.py --write /tmp/segment_before.pkl
    ... edit ...
    .venv/bin/python benchmarks/segment_corpus.py --check /tmp/segment_before.pkl

The corpus: the five seeds (raw and normalised) and N documents (default 300) made
deterministically from the seeds' lines: blocks of the seeds shuffled, page headers repeated,
bullets and sub-bullets, numbered and § sections (sometimes going back), attendee and member
lists, tables of contents, decisions, signatures, page numbers, hard-wrapped prose. For every
document it records `find_boilerplate(text)` and `segment_text(text, boilerplate)`, and also
`segment_text(text)` without boilerplate and with random spans left out (overlapping, past the
ends, empty). The last line printed is
`documents=<n> segments=<m> boilerplate=<b> digest=<sha256 prefix>`.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import random
import sys
from pathlib import Path

from regionkit.normalize import normalize_text
from regionkit.segment import Boilerplate, find_boilerplate, segment_text

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"

BULLETS = ["- ", "• ", "– ", "e ", "o ", "* ", "▪ "]
ATTENDEE_CUES = ["Närvarande", "Närvarande ledamöter", "Adjungerade", "Förhinder", "Ersättare"]
MEMBER_CUES = ["Medlemmar", "Ledamöter", "Gruppens sammansättning", "Representanter"]
DECISIONS = ["Beslut:", "Beslutades", "Förslag till beslut:", "Nämnden beslutar"]
SIGNATURES = ["Vid anteckningarna", "Vid protokollet", "Justeras", "Ordförande", "Sekreterare"]
TITLE_WORDS = [
    "Mötesanteckningar", "Protokoll", "Verksamhetsplan", "Återrapport", "Verksamhetsberättelse"
]
NAMES = ["Anna Svensson", "Per Lind", "Karin Ek", "Olof Berg", "Maria Holm", "Johan Nyström"]


def seed_texts() -> list[str]:
    raws = [p.read_text(encoding="utf-8") for p in sorted(RAW.glob("*.txt"))]
    return raws + [normalize_text(t).text for t in raws]


def seed_blocks(texts: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = []
    for text in texts:
        cur: list[str] = []
        for line in text.split("\n"):
            if line.strip():
                cur.append(line)
            elif cur:
                blocks.append(cur)
                cur = []
        if cur:
            blocks.append(cur)
    return blocks


def _short(rng: random.Random, lines: list[str]) -> str:
    words = rng.choice(lines).split()[:6] or ["Text"]
    out = " ".join(words).strip(".,:;")
    return (out[:1].upper() + out[1:]) or "Rubrik"


def _sentence(rng: random.Random, lines: list[str]) -> str:
    line = rng.choice(lines).strip()
    return line if line.endswith(".") else line + "."


def _bullets(rng: random.Random, lines: list[str]) -> list[str]:
    out = []
    marker = rng.choice(BULLETS)
    for _ in range(rng.randint(1, 5)):
        out.append(marker + _short(rng, lines))
        if rng.random() < 0.5:
            out.append(_sentence(rng, lines))
        if rng.random() < 0.3:
            out.append("    " + rng.choice(BULLETS) + _short(rng, lines))
        if rng.random() < 0.2:
            out.append("")
    return out


def _numbered(rng: random.Random, lines: list[str], para: bool) -> list[str]:
    out: list[str] = []
    top = rng.randint(1, 4)
    for _ in range(rng.randint(2, 6)):
        label = _short(rng, lines).upper() if para and rng.random() < 0.5 else _short(rng, lines)
        prefix = f"§ {top}" if para else f"{top}."
        out += ["", f"{prefix} {label}"]
        if rng.random() < 0.4:
            for sub in range(1, rng.randint(2, 4)):
                sp = f"§ {top}.{sub}" if para else f"{top}.{sub}"
                out += ["", f"{sp} {_short(rng, lines)}"]
                out += rng.choice([[_sentence(rng, lines)], _bullets(rng, lines), []])
        else:
            out += rng.choice([[_sentence(rng, lines)], _bullets(rng, lines), []])
        if rng.random() < 0.3:
            out += [rng.choice(DECISIONS) + " " + _sentence(rng, lines)]
        if rng.random() < 0.15:
            out += [f"1. {_short(rng, lines)}", f"2. {_short(rng, lines)}"]
        top += rng.choice([1, 1, 1, 2, -1, 0])
        top = max(top, 1)
    return out


def _attendees(rng: random.Random) -> list[str]:
    out: list[str] = []
    for cue in rng.sample(ATTENDEE_CUES, rng.randint(1, 3)):
        names = rng.sample(NAMES, rng.randint(1, 4))
        if rng.random() < 0.5:
            out += [f"{cue}\t{names[0]}"] + [f"\t{n}" for n in names[1:]]
        else:
            out += [cue] + names
        if rng.random() < 0.3:
            out.append("")
    return out


def _members(rng: random.Random) -> list[str]:
    head = rng.choice(MEMBER_CUES)
    if rng.random() < 0.3:
        head = f"2.2 {head}"
    return [head] + [f"{n}\tRegion {rng.choice(['Örebro', 'Västmanland', 'Uppsala'])}"
                     for n in rng.sample(NAMES, rng.randint(1, 5))]


def _toc(rng: random.Random, lines: list[str]) -> list[str]:
    out = ["Innehållsförteckning"] if rng.random() < 0.7 else []
    for k in range(rng.randint(2, 6)):
        entry = _short(rng, lines)
        sep = rng.choice(["........", "\t", "   "])
        out.append(f"{k + 1}. {entry}{sep}{k + 2}")
    return out


def _signature(rng: random.Random) -> list[str]:
    return ["", rng.choice(SIGNATURES), "", rng.choice(NAMES)]


def _header(rng: random.Random, lines: list[str]) -> list[str]:
    return [_short(rng, lines), f"Datum\t2020-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"]


def _wrapped(rng: random.Random, lines: list[str]) -> list[str]:
    words = " ".join(_sentence(rng, lines) for _ in range(3)).split()
    out, cur = [], ""
    for w in words:
        if len(cur) + len(w) > 70:
            out.append(cur)
            cur = w.lower()
        else:
            cur = f"{cur} {w}".strip()
    return out + [cur]


def _part(rng: random.Random, blocks: list[list[str]], lines: list[str]) -> list[str]:
    pick = rng.random()
    if pick < 0.25:
        return list(rng.choice(blocks))
    if pick < 0.4:
        return [_short(rng, lines)] + _bullets(rng, lines)
    if pick < 0.55:
        return _numbered(rng, lines, para=rng.random() < 0.5)
    if pick < 0.62:
        return _attendees(rng)
    if pick < 0.68:
        return _members(rng)
    if pick < 0.74:
        return _toc(rng, lines)
    if pick < 0.82:
        return [rng.choice(DECISIONS) + " " + _sentence(rng, lines)]
    if pick < 0.9:
        return _wrapped(rng, lines)
    return [_sentence(rng, lines) for _ in range(rng.randint(1, 3))]


def generate(k: int, blocks: list[list[str]], lines: list[str]) -> str:
    """Return generated document number k (deterministic)."""
    rng = random.Random(k)
    title = [rng.choice(TITLE_WORDS) + " " + _short(rng, lines)]
    if rng.random() < 0.5:
        title += ["Datum\t2024-09-12", "Plats\tRegionens hus"]
    parts = [_part(rng, blocks, lines) for _ in range(rng.randint(3, 9))]
    rng.shuffle(parts)
    if rng.random() < 0.3:
        parts.insert(0, _toc(rng, lines))
    header = _header(rng, lines) if rng.random() < 0.5 else None
    out: list[str] = list(title)
    for n, part in enumerate(parts):
        if header and n % 2 == 0:
            out += ["", *header, ""]
        if rng.random() < 0.2:
            out += [f"Sida {n + 1} av {len(parts)}"]
        out += [""] if rng.random() < 0.7 else []
        out += part
    if rng.random() < 0.4:
        out += _signature(rng)
    if k % 25 == 0:  # a unit longer than the maximum (cut_long)
        out += ["", " ".join(_sentence(rng, lines) for _ in range(150))]
    return "\n".join(out) + "\n"


def corpus(n: int) -> list[str]:
    seeds = seed_texts()
    blocks = seed_blocks(seeds)
    lines = [line.strip() for b in blocks for line in b if len(line.strip()) > 3]
    return seeds + [generate(k, blocks, lines) for k in range(n)]


def results(texts: list[str]) -> list[tuple]:
    out = []
    for text in texts:
        boiler = find_boilerplate(text)
        with_bp = segment_text(text, boiler)
        without = segment_text(text)
        rng = random.Random(len(text))
        spans = [
            Boilerplate(a, a + rng.randint(-3, 80), "page_header", "")
            for a in (rng.randint(-5, len(text) + 5) for _ in range(rng.randint(0, 6)))
        ]
        caller = segment_text(text, spans)
        out.append((
            text,
            [(b.start, b.end, b.kind, b.text) for b in boiler],
            [(s.start, s.end, s.kind, s.heading_path) for s in with_bp],
            [(s.start, s.end, s.kind, s.heading_path) for s in without],
            [(s.start, s.end, s.kind, s.heading_path) for s in caller],
        ))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, help="pickle the results to this file")
    group.add_argument("--check", type=Path, help="compare the results with this pickle")
    ap.add_argument("-n", type=int, default=300, help="number of generated documents")
    args = ap.parse_args()
    res = results(corpus(args.n))
    blob = pickle.dumps(res, protocol=4)
    n_seg = sum(len(r[2]) + len(r[3]) + len(r[4]) for r in res)
    n_bp = sum(len(r[1]) for r in res)
    summary = (
        f"documents={len(res)} segments={n_seg} boilerplate={n_bp} "
        f"digest={hashlib.sha256(blob).hexdigest()[:16]}"
    )
    if args.write:
        args.write.write_bytes(blob)
        print(summary)
        return 0
    before = pickle.loads(args.check.read_bytes())
    differ = [k for k, (a, b) in enumerate(zip(before, res, strict=False)) if a != b]
    if len(before) != len(res) or differ:
        print(f"differ: {len(differ)} documents, first {differ[:10]}; count {len(before)} vs "
              f"{len(res)}", file=sys.stderr)
        print(summary)
        return 1
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
