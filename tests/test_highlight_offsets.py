"""Highlighting reads the offsets the build stored; it neither replays repairs nor searches.

Seed 004 (Mellansverige's OCR-damaged återrapport 2024) is built alone. In its segment 0026 OCR
damage and repair change the text before the first name ("o Fortséatta" became "- Fortsätta",
one character shorter), so offsets into the raw text and into the segment text differ by one.

Expected spans, worked out by hand from the segment text: the first line "- Fortsätta utveckla
transparens och tillit i det sjukvårdsregionala arbetet" is 76 characters (2 + 9 + 1 + 8 + 1 + 11
+ 1 + 3 + 1 + 6 + 1 + 1 + 1 + 3 + 1 + 18 + 1 + 7), then a blank line, so
"Regiondirektörsgruppen" (22 characters) stands at 78-100. The tagger gives the segment one
theme, styrning_samverkan, from "Regiondirektörsgruppen", "samverkan" and "Ledningsgruppen";
"samverkan" is the one in "utveckla samverkan med transparens" (179-188) and
"Ledningsgruppen" opens the second sentence (217-232). Both names are GROUP mentions.
"""

import csv
import shutil
from pathlib import Path

import pytest

from regionkit import compare
from regionkit.build import build_corpus
from regionkit.report.highlight import segment_html

ROOT = Path(__file__).resolve().parents[1]
RAW_FILE = ROOT / "data" / "raw" / "mellansverige_samverkansnamnden_aterrapport_2024_ocr.txt"
SEGMENT = "mellansverige-snd-aterrapport-2024:0026"

EXPECTED = [
    {"start": 78, "end": 100, "label": "GROUP", "kind": "entity"},
    {"start": 78, "end": 100, "label": "styrning_samverkan", "kind": "evidence"},
    {"start": 179, "end": 188, "label": "styrning_samverkan", "kind": "evidence"},
    {"start": 217, "end": 232, "label": "GROUP", "kind": "entity"},
    {"start": 217, "end": 232, "label": "styrning_samverkan", "kind": "evidence"},
]
EXPECTED_TEXT = {78: "Regiondirektörsgruppen", 179: "samverkan", 217: "Ledningsgruppen"}
RAW_MENTION_TEXT = {78: "Regiondirektorsgruppen", 217: "Ledningsgruppen"}


@pytest.fixture(scope="module")
def seed_004(tmp_path_factory):
    base = tmp_path_factory.mktemp("seed004")
    raw = base / "raw"
    raw.mkdir()
    shutil.copyfile(RAW_FILE, raw / RAW_FILE.name)
    with (raw / "manifest.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["doc_id", "file", "sjukvardsregion", "body", "doc_type",
                         "period_start", "period_end", "date", "title"])
        writer.writerow(["mellansverige-snd-aterrapport-2024", RAW_FILE.name, "mellansverige",
                         "Samverkansnämnden", "aterrapport", 2024, 2024, "",
                         "Aktivitetsplan 2024 – återrapportering"])
    return build_corpus(raw, base / "out", use_cache=False).tables


def test_raw_and_segment_offsets_differ_in_this_segment(seed_004):
    seg = seed_004.segments.set_index("segment_id").loc[SEGMENT]
    mentions = seed_004.entity_mentions[seed_004.entity_mentions["segment_id"] == SEGMENT]
    first = mentions.sort_values("seg_start").iloc[0]
    assert first["char_start"] - seg["char_start"] == 79 and first["seg_start"] == 78


def test_spans_are_the_stored_offsets(seed_004):
    assert compare.segment_spans(seed_004, SEGMENT) == EXPECTED


def test_highlighted_substrings_equal_the_stored_texts(seed_004):
    text = seed_004.segments.set_index("segment_id").loc[SEGMENT, "text"]
    spans = compare.segment_spans(seed_004, SEGMENT)
    assert {s["start"]: text[s["start"]:s["end"]] for s in spans} == EXPECTED_TEXT
    evidence = seed_004.theme_evidence
    evidence = evidence[(evidence["segment_id"] == SEGMENT) & evidence["assigned"]]
    for s in (s for s in spans if s["kind"] == "evidence"):
        stored = evidence[(evidence["seg_start"] == s["start"]) & (evidence["seg_end"] == s["end"])]
        assert stored["text"].tolist() == [text[s["start"]:s["end"]]]
    # A mention's stored text is the raw (damaged) text; the highlight is its repaired form.
    raw = RAW_FILE.read_text(encoding="utf-8")
    mentions = seed_004.entity_mentions[seed_004.entity_mentions["segment_id"] == SEGMENT]
    assert {int(m.seg_start): m.text for m in mentions.itertuples()} == RAW_MENTION_TEXT
    for m in mentions.itertuples():
        assert raw[m.char_start:m.char_end] == m.text


def test_one_theme_shows_only_its_evidence(seed_004):
    assert [s for s in compare.segment_spans(seed_004, SEGMENT, theme="kunskapsstyrning")
            if s["kind"] == "evidence"] == []


def test_html_labels_the_repaired_names(seed_004):
    out = segment_html(seed_004, SEGMENT)
    body = out.split("</p>", 1)[1]
    assert "\n    Regiondirektörsgruppen\n" in body and "GROUP" in body
    assert "evidence: Styrning och samverkan" in body
