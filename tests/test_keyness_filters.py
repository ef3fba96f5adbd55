"""Keyness on corrected lemmas, without names, months and weekdays; lemma corrections as data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_compare import make_tables

from regionkit import compare, lemmas
from regionkit.analysis import terms

ROOT = Path(__file__).resolve().parent.parent

LEMMA_CASES = [
    # (word, lemma) checked against SAOL by hand; simplemma (greedy) gave the noun an "-a".
    ("plan", "plan"),
    ("aktivitetsplan", "aktivitetsplan"),
    ("planer", "plan"),
    ("chefsamråd", "chefsamråd"),
    ("remiss", "remiss"),
    ("sjukvårdsregionala", "sjukvårdsregional"),
    ("vårdplatserna", "vårdplats"),  # unchanged by the table
    ("köper", "köpa"),  # the verb stays a verb
]


@pytest.mark.parametrize(("word", "lemma"), LEMMA_CASES)
def test_lemma_corrections(word, lemma):
    assert lemmas.lemmatize(word) == lemma


@pytest.mark.parametrize("word", ["per", "via", "hel", "samt"])
def test_function_words_missing_from_spacy_are_stop_words(word):
    assert word in lemmas.stop_words()


def test_no_seed_noun_is_read_as_its_verb_with_an_added_a():
    # The check that found the table's entries: a word whose lemma is the word plus "a". What is
    # left are verbs written in the present or imperative ("genomför" -> "genomföra"), which are
    # right, and acronyms; none of the table's nouns.
    words = set()
    for path in (ROOT / "data" / "raw").glob("*.txt"):
        words.update(w.lower() for w in re.findall(r"[^\W\d_]{2,}", path.read_text("utf-8")))
    fixed = set(lemmas.lemma_fixes())
    wrong = {w for w in words if lemmas.lemmatize(w) == w + "a"}
    assert not wrong & fixed
    assert not any(w.endswith(f) for w in wrong for f in fixed)


NAME_CASES = [
    # (text, words written in lower case elsewhere, terms kept)
    ("Johan Rosenqvist informerar om läget.", {"informerar", "om", "läget"},
     ["informera", "läge"]),
    ("Ninnie Borendal-Wodlin föreslås ersätta Johan D. Söderholm.",
     {"föreslås", "ersätta"}, ["föreslå", "ersätta"]),
    ("Samverkan med Inera och HTA Syd fortsätter.", {"samverkan", "med", "och", "fortsätter"},
     ["samverkan", "hta", "fortsätta"]),
    ("Nästa möte hålls i september, en tisdag.", {"nästa", "möte", "hålls", "i", "en"},
     ["möte", "hålla"]),  # "nästa" is a spaCy stop word
    # Capitalised at the start of a line or after a bullet: a common word, kept.
    ("Utbildning\n- Kompetens och utbildning", {"utbildning", "och"},
     ["utbildning", "kompetens", "utbildning"]),
]


@pytest.mark.parametrize(("text", "common", "expected"), NAME_CASES)
def test_terms_leave_out_names_months_and_weekdays(text, common, expected):
    assert terms.terms(text, frozenset(common)) == expected


KEYNESS_NAMES = make_tables(
    docs=[("m", "sydostra", "motesanteckningar", 2024, 2024),
          ("s", "sodra", "verksamhetsplan", 2024, 2024)],
    segs=[("m:0001", "m", "agenda_item",
           "Johan Rosenqvist redogör i september. Johan Rosenqvist redogör i november. "
           "Vidare redogör Johan om läget.", 12, 0),
          ("s:0001", "s", "section", "Planen ska följas upp per år via nämnden.", 8, 0)],
)


def test_keyness_of_minutes_has_no_person_or_month_among_its_terms():
    kw = compare.keyness(KEYNESS_NAMES, "sydostra", min_count=1)
    assert set(kw["term"]) == {"redogöra", "läge"}
    assert (kw.set_index("term").loc["redogöra", ["count_target", "count_rest"]].tolist()
            == [3, 0])
    # Raw totals of both sides: sydöstra redogöra x3, vidare? (stop word), läge = 4 terms;
    # södra plan, följa, år, nämnd = 4 (ska, upp, per, via are stop words).
    assert kw["tokens_target"].iloc[0] == 4
    assert kw["tokens_rest"].iloc[0] == 4
    other = compare.keyness(KEYNESS_NAMES, "sodra", min_count=1)
    assert set(other["term"]) == {"plan", "följa", "år", "nämnd"}
