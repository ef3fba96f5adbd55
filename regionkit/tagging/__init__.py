"""Tagging: entities with canonical ids and themes with evidence, on spaCy's blank Swedish."""

from regionkit.tagging.types import ENTITY_LABELS, THEME_IDS, EntityMention, TagResult, ThemeTag

__all__ = ["ENTITY_LABELS", "THEME_IDS", "EntityMention", "TagResult", "ThemeTag"]
