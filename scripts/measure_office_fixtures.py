"""Do a DOCX and the PDFs made from it give the expected segments? (README: "Real documents").

    .venv/bin/python scripts/measure_office_fixtures.py [FOLDER] [--only PREFIX]

FOLDER (default tests/data/office) holds `<name>.docx` and PDFs of the same document named
`<name>.pdf`, `<name>.tagged.pdf`, `<name>.fpdf.pdf` (any `<name>.*.pdf`), and, where written,
the structure expected by hand in `expected/<name>.yaml`. `--only PREFIX` keeps the documents
whose name starts with PREFIX (e.g. `unseen_`). Each file goes through the build's own path
(`regionkit.build.process_document`: ingest, normalise, segment). For each file:

- structure: of the expected segments (kind and heading path, in order; footnotes left out, a
  run of `toc` segments counted as one, a table header row repeated on a later page dropped),
  how many the file gives in the same order (longest matching subsequence);
- activities: the heading paths of the activity segments against the expected ones ("same" or
  how many of the expected are found);
- boilerplate: of the expected (running-header line, page) pairs and page numbers, how many are
  recorded as boilerplate (a DOCX has one header and one footer part: one page);
- leaks: content segments holding a running-header line or a page number as a line, or a
  footnote's text;
- table cells: of the expected cells (row by row, in order), how many the table rows give;
- overlap: the share of the DOCX's content-word tokens (words of content segments, lower case,
  as a multiset) that the PDF's content segments also have.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402

from regionkit.build import _WORD, process_document  # noqa: E402
from regionkit.manifest import ManifestRow  # noqa: E402


def _doc(path: Path):
    row = ManifestRow(row=0, doc_id=path.name.replace(".", "-"), path=path, file=path.name,
                      listed=False)
    return process_document(row)


def sequence(items: list[tuple[str, list[str], str]]) -> list[tuple[str, list[str], str]]:
    """(kind, path, text) of segments as the expected files list them.

    Footnotes are left out, a run of `toc` segments becomes one, and a table header row that
    repeats the first one (a table continued on the next page) is dropped.
    """
    out: list[tuple[str, list[str], str]] = []
    first_header = None
    for kind, path, text in items:
        if kind == "footnote" or (kind == "toc" and out and out[-1][0] == "toc"):
            continue
        if kind == "table_header":
            if first_header is not None and text == first_header:
                continue
            first_header = first_header if first_header is not None else text
        out.append((kind, list(path), text))
    return out


def header_lines(expected: dict) -> list[str]:
    """The running header's lines of an expected file (one string or a list)."""
    header = expected["boilerplate"]["header"]
    return [header] if isinstance(header, str) else list(header)


def _summary(path: Path) -> dict:
    doc = _doc(path)
    text = doc.norm.text
    segs = doc.segments
    content = Counter(w.lower() for s in segs if s.is_content
                      for w in _WORD.findall(text[s.start:s.end]))
    return {"doc": doc, "text": text, "segs": segs, "content": content,
            "items": [(s.kind, list(s.heading_path), text[s.start:s.end]) for s in segs]}


def _pages(path: Path) -> int:
    return len(PdfReader(path).pages) if path.suffix == ".pdf" else 1


def _against_expected(got: dict, expected: dict, pages: int) -> dict:
    want = [(e["kind"], e["path"]) for e in expected["segments"]]
    items = sequence(got["items"])
    have = [(k, p) for k, p, _ in items]
    matcher = difflib.SequenceMatcher(a=[repr(w) for w in want], b=[repr(h) for h in have],
                                      autojunk=False)
    matched = sum(b.size for b in matcher.get_matching_blocks())
    acts_want = [e["path"] for e in expected["segments"] if e["kind"] == "activity"]
    acts_have = [p for k, p, _ in items if k == "activity"]
    acts_found = sum(1 for a in acts_want if a in acts_have)
    cells_want = [e["cells"] for e in expected["segments"] if "cells" in e]
    rows_have = [t.split("\t") for k, _, t in items if k in ("table_header", "table_row")]
    cells_total = sum(map(len, cells_want))
    cells_found = sum(1 for w, h in zip(cells_want, rows_have, strict=False)
                      for a, b in zip(w, h, strict=False) if a == b)
    furniture = got["doc"].boilerplate
    header_texts = Counter(line.strip() for b in furniture if b.kind == "page_header"
                           for line in b.text.split("\n"))
    lines = header_lines(expected)
    headers_found = sum(min(header_texts[line], pages) for line in lines)
    footers = [expected["boilerplate"]["footer"].format(n=n, m=pages)
               for n in range(1, pages + 1)]
    number_texts = Counter(b.text.strip() for b in furniture if b.kind == "page_number")
    numbers_found = sum(1 for f in footers if number_texts[f] > 0)
    leaks = []
    for seg in got["segs"]:
        if not seg.is_content:
            continue
        seg_text = got["text"][seg.start:seg.end]
        seg_lines = [s.strip() for s in seg_text.split("\n")]
        leaks += [x for x in lines + footers if x in seg_lines]
        leaks += [f for f in expected.get("footnotes", []) if f in seg_text]
    return {"structure": (matched, len(want)), "acts": (acts_found, len(acts_want),
                                                        acts_have == acts_want),
            "cells": (cells_found, cells_total), "headers": (headers_found, len(lines) * pages),
            "numbers": (numbers_found, pages), "leaks": leaks}


def _row(name: str, fmt: str, got: dict, expected: dict | None, pages: int,
         overlap: str) -> str:
    n = len(got["segs"])
    if expected is None:
        return f"| {name} | {fmt} | {n} | – | – | – | – | – | {overlap} |"
    m = _against_expected(got, expected, pages)
    found, total, same = m["acts"]
    acts = "same" if same else f"{found}/{total}"
    return (f"| {name} | {fmt} | {n} | {m['structure'][0]}/{m['structure'][1]} | {acts} | "
            f"{m['headers'][0]}/{m['headers'][1]}, {m['numbers'][0]}/{m['numbers'][1]} | "
            f"{len(m['leaks'])} | {m['cells'][0]}/{m['cells'][1]} | {overlap} |")


def main(argv: list[str] | None = None) -> int:
    """Print the table of the module docstring; return 2 when the folder has no DOCX."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT / "tests" / "data" / "office")
    parser.add_argument("--only", default="", help="keep documents whose name starts so")
    args = parser.parse_args(argv)
    docx_files = sorted(p for p in args.folder.glob("*.docx") if p.stem.startswith(args.only))
    if not docx_files:
        print(f"no .docx files in {args.folder}")
        return 2
    print("| document | format | segments | structure as expected | activities as expected "
          "| boilerplate: header lines, page numbers | leaks into content "
          "| table cells as expected | content-word overlap with DOCX |")
    print("|---|---|---|---|---|---|---|---|---|")
    worst = 1.0
    for docx_path in docx_files:
        name = docx_path.stem
        exp_path = args.folder / "expected" / f"{name}.yaml"
        expected = (yaml.safe_load(exp_path.read_text(encoding="utf-8"))
                    if exp_path.exists() else None)
        base = _summary(docx_path)
        total = sum(base["content"].values())
        print(_row(name, "docx", base, expected, 1, f"({total} words)"))
        for pdf in sorted(args.folder.glob(f"{name}.*pdf")):
            got = _summary(pdf)
            shared = sum((got["content"] & base["content"]).values())
            overlap = shared / total if total else 1.0
            worst = min(worst, overlap)
            print(_row("", pdf.name[len(name) + 1:], got, expected, _pages(pdf),
                       f"{overlap:.1%} ({shared}/{total})"))
    print(f"\nlowest overlap: {worst:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
