import json
import sys
import types

import pytest

from regionkit.evaluate import (
    EvaluationReport,
    Score,
    evaluate,
    evaluate_file,
    gold_from_seeds,
    read_jsonl,
    split_heldout,
)
from regionkit.tagging.types import ENTITY_LABELS, THEME_IDS, EntityMention, TagResult, ThemeTag

# --- Score arithmetic, computed by hand --------------------------------------------------------

SCORE_CASES = [
    # tp, fp, fn -> precision, recall, f1
    pytest.param(2, 1, 1, 2 / 3, 2 / 3, 2 / 3, id="2tp-1fp-1fn"),
    pytest.param(3, 0, 1, 1.0, 3 / 4, 6 / 7, id="no-false-positives"),
    pytest.param(1, 3, 0, 1 / 4, 1.0, 2 / 5, id="no-false-negatives"),
    pytest.param(0, 2, 2, 0.0, 0.0, 0.0, id="all-wrong"),
    pytest.param(0, 0, 0, 0.0, 0.0, 0.0, id="nothing-at-all"),
]


@pytest.mark.parametrize(("tp", "fp", "fn", "precision", "recall", "f1"), SCORE_CASES)
def test_score_rates_match_hand_computation(tp, fp, fn, precision, recall, f1):
    score = Score(tp, fp, fn)
    assert score.precision == pytest.approx(precision)
    assert score.recall == pytest.approx(recall)
    assert score.f1 == pytest.approx(f1)


def test_score_to_dict_marks_undefined_rates_as_none():
    assert Score(0, 0, 2).to_dict() == {"tp": 0, "fp": 0, "fn": 2, "support": 2,
                                        "precision": None, "recall": 0.0, "f1": 0.0}
    assert Score().to_dict()["f1"] is None


# --- evaluate on hand-built tables -------------------------------------------------------------


def ent(start, end, label, id_):
    return {"start": start, "end": end, "label": label, "id": id_, "text": "x"}


GOLD = [
    {"id": "a:1", "text": "...", "themes": ["cancervard", "pandemi"], "entities": [
        ent(0, 5, "REGION", "kalmar"),
        ent(10, 20, "NPO", "akut-vard"),
        ent(30, 40, "GROUP", "rcc-syd"),
    ]},
    {"id": "a:2", "text": "...", "themes": ["forskning"], "entities": []},
]
PRED = [
    {"id": "a:1", "themes": [{"id": "cancervard", "score": 5.0, "evidence": ["cancer"]},
                             {"id": "digitalisering", "score": 3.0, "evidence": ["1177"]}],
     "entities": [
         ent(0, 5, "REGION", "kalmar"),  # right: tp
         ent(10, 20, "NPO", "hjart-och-karlsjukdomar"),  # right span, wrong id: fp + fn
         ent(30, 40, "GROUP", "rcc-sodra"),  # GROUP ids are free: tp
         ent(50, 60, "ORG", "skr"),  # not in gold: fp
     ]},
    {"id": "a:2", "themes": ["forskning"], "entities": []},  # themes given as plain ids
    {"id": "zzz:9", "themes": ["pandemi"], "entities": []},  # no gold line: not scored
]


def test_evaluate_counts_entities_per_label_by_the_interface_rules():
    report = evaluate(GOLD, PRED)
    assert report.entities["REGION"] == Score(1, 0, 0)
    assert report.entities["NPO"] == Score(0, 1, 1)
    assert report.entities["GROUP"] == Score(1, 0, 0)
    assert report.entities["ORG"] == Score(0, 1, 0)
    assert report.entities["SJUKVARDSREGION"] == Score(0, 0, 0)
    # micro: tp 2, fp 2, fn 1 -> P 2/4, R 2/3, F1 4/7
    micro = report.entities["micro"]
    assert micro == Score(2, 2, 1)
    assert (micro.precision, micro.recall, micro.f1) == pytest.approx((0.5, 2 / 3, 4 / 7))


def test_evaluate_counts_themes_per_id_from_objects_or_plain_ids():
    report = evaluate(GOLD, PRED)
    assert report.themes["cancervard"] == Score(1, 0, 0)
    assert report.themes["pandemi"] == Score(0, 0, 1)  # the zzz:9 prediction is not scored
    assert report.themes["digitalisering"] == Score(0, 1, 0)
    assert report.themes["forskning"] == Score(1, 0, 0)
    # micro: tp 2, fp 1, fn 1 -> P = R = F1 = 2/3
    assert report.themes["micro"] == Score(2, 1, 1)
    assert report.themes["micro"].f1 == pytest.approx(2 / 3)
    assert report.n_segments == 2


def test_evaluate_lists_every_label_and_theme_with_micro_last():
    report = evaluate(GOLD, PRED)
    assert list(report.entities) == [*ENTITY_LABELS, "micro"]
    assert list(report.themes) == [*THEME_IDS, "micro"]


def test_gold_line_without_prediction_counts_as_missed():
    report = evaluate(GOLD, [])
    assert report.entities["micro"] == Score(0, 0, 3)
    assert report.themes["micro"] == Score(0, 0, 3)


def test_duplicate_predicted_mention_is_one_tp_and_one_fp():
    gold = [{"id": "x", "entities": [ent(0, 5, "ORG", "skr")], "themes": []}]
    pred = [{"id": "x", "entities": [ent(0, 5, "ORG", "skr"), ent(0, 5, "ORG", "skr")],
             "themes": []}]
    assert evaluate(gold, pred).entities["ORG"] == Score(1, 1, 0)


def test_seed_gold_lines_are_paired_by_doc_and_seg():
    gold = [{"doc": "000_x.txt", "seg": 3, "text": "t", "entities": [], "themes": ["pandemi"],
             "start": 0, "end": 1}]
    pred = [{"id": "000_x.txt:3", "entities": [], "themes": ["pandemi"]}]
    assert evaluate(gold, pred).themes["pandemi"] == Score(1, 0, 0)


def test_report_to_text_is_a_table_with_undefined_rates_as_dash():
    text = evaluate(GOLD, PRED).to_text()
    assert "2 segments" in text
    npo = next(line for line in text.splitlines() if line.startswith("NPO"))
    assert npo.split() == ["NPO", "0.000", "0.000", "0.000", "1", "0", "1", "1"]
    sjr = next(line for line in text.splitlines() if line.startswith("SJUKVARDSREGION"))
    assert sjr.split()[1:4] == ["-", "-", "-"]


def test_report_to_dict_is_json_serialisable():
    data = evaluate(GOLD, PRED).to_dict()
    assert json.loads(json.dumps(data))["themes"]["micro"]["f1"] == pytest.approx(0.6667)
    assert set(data) == {"n_segments", "entities", "themes"}


# --- files, held-out split and tagging ---------------------------------------------------------


def write_jsonl(path, lines):
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines),
                    encoding="utf-8")
    return path


def test_read_jsonl_names_the_bad_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": 1}\n\n{not json\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.jsonl:3: not valid JSON"):
        read_jsonl(path)


def test_gold_from_seeds_gives_ids_and_keeps_gold_unchanged(tmp_path):
    line = {"doc": "d.txt", "seg": 5, "text": "Hej", "entities": [], "themes": ["pandemi"],
            "start": 0, "end": 3, "kind": "title"}
    path = write_jsonl(tmp_path / "gold.jsonl", [line])
    before = path.read_text(encoding="utf-8")
    assert gold_from_seeds(path) == [{"id": "d.txt:5", "text": "Hej", "entities": [],
                                      "themes": ["pandemi"], "seg": 5, "doc": "d.txt"}]
    assert path.read_text(encoding="utf-8") == before


SPLIT_CASES = [
    pytest.param({"doc": "d", "seg": 5}, "heldout", id="seg-5"),
    pytest.param({"doc": "d", "seg": 10}, "heldout", id="seg-10"),
    pytest.param({"doc": "d", "seg": 7}, "dev", id="seg-7"),
    pytest.param({"id": "d.txt:15"}, "heldout", id="number-in-id"),
    pytest.param({"id": "d.txt:16"}, "dev", id="number-in-id-dev"),
    pytest.param({"id": "free-text-id"}, "dev", id="no-number"),
]


@pytest.mark.parametrize(("line", "side"), SPLIT_CASES)
def test_split_heldout_holds_out_every_fifth_segment(line, side):
    dev, heldout = split_heldout([line])
    assert (heldout if side == "heldout" else dev) == [line]


class FakeTagger:
    """Tags "Region Kalmar" as REGION kalmar and every text with theme pandemi."""

    def __init__(self):
        self.texts = []
        self.documents = []

    def tag_many(self, texts, *, documents=None):
        self.documents.append(list(documents))
        return [self.tag(text) for text in texts]

    def tag(self, text):
        self.texts.append(text)
        start = text.find("Region Kalmar")
        entities = (EntityMention(start, start + 13, "REGION", "kalmar", "Region Kalmar"),) \
            if start >= 0 else ()
        return TagResult(entities=entities, themes=(ThemeTag("pandemi", 3.0, ("covid",)),))


GOLD_FILE_LINES = [
    {"id": "g:1", "text": "Region Kalmar och covid", "themes": ["pandemi"],
     "entities": [ent(0, 13, "REGION", "kalmar")]},
    {"id": "g:2", "text": "Ingenting här", "themes": [], "entities": []},
]


def test_evaluate_file_tags_the_gold_texts_without_pred(tmp_path):
    gold = write_jsonl(tmp_path / "gold.jsonl", GOLD_FILE_LINES)
    tagger = FakeTagger()
    report = evaluate_file(gold, tagger=tagger)
    assert isinstance(report, EvaluationReport)
    assert tagger.texts == ["Region Kalmar och covid", "Ingenting här"]
    # One call for the whole file: lines without "doc" are one input document.
    assert tagger.documents == [[None, None]]
    assert report.entities["REGION"] == Score(1, 0, 0)
    assert report.themes["pandemi"] == Score(1, 1, 0)


def test_evaluate_file_reads_predictions(tmp_path):
    gold = write_jsonl(tmp_path / "gold.jsonl", GOLD_FILE_LINES)
    pred = write_jsonl(tmp_path / "pred.jsonl", [{"id": "g:1", "text": "x", "entities": [],
                                                  "themes": [{"id": "pandemi", "score": 4,
                                                              "evidence": ["covid"]}]}])
    report = evaluate_file(gold, pred)
    assert report.entities["micro"] == Score(0, 0, 1)
    assert report.themes["micro"] == Score(1, 0, 0)


def test_evaluate_file_damages_texts_before_tagging(tmp_path, monkeypatch):
    calls = []

    def damage_text(text, *, seed):
        calls.append(seed)
        return text.replace("a", "á")  # length-preserving, like OCR damage

    monkeypatch.setitem(sys.modules, "regionkit.ocrsim",
                        types.SimpleNamespace(damage_text=damage_text))
    gold = write_jsonl(tmp_path / "gold.jsonl", GOLD_FILE_LINES)
    tagger = FakeTagger()
    report = evaluate_file(gold, tagger=tagger, damage_seed=7)
    assert calls == [7, 7]
    assert tagger.texts == ["Region Kálmár och covid", "Ingenting här"]
    assert report.entities["REGION"] == Score(0, 0, 1)  # the damaged name was not found


def test_evaluate_file_refuses_a_damage_seed_with_predictions(tmp_path):
    gold = write_jsonl(tmp_path / "gold.jsonl", GOLD_FILE_LINES)
    with pytest.raises(ValueError, match="damage seed"):
        evaluate_file(gold, gold, damage_seed=1)
