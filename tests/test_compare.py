"""Tests of regionkit.compare on small hand-made tables; expected values computed by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regionkit import compare
from regionkit.compare import ParameterError, ValidIds
from regionkit.schemas import TABLES, enforce_schema
from regionkit.tables import Tables

CONTENT = {"activity", "agenda_item", "decision", "section", "paragraph"}


def make_tables(docs, segs, themes=(), mentions=(), repairs=(), evidence=()):
    """Build schema-valid tables from the few columns a test cares about.

    docs: (doc_id, region, doc_type, period_start, period_end)
    segs: (segment_id, doc_id, kind, text, n_words, char_start)
    themes: (segment_id, theme, score, evidence)
    mentions: (segment_id, char_start, char_end, label, entity_id, text[, seg_start, seg_end]);
        without segment offsets, the raw offsets less the segment's start
    evidence: (segment_id, theme, seg_start, seg_end, text, assigned)
    repairs: (doc_id, char_start, char_end, kind, original, replacement)
    """
    doc_rows = [{
        "doc_id": d, "file": f"{d}.txt", "sjukvardsregion": r, "body": "Nämnden",
        "doc_type": t, "period_start": a, "period_end": b, "date": None, "title": f"Titel {d}",
        "metadata_source": "manifest", "format": "txt", "encoding": "utf-8", "sha256": "0" * 64,
        "n_chars": 0, "n_words": 0, "n_segments": 0, "n_content_segments": 0,
        "n_boilerplate": 0, "n_repairs": 0, "ocr_damaged": False, "warnings": "",
    } for d, r, t, a, b in docs]
    seg_rows = [{
        "segment_id": s, "doc_id": d, "seq": i + 1, "kind": k, "is_content": k in CONTENT,
        "heading_path": "", "char_start": start, "char_end": start + len(text), "text": text,
        "n_words": w,
    } for i, (s, d, k, text, w, start) in enumerate(segs)]
    doc_of = {s[0]: s[1] for s in segs}
    theme_rows = [{"segment_id": s, "doc_id": doc_of[s], "theme": t, "score": sc, "evidence": e}
                  for s, t, sc, e in themes]
    start_of = {s[0]: s[5] for s in segs}
    mention_rows = [{"segment_id": s, "doc_id": doc_of[s], "char_start": a, "char_end": b,
                     "label": lab, "entity_id": eid, "text": text,
                     "seg_start": rest[0] if rest else a - start_of[s],
                     "seg_end": rest[1] if rest else b - start_of[s]}
                    for s, a, b, lab, eid, text, *rest in mentions]
    evidence_rows = [{"segment_id": s, "doc_id": doc_of[s], "theme": t,
                      "char_start": start_of[s] + a, "char_end": start_of[s] + b,
                      "seg_start": a, "seg_end": b, "text": text, "weight": 1.0, "cue": "lemma",
                      "assigned": assigned} for s, t, a, b, text, assigned in evidence]
    repair_rows = [{"doc_id": d, "char_start": a, "char_end": b, "kind": k, "original": o,
                    "replacement": r} for d, a, b, k, o, r in repairs]
    frames = {
        "documents": doc_rows, "segments": seg_rows, "segment_themes": theme_rows,
        "entity_mentions": mention_rows, "repairs": repair_rows, "boilerplate": [],
        "theme_evidence": evidence_rows,
    }
    return Tables(**{name: enforce_schema(pd.DataFrame(frames.get(name, []),
                                                       columns=schema.column_names), schema)
                     for name, schema in TABLES.items()})


# Region "a": four content segments of 10, 10, 20 and 60 words, plus an attendee list tagged t1
# that must never count. Region "b": two content segments of 5 and 15 words.
# Shares by hand:
#   a, kunskapsstyrning: segments 2/4 = 0.5;  words (10 + 10) / 100 = 0.2
#   a, pandemi:          segments 2/4 = 0.5;  words (10 + 60) / 100 = 0.7
#   b, kunskapsstyrning: segments 1/2 = 0.5;  words 15 / 20 = 0.75
#   b, pandemi:          segments 0/2 = 0.0;  words 0
TWO_REGIONS = make_tables(
    docs=[("a1", "mellansverige", "aterrapport", 2020, 2020),
          ("b1", "sodra", "verksamhetsplan", 2022, 2023)],
    segs=[("a1:0001", "a1", "attendees", "Närvarande: Region Kalmar län", 5, 0),
          ("a1:0002", "a1", "activity", "kunskapsstyrning x", 10, 40),
          ("a1:0003", "a1", "activity", "kunskapsstyrning och pandemi", 10, 80),
          ("a1:0004", "a1", "paragraph", "övrigt", 20, 120),
          ("a1:0005", "a1", "activity", "pandemin", 60, 160),
          ("b1:0001", "b1", "section", "budget", 5, 0),
          ("b1:0002", "b1", "section", "vårdförlopp", 15, 20)],
    themes=[("a1:0001", "kunskapsstyrning", 3.0, "Region"),
            ("a1:0002", "kunskapsstyrning", 3.0, "kunskapsstyrning"),
            ("a1:0003", "kunskapsstyrning", 3.0, "kunskapsstyrning"),
            ("a1:0003", "pandemi", 3.0, "pandemi"),
            ("a1:0005", "pandemi", 3.0, "pandemin"),
            ("b1:0002", "kunskapsstyrning", 3.0, "vårdförlopp")],
)
THEMES = ["kunskapsstyrning", "pandemi"]

SHARE_CASES = [
    pytest.param("segments", {("mellansverige", "kunskapsstyrning"): 0.5,
                              ("mellansverige", "pandemi"): 0.5,
                              ("sodra", "kunskapsstyrning"): 0.5,
                              ("sodra", "pandemi"): 0.0}, id="segments"),
    pytest.param("words", {("mellansverige", "kunskapsstyrning"): 0.2,
                           ("mellansverige", "pandemi"): 0.7,
                           ("sodra", "kunskapsstyrning"): 0.75,
                           ("sodra", "pandemi"): 0.0}, id="words"),
]


@pytest.mark.parametrize(("measure", "expected"), SHARE_CASES)
def test_theme_shares_match_hand_computed_shares(measure, expected):
    shares = compare.theme_shares(TWO_REGIONS, themes=THEMES, measure=measure, n_boot=200)
    got = {(r, t): s for r, t, s in zip(shares["sjukvardsregion"], shares["theme"],
                                         shares["share"], strict=True)}
    assert got == pytest.approx(expected)


def test_theme_shares_never_count_attendee_lists():
    shares = compare.theme_shares(TWO_REGIONS, themes=THEMES, n_boot=0)
    a = shares[shares["sjukvardsregion"] == "mellansverige"].set_index("theme")
    # Five segments in document a1, but the attendee list is not content: 4 counted, and its
    # kunskapsstyrning tag does not raise the count above the two content segments.
    assert a.loc["kunskapsstyrning", "n_segments"] == 4
    assert a.loc["kunskapsstyrning", "n_tagged"] == 2
    assert a.loc["kunskapsstyrning", "n_words"] == 100


def test_theme_shares_by_year_count_a_two_year_plan_in_both_years():
    shares = compare.theme_shares(TWO_REGIONS, by=("sjukvardsregion", "year"),
                                  themes=["kunskapsstyrning"], n_boot=0)
    sodra = shares[shares["sjukvardsregion"] == "sodra"]
    assert sodra["year"].tolist() == [2022, 2023]
    assert sodra["share"].tolist() == [0.5, 0.5]


@pytest.mark.parametrize(("period", "regions"), [
    pytest.param([2020, 2021], ["mellansverige"], id="only-2020-document"),
    pytest.param([2023, 2030], ["sodra"], id="plan-overlaps-2023"),
    pytest.param([2019, 2024], ["mellansverige", "sodra"], id="both"),
])
def test_period_keeps_documents_whose_period_overlaps(period, regions):
    shares = compare.theme_shares(TWO_REGIONS, themes=THEMES, period=period, n_boot=0)
    assert sorted(set(shares["sjukvardsregion"])) == regions


def test_bootstrap_interval_is_the_same_with_the_same_seed():
    one = compare.theme_shares(TWO_REGIONS, themes=THEMES, n_boot=300, seed=7)
    two = compare.theme_shares(TWO_REGIONS, themes=THEMES, n_boot=300, seed=7)
    pd.testing.assert_frame_equal(one, two)


def test_a_regions_interval_does_not_move_when_another_region_is_left_out():
    both = compare.theme_shares(TWO_REGIONS, themes=THEMES, n_boot=300, seed=3)
    alone = compare.theme_shares(TWO_REGIONS, themes=THEMES, regions=["mellansverige"],
                                 n_boot=300, seed=3)
    a = both[both["sjukvardsregion"] == "mellansverige"].reset_index(drop=True)
    pd.testing.assert_frame_equal(a, alone)


def test_no_tagged_segment_gives_the_exact_upper_bound_not_zero_to_zero():
    # sodra has 0 of 2 segments tagged pandemi (one document): Wilson upper bound
    # z^2 / (n + z^2) = 3.841459 / 5.841459 = 0.657620.
    shares = compare.theme_shares(TWO_REGIONS, themes=["pandemi"], regions=["sodra"],
                                  n_boot=200)
    row = shares.iloc[0]
    assert row["ci_low"] == 0.0
    assert row["ci_high"] == pytest.approx(3.841459 / 5.841459, abs=1e-6)


def test_every_segment_tagged_gives_the_exact_lower_bound():
    low, high = compare.exact_bounds_if_degenerate(
        np.array([4]), 4, np.array([1.0]), np.array([1.0]))
    assert low[0] == pytest.approx(0.025 ** 0.25)  # 0.3976
    assert high[0] == 1.0


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    flags=st.lists(st.tuples(st.booleans(), st.integers(min_value=1, max_value=400)),
                   min_size=1, max_size=40),
    measure=st.sampled_from(["segments", "words"]),
    seed=st.integers(min_value=0, max_value=2**16),
)
def test_point_estimate_lies_in_its_interval(flags, measure, seed):
    segs = [(f"d:{i:04d}", "d", "activity", "text", w, i * 10) for i, (_, w) in enumerate(flags)]
    themes = [(f"d:{i:04d}", "pandemi", 3.0, "x") for i, (t, _) in enumerate(flags) if t]
    tables = make_tables([("d", "sodra", "protokoll", 2024, 2024)], segs, themes)
    row = compare.theme_shares(tables, themes=["pandemi"], measure=measure, n_boot=200,
                               seed=seed).iloc[0]
    assert row["ci_low"] - 1e-12 <= row["share"] <= row["ci_high"] + 1e-12


# Log-likelihood G2 by hand (Rayson & Garside 2000):
#   a=10 of c=1000 vs b=5 of d=2000: E1 = 1000*15/3000 = 5, E2 = 10;
#       G2 = 2 (10 ln 2 + 5 ln 0.5) = 10 ln 2 = 6.931472; log ratio = log2(0.01 / 0.0025) = 2
#   a=0 of 100 vs b=10 of 100: E2 = 5; G2 = 2 * 10 ln 2 = 13.862944;
#       log ratio (0 -> 0.5) = log2(0.005 / 0.1) = -4.321928
#   a=5 of 100 vs b=10 of 200: same rate, G2 = 0, log ratio 0
G2_CASES = [
    pytest.param(10, 5, 1000, 2000, 6.931472, 2.0, id="overused"),
    pytest.param(0, 10, 100, 100, 13.862944, -4.321928, id="absent-in-target"),
    pytest.param(5, 10, 100, 200, 0.0, 0.0, id="same-rate"),
]


@pytest.mark.parametrize(("a", "b", "c", "d", "g2", "lr"), G2_CASES)
def test_log_likelihood_and_log_ratio_match_hand_computation(a, b, c, d, g2, lr):
    assert compare.log_likelihood(np.array([a]), np.array([b]), c, d)[0] == pytest.approx(g2)
    assert compare.log_ratio(np.array([a]), np.array([b]), c, d)[0] == pytest.approx(lr, abs=1e-6)


# Region "mellansverige" says vårdplatser three times and kompetens once (4 lemmas after stop
# words); "sodra" says kompetens three times (3 lemmas). vårdplats: a=3, b=0, c=4, d=3,
# E1 = 4*3/7, G2 = 2 * 3 ln(3 / (12/7)) = 6 ln(7/4) = 3.357695. kompetens is relatively rarer in
# mellansverige (1/4 < 3/3), so it is not a distinctive term of it.
KEYNESS_TABLES = make_tables(
    docs=[("m", "mellansverige", "aterrapport", 2024, 2024),
          ("s", "sodra", "verksamhetsplan", 2024, 2024)],
    segs=[("m:0001", "m", "activity", "Vårdplatser och vårdplatser, vårdplatser och kompetens.",
           6, 0),
          ("m:0002", "m", "activity", "Region Kalmar län", 3, 100),
          ("s:0001", "s", "section", "Kompetens, kompetens och kompetens.", 4, 0)],
    mentions=[("m:0002", 100, 117, "REGION", "kalmar", "Region Kalmar län")],
)


def test_keyness_ranks_the_targets_overused_lemma_with_hand_computed_g2():
    kw = compare.keyness(KEYNESS_TABLES, "mellansverige", min_count=1)
    assert kw["term"].tolist() == ["vårdplats"]
    row = kw.iloc[0]
    assert (row["count_target"], row["count_rest"]) == (3, 0)
    assert row["g2"] == pytest.approx(6 * math.log(7 / 4))
    assert row["p_value"] == pytest.approx(math.erfc(math.sqrt(row["g2"] / 2)))


def test_keyness_leaves_out_words_of_region_names_unless_asked():
    kept = compare.keyness(KEYNESS_TABLES, "mellansverige", min_count=1,
                           drop_place_names=False)
    # "Region Kalmar" is two capitalised words in a row: a name, left out in any case
    # (keyness_filters.yaml); "län" is left out only as a word of a tagged region name.
    assert "län" in set(kept["term"])
    assert not {"kalmar", "region"} & set(kept["term"])
    dropped = compare.keyness(KEYNESS_TABLES, "mellansverige", min_count=1)
    assert not {"kalmar", "region", "län"} & set(dropped["term"])


def test_keyness_of_an_absent_region_names_the_regions_present():
    with pytest.raises(ParameterError, match="present: mellansverige, sodra"):
        compare.keyness(KEYNESS_TABLES, "norra")


@pytest.mark.parametrize(("text", "expected"), [
    ("Vårdplatserna och nämnden", ["vårdplats", "nämnd"]),
    ("covid-19 2024", ["covid"]),
    ("och i på", []),
])
def test_lemmas_drop_stop_words_and_digits(text, expected):
    assert compare.lemmas(text) == expected


# Entity "grp" appears twice in content segment x:0001 (themes t: kunskapsstyrning) and once in
# x:0002 (kunskapsstyrning, pandemi); once in the attendee list x:0003, which is not counted.
MENTION_TABLES = make_tables(
    docs=[("x", "sydostra", "protokoll", 2024, 2024)],
    segs=[("x:0001", "x", "agenda_item", "Gruppen och Gruppen", 3, 0),
          ("x:0002", "x", "agenda_item", "Gruppen om pandemin", 3, 30),
          ("x:0003", "x", "attendees", "Gruppen", 1, 60)],
    themes=[("x:0001", "kunskapsstyrning", 3.0, "x"), ("x:0002", "kunskapsstyrning", 3.0, "x"),
            ("x:0002", "pandemi", 3.0, "pandemin"), ("x:0003", "pandemi", 3.0, "x")],
    mentions=[("x:0001", 0, 7, "GROUP", "grp", "Gruppen"),
              ("x:0001", 12, 19, "GROUP", "grp", "Gruppen"),
              ("x:0002", 30, 37, "GROUP", "grp", "Gruppen"),
              ("x:0003", 60, 67, "GROUP", "grp", "Gruppen")],
)


def test_comentions_count_segments_once_and_skip_attendee_lists():
    co = compare.comentions(MENTION_TABLES)
    got = dict(zip(co["theme"], co["n_segments"], strict=True))
    assert got == {"kunskapsstyrning": 2, "pandemi": 1}


def test_entity_counts_count_mentions_segments_and_documents_in_content_only():
    counts = compare.entity_counts(MENTION_TABLES)
    row = counts.iloc[0]
    assert (row["n_mentions"], row["n_segments"], row["n_documents"]) == (3, 2, 1)
    assert row["name"] == "Gruppen"


def test_spans_are_read_from_the_stored_segment_offsets_not_from_repairs_or_search():
    # Raw "Kompetens-\nförsörjning och NPO Akut vård" (segment at raw offset 100); the build
    # joined the hyphenated word and stored the mention at 29-38 of the segment text, which
    # the raw offsets (131-140, i.e. 31-40 into the segment) would miss by two. The repairs
    # table is left empty: nothing is replayed, and a second "Akut vård" is not searched for.
    text = "Kompetensförsörjning och NPO Akut vård"
    tables = make_tables(
        docs=[("o", "mellansverige", "aterrapport", 2024, 2024)],
        segs=[("o:0001", "o", "activity", text, 5, 100)],
        themes=[("o:0001", "kompetensforsorjning", 6.0, "Kompetensförsörjning")],
        mentions=[("o:0001", 131, 140, "NPO", "akut-vard", "Akut vård", 29, 38)],
        evidence=[("o:0001", "kompetensforsorjning", 0, 20, "Kompetensförsörjning", True),
                  ("o:0001", "kompetensforsorjning", 0, 9, "Kompetens", True),
                  ("o:0001", "pandemi", 25, 28, "NPO", False)],
    )
    assert compare.segment_spans(tables, "o:0001") == [
        {"start": 0, "end": 20, "label": "kompetensforsorjning", "kind": "evidence"},
        {"start": 29, "end": 38, "label": "NPO", "kind": "entity"},
    ]
    assert text[29:38] == "Akut vård"


def test_evidence_of_one_theme_only_when_asked_and_none_without_stored_rows():
    tables = make_tables(
        docs=[("o", "sodra", "protokoll", 2024, 2024)],
        segs=[("o:0001", "o", "agenda_item", "Pandemi och cancer", 3, 0)],
        themes=[("o:0001", "pandemi", 3.0, "Pandemi"), ("o:0001", "cancervard", 3.0, "cancer")],
        evidence=[("o:0001", "pandemi", 0, 7, "Pandemi", True),
                  ("o:0001", "cancervard", 12, 18, "cancer", True)],
    )
    assert compare.segment_spans(tables, "o:0001", theme="cancervard") == [
        {"start": 12, "end": 18, "label": "cancervard", "kind": "evidence"}]
    # The evidence words of segment_themes are not searched for in the text.
    bare = make_tables(docs=[("o", "sodra", "protokoll", 2024, 2024)],
                       segs=[("o:0001", "o", "agenda_item", "Pandemi och cancer", 3, 0)],
                       themes=[("o:0001", "pandemi", 3.0, "Pandemi")])
    assert compare.segment_spans(bare, "o:0001") == []


VALID = ValidIds(regions=("mellansverige", "sodra", "sydostra"), years=(2020, 2024))

BAD_PARAMETERS = [
    pytest.param({"sjukvardsregion": "sodr"}, "unknown region 'sodr'; valid .*sodra, sydostra",
                 id="region-typo"),
    pytest.param({"sjukvardsregion": "norra"}, "unknown region 'norra'", id="region-no-data"),
    pytest.param({"regions": ["sodra", "vast"]}, "unknown region 'vast'", id="regions-list"),
    pytest.param({"regions": "sodra"}, "expected a list", id="regions-not-list"),
    pytest.param({"themes": ["pandemin"]}, "unknown theme 'pandemin'; valid: kunskapsstyrning",
                 id="theme-typo"),
    pytest.param({"period": [2024, 2020]}, "period", id="period-reversed"),
    pytest.param({"period": [2010, 2012]}, "covers 2020–2024", id="period-no-data"),
    pytest.param({"measure": "tokens"}, "valid: units, segments, words", id="measure"),
    pytest.param({"n_boot": -1}, "non-negative integer", id="negative-n-boot"),
    pytest.param({"seed": "0"}, "non-negative integer", id="seed-string"),
]


@pytest.mark.parametrize(("params", "message"), BAD_PARAMETERS)
def test_validate_parameters_names_the_value_and_the_valid_ones(params, message):
    with pytest.raises(ParameterError, match=message):
        compare.validate_parameters(params, VALID)


def test_validate_parameters_leaves_valid_values_unchanged():
    params = {"sjukvardsregion": "sodra", "regions": [], "themes": ["pandemi"],
              "period": [2020, 2024], "measure": "words", "n_boot": 0, "other": "kept"}
    assert compare.validate_parameters(params, VALID) == params


def test_valid_ids_come_from_the_data():
    valid = compare.valid_ids(TWO_REGIONS)
    assert valid.regions == ("mellansverige", "sodra")
    assert valid.years == (2020, 2023)


def test_one_document_region_gets_a_statement_and_no_trend():
    docs = compare.document_shares(TWO_REGIONS, themes=THEMES, n_boot=0)
    per_region = compare.documents_per_region(docs, name=str.upper).set_index("sjukvardsregion")
    assert not per_region.loc["sodra", "can_draw_trend"]
    assert per_region.loc["sodra", "statement"].startswith("SODRA has one document")
    assert "2022–2023" in per_region.loc["sodra", "statement"]


PLAN_TABLES = make_tables(
    docs=[("plan", "sodra", "verksamhetsplan", 2022, 2023),
          ("follow", "sodra", "aterrapport", 2023, 2023),
          ("old", "sodra", "aterrapport", 2019, 2019)],
    segs=[("plan:0001", "plan", "section", "a", 1, 0), ("follow:0001", "follow", "activity",
                                                         "b", 1, 0),
          ("old:0001", "old", "activity", "c", 1, 0)],
    themes=[("plan:0001", "pandemi", 3.0, "a")],
)


def test_plans_pair_with_follow_up_reports_of_overlapping_years_only():
    docs = compare.document_shares(PLAN_TABLES, themes=["pandemi"], n_boot=0)
    pairs = compare.plan_vs_followup(docs)
    assert pairs[["plan_doc", "followup_doc", "overlap_years"]].to_numpy().tolist() == [
        ["plan", "follow", "2023"]]
    assert (pairs["plan_share"].iloc[0], pairs["followup_share"].iloc[0]) == (1.0, 0.0)


def test_first_last_change_compares_the_earliest_and_latest_document():
    change = compare.first_last_change(PLAN_TABLES, themes=["pandemi"], n_boot=200)
    row = change.iloc[0]
    assert (row["first_doc"], row["last_doc"]) == ("old", "follow")
    assert row["difference"] == 0.0
    assert row["ci_low"] <= 0.0 <= row["ci_high"]
    assert not row["exceeds_uncertainty"]


def test_region_with_one_document_has_no_first_last_change():
    change = compare.first_last_change(TWO_REGIONS, themes=THEMES, n_boot=0)
    assert change.empty


def test_share_difference_exceeds_uncertainty_only_when_the_interval_excludes_zero():
    # 0 of 30 against 30 of 30 segments. Newcombe (1998) method 10: Wilson u_a = z^2 / (30 +
    # z^2) = 3.841459 / 33.841459 = 0.113514, l_b = 1 - u_a; low = 1 - sqrt(2) * 0.113514 =
    # 0.839467, high = 1.
    segs = [(f"p:{i:04d}", "p", "activity", "x", 1, i) for i in range(30)]
    segs += [(f"q:{i:04d}", "q", "activity", "x", 1, i) for i in range(30)]
    themes = [(f"q:{i:04d}", "pandemi", 3.0, "x") for i in range(30)]
    tables = make_tables([("p", "sodra", "aterrapport", 2020, 2020),
                          ("q", "sodra", "aterrapport", 2024, 2024)], segs, themes)
    segments = compare.select_segments(tables)
    diff = compare.share_difference(tables, segments[segments["doc_id"] == "p"],
                                    segments[segments["doc_id"] == "q"], themes=["pandemi"],
                                    n_boot=200).iloc[0]
    assert diff["difference"] == 1.0
    assert diff["ci_low"] == pytest.approx(1 - math.sqrt(2) * 3.841459 / 33.841459, abs=1e-6)
    assert diff["ci_high"] == 1.0
    assert diff["exceeds_uncertainty"]


def test_no_difference_between_two_untagged_selections_is_not_certain():
    # 0 of 4 against 0 of 4: Newcombe's interval is [-u, u] with Wilson's u = 3.841459 /
    # 7.841459 = 0.489891.
    segs = [(f"{d}:{i:04d}", d, "activity", "x", 1, i) for d in ("p", "q") for i in range(4)]
    tables = make_tables([("p", "sodra", "aterrapport", 2020, 2020),
                          ("q", "sodra", "aterrapport", 2024, 2024)], segs)
    segments = compare.select_segments(tables)
    diff = compare.share_difference(tables, segments[segments["doc_id"] == "p"],
                                    segments[segments["doc_id"] == "q"], themes=["pandemi"],
                                    n_boot=100).iloc[0]
    bound = 3.841459 / 7.841459
    assert (diff["ci_low"], diff["ci_high"]) == pytest.approx((-bound, bound), abs=1e-6)
    assert not diff["exceeds_uncertainty"]


def test_distinctive_themes_flag_themes_only_one_region_has():
    shares = compare.theme_shares(TWO_REGIONS, themes=THEMES, n_boot=200)
    # pandemi: 2 tagged segments in mellansverige, none in sodra.
    themes = compare.distinctive_themes(shares, "mellansverige", min_only=2).set_index("theme")
    assert themes.loc["pandemi", "only_target"]
    assert not themes.loc["kunskapsstyrning", "only_target"]


def test_only_here_needs_the_stated_minimum_of_tagged_segments():
    shares = compare.theme_shares(TWO_REGIONS, themes=THEMES, n_boot=0)
    # Two tagged segments are under the default minimum of 5 (and under 3): not "only here".
    assert compare.MIN_ONLY_HERE == 5
    for min_only in (3, compare.MIN_ONLY_HERE):
        themes = compare.distinctive_themes(shares, "mellansverige", min_only=min_only)
        assert not themes.set_index("theme").loc["pandemi", "only_target"]
    diff = compare.region_differences(TWO_REGIONS, shares, regions=["mellansverige", "sodra"],
                                      n_terms=0)
    assert "theme_only" not in set(diff["kind"])


def test_hosted_npo_reads_the_host_field_of_the_npo_lexicon():
    # reference-facts.md: Akut vård is hosted by Sjukvårdsregion Mellansverige.
    hosted = compare.hosted_npo("mellansverige")
    assert "akut-vard" in set(hosted["entity_id"])
    assert "akut-vard" not in set(compare.hosted_npo("sodra")["entity_id"])


def test_repairs_summary_shows_whitespace_visibly():
    tables = make_tables(
        docs=[("o", "sodra", "protokoll", 2024, 2024)],
        segs=[("o:0001", "o", "activity", "x", 1, 0)],
        repairs=[("o", 0, 1, "unwrap", "\n", " "), ("o", 5, 6, "bullet", " ", "")],
    )
    summary = compare.repairs_summary(tables).set_index("kind")
    assert summary.loc["unwrap", "examples"] == "⏎ → ␣"
    assert summary.loc["bullet", "examples"] == "␣ → ∅"


def test_region_differences_cap_the_actors_and_count_the_rest():
    tables = make_tables(
        docs=[("m", "mellansverige", "aterrapport", 2024, 2024),
              ("s", "sodra", "verksamhetsplan", 2024, 2024)],
        segs=[("m:0001", "m", "activity", "Inera och Socialstyrelsen", 3, 0),
              ("m:0002", "m", "activity", "Inera", 1, 50),
              ("s:0001", "s", "section", "Socialstyrelsen", 1, 0)],
        mentions=[("m:0001", 0, 5, "ORG", "inera", "Inera"),
                  ("m:0001", 9, 24, "ORG", "socialstyrelsen", "Socialstyrelsen"),
                  ("m:0002", 50, 55, "ORG", "inera", "Inera"),
                  ("s:0001", 0, 15, "ORG", "socialstyrelsen", "Socialstyrelsen")],
    )
    shares = compare.theme_shares(tables, themes=["pandemi"], n_boot=0)
    diff = compare.region_differences(tables, shares, regions=["mellansverige", "sodra"],
                                      n_entities=1, n_terms=0)
    actors = diff[diff["kind"] == "entity_only"]
    # Socialstyrelsen is named by both regions, so only Inera is Mellansverige's own.
    assert actors["item"].tolist() == ["ORG: Inera"]
    assert actors["detail"].tolist() == ["2 segment(s)"]
    assert "term" not in set(diff["kind"])


def test_keyness_top_zero_gives_no_terms():
    assert compare.keyness(KEYNESS_TABLES, "mellansverige", min_count=1, top=0).empty
