"""Cut units longer than the documented maximum (`long_units.max_chars` in segment_patterns.yaml).

A report of plain paragraphs without headings, or a file of one very long line, would otherwise
be one segment of megabytes, which later stages (tagging with spaCy) cannot take. A long unit is
cut into consecutive segments of the same kind and heading path: between its lines (paragraphs)
where it can be, else after a sentence, else between words, and only as a last resort inside a
word. Nothing is lost: the pieces cover every non-whitespace character of the unit.
"""

from __future__ import annotations

from collections.abc import Sequence

from regionkit.segment.patterns import SegmentPatterns, load_patterns
from regionkit.segment.types import Segment


def cut_long(text: str, segments: Sequence[Segment], patterns: SegmentPatterns | None = None
             ) -> list[Segment]:
    """Return the segments with every one longer than the maximum cut into pieces.

    Args:
        text: the text the segments point into.
        segments: segments sorted by start.
        patterns: the cues (default: the packaged ones).

    Returns:
        Segments sorted by start, none longer than `patterns.max_unit_chars`.
    """
    p = patterns or load_patterns()
    out: list[Segment] = []
    for seg in segments:
        if seg.end - seg.start <= p.max_unit_chars:
            out.append(seg)
            continue
        for start, end in _pieces(text, seg.start, seg.end, p):
            out.append(Segment(start, end, seg.kind, seg.heading_path))
    return out


def _pieces(text: str, start: int, end: int, p: SegmentPatterns) -> list[tuple[int, int]]:
    limit = p.max_unit_chars
    pieces = []
    pos = start
    while pos < end:
        while pos < end and text[pos].isspace():
            pos += 1
        if pos >= end:
            break
        cut = end if end - pos <= limit else _cut_point(text, pos, pos + limit, p)
        stop = cut
        while stop > pos and text[stop - 1].isspace():
            stop -= 1
        pieces.append((pos, stop))
        pos = cut
    return pieces


def _cut_point(text: str, lo: int, hi: int, p: SegmentPatterns) -> int:
    """Return where to cut text[lo:] at or before hi: a line break, sentence end or space."""
    floor = lo + p.max_unit_chars // 4  # never make a piece shorter than a quarter of the limit
    newline = text.rfind("\n", floor, hi)
    if newline >= 0:
        return newline + 1
    last = None
    for m in p.sentence_end.finditer(text, floor, hi):
        last = m
    if last is not None:
        return last.end()
    for k in range(hi - 1, floor - 1, -1):
        if text[k].isspace():
            return k + 1
    return hi
