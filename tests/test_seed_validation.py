"""The coded sheet shipped with the seeds: gold mapped to built segments, corrected shares filled.

The mapping rule (`regionkit.validation.from_gold`) is checked on hand-made spans; three seed
segments were checked by reading the raw files: Södra's plan opens with one gold segment (seg 1,
offsets 2-347, styrning_samverkan) that the build cuts into a title (2-27, not content) and a
paragraph (29-347); Produktionsplaneringsgruppen's gold seg 3 (979-1515) is the build's heading
"2. Möten" (979-987) and section "2.1 Mötesinnehåll ..." (989-1515); Sydöstra's agenda item
"2. Gemensamma frågor från HSD-nätverk ..." is 1614-2191 in both, with five gold themes.
"""

import json
from pathlib import Path

import pandas as pd
import pytest

from regionkit.analysis.instrument import instrument_section
from regionkit.analysis.share_table import share_table
from regionkit.build import build_corpus
from regionkit.evaluate import read_jsonl
from regionkit.ingest import read_document
from regionkit.report.instrument import format_instrument
from regionkit.validation.from_gold import doc_ids_by_hash, match_gold, match_segment
from regionkit.validation.sheets import read_draw, read_sheet

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
SHEET = ROOT / "data" / "validation" / "seeds_development_gold.csv"
GOLD = ROOT.parent / "shared" / "corpus" / "gold" / "seeds_gold.jsonl"

#            0         1         2         3
#            0123456789012345678901234567890123456789
TEXT = "aaaaaaaaaa bbbbbbbbbb cccccccccc dddddddddd"
SPANS = [{"seg": 1, "start": 0, "end": 10, "themes": ["pandemi"]},
         {"seg": 2, "start": 11, "end": 21, "themes": ["forskning"]},
         {"seg": 3, "start": 22, "end": 32, "themes": [{"id": "psykiatri"}]}]


def test_a_segment_inside_one_gold_segment_takes_its_themes():
    assert match_segment(TEXT, 11, 21, SPANS) == ((2,), {"forskning"}, 1.0)


def test_a_segment_merging_two_gold_segments_takes_both_and_whitespace_does_not_count():
    # 0-21: 10 a + 10 b non-white characters; neither alone covers more than half
    segs, themes, covered = match_segment(TEXT, 0, 21, SPANS)
    assert set(segs) == {1, 2} and themes == {"pandemi", "forskning"} and covered == 1.0


def test_a_few_characters_of_a_neighbour_do_not_count():
    # 12-33: 9 b + 10 c + 1 d (not gold): c alone covers 10 of 20, b then makes it more than half
    segs, themes, _ = match_segment(TEXT, 12, 34, SPANS)
    assert segs == (3, 2) and themes == {"psykiatri", "forskning"}
    # 19-32: 2 b + 10 c: c alone covers 10 of 12
    assert match_segment(TEXT, 19, 32, SPANS)[:2] == ((3,), {"psykiatri"})


def test_a_segment_gold_covers_half_or_less_of_is_left_out():
    # 27-43: 5 c (gold) + 10 d (no gold): 5 of 15
    segs, themes, covered = match_segment(TEXT, 27, 43, SPANS)
    assert (segs, themes) == ((), set()) and covered == pytest.approx(5 / 15)
    # exactly half is not most
    assert match_segment(TEXT, 27, 38, SPANS)[0] == ()


def test_unknown_gold_theme_is_named():
    with pytest.raises(ValueError, match="unknown theme 'pandemic'"):
        match_segment(TEXT, 0, 10, [{"doc": "x", "seg": 1, "start": 0, "end": 10,
                                     "themes": ["pandemic"]}])


@pytest.fixture(scope="module")
def seeds_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds")
    return build_corpus(RAW, out, use_cache=False).tables, out


@pytest.fixture(scope="module")
def seeds(seeds_dir):
    return seeds_dir[0]


@pytest.fixture(scope="module")
def mapped(seeds):
    if not GOLD.exists():
        pytest.skip(f"development gold not found at {GOLD}")
    gold = read_jsonl(GOLD)
    files = sorted({GOLD.parent.parent / line["doc"] for line in gold})
    doc_ids = doc_ids_by_hash(seeds.documents, files)
    docs = seeds.documents.set_index("doc_id")
    raw = {d: read_document(RAW / docs.loc[d, "file"]).text for d in doc_ids.values()}
    return {m.segment_id: m for m in match_gold(seeds.segments, raw, gold, doc_ids)}


def test_hand_checked_seed_segments_get_their_gold_themes(mapped):
    sodra = mapped["sodra-rvn-verksamhetsplan-2022-2023:0002"]
    assert (sodra.gold_segments, sodra.themes) == ((1,), ("styrning_samverkan",))
    assert "sodra-rvn-verksamhetsplan-2022-2023:0001" not in mapped   # the title: not content
    ppg = mapped["mellansverige-ppg-verksamhetsberattelse-2021-2022:0005"]
    assert (ppg.gold_segments, ppg.themes) == ((3,), ("produktion_tillganglighet",))
    rsl = mapped["sydostra-rsl-2024-09-12:0004"]
    assert rsl.gold_segments == (4,)
    assert rsl.themes == ("cancervard", "folkhalsa", "kompetensforsorjning", "nara_vard",
                          "produktion_tillganglighet")


def test_committed_sheet_is_the_mapping_of_the_current_build(seeds, mapped):
    rows = read_sheet(SHEET, known_segments=set(seeds.segments["segment_id"]))
    sheet = {r.segment_id: tuple(sorted(t for t, v in r.codes.items() if v)) for r in rows}
    assert sheet == {sid: m.themes for sid, m in mapped.items()}, (
        "data/validation is out of date: run scripts/make_seed_validation_sheet.py")


def test_draw_record_says_census_not_random_and_in_sample():
    record = json.loads(SHEET.with_name(SHEET.name + ".draw.json").read_text(encoding="utf-8"))
    assert record["seed"] is None
    assert "not a random draw" in record["design"] and "In-sample" in record["note"]
    assert {v["inclusion_probability"] for v in read_draw(SHEET).values()} == {1.0}


def test_out_of_the_box_codes_are_fresh_and_fill_the_corrected_segment_shares(seeds):
    codes = seeds.validation_codes
    # The five seeds have 80 content segments (tests/test_segment_seeds.py counts: 17 + 20 +
    # 15 + 6 + 22); the gold covers every one: 80 segments x 15 themes, none stale.
    assert len(codes) == 80 * 15 and not codes["stale"].any()
    table = share_table(seeds, [], measure="segments").set_index("theme")
    assert (table["n_validation"] == 80).all()
    # Cancer care by hand from the gold: segments 000:0007, 0008, 0010, 001:0004, 002:0013
    # = 5 of 80; the tagger gives 000:0008 and 002:0013 = 2 of 80. A census: the corrected
    # share is the coded share.
    row = table.loc["cancervard"]
    assert (row["k"], row["share_corrected"]) == (2, 5 / 80)
    assert row["lo_corrected"] == row["hi_corrected"] == 5 / 80
    units = share_table(seeds, [], measure="words")
    assert units["share_corrected"].isna().all()


def test_instrument_section_of_a_region_for_a_units_report(seeds):
    section = instrument_section(seeds, regions=["sodra"], measure="units", n_boot=100)
    assert section.design == "census" and section.in_sample
    t = section.table.set_index("theme")
    # Södra's plan: 15 content segments, all coded. Competence supply by hand: the gold gives
    # 0014 only, the tagger 0004 and 0014: tp 1, fp 1, fn 0.
    assert (t["n_coded"] == 15).all() and (t["n"] == 15).all()
    assert tuple(t.loc["kompetensforsorjning", ["tp", "fp", "fn"]]) == (1, 1, 0)
    assert t.loc["kompetensforsorjning", "share_corrected"] == pytest.approx(1 / 15)
    assert t.loc["kompetensforsorjning", "not_interpretable"]
    text = " ".join(section.notes)
    assert "developed on these very segments" in text
    assert "shares of quasi-sentences in this report are not corrected" in text
    shown = format_instrument(section)
    assert list(shown["theme"])[:2] == ["Kunskapsstyrning", "Högspecialiserad vård"]
    assert shown.loc[shown["theme"] == "Kompetensförsörjning",
                     "corrected % [95 % interval]"].item() == "6.7 (all coded)"


def test_without_codes_the_section_says_so(seeds):
    import dataclasses

    bare = dataclasses.replace(seeds, validation_codes=seeds.validation_codes.iloc[0:0])
    section = instrument_section(bare, n_boot=0)
    assert section.design == "none" and section.table.empty
    assert format_instrument(section).empty
    assert "No hand-coded segments" in section.notes[0]


def test_a_partial_non_random_coding_is_named(seeds):
    import dataclasses

    codes = seeds.validation_codes
    keep = sorted(codes["segment_id"].unique())[:30]
    part = dataclasses.replace(seeds, validation_codes=codes[codes["segment_id"].isin(keep)])
    section = instrument_section(part, n_boot=0)
    assert section.design == "not_random"
    assert any("not drawn at random" in n for n in section.notes)
    assert (section.table["n_validation"] == 30).all()
    assert isinstance(section.table, pd.DataFrame)


def test_shares_command_notes_that_other_measures_are_not_corrected(seeds_dir, capsys):
    from regionkit.cli import main

    out = seeds_dir[1]
    assert main(["shares", "--processed", str(out), "--measure", "words", "--json"]) == 0
    captured = capsys.readouterr()
    assert "corrected shares are given for --measure segments only" in captured.err
    assert all(r["share_corrected"] is None for r in json.loads(captured.out))
    assert main(["shares", "--processed", str(out), "--measure", "segments", "--json"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert all(r["share_corrected"] is not None for r in json.loads(captured.out))
