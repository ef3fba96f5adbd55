"""Tagged PDF: what the structure tree (StructTreeRoot) says about the text of a page.

Accessible PDFs (Swedish public bodies must publish them) mark each piece of text with a
marked-content id (MCID) and hang those ids on a tree of structure elements: H1–H6, P, L/LI/
LBody, Table/TR/TD. Page furniture is marked as an Artifact and has no id. pdfplumber gives each
character its MCID and marked-content tag, and each page its structure tree; this module turns
that into a map MCID -> `Hint`, which the layout reader (`pdf_layout`) uses to cut blocks where
the author's paragraphs end and to know headings, list items and table cells for certain. A
table cell's hint also says which table, row and column it is in (and whether it is a header
cell, TH or in THead), so that a table drawn without ruling lines still gives rows of cells in
order.

A tree that cannot be read (damaged, or a form pdfplumber does not handle) gives no hints: the
layout reader then works from geometry alone, as for an untagged PDF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADING = re.compile(r"H([1-6])?")
_TABLE_TYPES = frozenset({"Table", "TR", "TD", "TH", "THead", "TBody", "TFoot"})


@dataclass(frozen=True)
class Hint:
    """What one MCID's text is, according to the structure tree.

    Attributes:
        element: a number for the block element (paragraph, heading, list item, table cell) the
            text belongs to; text of one element is one block.
        role: "heading", "title", "list_item", "table" or "paragraph".
        level: a heading's level (1 for H1 and for a bare H).
        cell: for a table cell, (table, row, column): the Table element's number on the page,
            the row's index in the table and the cell's column (a cell spanning columns has
            the first of them, the next cell comes after the span); else None.
        header: a table cell that is a header cell (TH, or any cell in THead).
    """

    element: int
    role: str
    level: int = 0
    cell: tuple[int, int, int] | None = None
    header: bool = False


@dataclass
class _TableWalk:
    """Where the walk is inside a table: its number, the rows met so far, the current row."""

    number: int
    rows: int = 0
    columns: int = 0
    head: bool = False


def page_hints(page) -> dict[int, Hint]:
    """Return MCID -> Hint for one pdfplumber page (empty when the page has no usable tree)."""
    try:
        tree = page.structure_tree
    except Exception:  # noqa: BLE001 - a damaged or unusual tree is no reason to fail the file
        return {}
    hints: dict[int, Hint] = {}
    counter = [0]
    tables = [0]

    def walk(element: dict, context: tuple[str, int, int], table: _TableWalk | None,
             cell: tuple[int, int, int] | None, header: bool) -> None:
        kind = element.get("type", "")
        role, level, owner = context
        heading = _HEADING.fullmatch(kind)
        if kind == "Title":
            role, level, owner = "title", 0, _next(counter)
        elif heading:
            role, level, owner = "heading", int(heading.group(1) or 1), _next(counter)
        elif kind == "LI" and role != "table":
            role, owner = "list_item", _next(counter)
        elif kind in ("TD", "TH"):
            role, owner = "table", _next(counter)
        elif kind in _TABLE_TYPES:
            role = "table"
        elif role == "paragraph":
            owner = _next(counter)
        table, cell, header = _table_step(kind, element, table, cell, header, tables)
        for mcid in element.get("mcids") or ():
            hints.setdefault(int(mcid), Hint(owner, role, level, cell, header))
        for child in element.get("children") or ():
            walk(child, (role, level, owner), table, cell, header)

    try:
        for top in tree:
            walk(top, ("paragraph", 0, _next(counter)), None, None, False)
    except (TypeError, ValueError, KeyError, AttributeError):
        return {}
    return hints


def _table_step(kind: str, element: dict, table: _TableWalk | None,
                cell: tuple[int, int, int] | None, header: bool, tables: list[int]
                ) -> tuple[_TableWalk | None, tuple[int, int, int] | None, bool]:
    """Follow the walk into a table element: a new table, a new row, a cell's position."""
    if kind == "Table":
        return _TableWalk(_next(tables)), None, False
    if table is None:
        return table, cell, header
    if kind == "TR":
        table.rows += 1
        table.columns = 0
    elif kind == "THead":
        header = True
    elif kind in ("TD", "TH") and table.rows:
        cell = (table.number, table.rows - 1, table.columns)
        table.columns += _span(element)
        header = header or kind == "TH"
    return table, cell, header


def _span(element: dict) -> int:
    """Return the number of columns a TD/TH spans (its ColSpan attribute, default 1)."""
    attributes = element.get("attributes") or {}
    try:
        return max(1, min(int(attributes.get("ColSpan", 1)), 50))
    except (TypeError, ValueError):
        return 1


def _next(counter: list[int]) -> int:
    counter[0] += 1
    return counter[0]


def is_tagged(pdf) -> bool:
    """Tell if a pdfplumber PDF has a structure tree."""
    try:
        return "StructTreeRoot" in pdf.doc.catalog
    except Exception:  # noqa: BLE001
        return False
