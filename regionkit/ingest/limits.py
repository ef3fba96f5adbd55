"""Limits on what one document may be: checked before and after reading, refused in one line.

The values are documented in the README ("Bad input"). They bound the work one careless or
hostile file can cause (a DOCX that expands to millions of characters, a PDF of ten thousand
pages) while leaving room for the longest real documents of the genre: a 300-page annual report
is about 1 M characters.
"""

from __future__ import annotations

from pathlib import Path

from regionkit.ingest.errors import IngestError

# Bytes of one file on disk (a scanned PDF of a few hundred pages stays well under this).
MAX_FILE_BYTES = 200 * 1024 * 1024
# Uncompressed bytes of the parts inside one DOCX (a ZIP archive): a "zip bomb" stops here,
# before any XML is parsed.
MAX_DOCX_EXPANDED_BYTES = 100 * 1024 * 1024
# Pages of one PDF.
MAX_PDF_PAGES = 2000
# Characters of the text read from one document, whatever its format.
MAX_TEXT_CHARS = 8_000_000


def check_file_size(path: Path, size: int) -> None:
    """Refuse a file over MAX_FILE_BYTES."""
    if size > MAX_FILE_BYTES:
        raise IngestError(path, f"file of {size / 2**20:,.0f} MB is over the limit of "
                                f"{MAX_FILE_BYTES / 2**20:,.0f} MB")


def check_text_length(path: Path, n_chars: int) -> None:
    """Refuse a text over MAX_TEXT_CHARS characters."""
    if n_chars > MAX_TEXT_CHARS:
        raise IngestError(path, f"text of {n_chars:,} characters is over the limit of "
                                f"{MAX_TEXT_CHARS:,}")
