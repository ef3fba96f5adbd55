"""The manifest: good rows kept, each bad row named with its line and value, unlisted files."""

from pathlib import Path

import pytest

from regionkit.manifest import (
    DOC_TYPES,
    SJUKVARDSREGION_IDS,
    ManifestProblem,
    ManifestRow,
    read_manifest,
)

HEADER = "doc_id,file,sjukvardsregion,body,doc_type,period_start,period_end,date,title,kommentar"
# Line numbers (header = 1) are what the problems must name.
MANIFEST_LINES = [
    HEADER,
    "sodra-vp-2022,sodra_vp.txt,sodra,Södra regionvårdsnämnden,verksamhetsplan,2022,2023,,"
    "Verksamhetsplan 2022-2023,från webben",                                         # 2 good
    "x-1,x1.txt,sodr,,verksamhetsplan,2022,,,,",                                      # 3
    "x-2,x2.txt,norra,,plan,2022,,,,",                                                # 4
    "sodra-vp-2022,x3.txt,sodra,,verksamhetsplan,2022,,,,",                           # 5
    "x-4,../utanfor.txt,sodra,,,,,,,",                                                # 6
    "x-5,saknas.txt,sodra,,,,,,,",                                                    # 7
    "x-6,x6.txt,,,,20x2,,,,",                                                         # 8
    "x-7,x7.txt,,,,2023,2022,,,",                                                     # 9
    "x-8,x8.txt,,,,,,2020-02-30,,",                                                   # 10
    "Södra VP,x9.txt,,,,,,,,",                                                        # 11
    "x-10,x10.txt,Södra,,,,,,,",                                                      # 12
    "",                                                                               # 13
    'mv-2020,underkatalog/mv.txt,mellansverige,"Samverkansnämnden, kansliet",aterrapport,'
    "2020,,2020-02-19,Återrapport aktivitetsplan 2020,",                             # 14 good
    "x-11,x11.txt,vastra,,protokoll,2021,,,,,för mycket",                             # 15
    "x-12,sodra_vp.txt,sodra,,,,,,,",                                                 # 16
    "x-13,x13.txt,stockholm,,motesanteckningar,1850,,21/3 2020,,",                   # 17
]
FILES = [
    "sodra_vp.txt", "x1.txt", "x2.txt", "x3.txt", "x6.txt", "x7.txt", "x8.txt", "x9.txt",
    "x10.txt", "x11.txt", "x13.txt", "underkatalog/mv.txt",
    # not in the manifest:
    "Ny rapport från Norra.pdf", "protokoll.docx",
    # never documents:
    ".dold.txt", "~$protokoll.docx", "tabell.csv", "bild.png",
]

# (row, column, value, words of the reason): one per bad value, in manifest order.
EXPECTED_PROBLEMS = [
    (3, "sjukvardsregion", "sodr",
     "unknown sjukvardsregion 'sodr' (valid: norra, mellansverige, stockholm-gotland, vastra, "
     "sydostra, sodra)"),
    (4, "doc_type", "plan", "unknown doc_type 'plan' (valid: aktivitetsplan, aterrapport,"),
    (5, "doc_id", "sodra-vp-2022", "doc_id 'sodra-vp-2022' already used by row 2"),
    (6, "file", "../utanfor.txt", "file '../utanfor.txt' is outside the manifest's folder"),
    (7, "file", "saknas.txt", "file 'saknas.txt' not found"),
    (8, "period_start", "20x2", "period_start '20x2' is not a year"),
    (9, "period_end", "2022", "period_end 2022 is before period_start 2023"),
    (10, "date", "2020-02-30", "date '2020-02-30' is not an ISO date (YYYY-MM-DD)"),
    (11, "doc_id", "Södra VP", "doc_id 'Södra VP' is not of the form [a-z0-9_-]+ (try 'sodra-vp')"),
    (12, "sjukvardsregion", "Södra", "did you mean 'sodra'?"),
    (15, None, "för mycket", "11 fields but the header has 10"),
    (16, "file", "sodra_vp.txt", "file 'sodra_vp.txt' already listed by row 2"),
    (17, "sjukvardsregion", "stockholm", "unknown sjukvardsregion 'stockholm'"),
    (17, "period_start", "1850", "period_start '1850' is not a year"),
    (17, "date", "21/3 2020", "date '21/3 2020' is not an ISO date"),
]


@pytest.fixture
def raw_dir(tmp_path) -> Path:
    folder = tmp_path / "raw"
    for name in FILES:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("text", encoding="utf-8")
    (tmp_path / "utanfor.txt").write_text("outside", encoding="utf-8")
    (folder / "manifest.csv").write_text("\n".join(MANIFEST_LINES) + "\n", encoding="utf-8")
    return folder


def test_good_rows_are_kept_with_typed_values(raw_dir):
    rows, _ = read_manifest(raw_dir)

    listed = [row for row in rows if row.listed]
    assert listed == [
        ManifestRow(
            row=2, doc_id="sodra-vp-2022", path=(raw_dir / "sodra_vp.txt").resolve(),
            file="sodra_vp.txt", sjukvardsregion="sodra", body="Södra regionvårdsnämnden",
            doc_type="verksamhetsplan", period_start=2022, period_end=2023, date=None,
            title="Verksamhetsplan 2022-2023", extra={"kommentar": "från webben"},
        ),
        ManifestRow(
            row=14, doc_id="mv-2020", path=(raw_dir / "underkatalog" / "mv.txt").resolve(),
            file="underkatalog/mv.txt", sjukvardsregion="mellansverige",
            body="Samverkansnämnden, kansliet", doc_type="aterrapport", period_start=2020,
            period_end=2020,  # empty period_end = same as start
            date="2020-02-19", title="Återrapport aktivitetsplan 2020",
            extra={"kommentar": ""},
        ),
    ]


def test_each_bad_value_is_reported_with_row_column_and_value(raw_dir):
    _, problems = read_manifest(raw_dir)

    assert [(p.row, p.column, p.value) for p in problems] == [
        (row, column, value) for row, column, value, _ in EXPECTED_PROBLEMS
    ]
    for problem, (row, _, _, words) in zip(problems, EXPECTED_PROBLEMS, strict=True):
        assert str(problem).startswith(f"manifest.csv row {row}: ")
        assert words in str(problem)
        assert "\n" not in str(problem)


def test_problem_str_reads_as_one_line():
    problem = ManifestProblem(4, "sjukvardsregion", "sodr", "unknown sjukvardsregion 'sodr'")

    assert str(problem) == "manifest.csv row 4: unknown sjukvardsregion 'sodr'"
    assert str(ManifestProblem(None, None, "x", "not found")) == "manifest.csv: not found"


def test_files_without_a_row_come_last_as_unlisted_with_slug_ids(raw_dir):
    rows, _ = read_manifest(raw_dir)

    unlisted = [row for row in rows if not row.listed]
    assert rows[-len(unlisted):] == unlisted
    assert unlisted == [
        ManifestRow(row=0, doc_id="ny-rapport-fran-norra",
                    path=(raw_dir / "Ny rapport från Norra.pdf").resolve(),
                    file="Ny rapport från Norra.pdf", listed=False),
        ManifestRow(row=0, doc_id="protokoll", path=(raw_dir / "protokoll.docx").resolve(),
                    file="protokoll.docx", listed=False),
    ]


def test_files_of_skipped_rows_are_not_processed_as_unlisted(raw_dir):
    rows, _ = read_manifest(raw_dir)

    files = {row.file for row in rows}
    assert not files & {"x1.txt", "x2.txt", "x3.txt", "x9.txt"}
    assert "manifest.csv" not in files


def test_missing_manifest_makes_every_file_unlisted_with_one_problem(tmp_path):
    for name in ["b.txt", "a.docx"]:
        (tmp_path / name).write_text("text", encoding="utf-8")

    rows, problems = read_manifest(tmp_path)

    assert [(row.doc_id, row.file, row.listed) for row in rows] == [
        ("a", "a.docx", False), ("b", "b.txt", False),
    ]
    assert len(problems) == 1
    assert problems[0].row is None
    assert str(problems[0]).startswith("manifest.csv: manifest.csv not found in ")


def test_unlisted_ids_do_not_collide_with_manifest_ids_or_each_other(tmp_path):
    for name in ["a.txt", "a.pdf", "A.md", "listad.txt"]:
        (tmp_path / name).write_text("text", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("doc_id,file\na,listad.txt\n", encoding="utf-8")

    rows, problems = read_manifest(tmp_path)

    assert problems == []
    assert [(row.doc_id, row.file) for row in rows] == [
        ("a", "listad.txt"), ("a-md", "A.md"), ("a-pdf", "a.pdf"), ("a-txt", "a.txt"),
    ]


def test_manifest_with_bom_and_crlf_is_read(tmp_path):
    (tmp_path / "plan.txt").write_text("text", encoding="utf-8")
    (tmp_path / "manifest.csv").write_bytes(
        "\ufeffdoc_id,file,sjukvardsregion\r\nplan,plan.txt,vastra\r\n".encode()
    )

    rows, problems = read_manifest(tmp_path)

    assert problems == []
    assert [(row.row, row.doc_id, row.sjukvardsregion) for row in rows] == [(2, "plan", "vastra")]


def test_quoted_value_over_two_lines_keeps_later_row_numbers_right(tmp_path):
    for name in ["a.txt", "b.txt"]:
        (tmp_path / name).write_text("text", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        'doc_id,file,title\na,a.txt,"Rad ett\nrad två"\nb,b.txt,Titel\nc,saknas.txt,\n',
        encoding="utf-8",
    )

    rows, problems = read_manifest(tmp_path)

    assert [(row.row, row.title) for row in rows] == [(2, "Rad ett\nrad två"), (4, "Titel")]
    assert [(p.row, p.value) for p in problems] == [(5, "saknas.txt")]


def test_header_without_file_column_is_one_problem_and_files_become_unlisted(tmp_path):
    (tmp_path / "a.txt").write_text("text", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("doc_id,fil\na,a.txt\n", encoding="utf-8")

    rows, problems = read_manifest(tmp_path)

    assert [(row.doc_id, row.listed) for row in rows] == [("a", False)]
    assert [(p.row, p.reason.split(" (")[0]) for p in problems] == [
        (1, "header lacks column(s) file"),
    ]


def test_manifest_not_utf8_is_read_as_cp1252_with_a_warning_on_every_row(tmp_path):
    # Before: the whole manifest was discarded and every doc_id silently replaced.
    (tmp_path / "a.txt").write_text("text", encoding="utf-8")
    (tmp_path / "manifest.csv").write_bytes(b"doc_id,file,body\na,a.txt,S\xf6dra\n")

    rows, problems = read_manifest(tmp_path)

    assert problems == []
    assert [(row.doc_id, row.body, row.listed) for row in rows] == [("a", "Södra", True)]
    assert rows[0].warnings == (
        "manifest.csv is not UTF-8 (byte 0xf6 at offset 26): read as cp1252 (Excel on "
        "Windows); check å/ä/ö in its values, or save it as CSV UTF-8",
    )


def test_vocabularies_match_the_interface_spec():
    assert DOC_TYPES == ("aktivitetsplan", "aterrapport", "verksamhetsplan",
                         "verksamhetsberattelse", "motesanteckningar", "protokoll", "other")
    assert SJUKVARDSREGION_IDS == ("norra", "mellansverige", "stockholm-gotland", "vastra",
                                   "sydostra", "sodra")


# The project's own manifest, values as written in data/raw/manifest.csv.
SEED_ROWS = [
    (2, "mellansverige-snd-aterrapport-2020", "mellansverige", "aterrapport", 2020, 2020,
     "2020-02-19"),
    (3, "sydostra-rsl-2024-09-12", "sydostra", "motesanteckningar", 2024, 2024, "2024-09-12"),
    (4, "sodra-rvn-verksamhetsplan-2022-2023", "sodra", "verksamhetsplan", 2022, 2023, None),
    (5, "mellansverige-ppg-verksamhetsberattelse-2021-2022", "mellansverige",
     "verksamhetsberattelse", 2021, 2022, None),
    (6, "mellansverige-snd-aterrapport-2024", "mellansverige", "aterrapport", 2024, 2024, None),
]


def test_project_manifest_reads_without_problems():
    raw = Path(__file__).resolve().parents[1] / "data" / "raw"

    rows, problems = read_manifest(raw)

    assert problems == []
    assert [
        (r.row, r.doc_id, r.sjukvardsregion, r.doc_type, r.period_start, r.period_end, r.date)
        for r in rows
    ] == SEED_ROWS
    assert all(row.listed and row.path.is_file() for row in rows)
