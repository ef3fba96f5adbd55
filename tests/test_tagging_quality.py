"""Tagging quality on the development gold (seg % 5 != 0), clean and OCR-damaged.

Scored by `regionkit.evaluate` (exact span and label; the id too for SJUKVARDSREGION, REGION and
NPO, as interface.md says). The held-out lines (seg % 5 == 0) are not asserted on here: they are
for the final check (README, "Quality").
"""

from pathlib import Path

import pytest

from regionkit.evaluate import evaluate, gold_from_seeds, predict, split_heldout
from regionkit.tagging import Tagger

# The shared corpus sits next to the checkout (or next to the folder of worktrees).
_CANDIDATES = [base / "shared" / "corpus" / "gold" / "seeds_gold.jsonl"
               for base in Path(__file__).resolve().parents[2:4]]
GOLD = next((p for p in _CANDIDATES if p.exists()), _CANDIDATES[-1])


@pytest.fixture(scope="module")
def dev_lines():
    if not GOLD.exists():
        pytest.skip("shared gold not found")
    dev, _heldout = split_heldout(gold_from_seeds(GOLD))
    return dev


@pytest.fixture(scope="module")
def tagger():
    return Tagger()  # as `regionkit evaluate` tags: OCR repair decided per input document


def test_entity_f1_on_clean_dev_gold_is_at_least_095(dev_lines, tagger):
    report = evaluate(dev_lines, predict(dev_lines, tagger=tagger))
    assert report.entities["micro"].f1 >= 0.95


@pytest.mark.parametrize("seed", [1, 2])
def test_entity_f1_on_ocr_damaged_dev_gold_is_at_least_090(dev_lines, tagger, seed):
    report = evaluate(dev_lines, predict(dev_lines, tagger=tagger, damage_seed=seed))
    assert report.entities["micro"].f1 >= 0.90


def test_theme_micro_f1_on_dev_gold_is_at_least_085(dev_lines, tagger):
    report = evaluate(dev_lines, predict(dev_lines, tagger=tagger))
    assert report.themes["micro"].f1 >= 0.85
