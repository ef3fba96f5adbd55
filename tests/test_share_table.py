"""The priority table of `regionkit shares`: counts, intervals, measures, corrected shares."""

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from regionkit.analysis.intervals import share_interval
from regionkit.analysis.share_table import share_table
from regionkit.cli import main
from regionkit.schemas import TABLES, enforce_schema
from regionkit.tables import Tables, load_tables

SMALL = Path(__file__).parent / "data" / "processed_small"


@dataclass(frozen=True)
class WithEvidence(Tables):
    theme_evidence: pd.DataFrame | None = None


def _tables():
    """One document 'd' in region 'r': three content segments and a heading.

    s1 'A om forskning. B om annat.' forskning (evidence in A); s2 'C. D. E om forskning.'
    forskning (evidence in E); s3 'F.' no theme. Units: s1 2, s2 3, s3 1 = 6 units, 2 with
    forskning; segments: 2 of 3; words: s1 6 + s2 5 of 6 + 5 + 1 = 11 of 12.
    """
    segs = [("d:0001", "heading", False, "Rubrik"),
            ("d:0002", "paragraph", True, "A om forskning. B om annat."),
            ("d:0003", "paragraph", True, "C. D. E om forskning."),
            ("d:0004", "paragraph", True, "F.")]
    frames = {
        "documents": [{"doc_id": "d", "file": "d.txt", "sjukvardsregion": "r", "body": "b",
                       "doc_type": "verksamhetsplan", "period_start": 2022, "period_end": 2023,
                       "date": None, "title": "t", "metadata_source": "manifest",
                       "format": "txt", "encoding": "utf-8", "sha256": "0", "n_chars": 1,
                       "n_words": 12, "n_segments": 4, "n_content_segments": 3,
                       "n_boilerplate": 0, "n_repairs": 0, "ocr_damaged": False,
                       "warnings": ""}],
        "segments": [{"segment_id": s, "doc_id": "d", "seq": i, "kind": k, "is_content": c,
                      "heading_path": "", "char_start": 0, "char_end": len(t), "text": t,
                      "n_words": len(t.split())} for i, (s, k, c, t) in enumerate(segs, 1)],
        "segment_themes": [{"segment_id": s, "doc_id": "d", "theme": "forskning",
                            "score": 3.0, "evidence": "forskning"} for s in ("d:0002", "d:0003")],
        "units": [{"segment_id": s, "doc_id": "d", "unit": u, "seg_start": a, "seg_end": b,
                   "char_start": a, "char_end": b, "n_words": 1}
                  for s, u, a, b in [("d:0002", 1, 0, 15), ("d:0002", 2, 16, 27),
                                     ("d:0003", 1, 0, 2), ("d:0003", 2, 3, 5),
                                     ("d:0003", 3, 6, 21), ("d:0004", 1, 0, 2)]],
    }
    tables = {name: enforce_schema(pd.DataFrame(frames.get(name, []),
                                                columns=schema.column_names), schema)
              for name, schema in TABLES.items()}
    evidence = pd.DataFrame({"segment_id": ["d:0002", "d:0003"], "theme": ["forskning"] * 2,
                             "seg_start": [5, 11], "seg_end": [14, 20], "assigned": [True] * 2})
    return WithEvidence(**tables, theme_evidence=evidence)


@pytest.mark.parametrize(("measure", "n", "k"), [("units", 6, 2), ("segments", 3, 2),
                                                 ("words", 12, 11)])
def test_counts_by_hand(measure, n, k):
    row = share_table(_tables(), ["sjukvardsregion"], measure=measure,
                      themes=["forskning"]).iloc[0]
    assert (row["n"], row["k"], row["measure"]) == (n, k, measure)
    assert row["share"] == pytest.approx(k / n)
    assert row["lo"] < k / n < row["hi"]


def test_segments_of_one_document_get_the_plain_unit_interval():
    row = share_table(_tables(), [], measure="segments", themes=["forskning"]).iloc[0]
    low, high = share_interval(2, 3)
    assert (row["lo"], row["hi"]) == (float(low), float(high))


def test_year_grouping_counts_a_plan_in_each_year():
    table = share_table(_tables(), ["year"], measure="segments", themes=["forskning"])
    assert table["year"].tolist() == [2022, 2023] and table["n"].tolist() == [3, 3]


def test_unknown_column_and_measure_are_named():
    with pytest.raises(ValueError, match="unknown column 'regio'"):
        share_table(_tables(), ["regio"])
    with pytest.raises(ValueError, match="unknown measure 'pages'"):
        share_table(_tables(), [], measure="pages")


def test_every_interval_monotone_with_exact_ends(tmp_path):
    # One segment per k: n = 20 segments of one document, k = 0..20 tagged.
    tables = _tables()
    previous = (-1.0, -1.0)
    for k in range(0, 21):
        ids = [f"d:{i:04d}" for i in range(2, 22)]
        segs = pd.DataFrame({"segment_id": ids, "doc_id": "d", "seq": range(2, 22),
                             "kind": "paragraph", "is_content": True, "heading_path": "",
                             "char_start": 0, "char_end": 1, "text": "x", "n_words": 1})
        themes = pd.DataFrame({"segment_id": ids[:k], "doc_id": "d", "theme": "forskning",
                               "score": 3.0, "evidence": "x"})
        t = WithEvidence(**{**dict(tables.items()),
                            "segments": enforce_schema(segs, TABLES["segments"]),
                            "segment_themes": enforce_schema(themes, TABLES["segment_themes"])})
        row = share_table(t, [], measure="segments", themes=["forskning"]).iloc[0]
        if k == 0:
            assert row["lo"] == 0.0
        if k == 20:
            assert row["hi"] == 1.0
        assert row["lo"] > previous[0] or k == 0
        assert row["hi"] > previous[1]
        previous = (row["lo"], row["hi"])


def test_shares_command_json_and_csv(tmp_path, capsys):
    assert main(["shares", "--processed", str(SMALL), "--by", "doc_id", "--measure",
                 "segments", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {"theme", "doc_id", "measure", "n", "k", "share", "lo", "hi", "share_corrected",
            "lo_corrected", "hi_corrected", "n_validation"} == set(rows[0])
    assert len(rows) == 5 * 15
    for row in rows:
        assert row["lo"] <= row["share"] <= row["hi"]
        assert (row["lo"] == 0) == (row["k"] == 0) and (row["hi"] == 1) == (row["k"] == row["n"])
    out = tmp_path / "s.csv"
    assert main(["shares", "--processed", str(SMALL), "--measure", "words", "--csv",
                 str(out)]) == 0
    assert len(pd.read_csv(out)) == 3 * 15


def test_corrected_shares_appear_with_validation_codes(tmp_path, capsys):
    processed = tmp_path / "p"
    shutil.copytree(SMALL, processed)
    sheet = tmp_path / "all.csv"
    main(["sample", "--n", "25", "--processed", str(processed), str(sheet)])
    frame = pd.read_csv(sheet, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame["coder"] = "anna"
    frame["pandemi"] = "1"
    frame.to_csv(sheet, index=False, encoding="utf-8-sig")
    main(["validate", str(sheet), "--processed", str(processed), "--validation",
          str(tmp_path / "v")])
    table = share_table(load_tables(processed), [], measure="segments", themes=["pandemi"])
    row = table.iloc[0]
    # Every content segment coded with pandemi: a census, so the corrected share is 1.
    assert (row["n_validation"], row["share_corrected"]) == (25, 1.0)
    assert row["lo_corrected"] == row["hi_corrected"] == 1.0
    assert np.isnan(share_table(load_tables(processed), [], measure="words",
                                themes=["pandemi"]).iloc[0]["share_corrected"])
