"""Unit tests of regionkit.segment: small documents of each genre, cut by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from regionkit.segment import (
    CONTENT_KINDS,
    SEGMENT_KINDS,
    Boilerplate,
    PatternError,
    Segment,
    SegmentPatterns,
    find_boilerplate,
    load_patterns,
    segment_text,
)

# A follow-up report cut into focus areas and activities (the shape of seed 000).
REPORT = """Återrapport aktivitetsplan 2023
Samverkansnämnden

Arbetet har påverkats av pandemin.

Kunskapsstyrning

- Utveckla arbetet med kunskapsstyrning
Sjukvårdsregionen har hanterat många frågor.
Flera representanter har bidragit.
- Öka samverkan inom det hälsofrämjande området
Under året har behov identifierats.

Verksamhet och utveckling

- Samverka vid köp av vård
Inga gemensamma diskussioner har förts."""

# Protocol of a meeting: attendance, § items with decisions, signatures.
PROTOCOL = """Protokoll Samverkansnämnden 2023-05-12

Närvarande\tAnna Andersson, ordförande\tRegion Uppsala
Frånvarande\tBo Berg\tRegion Örebro län

§ 12 Val av justerare

Beslut: Nämnden utser Anna Andersson att justera protokollet.

§ 13 Ekonomisk rapport

Ekonomichefen redovisar utfallet.

- Intäkter
- Kostnader

Beslut: Nämnden godkänner rapporten.

Vid protokollet

Cecilia Ceder

Justeras

Anna Andersson"""

# An operational plan by § of the agreement, with italic plan items (the shape of seed 002).
PLAN = """Verksamhetsplan 2022-2023

Denna plan utgår från samverkansavtalets paragrafer.

§ 4 KOMMUNIKATION

Kommunikationen ska bidra till utveckling.

Plan 2022-2023

- *Nyhetsbrev ska tas fram fyra gånger per år.*
- *Kommunikationsstöd erbjuds vid behov.*

§ 8 SAMVERKANSOMRÅDEN

§ 8.1 HÖGSPECIALISERAD VÅRD

Högspecialiserad vård ska erbjudas alla invånare.

Plan 2022-2023

- *Tillgängligheten ska utvärderas.*"""

# An annual report with a TOC, numbered sections, a member table and numbered lists (seed 003).
ANNUAL = """Verksamhetsberättelse 2021

Innehållsförteckning

1. Verksamhet\t3
2. Möten ....... 3
3. Covid-19 samverkan\tFel! Bokmärket är inte definierat.

1. Verksamhet

Gruppen verkar för ett effektivt resursutnyttjande.

2. Möten

2.1 Mötesinnehåll

Gruppen har arbetat med:

1. En produktionsplan för universitetssjukhusen.
2. Produktionsstyrning för ortopedi.

2.2 Medlemmar

Bo Tideholm\tRegion Sörmland\tOrdförande
Stefan Hjulström\tRegion Uppsala

3. Covid-19 samverkan

1. Har ni hanterat frågor kring covid-19?

Svar: Ja"""

# A plan whose numbered headings stand over activities.
NUMBERED_PLAN = """Aktivitetsplan 2024

1. Kunskapsstyrning

- Fortsatt samverkan med kommunerna

Dialogmöten har hållits vid två tillfällen.

- Stödja de nationella programområdena

Stödet har utvecklats under året.

2. Digitalisering

- Samarbeta kring e-hälsotjänster

Representanter har deltagit aktivt."""

# Seed 004 as normalize.py gives it (unwrapped by hand here, "e"/"o" bullets read as "- "),
# shortened: a list under a lead-in line stays inside its activity.
OCR_REPORT = (
    "Enligt avtalet ska en årlig aktivitetsplan knytas till verksamhetsplanen. "
    "Nedan redovisas arbetet med planens aktiviteter 2024."
    """

Aktivitetsplan 2024

Verksamhet och utveckling
- Fortsätta utveckla erfarenhetsutbytet i regionernas arbete med God och nära vård

"""
    "Erfarenhetsutbyte har fortsatt att utvecklas under året. "
    "Två digitala nätverksträffar har arrangerats:"
    """

— I maj med Region Sörmland som värd. Cirka 130 personer deltog.

— I oktober med Region Västmanland som värd. Cirka 160 personer deltog.

I augusti deltog representanter i det gemensamma mötet med Ledningsgruppen.

- Utarbeta sjukvårdsregional prislista 2025

I december beslutade nämnden om en sjukvårdsregional prislista för 2025.

Kunskapsstyrning

- Fortsatt samverkan med kommunerna

Samverkan med kommunerna har skett genom dialogmöten."""
)

# Notes without numbered items: a decision outside any agenda item stands alone.
NOTES = """Minnesanteckningar ledningsgruppen

Ekonomi

Ekonomichefen redovisade läget.

Beslut: Ledningsgruppen godkänner redovisningen.

Nästa möte hålls i maj."""

# (document, [(kind, first line of the segment, heading path)]) cut by hand.
CASES = [
    pytest.param(
        REPORT,
        [
            ("title", "Återrapport aktivitetsplan 2023", ()),
            ("paragraph", "Arbetet har påverkats av pandemin.", ()),
            ("heading", "Kunskapsstyrning", ()),
            ("activity", "- Utveckla arbetet med kunskapsstyrning",
             ("Kunskapsstyrning", "Utveckla arbetet med kunskapsstyrning")),
            ("activity", "- Öka samverkan inom det hälsofrämjande området",
             ("Kunskapsstyrning", "Öka samverkan inom det hälsofrämjande området")),
            ("heading", "Verksamhet och utveckling", ()),
            ("activity", "- Samverka vid köp av vård",
             ("Verksamhet och utveckling", "Samverka vid köp av vård")),
        ],
        id="report-focus-areas-and-activities",
    ),
    pytest.param(
        PROTOCOL,
        [
            ("title", "Protokoll Samverkansnämnden 2023-05-12", ()),
            ("attendees", "Närvarande\tAnna Andersson, ordförande\tRegion Uppsala", ()),
            ("agenda_item", "§ 12 Val av justerare", ("§ 12 Val av justerare",)),
            ("agenda_item", "§ 13 Ekonomisk rapport", ("§ 13 Ekonomisk rapport",)),
            ("signature", "Vid protokollet", ()),
        ],
        id="protocol-items-keep-their-decisions",
    ),
    pytest.param(
        PLAN,
        [
            ("title", "Verksamhetsplan 2022-2023", ()),
            ("paragraph", "Denna plan utgår från samverkansavtalets paragrafer.", ()),
            ("section", "§ 4 KOMMUNIKATION", ("§ 4 KOMMUNIKATION",)),
            ("heading", "§ 8 SAMVERKANSOMRÅDEN", ()),
            ("section", "§ 8.1 HÖGSPECIALISERAD VÅRD",
             ("§ 8 SAMVERKANSOMRÅDEN", "§ 8.1 HÖGSPECIALISERAD VÅRD")),
        ],
        id="plan-sections-keep-their-plan-items",
    ),
    pytest.param(
        ANNUAL,
        [
            ("title", "Verksamhetsberättelse 2021", ()),
            ("toc", "Innehållsförteckning", ()),
            ("section", "1. Verksamhet", ("1. Verksamhet",)),
            ("heading", "2. Möten", ()),
            ("section", "2.1 Mötesinnehåll", ("2. Möten", "2.1 Mötesinnehåll")),
            ("members", "2.2 Medlemmar", ("2. Möten", "2.2 Medlemmar")),
            ("section", "3. Covid-19 samverkan", ("3. Covid-19 samverkan",)),
        ],
        id="annual-report-toc-members-and-numbered-lists",
    ),
    pytest.param(
        NUMBERED_PLAN,
        [
            ("title", "Aktivitetsplan 2024", ()),
            ("heading", "1. Kunskapsstyrning", ()),
            ("activity", "- Fortsatt samverkan med kommunerna",
             ("1. Kunskapsstyrning", "Fortsatt samverkan med kommunerna")),
            ("activity", "- Stödja de nationella programområdena",
             ("1. Kunskapsstyrning", "Stödja de nationella programområdena")),
            ("heading", "2. Digitalisering", ()),
            ("activity", "- Samarbeta kring e-hälsotjänster",
             ("2. Digitalisering", "Samarbeta kring e-hälsotjänster")),
        ],
        id="numbered-headings-over-activities",
    ),
    pytest.param(
        OCR_REPORT,
        [
            ("paragraph", "Enligt avtalet ska en årlig aktivitetsplan knytas till "
             "verksamhetsplanen. Nedan redovisas arbetet med planens aktiviteter 2024.", ()),
            ("heading", "Aktivitetsplan 2024", ()),
            ("heading", "Verksamhet och utveckling", ("Aktivitetsplan 2024",)),
            ("activity", "- Fortsätta utveckla erfarenhetsutbytet i regionernas arbete med "
             "God och nära vård", ("Aktivitetsplan 2024", "Verksamhet och utveckling",
                                   "Fortsätta utveckla erfarenhetsutbytet i regionernas "
                                   "arbete med God och nära vård")),
            ("activity", "- Utarbeta sjukvårdsregional prislista 2025",
             ("Aktivitetsplan 2024", "Verksamhet och utveckling",
              "Utarbeta sjukvårdsregional prislista 2025")),
            ("heading", "Kunskapsstyrning", ()),
            ("activity", "- Fortsatt samverkan med kommunerna",
             ("Kunskapsstyrning", "Fortsatt samverkan med kommunerna")),
        ],
        id="ocr-report-lead-in-list-stays-in-activity",
    ),
    pytest.param(
        NOTES,
        [
            ("title", "Minnesanteckningar ledningsgruppen", ()),
            ("heading", "Ekonomi", ()),
            ("paragraph", "Ekonomichefen redovisade läget.", ("Ekonomi",)),
            ("decision", "Beslut: Ledningsgruppen godkänner redovisningen.", ("Ekonomi",)),
            ("paragraph", "Nästa möte hålls i maj.", ("Ekonomi",)),
        ],
        id="notes-decision-outside-agenda-item-stands-alone",
    ),
]


def _first_line(text: str, seg: Segment) -> str:
    return text[seg.start : seg.end].split("\n", 1)[0]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_segment_text_cuts_documents_as_by_hand(text: str, expected: list) -> None:
    segments = segment_text(text, find_boilerplate(text))
    got = [(s.kind, _first_line(text, s), s.heading_path) for s in segments]
    assert got == expected


# (document, phrase, phrase that must be in the same segment)
TOGETHER = [
    pytest.param(PROTOCOL, "§ 13 Ekonomisk rapport", "Beslut: Nämnden godkänner", id="decision"),
    pytest.param(PROTOCOL, "§ 13 Ekonomisk rapport", "- Kostnader", id="list-in-item"),
    pytest.param(PROTOCOL, "Vid protokollet", "Justeras\n\nAnna Andersson", id="signatures"),
    pytest.param(PLAN, "§ 4 KOMMUNIKATION", "fyra gånger per år", id="plan-items"),
    pytest.param(ANNUAL, "2.1 Mötesinnehåll", "2. Produktionsstyrning", id="numbered-list"),
    pytest.param(ANNUAL, "3. Covid-19 samverkan\n\n1. Har ni", "Svar: Ja", id="question"),
    pytest.param(ANNUAL, "Innehållsförteckning", "Fel! Bokmärket", id="broken-bookmark"),
    pytest.param(OCR_REPORT, "- Fortsätta utveckla", "— I oktober", id="lead-in-list"),
    pytest.param(OCR_REPORT, "- Fortsätta utveckla", "I augusti deltog", id="after-list"),
    pytest.param(REPORT, "- Utveckla arbetet", "Flera representanter", id="activity-text"),
]


@pytest.mark.parametrize(("text", "first", "second"), TOGETHER)
def test_phrases_share_one_segment(text: str, first: str, second: str) -> None:
    segments = segment_text(text)
    a = text.index(first)
    b = text.index(second, a)
    holder = next(s for s in segments if s.start <= a < s.end)
    assert holder.start <= b < holder.end


# Lines that must stay body text (no bullet, numbered heading, signature, attendee list or
# heading of their own) when they stand among the paragraphs of an activity.
NOT_STRUCTURE = [
    pytest.param("2020 har nämnden sammanträtt fyra gånger.", id="year-is-not-a-number"),
    pytest.param("200 personer deltog i konferensen", id="count-is-not-a-number"),
    pytest.param("e-hälsa är ett prioriterat område.", id="e-dash-is-not-a-bullet"),
    pytest.param("o och e står för olika saker här", id="lowercase-after-o-is-not-a-bullet"),
    pytest.param("*Kursiv text är inte en punkt.*", id="italics-are-not-a-bullet"),
    pytest.param("Ordförande Magnus Persson inleder och hälsar välkomna till mötet.",
                 id="ordforande-in-a-sentence-is-not-a-signature"),
    pytest.param("Svar: Ja", id="label-value-is-not-a-heading"),
    pytest.param("Närvarande var även ett antal observatörer.", id="narvarande-in-prose"),
]


@pytest.mark.parametrize("line", NOT_STRUCTURE)
def test_body_line_stays_in_its_activity(line: str) -> None:
    text = (
        f"Kunskapsstyrning\n\n- Stärka samverkan\nArbetet har fortsatt.\n{line}\n"
        "Mer text följer."
    )
    segments = segment_text(text)
    assert [s.kind for s in segments] == ["heading", "activity"]
    assert text[segments[-1].start : segments[-1].end].endswith("Mer text följer.")


def test_sub_bullets_and_indented_items_stay_in_their_activity() -> None:
    text = "Mål\n\n- Bilda grupper\nFöljande grupper bildas\n  - RSG forskning\n  - RPO kirurgi\n"
    kinds = [s.kind for s in segment_text(text)]
    assert kinds == ["heading", "activity"]


def test_standalone_attendee_cue_takes_the_names_below() -> None:
    text = (
        "Protokoll\n\nNärvarande\nAnna Andersson, Region Uppsala\nBo Berg, Region Örebro län"
        "\n\n1. Mötets öppnande\n\nOrdföranden öppnar mötet."
    )
    segments = segment_text(text)
    assert [s.kind for s in segments] == ["title", "attendees", "agenda_item"]
    assert text[segments[1].start : segments[1].end].endswith("Region Örebro län")


def test_toc_without_cue_line_right_after_title() -> None:
    text = (
        "Årsrapport 2022\n\nInledning ....... 3\nUppdrag ....... 4\nResultat ....... 7\n\n"
        "Inledning\n\nRapporten beskriver året."
    )
    kinds = [s.kind for s in segment_text(text)]
    assert kinds == ["title", "toc", "heading", "paragraph"]


def test_numbered_heading_going_back_is_a_list_item() -> None:
    text = (
        "Rapport\n\n5. Uppföljning\n\nText om uppföljning.\n\n"
        "2. Om ja beskriv samarbetet\n\nSvar."
    )
    segments = segment_text(text)
    assert [s.kind for s in segments] == ["title", "section"]


def test_bullet_of_stars_keeps_a_nonempty_label() -> None:
    segments = segment_text("Mål\n\n- **\nText under punkten.")
    assert segments[-1].kind == "activity"
    assert segments[-1].heading_path == ("Mål", "**")


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t\n", "\u00a0\u2028\r\n"])
def test_blank_text_has_no_segments(text: str) -> None:
    assert segment_text(text) == []
    assert find_boilerplate(text) == []


# ---- boilerplate --------------------------------------------------------------------------

HEADER = "Upprättare\nEva Ek\nSamverkansnämndens kansli\n\nDatum\n2021-02-19"
PAGE_1 = "Återrapport 2021\n\nKunskapsstyrning\n\n- Utveckla samverkan\nArbetet har fortsatt."
PAGE_2 = "Resultatet redovisades för nämnden.\n- Följa upp avtalet\nAvtalet har följts upp."
TWO_PAGES = f"{PAGE_1}\n\n{HEADER}\n\n{PAGE_2}\n\n{HEADER}\n\nSista stycket om avtalet."

# (text, [(kind, text of the span)])
BOILERPLATE_CASES = [
    pytest.param(TWO_PAGES, [("page_header", HEADER)] * 2, id="block-repeated-twice"),
    pytest.param(f"{PAGE_1}\n\n{HEADER}\n\n{PAGE_2}", [], id="block-seen-once-is-content"),
    pytest.param(
        "Plan 2022-2023\n\n- A ska ske.\n\nPlan 2022-2023\n\n- B ska ske.\n\n"
        "Plan 2022-2023\n\n- C.",
        [],
        id="repeated-single-heading-is-content",
    ),
    pytest.param(
        "Text på sidan ett.\n2 (5)\nText på sidan två.\n3 (5)\nText på sidan tre.",
        [("page_number", "2 (5)"), ("page_number", "3 (5)")],
        id="page-numbers-n-of-m",
    ),
    pytest.param(
        "Text ett.\n\nSida 1 av 2\n\nText två.\n\nSida 2 av 2",
        [("page_number", "Sida 1 av 2"), ("page_number", "Sida 2 av 2")],
        id="page-numbers-sida",
    ),
    pytest.param("Text ett.\n\nSida 1 av 1", [], id="single-page-number-is-content"),
    pytest.param(
        "Text ett.\n\n2\n\nText två.\n\n3\n\nText tre.",
        [("page_number", "2"), ("page_number", "3")],
        id="bare-increasing-numbers",
    ),
    pytest.param("Text ett.\n\n3\n\nText två.\n\n2\n\nText tre.", [], id="bare-decreasing"),
    pytest.param(
        "Återrapport 2020 Sida 1 (3)\nSamverkansnämnden\n\nText ett.\n\n"
        "Återrapport 2020 Sida 2 (3)\nSamverkansnämnden\n\nText två.",
        [
            ("page_header", "Återrapport 2020 Sida 1 (3)\nSamverkansnämnden"),
            ("page_header", "Återrapport 2020 Sida 2 (3)\nSamverkansnämnden"),
        ],
        id="header-with-changing-page-number",
    ),
    pytest.param(
        "Text ett.\n\nRegion Uppsala\nwww.regionuppsala.se\n\nText två.\n\n"
        "Region Uppsala\nwww.regionuppsala.se\n",
        [("page_footer", "Region Uppsala\nwww.regionuppsala.se")] * 2,
        id="footer-closing-the-text",
    ),
    pytest.param(
        "- Punkt ett\n- Punkt två\n\nText.\n\n- Punkt ett\n- Punkt två", [],
        id="repeated-bullets-are-content",
    ),
]


@pytest.mark.parametrize(("text", "expected"), BOILERPLATE_CASES)
def test_find_boilerplate(text: str, expected: list[tuple[str, str]]) -> None:
    found = find_boilerplate(text)
    assert [(b.kind, b.text) for b in found] == expected
    assert all(text[b.start : b.end] == b.text for b in found)


def test_activity_cut_by_a_page_header_continues_after_it() -> None:
    boiler = find_boilerplate(TWO_PAGES)
    segments = segment_text(TWO_PAGES, boiler)
    kinds = [(s.kind, _first_line(TWO_PAGES, s)) for s in segments]
    assert kinds == [
        ("title", "Återrapport 2021"),
        ("heading", "Kunskapsstyrning"),
        ("activity", "- Utveckla samverkan"),
        ("activity", "Resultatet redovisades för nämnden."),
        ("activity", "- Följa upp avtalet"),
        ("activity", "Sista stycket om avtalet."),
    ]
    assert segments[2].heading_path == segments[3].heading_path
    assert segments[4].heading_path == segments[5].heading_path == (
        "Kunskapsstyrning",
        "Följa upp avtalet",
    )
    for seg in segments:
        assert not any(b.start < seg.end and seg.start < b.end for b in boiler)


def test_caller_span_inside_a_line_is_left_out() -> None:
    text = "Rubrik\n\nFörsta stycket SIDHUVUD andra delen."
    cut = text.index("SIDHUVUD")
    spans = [Boilerplate(cut, cut + len("SIDHUVUD"), "page_header", "SIDHUVUD")]
    segments = segment_text(text, spans)
    pieces = [text[s.start : s.end] for s in segments]
    assert "Första stycket" in pieces and "andra delen." in pieces


# ---- public types and patterns -----------------------------------------------------------


@pytest.mark.parametrize("kind", SEGMENT_KINDS)
def test_is_content_follows_content_kinds(kind: str) -> None:
    assert Segment(0, 1, kind).is_content == (kind in CONTENT_KINDS)


def test_content_kinds_are_segment_kinds() -> None:
    assert set(SEGMENT_KINDS) >= CONTENT_KINDS
    assert {"toc", "attendees", "members", "signature", "title", "heading"}.isdisjoint(
        CONTENT_KINDS
    )


def test_packaged_patterns_load() -> None:
    patterns = load_patterns()
    assert isinstance(patterns, SegmentPatterns)
    assert patterns.decision.match("Beslut: Nämnden godkänner.")
    assert patterns.toc_line.fullmatch("7. Övrigt\tFel! Bokmärket är inte definierat.")


def _packaged_yaml() -> dict:
    from importlib import resources

    text = resources.files("regionkit.data").joinpath("segment_patterns.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def _with(change) -> dict:
    data = _packaged_yaml()
    change(data)
    return data


BAD_PATTERNS = [
    pytest.param(_with(lambda d: d.update(extra={})), "unknown key 'extra'", id="unknown-section"),
    pytest.param(
        _with(lambda d: d["toc"].update(cue=["Innehåll"])), "toc: unknown key 'cue'",
        id="unknown-key",
    ),
    pytest.param(
        _with(lambda d: d["signature"].pop("cues")), "missing key 'signature.cues'",
        id="missing-key",
    ),
    pytest.param(
        _with(lambda d: d["title"].update(max_lines="many")), "'title.max_lines' should be",
        id="wrong-type",
    ),
    pytest.param(
        _with(lambda d: d["decisions"].update(cues=["Beslut("])), "bad regular expression",
        id="bad-regex",
    ),
]


@pytest.mark.parametrize(("data", "message"), BAD_PATTERNS)
def test_bad_patterns_file_is_rejected_naming_file_and_key(
    tmp_path: Path, data: dict, message: str
) -> None:
    path = tmp_path / "my_patterns.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PatternError, match="my_patterns.yaml") as err:
        load_patterns(path)
    assert message in str(err.value)
