"""activity_links on small hand-made tables: same body only, earlier -> later, splits, relations."""

import pandas as pd
import pytest

from regionkit.followup.activities import body_key
from regionkit.followup.cues import linking_config
from regionkit.followup.link import clauses, link_activities

DOCS = [
    # doc_id, region, body, doc_type, year
    ("n-plan-2022", "norra", "Norra sjukvårdsregionförbundet", "aktivitetsplan", 2022),
    ("n-ater-2022", "norra", "Norra sjukvårdsregionförbundet", "aterrapport", 2022),
    ("n-other-2022", "norra", "Folkhälsosamrådet", "aterrapport", 2022),
    ("s-ater-2023", "sodra", "Södra regionvårdsnämnden", "aterrapport", 2023),
    ("n-notes-2023", "norra", "Norra sjukvårdsregionförbundet", "motesanteckningar", 2023),
]
ACTIVITIES = {
    "n-plan-2022": ["Upphandla ett gemensamt journalsystem för de fyra regionerna",
                    "Anordna en konferens om kompetensväxling och starta ett nätverk för "
                    "vårdhygien",
                    "Utreda ambulansflyget i inlandet"],
    "n-ater-2022": ["Upphandling av gemensamt journalsystem\nUpphandlingen pågår.",
                    "Konferens om kompetensväxling\nKonferensen hölls i maj.",
                    "Nätverk för vårdhygien\nNätverket har startats.",
                    "Ny samverkan om läkemedelsförsörjning\nEn grupp har bildats."],
    "n-other-2022": ["Upphandling av gemensamt journalsystem\nUpphandlingen pågår."],
    "s-ater-2023": ["Upphandling av gemensamt journalsystem\nUpphandlingen pågår."],
    "n-notes-2023": ["Upphandling av gemensamt journalsystem\nInformation."],
}


def _tables():
    docs = pd.DataFrame([{"doc_id": d, "sjukvardsregion": r, "body": b, "doc_type": t,
                          "period_start": y, "period_end": y} for d, r, b, t, y in DOCS])
    segs = []
    for doc_id, items in ACTIVITIES.items():
        for i, text in enumerate(items, start=1):
            title = text.split("\n")[0]
            segs.append({"segment_id": f"{doc_id}:{i:04d}", "doc_id": doc_id, "seq": i,
                         "kind": "activity", "heading_path": f"Område > {title}",
                         "text": f"- {text}"})
    ents = pd.DataFrame(columns=["segment_id", "label", "entity_id"])
    return docs, pd.DataFrame(segs), ents


@pytest.fixture(scope="module")
def links():
    return link_activities(*_tables())


def test_plan_items_link_to_their_follow_up_items_only(links):
    got = set(zip(links["from_segment_id"], links["to_segment_id"], strict=True))
    assert got == {
        ("n-plan-2022:0001", "n-ater-2022:0001"),
        ("n-plan-2022:0002", "n-ater-2022:0002"),
        ("n-plan-2022:0002", "n-ater-2022:0003"),
    }


def test_a_plan_item_followed_up_as_two_is_a_split_and_a_plan_pair_is_plan_to_followup(links):
    rel = dict(zip(zip(links["from_segment_id"], links["to_segment_id"], strict=True),
                   links["relation"], strict=True))
    assert rel[("n-plan-2022:0001", "n-ater-2022:0001")] == "plan_to_followup"
    assert rel[("n-plan-2022:0002", "n-ater-2022:0003")] == "plan_to_followup"


def test_scores_are_between_0_and_1_and_evidence_names_shared_words(links):
    assert links["score"].between(0, 1).all()
    row = links[links["to_segment_id"] == "n-ater-2022:0001"].iloc[0]
    assert "journalsystem" in row["evidence"]


@pytest.mark.parametrize(("a", "b"), [
    ("Produktionsplaneringsgruppen Mellansverige", "Produktionsplaneringsgruppen"),
    ("Regionsjukvårdsledningen i Sydöstra sjukvårdsregionen", "Regionsjukvårdsledningen"),
    ("Samverkansnämnden", "samverkansnämnden"),
])
def test_bodies_are_compared_without_region_words(a, b):
    cfg = linking_config()
    assert body_key(a, cfg) == body_key(b, cfg)


def test_other_bodies_stay_apart():
    cfg = linking_config()
    assert body_key("Samverkansnämnden", cfg) != body_key("Produktionsplaneringsgruppen", cfg)


def test_a_title_joining_two_commitments_is_compared_clause_by_clause():
    assert clauses("Delta i nationella grupper och agera gemensamt i remissfrågor") == [
        "Delta i nationella grupper", "agera gemensamt i remissfrågor"]
    assert clauses("Revidera förbundsordningen") == ["Revidera förbundsordningen"]
