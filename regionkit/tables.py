"""Read and write the processed tables (Parquet and CSV), atomically and deterministically.

A build writes every table into a temporary folder beside the output folder and only then moves
the files into place, so a run that fails leaves the previous outputs intact.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field, fields
from pathlib import Path

import pandas as pd

from regionkit.schemas import TABLES, TableSchema, enforce_schema

DEFAULT_PROCESSED = Path("data/processed")
BUILD_INFO = "build_info.json"


@dataclass(frozen=True)
class Tables:
    """The processed tables of one build."""

    documents: pd.DataFrame
    segments: pd.DataFrame
    entity_mentions: pd.DataFrame
    segment_themes: pd.DataFrame
    repairs: pd.DataFrame
    boilerplate: pd.DataFrame
    # Later tables default to empty ones, so that code building Tables by hand keeps working.
    theme_evidence: pd.DataFrame = field(default_factory=lambda: TABLES["theme_evidence"].empty())
    units: pd.DataFrame = field(default_factory=lambda: TABLES["units"].empty())
    validation_codes: pd.DataFrame = field(
        default_factory=lambda: TABLES["validation_codes"].empty())
    # Corpus-level tables (regionkit.followup), empty until that stage has run.
    activity_links: pd.DataFrame = field(default_factory=lambda: TABLES["activity_links"].empty())
    activity_status: pd.DataFrame = field(
        default_factory=lambda: TABLES["activity_status"].empty())

    def items(self) -> list[tuple[str, pd.DataFrame]]:
        """Return (table name, frame) pairs in schema order."""
        return [(f.name, getattr(self, f.name)) for f in fields(self)]

    @classmethod
    def empty(cls) -> Tables:
        """Return a set of empty, well-typed tables."""
        return cls(**{name: schema.empty() for name, schema in TABLES.items()})

    def content_segments(self) -> pd.DataFrame:
        """Return content segments joined with their document's metadata.

        Attendee lists, tables of contents, titles, headings, signatures and boilerplate are left
        out: they are never counted in shares.
        """
        meta = self.documents[
            ["doc_id", "sjukvardsregion", "body", "doc_type", "period_start", "period_end",
             "date", "title"]
        ].rename(columns={"title": "doc_title"})
        segs = self.segments[self.segments["is_content"]]
        return segs.merge(meta, on="doc_id", how="left", validate="many_to_one")


def _write_table(df: pd.DataFrame, schema: TableSchema, folder: Path) -> None:
    df = enforce_schema(df, schema)
    df.to_parquet(folder / f"{schema.name}.parquet", index=False, engine="pyarrow")
    # utf-8-sig so that å/ä/ö survive a double-click into a spreadsheet program.
    df.to_csv(folder / f"{schema.name}.csv", index=False, encoding="utf-8-sig", lineterminator="\n")


def write_tables(tables: Tables, out_dir: Path, extra_files: dict[str, str] | None = None
                 ) -> list[Path]:
    """Write every table as Parquet and CSV into `out_dir`, atomically.

    All files are first written to a temporary folder inside `out_dir`; each is then renamed
    into place. If writing fails, `out_dir` keeps its previous files.

    Args:
        tables: the tables to write.
        out_dir: the output folder (created if needed).
        extra_files: further text files to write with them (name -> UTF-8 text).

    Returns:
        The paths written.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".regionkit-", dir=out_dir))
    try:
        for name, df in tables.items():
            _write_table(df, TABLES[name], tmp)
        for name, text in sorted((extra_files or {}).items()):
            (tmp / name).write_text(text, encoding="utf-8")
        written = []
        for path in sorted(tmp.iterdir()):
            target = out_dir / path.name
            os.replace(path, target)
            written.append(target)
        return written
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def load_build_info(processed_dir: str | Path = DEFAULT_PROCESSED) -> dict:
    """Return what `regionkit build` recorded of its inputs (versions and fingerprints)."""
    path = Path(processed_dir) / BUILD_INFO
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def load_tables(processed_dir: str | Path = DEFAULT_PROCESSED) -> Tables:
    """Load the processed tables (Parquet) of a build.

    Args:
        processed_dir: the folder `regionkit build --out` wrote.

    Raises:
        FileNotFoundError: a table is missing; the message says to run `regionkit build`.
    """
    folder = Path(processed_dir)
    frames = {}
    for name, schema in TABLES.items():
        path = folder / f"{name}.parquet"
        if not path.exists():
            raise FileNotFoundError(f"{path} not found: run `regionkit build` first")
        frames[name] = enforce_schema(pd.read_parquet(path), schema)
    return Tables(**frames)
