"""A streaming XLSX writer for the processed tables: text as text, never a formula.

Rows arrive as ``<row>`` XML already rendered (`regionkit.fragments.xlsx_rows`): every text is
an inline string, so nothing a cell holds is ever read as a formula, a number or a date. A
sheet holds at most `MAX_ROWS` data rows (Excel's 1,048,576 rows less the header); further rows
go on a second sheet (``segments (2)``) and so on. The file is deterministic: fixed ZIP dates,
no creation time.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from regionkit.fragments import xlsx_rows

MAX_ROWS = 1_048_575
_DATE = (1980, 1, 1, 0, 0, 0)
_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_SHEET_HEAD = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               f'<worksheet xmlns="{_NS}"><sheetViews><sheetView workbookViewId="0">'
               '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
               '</sheetView></sheetViews><sheetData>')
_SHEET_TAIL = "</sheetData></worksheet>"
_STYLES = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{_NS}">'
           '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
           '<fills count="2"><fill><patternFill patternType="none"/></fill>'
           '<fill><patternFill patternType="gray125"/></fill></fills>'
           '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
           '</borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
           'borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" '
           'fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles count="1"><cellStyle '
           'name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')


def _escape_attr(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


class XlsxTableWriter:
    """Write one table as a workbook, rows streamed in.

    Args:
        path: the .xlsx file to write.
        sheet: the sheet name (the table name; at most 31 characters).
        columns: the header row.
        compresslevel: zlib level of the ZIP entries (1: fast; the files are for reading).
    """

    def __init__(self, path: Path, sheet: str, columns: list[str], *, compresslevel: int = 1):
        self.path = Path(path)
        self.sheet = sheet[:31]
        self.header = xlsx_rows([columns])
        self._zip = zipfile.ZipFile(self.path, "w", zipfile.ZIP_DEFLATED,
                                    compresslevel=compresslevel)
        self._sheets = 0
        self._stream = None
        self._rows_in_sheet = 0
        self._new_sheet()

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=_DATE)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        return info

    def _new_sheet(self) -> None:
        if self._stream is not None:
            self._stream.write(_SHEET_TAIL.encode())
            self._stream.close()
        self._sheets += 1
        self._stream = self._zip.open(self._info(f"xl/worksheets/sheet{self._sheets}.xml"), "w")
        self._stream.write((_SHEET_HEAD + self.header).encode())
        self._rows_in_sheet = 0

    def write(self, rows_xml: str, n_rows: int) -> None:
        """Append `n_rows` rows given as ``<row>`` elements."""
        while self._rows_in_sheet + n_rows > MAX_ROWS:
            room = MAX_ROWS - self._rows_in_sheet
            cut = 0
            for _ in range(room):
                cut = rows_xml.index("</row>", cut) + len("</row>")
            self._stream.write(rows_xml[:cut].encode())
            self._new_sheet()
            rows_xml, n_rows = rows_xml[cut:], n_rows - room
        self._stream.write(rows_xml.encode())
        self._rows_in_sheet += n_rows

    def close(self) -> None:
        """Finish the last sheet and write the workbook parts."""
        self._stream.write(_SHEET_TAIL.encode())
        self._stream.close()
        names = [self.sheet if k == 1 else f"{self.sheet[:26]} ({k})"
                 for k in range(1, self._sheets + 1)]
        sheets = "".join(f'<sheet name="{_escape_attr(n)}" sheetId="{k}" r:id="rId{k}"/>'
                         for k, n in enumerate(names, start=1))
        rels = "".join(
            f'<Relationship Id="rId{k}" Type="{_REL_NS}/worksheet" '
            f'Target="worksheets/sheet{k}.xml"/>' for k in range(1, self._sheets + 1))
        rels += (f'<Relationship Id="rId{self._sheets + 1}" Type="{_REL_NS}/styles" '
                 'Target="styles.xml"/>')
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{k}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for k in range(1, self._sheets + 1))
        head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        parts = {
            "xl/workbook.xml": f'{head}<workbook xmlns="{_NS}" xmlns:r="{_REL_NS}">'
                               f"<sheets>{sheets}</sheets></workbook>",
            "xl/_rels/workbook.xml.rels": f'{head}<Relationships xmlns="{_PKG_REL_NS}">'
                                          f"{rels}</Relationships>",
            "xl/styles.xml": _STYLES,
            "_rels/.rels": f'{head}<Relationships xmlns="{_PKG_REL_NS}"><Relationship Id="rId1" '
                           f'Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
                           "</Relationships>",
            "[Content_Types].xml": (
                f'{head}<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                'content-types"><Default Extension="rels" ContentType="application/'
                'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
                'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
                'sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="'
                'application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
                f"{overrides}</Types>"),
        }
        for name, text in parts.items():
            self._zip.writestr(self._info(name), text)
        self._zip.close()

    def abort(self) -> None:
        """Close the file without finishing it (the caller removes it)."""
        try:
            if self._stream is not None:
                self._stream.close()
            self._zip.close()
        except (OSError, ValueError):
            pass
