"""OCR repair of å/ä/ö: the issue's examples, context, what must not change, measured rates."""

from __future__ import annotations

from pathlib import Path

import pytest

from regionkit.normalize import looks_ocr_damaged, normalize_text, repair_ocr_words, repair_word
from regionkit.normalize.measure import read_sample, score_damaged_text, score_sample
from regionkit.ocrsim import damage_text

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
SAMPLE = ROOT / "tests" / "data" / "ocr_004_sample.tsv"
OCR_SEED = "mellansverige_samverkansnamnden_aterrapport_2024_ocr.txt"
CLEAN_SEEDS = [
    "mellansverige_samverkansnamnden_aterrapport_2020.txt",
    "sydostra_rsl_motesanteckningar_2024-09-12.txt",
    "sodra_regionvardsnamnden_verksamhetsplan_2022-2023.txt",
    "mellansverige_produktionsplaneringsgruppen_verksamhetsberattelse_2021-2022.txt",
]

# The examples and the other kinds of damage seen in seed 004.
WORD_CASES = [
    ("uppféljning", "uppföljning"),
    ("hégspecialiserad", "högspecialiserad"),
    ("I6per", "löper"),
    ("6vriga", "övriga"),
    ("mdten", "möten"),
    ("Orebro", "Örebro"),
    ("OVERENSKOMMELSER", "ÖVERENSKOMMELSER"),
    ("hoégspecialiserad", "högspecialiserad"),   # "oé" for ö
    ("ansdékningsarbetet", "ansökningsarbetet"),  # "dé" for ö, in a compound
    ("Samverkansndmnden", "Samverkansnämnden"),   # d for ä
    ("ldAmnade", "lämnade"),                      # "dA" for ä
    ("kbp", "köp"),                               # b for ö
    ("ink&p", "inköp"),                           # & for ö
    ("majliggér", "möjliggör"),                   # a for ö before j
    ("néra", "nära"),                             # é for ä
    ("sjukvéard", "sjukvård"),                    # "éa" for å
    ("sjukvardsregionala", "sjukvårdsregionala"),  # compound not in wordfreq
    ("uppféljnings", "uppföljnings"),             # compound's first half ("uppföljnings- och")
]

SENTENCE_CASES = [
    pytest.param("Overenskommelser som I6per dver flera ar",
                 "Överenskommelser som löper över flera år", id="ar-after-quantifier-is-year"),
    pytest.param("Uppfdljning ar en viktig del", "Uppföljning är en viktig del",
                 id="ar-as-verb"),
    pytest.param("under kommande ar.", "under kommande år.", id="ar-after-kommande"),
    pytest.param("avtalsmodellen ar 2025", "avtalsmodellen år 2025", id="ar-before-year"),
    pytest.param("nytt for 2024 ar att", "nytt för 2024 är att", id="year-before-ar-is-verb"),
    pytest.param("som Mellansverige ar vard for", "som Mellansverige är värd för",
                 id="vard-for-is-host"),
    pytest.param("god och nara vard", "god och nära vård", id="vard-is-care"),
    pytest.param("Region Kalmar ldn och Region Jénképings lén", "Region Kalmar län och "
                 "Region Jönköpings län", id="ldn-after-county-is-lan"),
    pytest.param("fick hégre ldn", "fick högre lön", id="ldn-elsewhere-is-lon"),
    pytest.param("for att starka samverkan", "för att stärka samverkan", id="starka-after-att"),
    pytest.param("Regionalt vardkompetensrad Mellansverige",
                 "Regionalt vårdkompetensråd Mellansverige", id="compound-before-name"),
    pytest.param("| maj beslutade namnden", "I maj beslutade nämnden", id="pipe-for-I"),
    pytest.param("— | oktober med Region Vastmanland", "— I oktober med Region Västmanland",
                 id="pipe-after-bullet"),
]

# With repair forced on, these must come out as they went in.
UNCHANGED_WHEN_DAMAGED = [
    pytest.param("SKR och NHV samt RCC", id="abbreviations"),
    pytest.param("skriv till info@regionorebro.se eller www.regionvastmanland.se", id="addresses"),
    pytest.param("covid-19 under 2025-2028", id="numbers"),
    pytest.param("t.ex. e-hälsa", id="abbreviation-and-e-hyphen"),
    pytest.param("Kommittén för klinisk behandlingsforskning", id="real-e-acute"),
    pytest.param("Karl Landergren och Bo Tideholm", id="names"),
    pytest.param("kopplat till arbetet", id="valid-words"),
    pytest.param("a | b", id="pipe-mid-line"),
]

# Clean text (repair judged, not forced) must not change at all.
UNCHANGED_CLEAN = [
    pytest.param("Ett ar är 100 kvadratmeter; tre ar mark såldes i år.", id="ar-the-unit"),
    pytest.param("Starka regioner och stöd för vård, t.ex. e-hälsa, covid-19 och "
                 "info@regionorebro.se.", id="valid-words-addresses-numbers"),
    pytest.param("Ewald Ornstein, Region Örebro län, och Ida Dånmark.", id="names"),
    pytest.param("Produktionsplanerings-, vårdavtals- och ekonomichefsgrupp samt hälso- och "
                 "sjukvård.", id="compound-ellipsis"),
]


@pytest.mark.parametrize(("damaged", "expected"), WORD_CASES)
def test_repair_word_restores_damaged_letters(damaged, expected):
    assert repair_word(damaged) == expected


@pytest.mark.parametrize(("damaged", "expected"), SENTENCE_CASES)
def test_repair_ocr_words_uses_context(damaged, expected):
    assert repair_ocr_words(damaged) == expected


@pytest.mark.parametrize("text", UNCHANGED_WHEN_DAMAGED)
def test_repair_ocr_words_leaves_non_words_and_valid_words_alone(text):
    assert repair_ocr_words(text) == text


@pytest.mark.parametrize("text", UNCHANGED_CLEAN)
def test_normalize_text_never_changes_clean_text(text):
    n = normalize_text(text)
    assert not n.ocr_damaged
    assert n.text == text


def test_ocr_seed_is_judged_damaged():
    assert looks_ocr_damaged((RAW / OCR_SEED).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", CLEAN_SEEDS)
def test_clean_seeds_are_judged_undamaged(name):
    assert not looks_ocr_damaged((RAW / name).read_text(encoding="utf-8"))


def test_short_text_is_not_judged_damaged():
    assert not looks_ocr_damaged("for att")


def test_hand_sample_has_enough_consecutive_words():
    rows = read_sample(SAMPLE)
    assert len(rows) >= 150
    assert [r.raw_start for r in rows] == sorted(r.raw_start for r in rows)
    assert sum(r.damaged != r.correct for r in rows) >= 100


def test_repair_meets_targets_on_hand_corrected_004():
    raw = (RAW / OCR_SEED).read_text(encoding="utf-8")
    score = score_sample(read_sample(SAMPLE), normalize_text(raw))
    assert score.damaged >= 600
    assert score.restored_share >= 0.97, score.summary()
    assert score.wrongly_changed_share <= 0.003, score.summary()


def test_repair_meets_targets_on_damaged_clean_seeds():
    total = None
    for name in CLEAN_SEEDS:
        clean = (RAW / name).read_text(encoding="utf-8")
        damaged = damage_text(clean, seed=0)
        scores = score_damaged_text(clean, damaged, normalize_text(damaged, ocr=True))
        score = scores["dev"]
        total = score if total is None else total.merge(score)
    assert total.damaged >= 1000
    assert total.restored_share >= 0.97, total.summary()
    assert total.wrongly_changed_share <= 0.003, total.summary()
