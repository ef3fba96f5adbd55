"""Write tests/data/layout/sodra_bullets.txt: Södra's 2022-2023 plan with each sentence a bullet.

The layout test (tests/test_layout_units.py) builds the plan as it is (data/raw) and this
re-laid-out copy, and checks that the default shares agree. Only the layout changes: every line
of the plan that is a heading (a § line, "Plan 2022-2023", the title) stays as a plain line;
every other line (a paragraph or a bullet) is split into its sentences (`split_units`) and each
sentence becomes its own "- " bullet (Markdown emphasis asterisks around a sentence go with
the old list marker). No word is changed, added or removed (the test checks this).

    .venv/bin/python scripts/relayout_sodra.py
"""

from __future__ import annotations

import re
from pathlib import Path

from regionkit.analysis.units import split_units

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "data" / "raw" / "sodra_regionvardsnamnden_verksamhetsplan_2022-2023.txt"
OUT = ROOT / "tests" / "data" / "layout" / "sodra_bullets.txt"
_HEADING = re.compile(r"^(§\s*\d+.*|Plan \d{4}.*|Verksamhetsplan \d{4}.*)$")


def relayout(text: str) -> str:
    """Return `text` with every non-heading line split into one bullet per sentence."""
    out = []
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped:
            continue
        if _HEADING.match(stripped):
            out.extend(["", stripped, ""])
            continue
        body = re.sub(r"^[-–•]\s+", "", stripped)
        out.extend(f"- {body[a:b]}" for a, b in split_units(body))
    return "\n".join(out).strip("\n") + "\n"


def main() -> None:
    text = SOURCE.read_text(encoding="utf-8")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(relayout(text), encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
