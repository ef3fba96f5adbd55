"""The pipeline's components declare what they assign and require; nothing is dropped silently."""

import subprocess
import sys

import pytest
import spacy

from regionkit.tagging import build_nlp


def test_analyze_pipes_finds_no_problem_in_the_regionkit_pipeline():
    nlp = build_nlp()
    assert nlp.pipe_names == ["regionkit_norms", "regionkit_entities", "regionkit_themes"]
    analysis = nlp.analyze_pipes()
    assert analysis["problems"] == {name: [] for name in nlp.pipe_names}
    attrs = analysis["attrs"]
    assert attrs["doc.ents"]["assigns"] == ["regionkit_entities"]
    assert attrs["doc._.themes"]["assigns"] == ["regionkit_themes"]
    assert attrs["doc._.theme_evidence"]["assigns"] == ["regionkit_themes"]
    assert attrs["token.norm"]["requires"] == ["regionkit_entities"]


def test_analyze_pipes_names_what_a_misordered_pipeline_lacks():
    nlp = spacy.blank("sv")
    nlp.add_pipe("regionkit_themes")
    nlp.add_pipe("regionkit_entities")
    problems = nlp.analyze_pipes()["problems"]
    # Themes need the entities and lemmas that nothing before them assigns.
    assert sorted(problems["regionkit_themes"]) == ["doc.ents", "token.lemma"]
    assert problems["regionkit_entities"] == ["token.norm"]


def test_components_share_no_attributes_through_the_ocr_table():
    nlp = build_nlp(themes=False)
    table = nlp.vocab.lex_attr_getters[spacy.attrs.NORM].__self__
    assert set(vars(table)) == set(vars(type(table)(["ord"])))


@pytest.mark.parametrize("module", ["regionkit.tagging.themes", "simplemma"])
def test_a_missing_module_stops_the_pipeline_with_its_name(module):
    code = (f"import sys; sys.modules[{module!r}] = None\n"
            "from regionkit.tagging import Tagger\n"
            "Tagger().tag('Väntetiderna och köerna har minskat')\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=False)
    assert run.returncode != 0
    assert module in run.stderr


def test_segments_of_a_build_tag_the_same_on_one_and_two_processes():
    from regionkit.tagging import Tagger

    texts = [f"{i}. Kompetensförsörjning\n\nRegion Skåne och RCC Syd om väntetider, "
             f"vårdplatser och Cambio AB." for i in range(240)]
    kinds = ["agenda_item"] * len(texts)
    paths = [(f"{i}. Kompetensförsörjning",) for i in range(len(texts))]
    tagger = Tagger(ocr=False)
    one = list(tagger.tag_many(texts, kinds=kinds, heading_paths=paths, n_process=1))
    two = list(tagger.tag_many(texts, kinds=kinds, heading_paths=paths, n_process=2))
    assert one == two
    # The own heading line counts 1.5 times: "Kompetensförsörjning" (part, 3) weighs 4.5.
    first = {(s.text, s.weight) for s in one[0].evidence if s.theme == "kompetensforsorjning"}
    assert ("Kompetensförsörjning", 4.5) in first
