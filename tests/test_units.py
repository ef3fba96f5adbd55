"""Quasi-sentences: where a unit ends, and which themes a unit carries."""

import pandas as pd
import pytest

from regionkit.analysis.units import abbreviations, split_units, unit_themes

CASES = [
    pytest.param("Planen följs upp. Rapport i maj.", ["Planen följs upp.", "Rapport i maj."],
                 id="two-sentences"),
    pytest.param("Arbetet sker bl.a. inom RPO. Det fortsätter.",
                 ["Arbetet sker bl.a. inom RPO.", "Det fortsätter."], id="bl.a."),
    pytest.param("Frågor, t.ex. Vårdavtal och s.k. Riksavtal, bereds enl. Kap. 3.",
                 ["Frågor, t.ex. Vårdavtal och s.k. Riksavtal, bereds enl. Kap. 3."],
                 id="abbreviations-before-capitals"),
    pytest.param("Mål; uppföljning sker årligen", ["Mål;", "uppföljning sker årligen"],
                 id="semicolon"),
    pytest.param("§ 3 MÅL\n\n- Att samverka\n- Att följa upp.\n* *Kursiv plan.*",
                 ["§ 3 MÅL", "Att samverka", "Att följa upp.", "Kursiv plan."], id="bullets"),
    pytest.param("1. Första punkten\n2) Andra punkten", ["Första punkten", "Andra punkten"],
                 id="numbered"),
    pytest.param("Beslut 2024-09-12 kl. 13.00 i Växjö.", ["Beslut 2024-09-12 kl. 13.00 i Växjö."],
                 id="time-and-date"),
    pytest.param("Se sidan 3.\n\n- \n—", ["Se sidan 3."], id="empty-pieces-dropped"),
    pytest.param("Text med 3.5 miljoner. Nästa", ["Text med 3.5 miljoner.", "Nästa"],
                 id="decimal-not-an-end"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_split_units(text, expected):
    assert [text[a:b] for a, b in split_units(text)] == expected


def test_abbreviations_come_from_the_data_file():
    assert {"bl.a.", "t.ex.", "s.k.", "kap."} <= abbreviations()


def test_same_words_give_the_same_units_whatever_the_layout():
    block = "Vi ska samverka kring forskning. Vi ska följa upp vården; rapport i maj."
    bullets = "Plan\n\n- Vi ska samverka kring forskning.\n- Vi ska följa upp vården;\n" \
              "- rapport i maj."
    one = [block[a:b] for a, b in split_units(block)]
    two = [bullets[a:b] for a, b in split_units(bullets)][1:]
    assert one == two


def test_unit_carries_assigned_theme_whose_evidence_lies_in_it():
    units = pd.DataFrame({"segment_id": ["s:1"] * 3, "unit": [1, 2, 3],
                          "seg_start": [0, 20, 40], "seg_end": [19, 39, 60]})
    evidence = pd.DataFrame({
        "segment_id": ["s:1"] * 4,
        "theme": ["forskning", "forskning", "pandemi", "cancervard"],
        "seg_start": [5, 45, 25, 18], "seg_end": [14, 50, 30, 22],
        "assigned": [True, True, False, True],
    })
    got = unit_themes(units, evidence)
    # forskning in units 1 and 3; pandemi not given to the segment; cancervard spans 1 and 2.
    assert got.to_dict("records") == [
        {"segment_id": "s:1", "unit": 1, "theme": "cancervard"},
        {"segment_id": "s:1", "unit": 1, "theme": "forskning"},
        {"segment_id": "s:1", "unit": 2, "theme": "cancervard"},
        {"segment_id": "s:1", "unit": 3, "theme": "forskning"},
    ]
