"""Integration tests of `regionkit build`: the seed corpus end to end, bad input, atomicity."""

import errno
import shutil
from pathlib import Path

import pandas as pd
import pytest

import regionkit.tables as tables_mod
from regionkit.build import BuildError, build_corpus, count_words
from regionkit.cli import main
from regionkit.tagging.types import TagResult

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
GOOD_TEXT = (
    "Verksamhetsplan 2023\nSödra sjukvårdsregionen\n\n"
    "- Utveckla samverkan kring vårdplatser\n"
    "Regionerna har gemensamt planerat för vårdplatser inom rättspsykiatri.\n"
)
MANIFEST_HEADER = "doc_id,file,sjukvardsregion,body,doc_type,period_start,period_end,date,title\n"


def _outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def _no_tags(texts, **segments):
    return [TagResult() for _ in texts]


@pytest.fixture(scope="module")
def seed_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("processed")
    return build_corpus(RAW, out, use_cache=False), out


def test_seed_corpus_builds_without_problems(seed_build):
    result, _ = seed_build
    assert result.problems == ()
    manifest = pd.read_csv(RAW / "manifest.csv")
    assert sorted(result.tables.documents["doc_id"]) == sorted(manifest["doc_id"])


def test_segments_point_into_the_raw_text(seed_build):
    result, _ = seed_build
    docs = result.tables.documents.set_index("doc_id")
    for doc_id, segs in result.tables.segments.groupby("doc_id"):
        raw = (RAW / docs.loc[doc_id, "file"]).read_text(encoding="utf-8")
        for seg in segs.itertuples():
            assert 0 <= seg.char_start < seg.char_end <= len(raw)
            # normalisation may repair letters, never invent words: the first and last
            # characters of the raw span are not whitespace
            assert not raw[seg.char_start].isspace() and not raw[seg.char_end - 1].isspace()


def test_entity_mentions_quote_the_raw_text(seed_build):
    result, _ = seed_build
    docs = result.tables.documents.set_index("doc_id")
    mentions = result.tables.entity_mentions
    assert len(mentions) > 0
    for m in mentions.itertuples():
        raw = (RAW / docs.loc[m.doc_id, "file"]).read_text(encoding="utf-8")
        assert raw[m.char_start:m.char_end] == m.text


def test_segment_offsets_of_mentions_and_evidence_quote_the_segment_text(seed_build):
    result, _ = seed_build
    t = result.tables
    text = t.segments.set_index("segment_id")["text"]
    docs = t.documents.set_index("doc_id")
    for m in t.entity_mentions.itertuples():
        assert 0 <= m.seg_start < m.seg_end <= len(text[m.segment_id])
    evidence = t.theme_evidence
    assert len(evidence) > 0
    assert set(evidence["cue"]) <= {"lemma", "part", "phrase", "entity"}
    for row in evidence.itertuples():
        assert text[row.segment_id][row.seg_start:row.seg_end] == row.text
        raw = (RAW / docs.loc[row.doc_id, "file"]).read_text(encoding="utf-8")
        assert 0 <= row.char_start < row.char_end <= len(raw)
        assert row.weight > 0
    # "assigned" says whether the theme is in segment_themes for that segment; every given
    # theme has at least one evidence row.
    given = set(zip(t.segment_themes["segment_id"], t.segment_themes["theme"], strict=True))
    pairs = set(zip(evidence["segment_id"], evidence["theme"], strict=True))
    assert given <= pairs
    assert all(row.assigned == ((row.segment_id, row.theme) in given)
               for row in evidence.itertuples())
    assert (~evidence["assigned"]).any()  # evidence of themes not given is kept too


def test_attendance_lists_get_no_themes_because_segmentation_said_so(seed_build):
    t = seed_build[0].tables
    lists = set(t.segments.loc[t.segments["kind"].isin(["attendees", "members"]), "segment_id"])
    assert lists
    assert not lists & set(t.segment_themes["segment_id"])
    assert not lists & set(t.theme_evidence["segment_id"])


def test_only_ocr_document_is_marked_damaged(seed_build):
    result, _ = seed_build
    damaged = result.tables.documents.set_index("doc_id")["ocr_damaged"]
    ocr_doc = "mellansverige-snd-aterrapport-2024"
    assert damaged.to_dict() == {d: d == ocr_doc for d in damaged.index}


def test_two_builds_give_byte_identical_files(seed_build, tmp_path):
    _, first = seed_build
    build_corpus(RAW, tmp_path, use_cache=False)
    for path in sorted(p for p in first.iterdir() if p.is_file()):
        assert path.read_bytes() == (tmp_path / path.name).read_bytes(), path.name


def test_rebuild_skips_unchanged_documents(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    out = tmp_path / "out"
    first = build_corpus(raw, out, tag_many=_no_tags)
    assert first.n_cached == 0
    again = build_corpus(raw, out, tag_many=_no_tags)
    assert again.n_cached == len(first.tables.documents)
    pd.testing.assert_frame_equal(again.tables.segments, first.tables.segments)
    changed = next(raw.glob("sodra_*.txt"))
    changed.write_text(changed.read_text(encoding="utf-8") + "\nTillägg.\n", encoding="utf-8")
    third = build_corpus(raw, out, tag_many=_no_tags)
    assert third.n_cached == len(first.tables.documents) - 1


def _raw_folder(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "plan.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (raw / "empty.txt").write_bytes(b"")
    (raw / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (raw / "manifest.csv").write_text(
        MANIFEST_HEADER
        + "plan,plan.txt,sodra,Södra regionvårdsnämnden,verksamhetsplan,2023,2023,,Plan\n"
        + "empty,empty.txt,sodra,X,verksamhetsplan,2023,,,\n"
        + "binary,binary.txt,sodra,X,verksamhetsplan,2023,,,\n"
        + "wrong,plan.txt,atlantis,X,verksamhetsplan,2023,,,\n",
        encoding="utf-8",
    )
    return raw


def test_bad_input_is_named_in_one_line_and_the_rest_is_built(tmp_path, capsys):
    raw = _raw_folder(tmp_path)
    out = tmp_path / "out"
    status = main(["build", "--raw", str(raw), "--out", str(out)])
    err = capsys.readouterr().err
    assert status == 1
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert any("empty.txt" in line for line in lines)
    assert any("binary.txt" in line for line in lines)
    assert any("row 5" in line and "atlantis" in line for line in lines)
    docs = pd.read_parquet(out / "documents.parquet")
    assert docs["doc_id"].tolist() == ["plan"]


def test_a_failed_run_leaves_the_previous_outputs_intact(tmp_path, monkeypatch):
    raw = _raw_folder(tmp_path)
    out = tmp_path / "out"
    build_corpus(raw, out, tag_many=_no_tags)
    before = _outputs(out)

    def broken_write(self, frag):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tables_mod._TableStream, "add", broken_write)
    (raw / "plan.txt").write_text(GOOD_TEXT + "\nNy text.\n", encoding="utf-8")
    with pytest.raises(BuildError, match="No space left on device"):
        build_corpus(raw, out, tag_many=_no_tags)
    assert _outputs(out) == before


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Hälso- och sjukvård", 3), ("e-hälsa och covid-19", 3), ("§ 8.2 Plan 2022-2023", 4), ("", 0)],
)
def test_count_words(text, expected):
    assert count_words(text) == expected
