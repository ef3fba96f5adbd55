"""Lists, rosters and named bodies of the genre: the classes found on the genre check set.

Every sentence here is written for the test (no gold passage is copied). Expected mentions are
``(text, label, id)``; GROUP ids are free but stable, so they are checked too. Each class has
cases that must stay untagged beside the ones that must be found.
"""

import pytest

from regionkit.tagging import Tagger
from regionkit.tagging.context import person_name_before
from regionkit.tagging.patterns import definite_heads, genitives


@pytest.fixture(scope="module")
def tagger():
    return Tagger(ocr=False, themes=False)


def spans(tagger, text):
    return [(e.text, e.label, e.id) for e in tagger.tag(text).entities]


# --- 1. Enumerations of programme-area names: NPO without the word "NPO" ----------------------
ENUMERATIONS = [
    pytest.param("Sjukvårdsregionens representanter:\n\n"
                 " • Tandvård – Ola Nord (Halland)\n"
                 " • Levnadsvanor – Eva Sund (Kronoberg)\n"
                 " • Reumatiska sjukdomar – Kim Dahl (Blekinge)",
                 [("Tandvård", "NPO", "tandvard"), ("Halland", "REGION", "halland"),
                  ("Levnadsvanor", "NPO", "levnadsvanor"), ("Kronoberg", "REGION", "kronoberg"),
                  ("Reumatiska sjukdomar", "NPO", "reumatiska-sjukdomar"),
                  ("Blekinge", "REGION", "blekinge")],
                 id="roster-of-bullet-lines"),
    pytest.param("Ordförandeskap 2025\n1. Ögonsjukdomar\n2. Medicinsk diagnostik\n"
                 "3. Infektionssjukdomar",
                 [("Ögonsjukdomar", "NPO", "ogonsjukdomar"),
                  ("Medicinsk diagnostik", "NPO", "medicinsk-diagnostik"),
                  ("Infektionssjukdomar", "NPO", "infektionssjukdomar")],
                 id="numbered-lines"),
    pytest.param("Mellansverige leder Akut vård, Hjärt- och kärlsjukdomar och Äldres hälsa och "
                 "palliativ vård.",
                 [("Mellansverige", "SJUKVARDSREGION", "mellansverige"),
                  ("Akut vård", "NPO", "akut-vard"),
                  ("Hjärt- och kärlsjukdomar", "NPO", "hjart-och-karlsjukdomar"),
                  ("Äldres hälsa och palliativ vård", "NPO", "aldres-halsa-och-palliativ-vard")],
                 id="one-comma-och-list"),
    pytest.param("Ändrade kontaktpersoner:\n"
                 "Kvinnosjukvård och förlossning: Lisa Ek (Skåne)\n"
                 "Öron-, näsa- halssjukdomar: Per Ås (Skåne)\n"
                 "Hjärta/kärl sjukdomar: Ann Bo (Halland)",
                 [("Kvinnosjukvård och förlossning", "NPO", "kvinnosjukdomar-och-forlossning"),
                  ("Skåne", "REGION", "skane"),
                  ("Öron-, näsa- halssjukdomar", "NPO", "oron-nas-och-halssjukdomar"),
                  ("Skåne", "REGION", "skane"),
                  ("Hjärta/kärl sjukdomar", "NPO", "hjart-och-karlsjukdomar"),
                  ("Halland", "REGION", "halland")],
                 id="variant-spellings-in-a-roster"),
    pytest.param("Akut vård: samordnare Bo Lind (Dalarna).\nTandvård: samordnare Li Ek (Gävleborg)."
                 "\nLevnadsvanor: samordnare Al Berg (Uppsala).",
                 [("Akut vård", "NPO", "akut-vard"), ("Dalarna", "REGION", "dalarna"),
                  ("Tandvård", "NPO", "tandvard"), ("Gävleborg", "REGION", "gavleborg"),
                  ("Levnadsvanor", "NPO", "levnadsvanor"), ("Uppsala", "REGION", "uppsala")],
                 id="line-final-full-stops"),
]

# A list of regional programme areas is GROUP; topics, focus areas, guideline titles, local
# areas and short lists are no NPO.
NOT_ENUMERATIONS = [
    pytest.param("Regionala programområden:\n• Tandvård – Ola Nord\n• Levnadsvanor – Eva Sund\n"
                 "• Ögonsjukdomar – Kim Dahl",
                 [("Tandvård", "GROUP", "rpo-tandvard"),
                  ("Levnadsvanor", "GROUP", "rpo-levnadsvanor"),
                  ("Ögonsjukdomar", "GROUP", "rpo-ogonsjukdomar")],
                 id="list-of-regional-areas-is-group"),
    pytest.param("RPO i regionen\n1. Tandvård\n2. Levnadsvanor\n3. Ögonsjukdomar",
                 [("Tandvård", "GROUP", "rpo-tandvard"),
                  ("Levnadsvanor", "GROUP", "rpo-levnadsvanor"),
                  ("Ögonsjukdomar", "GROUP", "rpo-ogonsjukdomar")],
                 id="rpo-heading-makes-group"),
    pytest.param("Prioriterade satsningar görs inom psykisk hälsa, levnadsvanor och tandvård.", [],
                 id="topics-after-inom"),
    pytest.param("Fokusområden för året:\n• Psykisk hälsa\n• Levnadsvanor\n• Tandvård", [],
                 id="focus-area-heading"),
    pytest.param("Nationella riktlinjer finns för psykisk hälsa, levnadsvanor och tandvård.", [],
                 id="guideline-titles"),
    pytest.param("Lokala programområden\n\n• Akut vård\n• Tandvård\n• Levnadsvanor", [],
                 id="local-areas"),
    pytest.param("• Tandvård – Ola Nord\n• Levnadsvanor – Eva Sund", [], id="two-items-only"),
    pytest.param("Psykisk hälsa är viktigt. Tandvård kostar mer. Levnadsvanor påverkar allt.", [],
                 id="sentences-are-no-list"),
    pytest.param("Tandvård för barn\nmed särskilda behov kräver\nlevnadsvanor som stöd", [],
                 id="wrapped-prose-lines"),
]


@pytest.mark.parametrize(("text", "expected"), ENUMERATIONS + NOT_ENUMERATIONS)
def test_enumerations_of_area_names(tagger, text, expected):
    assert spans(tagger, text) == expected


# --- 2. A county in parentheses after a person's name: the region represented ----------------
PERSON_COUNTIES = [
    pytest.param("Gruppen leds av Sara Holm (Jönköping).",
                 [("Jönköping", "REGION", "jonkoping")], id="first-and-last-name"),
    pytest.param("Ledamot är Karin B. (Östergötland).",
                 [("Östergötland", "REGION", "ostergotland")], id="initial"),
    pytest.param("Med Lena Berg-Strand (Kalmar) som sekreterare.",
                 [("Kalmar", "REGION", "kalmar")], id="double-barrelled-name"),
    pytest.param("Sara Holm (Region Jönköpings län) deltog.",
                 [("Region Jönköpings län", "REGION", "jonkoping")], id="full-region-name"),
]

PLACE_COUNTIES = [
    pytest.param("Patienten flyttades till Växjö (Kronoberg).", [], id="town"),
    # The hospital is an ORG (annotation-guidelines §3), the county in parentheses no REGION.
    pytest.param("Operationen görs på Centralsjukhuset Kristianstad (Skåne).",
                 [("Centralsjukhuset Kristianstad", "ORG", "centralsjukhuset-kristianstad")],
                 id="hospital"),
    pytest.param("Mottagningen i Östra Göinge (Skåne) öppnar.", [], id="two-word-place"),
    pytest.param("Vården vid Lilla Edet (Västra Götaland) byggs ut.", [],
                 id="place-after-preposition"),
    pytest.param("Kontakta Region Halland (Halland) för mer.",
                 [("Region Halland", "REGION", "halland")], id="organisation-name-not-a-person"),
]


@pytest.mark.parametrize(("text", "expected"), PERSON_COUNTIES + PLACE_COUNTIES)
def test_county_in_parentheses_after_a_person_is_the_region(tagger, text, expected):
    assert spans(tagger, text) == expected


PERSON_NAMES = [
    pytest.param(["–", "Sara", "Holm"], True, id="name"),
    pytest.param(["av", "Karin", "B."], True, id="initial"),
    pytest.param(["Lena", "Berg-Strand"], True, id="hyphenated"),
    pytest.param(["till", "Växjö"], False, id="one-word"),
    pytest.param(["A.", "B."], False, id="initials-only"),
    pytest.param(["vid", "Anna", "Lindh"], False, id="after-place-preposition"),
    pytest.param(["Centralsjukhuset", "Kristianstad"], False, id="hospital-word"),
    pytest.param(["Östra", "Göinge"], False, id="not-a-first-word"),
    pytest.param(["RPO", "Tandvård"], False, id="acronym-is-no-name-word"),
]


@pytest.mark.parametrize(("texts", "expected"), PERSON_NAMES)
def test_person_name_before(texts, expected):
    norms = [t.lower() for t in texts]
    assert person_name_before(texts, norms, not_first={"östra"}, reject_before={"vid"},
                              place_endings=("sjukhuset",)) is expected


def test_person_name_in_a_lexicon_mention_is_no_person():
    assert not person_name_before(["Region", "Halland"], ["region", "halland"], covered={0, 1})


# --- 3. RPO sequences and generic RPO ----------------------------------------------------------
RPO_MENTIONS = [
    pytest.param("RPO tandvård, RPO ögonsjukdomar och RPO levnadsvanor planerar.",
                 [("RPO tandvård", "GROUP", "rpo-tandvard"),
                  ("RPO ögonsjukdomar", "GROUP", "rpo-ogonsjukdomar"),
                  ("RPO levnadsvanor", "GROUP", "rpo-levnadsvanor")], id="known-names"),
    pytest.param("RPO urologi och RPO geriatrik har möte.",
                 [("RPO urologi", "GROUP", "rpo-urologi"),
                  ("RPO geriatrik", "GROUP", "rpo-geriatrik")], id="open-names-stop-at-rpo"),
    pytest.param("Ledningen ger RSG kvalitetsregister i uppdrag att följa upp.",
                 [("RSG kvalitetsregister", "GROUP", "rsg-kvalitetsregister")],
                 id="receiver-with-a-name"),
]

RPO_GENERIC = [
    pytest.param("I RPO:ernas uppdrag ingår analys.", [], id="plural-genitive"),
    pytest.param("Råden ska ge RPO stöd i arbetet.", [], id="ge-rpo-stod"),
    pytest.param("Råden ska\n- utse ordförande för RPO\n- vara länk mellan RPO och RSL",
                 [("RSL", "GROUP", "regionsjukvardsledningen")], id="list-items-after-rpo"),
    pytest.param("Uppdraget till RPO utformas av nämnden.", [], id="passive-verb"),
    pytest.param("Ett enskilt RPO kan inte lösa det.", [], id="ett-enskilt"),
]


@pytest.mark.parametrize(("text", "expected"), RPO_MENTIONS + RPO_GENERIC)
def test_rpo_sequences_and_generic_rpo(tagger, text, expected):
    assert spans(tagger, text) == expected


# --- 4. "sjukvårdsregionen" + name: one span ---------------------------------------------------
HEALTHCARE_REGIONS = [
    pytest.param("Avtalet gäller för sjukvårdsregionen Stockholm-Gotland.",
                 [("sjukvårdsregionen Stockholm-Gotland", "SJUKVARDSREGION", "stockholm-gotland")],
                 id="definite-head-stockholm-gotland"),
    pytest.param("Inom sjukvårdsregionen Mellansverige samverkar sju regioner.",
                 [("sjukvårdsregionen Mellansverige", "SJUKVARDSREGION", "mellansverige")],
                 id="definite-head-mellansverige"),
    pytest.param("Alla invånare i sjukvårdsregionen får samma vård.", [], id="generic-head"),
]


@pytest.mark.parametrize(("text", "expected"), HEALTHCARE_REGIONS)
def test_definite_head_and_name_are_one_mention(tagger, text, expected):
    assert spans(tagger, text) == expected


def test_definite_heads_only_for_head_first_names():
    assert definite_heads("Sjukvårdsregion Stockholm-Gotland") == [
        "Sjukvårdsregion Stockholm-Gotland", "Sjukvårdsregionen Stockholm-Gotland"]
    assert definite_heads("Västra sjukvårdsregionen") == ["Västra sjukvårdsregionen"]
    assert definite_heads("Sjukvårdsregion") == ["Sjukvårdsregion"]


def test_genitives_of_names_and_acronyms():
    assert genitives("Region Gotland") == ["Region Gotlands", "Region Gotland:s"]
    assert genitives("SGMR") == ["SGMRs", "SGMR:s"]
    assert genitives("Region Kalmar län") == ["Region Kalmar läns"]
    assert genitives("Landstinget Dalarnas") == []


# --- 5. Named regional bodies -----------------------------------------------------------------
BODIES = [
    pytest.param("Stockholms medicinska råd (SMR) samlade specialitetsråden. SMR lades ned.",
                 [("Stockholms medicinska råd", "GROUP", "smr"), ("SMR", "GROUP", "smr"),
                  ("SMR", "GROUP", "smr")], id="medical-council-and-acronym"),
    pytest.param("Frågan följs av Chefssamråd urologi och chefsamrådet för kirurgi.",
                 [("Chefssamråd urologi", "GROUP", "chefsamrad-urologi"),
                  ("chefsamrådet för kirurgi", "GROUP", "chefsamrad-kirurgi")],
                 id="chefsamrad-with-specialty"),
    # A region's own committee is no body of a healthcare region (annotation-guidelines §2):
    # the region's genitive is a REGION, the committee a common noun.
    pytest.param("Region Uppsalas läkemedelskommitté och Region Kalmar läns läkemedelskommitté "
                 "samarbetar.",
                 [("Region Uppsalas", "REGION", "uppsala"),
                  ("Region Kalmar läns", "REGION", "kalmar")],
                 id="region-committee-is-the-region-genitive"),
    pytest.param("Forum Sydost och Forum Norrs nodföreståndare talade.",
                 [("Forum Sydost", "GROUP", "forum-sydost"),
                  ("Forum Norrs", "GROUP", "forum-norr")], id="forum-nodes"),
    pytest.param("Ärendet bereds av Regionsjukvårdsledningens stab.",
                 [("Regionsjukvårdsledningens", "GROUP", "regionsjukvardsledningen")],
                 id="genitive-before-common-noun"),
]

NOT_BODIES = [
    pytest.param("Chefsamråden rapporterar årligen och varje chefsamråd har en ordförande.", [],
                 id="chefsamrad-generic"),
    pytest.param("Läkemedelskommittéerna i regionerna samarbetar.", [],
                 id="committees-plural"),
    pytest.param("Samverkansnämnden och dess ledningsgrupp möts.",
                 [("Samverkansnämnden", "GROUP", "samverkansnamnden")],
                 id="possessive-makes-a-description"),
    pytest.param("Regionerna har bildat en avtalsgrupp.", [], id="indefinite-article"),
    pytest.param("Frågan lyfts till ledningsgrupp och avtalsgrupp.",
                 [("ledningsgrupp", "GROUP", "ledningsgruppen"),
                  ("avtalsgrupp", "GROUP", "avtalsgruppen")], id="bare-indefinite-still-tagged"),
]


@pytest.mark.parametrize(("text", "expected"), BODIES + NOT_BODIES)
def test_named_regional_bodies(tagger, text, expected):
    assert spans(tagger, text) == expected
