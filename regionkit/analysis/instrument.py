"""The Instrument section of a report: the tagger against hand coders, and the correction.

For the report's selection of content segments:

Per theme, over the coded segments of the selection (stored `validation_codes`, not stale):
the tagger's precision, recall and Krippendorff's alpha with its bootstrap interval
(`regionkit.validation.agreement`; below 0.667 or undefined: "not interpretable"); and over all
content segments of the selection: the tagged share and the share corrected for tagging error
with its interval (`regionkit.analysis.share_table`, measure ``segments``).

Corrected shares are given for segments only, whatever measure the report counts: the coded
unit is the segment. A segment coded with a theme does not say which of its quasi-sentences
(or words) carry it, and a correction estimated on segments carries over to units only if the
tagger's errors fall on units as they fall on segments, which they need not (a theme missed in a
long segment misses many units, one wrongly given to a short agenda item few). For a report
that counts units or words, the section shows the segment-level correction as the direction and
size of the tagger's error and says that its own shares are not corrected.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from regionkit.analysis.select import select_segments
from regionkit.analysis.share_table import MEASURES
from regionkit.tables import Tables
from regionkit.tagging.types import THEME_IDS

COLUMNS = ("theme", "n_coded", "tp", "fp", "fn", "precision", "recall", "f1", "alpha", "alpha_lo",
           "alpha_hi", "reading", "not_interpretable", "n", "tagged_share", "share_corrected",
           "lo_corrected", "hi_corrected", "n_validation")
"""Columns of `InstrumentSection.table`."""

_MEASURE_NAMES = {"units": "quasi-sentences", "words": "words"}

SEED_SHEET = "seeds_development_gold.csv"
"""The coded sheet shipped with the seed corpus (made from the development gold, in-sample)."""


@dataclass(frozen=True)
class InstrumentSection:
    """What a report's Instrument section shows.

    Attributes:
        table: one row per theme (`COLUMNS`): agreement over ``n_coded`` coded segments of the
            selection, and over its ``n`` content segments the tagged share, the corrected share
            with its interval and ``n_validation`` (coded segments used). Empty without codes.
        measure: the measure the report's shares count (``units``, ``segments``, ``words``).
        design: ``none`` (no codes in the selection), ``census`` (every content segment of the
            selection coded), ``sample`` (a random draw with recorded inclusion probabilities)
            or ``not_random`` (coded with certainty but not every segment: no draw).
        in_sample: codes come from the seeds' development gold, on which the tagger was made.
        n_stale: coded segments left out because their text changed since coding.
        notes: sentences a reader needs, in the order to show them.
    """

    table: pd.DataFrame
    measure: str
    design: str
    in_sample: bool
    n_stale: int
    notes: tuple[str, ...]


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: [] for c in COLUMNS})


def _design(codes: pd.DataFrame, n_coded: int, n: int) -> str:
    if n_coded == 0:
        return "none"
    if n_coded >= n:
        return "census"
    probs = codes.drop_duplicates("segment_id")["inclusion_probability"].astype(float)
    if (probs.fillna(1.0) >= 1.0).all():
        return "not_random"
    return "sample"


def _notes(design: str, measure: str, in_sample: bool, n_stale: int, n_coded: int,
           n: int) -> tuple[str, ...]:
    notes = []
    if design == "none":
        notes.append("No hand-coded segments in this selection: the shares are the tagger's, "
                     "with its errors (draw a sample with `regionkit sample`, code it and run "
                     "`regionkit validate`).")
    if in_sample:
        notes.append("The codes are the seed corpus's development gold: the tagger's lexicon "
                     "and threshold were developed on these very segments, so its agreement "
                     "here is better than on other text, and the corrected shares show how the "
                     "correction works; they are not an independent validation.")
    if design == "census":
        notes.append(f"All {n} content segments of the selection are coded: the corrected share "
                     "is the coded share of these segments, without sampling error among them "
                     "(its interval has no width). It is about these documents; the tagged "
                     "share's interval is about documents of the same kind, and that width "
                     "applies to reading either share as a region's priority.")
    elif design == "not_random":
        notes.append(f"{n_coded} of {n} content segments are coded, but not drawn at random "
                     "(inclusion probability 1, or none recorded): the corrected share assumes "
                     "that the tagger errs on the uncoded segments as on the coded ones, which "
                     "no draw guarantees.")
    elif design == "sample":
        notes.append(f"{n_coded} of {n} content segments coded, drawn at random: the corrected "
                     "share's interval carries the error of the tagger and of the draw "
                     "(difference estimator, Newcombe's paired score interval, weighted by the "
                     "recorded inclusion probabilities).")
    if design != "none" and measure != "segments":
        name = _MEASURE_NAMES.get(measure, measure)
        notes.append(f"This report counts {name}; the coders coded segments. The correction "
                     "is shown for the share of segments only, as the direction and size of "
                     f"the tagger's error: the shares of {name} in this report are not "
                     "corrected, because a correction estimated on segments holds for "
                     f"{name} only if the tagger's errors fall on {name} as on segments.")
    if n_stale:
        notes.append(f"{n_stale} coded segment(s) of the selection changed text since coding "
                     "and are left out (stale codes).")
    notes.append("Agreement (Krippendorff's alpha): 0.8 or more reliable, 0.667–0.8 tentative, "
                 "below 0.667 or undefined not interpretable: do not read that theme's tagged "
                 "shares.")
    return tuple(notes)


def instrument_section(
    tables: Tables,
    *,
    regions: Sequence[str] | None = None,
    period: Sequence[int] | None = None,
    themes: Sequence[str] | None = None,
    measure: str = "segments",
    n_boot: int = 1000,
    seed: int = 0,
    level: float = 0.95,
) -> InstrumentSection:
    """Return the Instrument section of a report for its selection.

    Args:
        tables: the processed tables (with ``validation_codes``).
        regions: the report's healthcare regions; None or empty: all.
        period: the report's ``[first, last]`` year; None or empty: all.
        themes: theme ids; None or empty: all, in labels.md order.
        measure: what the report's shares count (`regionkit.analysis.share_table.MEASURES`).
        n_boot: bootstrap replicates of alpha's interval.
        seed: the bootstrap seed.
        level: coverage of the corrected shares' intervals.

    Raises:
        ValueError: an unknown measure.
    """
    from regionkit.analysis.share_table import share_table
    from regionkit.validation.agreement import tagger_agreement
    from regionkit.validation.codes import usable_codes

    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; valid: {', '.join(MEASURES)}")
    themes = list(themes) if themes else list(THEME_IDS)
    segs = select_segments(tables, regions=regions, period=period)
    ids = set(segs["segment_id"])
    codes = tables.validation_codes
    codes = codes[codes["segment_id"].isin(ids)]
    n_stale = int(codes.loc[codes["stale"].astype(bool), "segment_id"].nunique())
    good = usable_codes(codes)
    in_sample = bool((good["sheet"] == SEED_SHEET).any())
    n_coded = int(good["segment_id"].nunique())
    design = _design(good, n_coded, len(segs))
    notes = _notes(design, measure, in_sample, n_stale, n_coded, len(segs))
    if design == "none":
        return InstrumentSection(_empty(), measure, design, in_sample, n_stale, notes)
    agreement = tagger_agreement(good, tables.segment_themes, themes, n_boot=n_boot, seed=seed)
    # tagger_agreement's n counts (segment, coder) pairs: one per segment with one coder
    agreement = agreement.rename(columns={"n": "n_coded"})
    subset = _subset(tables, ids)
    shares = share_table(subset, [], measure="segments", themes=themes, level=level)
    shares = shares.rename(columns={"share": "tagged_share"})
    out = agreement.merge(shares[["theme", "n", "tagged_share", "share_corrected",
                                  "lo_corrected", "hi_corrected", "n_validation"]],
                          on="theme", how="left")
    out["not_interpretable"] = out["reading"] == "not interpretable"
    return InstrumentSection(out[list(COLUMNS)], measure, design, in_sample, n_stale, notes)


def _subset(tables: Tables, segment_ids: set[str]) -> Tables:
    """Return `tables` with only the given content segments (and their documents) counted."""
    import dataclasses

    segments = tables.segments[tables.segments["segment_id"].isin(segment_ids)]
    docs = tables.documents[tables.documents["doc_id"].isin(segments["doc_id"])]
    return dataclasses.replace(tables, segments=segments, documents=docs)

