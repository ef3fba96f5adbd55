"""The Instrument section of a report, to read: agreement and correction per theme, and notes.

The numbers come from `regionkit.analysis.instrument.instrument_section`; this module only
turns them into a table with labels, percentages and interval text, and the notes into
Markdown.
"""

from __future__ import annotations

import pandas as pd

from regionkit.analysis.instrument import InstrumentSection
from regionkit.report.labels import theme_label


def _pct(value: float) -> str:
    return "–" if pd.isna(value) else f"{value * 100:.1f}"


def _ratio(value: float) -> str:
    return "–" if pd.isna(value) else f"{value:.2f}"


def _alpha(alpha: float, low: float, high: float) -> str:
    if pd.isna(alpha):
        return "undefined"
    if pd.isna(low) or pd.isna(high):
        return f"{alpha:.2f}"
    return f"{alpha:.2f} [{low:.2f} to {high:.2f}]"


def _corrected(row) -> str:
    if pd.isna(row.share_corrected):
        return "–"
    if row.lo_corrected == row.hi_corrected == row.share_corrected:
        return f"{row.share_corrected * 100:.1f} (all coded)"
    return (f"{row.share_corrected * 100:.1f} [{row.lo_corrected * 100:.1f}–"
            f"{row.hi_corrected * 100:.1f}]")


def format_instrument(section: InstrumentSection) -> pd.DataFrame:
    """Return the Instrument table to read: one row per theme, labels and percentages.

    Columns: ``theme`` (label), ``coded`` (segments), ``precision``, ``recall``, ``alpha
    [95 % interval]``, ``agreement`` (reliable, tentative, NOT INTERPRETABLE), ``tagged %
    (segments)`` and ``corrected % [95 % interval]``. Empty without coded segments.
    """
    t = section.table
    cols = ["theme", "coded", "precision", "recall", "alpha [95 % interval]", "agreement",
            "tagged % (segments)", "corrected % [95 % interval]"]
    if t.empty:
        return pd.DataFrame({c: [] for c in cols})
    rows = []
    for r in t.itertuples(index=False):
        rows.append([theme_label(r.theme), int(r.n_coded), _ratio(r.precision),
                     _ratio(r.recall), _alpha(r.alpha, r.alpha_lo, r.alpha_hi),
                     "NOT INTERPRETABLE" if r.not_interpretable else r.reading,
                     _pct(r.tagged_share), _corrected(r)])
    return pd.DataFrame(rows, columns=cols)


def instrument_markdown(section: InstrumentSection) -> str:
    """Return the section's heading and notes as Markdown (one paragraph per note)."""
    return "## Instrument: the tagger against hand coding\n\n" + "\n\n".join(section.notes)
