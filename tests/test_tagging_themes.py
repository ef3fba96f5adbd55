import pytest
import spacy
import yaml
from spacy.language import Language
from spacy.tokens import Span

from regionkit.tagging.themes import (
    SEGMENT_KEY,
    LexiconError,
    ThemeComponent,
    ThemeLexicon,
    ThemeScorer,
    fold,
    load_theme_lexicon,
    score_themes,
    term_variants,
)
from regionkit.tagging.types import THEME_IDS, EvidenceSpan, SegmentInfo

# --- the packaged lexicon ----------------------------------------------------------------------


def test_packaged_lexicon_has_exactly_the_fifteen_theme_ids_of_labels_md():
    lexicon = load_theme_lexicon()
    assert [t.id for t in lexicon.themes] == list(THEME_IDS)
    assert len(THEME_IDS) == 15


def test_packaged_lexicon_gives_every_theme_a_label_description_and_evidence():
    for theme in load_theme_lexicon().themes:
        assert theme.label and theme.description and theme.source, theme.id
        assert theme.lemmas or theme.parts or theme.phrases, theme.id


def test_packaged_lexicon_documents_a_threshold():
    settings = load_theme_lexicon().settings
    assert settings.threshold > 0
    assert 0 <= settings.relative <= 1


# --- rejecting bad lexicons --------------------------------------------------------------------


def _lexicon_dict(**themes) -> dict:
    """A minimal valid lexicon: every theme id with one part, overridden by ``themes``."""
    entries = {t: {"label": t, "parts": {f"{t}ord": 3}} for t in THEME_IDS}
    entries.update(themes)
    return {"version": "test", "settings": {"threshold": 3, "relative": 0, "heading_weight": 1,
                                             "repeat_decay": 1}, "themes": entries}


BAD_LEXICONS = [
    pytest.param(_lexicon_dict(pandemi={"label": "P", "lemmaz": {"covid": 3}}),
                 "themes.pandemi: unknown key 'lemmaz'", id="unknown-theme-key"),
    pytest.param({**_lexicon_dict(), "colour": "red"}, "unknown key 'colour'",
                 id="unknown-top-key"),
    pytest.param({**_lexicon_dict(), "settings": {"treshold": 2}}, "settings: unknown key "
                 "'treshold'", id="unknown-settings-key"),
    pytest.param(_lexicon_dict(**{"it_sakerhet": {"label": "x"}}),
                 "themes: unknown key 'it_sakerhet'", id="unknown-theme-id"),
    pytest.param({**_lexicon_dict(), "themes": {t: {} for t in THEME_IDS[1:]}},
                 "missing theme 'kunskapsstyrning'", id="missing-theme"),
    pytest.param(_lexicon_dict(pandemi={"parts": {"kov": 3}}), "shorter than 4",
                 id="part-too-short"),
    pytest.param(_lexicon_dict(pandemi={"parts": {"covid": "high"}}),
                 "weight must be a number", id="weight-not-a-number"),
    pytest.param({**_lexicon_dict(), "settings": {"threshold": "high"}},
                 "settings.threshold: must be a number", id="setting-not-a-number"),
    pytest.param(_lexicon_dict(pandemi={"entities": [{"label": "ORG", "wieght": 1}]}),
                 "entities[0]: unknown key 'wieght'", id="unknown-entity-cue-key"),
]


@pytest.mark.parametrize(("data", "message"), BAD_LEXICONS)
def test_lexicon_rejects_bad_entries_naming_file_and_key(data, message):
    with pytest.raises(LexiconError) as info:
        ThemeLexicon.from_dict(data, origin="my_themes.yaml")
    assert "my_themes.yaml" in str(info.value)
    assert message in str(info.value)


def test_load_theme_lexicon_from_a_file_names_the_file_in_errors(tmp_path):
    path = tmp_path / "themes.yaml"
    path.write_text(yaml.safe_dump(_lexicon_dict(pandemi={"phrasez": {}})), encoding="utf-8")
    with pytest.raises(LexiconError, match=f"{path}:[0-9]+: themes.pandemi: unknown key 'phrasez'"):
        load_theme_lexicon(path)


# --- folding and OCR variants ------------------------------------------------------------------

FOLD_CASES = [
    ("Högspecialiserad", "hogspecialiserad"),
    ("e-Hälsa", "ehalsa"),
    ("hégspecialiserad", "hogspecialiserad"),  # OCR: ö read as é
    ("6vriga", "ovriga"),  # OCR: ö read as 6
    ("cancerplanen", "cancerplanen"),  # nothing to fold: unchanged
]


@pytest.mark.parametrize(("word", "key"), FOLD_CASES)
def test_fold_gives_the_matching_key(word, key):
    assert fold(word) == key


def test_term_variants_include_ocr_damaged_spellings_but_not_for_short_words():
    assert "hdgspecialiserad" in term_variants("högspecialiserad")
    assert term_variants("kö") == ["ko"]
    assert term_variants("köp av vård")[0] == "kop av vard"


# --- scoring rules, on a small lexicon whose arithmetic is checked by hand ---------------------

SMALL = ThemeLexicon.from_dict({
    "version": "test",
    "settings": {"threshold": 3.0, "relative": 0.5, "heading_weight": 2.0, "repeat_decay": 0.5,
                 "no_theme_kinds": ["attendees"]},
    "themes": {
        **{t: {"label": t} for t in THEME_IDS},
        "kompetensforsorjning": {"label": "K", "parts": {"kompetensförsörjning": 3,
                                                         "hyrbemanning": 3}},
        "ekonomi_avtal": {"label": "E", "parts": {"avtal": 1.5}, "lemmas": {"budget": 2},
                          "phrases": {"köp av vård": 3}},
        "styrning_samverkan": {"label": "S", "parts": {"samverkansavtal": 3}},
        "cancervard": {"label": "C", "parts": {"cancer": 3},
                       "entities": [{"label": "GROUP", "id_contains": "rcc", "weight": 2.5}]},
        "folkhalsa": {"label": "F", "parts": {"prevention": 2}, "exclude": ["fallprevention"]},
    },
})


def small(text, **kwargs):
    return ThemeScorer(SMALL).score(text, **kwargs)


def brief(tags):
    """(id, score, evidence words) of each tag."""
    return [(t.id, t.score, t.evidence) for t in tags]


def with_heading(text):
    """The SegmentInfo of a section whose own heading is its first line."""
    end = text.find("\n")
    return SegmentInfo("section", len(text) if end < 0 else end)


def test_heading_words_count_double_and_repeats_decay():
    # Heading "Kompetensförsörjning": 3 * 2 = 6; body: "kompetensförsörjningen" is the same
    # term again (3 * 0.5 = 1.5) and "Hyrbemanningen" a new one (3): 6 + 1.5 + 3 = 10.5.
    text = ("Kompetensförsörjning\n\nHyrbemanningen minskar och kompetensförsörjningen "
            "stärks genom samverkan över gränserna i hela regionen.")
    tags = small(text, segment=with_heading(text))
    assert brief(tags) == [("kompetensforsorjning", 10.5,
                            ("Kompetensförsörjning", "Hyrbemanningen", "kompetensförsörjningen"))]
    # Each piece of evidence as a span of the text with the weight it added (hand-counted).
    assert tags[0].spans == (
        EvidenceSpan(0, 20, "kompetensforsorjning", "Kompetensförsörjning", 6.0, "part"),
        EvidenceSpan(22, 36, "kompetensforsorjning", "Hyrbemanningen", 3.0, "part"),
        EvidenceSpan(49, 71, "kompetensforsorjning", "kompetensförsörjningen", 3.0, "part"),
    )


def test_without_a_segment_heading_no_word_counts_double():
    text = "Kompetensförsörjning\n\nHyrbemanningen minskar."
    assert brief(small(text)) == [("kompetensforsorjning", 6.0,
                                   ("Kompetensförsörjning", "Hyrbemanningen"))]


def test_evidence_spans_cover_themes_below_the_threshold_too():
    tags, spans = ThemeScorer(SMALL).analyse("Cancer och budget i texten.")
    assert [t.id for t in tags] == ["cancervard"]
    assert spans == [EvidenceSpan(0, 6, "cancervard", "Cancer", 3.0, "part"),
                     EvidenceSpan(11, 17, "ekonomi_avtal", "budget", 2.0, "lemma")]


def test_longest_match_wins_so_samverkansavtal_is_not_an_agreement_about_money():
    tags = small("Samverkansavtalet mellan regionerna revideras")
    assert [t.id for t in tags] == ["styrning_samverkan"]


def test_part_inside_a_compound_counts_for_its_theme():
    assert [t.id for t in small("Den regionala cancerplanen")] == ["cancervard"]


def test_phrase_may_continue_in_its_last_word_and_lemma_matches_inflected_word():
    # "köp av vården" (phrase, 3) + "budgeten" (lemma budget, 2) = 5, one paragraph = heading: 10
    text = "Köp av vården och budgeten"
    tags = small(text, segment=with_heading(text))
    assert brief(tags) == [("ekonomi_avtal", 10.0, ("Köp av vården", "budgeten"))]
    assert [(s.text, s.cue) for s in tags[0].spans] == [("Köp av vården", "phrase"),
                                                        ("budgeten", "lemma")]


def test_exclusion_cancels_overlapping_match_of_its_theme_only():
    assert small("Fallprevention i hemmet") == []
    text = "Prevention i hemmet"
    assert [t.id for t in small(text, segment=with_heading(text))] == ["folkhalsa"]


def test_entity_counts_as_evidence_and_its_words_do_not_count_twice():
    text = "Information från Regionalt cancercentrum om arbetet"
    entity = (17, 40, "GROUP", "rcc-mellansverige")
    tags = small(text, entities=[entity], segment=with_heading(text))
    # Only the entity counts (2.5 * 2 in the heading), not "cancercentrum" inside it.
    assert brief(tags) == [("cancervard", 5.0, ("Regionalt cancercentrum",))]
    assert tags[0].spans[0].cue == "entity"


def test_one_word_passes_the_threshold_in_a_heading_but_not_in_the_body():
    # "budget": lemma weight 2; in the heading 2 * 2 = 4 >= 3, in the body 2 < 3.
    assert [t.id for t in small("Budget", segment=with_heading("Budget"))] == ["ekonomi_avtal"]
    text = "Rubrik om annat\n\nEn mening om budget i en längre text."
    assert small(text, segment=with_heading(text)) == []


def test_relative_threshold_drops_a_theme_much_weaker_than_the_best():
    # Heading: cancer 3*2 = 6. Body: "avtal" 1.5 + "avtalet" 0.75 = 2.25 < 3 and < 0.5 * 6.
    text = "Cancervården\n\nAvtal och avtalet nämns."
    tags = small(text, segment=with_heading(text))
    assert [t.id for t in tags] == ["cancervard"]


def test_list_of_people_gets_no_themes():
    text = "Närvarande\tAnna Andersson, Region Kalmar län, kompetensförsörjning"
    assert small(text, segment=SegmentInfo("attendees")) == []
    assert [t.id for t in small(text)] == ["kompetensforsorjning"]  # kind unknown: scored


# --- the packaged lexicon on genre examples ---------------------------------------------------

THEME_CASES = [
    pytest.param("Skapa en gemensam kompetensförsörjningsplan tillsammans med lärosätena.",
                 {"kompetensforsorjning"}, id="compound-kompetensforsorjning"),
    pytest.param("Den regionala cancerplanen ska följas upp inför revidering.",
                 {"cancervard"}, id="compound-cancerplanen"),
    pytest.param("Väntetiderna och köerna till ortopedin har minskat under året.",
                 {"produktion_tillganglighet"}, id="waiting-times"),
    pytest.param("Samverkan kring nationell hégspecialiserad vard pa sjukvardsregional niva",
                 {"hogspecialiserad_vard"}, id="ocr-damaged-hogspecialiserad"),
    pytest.param("Gemensam handlingsplan för civilt försvar och masskadeplanering",
                 {"krisberedskap"}, id="civil-defence"),
    pytest.param("Covid-19 samverkan under pandemin", {"pandemi"}, id="covid"),
    pytest.param("Ett stödmaterial för informationssäkerhet och dataskydd har tagits fram.",
                 {"digitalisering"}, id="information-security"),
    pytest.param("Regionerna ska samverka inom klinisk forskning och kliniska studier.",
                 {"forskning"}, id="research"),
    pytest.param("Erfarenhetsutbyte i regionernas arbete med God och nära vård",
                 {"nara_vard"}, id="nara-vard"),
    pytest.param("Utarbeta sjukvårdsregional prislista 2025", {"ekonomi_avtal"}, id="price-list"),
    pytest.param("Samverkan kring vårdplatser inom rättspsykiatri",
                 {"psykiatri", "produktion_tillganglighet"}, id="two-themes"),
    pytest.param("Systemmått för jämförelser av jämlik vård", {"kvalitet_jamlikhet"},
                 id="system-measures"),
    pytest.param("15. Nomineringar\n\nRegionsjukvårdsledningen beslutar att nominera följande.",
                 {"styrning_samverkan"}, id="nominations"),
    pytest.param("Vaccination och smittskydd", {"folkhalsa"}, id="vaccination"),
    pytest.param("Rikssjukvård och regionsjukvård\n\nSocialstyrelsens beslut om rikssjukvård för "
                 "svåra brännskador innebär att vården koncentreras.", {"hogspecialiserad_vard"},
                 id="older-term-rikssjukvard"),
    pytest.param("Psykisk hälsa\n\nEtt gemensamt arbete kring barn- och ungdomspsykiatrin och "
                 "suicidprevention.", {"psykiatri"}, id="suicidprevention-is-psykiatri"),
    pytest.param("§ 5 Val av justerare\n\nTill att justera dagens protokoll utses Anna Svensson.",
                 {"styrning_samverkan"}, id="meeting-formalities"),
    pytest.param("Regionerna tecknar ett nytt regionavtal om priser för utomlänsvård.",
                 {"ekonomi_avtal"}, id="regionavtal-and-prices"),
    pytest.param("Betalningsförbindelse krävs innan patienten remitteras till en annan region.",
                 {"ekonomi_avtal"}, id="payment-commitment"),
    pytest.param("Arbetet med digitala lösningar och vård på distans fortsätter.",
                 {"digitalisering"}, id="digital-solutions"),
    pytest.param("Förbundsdirektionen fastställde förbundsordningen och de styrande dokumenten.",
                 {"styrning_samverkan"}, id="governing-documents"),
    pytest.param("Ökad tillgänglighet och kortare väntetider i hela sjukvårdsregionen",
                 {"produktion_tillganglighet"}, id="accessibility"),
    pytest.param("Regional arbetsfördelning mellan universitetssjukhusen",
                 {"hogspecialiserad_vard", "produktion_tillganglighet"},
                 id="regional-division-of-labour-is-two-themes"),
    # One sentence with no heading of its own (nothing counts 1.5 times): "nationella
    # vårdenheter" 2.5 gives hogspecialiserad_vard; "remissvar" 2 stays below the threshold
    # of 2.5 for a second theme.
    pytest.param("Sjukvårdsregionen lämnar remissvar på förslaget om nationella vårdenheter.",
                 {"hogspecialiserad_vard"}, id="nhv-remissvar"),
    # Must NOT be tagged:
    pytest.param("Samverkansavtalet revideras.", {"styrning_samverkan"},
                 id="not-ekonomi-for-samverkansavtal"),
    pytest.param("Kostnadseffektiv vård för alla invånare", set(),
                 id="not-ekonomi-for-kostnadseffektiv"),
    pytest.param("Kristina Andersson hälsar välkommen.", set(), id="not-kris-in-a-name"),
    pytest.param("Mötet avslutades.", set(), id="not-one-weak-word"),
    pytest.param("Fallprevention för äldre i hemmet", set(), id="not-folkhalsa-fallprevention"),
    pytest.param("", set(), id="not-empty-text"),
]


@pytest.mark.parametrize(("text", "expected"), THEME_CASES)
def test_packaged_lexicon_tags_genre_examples(text, expected):
    assert {t.id for t in score_themes(text)} == expected


def test_npo_entity_supports_kunskapsstyrning():
    text = "Rapport från arbetet i Akut vård under året"
    assert score_themes(text) == []
    tags = score_themes(text, entities=[(23, 32, "NPO", "akut-vard")])
    assert [(t.id, t.evidence) for t in tags] == [("kunskapsstyrning", ("Akut vård",))]


def test_themes_come_sorted_by_id_with_evidence_as_written():
    tags = score_themes("Samverkan kring vårdplatser inom rättspsykiatri")
    assert [t.id for t in tags] == sorted(t.id for t in tags)
    assert {t.id: t.evidence for t in tags} == {"produktion_tillganglighet": ("vårdplatser",),
                                                "psykiatri": ("rättspsykiatri",)}


# --- the spaCy component -----------------------------------------------------------------------


@Language.component("test_simplemma_lemmas")
def _lemmas(doc):
    import simplemma

    for token in doc:
        token.lemma_ = simplemma.lemmatize(token.text.lower(), lang="sv", greedy=True)
    return doc


@pytest.fixture(scope="module")
def nlp():
    pipeline = spacy.blank("sv")
    pipeline.add_pipe("test_simplemma_lemmas")
    pipeline.add_pipe("regionkit_themes")
    return pipeline


def test_component_sets_doc_themes(nlp):
    doc = nlp("Väntetiderna och köerna har minskat")
    assert isinstance(doc._.themes, list)
    assert [t.id for t in doc._.themes] == ["produktion_tillganglighet"]
    assert doc._.themes[0].evidence == ("Väntetiderna", "köerna")


def test_component_reads_entities_from_the_doc(nlp):
    doc = nlp.make_doc("Information från RCC Syd om arbetet")
    doc.ents = [Span(doc, 2, 4, label="GROUP", span_id="rcc-syd")]
    for _, component in nlp.pipeline:
        doc = component(doc)
    assert [(t.id, t.evidence) for t in doc._.themes] == [("cancervard", ("RCC Syd",))]


def test_component_accepts_a_threshold_in_its_config():
    pipeline = spacy.blank("sv")
    pipeline.add_pipe("regionkit_themes", config={"threshold": 100.0})
    assert pipeline("Väntetiderna och köerna har minskat")._.themes == []


def test_component_class_can_wrap_a_scorer():
    doc = ThemeComponent(ThemeScorer(SMALL))(spacy.blank("sv")("Den regionala cancerplanen"))
    assert [t.id for t in doc._.themes] == ["cancervard"]


# --- the component reads token ids, not the text: it must agree with score() ------------------

# Texts that exercise every path of ThemeScorer.score_doc: phrases across tokens and across
# punctuation, longest match across words, a heading before a blank line, a too-long first
# paragraph, leading whitespace, hyphenated and OCR-damaged words, a number before the first
# word, a list of people, text without words.
AGREEMENT_TEXTS = [
    "Köp av vård och avtal om vård mellan regionerna.",
    "Köp, av vård",
    "Samverkansavtalet och prislistan för 2025",
    "§ 6 Kompetensförsörjning\n\nHyrbemanningen minskar. Samarbete för bättre vård fortsätter.",
    "  \n\nBudget 2025\n\nRegionerna har enats om budgeten och om vårdgaranti.",
    "Inledning " + "och vidare " * 30 + "\n\nEn andra paragraf om cancerplanen.",
    "Första raden om väntetider\nandra raden " + "mer text " * 30,
    "e-hälsa, IT-säkerhet och 1177:s tjänster; nationell hégspecialiserad vard",
    "15. Nomineringar till RPO cancersjukdomar och NHV-gruppen",
    "Närvarande: Anna Andersson, ordförande, kompetensförsörjning",
    "2024 2025",
    "– – –",
    "Fallprevention och prevention; suicidprevention inom psykiatrin",
    "Väntetiderna, köerna och vårdplatserna; kö, köer, köerna och kösituationen.",
]


@pytest.mark.parametrize("text", AGREEMENT_TEXTS)
def test_component_agrees_with_score_on_the_docs_text_lemmas_and_entities(nlp, text):
    scorer = ThemeScorer(threshold=0, relative=0)  # every theme with any evidence
    doc = nlp.make_doc(text)
    segment = with_heading(text)
    doc.user_data[SEGMENT_KEY] = segment
    if "RPO cancersjukdomar" in text:  # an entity: its words must not count twice
        start = text.index("RPO cancersjukdomar")
        doc.ents = [doc.char_span(start, start + 19, label="GROUP",
                                  span_id="rpo-cancersjukdomar")]
    for _, component in nlp.pipeline[:-1]:
        doc = component(doc)
    lemmas = {tok.idx: tok.lemma_ for tok in doc if tok.lemma_}
    entities = [(e.start_char, e.end_char, e.label_, e.ent_id_) for e in doc.ents]
    tags, spans = scorer.score_doc(doc)
    assert (tags, spans) == scorer.analyse(text, lemmas=lemmas, entities=entities,
                                           segment=segment)
    assert all(text[s.start:s.end] == s.text for s in spans)


def test_component_caches_a_token_per_form_and_lemma_not_per_form_only():
    # "Kalkylen" counts for ekonomi_avtal only through its lemma (SMALL: lemma "budget").
    scorer = ThemeScorer(SMALL)
    blank = spacy.blank("sv")

    def doc_with_lemma(lemma):
        doc = blank("Kalkylen och kalkylen")
        for token in doc:
            token.lemma_ = lemma
        return doc

    assert [t.id for t in scorer.score_doc(doc_with_lemma("budget"))[0]] == ["ekonomi_avtal"]
    assert scorer.score_doc(doc_with_lemma("kalkyl")) == ([], [])
    assert [t.id for t in scorer.score_doc(doc_with_lemma("budget"))[0]] == ["ekonomi_avtal"]


def test_raw_scores_keep_themes_below_the_thresholds():
    text = "Rubrik om annat\n\nEn mening om budget."
    scores = ThemeScorer(SMALL).raw_scores(text, segment=with_heading(text))
    assert scores == {"ekonomi_avtal": (2.0, ("budget",))}


def test_component_gives_the_same_result_when_its_caches_overflow(monkeypatch):
    import regionkit.tagging.themes as themes_module

    text = "Väntetiderna och köerna har minskat; nationella riktlinjer för nära vård."
    expected = ThemeScorer().score_doc(spacy.blank("sv")(text))
    monkeypatch.setattr(themes_module, "_MAX_CACHE", 3)
    scorer = ThemeScorer()
    blank = spacy.blank("sv")
    assert scorer.score_doc(blank(text)) == expected
    # Shares "Väntetiderna" and "köerna" with the text above, and adds new tokens.
    assert [t.id for t in scorer.score_doc(blank("Väntetiderna och köerna i budgeten."))[0]] == [
        "produktion_tillganglighet"]
    assert scorer.score_doc(blank(text)) == expected


def test_role_and_unit_heads_end_a_compounds_field_evidence():
    """v1.5: "psykiatridirektören" names a person's role, not a segment about psychiatry; the
    head itself and words without it keep their evidence (expected by hand)."""
    scorer = ThemeScorer()
    roles = scorer.raw_scores("Ordförande är psykiatridirektören, stöd ges av "
                              "primärvårdsförvaltningen.")
    assert "psykiatri" not in roles and "nara_vard" not in roles
    plain = scorer.raw_scores("Psykiatrin och primärvården samverkar.")
    assert "psykiatri" in plain and "nara_vard" in plain


def test_verb_forms_of_kop_av_vard_support_ekonomi_avtal():
    scores = ThemeScorer().raw_scores("Regionen tänker köpa vård av privata aktörer.")
    assert scores["ekonomi_avtal"][0] >= 3
