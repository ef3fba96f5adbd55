"""Load the follow-up data files (`followup_linking.yaml`, `followup_status.yaml`).

Both go through `regionkit.datafiles`: repeated and unknown keys are refused with file and line,
and every entry must give its source.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from regionkit.datafiles import DataFileError, check_keys, load_package_yaml, where

PACKAGE = "regionkit.data"
LINKING_FILE = "followup_linking.yaml"
STATUS_FILE = "followup_status.yaml"
STATUSES = ("done", "in_progress", "postponed", "not_done", "unclear")
_ENTRY = ("value", "source")
_WEIGHTS = ("title_terms", "title_fuzzy", "text_terms", "entities", "heading", "order")
_THRESHOLDS = ("min_score", "relative_to_best", "second_min_score")


def _value(data: Any, key: str, what: str) -> Any:
    entry = check_keys(data.get(key), _ENTRY, f"{what}.{key}", required=_ENTRY)
    if not str(entry["source"]).strip():
        raise DataFileError(f"{where(entry, 'source', what)}: {what}.{key}: empty source")
    return entry["value"]


def _strings(value: Any, what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise DataFileError(f"{what}: expected a list of non-empty strings")
    return tuple(value)


def _number(value: Any, what: str, lo: float = 0.0, hi: float = 1.0) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not lo <= value <= hi:
        raise DataFileError(f"{what}: expected a number from {lo} to {hi}, got {value!r}")
    return float(value)


@dataclass(frozen=True)
class LinkingConfig:
    """What `followup_linking.yaml` says (see the comments there)."""

    activity_kinds: tuple[str, ...]
    roles: Mapping[str, tuple[str, ...]]
    part_headings: Mapping[str, tuple[str, ...]]
    body_drop_words: frozenset[str]
    stop_lemmas: frozenset[str]
    synonyms: tuple[tuple[str, ...], ...]
    min_part_len: int
    weights: Mapping[str, float]
    thresholds: Mapping[str, float]

    @classmethod
    def from_dict(cls, data: Any, origin: str = LINKING_FILE) -> LinkingConfig:
        """Build the configuration from the parsed YAML.

        Raises:
            DataFileError: an unknown or missing key, an entry without source, a bad value.
        """
        keys = ("version", "activity_kinds", "roles", "part_headings", "body_drop_words",
                "stop_lemmas", "synonyms", "min_part_len", "weights", "thresholds")
        top = check_keys(data, keys, origin, required=keys)
        roles = check_keys(top["roles"], ("plan", "followup"), f"{origin}: roles",
                           required=("plan", "followup"))
        parts = check_keys(top["part_headings"], ("plan", "followup"),
                           f"{origin}: part_headings", required=("plan", "followup"))
        weights = check_keys(top["weights"], _WEIGHTS, f"{origin}: weights", required=_WEIGHTS)
        thresholds = check_keys(top["thresholds"], _THRESHOLDS, f"{origin}: thresholds",
                                required=_THRESHOLDS)
        if not isinstance(top["synonyms"], list):
            raise DataFileError(f"{where(top, 'synonyms', origin)}: synonyms: expected a list")
        synonyms = []
        for i, group in enumerate(top["synonyms"]):
            entry = check_keys(group, _ENTRY, f"{origin}: synonyms[{i}]", required=_ENTRY)
            synonyms.append(tuple(w.lower() for w in _strings(entry["value"],
                                                               f"synonyms[{i}]")))
        w = {k: _number(_value(weights, k, "weights"), f"weights.{k}") for k in _WEIGHTS}
        if abs(sum(w.values()) - 1.0) > 1e-6:
            raise DataFileError(f"{where(weights, fallback=origin)}: weights must add up to 1, "
                                f"not {sum(w.values()):.3f}")
        return cls(
            activity_kinds=_strings(_value(top, "activity_kinds", origin), "activity_kinds"),
            roles={r: _strings(_value(roles, r, "roles"), f"roles.{r}") for r in roles},
            part_headings={p: tuple(s.lower() for s in _strings(_value(parts, p, "part_headings"),
                                                                f"part_headings.{p}"))
                           for p in parts},
            body_drop_words=frozenset(_strings(_value(top, "body_drop_words", origin),
                                               "body_drop_words")),
            stop_lemmas=frozenset(s.lower() for s in _strings(_value(top, "stop_lemmas", origin),
                                                              "stop_lemmas")),
            synonyms=tuple(synonyms),
            min_part_len=int(_number(_value(top, "min_part_len", origin), "min_part_len", 2, 10)),
            weights=w,
            thresholds={k: _number(_value(thresholds, k, "thresholds"), f"thresholds.{k}")
                        for k in _THRESHOLDS},
        )


@dataclass(frozen=True)
class StatusCue:
    """One Swedish cue: a regular expression, the status it gives, its weight and source."""

    status: str
    pattern: re.Pattern
    weight: float
    source: str


@dataclass(frozen=True)
class StatusConfig:
    """What `followup_status.yaml` says (see the comments there)."""

    cues: tuple[StatusCue, ...]
    negations: re.Pattern
    negation_window: int
    negated_status: str
    sentence_split: re.Pattern
    title_overlap_bonus: float
    subject_words: frozenset[str]
    partial: Mapping[str, float]

    @classmethod
    def from_dict(cls, data: Any, origin: str = STATUS_FILE) -> StatusConfig:
        """Build the configuration from the parsed YAML.

        Raises:
            DataFileError: an unknown or missing key, a bad status, a regular expression that
                does not compile, an entry without source.
        """
        keys = ("version", "cues", "negation", "sentence_split", "title_overlap_bonus",
                "subject_words", "partial")
        top = check_keys(data, keys, origin, required=keys)
        if not isinstance(top["cues"], list) or not top["cues"]:
            raise DataFileError(f"{where(top, 'cues', origin)}: cues: expected a list")
        cues = []
        for i, row in enumerate(top["cues"]):
            what = f"{origin}: cues[{i}]"
            row = check_keys(row, ("status", "pattern", "weight", "source"), what,
                             required=("status", "pattern", "weight", "source"))
            if row["status"] not in STATUSES[:-1]:
                raise DataFileError(f"{where(row, 'status', what)}: unknown status "
                                    f"{row['status']!r} (valid: {', '.join(STATUSES[:-1])})")
            if not str(row["source"]).strip():
                raise DataFileError(f"{where(row, 'source', what)}: empty source")
            cues.append(StatusCue(row["status"], _compile(row["pattern"], where(row, "pattern",
                                                                                 what)),
                                  _number(row["weight"], f"{what}.weight", 0.0, 10.0),
                                  str(row["source"])))
        neg = check_keys(top["negation"], ("pattern", "window", "status", "source"),
                         f"{origin}: negation", required=("pattern", "window", "status",
                                                          "source"))
        partial = check_keys(top["partial"], ("min_weight", "source"), f"{origin}: partial",
                             required=("min_weight", "source"))
        return cls(
            cues=tuple(cues),
            negations=_compile(neg["pattern"], where(neg, "pattern", origin)),
            negation_window=int(_number(neg["window"], "negation.window", 1, 10)),
            negated_status=str(neg["status"]),
            sentence_split=_compile(_value(top, "sentence_split", origin),
                                    where(top, "sentence_split", origin)),
            title_overlap_bonus=_number(_value(top, "title_overlap_bonus", origin),
                                        "title_overlap_bonus", 0.0, 10.0),
            subject_words=frozenset(w.lower() for w in _strings(_value(top, "subject_words",
                                                                       origin),
                                                                "subject_words")),
            partial={"min_weight": _number(partial["min_weight"], "partial.min_weight", 0, 10)},
        )


def _compile(pattern: Any, at: str) -> re.Pattern:
    if not isinstance(pattern, str) or not pattern:
        raise DataFileError(f"{at}: expected a regular expression")
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise DataFileError(f"{at}: not a valid regular expression ({exc})") from None


@lru_cache(maxsize=1)
def linking_config() -> LinkingConfig:
    """Return the packaged linking configuration (read once)."""
    return LinkingConfig.from_dict(load_package_yaml(PACKAGE, LINKING_FILE),
                                   f"regionkit/data/{LINKING_FILE}")


@lru_cache(maxsize=1)
def status_config() -> StatusConfig:
    """Return the packaged status cues (read once)."""
    return StatusConfig.from_dict(load_package_yaml(PACKAGE, STATUS_FILE),
                                  f"regionkit/data/{STATUS_FILE}")
