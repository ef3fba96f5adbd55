"""Ingest: one raw file (.txt, .md, .pdf, .docx) to its text and, for DOCX and PDF, its structure.

This stage turns bytes into text: it decodes, extracts and says how (`encoding`, `warnings`).
It never repairs words or guesses metadata; that is the work of `regionkit.normalize` and
`regionkit.metadata`. Plain text comes out as it is, line ends as LF. DOCX and PDF files come
out with `blocks`: the structured representation of `regionkit.ingest.structure` (headings with
levels, list items, paragraphs, table rows with cells, running headers, footers and page
numbers), with offsets into the text. A file that cannot be read raises `IngestError`, whose
message names the file and the reason in one line; limits (`regionkit.ingest.limits`) bound
what one file may cost.

Modules: `text` (encodings), `docx`, `pdf` (checks), `pdf_layout` (pages to blocks),
`pdf_tagged` (structure tree), `ocr` (scans), `structure`, `limits`, `errors`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from regionkit.ingest.errors import IngestError
from regionkit.ingest.limits import check_file_size, check_text_length
from regionkit.ingest.structure import Block
from regionkit.ingest.text import decode_text, normalize_newlines

SUPPORTED_SUFFIXES = (".txt", ".md", ".pdf", ".docx")

__all__ = [
    "SUPPORTED_SUFFIXES",
    "Block",
    "IngestError",
    "RawDocument",
    "decode_text",
    "normalize_newlines",
    "read_document",
]


@dataclass(frozen=True)
class RawDocument:
    """The text of one file and how it was obtained.

    Attributes:
        path: the file.
        text: its text, line ends as LF.
        format: "txt", "md", "pdf" or "docx".
        encoding: how the bytes became text: "utf-8", "utf-8-sig", "utf-16", "utf-32",
            "cp1252", "latin-1", "pdf-text", "pdf-ocr" or "docx".
        sha256: SHA-256 of the file's bytes (hex).
        warnings: things a reader of the results should know, one line each.
        blocks: the structure of a DOCX or PDF (offsets into `text`); empty for plain text.
        ocr: the text was made by OCR here (the å/ä/ö repair should run on it).
    """

    path: Path
    text: str
    format: str
    encoding: str
    sha256: str
    warnings: tuple[str, ...] = ()
    blocks: tuple[Block, ...] = ()
    ocr: bool = False


def read_document(path: Path, *, ocr_cache: Path | None = None) -> RawDocument:
    """Read one document and return its text.

    Args:
        path: a .txt, .md, .pdf or .docx file.
        ocr_cache: a folder for OCR'd copies; when given, a PDF without a text layer is OCR'd
            (ocrmypdf, tesseract Swedish) instead of refused.

    Returns:
        The text with its format, encoding, checksum, warnings and (DOCX, PDF) blocks.

    Raises:
        IngestError: the file is missing, empty, of an unsupported type, over a limit, binary,
            wrongly encoded, a corrupt or truncated PDF/DOCX, or a PDF without a text layer
            (and no OCR asked for, or OCR not possible).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = f"'{path.suffix}'" if path.suffix else "(none)"
        raise IngestError(
            path, f"unsupported extension {shown} (supported: {', '.join(SUPPORTED_SUFFIXES)})"
        )
    data = _read_bytes(path)
    sha256 = hashlib.sha256(data).hexdigest()
    blocks: tuple[Block, ...] = ()
    ocr = False
    if suffix == ".pdf":
        text, encoding, warnings, blocks, ocr = _read_pdf(path, data, sha256, ocr_cache)
    elif suffix == ".docx":
        from regionkit.ingest.docx import read_docx

        text, encoding, warnings, blocks = read_docx(path, data)
    else:
        check_text_length(path, len(data) // 4)  # a lower bound: 4 bytes at most per character
        text, encoding, warnings = decode_text(path, data)
    if not blocks:
        text = normalize_newlines(text)
    check_text_length(path, len(text))
    if not text.strip():
        raise IngestError(path, "no text (the file holds only white space)")
    return RawDocument(path=path, text=text, format=suffix[1:], encoding=encoding,
                       sha256=sha256, warnings=tuple(warnings), blocks=blocks, ocr=ocr)


def _read_pdf(path: Path, data: bytes, sha256: str, ocr_cache: Path | None):
    from regionkit.ingest.ocr import INSTALL_HINT, ocr_available, ocr_pdf
    from regionkit.ingest.pdf import NoTextLayerError, read_pdf

    try:
        text, encoding, warnings, blocks = read_pdf(path, data)
        return text, encoding, warnings, blocks, False
    except NoTextLayerError as exc:
        if ocr_cache is None:
            missing = ocr_available()
            how = (f"; OCR needs ocrmypdf and tesseract's Swedish model ({missing}): "
                   f"{INSTALL_HINT}" if missing else "")
            raise IngestError(path, f"{exc.reason}: run `regionkit build --ocr` or set ocr = yes "
                                    f"in the manifest{how}") from None
    scanned = ocr_pdf(path, sha256, ocr_cache)
    try:
        text, _, warnings, blocks = read_pdf(path, scanned.read_bytes())
    except NoTextLayerError:
        raise IngestError(path, "no text found by OCR (is the scan empty or unreadable?)"
                          ) from None
    return text, "pdf-ocr", ["text made by OCR (ocrmypdf, tesseract swe)", *warnings], blocks, True


def _read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise IngestError(path, "file not found")
    if not path.is_file():
        raise IngestError(path, "not a file")
    try:
        check_file_size(path, path.stat().st_size)
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(path, f"cannot read the file ({exc.strerror or exc})") from exc
    if not data:
        raise IngestError(path, "empty file (0 bytes)")
    return data
