"""Parameters of the analyses: what a report or notebook asks for, checked against the data.

`validate_parameters` checks region ids, theme ids, periods, the measure and integer settings
before anything is computed, and raises `ParameterError` naming the value and the valid ones.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from regionkit import vocab
from regionkit.tables import Tables

THEME_IDS: tuple[str, ...] = vocab.theme_ids()
"""Theme ids in labels.md order (regionkit/lexicons/themes.yaml)."""


MEASURES: tuple[str, ...] = ("units", "segments", "words")
"""Priority measures: share of quasi-sentences of content segments (`regionkit.analysis.units`),
of content segments, or of words in content segments (README, "What is counted")."""


DEFAULT_MEASURE = "units"
"""The measure of `regionkit shares` and of the reports: independent of layout."""


class ParameterError(ValueError):
    """A report or notebook parameter is not valid; the message names the value and the options."""


MAX_LIST_ITEMS = 100
"""Most items a list parameter may hold (there are 15 themes and 6 healthcare regions)."""


MAX_TEXT_CHARS = 200
"""Longest text a parameter value may be."""


MAX_INTEGER = 100_000
"""Largest integer parameter (``n_boot`` = 100,000 replicates already takes minutes)."""


def short_repr(value: object, limit: int = 60) -> str:
    """Return ``repr(value)`` cut to `limit` characters, so a huge value never fills a message."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 1]}… ({len(text):,} characters)"


def check_sizes(params: Mapping[str, object], where: str = "") -> None:
    """Refuse a parameter value over the limits, naming the key and the limit.

    Limits: `MAX_LIST_ITEMS` items in a list, `MAX_TEXT_CHARS` characters in a text (also for
    each list item), integers up to `MAX_INTEGER`.

    Raises:
        ParameterError: one line naming the key, the size found and the limit.
    """
    prefix = f"{where}: " if where else ""
    for name, value in params.items():
        key = short_repr(name, 40) if not isinstance(name, str) else name[:40]
        if isinstance(value, list | tuple):
            if len(value) > MAX_LIST_ITEMS:
                raise ParameterError(f"{prefix}{key}: {len(value):,} items; the limit is "
                                     f"{MAX_LIST_ITEMS}")
            items = value
        else:
            items = [value]
        for item in items:
            if isinstance(item, str) and len(item) > MAX_TEXT_CHARS:
                raise ParameterError(f"{prefix}{key}: a text of {len(item):,} characters; the "
                                     f"limit is {MAX_TEXT_CHARS}")
            if (isinstance(item, int) and not isinstance(item, bool)
                    and abs(item) > MAX_INTEGER):
                raise ParameterError(f"{prefix}{key}: {short_repr(item, 30)} is over the limit "
                                     f"of {MAX_INTEGER:,}")
            if isinstance(item, list | tuple | dict):
                raise ParameterError(f"{prefix}{key}: expected plain values, got a nested "
                                     f"{type(item).__name__}")


@dataclass(frozen=True)
class ValidIds:
    """The values a parameter may take, as found in the processed tables.

    Attributes:
        regions: healthcare region ids that have at least one document.
        themes: theme ids (labels.md).
        years: first and last year covered by any document, or None if no document has a year.
        region_years: per region, the first and last year its documents cover.
    """

    regions: tuple[str, ...]
    themes: tuple[str, ...] = THEME_IDS
    years: tuple[int, int] | None = None
    region_years: tuple[tuple[str, tuple[int, int]], ...] = ()

    def years_of(self, regions: Sequence[str] | None) -> tuple[int, int] | None:
        """Return the first and last year of the given regions' documents (all: `years`)."""
        spans = dict(self.region_years)
        found = [spans[r] for r in (regions or ()) if r in spans]
        if not regions or not found:
            return self.years
        return min(a for a, _ in found), max(b for _, b in found)


def valid_ids(tables: Tables) -> ValidIds:
    """Return the region ids, theme ids and year range found in `tables`."""
    docs = tables.documents
    regions = tuple(sorted(docs["sjukvardsregion"].dropna().unique().tolist()))
    starts = docs["period_start"].dropna()
    ends = docs["period_end"].fillna(docs["period_start"]).dropna()
    years = (int(starts.min()), int(ends.max())) if len(starts) else None
    dated = docs.assign(_end=ends).dropna(subset=["period_start", "sjukvardsregion"])
    spans = tuple(
        (str(r), (int(g["period_start"].min()), int(g["_end"].max())))
        for r, g in dated.groupby("sjukvardsregion", sort=True))
    return ValidIds(regions=regions, themes=THEME_IDS, years=years, region_years=spans)


def _period_bounds(period: Sequence[int]) -> tuple[int, int]:
    if len(period) != 2:
        raise ParameterError(f"period must be [first year, last year], got {list(period)}")
    return int(period[0]), int(period[1])


def _check_measure(measure: str) -> None:
    if measure not in MEASURES:
        raise ParameterError(f"unknown measure {short_repr(measure)}; valid: {', '.join(MEASURES)}")


_ID_LIST_PARAMS = {"regions": "regions", "themes": "themes"}


_ID_PARAMS = {"sjukvardsregion": "regions", "theme": "themes"}


_INT_PARAMS = ("n_boot", "seed", "n_examples", "n_terms", "min_count", "min_only")


_BOOL_PARAMS = ("pool_bodies",)


def _check_id(name: str, value: object, valid: Sequence[str], what: str) -> str:
    if not isinstance(value, str) or value not in valid:
        extra = ""
        if what == "regions":
            extra = " (regions with documents in the processed tables)"
        raise ParameterError(f"{name}: unknown {what[:-1]} {short_repr(value)}; valid{extra}: "
                             f"{', '.join(valid)}")
    return value


def _check_period(value: object, valid: ValidIds) -> list[int]:
    if value in (None, []):
        return []
    ok = (isinstance(value, list | tuple) and len(value) == 2
          and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
          and value[0] <= value[1])
    if not ok:
        raise ParameterError(f"period: expected [first year, last year] or [], got "
                             f"{short_repr(value)}")
    if valid.years and (value[1] < valid.years[0] or value[0] > valid.years[1]):
        raise ParameterError(f"period: {list(value)} has no documents; the data covers "
                             f"{valid.years[0]}–{valid.years[1]}")
    return [int(value[0]), int(value[1])]


def validate_parameters(params: Mapping[str, object], valid: ValidIds) -> dict:
    """Check parameter values against the ids in the data; return a checked copy.

    Known names: ``sjukvardsregion`` and ``theme`` (one id), ``regions`` and ``themes`` (lists
    of ids, empty means all), ``period`` (``[first, last]`` or empty), ``measure``, the
    integers ``n_boot``, ``seed``, ``n_examples``, ``n_terms``, ``min_count``, ``min_only``,
    and the flag ``pool_bodies``. Other names are passed through unchanged.

    Raises:
        ParameterError: a value is unknown, of the wrong type or over a size limit
            (`check_sizes`); the message names the parameter and the value and lists the valid
            ones.
    """
    check_sizes(params)
    out = dict(params)
    for name, what in _ID_PARAMS.items():
        if name in out:
            _check_id(name, out[name], getattr(valid, what), what)
    for name, what in _ID_LIST_PARAMS.items():
        if name in out:
            value = out[name]
            if value is None:
                value = []
            if not isinstance(value, list | tuple):
                raise ParameterError(f"{name}: expected a list of ids, got {short_repr(value)}")
            out[name] = [_check_id(name, v, getattr(valid, what), what) for v in value]
    if "period" in out:
        out["period"] = _check_period(out["period"], valid)
    if "measure" in out and out["measure"] not in MEASURES:
        raise ParameterError(f"measure: unknown measure {short_repr(out['measure'])}; valid: "
                             f"{', '.join(MEASURES)}")
    for name in _BOOL_PARAMS:
        if name in out and not isinstance(out[name], bool):
            raise ParameterError(f"{name}: expected true or false, got {short_repr(out[name])}")
    for name in _INT_PARAMS:
        if name in out:
            value = out[name]
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ParameterError(f"{name}: expected a non-negative integer, got "
                                     f"{short_repr(value)}")
    return out
