"""OCR damage simulation: length-preserving, deterministic, at the rates measured on 004."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from regionkit.ocrsim import DamageRates, damage_text

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
CLEAN = (RAW / "sodra_regionvardsnamnden_verksamhetsplan_2022-2023.txt").read_text(
    encoding="utf-8")

# Characters damage may touch: the Swedish letters, and "I"/"l" (read "|" and "I").
TOUCHABLE = set("åäöÅÄÖIl")


def test_damage_preserves_length_and_touches_only_swedish_letters():
    damaged = damage_text(CLEAN, seed=3)
    assert len(damaged) == len(CLEAN)
    changed = {c for c, d in zip(CLEAN, damaged, strict=True) if c != d}
    assert changed <= TOUCHABLE
    assert changed & set("åäö")


def test_damage_keeps_gold_offsets_valid():
    start = CLEAN.index("Södra regionvårdsnämnden")
    end = start + len("Södra regionvårdsnämnden")
    damaged = damage_text(CLEAN, seed=0)
    assert damaged[start:end].lower().startswith("s") and len(damaged[start:end]) == end - start
    assert damaged[start:end] != CLEAN[start:end]


def test_damage_is_deterministic_for_a_seed():
    assert damage_text(CLEAN, seed=7) == damage_text(CLEAN, seed=7)
    assert damage_text(CLEAN, seed=7) != damage_text(CLEAN, seed=8)


def test_text_without_swedish_letters_is_unchanged():
    text = "Regionerna har samverkat under 2024, t.ex. kring covid-19."
    assert damage_text(text) == text


def test_rates_match_the_ones_measured_on_004():
    n = 20_000
    observed = Counter(damage_text("ä" * n, seed=1))
    assert observed["a"] / n == pytest.approx(189 / 200, abs=0.01)
    observed = Counter(damage_text("ö " * n, seed=1).replace(" ", ""))
    assert observed["o"] / n == pytest.approx(134 / 253, abs=0.01)
    assert observed["é"] / n == pytest.approx(84 / 253, abs=0.01)
    assert observed["a"] == 0  # ö is read "a" only before j


def test_o_umlaut_before_j_is_read_a():
    damaged = damage_text("möjligt " * 3000, seed=2)
    assert damaged.count("majligt") / 3000 == pytest.approx(4 / 6, abs=0.03)


def test_capitals_lose_only_their_marks():
    damaged = damage_text("Örebro Ärenden Åsa " * 500, seed=0)
    assert set(damaged.split()) <= {"Örebro", "Orebro", "Ärenden", "Arenden", "Åsa", "Asa"}


def test_capital_i_at_sentence_start_is_read_as_pipe():
    assert damage_text("I maj beslutade nämnden. I oktober också.", seed=0).count("|") == 2
    assert "|" not in damage_text("Region I och II", seed=0)


def test_l_before_six_is_read_capital_i():
    rates = DamageRates(letters={"ö": (("6", 1.0),)}, before={})
    assert damage_text("hur det kan lösa det", rates=rates) == "hur det kan I6sa det"


def test_scaled_rates_zero_damage_nothing():
    assert damage_text(CLEAN, rates=DamageRates().scaled(0.0)) == CLEAN


def test_damage_rates_reject_length_changing_readings():
    with pytest.raises(ValueError, match="one character by one"):
        DamageRates(letters={"ö": (("oé", 0.1),)})


def test_damage_rates_reject_probabilities_above_one():
    with pytest.raises(ValueError, match="sum to"):
        DamageRates(letters={"ä": (("a", 0.8), ("d", 0.5))})
