"""The controlled vocabularies of regionkit, read once from the packaged data.

Healthcare regions (``lexicons/sjukvardsregioner.yaml``), the 21 regions (``regions.yaml``), the
NPO and the regions hosting them (``npo.yaml``), themes (``themes.yaml``) and document types
(``data/document_types.yaml``) are listed in data, never in code: every module that needs the
ids, names or order asks this one. `resolve_region` and `resolve_theme` turn what a user types
(an id or a display name, in any case, with or without å/ä/ö) into an id, or refuse it in one
line listing the valid values.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

from regionkit.datafiles import DataFileError, check_keys, load_package_yaml

LEXICONS = "regionkit.lexicons"
DATA = "regionkit.data"


class VocabularyError(ValueError):
    """A value that is not in a vocabulary; the message lists the valid values."""


@dataclass(frozen=True)
class Term:
    """One entry of a vocabulary.

    Attributes:
        id: the canonical id.
        name: the display name (Swedish).
        short: a short display name (legends, pickers); the name where there is none.
        description: a definition, where the data gives one.
        group: a grouping (document types: plan, follow_up, minutes, other).
        parent: the containing entry (a region's healthcare region), or "".
    """

    id: str
    name: str
    short: str = ""
    description: str = ""
    group: str = ""
    parent: str = ""


def _entries(name: str) -> list:
    data = load_package_yaml(LEXICONS, name)
    entries = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise DataFileError(f"{LEXICONS.replace('.', '/')}/{name}: entries: expected a list")
    return entries


def _short_region_name(name: str) -> str:
    for prefix in ("Sjukvårdsregionen ", "Sjukvårdsregion "):
        if name.startswith(prefix):
            name = name[len(prefix):]
    for suffix in (" sjukvårdsregionen", " sjukvårdsregion"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return name[:1].upper() + name[1:]


@cache
def healthcare_regions() -> tuple[Term, ...]:
    """Return the six healthcare regions in the lexicon's order (north to south)."""
    return tuple(Term(id=str(e["id"]), name=str(e["name"]),
                      short=_short_region_name(str(e["name"])))
                 for e in _entries("sjukvardsregioner.yaml"))


@cache
def regions() -> tuple[Term, ...]:
    """Return the 21 regions (county councils), each with its healthcare region as parent."""
    out = []
    for e in _entries("regions.yaml"):
        part_of = e.get("part_of") or []
        parent = part_of[0] if isinstance(part_of, list) and part_of else str(part_of or "")
        out.append(Term(id=str(e["id"]), name=str(e["name"]), short=str(e["name"]),
                        parent=str(parent)))
    return tuple(out)


@cache
def npo() -> tuple[Term, ...]:
    """Return the national programme areas; ``parent`` is the hosting healthcare region(s)."""
    out = []
    for e in _entries("npo.yaml"):
        host = e.get("host")
        hosts = host if isinstance(host, list) else [host] if host else []
        out.append(Term(id=str(e["id"]), name=str(e["name"]), short=str(e["name"]),
                        parent=",".join(str(h) for h in hosts)))
    return tuple(out)


def npo_hosted_by(region: str) -> tuple[Term, ...]:
    """Return the NPO a healthcare region hosts (``host`` in npo.yaml), sorted by id."""
    return tuple(sorted((t for t in npo() if region in t.parent.split(",")),
                        key=lambda t: t.id))


@cache
def themes() -> tuple[Term, ...]:
    """Return the themes in the lexicon's order, with their labels and definitions."""
    data = load_package_yaml(LEXICONS, "themes.yaml")
    items = data.get("themes") if isinstance(data, dict) else None
    if not isinstance(items, dict):
        raise DataFileError("regionkit/lexicons/themes.yaml: themes: expected a mapping")
    return tuple(Term(id=str(tid), name=str(spec.get("label", tid)),
                      short=str(spec.get("label", tid)),
                      description=" ".join(str(spec.get("description", "")).split()))
                 for tid, spec in items.items())


@cache
def document_types() -> tuple[Term, ...]:
    """Return the document types of the manifest's ``doc_type`` column, with their groups."""
    data = load_package_yaml(DATA, "document_types.yaml")
    check_keys(data, {"version", "document_types"}, "document_types.yaml")
    out = []
    for row in data["document_types"]:
        check_keys(row, {"id", "name", "group", "source"}, "document_types.yaml",
                   required=("id", "name", "group", "source"))
        out.append(Term(id=str(row["id"]), name=str(row["name"]), short=str(row["name"]),
                        group=str(row["group"])))
    return tuple(out)


def lexicon_file_names() -> tuple[str, ...]:
    """Return the names of the packaged lexicon files (``*.yaml`` in regionkit/lexicons)."""
    from importlib import resources

    return tuple(sorted(p.name for p in resources.files(LEXICONS).iterdir()
                        if p.name.endswith(".yaml")))


def ids(terms: tuple[Term, ...]) -> tuple[str, ...]:
    """Return the ids of `terms`, in order."""
    return tuple(t.id for t in terms)


def healthcare_region_ids() -> tuple[str, ...]:
    """Return the six healthcare region ids (north to south)."""
    return ids(healthcare_regions())


def theme_ids() -> tuple[str, ...]:
    """Return the theme ids in the lexicon's order (labels.md)."""
    return ids(themes())


def document_type_ids() -> tuple[str, ...]:
    """Return the document type ids."""
    return ids(document_types())


def document_type_groups() -> dict[str, str]:
    """Return document type id → group (plan, follow_up, minutes, other)."""
    return {t.id: t.group for t in document_types()}


def _key(text: str) -> str:
    """Fold a value for comparison: case, diacritics, hyphens, underscores and spaces ignored."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(c for c in plain if c.isalnum())


def _resolve(value: object, terms: tuple[Term, ...], what: str,
             valid: tuple[str, ...] | None = None) -> str:
    allowed = [t for t in terms if valid is None or t.id in valid]
    if isinstance(value, str):
        key = _key(value)
        for term in allowed:
            if key and key in {_key(term.id), _key(term.name), _key(term.short)}:
                return term.id
    listing = ", ".join(f"{t.id} ({t.short})" if t.short != t.id else t.id for t in allowed)
    raise VocabularyError(f"unknown {what} {value!r}; valid: {listing}")


def resolve_region(value: object, valid: tuple[str, ...] | None = None) -> str:
    """Return the healthcare region id for an id or display name ("Mellansverige", "Södra").

    Args:
        value: what the user gave.
        valid: accept only these ids (e.g. the regions with documents); None: all six.

    Raises:
        VocabularyError: not a region (or not among `valid`); the message lists the valid ones.
    """
    return _resolve(value, healthcare_regions(), "region", valid)


def resolve_theme(value: object, valid: tuple[str, ...] | None = None) -> str:
    """Return the theme id for an id or label ("kompetensförsörjning" → kompetensforsorjning).

    Raises:
        VocabularyError: not a theme; the message lists the valid ones.
    """
    return _resolve(value, themes(), "theme", valid)
