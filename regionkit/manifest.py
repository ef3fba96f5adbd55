"""The raw-data manifest: `data/raw/manifest.csv` read, checked and completed.

Each row describes one document (see docs in ../shared/spec/interface.md). A row with a bad
value is reported as a `ManifestProblem` naming its line number and the value, and skipped; the
other rows are kept. Files in the folder that no row names are returned as unlisted rows, so
that they are processed with metadata inferred from their text. This module never reads the
documents themselves.

What spreadsheet programs write is accepted: a byte-order mark, CRLF line ends, `;` or tab as
the delimiter (Swedish Excel saves "CSV" with `;`), and cp1252 (Excel's "CSV" on Swedish
Windows) decoded with a warning on every row. File names match in any Unicode normal form (macOS
writes "å" decomposed). Refused, with the row or column named: a repeated column name, and a
quote that is never closed (it would swallow the rows after it). A file in the folder that is
a link to somewhere outside it is never read.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from regionkit import vocab
from regionkit.ids import slug

MANIFEST_NAME = "manifest.csv"
DOC_TYPES = vocab.document_type_ids()
"""Document type ids (regionkit/data/document_types.yaml)."""
SJUKVARDSREGION_IDS = vocab.healthcare_region_ids()
"""Healthcare region ids (regionkit/lexicons/sjukvardsregioner.yaml)."""
KNOWN_COLUMNS = (
    "doc_id",
    "file",
    "sjukvardsregion",
    "body",
    "doc_type",
    "period_start",
    "period_end",
    "date",
    "title",
    "ocr",
)
REQUIRED_COLUMNS = ("doc_id", "file")
# Same list as regionkit.ingest.SUPPORTED_SUFFIXES; repeated so that reading a manifest does not
# import the PDF and DOCX readers.
DOCUMENT_SUFFIXES = (".txt", ".md", ".pdf", ".docx")

_DOC_ID = re.compile(r"[a-z0-9_-]+")
_YEAR = re.compile(r"\d{4}")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MIN_YEAR, _MAX_YEAR = 1900, 2100
# Delimiters tried, in order, when reading the header.
DELIMITERS = (",", ";", "\t")
# Values of the `ocr` column.
_YES = frozenset({"yes", "ja", "true", "1", "x", "y", "j"})
_NO = frozenset({"", "no", "nej", "false", "0", "n"})


@dataclass(frozen=True)
class ManifestRow:
    """One document to process, with the metadata the manifest gives.

    Attributes:
        row: line number in manifest.csv (header = 1); 0 for a file without a row.
        doc_id: unique id (`[a-z0-9_-]+`).
        path: absolute path of the file.
        file: the path as written in the manifest (relative to its folder, `/`-separated).
        sjukvardsregion: canonical healthcare-region id, or None.
        body: issuing body (free text), or None.
        doc_type: one of DOC_TYPES, or None.
        period_start: first year covered, or None.
        period_end: last year covered (= period_start when the manifest leaves it empty).
        date: ISO date of the document, or None.
        title: title, or None.
        extra: unknown columns, kept as written.
        listed: False for a file found in the folder without a manifest row.
        ocr: OCR the file if it is a PDF without a text layer (column `ocr`: yes/ja/1/x).
        warnings: what a reader of the results should know about the row (one line each).
    """

    row: int
    doc_id: str
    path: Path
    file: str
    sjukvardsregion: str | None = None
    body: str | None = None
    doc_type: str | None = None
    period_start: int | None = None
    period_end: int | None = None
    date: str | None = None
    title: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    listed: bool = True
    ocr: bool = False
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class ManifestProblem:
    """A manifest row (or the manifest itself) that could not be used as written.

    Attributes:
        row: line number in manifest.csv (header = 1), or None for the whole file.
        column: the column at fault, or None.
        value: the offending value as written.
        reason: the whole message, naming the value (what `str()` shows after the row).
    """

    row: int | None
    column: str | None
    value: str
    reason: str

    def __str__(self) -> str:
        if self.row is None and self.column == "file":  # a file of the folder, not a row
            return f"{self.value}: {self.reason}"
        where = MANIFEST_NAME if self.row is None else f"{MANIFEST_NAME} row {self.row}"
        return f"{where}: {self.reason}"


def read_manifest(raw_dir: Path) -> tuple[list[ManifestRow], list[ManifestProblem]]:
    """Read and check `raw_dir/manifest.csv`, and add the files it does not list.

    Args:
        raw_dir: the folder with the manifest and the documents.

    Returns:
        (rows, problems): the good rows in manifest order followed by unlisted files (sorted by
        path), and one problem per bad value or unusable manifest.
    """
    raw_dir = Path(raw_dir).resolve()
    manifest = raw_dir / MANIFEST_NAME
    problems: list[ManifestProblem] = []
    rows: list[ManifestRow] = []
    named: set[Path] = set()
    if not manifest.is_file():
        problems.append(
            ManifestProblem(
                None, None, str(manifest),
                f"{MANIFEST_NAME} not found in {raw_dir}: every document is processed with "
                "metadata inferred from its text",
            )
        )
    else:
        rows, named, file_problems = _read_rows(manifest, raw_dir)
        problems.extend(file_problems)
    used_ids = {row.doc_id for row in rows}
    unlisted, link_problems = _unlisted(raw_dir, named, used_ids)
    rows.extend(unlisted)
    problems.extend(link_problems)
    return rows, problems


def _read_rows(
    manifest: Path, raw_dir: Path
) -> tuple[list[ManifestRow], set[Path], list[ManifestProblem]]:
    """Parse the manifest: good rows, every path a row names (good or bad), problems."""
    data = manifest.read_bytes()
    text, warning = _decode(data)
    delimiter, header = _header(text)
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        shown = {",": "','", ";": "';'", "\t": "tab"}
        return [], set(), [
            ManifestProblem(
                1, None, delimiter.join(header),
                f"header lacks column(s) {', '.join(missing)} (header: {','.join(header)}; "
                f"read with the delimiters {', '.join(shown[d] for d in DELIMITERS)}); every "
                "document is processed with metadata inferred from its text",
            )
        ]
    repeated = _repeated_column(header)
    if repeated:
        return [], set(), [ManifestProblem(1, repeated, repeated, (
            f"column '{repeated}' appears twice in the header; keep one (every document is "
            "processed with metadata inferred from its text)"))]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    next(reader, None)
    rows: list[ManifestRow] = []
    named: set[Path] = set()
    problems: list[ManifestProblem] = []
    first_row_of_id: dict[str, int] = {}
    first_row_of_path: dict[Path, int] = {}
    line = reader.line_num
    while True:
        row_number = line + 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(_unterminated(row_number, str(exc)))
            break
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if _swallows_rows(values, len(header), delimiter):
            problems.append(_unterminated(row_number, "a quoted value runs over the next rows"))
            break
        path = _resolved(raw_dir, _cell(header, values, "file"))
        if path is not None:
            named.add(path)
        row, row_problems = parse_row(row_number, header, values, raw_dir)
        if row is not None:
            row_problems = _duplicates(row, first_row_of_id, first_row_of_path)
        if row_problems:
            problems.extend(row_problems)
        else:
            rows.append(replace(row, warnings=(warning,)) if warning else row)
    return rows, named, problems


def _decode(data: bytes) -> tuple[str, str | None]:
    """Decode the manifest: UTF-8 (with or without BOM), else cp1252 with a warning."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        where = f"byte 0x{data[exc.start]:02x} at offset {exc.start}"
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return text, (f"{MANIFEST_NAME} is not UTF-8 ({where}): read as cp1252 (Excel on Windows); "
                  "check å/ä/ö in its values, or save it as CSV UTF-8")


def _header(text: str) -> tuple[str, list[str]]:
    """Return the delimiter whose header has the required columns (else the widest) and it."""
    first = text.split("\n", 1)[0].rstrip("\r")
    best: tuple[int, str, list[str]] | None = None
    for delimiter in DELIMITERS:
        header = [name.strip().lstrip("\ufeff") for name in next(
            csv.reader([first], delimiter=delimiter), [])]
        found = sum(name in header for name in REQUIRED_COLUMNS)
        if found == len(REQUIRED_COLUMNS):
            return delimiter, header
        if best is None or len(header) > len(best[2]):
            best = (found, delimiter, header)
    return best[1], best[2]


def _repeated_column(header: list[str]) -> str | None:
    seen = set()
    for name in header:
        if name and name in seen:
            return name
        seen.add(name)
    return None


def _swallows_rows(values: list[str], n_columns: int, delimiter: str) -> bool:
    """Tell if a value holds line breaks followed by whole manifest rows (an unclosed quote)."""
    for value in values:
        for line in value.split("\n")[1:]:
            if line.count(delimiter) >= max(1, n_columns - 2):
                return True
    return False


def _unterminated(row_number: int, detail: str) -> ManifestProblem:
    return ManifestProblem(row_number, None, "", (
        f"unterminated quote: a '\"' in this row is never closed ({detail}); close it. The rows "
        "from here on are not read (their files are processed with metadata inferred from "
        "their text)"))


def _cell(header: list[str], values: list[str], column: str) -> str:
    try:
        return values[header.index(column)].strip()
    except (ValueError, IndexError):
        return ""


def _duplicates(
    row: ManifestRow, first_row_of_id: dict[str, int], first_row_of_path: dict[Path, int]
) -> list[ManifestProblem]:
    """Report a doc_id or file that an earlier kept row uses; remember them if none is."""
    problems = []
    if row.doc_id in first_row_of_id:
        problems.append(ManifestProblem(
            row.row, "doc_id", row.doc_id,
            f"doc_id '{row.doc_id}' already used by row {first_row_of_id[row.doc_id]}",
        ))
    if row.path in first_row_of_path:
        problems.append(ManifestProblem(
            row.row, "file", row.file,
            f"file '{row.file}' already listed by row {first_row_of_path[row.path]}",
        ))
    if not problems:
        first_row_of_id[row.doc_id] = row.row
        first_row_of_path[row.path] = row.row
    return problems


def parse_row(
    row_number: int, header: list[str], values: list[str], raw_dir: Path
) -> tuple[ManifestRow | None, list[ManifestProblem]]:
    """Check one manifest row on its own (duplicates across rows are checked by the caller).

    Args:
        row_number: its line number in the manifest (header = 1).
        header: the column names.
        values: the row's cells.
        raw_dir: the manifest's folder (resolved).

    Returns:
        (row, problems): the row when it has no problem, else None and every problem found.
    """
    if len(values) > len(header):
        extra = ",".join(values[len(header):])
        return None, [ManifestProblem(
            row_number, None, extra,
            f"{len(values)} fields but the header has {len(header)} (extra: '{extra}'); "
            "is a comma inside a value not quoted?",
        )]
    cells = {name: (values[i].strip() if i < len(values) else "") for i, name in
             enumerate(header)}
    problems: list[ManifestProblem] = []

    def bad(column: str, reason: str) -> None:
        problems.append(ManifestProblem(row_number, column, cells.get(column, ""), reason))

    doc_id = cells["doc_id"]
    if not doc_id:
        bad("doc_id", "empty doc_id")
    elif not _DOC_ID.fullmatch(doc_id):
        bad("doc_id", f"doc_id '{doc_id}' is not of the form [a-z0-9_-]+ (try '{slug(doc_id)}')")
    path = _check_file(cells["file"], raw_dir, bad)
    region = _check_choice(cells, "sjukvardsregion", SJUKVARDSREGION_IDS, bad)
    doc_type = _check_choice(cells, "doc_type", DOC_TYPES, bad)
    start = _check_year(cells, "period_start", bad)
    end = _check_year(cells, "period_end", bad)
    if start is None and end is not None and not cells.get("period_start"):
        bad("period_end", f"period_end '{end}' given without period_start")
    elif start is not None and end is not None and end < start:
        bad("period_end", f"period_end {end} is before period_start {start}")
    date = _check_date(cells, bad)
    ocr = _check_ocr(cells, bad)
    if problems or path is None:
        return None, problems
    return ManifestRow(
        row=row_number,
        doc_id=doc_id,
        path=path,
        file=cells["file"],
        sjukvardsregion=region,
        body=cells.get("body") or None,
        doc_type=doc_type,
        period_start=start,
        period_end=end if end is not None else start,
        date=date,
        title=cells.get("title") or None,
        extra={k: v for k, v in cells.items() if k not in KNOWN_COLUMNS},
        ocr=ocr,
    ), problems


def _check_ocr(cells: dict[str, str], bad) -> bool:
    value = cells.get("ocr", "")
    if value.lower() in _YES:
        return True
    if value.lower() not in _NO:
        bad("ocr", f"ocr '{value}' is not yes or no")
    return False


def _resolved(raw_dir: Path, file: str) -> Path | None:
    if not file:
        return None
    path = (raw_dir / file).resolve()
    if not path.exists():
        path = _any_normal_form(path)
    return path


def _any_normal_form(path: Path) -> Path:
    """Return the file whose name equals `path`'s in Unicode NFC, else `path` as given.

    A name typed on Windows or Linux is usually NFC ("å" one character); macOS writes file
    names NFD ("a" + ring), so "Återrapport.pdf" in the manifest would not be found.
    """
    parent = path.parent
    for candidate in (unicodedata.normalize("NFC", path.name),
                      unicodedata.normalize("NFD", path.name)):
        if (parent / candidate).exists():
            return parent / candidate
    try:
        wanted = unicodedata.normalize("NFC", path.name)
        for entry in os.scandir(parent):
            if unicodedata.normalize("NFC", entry.name) == wanted:
                return parent / entry.name
    except OSError:
        pass
    return path


def _check_file(file: str, raw_dir: Path, bad) -> Path | None:
    if not file:
        bad("file", "empty file")
        return None
    path = _resolved(raw_dir, file)
    if not path.is_relative_to(raw_dir):
        bad("file", f"file '{file}' is outside the manifest's folder {raw_dir}")
        return None
    if not path.exists():
        bad("file", f"file '{file}' not found in {raw_dir}")
        return None
    if not path.is_file():
        bad("file", f"file '{file}' is not a file")
        return None
    return path


def _check_choice(cells: dict[str, str], column: str, valid: tuple[str, ...], bad) -> str | None:
    value = cells.get(column, "")
    if not value:
        return None
    if value in valid:
        return value
    hint = f"; did you mean '{slug(value)}'?" if slug(value) in valid else ""
    bad(column, f"unknown {column} '{value}' (valid: {', '.join(valid)}){hint}")
    return None


def _check_year(cells: dict[str, str], column: str, bad) -> int | None:
    value = cells.get(column, "")
    if not value:
        return None
    if not _YEAR.fullmatch(value) or not _MIN_YEAR <= int(value) <= _MAX_YEAR:
        bad(column, f"{column} '{value}' is not a year ({_MIN_YEAR}-{_MAX_YEAR})")
        return None
    return int(value)


def _check_date(cells: dict[str, str], bad) -> str | None:
    value = cells.get("date", "")
    if not value:
        return None
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(value)
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        bad("date", f"date '{value}' is not an ISO date (YYYY-MM-DD)")
        return None


def unlisted_rows(raw_dir: Path, named: set[Path], used_ids: set[str]) -> list[ManifestRow]:
    """Rows for the documents in `raw_dir` (and below) that no manifest row names.

    Hidden files, Office lock files (`~$...`) and the manifest itself are left out, and so is a
    link (or a file in a linked folder) that leads outside `raw_dir`: its target is never read.
    The doc_id is the slug of the file stem, made unique with the suffix and then a number.

    Args:
        raw_dir: the folder (resolved).
        named: paths any manifest row names, good or bad (a skipped row's file stays skipped).
        used_ids: doc_ids already taken.

    Returns:
        Unlisted rows sorted by path, with `row=0`, `listed=False` and no metadata.
    """
    return _unlisted(raw_dir, named, used_ids)[0]


def _unlisted(raw_dir: Path, named: set[Path], used_ids: set[str]
              ) -> tuple[list[ManifestRow], list[ManifestProblem]]:
    taken = set(used_ids)
    rows: list[ManifestRow] = []
    problems: list[ManifestProblem] = []
    named_nfc = {unicodedata.normalize("NFC", str(p)) for p in named}
    for path in sorted(raw_dir.rglob("*")):
        relative = path.relative_to(raw_dir)
        if (
            path.suffix.lower() not in DOCUMENT_SUFFIXES
            or any(part.startswith((".", "~$")) for part in relative.parts)
            or relative.as_posix() == MANIFEST_NAME
        ):
            continue
        target = path.resolve()
        if not target.is_relative_to(raw_dir):
            problems.append(ManifestProblem(None, "file", relative.as_posix(), (
                f"a link to a file outside {raw_dir}: left out, not read (copy the file into "
                "the folder to process it)")))
            continue
        if not target.is_file() or unicodedata.normalize("NFC", str(target)) in named_nfc:
            continue
        doc_id = _unique_id(path, taken)
        taken.add(doc_id)
        rows.append(ManifestRow(row=0, doc_id=doc_id, path=target,
                                file=relative.as_posix(), listed=False))
    return rows, problems


def _unique_id(path: Path, taken: set[str]) -> str:
    base = slug(path.stem) or "doc"
    candidate = base if base not in taken else f"{base}-{path.suffix.lower().lstrip('.')}"
    number = 2
    while candidate in taken:
        candidate = f"{base}-{number}"
        number += 1
    return candidate
