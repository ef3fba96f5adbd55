"""Organisations found by the shape of their names (``org_shapes.yaml``).

Shapes fill the gaps the lexicons leave. The entity component calls `ShapeRules.mentions`
after the lexicon mentions are chosen; a shape mention never covers a token of another mention.
A lexeme flag marks the words that can take part in a shape (the cue words and the capitalised
words with a cue suffix), so a Doc without one costs a single array read.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from regionkit.datafiles import DataFileError, check_keys, load_package_yaml
from regionkit.ids import slug
from regionkit.tagging.entity_lists import line_break_between
from regionkit.tagging.entity_rules import LINE_BREAKS
from regionkit.tagging.fold import fold
from regionkit.tagging.patterns import is_acronym

SHAPES_FILE = "org_shapes.yaml"
KINDS = ("last_word", "suffix", "national")
_SHAPE_KEYS = ("id", "kind", "label", "words", "max_before", "min_length", "place_after", "heads",
               "max_words", "source")


@dataclass(frozen=True)
class Shape:
    """One name shape (see ``org_shapes.yaml``)."""

    id: str
    kind: str
    words: tuple[str, ...]
    label: str = "ORG"
    max_before: int = 2
    min_length: int = 0
    place_after: bool = False
    heads: frozenset[str] = frozenset()
    max_words: int = 8
    source: str = ""


def _strings(value, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DataFileError(f"{where}: expected a list of words")
    return tuple(value)


def load_shapes(data=None) -> tuple[tuple[Shape, ...], frozenset[str]]:
    """Read the shapes and the words that never start a name (default: the packaged file).

    Raises:
        DataFileError: an unknown key or kind, a shape without words or source.
    """
    if data is None:
        data = load_package_yaml("regionkit.lexicons", SHAPES_FILE)
    top = check_keys(data, ("version", "not_in_name", "shapes"), SHAPES_FILE)
    shapes = []
    for i, row in enumerate(top.get("shapes") or []):
        where = f"{SHAPES_FILE}: shapes[{i}]"
        row = check_keys(row, _SHAPE_KEYS, where, required=("id", "kind", "words", "source"))
        if row["kind"] not in KINDS:
            raise DataFileError(f"{where}: kind {row['kind']!r} is none of {list(KINDS)}")
        shapes.append(Shape(
            id=str(row["id"]), kind=str(row["kind"]), words=_strings(row["words"], where),
            label=str(row.get("label", "ORG")), max_before=int(row.get("max_before", 2)),
            min_length=int(row.get("min_length", 0)),
            place_after=bool(row.get("place_after", False)),
            heads=frozenset(fold(h) for h in _strings(row.get("heads", []), where)),
            max_words=int(row.get("max_words", 8)), source=str(row["source"])))
    return tuple(shapes), frozenset(_strings(top.get("not_in_name") or [], SHAPES_FILE))


def _capitalised(text: str) -> bool:
    """Tell whether a word can be a name's: capitalised, digit-led with letters, or eHälsa-style."""
    return (text[:1].isupper() or (text[:1].isdigit() and any(c.isalpha() for c in text))
            or (text[:1] == "e" and text[1:2].isupper()))


# After a name: "i" before its place ("Regionförbundet i Kalmar län"), "län" after a county.
_PLACE_IN = "i"
_COUNTY_WORDS = frozenset({"län", "läns"})


class ShapeRules:
    """The name shapes compiled for one vocabulary: a lexeme flag for their words."""

    def __init__(self, nlp: Language, shapes: Sequence[Shape], not_in_name: Iterable[str]):
        self.shapes = tuple(shapes)
        self.not_in_name = frozenset(not_in_name)
        self.last = {w: s for s in self.shapes if s.kind == "last_word" for w in s.words}
        self.first = {w: s for s in self.shapes if s.kind == "national" for w in s.words}
        self.suffixes = tuple((w, s) for s in self.shapes if s.kind == "suffix" for w in s.words)
        suffix_words = tuple(w for w, _ in self.suffixes)
        cues = frozenset(self.last) | frozenset(self.first)

        def is_cue(text: str) -> bool:
            return text in cues or (_capitalised(text) and text.endswith(suffix_words))

        self.flag = nlp.vocab.add_flag(is_cue)

    def mentions(self, doc: Doc, others: Iterable[tuple[int, int]] = (),
                 ) -> list[tuple[int, int, str, str]]:
        """Return ``(start, end, label, id)`` token spans of shape mentions in `doc`.

        Tokens of `others` (``(start, end)`` of other mentions) are never part of one.
        """
        flags = doc.to_array(self.flag)
        if not flags.any():
            return []
        out = []
        taken = {i for start, end in others for i in range(start, end)}
        for i in flags.nonzero()[0].tolist():
            if i in taken:
                continue
            found = self._at(doc, i, taken)
            if found:
                start, end, shape = found
                text = doc[start:end].text
                out.append((start, end, shape.label, slug(text)))
                taken.update(range(start, end))
        return out

    def _at(self, doc: Doc, i: int, taken: set[int]) -> tuple[int, int, Shape] | None:
        text = doc[i].text
        shape = self.last.get(text)
        if shape is not None:
            start = i
            while (start > 0 and i - start < shape.max_before and start - 1 not in taken
                   and _capitalised(doc[start - 1].text)
                   and doc[start - 1].text not in self.not_in_name):
                start -= 1
            return (start, i + 1, shape) if start < i else None
        shape = self.first.get(text)
        if shape is not None:
            return self._national(doc, i, taken, shape)
        for suffix, shape in self.suffixes:
            if (text.endswith(suffix) and len(text) >= shape.min_length
                    and text not in self.not_in_name):
                end = i + 1
                if shape.place_after:
                    end = self._place_after(doc, end, taken)
                return i, end, shape
        return None

    def _place_after(self, doc: Doc, end: int, taken: set[int]) -> int:
        """Return the end of a name with its place: "X Place", "X i Place", "X [i] Place län".

        The place is a capitalised word that is not an acronym ("Karolinska
        Universitetssjukhuset NHV-enhet" ends before "NHV"), on the same line.
        """
        breaks = doc.user_data.get(LINE_BREAKS, ())
        at = end
        if (at + 1 < len(doc) and doc[at].text == _PLACE_IN and at not in taken
                and doc[at - 1].whitespace_):
            at += 1
        if not (at < len(doc) and at not in taken and doc[at].is_alpha
                and doc[at].text[:1].isupper() and not doc[at].text.isupper()
                and doc[at].text not in self.not_in_name and doc[at - 1].whitespace_
                and not line_break_between(doc, end, breaks)
                and not line_break_between(doc, at, breaks)):
            return end
        at += 1
        if (at < len(doc) and at not in taken and doc[at].text in _COUNTY_WORDS
                and doc[at - 1].whitespace_):
            at += 1
        return at

    def _national(self, doc: Doc, i: int, taken: set[int],
                  shape: Shape) -> tuple[int, int, Shape] | None:
        """"Nationella <words with a head> (ACRONYM)": the span ends before the parenthesis."""
        has_head = False
        for j in range(i + 1, min(len(doc), i + 1 + shape.max_words)):
            tok = doc[j]
            if j in taken or tok.is_space or (tok.is_punct and tok.text not in ("-", "–", "(")):
                return None
            if tok.text == "(":
                ok = (has_head and j > i + 1 and j + 2 < len(doc) and doc[j + 2].text == ")"
                      and is_acronym(doc[j + 1].text) and j + 1 not in taken)
                return (i, j, shape) if ok else None
            has_head = has_head or fold(tok.text) in shape.heads
        return None
