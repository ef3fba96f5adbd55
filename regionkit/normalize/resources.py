"""The language data OCR repair reads: confusion table, context rules, word frequencies.

The two tables are YAML files in ``regionkit/data`` (found through importlib.resources); a key
that the loader does not know is an error naming the file and the key, so a typo in a table fails
loudly instead of being ignored. Word frequencies come from wordfreq's large Swedish list, loaded
once per process.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from regionkit.datafiles import DataFileError, check_keys, load_package_yaml

CONFUSIONS_FILE = "ocr_confusions.yaml"
CONTEXT_RULES_FILE = "ocr_context_rules.yaml"

# Only the Swedish letters are folded: the skeleton under which damaged and clean spellings meet.
FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o"})


@dataclass(frozen=True)
class ConfusionTable:
    """How OCR damages å/ä/ö: for each observed string, P(observed | true string).

    Attributes:
        readings: observed string → {true string: probability}. A key with a capital letter
            matches only that case; other keys match either case.
        rare_below: Readings less likely than this are "rare".
        max_rare_per_part: How many rare readings one word or compound part may use.
    """

    readings: Mapping[str, Mapping[str, float]]
    rare_below: float = 0.1
    max_rare_per_part: int = 1

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str = CONFUSIONS_FILE
                  ) -> ConfusionTable:
        """Build the table from its YAML form, rejecting unknown keys and bad probabilities."""
        check_keys(data, {"version", "confusions", "rare_below", "max_rare_per_part"}, source)
        readings: dict[str, dict[str, float]] = {}
        for observed, truths in (data.get("confusions") or {}).items():
            if not isinstance(truths, Mapping):
                raise DataFileError(f"{source}: confusions[{observed!r}] must be a mapping")
            for true, p in truths.items():
                if not (isinstance(p, int | float) and 0 < p <= 1):
                    raise DataFileError(
                        f"{source}: confusions[{observed!r}][{true!r}] = {p!r} is not in (0, 1]")
            readings[str(observed)] = {str(t): float(p) for t, p in truths.items()}
        return cls(readings=readings,
                   rare_below=float(data.get("rare_below", 0.1)),
                   max_rare_per_part=int(data.get("max_rare_per_part", 1)))

    def to_dict(self) -> dict[str, Any]:
        """Return the YAML form (``from_dict(to_dict())`` round-trips)."""
        return {"version": 1, "confusions": {o: dict(t) for o, t in self.readings.items()},
                "rare_below": self.rare_below, "max_rare_per_part": self.max_rare_per_part}


def _is_year(token: str) -> bool:
    return len(token) == 4 and token.isdigit() and token[:2] in ("19", "20")


@dataclass(frozen=True)
class ContextRule:
    """Pick ``choose`` for the damaged word ``observed`` when a neighbour condition holds.

    With no condition set the rule always fires; otherwise any one condition is enough.
    """

    observed: str
    choose: str
    prev: frozenset[str] = frozenset()
    next: frozenset[str] = frozenset()
    prev_suffix: tuple[str, ...] = ()
    next_suffix: tuple[str, ...] = ()
    prev_number: bool = False
    next_year: bool = False

    _WHEN_KEYS = frozenset(
        {"prev", "next", "prev_suffix", "next_suffix", "prev_number", "next_year"})

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str, where: str) -> ContextRule:
        """Build a rule from its YAML form, rejecting unknown keys."""
        check_keys(data, {"observed", "choose", "when"}, f"{source}: {where}")
        for key in ("observed", "choose"):
            if not isinstance(data.get(key), str):
                raise DataFileError(f"{source}: {where} needs a string {key!r}")
        when = data.get("when") or {}
        check_keys(when, cls._WHEN_KEYS, f"{source}: {where}.when")
        return cls(
            observed=data["observed"].lower(), choose=data["choose"].lower(),
            prev=frozenset(w.lower() for w in when.get("prev", ())),
            next=frozenset(w.lower() for w in when.get("next", ())),
            prev_suffix=tuple(when.get("prev_suffix", ())),
            next_suffix=tuple(when.get("next_suffix", ())),
            prev_number=bool(when.get("prev_number", False)),
            next_year=bool(when.get("next_year", False)),
        )

    @property
    def unconditional(self) -> bool:
        """Whether the rule has no condition."""
        return not (self.prev or self.next or self.prev_suffix or self.next_suffix
                    or self.prev_number or self.next_year)

    def fires(self, prev: str | None, nxt: str | None) -> bool:
        """Whether the rule applies between the (repaired, lower-case) neighbours."""
        if self.unconditional:
            return True
        return bool(
            (prev is not None and (prev in self.prev
                                   or (self.prev_suffix and prev.endswith(self.prev_suffix))
                                   or (self.prev_number and prev.isdigit()
                                       and not _is_year(prev))))
            or (nxt is not None and (nxt in self.next
                                     or (self.next_suffix and nxt.endswith(self.next_suffix))
                                     or (self.next_year and _is_year(nxt))))
        )


@dataclass(frozen=True)
class ContextRules:
    """The context rules by damaged word, and the words OCR repair must never change."""

    rules: Mapping[str, tuple[ContextRule, ...]] = field(default_factory=dict)
    protected: frozenset[str] = frozenset()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str = CONTEXT_RULES_FILE
                  ) -> ContextRules:
        """Build the rule set from its YAML form, rejecting unknown keys."""
        check_keys(data, {"version", "rules", "protected"}, source)
        by_word: dict[str, list[ContextRule]] = {}
        for i, row in enumerate(data.get("rules") or []):
            rule = ContextRule.from_dict(row, source=source, where=f"rules[{i}]")
            by_word.setdefault(rule.observed, []).append(rule)
        protected = frozenset(str(w).lower() for w in data.get("protected") or [])
        return cls(rules={w: tuple(r) for w, r in by_word.items()}, protected=protected)

    def choose(self, observed: str, prev: str | None, nxt: str | None) -> str | None:
        """Return the reading the first firing rule for ``observed`` picks, or None."""
        for rule in self.rules.get(observed, ()):
            if rule.fires(prev, nxt):
                return rule.choose
        return None


def _read_yaml(name: str) -> Any:
    return load_package_yaml("regionkit.data", name)


@lru_cache(maxsize=1)
def load_confusions() -> ConfusionTable:
    """Return the packaged confusion table (``regionkit/data/ocr_confusions.yaml``)."""
    return ConfusionTable.from_dict(_read_yaml(CONFUSIONS_FILE))


@lru_cache(maxsize=1)
def load_context_rules() -> ContextRules:
    """Return the packaged context rules (``regionkit/data/ocr_context_rules.yaml``)."""
    return ContextRules.from_dict(_read_yaml(CONTEXT_RULES_FILE))


@dataclass(frozen=True)
class Lexicon:
    """Swedish word frequencies, indexed by skeleton (å, ä → a; ö → o).

    Attributes:
        logfreq: lower-case word → natural log of its frequency.
        by_skeleton: skeleton → the words that fold to it.
        sorted_words: The words in sorted order (to count the words that begin with a part).
    """

    logfreq: Mapping[str, float]
    by_skeleton: Mapping[str, tuple[str, ...]]
    sorted_words: tuple[str, ...] = ()

    @classmethod
    def from_frequencies(cls, freqs: Mapping[str, float]) -> Lexicon:
        """Index a word → frequency mapping (words that are not all letters are skipped)."""
        logfreq: dict[str, float] = {}
        groups: dict[str, list[str]] = {}
        for word, f in freqs.items():
            if f <= 0 or not word.isalpha() or word != word.lower():
                continue
            logfreq[word] = math.log(f)
            groups.setdefault(word.translate(FOLD), []).append(word)
        return cls(logfreq=logfreq, by_skeleton={k: tuple(v) for k, v in groups.items()},
                   sorted_words=tuple(sorted(logfreq)))


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Return wordfreq's large Swedish list (about 340 000 words), loaded once."""
    from wordfreq import get_frequency_dict

    return Lexicon.from_frequencies(get_frequency_dict("sv", wordlist="large"))
