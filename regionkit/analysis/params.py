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


MEASURES: tuple[str, ...] = ("segments", "words")
"""Priority measures: share of content segments, or share of words in content segments."""


class ParameterError(ValueError):
    """A report or notebook parameter is not valid; the message names the value and the options."""


@dataclass(frozen=True)
class ValidIds:
    """The values a parameter may take, as found in the processed tables.

    Attributes:
        regions: healthcare region ids that have at least one document.
        themes: theme ids (labels.md).
        years: first and last year covered by any document, or None if no document has a year.
    """

    regions: tuple[str, ...]
    themes: tuple[str, ...] = THEME_IDS
    years: tuple[int, int] | None = None


def valid_ids(tables: Tables) -> ValidIds:
    """Return the region ids, theme ids and year range found in `tables`."""
    docs = tables.documents
    regions = tuple(sorted(docs["sjukvardsregion"].dropna().unique().tolist()))
    starts = docs["period_start"].dropna()
    ends = docs["period_end"].fillna(docs["period_start"]).dropna()
    years = (int(starts.min()), int(ends.max())) if len(starts) else None
    return ValidIds(regions=regions, themes=THEME_IDS, years=years)


def _period_bounds(period: Sequence[int]) -> tuple[int, int]:
    if len(period) != 2:
        raise ParameterError(f"period must be [first year, last year], got {list(period)}")
    return int(period[0]), int(period[1])


def _check_measure(measure: str) -> None:
    if measure not in MEASURES:
        raise ParameterError(f"unknown measure {measure!r}; valid: {', '.join(MEASURES)}")


_ID_LIST_PARAMS = {"regions": "regions", "themes": "themes"}


_ID_PARAMS = {"sjukvardsregion": "regions", "theme": "themes"}


_INT_PARAMS = ("n_boot", "seed", "n_examples", "n_terms", "min_count")


def _check_id(name: str, value: object, valid: Sequence[str], what: str) -> str:
    if not isinstance(value, str) or value not in valid:
        extra = ""
        if what == "regions":
            extra = " (regions with documents in the processed tables)"
        raise ParameterError(f"{name}: unknown {what[:-1]} {value!r}; valid{extra}: "
                             f"{', '.join(valid)}")
    return value


def _check_period(value: object, valid: ValidIds) -> list[int]:
    if value in (None, []):
        return []
    ok = (isinstance(value, list | tuple) and len(value) == 2
          and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
          and value[0] <= value[1])
    if not ok:
        raise ParameterError(f"period: expected [first year, last year] or [], got {value!r}")
    if valid.years and (value[1] < valid.years[0] or value[0] > valid.years[1]):
        raise ParameterError(f"period: {list(value)} has no documents; the data covers "
                             f"{valid.years[0]}–{valid.years[1]}")
    return [int(value[0]), int(value[1])]


def validate_parameters(params: Mapping[str, object], valid: ValidIds) -> dict:
    """Check parameter values against the ids in the data; return a checked copy.

    Known names: ``sjukvardsregion`` and ``theme`` (one id), ``regions`` and ``themes`` (lists
    of ids, empty means all), ``period`` (``[first, last]`` or empty), ``measure``, and the
    integers ``n_boot``, ``seed``, ``n_examples``, ``n_terms``, ``min_count``. Other names are
    passed through unchanged.

    Raises:
        ParameterError: a value is unknown or of the wrong type; the message names the
            parameter and the value and lists the valid ones.
    """
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
                raise ParameterError(f"{name}: expected a list of ids, got {value!r}")
            out[name] = [_check_id(name, v, getattr(valid, what), what) for v in value]
    if "period" in out:
        out["period"] = _check_period(out["period"], valid)
    if "measure" in out and out["measure"] not in MEASURES:
        raise ParameterError(f"measure: unknown measure {out['measure']!r}; valid: "
                             f"{', '.join(MEASURES)}")
    for name in _INT_PARAMS:
        if name in out:
            value = out[name]
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ParameterError(f"{name}: expected a non-negative integer, got {value!r}")
    return out
