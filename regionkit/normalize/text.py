"""Layout steps: Unicode composition, list bullets, hyphenation at line ends, hard wraps.

Each step has two forms: ``<step>_edits(text, ...) -> list[Edit]`` (what `normalize_text`
composes) and a ``str -> str`` wrapper with the step's public name. None of them drops a
non-whitespace character except the hyphen of a word split at a line end, and each of those
removals is an `Edit` of kind ``hyphenation``.
"""

from __future__ import annotations

import re
import statistics
import unicodedata

from regionkit.normalize.edits import Edit, apply_edits, drop_noops

# A list marker at a line start as PDF extraction and OCR leave it: real bullets, dashes, an
# asterisk, and the letters "e"/"o" that OCR makes of round bullets. The letters count only when
# a word follows ("e Utveckla", "o Fortsatt"): neither is a Swedish word at a line start, while
# "e-hälsa" or "o-" never match because a space must follow the marker.
_BULLET = re.compile(
    r"^(?P<indent>[ \t]*)(?P<mark>[•·▪\u2043*–—-]|[eo](?=[ \t]+[^\W\d_]))(?P<gap>[ \t]+)(?=\S)",
    re.MULTILINE,
)
_NUMBERED = re.compile(r"^\s*(?:\d{1,3}(?:\.\d{1,3})*[.)]\s|\d{1,3}(?:\.\d{1,3})+\s|§\s*\d)")
_LIST_START = re.compile(r"^\s*(?:[•·▪\u2043*–—-]\s|[eo]\s+[^\W\d_])")
# Words that follow a compound's hyphen in Swedish coordination ("hälso- och sjukvård",
# "uppföljnings- och analysrapporter"): the hyphen stays and the break becomes a space.
_COORDINATORS = frozenset(
    {"och", "eller", "samt", "respektive", "resp", "som", "liksom", "men", "alternativt", "till"}
)
_LINE_END_HYPHEN = re.compile(r"(?P<left>[^\W\d_]+)-[ \t]*\n[ \t]*(?P<right>\S+)")


def nfc_edits(text: str) -> list[Edit]:
    """Edits that put each character with its combining marks into Unicode NFC."""
    if unicodedata.is_normalized("NFC", text):
        return []
    edits = []
    for match in re.finditer(r".[\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+|.",
                             text, re.DOTALL):
        chunk = match.group()
        composed = unicodedata.normalize("NFC", chunk)
        if composed != chunk:
            edits.append(Edit(match.start(), match.end(), composed, "nfc"))
    return edits


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC (a decomposed "a" + ring becomes "å").

    Examples:
        >>> nfc("va\u0308rd") == "värd"
        True
    """
    return apply_edits(text, nfc_edits(text))[0]


def bullet_edits(text: str) -> list[Edit]:
    """Edits that turn a line-initial list marker and the space after it into ``"- "``.

    The "-" of the result maps to the raw marker, so a bullet repair points at what the scanner
    read. Indentation before the marker is kept: in clean text it shows nesting.
    """
    edits = [Edit(m.start("mark"), m.end("gap"), "- ", "bullet") for m in _BULLET.finditer(text)]
    return drop_noops(text, edits)


def normalize_bullets(text: str) -> str:
    r"""Return ``text`` with OCR and typographic list markers at line starts read as ``"- "``.

    Examples:
        >>> normalize_bullets(" e Stddja arbetet\no Fortsatt\n• Tredje")
        ' - Stddja arbetet\n- Fortsatt\n- Tredje'
    """
    return apply_edits(text, bullet_edits(text))[0]


def hyphenation_edits(text: str) -> list[Edit]:
    r"""Edits that join words split by a hyphen at a line end, keeping real hyphens.

    The hyphen stays, and the line break becomes a space, before a coordinating word
    ("hälso-\noch sjukvård" → "hälso- och sjukvård"). The hyphen stays and the break goes when
    punctuation follows ("produktionsplanerings-\n, vårdavtals-"), when either side is a single
    letter, an abbreviation in capitals or starts with a digit or a capital ("e-\nhälsa",
    "NHV-\ngruppen", "covid-\n19"). Otherwise the hyphen and the break are removed
    ("uppfölj-\nning" → "uppföljning").
    """
    edits = []
    for m in _LINE_END_HYPHEN.finditer(text):
        left, right = m.group("left"), m.group("right")
        hyphen = m.end("left")
        brk = (hyphen + 1, m.start("right"))
        word = re.match(r"[^\W\d_]+", right)
        if word and word.group().lower() in _COORDINATORS:
            edits.append(Edit(*brk, " ", "unwrap"))
        elif (not word or word.start() != 0 or len(left) == 1 or left.isupper()
              or right[0].isupper()):
            edits.append(Edit(*brk, "", "unwrap"))
        else:
            edits.append(Edit(hyphen, brk[1], "", "hyphenation"))
    return drop_noops(text, edits)


def join_hyphenated_words(text: str) -> str:
    r"""Return ``text`` with words split by a hyphen at a line end joined again.

    Examples:
        >>> join_hyphenated_words("uppfölj-\nning av hälso-\noch sjukvård")
        'uppföljning av hälso- och sjukvård'
    """
    return apply_edits(text, hyphenation_edits(text))[0]


def looks_hard_wrapped(text: str) -> bool:
    """Whether the text's lines were broken at a fixed width (as OCR and PDF text often are).

    A wrapped text has no long lines (fewer than 5 % over 100 characters) and most of its lines
    (at least 60 %) are 40–100 characters long. Text with one paragraph per line has many lines
    far longer than a page is wide, so its line breaks are kept.
    """
    lengths = [len(line.strip()) for line in text.split("\n") if line.strip()]
    if len(lengths) < 8:
        return False
    long_share = sum(n > 100 for n in lengths) / len(lengths)
    band_share = sum(40 <= n <= 100 for n in lengths) / len(lengths)
    return long_share < 0.05 and band_share >= 0.6


def _starts_block(line: str) -> bool:
    return bool(_LIST_START.match(line) or _NUMBERED.match(line))


def unwrap_edits(text: str, *, wrapped: bool | None = None) -> list[Edit]:
    """Edits that join hard-wrapped continuation lines into one line each.

    Args:
        text: The text.
        wrapped: Whether the text is hard-wrapped; ``None`` asks `looks_hard_wrapped`. Text that
            is not wrapped is left alone: its line breaks mean something.

    A break is kept before a blank line, a list item, a numbered item ("1.", "2.3", "§ 4"), after
    a short line that looks like a heading (no end punctuation, the next line capitalised), and
    after a line that ends a sentence well short of the wrap width. Otherwise the break, the
    trailing spaces before it and the indentation after it become one space.
    """
    if wrapped is None:
        wrapped = looks_hard_wrapped(text)
    if not wrapped:
        return []
    lines = text.split("\n")
    widths = sorted(len(line.rstrip()) for line in lines if line.strip())
    width = statistics.quantiles(widths, n=10)[-1] if len(widths) >= 2 else 80
    edits = []
    pos = 0
    for line, nxt in zip(lines, lines[1:], strict=False):
        brk = pos + len(line)
        pos = brk + 1
        if not line.strip() or not nxt.strip() or _starts_block(nxt):
            continue
        body = line.rstrip()
        starts_upper = nxt.lstrip()[:1].isupper()
        if starts_upper and len(body.strip()) < 0.6 * width and body[-1] not in ",;-–—(":
            continue
        if starts_upper and body[-1] in ".!?:" and len(body) < 0.85 * width:
            continue
        if body.endswith("-") and not body.endswith(" -"):
            continue  # a compound's hyphen: `hyphenation_edits` decides
        start = brk - (len(line) - len(body))
        end = pos + (len(nxt) - len(nxt.lstrip()))
        edits.append(Edit(start, end, " ", "unwrap"))
    return drop_noops(text, edits)


def unwrap_lines(text: str, *, wrapped: bool | None = None) -> str:
    r"""Return ``text`` with hard-wrapped lines joined; see `unwrap_edits`.

    Examples:
        >>> unwrap_lines("Arbetet fortsätter under 2025 med\ngemensamma bedömningar.",
        ...              wrapped=True)
        'Arbetet fortsätter under 2025 med gemensamma bedömningar.'
    """
    return apply_edits(text, unwrap_edits(text, wrapped=wrapped))[0]
