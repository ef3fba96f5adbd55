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


def test_tag_output_gives_theme_evidence_as_spans_of_the_input_text(tmp_path):
    text = "Väntetiderna  och\nköerna till ortopedin har minskat."
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": text}, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert tag_jsonl(src, out) == []
    [line] = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    [theme] = line["themes"]
    assert theme["id"] == "produktion_tillganglighet"
    assert theme["evidence"] == ["Väntetiderna", "köerna"]
    # Offsets into the text as given, past the squashed double space and line break.
    assert [(s["start"], s["end"], s["text"]) for s in theme["spans"]] == [
        (0, 12, "Väntetiderna"), (18, 24, "köerna")]
    assert all(text[s["start"]:s["end"]] == s["text"] for s in theme["spans"])


def test_evidence_spans_stay_in_the_input_text_when_ocr_repair_changes_it():
    text = ("Arbetet med vantetider och kéer i hela sjukvardsregionen fortsatter, "
            "liksom arbetet med tillganglighet for patienterna.")
    res = Tagger(ocr=True).tag(text)
    assert res.evidence
    assert all(text[s.start:s.end] == s.text for s in res.evidence)
    assert any(s.text == "vantetider" for s in res.evidence)


def test_ocr_repair_is_decided_once_per_input_document():
    damaged = ("Samverkan kring hogspecialiserad vard och vardplatser ar viktig for "
               "sjukvardsregionen och for lakarna pa sjukhusen i manga lan.")
    short = "Mota behoven"  # too short to be judged on its own
    tagger = Tagger()
    jobs = tagger._jobs([damaged, short], None, None, None)
    assert [job[2].ocr for job in jobs] == [True, True]
    jobs = tagger._jobs([damaged, short], None, None, ["a", "b"])
    assert [job[2].ocr for job in jobs] == [True, False]
    # Segments of a build are taken as normalised: no repair decision at all.
    jobs = tagger._jobs([short], ["paragraph"], [()], None)
    assert jobs[0][2] is None and jobs[0][1].kind == "paragraph"
