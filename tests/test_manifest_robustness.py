"""Careless and hostile manifests and raw folders: what spreadsheet programs write, links.

Each test reproduces an input that failed or degraded before: a manifest from Swedish Excel
(`;`, cp1252, CRLF), Excel's "CSV UTF-8" (BOM, `;`), a repeated column name, an unterminated
quote, a file name in NFD (as macOS writes it), and a link in the raw folder to a file outside
it (whose text was read and published).
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest

from regionkit.build import build_corpus
from regionkit.manifest import read_manifest
from regionkit.tagging.types import TagResult

PLAN = "Verksamhetsplan 2024\n\n- Stärka samverkan kring vårdplatser\nRegionerna planerar.\n"


def _no_tags(texts, **segments):
    return [TagResult() for _ in texts]


def _docs(folder: Path, *names: str) -> None:
    for name in names:
        (folder / name).write_text(PLAN, encoding="utf-8")


def test_swedish_excel_manifest_semicolon_cp1252_crlf_is_read_as_written(tmp_path):
    _docs(tmp_path, "plan.txt", "rapport.txt")
    data = ("doc_id;file;sjukvardsregion;body;title\r\n"
            "sodra-plan;plan.txt;sodra;Södra regionvårdsnämnden;Verksamhetsplan – 2024\r\n"
            "sodra-rapport;rapport.txt;sodra;Södra regionvårdsnämnden;Återrapport\r\n")
    (tmp_path / "manifest.csv").write_bytes(data.encode("cp1252"))

    rows, problems = read_manifest(tmp_path)

    assert problems == []
    assert [(r.doc_id, r.body, r.title, r.listed) for r in rows] == [
        ("sodra-plan", "Södra regionvårdsnämnden", "Verksamhetsplan – 2024", True),
        ("sodra-rapport", "Södra regionvårdsnämnden", "Återrapport", True),
    ]
    assert all(r.warnings and "read as cp1252" in r.warnings[0] for r in rows)


def test_excel_csv_utf8_with_bom_and_semicolons_is_read(tmp_path):
    _docs(tmp_path, "plan.txt")
    (tmp_path / "manifest.csv").write_bytes(
        "\ufeffdoc_id;file;sjukvardsregion\r\nplan;plan.txt;vastra\r\n".encode())

    rows, problems = read_manifest(tmp_path)

    assert problems == []
    assert [(r.doc_id, r.sjukvardsregion, r.warnings) for r in rows] == [("plan", "vastra", ())]


def test_header_without_required_columns_names_the_delimiters_tried(tmp_path):
    _docs(tmp_path, "plan.txt")
    (tmp_path / "manifest.csv").write_text("id|fil\nplan|plan.txt\n", encoding="utf-8")

    _, problems = read_manifest(tmp_path)

    assert len(problems) == 1
    assert "header lacks column(s) doc_id, file" in problems[0].reason
    assert "delimiters ',', ';', tab" in problems[0].reason


def test_repeated_column_name_is_refused_naming_it(tmp_path):
    # Before: the second "title" silently won.
    _docs(tmp_path, "plan.txt")
    (tmp_path / "manifest.csv").write_text(
        "doc_id,file,title,sjukvardsregion,title\nplan,plan.txt,Plan,sodra,Annan\n",
        encoding="utf-8")

    rows, problems = read_manifest(tmp_path)

    assert [str(p) for p in problems] == [
        "manifest.csv row 1: column 'title' appears twice in the header; keep one (every "
        "document is processed with metadata inferred from its text)"
    ]
    assert [(r.doc_id, r.listed) for r in rows] == [("plan", False)]


def test_unterminated_quote_is_refused_naming_its_row_and_earlier_rows_are_kept(tmp_path):
    # Before: the quote swallowed the rows after it without a word.
    _docs(tmp_path, "a.txt", "b.txt", "c.txt")
    (tmp_path / "manifest.csv").write_text(
        'doc_id,file,title\na,a.txt,Första\nb,b.txt,"Andra\nc,c.txt,Tredje\n', encoding="utf-8")

    rows, problems = read_manifest(tmp_path)

    assert [(p.row, p.reason.split(":")[0]) for p in problems] == [(3, "unterminated quote")]
    assert [(r.doc_id, r.listed) for r in rows] == [("a", True), ("b", False), ("c", False)]


def test_unterminated_quote_closed_rows_later_is_refused_too(tmp_path):
    _docs(tmp_path, "a.txt", "b.txt", "c.txt", "d.txt")
    (tmp_path / "manifest.csv").write_text(
        'doc_id,file,title\na,a.txt,"Första\nb,b.txt,Andra\nc,c.txt,Tredje"\nd,d.txt,Fjärde\n',
        encoding="utf-8")

    rows, problems = read_manifest(tmp_path)

    assert [(p.row, p.reason.split(":")[0]) for p in problems] == [(2, "unterminated quote")]
    assert [r.doc_id for r in rows if r.listed] == []


@pytest.mark.parametrize(("on_disk", "in_manifest"), [("NFD", "NFC"), ("NFC", "NFD")])
def test_file_name_in_another_unicode_normal_form_is_found(tmp_path, on_disk, in_manifest):
    name = "Återrapport väntetider.txt"
    disk = unicodedata.normalize(on_disk, name)
    (tmp_path / disk).write_text(PLAN, encoding="utf-8")
    written = unicodedata.normalize(in_manifest, name)
    (tmp_path / "manifest.csv").write_text(f"doc_id,file\nrapport,{written}\n", encoding="utf-8")

    rows, problems = read_manifest(tmp_path)

    assert problems == []
    assert [(r.doc_id, r.listed, r.path.name) for r in rows] == [("rapport", True, disk)]


def test_ocr_column_is_read_and_a_bad_value_named(tmp_path):
    _docs(tmp_path, "a.txt", "b.txt", "c.txt")
    (tmp_path / "manifest.csv").write_text(
        "doc_id,file,ocr\na,a.txt,ja\nb,b.txt,\nc,c.txt,kanske\n", encoding="utf-8")

    rows, problems = read_manifest(tmp_path)

    assert [(r.doc_id, r.ocr) for r in rows if r.listed] == [("a", True), ("b", False)]
    assert [str(p) for p in problems] == ["manifest.csv row 4: ocr 'kanske' is not yes or no"]


@pytest.fixture
def folder_with_outside_link(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    _docs(raw, "plan.txt")
    secret = tmp_path / "hemligt.txt"
    secret.write_text("Lösenordet till servern är hemligt123.\n", encoding="utf-8")
    os.symlink(secret, raw / "lank.txt")
    (raw / "manifest.csv").write_text("doc_id,file\nplan,plan.txt\n", encoding="utf-8")
    return raw


def test_unlisted_link_to_a_file_outside_the_folder_is_not_read(folder_with_outside_link):
    rows, problems = read_manifest(folder_with_outside_link)

    assert [r.doc_id for r in rows] == ["plan"]
    assert [str(p).split(":")[0] for p in problems] == ["lank.txt"]
    assert "outside" in str(problems[0])


def test_build_does_not_publish_the_text_behind_an_outside_link(folder_with_outside_link,
                                                              tmp_path):
    # Before: the linked file's text was in segments.csv and the exit status was 0.
    result = build_corpus(folder_with_outside_link, tmp_path / "out", tag_many=_no_tags)

    assert not result.ok
    assert "hemligt123" not in (tmp_path / "out" / "segments.csv").read_text(encoding="utf-8")
    assert list(result.tables.documents["doc_id"]) == ["plan"]


def test_a_cp1252_manifest_warning_reaches_the_documents_table_and_stderr(tmp_path):
    # Regression: the row's warning was read, then dropped before the documents table.
    from regionkit.build import build_corpus
    from regionkit.tagging.types import TagResult

    _docs(tmp_path, "plan.txt")
    data = ("doc_id;file;sjukvardsregion;body;title\r\n"
            "sodra-plan;plan.txt;sodra;Södra regionvårdsnämnden;Verksamhetsplan\r\n")
    (tmp_path / "manifest.csv").write_bytes(data.encode("cp1252"))
    lines: list[str] = []

    result = build_corpus(tmp_path, tmp_path / "out", report=lines.append, n_process=1,
                          tag_many=lambda texts, **_: [TagResult() for _ in texts])

    warnings = result.tables.documents.set_index("doc_id").loc["sodra-plan", "warnings"]
    assert "read as cp1252" in warnings
    assert any("read as cp1252" in line for line in lines)
