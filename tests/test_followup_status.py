"""activity_status: Swedish cues, negation and tense, partial outcomes (cases written by hand)."""

import pytest

from regionkit.followup.activities import Activity
from regionkit.followup.status import decide_status

CASES = [
    pytest.param("Nämnden beslutade om planen i juni.", "done", id="beslutade"),
    pytest.param("Kartläggningen har genomförts under våren.", "done", id="har-genomforts"),
    pytest.param("Rapporten är klar och har skickats ut.", "done", id="ar-klar"),
    pytest.param("Arbetet pågår i alla regioner.", "in_progress", id="pagar"),
    pytest.param("Arbetet har påbörjats under hösten.", "in_progress", id="har-paborjats"),
    pytest.param("Beslut är planerat till mötet i mars.", "in_progress", id="planerat-till"),
    pytest.param("Mötet har flyttats till nästa år.", "postponed", id="har-flyttats"),
    pytest.param("Utbildningen har skjutits upp till hösten.", "postponed", id="skjutits-upp"),
    pytest.param("Utbildningen har inte genomförts.", "not_done", id="har-inte-genomforts"),
    pytest.param("Inga gemensamma möten har hållits.", "not_done", id="inga-har-hallits"),
    pytest.param("Under året har inga gemensamma diskussioner förts.", "not_done",
                 id="har-inga-forts"),
    pytest.param("Arbetet har ännu inte påbörjats.", "not_done", id="annu-inte-paborjats"),
    pytest.param("Revideringen har ännu inte slutförts och fortsätter.", "in_progress",
                 id="annu-inte-slutforts"),
    pytest.param("Seminariet kunde inte genomföras på grund av sjukdom.", "not_done",
                 id="kunde-inte-genomforas"),
    pytest.param("Gruppen består av sju ledamöter.", "unclear", id="no-cue"),
    pytest.param("", "unclear", id="empty"),
    pytest.param("Informationen har tagits fram och skickats ut. Mötena har flyttats till 2025.",
                 "in_progress", id="partial-done-and-postponed"),
    pytest.param("Strategin beslutades i mars och införandet pågår.", "in_progress",
                 id="decided-and-ongoing"),
]


def _activity(body: str, title: str = "Genomföra en gemensam aktivitet") -> Activity:
    return Activity(segment_ids=("d:0001",), doc_id="d", unit="d", role="followup", year=2023,
                    region="norra", body_key="x", title=title, body=body, context="",
                    position=0.5)


@pytest.mark.parametrize(("body", "expected"), CASES)
def test_status_of_a_follow_up_text(body, expected):
    assert decide_status(_activity(body)).status == expected


def test_evidence_is_the_deciding_sentence():
    decision = decide_status(_activity("Gruppen har träffats fyra gånger. Försöket har skjutits "
                                       "upp till 2024 i väntan på medel."))
    assert decision.status == "postponed"
    assert decision.evidence == "Försöket har skjutits upp till 2024 i väntan på medel."
