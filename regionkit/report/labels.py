"""Labels for ids: theme labels, region names and short names, periods (from `regionkit.vocab`)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from regionkit import vocab

NOTEBOOK_TITLES: dict[str, str] = {
    "corpus_overview": "Corpus overview",
    "region_profile": "Region profile",
    "compare_regions": "Comparison of regions",
    "priorities_over_time": "Priorities over time",
    "plan_followup": "Plan and follow-up",
}


SEGMENT_NOTE = ("Only content segments are counted (activities, agenda items, decisions, "
                "sections, paragraphs); attendee lists, tables of contents, titles, headings "
                "and page boilerplate are left out.")


def theme_label(theme: str) -> str:
    """Return a theme's Swedish label (themes.yaml), or its id if it has none."""
    return next((t.name for t in vocab.themes() if t.id == theme), theme)


def region_name(region: str) -> str:
    """Return a healthcare region's full name, e.g. "Sjukvårdsregion Mellansverige"."""
    return next((t.name for t in vocab.healthcare_regions() if t.id == region), region)


def region_short(region: str) -> str:
    """Return a healthcare region's short name for legends, e.g. "Mellansverige", "Södra"."""
    name = region_name(region)
    short = re.sub(r"^Sjukvårdsregion(en)?\s+|\s+sjukvårdsregionen$", "", name)
    return short[:1].upper() + short[1:] if short else region


def period_text(period: Sequence[int] | None) -> str:
    """Return "2020–2024" for a period, "all years" for an empty one."""
    if not period:
        return "all years"
    return str(period[0]) if period[0] == period[1] else f"{period[0]}–{period[1]}"
