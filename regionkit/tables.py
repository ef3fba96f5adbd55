"""Read and write the processed tables (Parquet, CSV and XLSX), as a whole and deterministically.

A build streams each table into a staging folder beside the output folder (`TableSetWriter`)
and swaps the complete set in at the end (`regionkit.publish`): a run that fails or is killed
leaves the previous outputs intact, never a mix of two builds. ``build_info.json`` records the
SHA-256 of every table file, and `load_tables` refuses a folder whose Parquet files do not match
it (one line naming the file).

Formats: Parquet keeps the exact values; CSV (UTF-8 with BOM, so that spreadsheet programs show
å/ä/ö) has formula-looking text made safe; XLSX holds text as text (see `regionkit.fragments`).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING

from regionkit.fragments import Fragment, arrow_schema, render
from regionkit.publish import OutputError, Staging, describe_os_error
from regionkit.schemas import TABLES, enforce_schema

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["BUILD_INFO", "MixedOutputsError", "OutputError", "TableSetWriter", "Tables",
           "load_build_info", "load_tables", "replace_tables", "write_tables"]

DEFAULT_PROCESSED = Path("data/processed")
BUILD_INFO = "build_info.json"
FORMATS = ("parquet", "csv", "xlsx")
# Rows gathered before a Parquet row group is written (a few documents' worth).
ROW_GROUP_ROWS = 50_000


class MixedOutputsError(ValueError):
    """A processed folder whose files do not all come from the build its build_info.json names."""

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


def table_files(names=None) -> list[str]:
    """Return the file names a build writes for `names` (default: every table)."""
    return [f"{name}.{fmt}" for name in (names or TABLES) for fmt in FORMATS]


class _TableStream:
    """One table's three files, appended to fragment by fragment."""

    def __init__(self, name: str, folder: Path):
        import pyarrow.parquet as pq

        from regionkit.xlsx import XlsxTableWriter

        self.name = name
        columns = TABLES[name].column_names
        self.parquet = pq.ParquetWriter(folder / f"{name}.parquet", arrow_schema(name),
                                        compression="snappy")
        self.csv = (folder / f"{name}.csv").open("w", encoding="utf-8-sig", newline="")
        self.csv.write(",".join(columns) + "\n")
        self.xlsx = XlsxTableWriter(folder / f"{name}.xlsx", name, columns)
        self._pending: list = []
        self._pending_rows = 0
        self.n_rows = 0
        self.closed = False

    def add(self, frag: Fragment) -> None:
        import pyarrow as pa

        if frag.n_rows == 0:
            return
        self._pending.append(pa.ipc.open_stream(frag.arrow).read_all())
        self._pending_rows += frag.n_rows
        self.n_rows += frag.n_rows
        self.csv.write(frag.csv)
        self.xlsx.write(frag.xlsx, frag.n_rows)
        if self._pending_rows >= ROW_GROUP_ROWS:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self._pending:
            table = pa.concat_tables(self._pending)
            self.parquet.write_table(table, row_group_size=max(1, table.num_rows))
        self._pending, self._pending_rows = [], 0

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self._flush()
        self.parquet.close()
        self.csv.close()
        self.xlsx.close()

    def abort(self) -> None:
        for closer in (self.parquet.close, self.csv.close, self.xlsx.abort):
            with contextlib.suppress(Exception):  # the staging folder is removed anyway
                closer()


class TableSetWriter:
    """Write a whole output set: tables streamed per document, then swapped in at once.

    Fragments are added per document (`add`) in any order; each table receives them in the
    order of its key (documents are told beforehand with `expect`), so that nothing but the
    few documents that arrive early is held in memory.

    Args:
        out_dir: the output folder (created if needed; checked before any work).
        names: the tables to write (default: every table of `regionkit.schemas`).

    Raises:
        OutputError: the folder cannot be written (one line; nothing was processed).
    """

    def __init__(self, out_dir: Path, names=None):
        self.names = list(TABLES if names is None else names)
        self.staging = Staging(Path(out_dir))
        self.folder = self.staging.folder
        self._extra: list[str] = []
        try:
            self.streams = {name: _TableStream(name, self.folder) for name in self.names}
        except OSError as exc:
            self.abort()
            raise self._error(exc) from exc
        self._order: dict[str, list[str]] = {}
        self._next: dict[str, int] = {}
        self._held: dict[str, dict[str, Fragment | None]] = {n: {} for n in self.names}

    def _error(self, exc: OSError) -> OutputError:
        return OutputError(f"{self.staging.given}: cannot write the tables "
                           f"({describe_os_error(exc)}); previous outputs kept")

    def expect(self, doc_ids) -> None:
        """Tell the documents to come (each table writes them in its key's order)."""
        ids = list(doc_ids)
        for name in self.names:
            first = TABLES[name].key[0]
            # "a-b:0001" sorts before "a:0001": tables keyed by segment id order documents by
            # "<doc_id>:", tables keyed by doc_id by the doc_id alone.
            sort_key = (lambda d: d + ":") if first.endswith("segment_id") else (lambda d: d)
            self._order[name] = sorted(ids, key=sort_key)
            self._next[name] = 0

    def add(self, doc_id: str, fragments: dict[str, Fragment] | None) -> None:
        """Add one document's fragments (None: the document failed and is left out)."""
        try:
            for name in self.names:
                held = self._held[name]
                held[doc_id] = None if fragments is None else fragments.get(name)
                order, k = self._order[name], self._next[name]
                while k < len(order) and order[k] in held:
                    frag = held.pop(order[k])
                    if frag is not None:
                        self.streams[name].add(frag)
                    k += 1
                self._next[name] = k
        except OSError as exc:
            self.abort()
            raise self._error(exc) from exc

    def write_file(self, name: str, data: bytes) -> None:
        """Write a further file of the set (e.g. build_info.json, a cache entry)."""
        try:
            path = self.folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        except OSError as exc:
            self.abort()
            raise self._error(exc) from exc
        self._extra.append(name.split("/")[0])

    def link_file(self, name: str, source: Path) -> None:
        """Put an existing file into the set under `name` (linked, else copied)."""
        from regionkit.publish import _link_or_copy

        try:
            path = self.folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            _link_or_copy(source, path)
        except OSError as exc:
            self.abort()
            raise self._error(exc) from exc
        self._extra.append(name.split("/")[0])

    def add_table(self, name: str, rows: list[dict]) -> None:
        """Write a whole table at once (one made from the corpus, not document by document)."""
        try:
            stream = _TableStream(name, self.folder)
            self.streams[name] = stream
            self.names.append(name)
            self._order[name], self._next[name] = [], 0
            stream.add(render(name, rows))
            stream.close()
        except OSError as exc:
            self.abort()
            raise self._error(exc) from exc

    def counts(self) -> dict[str, int]:
        """Rows written so far per table."""
        return {name: s.n_rows for name, s in self.streams.items()}

    def close_tables(self) -> dict[str, str]:
        """Finish every table file; return their SHA-256 (name -> hex)."""
        missing = {n: [d for d in self._order.get(n, [])[self._next.get(n, 0):]]
                   for n in self.names}
        if any(missing.values()):
            raise RuntimeError(f"documents never added: {missing}")
        try:
            for stream in self.streams.values():
                stream.close()
            return {name: file_sha256(self.folder / name) for name in table_files(self.names)}
        except OSError as exc:
            self.abort()
            raise self._error(exc) from exc

    def commit(self) -> list[Path]:
        """Swap the complete set in; return the paths of the files written."""
        own = [*table_files(self.names), *self._extra]
        self.staging.commit(own)
        out = self.staging.given
        return sorted(out / n for n in {*table_files(self.names), *self._extra}
                      if not n.startswith("."))

    def abort(self) -> None:
        """Drop everything written: the previous outputs stay."""
        for stream in getattr(self, "streams", {}).values():
            stream.abort()
        self.staging.abort()


def file_sha256(path: Path) -> str:
    """Return the SHA-256 of a file, read in 1 MiB chunks."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def with_file_hashes(info: dict, hashes: dict[str, str]) -> str:
    """Return build_info.json text: `info` plus the SHA-256 of every table file."""
    return json.dumps({**info, "files": dict(sorted(hashes.items()))}, indent=2,
                      sort_keys=True) + "\n"


def frame_rows(df) -> list[dict]:
    """Return a table's rows as plain Python values (missing values as None)."""
    out = df.astype(object).where(df.notna(), None).to_dict("records")
    for row in out:
        for key, value in row.items():
            if hasattr(value, "item"):  # numpy scalar
                row[key] = value.item()
    return out


def write_tables(tables: Tables, out_dir: Path, extra_files: dict[str, str] | None = None
                 ) -> list[Path]:
    """Write every table as Parquet, CSV and XLSX into `out_dir`, replacing it as a whole.

    Everything is written to a sibling folder first and swapped in at the end; files of
    `out_dir` that are not tables are kept. If writing fails, `out_dir` keeps its previous
    files.

    Args:
        tables: the tables to write.
        out_dir: the output folder (created if needed).
        extra_files: further text files to write with them (name -> UTF-8 text).

    Returns:
        The paths written.

    Raises:
        OutputError: the folder cannot be written (one line; previous outputs kept).
    """
    writer = TableSetWriter(Path(out_dir))
    try:
        writer.expect(["_"])
        frags = {}
        for name, df in tables.items():
            frags[name] = render(name, frame_rows(enforce_schema(df, TABLES[name])))
        writer.add("_", frags)
        hashes = writer.close_tables()
        for name, text in sorted((extra_files or {}).items()):
            if name == BUILD_INFO:
                text = with_file_hashes(json.loads(text), hashes)
            writer.write_file(name, text.encode("utf-8"))
    except BaseException:
        writer.abort()
        raise
    return writer.commit()


def replace_tables(processed_dir: Path, frames: dict[str, pd.DataFrame]) -> list[Path]:
    """Replace some tables of an output set (e.g. `validation_codes`), the set as a whole.

    The other files are carried over unchanged and build_info.json records the new files'
    hashes, so that readers still see one consistent set.

    Raises:
        OutputError: the folder cannot be written (one line; previous outputs kept).
    """
    processed_dir = Path(processed_dir)
    info = load_build_info(processed_dir)
    writer = TableSetWriter(processed_dir, names=[])
    try:
        for name, df in frames.items():
            writer.add_table(name, frame_rows(enforce_schema(df, TABLES[name])))
        if info:
            hashes = {**info.pop("files", {}), **writer.close_tables()}
            writer.write_file(BUILD_INFO, with_file_hashes(info, hashes).encode("utf-8"))
    except BaseException:
        writer.abort()
        raise
    return writer.commit()


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
        MixedOutputsError: a table file is not the one build_info.json records (files of two
            builds mixed, or a file edited by hand).
    """
    import pandas as pd

    folder = Path(processed_dir)
    expected = load_build_info(folder).get("files", {})
    frames = {}
    for name, schema in TABLES.items():
        path = folder / f"{name}.parquet"
        if not path.exists():
            raise FileNotFoundError(f"{path} not found: run `regionkit build` first")
        data = path.read_bytes()
        want = expected.get(path.name)
        if expected and hashlib.sha256(data).hexdigest() != want:
            raise MixedOutputsError(
                f"{path}: not the file build_info.json records (outputs of two builds mixed, "
                "or edited); run `regionkit build` again")
        frames[name] = enforce_schema(pd.read_parquet(io.BytesIO(data)), schema)
    return Tables(**frames)
