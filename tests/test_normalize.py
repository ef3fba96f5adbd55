"""Normalize: layout steps, the character map, and what must never change."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regionkit.normalize import (
    REPAIR_KINDS,
    Edit,
    Normalized,
    Repair,
    apply_edits,
    join_hyphenated_words,
    looks_hard_wrapped,
    nfc,
    normalize_bullets,
    normalize_text,
    unwrap_lines,
)
from regionkit.normalize.resources import (
    ConfusionTable,
    ContextRules,
    DataFileError,
    load_confusions,
    load_context_rules,
)

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
CLEAN_SEEDS = [
    "mellansverige_samverkansnamnden_aterrapport_2020.txt",
    "sydostra_rsl_motesanteckningar_2024-09-12.txt",
    "sodra_regionvardsnamnden_verksamhetsplan_2022-2023.txt",
    "mellansverige_produktionsplaneringsgruppen_verksamhetsberattelse_2021-2022.txt",
]
OCR_SEED = "mellansverige_samverkansnamnden_aterrapport_2024_ocr.txt"

APPLY_EDITS_CASES = [
    pytest.param("abc", [], "abc", [0, 1, 2, 3], id="no-edits"),
    pytest.param("mdten", [Edit(1, 2, "ö", "ocr")], "möten", [0, 1, 2, 3, 4, 5], id="same-length"),
    pytest.param("hoégre", [Edit(1, 3, "ö", "ocr")], "högre", [0, 1, 3, 4, 5, 6],
                 id="shorter"),
    pytest.param("ab-\ncd", [Edit(2, 4, "", "hyphenation")], "abcd", [0, 1, 4, 5, 6],
                 id="deletion"),
    pytest.param("e x", [Edit(0, 2, "- ", "bullet")], "- x", [0, 1, 2, 3], id="bullet"),
    pytest.param("ab", [Edit(1, 1, "X", "ocr")], "aXb", [0, 1, 1, 2], id="insertion"),
]

NFC_CASES = [
    pytest.param("va\u0308rd", "värd", id="decomposed-a-umlaut"),
    pytest.param("A\u030artal", "Årtal", id="decomposed-ring"),
    pytest.param("värd", "värd", id="already-nfc-unchanged"),
    pytest.param("Kommittén", "Kommittén", id="precomposed-e-acute-unchanged"),
]

BULLET_CASES = [
    pytest.param("e Utveckla och stärka", "- Utveckla och stärka", id="ocr-e"),
    pytest.param("o Fortsatt implementering", "- Fortsatt implementering", id="ocr-o"),
    pytest.param(" e Stödja arbetet", " - Stödja arbetet", id="indented-ocr-e"),
    pytest.param("• Första\n▪ Andra", "- Första\n- Andra", id="bullet-chars"),
    pytest.param("— I maj med Region Sörmland", "- I maj med Region Sörmland", id="em-dash"),
    pytest.param("* punkt", "- punkt", id="asterisk-space"),
    # Must not change:
    pytest.param("- redan en punkt", "- redan en punkt", id="canonical-unchanged"),
    pytest.param(" - *Regional samverkansgrupp*", " - *Regional samverkansgrupp*",
                 id="nested-canonical-unchanged"),
    pytest.param("*Strategiskt stöd*", "*Strategiskt stöd*", id="italic-unchanged"),
    pytest.param("e-hälsa och e-tjänster", "e-hälsa och e-tjänster", id="e-hyphen-unchanged"),
    pytest.param("Säker vård\t-", "Säker vård\t-", id="table-dash-unchanged"),
    pytest.param("ett e i texten", "ett e i texten", id="mid-line-e-unchanged"),
    pytest.param("e 2024", "e 2024", id="e-before-number-unchanged"),
    pytest.param("–5 grader", "–5 grader", id="minus-unchanged"),
]

HYPHENATION_CASES = [
    pytest.param("uppfölj-\nning av", "uppföljning av", id="split-word-joined"),
    pytest.param("hälso-\noch sjukvård", "hälso- och sjukvård", id="ellipsis-before-och"),
    pytest.param("uppföljnings-\neller analysrapporter", "uppföljnings- eller analysrapporter",
                 id="ellipsis-before-eller"),
    pytest.param("produktionsplanerings-\n, vårdavtals- och ekonomichefsgrupp",
                 "produktionsplanerings-, vårdavtals- och ekonomichefsgrupp",
                 id="ellipsis-before-comma"),
    pytest.param("e-\nhälsa", "e-hälsa", id="single-letter-prefix"),
    pytest.param("NHV-\ngruppen", "NHV-gruppen", id="abbreviation-prefix"),
    pytest.param("covid-\n19", "covid-19", id="number-after"),
    pytest.param("Region-\nSörmland", "Region-Sörmland", id="capital-after"),
    # Must not change:
    pytest.param("hälso- och sjukvård", "hälso- och sjukvård", id="ellipsis-unchanged"),
    pytest.param("produktionsplanerings-, vårdavtals- och ekonomichefsgrupp",
                 "produktionsplanerings-, vårdavtals- och ekonomichefsgrupp",
                 id="compound-ellipsis-unchanged"),
    pytest.param("covid-19 och e-hälsa", "covid-19 och e-hälsa", id="hyphens-unchanged"),
    pytest.param("Säker vård\t-\nNästa", "Säker vård\t-\nNästa", id="table-dash-unchanged"),
    pytest.param("2025-\n2028", "2025-\n2028", id="number-range-unchanged"),
]

UNWRAP_CASES = [
    pytest.param("Arbetet fortsätter under 2025 med gemensamma bedömningar av framtida\n"
                 "behov och hur det kan lösa tillsammans.",
                 "Arbetet fortsätter under 2025 med gemensamma bedömningar av framtida "
                 "behov och hur det kan lösa tillsammans.", id="continuation-joined"),
    pytest.param("beslutade om Verksamhetsplan 2025-2028 i september och om Aktivitetsplan\n"
                 "2025 i december.",
                 "beslutade om Verksamhetsplan 2025-2028 i september och om Aktivitetsplan "
                 "2025 i december.", id="year-at-line-start-joined"),
    pytest.param("Kanslirepresentanterna har kontinuerlig dialog med representanter i syfte att\n"
                 " samordning i sjukvårdsregionala frågor.",
                 "Kanslirepresentanterna har kontinuerlig dialog med representanter i syfte att "
                 "samordning i sjukvårdsregionala frågor.", id="indented-continuation-joined"),
    # Must not change:
    pytest.param("Första stycket slutar här med en punkt och är långt nog för att brytas.\n\n"
                 "Andra stycket.",
                 "Första stycket slutar här med en punkt och är långt nog för att brytas.\n\n"
                 "Andra stycket.", id="paragraph-break-kept"),
    pytest.param("Verksamhet och utveckling\n- Utveckla och stärka samarbetet",
                 "Verksamhet och utveckling\n- Utveckla och stärka samarbetet",
                 id="bullet-line-kept"),
    pytest.param("Mål för verksamheten under perioden som har beslutats av nämnden\n"
                 "2.3 Medlemmar",
                 "Mål för verksamheten under perioden som har beslutats av nämnden\n"
                 "2.3 Medlemmar", id="numbered-item-kept"),
    pytest.param("Kunskapsstyrning\nDe sjukvårdsregionala programområdena har samverkat.",
                 "Kunskapsstyrning\nDe sjukvårdsregionala programområdena har samverkat.",
                 id="heading-kept"),
    pytest.param("Det sjukvårdsregionala larmet ska bygga på mallarna.\n"
                 " När rutiner och mallar är klara ska regionerna uppdatera sina planer.",
                 "Det sjukvårdsregionala larmet ska bygga på mallarna.\n"
                 " När rutiner och mallar är klara ska regionerna uppdatera sina planer.",
                 id="short-sentence-end-kept"),
]


def _raw(name: str) -> str:
    return (RAW / name).read_text(encoding="utf-8")


def _assert_map_invariants(n: Normalized) -> None:
    assert n.offsets.dtype == np.int64
    assert len(n.offsets) == len(n.text) + 1
    assert n.offsets[-1] == len(n.raw)
    assert np.all(np.diff(n.offsets) >= 0)
    assert all(r.kind in REPAIR_KINDS for r in n.repairs)
    assert all(n.raw[r.raw_start:r.raw_end] == r.original for r in n.repairs)


def _assert_nothing_dropped(n: Normalized) -> None:
    kept = set(n.offsets[:-1].tolist())
    repaired = set()
    for r in n.repairs:
        repaired.update(range(r.raw_start, r.raw_end))
    lost = [i for i, c in enumerate(n.raw) if not c.isspace() and i not in kept | repaired]
    assert lost == [], [n.raw[max(0, i - 10):i + 10] for i in lost[:5]]


@pytest.mark.parametrize(("text", "edits", "expected", "offsets"), APPLY_EDITS_CASES)
def test_apply_edits_maps_each_new_char_to_its_source(text, edits, expected, offsets):
    new, off = apply_edits(text, edits)
    assert new == expected
    assert off.tolist() == offsets


def test_apply_edits_rejects_overlapping_edits():
    with pytest.raises(ValueError, match="overlapping"):
        apply_edits("abcdef", [Edit(0, 3, "x", "ocr"), Edit(2, 4, "y", "ocr")])


def test_edit_rejects_unknown_kind():
    with pytest.raises(ValueError, match="unknown repair kind"):
        Edit(0, 1, "x", "spelling")


@pytest.mark.parametrize(("text", "expected"), NFC_CASES)
def test_nfc(text, expected):
    assert nfc(text) == expected


@pytest.mark.parametrize(("text", "expected"), BULLET_CASES)
def test_normalize_bullets(text, expected):
    assert normalize_bullets(text) == expected


@pytest.mark.parametrize(("text", "expected"), HYPHENATION_CASES)
def test_join_hyphenated_words_keeps_compound_ellipsis(text, expected):
    assert join_hyphenated_words(text) == expected


@pytest.mark.parametrize(("text", "expected"), UNWRAP_CASES)
def test_unwrap_lines_joins_only_continuations(text, expected):
    assert unwrap_lines(text, wrapped=True) == expected


def test_unwrap_lines_leaves_text_that_is_not_wrapped_alone():
    text = "Kort rad\nfortsätter här.\n" * 3
    assert unwrap_lines(text, wrapped=False) == text


@pytest.mark.parametrize("name", CLEAN_SEEDS)
def test_clean_seeds_are_not_hard_wrapped(name):
    assert not looks_hard_wrapped(_raw(name))


def test_ocr_seed_is_hard_wrapped():
    assert looks_hard_wrapped(_raw(OCR_SEED))


@pytest.mark.parametrize("name", CLEAN_SEEDS)
def test_normalize_text_changes_nothing_in_clean_seeds(name):
    # Their line breaks are meaningful (one paragraph per line, tab tables, nested "- " items)
    # and their å/ä/ö are intact: nothing to repair.
    raw = _raw(name)
    n = normalize_text(raw)
    assert n.text == raw
    assert n.repairs == ()
    assert not n.ocr_damaged
    _assert_map_invariants(n)


def test_normalize_text_on_ocr_seed_repairs_and_keeps_the_map():
    raw = _raw(OCR_SEED)
    n = normalize_text(raw)
    assert n.ocr_damaged
    _assert_map_invariants(n)
    _assert_nothing_dropped(n)
    kinds = {r.kind for r in n.repairs}
    assert kinds == {"ocr", "unwrap", "bullet"}
    assert "produktionsplanerings-, vårdavtals- och ekonomichefsgrupp" in n.text
    assert "- Utveckla och stärka produktionssamarbetet i sjukvårdsregionen" in n.text
    assert "Överenskommelser som löper över flera år" in n.text


def test_to_raw_maps_repaired_words_back_to_their_damaged_form():
    raw = _raw(OCR_SEED)
    n = normalize_text(raw)
    for word, context, damaged in [
        ("Örebro", "Örebro", "Orebro"),
        ("högspecialiserad", "högspecialiserad vård, NHV", "hoégspecialiserad"),
        ("löper", "löper", "I6per"),
        ("lämnade", "lämnade", "ldAmnade"),
    ]:
        start = n.text.index(context)
        rs, re_ = n.to_raw(start, start + len(word))
        assert raw[rs:re_] == damaged


def test_to_raw_of_an_unwrapped_span_covers_the_line_break():
    raw = "Arbetet fortsätter under 2025 med gemensamma bedömningar av framtida\nbehov."
    n = normalize_text(raw, ocr=False, wrapped=True)
    start = n.text.index("framtida behov")
    rs, re_ = n.to_raw(start, start + len("framtida behov"))
    assert raw[rs:re_] == "framtida\nbehov"


def test_to_raw_of_an_empty_span_and_bad_spans():
    n = normalize_text("abc", ocr=False)
    assert n.to_raw(1, 1) == (1, 1)
    with pytest.raises(ValueError):
        n.to_raw(2, 9)


def test_repair_records_name_the_raw_span():
    n = normalize_text("e Utveckla och starka samverkan", ocr=True)
    assert n.text == "- Utveckla och stärka samverkan"
    assert n.repairs == (Repair(0, 2, "e ", "- ", "bullet"),
                         Repair(15, 21, "starka", "stärka", "ocr"))


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="aoeéd6I|åä ö-\n•.,rstlmnpk", max_size=200),
       st.booleans(), st.booleans())
def test_normalize_text_never_drops_text(raw, ocr, wrapped):
    n = normalize_text(raw, ocr=ocr, wrapped=wrapped)
    _assert_map_invariants(n)
    _assert_nothing_dropped(n)


def test_packaged_tables_load():
    assert "a" in load_confusions().readings
    assert load_context_rules().choose("ar", "flera", None) == "år"


def test_confusion_table_rejects_unknown_key_naming_file_and_key():
    with pytest.raises(DataFileError, match=r"ocr_confusions\.yaml.*'confusion'"):
        ConfusionTable.from_dict({"confusion": {}})


def test_confusion_table_round_trips():
    table = load_confusions()
    assert ConfusionTable.from_dict(table.to_dict()) == table


def test_confusion_table_rejects_bad_probability():
    with pytest.raises(DataFileError, match="not in"):
        ConfusionTable.from_dict({"confusions": {"a": {"ä": 1.5}}})


def test_context_rules_reject_unknown_condition_naming_file_and_key():
    bad = {"rules": [{"observed": "ar", "choose": "år", "when": {"previous": ["ett"]}}]}
    with pytest.raises(DataFileError, match=r"ocr_context_rules\.yaml.*rules\[0\].*'previous'"):
        ContextRules.from_dict(bad)
