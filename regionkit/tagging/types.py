"""Plain result types of the tagging stage, shared by the entity and theme components."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

ENTITY_LABELS: tuple[str, ...] = ("SJUKVARDSREGION", "REGION", "NPO", "GROUP", "ORG")

THEME_IDS: tuple[str, ...] = (
    "kunskapsstyrning",
    "hogspecialiserad_vard",
    "cancervard",
    "produktion_tillganglighet",
    "kompetensforsorjning",
    "krisberedskap",
    "pandemi",
    "digitalisering",
    "forskning",
    "nara_vard",
    "ekonomi_avtal",
    "folkhalsa",
    "psykiatri",
    "kvalitet_jamlikhet",
    "styrning_samverkan",
)


class EntityMention(NamedTuple):
    """One entity span; `start`/`end` are offsets into the text the caller passed in.

    A named tuple (cheap to make: the tagger makes one per mention).
    """

    start: int
    end: int
    label: str
    id: str
    text: str

    def to_dict(self) -> dict:
        """Return the JSON shape of `regionkit tag` output."""
        return {"start": self.start, "end": self.end, "text": self.text,
                "label": self.label, "id": self.id}


# Kinds of theme evidence (`EvidenceSpan.cue`): a whole word or its lemma, a compound part
# inside a word, several words in a row, an entity mention.
CUE_KINDS: tuple[str, ...] = ("lemma", "part", "phrase", "entity")


class EvidenceSpan(NamedTuple):
    """One piece of theme evidence; `start`/`end` are offsets into the text the caller passed in.

    A named tuple (cheap to make and to sort: the tagger makes one per piece of evidence).

    Attributes:
        start: offset of the first character of the evidence.
        end: offset after its last character.
        theme: the theme id it supports.
        text: the evidence as it stands in the text.
        weight: what it adds to the theme's score: the term's weight, times the heading weight
            when it stands in the segment's heading (a repeated term is decayed in the score).
        cue: its kind, one of `CUE_KINDS`.
    """

    start: int
    end: int
    theme: str
    text: str
    weight: float
    cue: str

    def to_dict(self) -> dict:
        """Return the JSON shape of a span in `regionkit tag` output."""
        return {"start": self.start, "end": self.end, "text": self.text,
                "weight": round(self.weight, 4), "cue": self.cue}


@dataclass(frozen=True)
class ThemeTag:
    """One theme of a segment with its score, the words that gave it and where they stand.

    `evidence` is the words (each once, in text order); `spans` the pieces of evidence with
    their offsets (`EvidenceSpan`).
    """

    id: str
    score: float
    evidence: tuple[str, ...] = ()
    spans: tuple[EvidenceSpan, ...] = ()

    def to_dict(self) -> dict:
        """Return the JSON shape of `regionkit tag` output."""
        return {"id": self.id, "score": round(self.score, 4), "evidence": list(self.evidence),
                "spans": [s.to_dict() for s in self.spans]}


@dataclass(frozen=True)
class SegmentInfo:
    """What segmentation decided about a segment, handed to the tagger.

    Attributes:
        kind: the segment kind (`regionkit.segment.SEGMENT_KINDS`), or None when unknown.
        heading_end: offset into the segment text where its own heading line ends (0: the
            segment opens with no heading of its own).
    """

    kind: str | None = None
    heading_end: int = 0


@dataclass(frozen=True)
class TagResult:
    """Entities and themes of one text.

    `themes` are the themes given to it; `evidence` every piece of theme evidence found, for
    every theme with any (given or not), sorted by offset and theme.
    """

    entities: tuple[EntityMention, ...] = ()
    themes: tuple[ThemeTag, ...] = field(default=())
    evidence: tuple[EvidenceSpan, ...] = field(default=())
