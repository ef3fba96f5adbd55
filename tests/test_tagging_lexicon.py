"""Lexicon files: every packaged one loads, a typo fails loudly, patterns and the export."""

import re
import shutil
from importlib import resources

import pytest
import yaml

from regionkit.ids import slug
from regionkit.tagging import export_quanteda, load_lexicons
from regionkit.tagging.lexicon import LexiconError, lexicon_files, parse_lexicon_file
from regionkit.tagging.patterns import (
    PatternRow,
    entity_patterns,
    inflect,
    read_patterns_jsonl,
    write_patterns_jsonl,
)
from regionkit.tagging.types import ENTITY_LABELS

SJUKVARDSREGIONER = {"norra", "mellansverige", "stockholm-gotland", "vastra", "sydostra", "sodra"}


def test_every_packaged_lexicon_loads():
    names = [f.name for f in lexicon_files()]
    assert {"groups.yaml", "context.yaml"} <= set(names)
    lex = load_lexicons()
    assert {lx.label for lx in lex.facts} <= set(ENTITY_LABELS)
    for label in ENTITY_LABELS:
        assert lex.by_label(label), f"no {label} entries"


def test_lexicons_name_all_six_healthcare_regions_and_21_regions():
    lex = load_lexicons()
    assert {e.id for e in lex.by_label("SJUKVARDSREGION")} == SJUKVARDSREGIONER
    assert len({e.id for e in lex.by_label("REGION")}) == 21


def test_npo_ids_are_slugs_of_current_names():
    for entry in load_lexicons().npo:
        assert entry.id == slug(entry.name)


def test_every_group_entry_and_family_has_a_source():
    groups = load_lexicons().groups
    assert all(e.source for e in groups.entries)
    assert all(f.source for f in groups.families)


GOOD_LEXICON = {"lexicon": "x", "label": "ORG", "version": "1",
                "entries": [{"id": "inera", "name": "Inera", "variants": ["Inera AB"]}]}
BAD_LEXICONS = [
    pytest.param({**GOOD_LEXICON, "lable": "ORG"}, "x.yaml: unknown key 'lable'", id="file-key"),
    pytest.param({**GOOD_LEXICON, "entries": [{"id": "inera", "name": "Inera", "variant": []}]},
                 "x.yaml: entries[0] (id 'inera'): unknown key 'variant'", id="entry-key"),
    pytest.param({**GOOD_LEXICON, "label": "PLACE"}, "label 'PLACE' is not one of",
                 id="unknown-label"),
    pytest.param({**GOOD_LEXICON, "entries": [{"id": "Inera AB", "name": "Inera"}]},
                 "is not a slug", id="id-not-slug"),
    pytest.param({**GOOD_LEXICON, "entries": [{"id": "a", "name": "A"}, {"id": "a", "name": "B"}]},
                 "id 'a' is used twice", id="repeated-id"),
    pytest.param({"lexicon": "groups", "entries": [], "families": [
        {"id": "rsg", "name": "RSG", "prefixes": ["RSG"], "names": ["nope"]}]},
        "unknown name set 'nope'", id="unknown-name-set"),
    pytest.param({"lexicon": "context", "rules": [{"label": "REGION", "acept_after": ["har"]}]},
                 "x.yaml: rules[0]: unknown key 'acept_after'", id="context-rule-key"),
    pytest.param({"lexicon": "context", "rules": [{"label": "REGION", "after_person": "yes"}]},
                 "x.yaml: rules[0]: after_person: expected true or false", id="after-person-bool"),
    pytest.param({"lexicon": "context", "areas": {"enumeration": {"min_item": 3}}},
                 "x.yaml: areas: enumeration: unknown key 'min_item'", id="enumeration-key"),
    pytest.param({"lexicon": "context", "areas": {"enumeration": {"min_items": 1}}},
                 "min_items: expected an integer of at least 2", id="enumeration-min-items"),
    pytest.param({"lexicon": "context", "persons": {"not_frist": ["Östra"]}},
                 "x.yaml: persons: unknown key 'not_frist'", id="persons-key"),
    pytest.param({"lexicon": "groups", "entries": [], "families": [
        {"id": "lk", "name": "LK", "prefixes": [], "owners": ["COUNTY"]}]},
        "owners: 'COUNTY' is not one of", id="family-owner-label"),
]


def test_a_good_lexicon_parses():
    lex = parse_lexicon_file(GOOD_LEXICON, "x.yaml")
    assert lex.entries[0].forms == ("Inera", "Inera AB")


@pytest.mark.parametrize(("data", "message"), BAD_LEXICONS)
def test_malformed_lexicon_is_rejected_naming_file_and_key(data, message):
    with pytest.raises(LexiconError, match=re.escape(message)):
        parse_lexicon_file(data, "x.yaml")


def test_load_lexicons_from_a_folder_reports_the_bad_file(tmp_path):
    for f in lexicon_files():
        shutil.copy(resources.files("regionkit.lexicons") / f.name, tmp_path / f.name)
    data = yaml.safe_load((tmp_path / "rcc.yaml").read_text(encoding="utf-8"))
    data["entries"][0]["varaints"] = ["RCC N"]
    (tmp_path / "rcc.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(LexiconError,
                       match="rcc.yaml:[0-9]+: entries\\[0\\].*unknown key 'varaints'"):
        load_lexicons(tmp_path)


INFLECTIONS = [
    ("Samverkansnämnden", ["Samverkansnämnden", "Samverkansnämndens"]),
    ("RSL", ["RSL", "RSLs", "RSL:s"]),
    ("Region Skåne", ["Region Skåne", "Region Skånes", "Region Skåne:s"]),
    ("Lunds universitet", ["Lunds universitet", "Lunds universitets"]),
    ("Inspektionen för vård och omsorg", ["Inspektionen för vård och omsorg",
                                          "Inspektionen för vård och omsorgs"]),
    ("Hälsa och rehabilitering", ["Hälsa och rehabilitering", "Hälsa och rehabiliterings"]),
    ("Stockholm-Gotland", ["Stockholm-Gotland", "Stockholm-Gotlands", "Stockholm Gotland",
                           "Stockholm Gotlands", "Stockholm Gotland:s", "Stockholm–Gotland",
                           "Stockholm–Gotlands"]),
    ("Mag- och tarmsjukdomar", ["Mag- och tarmsjukdomar", "Mag- och tarmsjukdomars",
                                "Mag och tarmsjukdomar", "Mag och tarmsjukdomars",
                                "Mag-och tarmsjukdomar", "Mag-och tarmsjukdomars"]),
]


@pytest.mark.parametrize(("form", "expected"), INFLECTIONS)
def test_inflect_adds_genitive_and_hyphen_spellings(form, expected):
    assert inflect(form) == expected


def test_owner_family_writes_region_genitives_as_prefixes():
    rows = [r for r in entity_patterns() if r.family == "lakemedelskommitten"]
    patterns = {r.pattern for r in rows}
    assert {"Region Gotlands läkemedelskommitté", "Region Skåne:s läkemedelskommittén",
            "Region Jönköpings läns läkemedelskommitté"} <= patterns
    assert all(r.label == "GROUP" and r.kind == "family" for r in rows)
    # Only the genitive owns a committee: "Region Gotland läkemedelskommitté" is no pattern.
    assert "Region Gotland läkemedelskommitté" not in patterns


def test_word_family_gets_open_name_prefixes_but_acronym_rule_is_unchanged():
    prefixes = {(r.family, r.pattern) for r in entity_patterns() if r.kind == "prefix"}
    assert ("chefsamrad", "Chefssamråd") in prefixes
    # A written-out prefix of an acronym family starts no open name ("regional samverkansgrupp").
    assert ("rsg", "regional samverkansgrupp") not in prefixes


def test_inflect_adds_no_genitive_after_s():
    assert inflect("Sahlgrenska Universitetssjukhusets") == ["Sahlgrenska Universitetssjukhusets"]


def test_pattern_rows_round_trip_through_jsonl(tmp_path):
    rows = entity_patterns()[:50] + [PatternRow("NPO", "cancer", "cancersjukdomar", "area",
                                                strict=True)]
    write_patterns_jsonl(tmp_path / "p.jsonl", rows)
    assert read_patterns_jsonl(tmp_path / "p.jsonl") == rows


def test_export_quanteda_writes_label_id_variants(tmp_path):
    path = tmp_path / "regionkit.yml"
    export_quanteda(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert set(data) == set(ENTITY_LABELS) | {"THEME"}  # themes as glob patterns, see export
    data = {label: data[label] for label in ENTITY_LABELS}
    assert "region örebro län" in data["REGION"]["orebro"]
    assert "sjukvårdsregion mellansverige" in data["SJUKVARDSREGION"]["mellansverige"]
    assert "rsg data och analys" in data["GROUP"]["rsg-data-och-analys"]
    # Forms that need context are left out: a dictionary cannot check it.
    assert "örebro" not in data["REGION"]["orebro"]
    assert all(isinstance(v, str) and "*" not in v and "?" not in v
               for ids in data.values() for values in ids.values() for v in values)
