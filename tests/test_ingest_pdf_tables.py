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


# --------------------------------------------------------------------------------------------
# Untagged PDFs: tables from the words' x-alignment, and what must never be read as a table.

FONT = next((p for p in [Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")]
             if p.exists()), None)
if FONT is None:  # pragma: no cover - matplotlib ships the same font
    import matplotlib

    FONT = Path(matplotlib.__file__).parent / "mpl-data" / "fonts" / "ttf" / "DejaVuSans.ttf"

SIZE = 11
PROSE = ("Regionerna har kommit överens om att samordna arbetet med de nationella "
         "programområdena och att följa upp hur kunskapsstödet används i verksamheterna. "
         "Uppföljningen redovisas för ledningsgruppen två gånger per år och ligger till grund "
         "för nästa års plan.")


def _page(path: Path, draw) -> Path:
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="A4")
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.set_font("DejaVu", size=SIZE)
    pdf.set_auto_page_break(False)
    pdf.add_page()
    draw(pdf)
    pdf.output(str(path))
    return path


def _words(text: str) -> list[str]:
    return text.split()


def test_aligned_columns_without_rules_are_a_table_with_a_wrapped_cell_in_one_row(tmp_path):
    columns = (70, 260, 400)
    rows = [  # (baseline, cells); the second row's first cell wraps onto a second line
        (130, ["Aktivitet", "Ansvarig", "Status"]),
        (154, ["Gemensam rutin för", "Kansliet", "Pågår"]),
        (167, ["remisser", "", ""]),
        (191, ["Utbildning i traumavård", "Kompetensrådet", "Planerad"]),
        (215, ["Nätverk för ätstörningsvård", "Psykiatrin", "Klar"]),
    ]

    def draw(pdf):
        pdf.text(70, 100, "Tabellen visar aktiviteterna.")
        for y, cells in rows:
            for x, cell in zip(columns, cells, strict=True):
                if cell:
                    pdf.text(x, y, cell)
        pdf.text(70, 250, "Aktiviteterna följs upp varje år.")

    path = _page(tmp_path / "table.pdf", draw)
    assert _rows(path) == [["Aktivitet", "Ansvarig", "Status"],
                           ["Gemensam rutin för remisser", "Kansliet", "Pågår"],
                           ["Utbildning i traumavård", "Kompetensrådet", "Planerad"],
                           ["Nätverk för ätstörningsvård", "Psykiatrin", "Klar"]]
    assert _header_rows(path) == [True, False, False, False]
    raw = read_document(path)
    paragraphs = [raw.text[b.start:b.end] for b in raw.blocks if b.kind == "paragraph"]
    assert paragraphs == ["Tabellen visar aktiviteterna.", "Aktiviteterna följs upp varje år."]


def test_two_aligned_lines_are_not_a_table(tmp_path):
    def draw(pdf):
        for k, (a, b) in enumerate([("Namn", "Roll"), ("Anna Lindqvist", "Ordförande")]):
            pdf.text(70, 100 + 24 * k, a)
            pdf.text(260, 100 + 24 * k, b)

    assert _rows(_page(tmp_path / "two.pdf", draw)) == []


def _prose(pdf):
    pdf.set_xy(70, 90)
    pdf.multi_cell(300, 14, PROSE, align="J")
    pdf.set_xy(70, pdf.get_y() + 10)
    pdf.multi_cell(300, 14, PROSE, align="L")


def _bullets(pdf):
    for k, item in enumerate(["Samordna remisserna", "Följ upp ledtiderna",
                              "Utbilda personalen", "Redovisa kostnaderna"]):
        pdf.text(72, 100 + 16 * k, "•")
        pdf.text(92, 100 + 16 * k, item)
        pdf.text(72, 200 + 16 * k, f"{k + 1}.")
        pdf.text(96, 200 + 16 * k, item)


def _toc(pdf):
    entries = [("1. Inledning", "2"), ("2. Kunskapsstyrning", "3"),
               ("3. Kompetensförsörjning", "5"), ("4. Uppföljning", "7")]
    for k, (entry, page) in enumerate(entries):
        pdf.text(70, 100 + 16 * k, entry)
        pdf.text(500, 100 + 16 * k, page)
        pdf.text(70, 200 + 16 * k, entry + " " + "." * 40)
        pdf.text(500, 200 + 16 * k, page)


def _two_columns(pdf):
    for x in (70, 310):
        pdf.set_xy(x, 90)
        pdf.multi_cell(210, 14, PROSE, align="L")


@pytest.mark.parametrize("draw", [_prose, _bullets, _toc, _two_columns],
                         ids=["prose", "bullets-and-numbered-items", "toc-lines", "two-columns"])
def test_prose_lists_toc_and_text_columns_are_never_tables(tmp_path, draw):
    path = _page(tmp_path / "page.pdf", draw)
    raw = read_document(path)
    assert [b for b in raw.blocks if b.kind == "table_row"] == []
    assert raw.text.strip()
