"""Facts in the FACT lexicons (regionkit/lexicons/*.yaml), checked against hand-verified tables.

The expected values below are copied by hand from ../shared/spec/labels.md,
../shared/spec/reference-facts.md and the sources cited in the YAML files, not from the files
themselves. The YAML is read with yaml.safe_load only, so these tests do not depend on the
lexicon loader.
"""

from collections import defaultdict
from importlib.resources import files

import pytest
import yaml

from regionkit.ids import slug

LEXICON_FILES = {
    # file stem: (lexicon kind, label)
    "sjukvardsregioner": ("sjukvardsregioner", "SJUKVARDSREGION"),
    "regions": ("regions", "REGION"),
    "npo": ("npo", "NPO"),
    "rcc": ("rcc", "GROUP"),
    "orgs": ("orgs", "ORG"),
}
TOP_LEVEL_KEYS = {"lexicon", "label", "version", "entries"}
ENTRY_KEYS = {
    "id", "name", "variants", "ambiguous", "former_names", "part_of", "host", "source", "note",
}

# labels.md
SJUKVARDSREGION_IDS = {"norra", "mellansverige", "stockholm-gotland", "vastra", "sydostra", "sodra"}
REGION_IDS = {
    "kalmar", "jonkoping", "ostergotland", "sormland", "uppsala", "vastmanland", "gavleborg",
    "orebro", "dalarna", "varmland", "skane", "blekinge", "kronoberg", "halland", "stockholm",
    "gotland", "vastra-gotaland", "norrbotten", "vasterbotten", "vasternorrland",
    "jamtland-harjedalen",
}

# reference-facts.md, table of the six sjukvårdsregioner (Halland is in Västra and Södra).
REGIONS_OF_SJUKVARDSREGION = [
    ("norra", {"norrbotten", "vasterbotten", "vasternorrland", "jamtland-harjedalen"}),
    ("mellansverige",
     {"dalarna", "gavleborg", "sormland", "uppsala", "varmland", "vastmanland", "orebro"}),
    ("stockholm-gotland", {"stockholm", "gotland"}),
    ("vastra", {"vastra-gotaland", "halland"}),
    ("sydostra", {"ostergotland", "jonkoping", "kalmar"}),
    ("sodra", {"skane", "blekinge", "kronoberg", "halland"}),
]

# Official region name -> county part that the id is the slug of (labels.md: id = county slug
# without "Region"/"län"). Written by hand; "Jönköpings län" shows why the rule is not mechanical.
COUNTY_OF_REGION_NAME = [
    ("Region Norrbotten", "Norrbotten"),
    ("Region Västerbotten", "Västerbotten"),
    ("Region Västernorrland", "Västernorrland"),
    ("Region Jämtland Härjedalen", "Jämtland Härjedalen"),
    ("Region Uppsala", "Uppsala"),
    ("Region Sörmland", "Sörmland"),
    ("Region Västmanland", "Västmanland"),
    ("Region Gävleborg", "Gävleborg"),
    ("Region Örebro län", "Örebro"),
    ("Region Dalarna", "Dalarna"),
    ("Region Värmland", "Värmland"),
    ("Region Stockholm", "Stockholm"),
    ("Region Gotland", "Gotland"),
    ("Västra Götalandsregionen", "Västra Götaland"),
    ("Region Halland", "Halland"),
    ("Region Östergötland", "Östergötland"),
    ("Region Jönköpings län", "Jönköping"),
    ("Region Kalmar län", "Kalmar"),
    ("Region Skåne", "Skåne"),
    ("Region Blekinge", "Blekinge"),
    ("Region Kronoberg", "Kronoberg"),
]

# interface.md / labels.md examples of NPO ids, and annotation-guidelines §1 normalisations.
NPO_ID_OF_SURFACE_FORM = [
    ("Äldres hälsa och palliativ vård", "aldres-halsa-och-palliativ-vard"),
    ("Hjärt- och kärlsjukdomar", "hjart-och-karlsjukdomar"),
    ("Öron-, näs- och halssjukdomar", "oron-nas-och-halssjukdomar"),
    ("Akut vård", "akut-vard"),
    ("Cancersjukdomar", "cancersjukdomar"),
    ("Rörelseorganens sjukdomar", "rorelseorganens-sjukdomar"),
    ("Äldres hälsa", "aldres-halsa-och-palliativ-vard"),
    ("sällsynta diagnoser", "sallsynta-sjukdomar"),
    ("kvinnosjukdomar och förlossningsvård", "kvinnosjukdomar-och-forlossning"),
    ("Hjärta/kärl sjukdomar", "hjart-och-karlsjukdomar"),
    ("Hjärta- och kärlsjukdomar", "hjart-och-karlsjukdomar"),
    ("Öron-, Näsa-, och Halssjukdomar", "oron-nas-och-halssjukdomar"),
]

# Hosts (värdskap) confirmed by the sources cited in npo.yaml, read by hand.
NPO_HOSTS = [
    ("akut-vard", "mellansverige"),
    ("hjart-och-karlsjukdomar", "mellansverige"),
    ("aldres-halsa-och-palliativ-vard", "mellansverige"),
    ("oron-nas-och-halssjukdomar", "mellansverige"),
    ("barn-och-ungdomars-halsa", "sydostra"),
    ("kvinnosjukdomar-och-forlossning", "sydostra"),
    ("perioperativ-vard-intensivvard-och-transplantation", "sydostra"),
    ("rehabilitering-habilitering-och-forsakringsmedicin", "sydostra"),
    ("nervsystemets-sjukdomar", "sodra"),
    ("njur-och-urinvagssjukdomar", "sodra"),
    ("tandvard", "sodra"),
    ("medicinsk-diagnostik", "stockholm-gotland"),
    ("ogonsjukdomar", "stockholm-gotland"),
    ("sallsynta-sjukdomar", "stockholm-gotland"),
    ("mag-och-tarmsjukdomar", "vastra"),
    ("lung-och-allergisjukdomar", "vastra"),
    ("kirurgi-och-plastikkirurgi", "vastra"),
    ("psykisk-halsa", "vastra"),  # reference-facts.md still says SKR; Västra since 2021
    ("levnadsvanor", "norra"),
]
# No source found for these hosts: the field must stay absent rather than guessed.
NPO_WITHOUT_HOST = [
    "cancersjukdomar", "endokrina-sjukdomar", "hud-och-konssjukdomar", "infektionssjukdomar",
    "reumatiska-sjukdomar", "rorelseorganens-sjukdomar",
]

RCC_OF_SJUKVARDSREGION = [
    ("rcc-norr", "norra"),
    ("rcc-mellansverige", "mellansverige"),
    ("rcc-stockholm-gotland", "stockholm-gotland"),
    ("rcc-sydost", "sydostra"),
    ("rcc-syd", "sodra"),
    ("rcc-vast", "vastra"),
]

# Forms that belong to another label and must NOT be listed as a healthcare region.
NOT_SJUKVARDSREGION_FORMS = [
    "Region Stockholm",  # REGION stockholm
    "Region Gotland",  # REGION gotland
    "Södra regionvårdsnämnden",  # GROUP
    "Norra sjukvårdsregionförbundet",  # GROUP
    "RCC Syd",  # GROUP
]

# Surface forms with their id, per label (annotation-guidelines §3-5, labels.md).
SURFACE_FORM_CASES = [
    ("SJUKVARDSREGION", "Sydöstra sjukvårdsregionen", "sydostra"),
    ("SJUKVARDSREGION", "Södra sjukvårdsregionens", "sodra"),
    ("SJUKVARDSREGION", "Region Uppsala Örebro", "mellansverige"),
    ("SJUKVARDSREGION", "Uppsala-Örebro sjukvårdsregion", "mellansverige"),
    ("SJUKVARDSREGION", "Regionen Stockholm-Gotland", "stockholm-gotland"),
    ("SJUKVARDSREGION", "Norra regionens", "norra"),
    ("SJUKVARDSREGION", "Region Sydöst", "sydostra"),
    ("REGION", "Landstinget i Värmland", "varmland"),
    ("REGION", "Landstinget Blekinge", "blekinge"),
    ("REGION", "Landstinget Sörmland", "sormland"),
    ("REGION", "Jönköpings läns landsting", "jonkoping"),
    ("GROUP", "RCC Uppsala Örebro", "rcc-mellansverige"),
    ("GROUP", "Regionalt cancercentrum sydöst", "rcc-sydost"),
    ("ORG", "SKL", "skr"),
    ("ORG", "RCC i samverkan", "rcc-i-samverkan"),
    ("ORG", "Nämnden för nationell högspecialiserad vård", "nhv-namnden"),
]
# Context-only forms: listed as ambiguous, never as a plain variant.
AMBIGUOUS_CASES = [
    ("SJUKVARDSREGION", "Norra", "norra"),
    ("SJUKVARDSREGION", "Stockholm-Gotland", "stockholm-gotland"),
    ("REGION", "Örebro", "orebro"),
    ("ORG", "NHV", "nhv-namnden"),
]

_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o"})


def fold(text):
    """Fold a surface form the way the matcher compares them: case and å/ä/ö."""
    return text.casefold().translate(_FOLD)


def load(stem):
    path = files("regionkit").joinpath("lexicons", f"{stem}.yaml")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


LEXICONS = {stem: load(stem) for stem in LEXICON_FILES}
BY_LABEL = {data["label"]: data for data in LEXICONS.values()}
ALL_ENTRIES = [
    (stem, entry) for stem, data in LEXICONS.items() for entry in data["entries"]
]


def entries(stem):
    return {entry["id"]: entry for entry in LEXICONS[stem]["entries"]}


def entry_label(pair):
    stem, entry = pair
    return f"{stem}:{entry.get('id')}"


@pytest.mark.parametrize(("stem", "expected"), LEXICON_FILES.items())
def test_file_header_names_its_kind_and_label(stem, expected):
    data = LEXICONS[stem]
    assert set(data) == TOP_LEVEL_KEYS
    assert (data["lexicon"], data["label"]) == expected


@pytest.mark.parametrize(("stem", "entry"), ALL_ENTRIES, ids=map(entry_label, ALL_ENTRIES))
def test_entry_uses_only_allowed_keys_and_has_a_source(stem, entry):
    assert set(entry) <= ENTRY_KEYS
    assert entry["id"] and entry["name"]
    assert isinstance(entry["source"], str) and entry["source"].strip()


@pytest.mark.parametrize(("stem", "entry"), ALL_ENTRIES, ids=map(entry_label, ALL_ENTRIES))
def test_variants_are_non_empty_and_contain_the_name(stem, entry):
    assert entry["variants"], "variants must not be empty"
    assert entry["name"] in entry["variants"] + entry.get("ambiguous", [])


@pytest.mark.parametrize("stem", LEXICON_FILES)
def test_ids_are_unique_and_slug_shaped(stem):
    ids = [entry["id"] for entry in LEXICONS[stem]["entries"]]
    assert len(ids) == len(set(ids))
    assert all(slug(entry_id) == entry_id for entry_id in ids)


def test_sjukvardsregion_ids_are_exactly_the_six_of_labels_md():
    assert set(entries("sjukvardsregioner")) == SJUKVARDSREGION_IDS


def test_region_ids_are_exactly_the_21_of_labels_md():
    assert set(entries("regions")) == REGION_IDS


@pytest.mark.parametrize(("name", "county"), COUNTY_OF_REGION_NAME)
def test_region_id_is_the_slug_of_its_county(name, county):
    by_name = {entry["name"]: entry["id"] for entry in LEXICONS["regions"]["entries"]}
    assert by_name[name] == slug(county)


def test_every_region_is_part_of_a_known_healthcare_region():
    for entry in LEXICONS["regions"]["entries"]:
        assert entry["part_of"], entry["id"]
        assert set(entry["part_of"]) <= SJUKVARDSREGION_IDS, entry["id"]


@pytest.mark.parametrize(("sjukvardsregion", "expected"), REGIONS_OF_SJUKVARDSREGION)
def test_each_healthcare_region_has_the_regions_of_reference_facts(sjukvardsregion, expected):
    members = {
        entry["id"] for entry in LEXICONS["regions"]["entries"]
        if sjukvardsregion in entry["part_of"]
    }
    assert members == expected


def test_halland_is_in_both_vastra_and_sodra():
    assert sorted(entries("regions")["halland"]["part_of"]) == ["sodra", "vastra"]


def test_every_npo_id_is_the_slug_of_its_current_name():
    for entry in LEXICONS["npo"]["entries"]:
        assert entry["id"] == slug(entry["name"])


@pytest.mark.parametrize(("form", "expected_id"), NPO_ID_OF_SURFACE_FORM)
def test_npo_surface_form_maps_to_current_id(form, expected_id):
    ids = {e["id"] for e in LEXICONS["npo"]["entries"] if fold(form) in map(fold, e["variants"])}
    assert ids == {expected_id}


@pytest.mark.parametrize(("npo_id", "host"), NPO_HOSTS)
def test_npo_host_is_the_verified_healthcare_region(npo_id, host):
    assert entries("npo")[npo_id].get("host") == host


@pytest.mark.parametrize("npo_id", NPO_WITHOUT_HOST)
def test_npo_host_is_absent_when_no_source_was_found(npo_id):
    assert "host" not in entries("npo")[npo_id]


def test_host_appears_only_in_npo_and_names_a_healthcare_region():
    for stem, entry in ALL_ENTRIES:
        if "host" in entry:
            assert stem == "npo"
            assert entry["host"] in SJUKVARDSREGION_IDS


@pytest.mark.parametrize(("rcc_id", "sjukvardsregion"), RCC_OF_SJUKVARDSREGION)
def test_each_rcc_belongs_to_its_healthcare_region(rcc_id, sjukvardsregion):
    rcc = entries("rcc")
    assert set(rcc) == {rcc_id for rcc_id, _ in RCC_OF_SJUKVARDSREGION}
    assert rcc[rcc_id]["part_of"] == [sjukvardsregion]
    assert rcc[rcc_id]["id"] == slug(rcc[rcc_id]["name"])


@pytest.mark.parametrize("label", BY_LABEL)
def test_no_surface_form_is_listed_under_two_ids_within_a_label(label):
    owners = defaultdict(set)
    for entry in BY_LABEL[label]["entries"]:
        for form in entry["variants"] + entry.get("ambiguous", []):
            owners[fold(form)].add(entry["id"])
    clashes = {form: ids for form, ids in owners.items() if len(ids) > 1}
    assert clashes == {}


@pytest.mark.parametrize("form", NOT_SJUKVARDSREGION_FORMS)
def test_other_labels_forms_are_not_healthcare_regions(form):
    for entry in BY_LABEL["SJUKVARDSREGION"]["entries"]:
        listed = entry["variants"] + entry.get("ambiguous", [])
        assert fold(form) not in map(fold, listed), entry["id"]


@pytest.mark.parametrize(("label", "form", "expected_id"), SURFACE_FORM_CASES)
def test_surface_form_is_a_variant_of_the_expected_id(label, form, expected_id):
    ids = {
        e["id"] for e in BY_LABEL[label]["entries"] if fold(form) in map(fold, e["variants"])
    }
    assert ids == {expected_id}


@pytest.mark.parametrize(("label", "form", "expected_id"), AMBIGUOUS_CASES)
def test_context_only_form_is_ambiguous_not_a_variant(label, form, expected_id):
    for entry in BY_LABEL[label]["entries"]:
        assert fold(form) not in map(fold, entry["variants"]), entry["id"]
    ids = {
        e["id"] for e in BY_LABEL[label]["entries"]
        if fold(form) in map(fold, e.get("ambiguous", []))
    }
    assert ids == {expected_id}
