"""Do a DOCX and the PDFs made from it give the same segments? (README: "Real documents").

    .venv/bin/python scripts/measure_office_fixtures.py [FOLDER]

FOLDER (default tests/data/office) holds `<name>.docx` and PDFs of the same document named
`<name>.pdf`, `<name>.tagged.pdf`, `<name>.fpdf.pdf` (any `<name>.*.pdf`). Each file goes
through the build's own path (`regionkit.build.process_document`: ingest, normalise, segment).
For each PDF, against its DOCX:

- activities: the heading paths of the activity segments (section headings and bullet line)
  are the same list, in the same order ("same" / "differ");
- boilerplate: every page has its running header and page number as boilerplate, and no content
  segment holds a boilerplate line ("ok" / what is wrong);
- table cells: the table rows' cells are the same, in order ("same" / "differ");
- overlap: the share of the DOCX's content-word tokens (words of content segments, lower case,
  as a multiset) that the PDF's content segments also have.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402

from regionkit.build import _WORD, process_document  # noqa: E402
from regionkit.manifest import ManifestRow  # noqa: E402


def _doc(path: Path):
    row = ManifestRow(row=0, doc_id=path.name.replace(".", "-"), path=path, file=path.name,
                      listed=False)
    return process_document(row)


def _summary(path: Path) -> dict:
    doc = _doc(path)
    text = doc.norm.text
    segs = doc.segments
    activities = [s.heading_path for s in segs if s.kind == "activity"]
    cells = [text[s.start:s.end].split("\t") for s in segs if s.kind in ("table_row",)]
    content = Counter(w.lower() for s in segs if s.is_content
                      for w in _WORD.findall(text[s.start:s.end]))
    furniture = [b for b in doc.boilerplate]
    leaks = [b.text for b in furniture for s in segs if s.is_content
             and b.text in text[s.start:s.end].split("\n")]
    return {"activities": activities, "cells": cells, "content": content,
            "headers": sum(b.kind == "page_header" for b in furniture),
            "numbers": sum(b.kind == "page_number" for b in furniture), "leaks": leaks,
            "n_segments": len(segs)}


def _pages(path: Path) -> int:
    return len(PdfReader(path).pages) if path.suffix == ".pdf" else 1


def main(folder: Path) -> int:
    docx_files = sorted(folder.glob("*.docx"))
    if not docx_files:
        print(f"no .docx files in {folder}")
        return 2
    print("| document | format | segments | activities | boilerplate (header, page number) "
          "| table cells | content-word overlap with DOCX |")
    print("|---|---|---|---|---|---|---|")
    worst = 1.0
    for docx_path in docx_files:
        name = docx_path.stem
        base = _summary(docx_path)
        total = sum(base["content"].values())
        print(f"| {name} | docx | {base['n_segments']} | {len(base['activities'])} | "
              f"{base['headers']}, {base['numbers']} | {sum(map(len, base['cells']))} | "
              f"{total} words |")
        for pdf in sorted(folder.glob(f"{name}.*pdf")):
            if not pdf.name.startswith(name + "."):
                continue
            got = _summary(pdf)
            pages = _pages(pdf)
            shared = sum((got["content"] & base["content"]).values())
            overlap = shared / total if total else 1.0
            worst = min(worst, overlap)
            acts = "same" if got["activities"] == base["activities"] else "DIFFER"
            cells = "same" if got["cells"] == base["cells"] else "DIFFER"
            furniture = (f"{got['headers']}, {got['numbers']} on {pages} pages"
                         + ("" if got["headers"] == pages and got["numbers"] == pages
                            else " (MISSING)") + (" LEAKED" if got["leaks"] else ""))
            fmt = pdf.name[len(name) + 1:]
            print(f"| {name} | {fmt} | {got['n_segments']} | {len(got['activities'])} ({acts}) "
                  f"| {furniture} | {cells} | {overlap:.1%} ({shared}/{total}) |")
    print(f"\nlowest overlap: {worst:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "data" /
                  "office"))
