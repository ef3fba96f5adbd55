"""Page headers, footers and page numbers repeated through a plain text.

Two passes over the lines of the text (module `lines`), each a function of the lines and the
cues returning its own immutable result, composed in `find_boilerplate`:

1. `find_header_blocks`: runs of short lines whose adjacent pairs recur (page headers and
   footers);
2. `find_page_numbers`: page-number lines ("Sida 2 av 5", "2 (5)", rising bare numbers); those
   inside a header block stay in the block.

Boilerplate is left out of the segments but not dropped: every span keeps its text and offsets
(the `boilerplate` table), so every non-whitespace character of the text is in a segment or a
boilerplate span.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from regionkit.segment.classify import bullet_body
from regionkit.segment.lines import Line, split_lines
from regionkit.segment.patterns import SegmentPatterns, load_patterns
from regionkit.segment.types import Boilerplate


@dataclass(frozen=True)
class HeaderBlock:
    """Consecutive lines first..last (indices into the lines) found to be a header or footer."""

    first: int
    last: int
    kind: str  # "page_header" or "page_footer"


def find_boilerplate(text: str) -> list[Boilerplate]:
    """Find page headers, footers and page numbers repeated through a document.

    A header or footer is a block of two or more short lines that recurs (blank lines between
    its lines do not matter; page numbers in it may differ). A block that occurs once is never
    boilerplate. Page-number lines ("Sida 2 av 5", "2 (5)") count when there are two or more.

    Returns:
        Non-overlapping spans sorted by start, each from the first to the last character of
        its lines.
    """
    p = load_patterns()
    lines = tuple(split_lines(text))
    blocks = find_header_blocks(lines, p)
    in_blocks = frozenset(i for b in blocks for i in range(b.first, b.last + 1))
    numbers = [i for i in find_page_numbers(lines, p) if i not in in_blocks]
    spans = [(lines[b.first].start, lines[b.last].end, b.kind) for b in blocks]
    spans += [(lines[i].start, lines[i].end, "page_number") for i in numbers]
    out = [Boilerplate(start, end, kind, text[start:end]) for start, end, kind in spans]
    return sorted(out, key=lambda b: b.start)


def _line_key(line: Line, p: SegmentPatterns) -> str | None:
    """Return what a line is compared by when looking for repeats (None: never boilerplate)."""
    if len(line.text) > p.bp_line_max_chars or bullet_body(line.text, p) is not None:
        return None
    return " ".join(p.page_number_inline.sub("#", line.text).split())


def find_header_blocks(lines: tuple[Line, ...], p: SegmentPatterns) -> tuple[HeaderBlock, ...]:
    """Find page headers and footers: runs of two or more lines whose adjacent pairs recur.

    A block is a footer when the same lines also end the text, else a header. Lines seen much
    less often than the block's most frequent line are trimmed off its edges. It never takes a
    long line (`boilerplate.line_max_chars`), a bullet line or a block seen once: those are
    content.
    """
    keys = tuple(_line_key(line, p) for line in lines)
    freq = Counter(k for k in keys if k is not None)
    pairs = Counter(zip(keys, keys[1:], strict=False))
    linked = [
        keys[i] is not None and keys[i + 1] is not None and pairs[(keys[i], keys[i + 1])] >= 2
        for i in range(len(keys) - 1)
    ]
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(linked):
        if not linked[i]:
            i += 1
            continue
        j = i
        while j < len(linked) and linked[j]:
            j += 1
        spans.append(_trim_block(i, j, keys, freq, p.bp_min_share))
        i = j + 1
    # Every adjacent pair of a block repeats, so a block seen once is never kept; a whole block
    # need not repeat as one piece (two headers in a row around an empty page stay headers).
    spans = [(a, b) for a, b in spans if b - a >= 1]
    last_line = len(lines) - 1
    footers = {keys[a:b + 1] for a, b in spans if b == last_line}
    return tuple(
        HeaderBlock(a, b, "page_footer" if keys[a:b + 1] in footers else "page_header")
        for a, b in spans
    )


def _trim_block(
    first: int, last: int, keys: tuple[str | None, ...], freq: Counter, share: float
) -> tuple[int, int]:
    """Drop edge lines seen much less often than the block's most frequent line.

    Returns:
        The trimmed block's first and last line; last < first when nothing is left.
    """
    top = max(freq[keys[k]] for k in range(first, last + 1))
    while first <= last and freq[keys[first]] < share * top:
        first += 1
    while first <= last and freq[keys[last]] < share * top:
        last -= 1
    return first, last


def find_page_numbers(lines: tuple[Line, ...], p: SegmentPatterns) -> tuple[int, ...]:
    """Find page-number lines: marked ones ("Sida 2 av 5") and bare numbers that only rise.

    Bare numbers count only when there are two or more and each is larger than the one before;
    page-number lines count only when there are two or more in all. It never takes a line with
    anything but a page number on it.
    """
    marked = [i for i, line in enumerate(lines) if p.page_number.fullmatch(line.text)]
    bare = [i for i, line in enumerate(lines) if p.bare_page_number.fullmatch(line.text)]
    values = [int(lines[i].text) for i in bare]
    if len(bare) < 2 or any(b <= a for a, b in zip(values, values[1:], strict=False)):
        bare = []
    found = sorted(set(marked) | set(bare))
    return tuple(found) if len(found) >= 2 else ()
