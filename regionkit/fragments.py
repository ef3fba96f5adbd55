"""Fragments: the rows one document gives a table, rendered once for every output format.

A build renders each document's rows (from `regionkit.rows.document_rows`) in the worker that
made them: sorted by the table's key and checked against its schema, as Arrow (for Parquet),
CSV text and spreadsheet XML. The writer only concatenates fragments, and the cache stores them
as they are, so a rebuild from the cache writes the same bytes as a cold build.

What is written where:

* **Parquet** keeps the exact values.
* **CSV** (plain data for R, Stata and pandas): a text cell that starts with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return gets a single quote ``'`` in front, as OWASP
  recommends against formula injection ("- item" is written ``'- item``), so that no spreadsheet
  program runs it as a formula.
* **XLSX**: every text cell is an inline string (never a formula); a text longer than Excel's
  limit of 32,767 characters is cut, and the cell ends with `TRUNCATED_MARKER`.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from functools import cache

from regionkit.schemas import TABLES, SchemaError, TableSchema

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_MAX_CHARS = 32_767
TRUNCATED_MARKER = " [… cut at Excel's cell limit; the full text is in the CSV and Parquet files]"
_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
# Characters XML 1.0 cannot hold, written as OOXML's _xHHHH_ escape (and a literal "_x0041_" in
# the text has its underscore escaped, so that it is not read as an escape).
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")

_ARROW_TYPES = {"string": "string", "int64": "int64", "Int64": "int64", "float64": "float64",
                "boolean": "bool_"}


@dataclass(frozen=True)
class Fragment:
    """One document's rows of one table, in each output format.

    Attributes:
        n_rows: number of rows.
        arrow: the rows as an Arrow IPC stream (Parquet is written from it).
        csv: CSV lines (no header), formula-looking text made safe.
        xlsx: ``<row>`` elements of a worksheet (no header).
    """

    n_rows: int
    arrow: bytes
    csv: str
    xlsx: str


@cache
def arrow_schema(name: str):
    """Return the Arrow schema of a table, with the pandas metadata that restores its dtypes."""
    import pyarrow as pa

    schema = TABLES[name]
    fields = [pa.field(c.name, getattr(pa, _ARROW_TYPES[c.dtype])()) for c in schema.columns]
    pandas_meta = {
        "index_columns": [], "column_indexes": [], "pandas_version": "2.2",
        "columns": [{"name": c.name, "field_name": c.name, "pandas_type":
                     {"string": "unicode", "Int64": "int64", "boolean": "bool_"}.get(c.dtype,
                                                                                     c.dtype),
                     "numpy_type": c.dtype, "metadata": None} for c in schema.columns],
    }
    return pa.schema(fields, metadata={b"pandas": json.dumps(pandas_meta).encode()})


def _sorted_checked(schema: TableSchema, rows: list[dict]) -> list[dict]:
    names = schema.column_names
    for row in rows:
        if len(row) != len(names) or any(n not in row for n in names):
            extra = sorted(set(row) - set(names))
            missing = [n for n in names if n not in row]
            raise SchemaError(f"{schema.name}: missing columns {missing}, "
                              f"unexpected columns {extra}")
    key = schema.key
    keys = [tuple(row[k] for k in key) for row in rows]
    if any(v is None for k in keys for v in k):
        raise SchemaError(f"{schema.name}: null values in key {list(key)}")
    if len(set(keys)) != len(keys):
        seen: set = set()
        dup = next(k for k in keys if k in seen or seen.add(k))
        raise SchemaError(f"{schema.name}: key {list(key)} not unique, e.g. {list(dup)}")
    order = sorted(range(len(rows)), key=keys.__getitem__)
    return [rows[i] for i in order]


def _csv_text(schema: TableSchema, rows: list[dict]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    strings = [c.dtype == "string" for c in schema.columns]
    names = schema.column_names
    for row in rows:
        writer.writerow([safe_csv_cell(row[n]) if s else row[n]
                         for n, s in zip(names, strings, strict=True)])
    return buf.getvalue()


def safe_csv_cell(value):
    """Return a text cell as CSV should hold it: formula-looking text prefixed with ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


_XML_NEEDS = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_x")


def xlsx_text(value: str) -> str:
    """Return the XML text of a string cell: escaped, cut at Excel's limit with a marker."""
    if len(value) > XLSX_MAX_CHARS:
        value = value[:XLSX_MAX_CHARS - len(TRUNCATED_MARKER)] + TRUNCATED_MARKER
    if not _XML_NEEDS.search(value):
        return value
    value = value.translate(_XML_ESCAPES)
    if _XML_BAD.search(value):
        value = _XML_BAD.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
    return value


def _string_cell(value) -> str:
    if value is None:
        return "<c/>"
    text = str(value)
    space = ' xml:space="preserve"' if text != text.strip() or "  " in text else ""
    return f'<c t="inlineStr"><is><t{space}>{xlsx_text(text)}</t></is></c>'


def _number_cell(value) -> str:
    if value is None or value != value:  # missing, NaN
        return "<c/>"
    return f"<c><v>{value!r}</v></c>"


def _bool_cell(value) -> str:
    if value is None:
        return "<c/>"
    return f'<c t="b"><v>{int(value)}</v></c>'


def _xlsx_cell(value) -> str:
    if isinstance(value, bool):
        return _bool_cell(value)
    if isinstance(value, int | float):
        return _number_cell(value)
    return _string_cell(value)


_CELL_BY_DTYPE = {"string": _string_cell, "int64": _number_cell, "Int64": _number_cell,
                  "float64": _number_cell, "boolean": _bool_cell}


def xlsx_rows(rows: list[list], dtypes: list[str] | None = None) -> str:
    """Return ``<row>`` elements holding `rows` (lists of cell values; `dtypes` per column)."""
    if dtypes is None:
        return "".join("<row>" + "".join(map(_xlsx_cell, row)) + "</row>" for row in rows)
    cells = [_CELL_BY_DTYPE[d] for d in dtypes]
    return "".join("<row>" + "".join([f(v) for f, v in zip(cells, row, strict=True)])
                   + "</row>" for row in rows)


def render(name: str, rows: list[dict]) -> Fragment:
    """Render one document's rows of table `name`: sorted by key, checked, in every format.

    Raises:
        SchemaError: a row lacks a column or has an extra one, the key is null or repeated, or
            a value does not fit its column's type.
    """
    import pyarrow as pa

    schema = TABLES[name]
    rows = _sorted_checked(schema, rows)
    names = schema.column_names
    columns = [[row[n] for row in rows] for n in names]
    target = arrow_schema(name)
    try:
        batch = pa.RecordBatch.from_arrays(
            [pa.array(col, type=f.type) for col, f in zip(columns, target, strict=True)],
            schema=target)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, OverflowError) as exc:
        raise SchemaError(f"{name}: {' '.join(str(exc).split())[:200]}") from exc
    sink = io.BytesIO()
    with pa.ipc.new_stream(sink, batch.schema) as out:
        out.write_batch(batch)
    return Fragment(len(rows), sink.getvalue(), _csv_text(schema, rows),
                    xlsx_rows([list(r) for r in zip(*columns, strict=True)] if rows else [],
                              [c.dtype for c in schema.columns]))


def render_all(rows: dict[str, list[dict]]) -> dict[str, Fragment]:
    """Render the rows of every table of a document (`regionkit.rows.document_rows`)."""
    return {name: render(name, table_rows) for name, table_rows in rows.items()}


# -- one document's fragments as one file (the build cache) ------------------------------------

def encode_entry(header: dict, fragments: dict[str, Fragment]) -> bytes:
    """Return a JSON header line, then each fragment's Arrow, CSV and XLSX parts as bytes."""
    parts: list[bytes] = []
    sections = []
    for name, frag in fragments.items():
        for kind, data in (("arrow", frag.arrow), ("csv", frag.csv.encode("utf-8")),
                           ("xlsx", frag.xlsx.encode("utf-8"))):
            sections.append([name, kind, len(data), frag.n_rows])
            parts.append(data)
    head = json.dumps({**header, "sections": sections}, ensure_ascii=False, sort_keys=True)
    return head.encode("utf-8") + b"\n" + b"".join(parts)


def decode_header(data: bytes) -> dict:
    """Return the header of an entry written by `encode_entry`."""
    return json.loads(data[:data.index(b"\n")])


def decode_entry(data: bytes) -> tuple[dict, dict[str, Fragment]]:
    """Return the header and fragments of an entry written by `encode_entry`.

    Raises:
        ValueError: the entry is damaged.
    """
    cut = data.index(b"\n")
    header = json.loads(data[:cut])
    pos = cut + 1
    parts: dict[str, dict] = {}
    for name, kind, size, n_rows in header["sections"]:
        chunk = data[pos:pos + size]
        if len(chunk) != size:
            raise ValueError("truncated cache entry")
        pos += size
        part = parts.setdefault(name, {"n_rows": n_rows})
        part[kind] = chunk if kind == "arrow" else chunk.decode("utf-8")
    frags = {name: Fragment(p["n_rows"], p["arrow"], p["csv"], p["xlsx"])
             for name, p in parts.items()}
    return header, frags
