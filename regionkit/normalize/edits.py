"""Edits on a text and the character map they leave behind.

Every normalisation step reports what it wants changed as a list of `Edit` (replace
``text[start:end]`` by ``replacement``); `apply_edits` makes the new text and, for each of its
characters, the index of the character of the old text it came from. Composing these maps step
after step gives the map back to the raw text that `regionkit.normalize.Normalized` keeps.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

#: The kinds of change a step may record (the ``kind`` column of the ``repairs`` table).
#: ``nfc``: Unicode composition; ``bullet``: an OCR list marker read as "- "; ``hyphenation``: a
#: word split by a hyphen at a line end joined again; ``unwrap``: a hard line break (and the
#: indentation after it) turned into one space; ``ocr``: a damaged word or glyph repaired
#: (å/ä/ö restored, "|" read as "I").
REPAIR_KINDS: tuple[str, ...] = ("nfc", "bullet", "hyphenation", "unwrap", "ocr")


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` by ``replacement``; ``kind`` is one of `REPAIR_KINDS`."""

    start: int
    end: int
    replacement: str
    kind: str

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad edit span {self.start}:{self.end}")
        if self.kind not in REPAIR_KINDS:
            raise ValueError(f"unknown repair kind {self.kind!r}; known: {REPAIR_KINDS}")


def apply_edits(text: str, edits: Iterable[Edit]) -> tuple[str, np.ndarray]:
    r"""Apply non-overlapping edits and return the new text with its map to ``text``.

    Args:
        text: The text the edits' offsets refer to.
        edits: Edits in any order; they must not overlap (two insertions at one point are
            applied in the order given).

    Returns:
        ``(new_text, offsets)`` where ``offsets`` (int64, ``len(new_text) + 1``) gives for each
        character of ``new_text`` the index in ``text`` it came from, and
        ``offsets[len(new_text)] == len(text)``. The map is non-decreasing: a replacement of the
        same length maps character by character, a longer or shorter one maps its characters to
        the start of the span (the last ones to its last character).

    Raises:
        ValueError: If two edits overlap or one reaches past the end of ``text``.

    Examples:
        >>> new, off = apply_edits("ab-\ncd", [Edit(2, 4, "", "hyphenation")])
        >>> new, off.tolist()
        ('abcd', [0, 1, 4, 5, 6])
    """
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    pieces: list[str] = []
    index: list[np.ndarray] = []
    pos = 0
    for edit in ordered:
        if edit.start < pos or edit.end > len(text):
            raise ValueError(f"overlapping or out-of-range edit {edit}")
        pieces.append(text[pos:edit.start])
        index.append(np.arange(pos, edit.start, dtype=np.int64))
        width = edit.end - edit.start
        pieces.append(edit.replacement)
        if width == len(edit.replacement):
            index.append(np.arange(edit.start, edit.end, dtype=np.int64))
        else:
            last = max(width - 1, 0)
            index.append(edit.start + np.minimum(np.arange(len(edit.replacement)), last))
        pos = edit.end
    pieces.append(text[pos:])
    index.append(np.arange(pos, len(text) + 1, dtype=np.int64))
    return "".join(pieces), np.concatenate(index).astype(np.int64)


def compose(outer: np.ndarray, inner: np.ndarray) -> np.ndarray:
    """Chain two maps: ``inner`` maps text C to text B, ``outer`` maps B to A; return C to A."""
    return outer[inner]


def drop_noops(text: str, edits: Sequence[Edit]) -> list[Edit]:
    """Return the edits that change something (a replacement equal to its span is dropped)."""
    return [e for e in edits if text[e.start:e.end] != e.replacement]
