"""The structured representation that the DOCX and PDF readers both produce.

A structured document is its text plus a list of `Block`: what each stretch of the text is
(a heading and its level, a list item, a paragraph, a table row and its cells, a line of a table of
contents, a footnote, or page furniture:
a running header, a footer, a page number), with offsets into the text. Segmentation has one
path for such documents (`regionkit.segment.structured`) and another for plain text.

The text is laid out by `TextBuilder`: body blocks in reading order, a blank line between blocks
(a single line break inside a run of list items or of table rows), then the footnotes (in the
order met), then the page furniture after
the body, so that a header between two pages never cuts a paragraph or an activity in two. Table
cells are joined by a tab; a list item starts with its marker ("- " for a bullet, "1." for a
numbered item).
"""

from __future__ import annotations

from dataclasses import dataclass, field

BLOCK_KINDS = (
    "heading",
    "list_item",
    "paragraph",
    "table_row",
    "toc",
    "footnote",
    "header",
    "footer",
    "page_number",
)
FURNITURE_KINDS = frozenset({"header", "footer", "page_number"})


@dataclass(frozen=True)
class Block:
    """One block of a structured document.

    Attributes:
        kind: one of BLOCK_KINDS.
        start: offset of its first character in the document text.
        end: offset after its last character.
        level: a heading's level (0 for the document title, 1 for a top section, ...); a list
            item's nesting depth (0 = top); else 0.
        cells: a table row's cells as (start, end) offsets, in order.
        table: the number of the table a row belongs to (0, 1, ...), else -1.
        header_row: a table row that heads its table (column names).
        page: the page (1-based) the block starts on, where the format has pages.
    """

    kind: str
    start: int
    end: int
    level: int = 0
    cells: tuple[tuple[int, int], ...] = ()
    table: int = -1
    header_row: bool = False
    page: int | None = None


@dataclass
class _Pending:
    kind: str
    text: str
    level: int = 0
    cells: tuple[str, ...] = ()
    table: int = -1
    header_row: bool = False
    page: int | None = None


@dataclass
class TextBuilder:
    """Collects blocks, then lays out the document text and the blocks' offsets."""

    body: list[_Pending] = field(default_factory=list)
    furniture: list[_Pending] = field(default_factory=list)
    notes: list[_Pending] = field(default_factory=list)
    n_tables: int = 0

    def add(self, kind: str, text: str, *, level: int = 0, page: int | None = None) -> None:
        """Add a heading, list item, paragraph or piece of furniture (empty text is dropped)."""
        text = " ".join(text.split()) if kind != "paragraph" else _tidy(text)
        if not text:
            return
        target = (self.furniture if kind in FURNITURE_KINDS
                  else self.notes if kind == "footnote" else self.body)
        target.append(_Pending(kind, text, level, page=page))

    def new_table(self) -> int:
        """Start a table; return its number for `add_row`."""
        self.n_tables += 1
        return self.n_tables - 1

    def add_row(self, table: int, cells: list[str], *, header_row: bool = False,
                page: int | None = None) -> None:
        """Add a table row (a row whose cells are all empty is dropped)."""
        cells_ = tuple(" ".join(c.split()) for c in cells)
        if any(cells_):
            self.body.append(_Pending("table_row", "\t".join(cells_), cells=cells_, table=table,
                                      header_row=header_row, page=page))

    def build(self) -> tuple[str, tuple[Block, ...]]:
        """Return the text and its blocks."""
        parts: list[str] = []
        blocks: list[Block] = []
        pos = 0
        previous: _Pending | None = None
        for item in [*self.body, *self.notes, *self.furniture]:
            if parts:
                sep = "\n" if _same_run(previous, item) else "\n\n"
                parts.append(sep)
                pos += len(sep)
            cells: list[tuple[int, int]] = []
            if item.kind == "table_row":
                at = pos
                for cell in item.cells:
                    cells.append((at, at + len(cell)))
                    at += len(cell) + 1
            parts.append(item.text)
            blocks.append(Block(item.kind, pos, pos + len(item.text), item.level, tuple(cells),
                                item.table, item.header_row, item.page))
            pos += len(item.text)
            previous = item
        return "".join(parts), tuple(blocks)


def _same_run(a: _Pending | None, b: _Pending) -> bool:
    if a is None or a.kind != b.kind:
        return False
    return b.kind in ("list_item", "toc") or (b.kind == "table_row" and a.table == b.table)


def _tidy(text: str) -> str:
    """Collapse runs of spaces and tabs; keep line breaks (a paragraph may hold several lines)."""
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)
