"""Sample -> code in a spreadsheet -> validate; bad sheets refused; agreement statistics."""

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from regionkit.cli import main
from regionkit.tables import load_tables
from regionkit.validation.agreement import (
    binary_alpha_with_interval,
    krippendorff_alpha_nominal,
    reading,
)
from regionkit.validation.codes import read_validation_codes
from regionkit.validation.sample import allocate, draw_sample

SMALL = Path(__file__).parent / "data" / "processed_small"


@pytest.fixture
def processed(tmp_path):
    # The small fixture ships a hand-coded sheet's codes (for the notebooks' Instrument
    # sections); these tests start from tables without codes.
    import dataclasses

    from regionkit.schemas import TABLES
    from regionkit.tables import write_tables

    out = tmp_path / "processed"
    shutil.copytree(SMALL, out)
    tables = dataclasses.replace(load_tables(out),
                                 validation_codes=TABLES["validation_codes"].empty())
    write_tables(tables, out)
    return out


# Krippendorff (2011), "Computing Krippendorff's alpha-reliability", examples A and C.
BINARY_A = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
BINARY_B = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
N = None
NOMINAL_C = [[1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
             [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
             [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
             [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N]]


def test_alpha_matches_krippendorffs_published_examples():
    assert krippendorff_alpha_nominal([BINARY_A, BINARY_B]) == pytest.approx(0.095, abs=5e-4)
    assert krippendorff_alpha_nominal(NOMINAL_C) == pytest.approx(0.743, abs=5e-4)
    alpha, low, high = binary_alpha_with_interval(np.array(BINARY_A), np.array(BINARY_B))
    assert alpha == pytest.approx(0.095, abs=5e-4) and low < alpha < high


def test_alpha_undefined_without_variation_is_not_interpretable():
    assert np.isnan(krippendorff_alpha_nominal([[0, 0, 0], [0, 0, 0]]))
    assert reading(float("nan")) == "not interpretable"
    assert (reading(0.5), reading(0.7), reading(0.85)) == (
        "not interpretable", "tentative", "reliable")


@pytest.mark.parametrize(
    ("sizes", "n", "expected"),
    [
        pytest.param({"a": 13, "b": 6, "c": 6}, 8, {"a": 4, "b": 2, "c": 2}, id="proportional"),
        pytest.param({"a": 100, "b": 2}, 3, {"a": 2, "b": 1}, id="one-each-first"),
        pytest.param({"a": 5, "b": 5}, 10, {"a": 5, "b": 5}, id="census"),
    ],
)
def test_allocation_by_hand(sizes, n, expected):
    assert allocate(sizes, n) == expected


def test_draw_is_seeded_and_records_probabilities(processed):
    tables = load_tables(processed)
    one, two = draw_sample(tables, 8, seed=3), draw_sample(tables, 8, seed=3)
    assert one.segments["segment_id"].tolist() == two.segments["segment_id"].tolist()
    # processed_small: 13 content segments in Mellansverige, 6 in Södra, 6 in Sydöstra.
    assert one.strata["mellansverige"] == {"population": 13, "sampled": 4,
                                           "probability": 4 / 13}
    probs = dict(zip(one.segments["segment_id"], one.segments["inclusion_probability"],
                     strict=True))
    assert all(p == (4 / 13 if s.startswith("ms-") else 2 / 6) for s, p in probs.items())


def _fill(path: Path, coder: str, present: dict[str, list[str]]) -> None:
    wb = load_workbook(path)
    ws = wb["coding"]
    header = [c.value for c in ws[1]]
    for r in range(2, ws.max_row + 1):
        seg = ws.cell(r, header.index("segment_id") + 1).value
        ws.cell(r, header.index("coder") + 1).value = coder
        for theme in present.get(seg, []):
            ws.cell(r, header.index(theme) + 1).value = "x"
    wb.save(path)


def _segments_of(path: Path) -> list[str]:
    ws = load_workbook(path)["coding"]
    return [row[0] for row in ws.iter_rows(min_row=2, values_only=True)]


def test_sheet_is_blind_and_carries_definitions_and_draw(processed, tmp_path):
    sheet = tmp_path / "sheet.xlsx"
    assert main(["sample", "--n", "6", "--processed", str(processed), str(sheet)]) == 0
    wb = load_workbook(sheet)
    assert wb.sheetnames == ["coding", "themes", "draw"]
    assert wb["draw"].sheet_state == "hidden"
    header = [c.value for c in wb["coding"][1]]
    assert header[:5] == ["segment_id", "doc_id", "sjukvardsregion", "heading_path", "text"]
    assert header[-1] == "coder" and len(header) == 5 + 15 + 1
    cells = [v for row in wb["coding"].iter_rows(min_row=2, min_col=6, values_only=True)
             for v in row]
    assert all(v is None for v in cells)          # no tagger output, nothing pre-filled
    themes = [row for row in wb["themes"].iter_rows(min_row=2, values_only=True)]
    assert len(themes) == 15 and all(label and definition for _, label, definition in themes)
    record = json.loads((tmp_path / "sheet.xlsx.draw.json").read_text(encoding="utf-8"))
    assert record["seed"] == 0 and len(record["segments"]) == 6


def test_round_trip_sample_code_validate(processed, tmp_path, capsys):
    sheet = tmp_path / "anna.xlsx"
    main(["sample", "--n", "8", "--seed", "1", "--processed", str(processed), str(sheet)])
    segs = _segments_of(sheet)
    _fill(sheet, "anna", {segs[0]: ["pandemi"], segs[1]: ["pandemi", "forskning"]})
    capsys.readouterr()
    validation = tmp_path / "validation"
    assert main(["validate", str(sheet), "--processed", str(processed),
                 "--validation", str(validation), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out["themes"]["pandemi"]) >= {"n", "tp", "fp", "fn", "precision", "recall",
                                             "f1", "alpha", "alpha_lo", "alpha_hi"}
    assert out["themes"]["pandemi"]["n"] == 8
    assert out["coders"] == []
    assert (validation / "anna.xlsx").exists()
    codes = pd.read_parquet(processed / "validation_codes.parquet")
    assert len(codes) == 8 * 15
    assert set(codes.loc[codes["value"] == 1, "theme"]) == {"pandemi", "forskning"}
    assert int(codes["value"].sum()) == 3 and not codes["stale"].any()
    # tp + fn = the coder's 2 pandemi segments, whatever the tagger said.
    assert out["themes"]["pandemi"]["tp"] + out["themes"]["pandemi"]["fn"] == 2


def test_two_coders_give_coder_agreement(processed, tmp_path, capsys):
    first = tmp_path / "a.xlsx"
    main(["sample", "--n", "6", "--seed", "2", "--processed", str(processed), str(first)])
    second = tmp_path / "b.xlsx"
    shutil.copyfile(first, second)
    shutil.copyfile(tmp_path / "a.xlsx.draw.json", tmp_path / "b.xlsx.draw.json")
    segs = _segments_of(first)
    _fill(first, "anna", {segs[0]: ["pandemi"], segs[1]: ["pandemi"]})
    _fill(second, "bo", {segs[0]: ["pandemi"]})
    capsys.readouterr()
    assert main(["validate", str(first), str(second), "--processed", str(processed),
                 "--validation", str(tmp_path / "v"), "--json"]) == 0
    coders = json.loads(capsys.readouterr().out)["coders"]
    pandemi = next(c for c in coders if c["theme"] == "pandemi")
    # 6 units, values anna 1 1 0 0 0 0, bo 1 0 0 0 0 0: D = 1, n0 = 9, n1 = 3:
    # alpha = 1 - 11 * 1 / 27 = 0.593.
    assert pandemi["n"] == 6 and pandemi["coders"] == ["anna", "bo"]
    assert pandemi["alpha"] == pytest.approx(1 - 11 / 27)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        pytest.param(("pandemi", 2, "yes"), "row 2, column L (pandemi): value 'yes'", id="value"),
        pytest.param(("segment_id", 3, "nope:0001"), "row 3, column A (segment_id): unknown "
                     "segment id 'nope:0001'", id="segment"),
        pytest.param(("header", 1, "pandemia"), "row 1, column L: unknown column 'pandemia'",
                     id="column"),
    ],
)
def test_bad_sheet_is_refused_and_nothing_stored(processed, tmp_path, capsys, edit, message):
    sheet = tmp_path / "bad.xlsx"
    main(["sample", "--n", "5", "--processed", str(processed), str(sheet)])
    _fill(sheet, "anna", {})
    wb = load_workbook(sheet)
    ws = wb["coding"]
    header = [c.value for c in ws[1]]
    column, row, value = edit
    col = header.index("pandemi" if column == "header" else column) + 1
    ws.cell(row, col).value = value
    wb.save(sheet)
    before = (processed / "validation_codes.parquet").read_bytes()
    capsys.readouterr()
    assert main(["validate", str(sheet), "--processed", str(processed),
                 "--validation", str(tmp_path / "v")]) == 2
    err = capsys.readouterr().err
    assert f"{sheet}: {message}" in err and "nothing was stored" in err
    assert "Traceback" not in err
    assert not (tmp_path / "v").exists()
    assert (processed / "validation_codes.parquet").read_bytes() == before


def test_csv_sheet_round_trip(processed, tmp_path, capsys):
    sheet = tmp_path / "c.csv"
    main(["sample", "--n", "4", "--processed", str(processed), str(sheet)])
    assert (tmp_path / "c.themes.csv").exists() and (tmp_path / "c.csv.draw.json").exists()
    frame = pd.read_csv(sheet, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame["coder"] = "anna"
    frame.loc[0, "pandemi"] = "1"
    frame.to_csv(sheet, index=False, encoding="utf-8-sig")
    assert main(["validate", str(sheet), "--processed", str(processed),
                 "--validation", str(tmp_path / "v")]) == 0
    codes = pd.read_parquet(processed / "validation_codes.parquet")
    assert len(codes) == 60 and int(codes["value"].sum()) == 1
    assert codes["inclusion_probability"].notna().all()


def test_changed_segment_text_marks_codes_stale(processed, tmp_path):
    sheet = tmp_path / "s.xlsx"
    main(["sample", "--n", "3", "--processed", str(processed), str(sheet)])
    _fill(sheet, "anna", {})
    folder = tmp_path / "v"
    folder.mkdir()
    shutil.copyfile(sheet, folder / "s.xlsx")
    shutil.copyfile(tmp_path / "s.xlsx.draw.json", folder / "s.xlsx.draw.json")
    segments = load_tables(processed).segments
    first = _segments_of(sheet)[0]
    changed = segments.assign(text=segments["text"].where(segments["segment_id"] != first,
                                                          "Ny text."))
    lines = []
    codes, problems = read_validation_codes(folder, changed, report=lines.append)
    assert problems == []
    assert set(codes.loc[codes["stale"], "segment_id"]) == {first}
    assert "1 coded segment(s) changed text" in lines[0]


def _soffice_convert(source: Path, outdir: Path, profile: Path) -> Path | None:
    """Open and save `source` as XLSX with LibreOffice headless; None if it cannot."""
    if shutil.which("soffice") is None:
        return None
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{profile}",
                    "--convert-to", "xlsx", "--outdir", str(outdir), str(source)],
                   capture_output=True, timeout=180, check=False)
    out = outdir / (source.stem + ".xlsx")
    return out if out.exists() else None


def test_sheet_saved_by_libreoffice_reads_back(processed, tmp_path, capsys):
    probe = tmp_path / "probe.csv"
    probe.write_text("a,b\n1,2\n", encoding="utf-8")
    if _soffice_convert(probe, tmp_path / "probe", tmp_path / "lo") is None:
        pytest.skip("LibreOffice Calc (soffice with a spreadsheet filter) is not installed: "
                    "a sheet saved by LibreOffice cannot be read back here")
    sheet = tmp_path / "lo.xlsx"
    main(["sample", "--n", "5", "--processed", str(processed), str(sheet)])
    segs = _segments_of(sheet)
    _fill(sheet, "anna", {segs[0]: ["pandemi"]})
    resaved = _soffice_convert(sheet, tmp_path / "converted", tmp_path / "lo")
    assert resaved is not None
    assert resaved.read_bytes() != sheet.read_bytes()
    capsys.readouterr()
    assert main(["validate", str(resaved), "--processed", str(processed),
                 "--validation", str(tmp_path / "v"), "--json"]) == 0
    codes = pd.read_parquet(processed / "validation_codes.parquet")
    assert len(codes) == 5 * 15
    assert codes.loc[codes["value"] == 1, "segment_id"].tolist() == [segs[0]]
    assert codes["inclusion_probability"].notna().all()   # the hidden draw sheet survived


def test_instrument_table_gives_agreement_and_correction(processed, tmp_path):
    from regionkit.validation.validate import instrument_table

    assert instrument_table(load_tables(processed)).empty
    sheet = tmp_path / "i.xlsx"
    main(["sample", "--n", "6", "--processed", str(processed), str(sheet)])
    _fill(sheet, "anna", {})
    main(["validate", str(sheet), "--processed", str(processed), "--validation",
          str(tmp_path / "v")])
    table = instrument_table(load_tables(processed), n_boot=50)
    assert len(table) == 15 and (table["n"] == 6).all()
    # Nothing coded present anywhere: no theme's agreement can be interpreted.
    assert (table["reading"] == "not interpretable").all()
    assert (table["share_corrected"] <= table["tagged_share"]).all()
