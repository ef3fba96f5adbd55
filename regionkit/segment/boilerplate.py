"""Page headers, footers and page numbers repeated through a plain text."""

from __future__ import annotations

from collections import Counter

from regionkit.segment.classify import bullet_body
from regionkit.segment.lines import Line, split_lines
from regionkit.segment.patterns import SegmentPatterns, load_patterns
from regionkit.segment.types import Boilerplate


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
    lines = split_lines(text)
    found = _repeated_blocks(lines, p)
    covered = {i for block, _ in found for i in block}
    out = [
        Boilerplate(start, end, kind, text[start:end])
        for start, end, kind in ((lines[b[0]].start, lines[b[-1]].end, k) for b, k in found)
    ]
    for i in _page_number_lines(lines, p):
        if i not in covered:
            out.append(Boilerplate(lines[i].start, lines[i].end, "page_number", lines[i].text))
    return sorted(out, key=lambda b: b.start)


def _line_key(line: Line, p: SegmentPatterns) -> str | None:
    """Return what a line is compared by when looking for repeats (None: never boilerplate)."""
    if len(line.text) > p.bp_line_max_chars or bullet_body(line.text, p) is not None:
        return None
    return " ".join(p.page_number_inline.sub("#", line.text).split())


def _repeated_blocks(lines: list[Line], p: SegmentPatterns) -> list[tuple[list[int], str]]:
    keys = [_line_key(line, p) for line in lines]
    freq = Counter(k for k in keys if k is not None)
    pairs = Counter(zip(keys, keys[1:], strict=False))
    linked = [
        keys[i] is not None and keys[i + 1] is not None and pairs[(keys[i], keys[i + 1])] >= 2
        for i in range(len(keys) - 1)
    ]
    blocks: list[list[int]] = []
    i = 0
    while i < len(linked):
        if not linked[i]:
            i += 1
            continue
        j = i
        while j < len(linked) and linked[j]:
            j += 1
        blocks.append(_trim_block(list(range(i, j + 1)), keys, freq, p.bp_min_share))
        i = j + 1
    # Every adjacent pair of a block repeats, so a block seen once is never kept; a whole block
    # need not repeat as one piece (two headers in a row around an empty page stay headers).
    blocks = [b for b in blocks if len(b) >= 2]
    last_line = len(lines) - 1
    footers = {tuple(keys[k] for k in b) for b in blocks if b[-1] == last_line}
    return [
        (b, "page_footer" if tuple(keys[k] for k in b) in footers else "page_header")
        for b in blocks
    ]


def _trim_block(block: list[int], keys: list[str | None], freq: Counter, share: float) -> list[int]:
    """Drop edge lines seen much less often than the block's most frequent line."""
    top = max(freq[keys[k]] for k in block)
    while block and freq[keys[block[0]]] < share * top:
        block = block[1:]
    while block and freq[keys[block[-1]]] < share * top:
        block = block[:-1]
    return block


def _page_number_lines(lines: list[Line], p: SegmentPatterns) -> list[int]:
    marked = [i for i, line in enumerate(lines) if p.page_number.fullmatch(line.text)]
    bare = [i for i, line in enumerate(lines) if p.bare_page_number.fullmatch(line.text)]
    values = [int(lines[i].text) for i in bare]
    if len(bare) < 2 or any(b <= a for a, b in zip(values, values[1:], strict=False)):
        bare = []
    found = sorted(set(marked) | set(bare))
    return found if len(found) >= 2 else []
