"""An .xlsx of every table, written with the build: text as text, numbers as numbers, a cell
over Excel's 32,767-character limit cut with a marker (the CSV and Parquet keep it whole).

Before, there was no spreadsheet file: Swedish-locale Excel opens a comma CSV in one column.
"""

import shutil
import subprocess

import pandas as pd
import pytest
from build_helpers import MANIFEST_HEADER, PLAN_TEXT, no_tags

from regionkit.build import build_corpus
from regionkit.fragments import TRUNCATED_MARKER, XLSX_MAX_CHARS
from regionkit.schemas import TABLES

openpyxl = pytest.importorskip("openpyxl")
LONG = "Långt stycke om kompetensförsörjning och vårdplatser utan radbrytning. " * 700
# A title over Excel's cell limit (segments are cut shorter by the segmenter).
LONG_TITLE = "Lång titel om vårdplatser " * 1600


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("xlsx")
    raw = root / "raw"
    raw.mkdir()
    (raw / "plan.txt").write_text(PLAN_TEXT, encoding="utf-8")
    (raw / "long.txt").write_text("Verksamhetsberättelse 2024\n\n" + LONG + "\n",
                                  encoding="utf-8")
    (raw / "manifest.csv").write_text(
        MANIFEST_HEADER + "plan,plan.txt,sodra,Södra,verksamhetsplan,2023,2023,,Plan\n"
        f"long,long.txt,norra,Norra,verksamhetsberattelse,2024,,,{LONG_TITLE}\n",
        encoding="utf-8")
    out = root / "out"
    assert build_corpus(raw, out, tag_many=no_tags, n_process=1).ok
    return out


def _sheet(path):
    # data_only: LibreOffice saves TRUE/FALSE as a formula with its value; read the value.
    ws = openpyxl.load_workbook(path, read_only=True, data_only=True).worksheets[0]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    return rows[0], rows[1:]


def _expected(frame: pd.DataFrame) -> list[list]:
    rows = frame.astype(object).where(frame.notna(), None).to_numpy().tolist()
    return [[v[:XLSX_MAX_CHARS - len(TRUNCATED_MARKER)] + TRUNCATED_MARKER
             if isinstance(v, str) and len(v) > XLSX_MAX_CHARS else v for v in row]
            for row in rows]


@pytest.mark.parametrize("name", list(TABLES))
def test_every_table_has_an_xlsx_equal_to_its_parquet(built, name):
    header, rows = _sheet(built / f"{name}.xlsx")
    assert header == TABLES[name].column_names
    assert rows == _expected(pd.read_parquet(built / f"{name}.parquet"))


def test_a_cell_over_the_limit_is_cut_with_a_marker(built):
    header, rows = _sheet(built / "documents.xlsx")
    titles = [r[header.index("title")] for r in rows]
    long = [t for t in titles if t.endswith(TRUNCATED_MARKER)]
    assert len(long) == 1
    assert len(long[0]) == XLSX_MAX_CHARS
    assert long[0].startswith("Lång titel om vårdplatser Lång titel")
    full = pd.read_parquet(built / "documents.parquet")["title"]
    assert full.str.len().max() == len(LONG_TITLE.strip())


def test_xlsx_strings_stay_strings(built):
    ws = openpyxl.load_workbook(built / "documents.xlsx").active
    header = [c.value for c in ws[1]]
    for name in ("doc_id", "title", "sha256"):
        assert ws.cell(row=2, column=header.index(name) + 1).data_type == "s"
    assert ws.cell(row=2, column=header.index("n_chars") + 1).data_type == "n"


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) is not installed here")
def test_libreoffice_opens_and_saves_the_xlsx(built, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(built / "documents.xlsx", src / "documents.xlsx")
    shutil.copy(built / "segment_themes.xlsx", src / "segment_themes.xlsx")
    out = tmp_path / "out"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "xlsx", "--outdir", str(out), str(src / "documents.xlsx"),
                    str(src / "segment_themes.xlsx")], check=True, capture_output=True,
                   timeout=300)
    for name in ("documents", "segment_themes"):
        header, rows = _sheet(out / f"{name}.xlsx")
        assert header == TABLES[name].column_names
        expected = _expected(pd.read_parquet(built / f"{name}.parquet"))
        # LibreOffice leaves an empty text cell empty.
        assert rows == [[None if v == "" else v for v in r] for r in expected]
