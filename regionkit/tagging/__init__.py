"""Tagging: entities with canonical ids and themes with evidence, on spaCy's blank Swedish."""

from regionkit.tagging.export import export_quanteda
from regionkit.tagging.io import tag_jsonl
from regionkit.tagging.lexicon import load_lexicons
from regionkit.tagging.pipeline import Tagger, build_nlp
from regionkit.tagging.types import ENTITY_LABELS, THEME_IDS, EntityMention, TagResult, ThemeTag

__all__ = ["ENTITY_LABELS", "THEME_IDS", "EntityMention", "TagResult", "Tagger", "ThemeTag",
           "build_nlp", "export_quanteda", "load_lexicons", "tag_jsonl"]
