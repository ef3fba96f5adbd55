"""Entity tagging by example: what is a mention, with which label and id, and what is not."""

import pytest

from regionkit.tagging import Tagger, build_nlp


@pytest.fixture(scope="module")
def tagger():
    return Tagger(ocr=False)


def spans(tagger, text):
    return [(e.text, e.label, e.id) for e in tagger.tag(text).entities]


# (text, expected mentions as (text, label, id)); ids of GROUP/ORG are free but stable.
MENTIONS = [
    pytest.param("Region Örebro län har ansökt om tillstånd.",
                 [("Region Örebro län", "REGION", "orebro")], id="region-full-name"),
    pytest.param("Örebro har ansökt om, och tilldelats, vårdområdet.",
                 [("Örebro", "REGION", "orebro")], id="bare-county-acting"),
    pytest.param("ÖREBRO HAR ANSÖKT om tillstånd.",
                 [("ÖREBRO", "REGION", "orebro")], id="upper-case"),
    pytest.param("Orebro har ansokt om tillstand.",
                 [("Orebro", "REGION", "orebro")], id="no-diacritics"),
    pytest.param("Uppsala har under året ansökt om sex NHV-tillstånd.",
                 [("Uppsala", "REGION", "uppsala")], id="bare-county-verb-later"),
    pytest.param("Samverkan mellan regionerna Blekinge, Kronoberg och Skåne.",
                 [("Blekinge", "REGION", "blekinge"), ("Kronoberg", "REGION", "kronoberg"),
                  ("Skåne", "REGION", "skane")], id="county-list-after-regionerna"),
    pytest.param("I maj med Region Sérmland som värd.",
                 [("Region Sérmland", "REGION", "sormland")], id="ocr-e-for-o"),
    pytest.param("Samverkansndmnden beslutade i februari.",
                 [("Samverkansndmnden", "GROUP", "samverkansnamnden")], id="ocr-d-for-a"),
    pytest.param("Kommunalférbundet avancerad strålbehandling ansvarar.",
                 [("Kommunalférbundet avancerad strålbehandling", "ORG",
                   "kommunalforbundet-avancerad-stralbehandling")], id="ocr-org"),
    pytest.param("Sydöstra sjukvårdsregionens samverkansnämnd",
                 [("Sydöstra sjukvårdsregionens", "SJUKVARDSREGION", "sydostra"),
                  ("samverkansnämnd", "GROUP", "samverkansnamnden")], id="genitive-and-body"),
    pytest.param("Regionalt vårdkompetensråd Mellansverige träffades.",
                 [("Regionalt vårdkompetensråd Mellansverige", "GROUP", "vardkompetensradet")],
                 id="no-nesting-region-suffix"),
    pytest.param("Produktionsplaneringsgruppen Mellansverige",
                 [("Produktionsplaneringsgruppen Mellansverige", "GROUP",
                   "produktionsplaneringsgruppen")], id="no-nesting-body-suffix"),
    pytest.param("Norra sjukvårdsregionförbundet (NRF) och Förbundsdirektionen.",
                 [("Norra sjukvårdsregionförbundet", "GROUP", "nrf"), ("NRF", "GROUP", "nrf"),
                  ("Förbundsdirektionen", "GROUP", "forbundsdirektionen")], id="norra-bodies"),
    pytest.param("Sjukvårdsregion Stockholm-Gotland och Västra sjukvårdsregionen",
                 [("Sjukvårdsregion Stockholm-Gotland", "SJUKVARDSREGION", "stockholm-gotland"),
                  ("Västra sjukvårdsregionen", "SJUKVARDSREGION", "vastra")],
                 id="other-healthcare-regions"),
    pytest.param("Rapport från RCC Norr och RCC Väst.",
                 [("RCC Norr", "GROUP", "rcc-norr"), ("RCC Väst", "GROUP", "rcc-vast")],
                 id="rcc-of-other-regions"),
    pytest.param("Stöd från RCC i arbetet.", [("RCC", "GROUP", "rcc")], id="bare-rcc"),
    pytest.param("Noden ingår i Kliniska Studier Sverige.",
                 [("Kliniska Studier Sverige", "ORG", "kliniska-studier-sverige")],
                 id="national-research-collaboration"),
    pytest.param("NPO endokrina sjukdomar har startat.",
                 [("endokrina sjukdomar", "NPO", "endokrina-sjukdomar")], id="npo-span-is-area"),
    pytest.param("Nationellt programområde Äldres hälsa redovisades.",
                 [("Äldres hälsa", "NPO", "aldres-halsa-och-palliativ-vard")],
                 id="npo-old-name-current-id"),
    pytest.param("värdskap för fyra nationella programområden, Akut vård och Hjärt- och "
                 "kärlsjukdomar.",
                 [("Akut vård", "NPO", "akut-vard"),
                  ("Hjärt- och kärlsjukdomar", "NPO", "hjart-och-karlsjukdomar")],
                 id="npo-list"),
    pytest.param("RPO psykisk hälsa och RSG läkemedel möts.",
                 [("RPO psykisk hälsa", "GROUP", "rpo-psykisk-halsa"),
                  ("RSG läkemedel", "GROUP", "rsg-lakemedel")], id="rpo-rsg-families"),
    pytest.param("Regionalt programområde Njur- och urinvägssjukdomar",
                 [("Regionalt programområde Njur- och urinvägssjukdomar", "GROUP",
                   "rpo-njur-och-urinvagssjukdomar")], id="rpo-long-form"),
    pytest.param("Kunskapsråd – Medicin och akut vård", [
        ("Kunskapsråd – Medicin och akut vård", "GROUP", "kunskapsrad-medicin-och-akut-vard")],
        id="kunskapsrad"),
    pytest.param("Nominering till Beredningsgrupp 3.",
                 [("Beredningsgrupp 3", "GROUP", "beredningsgrupp-3")], id="beredningsgrupp-n"),
    pytest.param("RAG DRG leds av en ekonom.", [("RAG DRG", "GROUP", "rag-drg")],
                 id="rag-family"),
    pytest.param("RSG kvalitetsuppföljning i uppdrag att utreda.",
                 [("RSG kvalitetsuppföljning", "GROUP", "rsg-kvalitetsuppfoljning")],
                 id="rsg-open-name-ends-at-stop-word"),
    pytest.param("RSG:s arbete och RSG.", [("RSG:s", "GROUP", "rsg"), ("RSG", "GROUP", "rsg")],
                 id="bare-rsg-and-genitive"),
    pytest.param("Nämnden för nationell högspecialiserad vård beslutade.",
                 [("Nämnden för nationell högspecialiserad vård", "ORG", "nhv-namnden")],
                 id="nhv-namnd"),
    pytest.param("Sjukvårdsregionerna (Norra, Stockholm-Gotland, Mellansverige, Västra, Sydöstra "
                 "och Södra) samarbetar.",
                 [("Norra", "SJUKVARDSREGION", "norra"),
                  ("Stockholm-Gotland", "SJUKVARDSREGION", "stockholm-gotland"),
                  ("Mellansverige", "SJUKVARDSREGION", "mellansverige"),
                  ("Västra", "SJUKVARDSREGION", "vastra"),
                  ("Sydöstra", "SJUKVARDSREGION", "sydostra"),
                  ("Södra", "SJUKVARDSREGION", "sodra")], id="bare-names-in-list"),
    pytest.param("Arbetsgrupp Diagnosrelaterad gruppering (DRG) bildas. DRG flyttas.",
                 [("Arbetsgrupp Diagnosrelaterad gruppering (DRG)", "GROUP", "arbetsgrupp-drg"),
                  ("DRG", "GROUP", "arbetsgrupp-drg")], id="acronym-defined-in-text"),
    pytest.param("Akademiska sjukhuset och Universitetssjukhuset Örebro",
                 [("Akademiska sjukhuset", "ORG", "akademiska-sjukhuset"),
                  ("Universitetssjukhuset Örebro", "ORG", "universitetssjukhuset-orebro")],
                 id="university-hospitals-are-org"),
]

# Texts in which nothing is a mention.
NOT_MENTIONS = [
    pytest.param("Nomineringar till nationella programområden.", id="generic-npo"),
    pytest.param("Dialog med regionerna om nämnden och gruppen.", id="generic-nouns"),
    pytest.param("Samverkan mellan sjukhusen i Uppsala och Örebro.", id="county-as-place"),
    pytest.param("Under hösten stod kommunerna i Uppsala värd.", id="kommunerna-i"),
    pytest.param("Nationella riktlinjer för rörelseorganens sjukdomar.", id="guideline-title"),
    pytest.param("Lokala programområden cancersjukdomar startade.", id="lpo"),
    pytest.param("Vi fortsätter arbetet med Levnadsvanor.", id="topic-word"),
    pytest.param("RCCs nationella samarbete fortsätter.", id="rcc-generic"),
    pytest.param("Remissyttranden NHV och ansökan om NHV.", id="nhv-concept"),
    pytest.param("Sjukvårdsregionen har ett gott samarbete.", id="generic-sjukvardsregionen"),
    pytest.param("Den nationella beredningsgruppen och styrgruppen möttes.", id="descriptive"),
    pytest.param("En regional samverkansgrupp för frågan bildas.", id="description-not-name"),
    pytest.param("Han tjänstgör i Skåne sedan i höstas.", id="tjanstgor-i"),
]


@pytest.mark.parametrize(("text", "expected"), MENTIONS)
def test_tagger_finds_mentions_with_canonical_ids(tagger, text, expected):
    assert spans(tagger, text) == expected


@pytest.mark.parametrize("text", NOT_MENTIONS)
def test_tagger_leaves_generic_words_and_places_untagged(tagger, text):
    assert spans(tagger, text) == []


def test_tagger_tags_orgs_but_not_guideline_area(tagger):
    text = "Socialstyrelsens nationella riktlinjer för rörelseorganens sjukdomar."
    assert spans(tagger, text) == [("Socialstyrelsens", "ORG", "socialstyrelsen")]


def test_offsets_point_into_text_as_given_across_line_breaks(tagger):
    text = "Möte med\nRegion Kalmar\nlän och Regionala\n\n   vardkompetensradet."
    res = tagger.tag(text)
    assert [(text[e.start:e.end], e.text) for e in res.entities] == [
        ("Region Kalmar\nlän", "Region Kalmar\nlän"),
        ("vardkompetensradet", "vardkompetensradet")]


def test_blank_line_splits_a_name(tagger):
    assert spans(tagger, "Regionalt\n\nvårdkompetensråd") == []


@pytest.mark.parametrize("n_process", [2, 3])
def test_tag_many_keeps_order_with_several_processes(tagger, n_process):
    texts = [f"Rapport {i}: Region Kalmar län och RSL." if i % 2 else f"Text {i} utan namn."
             for i in range(240)]
    results = list(tagger.tag_many(texts, n_process=n_process, batch_size=16))
    assert [len(r.entities) for r in results] == [2 if i % 2 else 0 for i in range(240)]
    assert results[1].entities[0].text == "Region Kalmar län"


def test_initialize_keeps_patterns():
    nlp = build_nlp(themes=False)
    nlp.initialize()
    doc = nlp("Samverkansnämnden och Region Östergötland.")
    assert [(e.text, e.label_, e.kb_id_) for e in doc.ents] == [
        ("Samverkansnämnden", "GROUP", "samverkansnamnden"),
        ("Region Östergötland", "REGION", "ostergotland")]


def test_pipeline_is_blank_swedish_with_regionkit_components():
    nlp = build_nlp(themes=False)
    assert nlp.lang == "sv"
    assert nlp.pipe_names[:2] == ["regionkit_norms", "regionkit_entities"]
    doc = nlp("ÖREBRO")
    assert doc[0].norm_ == "orebro"
