"""The segment stage on the five seed documents, against counts made by hand.

How the counts were made: each seed was read in full (a numbered listing, `cat -n`, with tabs
shown) and its units counted by the definitions of the issue, before the segmenter was run on it:

- title: the block of short lines at the top (title, body, date, meeting meta lines).
- heading: an unnumbered heading line (a focus area) or a numbered/§ heading with nothing of
  its own under it before its first sub-heading ("§ 8 SAMVERKANSOMRÅDEN", "2. Möten").
- activity: one bullet line of a plan/report with the paragraphs under it, up to the next bullet
  or heading; a part of one cut off by a page header counts again (the segment cannot span it).
- agenda_item: a numbered item of meeting notes, with everything under it (decisions, lists).
- section: a numbered/§ heading of a plan or report with its text and its one-line plan items.
- paragraph: the run of free paragraphs under one heading (intro text).
- attendees / members / toc / signature: the tables and closing block, one each.
- boilerplate: repeated page-header blocks.

The counts hold for the raw text (seeds 000–003 are clean; 004 is OCR'd and hard-wrapped) and for
the text after `regionkit.normalize` (004 unwrapped, its "e"/"o" bullets read as "- ").
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from regionkit.segment import CONTENT_KINDS, find_boilerplate, segment_text

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"

SEEDS = {
    "000": "mellansverige_samverkansnamnden_aterrapport_2020.txt",
    "001": "sydostra_rsl_motesanteckningar_2024-09-12.txt",
    "002": "sodra_regionvardsnamnden_verksamhetsplan_2022-2023.txt",
    "003": "mellansverige_produktionsplaneringsgruppen_verksamhetsberattelse_2021-2022.txt",
    "004": "mellansverige_samverkansnamnden_aterrapport_2024_ocr.txt",
}

HAND_COUNTS = {
    # 000: 1 title (lines 7-11: "Återrapport aktivitetsplan 2020" ... "Beslutad av ...") + 1 title
    # (line 22, the title repeated under the page-1 header); 1 paragraph (intro, lines 24+26);
    # 4 headings (the focus areas Kunskapsstyrning, Verksamhet och utveckling, Utbildning och
    # kompetensförsörjning, Övriga samverkansfrågor ...); 15 "- " bullets (4+3+2+6) with their
    # paragraphs = 15 activities, + 1 for "Flera arbetsgrupper ..." (line 96), the rest of
    # "Följa upp samverkansavtalet" after the page header at lines 89-94.
    "000": {"title": 2, "paragraph": 1, "heading": 4, "activity": 16},
    # 001: 1 title (date, "Mötesanteckningar ...", Datum/Tid/Plats rows); 1 attendees table
    # (Närvarande/Förhinder/Adjungerade rows); agenda items 1..20 (18a/18b and the "- " lists
    # stay inside their items, as do the five "Beslut:" paragraphs); 1 signature ("Vid
    # anteckningarna" / "Agnes Savetun").
    "001": {"title": 1, "attendees": 1, "agenda_item": 20, "signature": 1},
    # 002: 1 title ("Verksamhetsplan 2022-2023"); 1 paragraph (the two intro paragraphs);
    # § 2, 3, 4, 5, 6, 7 and § 8.1-8.8 = 14 sections, each with its "Plan 2022-2023" items;
    # § 8 has no text of its own before § 8.1: 1 heading.
    "002": {"title": 1, "paragraph": 1, "section": 14, "heading": 1},
    # 003: 1 title (lines 3-11, down to "Period: 2021 – 2022"); 1 toc (Innehållsförteckning and
    # its 9 entries, the last a broken bookmark); sections 1., 2.1, 3., 4., 5., 6. = 6 ("1. En
    # produktionsplan ..." and "1. Har ni ...?" are numbered lists inside 2.1 and 6.); "2. Möten"
    # has no text of its own: 1 heading; "2.2 Medlemmar" with its tab rows: 1 members.
    "003": {"title": 1, "toc": 1, "section": 6, "heading": 1, "members": 1},
    # 004: no title (the text opens with a paragraph: the OCR lost page 1's title): 1 paragraph;
    # 6 headings ("Aktivitetsplan 2024" and the 5 focus areas); 21 bullets ("e"/"o" in the raw
    # text: 6+3+4+3+5) = 21 activities; the "—" items under "... har arrangerats:" stay inside
    # their activity.
    "004": {"paragraph": 1, "heading": 6, "activity": 21},
}

HAND_BOILERPLATE = {
    # 000: "Datum / 2020-02-19" over the cover, then the Upprättare/Datum block on 5 pages.
    "000": {"page_header": 6},
    "001": {},
    "002": {},
    "003": {},
    "004": {},
}

# Heading paths read off the seeds (text after normalisation where it differs).
EXPECTED_PATHS = [
    ("000", "activity", ("Kunskapsstyrning", "Öka samverkan inom det hälsofrämjande området")),
    ("001", "agenda_item", ("15. Nomineringar",)),
    ("002", "section", ("§ 8 SAMVERKANSOMRÅDEN", "§ 8.3 KUNSKAPSSTYRNING")),
    ("003", "members", ("2. Möten", "2.2 Medlemmar")),
    ("003", "section", ("6. Covid-19 samverkan",)),
]
EXPECTED_PATHS_NORMALISED = [
    ("004", "activity", ("Kunskapsstyrning", "Fortsatt samverkan med kommunerna")),
]

# (seed, kind, a phrase the segment of that kind holding it must contain, another phrase that
# must be in the same segment): what belongs together.
TOGETHER = [
    ("001", "agenda_item", "7. Lägesrapport Patientens", "Beslut: Regionsjukvårdsledning"),
    ("001", "agenda_item", "16. Inriktning för uppdaterat", "utser initialt Reidar Källström"),
    ("002", "section", "§ 8.3 KUNSKAPSSTYRNING", "för kirurgi och plastikkirurgi"),
    ("002", "section", "§ 7 PRISER OCH ERSÄTTNINGAR", "¹ Enligt specifikation"),
    ("003", "toc", "Innehållsförteckning", "Fel! Bokmärket är inte definierat."),
    ("003", "section", "2.1 Mötesinnehåll", "4. Avstämning kring Covidläget"),
    ("003", "section", "6. Covid-19 samverkan", "Se punkt 6:2"),
]


def _text(seed: str, variant: str) -> str:
    raw = (RAW / SEEDS[seed]).read_text(encoding="utf-8")
    if variant == "raw":
        return raw
    normalize = pytest.importorskip("regionkit.normalize")
    return normalize.normalize_text(raw).text


def _segment(seed: str, variant: str):
    text = _text(seed, variant)
    boiler = find_boilerplate(text)
    return text, boiler, segment_text(text, boiler)


VARIANTS = ["raw", "normalised"]


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_seed_segment_counts_match_hand_counts(seed: str, variant: str) -> None:
    _, _, segments = _segment(seed, variant)
    assert dict(Counter(s.kind for s in segments)) == HAND_COUNTS[seed]


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_seed_boilerplate_matches_hand_counts(seed: str, variant: str) -> None:
    _, boiler, _ = _segment(seed, variant)
    assert dict(Counter(b.kind for b in boiler)) == HAND_BOILERPLATE[seed]


def test_seed_000_header_blocks_are_the_upprattare_datum_block() -> None:
    text, boiler, _ = _segment("000", "raw")
    assert boiler[0].text == "Datum\n\n2020-02-19"
    expected = "Upprättare\nEva-Lena Aspetorp\nSamverkansnämndens kansli\n\nDatum\n2020-02-19"
    assert [b.text for b in boiler[1:]] == [expected] * 5


def test_seed_000_activity_cut_by_a_page_header_continues_with_its_path() -> None:
    text, _, segments = _segment("000", "raw")
    cut = [s for s in segments if s.heading_path[-1:] == ("Följa upp samverkansavtalet",)]
    assert [s.kind for s in cut] == ["activity", "activity"]
    assert text[cut[1].start :].startswith("Flera arbetsgrupper")


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(("seed", "kind", "path"), EXPECTED_PATHS)
def test_seed_heading_paths(seed: str, kind: str, path: tuple[str, ...], variant: str) -> None:
    _, _, segments = _segment(seed, variant)
    assert any(s.kind == kind and s.heading_path == path for s in segments)


@pytest.mark.parametrize(("seed", "kind", "path"), EXPECTED_PATHS_NORMALISED)
def test_seed_heading_paths_after_normalisation(
    seed: str, kind: str, path: tuple[str, ...]
) -> None:
    _, _, segments = _segment(seed, "normalised")
    assert any(s.kind == kind and s.heading_path == path for s in segments)


@pytest.mark.parametrize(("seed", "kind", "first", "second"), TOGETHER)
def test_seed_phrases_share_one_segment(seed: str, kind: str, first: str, second: str) -> None:
    text, _, segments = _segment(seed, "raw")
    a = text.rindex(first)
    b = text.index(second, a)
    holder = next(s for s in segments if s.start <= a < s.end)
    assert holder.kind == kind
    assert holder.start <= b < holder.end


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_seed_loses_no_content(seed: str, variant: str) -> None:
    text, boiler, segments = _segment(seed, variant)
    cover = [0] * len(text)
    for span in [*segments, *boiler]:
        for k in range(span.start, span.end):
            cover[k] += 1
    assert all(c == 1 for c, ch in zip(cover, text, strict=True) if not ch.isspace())
    assert all(text[s.start : s.end] == text[s.start : s.end].strip() for s in segments)


def test_seed_content_segments_exclude_tables_and_title() -> None:
    _, _, segments = _segment("001", "raw")
    content = [s for s in segments if s.is_content]
    assert {s.kind for s in content} == {"agenda_item"} <= CONTENT_KINDS
    assert len(content) == 20
