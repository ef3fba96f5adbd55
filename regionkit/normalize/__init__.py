"""Normalize: raw document text to clean text, with a character map back to the raw text.

The steps, in order: Unicode NFC; OCR list markers read as "- "; words split by a hyphen at a
line end joined (Swedish compound ellipsis such as "hälso- och sjukvård" kept); hard-wrapped
lines joined; OCR-damaged å/ä/ö repaired. Each step is a small pure function on strings (`nfc`,
`normalize_bullets`, `join_hyphenated_words`, `unwrap_lines`, `repair_ocr_words`) and, inside,
a list of `Edit` that `normalize_text` composes into one map.

What this stage must never do: drop text. Every non-whitespace character of the raw text is
either kept (``offsets`` points at it) or replaced by a change recorded in ``repairs``. Page
headers and footers are not removed here (that is segmentation's boilerplate step), and
documents whose line breaks carry meaning (one paragraph per line, tables) keep them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from regionkit.normalize.edits import REPAIR_KINDS, Edit, apply_edits, compose
from regionkit.normalize.ocr import looks_ocr_damaged, ocr_edits, repair_ocr_words, repair_word
from regionkit.normalize.text import (
    bullet_edits,
    hyphenation_edits,
    join_hyphenated_words,
    looks_hard_wrapped,
    nfc,
    nfc_edits,
    normalize_bullets,
    unwrap_edits,
    unwrap_lines,
)

__all__ = [
    "REPAIR_KINDS",
    "Edit",
    "Normalized",
    "Repair",
    "apply_edits",
    "join_hyphenated_words",
    "looks_hard_wrapped",
    "looks_ocr_damaged",
    "nfc",
    "normalize_bullets",
    "normalize_text",
    "repair_ocr_words",
    "repair_word",
    "unwrap_lines",
]


@dataclass(frozen=True)
class Repair:
    """One change made to the raw text (a row of the ``repairs`` table).

    Attributes:
        raw_start: Start of the changed span in the raw text.
        raw_end: End of the changed span in the raw text (exclusive).
        original: ``raw[raw_start:raw_end]``.
        replacement: What the normalised text has instead.
        kind: One of `REPAIR_KINDS`: ``nfc``, ``bullet``, ``hyphenation``, ``unwrap``, ``ocr``.
    """

    raw_start: int
    raw_end: int
    original: str
    replacement: str
    kind: str


@dataclass(frozen=True)
class Normalized:
    """A normalised text and its map back to the raw text.

    Attributes:
        raw: The text as given.
        text: The normalised text.
        offsets: int64 array of ``len(text) + 1``: ``offsets[i]`` is the index in ``raw`` of
            the character ``text[i]`` came from; ``offsets[len(text)] == len(raw)``;
            non-decreasing.
        repairs: The changes, in raw order.
        ocr_damaged: Whether OCR repair ran (judged or forced).
    """

    raw: str
    text: str
    offsets: np.ndarray
    repairs: tuple[Repair, ...]
    ocr_damaged: bool

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of ``text`` to the span of ``raw`` that produced it (end exclusive).

        ``raw[rs:re]`` covers everything ``text[start:end]`` came from, including the whole of
        a repaired word whose repair made it shorter or longer ("oé" read as "ö").
        """
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span {start}:{end} outside text of length {len(self.text)}")
        rs = int(self.offsets[start])
        if start == end:
            return rs, rs
        re_ = int(self.offsets[end])
        # Whitespace removed between the span and what follows it is not part of the span.
        while re_ > rs + 1 and self.raw[re_ - 1].isspace() and not self.text[end - 1].isspace():
            re_ -= 1
        return rs, max(re_, int(self.offsets[end - 1]) + 1)


def _to_repairs(raw: str, current_offsets: np.ndarray, edits: list[Edit]) -> list[Repair]:
    out = []
    for e in sorted(edits, key=lambda e: e.start):
        rs = int(current_offsets[e.start])
        re_ = int(current_offsets[e.end]) if e.end > e.start else rs
        out.append(Repair(rs, re_, raw[rs:re_], e.replacement, e.kind))
    return out


def _merge(repairs: list[Repair], raw: str) -> list[Repair]:
    """Join touching repairs of one kind (a bullet's indentation and its marker)."""
    merged: list[Repair] = []
    for r in sorted(repairs, key=lambda r: (r.raw_start, r.raw_end)):
        last = merged[-1] if merged else None
        if last is not None and last.kind == r.kind == "bullet" and last.raw_end == r.raw_start:
            merged[-1] = Repair(last.raw_start, r.raw_end, raw[last.raw_start:r.raw_end],
                                last.replacement + r.replacement, r.kind)
        else:
            merged.append(r)
    return merged


def normalize_text(raw: str, *, ocr: bool | None = None, wrapped: bool | None = None
                   ) -> Normalized:
    """Normalise raw document text, keeping a map back to it.

    Args:
        raw: The document text as ingested (line ends already LF).
        ocr: Repair OCR-damaged å/ä/ö: ``None`` judges from the text (`looks_ocr_damaged`),
            ``True``/``False`` force it.
        wrapped: Join hard-wrapped lines and end-of-line hyphenation: ``None`` judges from the
            text (`looks_hard_wrapped`), ``True``/``False`` force it.

    Returns:
        The `Normalized` text with its offsets and repairs.

    Examples:
        >>> n = normalize_text("e Utveckla och starka samverkan", ocr=True)
        >>> n.text, [r.kind for r in n.repairs]
        ('- Utveckla och stärka samverkan', ['bullet', 'ocr'])
    """
    text = raw
    offsets = np.arange(len(raw) + 1, dtype=np.int64)
    repairs: list[Repair] = []

    def run(edits: list[Edit]) -> None:
        nonlocal text, offsets
        if not edits:
            return
        repairs.extend(_to_repairs(raw, offsets, edits))
        text, step = apply_edits(text, edits)
        offsets = compose(offsets, step)

    run(nfc_edits(text))
    run(bullet_edits(text))
    if wrapped is None:
        wrapped = looks_hard_wrapped(text)
    if wrapped:
        run(hyphenation_edits(text))
        run(unwrap_edits(text, wrapped=True))
    damaged = looks_ocr_damaged(text) if ocr is None else ocr
    if damaged:
        run(ocr_edits(text))
    offsets[-1] = len(raw)
    return Normalized(raw=raw, text=text, offsets=offsets,
                      repairs=tuple(_merge(repairs, raw)), ocr_damaged=damaged)
