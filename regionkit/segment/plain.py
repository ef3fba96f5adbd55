"""Plain text to segments: the lines of a text grouped into the units of the genre."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from regionkit.segment.classify import classify, clean_label
from regionkit.segment.cut import cut_long
from regionkit.segment.lines import Line, normalise_spans, split_lines
from regionkit.segment.patterns import SegmentPatterns, load_patterns
from regionkit.segment.types import Boilerplate, Segment


@dataclass(frozen=True)
class _Unit:
    kind: str
    path: tuple[str, ...]


@dataclass(frozen=True)
class _Heading:
    index: int
    level: int
    label: str


class _Segmenter:
    """Assigns every line to one unit; segments are runs of lines of one unit."""

    def __init__(self, lines: list[Line], p: SegmentPatterns) -> None:
        self.lines = lines
        self.p = p
        self.info = [classify(line, p) for line in lines]
        self.n = len(lines)
        self.owner = [-1] * self.n
        self.units: list[_Unit] = []

    # -- bookkeeping -------------------------------------------------------------------------

    def _new(self, kind: str, path: tuple[str, ...], indices: Iterable[int]) -> int:
        self.units.append(_Unit(kind, path))
        uid = len(self.units) - 1
        for i in indices:
            self.owner[i] = uid
        return uid

    def _free(self, i: int) -> bool:
        return self.owner[i] < 0

    def _label(self, i: int) -> str:
        return clean_label(self.lines[i].text, self.info[i])

    # -- driver ------------------------------------------------------------------------------

    def run(self) -> list[Segment]:
        title_end = self._mark_title()
        signature_start = self._mark_signature(title_end)
        self._mark_tocs(title_end)
        headings = self._numbered_headings()
        has_attendees = self._mark_lists(headings)
        meeting = has_attendees or self._is_meeting(title_end, signature_start)
        if meeting:
            self._structure_meeting(headings)
        else:
            self._structure_report(headings)
        leftover = [i for i in range(self.n) if self._free(i)]
        self._structure_free(leftover, ())
        return self._segments()

    # -- title, signature, toc ---------------------------------------------------------------

    def _title_like(self, i: int) -> bool:
        line, f, p = self.lines[i], self.info[i], self.p
        text = line.text
        return not (
            f.bullet is not None
            or f.num_style is not None
            or f.toc_cue
            or f.toc_line
            or f.attendee
            or f.member
            or f.decision
            or ("\t" in text and not f.title_meta)
            or len(text) > p.title_max_chars
            or (text[-1] in ".!?" and len(text.split()) >= p.prose_min_words)
            or (line.blank_before and text[0].islower())
            or self._wrapped_prose(i)
        )

    def _wrapped_prose(self, i: int) -> bool:
        """Tell if line i is a long line whose sentence goes on in the next line (hard wrap)."""
        if len(self.lines[i].text) < self.p.wrapped_min_chars or i + 1 >= self.n:
            return False
        nxt = self.lines[i + 1]
        return not nxt.blank_before and nxt.text[0].islower()

    def _mark_title(self) -> int:
        end = 0
        while end < min(self.n, self.p.title_max_lines) and self._title_like(end):
            end += 1
        if self._opens_body(end):
            end -= 1
        if end:
            self._new("title", (), range(end))
        return end

    def _opens_body(self, end: int) -> bool:
        """Tell if the last line of a title block of `end` lines is the body's first heading.

        It is when it is heading-shaped and directly above a bullet, or when it stands alone
        after the rest of the title with content under it, unless it repeats the title (seed
        000 repeats its title under the page-1 header).
        """
        if not 0 < end < self.n or not self.info[end - 1].plain_heading:
            return False
        if self.info[end].bullet is not None:
            return True
        last, nxt = self.lines[end - 1], self.info[end]
        alone = end >= 2 and last.blank_before
        special = nxt.toc_cue or nxt.toc_line or nxt.attendee or nxt.member
        repeats = " ".join(last.text.split()) == " ".join(self.lines[0].text.split())
        return alone and not special and not repeats and self.lines[end].blank_before

    def _mark_signature(self, title_end: int) -> int:
        p, start = self.p, self.n
        lowest = max(title_end, self.n - p.signature_max_lines)
        for i in range(self.n - 1, lowest - 1, -1):
            f, text = self.info[i], self.lines[i].text
            sentence = text[-1] in ".!?" and len(text.split()) >= p.signature_sentence_words
            if (
                len(text) > p.signature_line_max_chars
                or sentence
                or f.bullet is not None
                or f.num_heading
            ):
                break
            if f.signature_cue:
                start = i
        if start < self.n:
            self._new("signature", (), range(start, self.n))
        return start

    def _mark_tocs(self, title_end: int) -> None:
        i = title_end
        while i < self.n:
            if self._free(i) and self.info[i].toc_cue:
                end = self._toc_entries_end(i + 1)
                if end > i + 1:
                    self._new("toc", (), range(i, end))
                    i = end
                    continue
            i += 1
        # A TOC without its cue line counts only right after the title.
        first = next((i for i in range(title_end, self.n) if self._free(i)), self.n)
        end = self._toc_entries_end(first)
        if end - first >= self.p.toc_min_lines:
            self._new("toc", (), range(first, end))

    def _toc_entries_end(self, i: int) -> int:
        """Index after the TOC entries from i on (an entry may wrap onto two lines)."""
        while i < self.n and self._free(i):
            if self.info[i].toc_line:
                i += 1
            elif (
                i + 1 < self.n
                and self.info[i + 1].toc_line
                and not self.lines[i + 1].blank_before
                and len(self.lines[i].text) <= self.p.signature_line_max_chars
            ):
                i += 2
            else:
                break
        return i

    # -- numbered headings -------------------------------------------------------------------

    def _numbered_headings(self) -> list[_Heading]:
        """Accept the numbered or § lines that follow a heading numbering through the text.

        Only one style counts as headings (the one with more accepted lines); numbers may skip a
        few but never go back, so a numbered list inside a section stays body text.
        """
        best: list[_Heading] = []
        for style in ("para", "num"):
            found = self._accept_sequence(style)
            if len(found) > len(best):
                best = found
        return best

    def _accept_sequence(self, style: str) -> list[_Heading]:
        state: tuple[int, ...] = ()
        found: list[_Heading] = []
        for i in range(self.n):
            f = self.info[i]
            if not (self._free(i) and f.num_style == style and f.num_heading):
                continue
            if self._in_numbered_list(i):
                continue
            if _follows(state, f.num_parts, self.p.max_number_gap):
                state = f.num_parts
                found.append(_Heading(i, len(f.num_parts), self._label(i)))
        return found

    def _in_numbered_list(self, i: int) -> bool:
        """Tell if a numbered line of the same shape sits right above or below (a list)."""
        f = self.info[i]
        for j in (i - 1, i + 1):
            if not 0 <= j < self.n:
                continue
            below = self.lines[max(i, j)]
            g = self.info[j]
            if (
                not below.blank_before
                and g.num_style == f.num_style
                and len(g.num_parts) == len(f.num_parts)
            ):
                return True
        return False

    # -- attendee and member lists -----------------------------------------------------------

    def _mark_lists(self, headings: list[_Heading]) -> bool:
        heading_at = {h.index for h in headings}
        found_attendees = False
        i = 0
        while i < self.n:
            kind = self._list_kind(i) if self._free(i) else None
            end = self._list_end(i, heading_at) if kind else i
            rows = end - i - 1
            if kind and (self.info[i].attendee == "inline" or rows >= self._min_rows(kind)):
                path = self._list_path(i, kind, headings)
                self._new(kind, path, range(i, end))
                found_attendees |= kind == "attendees"
                i = end
                continue
            i += 1
        return found_attendees

    def _list_kind(self, i: int) -> str | None:
        f = self.info[i]
        if f.attendee == "inline":
            return "attendees"
        if f.member:
            return "members"
        if f.attendee:
            return "attendees"
        return None

    def _min_rows(self, kind: str) -> int:
        return self.p.members_min_rows if kind == "members" else 1

    def _list_end(self, i: int, heading_at: set[int]) -> int:
        j = i + 1
        standalone = self.info[i].attendee == "standalone" or self.info[i].member == "standalone"
        while j < self.n and self._free(j) and j not in heading_at:
            line, f = self.lines[j], self.info[j]
            tabbed = "\t" in line.text
            after_cue = standalone and j == i + 1
            if line.blank_before and not (tabbed or f.attendee or after_cue):
                break
            if f.num_heading and not f.attendee:
                break
            if not tabbed and len(line.text) > self.p.member_row_max_chars:
                break
            j += 1
        return j

    def _list_path(self, i: int, kind: str, headings: list[_Heading]) -> tuple[str, ...]:
        if kind != "members" or self.info[i].num_style is None:
            return ()
        chain = _chain(headings, i)
        return tuple(h.label for h in chain)

    # -- meeting or report -------------------------------------------------------------------

    def _is_meeting(self, title_end: int, signature_start: int) -> bool:
        p = self.p
        head = " ".join(line.text for line in self.lines[: max(title_end, min(3, self.n))])
        if p.meeting_title.search(head):
            return True
        if signature_start < self.n and p.signature_meeting_cue.match(
            self.lines[signature_start].text
        ):
            return True
        decisions = sum(1 for i in range(self.n) if self._free(i) and self.info[i].decision)
        return decisions >= p.min_decisions

    def _structure_meeting(self, headings: list[_Heading]) -> None:
        """Top-level numbered items are agenda items: heading, paragraphs, decisions, lists."""
        if not headings:
            return
        top = min(h.level for h in headings)
        items = [h for h in headings if h.level == top and self._free(h.index)]
        bounds = [h.index for h in items] + [self.n]
        for h, stop in zip(items, bounds[1:], strict=True):
            members = [i for i in range(h.index, stop) if self._free(i)]
            self._new("agenda_item", (h.label,), members)

    def _structure_report(self, headings: list[_Heading]) -> None:
        """Numbered headings of a report: a section, or a heading over activities."""
        for k, h in enumerate(headings):
            stop = headings[k + 1].index if k + 1 < len(headings) else self.n
            if not self._free(h.index):
                continue
            parents = tuple(x.label for x in _chain(headings, h.index)[:-1])
            own = [i for i in range(h.index + 1, stop) if self._free(i)]
            if own and self._activity_style(own):
                self._new("heading", parents, [h.index])
                self._structure_free(own, (*parents, h.label))
            elif own:
                self._new("section", (*parents, h.label), [h.index, *own])
            else:
                self._new("heading", parents, [h.index])

    def _activity_style(self, indices: list[int]) -> bool:
        """Tell if most bullets here have paragraphs of their own under them (plan items)."""
        plan = self._plan_free(indices, ())
        activities = [members for kind, _, members in plan if kind == "activity"]
        with_text = [
            m for m in activities if any(self.info[i].bullet is None for i in m[1:])
        ]
        return bool(with_text) and 2 * len(with_text) >= len(activities)

    # -- free text: headings, activities, paragraphs, decisions ------------------------------

    def _structure_free(self, indices: list[int], base: tuple[str, ...]) -> None:
        for kind, path, members in self._plan_free(indices, base):
            self._new(kind, path, members)

    def _plan_free(
        self, indices: list[int], base: tuple[str, ...]
    ) -> list[tuple[str, tuple[str, ...], list[int]]]:
        """Group lines outside numbered sections into headings, activities and paragraphs."""
        plan: list[tuple[str, tuple[str, ...], list[int]]] = []
        stack: list[tuple[int, str]] = []
        cur: int | None = None  # index in plan of the unit that takes following lines
        cur_indent = 0
        list_open = False  # inside a list introduced by a line ending with ":"
        heading_level = 0  # level of the heading just above, 0 after anything else
        prev: int | None = None
        for i in indices:
            line, f = self.lines[i], self.info[i]
            if prev is not None and i != prev + 1:  # a list, TOC or section came between
                cur, list_open, heading_level = None, False, 0
            prev = i
            path = base + tuple(label for _, label in stack)
            if self._is_plain_heading(i, heading_level > 0):
                level = heading_level + 1 if heading_level else 1
                while stack and stack[-1][0] >= level:
                    stack.pop()
                plan.append(("heading", base + tuple(label for _, label in stack), [i]))
                stack.append((level, self._label(i)))
                cur, list_open, heading_level = None, False, level
                continue
            heading_level = 0
            if f.bullet is not None:
                nested = cur is not None and (
                    list_open or line.indent >= cur_indent + self.p.sub_indent
                )
                if nested:
                    plan[cur][2].append(i)
                else:
                    plan.append(("activity", (*path, self._label(i)), [i]))
                    cur, cur_indent = len(plan) - 1, line.indent
                list_open = list_open or f.lead_in
                continue
            takes = cur is not None and (
                plan[cur][0] in ("activity", "paragraph")
                and not (f.decision and plan[cur][0] == "paragraph")
                or plan[cur][0] == "decision" and not line.blank_before
            )
            if takes:
                plan[cur][2].append(i)
            else:
                plan.append(("decision" if f.decision else "paragraph", path, [i]))
                cur = len(plan) - 1
            # A wrapped list item (its sentence goes on in lower case) keeps the list open.
            list_open = f.lead_in or (
                list_open and not line.blank_before and line.text[0].islower()
            )
        return plan

    def _is_plain_heading(self, i: int, after_heading: bool) -> bool:
        """Tell if line i is a heading: heading-shaped, standing apart, something under it."""
        f, line = self.info[i], self.lines[i]
        if not f.plain_heading or f.decision or i + 1 >= self.n:
            return False
        if not (line.blank_before or after_heading):
            return False
        nxt, g = self.lines[i + 1], self.info[i + 1]
        return (
            nxt.blank_before
            or g.bullet is not None
            or g.num_style is not None
            or (len(line.text) <= self.p.wrapped_min_chars and nxt.text[0].isupper())
        )

    # -- output ------------------------------------------------------------------------------

    def _segments(self) -> list[Segment]:
        segments: list[Segment] = []
        first = 0
        for i in range(1, self.n + 1):
            if i == self.n or self.owner[i] != self.owner[first] or self.lines[i].break_before:
                unit = self.units[self.owner[first]]
                segments.append(
                    Segment(self.lines[first].start, self.lines[i - 1].end, unit.kind, unit.path)
                )
                first = i
        return segments


def _follows(state: tuple[int, ...], parts: tuple[int, ...], gap: int) -> bool:
    """Tell if heading number `parts` may come after the last accepted number `state`."""
    if not state:
        return True
    k = len(parts)
    if k == 1:
        return state[0] < parts[0] <= state[0] + gap
    parent = parts[:-1]
    if len(state) >= k - 1 and state[: k - 1] == parent:
        current = state[k - 1] if len(state) >= k else 0
        return current < parts[-1] <= current + gap
    # "3.1" right after "2.4" with no "3." line: the parent must follow and this be its first.
    return parts[-1] == 1 and _follows(state, parent, gap)


def _chain(headings: list[_Heading], index: int) -> list[_Heading]:
    """Return the numbered headings around line `index` (itself last if one), outermost first."""
    chain: list[_Heading] = []
    for h in headings:
        if h.index > index:
            break
        while chain and chain[-1].level >= h.level:
            chain.pop()
        chain.append(h)
    return chain


def segment_text(text: str, boilerplate: Sequence[Boilerplate] = ()) -> list[Segment]:
    r"""Split normalised text into segments.

    Args:
        text: Normalised text of one document (one line per paragraph).
        boilerplate: Spans to leave out (usually `find_boilerplate(text)`); no segment overlaps
            them, and a segment interrupted by one continues as a second segment of the same
            kind and heading path.

    Returns:
        Segments sorted by start, not overlapping, each trimmed of surrounding whitespace, none
        longer than the maximum (`cut_long`). Every non-whitespace character of `text` is in
        exactly one segment or boilerplate span.

    Examples:
        >>> [s.kind for s in segment_text("Kunskapsstyrning\n\n- Stärka samverkan\nText.")]
        ['heading', 'activity']
    """
    lines = split_lines(text, normalise_spans(text, boilerplate))
    if not lines:
        return []
    patterns = load_patterns()
    return cut_long(text, _Segmenter(lines, patterns).run(), patterns)


