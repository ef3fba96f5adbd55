"""Office documents the readers were not developed on: DOCX and LibreOffice PDF, plain and tagged.

The documents are made by `tests/data/office/make_unseen.py` (python-docx, LibreOffice headless)
and committed. What each must give was written by hand in `expected/unseen_*.yaml` before any
reader ran on the files (the format is described in unseen_verksamhetsplan_norra.yaml).
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
FORMATS = [".docx", ".pdf", ".tagged.pdf"]
_WORD = re.compile(r"\w+(?:[-–]\w+)*")
# One page, no tags: a running header is then one line among others at the top of the page
# (nothing repeats), and is not told apart from the text.
ONE_PAGE_UNTAGGED = ("unseen_motesanteckningar_stockholm", ".pdf")


def _authored() -> dict:
    spec = importlib.util.spec_from_file_location("make_unseen", OFFICE / "make_unseen.py")
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


def _sequence(text: str, segments) -> list[tuple[str, list[str], str]]:
    """Segments as the expected files list them: no footnotes, a run of toc as one, a table
    header row repeated on a later page dropped."""
    out: list[tuple[str, list[str], str]] = []
    first_header = None
    for seg in segments:
        item = (seg.kind, list(seg.heading_path), text[seg.start:seg.end])
        if seg.kind == "footnote" or (seg.kind == "toc" and out and out[-1][0] == "toc"):
            continue
        if seg.kind == "table_header":
            if first_header is not None and item[2] == first_header:
                continue
            first_header = first_header if first_header is not None else item[2]
        out.append(item)
    return out


def _pages(path: Path) -> int:
    return len(PdfReader(path).pages) if path.suffix == ".pdf" else 1


# Known gaps, measured on these documents and listed in the README (strict: a fix shows).
_NESTED = ("a second-level bullet under a typed 'b)' item stands at the item marker's indent in "
           "the PDF (List Bullet 2 and the typed item are both indented 18 pt): it is read as an "
           "item of its own, not nested (the DOCX has the style name)")
_AGENDA = ("meeting notes are cut into agenda items on the structured path (README); the "
           "expected file, written before, lists sections and activities")
KNOWN = {
    ("unseen_aktivitetsplan_sodra", ".pdf", "structure"): _NESTED,
    ("unseen_aktivitetsplan_sodra", ".tagged.pdf", "structure"): _NESTED,
    ("unseen_motesanteckningar_stockholm", ".docx", "structure"): _AGENDA,
    ("unseen_motesanteckningar_stockholm", ".tagged.pdf", "structure"): _AGENDA,
}


def _case(name: str, fmt: str, test: str):
    marks = ()
    reason = KNOWN.get((name, fmt, test))
    if test in ("structure", "header") and (name, fmt) == ONE_PAGE_UNTAGGED:
        reason = ("one-page untagged PDF: a running header does not repeat, so it is not "
                  "recognised")
    if reason:
        marks = pytest.mark.xfail(strict=True, reason=reason)
    return pytest.param(name, fmt, id=f"{name}{fmt}", marks=marks)


NAMES = sorted(AUTHORED)
def _cases(test: str) -> list:
    return [_case(name, fmt, test) for name in NAMES for fmt in FORMATS]


@pytest.mark.parametrize(("name", "fmt"), _cases("structure"))
def test_segments_are_the_hand_written_structure(name: str, fmt: str) -> None:
    text, segments, _ = _segment(OFFICE / f"{name}{fmt}")
    expected = _expected(name)["segments"]
    got = _sequence(text, segments)
    assert [(k, p) for k, p, _ in got] == [(e["kind"], e["path"]) for e in expected]
    for (_, _, seg_text), e in zip(got, expected, strict=True):
        if "starts" in e:
            assert seg_text.startswith(e["starts"]), (seg_text[:80], e["starts"])
        if "ends" in e:
            assert seg_text.endswith(e["ends"]), (seg_text[-80:], e["ends"])
        if "cells" in e:
            assert seg_text.split("\t") == e["cells"]


@pytest.mark.parametrize(("name", "fmt"), _cases("header"))
def test_running_header_lines_and_page_numbers_are_boilerplate(name: str, fmt: str) -> None:
    path = OFFICE / f"{name}{fmt}"
    text, segments, boilerplate = _segment(path)
    expected = _expected(name)["boilerplate"]
    pages = _pages(path)
    header_lines = [line.strip() for b in boilerplate if b.kind == "page_header"
                    for line in b.text.split("\n") if line.strip()]
    assert sorted(header_lines) == sorted(expected["header"] * pages)
    footers = [expected["footer"].format(n=n, m=pages) for n in range(1, pages + 1)]
    assert [b.text for b in boilerplate if b.kind == "page_number"] == footers
    for seg in segments:
        lines = [line.strip() for line in text[seg.start:seg.end].split("\n")]
        if seg.kind in CONTENT_KINDS:
            assert not set(expected["header"]) & set(lines), text[seg.start:seg.end][:80]
        assert not set(footers) & set(lines)


@pytest.mark.parametrize(("name", "fmt"), _cases("footnotes"))
def test_footnotes_are_kept_apart_from_content(name: str, fmt: str) -> None:
    text, segments, _ = _segment(OFFICE / f"{name}{fmt}")
    notes = _expected(name)["footnotes"]
    found = [text[s.start:s.end] for s in segments if s.kind == "footnote"]
    assert len(found) == len(notes)
    for note, seg_text in zip(notes, found, strict=True):
        assert note in seg_text
    assert "footnote" not in CONTENT_KINDS
    for seg in segments:
        if seg.kind in CONTENT_KINDS:
            assert not any(note in text[seg.start:seg.end] for note in notes)


def _authored_words(blocks) -> list[str]:
    chunks: list[str] = []
    for kind, value in blocks:
        if kind in ("table", "plain_table"):
            chunks.extend(cell for row in value for cell in row)
        elif kind == "landscape":
            chunks.extend(_authored_words(value))
        elif kind == "p_note":
            chunks.append(value[0])
        elif kind not in ("toc_lines", "toc_field", "pagebreak"):
            chunks.append(value)
    return [w for chunk in chunks for w in _WORD.findall(chunk)]


@pytest.mark.parametrize(("name", "fmt"), _cases("words"))
def test_every_authored_word_is_in_the_segments_in_order(name: str, fmt: str) -> None:
    text, segments, _ = _segment(OFFICE / f"{name}{fmt}")
    spec = AUTHORED[name]
    want = [w for line in spec["title"] for w in _WORD.findall(line)]
    want += _authored_words(spec["blocks"])
    got = [w for s in segments if s.kind not in ("toc", "footnote")
           for w in _WORD.findall(text[s.start:s.end])]
    it = iter(got)
    missing = [w for w in want if not any(g == w for g in it)]
    assert missing == []
