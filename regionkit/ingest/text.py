"""Plain text (.txt, .md): bytes to text, with the encoding named and doubtful text warned about.

A byte-order mark decides the encoding; without one, strict UTF-8 is tried first, then cp1252 (a
superset of latin-1's printable characters), with a warning. Binary data, and text that no
supported encoding accepts, is refused in one line.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from regionkit.ingest.errors import IngestError

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
            return _checked_text(path, text), encoding, text_warnings(text)
    _reject_binary(path, data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        text, encoding = _decode_single_byte(path, data, exc)
        warnings = [f"decoded as {encoding} (not valid UTF-8)"]
        return _checked_text(path, text), encoding, warnings + text_warnings(text)
    return _checked_text(path, text), "utf-8", text_warnings(text)


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


def text_warnings(text: str) -> list[str]:
    """Warnings about text that was damaged before it got here (double encoding, U+FFFD)."""
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


def normalize_newlines(text: str) -> str:
    """Return `text` with CRLF and lone CR line ends as LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
