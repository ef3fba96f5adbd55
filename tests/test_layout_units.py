"""Layout test: Södra's 2022-2023 plan as § sections and with each sentence as its own bullet.

tests/data/layout/sodra_bullets.txt is written by scripts/relayout_sodra.py from the seed plan
(data/raw). Both are built; the default shares (quasi-sentences) must agree within 5 points for
every theme, where segment shares differ by far more.
"""

import csv
import re
import shutil
from pathlib import Path

import pytest

from regionkit.analysis.share_table import DEFAULT_MEASURE, share_table
from regionkit.build import build_corpus

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "data" / "raw" / "sodra_regionvardsnamnden_verksamhetsplan_2022-2023.txt"
BULLETS = Path(__file__).parent / "data" / "layout" / "sodra_bullets.txt"


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text)


def test_relaid_out_plan_has_the_same_words():
    assert _words(PLAN.read_text(encoding="utf-8")) == _words(BULLETS.read_text(encoding="utf-8"))


def _build(tmp_path: Path, source: Path, name: str):
    raw = tmp_path / name / "raw"
    raw.mkdir(parents=True)
    shutil.copyfile(source, raw / "plan.txt")
    with (raw / "manifest.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["doc_id", "file", "sjukvardsregion", "body", "doc_type",
                         "period_start", "period_end", "date", "title"])
        writer.writerow(["plan", "plan.txt", "sodra", "Södra regionvårdsnämnden",
                         "verksamhetsplan", 2022, 2023, "", "Verksamhetsplan 2022-2023"])
    return build_corpus(raw, tmp_path / name / "out", use_cache=False).tables


def test_default_shares_do_not_depend_on_layout(tmp_path):
    original = _build(tmp_path, PLAN, "original")
    if getattr(original, "theme_evidence", None) is None:
        pytest.skip("the build writes no theme_evidence table yet: the units measure needs it")
    bullets = _build(tmp_path, BULLETS, "bullets")
    a = share_table(original, [], measure=DEFAULT_MEASURE).set_index("theme")
    b = share_table(bullets, [], measure=DEFAULT_MEASURE).set_index("theme")
    gaps = (a["share"] - b["share"]).abs()
    assert gaps.max() <= 0.05, gaps.sort_values(ascending=False).head(5).to_dict()
