"""Ingest: text files in every encoding we accept, PDFs, DOCX files and bad input."""

import pickle
from pathlib import Path

import docx
import pytest
from fpdf import FPDF

from regionkit.ingest import SUPPORTED_SUFFIXES, IngestError, RawDocument, read_document

FONT_CANDIDATES = [
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
]
try:
    import matplotlib

    FONT_CANDIDATES.append(
        Path(matplotlib.__file__).parent / "mpl-data" / "fonts" / "ttf" / "DejaVuSans.ttf"
    )
except ImportError:  # pragma: no cover - matplotlib is a dependency, the system font suffices
    pass
FONT = next((p for p in FONT_CANDIDATES if p.exists()), None)
needs_font = pytest.mark.skipif(FONT is None, reason="no TTF font with å/ä/ö found")

# (case id, bytes on disk, text that must come out, encoding, expected warning or None).
# The single-byte cases are written as bytes by hand: Ö=0xD6, ö=0xF6, å=0xE5, ä=0xE4,
# and 0x96 is cp1252's en dash (a control code in latin-1).
ENCODING_CASES = [
    pytest.param(
        "Västra Götaland – vårdgaranti\nÅtgärd: öka tillgängligheten\n".encode(),
        "Västra Götaland – vårdgaranti\nÅtgärd: öka tillgängligheten\n",
        "utf-8", None, id="utf-8",
    ),
    pytest.param(
        b"\xef\xbb\xbf" + "Södra sjukvårdsregionen\n".encode(),
        "Södra sjukvårdsregionen\n",
        "utf-8-sig", None, id="utf-8-with-bom",
    ),
    pytest.param(
        b"\xff\xfe" + "Sydöstra sjukvårdsregionen\n".encode("utf-16-le"),
        "Sydöstra sjukvårdsregionen\n",
        "utf-16", None, id="utf-16-le-with-bom",
    ),
    pytest.param(
        b"\xfe\xff" + "Norra sjukvårdsregionen\n".encode("utf-16-be"),
        "Norra sjukvårdsregionen\n",
        "utf-16", None, id="utf-16-be-with-bom",
    ),
    pytest.param(
        b"\xd6sterg\xf6tland \x96 v\xe5rdgaranti\n",
        "Östergötland – vårdgaranti\n",
        "cp1252", "decoded as cp1252 (not valid UTF-8)", id="cp1252",
    ),
    pytest.param(
        b"V\xe4stra G\xf6taland och \xd6rebro l\xe4n\n",
        "Västra Götaland och Örebro län\n",
        "latin-1", "decoded as latin-1 (not valid UTF-8)", id="latin-1",
    ),
    pytest.param(
        "rad ett\r\nrad två\rrad tre\n".encode(),
        "rad ett\nrad två\nrad tre\n",
        "utf-8", None, id="crlf-and-cr-become-lf",
    ),
    pytest.param(
        "Sjukvårdsregion\tMellansverige\n\n\n  indrag  \n".encode(),
        "Sjukvårdsregion\tMellansverige\n\n\n  indrag  \n",
        "utf-8", None, id="tabs-blank-lines-and-spaces-unchanged",
    ),
]


@pytest.mark.parametrize(("data", "expected", "encoding", "warning"), ENCODING_CASES)
def test_text_file_is_decoded_to_exact_text(tmp_path, data, expected, encoding, warning):
    path = tmp_path / "dokument.txt"
    path.write_bytes(data)

    doc = read_document(path)

    assert doc.text == expected
    assert doc.encoding == encoding
    assert doc.format == "txt"
    assert doc.warnings == ((warning,) if warning else ())


def test_markdown_file_is_read_like_text_with_format_md(tmp_path):
    path = tmp_path / "plan.md"
    path.write_text("# Verksamhetsplan 2025–2028\n\n- Stärka samverkan\n", encoding="utf-8")

    doc = read_document(path)

    assert doc == RawDocument(
        path=path,
        text="# Verksamhetsplan 2025–2028\n\n- Stärka samverkan\n",
        format="md",
        encoding="utf-8",
        sha256=doc.sha256,
        warnings=(),
    )


def test_sha256_is_of_the_file_bytes(tmp_path):
    path = tmp_path / "abc.txt"
    path.write_bytes(b"abc")  # the FIPS 180-2 example digest

    assert read_document(path).sha256 == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )


def test_double_encoded_utf8_is_kept_but_warned_about(tmp_path):
    path = tmp_path / "mojibake.txt"
    path.write_text("VÃ¤stra GÃ¶taland\n", encoding="utf-8")

    doc = read_document(path)

    assert doc.text == "VÃ¤stra GÃ¶taland\n"  # repair is not ingest's job
    assert len(doc.warnings) == 1
    assert doc.warnings[0].startswith("text looks double-encoded")


# ---------------------------------------------------------------------------------------------
# PDF


def _pdf(pages: list[list[str]], path: Path) -> Path:
    """Write a PDF with one text line per entry; an empty page list item is a blank page."""
    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.set_font("DejaVu", size=12)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.cell(text=line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def _scanned_pdf(path: Path) -> Path:
    """A PDF page that only draws shapes, as a scan without OCR has only an image."""
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 120, 60, style="F")
    pdf.line(20, 100, 180, 100)
    pdf.output(str(path))
    return path


PDF_PAGE_1 = [
    "Verksamhetsplan 2022–2023",
    "Södra sjukvårdsregionen ska stärka vården för äldre.",
    "• Första punkten: ökad tillgänglighet",
    "• Andra punkten: Östergötland och Jönköping",
]
PDF_PAGE_2 = ["Sida två: åäö ÅÄÖ é"]


@needs_font
def test_pdf_text_layer_comes_out_line_by_line_with_swedish_letters(tmp_path):
    path = _pdf([PDF_PAGE_1, PDF_PAGE_2], tmp_path / "plan.pdf")

    doc = read_document(path)

    # Bullets, whatever their glyph, come out as list items marked "- ".
    expected = [line.replace("• ", "- ") for line in PDF_PAGE_1 + PDF_PAGE_2]
    assert [line for line in doc.text.split("\n") if line] == expected
    assert "\n\n" in doc.text  # the page break
    assert (doc.format, doc.encoding, doc.warnings) == ("pdf", "pdf-text", ())


@needs_font
def test_pdf_with_one_page_without_text_is_read_with_a_warning(tmp_path):
    path = _pdf([PDF_PAGE_1, [], PDF_PAGE_2], tmp_path / "delvis.pdf")

    doc = read_document(path)

    assert "Sida två: åäö ÅÄÖ é" in doc.text
    assert doc.warnings == ("page 2 of 3 has no text layer (scanned? OCR it)",)


@needs_font
def test_pdf_with_an_empty_user_password_is_read(tmp_path):
    from pypdf import PdfWriter

    plain = _pdf([PDF_PAGE_1], tmp_path / "plain.pdf")
    writer = PdfWriter(clone_from=plain)
    writer.encrypt(user_password="", owner_password="ägare", algorithm="RC4-128")
    path = tmp_path / "skyddad.pdf"
    writer.write(path)

    assert read_document(path).text.startswith("Verksamhetsplan 2022–2023\n")


# ---------------------------------------------------------------------------------------------
# DOCX


def _docx(path: Path) -> Path:
    document = docx.Document()
    document.add_heading("Aktivitetsplan 2024", level=1)
    document.add_paragraph("Sjukvårdsregion Mellansverige ska öka samverkan kring vårdplatser.")
    document.add_paragraph("Första åtgärden", style="List Bullet")
    document.add_paragraph("Andra åtgärden: gemensam prislista", style="List Bullet")
    document.add_paragraph("")  # an empty paragraph leaves no trace
    document.add_heading("Medlemmar", level=2)
    table = document.add_table(rows=3, cols=3)
    for r, cells in enumerate([
        ("Namn", "Region", "Roll"),
        ("Åsa Sköld", "Region Örebro län", "ordförande"),
        ("Bo Tideholm", "Region Sörmland", ""),
    ]):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    document.add_paragraph("Nästa möte: hösten 2024.")
    document.add_paragraph("Punkt ett", style="List Number")
    document.save(path)
    return path


DOCX_TEXT = (
    "Aktivitetsplan 2024\n"
    "\n"
    "Sjukvårdsregion Mellansverige ska öka samverkan kring vårdplatser.\n"
    "\n"
    "- Första åtgärden\n"
    "- Andra åtgärden: gemensam prislista\n"
    "\n"
    "Medlemmar\n"
    "\n"
    "Namn\tRegion\tRoll\n"
    "Åsa Sköld\tRegion Örebro län\tordförande\n"
    "Bo Tideholm\tRegion Sörmland\t\n"
    "\n"
    "Nästa möte: hösten 2024.\n"
    "\n"
    "1. Punkt ett"  # Word's list numbering, as it shows on the page
)


def test_docx_headings_paragraphs_list_items_and_table_rows(tmp_path):
    doc = read_document(_docx(tmp_path / "plan.docx"))

    assert doc.text == DOCX_TEXT
    assert (doc.format, doc.encoding, doc.warnings) == ("docx", "docx", ())


def test_docx_merged_table_cell_is_written_once(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "Närvarande"
    for c, text in enumerate(["Magnus Persson", "ordförande", "Region Kalmar län"]):
        table.cell(1, c).text = text
    path = tmp_path / "tabell.docx"
    document.save(path)

    assert read_document(path).text == (
        "Närvarande\nMagnus Persson\tordförande\tRegion Kalmar län"
    )


# ---------------------------------------------------------------------------------------------
# Bad input: each error names the file and says why, in one line.


def _truncated_pdf(path: Path) -> Path:
    full = _pdf([PDF_PAGE_1], path.with_name("full.pdf")).read_bytes()
    path.write_bytes(full[: len(full) // 2])
    return path


def _encrypted_pdf(path: Path) -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=_pdf([PDF_PAGE_1], path.with_name("klar.pdf")))
    writer.encrypt(user_password="hemligt", algorithm="RC4-128")
    writer.write(path)
    return path


def _zero_page_pdf(path: Path) -> Path:
    from pypdf import PdfWriter

    PdfWriter().write(path)
    return path


def _write(data: bytes):
    def make(path: Path) -> Path:
        path.write_bytes(data)
        return path

    return make


# (file name, how to make it, words the reason must contain)
BAD_INPUTS = [
    pytest.param("tom.txt", _write(b""), "empty file (0 bytes)", id="empty"),
    pytest.param("blank.md", _write(b" \n\t\r\n"), "no text", id="only-white-space"),
    pytest.param("data.txt", _write(bytes(range(256)) * 4), "binary content", id="binary"),
    pytest.param("bild.txt", _write(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "a PNG image",
                 id="png-named-txt"),
    pytest.param("rapport.txt", _write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), "a PDF file",
                 id="pdf-named-txt"),
    pytest.param("utf16.txt", _write("Södra sjukvårdsregionen".encode("utf-16-le")),
                 "UTF-16 without a byte-order mark", id="utf-16-without-bom"),
    pytest.param("fel.txt", _write(b"Ok text \x81\x8d\x90 mer text"), "wrongly encoded",
                 id="neither-utf8-nor-cp1252"),
    pytest.param("styrgrupp.xyz", _write(b"hej"), "unsupported extension '.xyz'",
                 id="unsupported-suffix"),
    pytest.param("README", _write(b"hej"), "unsupported extension (none)", id="no-suffix"),
    pytest.param("trasig.docx", _write(b"not a zip at all"), "not a DOCX file",
                 id="docx-not-zip"),
    pytest.param("halv.docx", _write(b"PK\x03\x04" + b"\x00" * 40), "corrupt DOCX",
                 id="docx-broken-zip"),
    pytest.param("gammal.docx", _write(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64),
                 "old Word .doc file", id="doc-named-docx"),
    pytest.param("falsk.pdf", _write(b"hello, not a pdf"), "not a PDF file", id="pdf-no-header"),
    pytest.param("skrap.pdf", _write(b"%PDF-1.4\nnothing here\n%%EOF\n"), "corrupt PDF",
                 id="pdf-garbage"),
    pytest.param("tom.pdf", _write(b""), "empty file (0 bytes)", id="pdf-zero-bytes"),
    pytest.param("plan.pdf", _write(b"<!DOCTYPE html>\n<html lang=\"sv\"><head><title>Sidan "
                                    b"hittades inte</title></head><body></body></html>\n"),
                 "not a PDF file but an HTML page", id="pdf-that-is-html"),
    pytest.param("noll.pdf", _zero_page_pdf, "PDF has no pages", id="pdf-zero-pages"),
    pytest.param("avbruten.pdf", _truncated_pdf, "truncated PDF", id="pdf-truncated",
                 marks=needs_font),
    pytest.param("skannad.pdf", _scanned_pdf, "no text layer, OCR it first", id="pdf-scanned"),
    pytest.param("last.pdf", _encrypted_pdf, "encrypted PDF: it needs a password",
                 id="pdf-password", marks=needs_font),
]


@pytest.mark.parametrize(("name", "make", "reason"), BAD_INPUTS)
def test_bad_input_raises_one_line_error_naming_file_and_reason(tmp_path, name, make, reason):
    path = make(tmp_path / name)

    with pytest.raises(IngestError) as caught:
        read_document(path)

    message = str(caught.value)
    assert message.startswith(f"{name}: ")
    assert reason in message
    assert "\n" not in message
    assert caught.value.path == path


def test_scanned_pdf_error_is_exactly_the_ocr_advice(tmp_path, monkeypatch):
    import regionkit.ingest.ocr as ocr

    monkeypatch.setattr(ocr, "ocr_available", lambda: None)  # as where the tools are installed
    path = _scanned_pdf(tmp_path / "skannad.pdf")

    with pytest.raises(IngestError) as caught:
        read_document(path)

    assert str(caught.value) == (
        "skannad.pdf: no text layer, OCR it first: run `regionkit build --ocr` or set ocr = yes "
        "in the manifest"
    )


def test_scanned_pdf_error_says_how_to_install_the_ocr_tools_when_they_are_missing(
    tmp_path, monkeypatch
):
    import regionkit.ingest.ocr as ocr

    monkeypatch.setattr(ocr, "ocr_available", lambda: "ocrmypdf is not installed")
    path = _scanned_pdf(tmp_path / "skannad.pdf")

    with pytest.raises(IngestError) as caught:
        read_document(path)

    message = str(caught.value)
    assert message.startswith("skannad.pdf: no text layer, OCR it first")
    assert "ocrmypdf is not installed" in message
    assert "apt-get install ocrmypdf tesseract-ocr-swe" in message
    assert "\n" not in message


def test_missing_file_is_named(tmp_path):
    with pytest.raises(IngestError, match=r"^saknas\.txt: file not found$"):
        read_document(tmp_path / "saknas.txt")


def test_ingest_error_survives_pickling_for_worker_processes(tmp_path):
    error = IngestError(tmp_path / "a.pdf", "no text layer, OCR it first")

    copy = pickle.loads(pickle.dumps(error))

    assert str(copy) == "a.pdf: no text layer, OCR it first"
    assert (copy.path, copy.reason) == (error.path, error.reason)


def test_supported_suffixes_are_the_four_formats():
    assert SUPPORTED_SUFFIXES == (".txt", ".md", ".pdf", ".docx")


def test_seed_documents_are_read_as_utf8_without_warnings():
    raw = Path(__file__).resolve().parents[1] / "data" / "raw"
    docs = [read_document(p) for p in sorted(raw.glob("*.txt"))]

    assert len(docs) == 5
    assert {(d.encoding, d.warnings) for d in docs} == {("utf-8", ())}
