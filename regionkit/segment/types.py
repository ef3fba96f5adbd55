"""What segmentation produces: segments of a kind, and boilerplate spans."""

from __future__ import annotations

from dataclasses import dataclass

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
    "footnote",
    "signature",
    "table_header",
    "table_row",
)
CONTENT_KINDS = frozenset(
    {"activity", "agenda_item", "decision", "section", "paragraph", "table_row"}
)
BOILERPLATE_KINDS = ("page_header", "page_footer", "page_number")


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

