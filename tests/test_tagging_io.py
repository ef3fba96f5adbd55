"""`regionkit tag` on JSONL: bad lines are named, the rest tagged with offsets as given."""

import json

from regionkit.tagging import Tagger, tag_jsonl


def test_tag_jsonl_tags_good_lines_and_names_bad_ones(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join([
        json.dumps({"id": "a", "text": "Region Kalmar län och RSL."}, ensure_ascii=False),
        "{not json",
        "",
        json.dumps({"id": "b"}),
        json.dumps({"id": "c", "text": "Inget namn här.", "extra": 1}),
    ]) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    problems = tag_jsonl(src, out, tagger=Tagger(ocr=False))
    assert problems == ["line 2: not valid JSON", "line 4: no 'text'"]
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [x["id"] for x in lines] == ["a", "c"]
    assert lines[0]["entities"] == [
        {"start": 0, "end": 17, "text": "Region Kalmar län", "label": "REGION", "id": "kalmar"},
        {"start": 22, "end": 25, "text": "RSL", "label": "GROUP",
         "id": "regionsjukvardsledningen"}]
    assert lines[1]["entities"] == [] and lines[1]["extra"] == 1
    assert all(isinstance(x["themes"], list) for x in lines)


def test_offsets_stay_in_the_input_text_when_ocr_repair_changes_it():
    text = "e Samverkansnamnden har fortsatt att utveckla samverkan med Region Sérmland."
    res = Tagger(ocr=True).tag(text)
    assert [(text[e.start:e.end], e.label) for e in res.entities] == [
        ("Samverkansnamnden", "GROUP"), ("Region Sérmland", "REGION")]
    assert all(text[e.start:e.end] == e.text for e in res.entities)
