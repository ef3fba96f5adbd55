"""Plain result types of the tagging stage, shared by the entity and theme components."""

from __future__ import annotations

from dataclasses import dataclass, field

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


@dataclass(frozen=True, order=True)
class EntityMention:
    """One entity span; `start`/`end` are offsets into the text the caller passed in."""

    start: int
    end: int
    label: str
    id: str
    text: str

    def to_dict(self) -> dict:
        """Return the JSON shape of `regionkit tag` output."""
        return {"start": self.start, "end": self.end, "text": self.text,
                "label": self.label, "id": self.id}


@dataclass(frozen=True)
class ThemeTag:
    """One theme of a segment with its score and the words that gave it."""

    id: str
    score: float
    evidence: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        """Return the JSON shape of `regionkit tag` output."""
        return {"id": self.id, "score": round(self.score, 4), "evidence": list(self.evidence)}


@dataclass(frozen=True)
class TagResult:
    """Entities and themes of one text."""

    entities: tuple[EntityMention, ...] = ()
    themes: tuple[ThemeTag, ...] = field(default=())
