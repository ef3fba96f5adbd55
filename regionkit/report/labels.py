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


MEASURE_NAMES: dict[str, str] = {"units": "quasi-sentences", "segments": "content segments",
                                  "words": "words"}
"""What each measure counts, in the plural, for sentences and axis labels."""


MEASURE_TEXT: dict[str, str] = {
    "units": ("What is counted: quasi-sentences, the Manifesto Project's coding unit (content "
              "segments split at sentence ends, semicolons and line breaks); a quasi-sentence "
              "carries a theme when the tagger's evidence for a theme given to its segment "
              "lies in it, so a share does not depend on whether a document is written as "
              "§ sections or as bullets."),
    "segments": ("What is counted: content segments (activities, agenda items, decisions, "
                 "sections, paragraphs, table rows) tagged with the theme, the unit hand coders "
                 "code; a document cut into many short items weighs its themes differently from "
                 "one written in long sections."),
    "words": ("What is counted: the words of content segments tagged with the theme, so long "
              "sections weigh more than short agenda items."),
}
"""One sentence per measure saying what a share counts (README, "What is counted")."""


def measure_name(measure: str) -> str:
    """Return what a measure counts, e.g. "quasi-sentences" for ``units``."""
    return MEASURE_NAMES.get(measure, measure)


def measure_text(measure: str) -> str:
    """Return the sentence saying what a report's shares count (README, "What is counted")."""
    return MEASURE_TEXT[measure]


def measure_note(measure: str) -> str:
    """Return a figure note for shares of `measure`: what is counted and how intervals are made."""
    clusters = ("documents as clusters where several are pooled" if measure == "segments"
                else "segments and documents as clusters")
    what = {"units": "Share of quasi-sentences carrying each theme",
            "segments": "Share of content segments tagged with each theme",
            "words": "Share of words standing in content segments tagged with each theme"}
    return f"{what[measure]}; error bars are 95 % intervals (Wilson score; {clusters})."


def other_measures(measure: str) -> list[str]:
    """Return the measures other than `measure`, in the order units, segments, words."""
    return [m for m in MEASURE_NAMES if m != measure]


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
