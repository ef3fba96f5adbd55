"""The cues of segmentation, read from regionkit/data/segment_patterns.yaml.

The file is read through `regionkit.datafiles` (repeated keys, tags and bad YAML refused with
file and line); every section and key is required and no other is allowed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from regionkit.datafiles import (
    DataFileError,
    check_keys,
    load_package_yaml,
    load_yaml_file,
    where,
)

PATTERNS_FILE = "segment_patterns.yaml"


PatternError = DataFileError
"""The patterns file is malformed (the one data-file error, `regionkit.datafiles`)."""


# section -> key -> expected type; every key is required, no other key is allowed.
_SCHEMA: dict[str, dict[str, type]] = {
    "bullets": {"markers": list, "ocr_markers": list, "pdf_glyphs": list, "sub_indent": int},
    "headings": {
        "numbered": str,
        "paragraph_sign": str,
        "max_number_gap": int,
        "numbered_max_chars": int,
        "plain_max_chars": int,
        "plain_max_words": int,
        "final_punctuation": str,
        "label_value": str,
        "structured_numbered": str,
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
    "long_units": {"max_chars": int, "sentence_end": str},
    "structured": {"typed_item": str, "caption": str},
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
    bullet_glyphs: frozenset[str]
    structured_numbered: re.Pattern[str]
    max_unit_chars: int
    sentence_end: re.Pattern[str]
    typed_item: re.Pattern[str]
    caption: re.Pattern[str]

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
            raise PatternError(f"{source}: bad regular expression: {err}") from None

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
            bullet_glyphs=frozenset(m for m in [*b["markers"], *b["pdf_glyphs"]] if len(m) == 1),
            structured_numbered=re.compile(h["structured_numbered"]),
            max_unit_chars=d["long_units"]["max_chars"],
            sentence_end=re.compile(d["long_units"]["sentence_end"]),
            typed_item=re.compile(d["structured"]["typed_item"]),
            caption=re.compile(d["structured"]["caption"]),
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
            raise PatternError(f"{where(data, section, source)}: missing or malformed section "
                               f"'{section}'")
        check_keys(body, keys, f"{source}: {section}")
        for key, typ in keys.items():
            if key not in body:
                raise PatternError(f"{where(body, None, source)}: missing key '{section}.{key}'")
            value = body[key]
            ok = isinstance(value, typ) or (typ is float and isinstance(value, int))
            if not ok or (typ is list and not all(isinstance(v, str) for v in value)):
                raise PatternError(f"{where(body, key, source)}: '{section}.{key}' should be a "
                                   f"{typ.__name__}")


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
                                     f"regionkit/data/{PATTERNS_FILE}")


