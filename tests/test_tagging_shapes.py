"""Entities that generalise: ORG name shapes (org_shapes.yaml), REGION in enumerations and
genitives, GROUP spans that end at the body's name (annotation-guidelines §2-§4)."""

import pytest

from regionkit.datafiles import DataFileError
from regionkit.tagging import Tagger
from regionkit.tagging.entity_shapes import load_shapes


@pytest.fixture(scope="module")
def tagger():
    return Tagger()


def spans(tagger, text):
    return [(e.text, e.label) for e in tagger.tag(text).entities]


CASES = [
    pytest.param("Journalsystemet levereras av Cambio Healthcare Systems AB sedan 2019.",
                 [("Cambio Healthcare Systems AB", "ORG")], id="company-ab"),
    pytest.param("Avtal med Tietoevry AB och Sectra AB tecknades.",
                 [("Tietoevry AB", "ORG"), ("Sectra AB", "ORG")], id="two-companies"),
    pytest.param("Utbildningen ges vid Karlstads universitet och Mittuniversitetet.",
                 [("Karlstads universitet", "ORG"), ("Mittuniversitetet", "ORG")],
                 id="universities"),
    pytest.param("Remisser skickas till Ryhov sjukhus, Västerviks lasarett och "
                 "Blekingesjukhuset.",
                 [("Ryhov sjukhus", "ORG"), ("Västerviks lasarett", "ORG"),
                  ("Blekingesjukhuset", "ORG")], id="hospitals"),
    pytest.param("Jämställdhetsmyndigheten har lämnat ett uppdrag.",
                 [("Jämställdhetsmyndigheten", "ORG")], id="agency"),
    pytest.param("Nationella nätverket för smärtvård (NNS) bildades 2023. NNS samlar "
                 "regionerna.",
                 [("Nationella nätverket för smärtvård (NNS)", "ORG"), ("NNS", "ORG")],
                 id="national-body-defines-its-acronym"),
    # Not organisations: a capitalised sentence start, a definite common noun, a national
    # text defined with an acronym but without a word for a body.
    pytest.param("Sjukhuset har fått nya lokaler och universitetet växer.", [],
                 id="not-common-nouns"),
    pytest.param("Nationella riktlinjer (NR) gäller för alla.", [], id="not-national-text"),
    pytest.param("Vid Uppsala universitet forskar man.", [("Uppsala universitet", "ORG")],
                 id="sentence-start-is-not-part-of-the-name"),
    # REGION: bare counties in an enumeration of regions; a region's genitive before its own
    # committee is the REGION, and the committee no GROUP.
    pytest.param("Regionerna Blekinge, Kronoberg och Kalmar samarbetar.",
                 [("Blekinge", "REGION"), ("Kronoberg", "REGION"), ("Kalmar", "REGION")],
                 id="region-enumeration"),
    pytest.param("Region Skånes kommitté för hälso- och sjukvård beslutade.",
                 [("Region Skånes", "REGION")], id="region-genitive"),
    # GROUP: a body's working committee written out ends at the body's name; "RSL AU" is a
    # name of its own (annotation-guidelines §2).
    pytest.param("Samverkansnämndens arbetsutskott sammanträdde i maj.",
                 [("Samverkansnämndens", "GROUP")], id="working-committee"),
    pytest.param("Frågan bereds av RSL AU.", [("RSL AU", "GROUP")], id="rsl-au"),
    # Shapes of v2 (written by hand before running): agencies and foundations by their head,
    # federations with their county, a hospital's place after "i", capital "Sjukhus".
    pytest.param("Läkemedelsverket, Försäkringskassan och Cancerfonden deltog.",
                 [("Läkemedelsverket", "ORG"), ("Försäkringskassan", "ORG"),
                  ("Cancerfonden", "ORG")], id="agencies-and-foundations"),
    pytest.param("Beslutet fattades av Regionstyrelsen. Regelverket gäller.", [],
                 id="not-a-region-board-or-common-noun"),
    pytest.param("Arbetet leddes av Kommunförbundet Skåne och Regionförbundet i Kalmar län.",
                 [("Kommunförbundet Skåne", "ORG"), ("Regionförbundet i Kalmar län", "ORG")],
                 id="federations-with-county"),
    pytest.param("Patienten opererades på Länssjukhuset i Kalmar och Skaraborgs Sjukhus.",
                 [("Länssjukhuset i Kalmar", "ORG"), ("Skaraborgs Sjukhus", "ORG")],
                 id="hospital-place-and-capital"),
    pytest.param("Projektet drevs med eHälsoinstitutet.", [("eHälsoinstitutet", "ORG")],
                 id="e-capital"),
    # REGION: "län" after the last county of a list of regions belongs to it; a place list
    # stays a place list.
    pytest.param("Nio regioner ingår: Blekinge, Dalarna, Halland och Örebro län.",
                 [("Blekinge", "REGION"), ("Dalarna", "REGION"), ("Halland", "REGION"),
                  ("Örebro län", "REGION")], id="region-list-with-county-word"),
    pytest.param("Kommunerna i Uppsala, Dalarna och Örebro län samverkar.", [],
                 id="place-list-with-county-word"),
    # The acronym after a body's place names the body (separate mentions).
    pytest.param("Regionala Forskningsrådet i Mellansverige (RFR) fördelar medel. RFR beslutar.",
                 [("Regionala Forskningsrådet", "GROUP"), ("Mellansverige", "SJUKVARDSREGION"),
                  ("RFR", "GROUP"), ("RFR", "GROUP")], id="acronym-after-place"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_entities_that_generalise(tagger, text, expected):
    assert spans(tagger, text) == expected


def test_a_shape_never_overlaps_a_lexicon_mention(tagger):
    # "Region Skåne" is a REGION of the lexicon: no "Region Skåne AB" company around it.
    assert spans(tagger, "Region Skåne AB") == [("Region Skåne", "REGION")]


def test_shape_file_is_checked_for_unknown_keys_and_kinds():
    with pytest.raises(DataFileError, match="unknown key"):
        load_shapes({"shapes": [{"id": "x", "kind": "suffix", "words": ["a"], "source": "s",
                                 "colour": "red"}]})
    with pytest.raises(DataFileError, match="kind 'prefix'"):
        load_shapes({"shapes": [{"id": "x", "kind": "prefix", "words": ["a"], "source": "s"}]})
    shapes, not_in_name = load_shapes()
    assert all(s.source for s in shapes) and "Vid" in not_in_name
