import pandas as pd

import regionkit as rk
from regionkit.schemas import TABLES
from regionkit.tables import Tables

TEXT_A = "RCC Syd och Region Skåne planerar cancervården."
TEXT_B = "Närvarande: Anna Andersson"


def _frame(name, rows):
    return pd.DataFrame(rows, columns=TABLES[name].column_names)


def _tables() -> Tables:
    documents = _frame("documents", [
        ["p", "p.txt", "sodra", "Södra regionvårdsnämnden", "verksamhetsplan", 2022, 2023, None,
         "Plan", "manifest", "txt", "utf-8", "0" * 64, 100, 7, 2, 1, 0, 0, False, ""],
    ])
    segments = _frame("segments", [
        ["p:0001", "p", 1, "activity", True, "Cancervård", 10, 10 + len(TEXT_A), TEXT_A, 7],
        ["p:0002", "p", 2, "attendees", False, "", 60, 60 + len(TEXT_B), TEXT_B, 3],
    ])
    mentions = _frame("entity_mentions", [
        ["p:0001", "p", 10, 17, "GROUP", "rcc-syd", "RCC Syd", 0, 7],
        ["p:0001", "p", 22, 34, "REGION", "skane", "Region Skåne", 12, 24],
    ])
    themes = _frame("segment_themes",
                    [["p:0001", "p", "cancervard", 1.0, "cancervården | RCC Syd"]])
    # "cancervården" stands at 34-46 of TEXT_A, "RCC Syd" at 0-7
    evidence = _frame("theme_evidence", [
        ["p:0001", "p", "cancervard", 44, 56, 34, 46, "cancervården", 2.0, "lemma", True],
        ["p:0001", "p", "cancervard", 10, 17, 0, 7, "RCC Syd", 1.0, "entity", True],
    ])
    return Tables(documents=documents, segments=segments, entity_mentions=mentions,
                  segment_themes=themes, theme_evidence=evidence,
                  repairs=TABLES["repairs"].empty(),
                  boilerplate=TABLES["boilerplate"].empty())


def test_find_segments_filters_by_region_year_theme_and_entity():
    t = _tables()
    assert rk.find_segments(t, sjukvardsregion="sodra")["segment_id"].tolist() == ["p:0001"]
    assert rk.find_segments(t, year=2023)["segment_id"].tolist() == ["p:0001"]
    assert rk.find_segments(t, year=2021).empty
    assert rk.find_segments(t, theme="cancervard")["segment_id"].tolist() == ["p:0001"]
    assert rk.find_segments(t, theme="pandemi").empty
    assert rk.find_segments(t, entity_id="skane")["segment_id"].tolist() == ["p:0001"]


def test_attendee_lists_are_left_out_unless_asked_for():
    t = _tables()
    assert "p:0002" not in rk.find_segments(t)["segment_id"].tolist()
    assert "p:0002" in rk.find_segments(t, content_only=False)["segment_id"].tolist()


def test_where_mentioned_says_who_mentions_an_entity():
    found = rk.where_mentioned(_tables(), "rcc-syd")
    assert found[["sjukvardsregion", "body", "text"]].to_numpy().tolist() == [
        ["sodra", "Södra regionvårdsnämnden", "RCC Syd"]]


def test_segment_html_shows_the_words_and_their_labels():
    out = rk.segment_html(_tables(), "p:0001")
    # displacy renders each word apart, with the labels of the spans that start there
    for word in ["RCC", "Syd", "Region", "Skåne", "cancervården."]:
        assert f"\n    {word}\n" in out
    for label in ["GROUP", "REGION", "evidence: Cancervård"]:
        assert label in out
