"""One long text, or one document failing in any stage, never stops the others.

Before: a segment longer than spaCy's nlp.max_length ended `regionkit build` with spaCy's E088,
no file named and no tables at all (tagging ran outside the per-document error handling);
`regionkit tag` with one 2 MB line lost every line and emptied the existing OUT.jsonl.
"""

import json

import pandas as pd
import pytest
from build_helpers import MANIFEST_HEADER, NOTES_TEXT, PLAN_TEXT, no_tags

from regionkit.build import TAG_PIECE_CHARS, build_corpus, tag_segments
from regionkit.cli import main
from regionkit.tagging import Tagger
from regionkit.tagging.io import MAX_TEXT_CHARS
from regionkit.tagging.types import EntityMention, TagResult, ThemeTag

# One line of 1.2 million characters (spaCy's nlp.max_length is 1,000,000) with a region name
# at its end.
HUGE_LINE = ("Regionerna samverkar kring vårdplatser och kompetensförsörjning. " * 19_000
             + "Region Örebro län deltar.")


def _raw(tmp_path, docs):
    raw = tmp_path / "raw"
    raw.mkdir()
    lines = []
    for k, (name, text) in enumerate(docs.items()):
        (raw / name).write_text(text, encoding="utf-8")
        lines.append(f"d{k},{name},sodra,Södra,verksamhetsplan,2023,2023,,T{k}\n")
    (raw / "manifest.csv").write_text(MANIFEST_HEADER + "".join(lines), encoding="utf-8")
    return raw


def test_a_segment_longer_than_spacys_limit_is_tagged_in_pieces(tmp_path, capsys):
    raw = _raw(tmp_path, {"plan.txt": PLAN_TEXT, "huge.txt": HUGE_LINE + "\n"})
    code = main(["build", "--raw", str(raw), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "E088" not in err
    docs = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    assert sorted(docs["file"]) == ["huge.txt", "plan.txt"]
    ents = pd.read_parquet(tmp_path / "out" / "entity_mentions.parquet")
    huge = ents[ents["doc_id"] == "d1"]
    assert huge["entity_id"].tolist() == ["orebro"]
    assert huge["text"].tolist() == ["Region Örebro län"]
    assert huge["char_start"].tolist() == [len(HUGE_LINE) - len("Region Örebro län deltar.")]


def test_pieces_give_offsets_into_the_whole_text_and_merge_themes():
    calls = []

    def fake(texts):
        calls.append([len(t) for t in texts])
        out = []
        for t in texts:
            k = t.find("NPO")
            ents = (EntityMention(k, k + 3, "NPO", "x", "NPO"),) if k >= 0 else ()
            themes = (ThemeTag("digitalisering", float(len(t) % 7), (t[:5],)),)
            out.append(TagResult(ents, themes))
        return out

    text = ("ord " * 30 + "\n\n") * 3 + "NPO"
    results = tag_segments(["kort", text], fake, piece_chars=100)
    assert all(n <= 100 for n in calls[0])
    assert len(calls[0]) > 2
    assert results[1].entities[0].start == text.index("NPO")
    assert [t.id for t in results[1].themes] == ["digitalisering"]
    assert TAG_PIECE_CHARS < 1_000_000


def test_a_document_failing_in_tagging_is_named_with_its_stage(tmp_path, capsys):
    raw = _raw(tmp_path, {"plan.txt": PLAN_TEXT, "boom.txt": "Rubrik\n\nBOOM i texten\n",
                          "notes.txt": NOTES_TEXT})

    def tag_many(texts, **_segment_info):
        if any("BOOM" in t for t in texts):
            raise RuntimeError("component exploded")
        return no_tags(texts)

    result = build_corpus(raw, tmp_path / "out", tag_many=tag_many, n_process=1,
                          report=print)
    out = capsys.readouterr().out
    assert result.problems == ("boom.txt: tagging failed (RuntimeError: component exploded)",)
    assert out.count("boom.txt") == 1
    docs = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    assert sorted(docs["file"]) == ["notes.txt", "plan.txt"]


# A helper inside each stage made to fail on the document that holds "BOOM".
@pytest.mark.parametrize(("stage", "target"), [
    ("normalise", "regionkit.normalize.looks_hard_wrapped"),
    ("segment", "regionkit.segment.structured.segment_text"),
    ("metadata", "regionkit.metadata.count_regions"),
    ("rows", "regionkit.rows.count_words"),
])
def test_a_failure_in_any_stage_names_file_and_stage(tmp_path, monkeypatch, stage, target):
    raw = _raw(tmp_path, {"plan.txt": PLAN_TEXT, "boom.txt": "Rubrik\n\nBOOM i texten\n"})
    module, name = target.rsplit(".", 1)
    real = getattr(__import__(module, fromlist=[name]), name)

    def failing(*args, **kwargs):
        if any("BOOM" in str(a) for a in args):
            raise ValueError("broken here")
        return real(*args, **kwargs)

    monkeypatch.setattr(target, failing)
    result = build_corpus(raw, tmp_path / "out", tag_many=no_tags, n_process=1)
    assert result.problems == (f"boom.txt: {stage} failed (ValueError: broken here)",)
    docs = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    assert docs["file"].tolist() == ["plan.txt"]


def test_tag_reports_a_huge_line_by_number_and_writes_the_others(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) for i, t in [
        ("a", "Region Örebro län har ansökt."), ("b", "x" * (MAX_TEXT_CHARS + 1)),
        ("c", "NPO Akut vård möts.")]) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    out.write_text("old\n", encoding="utf-8")
    code = main(["tag", str(src), str(out)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert err == [f"{src}: line 2: text of 1,000,001 characters is longer than the limit of "
                   "1,000,000; cut it into segments"]
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] \
        == ["a", "c"]


def test_tag_keeps_the_old_output_when_the_run_fails(tmp_path, monkeypatch):
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a", "text": "Region Örebro län."}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    out.write_text("old\n", encoding="utf-8")

    def interrupted(self, *args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(Tagger, "tag_many", interrupted)
    assert main(["tag", str(src), str(out)]) == 130
    assert out.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == sorted(["in.jsonl", "out.jsonl"]) or \
        sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]


def test_tag_reports_a_line_whose_tagging_fails(tmp_path, monkeypatch, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a", "text": "Region Örebro län."}\n{"id": "b", "text": "BOOM"}\n',
                   encoding="utf-8")
    out = tmp_path / "out.jsonl"
    real_tag_many = Tagger.tag_many

    def tag_many(self, texts, **kwargs):
        texts = list(texts)
        if "BOOM" in texts:  # the batch fails, and so does the one bad line on its own
            raise RuntimeError("this one")
        return real_tag_many(self, texts, **kwargs)

    monkeypatch.setattr(Tagger, "tag_many", tag_many)
    assert main(["tag", str(src), str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"{src}: line 2: tagging failed (RuntimeError: this one)"]
    assert [json.loads(x)["id"] for x in out.read_text(encoding="utf-8").splitlines()] == ["a"]
