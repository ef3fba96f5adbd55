"""Metadata inference from the text, checks against the manifest, and filling gaps."""

import dataclasses
from pathlib import Path

import pytest
import yaml

from regionkit.manifest import ManifestRow
from regionkit.metadata import (
    CueFileError,
    InferredMetadata,
    check_metadata,
    count_regions,
    infer_metadata,
    load_cues,
    parse_cues,
    resolve_metadata,
)

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
SEED_000 = "mellansverige_samverkansnamnden_aterrapport_2020.txt"

# What each seed document says about itself, checked by reading it (and against
# data/raw/manifest.csv and ../shared/corpus/gold/seeds_meta.json):
# (file, sjukvardsregion, doc_type, period_start, period_end, stated date, title line).
SEED_CASES = [
    pytest.param(
        SEED_000, "mellansverige", "aterrapport", 2020, 2020, "2020-02-19",
        "Återrapport aktivitetsplan 2020", id="000-aterrapport-2020",
    ),
    pytest.param(
        "sydostra_rsl_motesanteckningar_2024-09-12.txt", "sydostra", "motesanteckningar",
        2024, 2024, "2024-09-12",
        "Mötesanteckningar Regionsjukvårdsledningen i Sydöstra sjukvårdsregionen",
        id="001-motesanteckningar",
    ),
    pytest.param(
        "sodra_regionvardsnamnden_verksamhetsplan_2022-2023.txt", "sodra", "verksamhetsplan",
        2022, 2023, None, "Verksamhetsplan 2022-2023", id="002-verksamhetsplan",
    ),
    pytest.param(
        "mellansverige_produktionsplaneringsgruppen_verksamhetsberattelse_2021-2022.txt",
        "mellansverige", "verksamhetsberattelse", 2021, 2022, None,
        "Verksamhetsberättelse och Aktivitetsplan för gruppering inom Samverkansnämnden",
        id="003-verksamhetsberattelse",
    ),
    pytest.param(
        "mellansverige_samverkansnamnden_aterrapport_2024_ocr.txt", "mellansverige",
        "aterrapport", 2024, 2024, None, "Aktivitetsplan 2024", id="004-ocr-aterrapport",
    ),
]


def _seed(name: str) -> str:
    return (RAW / name).read_text(encoding="utf-8")


def _manifest_rows() -> dict[str, ManifestRow]:
    from regionkit.manifest import read_manifest

    rows, _ = read_manifest(RAW)
    return {row.file: row for row in rows}


@pytest.mark.parametrize(
    ("name", "region", "doc_type", "start", "end", "date", "title"), SEED_CASES
)
def test_inference_on_seed_gives_its_manifest_values(
    name, region, doc_type, start, end, date, title
):
    inferred = infer_metadata(_seed(name))

    assert (inferred.sjukvardsregion, inferred.doc_type) == (region, doc_type)
    assert (inferred.period_start, inferred.period_end) == (start, end)
    assert inferred.date == date
    assert inferred.title == title
    row = _manifest_rows()[name]
    assert (row.sjukvardsregion, row.doc_type, row.period_start, row.period_end) == (
        region, doc_type, start, end,
    )


def test_seed_000_stated_date_is_flagged_with_the_events_that_contradict_it():
    row = _manifest_rows()[SEED_000]
    text = _seed(SEED_000)

    warnings = check_metadata(row, infer_metadata(text), text)

    assert len(warnings) == 1
    assert warnings[0].startswith("stated date 2020-02-19 is before events the text reports (")
    # Line 104 of the seed: "Den 9 december arrangerades konferensen Vård i rörelse ..."
    assert "2020-12: 'Den 9 december arrangerades'" in warnings[0]


@pytest.mark.parametrize("name", [case.values[0] for case in SEED_CASES[1:]])
def test_seeds_001_to_004_agree_with_their_manifest_rows(name):
    text = _seed(name)

    assert check_metadata(_manifest_rows()[name], infer_metadata(text), text) == []


# ---------------------------------------------------------------------------------------------
# Inference on small texts


REGION_CASES = [
    pytest.param("Sjukvårdsregion Mellansverige och Mellansveriges regioner", "mellansverige",
                 id="name-and-inflection"),
    pytest.param("Samverkan i Sjukvardsregion Mellansverige", "mellansverige",
                 id="ocr-without-a-ring"),
    pytest.param("Södra sjukvårdsregionen och Sydöstra sjukvårdsregionen samt Södra "
                 "regionvårdsnämnden", "sodra", id="most-named-wins"),
    pytest.param("Sjukvårdsregion Sydöst samverkar", "sydostra",
                 id="sydost-is-not-syd"),
    pytest.param("Västra sjukvårdsregionen och Norra sjukvårdsregionen", None, id="tie-is-none"),
    pytest.param("Sjukvårdsregionen har sju regioner i Södra Sverige.", None,
                 id="no-named-region"),
]


@pytest.mark.parametrize(("text", "region"), REGION_CASES)
def test_region_is_the_one_named_most(text, region):
    assert infer_metadata(text).sjukvardsregion == region


def test_region_counts_name_each_mention_once():
    text = "Sjukvårdsregion Mellansverige. Mellansverige. Stockholm-Gotland och Stockholm–Gotland."

    assert count_regions(text) == {"mellansverige": 2, "stockholm-gotland": 2}


DOC_TYPE_CASES = [
    pytest.param("Återrapport aktivitetsplan 2020\nSamverkansnämnden", "aterrapport",
                 id="follow-up-beats-plan-word"),
    pytest.param("Aktivitetsplanen sorteras efter fokusområden och nedan redovisas arbetet med "
                 "planens aktiviteter 2024.\n\n"
                 "Aktivitetsplan 2024\n", "aterrapport", id="follow-up-phrase-beats-title"),
    pytest.param("Verksamhetsberättelse och Aktivitetsplan för gruppering", "verksamhetsberattelse",
                 id="first-title-word-wins"),
    pytest.param("Aktivitetsplan 2025\n\nSkapa en gemensam verksamhetsplan.", "aktivitetsplan",
                 id="aktivitetsplan"),
    pytest.param("PROTOKOLL\nSammanträde med nämnden", "protokoll", id="protokoll-upper-case"),
    pytest.param("Minnesanteckningar från mötet", "motesanteckningar", id="minnesanteckningar"),
    pytest.param("# Verksamhetsplan 2025–2028\n", "verksamhetsplan", id="markdown-heading"),
    pytest.param("Enligt avtalet ska en plan tas fram.\nVerksamhetsplanen fastställs av nämnden.",
                 None, id="inflected-word-opening-a-sentence-is-no-title"),
    pytest.param("Nämnden godkände protokollet.", None, id="word-inside-a-line-is-no-title"),
]


@pytest.mark.parametrize(("text", "doc_type"), DOC_TYPE_CASES)
def test_doc_type_from_the_title_words_of_the_head(text, doc_type):
    assert infer_metadata(text).doc_type == doc_type


def test_doc_type_cue_after_the_head_is_ignored():
    text = "Inledning\n" + "Text om vården. " * 200 + "\nProtokoll\n"

    assert infer_metadata(text).doc_type is None


PERIOD_CASES = [
    pytest.param("Period: 2021 – 2022", (2021, 2022), id="stated-period"),
    pytest.param("Verksamhetsplan 2022-2023", (2022, 2023), id="title-range"),
    pytest.param("Aktivitetsplan 2024\n", (2024, 2024), id="title-one-year"),
    pytest.param("Återrapport aktivitetsplan 2020\n", (2020, 2020), id="two-title-words"),
    pytest.param("Denna verksamhetsplan avser 2022 och 2023.", (2022, 2023), id="avser-och"),
    pytest.param("Datum 2024-09-12\nTid 08.30", (2024, 2024), id="year-of-stated-date"),
    pytest.param("Mötesanteckningar 2024-09-12", (2024, 2024), id="iso-date-is-not-a-range"),
    pytest.param("Verksamhetsplan\n\nSidan 2 av 10", (None, None), id="no-year"),
    pytest.param("Plan 2022-2023\nText", (None, None), id="plan-alone-is-no-title"),
    pytest.param("Verksamhetsplan 2023-2022", (None, None), id="backwards-range"),
]


@pytest.mark.parametrize(("text", "period"), PERIOD_CASES)
def test_period_from_head(text, period):
    inferred = infer_metadata(text)

    assert (inferred.period_start, inferred.period_end) == period


DATE_CASES = [
    pytest.param("Datum\n\n2020-02-19\n\nÅterrapport", "2020-02-19", id="datum-label"),
    pytest.param("Datum: 12 september 2024", "2024-09-12", id="datum-long-form"),
    pytest.param("\n\n2024-09-12\n\nMötesanteckningar", "2024-09-12", id="date-on-its-own-line"),
    pytest.param("Protokoll fört vid sammanträde 3 maj 2023", "2023-05-03", id="title-line"),
    pytest.param("Beslutad av nämnden datum 2021-02-10", "2021-02-10", id="beslutad-datum"),
    pytest.param("Datum för slutrapporten är 22 november 2024.", None, id="date-in-a-sentence"),
    pytest.param("Uppdraget ska redovisas senast den 30 november 2024.", None, id="deadline"),
    pytest.param("Datum 2020-02-30", None, id="no-such-day"),
]


@pytest.mark.parametrize(("text", "date"), DATE_CASES)
def test_stated_date_from_head(text, date):
    assert infer_metadata(text).date == date


def test_evidence_names_the_words_behind_each_field():
    inferred = infer_metadata("Datum 2021-02-10\n\nÅterrapport aktivitetsplan 2020\n"
                              "Sjukvårdsregion Mellansverige")

    assert inferred.evidence == {
        "sjukvardsregion": "named 1 times (no other region)",
        "doc_type": "Återrapport",
        "date": "Datum 2021-02-10",
        "period": "Återrapport aktivitetsplan 2020",
        "title": "Återrapport aktivitetsplan 2020",
    }


# ---------------------------------------------------------------------------------------------
# Checks


def _row(**values) -> ManifestRow:
    return ManifestRow(row=2, doc_id="d", path=Path("/raw/d.txt"), file="d.txt", **values)


def test_region_named_in_text_differs_from_manifest():
    text = "Sjukvårdsregion Mellansverige har under året ... Mellansverige."

    warnings = check_metadata(_row(sjukvardsregion="sodra"), infer_metadata(text), text)

    assert warnings == [
        "manifest sjukvardsregion 'sodra' but the text names mellansverige 2 times (sodra 0)"
    ]


def test_period_in_text_differs_from_manifest():
    text = "Verksamhetsberättelse\n\nPeriod: 2021 – 2022\n"

    warnings = check_metadata(_row(period_start=2020, period_end=2020), infer_metadata(text), text)

    assert warnings == ["period 2020 in manifest, text says 2021–2022 ('Period: 2021 – 2022')"]


def test_doc_type_and_date_in_text_differ_from_manifest():
    text = "Datum 2021-02-10\nProtokoll\n"

    warnings = check_metadata(_row(doc_type="verksamhetsplan", date="2021-03-01"),
                              infer_metadata(text), text)

    assert warnings == [
        "manifest doc_type 'verksamhetsplan' but the text reads as protokoll ('Protokoll')",
        "manifest date 2021-03-01 but the text states 2021-02-10 ('Datum 2021-02-10')",
    ]


REPORT_2020 = "Datum 2020-02-19\n\nÅterrapport aktivitetsplan 2020\n\n"
DATE_CHECK_CASES = [
    pytest.param(REPORT_2020 + "Den 9 december arrangerades konferensen.",
                 ["stated date 2020-02-19 is before events the text reports "
                  "(1 after it, latest 2020-12: 'Den 9 december arrangerades')"],
                 id="report-tells-of-december"),
    pytest.param(REPORT_2020 + "Arbetet fokuserades under hösten 2020 på ortopedi.",
                 ["stated date 2020-02-19 is before events the text reports "
                  "(1 after it, latest 2020-09: "
                  "'Arbetet fokuserades under hösten 2020 på ortopedi.')"],
                 id="season-with-year"),
    pytest.param(REPORT_2020 + "Beslut är planerat till nämndens möte i februari 2021.",
                 [], id="planned-meeting-says-nothing-about-the-date"),
    pytest.param(REPORT_2020 + "Uppdraget ska redovisas senast den 30 november 2020.",
                 [], id="deadline-says-nothing-about-the-date"),
    pytest.param(REPORT_2020 + "Nämnden beslutade i januari om budgeten.",
                 [], id="earlier-event-is-fine"),
    pytest.param("Datum 2020-02-19\nMötesanteckningar\n\nNämnden beslutade i oktober om planen.",
                 [], id="month-without-year-outside-a-report-is-ignored"),
    pytest.param("Datum 2021-02-10\nÅterrapport aktivitetsplan 2020\n\n"
                 "Den 9 december arrangerades konferensen.",
                 [], id="report-dated-after-its-year"),
]


@pytest.mark.parametrize(("text", "expected"), DATE_CHECK_CASES)
def test_stated_date_against_events_the_text_reports(text, expected):
    assert check_metadata(_row(), infer_metadata(text), text) == expected


def test_unlisted_file_warns_about_what_the_text_does_not_say():
    row = ManifestRow(row=0, doc_id="x", path=Path("/raw/x.txt"), file="x.txt", listed=False)
    text = "Södra sjukvårdsregionen\n\nNågra anteckningar."

    assert check_metadata(row, infer_metadata(text), text) == [
        "no doc_type found in the text",
        "no period found in the text",
    ]


def test_period_read_off_the_date_does_not_contradict_the_manifest():
    text = "Datum 2021-02-10\n\nÅterrapport\n\nSjukvårdsregion Mellansverige"
    row = _row(period_start=2020, period_end=2020, sjukvardsregion="mellansverige")

    assert check_metadata(row, infer_metadata(text), text) == []


def test_empty_text_gives_no_metadata_and_no_warnings():
    assert infer_metadata("") == InferredMetadata()
    assert check_metadata(_row(sjukvardsregion="sodra", date="2020-01-01"),
                          infer_metadata(""), "") == []


# ---------------------------------------------------------------------------------------------
# Resolution


def test_resolve_fills_only_what_the_manifest_lacks():
    row = _row(sjukvardsregion="sodra", doc_type=None, title="Manifestets titel")
    inferred = InferredMetadata(
        sjukvardsregion="mellansverige", doc_type="verksamhetsplan", period_start=2022,
        period_end=2023, date="2022-01-15", title="Textens titel",
    )

    resolved = resolve_metadata(row, inferred)

    assert resolved == dataclasses.replace(
        row, doc_type="verksamhetsplan", period_start=2022, period_end=2023, date="2022-01-15",
    )


def test_resolve_keeps_the_manifest_period_as_a_pair():
    row = _row(period_start=2020, period_end=2020)
    inferred = InferredMetadata(period_start=2021, period_end=2022)

    assert resolve_metadata(row, inferred) == row


# ---------------------------------------------------------------------------------------------
# The cue file


def _packaged_cues() -> dict:
    from importlib import resources

    text = resources.files("regionkit").joinpath("data", "metadata_cues.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def test_packaged_cue_file_loads():
    cues = load_cues()

    assert {region for region, _ in cues.regions} == {
        "norra", "mellansverige", "stockholm-gotland", "vastra", "sydostra", "sodra",
    }
    assert cues.months["december"] == 12


BAD_CUE_EDITS = [
    pytest.param(lambda d: d.update(perioder=[]), "top level: unknown key 'perioder'",
                 id="unknown-top-key"),
    pytest.param(lambda d: d["doc_types"]["protokoll"].update(titel=["P"]),
                 "doc_types.protokoll: unknown key 'titel'", id="unknown-doc-type-key"),
    pytest.param(lambda d: d["sjukvardsregioner"].update(gotland=["Gotland"]),
                 "sjukvardsregioner.gotland: unknown region id", id="unknown-region"),
    pytest.param(lambda d: d["doc_types"].update(budget={"title": ["Budget"]}),
                 "doc_types.budget: unknown document type", id="unknown-doc-type"),
    pytest.param(lambda d: d.pop("months"), "months: missing", id="missing-key"),
    pytest.param(lambda d: d["periods"].append("(unclosed"), "bad pattern", id="bad-regex"),
]


@pytest.mark.parametrize(("edit", "message"), BAD_CUE_EDITS)
def test_bad_cue_file_is_rejected_naming_file_and_key(edit, message):
    data = _packaged_cues()
    edit(data)

    with pytest.raises(CueFileError) as caught:
        parse_cues(data, "metadata_cues.yaml")

    assert str(caught.value).startswith("metadata_cues.yaml: ")
    assert message in str(caught.value)
