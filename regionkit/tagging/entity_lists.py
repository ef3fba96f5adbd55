"""Lists of names in a Doc: enumerations, list items and list lines, for the entity component.

A bare area name ("Akut vård") is an NPO when it stands in a list that a trigger opened or in
an enumeration of such names; these functions read that list structure off the Doc's tokens and
norms with the glue, barriers and enumeration rule of `EntityRules`.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from regionkit.tagging.context import list_number_stop, nearest_trigger
from regionkit.tagging.entity_rules import (
    AREA,
    ITEM_END,
    LINE_BREAKS,
    LIST_GLUE,
    MAX_GLUE,
    MAX_LIST_LINE,
    EntityRules,
)


def enumerations(r: EntityRules, doc: Doc, norms: Sequence[str], pending) -> frozenset[int]:
    """Return the starts of area names that are items of an enumeration of NPO area names.

    An enumeration is a run of at least ``min_items`` area names, each linked to the next
    as an item of one comma/"och" list (`_inline_items`) or as the heads of consecutive list
    lines (`_item_lines`: bullets, numbers, roster lines "Akut vård – Anna Berg (Skåne)").
    A run is dropped when a `reject_before` word stands right before its first name or a
    `reject_lead` word introduces it (`EnumerationRule`). One pass over the candidates.
    """
    rule = r.enumeration
    if rule is None:
        return frozenset()
    items: list[tuple[int, int]] = []
    for s, e, infos in pending:  # sorted by start, longest first
        if (not items or s >= items[-1][1]) and any(
                i.kind == AREA and not i.strict for i in infos):
            items.append((s, e))
    if len(items) < rule.min_items:
        return frozenset()
    breaks = doc.user_data.get(LINE_BREAKS, ())
    runs = [[items[0]]]
    for prev, cur in zip(items, items[1:], strict=False):
        if (inline_items(r, norms, prev[1], cur[0])
                or item_lines(r, doc, norms, prev, cur, breaks)):
            runs[-1].append(cur)
        else:
            runs.append([cur])
    out: set[int] = set()
    for run in runs:
        first = run[0][0]
        if (len(run) < rule.min_items or r.enum_reject_before.ending_at(norms, first - 1)
                or nearest_trigger(norms, first, r.enum_lead, r.barriers,
                                   r.window)):
            continue
        out.update(s for s, _ in run)
    return frozenset(out)


def inline_items(r: EntityRules, norms: Sequence[str], end: int, start: int) -> bool:
    """Tell whether only list glue (commas, "och", bullets) stands between two names."""
    if not 0 < start - end <= MAX_GLUE:
        return False
    for k in range(end, start):
        tok = norms[k]
        if tok == "." and not list_number_stop(norms, k):
            return False
        if not (tok in r.chain or tok in LIST_GLUE or tok.isspace()
                or (tok.isdigit() and len(tok) <= 2)):
            return False
    return True


def item_lines(r: EntityRules, doc: Doc, norms: Sequence[str], a: tuple[int, int],
                b: tuple[int, int], breaks) -> bool:
    """Tell whether names `a` and `b` head two consecutive short list lines.

    Each name must stand alone at the head of its line (after bullets or a number) and be
    followed by the line end or an item separator (":", "–", "(" …); the rest of `a`'s
    line must be short and hold no sentence end except a line-final one.
    """
    head_b = item_head(r, doc, norms, *b, breaks)
    if head_b is None or head_b < a[1] or item_head(r, doc, norms, *a, breaks) is None:
        return False
    if head_b - a[1] > MAX_LIST_LINE:
        return False
    line_end = head_b - 1 if norms[head_b - 1].isspace() else head_b
    for k in range(a[1], line_end):
        if k > a[1] and line_boundary(doc, k, breaks):
            return False  # a line between the two
        if (norms[k] in r.barriers and not list_number_stop(norms, k)
                and k != line_end - 1):
            return False
    return True


def item_head(r: EntityRules, doc: Doc, norms: Sequence[str], s: int, e: int, breaks) -> int | None:
    """Return where the line of `s` starts if ``norms[s:e]`` heads it as a list item."""
    if not (e == len(doc) or norms[e] in ITEM_END or norms[e].isspace()
            or line_boundary(doc, e, breaks)):
        return None
    j = s
    while j > 0 and not line_boundary(doc, j, breaks):
        tok = norms[j - 1]
        if not (tok in LIST_GLUE or tok.isspace() or (tok.isdigit() and len(tok) <= 2)):
            return None
        j -= 1
    return j


def list_before(r: EntityRules, norms: Sequence[str], s: int, listed: dict[int, str]) -> str | None:
    """Return who accepted the list item that ends right before `s` (list glue between)."""
    j = s
    for _ in range(MAX_GLUE + 1):
        if j in listed:
            return listed[j]
        if j == 0:
            return None
        tok = norms[j - 1]
        if tok == "." and not list_number_stop(norms, j - 1):
            return None  # a sentence ends between them
        if not (tok in r.chain or tok in LIST_GLUE or tok.isspace()
                or (tok.isdigit() and len(tok) <= 2)):
            return None
        j -= 1
    return None


def line_above(r: EntityRules, doc: Doc, norms: Sequence[str], s: int, e: int,
                mention_starts: dict[int, str]) -> str | None:
    """Return who accepted the name that starts the list line above the one `s` starts.

    Both lines must be list lines: the name ``norms[s:e]`` alone at the head of its line
    (after bullets or a number; then the line ends or a separator such as ":" or "–"
    follows), and the line above short and without a sentence end.
    """
    breaks = doc.user_data.get(LINE_BREAKS, ())
    start = line_start(r, doc, norms, s, breaks)
    if start is None or not (e == len(doc) or norms[e] in ITEM_END
                             or line_boundary(doc, e, breaks)):
        return None
    k = start - 1
    if norms[k].isspace():  # a paragraph break between the lines
        k -= 1
    last = k
    while k >= 0:  # back to the first token of the line above
        if norms[k] in r.barriers and not list_number_stop(norms, k):
            return None
        if k == 0 or line_boundary(doc, k, breaks) or last - k >= MAX_LIST_LINE:
            break
        k -= 1
    if k < 0 or last - k >= MAX_LIST_LINE:
        return None
    while k < start and (norms[k] in LIST_GLUE or norms[k].isspace()
                         or (norms[k].isdigit() and len(norms[k]) <= 2)):
        k += 1
    if k not in mention_starts:  # "• NPO Tandvård" over "• Akut vård"
        head = r.triggers.starting_at(norms, k)
        k += len(head) if head else 0
    return mention_starts.get(k)


def line_start(r: EntityRules, doc: Doc, norms: Sequence[str], s: int, breaks) -> int | None:
    """Return where the line of `s` starts, if only list glue stands before `s` on it."""
    j = s
    while j > 0 and not line_boundary(doc, j, breaks):
        tok = norms[j - 1]
        if not (tok in LIST_GLUE or (tok.isdigit() and len(tok) <= 2)):
            return None
        j -= 1
    return j if j > 0 else None


def line_boundary(doc: Doc, i: int, breaks) -> bool:
    """Tell whether a line ends between token ``i - 1`` and token ``i``.

    A paragraph break is a whitespace token of its own; a single line break was squashed into a
    space whose offset is in `breaks`.
    """
    prev = doc[i - 1]
    if prev.is_space and "\n" in prev.text:
        return True
    return line_break_between(doc, i, breaks)


def line_break_between(doc: Doc, i: int, breaks) -> bool:
    """Tell whether a squashed line break lies between token ``i - 1`` and token ``i``."""
    if not breaks or i <= 0 or i >= len(doc):
        return False
    prev = doc[i - 1]
    return any(prev.idx + len(prev) <= b < doc[i].idx for b in breaks)
