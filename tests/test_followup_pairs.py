"""Which documents and activities the linker compares: neighbours of a series, shared words only.

Hand-made tables; the expected pairs were written from the definition of a continuation (the
module docstring of `regionkit.followup.link`) before the code was run.
"""

import pandas as pd
import pytest

from regionkit.followup import link as link_module
from regionkit.followup.activities import collect_activities
from regionkit.followup.cues import linking_config
from regionkit.followup.link import candidate_index_is_exact, link_activities, unit_pairs

# One body of Södra over three years (its name written with and without the region), and one
# document of another body of the same region and year as the middle one.
DOCS = [
    # doc_id, body, doc_type, year, date
    ("a-2021", "Södra regionvårdsnämnden", "aterrapport", 2021, "2022-02-01"),
    ("a-2022", "Regionvårdsnämnden", "aterrapport", 2022, "2023-02-01"),
    ("a-2023", "Södra regionvårdsnämnden", "aterrapport", 2023, "2024-02-01"),
    ("b-2022", "Läkemedelsrådet", "aterrapport", 2022, "2023-03-01"),
]
# Titles only. The ambulance flight commitment skips 2022 (a-2021:0002 -> a-2023:0002).
ACTIVITIES = {
    "a-2021": ["Upphandla gemensamt journalsystem", "Utreda ambulansflyget i inlandet"],
    "a-2022": ["Upphandling av journalsystem", "Konferens om vårdhygien"],
    "a-2023": ["Journalsystemet har införts", "Ambulansflyget utreds"],
    "b-2022": ["Upphandling av journalsystem"],
}


def _tables(docs, activities):
    documents = pd.DataFrame([{"doc_id": d, "sjukvardsregion": "sodra", "body": b,
                               "doc_type": t, "period_start": y, "period_end": y, "date": dt}
                              for d, b, t, y, dt in docs])
    segs = []
    for doc_id, titles in activities.items():
        for i, title in enumerate(titles, start=1):
            segs.append({"segment_id": f"{doc_id}:{i:04d}", "doc_id": doc_id, "seq": i,
                         "kind": "activity", "heading_path": f"Område > {title}",
                         "text": f"- {title}"})
    ents = pd.DataFrame(columns=["segment_id", "label", "entity_id"])
    return documents, pd.DataFrame(segs), ents


@pytest.fixture(scope="module")
def compared():
    """Run the linker once, recording every activity pair it scores; return (pairs, links)."""
    seen = []
    original = link_module._Scorer.features

    def spy(self, a, b):
        seen.append((a.segment_id, b.segment_id))
        return original(self, a, b)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(link_module._Scorer, "features", spy)
        links = link_activities(*_tables(DOCS, ACTIVITIES))
    return seen, links


def test_each_document_is_compared_with_the_next_of_its_series_only():
    documents, segments, _ = _tables(DOCS, ACTIVITIES)
    acts = collect_activities(documents, segments, linking_config())
    assert unit_pairs(acts) == [("a-2021", "a-2022"), ("a-2022", "a-2023")]


def test_only_activities_sharing_a_word_are_scored(compared):
    seen, _ = compared
    assert sorted(seen) == [("a-2021:0001", "a-2022:0001"), ("a-2022:0001", "a-2023:0001")]


def test_a_commitment_is_followed_through_the_chain_and_lost_across_a_gap(compared):
    _, links = compared
    got = set(zip(links["from_segment_id"], links["to_segment_id"], strict=True))
    assert got == {("a-2021:0001", "a-2022:0001"), ("a-2022:0001", "a-2023:0001")}
    assert ("a-2021:0002", "a-2023:0002") not in got


def test_several_documents_of_one_step_meet_the_neighbouring_step_through_its_ends():
    docs = [
        ("x1", "Regionvårdsnämnden", "aterrapport", 2021, "2021-03-01"),
        ("x2", "Regionvårdsnämnden", "aterrapport", 2021, "2021-06-01"),
        ("p", "Regionvårdsnämnden", "aktivitetsplan", 2022, "2021-12-01"),
        ("y1", "Regionvårdsnämnden", "aterrapport", 2022, "2023-02-01"),
        ("y2", "Regionvårdsnämnden", "aterrapport", 2022, "2023-05-01"),
    ]
    acts = {d[0]: ["Upphandla journalsystem"] for d in docs}
    documents, segments, _ = _tables(docs, acts)
    pairs = unit_pairs(collect_activities(documents, segments, linking_config()))
    # 2021 follow-ups -> the 2022 plan (one unit: both meet it); the plan -> both 2022
    # follow-ups (one unit before them: it meets both). No follow-up is compared with another
    # of its own year, nor a 2021 one with a 2022 follow-up across the plan.
    assert pairs == [("p", "y1"), ("p", "y2"), ("x1", "p"), ("x2", "p")]


def test_two_steps_of_two_documents_each():
    docs = [
        ("x1", "Regionvårdsnämnden", "aterrapport", 2021, "2021-03-01"),
        ("x2", "Regionvårdsnämnden", "aterrapport", 2021, "2021-06-01"),
        ("y1", "Regionvårdsnämnden", "aterrapport", 2022, "2022-02-01"),
        ("y2", "Regionvårdsnämnden", "aterrapport", 2022, "2022-05-01"),
    ]
    acts = {d[0]: ["Upphandla journalsystem"] for d in docs}
    documents, segments, _ = _tables(docs, acts)
    pairs = unit_pairs(collect_activities(documents, segments, linking_config()))
    # Each 2021 document meets the earliest 2022 one; the latest 2021 one meets every 2022 one.
    assert pairs == [("x1", "y1"), ("x2", "y1"), ("x2", "y2")]


def test_the_packaged_weights_let_the_candidate_index_lose_no_link():
    cfg = linking_config()
    # Without a shared word or entity: fuzzy title 0.15 + heading 0.07 + order 0.05 = 0.27,
    # below the minimum score 0.30 (followup_linking.yaml).
    assert candidate_index_is_exact(cfg)
