"""Lexicons of the entity tagger: plain data read from ``regionkit/lexicons/*.yaml``.

Three kinds of file live there (one file per kind of fact):

* fact lexicons (``sjukvardsregioner``, ``regions``, ``npo``, ``rcc``, ``orgs``): entries with a
  canonical id, a name, variants, `ambiguous` forms (entity only in the right context) and the
  source of the fact;
* ``groups.yaml``: named bodies (entries as above, label GROUP), *families* of bodies named by a
  prefix and a name ("RSG data och analys", "Kunskapsråd – Kirurgi och cancer") and the name sets
  those families draw on;
* ``context.yaml``: the context rules that decide ambiguous forms (a county name is a REGION only
  where it means the organisation, an area name is an NPO only after "NPO"/"nationella
  programområden", …).

Every mapping is read with `from_dict`, which rejects unknown keys naming the file and the key, so
that a typo in a lexicon fails loudly instead of silently dropping a variant. Files are found with
`importlib.resources`, never through paths relative to this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from regionkit.datafiles import DataFileError, load_yaml_file, load_yaml_text
from regionkit.datafiles import check_keys as _check_keys
from regionkit.tagging.types import ENTITY_LABELS

PACKAGE = "regionkit.lexicons"
GROUPS_LEXICON = "groups"
CONTEXT_LEXICON = "context"
# YAML files in the lexicon folder that are not entity lexicons (the theme helper's data).
NOT_ENTITY_LEXICONS = frozenset({"themes"})
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


LexiconError = DataFileError
"""A lexicon file that cannot be used (the one data-file error, `regionkit.datafiles`)."""


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise LexiconError(f"{where}: expected a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _string(value: Any, where: str, *, default: str = "") -> str:
    if value is None:
        return default
    if not isinstance(value, str | int | float):
        raise LexiconError(f"{where}: expected a string")
    return str(value).strip()


def _canonical_id(value: Any, where: str) -> str:
    text = _string(value, where)
    if not _ID.match(text):
        raise LexiconError(f"{where}: id {text!r} is not a slug (a-z, 0-9 and single '-')")
    return text


@dataclass(frozen=True)
class LexiconEntry:
    """One entity of a lexicon: its canonical id, the forms that name it, and the fact's source.

    Attributes:
        id: canonical id (slug).
        name: current official name.
        variants: forms that always mean this entity (the name is added when missing).
        ambiguous: forms that mean it only in the right context (`context.yaml` decides).
        former_names: older names; matched like variants.
        part_of: sjukvårdsregion ids the entity belongs to.
        host: sjukvårdsregion holding the värdskap (NPO only).
        source: where the fact comes from.
        note: anything a maintainer should know.
    """

    id: str
    name: str
    variants: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()
    former_names: tuple[str, ...] = ()
    part_of: tuple[str, ...] = ()
    host: str | None = None
    source: str = ""
    note: str = ""

    KEYS = ("id", "name", "variants", "ambiguous", "former_names", "part_of", "host", "source",
            "note")

    @classmethod
    def from_dict(cls, data: Any, *, where: str) -> LexiconEntry:
        """Read an entry, rejecting unknown keys.

        Raises:
            LexiconError: unknown or missing key, or a value of the wrong type.
        """
        if isinstance(data, Mapping) and "id" in data:
            where = f"{where} (id {data['id']!r})"
        data = _check_keys(data, cls.KEYS, where, required=("id", "name"))
        return cls(
            id=_canonical_id(data["id"], f"{where}: id"),
            name=_string(data["name"], f"{where}: name"),
            variants=_strings(data.get("variants"), f"{where}: variants"),
            ambiguous=_strings(data.get("ambiguous"), f"{where}: ambiguous"),
            former_names=_strings(data.get("former_names"), f"{where}: former_names"),
            part_of=_strings(data.get("part_of"), f"{where}: part_of"),
            host=_string(data.get("host"), f"{where}: host") or None,
            source=_string(data.get("source"), f"{where}: source"),
            note=_string(data.get("note"), f"{where}: note"),
        )

    def to_dict(self) -> dict:
        """Return the YAML shape of the entry (empty fields left out)."""
        out = {"id": self.id, "name": self.name}
        for key in self.KEYS[2:]:
            value = getattr(self, key)
            if value:
                out[key] = list(value) if isinstance(value, tuple) else value
        return out

    @property
    def forms(self) -> tuple[str, ...]:
        """Unambiguous forms: name, variants and former names, without duplicates."""
        return tuple(dict.fromkeys((self.name, *self.variants, *self.former_names)))


@dataclass(frozen=True)
class Lexicon:
    """One fact lexicon file: all its entries carry the file's label."""

    name: str
    label: str
    version: str
    entries: tuple[LexiconEntry, ...]
    origin: str = ""

    KEYS = ("lexicon", "label", "version", "entries")

    @classmethod
    def from_dict(cls, data: Any, *, origin: str) -> Lexicon:
        """Read a fact lexicon file's content.

        Raises:
            LexiconError: unknown keys, an unknown label or a repeated id.
        """
        data = _check_keys(data, cls.KEYS, origin, required=("lexicon", "label", "entries"))
        label = _string(data["label"], f"{origin}: label")
        if label not in ENTITY_LABELS:
            raise LexiconError(f"{origin}: label {label!r} is not one of {ENTITY_LABELS}")
        rows = data["entries"]
        if not isinstance(rows, list):
            raise LexiconError(f"{origin}: entries: expected a list")
        entries = tuple(LexiconEntry.from_dict(row, where=f"{origin}: entries[{i}]")
                        for i, row in enumerate(rows))
        _check_unique((e.id for e in entries), f"{origin}: entries")
        return cls(_string(data["lexicon"], f"{origin}: lexicon"), label,
                   _string(data.get("version"), f"{origin}: version"), entries, origin)


def _check_unique(ids: Iterable[str], where: str) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise LexiconError(f"{where}: id {i!r} is used twice")
        seen.add(i)


@dataclass(frozen=True)
class NameEntry:
    """A name that a family of bodies can carry ("Data och analys", "Primärvårdsråd")."""

    id: str
    name: str
    variants: tuple[str, ...] = ()
    source: str = ""
    note: str = ""

    KEYS = ("id", "name", "variants", "source", "note")

    @classmethod
    def from_dict(cls, data: Any, *, where: str) -> NameEntry:
        """Read a name, rejecting unknown keys."""
        data = _check_keys(data, cls.KEYS, where, required=("id", "name"))
        return cls(_canonical_id(data["id"], f"{where}: id"),
                   _string(data["name"], f"{where}: name"),
                   _strings(data.get("variants"), f"{where}: variants"),
                   _string(data.get("source"), f"{where}: source"),
                   _string(data.get("note"), f"{where}: note"))

    @property
    def forms(self) -> tuple[str, ...]:
        """Name and variants without duplicates."""
        return tuple(dict.fromkeys((self.name, *self.variants)))


@dataclass(frozen=True)
class GroupPattern:
    """A family of bodies named by a prefix and a name: "RSG data och analys".

    A mention is ``prefix + separator + name``; its id is ``<id>-<name id>``. With
    `open_names`, a prefix followed by words that are no known name still makes a mention (the
    words up to a stop word, at most four), id ``<id>-<slug of the words>``. With `bare`, the
    prefix alone is a mention (id `id`). A known name standing alone is a mention of the family
    when one of its `triggers` comes shortly before it ("två sjukvårdsregionala samverkansgrupper,
    Uppföljning och analys samt Stöd för utveckling").

    Attributes:
        id: family id, the prefix of its mentions' ids.
        label: GROUP (regional bodies) or ORG (national ones such as the NSG).
        name: what the family is.
        prefixes: forms of the family word ("RSG", "regional samverkansgrupp").
        separators: what may stand between prefix and name, spaces included (" ", ", ", " – ").
        names: keys of name sets in groups.yaml, or "npo" for the NPO area names.
        open_names: accept unknown names after the prefix (after acronym prefixes only, unless
            `open_after_words`).
        open_after_words: open names also follow the written-out prefixes, for families named by
            a word rather than an acronym ("Chefssamråd ortopedi"). The prefix alone is then
            never a mention ("chefsamråd" in "ledningsgrupp, chefsamråd eller andra").
        owners: labels whose entries own a body of the family: their forms in the genitive
            ("Region Stockholms") are prefixes too ("Region Stockholms läkemedelskommitté").
        bare: the prefix alone is a mention.
        triggers: list heads after which known names alone are mentions of the family.
        source: where the family and its forms come from.
        note: anything a maintainer should know.
    """

    id: str
    name: str
    prefixes: tuple[str, ...]
    names: tuple[str, ...] = ()
    label: str = "GROUP"
    separators: tuple[str, ...] = (" ",)
    open_names: bool = False
    open_after_words: bool = False
    owners: tuple[str, ...] = ()
    bare: bool = False
    triggers: tuple[str, ...] = ()
    source: str = ""
    note: str = ""

    KEYS = ("id", "name", "label", "prefixes", "separators", "names", "open_names",
            "open_after_words", "owners", "bare", "triggers", "source", "note")

    @classmethod
    def from_dict(cls, data: Any, *, where: str) -> GroupPattern:
        """Read a family, rejecting unknown keys."""
        data = _check_keys(data, cls.KEYS, where, required=("id", "name", "prefixes"))
        where = f"{where} (id {data.get('id')!r})"
        label = _string(data.get("label"), f"{where}: label", default="GROUP")
        if label not in ENTITY_LABELS:
            raise LexiconError(f"{where}: label {label!r} is not one of {ENTITY_LABELS}")
        seps = data.get("separators", [" "])
        if not isinstance(seps, list) or not all(isinstance(s, str) and s for s in seps):
            raise LexiconError(f"{where}: separators: expected a list of non-empty strings")
        for key in ("open_names", "open_after_words", "bare"):
            if not isinstance(data.get(key, False), bool):
                raise LexiconError(f"{where}: {key}: expected true or false")
        owners = _strings(data.get("owners"), f"{where}: owners")
        for owner in owners:
            if owner not in ENTITY_LABELS:
                raise LexiconError(f"{where}: owners: {owner!r} is not one of {ENTITY_LABELS}")
        return cls(
            id=_canonical_id(data["id"], f"{where}: id"),
            name=_string(data["name"], f"{where}: name"),
            prefixes=_strings(data["prefixes"], f"{where}: prefixes"),
            names=_strings(data.get("names"), f"{where}: names"),
            label=label,
            separators=tuple(seps),
            open_names=data.get("open_names", False),
            open_after_words=data.get("open_after_words", False),
            owners=owners,
            bare=data.get("bare", False),
            triggers=_strings(data.get("triggers"), f"{where}: triggers"),
            source=_string(data.get("source"), f"{where}: source"),
            note=_string(data.get("note"), f"{where}: note"),
        )


@dataclass(frozen=True)
class GroupLexicon:
    """``groups.yaml``: named bodies, families of bodies, and the name sets of the families."""

    version: str
    entries: tuple[LexiconEntry, ...]
    families: tuple[GroupPattern, ...]
    name_sets: Mapping[str, tuple[NameEntry, ...]]
    origin: str = ""
    label: str = "GROUP"
    name: str = GROUPS_LEXICON

    KEYS = ("lexicon", "label", "version", "entries", "families", "names")

    @classmethod
    def from_dict(cls, data: Any, *, origin: str) -> GroupLexicon:
        """Read ``groups.yaml``.

        Raises:
            LexiconError: unknown keys, a repeated id, or a family naming an unknown name set.
        """
        data = _check_keys(data, cls.KEYS, origin, required=("lexicon", "entries"))
        label = _string(data.get("label"), f"{origin}: label", default="GROUP")
        if label != "GROUP":
            raise LexiconError(f"{origin}: label must be GROUP, not {label!r}")
        entries = tuple(LexiconEntry.from_dict(row, where=f"{origin}: entries[{i}]")
                        for i, row in enumerate(_list(data["entries"], f"{origin}: entries")))
        _check_unique((e.id for e in entries), f"{origin}: entries")
        families = tuple(GroupPattern.from_dict(row, where=f"{origin}: families[{i}]")
                         for i, row in enumerate(_list(data.get("families"),
                                                       f"{origin}: families")))
        _check_unique((f.id for f in families), f"{origin}: families")
        sets_raw = data.get("names") or {}
        if not isinstance(sets_raw, Mapping):
            raise LexiconError(f"{origin}: names: expected a mapping of name sets")
        name_sets = {}
        for key, rows in sets_raw.items():
            where = f"{origin}: names.{key}"
            name_sets[str(key)] = tuple(NameEntry.from_dict(row, where=f"{where}[{i}]")
                                        for i, row in enumerate(_list(rows, where)))
            _check_unique((n.id for n in name_sets[str(key)]), where)
        for fam in families:
            for key in fam.names:
                if key != "npo" and key not in name_sets:
                    raise LexiconError(f"{origin}: family {fam.id!r}: unknown name set {key!r}")
        return cls(_string(data.get("version"), f"{origin}: version"), entries, families,
                   name_sets, origin)


def _list(value: Any, where: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise LexiconError(f"{where}: expected a list")
    return value


@dataclass(frozen=True)
class ContextRule:
    """When an ambiguous form is an entity: the words around it decide.

    Phrases are written as in text ("kommunerna i") and compared on folded tokens. A form is
    first extended over a coordination (", ", "och", "samt" …) of forms of the same label, so
    that "sjukhusen i Uppsala och Örebro" is judged as a whole. Then, in this order: a
    `reject_before`/`reject_after` phrase next to it rejects it; an `accept_before`/`accept_after`
    phrase next to it accepts it; with `accept_in_list`, a coordination of at least `list_min`
    forms of the label is accepted; otherwise it is not an entity.

    Attributes:
        label: the label whose ambiguous forms this rule decides.
        ids: only these entries (all of the label when empty).
        accept_before: phrases that, right before the form, make it an entity.
        accept_after: phrases that, right after it, make it an entity.
        reject_before: phrases that, right before it, make it no entity.
        reject_after: phrases that, right after it, make it no entity.
        accept_in_list: a coordination of forms of the label is accepted.
        list_min: how many forms the coordination needs.
        accept_by_default: accept when no phrase decides (for forms that are mentions except
            in a few known contexts, such as "RCC" but not "RCCs nationella samarbete").
        after_person: accept a form in parentheses right after a person's name ("Anna Berg
            (Skåne)": the region she represents); `PersonRule` says what a person's name is.
        note: why.
    """

    label: str
    ids: tuple[str, ...] = ()
    accept_before: tuple[str, ...] = ()
    accept_after: tuple[str, ...] = ()
    reject_before: tuple[str, ...] = ()
    reject_after: tuple[str, ...] = ()
    accept_in_list: bool = False
    list_min: int = 2
    accept_by_default: bool = False
    after_person: bool = False
    note: str = ""

    KEYS = ("label", "ids", "accept_before", "accept_after", "reject_before", "reject_after",
            "accept_in_list", "list_min", "accept_by_default", "after_person", "note")

    @classmethod
    def from_dict(cls, data: Any, *, where: str) -> ContextRule:
        """Read a rule, rejecting unknown keys."""
        data = _check_keys(data, cls.KEYS, where, required=("label",))
        label = _string(data["label"], f"{where}: label")
        if label not in ENTITY_LABELS:
            raise LexiconError(f"{where}: label {label!r} is not one of {ENTITY_LABELS}")
        list_min = data.get("list_min", 2)
        if not isinstance(list_min, int) or list_min < 2:
            raise LexiconError(f"{where}: list_min: expected an integer of at least 2")
        for key in ("accept_in_list", "accept_by_default", "after_person"):
            if not isinstance(data.get(key, False), bool):
                raise LexiconError(f"{where}: {key}: expected true or false")
        return cls(label, _strings(data.get("ids"), f"{where}: ids"),
                   *(_strings(data.get(k), f"{where}: {k}") for k in cls.KEYS[2:6]),
                   accept_in_list=data.get("accept_in_list", False), list_min=list_min,
                   accept_by_default=data.get("accept_by_default", False),
                   after_person=data.get("after_person", False),
                   note=_string(data.get("note"), f"{where}: note"))


@dataclass(frozen=True)
class EnumerationRule:
    """When a list of programme-area names is a list of NPO without any trigger word.

    `min_items` or more NPO area names as consecutive list items (bullet or numbered lines,
    roster lines "Akut vård – Anna Berg (Skåne)", or one comma/"och" list) are NPO mentions: a
    list of that many national area names names the programme areas themselves. Not when the
    word right before the first name is a `reject_before` word (a topic list: "satsningar inom
    psykisk hälsa, levnadsvanor och tandvård"), nor when a `reject_lead` word introduces the list
    (its heading or sentence, up to the sentence end: "Fokusområden:", "regionala
    programområden"). A trigger found before the list (national, family or block) decides first.
    """

    min_items: int = 3
    reject_before: tuple[str, ...] = ()
    reject_lead: tuple[str, ...] = ()

    KEYS = ("min_items", "reject_before", "reject_lead", "note")

    @classmethod
    def from_dict(cls, data: Any, *, where: str) -> EnumerationRule:
        """Read the enumeration rule, rejecting unknown keys."""
        data = _check_keys(data, cls.KEYS, where)
        min_items = data.get("min_items", 3)
        if not isinstance(min_items, int) or min_items < 2:
            raise LexiconError(f"{where}: min_items: expected an integer of at least 2")
        return cls(min_items, _strings(data.get("reject_before"), f"{where}: reject_before"),
                   _strings(data.get("reject_lead"), f"{where}: reject_lead"))


@dataclass(frozen=True)
class PersonRule:
    """What counts as a person's name before a county in parentheses ("Anna Berg (Skåne)").

    Two to four name words (capitalised words, double-barrelled names and initials such as
    "T.") right before the "(", none of them part of a lexicon form ("Region Skåne (Skåne)").
    Not a person: a run whose first word is a `not_first` word (a place such as "Östra Göinge",
    "Nya Varvet"), a run holding a word that ends in a `place_endings` word (a hospital or a
    place: "Centralsjukhuset Kristianstad", "Växjö lasarett"), or a run after a `reject_before`
    word ("i Upplands Väsby").
    """

    not_first: tuple[str, ...] = ()
    place_endings: tuple[str, ...] = ()
    reject_before: tuple[str, ...] = ()

    KEYS = ("not_first", "place_endings", "reject_before", "note")

    @classmethod
    def from_dict(cls, data: Any, *, where: str) -> PersonRule:
        """Read the person rule, rejecting unknown keys."""
        data = _check_keys(data, cls.KEYS, where)
        return cls(*(_strings(data.get(k), f"{where}: {k}") for k in cls.KEYS[:3]))


@dataclass(frozen=True)
class AreaRule:
    """When a bare programme-area or family name is an entity, and of which kind.

    The nearest trigger in the `window` tokens before the name decides (a `barriers` token ends
    the search): a `national` trigger makes an NPO area name an NPO; a family trigger (from
    groups.yaml) makes a family name a GROUP of that family; a `block` phrase ("riktlinjer för",
    "lokala programområden") makes it no entity. An `adjacent` trigger makes an area name an NPO
    only right before it ("värdregion för tandvård", "programområdet psykisk hälsa"): farther
    away such a word may as well mean a regional programme area, and the search goes on past
    it. Short `ambiguous` NPO forms need a national trigger right before them. Without any
    trigger, an `enumeration` of area names may still be NPO (`EnumerationRule`).
    """

    national: tuple[str, ...] = ()
    adjacent: tuple[str, ...] = ()
    block: tuple[str, ...] = ()
    window: int = 30
    barriers: tuple[str, ...] = (".", "!", "?")
    enumeration: EnumerationRule | None = None

    KEYS = ("national", "adjacent", "block", "window", "barriers", "enumeration", "note")

    @classmethod
    def from_dict(cls, data: Any, *, where: str) -> AreaRule:
        """Read the area rule, rejecting unknown keys."""
        data = _check_keys(data, cls.KEYS, where)
        window = data.get("window", 30)
        if not isinstance(window, int) or window < 1:
            raise LexiconError(f"{where}: window: expected a positive integer")
        enumeration = data.get("enumeration")
        return cls(_strings(data.get("national"), f"{where}: national"),
                   _strings(data.get("adjacent"), f"{where}: adjacent"),
                   _strings(data.get("block"), f"{where}: block"), window,
                   _strings(data.get("barriers"), f"{where}: barriers") or (".", "!", "?"),
                   None if enumeration is None else
                   EnumerationRule.from_dict(enumeration, where=f"{where}: enumeration"))


@dataclass(frozen=True)
class ContextLexicon:
    """``context.yaml``: how ambiguous forms are decided and how mentions are joined.

    Attributes:
        chain: words that coordinate forms in a list (", ", "och", "samt", "/").
        rules: rules for the ambiguous forms of each label.
        areas: the rule for bare programme-area and family names.
        suffix_labels: labels whose bare forms directly after a body's name are part of it
            ("Regionalt vårdkompetensråd Mellansverige" is one GROUP).
        suffix_excludes: words that keep a form from being such a suffix ("sjukvårdsregion").
        stop_words: words that end an open family name ("RSG data och analys i uppdrag").
        verb_endings: endings of verb forms that cannot start an open family name ("RPO
            utformas", "RSG beslutade"): s-passives and past forms.
        persons: what a person's name is, for rules with `after_person`.
    """

    version: str = ""
    chain: tuple[str, ...] = (",", "och", "samt")
    rules: tuple[ContextRule, ...] = ()
    areas: AreaRule = field(default_factory=AreaRule)
    suffix_labels: tuple[str, ...] = ()
    suffix_excludes: tuple[str, ...] = ()
    stop_words: tuple[str, ...] = ()
    verb_endings: tuple[str, ...] = ()
    persons: PersonRule = field(default_factory=PersonRule)
    origin: str = ""
    name: str = CONTEXT_LEXICON

    KEYS = ("lexicon", "version", "chain", "rules", "areas", "suffix_labels", "suffix_excludes",
            "stop_words", "verb_endings", "persons", "note")

    @classmethod
    def from_dict(cls, data: Any, *, origin: str) -> ContextLexicon:
        """Read ``context.yaml``.

        Raises:
            LexiconError: unknown keys or values of the wrong type.
        """
        data = _check_keys(data, cls.KEYS, origin, required=("lexicon",))
        rules = tuple(ContextRule.from_dict(row, where=f"{origin}: rules[{i}]")
                      for i, row in enumerate(_list(data.get("rules"), f"{origin}: rules")))
        suffix_labels = _strings(data.get("suffix_labels"), f"{origin}: suffix_labels")
        for label in suffix_labels:
            if label not in ENTITY_LABELS:
                raise LexiconError(f"{origin}: suffix_labels: {label!r} is not a label")
        return cls(
            version=_string(data.get("version"), f"{origin}: version"),
            chain=_strings(data.get("chain"), f"{origin}: chain") or (",", "och", "samt"),
            rules=rules,
            areas=AreaRule.from_dict(data.get("areas") or {}, where=f"{origin}: areas"),
            suffix_labels=suffix_labels,
            suffix_excludes=_strings(data.get("suffix_excludes"), f"{origin}: suffix_excludes"),
            stop_words=_strings(data.get("stop_words"), f"{origin}: stop_words"),
            verb_endings=_strings(data.get("verb_endings"), f"{origin}: verb_endings"),
            persons=PersonRule.from_dict(data.get("persons") or {}, where=f"{origin}: persons"),
            origin=origin,
        )


@dataclass(frozen=True)
class Lexicons:
    """Everything the entity tagger reads: fact lexicons, groups and context rules."""

    facts: tuple[Lexicon, ...]
    groups: GroupLexicon
    context: ContextLexicon

    def by_label(self, label: str) -> list[LexiconEntry]:
        """Entries of one label across the fact lexicons and groups.yaml."""
        out = [e for lex in self.facts if lex.label == label for e in lex.entries]
        if label == "GROUP":
            out.extend(self.groups.entries)
        return out

    @property
    def npo(self) -> list[LexiconEntry]:
        """The NPO entries (area names of the national programme areas)."""
        return self.by_label("NPO")


def _read_yaml(file: Traversable | Path) -> Any:
    if isinstance(file, Path):
        return load_yaml_file(file)
    return load_yaml_text(file.read_text(encoding="utf-8"), file.name)


def parse_lexicon_file(data: Any, origin: str) -> Lexicon | GroupLexicon | ContextLexicon:
    """Read the content of one lexicon file, choosing its kind by its `lexicon` key.

    Raises:
        LexiconError: the file has no `lexicon` key or its content is wrong.
    """
    if not isinstance(data, Mapping) or "lexicon" not in data:
        raise LexiconError(f"{origin}: missing key 'lexicon'")
    kind = data["lexicon"]
    if kind == GROUPS_LEXICON:
        return GroupLexicon.from_dict(data, origin=origin)
    if kind == CONTEXT_LEXICON:
        return ContextLexicon.from_dict(data, origin=origin)
    return Lexicon.from_dict(data, origin=origin)


def lexicon_files(folder: Traversable | Path | None = None) -> list[Traversable | Path]:
    """List the entity lexicon files of `folder` (default: the packaged ones)."""
    root = resources.files(PACKAGE) if folder is None else folder
    return sorted((f for f in root.iterdir()
                   if f.name.endswith(".yaml") and f.name[:-5] not in NOT_ENTITY_LEXICONS),
                  key=lambda f: f.name)


def load_lexicons(folder: Traversable | Path | None = None) -> Lexicons:
    """Load every entity lexicon of `folder` (default: the packaged ones, cached).

    Raises:
        LexiconError: a file is malformed, or groups.yaml / context.yaml is missing.
    """
    if folder is None:
        return _packaged_lexicons()
    return _load(folder)


@lru_cache(maxsize=1)
def _packaged_lexicons() -> Lexicons:
    return _load(None)


def _load(folder: Traversable | Path | None) -> Lexicons:
    facts, groups, context = [], None, None
    for file in lexicon_files(folder):
        parsed = parse_lexicon_file(_read_yaml(file), file.name)
        if isinstance(parsed, GroupLexicon):
            groups = parsed
        elif isinstance(parsed, ContextLexicon):
            context = parsed
        else:
            facts.append(parsed)
    if groups is None:
        raise LexiconError("no groups.yaml among the lexicons")
    return Lexicons(tuple(facts), groups, context or ContextLexicon())


def family_names(lexicons: Lexicons, family: GroupPattern) -> list[NameEntry]:
    """Return the names a family can carry (NPO area names when it draws on "npo")."""
    names: list[NameEntry] = []
    for key in family.names:
        if key == "npo":
            names.extend(NameEntry(e.id, e.name, e.forms) for e in lexicons.npo)
        else:
            names.extend(lexicons.groups.name_sets[key])
    return names
