"""Limits on one document, and long text cut into units: no stage chokes, nothing is lost.

Regression tests: a DOCX that expanded to 12.8 M characters took minutes and became one
boilerplate span; a 5 MB one-line text file and a 3 MB report of paragraphs without headings
became single segments longer than spaCy's `nlp.max_length`, which stopped the whole build.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

from regionkit.build import process_document
from regionkit.ingest import IngestError, limits, read_document
from regionkit.manifest import ManifestRow
from regionkit.segment import load_patterns

SENTENCE = "Regionerna planerar gemensamt för vårdplatser inom rättspsykiatrin. "


def _row(path: Path) -> ManifestRow:
    return ManifestRow(row=0, doc_id="lang", path=path, file=path.name, listed=False)


def _covered(text: str, spans) -> bool:
    cover = bytearray(len(text))
    for s in spans:
        cover[s.start:s.end] = b"\x01" * (s.end - s.start)
    return all(cover[k] or ch.isspace() for k, ch in enumerate(text))


@pytest.mark.parametrize("shape", ["one_line", "paragraphs"])
def test_long_text_without_headings_is_cut_into_units_of_the_documented_maximum(tmp_path,
                                                                               shape):
    # Longer than spaCy's nlp.max_length (1,000,000), as the 5 MB and 3 MB files that stopped
    # the build were; kept near that size so that the test stays quick.
    if shape == "one_line":
        text = SENTENCE * (1_100_000 // len(SENTENCE))
    else:  # a report of plain paragraphs
        paragraph = SENTENCE * 12
        text = "\n\n".join([paragraph] * (1_100_000 // len(paragraph)))
    path = tmp_path / f"{shape}.txt"
    path.write_text(text, encoding="utf-8")

    doc = process_document(_row(path))

    limit = load_patterns().max_unit_chars
    assert limit == 10_000  # the value the README documents
    assert len(doc.segments) > len(text) // limit
    assert max(s.end - s.start for s in doc.segments) <= limit
    assert _covered(doc.norm.text, [*doc.segments, *doc.boilerplate])
    # Cut between paragraphs or after a sentence, never inside a word.
    for s in doc.segments:
        assert doc.norm.text[s.start:s.end].endswith(".")


def _docx_of(n_paragraphs: int, path: Path) -> Path:
    """A DOCX whose body is n paragraphs of 100 characters (XML written directly, as fast)."""
    docx.Document().save(path)
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    body = "<w:p><w:r><w:t>" + "ö" * 99 + " </w:t></w:r></w:p>"
    xml = parts["word/document.xml"].decode()
    start, end = xml.index("<w:body>") + len("<w:body>"), xml.index("<w:sectPr")
    parts["word/document.xml"] = (xml[:start] + body * n_paragraphs + xml[end:]).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def test_docx_expanding_to_millions_of_characters_is_refused_in_one_line(tmp_path):
    path = _docx_of(128_000, tmp_path / "enorm.docx")
    assert path.stat().st_size < 1_000_000  # small on disk, huge inside

    with pytest.raises(IngestError) as caught:
        read_document(path)

    assert str(caught.value) == (
        "enorm.docx: text of 12,800,000 characters is over the limit of 8,000,000")


def test_docx_over_the_expanded_size_limit_is_refused_before_parsing(tmp_path, monkeypatch):
    monkeypatch.setattr("regionkit.ingest.docx.MAX_DOCX_EXPANDED_BYTES", 1_000_000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<" + b"a" * 5_000_000 + b">")
    path = tmp_path / "bomb.docx"
    path.write_bytes(buffer.getvalue())

    with pytest.raises(IngestError, match=r"^bomb\.docx: DOCX expands to 5 MB, over the limit "
                                          r"of 1 MB$"):
        read_document(path)


def test_file_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "stor.txt"
    path.write_text("a" * 2000, encoding="utf-8")

    with pytest.raises(IngestError, match=r"^stor\.txt: file of 0 MB is over the limit of 0 MB$"):
        read_document(path)


def test_documented_limits() -> None:
    assert (limits.MAX_FILE_BYTES, limits.MAX_DOCX_EXPANDED_BYTES, limits.MAX_PDF_PAGES,
            limits.MAX_TEXT_CHARS) == (200 * 2**20, 100 * 2**20, 2000, 8_000_000)
