"""PDF: checks (header, truncation, encryption, pages, text layer), then the layout reader.

The structure comes from `pdf_layout` (pdfplumber: positions, fonts, tables, columns) with the
hints of `pdf_tagged` (the structure tree, where the PDF has one). Should the layout reader fail
on a file that pypdf can read, the text layer is read as plain text with a warning, so that a
document is never lost to a layout it does not understand.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from regionkit.ingest.errors import IngestError
from regionkit.ingest.limits import MAX_PDF_PAGES
from regionkit.ingest.structure import Block
from regionkit.ingest.text import text_warnings

_MAX_LOG_WARNINGS = 3
NO_TEXT_LAYER = "no text layer, OCR it first"


class NoTextLayerError(IngestError):
    """A PDF whose pages have no text (a scan): OCR can help."""


@contextmanager
def collect_logs(*logger_names: str) -> Iterator[list[str]]:
    """Collect libraries' log warnings instead of letting them reach stderr."""
    messages: list[str] = []

    class _Collector(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    saved = []
    for name in logger_names:
        logger = logging.getLogger(name)
        handler = _Collector(level=logging.WARNING)
        saved.append((logger, handler, logger.propagate))
        logger.addHandler(handler)
        logger.propagate = False
    try:
        yield messages
    finally:
        for logger, handler, propagate in saved:
            logger.removeHandler(handler)
            logger.propagate = propagate


def read_pdf(path: Path, data: bytes) -> tuple[str, str, list[str], tuple[Block, ...]]:
    """Read a PDF with a text layer into structured blocks.

    Returns:
        (text, encoding "pdf-text", warnings, blocks).

    Raises:
        NoTextLayerError: no page has text.
        IngestError: not a PDF, truncated, encrypted with a password, corrupt, too many pages.
    """
    if b"%PDF-" not in data[:1024]:
        head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in head:
            raise IngestError(path, "not a PDF file but an HTML page (no %PDF- header): "
                                    "download the PDF itself, not the page linking to it")
        raise IngestError(path, "not a PDF file (no %PDF- header)")
    # pypdf is lenient and would return the pages before the cut: an error is safer than
    # silently partial text.
    if b"%%EOF" not in data[-2048:]:
        raise IngestError(path, "truncated PDF (no %%EOF marker at the end)")
    with collect_logs("pypdf", "pdfminer", "pdfplumber") as logs:
        plain_pages = _pypdf_pages(path, data)
        if not plain_pages:
            raise IngestError(path, "PDF has no pages")
        if len(plain_pages) > MAX_PDF_PAGES:
            raise IngestError(path, f"PDF of {len(plain_pages):,} pages is over the limit of "
                                    f"{MAX_PDF_PAGES:,}")
        warnings: list[str] = []
        try:
            text, blocks, empty = _layout(data)
        except Exception as exc:  # noqa: BLE001 - fall back to the plain text layer
            warnings.append(f"page layout could not be read ({type(exc).__name__}); text layer "
                            "read as plain text")
            empty = [i for i, page in enumerate(plain_pages, start=1) if not page.strip()]
            text = "\n\n".join(page.strip("\n") for page in plain_pages if page.strip())
            blocks = ()
    n_pages = len(plain_pages)
    if len(empty) >= n_pages or not text.strip():
        # A damaged file can also come out empty: say so, or the advice to OCR misleads.
        damage = f" (the reader also reported damage: {logs[0]})" if logs else ""
        raise NoTextLayerError(path, f"{NO_TEXT_LAYER}{damage}")
    if empty:
        shown = ", ".join(map(str, empty))
        warnings.append(
            f"pages {shown} of {n_pages} have no text layer (scanned? OCR them)"
            if len(empty) > 1
            else f"page {shown} of {n_pages} has no text layer (scanned? OCR it)"
        )
    warnings.extend(_log_warnings(logs))
    return text, "pdf-text", warnings + text_warnings(text), blocks


def _layout(data: bytes) -> tuple[str, tuple[Block, ...], list[int]]:
    import pdfplumber

    from regionkit.ingest.pdf_layout import read_layout

    with pdfplumber.open(io.BytesIO(data), password="") as pdf:
        builder, empty = read_layout(pdf)
    text, blocks = builder.build()
    return text, blocks, empty


def _pypdf_pages(path: Path, data: bytes) -> list[str]:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(path, "encrypted PDF: it needs a password")
        if len(reader.pages) > MAX_PDF_PAGES:
            return [""] * len(reader.pages)
        return [page.extract_text() or "" for page in reader.pages]
    except IngestError:
        raise
    except (DependencyError, FileNotDecryptedError) as exc:
        raise IngestError(path, f"encrypted PDF that cannot be opened ({exc})") from exc
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on damaged files
        raise IngestError(path, f"corrupt PDF ({type(exc).__name__}: {exc})") from exc


def _log_warnings(logs: list[str]) -> list[str]:
    unique = list(dict.fromkeys(" ".join(m.split()) for m in logs))
    shown = [f"pdf: {m}" for m in unique[:_MAX_LOG_WARNINGS]]
    if len(unique) > _MAX_LOG_WARNINGS:
        shown.append(f"pdf: {len(unique) - _MAX_LOG_WARNINGS} more reader warnings")
    return shown
