"""Tables in PDFs without ruling lines: from a tagged PDF's structure tree, and from geometry.

Expected rows are the authored ones (make_unseen.py's tables, or the rows drawn in the test),
never the reader's own output.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from regionkit.ingest import read_document
from regionkit.ingest.pdf_tagged import page_hints

OFFICE = Path(__file__).resolve().parent / "data" / "office"


def _authored() -> dict:
    spec = importlib.util.spec_from_file_location("make_unseen", OFFICE / "make_unseen.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.DOCUMENTS


class _Page:
    def __init__(self, tree: list[dict]) -> None:
        self.structure_tree = tree


def _cell(kind: str, *mcids: int, **attributes) -> dict:
    return {"type": kind, "attributes": attributes,
            "children": [{"type": "P", "mcids": list(mcids)}]}


def test_structure_tree_gives_each_cell_its_table_row_and_column():
    tree = [{"type": "Document", "children": [
        {"type": "P", "mcids": [0]},
        {"type": "Table", "children": [
            {"type": "THead", "children": [
                {"type": "TR", "children": [_cell("TD", 1), _cell("TD", 2, ColSpan=2)]}]},
            {"type": "TBody", "children": [
                {"type": "TR", "children": [_cell("TD", 3), _cell("TD", 4), _cell("TD", 5)]},
                {"type": "TR", "children": [_cell("TH", 6), _cell("TD", 7, 8)]}]}]},
        {"type": "Table", "children": [{"type": "TR", "children": [_cell("TD", 9)]}]},
    ]}]
    hints = page_hints(_Page(tree))
    assert hints[0].cell is None and hints[0].role == "paragraph"
    assert {m: hints[m].cell for m in range(1, 10)} == {
        1: (1, 0, 0), 2: (1, 0, 1),            # the spanning cell takes columns 1 and 2
        3: (1, 1, 0), 4: (1, 1, 1), 5: (1, 1, 2),
        6: (1, 2, 0), 7: (1, 2, 1), 8: (1, 2, 1),
        9: (2, 0, 0)}
    assert [hints[m].header for m in range(1, 10)] == [True, True, False, False, False, True,
                                                       False, False, False]
    assert hints[7].element == hints[8].element != hints[6].element


def _rows(path: Path) -> list[list[str]]:
    raw = read_document(path)
    return [raw.text[b.start:b.end].split("\t") for b in raw.blocks if b.kind == "table_row"]


def _header_rows(path: Path) -> list[bool]:
    raw = read_document(path)
    return [b.header_row for b in raw.blocks if b.kind == "table_row"]


@pytest.mark.parametrize("name", ["unseen_aktivitetsplan_sodra",
                                  "unseen_motesanteckningar_stockholm"])
def test_tagged_pdf_table_without_ruling_lines_gives_the_authored_rows(name: str):
    authored = next(rows for kind, rows in _authored()[name]["blocks"] if kind == "plain_table")
    path = OFFICE / f"{name}.tagged.pdf"
    assert _rows(path) == authored
    # LibreOffice marks the first row's cells TH: that row, and only it, heads the table.
    assert _header_rows(path) == [True] + [False] * (len(authored) - 1)
