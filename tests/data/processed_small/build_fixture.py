"""Build the small hand-made processed fixture in this folder (tables of regionkit.schemas).

Five short documents from three healthcare regions, written to look like the seed corpus: a
follow-up report per year in Mellansverige (2020, 2021-2022, 2024, the last one OCR-damaged with
recorded repairs), one set of meeting notes from Sydöstra (2024) and one plan from Södra
(2022-2023). Non-content segments (title, table of contents, attendee list, heading) carry entities
and themes on purpose: they must never be counted.

Run from the repository root to rewrite the Parquet and CSV files:

    .venv/bin/python tests/data/processed_small/build_fixture.py

tests/test_report.py checks that the committed files equal what this script builds.
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

import pandas as pd

from regionkit.analysis.units import split_units
from regionkit.followup.stage import add_followup_tables
from regionkit.schemas import TABLES, enforce_schema
from regionkit.tables import Tables, write_tables
from regionkit.tagging.types import THEME_IDS
from regionkit.validation.sample import text_hash

HERE = Path(__file__).resolve().parent
CONTENT_KINDS = {"activity", "agenda_item", "decision", "section", "paragraph"}
_WORD = re.compile(r"\w+(?:[-–]\w+)*")

# Each document: metadata, then segments as (kind, raw text, {theme: (score, evidence)},
# [(surface text in the raw text, label, id)]). Repairs are (raw, normalised) pairs found in the
# raw text of the document; boilerplate spans are appended after the segments.
DOCUMENTS = [
    {
        "doc_id": "ms-snd-aterrapport-2020", "sjukvardsregion": "mellansverige",
        "body": "Samverkansnämnden", "doc_type": "aterrapport", "period_start": 2020,
        "period_end": 2020, "date": "2020-02-19", "title": "Återrapport aktivitetsplan 2020",
        "segments": [
            ("title", "Återrapport aktivitetsplan 2020\nSamverkansnämnden\n"
                      "Sjukvårdsregion Mellansverige",
             {"styrning_samverkan": (3.0, "Samverkansnämnden")},
             [("Samverkansnämnden", "GROUP", "samverkansnamnden-mellansverige"),
              ("Sjukvårdsregion Mellansverige", "SJUKVARDSREGION", "mellansverige")]),
            ("paragraph", "Arbetet inom alla nämndens samverkansområden har påverkats av "
                          "coronapandemin. Nämnden har hållit tre av årets fyra möten digitalt.",
             {"pandemi": (3.0, "coronapandemin"), "styrning_samverkan": (3.0, "nämndens | möten")},
             []),
            ("activity", "Utveckla arbetet med kunskapsstyrning. Sjukvårdsregionen har hanterat "
                         "nomineringar till NPO Akut vård och NPO Äldres hälsa.",
             {"kunskapsstyrning": (6.0, "kunskapsstyrning | NPO")},
             [("Akut vård", "NPO", "akut-vard"),
              ("Äldres hälsa", "NPO", "aldres-halsa-och-palliativ-vard")]),
            ("activity", "Kompetensförsörjning: Regionalt vårdkompetensråd har inrättats och "
                         "dialogen med lärosätena om VFU-platser fortsätter.",
             {"kompetensforsorjning": (6.0, "Kompetensförsörjning | vårdkompetensråd | VFU")},
             [("Regionalt vårdkompetensråd", "GROUP", "regionalt-vardkompetensrad")]),
            ("activity", "Produktionsplaneringsgruppen har följt väntetider och vårdplatser i "
                         "regionerna under pandemin.",
             {"produktion_tillganglighet": (5.0, "väntetider | vårdplatser"),
              "pandemi": (3.0, "pandemin")},
             [("Produktionsplaneringsgruppen", "GROUP", "produktionsplaneringsgruppen")]),
            ("activity", "Gemensam upphandling av ambulansflyg genom Kommunalförbundet Svenskt "
                         "ambulansflyg.",
             {"ekonomi_avtal": (3.0, "upphandling")},
             [("Kommunalförbundet Svenskt ambulansflyg", "ORG",
               "kommunalforbundet-svenskt-ambulansflyg")]),
        ],
        "repairs": [], "boilerplate": [("page_footer", "Sida 1 av 1")],
    },
    {
        "doc_id": "ms-ppg-verksamhetsberattelse-2021-2022", "sjukvardsregion": "mellansverige",
        "body": "Produktionsplaneringsgruppen Mellansverige", "doc_type": "verksamhetsberattelse",
        "period_start": 2021, "period_end": 2022, "date": None,
        "title": "Verksamhetsberättelse och aktivitetsplan 2021–2022",
        "segments": [
            ("toc", "Innehåll\nInledning 2\nUppdrag 3\nAktiviteter 4",
             {"styrning_samverkan": (3.0, "Uppdrag")}, []),
            ("attendees", "Ledamöter\tRegion Uppsala\tRegion Örebro län",
             {}, [("Region Uppsala", "REGION", "uppsala"),
                  ("Region Örebro län", "REGION", "orebro")]),
            ("paragraph", "Produktionsplaneringsgruppen arbetar med vårdplatser, väntetider och "
                          "vårdgaranti i sjukvårdsregionen.",
             {"produktion_tillganglighet": (7.0, "vårdplatser | väntetider | vårdgaranti")},
             [("Produktionsplaneringsgruppen", "GROUP", "produktionsplaneringsgruppen")]),
            ("activity", "Uppföljning av köp av vård mellan regionerna och prislistor för "
                         "regionvård.",
             {"ekonomi_avtal": (5.0, "köp av vård | prislistor")}, []),
            ("activity", "Vårdskulden efter pandemin analyseras tillsammans med Socialstyrelsen.",
             {"produktion_tillganglighet": (3.0, "Vårdskulden"), "pandemi": (3.0, "pandemin")},
             [("Socialstyrelsen", "ORG", "socialstyrelsen")]),
        ],
        "repairs": [], "boilerplate": [],
    },
    {
        "doc_id": "ms-snd-aterrapport-2024", "sjukvardsregion": "mellansverige",
        "body": "Samverkansnämnden", "doc_type": "aterrapport", "period_start": 2024,
        "period_end": 2024, "date": None, "title": "Återrapport aktivitetsplan 2024",
        "segments": [
            ("title", "Uppféljning aktivitetsplan 2024", {}, []),
            ("activity", "Kompetens-\nförsörjning: Regionalt vårdkompetensråd I6per vidare och "
                         "hyrbemanningen minskar.",
             {"kompetensforsorjning": (7.0, "Kompetensförsörjning | vårdkompetensråd | "
                                            "hyrbemanningen")},
             [("Regionalt vårdkompetensråd", "GROUP", "regionalt-vardkompetensrad")]),
            ("activity", "Nationell hégspecialiserad vård: remissyttranden till Nämnden för "
                         "nationell högspecialiserad vård.",
             {"hogspecialiserad_vard": (6.0, "högspecialiserad vård | remissyttranden")},
             [("Nämnden för nationell högspecialiserad vård", "ORG", "nhv-namnden")]),
            ("activity", "Kompetensförsörjning inom psykiatrin: gemensam utbildning i "
                         "rättspsykiatri.",
             {"kompetensforsorjning": (3.0, "Kompetensförsörjning"),
              "psykiatri": (6.0, "psykiatrin | rättspsykiatri")}, []),
            ("activity", "Digitalisering: gemensam informationssäkerhet och samarbete med Inera.",
             {"digitalisering": (6.0, "Digitalisering | informationssäkerhet | Inera")},
             [("Inera", "ORG", "inera")]),
            ("activity", "Kompetensförsörjning: fler VFU-platser och BT-tjänster i samverkan med "
                         "Uppsala universitet.",
             {"kompetensforsorjning": (6.0, "Kompetensförsörjning | VFU | BT")},
             [("Uppsala universitet", "ORG", "uppsala-universitet")]),
        ],
        "repairs": [("Uppféljning", "Uppföljning", "ocr"),
                    ("Kompetens-\nförsörjning", "Kompetensförsörjning", "hyphenation"),
                    ("I6per", "löper", "ocr"), ("hégspecialiserad", "högspecialiserad", "ocr")],
        "boilerplate": [("page_number", "1")],
    },
    {
        "doc_id": "sydostra-rsl-2024-09-12", "sjukvardsregion": "sydostra",
        "body": "Regionsjukvårdsledningen", "doc_type": "motesanteckningar",
        "period_start": 2024, "period_end": 2024, "date": "2024-09-12",
        "title": "Mötesanteckningar Regionsjukvårdsledningen 2024-09-12",
        "segments": [
            ("attendees", "Närvarande\tMagnus Persson\tRegion Kalmar län\n"
                          "Annica Öhrn\tRegion Östergötland",
             {}, [("Region Kalmar län", "REGION", "kalmar"),
                  ("Region Östergötland", "REGION", "ostergotland")]),
            ("agenda_item", "Gemensam handlingsplan för beredskapsplanering: masskadeplanering "
                            "och civilt försvar i Sydöstra sjukvårdsregionen.",
             {"krisberedskap": (7.0, "beredskapsplanering | masskadeplanering | civilt försvar")},
             [("Sydöstra sjukvårdsregionen", "SJUKVARDSREGION", "sydostra")]),
            ("agenda_item", "Nationell högspecialiserad vård: Regionsjukvårdsledningen ställer "
                            "sig bakom remissyttranden om NHV.",
             {"hogspecialiserad_vard": (6.0, "högspecialiserad vård | NHV | remissyttranden")},
             [("Regionsjukvårdsledningen", "GROUP", "regionsjukvardsledningen")]),
            ("agenda_item", "Samverkan med Linnéuniversitetet avseende forskarskola i e-hälsa.",
             {"forskning": (5.0, "forskarskola"), "digitalisering": (3.0, "e-hälsa")},
             [("Linnéuniversitetet", "ORG", "linneuniversitetet")]),
            ("agenda_item", "RCC Sydöst informerar om den nya nationella cancerstrategin och "
                            "screening.",
             {"cancervard": (7.0, "RCC | cancerstrategin | screening")},
             [("RCC Sydöst", "GROUP", "rcc-sydost")]),
            ("decision", "Beslut: Regionsjukvårdsledningen ställer sig bakom handlingsplanen för "
                         "civil beredskap.",
             {"krisberedskap": (4.0, "civil beredskap"),
              "styrning_samverkan": (3.0, "ställer sig bakom")},
             [("Regionsjukvårdsledningen", "GROUP", "regionsjukvardsledningen")]),
            ("agenda_item", "Kompetensförsörjning: hyrbemanningsavtalet och förtäckt inhyrd "
                            "bemanning.",
             {"kompetensforsorjning": (6.0, "Kompetensförsörjning | hyrbemanningsavtalet")}, []),
        ],
        "repairs": [], "boilerplate": [],
    },
    {
        "doc_id": "sodra-rvn-verksamhetsplan-2022-2023", "sjukvardsregion": "sodra",
        "body": "Södra regionvårdsnämnden", "doc_type": "verksamhetsplan", "period_start": 2022,
        "period_end": 2023, "date": None, "title": "Verksamhetsplan 2022–2023",
        "segments": [
            ("heading", "§ 4 Kunskapsstyrning", {"kunskapsstyrning": (6.0, "Kunskapsstyrning")},
             []),
            ("section", "Södra sjukvårdsregionen har värdskap för NPO Nervsystemets sjukdomar "
                        "och NPO Tandvård.",
             {"kunskapsstyrning": (6.0, "värdskap | NPO")},
             [("Södra sjukvårdsregionen", "SJUKVARDSREGION", "sodra"),
              ("Nervsystemets sjukdomar", "NPO", "nervsystemets-sjukdomar"),
              ("Tandvård", "NPO", "tandvard")]),
            ("section", "Regionala programområden följer nationella riktlinjer och vårdförlopp.",
             {"kunskapsstyrning": (7.0, "nationella riktlinjer | vårdförlopp | programområden")},
             [("Regionala programområden", "GROUP", "rpo-sodra")]),
            ("section", "RCC Syd leder arbetet med standardiserade vårdförlopp för cancer.",
             {"cancervard": (7.0, "RCC | standardiserade vårdförlopp | cancer"),
              "kunskapsstyrning": (3.0, "vårdförlopp")},
             [("RCC Syd", "GROUP", "rcc-syd")]),
            ("section", "Södra regionvårdsnämnden följer upp priser och regionala vårdavtal.",
             {"ekonomi_avtal": (6.0, "priser | vårdavtal")},
             [("Södra regionvårdsnämnden", "GROUP", "sodra-regionvardsnamnden")]),
            ("section", "Samverkan inom psykiatri och rättspsykiatri utvecklas.",
             {"psykiatri": (6.0, "psykiatri | rättspsykiatri")}, []),
            ("section", "Folkhälsa: gemensamma insatser för levnadsvanor och vaccination.",
             {"folkhalsa": (6.0, "Folkhälsa | levnadsvanor | vaccination")}, []),
        ],
        "repairs": [], "boilerplate": [],
    },
]


# Validation codes, written by hand for this fixture: ten of its content segments read and coded
# against labels.md without looking at the tags above (coder "fixture-hand"; themes present
# listed, every other theme coded absent). Not a random draw and no draw record, so the
# inclusion probability is unknown (NaN) and the Instrument section reads them as not drawn at
# random. Where the coding differs from the tags, it is on purpose what labels.md says
# (nominations are styrning_samverkan; "samverkan inom psykiatri" is not governance).
VALIDATION_SHEET = "fixture_hand.csv"
VALIDATION = [
    ("ms-snd-aterrapport-2020:0002", ["pandemi", "styrning_samverkan"]),
    ("ms-snd-aterrapport-2020:0003", ["kunskapsstyrning", "styrning_samverkan"]),
    ("ms-snd-aterrapport-2020:0005", ["produktion_tillganglighet", "pandemi"]),
    ("ms-snd-aterrapport-2020:0006", ["ekonomi_avtal"]),
    ("ms-snd-aterrapport-2024:0004", ["kompetensforsorjning", "psykiatri"]),
    ("ms-snd-aterrapport-2024:0006", ["kompetensforsorjning"]),
    ("ms-ppg-verksamhetsberattelse-2021-2022:0005", ["pandemi", "produktion_tillganglighet"]),
    ("sodra-rvn-verksamhetsplan-2022-2023:0006", ["psykiatri"]),
    ("sydostra-rsl-2024-09-12:0004", ["forskning", "digitalisering"]),
    ("sydostra-rsl-2024-09-12:0006", ["krisberedskap"]),
]


def validation_rows(segments: list[dict]) -> list[dict]:
    """Return the `validation_codes` rows of the hand-coded segments (every theme, 0 or 1)."""
    text = {s["segment_id"]: s["text"] for s in segments}
    rows = []
    for seg_id, present in VALIDATION:
        for theme in THEME_IDS:
            rows.append({"segment_id": seg_id, "theme": theme, "coder": "fixture-hand",
                         "value": int(theme in present), "sheet": VALIDATION_SHEET,
                         "inclusion_probability": float("nan"),
                         "text_sha256": text_hash(text[seg_id]), "stale": False})
    return rows


def _normalise(raw: str, repairs: list[tuple[str, str, str]]) -> str:
    for original, replacement, _ in repairs:
        raw = raw.replace(original, replacement)
    return raw


def build_document(doc: dict) -> dict[str, list[dict]]:
    """Return the rows one document contributes to each table."""
    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    parts, pos = [], 0
    n_words = n_content = 0
    for seq, (kind, raw, themes, ents) in enumerate(doc["segments"], start=1):
        start, end = pos, pos + len(raw)
        parts.append(raw)
        pos = end + 2  # segments are separated by one blank line in the raw text
        seg_id = f"{doc['doc_id']}:{seq:04d}"
        text = _normalise(raw, doc["repairs"])
        words = len(_WORD.findall(text))
        is_content = kind in CONTENT_KINDS
        n_words += words if is_content else 0
        n_content += is_content
        rows["segments"].append({
            "segment_id": seg_id, "doc_id": doc["doc_id"], "seq": seq, "kind": kind,
            "is_content": is_content, "heading_path": "", "char_start": start, "char_end": end,
            "text": text, "n_words": words,
        })
        if is_content:
            # Units as the build makes them (the fixture's repairs keep lengths, so text and
            # raw offsets agree).
            for unit, (us, ue) in enumerate(split_units(text), start=1):
                rows["units"].append({
                    "segment_id": seg_id, "doc_id": doc["doc_id"], "unit": unit,
                    "seg_start": us, "seg_end": ue, "char_start": start + us,
                    "char_end": start + ue, "n_words": len(_WORD.findall(text[us:ue])),
                })
        seen: dict[str, int] = {}
        for surface, label, eid in ents:
            at = raw.index(surface, seen.get(surface, 0))
            seen[surface] = at + len(surface)
            rows["entity_mentions"].append({
                "segment_id": seg_id, "doc_id": doc["doc_id"], "char_start": start + at,
                "char_end": start + at + len(surface), "label": label, "entity_id": eid,
                "text": surface, "seg_start": at, "seg_end": at + len(surface),
            })
        for theme, (score, evidence) in themes.items():
            rows["segment_themes"].append({"segment_id": seg_id, "doc_id": doc["doc_id"],
                                           "theme": theme, "score": score, "evidence": evidence})
            # Evidence spans: the first occurrence of each evidence word in the segment text
            # (the fixture's repairs keep lengths, so text and raw offsets agree).
            for word in dict.fromkeys(evidence.split(" | ")):
                at = text.find(word)
                if at < 0:
                    continue
                rows["theme_evidence"].append({
                    "segment_id": seg_id, "doc_id": doc["doc_id"], "theme": theme,
                    "char_start": start + at, "char_end": start + at + len(word),
                    "seg_start": at, "seg_end": at + len(word), "text": word, "weight": 1.0,
                    "cue": "lemma", "assigned": True,
                })
    for kind, text in doc["boilerplate"]:
        rows["boilerplate"].append({"doc_id": doc["doc_id"], "char_start": pos,
                                    "char_end": pos + len(text), "kind": kind, "text": text})
        parts.append(text)
        pos += len(text) + 2
    raw_text = "\n\n".join(parts)
    for original, replacement, kind in doc["repairs"]:
        at = raw_text.index(original)
        rows["repairs"].append({"doc_id": doc["doc_id"], "char_start": at,
                                "char_end": at + len(original), "kind": kind,
                                "original": original, "replacement": replacement})
    warnings = "date 2020-02-19 is before the period's end" if doc["date"] == "2020-02-19" else ""
    rows["documents"].append({
        "doc_id": doc["doc_id"], "file": f"{doc['doc_id']}.txt",
        "sjukvardsregion": doc["sjukvardsregion"], "body": doc["body"],
        "doc_type": doc["doc_type"], "period_start": doc["period_start"],
        "period_end": doc["period_end"], "date": doc["date"], "title": doc["title"],
        "metadata_source": "manifest", "format": "txt", "encoding": "utf-8",
        "sha256": hashlib.sha256(raw_text.encode("utf-8")).hexdigest(),
        "n_chars": len(raw_text), "n_words": n_words, "n_segments": len(doc["segments"]),
        "n_content_segments": n_content, "n_boilerplate": len(doc["boilerplate"]),
        "n_repairs": len(doc["repairs"]), "ocr_damaged": bool(doc["repairs"]),
        "warnings": warnings,
    })
    return rows


def build_tables() -> Tables:
    """Return the fixture's tables, schema-enforced."""
    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    for doc in DOCUMENTS:
        for name, part in build_document(doc).items():
            rows[name].extend(part)
    rows["validation_codes"] = validation_rows(rows["segments"])
    frames = {}
    for name, schema in TABLES.items():
        frame = pd.DataFrame(rows[name], columns=schema.column_names)
        frames[name] = enforce_schema(frame, schema)
    # The corpus-level stage of the build (activity_links, activity_status), as `regionkit build`.
    return add_followup_tables(Tables(**frames))


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    for path in write_tables(build_tables(), out):
        print(path)
