"""Segment normalised text into the units a researcher compares, and find page furniture.

The units are those of the genre (plans, follow-up reports, meeting notes and protocols of
Swedish healthcare-region bodies): a plan or report *activity* (its bullet line and the
paragraphs under it), a numbered *agenda item* with its decision, a § *section* with its plan
items, free *paragraphs*, and the non-content blocks kept apart from them: the *title* block,
*headings*, *toc* (table of contents), *attendees*, *members* and *signature*.
`find_boilerplate` finds the page headers, footers and page numbers repeated through a document.

What this stage must never do is drop text: every non-whitespace character of the text it is
given lies in exactly one segment or one boilerplate span (tested with hypothesis). Offsets are
into the text given (normalised text); the caller maps them to the raw text.

The cues (bullet markers, heading shapes, decision, attendee, TOC and signature words) are data:
`regionkit/data/segment_patterns.yaml`.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from regionkit.datafiles import DataFileError, check_keys, load_package_yaml, load_yaml_file

SEGMENT_KINDS = (
    "title",
    "heading",
    "activity",
    "agenda_item",
    "decision",
    "section",
    "paragraph",
    "attendees",
    "members",
    "toc",
    "signature",
)
CONTENT_KINDS = frozenset({"activity", "agenda_item", "decision", "section", "paragraph"})
BOILERPLATE_KINDS = ("page_header", "page_footer", "page_number")
PATTERNS_FILE = "segment_patterns.yaml"


@dataclass(frozen=True)
class Boilerplate:
    """A span of page furniture left out of the segments.

    Attributes:
        start: Offset of the first character (into the text given).
        end: Offset after the last character.
        kind: "page_header", "page_footer" or "page_number".
        text: The text of the span.
    """

    start: int
    end: int
    kind: str
    text: str


@dataclass(frozen=True)
class Segment:
    """One unit of a document.

    Attributes:
        start: Offset of the first character (into the text given), not whitespace.
        end: Offset after the last character, not whitespace.
        kind: One of SEGMENT_KINDS.
        heading_path: Headings above the segment, outermost first. For a segment that carries
            its own heading line (activity, agenda item, section, member list under a heading)
            that line, without its bullet marker, is the last element.
    """

    start: int
    end: int
    kind: str
    heading_path: tuple[str, ...] = ()

    @property
    def is_content(self) -> bool:
        """True for the kinds that shares are computed on (CONTENT_KINDS)."""
        return self.kind in CONTENT_KINDS


PatternError = DataFileError
"""The patterns file is malformed (the one data-file error, `regionkit.datafiles`)."""


# --------------------------------------------------------------------------------------------
# Patterns (data in segment_patterns.yaml)
# --------------------------------------------------------------------------------------------

# section -> key -> expected type; every key is required, no other key is allowed.
_SCHEMA: dict[str, dict[str, type]] = {
    "bullets": {"markers": list, "ocr_markers": list, "sub_indent": int},
    "headings": {
        "numbered": str,
        "paragraph_sign": str,
        "max_number_gap": int,
        "numbered_max_chars": int,
        "plain_max_chars": int,
        "plain_max_words": int,
        "final_punctuation": str,
        "label_value": str,
    },
    "paragraphs": {"lead_in": str},
    "decisions": {"cues": list},
    "meetings": {"title_cues": list, "min_decisions": int},
    "title": {
        "meta_cues": list,
        "max_lines": int,
        "max_chars": int,
        "prose_min_words": int,
        "wrapped_min_chars": int,
    },
    "attendees": {"cues": list},
    "members": {"cues": list, "min_rows": int, "row_max_chars": int},
    "toc": {"cues": list, "line": str, "min_lines_without_cue": int},
    "signature": {
        "cues": list,
        "meeting_cues": list,
        "max_lines": int,
        "line_max_chars": int,
        "sentence_min_words": int,
    },
    "boilerplate": {
        "line_max_chars": int,
        "min_share_of_block": float,
        "page_number": list,
        "bare_page_number": str,
        "page_number_inline": str,
    },
}


@dataclass(frozen=True)
class SegmentPatterns:
    """Compiled cues of segment_patterns.yaml (see the comments there)."""

    bullet: re.Pattern[str]
    ocr_bullet: re.Pattern[str]
    sub_indent: int
    numbered: re.Pattern[str]
    paragraph_sign: re.Pattern[str]
    max_number_gap: int
    numbered_max_chars: int
    plain_max_chars: int
    plain_max_words: int
    final_punctuation: str
    label_value: re.Pattern[str]
    lead_in: re.Pattern[str]
    decision: re.Pattern[str]
    meeting_title: re.Pattern[str]
    min_decisions: int
    title_meta: re.Pattern[str]
    title_max_lines: int
    title_max_chars: int
    prose_min_words: int
    wrapped_min_chars: int
    attendee_cue: re.Pattern[str]
    member_cue: re.Pattern[str]
    members_min_rows: int
    member_row_max_chars: int
    toc_cue: re.Pattern[str]
    toc_line: re.Pattern[str]
    toc_min_lines: int
    signature_cue: re.Pattern[str]
    signature_meeting_cue: re.Pattern[str]
    signature_max_lines: int
    signature_line_max_chars: int
    signature_sentence_words: int
    bp_line_max_chars: int
    bp_min_share: float
    page_number: re.Pattern[str]
    bare_page_number: re.Pattern[str]
    page_number_inline: re.Pattern[str]

    @classmethod
    def from_dict(cls, data: Any, source: str = PATTERNS_FILE) -> SegmentPatterns:
        """Check and compile the mapping read from a patterns file.

        Raises:
            PatternError: an unknown or missing key, a value of the wrong type or a regular
                expression that does not compile; the message names the file and the key.
        """
        _check_schema(data, source)
        try:
            return cls._compile(data)
        except re.error as err:
            raise PatternError(f"{source}: bad regular expression: {err}") from err

    @classmethod
    def _compile(cls, d: dict[str, Any]) -> SegmentPatterns:
        b, h, bp = d["bullets"], d["headings"], d["boilerplate"]
        markers = "".join(re.escape(m) for m in b["markers"])
        return cls(
            bullet=re.compile(rf"(?P<marker>[{markers}])\s+(?P<body>\S.*)"),
            ocr_bullet=re.compile(rf"(?P<marker>{_alternation(b['ocr_markers'])})\s+(?P<body>\S.*)"),
            sub_indent=b["sub_indent"],
            numbered=re.compile(h["numbered"]),
            paragraph_sign=re.compile(h["paragraph_sign"]),
            max_number_gap=h["max_number_gap"],
            numbered_max_chars=h["numbered_max_chars"],
            plain_max_chars=h["plain_max_chars"],
            plain_max_words=h["plain_max_words"],
            final_punctuation=h["final_punctuation"],
            label_value=re.compile(h["label_value"]),
            lead_in=re.compile(d["paragraphs"]["lead_in"]),
            decision=re.compile("|".join(f"(?:{c})" for c in d["decisions"]["cues"])),
            meeting_title=re.compile(_alternation(d["meetings"]["title_cues"]), re.IGNORECASE),
            min_decisions=d["meetings"]["min_decisions"],
            title_meta=re.compile(rf"(?:{_alternation(d['title']['meta_cues'])})\b"),
            title_max_lines=d["title"]["max_lines"],
            title_max_chars=d["title"]["max_chars"],
            prose_min_words=d["title"]["prose_min_words"],
            wrapped_min_chars=d["title"]["wrapped_min_chars"],
            attendee_cue=re.compile(
                rf"(?P<cue>{_alternation(d['attendees']['cues'])})(?=\s*(?:$|[:\t]))",
                re.IGNORECASE,
            ),
            member_cue=re.compile(
                rf"(?:\d{{1,3}}(?:\.\d{{1,3}})*\.?\s+)?(?P<cue>{_alternation(d['members']['cues'])})"
                r"(?=\s*(?:$|[:\t]))",
                re.IGNORECASE,
            ),
            members_min_rows=d["members"]["min_rows"],
            member_row_max_chars=d["members"]["row_max_chars"],
            toc_cue=re.compile(rf"(?:{_alternation(d['toc']['cues'])})\s*:?$", re.IGNORECASE),
            toc_line=re.compile(d["toc"]["line"]),
            toc_min_lines=d["toc"]["min_lines_without_cue"],
            signature_cue=re.compile(rf"(?:{_alternation(d['signature']['cues'])})\b"),
            signature_meeting_cue=re.compile(
                rf"(?:{_alternation(d['signature']['meeting_cues'])})\b"
            ),
            signature_max_lines=d["signature"]["max_lines"],
            signature_line_max_chars=d["signature"]["line_max_chars"],
            signature_sentence_words=d["signature"]["sentence_min_words"],
            bp_line_max_chars=bp["line_max_chars"],
            bp_min_share=bp["min_share_of_block"],
            page_number=re.compile("|".join(f"(?:{p})" for p in bp["page_number"])),
            bare_page_number=re.compile(bp["bare_page_number"]),
            page_number_inline=re.compile(bp["page_number_inline"]),
        )


def _alternation(words: Iterable[str]) -> str:
    """Return a regex alternation of literal words, longest first (so longer cues win)."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _check_schema(data: Any, source: str) -> None:
    if not isinstance(data, dict):
        raise PatternError(f"{source}: expected a mapping at the top level")
    check_keys(data, _SCHEMA, source)
    for section, keys in _SCHEMA.items():
        body = data.get(section)
        if not isinstance(body, dict):
            raise PatternError(f"{source}: missing or malformed section '{section}'")
        check_keys(body, keys, f"{source}: {section}")
        for key, typ in keys.items():
            if key not in body:
                raise PatternError(f"{source}: missing key '{section}.{key}'")
            value = body[key]
            ok = isinstance(value, typ) or (typ is float and isinstance(value, int))
            if not ok or (typ is list and not all(isinstance(v, str) for v in value)):
                raise PatternError(f"{source}: '{section}.{key}' should be a {typ.__name__}")


def load_patterns(path: str | Path | None = None) -> SegmentPatterns:
    """Load segment cues from a YAML file (default: the packaged segment_patterns.yaml).

    Raises:
        PatternError: the file has an unknown or missing key or a bad value.
    """
    if path is None:
        return _packaged_patterns()
    path = Path(path)
    return SegmentPatterns.from_dict(load_yaml_file(path), str(path))


@cache
def _packaged_patterns() -> SegmentPatterns:
    return SegmentPatterns.from_dict(load_package_yaml("regionkit.data", PATTERNS_FILE),
                                     PATTERNS_FILE)


# --------------------------------------------------------------------------------------------
# Lines
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    """A non-blank line (or the part of one outside boilerplate), stripped of whitespace."""

    start: int
    end: int
    text: str
    indent: int
    blank_before: bool  # a blank line, boilerplate or the start of the text comes before it
    break_before: bool  # boilerplate lies between the previous line and this one


def _split_lines(text: str, spans: Sequence[tuple[int, int]] = ()) -> list[_Line]:
    """Split text into stripped non-blank lines, leaving out the given (sorted) spans."""
    starts = [s for s, _ in spans]
    lines: list[_Line] = []
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
            lines.append(_Line(s, e, text[s:e], indent, blank, broken))
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


def _normalise_spans(text: str, boilerplate: Sequence[Boilerplate]) -> list[tuple[int, int]]:
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


# --------------------------------------------------------------------------------------------
# Line classification
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Info:
    """What a line looks like, from its text alone."""

    bullet: str | None  # the text after the bullet marker
    num_style: str | None  # "num" ("2.1 Möten") or "para" ("§ 8.1 ...")
    num_parts: tuple[int, ...]
    num_heading: bool  # numbered and shaped like a heading
    plain_heading: bool  # shaped like an unnumbered heading
    lead_in: bool  # ends with ":" (introduces a list)
    decision: bool
    toc_cue: bool
    toc_line: bool
    attendee: str | None  # "inline" / "standalone" when the line opens with an attendee cue
    member: str | None
    signature_cue: bool
    title_meta: bool


def _classify(line: _Line, p: SegmentPatterns) -> _Info:
    text = line.text
    bullet = _bullet_body(text, p)
    style, parts, title = _numbering(text, p)
    return _Info(
        bullet=bullet,
        num_style=style,
        num_parts=parts,
        num_heading=style is not None and _numbered_title_ok(text, title, p),
        plain_heading=bullet is None and style is None and _plain_heading_shape(text, p),
        lead_in=bool(p.lead_in.match(text)),
        decision=bool(p.decision.match(text)),
        toc_cue=bool(p.toc_cue.match(text)),
        toc_line=bool(p.toc_line.fullmatch(text)),
        attendee=_cue_form(p.attendee_cue.match(text), text),
        member=_cue_form(p.member_cue.match(text), text),
        signature_cue=bool(p.signature_cue.match(text)),
        title_meta=bool(p.title_meta.match(text)),
    )


def _bullet_body(text: str, p: SegmentPatterns) -> str | None:
    m = p.bullet.match(text)
    if m:
        return m.group("body")
    m = p.ocr_bullet.match(text)
    if m and m.group("body")[0].isupper():
        return m.group("body")
    return None


def _numbering(text: str, p: SegmentPatterns) -> tuple[str | None, tuple[int, ...], str]:
    for style, pattern in (("para", p.paragraph_sign), ("num", p.numbered)):
        m = pattern.fullmatch(text)
        if m:
            return style, tuple(int(x) for x in m.group("num").split(".")), m.group("title")
    return None, (), ""


def _numbered_title_ok(text: str, title: str, p: SegmentPatterns) -> bool:
    title = title.strip("*_ ")
    return (
        bool(title)
        and len(text) <= p.numbered_max_chars
        and "\t" not in text
        and title[-1] not in p.final_punctuation
        and (title[0].isupper() or title[0].isdigit() or title[0] in "\"'”«(")
    )


def _plain_heading_shape(text: str, p: SegmentPatterns) -> bool:
    core = text.strip("*_ ")
    return (
        bool(core)
        and len(core) <= p.plain_max_chars
        and len(core.split()) <= p.plain_max_words
        and "\t" not in core
        and core[-1] not in p.final_punctuation
        and (core[0].isupper() or core[0].isdigit())
        and sum(ch.isalpha() for ch in core) >= 2
        and not p.label_value.match(core)
    )


def _cue_form(m: re.Match[str] | None, text: str) -> str | None:
    if m is None:
        return None
    return "standalone" if not text[m.end():].strip(" \t:") else "inline"


def _clean_label(text: str, info: _Info) -> str:
    """Return a line as a heading-path element: no bullet marker, no italics stars."""
    body = info.bullet if info.bullet is not None else text
    return " ".join(body.strip().strip("*_").split()) or " ".join(body.split())


# --------------------------------------------------------------------------------------------
# Segmentation
# --------------------------------------------------------------------------------------------


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

    def __init__(self, lines: list[_Line], p: SegmentPatterns) -> None:
        self.lines = lines
        self.p = p
        self.info = [_classify(line, p) for line in lines]
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
        return _clean_label(self.lines[i].text, self.info[i])

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
        Segments sorted by start, not overlapping, each trimmed of surrounding whitespace.
        Every non-whitespace character of `text` is in exactly one segment or boilerplate span.

    Examples:
        >>> [s.kind for s in segment_text("Kunskapsstyrning\n\n- Stärka samverkan\nText.")]
        ['heading', 'activity']
    """
    lines = _split_lines(text, _normalise_spans(text, boilerplate))
    if not lines:
        return []
    return _Segmenter(lines, load_patterns()).run()


# --------------------------------------------------------------------------------------------
# Boilerplate
# --------------------------------------------------------------------------------------------


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
    lines = _split_lines(text)
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


def _line_key(line: _Line, p: SegmentPatterns) -> str | None:
    """Return what a line is compared by when looking for repeats (None: never boilerplate)."""
    if len(line.text) > p.bp_line_max_chars or _bullet_body(line.text, p) is not None:
        return None
    return " ".join(p.page_number_inline.sub("#", line.text).split())


def _repeated_blocks(lines: list[_Line], p: SegmentPatterns) -> list[tuple[list[int], str]]:
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


def _page_number_lines(lines: list[_Line], p: SegmentPatterns) -> list[int]:
    marked = [i for i, line in enumerate(lines) if p.page_number.fullmatch(line.text)]
    bare = [i for i, line in enumerate(lines) if p.bare_page_number.fullmatch(line.text)]
    values = [int(lines[i].text) for i in bare]
    if len(bare) < 2 or any(b <= a for a, b in zip(values, values[1:], strict=False)):
        bare = []
    found = sorted(set(marked) | set(bare))
    return found if len(found) >= 2 else []
