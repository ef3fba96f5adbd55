"""`regionkit validate`: check coded sheets, store their codes, report agreement per theme.

Every sheet is checked first (segment ids against the processed segments, theme columns, every
value); one bad sheet stops the command with file, row, column and value named, and nothing is
stored. Then the sheets are copied into the validation folder (an input of every build), the
`validation_codes` table is rewritten in the processed folder from all sheets of that folder, and
the agreement of the tagger with the coders (and among coders) is computed over all stored codes
that are not stale.
"""

from __future__ import annotations

import math
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from regionkit.tables import load_tables
from regionkit.tagging.types import THEME_IDS
from regionkit.validation.agreement import coder_agreement, tagger_agreement
from regionkit.validation.codes import read_validation_codes, usable_codes
from regionkit.validation.sheets import SheetError, draw_path, read_sheet


@dataclass(frozen=True)
class ValidationReport:
    """What `validate` found: agreement per theme, among coders, and the codes it used."""

    themes: pd.DataFrame
    coders: list[dict]
    n_codes: int
    n_stale_segments: int
    sheets: tuple[str, ...]

    def to_dict(self) -> dict:
        """Return the report in the JSON shape of interface.md."""
        def clean(v):
            return None if isinstance(v, float) and math.isnan(v) else v

        themes = {row["theme"]: {k: clean(v) for k, v in row.items() if k != "theme"}
                  for row in self.themes.to_dict("records")}
        coders = [{k: clean(v) for k, v in c.items()} for c in self.coders]
        return {"themes": themes, "coders": coders, "n_codes": self.n_codes,
                "n_stale_segments": self.n_stale_segments, "sheets": list(self.sheets)}

    def to_text(self) -> str:
        """Return a plain-text table."""
        def num(v):
            return "   -" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:.2f}"

        head = (f"{'theme':<28}{'n':>5}{'tp':>5}{'fp':>5}{'fn':>5}   P     R     F1  "
                f"alpha (95 % interval)  reading")
        lines = [head]
        for r in self.themes.to_dict("records"):
            lines.append(f"{r['theme']:<28}{r['n']:>5}{r['tp']:>5}{r['fp']:>5}{r['fn']:>5} "
                         f"{num(r['precision']):>5} {num(r['recall']):>5} {num(r['f1']):>5}  "
                         f"{num(r['alpha']):>5} ({num(r['alpha_lo'])} to {num(r['alpha_hi'])})"
                         f"  {r['reading']}")
        for c in self.coders:
            lines.append(f"coders {', '.join(c['coders'])} on {c['n']} segments, {c['theme']}: "
                         f"alpha {num(c['alpha'])} ({c['reading']})")
        lines.append(f"{self.n_codes} codes from {len(self.sheets)} sheet(s); "
                     f"{self.n_stale_segments} stale segment(s) left out")
        return "\n".join(lines)


def write_codes_table(codes: pd.DataFrame, processed_dir: Path) -> None:
    """Write `validation_codes` into the processed folder, replacing the output set as a whole."""
    from regionkit.tables import replace_tables

    replace_tables(Path(processed_dir), {"validation_codes": codes})


def _companions(sheet: Path) -> list[Path]:
    side = [draw_path(sheet), sheet.with_name(sheet.stem + ".themes.csv")]
    return [sheet, *[p for p in side if p.exists()]]


def store_sheets(sheets: list[Path], validation_dir: Path, *, replace: bool = False) -> None:
    """Copy checked sheets (with their draw and theme sidecars) into the validation folder.

    Raises:
        SheetError: a different file of the same name is already stored (and not `replace`).
    """
    validation_dir.mkdir(parents=True, exist_ok=True)
    for sheet in sheets:
        target = validation_dir / sheet.name
        if (target.exists() and not replace and target.resolve() != sheet.resolve()
                and target.read_bytes() != sheet.read_bytes()):
            raise SheetError(f"{sheet}: {target} already holds another sheet of that name "
                             "(rename the sheet, or give --replace to overwrite it)")
    for sheet in sheets:
        for path in _companions(sheet):
            target = validation_dir / path.name
            if target.resolve() != path.resolve():
                shutil.copyfile(path, target)


def agreement_report(tables, codes: pd.DataFrame, *, n_boot: int = 1000, seed: int = 0
                     ) -> ValidationReport:
    """Return agreement per theme for stored codes (stale ones left out)."""
    good = usable_codes(codes)
    stale = int(codes.loc[codes["stale"].astype(bool), "segment_id"].nunique())
    themes = tagger_agreement(good, tables.segment_themes, THEME_IDS, n_boot=n_boot, seed=seed)
    coders = coder_agreement(good, THEME_IDS)
    return ValidationReport(themes, coders, len(good), stale,
                            tuple(sorted(codes["sheet"].unique())))


def validate_sheets(sheets: list[Path], *, processed_dir: Path, validation_dir: Path,
                    replace: bool = False, n_boot: int = 1000, seed: int = 0
                    ) -> ValidationReport:
    """Check `sheets`, store them and their codes, and return the agreement report.

    Raises:
        SheetError: a bad sheet (nothing is stored then).
        FileNotFoundError: the processed tables are missing.
    """
    tables = load_tables(processed_dir)
    known = set(tables.segments["segment_id"])
    for sheet in sheets:
        if not Path(sheet).is_file():
            raise SheetError(f"{sheet}: no such file")
        read_sheet(Path(sheet), known_segments=known)
    store_sheets([Path(s) for s in sheets], Path(validation_dir), replace=replace)
    codes, problems = read_validation_codes(Path(validation_dir), tables.segments)
    if problems:
        raise SheetError(problems[0])
    write_codes_table(codes, Path(processed_dir))
    return agreement_report(tables, codes, n_boot=n_boot, seed=seed)


def instrument_table(tables, *, n_boot: int = 1000, seed: int = 0) -> pd.DataFrame:
    """Return the Instrument table over the whole corpus: per theme, agreement and correction.

    Columns: ``theme``, ``n`` (coded segments), ``precision``, ``recall``, ``f1``, ``alpha``,
    ``alpha_lo``, ``alpha_hi``, ``reading`` (reliable, tentative, not interpretable),
    ``tagged_share`` and ``share_corrected``, ``lo_corrected``, ``hi_corrected`` over all
    content segments. Empty when no (non-stale) validation codes are stored. For a report's
    selection, with notes on the design and the measure, see
    `regionkit.analysis.instrument.instrument_section`.
    """
    from regionkit.analysis.instrument import instrument_section

    cols = ["theme", "n", "precision", "recall", "f1", "alpha", "alpha_lo", "alpha_hi",
            "reading", "tagged_share", "share_corrected", "lo_corrected", "hi_corrected"]
    table = instrument_section(tables, n_boot=n_boot, seed=seed).table
    if table.empty:
        return pd.DataFrame({c: [] for c in cols})
    return table.drop(columns=["n"]).rename(columns={"n_coded": "n"})[cols]
