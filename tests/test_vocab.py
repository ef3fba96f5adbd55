"""Vocabularies read from the packaged data; display names resolve to ids."""

import pytest

from regionkit import lemmas, vocab
from regionkit.manifest import DOC_TYPES, SJUKVARDSREGION_IDS
from regionkit.tagging.types import THEME_IDS

RESOLVE_REGION = [
    pytest.param("mellansverige", "mellansverige", id="id"),
    pytest.param("Mellansverige", "mellansverige", id="short-name"),
    pytest.param("Sjukvårdsregion Mellansverige", "mellansverige", id="full-name"),
    pytest.param("SÖDRA", "sodra", id="upper-with-diacritics"),
    pytest.param("Sodra sjukvardsregionen", "sodra", id="name-without-diacritics"),
    pytest.param("stockholm gotland", "stockholm-gotland", id="space-for-hyphen"),
]


@pytest.mark.parametrize(("value", "expected"), RESOLVE_REGION)
def test_resolve_region_accepts_id_or_display_name(value, expected):
    assert vocab.resolve_region(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("kompetensförsörjning", "kompetensforsorjning"),
    ("Nära vård", "nara_vard"),
    ("hogspecialiserad_vard", "hogspecialiserad_vard"),
])
def test_resolve_theme_accepts_id_or_label(value, expected):
    assert vocab.resolve_theme(value) == expected


def test_unknown_region_is_refused_in_one_line_listing_the_valid_ones():
    with pytest.raises(vocab.VocabularyError) as err:
        vocab.resolve_region("sodr")
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith("unknown region 'sodr'; valid: norra (Norra), ")
    assert "sodra (Södra)" in message


def test_resolve_region_can_be_limited_to_the_regions_in_the_data():
    assert vocab.resolve_region("Södra", valid=("sodra", "sydostra")) == "sodra"
    with pytest.raises(vocab.VocabularyError, match="valid: sydostra"):
        vocab.resolve_region("norra", valid=("sydostra",))


def test_vocabularies_have_the_documented_sizes():
    # Six healthcare regions, 21 regions, 15 themes (labels.md), 7 document types (interface.md).
    assert vocab.healthcare_region_ids() == (
        "norra", "mellansverige", "stockholm-gotland", "vastra", "sydostra", "sodra")
    assert len(vocab.regions()) == 21
    assert {r.parent for r in vocab.regions()} == set(vocab.healthcare_region_ids())
    assert len(vocab.themes()) == 15 and all(t.description for t in vocab.themes())
    assert vocab.document_type_groups()["aterrapport"] == "follow_up"


def test_code_lists_come_from_the_vocabularies():
    assert vocab.theme_ids() == THEME_IDS
    assert vocab.healthcare_region_ids() == SJUKVARDSREGION_IDS
    assert vocab.document_type_ids() == DOC_TYPES


def test_npo_hosted_by_reads_the_host_field():
    # npo.yaml: Akut vård is hosted by Mellansverige (host: mellansverige).
    assert "akut-vard" in [t.id for t in vocab.npo_hosted_by("mellansverige")]
    assert "akut-vard" not in [t.id for t in vocab.npo_hosted_by("sodra")]


def test_one_lemmatiser_for_tagging_and_keyness():
    from regionkit import compare
    from regionkit.tagging import components

    # Greedy simplemma: the definite plural goes to the base form in both places.
    assert compare.lemma("Vårdplatserna") == "vårdplats"
    assert components.lemmatize("vårdplatserna") == lemmas.lemmatize("vårdplatserna")
