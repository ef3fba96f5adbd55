"""What segmentation decided about a text, in the form the tagger reads (`SegmentInfo`).

The tagger never guesses a segment's structure itself. In a build, `regionkit.segment` has
decided each segment's kind and heading path, and `segment_info` turns them into a
`SegmentInfo`. A free text (`regionkit tag`, `regionkit evaluate`) is segmented by the same
`regionkit.segment.segment_text` first, and `describe_text` reads the same decisions off its
segments. The OCR decision for free text is made once per input document by the rule the build
uses (`decide_repair`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from regionkit.tagging.types import SegmentInfo

# Segment kinds that stand as the heading of what follows them in a free text.
_HEADING_KINDS = frozenset({"title", "heading"})


def own_heading_end(text: str, heading_path: Sequence[str]) -> int:
    r"""Return where the segment's own heading line ends in `text` (0: it has none).

    Segmentation puts a segment's own heading line (an activity's, agenda item's or § title's
    first line, without its bullet) last in its heading path; a segment under a heading it does
    not contain (a paragraph below a section heading) has none of its own.

    Examples:
        >>> own_heading_end("- Öka samverkan\\nText.", ("Plan", "Öka samverkan"))
        15
        >>> own_heading_end("Text under a heading.", ("Plan",))
        0
    """
    if not heading_path:
        return 0
    head = " ".join(heading_path[-1].split())
    line_end = text.find("\n")
    if line_end < 0:
        line_end = len(text)
    if head and head in " ".join(text[:line_end].split()):
        return line_end
    return 0


def segment_info(text: str, kind: str | None, heading_path: Sequence[str] = ()) -> SegmentInfo:
    """Return the `SegmentInfo` of a built segment from what segmentation decided."""
    return SegmentInfo(kind, own_heading_end(text, heading_path))


def describe_text(text: str) -> SegmentInfo:
    """Return the `SegmentInfo` of a free text, from `regionkit.segment.segment_text`'s segments.

    The text is one segment for the caller; segmentation may still find parts in it:
    - kind: the kind of its first content segment (activity, agenda item, section, decision,
      paragraph); with none, the kind of its longest segment (a title, an attendance list).
    - heading: a title or heading segment that opens the text and is followed by more is the
      text's heading; otherwise the first segment's own heading line (`own_heading_end`).
    """
    from regionkit.segment import segment_text

    segments = segment_text(text)
    if not segments:
        return SegmentInfo(None, 0)
    content = [s for s in segments if s.is_content]
    if content:
        kind = content[0].kind
    else:
        kind = max(segments, key=lambda s: (s.end - s.start, -s.start)).kind
    first = segments[0]
    if first.kind in _HEADING_KINDS and len(segments) > 1:
        return SegmentInfo(kind, first.end)
    own = own_heading_end(text[first.start:first.end], first.heading_path)
    return SegmentInfo(kind, first.start + own if own else 0)


@dataclass(frozen=True)
class RepairDecision:
    """How the texts of one input document are normalised before tagging.

    Attributes:
        ocr: repair OCR-damaged å/ä/ö (`regionkit.normalize.looks_ocr_damaged`).
        wrapped: join hard-wrapped lines (`regionkit.normalize.looks_hard_wrapped`).
    """

    ocr: bool
    wrapped: bool


def decide_repair(texts: Sequence[str], *, ocr: bool | None = None) -> RepairDecision:
    """Decide once, for all texts of one input document, what normalisation repairs.

    The build decides per document by judging the whole document text; here the texts of
    one input document (all lines of a `regionkit tag` file, or the lines sharing a ``doc``
    value) are judged together, joined by blank lines, with the same rules.

    Args:
        texts: the texts of the document.
        ocr: force OCR repair on (True) or off (False); None judges.
    """
    from regionkit.normalize import looks_hard_wrapped, looks_ocr_damaged

    joined = "\n\n".join(texts)
    return RepairDecision(
        ocr=looks_ocr_damaged(joined) if ocr is None else bool(ocr),
        wrapped=looks_hard_wrapped(joined),
    )
