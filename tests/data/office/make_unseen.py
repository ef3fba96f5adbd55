"""Make office documents the readers were not developed on (a held-out check of issue 8).

Run from the repository root (needs LibreOffice on PATH as `soffice`; python-docx and Pillow from
the dev dependencies):

    .venv/bin/python tests/data/office/make_unseen.py

For each document of `DOCUMENTS` it writes `<name>.docx` (python-docx), `<name>.pdf` and
`<name>.tagged.pdf` (LibreOffice headless, as `make_fixtures.py` does). They differ from the
first fixtures the way regional documents do: Word's heading styles next to headings that are
only a bold paragraph; numbering typed as "1.", "1.1" and "a)"; Word's automatic numbered list;
bullets on two levels; a table without ruling lines and one with them; a table of contents (a
TOC field, or typed lines with dot leaders and page numbers); a running header on two lines
(body, document title); "Sida N av M" and "N (M)" footers; a landscape page; a paragraph long
enough to cross a page break; a footnote; a figure with a caption "Figur 1. ..."; an activity
table Aktivitet | Ansvarig | Tidplan | Status; body text in Liberation Serif or Calibri (which
LibreOffice replaces by Carlito where installed, else by a fallback font).

The structure each must give was written by hand in `expected/<name>.yaml` before any reader
ran on these files.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_fixtures import _field, convert_with_libreoffice  # noqa: E402

# Blocks:
#   ("h1"/"h2", text): Word heading style; ("bold", text): a heading typed as a bold paragraph;
#   ("p", text); ("p_note", (text, footnote)): a paragraph ending in a footnote reference;
#   ("bullet", text), ("bullet2", text): List Bullet / List Bullet 2;
#   ("number", text): List Number (Word's automatic "1.", "2.", ...);
#   ("item", text): a list item typed with its marker ("a) ...");
#   ("table", rows) with ruling lines; ("plain_table", rows) without; first row = header row;
#   ("toc_lines", [(text, page)]): typed TOC lines, dot leader tab, page number;
#   ("toc_field", [(text, page)]): the same lines inside a TOC field (as Word writes one);
#   ("figure", caption): a small picture and its caption paragraph (style Caption);
#   ("landscape", [blocks]): the blocks on landscape pages; ("pagebreak", None).

VERKSAMHETSPLAN_NORRA = {
    "title": ["Verksamhetsplan 2025", "Norra sjukvårdsregionförbundet"],
    "header": ["Norra sjukvårdsregionförbundet", "Verksamhetsplan 2025"],
    "footer": "sida",
    "body_font": "Liberation Serif",
    "heading_font": "Calibri",
    "blocks": [
        ("toc_lines", [("Innehåll", None), ("1. Inledning", 2), ("2. Kunskapsstyrning", 2),
                       ("3. Kompetensförsörjning", 3), ("4. Uppföljning", 3)]),
        ("pagebreak", None),
        ("h1", "1. Inledning"),
        ("p", "Förbundsdirektionen fastställer verksamhetsplanen för ett år i taget. Planen "
              "bygger på den långsiktiga inriktning som regionerna i norr har kommit överens "
              "om och på de uppdrag som direktionen har gett kansliet."),
        ("p_note", ("Regionerna finansierar förbundets verksamhet gemensamt enligt en "
                    "fördelningsnyckel som utgår från invånarantalet.",
                    "Fördelningsnyckeln beslutades av förbundsfullmäktige i oktober 2023.")),
        ("h1", "2. Kunskapsstyrning"),
        ("p", "Det sjukvårdsregionala arbetet med kunskapsstyrning ska stödja regionerna i att "
              "införa nationella kunskapsstöd."),
        ("bullet", "Utveckla samverkan i de sjukvårdsregionala programområdena"),
        ("bullet2", "Varje programområde tar fram en egen handlingsplan"),
        ("bullet2", "Ordförandena träffas två gånger per år"),
        ("p", "Programområdena rapporterar till ledningsgruppen för kunskapsstyrning, som "
              "samordnar prioriteringarna mellan områdena."),
        ("bullet", "Införa personcentrerade och sammanhållna vårdförlopp"),
        ("p", "Införandet följs med gemensamma indikatorer. Regionerna redovisar varje "
              "kvartal hur många vårdförlopp som har införts och vilka hinder som finns. "
              "Ledningsgruppen för kunskapsstyrning sammanställer redovisningarna och lyfter "
              "de frågor som behöver lösas gemensamt till förbundsdirektionen. Under året "
              "prioriteras vårdförloppen för stroke, höftledsartros, depression och "
              "kronisk obstruktiv lungsjukdom, eftersom de berör många patienter i alla fyra "
              "regionerna och eftersom de kräver samverkan mellan primärvård, specialiserad "
              "vård och kommunal hälso- och sjukvård. För varje vårdförlopp utses en "
              "sjukvårdsregional processledare som ansvarar för att ta fram en plan för "
              "införandet, för att följa upp resultaten och för att sprida erfarenheter mellan "
              "regionerna. Processledarna samarbetar med de regionala programområdena och med "
              "patientföreträdare, och de rapporterar till ledningsgruppen två gånger per år."),
        ("bold", "Nationellt system för kunskapsstyrning"),
        ("p", "Förbundet nominerar ledamöter till de nationella programområdena och till "
              "samverkansgrupperna."),
        ("bullet", "Stödja ledamöterna i de nationella programområdena"),
        ("p", "Kansliet ordnar ett gemensamt möte för ledamöterna varje höst."),
        ("h1", "3. Kompetensförsörjning"),
        ("bullet", "Ta fram en sjukvårdsregional plan för specialisttjänstgöring"),
        ("p", "Planen beskriver hur utbildningsplatserna för ST-läkare fördelas mellan "
              "regionerna. Behovet av specialister är störst inom allmänmedicin, psykiatri "
              "och geriatrik, och i glesbygden är det svårt att rekrytera läkare som stannar "
              "kvar efter sin specialisttjänstgöring. Planen ska därför också beskriva hur "
              "regionerna kan erbjuda delar av tjänstgöringen på mindre sjukhus och "
              "vårdcentraler i inlandet, med handledning på distans där det behövs. "
              "Studierektorerna i de fyra regionerna tar fram underlaget tillsammans med "
              "Umeå universitet, och förslaget remitteras till regionernas hälso- och "
              "sjukvårdsdirektörer innan direktionen fattar beslut. Planen gäller från 2026 "
              "och följs upp varje år i samband med att regionerna rapporterar antalet "
              "tjänstgörande ST-läkare till förbundet."),
        ("bullet", "Utveckla den verksamhetsförlagda utbildningen"),
        ("bullet2", "Fler handledare utbildas i varje region"),
        ("table", [
            ["Mått", "Utgångsvärde 2024", "Mål 2025"],
            ["Antal ST-läkare i sjukvårdsregionen", "412", "440"],
            ["Utbildade handledare", "96", "130"],
            ["Platser för specialistsjuksköterskor", "58", "70"],
        ]),
        ("h1", "4. Uppföljning"),
        ("p", "Verksamhetsplanen följs upp i förbundets årsredovisning. Kansliet lämnar en "
              "lägesrapport till direktionen efter sex månader."),
    ],
}

ATERRAPPORT_VASTRA = {
    "title": ["Återrapport 2024", "Uppföljning av den sjukvårdsregionala aktivitetsplanen"],
    "header": ["Västra sjukvårdsregionen", "Återrapport 2024"],
    "footer": "paren",
    "body_font": "Calibri",
    "heading_font": "Calibri",
    "blocks": [
        ("toc_field", [("1. Sammanfattning", 2), ("2. Genomförda aktiviteter", 2),
                       ("2.1 Högspecialiserad vård", 2), ("2.2 Psykiatri", 3),
                       ("3. Aktiviteter per område", 4)]),
        ("pagebreak", None),
        ("h1", "1. Sammanfattning"),
        ("p", "Under 2024 har de flesta aktiviteterna i planen genomförts. Två aktiviteter har "
              "skjutits till nästa år eftersom de nationella besluten dröjde."),
        ("h1", "2. Genomförda aktiviteter"),
        ("h2", "2.1 Högspecialiserad vård"),
        ("p", "Regionerna har svarat gemensamt på alla remisser om nationell högspecialiserad "
              "vård."),
        ("figure", "Figur 1. Antal remissvar per år 2021–2024"),
        ("item", "a) Gemensamma remissvar om nivåstrukturering"),
        ("p", "Ett sjukvårdsregionalt svar har lämnats på samtliga sju remisser."),
        ("item", "b) Fördelning av den kirurgiska vården av bukspottkörtelcancer"),
        ("p", "Fördelningen är beslutad och gäller från den första juli."),
        ("h2", "2.2 Psykiatri"),
        ("number", "Inrätta ett sjukvårdsregionalt nätverk för ätstörningsvård"),
        ("p", "Nätverket har haft två möten och en gemensam vårdrutin är på remiss."),
        ("number", "Samordna vårdplatserna inom rättspsykiatrin"),
        ("p", "En gemensam beläggningsöversikt uppdateras varje vecka."),
        ("landscape", [
            ("h1", "3. Aktiviteter per område"),
            ("table", [
                ["Aktivitet", "Ansvarig", "Tidplan", "Status"],
                ["Gemensamma remissvar om nivåstrukturering", "Regionsjukvårdsgruppen",
                 "Hela året", "Genomförd"],
                ["Fördelning av kirurgisk vård av bukspottkörtelcancer", "Hälso- och "
                 "sjukvårdsdirektörerna", "Kvartal 2", "Genomförd"],
                ["Nätverk för ätstörningsvård", "Psykiatriska verksamhetschefer",
                 "Kvartal 3", "Pågår"],
                ["Vårdplatser inom rättspsykiatrin", "Regionsjukvårdsgruppen", "Kvartal 4",
                 "Pågår"],
                ["Gemensam utbildning i traumavård", "Kompetensrådet", "2025",
                 "Ej påbörjad"],
            ]),
        ]),
    ],
}

MOTESANTECKNINGAR_STOCKHOLM = {
    "title": ["Minnesanteckningar", "Samverkansgruppen för Stockholm–Gotland, 12 mars 2025"],
    "header": ["Sjukvårdsregion Stockholm–Gotland", "Minnesanteckningar samverkansgruppen"],
    "footer": "sida",
    "body_font": "Calibri",
    "heading_font": "Calibri",
    "blocks": [
        ("plain_table", [
            ["Namn", "Roll", "Organisation"],
            ["Anna Lindqvist", "Ordförande", "Region Stockholm"],
            ["Per Gustafsson", "Ledamot", "Region Gotland"],
            ["Maria Ek", "Sekreterare", "Region Stockholm"],
        ]),
        ("bold", "1. Mötets öppnande"),
        ("p", "Ordföranden öppnade mötet och hälsade alla välkomna."),
        ("bold", "2. Läget i vårdplatsfrågan"),
        ("p", "Region Gotland redovisade att beläggningen har varit hög under vintern. "
              "Samverkansgruppen diskuterade hur patienter kan flyttas mellan regionerna när "
              "det behövs."),
        ("bullet", "Kansliet tar fram en gemensam rutin för överflyttning av patienter"),
        ("bullet", "Regionerna rapporterar beläggningen varje vecka under våren"),
        ("bold", "3. Kompetensförsörjning"),
        ("p", "Samverkansgruppen gick igenom förslaget till gemensam introduktion för nya "
              "sjuksköterskor."),
        ("p", "Förslaget skickas till regionerna för synpunkter före sommaren."),
        ("bold", "4. Nästa möte"),
        ("p", "Nästa möte hålls den 14 maj 2025 i Visby."),
    ],
}

AKTIVITETSPLAN_SODRA = {
    "title": ["Aktivitetsplan 2025–2026", "Regionsjukvårdsledningen, Södra sjukvårdsregionen"],
    "header": ["Södra regionvårdsnämnden", "Aktivitetsplan 2025–2026"],
    "footer": "paren",
    "body_font": "Liberation Serif",
    "heading_font": "Liberation Serif",
    "blocks": [
        ("h1", "1 Bakgrund"),
        ("p", "Regionvårdsnämnden har gett regionsjukvårdsledningen i uppdrag att ta fram en "
              "aktivitetsplan för två år."),
        ("h1", "2 Prioriterade aktiviteter"),
        ("p", "Aktiviteterna i tabellen har prioriterats av regionsjukvårdsledningen."),
        ("plain_table", [
            ["Aktivitet", "Ansvarig", "Tidplan", "Status"],
            ["Gemensam plan för cancervården", "RCC Syd", "2025", "Pågår"],
            ["Uppföljning av vårdförlopp", "Kunskapsstyrningen", "2025–2026", "Planerad"],
            ["Upphandling av ambulansflyg", "Ledningsgruppen", "2026", "Planerad"],
            ["Nätverk för barnsjukvård", "Skånes universitetssjukhus", "2025", "Pågår"],
        ]),
        ("h2", "2.1 Barn och unga"),
        ("item", "a) Samordna remissflödena till barnkirurgin"),
        ("p_note", ("En arbetsgrupp kartlägger remisserna från de fyra regionerna.",
                    "Arbetsgruppen leds av verksamhetschefen för barnkirurgi i Lund.")),
        ("item", "b) Gemensamma riktlinjer för barnhälsovården"),
        ("bullet2", "Riktlinjerna tas fram tillsammans med kommunerna"),
        ("h2", "2.2 Ambulanssjukvård"),
        ("p", "Ambulansflyget upphandlas gemensamt av alla sjukvårdsregioner."),
        ("bold", "Beredskap"),
        ("p", "Regionerna ser över lagren av sjukvårdsmateriel och läkemedel och tar fram en "
              "gemensam plan för försörjningen vid allvarliga händelser."),
        ("h1", "3 Ekonomi"),
        ("p", "Aktiviteterna finansieras inom regionernas befintliga budgetar. Kostnader för "
              "gemensamma arbetsgrupper fördelas mellan regionerna efter invånarantal, och "
              "kostnader för upphandlingar bärs av den region som är värd för avtalet."),
        ("p", "Regionsjukvårdsledningen kan besluta om särskilda medel för en aktivitet när "
              "den kräver mer resurser än regionerna kan avsätta inom sina verksamheter."),
        ("bullet", "Ta fram en gemensam modell för kostnadsfördelning"),
        ("p", "Modellen ska gälla för alla gemensamma aktiviteter från och med 2026 och "
              "beslutas av regionvårdsnämnden."),
        ("bullet", "Redovisa kostnaderna för de gemensamma aktiviteterna årligen"),
        ("h1", "4 Uppföljning"),
        ("p", "Regionsjukvårdsledningen följer upp aktiviteterna två gånger per år. "
              "Uppföljningen redovisas för regionvårdsnämnden i juni och i december, och "
              "aktiviteter som inte har påbörjats enligt tidplanen ska förklaras."),
    ],
}

DOCUMENTS = {
    "unseen_verksamhetsplan_norra": VERKSAMHETSPLAN_NORRA,
    "unseen_aterrapport_vastra": ATERRAPPORT_VASTRA,
    "unseen_motesanteckningar_stockholm": MOTESANTECKNINGAR_STOCKHOLM,
    "unseen_aktivitetsplan_sodra": AKTIVITETSPLAN_SODRA,
}


def _element(tag: str, **attrs):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn(key.replace("__", ":")), value)
    return el


def _fonts(document, body: str, heading: str) -> None:
    from docx.oxml.ns import qn

    def set_font(style, name):
        style.font.name = name
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), name)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            if fonts.get(qn(attr)) is not None:
                del fonts.attrib[qn(attr)]

    set_font(document.styles["Normal"], body)
    for name in ("Title", "Heading 1", "Heading 2"):
        set_font(document.styles[name], heading)


def _footer(section, style: str) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = 2 if style == "paren" else 1
    if style == "sida":
        paragraph.add_run("Sida ")
        _field(paragraph, "PAGE")
        paragraph.add_run(" av ")
        _field(paragraph, "NUMPAGES")
    else:
        _field(paragraph, "PAGE")
        paragraph.add_run(" (")
        _field(paragraph, "NUMPAGES")
        paragraph.add_run(")")


def _borders(table, ruled: bool) -> None:
    tbl_pr = table._tbl.tblPr
    borders = _element("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if ruled:
            borders.append(_element(f"w:{side}", w__val="single", w__sz="4", w__space="0",
                                    w__color="000000"))
        else:
            borders.append(_element(f"w:{side}", w__val="nil"))
    tbl_pr.append(borders)


def _table(document, rows, ruled: bool) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    if ruled:
        table.style = "Table Grid"
    _borders(table, ruled)
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            cell = table.cell(r, c)
            cell.text = text
            if r == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
    table.rows[0]._tr.get_or_add_trPr().append(_element("w:tblHeader"))
    document.add_paragraph("")


def _toc_paragraph(document, text: str, page, right_cm: float):
    from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.shared import Cm

    paragraph = document.add_paragraph()
    paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(right_cm), WD_TAB_ALIGNMENT.RIGHT,
                                                      WD_TAB_LEADER.DOTS)
    if re.match(r"\d+\.\d", text):  # a second-level entry is indented
        paragraph.paragraph_format.left_indent = Cm(0.6)
    paragraph.add_run(text)
    if page is not None:
        paragraph.add_run(f"\t{page}")
    return paragraph


def _toc_field(document, lines) -> None:
    document.add_paragraph("Innehåll", style="TOC Heading")
    paragraphs = [_toc_paragraph(document, text, page, 16.0) for text, page in lines]
    first, last = paragraphs[0], paragraphs[-1]
    begin = first.runs[0]._r
    for el in (_element("w:fldChar", w__fldCharType="begin"),
               _instr(' TOC \\o "1-3" \\h \\z \\u '),
               _element("w:fldChar", w__fldCharType="separate")):
        run = _element("w:r")
        run.append(el)
        begin.addprevious(run)
    end = _element("w:r")
    end.append(_element("w:fldChar", w__fldCharType="end"))
    last._p.append(end)


def _instr(text: str):
    from docx.oxml.ns import qn

    el = _element("w:instrText")
    el.set(qn("xml:space"), "preserve")
    el.text = text
    return el


FOOTNOTES_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
    "</w:r></w:p></w:footnote>{notes}</w:footnotes>"
)
FOOTNOTE_XML = (
    '<w:footnote w:id="{id}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
    '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
    '<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>'
)


def _add_footnotes(document, notes: list[str]) -> None:
    """Add word/footnotes.xml (python-docx writes no footnotes part of its own)."""
    from xml.sax.saxutils import escape

    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    body = "".join(FOOTNOTE_XML.format(id=k + 1, text=escape(t)) for k, t in enumerate(notes))
    part = Part(PackURI("/word/footnotes.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                FOOTNOTES_XML.format(notes=body).encode("utf-8"), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)


def _picture() -> io.BytesIO:
    """A small bar chart as PNG (four grey bars), drawn with Pillow."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (400, 200), "white")
    draw = ImageDraw.Draw(image)
    for k, height in enumerate((60, 90, 120, 150)):
        draw.rectangle([40 + 90 * k, 190 - height, 100 + 90 * k, 190], fill=(90, 90, 90))
    out = io.BytesIO()
    image.save(out, format="PNG")
    out.seek(0)
    return out


STYLES = {"p": None, "bullet": "List Bullet", "bullet2": "List Bullet 2", "number": "List Number"}


def _paragraph_block(document, kind: str, value, notes: list[str]) -> None:
    from docx.shared import Cm

    if kind in ("h1", "h2"):
        document.add_heading(value, level=int(kind[1]))
    elif kind in STYLES:
        document.add_paragraph(value, style=STYLES[kind])
    elif kind == "bold":
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_before = Cm(0.3)
        paragraph.add_run(value).bold = True
    elif kind == "p_note":
        text, note = value
        notes.append(note)
        paragraph = document.add_paragraph(text)
        run = paragraph.add_run()
        run._r.get_or_add_rPr().append(_element("w:vertAlign", w__val="superscript"))
        run._r.append(_element("w:footnoteReference", w__id=str(len(notes))))
    elif kind == "item":
        paragraph = document.add_paragraph(value)
        paragraph.paragraph_format.left_indent = Cm(0.63)
    else:
        raise ValueError(f"unknown block kind {kind!r}")


def _blocks(document, blocks, notes: list[str]) -> None:
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.enum.text import WD_BREAK
    from docx.shared import Cm

    for kind, value in blocks:
        if kind in ("table", "plain_table"):
            _table(document, value, ruled=kind == "table")
        elif kind == "toc_lines":
            for text, page in value:
                paragraph = _toc_paragraph(document, text, page, 16.0)
                if page is None:
                    paragraph.runs[0].bold = True
        elif kind == "toc_field":
            _toc_field(document, value)
        elif kind == "figure":
            document.add_picture(_picture(), width=Cm(8))
            document.add_paragraph(value, style="Caption")
        elif kind == "pagebreak":
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif kind == "landscape":
            wide = document.add_section(WD_SECTION.NEW_PAGE)
            wide.orientation = WD_ORIENT.LANDSCAPE
            wide.page_width, wide.page_height = wide.page_height, wide.page_width
            _blocks(document, value, notes)
        else:
            _paragraph_block(document, kind, value, notes)


def write_docx(spec: dict, path: Path) -> None:
    """Write one document as DOCX."""
    import docx
    from docx.shared import Cm, Pt

    document = docx.Document()
    document.core_properties.author = "regionkit"
    _fonts(document, spec["body_font"], spec["heading_font"])
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    header = section.header
    header.paragraphs[0].text = spec["header"][0]
    for line in spec["header"][1:]:
        header.add_paragraph(line)
    _footer(section, spec["footer"])
    document.add_heading(spec["title"][0], level=0)
    for line in spec["title"][1:]:
        document.add_paragraph(line).runs[0].font.size = Pt(13)
    notes: list[str] = []
    _blocks(document, spec["blocks"], notes)
    if notes:
        _add_footnotes(document, notes)
    document.save(path)


def main() -> None:
    """Write every document of DOCUMENTS into this folder."""
    for name, spec in DOCUMENTS.items():
        docx_path = HERE / f"{name}.docx"
        write_docx(spec, docx_path)
        convert_with_libreoffice(docx_path, HERE / f"{name}.pdf", tagged=False)
        convert_with_libreoffice(docx_path, HERE / f"{name}.tagged.pdf", tagged=True)
        print(f"wrote {name}: .docx .pdf .tagged.pdf")


if __name__ == "__main__":
    main()
