"""Property tests of the segment stage on generated documents (hypothesis).

The invariant of the issue: no content is lost. Every non-whitespace character of the text lies
in exactly one segment or one boilerplate span; segments are sorted, do not overlap, have a known
kind, are non-empty and stripped. Documents are built from the pieces real ones are made of
(headings, bullets, paragraphs, numbered agenda items with decisions, § sections, tab tables,
TOCs, signatures, repeated page-header blocks, page numbers), joined by odd whitespace, plus
arbitrary unicode lines.
"""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regionkit.segment import (
    BOILERPLATE_KINDS,
    SEGMENT_KINDS,
    Boilerplate,
    Segment,
    find_boilerplate,
    segment_text,
)

SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

LETTERS = "abcdefghijklmnopqrstuvwxyzåäöéü"
WORD = st.text(alphabet=LETTERS, min_size=1, max_size=9)
CAP_WORD = WORD.map(str.capitalize)
SEPARATORS = ["\n", "\n\n", "\n\n\n", "\n \n", "\r\n\r\n", "\n\t\n", "\n\u00a0\n", "\n\u2028\n"]
BULLETS = ["- ", "• ", "– ", "— ", "e ", "o ", "* ", "  - ", " e ", "\t- "]
HEADERS = [
    "Upprättare\nEva-Lena Aspetorp\nSamverkansnämndens kansli\n\nDatum\n2020-02-19",
    "Sjukvårdsregion Mellansverige\nÅterrapport aktivitetsplan 2024",
    "Region Östergötland\t2024-09-12\nMötesanteckningar RSL",
]


@st.composite
def sentence(draw, end: str | None = None) -> str:
    words = draw(st.lists(WORD, min_size=2, max_size=14))
    words[0] = words[0].capitalize()
    stop = end if end is not None else draw(st.sampled_from([".", ".", ":", "", "?", ";"]))
    return " ".join(words) + stop


@st.composite
def heading(draw) -> str:
    words = draw(st.lists(WORD, min_size=1, max_size=6))
    text = " ".join([words[0].capitalize(), *words[1:]])
    return draw(st.sampled_from([text, text.upper(), f"*{text}*"]))


@st.composite
def paragraph(draw) -> str:
    return " ".join(draw(st.lists(sentence(), min_size=1, max_size=4)))


@st.composite
def bullet(draw) -> str:
    marker = draw(st.sampled_from(BULLETS))
    body = draw(st.one_of(heading(), sentence()))
    return marker + body


@st.composite
def activity(draw) -> str:
    lines = [draw(bullet())]
    lines += draw(st.lists(paragraph(), max_size=3))
    return draw(st.sampled_from(["\n", "\n\n"])).join(lines)


@st.composite
def agenda_item(draw) -> str:
    number = draw(st.integers(min_value=1, max_value=30))
    style = draw(st.sampled_from(["{n}. {h}", "§ {n} {h}", "§ {n}.{m} {h}", "{n}.{m} {h}"]))
    head = style.format(n=number, m=draw(st.integers(1, 9)), h=draw(heading()))
    body = draw(st.lists(st.one_of(paragraph(), bullet()), max_size=4))
    if draw(st.booleans()):
        body.append("Beslut: " + draw(sentence(end=".")))
    return "\n\n".join([head, *body])


@st.composite
def table(draw) -> str:
    cue = draw(st.sampled_from(["Närvarande", "Adjungerade", "Medlemmar", "Ledamöter", ""]))
    rows = draw(
        st.lists(
            st.lists(st.one_of(CAP_WORD, heading()), min_size=1, max_size=4).map("\t".join),
            min_size=1,
            max_size=6,
        )
    )
    if cue and draw(st.booleans()):
        rows[0] = f"{cue}\t{rows[0]}"
    elif cue:
        rows.insert(0, cue)
    return "\n".join(rows)


@st.composite
def toc(draw) -> str:
    entries = draw(st.lists(heading(), min_size=1, max_size=6))
    pages = ["\t3", " ....... 4", "\tFel! Bokmärket är inte definierat."]
    lines = [f"{k}. {e}" + draw(st.sampled_from(pages)) for k, e in enumerate(entries, 1)]
    return "\n".join(["Innehållsförteckning", "", *lines])


@st.composite
def signature(draw) -> str:
    cue = draw(st.sampled_from(["Vid protokollet", "Vid anteckningarna", "Justeras", "Ordförande"]))
    return f"{cue}\n\n{draw(CAP_WORD)} {draw(CAP_WORD)}"


JUNK = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40
)
BLOCK = st.one_of(
    heading(), paragraph(), activity(), agenda_item(), table(), toc(), signature(), bullet(), JUNK
)


@st.composite
def document(draw) -> tuple[str, list[tuple[int, int]]]:
    """A document and the spans of the page-header blocks put into it."""
    blocks = draw(st.lists(BLOCK, min_size=1, max_size=14))
    header = draw(st.sampled_from(HEADERS))
    n_headers = draw(st.integers(min_value=0, max_value=4))
    slots = draw(
        st.lists(st.integers(0, len(blocks)), min_size=n_headers, max_size=n_headers)
    )
    numbered = draw(st.booleans())
    parts: list[str] = []
    header_spans: list[tuple[int, int]] = []
    page = itertools.count(1)
    for k in range(len(blocks) + 1):
        for _ in range(slots.count(k)):
            parts.append(draw(st.sampled_from(SEPARATORS)))
            start = sum(map(len, parts))
            parts.append(header)
            header_spans.append((start, start + len(header)))
            if numbered:
                parts.append(f"\nSida {next(page)} av 9")
        if k < len(blocks):
            parts.append(draw(st.sampled_from(SEPARATORS)))
            parts.append(blocks[k])
    lead = draw(st.sampled_from(["", "\n", "\n\n", " \n", "\ufeff"]))
    text = lead + "".join(parts)
    return text, [(s + len(lead), e + len(lead)) for s, e in header_spans]


def assert_nothing_lost(text: str, boiler: list[Boilerplate], segments: list[Segment]) -> None:
    """Each non-whitespace character lies in exactly one segment or boilerplate span."""
    cover = [0] * len(text)
    for span in [*segments, *boiler]:
        for k in range(span.start, span.end):
            cover[k] += 1
    for k, ch in enumerate(text):
        if ch.isspace():
            assert cover[k] <= 1, (k, ch)
        else:
            assert cover[k] == 1, (k, ch, cover[k], text[max(0, k - 30) : k + 30])


def assert_well_formed(text: str, boiler: list[Boilerplate], segments: list[Segment]) -> None:
    for seg in segments:
        assert seg.kind in SEGMENT_KINDS
        assert 0 <= seg.start < seg.end <= len(text)
        piece = text[seg.start : seg.end]
        assert piece == piece.strip()
        assert all(isinstance(h, str) and h for h in seg.heading_path)
    for a, b in zip(segments, segments[1:], strict=False):
        assert a.end <= b.start
    for bp in boiler:
        assert bp.kind in BOILERPLATE_KINDS
        assert 0 <= bp.start < bp.end <= len(text)
        assert bp.text == text[bp.start : bp.end]


@SETTINGS
@given(document())
def test_generated_document_loses_no_content(doc: tuple[str, list[tuple[int, int]]]) -> None:
    text, _ = doc
    boiler = find_boilerplate(text)
    segments = segment_text(text, boiler)
    assert_well_formed(text, boiler, segments)
    assert_nothing_lost(text, boiler, segments)


@SETTINGS
@given(document())
def test_generated_document_without_boilerplate_is_all_segments(
    doc: tuple[str, list[tuple[int, int]]],
) -> None:
    text, _ = doc
    segments = segment_text(text)
    assert_well_formed(text, [], segments)
    assert_nothing_lost(text, [], segments)


@SETTINGS
@given(document())
def test_header_block_repeated_at_least_twice_is_boilerplate(
    doc: tuple[str, list[tuple[int, int]]],
) -> None:
    text, header_spans = doc
    if len(header_spans) < 2:
        return
    boiler = find_boilerplate(text)
    for start, end in header_spans:
        for k in range(start, end):
            if not text[k].isspace():
                assert any(b.start <= k < b.end for b in boiler), text[start:end]


@SETTINGS
@given(st.text(max_size=300), st.lists(st.tuples(st.integers(-5, 320), st.integers(0, 40))))
def test_any_text_and_any_caller_spans_lose_no_content(
    text: str, raw_spans: list[tuple[int, int]]
) -> None:
    # Caller-given spans may cut lines anywhere; once clamped and merged they are honoured.
    spans: list[Boilerplate] = []
    taken = [False] * len(text)
    for start, length in raw_spans:
        s, e = max(0, start), min(len(text), start + length)
        if s < e and not any(taken[s:e]):
            spans.append(Boilerplate(s, e, "page_header", text[s:e]))
            taken[s:e] = [True] * (e - s)
    segments = segment_text(text, spans)
    assert_well_formed(text, sorted(spans, key=lambda b: b.start), segments)
    assert_nothing_lost(text, spans, segments)


# --------------------------------------------------------------------------------------------
# The structured path (DOCX, PDF blocks) and the cutting of long units


from regionkit.ingest.structure import TextBuilder  # noqa: E402
from regionkit.segment import segment_blocks  # noqa: E402

BLOCK_TEXT = st.one_of(heading(), paragraph(), sentence(), JUNK)


@st.composite
def structured(draw) -> tuple[str, list]:
    """A structured document as a reader builds it: blocks of every kind, in any order."""
    builder = TextBuilder()
    table = None
    for _ in range(draw(st.integers(1, 25))):
        kind = draw(st.sampled_from(["heading", "list_item", "paragraph", "table_row",
                                     "header", "footer", "page_number"]))
        if kind == "table_row":
            if table is None or draw(st.booleans()):
                table = builder.new_table()
            cells = draw(st.lists(st.one_of(CAP_WORD, heading(), st.just("")), min_size=1,
                                  max_size=4))
            builder.add_row(table, cells, header_row=draw(st.booleans()))
            continue
        text = draw(BLOCK_TEXT)
        if kind == "list_item":
            text = draw(st.sampled_from(["- ", "1. ", "a) ", ""])) + text
        builder.add(kind, text, level=draw(st.integers(0, 3)))
    return builder.build()


@SETTINGS
@given(structured())
def test_structured_document_loses_no_content(doc) -> None:
    text, blocks = doc
    segments, boiler = segment_blocks(text, blocks)
    assert_well_formed(text, boiler, segments)
    assert_nothing_lost(text, boiler, segments)


LONG = settings(max_examples=25, deadline=None,
                             suppress_health_check=[HealthCheck.too_slow])


@LONG
@given(st.lists(st.one_of(paragraph(), st.text(alphabet=LETTERS + " .", min_size=1,
                                                max_size=40)), min_size=1, max_size=8),
       st.integers(3_000, 30_000), st.sampled_from(["\n\n", "\n", " ", ""]))
def test_long_text_is_cut_into_units_of_at_most_the_maximum_losing_nothing(
    pieces: list[str], length: int, joiner: str
) -> None:
    from regionkit.segment import load_patterns

    limit = load_patterns().max_unit_chars
    text = joiner.join(pieces)
    text = (text + joiner) * (length // max(len(text) + len(joiner), 1) + 1)
    boiler = find_boilerplate(text)
    segments = segment_text(text, boiler)
    assert_well_formed(text, boiler, segments)
    assert_nothing_lost(text, boiler, segments)
    assert all(s.end - s.start <= limit for s in segments)
