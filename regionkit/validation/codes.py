"""The `validation_codes` table: hand codes read from the coded sheets of a validation folder.

Coded sheets are inputs, kept in ``data/validation/`` (``regionkit validate`` copies a checked
sheet there), because the processed folder is replaced as a whole by each build. The build (and
``validate``) read every sheet of the folder into one table. Each code carries the SHA-256 of the
segment text that was coded (from the sheet's draw record, else from its ``text`` column): when
a rebuild changed a segment's text (new repair rules, a new segmenter), its codes are marked
``stale`` and left out of agreement and corrected shares instead of being silently reused.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from regionkit.schemas import VALIDATION_CODES, enforce_schema
from regionkit.validation.sample import text_hash
from regionkit.validation.sheets import SheetError, read_draw, read_sheet

DEFAULT_VALIDATION_DIR = Path("data/validation")


def sheet_files(folder: Path) -> list[Path]:
    """Return the coded sheets of a folder (XLSX and CSV, not the sidecar files), sorted."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.suffix.lower() in {".xlsx", ".csv"} and not p.name.endswith(".themes.csv")
                  and not p.name.startswith((".", "~$")))


def sheet_codes(path: Path, segments: pd.DataFrame) -> pd.DataFrame:
    """Return the codes of one sheet as `validation_codes` rows.

    Args:
        path: the coded sheet.
        segments: the ``segments`` table (``segment_id``, ``text``), for the staleness check.

    Raises:
        SheetError: the sheet is bad (file, row, column and value named).
    """
    current = dict(zip(segments["segment_id"], segments["text"].map(text_hash), strict=True))
    rows = read_sheet(path, known_segments=None)
    draw = read_draw(path)
    out = []
    for coded in rows:
        recorded = draw.get(coded.segment_id, {})
        digest = recorded.get("text_sha256") or text_hash(coded.text)
        stale = current.get(coded.segment_id) != digest
        for theme, value in coded.codes.items():
            out.append({"segment_id": coded.segment_id, "theme": theme, "coder": coded.coder,
                        "value": value, "sheet": Path(path).name,
                        "inclusion_probability": recorded.get("inclusion_probability",
                                                              float("nan")),
                        "text_sha256": digest, "stale": stale})
    if not out:
        return VALIDATION_CODES.empty()
    return pd.DataFrame(out, columns=VALIDATION_CODES.column_names)


def read_validation_codes(folder: Path, segments: pd.DataFrame,
                          report: Callable[[str], None] | None = None
                          ) -> tuple[pd.DataFrame, list[str]]:
    """Return the `validation_codes` table of every sheet in `folder`, and the problems met.

    A bad sheet is reported (one line) and left out; a code that an earlier sheet (by name)
    already gave for the same segment, theme and coder is reported and the earlier one kept.
    Stale codes are reported once per sheet.
    """
    report = report or (lambda line: None)
    problems: list[str] = []
    frames = []
    for path in sheet_files(folder):
        try:
            frame = sheet_codes(path, segments)
        except SheetError as exc:
            problems.append(str(exc))
            report(str(exc))
            continue
        n_stale = int(frame.loc[frame["stale"], "segment_id"].nunique()) if len(frame) else 0
        if n_stale:
            report(f"{path}: {n_stale} coded segment(s) changed text or vanished since coding: "
                   "their codes are marked stale and not used")
        frames.append(frame)
    if not frames:
        return VALIDATION_CODES.empty(), problems
    codes = pd.concat(frames, ignore_index=True)
    key = list(VALIDATION_CODES.key)
    dup = codes.duplicated(subset=key, keep="first")
    if dup.any():
        first = codes.loc[dup].iloc[0]
        line = (f"{first['sheet']}: segment {first['segment_id']!r} was already coded by "
                f"{first['coder']!r} in an earlier sheet: the earlier codes are kept")
        problems.append(line)
        report(line)
        codes = codes.loc[~dup]
    return enforce_schema(codes, VALIDATION_CODES), problems


def usable_codes(codes: pd.DataFrame) -> pd.DataFrame:
    """Return the codes that can be used: not stale."""
    return codes[~codes["stale"].astype(bool)]


def segment_truth(codes: pd.DataFrame) -> pd.DataFrame:
    """Return one code per segment and theme: the majority of its coders (ties: present).

    Returns:
        Columns ``segment_id``, ``theme``, ``value``, ``inclusion_probability``.
    """
    codes = usable_codes(codes)
    if codes.empty:
        return pd.DataFrame({"segment_id": [], "theme": [], "value": [],
                             "inclusion_probability": []})
    grouped = codes.groupby(["segment_id", "theme"], sort=True)
    out = grouped.agg(value=("value", "mean"), inclusion_probability=(
        "inclusion_probability", "first")).reset_index()
    out["value"] = (out["value"] >= 0.5).astype(int)
    return out
