"""Structured path: a subtitle set as a sub-heading above a higher-ranked heading is the title's."""

from __future__ import annotations

from regionkit.ingest.structure import TextBuilder
from regionkit.segment.structured import segment_blocks


def _segments(items: list[tuple[str, int, str]]) -> list[tuple[str, tuple[str, ...], str]]:
    builder = TextBuilder()
    for kind, level, text in items:
        builder.add(kind, text, level=level)
    text, blocks = builder.build()
    segments, _ = segment_blocks(text, blocks)
    return [(s.kind, s.heading_path, text[s.start:s.end]) for s in segments]


def test_sub_heading_before_a_higher_ranked_heading_joins_the_title():
    got = _segments([("heading", 0, "Verksamhetsplan"),
                     ("heading", 2, "Region Norr, 12 mars 2025"),
                     ("paragraph", 0, "Planen gäller ett år."),
                     ("heading", 1, "1 Bakgrund"),
                     ("paragraph", 0, "Text om bakgrunden.")])
    assert got == [("title", (), "Verksamhetsplan\n\nRegion Norr, 12 mars 2025"),
                   ("paragraph", (), "Planen gäller ett år."),
                   ("section", ("1 Bakgrund",), "1 Bakgrund\n\nText om bakgrunden.")]


def test_sub_heading_with_sub_headings_of_its_rank_after_it_is_a_section():
    got = _segments([("heading", 0, "Verksamhetsplan"),
                     ("heading", 2, "Bakgrund"),
                     ("paragraph", 0, "Text om bakgrunden."),
                     ("heading", 2, "Mål"),
                     ("paragraph", 0, "Text om målen.")])
    assert [(k, p) for k, p, _ in got] == [("title", ()), ("section", ("Bakgrund",)),
                                           ("section", ("Mål",))]


def test_first_section_heading_is_never_the_title():
    got = _segments([("heading", 0, "Verksamhetsplan"),
                     ("heading", 1, "1 Bakgrund"),
                     ("paragraph", 0, "Text om bakgrunden."),
                     ("heading", 2, "1.1 Uppdraget"),
                     ("paragraph", 0, "Text om uppdraget.")])
    assert [(k, p) for k, p, _ in got] == [
        ("title", ()), ("section", ("1 Bakgrund",)), ("section", ("1 Bakgrund", "1.1 Uppdraget"))]
