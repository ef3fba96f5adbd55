"""Canonical ids: the slug rule of the interface spec."""

from __future__ import annotations

import re

_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e"})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slug(name: str) -> str:
    """Return the canonical id of a name.

    Lowercase; å, ä → a, ö → o, é → e; every run of other characters than a–z and 0–9 becomes
    one ``-``; no leading or trailing ``-``.

    Examples:
        >>> slug("Öron-, näs- och halssjukdomar")
        'oron-nas-och-halssjukdomar'
    """
    folded = name.lower().translate(_FOLD)
    return _NON_ALNUM.sub("-", folded).strip("-")
