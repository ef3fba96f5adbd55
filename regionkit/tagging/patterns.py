"""Entity patterns: the lexicons written out as plain rows ``{label, pattern, id, kind}``.

Rows round-trip to JSONL (spaCy's entity-ruler habit) and are what the entity component feeds
its PhraseMatcher with. Each form of a lexicon is written out in the inflections that running
text uses (genitive "Samverkansnämndens", "RSL:s"; "Stockholm-Gotland" also as "Stockholm
Gotland"); case, diacritics and OCR damage are left to the folded norm the matcher compares on.

Kinds of row (what the entity component does with a match):
    fixed: always an entity.
    ambiguous: an entity when `ContextRule`s of its label accept it.
    area: an NPO area name; an NPO after a national trigger (and a family member after a family
        trigger, see `member`). `strict` areas need the trigger right before them.
    member: a name of a family, alone; a mention of the family after one of its triggers.
    family: prefix + name of a family: always an entity.
    prefix: a family prefix alone: an entity when the family is `bare`, or the start of an open
        name when the family has `open_names`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from regionkit.ids import slug
from regionkit.tagging.lexicon import Lexicons, family_names, load_lexicons

FIXED, AMBIGUOUS, AREA, MEMBER, FAMILY, PREFIX = (
    "fixed", "ambiguous", "area", "member", "family", "prefix")
KINDS = (FIXED, AMBIGUOUS, AREA, MEMBER, FAMILY, PREFIX)

# A hyphen between two letters ("Stockholm-Gotland", "NHV-gruppen") is also written as a space.
_INNER_HYPHEN = re.compile(r"(?<=[^\W\d_])[-–](?=[^\W\d_])")
# An NPO variant written with its prefix ("NPO Akut vård"): the span is the area name only.
_NPO_PREFIX = re.compile(r"^(?:npo|nationellt programområde|nationella programområdet)[\s:]+",
                         re.IGNORECASE)
_ACRONYM_END = re.compile(r"(?:^|\s)[A-ZÅÄÖ]{2,}$")
# A multiword form ending in a proper name ("Region Skåne"): running text also writes its
# genitive with a colon ("Region Skåne:s"), which the tokenizer keeps as one token.
_NAME_END = re.compile(r"\s[A-ZÅÄÖ][^\W\d_]*$")
# A suspended hyphen before a conjunction ("Hjärt- och kärlsjukdomar") is often dropped
# ("Hjärt och kärlsjukdomar") or written without its space ("Hjärt-och kärlsjukdomar").
_SUSPENDED = re.compile(r"(?<=[^\W\d_])- (?=(?:och|eller|samt) )")
# A healthcare region named with its head noun first ("Sjukvårdsregion Stockholm-Gotland") is
# also written with the head noun in the definite form ("samverkansavtalet för sjukvårdsregionen
# Stockholm-Gotland"); head and name are one mention (annotation-guidelines §5, named forms in
# any case). The generic "sjukvårdsregionen" alone stays no mention.
_DEFINITE_HEAD = re.compile(r"^(sjukvårdsregion)(?= \S)", re.IGNORECASE)


@dataclass(frozen=True)
class PatternRow:
    """One pattern of the entity matcher.

    Attributes:
        label: entity label of the mention.
        pattern: the form as written in text.
        id: canonical id of the mention (for `prefix` rows: the family id).
        kind: one of `KINDS`.
        family: the family of `member`, `family` and `prefix` rows.
        strict: an `area` form that needs its trigger right before it; a `prefix` form in the
            genitive, which is never followed by an open name.
    """

    label: str
    pattern: str
    id: str
    kind: str = FIXED
    family: str = ""
    strict: bool = False

    def to_dict(self) -> dict:
        """Return the JSONL shape (defaults left out)."""
        out = asdict(self)
        return {k: v for k, v in out.items() if v or k in ("label", "pattern", "id")}

    @classmethod
    def from_dict(cls, data: dict) -> PatternRow:
        """Read a row written by `to_dict`."""
        return cls(**data)


def inflect(form: str) -> list[str]:
    """Return the spellings of a form that running text uses, the form first.

    Adds the genitive (``-s``; ``-s`` and ``:s`` after an acronym or a capitalised name; none
    after s, x, z); for a hyphen between letters, the same with a space and with an en dash; for
    a suspended hyphen ("Hjärt- och kärl…"), the same without it and with it closed up.

    Examples:
        >>> inflect("RSL")
        ['RSL', 'RSLs', 'RSL:s']
        >>> inflect("Region Skåne")
        ['Region Skåne', 'Region Skånes', 'Region Skåne:s']
        >>> inflect("Mag- och tarmsjukdomar")[::2]
        ['Mag- och tarmsjukdomar', 'Mag och tarmsjukdomar', 'Mag-och tarmsjukdomar']
    """
    out: list[str] = []
    for s in spellings_of(form):
        out += [s, *genitives(s)]
    return list(dict.fromkeys(out))


def spellings_of(form: str) -> list[str]:
    """Return the hyphen/space spellings of a form (`inflect` without the genitives)."""
    spellings = [form]
    if _INNER_HYPHEN.search(form):
        spellings += [_INNER_HYPHEN.sub(" ", form), _INNER_HYPHEN.sub("–", form)]
    if _SUSPENDED.search(form):
        spellings += [_SUSPENDED.sub(" ", form), _SUSPENDED.sub("-", form)]
    return spellings


def genitives(spelling: str) -> list[str]:
    """Return the genitives of one spelling ("RSL" → "RSLs", "RSL:s"; none after s, x, z).

    Examples:
        >>> genitives("Region Skåne"), genitives("Kompetensrådet"), genitives("Region Halland")[:1]
        (['Region Skånes', 'Region Skåne:s'], ['Kompetensrådets'], ['Region Hallands'])
    """
    if _ACRONYM_END.search(spelling):
        return [spelling + "s", spelling + ":s"]
    if spelling[-1].isalpha() and spelling[-1].lower() not in "sxz":
        return [spelling + "s"] + ([spelling + ":s"] if _NAME_END.search(spelling) else [])
    return []


def definite_heads(form: str) -> list[str]:
    """Return the form and, for "Sjukvårdsregion X", also "Sjukvårdsregionen X".

    Examples:
        >>> definite_heads("Sjukvårdsregion Mellansverige")
        ['Sjukvårdsregion Mellansverige', 'Sjukvårdsregionen Mellansverige']
        >>> definite_heads("Södra sjukvårdsregionen")
        ['Södra sjukvårdsregionen']
    """
    definite = _DEFINITE_HEAD.sub(r"\1en", form)
    return [form] if definite == form else [form, definite]


def _rows(label: str, forms: Iterable[str], cid: str, kind: str, **extra) -> Iterator[PatternRow]:
    for form in forms:
        for spelling in inflect(form):
            yield PatternRow(label, spelling, cid, kind, **extra)


def npo_area(form: str) -> str:
    """Strip an "NPO"/"Nationellt programområde" prefix from an NPO form (span = area name)."""
    return _NPO_PREFIX.sub("", form).strip() or form


def entity_patterns(lexicons: Lexicons | None = None) -> list[PatternRow]:
    """Write every lexicon out as pattern rows (see the module docstring for the kinds)."""
    lex = lexicons or load_lexicons()
    rows: list[PatternRow] = []
    for label in ("SJUKVARDSREGION", "REGION", "ORG", "GROUP"):
        for entry in lex.by_label(label):
            forms = [d for f in entry.forms for d in definite_heads(f)]
            rows.extend(_rows(label, dict.fromkeys(forms), entry.id, FIXED))
            rows.extend(_rows(label, entry.ambiguous, entry.id, AMBIGUOUS))
    for entry in lex.npo:
        rows.extend(_rows("NPO", {npo_area(f): None for f in entry.forms}, entry.id, AREA))
        rows.extend(_rows("NPO", entry.ambiguous, entry.id, AREA, strict=True))
    for fam in lex.groups.families:
        names = family_names(lex, fam)
        prefixes = family_prefixes(fam.prefixes) + owner_prefixes(lex, fam.owners)
        for name in names:
            cid = f"{fam.id}-{name.id}"
            for form in name.forms:
                if fam.triggers:
                    rows.extend(_rows(fam.label, [npo_area(form)], cid, MEMBER, family=fam.id))
                for prefix in prefixes:
                    for sep in fam.separators:
                        rows.extend(_rows(fam.label, [f"{prefix}{sep}{npo_area(form)}"], cid,
                                          FAMILY, family=fam.id))
        if fam.bare or fam.open_names:
            # Only an acronym ("RSG", "RPO") names the family by itself; "en regional
            # samverkansgrupp" alone is a description, not a mention. A family named by a word
            # (`open_after_words`) starts open names after that word too, but is never bare.
            # The genitive ("RSG:s arbete") is a bare mention, never the start of an open name
            # (`strict`).
            for p in fam.prefixes:
                if is_acronym(p) or fam.open_after_words:
                    for spelling in inflect(p):
                        rows.append(PatternRow(fam.label, spelling, fam.id, PREFIX,
                                               family=fam.id, strict=spelling != p))
    return rows


def owner_prefixes(lexicons: Lexicons, owners: Iterable[str]) -> list[str]:
    """Return the genitives of the forms of the `owners` labels' entries ("Region Stockholms")."""
    out: list[str] = []
    for label in owners:
        for entry in lexicons.by_label(label):
            out += [g for form in entry.forms for s in spellings_of(form) for g in genitives(s)]
    return list(dict.fromkeys(out))


def family_prefixes(prefixes: Iterable[str]) -> list[str]:
    """Return a family's prefixes, each written-out one also followed by the family's acronym.

    Texts introduce the acronym between the family word and the name: "Regionalt programområde
    (RPO) för ögonsjukdomar". The acronym is the family's first one (other acronyms, such as
    "RMPO" beside "RPO", stand for other wordings and are used alone).

    Examples:
        >>> family_prefixes(["RPO", "regionalt programområde"])
        ['RPO', 'regionalt programområde', 'regionalt programområde (RPO)']
    """
    prefixes = list(prefixes)
    acronym = next((p for p in prefixes if is_acronym(p)), None)
    out = list(prefixes)
    if acronym is not None:
        out += [f"{p} ({acronym})" for p in prefixes if not is_acronym(p) and "(" not in p]
    return list(dict.fromkeys(out))


def is_acronym(text: str) -> bool:
    """Whether `text` is an acronym: 2–8 capital letters ("RSG", "NHV", "UKÄ")."""
    return 2 <= len(text) <= 8 and text.isalpha() and text.isupper()


def open_name_id(family_id: str, words: str) -> str:
    """Id of an open family name: ``rsg`` + "Data och analys" → ``rsg-data-och-analys``."""
    return f"{family_id}-{slug(words)}" if slug(words) else family_id


def write_patterns_jsonl(path: Path, rows: Iterable[PatternRow]) -> None:
    """Write pattern rows as JSONL (one row a line, UTF-8)."""
    with Path(path).open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row.to_dict(), ensure_ascii=False) + "\n")


def read_patterns_jsonl(path: Path) -> list[PatternRow]:
    """Read pattern rows written by `write_patterns_jsonl`."""
    with Path(path).open(encoding="utf-8") as fh:
        return [PatternRow.from_dict(json.loads(line)) for line in fh if line.strip()]
