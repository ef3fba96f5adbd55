"""Blind coding sheets: write them (XLSX or CSV) and read them back, checked cell by cell.

A sheet has one header row and one row per segment: ``segment_id``, ``doc_id``, the stratum
column, ``heading_path``, ``text``, one column per theme named by its id (empty, for the coder)
and ``coder``. It never shows what the tagger found (the coding is blind). Theme labels and
definitions stand on a second sheet ``themes`` (CSV: a sidecar ``<name>.themes.csv``); the draw
(seed, strata, inclusion probabilities, text hashes) on a hidden sheet ``draw`` and in a sidecar
``<name>.draw.json`` for both formats.

Reading: ``1`` or ``x`` (any case) means the theme is present; empty or ``0`` absent. A row
without a coder is not coded yet and is skipped; a row with codes but no coder, an unknown
column, an unknown segment id or any other value is an error naming file, row, column and value.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from regionkit.tagging.types import THEME_IDS
from regionkit.validation.sample import Draw

SHEET_CODING = "coding"
SHEET_THEMES = "themes"
SHEET_DRAW = "draw"
FIXED_COLUMNS = ("segment_id", "doc_id", "heading_path", "text", "coder")
PRESENT = frozenset({"1", "x"})
ABSENT = frozenset({"", "0"})


class SheetError(ValueError):
    """A coding sheet that cannot be read; the message names file, row, column and value."""


def theme_definitions() -> pd.DataFrame:
    """Return the themes' ids, labels and definitions (from the packaged theme lexicon)."""
    from regionkit.tagging.themes import load_theme_lexicon

    lex = load_theme_lexicon()
    return pd.DataFrame([{"theme": t.id, "label": t.label, "definition": " ".join(
        t.description.split())} for t in lex.themes])


def draw_path(sheet: Path) -> Path:
    """Return the sidecar file of a sheet's draw record."""
    return sheet.with_name(sheet.name + ".draw.json")


def write_sheet(draw: Draw, path: Path) -> list[Path]:
    """Write the coding sheet of `draw` as XLSX or CSV (by the suffix); return the files written.

    Raises:
        ValueError: the suffix is neither .xlsx nor .csv.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in {".xlsx", ".csv"}:
        raise ValueError(f"{path}: the sheet must be .xlsx or .csv")
    segs = draw.segments
    sheet = pd.DataFrame({
        "segment_id": segs["segment_id"], "doc_id": segs["doc_id"], draw.by: segs[draw.by],
        "heading_path": segs["heading_path"], "text": segs["text"],
        **{t: [""] * len(segs) for t in THEME_IDS}, "coder": [""] * len(segs),
    })
    themes = theme_definitions()
    record = json.dumps(draw.record(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    written = [path]
    if suffix == ".csv":
        sheet.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")
        side = path.with_name(path.stem + ".themes.csv")
        themes.to_csv(side, index=False, encoding="utf-8-sig", lineterminator="\n")
        written.append(side)
    else:
        _write_xlsx(sheet, themes, draw, path)
    draw_path(path).write_text(record, encoding="utf-8")
    written.append(draw_path(path))
    return written


def _write_xlsx(sheet: pd.DataFrame, themes: pd.DataFrame, draw: Draw, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_CODING
    ws.append(list(sheet.columns))
    for row in sheet.itertuples(index=False):
        ws.append([None if v == "" else v for v in row])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "B2"
    widths = {"segment_id": 34, "doc_id": 28, "heading_path": 30, "text": 80, "coder": 10}
    for i, name in enumerate(sheet.columns, start=1):
        letter = ws.cell(row=1, column=i).column_letter
        ws.column_dimensions[letter].width = widths.get(name, 6 if name in THEME_IDS else 16)
    text_col = list(sheet.columns).index("text") + 1
    for r in range(2, ws.max_row + 1):
        ws.cell(row=r, column=text_col).alignment = Alignment(wrap_text=True, vertical="top")
    wt = wb.create_sheet(SHEET_THEMES)
    wt.append(["theme", "label", "definition"])
    for row in themes.itertuples(index=False):
        wt.append(list(row))
    wt.column_dimensions["A"].width = 28
    wt.column_dimensions["B"].width = 30
    wt.column_dimensions["C"].width = 100
    wd = wb.create_sheet(SHEET_DRAW)
    wd.sheet_state = "hidden"
    wd.append(["seed", draw.seed])
    wd.append(["by", draw.by])
    wd.append(["segment_id", "inclusion_probability", "text_sha256"])
    for row in draw.segments.itertuples():
        wd.append([row.segment_id, float(row.inclusion_probability), row.text_sha256])
    wb.save(path)


@dataclass(frozen=True)
class CodedRow:
    """One coded segment of a sheet."""

    segment_id: str
    coder: str
    codes: dict[str, int]
    text: str
    row: int


def _cell_text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_rows(path: Path) -> list[list[object]]:
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return [list(r) for r in csv.reader(handle)]
    if path.suffix.lower() != ".xlsx":
        raise SheetError(f"{path}: a coding sheet must be .xlsx or .csv")
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is one clear line
        raise SheetError(f"{path}: not a readable XLSX file ({type(exc).__name__})") from None
    ws = wb[SHEET_CODING] if SHEET_CODING in wb.sheetnames else wb.worksheets[0]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    wb.close()
    return rows


def _check_header(path: Path, rows: list[list[object]]) -> tuple[list[str], list]:
    if not rows:
        raise SheetError(f"{path}: empty sheet")
    header = [_cell_text(v) for v in rows[0]]
    while header and header[-1] == "":
        header.pop()
    for name in ("segment_id", "coder"):
        if name not in header:
            raise SheetError(f"{path}: row 1: no column {name!r}")
    theme_cols = []
    for col, name in enumerate(header):
        if name in THEME_IDS:
            theme_cols.append((col, name))
        elif name not in FIXED_COLUMNS and name != "" and not _is_group_column(name, header):
            raise SheetError(f"{path}: row 1, column {_letter(col)}: unknown column {name!r} "
                             f"(theme columns are named by theme id)")
    if len({n for _, n in theme_cols}) != len(theme_cols):
        raise SheetError(f"{path}: row 1: a theme column appears twice")
    return header, theme_cols


def _row_codes(path: Path, number: int, cells: list[str], theme_cols: list) -> dict[str, int]:
    codes = {}
    for col, theme in theme_cols:
        value = cells[col].lower()
        if value in PRESENT:
            codes[theme] = 1
        elif value in ABSENT:
            codes[theme] = 0
        else:
            raise SheetError(f"{path}: row {number}, column {_letter(col)} ({theme}): "
                             f"value {cells[col]!r} (use 1 or x for present, empty or 0 "
                             f"for absent)")
    return codes


def read_sheet(path: Path, known_segments: set[str] | None = None) -> list[CodedRow]:
    """Read and check a coded sheet.

    Args:
        path: the XLSX or CSV file.
        known_segments: the segment ids of the processed tables; None skips that check.

    Raises:
        SheetError: naming the file, row (as the spreadsheet numbers it), column and value.
    """
    path = Path(path)
    rows = _read_rows(path)
    header, theme_cols = _check_header(path, rows)
    i_seg, i_coder = header.index("segment_id"), header.index("coder")
    i_text = header.index("text") if "text" in header else None
    out, seen = [], set()
    for number, raw in enumerate(rows[1:], start=2):
        cells = [_cell_text(v) for v in raw] + [""] * (len(header) - len(raw))
        if not any(cells):
            continue
        seg, coder = cells[i_seg], cells[i_coder]
        codes = _row_codes(path, number, cells, theme_cols)
        if not coder:
            if any(codes.values()):
                raise SheetError(f"{path}: row {number}, column {_letter(i_coder)} (coder): "
                                 f"codes but no coder")
            continue
        if known_segments is not None and seg not in known_segments:
            raise SheetError(f"{path}: row {number}, column {_letter(i_seg)} (segment_id): "
                             f"unknown segment id {seg!r}")
        if (seg, coder) in seen:
            raise SheetError(f"{path}: row {number}: segment {seg!r} coded twice by {coder!r}")
        seen.add((seg, coder))
        out.append(CodedRow(seg, coder, codes, cells[i_text] if i_text is not None else "",
                            number))
    return out


def _is_group_column(name: str, header: list[str]) -> bool:
    # The stratum column stands between doc_id and heading_path.
    try:
        return header.index("doc_id") < header.index(name) < header.index("heading_path")
    except ValueError:
        return False


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col + 1)


def read_draw(path: Path) -> dict[str, dict]:
    """Return per segment id the recorded inclusion probability and text hash of a sheet.

    Reads the sidecar ``.draw.json`` if present, else the hidden ``draw`` sheet of an XLSX;
    returns an empty mapping when neither is there (a sheet made by hand).
    """
    path = Path(path)
    side = draw_path(path)
    if side.exists():
        return json.loads(side.read_text(encoding="utf-8")).get("segments", {})
    if path.suffix.lower() != ".xlsx":
        return {}
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    if SHEET_DRAW not in wb.sheetnames:
        wb.close()
        return {}
    rows = list(wb[SHEET_DRAW].iter_rows(values_only=True))
    wb.close()
    out = {}
    for row in rows[3:]:
        if row and row[0]:
            out[str(row[0])] = {"inclusion_probability": float(row[1]),
                                "text_sha256": str(row[2])}
    return out
