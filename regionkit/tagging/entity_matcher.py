"""The entity matcher: the lexicon patterns in a PhraseMatcher on the folded NORM.

It only finds where patterns match and what each match may be (`Info`); the entity component
(`regionkit.tagging.entities`) decides which matches are mentions.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from regionkit.tagging.entity_rules import Info, PatternSet


class EntityMatcher:
    """Pattern matches of a Doc: ``(start, end)`` token span -> what the patterns say it is."""

    def __init__(self, nlp: Language, patterns: PatternSet) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        by_key: dict[str, list[str]] = {}
        self.infos: dict[int, Info] = {}
        for row in patterns.rows:
            key = f"{row.kind}|{row.label}|{row.id}|{row.family}|{int(row.strict)}"
            by_key.setdefault(key, []).append(row.pattern)
            self.infos[nlp.vocab.strings.add(key)] = Info(row.kind, row.label, row.id,
                                                          row.family, row.strict)
        docs = patterns.docs
        for key, texts in by_key.items():
            self.matcher.add(key, [docs.get(p) or nlp.tokenizer(p) for p in dict.fromkeys(texts)])
        # The pattern Docs are needed once (a matcher built again tokenises them again): kept,
        # they hold tens of MiB for the life of the pipeline.
        docs.clear()
        strings = nlp.vocab.strings
        # Labels and lexicon ids as their hashes: a string would be hashed again per Span.
        self.known_hashes = {text: strings.add(text) for row in patterns.rows
                             for text in (row.label, row.id) if text}

    def __call__(self, doc: Doc) -> dict[tuple[int, int], list[Info]]:
        """Return the matched token spans of `doc` with what each may be."""
        spans: dict[tuple[int, int], list[Info]] = {}
        infos = self.infos
        for key, start, end in self.matcher(doc):
            spans.setdefault((start, end), []).append(infos[key])
        return spans
