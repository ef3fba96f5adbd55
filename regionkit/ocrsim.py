"""Simulate OCR damage to Swedish text the way seed 004 is damaged.

`damage_text` replaces characters one for one (never inserts or deletes), so every offset into
the clean text is still an offset into the damaged text: gold entity spans stay valid, and a
tagger or the OCR repair can be scored on damaged text against clean gold.

The rates (`DamageRates.from_004`) were measured on seed 004, whose 2462 words were corrected
by hand (``tests/data/ocr_004_sample.tsv``); ``python scripts/measure_ocr_repair.py --rates``
recounts them. Of 265 å: 263 read "a", 1 "d", 1 "éa". Of 200 ä: 189 "a", 5 "d", 1 "dA", 3 "é",
2 "éa". Of 253 ö not before j: 134 "o", 73 "é", 6 "oé", 4 "dé", 1 "aé", 20 "d", 13 "6" (4 of them
after an "l" read "I": "I6per"), 1 "b", 1 "&". Of the 6 ö before j ("möjlig"): 4 "a", 1 "d",
1 "é" (ö was read "a" nowhere else). None was left intact. Because damage here must keep
lengths, the two-character readings count as their one-character look-alike: "oé", "dé", "aé"
and "éa" as "é", "dA" as "d". Of the 8 words "I" that start a line or a sentence, all 8 were
read "|". The 12 damaged capitals (7 Ö, 5 Ä) only lost their marks ("Orebro", "Aven"), so a
capital is damaged as often as its lower-case letter but always read as plain "A" or "O".
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

# (observed, probability) per true letter, from the counts in the module docstring.
_RATES_004: dict[str, tuple[tuple[str, float], ...]] = {
    "å": (("a", 263 / 265), ("d", 1 / 265), ("é", 1 / 265)),
    "ä": (("a", 189 / 200), ("d", 6 / 200), ("é", 5 / 200)),
    "ö": (("o", 134 / 253), ("é", 84 / 253), ("d", 20 / 253), ("6", 13 / 253),
          ("b", 1 / 253), ("&", 1 / 253)),
}
# ö before j ("möjlig") was read "a" in 4 of 6, and never elsewhere.
_RATES_004_BEFORE: dict[tuple[str, str], tuple[tuple[str, float], ...]] = {
    ("ö", "j"): (("a", 4 / 6), ("d", 1 / 6), ("é", 1 / 6)),
}
_PLAIN = str.maketrans({"Å": "A", "Ä": "A", "Ö": "O"})
_PIPE_FOR_I = re.compile(r"(?:(?<=^)|(?<=^- )|(?<=[.!?] ))I(?= [^\W\d_])", re.MULTILINE)


@dataclass(frozen=True)
class DamageRates:
    """How often each Swedish letter is misread, and as what.

    Attributes:
        letters: true lower-case letter → ((observed, probability), ...); the probabilities of
            one letter sum to at most 1, the rest is the chance it survives intact.
        before: (true letter, next letter) → readings that replace ``letters`` there.
        pipe_for_i: Chance that the word "I" at a line or sentence start is read "|".
        l_before_six: Chance that a word-initial "l" is read "I" when the "ö" after it was read
            "6" ("löper" → "I6per").
    """

    letters: Mapping[str, tuple[tuple[str, float], ...]] = field(
        default_factory=lambda: dict(_RATES_004))
    before: Mapping[tuple[str, str], tuple[tuple[str, float], ...]] = field(
        default_factory=lambda: dict(_RATES_004_BEFORE))
    pipe_for_i: float = 1.0
    l_before_six: float = 1.0

    def __post_init__(self) -> None:
        for letter, readings in [*self.letters.items(), *self.before.items()]:
            total = sum(p for _, p in readings)
            if any(len(obs) != 1 for obs, _ in readings):
                raise ValueError(f"damage of {letter!r} must replace one character by one")
            if not 0 <= total <= 1 + 1e-9:
                raise ValueError(f"damage rates of {letter!r} sum to {total}, not within [0, 1]")

    @classmethod
    def from_004(cls) -> DamageRates:
        """Return the rates measured on seed 004 (the default)."""
        return cls()

    def scaled(self, factor: float) -> DamageRates:
        """Return the same damage with each letter misread ``factor`` times as often."""

        def scale(readings: tuple[tuple[str, float], ...]) -> tuple[tuple[str, float], ...]:
            total = sum(p for _, p in readings)
            k = min(factor, 1 / total) if total else 0.0
            return tuple((obs, p * k) for obs, p in readings)

        return DamageRates({k: scale(v) for k, v in self.letters.items()},
                           {k: scale(v) for k, v in self.before.items()},
                           min(1.0, self.pipe_for_i * factor),
                           min(1.0, self.l_before_six * factor))


def _pick(rng: random.Random, readings: tuple[tuple[str, float], ...]) -> str | None:
    x = rng.random()
    for obs, p in readings:
        if x < p:
            return obs
        x -= p
    return None


def damage_text(text: str, *, seed: int = 0, rates: DamageRates | None = None) -> str:
    """Return ``text`` with å/ä/ö (and "I", "l") misread as OCR misreads them.

    Args:
        text: Clean text.
        seed: Seed of the random choices: the same text, seed and rates give the same result.
        rates: The damage; `DamageRates.from_004` by default.

    Returns:
        A string of the same length, differing only where a character was misread.

    Examples:
        >>> len(damage_text("Hälso- och sjukvård i Örebro")) == len("Hälso- och sjukvård i Örebro")
        True
    """
    rates = rates or DamageRates()
    rng = random.Random(seed)
    chars = list(text)
    for i, c in enumerate(text):
        after = text[i + 1:i + 2].lower()
        readings = rates.before.get((c.lower(), after)) or rates.letters.get(c.lower())
        if not readings:
            continue
        obs = _pick(rng, readings)
        if obs is None:
            continue
        if c.isupper():
            # All 12 capitals damaged in 004 lost only their marks ("Orebro", "Aven").
            obs = c.translate(_PLAIN)
        chars[i] = obs
        if (obs == "6" and i > 0 and text[i - 1] == "l" and (i == 1 or not text[i - 2].isalpha())
                and rng.random() < rates.l_before_six):
            chars[i - 1] = "I"
    for m in _PIPE_FOR_I.finditer(text):
        if rng.random() < rates.pipe_for_i:
            chars[m.start()] = "|"
    return "".join(chars)
