"""The passes of the plain-text segmenter and boilerplate finder: pure, with explicit results.

Each pass of `regionkit.segment.plain` is a function of the classified lines (`Doc`) and of what
the passes before it returned. These tests check that every pass is pure (the same input twice
gives equal output; its input objects are not changed; it returns immutable values), that a pass
claims only lines no earlier pass took, and, on two small documents, the units each pass claims,
worked out by hand from the rules in the docstrings before the code was run.
"""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path

import pytest

from regionkit.segment import find_boilerplate, load_patterns
from regionkit.segment.boilerplate import HeaderBlock, find_header_blocks, find_page_numbers
from regionkit.segment.lines import normalise_spans, split_lines
from regionkit.segment.plain import (
    Doc,
    Heading,
    Unit,
    claim_agenda_items,
    claim_free,
    claim_lists,
    claim_sections,
    claim_signature,
    claim_title,
    claim_tocs,
    claim_units,
    find_headings,
    is_meeting,
    taken_by,
    to_segments,
)

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"

MEETING = (
    "Mötesanteckningar RSL\n"            # 0
    "Datum\t2024-09-12\n"                # 1
    "\n"
    "Närvarande\tAnna Svensson\n"        # 2
    "\tPer Lind\n"                        # 3
    "\n"
    "1. Inledning\n"                     # 4
    "Mötet öppnades.\n"                  # 5
    "\n"
    "2. Ekonomi\n"                       # 6
    "Beslut: Att godkänna budgeten.\n"   # 7
    "\n"
    "Vid anteckningarna\n"               # 8
    "Karin Ek\n"                         # 9
)

PLAN = (
    "Verksamhetsplan 2024\n"             # 0
    "\n"
    "Inledande text om planen.\n"        # 1
    "\n"
    "§ 1 Samverkan\n"                    # 2
    "Text om samverkan.\n"               # 3
    "\n"
    "§ 2 Kunskap\n"                      # 4
    "\n"
    "- Stärka samverkan\n"               # 5
    "Text under aktiviteten.\n"          # 6
    "- Öka kunskapen\n"                  # 7
    "Mer text.\n"                        # 8
)


def _doc(text: str, boilerplate=()) -> Doc:
    return Doc.of(split_lines(text, normalise_spans(text, boilerplate)), load_patterns())


def _seed_docs() -> list[Doc]:
    docs = []
    for path in sorted(RAW.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        docs.append(_doc(text, find_boilerplate(text)))
    return docs


def _passes(doc: Doc) -> list[tuple[str, object, tuple, frozenset[int]]]:
    """Each pass with the inputs the composition gives it and the lines taken before it."""
    title = claim_title(doc)
    signature = claim_signature(doc, title)
    before_tocs = taken_by(title, signature)
    tocs = claim_tocs(doc, title, before_tocs)
    before_lists = taken_by(title, signature, tocs)
    headings = find_headings(doc, before_lists)
    lists = claim_lists(doc, before_lists, headings)
    before_body = before_lists | taken_by(lists)
    after_meeting = before_body | taken_by(claim_agenda_items(doc, before_body, headings))
    after_report = before_body | taken_by(claim_sections(doc, before_body, headings))
    nothing: frozenset[int] = frozenset()
    return [
        ("claim_title", claim_title, (doc,), nothing),
        ("claim_signature", claim_signature, (doc, title), taken_by(title)),
        ("claim_tocs", claim_tocs, (doc, title, before_tocs), before_tocs),
        ("find_headings", find_headings, (doc, before_lists), before_lists),
        ("claim_lists", claim_lists, (doc, before_lists, headings), before_lists),
        ("is_meeting", is_meeting, (doc, title, signature, lists, before_body), before_body),
        ("claim_agenda_items", claim_agenda_items, (doc, before_body, headings), before_body),
        ("claim_sections", claim_sections, (doc, before_body, headings), before_body),
        ("claim_free", claim_free, (doc, after_meeting), after_meeting),
        ("claim_free", claim_free, (doc, after_report), after_report),
        ("claim_units", claim_units, (doc,), nothing),
        ("to_segments", to_segments, (doc, claim_units(doc)), nothing),
    ]


def _assert_immutable(value: object, where: str) -> None:
    """Fail if value holds a list, dict, set or a dataclass that is not frozen."""
    assert not isinstance(value, list | dict | set | bytearray), f"{where}: {type(value)}"
    if isinstance(value, tuple | frozenset):
        for item in value:
            _assert_immutable(item, where)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        assert value.__dataclass_params__.frozen, f"{where}: {type(value).__name__} not frozen"
        for field in dataclasses.fields(value):
            if field.name != "p":  # the cues: compiled regular expressions, a frozen dataclass
                _assert_immutable(getattr(value, field.name), f"{where}.{field.name}")


SEED_DOCS = _seed_docs()
HAND_DOCS = [_doc(MEETING), _doc(PLAN)]


@pytest.mark.parametrize("doc", SEED_DOCS + HAND_DOCS, ids=lambda d: d.lines[0].text[:30])
def test_every_pass_is_pure(doc: Doc) -> None:
    for name, fn, args, _ in _passes(doc):
        before = copy.deepcopy(args)
        first = fn(*args)
        second = fn(*args)
        assert first == second, name
        assert args == before, f"{name} changed its input"
        if name != "to_segments":  # segments are the stage's output, frozen Segments in a list
            _assert_immutable(first, name)


@pytest.mark.parametrize("doc", SEED_DOCS + HAND_DOCS, ids=lambda d: d.lines[0].text[:30])
def test_passes_claim_only_free_lines_and_together_every_line(doc: Doc) -> None:
    for name, fn, args, taken in _passes(doc):
        if not name.startswith("claim_") or name == "claim_units":
            continue
        claimed = taken_by(fn(*args))
        if name == "claim_tocs":  # a wrapped entry's second line may be taken (see below)
            claimed = frozenset(i for i in claimed if i - 1 not in claimed or i - 1 in taken)
        assert not claimed & taken, name
    units = claim_units(doc)
    assert taken_by(units) == frozenset(range(doc.n))
    assert all(unit.lines for unit in units)


def test_units_are_frozen() -> None:
    unit = Unit("paragraph", (), (0,))
    with pytest.raises(dataclasses.FrozenInstanceError):
        unit.kind = "heading"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        HAND_DOCS[0].lines = ()  # type: ignore[misc]


def test_meeting_passes_by_hand() -> None:
    doc = HAND_DOCS[0]
    assert [line.text for line in doc.lines][2:4] == ["Närvarande\tAnna Svensson", "Per Lind"]
    title = claim_title(doc)
    assert title == (Unit("title", (), (0, 1)),)
    signature = claim_signature(doc, title)
    assert signature == (Unit("signature", (), (8, 9)),)
    taken = taken_by(title, signature)
    assert claim_tocs(doc, title, taken) == ()
    headings = find_headings(doc, taken)
    assert headings == (Heading(4, 1, "1. Inledning"), Heading(6, 1, "2. Ekonomi"))
    lists = claim_lists(doc, taken, headings)
    assert lists == (Unit("attendees", (), (2, 3)),)
    taken |= taken_by(lists)
    assert is_meeting(doc, title, signature, lists, taken)
    body = claim_agenda_items(doc, taken, headings)
    assert body == (
        Unit("agenda_item", ("1. Inledning",), (4, 5)),
        Unit("agenda_item", ("2. Ekonomi",), (6, 7)),
    )
    assert claim_free(doc, taken | taken_by(body)) == ()
    assert claim_units(doc) == (*title, *signature, *lists, *body)


def test_plan_passes_by_hand() -> None:
    doc = HAND_DOCS[1]
    title = claim_title(doc)
    assert title == (Unit("title", (), (0,)),)
    signature = claim_signature(doc, title)
    assert signature == ()
    taken = taken_by(title)
    assert claim_tocs(doc, title, taken) == ()
    headings = find_headings(doc, taken)
    assert headings == (Heading(2, 1, "§ 1 Samverkan"), Heading(4, 1, "§ 2 Kunskap"))
    lists = claim_lists(doc, taken, headings)
    assert lists == ()
    assert not is_meeting(doc, title, signature, lists, taken)
    body = claim_sections(doc, taken, headings)
    assert body == (
        Unit("section", ("§ 1 Samverkan",), (2, 3)),
        Unit("heading", (), (4,)),
        Unit("activity", ("§ 2 Kunskap", "Stärka samverkan"), (5, 6)),
        Unit("activity", ("§ 2 Kunskap", "Öka kunskapen"), (7, 8)),
    )
    rest = claim_free(doc, taken | taken_by(body))
    assert rest == (Unit("paragraph", (), (1,)),)
    segments = to_segments(doc, claim_units(doc))
    assert [(s.kind, PLAN[s.start:s.end].split("\n")[0]) for s in segments] == [
        ("title", "Verksamhetsplan 2024"),
        ("paragraph", "Inledande text om planen."),
        ("section", "§ 1 Samverkan"),
        ("heading", "§ 2 Kunskap"),
        ("activity", "- Stärka samverkan"),
        ("activity", "- Öka kunskapen"),
    ]


def test_wrapped_toc_entry_takes_a_signature_cue_line_whole() -> None:
    # The one case where a pass claims a line an earlier pass took: worked out by hand, the
    # signature starts at its cue "Ordförande\t3" (line 4), which is also the second line of
    # the TOC entry "Bakgrund och / Ordförande 3"; the TOC, claimed later, keeps it.
    text = "Rapport\n\nInnehåll\nInledning ..... 2\nBakgrund och\nOrdförande\t3\nAnna Svensson\n"
    doc = _doc(text)
    title = claim_title(doc)
    signature = claim_signature(doc, title)
    assert signature == (Unit("signature", (), (4, 5)),)
    tocs = claim_tocs(doc, title, taken_by(title, signature))
    assert tocs == (Unit("toc", (), (1, 2, 3, 4)),)
    assert [s.kind for s in to_segments(doc, claim_units(doc))] == ["title", "toc", "signature"]


@pytest.mark.parametrize("path", sorted(RAW.glob("*.txt")), ids=lambda p: p.name[:30])
def test_boilerplate_passes_are_pure(path: Path) -> None:
    lines = tuple(split_lines(path.read_text(encoding="utf-8")))
    p = load_patterns()
    for fn in (find_header_blocks, find_page_numbers):
        before = copy.deepcopy(lines)
        first = fn(lines, p)
        assert fn(lines, p) == first, fn.__name__
        assert lines == before, f"{fn.__name__} changed its input"
        _assert_immutable(first, fn.__name__)


def test_boilerplate_passes_by_hand() -> None:
    # Worked out by hand: "Region X / Datum 2020" recurs as a pair (a header, not at the end of
    # the text); "Sida n av 2" are two marked page numbers outside the blocks.
    text = (
        "Region X\nDatum 2020\nText ett.\nSida 1 av 2\n"
        "Region X\nDatum 2020\nText två.\nSida 2 av 2\n"
    )
    lines = tuple(split_lines(text))
    p = load_patterns()
    assert find_header_blocks(lines, p) == (
        HeaderBlock(0, 1, "page_header"),
        HeaderBlock(4, 5, "page_header"),
    )
    assert find_page_numbers(lines, p) == (3, 7)
    assert [(b.kind, b.text) for b in find_boilerplate(text)] == [
        ("page_header", "Region X\nDatum 2020"),
        ("page_number", "Sida 1 av 2"),
        ("page_header", "Region X\nDatum 2020"),
        ("page_number", "Sida 2 av 2"),
    ]
