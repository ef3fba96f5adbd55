"""Series: trend lines, first-last changes and plan/follow-up pairs stay within one body and type.

Expected values are read off data/raw/manifest.csv by hand: Mellansverige has Samverkansnämnden's
återrapporter of 2020 and 2024 (one series) and Produktionsplaneringsgruppen's
verksamhetsberättelse 2021-2022 (a series of one); Södra and Sydöstra have one document each.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_compare import make_tables

from regionkit import compare
from regionkit.build import build_corpus
from regionkit.report import figures

ROOT = Path(__file__).resolve().parent.parent
SND = "mellansverige|Samverkansnämnden|aterrapport"
SND_2020, SND_2024 = "mellansverige-snd-aterrapport-2020", "mellansverige-snd-aterrapport-2024"
PPG = "mellansverige-ppg-verksamhetsberattelse-2021-2022"


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    out = tmp_path_factory.mktemp("processed")
    return build_corpus(ROOT / "data" / "raw", out, use_cache=False).tables


@pytest.fixture(scope="module")
def seed_shares(seeds):
    return compare.document_shares(seeds, n_boot=0)


def test_seed_trend_lines_join_only_samverkansnamndens_reports(seed_shares):
    assert compare.trend_lines(seed_shares) == [(SND, [SND_2020, SND_2024])]


def test_seed_series_of_one_document_get_a_sentence(seed_shares):
    overview = compare.series_overview(seed_shares).set_index("series")
    assert overview.loc[SND, "n_documents"] == 2 and overview.loc[SND, "can_draw_trend"]
    singles = overview[~overview["can_draw_trend"]]
    assert sorted(singles["documents"]) == sorted([
        PPG, "sodra-rvn-verksamhetsplan-2022-2023", "sydostra-rsl-2024-09-12"])
    assert all("has one document in the data" in s for s in singles["statement"])
    assert overview.loc[SND, "statement"] == ""


def test_seed_figure_draws_no_line_to_another_body(seed_shares):
    fig = figures.plot_shares_over_time(seed_shares, themes=list(compare.THEME_IDS),
                                        title="t", source="s", note="n")
    lines = [line for ax in fig.axes for line in ax.lines
             if (line.get_gid() or "").startswith("series:")]
    assert lines, "the Samverkansnämnden series should have its line"
    assert {line.get_gid() for line in lines} == {f"series:{SND}"}
    # Two points each, at the middles of 2020 and 2024 (plus the region's small offset);
    # Produktionsplaneringsgruppen's 2021-2022 report (middle 2021.5) is on no line.
    for line in lines:
        xs = [round(float(x)) for x in line.get_xdata()]
        assert xs == [2020, 2024]
    points = {line.get_gid() for ax in fig.axes for line in ax.lines
              if (line.get_gid() or "").startswith("doc:")}
    assert f"doc:{PPG}" in points


def test_seed_first_last_change_is_within_the_series(seeds):
    change = compare.first_last_change(seeds, themes=["pandemi"], n_boot=0)
    assert change[["series", "first_doc", "last_doc"]].to_numpy().tolist() == [
        [SND, SND_2020, SND_2024]]


# Region "sodra": body A's plan 2023 and follow-up 2023, body B's follow-up 2023 and 2024.
BODIES = make_tables(
    docs=[("a-plan", "sodra", "verksamhetsplan", 2023, 2023),
          ("a-follow", "sodra", "aterrapport", 2023, 2023),
          ("b-2023", "sodra", "aterrapport", 2023, 2023),
          ("b-2024", "sodra", "aterrapport", 2024, 2024)],
    segs=[("a-plan:0001", "a-plan", "section", "x", 10, 0),
          ("a-plan:0002", "a-plan", "section", "y", 10, 10),
          ("a-follow:0001", "a-follow", "activity", "x", 2, 0),
          ("a-follow:0002", "a-follow", "activity", "x", 2, 10),
          ("a-follow:0003", "a-follow", "activity", "x", 2, 20),
          ("b-2023:0001", "b-2023", "activity", "x", 2, 0),
          ("b-2024:0001", "b-2024", "activity", "x", 2, 0)],
    themes=[("a-plan:0001", "pandemi", 3.0, "x"), ("a-follow:0001", "pandemi", 3.0, "x")],
)
BODIES.documents["body"] = ["Nämnd A", "Nämnd A", "Grupp B", "Grupp B"]


def test_a_plan_is_paired_with_its_own_bodys_follow_up_only():
    docs = compare.document_shares(BODIES, themes=["pandemi"], n_boot=0)
    pairs = compare.plan_vs_followup(docs)
    assert pairs[["body", "plan_doc", "followup_doc"]].to_numpy().tolist() == [
        ["Nämnd A", "a-plan", "a-follow"]]
    assert (pairs["plan_share"].iloc[0], pairs["followup_share"].iloc[0]) == (0.5, 1 / 3)


def test_lines_and_changes_never_join_a_plan_and_a_follow_up_or_two_bodies():
    docs = compare.document_shares(BODIES, themes=["pandemi"], n_boot=0)
    assert compare.trend_lines(docs) == [("sodra|Grupp B|aterrapport", ["b-2023", "b-2024"])]
    change = compare.first_last_change(BODIES, themes=["pandemi"], n_boot=0)
    assert change[["first_doc", "last_doc"]].to_numpy().tolist() == [["b-2023", "b-2024"]]


def test_year_shares_keep_series_apart_unless_pooling_is_chosen():
    apart = compare.year_shares(BODIES, themes=["pandemi"], n_boot=0)
    y2023 = apart[apart["year"] == 2023].set_index("series")
    # 2023: plan A 1 of 2, follow-up A 1 of 3, B 0 of 1, each on its own.
    assert y2023.loc["sodra|Nämnd A|verksamhetsplan", "share"] == 0.5
    assert y2023.loc["sodra|Nämnd A|aterrapport", "share"] == pytest.approx(1 / 3)
    assert y2023.loc["sodra|Grupp B|aterrapport", "share"] == 0.0
    pooled = compare.year_shares(BODIES, themes=["pandemi"], n_boot=0, pool_bodies=True)
    # Pooled 2023: 2 of 6 segments.
    assert pooled.set_index("year").loc[2023, "share"] == pytest.approx(2 / 6)
    mixed = compare.pooled_documents(docs := compare.document_shares(BODIES, n_boot=0))
    assert mixed[["year", "n_series"]].to_numpy().tolist() == [[2023, 3]]
    assert set(mixed["documents"].iloc[0].split(", ")) == set(docs["doc_id"]) - {"b-2024"}


def test_units_that_differ_are_warned_about():
    warnings = compare.unit_warnings(BODIES, [("a-plan", "a-follow"), ("b-2023", "b-2024")])
    assert warnings == [
        "Units differ: a-plan is all sections (§ or numbered) (2 segments), a-follow is all "
        "list items (3 segments); a share of segments weighs a short list item like a long "
        "section, so part of any difference between them is layout, not priority."]


def test_a_document_without_a_body_is_a_series_of_its_own():
    tables = make_tables(docs=[("p", "norra", "aterrapport", 2020, 2020),
                               ("q", "norra", "aterrapport", 2021, 2021)],
                         segs=[("p:0001", "p", "activity", "x", 1, 0),
                               ("q:0001", "q", "activity", "x", 1, 0)])
    tables.documents["body"] = [None, None]
    docs = compare.document_shares(tables, themes=["pandemi"], n_boot=0)
    assert compare.trend_lines(docs) == []
    assert compare.plan_vs_followup(docs).empty
