"""What a line looks like from its text alone: bullet, numbered heading, cue words."""

from __future__ import annotations

import re
from dataclasses import dataclass

from regionkit.segment.lines import Line
from regionkit.segment.patterns import SegmentPatterns


@dataclass(frozen=True)
class Info:
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


def classify(line: Line, p: SegmentPatterns) -> Info:
    """Return what a line looks like, from its text alone."""
    text = line.text
    bullet = bullet_body(text, p)
    style, parts, title = _numbering(text, p)
    return Info(
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


def bullet_body(text: str, p: SegmentPatterns) -> str | None:
    """Return the text after a line's bullet marker, or None when it has none."""
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


def clean_label(text: str, info: Info) -> str:
    """Return a line as a heading-path element: no bullet marker, no italics stars."""
    body = info.bullet if info.bullet is not None else text
    return " ".join(body.strip().strip("*_").split()) or " ".join(body.split())


