"""Plain text to segments: the lines of a text grouped into the units of the genre.

The text is split into lines (module `lines`, boilerplate left out) and every line classified
by its shape and cues (module `classify`): that is the `Doc` every pass reads and none changes.
Then passes claim lines as units, in this order; each is a function of the `Doc` and of what
the passes before it returned (`Unit`s, the set of line indices they have `taken`, the numbered
`Heading`s), and returns its own result:

1. `claim_title`: the block of short lines at the top.
2. `claim_signature`: the closing block at the bottom ("Vid anteckningarna", names).
3. `claim_tocs`: tables of contents (a cue line and its entries; entries without a cue line
   only right after the title).
4. `find_headings`: claims nothing; the numbered or § lines that number the text through.
5. `claim_lists`: attendee and member lists (a list stops at a numbered heading).
6. `is_meeting` tells the genre, then `claim_agenda_items` (meeting notes and protocols: a
   top-level numbered item with everything under it) or `claim_sections` (plans and reports:
   a numbered heading with its text, or a heading over activities).
7. `claim_free`: every line still free: unnumbered headings, activities, paragraphs, decisions.

`claim_units` is the composition. `to_segments` makes runs of lines of one unit into segments
(a unit interrupted by boilerplate continues as a second segment), and `cut_long` (module `cut`)
cuts units longer than the maximum. No pass drops text: `claim_free` takes every line the
others left, so every line lies in exactly one segment.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from regionkit.segment.classify import Info, classify, clean_label
from regionkit.segment.cut import cut_long
from regionkit.segment.lines import Line, normalise_spans, split_lines
from regionkit.segment.patterns import SegmentPatterns, load_patterns
from regionkit.segment.types import Boilerplate, Segment


@dataclass(frozen=True)
class Doc:
    """The lines of one text and what each looks like: what every pass reads.

    Attributes:
        lines: The non-blank lines, in order.
        info: `classify` of each line.
        p: The cues.
    """

    lines: tuple[Line, ...]
    info: tuple[Info, ...]
    p: SegmentPatterns

    @classmethod
    def of(cls, lines: Sequence[Line], p: SegmentPatterns) -> Doc:
        """Classify the lines."""
        return cls(tuple(lines), tuple(classify(line, p) for line in lines), p)

    @property
    def n(self) -> int:
        """Number of lines."""
        return len(self.lines)

    def label(self, i: int) -> str:
        """Line i as a heading-path element."""
        return clean_label(self.lines[i].text, self.info[i])


@dataclass(frozen=True)
class Unit:
    """Lines a pass claims as one unit.

    Attributes:
        kind: The segment kind.
        path: The heading path.
        lines: Indices of the lines (into `Doc.lines`), ascending; not always contiguous (an
            agenda item goes round a list inside it).
    """

    kind: str
    path: tuple[str, ...]
    lines: tuple[int, ...]


@dataclass(frozen=True)
class Heading:
    """A numbered or § line accepted as a heading: its line index, depth and label."""

    index: int
    level: int
    label: str


Units = tuple[Unit, ...]


def taken_by(*groups: Iterable[Unit]) -> frozenset[int]:
    """Return the indices of the lines the units of the groups have claimed."""
    return frozenset(i for group in groups for unit in group for i in unit.lines)


# -- composition -------------------------------------------------------------------------------


def claim_units(doc: Doc) -> Units:
    """Run the passes in order, each on what the earlier ones returned; return all units.

    Units come in the order they were claimed; every line is in at least one of them.
    """
    title = claim_title(doc)
    signature = claim_signature(doc, title)
    tocs = claim_tocs(doc, title, taken_by(title, signature))
    before_lists = taken_by(title, signature, tocs)
    headings = find_headings(doc, before_lists)
    lists = claim_lists(doc, before_lists, headings)
    before_body = before_lists | taken_by(lists)
    body_pass = (
        claim_agenda_items if is_meeting(doc, title, signature, lists, before_body)
        else claim_sections
    )
    body = body_pass(doc, before_body, headings)
    rest = claim_free(doc, before_body | taken_by(body))
    return (*title, *signature, *tocs, *lists, *body, *rest)


def to_segments(doc: Doc, units: Units) -> list[Segment]:
    """Return one segment per run of consecutive lines of one unit, not across boilerplate.

    A line in two units belongs to the later one (only `claim_tocs` can claim a claimed line:
    the second line of a wrapped entry). A line in no unit is an error (KeyError), never a
    line left out.
    """
    owner = {i: uid for uid, unit in enumerate(units) for i in unit.lines}
    segments: list[Segment] = []
    first = 0
    for i in range(1, doc.n + 1):
        if i == doc.n or owner[i] != owner[first] or doc.lines[i].break_before:
            unit = units[owner[first]]
            segments.append(
                Segment(doc.lines[first].start, doc.lines[i - 1].end, unit.kind, unit.path)
            )
            first = i
    return segments


# -- 1. title ----------------------------------------------------------------------------------


def claim_title(doc: Doc) -> Units:
    """Claim the title block: the short, title-shaped lines at the top (at most one unit).

    It claims only lines from the first on, stops at the first prose, list or TOC line, and
    leaves the body's first heading to the body. It never claims a line past `title.max_lines`.
    """
    end = 0
    while end < min(doc.n, doc.p.title_max_lines) and _title_like(doc, end):
        end += 1
    if _opens_body(doc, end):
        end -= 1
    return (Unit("title", (), tuple(range(end))),) if end else ()


def _title_end(title: Units) -> int:
    return len(title[0].lines) if title else 0


def _title_like(doc: Doc, i: int) -> bool:
    line, f, p = doc.lines[i], doc.info[i], doc.p
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
        or _wrapped_prose(doc, i)
    )


def _wrapped_prose(doc: Doc, i: int) -> bool:
    """Tell if line i is a long line whose sentence goes on in the next line (hard wrap)."""
    if len(doc.lines[i].text) < doc.p.wrapped_min_chars or i + 1 >= doc.n:
        return False
    nxt = doc.lines[i + 1]
    return not nxt.blank_before and nxt.text[0].islower()


def _opens_body(doc: Doc, end: int) -> bool:
    """Tell if the last line of a title block of `end` lines is the body's first heading.

    It is when it is heading-shaped and directly above a bullet, or when it stands alone
    after the rest of the title with content under it, unless it repeats the title (seed
    000 repeats its title under the page-1 header).
    """
    if not 0 < end < doc.n or not doc.info[end - 1].plain_heading:
        return False
    if doc.info[end].bullet is not None:
        return True
    last, nxt = doc.lines[end - 1], doc.info[end]
    alone = end >= 2 and last.blank_before
    special = nxt.toc_cue or nxt.toc_line or nxt.attendee or nxt.member
    repeats = " ".join(last.text.split()) == " ".join(doc.lines[0].text.split())
    return alone and not special and not repeats and doc.lines[end].blank_before


# -- 2. signature ------------------------------------------------------------------------------


def claim_signature(doc: Doc, title: Units) -> Units:
    """Claim the signature: from the highest signature cue line of the closing block to the end.

    The closing block is the last `signature.max_lines` lines up to the first long line,
    sentence, bullet or numbered heading seen from the end (at most one unit). It never claims
    a title line.
    """
    p, start = doc.p, doc.n
    lowest = max(_title_end(title), doc.n - p.signature_max_lines)
    for i in range(doc.n - 1, lowest - 1, -1):
        f, text = doc.info[i], doc.lines[i].text
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
    return (Unit("signature", (), tuple(range(start, doc.n))),) if start < doc.n else ()


def _signature_start(doc: Doc, signature: Units) -> int:
    return signature[0].lines[0] if signature else doc.n


# -- 3. tables of contents ---------------------------------------------------------------------


def claim_tocs(doc: Doc, title: Units, taken: frozenset[int]) -> Units:
    """Claim tables of contents: a free cue line with the entries below it, and entries alone.

    Entries without a cue line count only right after the title, and only
    `toc.min_lines_without_cue` or more of them. A TOC starts on a free line (not in `taken`)
    and every line of it is free, except that an entry wrapped onto two lines is taken whole
    when its first line is free.
    """
    found: list[Unit] = []
    i = _title_end(title)
    while i < doc.n:
        if i not in taken and doc.info[i].toc_cue:
            end = _toc_entries_end(doc, taken, i + 1)
            if end > i + 1:
                found.append(Unit("toc", (), tuple(range(i, end))))
                i = end
                continue
        i += 1
    now = taken | taken_by(found)
    first = next((i for i in range(_title_end(title), doc.n) if i not in now), doc.n)
    end = _toc_entries_end(doc, now, first)
    if end - first >= doc.p.toc_min_lines:
        found.append(Unit("toc", (), tuple(range(first, end))))
    return tuple(found)


def _toc_entries_end(doc: Doc, taken: frozenset[int], i: int) -> int:
    """Index after the TOC entries from i on (an entry may wrap onto two lines)."""
    while i < doc.n and i not in taken:
        if doc.info[i].toc_line:
            i += 1
        elif (
            i + 1 < doc.n
            and doc.info[i + 1].toc_line
            and not doc.lines[i + 1].blank_before
            and len(doc.lines[i].text) <= doc.p.signature_line_max_chars
        ):
            i += 2
        else:
            break
    return i


# -- 4. numbered headings ----------------------------------------------------------------------


def find_headings(doc: Doc, taken: frozenset[int]) -> tuple[Heading, ...]:
    """Accept the free numbered or § lines that follow a heading numbering through the text.

    Only one style counts as headings (the one with more accepted lines); numbers may skip a
    few but never go back, so a numbered list inside a section stays body text. Claims
    nothing: the lists and body passes decide which headings become units.
    """
    best: tuple[Heading, ...] = ()
    for style in ("para", "num"):
        found = _accept_sequence(doc, taken, style)
        if len(found) > len(best):
            best = found
    return best


def _accept_sequence(doc: Doc, taken: frozenset[int], style: str) -> tuple[Heading, ...]:
    state: tuple[int, ...] = ()
    found: list[Heading] = []
    for i in range(doc.n):
        f = doc.info[i]
        if i in taken or f.num_style != style or not f.num_heading:
            continue
        if _in_numbered_list(doc, i):
            continue
        if _follows(state, f.num_parts, doc.p.max_number_gap):
            state = f.num_parts
            found.append(Heading(i, len(f.num_parts), doc.label(i)))
    return tuple(found)


def _in_numbered_list(doc: Doc, i: int) -> bool:
    """Tell if a numbered line of the same shape sits right above or below (a list)."""
    f = doc.info[i]
    for j in (i - 1, i + 1):
        if not 0 <= j < doc.n:
            continue
        below = doc.lines[max(i, j)]
        g = doc.info[j]
        if (
            not below.blank_before
            and g.num_style == f.num_style
            and len(g.num_parts) == len(f.num_parts)
        ):
            return True
    return False


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


def _chain(headings: Sequence[Heading], index: int) -> list[Heading]:
    """Return the numbered headings around line `index` (itself last if one), outermost first."""
    chain: list[Heading] = []
    for h in headings:
        if h.index > index:
            break
        while chain and chain[-1].level >= h.level:
            chain.pop()
        chain.append(h)
    return chain


# -- 5. attendee and member lists --------------------------------------------------------------


def claim_lists(doc: Doc, taken: frozenset[int], headings: tuple[Heading, ...]) -> Units:
    """Claim attendee and member lists: a free cue line and the rows below it.

    A list ends at a blank line (unless its rows are tabbed or cued), a numbered heading, a
    long line or a claimed line; a member list needs `members.min_rows` rows. It claims only
    free lines and never a heading of `headings` other than its own cue line.
    """
    heading_at = {h.index for h in headings}
    found: list[Unit] = []
    i = 0
    while i < doc.n:
        kind = _list_kind(doc.info[i]) if i not in taken else None
        end = _list_end(doc, taken, i, heading_at) if kind else i
        rows = end - i - 1
        if kind and (doc.info[i].attendee == "inline" or rows >= _min_rows(doc.p, kind)):
            path = _list_path(doc, i, kind, headings)
            found.append(Unit(kind, path, tuple(range(i, end))))
            i = end
            continue
        i += 1
    return tuple(found)


def _list_kind(f: Info) -> str | None:
    if f.attendee == "inline":
        return "attendees"
    if f.member:
        return "members"
    if f.attendee:
        return "attendees"
    return None


def _min_rows(p: SegmentPatterns, kind: str) -> int:
    return p.members_min_rows if kind == "members" else 1


def _list_end(doc: Doc, taken: frozenset[int], i: int, heading_at: set[int]) -> int:
    j = i + 1
    standalone = doc.info[i].attendee == "standalone" or doc.info[i].member == "standalone"
    while j < doc.n and j not in taken and j not in heading_at:
        line, f = doc.lines[j], doc.info[j]
        tabbed = "\t" in line.text
        after_cue = standalone and j == i + 1
        if line.blank_before and not (tabbed or f.attendee or after_cue):
            break
        if f.num_heading and not f.attendee:
            break
        if not tabbed and len(line.text) > doc.p.member_row_max_chars:
            break
        j += 1
    return j


def _list_path(doc: Doc, i: int, kind: str, headings: tuple[Heading, ...]) -> tuple[str, ...]:
    if kind != "members" or doc.info[i].num_style is None:
        return ()
    return tuple(h.label for h in _chain(headings, i))


# -- 6. meeting or report ----------------------------------------------------------------------


def is_meeting(
    doc: Doc, title: Units, signature: Units, lists: Units, taken: frozenset[int]
) -> bool:
    """Tell if the text is meeting notes or a protocol rather than a plan or report.

    It is when it has an attendee list, a meeting word in its title (or first lines), a
    meeting cue opening its signature, or `meetings.min_decisions` free decision lines.
    """
    if any(unit.kind == "attendees" for unit in lists):
        return True
    p, end = doc.p, _title_end(title)
    head = " ".join(line.text for line in doc.lines[: max(end, min(3, doc.n))])
    if p.meeting_title.search(head):
        return True
    start = _signature_start(doc, signature)
    if start < doc.n and p.signature_meeting_cue.match(doc.lines[start].text):
        return True
    decisions = sum(1 for i in range(doc.n) if i not in taken and doc.info[i].decision)
    return decisions >= p.min_decisions


def claim_agenda_items(
    doc: Doc, taken: frozenset[int], headings: tuple[Heading, ...]
) -> Units:
    """Claim agenda items: each free top-level numbered heading with the free lines under it.

    Decisions, paragraphs and sub-items stay inside their item; lines claimed before (a list
    inside an item) are gone round, never taken. Lines above the first item are left free.
    """
    if not headings:
        return ()
    top = min(h.level for h in headings)
    items = [h for h in headings if h.level == top and h.index not in taken]
    bounds = [h.index for h in items] + [doc.n]
    return tuple(
        Unit("agenda_item", (h.label,), tuple(i for i in range(h.index, stop) if i not in taken))
        for h, stop in zip(items, bounds[1:], strict=True)
    )


def claim_sections(doc: Doc, taken: frozenset[int], headings: tuple[Heading, ...]) -> Units:
    """Claim the numbered headings of a plan or report and the free lines under each.

    A heading with nothing free under it is a heading; one over activities (most bullets
    with paragraphs of their own) is a heading with the activities, headings and paragraphs
    under it (as `claim_free` groups them); else a section of the heading and its lines.
    It claims only free lines, up to the next numbered heading; lines above the first are left.
    """
    found: list[Unit] = []
    for k, h in enumerate(headings):
        stop = headings[k + 1].index if k + 1 < len(headings) else doc.n
        if h.index in taken:
            continue
        parents = tuple(x.label for x in _chain(headings, h.index)[:-1])
        own = [i for i in range(h.index + 1, stop) if i not in taken]
        if own and _activity_style(doc, own):
            found.append(Unit("heading", parents, (h.index,)))
            found.extend(_group_free(doc, own, (*parents, h.label)))
        elif own:
            found.append(Unit("section", (*parents, h.label), (h.index, *own)))
        else:
            found.append(Unit("heading", parents, (h.index,)))
    return tuple(found)


def _activity_style(doc: Doc, indices: list[int]) -> bool:
    """Tell if most bullets here have paragraphs of their own under them (plan items)."""
    activities = [u.lines for u in _group_free(doc, indices, ()) if u.kind == "activity"]
    with_text = [m for m in activities if any(doc.info[i].bullet is None for i in m[1:])]
    return bool(with_text) and 2 * len(with_text) >= len(activities)


# -- 7. free text: headings, activities, paragraphs, decisions ---------------------------------


def claim_free(doc: Doc, taken: frozenset[int]) -> Units:
    """Claim every line not in `taken`: headings, activities, paragraphs and decisions.

    This is the pass that makes sure no line is dropped: every free line ends in one unit.
    """
    return _group_free(doc, [i for i in range(doc.n) if i not in taken], ())


def _group_free(doc: Doc, indices: list[int], base: tuple[str, ...]) -> Units:
    """Group the given lines into headings, activities, paragraphs and decisions, losing none.

    Lines that are not consecutive (a list, TOC or section came between) never share a unit.
    """
    plan: list[tuple[str, tuple[str, ...], list[int]]] = []
    stack: list[tuple[int, str]] = []
    cur: int | None = None  # index in plan of the unit that takes following lines
    cur_indent = 0
    list_open = False  # inside a list introduced by a line ending with ":"
    heading_level = 0  # level of the heading just above, 0 after anything else
    prev: int | None = None
    for i in indices:
        line, f = doc.lines[i], doc.info[i]
        if prev is not None and i != prev + 1:  # a list, TOC or section came between
            cur, list_open, heading_level = None, False, 0
        prev = i
        path = base + tuple(label for _, label in stack)
        if _is_plain_heading(doc, i, heading_level > 0):
            level = heading_level + 1 if heading_level else 1
            while stack and stack[-1][0] >= level:
                stack.pop()
            plan.append(("heading", base + tuple(label for _, label in stack), [i]))
            stack.append((level, doc.label(i)))
            cur, list_open, heading_level = None, False, level
            continue
        heading_level = 0
        if f.bullet is not None:
            nested = cur is not None and (
                list_open or line.indent >= cur_indent + doc.p.sub_indent
            )
            if nested:
                plan[cur][2].append(i)
            else:
                plan.append(("activity", (*path, doc.label(i)), [i]))
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
    return tuple(Unit(kind, path, tuple(members)) for kind, path, members in plan)


def _is_plain_heading(doc: Doc, i: int, after_heading: bool) -> bool:
    """Tell if line i is a heading: heading-shaped, standing apart, something under it."""
    f, line = doc.info[i], doc.lines[i]
    if not f.plain_heading or f.decision or i + 1 >= doc.n:
        return False
    if not (line.blank_before or after_heading):
        return False
    nxt, g = doc.lines[i + 1], doc.info[i + 1]
    return (
        nxt.blank_before
        or g.bullet is not None
        or g.num_style is not None
        or (len(line.text) <= doc.p.wrapped_min_chars and nxt.text[0].isupper())
    )


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
    doc = Doc.of(lines, patterns)
    return cut_long(text, to_segments(doc, claim_units(doc)), patterns)
