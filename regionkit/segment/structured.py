"""Structured documents (DOCX, PDF) to segments: blocks in, segments and boilerplate out.

The readers (`regionkit.ingest`) say what each stretch of the text is (`Block`); this module
groups the blocks into the units of the genre, in one pass over them:

- the **title**: the document title (a level-0 heading) and the short lines around it that sit
  above the first heading (a subtitle naming the body; also one set as a sub-heading ranked
  below the first heading after it, which can head nothing);
- a **heading** starts a section: the headings above a block make its heading path. A heading
  with only paragraphs under it (no list, no table, no sub-heading) is one **section** segment
  with them, else a `heading` segment of its own;
- a **list item** is an **activity** with the paragraphs under it (and the items of a list
  nested in it or introduced by a line ending in ":"); its bullet line ends its heading path;
- a paragraph opening with a typed marker ("a) ...", segment_patterns.yaml `typed_item`) is a
  list item; every other paragraph not under a list item is a **paragraph** segment of its own
  (a caption "Figur 1. ..." too); one opening with a decision cue ("Beslut:") is a
  **decision**;
- the lines of a table of contents (and the cue line "Innehåll" above them) are one **toc**
  segment; a **footnote** is a segment of its own (not content);
- each **table row** is a `table_row` segment with its cells in order (tab-separated); a
  table's first row, and a header row repeated on a later page, is a `table_header`, not
  content;
- in meeting notes or a protocol (title cue, or two or more decisions), a top-level heading and
  everything under it is one **agenda item**;
- running headers, footers and page numbers are **boilerplate**, never content.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from regionkit.ingest.structure import FURNITURE_KINDS, Block
from regionkit.segment.boilerplate import find_boilerplate
from regionkit.segment.cut import cut_long
from regionkit.segment.patterns import SegmentPatterns, load_patterns
from regionkit.segment.plain import segment_text
from regionkit.segment.types import Boilerplate, Segment


def segment_document(norm, blocks: Sequence[Block] | None
                     ) -> tuple[list[Segment], list[Boilerplate]]:
    """Segment one normalised document by the path its format calls for.

    Args:
        norm: the `regionkit.normalize.Normalized` text.
        blocks: the blocks its reader found, with offsets into the raw text (`norm.raw`); empty
            or None for plain text.

    Returns:
        (segments, boilerplate), offsets into the normalised text.
    """
    if not blocks:
        boilerplate = find_boilerplate(norm.text)
        return segment_text(norm.text, boilerplate), boilerplate
    return segment_blocks(norm.text, to_normalised(norm, blocks))


def to_normalised(norm, blocks: Sequence[Block]) -> list[Block]:
    """Map blocks with offsets into the raw text to offsets into the normalised text."""
    offsets = np.asarray(norm.offsets)

    def at(raw: int) -> int:
        return int(np.searchsorted(offsets, raw, side="left"))

    return [replace(b, start=at(b.start), end=at(b.end),
                    cells=tuple((at(s), at(e)) for s, e in b.cells)) for b in blocks]


@dataclass
class _Unit:
    kind: str
    path: tuple[str, ...]
    blocks: list[int]


def segment_blocks(text: str, blocks: Sequence[Block],
                   patterns: SegmentPatterns | None = None
                   ) -> tuple[list[Segment], list[Boilerplate]]:
    """Group a structured document's blocks into segments.

    Args:
        text: the document text the blocks point into.
        blocks: its blocks in reading order (furniture anywhere).
        patterns: the cues (default: the packaged ones).

    Returns:
        (segments, boilerplate): segments sorted by start, not overlapping, trimmed of
        whitespace, none longer than the maximum; every non-whitespace character of `text` lies
        in exactly one segment or boilerplate span.
    """
    p = patterns or load_patterns()
    body = [b for b in blocks if b.kind not in FURNITURE_KINDS and b.kind != "footnote"
            and _span(text, b) is not None]
    body = [_typed_item(text, b, p) for b in body]
    boilerplate = _boilerplate(text, blocks, p)
    units = _Grouper(text, body, p).run()
    notes = [b for b in blocks if b.kind == "footnote" and _span(text, b) is not None]
    body += notes
    units += [_Unit("footnote", (), [len(body) - len(notes) + k]) for k in range(len(notes))]
    segments = []
    for unit in units:
        first, last = body[unit.blocks[0]], body[unit.blocks[-1]]
        span = _strip(text, first.start, last.end)
        if span is not None:
            segments.append(Segment(span[0], span[1], unit.kind, unit.path))
    segments.sort(key=lambda s: s.start)
    segments = _fill_gaps(text, segments, boilerplate)
    return cut_long(text, segments, p), boilerplate


def _typed_item(text: str, block: Block, p: SegmentPatterns) -> Block:
    """Make a paragraph opening with a typed marker ("a) ...") a list item."""
    if block.kind == "paragraph" and p.typed_item.match(text[block.start:block.end].lstrip()):
        return replace(block, kind="list_item")
    return block


def _span(text: str, block: Block) -> tuple[int, int] | None:
    return _strip(text, block.start, block.end)


def _strip(text: str, start: int, end: int) -> tuple[int, int] | None:
    start, end = max(0, start), min(len(text), end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _boilerplate(text: str, blocks: Sequence[Block], p: SegmentPatterns) -> list[Boilerplate]:
    out = []
    for b in blocks:
        if b.kind not in FURNITURE_KINDS:
            continue
        span = _span(text, b)
        if span is None:
            continue
        piece = text[span[0]:span[1]]
        if b.kind == "page_number" or p.page_number.fullmatch(piece):
            kind = "page_number"
        else:
            kind = "page_header" if b.kind == "header" else "page_footer"
        out.append(Boilerplate(span[0], span[1], kind, piece))
    return sorted(out, key=lambda b: b.start)


def _fill_gaps(text: str, segments: list[Segment], boilerplate: list[Boilerplate]
               ) -> list[Segment]:
    """Make a paragraph of any text no block covered (blocks from a careless caller)."""
    covered = sorted([(s.start, s.end) for s in segments] + [(b.start, b.end) for b in
                                                              boilerplate])
    extra = []
    pos = 0
    for start, end in [*covered, (len(text), len(text))]:
        if start > pos:
            span = _strip(text, pos, start)
            if span is not None:
                extra.append(Segment(span[0], span[1], "paragraph", ()))
        pos = max(pos, end)
    return sorted(segments + extra, key=lambda s: s.start) if extra else segments


class _Grouper:
    """One pass over the body blocks: title, headings, activities, paragraphs, table rows."""

    def __init__(self, text: str, body: list[Block], p: SegmentPatterns) -> None:
        self.text = text
        self.body = body
        self.p = p
        self.n = len(body)
        self.texts = [" ".join(text[b.start:b.end].split()) for b in body]

    def run(self) -> list[_Unit]:
        title_end = self._title_end()
        units = [_Unit("title", (), list(range(title_end)))] if title_end else []
        if self._is_meeting(title_end):
            units += self._agenda(title_end)
        else:
            units += self._report(title_end)
        return units

    # -- title --------------------------------------------------------------------------------

    def _title_end(self) -> int:
        i, started = 0, False
        while i < min(self.n, self.p.title_max_lines):
            b, text = self.body[i], self.texts[i]
            nxt = self.body[i + 1] if i + 1 < self.n else None
            if b.kind == "heading" and b.level == 0:
                started = True
                i += 1
                continue
            short = (len(text) <= self.p.title_max_chars and text[-1] not in ".!?:;"
                     and not self.p.structured_numbered.fullmatch(text))
            if (b.kind in ("heading", "paragraph") and short and nxt is not None
                    and (nxt.kind == "heading" or (started and b.kind == "paragraph"
                                                   and not self._toc_at(i))
                         or (started and self._outranked(i)))
                    and (started or b.kind == "paragraph")):
                started = True
                i += 1
                continue
            break
        return i

    def _outranked(self, i: int) -> bool:
        """Tell if the heading at body block i is set below the next heading's level.

        A sub-heading under the title that comes before any heading of a higher rank heads
        nothing (a subtitle set larger than the body text, not the first section).
        """
        b = self.body[i]
        if b.kind != "heading" or b.level < 2:
            return False
        nxt = next((x for x in self.body[i + 1:] if x.kind == "heading"), None)
        return nxt is not None and 0 < nxt.level < b.level

    def _toc_at(self, i: int) -> bool:
        """Tell if a table of contents starts at body block i (its cue line, or a toc line)."""
        if self.body[i].kind == "toc":
            return True
        return (i + 1 < self.n and self.body[i + 1].kind == "toc"
                and bool(self.p.toc_cue.fullmatch(self.texts[i])))

    # -- meetings -----------------------------------------------------------------------------

    def _is_meeting(self, title_end: int) -> bool:
        head = " ".join(self.texts[:max(title_end, 1)])
        if self.p.meeting_title.search(head):
            return True
        decisions = sum(1 for b, t in zip(self.body, self.texts, strict=True)
                        if b.kind == "paragraph" and self.p.decision.match(t))
        return decisions >= self.p.min_decisions and any(b.kind == "heading" for b in self.body)

    def _agenda(self, start: int) -> list[_Unit]:
        levels = [b.level or 1 for b in self.body[start:] if b.kind == "heading"]
        top = min(levels) if levels else 1
        units: list[_Unit] = []
        i = start
        while i < self.n:
            b = self.body[i]
            if b.kind == "heading" and (b.level or 1) <= top:
                j = i + 1
                while j < self.n and not (self.body[j].kind == "heading"
                                          and (self.body[j].level or 1) <= top):
                    j += 1
                units.append(_Unit("agenda_item", (self.texts[i],), list(range(i, j))))
                i = j
                continue
            j = i
            while j < self.n and not (self.body[j].kind == "heading"
                                      and (self.body[j].level or 1) <= top):
                j += 1
            units += self._report(i, j)
            i = j
        return units

    # -- plans and reports --------------------------------------------------------------------

    def _report(self, start: int, stop: int | None = None) -> list[_Unit]:
        stop = self.n if stop is None else stop
        units: list[_Unit] = []
        stack: list[tuple[int, str]] = []
        tables_seen: set[int] = set()
        cur: _Unit | None = None
        cur_level = 0
        list_open = False
        i = start
        while i < stop:
            b, text = self.body[i], self.texts[i]
            path = tuple(label for _, label in stack)
            if self._toc_at(i):
                j = i + 1
                while j < stop and self.body[j].kind == "toc":
                    j += 1
                units.append(_Unit("toc", (), list(range(i, j))))
                cur, list_open = None, False
                i = j
                continue
            if b.kind == "heading":
                level = max(b.level, 1)
                while stack and stack[-1][0] >= level:
                    stack.pop()
                path = tuple(label for _, label in stack)
                j = i + 1
                while j < stop and self.body[j].kind != "heading":
                    j += 1
                own = self.body[i + 1:j]
                label = _label(text)
                own = own if not any(self._toc_at(k) for k in range(i + 1, j)) else [b]
                if own and all(x.kind == "paragraph" for x in own):
                    units.append(_Unit("section", (*path, label), list(range(i, j))))
                    stack.append((level, label))
                    cur, list_open = None, False
                    i = j
                    continue
                units.append(_Unit("heading", path, [i]))
                stack.append((level, label))
                cur, list_open = None, False
            elif b.kind == "list_item":
                nested = cur is not None and cur.kind in ("activity", "paragraph") and (
                    list_open or (cur.kind == "activity" and b.level > cur_level))
                if nested:
                    cur.blocks.append(i)
                else:
                    cur = _Unit("activity", (*path, self._item_label(text)), [i])
                    cur_level = b.level
                    units.append(cur)
                    list_open = False
            elif b.kind == "table_row":
                header = b.header_row or b.table not in tables_seen
                tables_seen.add(b.table)
                units.append(_Unit("table_header" if header else "table_row", path, [i]))
                cur, list_open = None, False
            else:
                decision = bool(self.p.decision.match(text))
                caption = bool(self.p.caption.match(text))
                if cur is not None and not caption and (
                        cur.kind == "activity" or (cur.kind == "paragraph" and list_open)):
                    cur.blocks.append(i)
                else:
                    cur = _Unit("decision" if decision else "paragraph", path, [i])
                    units.append(cur)
                list_open = bool(self.p.lead_in.match(text))
            i += 1
        return units

    def _item_label(self, text: str) -> str:
        m = self.p.bullet.match(text)
        if m:
            return _label(m.group("body"))
        m = _ENUMERATED.match(text)
        return _label(text[m.end():] if m else text)


_ENUMERATED = re.compile(r"(?:\d{1,3}(?:\.\d{1,3})*|[a-zA-Z])[.)]\s+")


def _label(text: str) -> str:
    core = " ".join(text.split())
    return core.strip("*_ ") or core
