"""The folding norm and the OCR table that entity matching compares on."""

import pytest

from regionkit.tagging.fold import OcrTable, fold, ocr_variants

FOLDS = [
    ("Örebro", "orebro"),
    ("ÖREBRO", "orebro"),
    ("Orebro", "orebro"),
    ("Västra Götaland", "vastra gotaland"),
    ("Sjukvårdsregion", "sjukvardsregion"),
    ("Kommunalférbundet", "kommunalforbundet"),  # OCR é for ö
    ("6vriga", "ovriga"),  # OCR 6 for ö, inside a word
    ("I6per", "ioper"),
    ("Hjärt–kärl", "hjart-karl"),  # en dash folds to hyphen
    ("e\u00adhälsa", "ehalsa"),  # soft hyphen from PDF extraction
    ("Linnéuniversitetet", "linnouniversitetet"),  # é → o on both sides of a match
]
UNCHANGED = ["2026", "§ 6", "RSG", "rsg", "och", "16", "6"]


@pytest.mark.parametrize(("text", "expected"), FOLDS)
def test_fold_lowers_and_strips_diacritics(text, expected):
    assert fold(text) == expected


@pytest.mark.parametrize("text", UNCHANGED)
def test_fold_leaves_numbers_and_plain_lower_case_alone(text):
    assert fold(text) == text.lower()


@pytest.mark.parametrize("text", [t for t, _ in FOLDS] + UNCHANGED)
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


def test_ocr_variants_damage_swedish_letters_the_scanner_way():
    variants = ocr_variants("nämnden")
    assert {"namnden", "némnden", "ndmnden"} <= variants
    assert "nämnden" not in variants


def test_ocr_variants_of_a_word_without_swedish_letters_are_none():
    assert ocr_variants("data") == set()


OCR_TABLE_CASES = [
    ("Samverkansndmnden", "samverkansnamnden"),
    ("kérlsjukdomar", "karlsjukdomar"),
    ("Kommunalférbundet", "kommunalforbundet"),
    ("foér", "for"),  # two-character reading of ö
]


@pytest.mark.parametrize(("damaged", "clean"), OCR_TABLE_CASES)
def test_ocr_table_repairs_damaged_lexicon_words(damaged, clean):
    table = OcrTable(["Samverkansnämnden", "kärlsjukdomar", "Kommunalförbundet", "för"],
                     avoid=frozenset())
    assert table.norm(damaged) == clean


def test_ocr_table_never_repairs_into_a_common_word():
    # "lön" (salary) folds to "lon", a damaged form of "län": it must stay "lon".
    table = OcrTable(["län"], avoid=frozenset({"lon"}))
    assert table.norm("lön") == "lon"
    assert table.norm("ldn") == "lan"


def test_ocr_table_drops_forms_that_two_words_could_have_come_from():
    table = OcrTable(["bär", "bör"], avoid=frozenset())
    assert table.norm("bdr") == "bdr"
