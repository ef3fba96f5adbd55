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
