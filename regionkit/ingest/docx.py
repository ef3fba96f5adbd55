"""DOCX: the body as structured blocks, and the running headers and footers as furniture.

Blocks: headings with levels, list items, paragraphs, table rows with their cells.

A paragraph set in bold throughout, short and without final punctuation, is a heading (authors
often type headings so): one level below the styled heading above it, or as deep as its
number ("2.1 ..."). A list item's level is its numbering level, or the level its style names
("List Bullet 2"). Lines of a table of contents (TOC styles, or text, a tab with a leader and a
page number) are `toc` blocks; footnotes (word/footnotes.xml) are `footnote` blocks.

Word's automatic numbering is rendered as the reader sees it on the page: a heading numbered by
its style reads "2.1 Nationella programområden", a numbered list item "1. ...", a bullet item
"- ..."; so a DOCX and the PDF exported from it give the same text.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from regionkit.ingest.errors import IngestError
from regionkit.ingest.limits import MAX_DOCX_EXPANDED_BYTES, check_text_length
from regionkit.ingest.structure import Block, TextBuilder
from regionkit.ingest.text import text_warnings

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {"w": _W}
# "Heading 2" (Word's internal name, also in Swedish Word), "Rubrik 2" (custom templates).
_HEADING_STYLE = re.compile(r"(?:heading|rubrik)\s*(\d)", re.IGNORECASE)
_TITLE_STYLES = ("title", "subtitle")
_LIST_STYLES = ("list bullet", "list number", "punktlista", "numrerad lista")
_TOC_STYLE = re.compile(r"(?:toc|innehåll|förteckning)\s*\d", re.IGNORECASE)
_TOC_TEXT = re.compile(r".*\S\t\s*\d{1,3}")
_STYLE_LEVEL = re.compile(r".*\s(\d)$")
_SECTION_NUMBER = re.compile(r"(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+\S")
_BOLD_HEADING_MAX_CHARS = 120
_FOOTNOTES_REL = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                  "footnotes")
_TEXT_RUN = re.compile(rb"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")


def read_docx(path: Path, data: bytes) -> tuple[str, str, list[str], tuple[Block, ...]]:
    """Read a DOCX file.

    Returns:
        (text, encoding "docx", warnings, blocks).

    Raises:
        IngestError: not a ZIP archive, an old .doc file, over the expanded-size limit, or a
            corrupt archive or XML.
    """
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise IngestError(path, "an old Word .doc file named .docx: save it as .docx")
    if not data.startswith(b"PK"):
        raise IngestError(path, "not a DOCX file (not a ZIP archive)")
    _check_expanded_size(path, data)
    builder = TextBuilder()
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        _Reader(document).read(builder)
    except IngestError:
        raise
    except Exception as exc:  # noqa: BLE001 - zipfile, python-docx and lxml raise many kinds
        raise IngestError(path, f"corrupt DOCX ({type(exc).__name__}: {exc})") from exc
    text, blocks = builder.build()
    return text, "docx", text_warnings(text), blocks


def _check_expanded_size(path: Path, data: bytes) -> None:
    """Refuse a DOCX over the expanded-size limit, or whose text is over the text limit.

    Both are checked before python-docx parses the body, which takes minutes on a body of
    millions of characters.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
            if expanded > MAX_DOCX_EXPANDED_BYTES:
                raise IngestError(path, f"DOCX expands to {expanded / 2**20:,.0f} MB, over the "
                                        f"limit of {MAX_DOCX_EXPANDED_BYTES / 2**20:,.0f} MB")
            names = set(archive.namelist())
            body = archive.read("word/document.xml") if "word/document.xml" in names else b""
    except IngestError:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError) as exc:
        raise IngestError(path, f"corrupt DOCX ({type(exc).__name__}: {exc})") from exc
    # Characters of the body's text runs (<w:t>...</w:t>), counted on the raw XML.
    n_chars = sum(len(m.group(1).decode("utf-8", "replace"))
                  for m in _TEXT_RUN.finditer(body))
    check_text_length(path, n_chars)


@dataclass
class _Numbering:
    """Word's list definitions and the counters of the lists met so far."""

    formats: dict[tuple[str, int], tuple[str, str, int]] = field(default_factory=dict)
    counters: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, document) -> _Numbering:
        out = cls()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return out
        abstract = {}
        for node in root.findall("w:abstractNum", _NS):
            levels = {}
            for lvl in node.findall("w:lvl", _NS):
                fmt = lvl.find("w:numFmt", _NS)
                text = lvl.find("w:lvlText", _NS)
                start = lvl.find("w:start", _NS)
                levels[int(lvl.get(f"{{{_W}}}ilvl", "0"))] = (
                    fmt.get(f"{{{_W}}}val", "decimal") if fmt is not None else "decimal",
                    text.get(f"{{{_W}}}val", "") if text is not None else "",
                    int(start.get(f"{{{_W}}}val", "1")) if start is not None else 1,
                )
            abstract[node.get(f"{{{_W}}}abstractNumId")] = levels
        for num in root.findall("w:num", _NS):
            ref = num.find("w:abstractNumId", _NS)
            levels = abstract.get(ref.get(f"{{{_W}}}val") if ref is not None else None, {})
            for ilvl, spec in levels.items():
                out.formats[(num.get(f"{{{_W}}}numId"), ilvl)] = spec
        return out

    def label(self, num_id: str, ilvl: int) -> str | None:
        """Advance the list's counter and return the marker shown, or None for no numbering."""
        spec = self.formats.get((num_id, ilvl))
        if spec is None:
            return "-"
        fmt, text, start = spec
        if fmt == "bullet":
            return "-"
        if fmt == "none":
            return None
        counters = self.counters.setdefault(num_id, [])
        while len(counters) <= ilvl:
            level_start = self.formats.get((num_id, len(counters)), ("", "", 1))[2]
            counters.append(level_start - 1)
        counters[ilvl] += 1
        del counters[ilvl + 1:]
        values = {k + 1: v for k, v in enumerate(counters)}
        for k in range(ilvl + 1):
            if values[k + 1] < self.formats.get((num_id, k), ("", "", 1))[2]:
                values[k + 1] = self.formats.get((num_id, k), ("", "", 1))[2]

        def render(m: re.Match[str]) -> str:
            k = int(m.group(1))
            value = values.get(k, start)
            kfmt = self.formats.get((num_id, k - 1), (fmt, "", 1))[0]
            return _format_number(value, kfmt)

        return re.sub(r"%(\d)", render, text).strip() or None


def _format_number(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (value - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    return str(value)


def _roman(value: int) -> str:
    out = ""
    for number, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                            (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                            (4, "IV"), (1, "I")):
        while value >= number:
            out += letters
            value -= number
    return out


class _Reader:
    def __init__(self, document) -> None:
        self.document = document
        self.numbering = _Numbering.of(document)
        self.styled_level = 0

    def read(self, builder: TextBuilder) -> None:
        from docx.table import Table

        for item in self.document.iter_inner_content():
            if isinstance(item, Table):
                self._table(item, builder)
            else:
                self._paragraph(item, builder)
        self._footnotes(builder)
        self._furniture(builder)

    # -- paragraphs ---------------------------------------------------------------------------

    def _paragraph(self, paragraph, builder: TextBuilder) -> None:
        text = paragraph.text.strip()
        if not text:
            return
        style = paragraph.style
        name = ((style.name if style is not None else "") or "").lower()
        num_id, ilvl = self._numbering_of(paragraph)
        heading = self._heading_level(name, style)
        marker = self.numbering.label(num_id, ilvl) if num_id else None
        if heading is not None:
            self.styled_level = heading
            builder.add("heading", f"{marker} {text}" if marker and marker != "-" else text,
                        level=heading)
        elif _TOC_STYLE.match(name) or (_TOC_TEXT.fullmatch(paragraph.text.strip())
                                         and _has_leader_tab(paragraph)):
            builder.add("toc", text)
        elif num_id or name.startswith(_LIST_STYLES):
            shown = marker if marker else "-"
            named = _STYLE_LEVEL.match(name)
            level = max(ilvl, int(named.group(1)) - 1 if named else 0)
            builder.add("list_item", f"{shown} {text}", level=level)
        elif not name.startswith(("caption", "beskrivning")) and _bold_heading(paragraph, text):
            number = _SECTION_NUMBER.match(text)
            level = number.group(1).count(".") + 1 if number else self.styled_level + 1
            builder.add("heading", text, level=level)
        else:
            builder.add("paragraph", text)

    def _heading_level(self, name: str, style) -> int | None:
        if name in _TITLE_STYLES:
            return 0
        m = _HEADING_STYLE.fullmatch(name.strip())
        if m:
            return int(m.group(1))
        level = _style_value(style, "w:outlineLvl")
        if level is not None and level.isdigit() and int(level) < 9:
            return int(level) + 1
        return None

    def _numbering_of(self, paragraph) -> tuple[str | None, int]:
        p_pr = paragraph._p.pPr
        num_pr = p_pr.numPr if p_pr is not None else None
        if num_pr is not None and num_pr.numId is not None:
            num_id = str(num_pr.numId.val)
            ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
            return (num_id if num_id != "0" else None), int(ilvl)
        num_id = _style_value(paragraph.style, "w:numPr/w:numId")
        ilvl = _style_value(paragraph.style, "w:numPr/w:ilvl") or "0"
        if num_id and num_id != "0":
            return num_id, int(ilvl) if ilvl.isdigit() else 0
        return None, 0

    # -- footnotes ---------------------------------------------------------------------------

    def _footnotes(self, builder: TextBuilder) -> None:
        part = next((rel.target_part for rel in self.document.part.rels.values()
                     if rel.reltype == _FOOTNOTES_REL and not rel.is_external), None)
        if part is None:
            return
        from lxml import etree

        root = etree.fromstring(part.blob)
        for note in root.findall("w:footnote", _NS):
            if note.get(f"{{{_W}}}type") in ("separator", "continuationSeparator",
                                             "continuationNotice"):
                continue
            text = "".join(t.text or "" for t in note.iter(f"{{{_W}}}t"))
            builder.add("footnote", text)

    # -- tables -------------------------------------------------------------------------------

    def _table(self, table, builder: TextBuilder) -> None:
        number = builder.new_table()
        for k, row in enumerate(table.rows):
            cells, previous = [], None
            for cell in row.cells:
                # A horizontally merged cell is returned once per grid column it spans.
                if cell._tc is previous:
                    continue
                previous = cell._tc
                cells.append(cell.text)
            tr_pr = row._tr.trPr
            repeated = tr_pr is not None and tr_pr.find(f"{{{_W}}}tblHeader") is not None
            builder.add_row(number, cells, header_row=repeated or k == 0)

    # -- headers and footers ------------------------------------------------------------------

    def _furniture(self, builder: TextBuilder) -> None:
        seen: set[tuple[str, str]] = set()
        for section in self.document.sections:
            for kind, parts in (("header", ("header", "first_page_header", "even_page_header")),
                                ("footer", ("footer", "first_page_footer", "even_page_footer"))):
                for attr in parts:
                    part = getattr(section, attr, None)
                    if part is None or part.is_linked_to_previous:
                        continue
                    for paragraph in part.paragraphs:
                        text = " ".join(paragraph.text.split())
                        if text and (kind, text) not in seen:
                            seen.add((kind, text))
                            builder.add(kind, text)
                    for table in part.tables:
                        for row in table.rows:
                            text = " ".join(" ".join(c.text.split()) for c in row.cells)
                            if text.strip() and (kind, text) not in seen:
                                seen.add((kind, text))
                                builder.add(kind, text)


def _has_leader_tab(paragraph) -> bool:
    """Tell if a paragraph (or its style) has a tab stop with a leader (dots, dashes, line)."""
    style = paragraph.style
    nodes = [paragraph._p.pPr] + ([style.element.find("w:pPr", _NS)] if style is not None else [])
    for p_pr in nodes:
        if p_pr is None:
            continue
        for tab in p_pr.findall("w:tabs/w:tab", _NS):
            if tab.get(f"{{{_W}}}leader") not in (None, "none"):
                return True
    return False


def _bold_heading(paragraph, text: str) -> bool:
    """Tell if a paragraph is a heading typed as bold text (every run with text in bold)."""
    if len(text) > _BOLD_HEADING_MAX_CHARS or text[-1] in ".:;!?,":
        return False
    runs = [r for r in paragraph.runs if r.text.strip()]
    if not runs:
        return False
    style_bold = bool(paragraph.style is not None and paragraph.style.font.bold)
    return all(r.bold or (r.bold is None and style_bold) for r in runs)


def _style_value(style, path: str) -> str | None:
    """Return the w:val of `path` under a style's paragraph properties, following basedOn."""
    seen = 0
    while style is not None and seen < 20:
        p_pr = style.element.find("w:pPr", _NS)
        if p_pr is not None:
            node = p_pr.find(path, _NS)
            if node is not None:
                return node.get(f"{{{_W}}}val")
        style = style.base_style
        seen += 1
    return None
