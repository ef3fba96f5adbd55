"""Plans as office programs export them: DOCX, LibreOffice PDF (plain and tagged), fpdf2 PDF.

The fixtures in tests/data/office were made by `make_fixtures.py` there (python-docx, LibreOffice
headless, fpdf2) and are committed, so these tests need neither LibreOffice nor fonts. What each
must give was written by hand in `expected/<name>.yaml` before any reader ran on the files; the
words of every fixture come from the documents as authored (`DOCUMENTS` in make_fixtures.py).
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from regionkit.ingest import read_document
from regionkit.normalize import normalize_text
from regionkit.segment import CONTENT_KINDS, segment_document

OFFICE = Path(__file__).resolve().parent / "data" / "office"
NAMES = ["plan_mellansverige", "plan_sydostra", "tabell_uppfoljning"]
FORMATS = [".docx", ".pdf", ".tagged.pdf", ".fpdf.pdf"]
_WORD = re.compile(r"\w+(?:[-–]\w+)*")


def _authored() -> dict:
    spec = importlib.util.spec_from_file_location("make_fixtures", OFFICE / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.DOCUMENTS


AUTHORED = _authored()


def _segment(path: Path):
    raw = read_document(path)
    norm = normalize_text(raw.text, wrapped=False if raw.blocks else None)
    segments, boilerplate = segment_document(norm, raw.blocks)
    return norm.text, segments, boilerplate


def _expected(name: str) -> dict:
    return yaml.safe_load((OFFICE / "expected" / f"{name}.yaml").read_text(encoding="utf-8"))


CASES = [pytest.param(name, fmt, id=f"{name}{fmt}") for name in NAMES for fmt in FORMATS]


@pytest.mark.parametrize(("name", "fmt"), CASES)
def test_segments_are_the_hand_written_structure(name: str, fmt: str) -> None:
    text, segments, _ = _segment(OFFICE / f"{name}{fmt}")
    expected = _expected(name)["segments"]
    got = [(s.kind, list(s.heading_path), text[s.start:s.end]) for s in segments]
    if fmt != ".docx":  # a header row repeated on the next page is allowed, and nothing else
        first_header = next((g for g in got if g[0] == "table_header"), None)
        got = [g for k, g in enumerate(got)
               if not (g[0] == "table_header" and first_header is not None
                       and g[2] == first_header[2] and got.index(first_header) != k)]
    assert [(k, p) for k, p, _ in got] == [(e["kind"], e["path"]) for e in expected]
    for (_, _, seg_text), e in zip(got, expected, strict=True):
        if "starts" in e:
            assert seg_text.startswith(e["starts"]), (seg_text[:80], e["starts"])
        if "cells" in e:
            assert seg_text.split("\t") == e["cells"]


@pytest.mark.parametrize(("name", "fmt"), CASES)
def test_running_header_and_page_numbers_are_boilerplate_never_content(name: str, fmt: str
                                                                       ) -> None:
    path = OFFICE / f"{name}{fmt}"
    text, segments, boilerplate = _segment(path)
    expected = _expected(name)["boilerplate"]
    header = expected["header"]
    headers = [b.text for b in boilerplate if b.kind == "page_header"]
    numbers = [b.text for b in boilerplate if b.kind == "page_number"]
    if fmt == ".docx":  # one header and one footer part; the footer shows its fields' values
        pages = [1]
        assert headers == [header]
    else:
        pages = list(range(1, len(PdfReader(path).pages) + 1))
        assert headers == [header] * len(pages)
    footers = [expected["footer"].format(n=n, m=len(pages)) for n in pages]
    assert numbers == footers
    for seg in segments:
        assert header not in text[seg.start:seg.end]
        for footer in footers:
            assert footer not in text[seg.start:seg.end].split("\n")


@pytest.mark.parametrize(("name", "fmt"), CASES)
def test_every_authored_word_is_in_the_segments_in_order(name: str, fmt: str) -> None:
    text, segments, _ = _segment(OFFICE / f"{name}{fmt}")
    spec = AUTHORED[name]
    authored = list(spec["title"])

    def collect(blocks) -> None:
        for kind, value in blocks:
            if kind == "table":
                authored.extend(cell for row in value for cell in row)
            elif kind == "columns":
                collect(value)
            elif value:
                authored.append(value)

    collect(spec["blocks"])
    want = [w for chunk in authored for w in _WORD.findall(chunk)]
    got = [w for s in segments for w in _WORD.findall(text[s.start:s.end])]
    # In order, each word once; a repeated table header row may add its words once more.
    it = iter(got)
    missing = [w for w in want if not any(g == w for g in it)]
    assert missing == []


def test_table_rows_are_content_and_the_header_row_is_not() -> None:
    text, segments, _ = _segment(OFFICE / "tabell_uppfoljning.docx")
    kinds = [s.kind for s in segments]
    assert kinds[0] == "table_header" and "table_header" not in CONTENT_KINDS
    assert kinds[1:] == ["table_row"] * 19 and "table_row" in CONTENT_KINDS
