"""Make the office fixtures: Swedish plan documents as DOCX, and as the PDFs real programs export.

Run from the repository root (needs LibreOffice on PATH as `soffice`; python-docx and fpdf2 from
the dev dependencies):

    .venv/bin/python tests/data/office/make_fixtures.py

For each document of `DOCUMENTS` it writes, into this folder:

- `<name>.docx`: python-docx, with Word's own styles (Title, Heading 1/2, List Bullet, Table
  Grid), a running header, a footer with page-number fields, a table with a header row;
- `<name>.pdf`: that DOCX exported by LibreOffice headless (`--convert-to pdf`), untagged;
- `<name>.tagged.pdf`: the same with the writer_pdf_Export option UseTaggedPDF (a structure
  tree, as accessible PDFs have);
- `<name>.fpdf.pdf`: the same content laid out by fpdf2 (DejaVu Sans), with its own header and
  footer, bullets "•", headings set in bold, words hyphenated at line ends.

The outputs are committed so that the tests need neither LibreOffice nor fonts. The structure a
reader must find in each is written by hand in `expected/<name>.yaml`.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
TAGGED_FILTER = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'

# A document: title lines, header text, footer style, and a list of blocks:
#   ("h1", text) / ("h2", text): numbered section headings as the authors typed them;
#   ("p", text): a paragraph;
#   ("bullet", text): a bullet activity (the paragraphs after it belong to it);
#   ("table", [header cells, row cells, ...]);
#   ("columns", [blocks]): a two-column section holding the blocks;
#   ("pagebreak", None): a page break.
# Footer styles: "sida" -> "Sida N av M", "paren" -> "N (M)", "dash" -> "- N -".

PLAN_MELLANSVERIGE = {
    "title": ["Aktivitetsplan 2025", "Samverkansnämnden, Sjukvårdsregion Mellansverige"],
    "header": "Sjukvårdsregion Mellansverige – Aktivitetsplan 2025",
    "footer": "sida",
    "blocks": [
        ("h1", "1 Inledning"),
        ("p", "Samverkansnämnden beslutar årligen om en aktivitetsplan som beskriver de "
              "gemensamma prioriteringarna för sjukvårdsregionen. Planen utgår från "
              "samverkansavtalet och från de behov som regionerna har identifierat i sina "
              "verksamhetsplaner."),
        ("p", "Aktiviteterna följs upp i en återrapport till nämnden i början av nästa år. "
              "Ledningsgruppen ansvarar för att arbetet bedrivs enligt planen."),
        ("h1", "2 Kunskapsstyrning"),
        ("bullet", "Utveckla arbetet med kunskapsstyrning nationellt och sjukvårdsregionalt"),
        ("p", "Sjukvårdsregionen fortsätter att nominera representanter till nationella "
              "programområden och samverkansgrupper. Arbetet med personcentrerade och "
              "sammanhållna vårdförlopp ska följas upp tillsammans med regionerna."),
        ("bullet", "Stärka det sjukvårdsregionala HTA-rådet"),
        ("p", "HTA-rådet får en förnyad uppdragsbeskrivning som tydligare inkluderar "
              "metodvärdering i kunskapsstyrningssystemet och möter kommande behov inom "
              "värdskapet."),
        ("bullet", "Etablera Regionalt cancercentrum i kunskapsstyrningssystemet"),
        ("p", "Diskussionen med Regionalt cancercentrum fortsätter om hur cancerplanen och "
              "de nationella programområdena ska samordnas."),
        ("h2", "2.1 Nationella programområden"),
        ("p", "Sjukvårdsregionen är värd för fyra nationella programområden."),
        ("bullet", "Stödja värdskapet för nationellt programområde Äldres hälsa"),
        ("p", "Kansliet bistår programområdet med administration, kommunikation och "
              "uppföljning av de nationella kunskapsstöden."),
        ("bullet", "Följa upp arbetet inom nationellt programområde Akut vård"),
        ("p", "Programområdet redovisar sitt arbete för nämnden vid höstens möte."),
        ("h1", "3 Högspecialiserad vård"),
        ("bullet", "Arbeta med nationella och sjukvårdsregionala nivåstrukturer"),
        ("p", "Sjukvårdsregionala gemensamma svar tas fram på remisserna om nationell "
              "högspecialiserad vård. Ledningsgruppen bereder förslag om fördelningen av "
              "den kirurgiska vården av prostata- och njurcancer."),
        ("bullet", "Samverka vid köp av vård utom sjukvårdsregionen"),
        ("p", "Regionerna stämmer av gemensamma behov innan avtal tecknas med andra "
              "regioner eller externa parter."),
        ("h1", "4 Kompetensförsörjning"),
        ("bullet", "Stärka och bredda samverkan inom kompetensförsörjningsområdet"),
        ("p", "Det sjukvårdsregionala kompetensrådet samråder med universitet och högskolor "
              "om utbildningsplatser, verksamhetsförlagd utbildning och specialist"
              "tjänstgöring för läkare och sjuksköterskor."),
        ("bullet", "Ta fram en gemensam plan för specialistsjuksköterskor"),
        ("p", "Planen ska beskriva behovet av specialistsjuksköterskor inom hälso- och "
              "sjukvården i regionerna under de kommande fem åren."),
        ("table", [
            ["Aktivitet", "Ansvarig", "Tidsplan"],
            ["Kartlägga utbildningsplatser", "Kompetensrådet", "Kvartal 1"],
            ["Gemensam introduktion för ST-läkare", "HR-direktörerna", "Kvartal 2"],
            ["Plan för specialistsjuksköterskor", "Ledningsgruppen", "Kvartal 4"],
        ]),
        ("h1", "5 Uppföljning"),
        ("p", "Aktivitetsplanen följs upp vid nämndens möte i februari. Återrapporten "
              "beskriver för varje aktivitet vad som har genomförts och vad som återstår."),
    ],
}

PLAN_SYDOSTRA = {
    "title": ["Verksamhetsplan 2024", "Regionsjukvårdsledningen, Sydöstra sjukvårdsregionen"],
    "header": "Sydöstra sjukvårdsregionen – Verksamhetsplan 2024",
    "footer": "paren",
    "blocks": [
        ("h1", "1 Uppdrag"),
        ("p", "Regionsjukvårdsledningen leder samverkan mellan Region Jönköpings län, Region "
              "Kalmar län och Region Östergötland. Verksamhetsplanen anger de områden där "
              "regionerna ska arbeta tillsammans under året."),
        ("h1", "2 Fokusområden"),
        ("columns", [
            ("bullet", "Utveckla den regionala cancervården"),
            ("p", "Regionalt cancercentrum sydöst samordnar arbetet med standardiserade "
                  "vårdförlopp och följer upp ledtiderna i de tre regionerna."),
            ("bullet", "Stärka krisberedskapen i sjukvårdsregionen"),
            ("p", "Regionerna övar gemensamt inför allvarliga händelser och tar fram en "
                  "plan för försörjning av sjukvårdsmateriel."),
            ("bullet", "Samordna arbetet med digital vård"),
            ("p", "En gemensam arbetsgrupp följer införandet av digitala vårdmöten och delar "
                  "erfarenheter mellan regionerna."),
            ("bullet", "Minska väntetiderna inom ortopedin"),
            ("p", "Produktionsplaneringen samordnas så att patienter kan erbjudas vård i en "
                  "annan region när väntetiden är lång."),
        ]),
        ("pagebreak", None),
        ("h1", "3 Kunskapsstyrning"),
        ("bullet", "Förankra de nationella kunskapsstöden i regionerna"),
        ("p", "De regionala programområdena sprider kunskapsstöden till verksamheterna och "
              "följer hur de används."),
        ("bullet", "Utveckla uppföljningen av vårdförloppen"),
        ("p", "Gemensamma mått tas fram för att jämföra resultaten mellan regionerna och mot "
              "riket."),
        ("h1", "4 Ekonomi"),
        ("p", "Kostnaderna för den gemensamma organisationen fördelas mellan regionerna efter "
              "invånarantal. Budgeten för 2024 fastställs av regionsjukvårdsledningen."),
    ],
}

TABELL_UPPFOLJNING = {
    "title": [],
    "header": "Södra sjukvårdsregionen – Uppföljning 2023",
    "footer": "dash",
    "blocks": [
        ("table", [
            ["Aktivitet", "Status", "Kommentar"],
            ["Nyhetsbrev minst fyra gånger per år", "Genomförd",
             "Fem nyhetsbrev har skickats till prenumeranterna."],
            ["Kommunikationsstöd till nationella programområden", "Pågår",
             "Stödet erbjuds programområdena som Södra sjukvårdsregionen är värd för."],
            ["Ledningsgruppen sammanträder fyra gånger", "Genomförd",
             "Ledningsgruppen har haft fyra möten och ett internat."],
            ["Inrätta chefsamråd för psykiatrin", "Ej påbörjad",
             "Frågan skjuts till verksamhetsplanen för 2024."],
            ["Gemensam upphandling av hjälpmedel", "Pågår",
             "Förfrågningsunderlaget remitteras till regionerna under våren."],
            ["Utbildning i krisberedskap", "Genomförd",
             "Två utbildningsdagar har genomförts med deltagare från alla regioner."],
            ["Gemensam plan för vårdplatser", "Pågår",
             "Regionerna har lämnat underlag och en första version diskuteras i "
             "ledningsgruppen i maj."],
            ["Uppföljning av vårdförlopp", "Genomförd",
             "Resultaten redovisades för nämnden vid höstens möte."],
            ["Samverkan med kommunerna om hemsjukvård", "Pågår",
             "En arbetsgrupp med företrädare för kommunerna och regionerna har bildats."],
            ["Nätverk för patientsäkerhet", "Genomförd",
             "Nätverket har träffats tre gånger och tagit fram gemensamma rutiner."],
            ["Gemensam rekrytering av barnmorskor", "Ej påbörjad",
             "Behovet utreds först inom varje region."],
            ["Digital tolktjänst", "Pågår",
             "Upphandlingen är överprövad och avgörs av förvaltningsrätten."],
            ["Regional cancerplan 2024–2027", "Genomförd",
             "Planen fastställdes av regionvårdsnämnden i december."],
            ["Rutin för överflyttning av intensivvårdspatienter", "Genomförd",
             "Rutinen gäller från den 1 oktober och följs upp efter ett år."],
            ["Utbildningsplatser för specialistsjuksköterskor", "Pågår",
             "Dialogen med Lunds universitet och Linnéuniversitetet fortsätter."],
            ["Gemensamma riktlinjer för läkemedelsförråd", "Pågår",
             "Ett förslag remitteras till regionerna under hösten."],
            ["Kompetensutveckling för chefer", "Genomförd",
             "Ett chefsprogram med tjugo deltagare har genomförts."],
            ["Samordnad beredskap för läkemedelsbrist", "Pågår",
             "Regionerna delar lägesbilder varje vecka genom den regionala samordningen."],
            ["Återrapport till regionvårdsnämnden", "Genomförd",
             "Återrapporten lämnades vid februarimötet."],
        ]),
    ],
}

DOCUMENTS = {
    "plan_mellansverige": PLAN_MELLANSVERIGE,
    "plan_sydostra": PLAN_SYDOSTRA,
    "tabell_uppfoljning": TABELL_UPPFOLJNING,
}

# Words the fpdf2 layout may break at a line end, and where (the text before the hyphen).
HYPHENATE = {
    "kunskapsstyrningssystemet": "kunskapsstyrnings",
    "specialistsjuksköterskor": "specialist",
    "verksamhetsförlagd": "verksamhets",
    "administration": "administra",
    "uppföljningen": "uppfölj",
    "kommunikation": "kommunika",
    "samverkansavtalet": "samverkans",
    "prioriteringarna": "prioriterings",
    "hälso-": "hälso",
    "prostata-": "prostata",
}


# --------------------------------------------------------------------------------------------
# DOCX (python-docx)


def _field(paragraph, instruction: str) -> None:
    """Append a field (PAGE, NUMPAGES) to a paragraph, as Word writes it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None),
                       ("text", "1"), ("end", None)):
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {text} "
        elif kind == "text":
            el = OxmlElement("w:t")
            el.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._r.append(el)


def _footer(section, style: str) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = 2 if style == "paren" else 1  # right / centre
    if style == "sida":
        paragraph.add_run("Sida ")
        _field(paragraph, "PAGE")
        paragraph.add_run(" av ")
        _field(paragraph, "NUMPAGES")
    elif style == "paren":
        _field(paragraph, "PAGE")
        paragraph.add_run(" (")
        _field(paragraph, "NUMPAGES")
        paragraph.add_run(")")
    else:
        paragraph.add_run("- ")
        _field(paragraph, "PAGE")
        paragraph.add_run(" -")


def _columns(section, n: int) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    sect_pr = section._sectPr
    cols = sect_pr.find(qn("w:cols"))
    if cols is None:
        cols = OxmlElement("w:cols")
        sect_pr.append(cols)
    cols.set(qn("w:num"), str(n))
    cols.set(qn("w:space"), "708")


def _table(document, rows: list[list[str]]) -> None:
    from docx.oxml import OxmlElement

    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            cell = table.cell(r, c)
            cell.text = text
            if r == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    tr_pr.append(header)
    document.add_paragraph("")


def _docx_blocks(document, blocks) -> None:
    from docx.enum.section import WD_SECTION

    for kind, value in blocks:
        if kind == "h1":
            document.add_heading(value, level=1)
        elif kind == "h2":
            document.add_heading(value, level=2)
        elif kind == "p":
            document.add_paragraph(value)
        elif kind == "bullet":
            document.add_paragraph(value, style="List Bullet")
        elif kind == "table":
            _table(document, value)
        elif kind == "pagebreak":
            from docx.enum.text import WD_BREAK

            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif kind == "columns":
            # python-docx: a new section's properties live in the body's last sectPr until
            # the next break copies them into the section's last paragraph.
            two = document.add_section(WD_SECTION.CONTINUOUS)
            _columns(two, 2)
            _docx_blocks(document, value)
            after = document.add_section(WD_SECTION.CONTINUOUS)
            _columns(after, 1)


def write_docx(spec: dict, path: Path) -> None:
    """Write one document as DOCX."""
    import docx
    from docx.shared import Pt

    document = docx.Document()
    document.core_properties.author = "regionkit"
    section = document.sections[0]
    section.header.paragraphs[0].text = spec["header"]
    _footer(section, spec["footer"])
    if spec["title"]:
        document.add_heading(spec["title"][0], level=0)
        for line in spec["title"][1:]:
            document.add_paragraph(line).runs[0].font.size = Pt(13)
    _docx_blocks(document, spec["blocks"])
    document.save(path)


def convert_with_libreoffice(docx_path: Path, pdf_path: Path, tagged: bool) -> None:
    """Export a DOCX to PDF with LibreOffice headless (own profile, so it runs beside others)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        sys.exit("soffice (LibreOffice) not found: apt-get install libreoffice-writer")
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        out = Path(tmp) / "out"
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
             TAGGED_FILTER if tagged else "pdf", "--outdir", str(out), str(docx_path)],
            check=True, capture_output=True, timeout=300,
        )
        shutil.move(out / (docx_path.stem + ".pdf"), pdf_path)


# --------------------------------------------------------------------------------------------
# fpdf2


def _fpdf_class():
    from fpdf import FPDF

    class PlanPDF(FPDF):
        running_header = ""
        footer_style = "sida"

        def header(self):
            self.set_font("DejaVu", size=9)
            self.set_y(10)
            self.cell(0, 5, self.running_header, align="L")
            self.set_y(25)

        def footer(self):
            self.set_y(-15)
            self.set_font("DejaVu", size=9)
            text = {"sida": f"Sida {self.page_no()} av {{nb}}",
                    "paren": f"{self.page_no()} ({{nb}})",
                    "dash": f"- {self.page_no()} -"}[self.footer_style]
            self.cell(0, 5, text, align="C")

    return PlanPDF


def _wrap(pdf, text: str, width: float) -> list[str]:
    """Break text into lines no wider than `width`, hyphenating the words of HYPHENATE."""
    lines, current = [], ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if pdf.get_string_width(trial) <= width:
            current = trial
            continue
        head = HYPHENATE.get(word.rstrip(".,"))
        if head and pdf.get_string_width(f"{current} {head}-".strip()) <= width:
            lines.append(f"{current} {head}-".strip())
            current = word[len(head):].lstrip("-")
            continue
        lines.append(current)
        current = word
    if current:
        lines.append(current)
    return lines


def _fpdf_blocks(pdf, blocks, left: float, width: float) -> None:
    for kind, value in blocks:
        if kind in ("h1", "h2"):
            pdf.ln(3)
            pdf.set_font("DejaVu", "B", 11 if kind == "h1" else 10)
            pdf.set_x(left)
            pdf.cell(width, 7, value, new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("DejaVu", size=10)
        elif kind == "p":
            indent = 6 if pdf.in_bullet else 0
            for line in _wrap(pdf, value, width - indent):
                pdf.set_x(left + indent)
                pdf.cell(width - indent, 5, line, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        elif kind == "bullet":
            pdf.in_bullet = True
            lines = _wrap(pdf, value, width - 6)
            pdf.set_x(left)
            pdf.cell(6, 5, "•")
            for line in lines:
                pdf.set_x(left + 6)
                pdf.cell(width - 6, 5, line, new_x="LMARGIN", new_y="NEXT")
        elif kind == "table":
            pdf.in_bullet = False
            pdf.ln(2)
            with pdf.table(width=width, first_row_as_headings=True, line_height=5) as table:
                for cells in value:
                    row = table.row()
                    for cell in cells:
                        row.cell(cell)
            pdf.ln(2)
        elif kind == "columns":
            _fpdf_blocks(pdf, value, left, width)
        elif kind == "pagebreak":
            pdf.add_page()
        if kind in ("h1", "h2"):
            pdf.in_bullet = False


def write_fpdf(spec: dict, path: Path) -> None:
    """Lay the document out with fpdf2: bold headings, "•" bullets, header and footer."""
    pdf = _fpdf_class()(format="A4")
    pdf.running_header = spec["header"]
    pdf.footer_style = spec["footer"]
    pdf.set_creation_date(dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(True, margin=25)
    pdf.set_margins(25, 25, 25)
    pdf.in_bullet = False
    pdf.add_page()
    if spec["title"]:
        pdf.set_font("DejaVu", "B", 20)
        pdf.cell(0, 10, spec["title"][0], new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", size=12)
        for line in spec["title"][1:]:
            pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
    pdf.set_font("DejaVu", size=10)
    _fpdf_blocks(pdf, spec["blocks"], 25, pdf.w - 50)
    pdf.output(str(path))


def main() -> None:
    """Write every fixture of DOCUMENTS into this folder."""
    for name, spec in DOCUMENTS.items():
        docx_path = HERE / f"{name}.docx"
        write_docx(spec, docx_path)
        convert_with_libreoffice(docx_path, HERE / f"{name}.pdf", tagged=False)
        convert_with_libreoffice(docx_path, HERE / f"{name}.tagged.pdf", tagged=True)
        write_fpdf(spec, HERE / f"{name}.fpdf.pdf")
        print(f"wrote {name}: .docx .pdf .tagged.pdf .fpdf.pdf")


if __name__ == "__main__":
    main()
