"""Segment normalised text into the units a researcher compares, and find page furniture.

The units are those of the genre (plans, follow-up reports, meeting notes and protocols of
Swedish healthcare-region bodies): a plan or report *activity* (its bullet line and the
paragraphs under it), a numbered *agenda item* with its decision, a § *section* with its plan
items, free *paragraphs*, *table rows* (a table's header row apart), and the non-content blocks
kept apart from them: the *title* block, *headings*, *toc* (table of contents), *attendees*,
*members* and *signature*. Page headers, footers and page numbers are *boilerplate*.

Two paths, one result:

- plain text (`segment_text`, `find_boilerplate`; modules `plain`, `boilerplate`): the lines of
  the text, classified by their shape and the cues of `regionkit/data/segment_patterns.yaml`;
- structured documents (`segment_blocks`; module `structured`): the blocks a DOCX or PDF reader
  found (`regionkit.ingest.structure`): headings start sections, list items are activities with
  the paragraphs under them, table rows are segments, page furniture is boilerplate.

`segment_document` chooses the path. Both end with `cut_long` (module `cut`): no unit is longer
than the documented maximum (`long_units.max_chars`).

What this stage must never do is drop text: every non-whitespace character of the text it is
given lies in exactly one segment or one boilerplate span (tested with hypothesis on both
paths). Offsets are into the text given (normalised text); the caller maps them to the raw text.
"""

from regionkit.segment.boilerplate import find_boilerplate
from regionkit.segment.cut import cut_long
from regionkit.segment.patterns import PATTERNS_FILE, PatternError, SegmentPatterns, load_patterns
from regionkit.segment.plain import segment_text
from regionkit.segment.structured import segment_blocks, segment_document
from regionkit.segment.types import (
    BOILERPLATE_KINDS,
    CONTENT_KINDS,
    SEGMENT_KINDS,
    Boilerplate,
    Segment,
)

__all__ = [
    "BOILERPLATE_KINDS",
    "CONTENT_KINDS",
    "PATTERNS_FILE",
    "SEGMENT_KINDS",
    "Boilerplate",
    "PatternError",
    "Segment",
    "SegmentPatterns",
    "cut_long",
    "find_boilerplate",
    "load_patterns",
    "segment_blocks",
    "segment_document",
    "segment_text",
]
