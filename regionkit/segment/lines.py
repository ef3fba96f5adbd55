"""Lines of a text: the unit the plain-text segmenter and the boilerplate finder work on."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from regionkit.segment.types import Boilerplate


@dataclass(frozen=True)
class Line:
    """A non-blank line (or the part of one outside boilerplate), stripped of whitespace."""

    start: int
    end: int
    text: str
    indent: int
    blank_before: bool  # a blank line, boilerplate or the start of the text comes before it
    break_before: bool  # boilerplate lies between the previous line and this one


def split_lines(text: str, spans: Sequence[tuple[int, int]] = ()) -> list[Line]:
    """Split text into stripped non-blank lines, leaving out the given (sorted) spans."""
    starts = [s for s, _ in spans]
    lines: list[Line] = []
    prev_end: int | None = None
    pos = 0
    for raw in text.split("\n"):
        line_start, line_end = pos, pos + len(raw)
        pos = line_end + 1
        for a, b in _outside(line_start, line_end, spans, starts):
            lead = len(text[a:b]) - len(text[a:b].lstrip())
            trail = len(text[a:b]) - len(text[a:b].rstrip())
            s, e = a + lead, b - trail
            if s >= e:
                continue
            broken = prev_end is not None and _any_span_in(starts, prev_end, s)
            blank = prev_end is None or broken or text.count("\n", prev_end, s) >= 2
            indent = s - line_start if a == line_start else 0
            lines.append(Line(s, e, text[s:e], indent, blank, broken))
            prev_end = e
    return lines


def _outside(a: int, b: int, spans: Sequence[tuple[int, int]], starts: list[int]):
    """Yield the parts of [a, b) not covered by the spans."""
    i = max(bisect.bisect_right(starts, a) - 1, 0)
    cur = a
    while i < len(spans) and spans[i][0] < b:
        s, e = spans[i]
        if e > cur:
            if s > cur:
                yield cur, s
            cur = max(cur, e)
        i += 1
    if cur < b:
        yield cur, b


def _any_span_in(starts: list[int], lo: int, hi: int) -> bool:
    """Tell if a span starts in [lo, hi)."""
    i = bisect.bisect_left(starts, lo)
    return i < len(starts) and starts[i] < hi


def normalise_spans(text: str, boilerplate: Sequence[Boilerplate]) -> list[tuple[int, int]]:
    """Clamp, sort and merge boilerplate spans."""
    raw = sorted(
        (max(0, b.start), min(len(text), b.end)) for b in boilerplate if b.end > b.start
    )
    merged: list[tuple[int, int]] = []
    for s, e in raw:
        if s >= e:
            continue
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


