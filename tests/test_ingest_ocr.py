"""A scanned PDF (no text layer) OCR'd with ocrmypdf and tesseract's Swedish model.

The fixture tests/data/office/scan_plan.pdf is page 1 of plan_sydostra.pdf rendered to an image
and wrapped back into a PDF (make_scan.py). The OCR test runs where ocrmypdf and
tesseract-ocr-swe are installed and is skipped elsewhere (they are Debian packages, not Python
ones; CI does not have them).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from regionkit.build import build_corpus
from regionkit.ingest import IngestError, read_document
from regionkit.ingest.ocr import ocr_available
from regionkit.tagging.types import TagResult

SCAN = Path(__file__).resolve().parent / "data" / "office" / "scan_plan.pdf"
MISSING = ocr_available()
needs_ocr = pytest.mark.skipif(
    MISSING is not None,
    reason=f"OCR tools not installed ({MISSING}): apt-get install ocrmypdf tesseract-ocr-swe",
)


def test_scan_without_ocr_is_refused_with_the_advice():
    with pytest.raises(IngestError) as caught:
        read_document(SCAN)
    assert str(caught.value).startswith(
        "scan_plan.pdf: no text layer, OCR it first: run `regionkit build --ocr`")


@needs_ocr
def test_scan_is_ocrd_in_swedish_and_cached_by_file_hash(tmp_path):
    cache = tmp_path / "ocr"

    doc = read_document(SCAN, ocr_cache=cache)

    assert (doc.encoding, doc.ocr) == ("pdf-ocr", True)
    assert doc.warnings[0] == "text made by OCR (ocrmypdf, tesseract swe)"
    for word in ("Verksamhetsplan", "Regionsjukvårdsledningen", "Östergötland", "försörjning",
                 "väntetiden"):
        assert word in doc.text
    digest = hashlib.sha256(SCAN.read_bytes()).hexdigest()
    assert [p.name for p in cache.iterdir()] == [f"{digest}.pdf"]
    assert read_document(SCAN, ocr_cache=cache).text == doc.text  # read from the cache


@needs_ocr
def test_build_with_ocr_flag_segments_the_scan(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "scan_plan.pdf").write_bytes(SCAN.read_bytes())

    result = build_corpus(raw, tmp_path / "out", ocr=True,
                          tag_many=lambda texts: [TagResult() for _ in texts])

    segments = result.tables.segments
    assert len(segments) >= 2
    assert "Uppdrag" in " ".join(segments["text"])
    assert "Östergötland" in " ".join(segments["text"])
    assert (tmp_path / "out" / ".ocr").is_dir()
