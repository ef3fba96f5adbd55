"""The report analyses count quasi-sentences (measure "units") with the same interval machinery.

Hand-made tables: one document of Mellansverige (2020) with three content segments and a
document of Södra (2022) with one.

    a:0001 "Kunskapsstyrning stärks. Budget fastställs."  units 0-24, 25-43
           kunskapsstyrning given, evidence 0-16 (unit 1); ekonomi_avtal evidence 25-31 but not
           given (assigned False): unit 2 carries nothing
    a:0002 "Pandemin; vaccination."                        units 0-9, 10-22
           pandemi given, evidence 0-8 and 10-21: both units carry it
    a:0003 "Övrigt."                                       unit 0-7, no theme
    b:0001 "Pandemi och vaccin. Inget mer."                units 0-19, 20-30
           pandemi given, evidence 0-7: unit 1

By hand, Mellansverige: 5 units; kunskapsstyrning 1 (0.2), pandemi 2 (0.4), ekonomi_avtal 0.
Segments: kunskapsstyrning 1 of 3, pandemi 1 of 3. Södra: 2 units, pandemi 1 (0.5).
Difference Södra - Mellansverige in pandemi, units: 0.5 - 0.4 = 0.1.
"""

import dataclasses

import numpy as np
import pandas as pd
import pytest
from test_compare import make_tables

from regionkit import compare
from regionkit.analysis.params import ParameterError
from regionkit.schemas import TABLES, enforce_schema

UNITS = [("a:0001", 1, 0, 24), ("a:0001", 2, 25, 43), ("a:0002", 1, 0, 9),
         ("a:0002", 2, 10, 22), ("a:0003", 1, 0, 7), ("b:0001", 1, 0, 19),
         ("b:0001", 2, 20, 30)]


def _tables():
    tables = make_tables(
        docs=[("a", "mellansverige", "aterrapport", 2020, 2020),
              ("b", "sodra", "verksamhetsplan", 2022, 2022)],
        segs=[("a:0001", "a", "activity", "Kunskapsstyrning stärks. Budget fastställs.", 5, 0),
              ("a:0002", "a", "activity", "Pandemin; vaccination.", 2, 50),
              ("a:0003", "a", "paragraph", "Övrigt.", 1, 80),
              ("b:0001", "b", "section", "Pandemi och vaccin. Inget mer.", 5, 0)],
        themes=[("a:0001", "kunskapsstyrning", 3.0, "Kunskapsstyrning"),
                ("a:0002", "pandemi", 3.0, "Pandemin | vaccination"),
                ("b:0001", "pandemi", 3.0, "Pandemi")],
        evidence=[("a:0001", "kunskapsstyrning", 0, 16, "Kunskapsstyrning", True),
                  ("a:0001", "ekonomi_avtal", 25, 31, "Budget", False),
                  ("a:0002", "pandemi", 0, 8, "Pandemin", True),
                  ("a:0002", "pandemi", 10, 21, "vaccination", True),
                  ("b:0001", "pandemi", 0, 7, "Pandemi", True)],
    )
    start = dict(zip(tables.segments["segment_id"], tables.segments["char_start"], strict=True))
    units = pd.DataFrame([{"segment_id": s, "doc_id": s[0], "unit": u, "seg_start": a,
                           "seg_end": b, "char_start": start[s] + a, "char_end": start[s] + b,
                           "n_words": 1} for s, u, a, b in UNITS],
                         columns=TABLES["units"].column_names)
    return dataclasses.replace(tables, units=enforce_schema(units, TABLES["units"]))


THEMES = ["kunskapsstyrning", "pandemi", "ekonomi_avtal"]


def test_unit_shares_are_counted_by_hand():
    out = compare.theme_shares(_tables(), themes=THEMES, measure="units").set_index(
        ["sjukvardsregion", "theme"])
    ms = out.loc["mellansverige"]
    assert ms["n"].tolist() == [5, 5, 5] and ms["k"].tolist() == [1, 2, 0]
    assert ms["share"].tolist() == pytest.approx([0.2, 0.4, 0.0])
    assert (ms["measure"] == "units").all()
    # the segment columns stay what they were
    assert ms["n_segments"].tolist() == [3, 3, 3] and ms["n_tagged"].tolist() == [1, 1, 0]
    assert out.loc[("sodra", "pandemi"), ["n", "k"]].tolist() == [2, 1]


def test_segment_shares_keep_their_counts_in_n_and_k():
    out = compare.theme_shares(_tables(), themes=THEMES, measure="segments")
    ms = out[out["sjukvardsregion"] == "mellansverige"]
    assert ms["n"].tolist() == [3, 3, 3] and ms["k"].tolist() == [1, 1, 0]


def test_unit_intervals_have_exact_ends_and_cluster_in_segments():
    from regionkit.analysis.intervals import share_interval

    out = compare.theme_shares(_tables(), themes=THEMES, measure="units").set_index(
        ["sjukvardsregion", "theme"])
    zero = out.loc[("mellansverige", "ekonomi_avtal")]
    assert zero["ci_low"] == 0.0 and 0 < zero["ci_high"] < 1
    row = out.loc[("mellansverige", "pandemi")]
    lo, hi = (float(v) for v in share_interval(2, 5))
    # pandemi's two units are both in one segment: clustered, so no narrower than 2 of 5 alone
    assert row["ci_low"] <= lo and row["ci_high"] >= hi
    assert row["ci_low"] <= row["share"] <= row["ci_high"]


def test_difference_and_document_shares_take_units():
    t = _tables()
    segs = compare.select_segments(t)
    diff = compare.share_difference(t, segs[segs["doc_id"] == "a"], segs[segs["doc_id"] == "b"],
                                     themes=["pandemi"], measure="units")
    assert diff["difference"].tolist() == pytest.approx([0.1])
    assert diff["ci_low"].iloc[0] < 0.1 < diff["ci_high"].iloc[0]
    docs = compare.document_shares(t, themes=["pandemi"], measure="units")
    assert docs.set_index("doc_id")["k"].to_dict() == {"a": 2, "b": 1}
    years = compare.year_shares(t, themes=["pandemi"], measure="units", n_boot=0)
    assert years["n"].tolist() == [5, 2] and np.isnan(years["ci_low"]).all()


def test_units_are_refused_without_the_tables_they_need():
    t = dataclasses.replace(_tables(), units=TABLES["units"].empty())
    with pytest.raises(ParameterError, match="needs the units table.*regionkit build"):
        compare.theme_shares(t, measure="units")
    t = dataclasses.replace(_tables(), theme_evidence=TABLES["theme_evidence"].empty())
    with pytest.raises(ParameterError, match="needs the theme_evidence table"):
        compare.theme_shares(t, measure="units")


@pytest.mark.parametrize("measure", ["units", "segments", "words"])
def test_reports_and_regionkit_shares_give_the_same_intervals(measure):
    # The notebooks' theme_shares and `regionkit shares` (share_table) count the same elements
    # with the same clusters; for words both treat the words of one segment as clustered.
    from pathlib import Path

    from regionkit.analysis.share_table import share_table
    from regionkit.tables import load_tables

    tables = load_tables(Path(__file__).parent / "data" / "processed_small")
    a = compare.theme_shares(tables, measure=measure).set_index(["sjukvardsregion", "theme"])
    b = share_table(tables, measure=measure).set_index(["sjukvardsregion", "theme"])
    b = b.loc[a.index]
    assert a["n"].tolist() == b["n"].tolist() and a["k"].tolist() == b["k"].tolist()
    assert np.allclose(a["ci_low"], b["lo"]) and np.allclose(a["ci_high"], b["hi"])
