"""Ingest: one raw file (.txt, .md, .pdf, .docx) to its text.

This stage only turns bytes into text: it decodes, extracts and says how (`encoding`,
`warnings`). It never repairs words, drops lines or guesses metadata; that is the work of
`regionkit.normalize` and `regionkit.metadata`. The one change it makes to the text is that
line ends become LF (CRLF and CR included), so that every format reaches the next stage
alike. A file that cannot be read as text raises `IngestError`, whose message names the file and
the reason in one line.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SUPPORTED_SUFFIXES = (".txt", ".md", ".pdf", ".docx")

# Byte-order marks, longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# What a "text" file that is not text usually is; named in the error so the fix is obvious.
_MAGIC = (
    (b"%PDF-", "a PDF file (rename it to .pdf)"),
    (b"PK\x03\x04", "a ZIP archive such as a DOCX file (rename it to .docx)"),
    (b"\xd0\xcf\x11\xe0", "an old Office file (.doc/.xls): save it as .docx"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"{\\rtf", "an RTF document: save it as .docx or .txt"),
)

# In cp1252, 0x80-0x9F are printable (–, —, ’, €, …); in latin-1 they are control characters.
_CP1252_ONLY = re.compile(rb"[\x80-\x9f]")
# UTF-8 read as latin-1/cp1252 somewhere upstream: "Ã¤" for "ä", "Ã¥" for "å".
_MOJIBAKE = re.compile("Ã[\u0080-\u00bf¤¥¶]|Ã…|Ã„|Ã–")
# Control characters (Unicode category Cc) other than tab, LF, VT, FF and CR.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# Share of control characters above which decoded "text" is taken to be binary data.
_MAX_CONTROL_SHARE = 0.01
_MAX_PDF_LOG_WARNINGS = 3


class IngestError(Exception):
    """A file that cannot be read as text: ``str(e) == f"{path.name}: {reason}"``.

    Attributes:
        path: the file.
        reason: why it could not be read, in one line.
    """

    def __init__(self, path: Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = " ".join(str(reason).split())
        # `args` as given to __init__, so the error survives pickling (worker processes).
        super().__init__(self.path, self.reason)

    def __str__(self) -> str:
        return f"{self.path.name}: {self.reason}"


@dataclass(frozen=True)
class RawDocument:
    """The text of one file and how it was obtained.

    Attributes:
        path: the file.
        text: its text, line ends as LF.
        format: "txt", "md", "pdf" or "docx".
        encoding: how the bytes became text: "utf-8", "utf-8-sig", "utf-16", "utf-32",
            "cp1252", "latin-1", "pdf-text" or "docx".
        sha256: SHA-256 of the file's bytes (hex).
        warnings: things a reader of the results should know, one line each.
    """

    path: Path
    text: str
    format: str
    encoding: str
    sha256: str
    warnings: tuple[str, ...] = ()


def read_document(path: Path) -> RawDocument:
    """Read one document and return its text.

    Args:
        path: a .txt, .md, .pdf or .docx file.

    Returns:
        The text with its format, encoding, checksum and warnings.

    Raises:
        IngestError: the file is missing, empty, of an unsupported type, binary, wrongly
            encoded, a corrupt or truncated PDF/DOCX, or a PDF without a text layer.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = f"'{path.suffix}'" if path.suffix else "(none)"
        raise IngestError(
            path, f"unsupported extension {shown} (supported: {', '.join(SUPPORTED_SUFFIXES)})"
        )
    data = _read_bytes(path)
    if suffix == ".pdf":
        text, encoding, warnings = _read_pdf(path, data)
    elif suffix == ".docx":
        text, encoding, warnings = _read_docx(path, data)
    else:
        text, encoding, warnings = decode_text(path, data)
    text = normalize_newlines(text)
    if not text.strip():
        raise IngestError(path, "no text (the file holds only white space)")
    return RawDocument(
        path=path,
        text=text,
        format=suffix[1:],
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        warnings=tuple(warnings),
    )


def normalize_newlines(text: str) -> str:
    """Return `text` with CRLF and lone CR line ends as LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise IngestError(path, "file not found")
    if not path.is_file():
        raise IngestError(path, "not a file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(path, f"cannot read the file ({exc.strerror or exc})") from exc
    if not data:
        raise IngestError(path, "empty file (0 bytes)")
    return data


# ---------------------------------------------------------------------------------------------
# Plain text (.txt, .md)


def decode_text(path: Path, data: bytes) -> tuple[str, str, list[str]]:
    """Decode the bytes of a text file.

    A byte-order mark decides the encoding; without one, strict UTF-8 is tried first, then
    cp1252 (a superset of latin-1's printable characters), with a warning.

    Args:
        path: the file (for error messages).
        data: its bytes.

    Returns:
        (text, encoding, warnings).

    Raises:
        IngestError: binary content or bytes that no supported encoding accepts.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _decode_with_bom(path, data, encoding)
            return _checked_text(path, text), encoding, _text_warnings(text)
    _reject_binary(path, data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        text, encoding = _decode_single_byte(path, data, exc)
        warnings = [f"decoded as {encoding} (not valid UTF-8)"]
        return _checked_text(path, text), encoding, warnings + _text_warnings(text)
    return _checked_text(path, text), "utf-8", _text_warnings(text)


def _decode_with_bom(path: Path, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise IngestError(
            path,
            f"wrongly encoded: starts with a {encoding.upper()} byte-order mark but byte "
            f"{exc.start} is not valid {encoding.upper()}",
        ) from exc


def _reject_binary(path: Path, data: bytes) -> None:
    head = data[:16]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise IngestError(path, f"binary content: this is {what}, not text")
    if b"\x00" in data:
        zeros_odd = data[1::2].count(0)
        if zeros_odd > len(data) // 4:
            raise IngestError(
                path, "looks like UTF-16 without a byte-order mark: save it as UTF-8"
            )
        raise IngestError(path, "binary content (NUL bytes), not text")


def _decode_single_byte(
    path: Path, data: bytes, utf8_error: UnicodeDecodeError
) -> tuple[str, str]:
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        # Bytes 0x81, 0x8D, 0x8F, 0x90, 0x9D: not cp1252, and control codes in latin-1.
        guess = _guess_encoding(data)
        hint = f"; charset-normalizer guesses {guess}" if guess else ""
        raise IngestError(
            path,
            f"wrongly encoded: not UTF-8 (byte {utf8_error.start}) nor cp1252/latin-1 "
            f"(byte 0x{data[exc.start]:02x} at {exc.start}){hint}",
        ) from exc
    # Without 0x80-0x9F the two agree; name the narrower, more common one.
    return text, ("cp1252" if _CP1252_ONLY.search(data) else "latin-1")


def _guess_encoding(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # optional: only used to make an error message more helpful
        return None
    best = from_bytes(data).best()
    return best.encoding if best is not None else None


def _checked_text(path: Path, text: str) -> str:
    controls = len(_CONTROL.findall(text))
    if "\x00" in text or controls > _MAX_CONTROL_SHARE * max(len(text), 1):
        raise IngestError(path, f"binary content ({controls} control characters), not text")
    return text


def _text_warnings(text: str) -> list[str]:
    warnings = []
    mojibake = _MOJIBAKE.search(text)
    if mojibake:
        warnings.append(
            f"text looks double-encoded (UTF-8 read as latin-1 before it was saved: "
            f"'{mojibake.group()}')"
        )
    if "\ufffd" in text:
        warnings.append(
            f"text has {text.count(chr(0xFFFD))} U+FFFD replacement characters "
            "(damaged before it got here)"
        )
    return warnings


# ---------------------------------------------------------------------------------------------
# PDF


@contextmanager
def _collect_logs(logger_name: str) -> Iterator[list[str]]:
    """Collect a library's log warnings instead of letting them reach stderr."""
    messages: list[str] = []

    class _Collector(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    logger = logging.getLogger(logger_name)
    handler = _Collector(level=logging.WARNING)
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _read_pdf(path: Path, data: bytes) -> tuple[str, str, list[str]]:
    if b"%PDF-" not in data[:1024]:
        raise IngestError(path, "not a PDF file (no %PDF- header)")
    # pypdf is lenient and would return the pages before the cut: an error is safer than
    # silently partial text.
    if b"%%EOF" not in data[-2048:]:
        raise IngestError(path, "truncated PDF (no %%EOF marker at the end)")
    with _collect_logs("pypdf") as logs:
        pages = _pdf_page_texts(path, data)
    if not pages:
        raise IngestError(path, "PDF has no pages")
    empty = [i for i, page in enumerate(pages, start=1) if not page.strip()]
    if len(empty) == len(pages):
        # A damaged file can also come out empty: say so, or the advice to OCR misleads.
        damage = f" (the reader also reported damage: {logs[0]})" if logs else ""
        raise IngestError(path, f"no text layer, OCR it first{damage}")
    warnings = []
    if empty:
        shown = ", ".join(map(str, empty))
        warnings.append(
            f"pages {shown} of {len(pages)} have no text layer (scanned? OCR them)"
            if len(empty) > 1
            else f"page {shown} of {len(pages)} has no text layer (scanned? OCR it)"
        )
    warnings.extend(_pdf_log_warnings(logs))
    text = "\n\n".join(page.strip("\n") for page in pages if page.strip())
    return text, "pdf-text", warnings + _text_warnings(text)


def _pdf_page_texts(path: Path, data: bytes) -> list[str]:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(path, "encrypted PDF: it needs a password")
        return [page.extract_text() or "" for page in reader.pages]
    except IngestError:
        raise
    except (DependencyError, FileNotDecryptedError) as exc:
        raise IngestError(path, f"encrypted PDF that cannot be opened ({exc})") from exc
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on damaged files
        raise IngestError(path, f"corrupt PDF ({type(exc).__name__}: {exc})") from exc


def _pdf_log_warnings(logs: list[str]) -> list[str]:
    unique = list(dict.fromkeys(" ".join(m.split()) for m in logs))
    shown = [f"pdf: {m}" for m in unique[:_MAX_PDF_LOG_WARNINGS]]
    if len(unique) > _MAX_PDF_LOG_WARNINGS:
        shown.append(f"pdf: {len(unique) - _MAX_PDF_LOG_WARNINGS} more reader warnings")
    return shown


# ---------------------------------------------------------------------------------------------
# DOCX


def _read_docx(path: Path, data: bytes) -> tuple[str, str, list[str]]:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise IngestError(path, "an old Word .doc file named .docx: save it as .docx")
    if not data.startswith(b"PK"):
        raise IngestError(path, "not a DOCX file (not a ZIP archive)")
    blocks = _docx_blocks(path, data)
    text = _join_blocks(blocks)
    return text, "docx", _text_warnings(text)


def _docx_blocks(path: Path, data: bytes) -> list[tuple[str, str]]:
    """Return (kind, text) blocks in document order: heading, paragraph, item, row."""
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
        blocks = []
        for item in document.iter_inner_content():
            if isinstance(item, Table):
                blocks.extend(("row", row) for row in _table_rows(item))
            else:
                block = _paragraph_block(item)
                if block is not None:
                    blocks.append(block)
    except Exception as exc:  # noqa: BLE001 - zipfile, python-docx and lxml raise many kinds
        raise IngestError(path, f"corrupt DOCX ({type(exc).__name__}: {exc})") from exc
    return blocks


def _paragraph_block(paragraph) -> tuple[str, str] | None:
    text = paragraph.text.strip()
    if not text:
        return None
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    lowered = style.lower()
    if lowered.startswith("heading") or lowered in ("title", "subtitle"):
        return ("heading", text)
    p_pr = paragraph._p.pPr
    numbered = p_pr is not None and p_pr.numPr is not None
    if numbered or lowered.startswith("list"):
        return ("item", f"- {text}")
    return ("paragraph", text)


def _table_rows(table) -> list[str]:
    rows = []
    for row in table.rows:
        cells, previous = [], None
        for cell in row.cells:
            # A horizontally merged cell is returned once per grid column it spans.
            if cell._tc is previous:
                continue
            previous = cell._tc
            cells.append(" ".join(cell.text.split()))
        if any(cells):
            rows.append("\t".join(cells))
    return rows


def _join_blocks(blocks: list[tuple[str, str]]) -> str:
    """Join blocks: list items and table rows of a run on single lines, else a blank line."""
    parts: list[str] = []
    previous_kind = None
    for kind, text in blocks:
        if parts:
            same_run = kind == previous_kind and kind in ("item", "row")
            parts.append("\n" if same_run else "\n\n")
        parts.append(text)
        previous_kind = kind
    return "".join(parts)
