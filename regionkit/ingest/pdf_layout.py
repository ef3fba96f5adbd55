"""PDF: the layout of each page (words with positions, font size and weight) to structured blocks.

pdfplumber gives every character with its position, font and size (and, in a tagged PDF, its
marked-content id). From that, page by page:

1. **Tables** with ruling lines (`find_tables`) become rows of cells; their words leave the flow.
   In a tagged PDF, a table the structure tree marks (Table/TR/TH/TD) becomes rows of cells
   even without ruling lines: each word goes to the cell its marked-content id belongs to.
   Elsewhere, three or more consecutive lines whose words fall into the same two or more column
   bands (gaps aligned across the lines) are a table without ruling lines (`_borderless`); a
   cell wrapped over two lines stays one cell of one row.
2. **Lines**: words on one baseline; a gap wider than a column gutter splits a line in pieces.
3. **Columns**: where the pieces of many lines fall on both sides of one vertical gutter, the
   region is read column by column (left column first).
4. **Page furniture**: a line in the top or bottom band of the page that recurs on most pages
   (numbers ignored), a page number ("Sida 3 av 12", "3 (12)", "- 3 -"), or text tagged as an
   Artifact there, is a header, footer or page number.
5. **Blocks**: lines join into a paragraph until a bullet, a change of font size or weight, a
   wider gap, a line that ends short although the next word would have fitted, or (tagged PDF)
   another structure element. Across a page or column break a paragraph goes on only when its
   sentence does. Words hyphenated at a line end are joined by `regionkit.normalize`'s rules.
6. **Kinds**: a list item starts with a bullet glyph (any of segment_patterns.yaml's, also the
   private-use U+F0B7/U+F0A7 of Symbol and Wingdings) or an enumerator; a heading is short, has
   no final punctuation and is set larger or bolder than the body text or numbered like a
   section ("2 Kunskapsstyrning", "2.1 ..."); the largest text opening page 1 is the title. A
   tagged PDF's H1–H6, LI and TD say so for certain.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from regionkit.ingest.pdf_tagged import Hint, page_hints
from regionkit.ingest.structure import TextBuilder
from regionkit.normalize import join_hyphenated_words

# Bands of the page (share of its height) where running headers and footers stand.
TOP_BAND = 0.12
BOTTOM_BAND = 0.90
# A line recurring on at least this share of the pages (and on two or more) is furniture.
REPEAT_SHARE = 0.5
# A gap between two words wider than this many times the font size splits a line in pieces
# (a column gutter, a tab stop); a bullet's gap to its text is narrower.
PIECE_GAP = 2.2
# Font-size difference (points) that makes a line a different style.
SIZE_STEP = 0.6
# A digit set smaller than this share of the page's text size is a footnote mark.
MARK_SHARE = 0.75
# Footnotes stand below this share of the page height and are at least NOTE_STEP points smaller
# than the page's text.
NOTE_ZONE = 0.6
NOTE_STEP = 1.0
# A list item whose marker stands this many font sizes right of the list's first marker is
# nested in the item above it.
NEST_INDENT = 0.8
# Table without ruling lines: a gap this many font sizes wide between words separates cells; a
# cell starts within ALIGN points of its column's start; a table has at least TABLE_MIN_ROWS
# rows and the median line of a cell at most CELL_MAX_WORDS words (longer is prose in columns).
CELL_GAP = 1.2
ALIGN = 3.0
TABLE_MIN_ROWS = 3
CELL_MAX_WORDS = 5
# Cells that fill their column to this share of its width (median) are prose set in columns.
COLUMN_FILL = 0.75
# Rows of one table stand at most this many font sizes apart.
ROW_GAP = 2.0
# A one-cell line this close to the row above (in font sizes) can be a wrapped cell's second line.
WRAP_GAP = 0.6
# Share of a line's characters in a bold font for the line to count as bold.
BOLD_SHARE = 0.8
# A heading is at most this long.
HEADING_MAX_CHARS = 150
HEADING_MAX_WORDS = 14
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi|,b\b|-b\b", re.IGNORECASE)
_SENTENCE_END = ".!?:;"
_ENUMERATOR = re.compile(r"(?:\d{1,2}|[a-zA-Z])[.)]")
_NUMBERED_HEADING = re.compile(r"(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(?P<title>\S.*)")


@dataclass(frozen=True)
class _Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    mcid: int | None
    artifact: bool


@dataclass
class _Line:
    words: list[_Word]
    page: int
    column: int = 0  # 0: full width, 1: left column, 2: right column
    right: float = 0.0  # right edge of the text area the line is set in
    pieces: list[list[_Word]] = field(default_factory=list)
    order: float = 0.0  # rank in the page's reading order (columns read one after the other)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def size(self) -> float:
        sizes = Counter(round(w.size, 1) for w in self.words for _ in w.text)
        return sizes.most_common(1)[0][0]

    @property
    def bold(self) -> bool:
        total = sum(len(w.text) for w in self.words)
        return sum(len(w.text) for w in self.words if w.bold) >= BOLD_SHARE * total

    @property
    def text(self) -> str:
        pieces = self.pieces or [self.words]
        return "\t".join(" ".join(w.text for w in piece) for piece in pieces)

    @property
    def artifact(self) -> bool:
        return all(w.artifact for w in self.words)

    def mcids(self) -> list[int]:
        return [w.mcid for w in self.words if w.mcid is not None]


@dataclass
class _Table:
    page: int
    top: float
    bottom: float
    n_columns: int
    rows: list[list[str]]
    # Which rows are header rows, where the PDF says so (tagged TH/THead); else empty and the
    # first row of a table is its header row.
    heads: tuple[bool, ...] = ()


@dataclass
class _Page:
    number: int
    height: float
    items: list[_Line | _Table]  # body, in reading order
    furniture: list[tuple[str, _Line]]
    hints: dict[int, Hint]
    footnotes: list[_Line] = field(default_factory=list)


@dataclass(frozen=True)
class _Cues:
    """The cues of regionkit/data/segment_patterns.yaml the layout reader needs."""

    bullets: frozenset[str]
    page_number: re.Pattern[str]
    page_number_inline: re.Pattern[str]
    toc_line: re.Pattern[str]
    typed_item: re.Pattern[str]
    caption: re.Pattern[str]

    @classmethod
    def load(cls) -> _Cues:
        from regionkit.segment import load_patterns

        p = load_patterns()
        return cls(p.bullet_glyphs, p.page_number, p.page_number_inline, p.toc_line,
                   p.typed_item, p.caption)


# --------------------------------------------------------------------------------------------
# Pages to lines, tables and furniture


def read_layout(pdf) -> tuple[TextBuilder, list[int]]:
    """Read an open pdfplumber PDF into structured blocks.

    Returns:
        The blocks (in a `TextBuilder`) and the numbers of the pages without text.
    """
    cues = _Cues.load()
    pages: list[_Page] = []
    empty: list[int] = []
    for page in pdf.pages:
        read = _read_page(page, cues)
        if read is None:
            empty.append(page.page_number)
        else:
            pages.append(read)
    _mark_furniture(pages, cues)
    builder = TextBuilder()
    _Assembler(pages, cues, builder).run()
    return builder, empty


def _read_page(page, cues: _Cues) -> _Page | None:
    chars = [c for c in page.chars if c.get("text", "").strip()]
    if not chars:
        return None
    hints = page_hints(page) if any(c.get("mcid") is not None for c in chars) else {}
    text_size = Counter(round(float(c.get("size", 0)), 1) for c in chars).most_common(1)[0][0]
    # Footnote marks: digits set much smaller than the page's text (superscript) are left out.
    page = page.filter(lambda o: not (o.get("object_type") == "char" and o["text"].isdigit()
                                      and float(o.get("size", 0)) < MARK_SHARE * text_size))
    all_words = _words(page)
    tables = _tables(page, all_words)
    boxes = [t[0] for t in tables]
    words = [w for w in all_words if not _inside(w, boxes)]
    tagged, words = _tagged_tables(words, hints, page.page_number)
    lines = _lines(words, page.page_number)
    notes = _footnotes(lines, float(page.height), text_size, _separator(page, boxes))
    lines = [ln for ln in lines if ln not in notes]
    plain, lines = _borderless(lines, cues)
    items: list[_Line | _Table] = _reading_order(lines, page.width)
    for bbox, rows in tables:
        n_columns = max((len(r) for r in rows), default=0)
        items.append(_Table(page.page_number, bbox[1], bbox[3], n_columns, rows))
    items.extend(tagged)
    items.extend(plain)
    items.sort(key=_item_top)
    return _Page(page.page_number, float(page.height), items, [], hints, notes)


def _separator(page, boxes) -> float | None:
    """Return the y of the footnote separator (a short horizontal rule low on the page)."""
    width, height = float(page.width), float(page.height)
    ys = [float(o["top"]) for o in [*page.lines, *page.rects]
          if abs(float(o["bottom"]) - float(o["top"])) < 1.5
          and 10 < float(o["x1"]) - float(o["x0"]) < 0.45 * width
          and float(o["top"]) > NOTE_ZONE * height
          and not any(x0 - 1 <= float(o["x0"]) <= x1 + 1 and top - 1 <= float(o["top"])
                      <= bottom + 1 for x0, top, x1, bottom in boxes)]
    return max(ys) if ys else None


def _footnotes(lines: list[_Line], height: float, text_size: float,
               separator: float | None) -> list[_Line]:
    """Return the footnotes of a page: the run of lines at its foot set apart as notes.

    Lines in the lower part of the page, above the footer band, with nothing but such lines
    (or furniture) below them, that are set at least NOTE_STEP points smaller than the page's
    text or stand below a footnote separator (a short rule, as Word and LibreOffice draw).
    """
    body = sorted((ln for ln in lines if ln.top <= BOTTOM_BAND * height),
                  key=lambda ln: ln.top)
    notes: list[_Line] = []
    for line in reversed(body):
        below_rule = separator is not None and line.top > separator
        if line.top < NOTE_ZONE * height or not (
                below_rule or line.size <= text_size - NOTE_STEP):
            break
        notes.insert(0, line)
    # A footnote is text: a run of small numbers or a lone word is a figure's labels.
    if sum(len(ln.text) for ln in notes) < 20:
        return []
    return notes


def _item_top(item: _Line | _Table) -> float:
    """Sort key of the page's reading order: a line's rank (set by `_reading_order`), a top."""
    return item.top if isinstance(item, _Table) else item.order


def _words(page) -> list[_Word]:
    out = []
    for w in page.extract_words(return_chars=True, keep_blank_chars=False, use_text_flow=False,
                                x_tolerance=2):
        chars = w["chars"]
        sizes = Counter(round(float(c.get("size", 0)), 1) for c in chars)
        bold = sum(1 for c in chars if _BOLD_FONT.search(str(c.get("fontname", ""))))
        mcids = Counter(c.get("mcid") for c in chars)
        mcid = mcids.most_common(1)[0][0]
        artifact = all(c.get("tag") == "Artifact" for c in chars)
        out.append(_Word(w["text"], float(w["x0"]), float(w["x1"]), float(w["top"]),
                         float(w["bottom"]), sizes.most_common(1)[0][0], bold == len(chars),
                         mcid, artifact))
    return out


def _tables(page, words: list[_Word]
            ) -> list[tuple[tuple[float, float, float, float], list[list[str]]]]:
    """Tables drawn with ruling lines: their box and their rows of cell texts."""
    try:
        found = page.find_tables()
    except Exception:  # noqa: BLE001 - a drawing pdfplumber cannot parse: no tables, not an error
        return []
    out = []
    for table in found:
        rows = []
        for row in table.rows:
            cells = [_cell_text(page, words, box) for box in row.cells if box is not None]
            if any(cells):
                rows.append(cells)
        # One cell, or one column, is a frame around text, not a table.
        if len(rows) >= 1 and max(len(r) for r in rows) >= 2:
            out.append((tuple(float(v) for v in table.bbox), rows))
    return out


def _tagged_tables(words: list[_Word], hints: dict[int, Hint], page: int
                   ) -> tuple[list[_Table], list[_Word]]:
    """Tables the structure tree marks: their rows of cells, and the words left for the flow.

    Each word goes to the cell (table, row, column) of its marked-content id; a cell's words are
    laid into lines and joined as a ruled table's are. A table with fewer than two cells with
    text in any row is a frame around text, not a table: its words stay in the flow.
    """
    cells: dict[int, dict[tuple[int, int], list[_Word]]] = {}
    heads: dict[int, set[int]] = {}
    for word in words:
        hint = hints.get(word.mcid) if word.mcid is not None else None
        if hint is None or hint.cell is None:
            continue
        table, row, column = hint.cell
        cells.setdefault(table, {}).setdefault((row, column), []).append(word)
        if hint.header:
            heads.setdefault(table, set()).add(row)
    tables: list[_Table] = []
    taken: set[int] = set()
    for table in sorted(cells):
        by_cell = cells[table]
        filled = Counter(row for row, _ in by_cell)
        if max(filled.values()) < 2:
            continue
        n_columns = max(column for _, column in by_cell) + 1
        starts = {c: min(w.x0 for (_, col), ws in by_cell.items() if col == c for w in ws)
                  for c in {col for _, col in by_cell}}
        right = max(w.x1 for ws in by_cell.values() for w in ws)
        row_numbers = sorted(filled)
        rows = []
        for row in row_numbers:
            texts = []
            for column in range(n_columns):
                cell_words = by_cell.get((row, column), [])
                edge = min((x for c, x in starts.items() if c > column), default=right)
                texts.append(_words_text(cell_words, page, edge) if cell_words else "")
            rows.append(texts)
        all_words = [w for ws in by_cell.values() for w in ws]
        taken.update(id(w) for w in all_words)
        head = tuple(row in heads.get(table, ()) for row in row_numbers)
        tables.append(_Table(page, min(w.top for w in all_words),
                             max(w.bottom for w in all_words), n_columns, rows,
                             head if any(head) else ()))
    return tables, [w for w in words if id(w) not in taken]


def _cells(line: _Line) -> list[list[_Word]]:
    """Split a line's words into cells at gaps of CELL_GAP font sizes or more."""
    cells = [[line.words[0]]]
    for prev, word in zip(line.words, line.words[1:], strict=False):
        if word.x0 - prev.x1 >= CELL_GAP * max(prev.size, word.size, 1.0):
            cells.append([word])
        else:
            cells[-1].append(word)
    return cells


def _row_candidate(cells: list[list[_Word]], cues: _Cues) -> bool:
    """Tell if a line split into cells may be a table row.

    It has two or more cells, the first is not a bare list marker, and it is not a table of
    contents line (an entry, a gap, a page number).
    """
    if len(cells) < 2:
        return False
    first = " ".join(w.text for w in cells[0])
    if len(first) == 1 and (first in cues.bullets or 0xF000 <= ord(first) <= 0xF0FF
                            or first in "o-–"):
        return False
    if _ENUMERATOR.fullmatch(first) or cues.typed_item.fullmatch(first + " x"):
        return False
    joined = "\t".join(" ".join(w.text for w in c) for c in cells)
    return not cues.toc_line.fullmatch(joined)


def _column(x: float, starts: list[float]) -> int | None:
    return next((k for k, s in enumerate(starts) if abs(x - s) <= ALIGN), None)


def _borderless(lines: list[_Line], cues: _Cues) -> tuple[list[_Table], list[_Line]]:
    """Find tables drawn without ruling lines among a page's lines, by the words' x-alignment.

    A run of lines is a table when at least TABLE_MIN_ROWS of them are rows: split at gaps of
    CELL_GAP font sizes into two or more cells, each starting at one of the column starts the
    run's first row sets (within ALIGN points). A line in between whose cells also start at
    column starts, closer to the line above than rows are to each other (and, if it is not a
    row itself, within WRAP_GAP font sizes of it), is a cell wrapped onto a second line: it
    joins the row above. Guards: a line opening with a bare list marker
    or reading as a table-of-contents entry is never a row; a run whose cells hold long lines
    (median over CELL_MAX_WORDS words) or fill their columns to the next column's start
    (median COLUMN_FILL of the width) or whose rows mostly start in lower case (a sentence
    going on) is prose set in columns, not a table.

    Returns:
        The tables found and the lines left for the flow.
    """
    ordered = sorted(lines, key=lambda ln: ln.top)
    tables: list[_Table] = []
    used: set[int] = set()
    i = 0
    while i < len(ordered):
        cells = _cells(ordered[i])
        if not _row_candidate(cells, cues):
            i += 1
            continue
        starts = [c[0].x0 for c in cells]
        run = [(ordered[i], cells)]
        j = i + 1
        while j < len(ordered):
            nxt = _cells(ordered[j])
            if any(_column(c[0].x0, starts) is None for c in nxt):
                break
            gap = ordered[j].top - run[-1][0].bottom
            if gap > ROW_GAP * ordered[j].size:
                break  # a table's rows follow each other closely
            if not _row_candidate(nxt, cues) and gap > WRAP_GAP * ordered[j].size:
                break  # text after the table, not a cell's second line
            run.append((ordered[j], nxt))
            j += 1
        while run and not _row_candidate(run[-1][1], cues):
            run.pop()  # a trailing one-cell line is text after the table
        table = _run_table(run, starts, cues)
        if table is None:
            i += max(1, len(run))  # none of its lines starts a table either
            continue
        tables.append(table)
        used.update(id(ln) for ln, _ in run)
        i += len(run)
    return tables, [ln for ln in lines if id(ln) not in used]


def _run_table(run: list[tuple[_Line, list[list[_Word]]]], starts: list[float],
               cues: _Cues) -> _Table | None:
    """Group a run of aligned lines into rows (wrapped cells joined); None if not a table."""
    if len(run) < TABLE_MIN_ROWS:
        return None
    gaps = [b.top - a.bottom for (a, _), (b, _) in zip(run, run[1:], strict=False)]
    size = statistics.median(ln.size for ln, _ in run)
    # Rows stand further apart than the lines of a wrapped cell: where the gaps fall into two
    # groups, the small ones are inside a row.
    wrap = min(gaps) + 0.3 * size if max(gaps) - min(gaps) >= 0.4 * size else None
    rows: list[list[tuple[_Line, list[list[_Word]]]]] = [[run[0]]]
    for gap, item in zip(gaps, run[1:], strict=True):
        if wrap is not None and gap <= wrap:
            rows[-1].append(item)
        else:
            rows.append([item])
    if len(rows) < TABLE_MIN_ROWS or any(not _row_candidate(r[0][1], cues) for r in rows):
        return None
    words_per_cell = [len(c) for _, cells in run for c in cells]
    if statistics.median(words_per_cell) > CELL_MAX_WORDS:
        return None
    # Text set in columns fills each column to its gutter; a table's cells are ragged.
    fills = []
    for ln, cells in run:
        for cell in cells:
            k = _column(cell[0].x0, starts)
            if k + 1 < len(starts):
                room = starts[k + 1] - starts[k] - CELL_GAP * ln.size
                fills.append((cell[-1].x1 - cell[0].x0) / max(room, 1.0))
    if fills and statistics.median(fills) >= COLUMN_FILL:
        return None
    # Text in columns goes on from line to line: most lines start in lower case.
    lower = sum(1 for row in rows[1:] if row[0][1][0][0].text[:1].islower())
    if lower > 0.5 * (len(rows) - 1):
        return None
    right = max(ln.x1 for ln, _ in run)
    texts = []
    for row in rows:
        by_column: list[list[_Word]] = [[] for _ in starts]
        for _, cells in row:
            for cell in cells:
                by_column[_column(cell[0].x0, starts)].extend(cell)
        texts.append([_words_text(ws, run[0][0].page, starts[k + 1] if k + 1 < len(starts)
                                  else right) if ws else "" for k, ws in enumerate(by_column)])
    return _Table(run[0][0].page, run[0][0].top, run[-1][0].bottom, len(starts), texts)


def _words_text(words: list[_Word], page: int, right: float) -> str:
    """Join the words of one table cell (lines wrapped at `right`) into its text."""
    lines = _lines(words, page)
    for line in lines:
        line.right = right
    return _join_lines(lines, right - min(w.x0 for w in words))


def _cell_text(page, words: list[_Word], box) -> str:
    x0, top, x1, bottom = box
    inside = [w for w in words if _inside(w, [box])]
    lines = _lines(inside, page.page_number)
    for line in lines:
        line.right = x1
    return _join_lines(lines, x1 - x0)


def _inside(word: _Word, boxes: Iterable[tuple[float, float, float, float]]) -> bool:
    cx, cy = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def _lines(words: list[_Word], page: int) -> list[_Line]:
    """Group words on one baseline into lines, and split lines into pieces at wide gaps."""
    rows: list[list[_Word]] = []
    for word in sorted(words, key=lambda w: (round(w.bottom, 1), w.x0)):
        if rows:
            last = rows[-1]
            ref = max(last, key=lambda w: w.size)
            tolerance = 0.35 * max(ref.size, word.size, 1.0)
            if abs(word.bottom - ref.bottom) <= tolerance:
                last.append(word)
                continue
        rows.append([word])
    lines = []
    for row in rows:
        row.sort(key=lambda w: w.x0)
        pieces = [[row[0]]]
        for prev, word in zip(row, row[1:], strict=False):
            if word.x0 - prev.x1 > PIECE_GAP * max(prev.size, word.size, 1.0):
                pieces.append([word])
            else:
                pieces[-1].append(word)
        lines.append(_Line(row, page, pieces=pieces))
    return lines


def _reading_order(lines: list[_Line], page_width: float) -> list[_Line]:
    """Split two-column regions into column lines and order the page's lines for reading."""
    if not lines:
        return []
    left = min(line.x0 for line in lines)
    right = max(line.x1 for line in lines)
    gutter = _gutter(lines, left, right)
    out: list[_Line] = []
    if gutter is None:
        for line in lines:
            line.right = right
            line.order = line.top
            out.append(line)
        return out
    rows = sorted(lines, key=lambda ln: ln.top)
    region: list[_Line] = []

    def flush() -> None:
        if not region:
            return
        two_sided = sum(1 for ln in region if _sides(ln, gutter) == (True, True))
        if two_sided >= 2:
            start = region[0].top
            lefts, rights = [], []
            for ln in region:
                lp = [w for w in ln.words if w.x1 <= gutter]
                rp = [w for w in ln.words if w.x0 >= gutter]
                if lp:
                    lefts.append(_Line(lp, ln.page, 1, gutter, _split(lp)))
                if rp:
                    rights.append(_Line(rp, ln.page, 2, right, _split(rp)))
            for k, ln in enumerate([*lefts, *rights]):
                ln.order = start + k * 1e-3
                out.append(ln)
        else:
            for ln in region:
                ln.right = right
                ln.order = ln.top
                out.append(ln)
        region.clear()

    for ln in rows:
        if any(w.x0 < gutter < w.x1 for w in ln.words) or _crosses(ln, gutter):
            flush()
            ln.right = right
            ln.order = ln.top
            out.append(ln)
        else:
            region.append(ln)
    flush()
    return out


def _split(words: list[_Word]) -> list[list[_Word]]:
    pieces = [[words[0]]]
    for prev, word in zip(words, words[1:], strict=False):
        if word.x0 - prev.x1 > PIECE_GAP * max(prev.size, word.size, 1.0):
            pieces.append([word])
        else:
            pieces[-1].append(word)
    return pieces


def _crosses(line: _Line, gutter: float) -> bool:
    """Tell if a piece of the line runs across the gutter (full-width text)."""
    return any(p[0].x0 < gutter < p[-1].x1 for p in line.pieces)


def _sides(line: _Line, gutter: float) -> tuple[bool, bool]:
    return (any(p[-1].x1 <= gutter for p in line.pieces),
            any(p[0].x0 >= gutter for p in line.pieces))


def _gutter(lines: list[_Line], left: float, right: float) -> float | None:
    """Return the x of a column gutter, where several lines have wide pieces on both sides."""
    width = right - left
    if width <= 0:
        return None
    best, best_count = None, 0
    x = left + 0.3 * width
    while x <= left + 0.7 * width:
        count = 0
        for line in lines:
            if _crosses(line, x):
                continue
            lp = [p for p in line.pieces if p[-1].x1 <= x]
            rp = [p for p in line.pieces if p[0].x0 >= x]
            if lp and rp and _wide(lp[-1], 0.5 * (x - left)) and _wide(rp[0], 0.5 * (right - x)):
                count += 1
        if count > best_count:
            best, best_count = x, count
        x += 2.0
    return best if best_count >= 3 else None


def _wide(piece: list[_Word], width: float) -> bool:
    return piece[-1].x1 - piece[0].x0 >= width


def _mark_furniture(pages: list[_Page], cues: _Cues) -> None:
    """Move running headers, footers and page numbers out of each page's body."""
    keys: Counter[str] = Counter()
    band_lines: list[tuple[_Page, _Line, str]] = []
    for page in pages:
        for line in _band_lines(page):
            key = _furniture_key(line.text, cues)
            band_lines.append((page, line, key))
            keys[key] += 1
    threshold = max(2, REPEAT_SHARE * len(pages))
    # A recurring line is set in one size on every page; the same words larger (a title that
    # repeats the running header) are not furniture.
    sizes: dict[str, Counter[float]] = {}
    for _, line, key in band_lines:
        sizes.setdefault(key, Counter())[line.size] += 1
    for page, line, key in band_lines:
        top = line.bottom < TOP_BAND * page.height
        shape = bool(cues.page_number.fullmatch(line.text.strip()))
        usual = sizes[key].most_common(1)[0][0]
        repeated = (keys[key] >= threshold and len(pages) >= 2
                    and abs(line.size - usual) < SIZE_STEP)
        if not (shape or repeated or line.artifact):
            continue
        kind = "page_number" if shape else ("header" if top else "footer")
        page.items.remove(line)
        page.furniture.append((kind, line))


def _band_lines(page: _Page) -> list[_Line]:
    lines = [item for item in page.items if isinstance(item, _Line)]
    top = [ln for ln in lines if ln.bottom < TOP_BAND * page.height]
    bottom = [ln for ln in lines if ln.top > BOTTOM_BAND * page.height]
    return top + bottom


def _furniture_key(text: str, cues: _Cues) -> str:
    text = cues.page_number_inline.sub("#", text)
    return " ".join(re.sub(r"\d+", "#", text).split()).lower()


# --------------------------------------------------------------------------------------------
# Lines to blocks


@dataclass
class _Block:
    kind: str
    lines: list[_Line]
    level: int = 0
    hint: Hint | None = None


class _Assembler:
    """Joins the pages' lines into blocks and gives each its kind."""

    def __init__(self, pages: list[_Page], cues: _Cues, builder: TextBuilder) -> None:
        self.pages = pages
        self.cues = cues
        self.builder = builder
        lines = [it for p in pages for it in p.items if isinstance(it, _Line)]
        sizes = Counter()
        for line in lines:
            sizes[line.size] += len(line.text)
        self.body_size = sizes.most_common(1)[0][0] if sizes else 10.0
        self.body_bold = bool(lines) and sum(len(ln.text) for ln in lines if ln.bold) > 0.5 * sum(
            len(ln.text) for ln in lines)
        gaps = [b.top - a.bottom for a, b in zip(lines, lines[1:], strict=False)
                if a.page == b.page and a.column == b.column and b.top - a.bottom >= 0
                and abs(a.size - b.size) < SIZE_STEP]
        self.line_gap = statistics.median(gaps) if gaps else 0.3 * self.body_size
        self._table_head: list[str] | None = None

    def run(self) -> None:
        blocks: list[_Block | _Table] = []
        previous: _Line | None = None
        for page in self.pages:
            for item in page.items:
                if isinstance(item, _Table):
                    blocks.append(item)
                    previous = None
                    continue
                hint = self._hint(page, item)
                last = blocks[-1] if blocks and isinstance(blocks[-1], _Block) else None
                if last is not None and previous is not None and self._continues(
                        last, previous, item, hint):
                    last.lines.append(item)
                else:
                    kind = "list_item" if self._marker(item) is not None else "paragraph"
                    if self._toc(item):
                        kind = "toc"
                    blocks.append(_Block(kind, [item], hint=hint))
                previous = item
        self._classify([b for b in blocks if isinstance(b, _Block)])
        self._emit(blocks)

    def _hint(self, page: _Page, line: _Line) -> Hint | None:
        for mcid in line.mcids():
            if mcid in page.hints:
                return page.hints[mcid]
        return None

    # -- where blocks end ---------------------------------------------------------------------

    def _toc(self, line: _Line) -> bool:
        """Tell if a line is a table-of-contents entry (dot leaders or a gap, a page number)."""
        return bool(self.cues.toc_line.fullmatch(line.text.strip()))

    def _continues(self, block: _Block, prev: _Line, line: _Line, hint: Hint | None) -> bool:
        text = line.text
        if self._marker(line) is not None or block.kind == "toc" or self._toc(line):
            return False
        flow_break = prev.page != line.page or prev.column != line.column
        if flow_break:
            prev_text = prev.text.rstrip()
            hyphen = prev_text.endswith("-") and not prev_text.endswith(" -")
            return hyphen or (prev_text[-1:] not in _SENTENCE_END and text[:1].islower())
        if block.hint is not None and hint is not None:
            return block.hint.element == hint.element
        if abs(prev.size - line.size) >= SIZE_STEP or prev.bold != line.bold:
            return False
        if "\t" in text or "\t" in prev.text:
            return False
        if block.kind == "list_item" and self._leaves_item(block, line):
            return False
        gap = line.top - prev.bottom
        if gap > self.line_gap + max(2.0, 0.35 * line.size):
            return False
        return not self._ends_short(prev, line)

    def _leaves_item(self, block: _Block, line: _Line) -> bool:
        """Tell if a line after a list item's lines is a paragraph under the item.

        It is when it starts left of the item's text (LibreOffice, Word: the paragraph under a
        bullet is not indented like the bullet's text), or when it starts a word in capitals
        (a wrapped bullet line goes on in lower case; a capital there is a new sentence).
        """
        first = block.lines[0]
        text_x = first.words[1].x0 if len(first.words) > 1 else first.x0
        if line.x0 < text_x - 2.0:
            return True
        word = line.words[0].text
        return len(word) > 1 and word[0].isupper() and word[1].islower()

    def _ends_short(self, prev: _Line, line: _Line) -> bool:
        """Tell if `prev` ended although the first word of `line` would have fitted after it."""
        if prev.text.rstrip().endswith("-"):
            return False
        first = line.words[0]
        if self._marker(line) is None and len(line.words) > 1 and len(first.text) <= 2:
            first = line.words[1]
        space = 0.3 * line.size
        return prev.x1 + space + (first.x1 - first.x0) < prev.right - 1.0

    def _marker(self, line: _Line) -> str | None:
        """Return the bullet or enumerator opening a line (with a gap after it), else None."""
        first = line.words[0]
        glyph = first.text[0]
        if glyph in self.cues.bullets or 0xF000 <= ord(glyph) <= 0xF0FF:
            if len(first.text) == 1 and len(line.words) > 1:
                return glyph
            if len(first.text) > 1 and (first.text[1].isalpha() and glyph not in "o-"):
                return glyph
            return None
        if len(line.words) < 2:
            return None
        gap = line.words[1].x0 - first.x1
        if first.text == "o" and gap >= 0.6 * first.size:
            return "o"
        if _ENUMERATOR.fullmatch(first.text) and gap >= 0.6 * first.size:
            return first.text
        return None

    # -- what blocks are ----------------------------------------------------------------------

    def _classify(self, blocks: list[_Block]) -> None:
        heading_sizes: set[float] = set()
        for block in blocks:
            if block.kind == "toc":
                continue
            block.kind, block.level = self._kind(block)
            if block.kind == "heading":
                heading_sizes.add(block.lines[0].size)
        ranks = {s: k + 1 for k, s in enumerate(sorted(heading_sizes, reverse=True))}
        title_done = False
        for k, block in enumerate(blocks):
            if block.kind != "heading":
                if block.kind != "heading" and k > 0:
                    title_done = True
                continue
            first = block.lines[0]
            if block.hint is not None and block.hint.role in ("heading", "title"):
                block.level = block.hint.level
            elif not title_done and first.page == self.pages[0].number and first.size >= max(
                    heading_sizes) and first.size >= 1.3 * self.body_size:
                block.level = 0
            elif block.level == 0:
                block.level = ranks.get(first.size, 1)
            title_done = title_done or block.level > 0

    def _kind(self, block: _Block) -> tuple[str, int]:
        hint = block.hint
        first = block.lines[0]
        if hint is not None and hint.role == "table":
            return "paragraph", 0
        if self._marker(first) is not None or (hint is not None and hint.role == "list_item"):
            return "list_item", 0
        if hint is not None and hint.role in ("heading", "title"):
            return "heading", hint.level
        text = " ".join(" ".join(w.text for w in ln.words) for ln in block.lines)
        if self.cues.caption.match(text):
            return "paragraph", 0
        if (len(block.lines) > 2 or len(text) > HEADING_MAX_CHARS
                or len(text.split()) > HEADING_MAX_WORDS or text[-1] in _SENTENCE_END + ","
                or not any(ch.isalpha() for ch in text)):
            return "paragraph", 0
        numbered = _NUMBERED_HEADING.fullmatch(text)
        larger = first.size >= self.body_size + 1.0
        bolder = first.bold and not self.body_bold
        if numbered and (numbered.group("title")[0].isupper() or larger or bolder):
            return "heading", numbered.group("num").count(".") + 1
        if (larger or bolder) and (text[0].isupper() or text[0].isdigit()):
            return "heading", 0
        return "paragraph", 0

    # -- text ---------------------------------------------------------------------------------

    def _emit(self, blocks: list[_Block | _Table]) -> None:
        table_number: int | None = None
        last_table: _Table | None = None
        list_x0: float | None = None
        list_flow: tuple[int, int] | None = None
        for block in blocks:
            if isinstance(block, _Table):
                continued = (last_table is not None and table_number is not None
                             and block.n_columns == last_table.n_columns
                             and block.page == last_table.page + 1)
                if not continued:
                    table_number = self.builder.new_table()
                    first_row = block.rows[0] if block.rows else None
                    self._table_head = first_row
                for k, row in enumerate(block.rows):
                    repeat = continued and k == 0 and row == self._table_head
                    head = block.heads[k] if block.heads else (not continued and k == 0)
                    self.builder.add_row(table_number, row, header_row=repeat or head,
                                         page=block.page)
                last_table = block
                continue
            last_table = None if block.lines else last_table
            text = _join_lines(block.lines, None)
            page = block.lines[0].page
            typed = block.kind == "paragraph" and self.cues.typed_item.match(text)
            if block.kind == "list_item" or typed:
                marker = self._marker(block.lines[0])
                if marker is not None and not _ENUMERATOR.fullmatch(marker):
                    text = "- " + text[len(marker):].lstrip()
                first = block.lines[0]
                if list_flow != (first.page, first.column):
                    list_x0, list_flow = None, (first.page, first.column)
                if list_x0 is None or first.x0 <= list_x0 + NEST_INDENT * first.size:
                    list_x0 = first.x0 if list_x0 is None else min(list_x0, first.x0)
                else:
                    block.level = 1
            elif block.kind == "heading":
                list_x0 = None
            self.builder.add(block.kind, text, level=block.level, page=page)
        for page in self.pages:
            for line in page.footnotes:
                self.builder.add("footnote", line.text.replace("\t", " "), page=page.number)
        for page in self.pages:
            for kind, line in page.furniture:
                self.builder.add(kind, line.text, page=page.number)


def _join_lines(lines: list[_Line], cell_width: float | None) -> str:
    """Join a block's lines into one line, words hyphenated at a line end joined again."""
    parts: list[str] = []
    for k, line in enumerate(lines):
        text = line.text.replace("\t", " ")
        if k:
            prev = lines[k - 1]
            width = cell_width if cell_width is not None else (prev.right - prev.x0)
            one_word = len(prev.words) == 1 and prev.x1 - prev.x0 >= 0.85 * width
            parts.append("" if one_word and text[:1].islower() else "\n")
        parts.append(text)
    return " ".join(join_hyphenated_words("".join(parts)).split())
