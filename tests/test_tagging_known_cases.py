"""Known cases from the tagging issue: each fixed by a general rule, checked here by hand."""

import pytest

from regionkit.normalize import normalize_text
from regionkit.tagging import Tagger
from regionkit.tagging.themes import ThemeLexicon, ThemeScorer, load_theme_lexicon, part_keys
from regionkit.tagging.types import THEME_IDS


@pytest.fixture(scope="module")
def tagger():
    return Tagger()


def themes(tagger, text):
    return {t.id for t in tagger.tag(text).themes}


def test_introduction_programme_for_new_nurses_is_staffing(tagger):
    # "nyutexaminerade" and "sjuksköterskor" are staffing words (labels.md: staffing and
    # education); before, the OCR spelling "ntrod" of the part "ntråd" hid inside
    # "Introduktion" and gave kunskapsstyrning.
    text = "Introduktionsprogram för nyutexaminerade sjuksköterskor"
    assert themes(tagger, text) == {"kompetensforsorjning"}


def test_a_part_matches_its_inflected_and_compound_forms():
    assert "specialistsjukskotersk" in part_keys("specialistsjuksköterska")
    scorer = ThemeScorer(threshold=0, relative=0)
    for word in ("specialistsjuksköterska", "specialistsjuksköterskor",
                 "specialistsjuksköterskorna", "specialistsjuksköterskeutbildning"):
        tags = scorer.score(f"Fler {word} behövs.")
        assert "kompetensforsorjning" in {t.id for t in tags}, word


def test_short_parts_get_no_ocr_spellings_that_hide_in_ordinary_words():
    assert part_keys("ntråd") == ["ntrad"]
    assert "hdgspecialiserad" in part_keys("högspecialiserad")


def test_a_segment_with_evidence_gets_at_least_its_best_theme(tagger):
    # One staffing word (weight 1.5) in running text: below the threshold of 2.5, but the
    # segment's only evidence, so its best theme is given.
    text = "Regionen planerar att anställa fler specialistsjuksköterskor under året."
    result = tagger.tag(text)
    assert [t.id for t in result.themes] == ["kompetensforsorjning"]
    assert [(s.text, s.weight) for s in result.themes[0].spans] == [
        ("specialistsjuksköterskor", 1.5)]


def test_a_second_theme_with_strong_evidence_of_its_own_is_kept():
    lexicon = ThemeLexicon.from_dict({
        "settings": {"threshold": 1, "relative": 0.65, "strong": 6, "heading_weight": 1,
                     "repeat_decay": 1},
        "themes": {**{t: {} for t in THEME_IDS},
                   "cancervard": {"parts": {"cancer": 3}},
                   "pandemi": {"parts": {"pandemi": 3}}},
    })
    scorer = ThemeScorer(lexicon)
    # cancer 4 x 3 = 12, pandemi 2 x 3 = 6: 6 < 0.65 x 12 = 7.8, but 6 >= strong.
    text = "cancer cancer cancer cancer pandemi pandemi"
    assert [t.id for t in scorer.score(text)] == ["cancervard", "pandemi"]
    # pandemi 1 x 3 = 3: neither relative nor strong.
    assert [t.id for t in scorer.score("cancer cancer cancer cancer pandemi")] == [
        "cancervard"]


def test_ocr_repair_reads_arlig_as_arlig_annual_before_a_noun_and_honest_after_a_copula():
    # Seed 004: "ska en arlig aktivitetsplan knytas".
    repaired = normalize_text("ska en arlig aktivitetsplan knytas till planen", ocr=True).text
    assert repaired == "ska en årlig aktivitetsplan knytas till planen"
    repaired = normalize_text("Det ar viktigt att vara arlig mot medborgarna", ocr=True).text
    assert repaired == "Det är viktigt att vara ärlig mot medborgarna"


def test_every_entry_of_the_packaged_theme_lexicon_names_its_source():
    lexicon = load_theme_lexicon()
    assert {"labels", "guidelines", "seeds", "genre", "pages"} <= set(lexicon.sources)
    for theme in lexicon.themes:
        terms = [*theme.lemmas, *theme.parts, *theme.phrases, *theme.exclude]
        missing = [t for t in terms if t not in theme.term_sources]
        assert missing == [], theme.id
        assert all(c.source in lexicon.sources for c in theme.entities), theme.id
        assert set(theme.term_sources.values()) <= set(lexicon.sources)


def test_an_entry_naming_an_unknown_source_is_refused():
    from regionkit.tagging.themes import LexiconError

    with pytest.raises(LexiconError, match=r"'kö' names an unknown source 'blog'"):
        ThemeLexicon.from_dict({"sources": {"labels": "labels.md"},
                                "themes": {**{t: {} for t in THEME_IDS},
                                           "produktion_tillganglighet": {
                                               "lemmas": {"kö": [2, "blog"]}}}})
