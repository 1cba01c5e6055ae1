"""Book hyphenation that CSS cannot ask WeasyPrint for: found on the lines, mended in HTML.

WeasyPrint has ``hyphenate-limit-chars`` (no hyphen in a word shorter than 6 letters, at
least 3 letters each side: set in the layouts) but neither ``hyphenate-limit-last`` nor
``hyphenate-limit-lines``. So the lines of a laid-out book are read (``render.boxes.lines``)
and a word is kept whole (``hyphens: manual`` on it alone) where hyphenating it broke a rule
of book typesetting:

- ``page-end``: the last line of a page ends with a hyphen and the word goes on over the
  page turn (any turn: a spread's too);
- ``ladder``: the third hyphenated line in a row;
- ``runt``: a paragraph's last line holds no more than the end of a hyphenated word
  (``RUNT_CHARS`` characters or fewer).

The word is found in the HTML by the text of its line before it (``_locate``); the layout
is then made again and read again, until nothing is left or ``PASSES`` are done (what is left
is reported by the caller).
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pipeline.render.boxes import Line

HYPHENS = ("-", "\u2010", "\u00ad")
"""What hyphenation leaves at a line's end: WeasyPrint's hyphenate-character (U+2010 by
default), a hyphen-minus or a soft hyphen."""
MAX_HYPHENATED = 2
"""At most this many hyphenated lines in a row."""
RUNT_CHARS = 6
"""A paragraph's last line this short (after a hyphen) is a runt: an implementation choice,
a short syllable and its punctuation."""
PASSES = 4
"""Layouts made again at most, each with the words found so far kept whole."""
KEEP = '<span style="hyphens: manual">'


@dataclass(frozen=True)
class BadBreak:
    """A hyphenated line break a book must not have.

    ``kind``: ``page-end``, ``ladder`` or ``runt``; ``line``: the line that ends with the
    hyphen; ``page``: where it is.
    """

    kind: str
    page: int
    line: Line

    @property
    def fragment(self) -> str:
        """The start of the hyphenated word, as printed before its hyphen."""
        words = _text(self.line.text).rstrip("".join(HYPHENS)).split(" ")
        return words[-1]


def hyphenated(line: Line) -> bool:
    """Whether ``line`` ends with a word broken by a hyphen (a letter, then the hyphen)."""
    text = line.text.rstrip()
    return len(text) > 1 and text.endswith(HYPHENS) and text[-2].isalpha()


def bad_breaks(found: Sequence[Line]) -> list[BadBreak]:
    """The hyphenated breaks of the body lines ``found`` (in order) that break a rule."""
    body = [line for line in found if line.element != "page-margin"]
    bad: list[BadBreak] = []
    by_block: dict[int, list[Line]] = {}
    for line in body:
        by_block.setdefault(line.block, []).append(line)
    for block_lines in by_block.values():
        ladder = 0
        for line, after in zip(block_lines, [*block_lines[1:], None], strict=True):
            ladder = ladder + 1 if hyphenated(line) else 0
            if not hyphenated(line):
                continue
            if after is not None and after.page != line.page:
                bad.append(BadBreak("page-end", line.page, line))
            elif ladder > MAX_HYPHENATED:
                bad.append(BadBreak("ladder", line.page, line))
            elif after is not None and after is block_lines[-1] and line.tag in ("p", "li") \
                    and len(_text(after.text).strip()) <= RUNT_CHARS:
                bad.append(BadBreak("runt", line.page, line))
    return sorted(bad, key=lambda b: (b.page, b.line.top))


def _text(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


_TOKEN = re.compile(r"<!--.*?-->|<(style|script|head|title)\b.*?</\1\s*>|<[^>]*>|&[#\w]+;",
                    re.S | re.I)


def _visible(html: str) -> tuple[str, list[int]]:
    """The text of ``html``'s body as it prints, and where each character is in ``html``.

    Whitespace collapsed, entities decoded (offset -1).
    """
    chars: list[str] = []
    offsets: list[int] = []
    position = 0
    body = html.find("<body")

    def text(segment: str, start: int) -> None:
        for index, char in enumerate(segment):
            if char.isspace() or char == "\u00a0":
                if chars and chars[-1] == " ":
                    continue
                char = " "
            chars.append(char)
            offsets.append(start + index)

    for match in _TOKEN.finditer(html, max(body, 0)):
        text(html[position:match.start()] if position >= body else "", position)
        token = match.group(0)
        if token.startswith("&"):
            for char in htmllib.unescape(token):
                chars.append(char)
                offsets.append(-1)
        position = match.end()
    text(html[position:], position)
    return "".join(chars), offsets


def _locate(line: Line, fragment: str, visible: str) -> int | None:
    """Where in ``visible`` the hyphenated word of ``line`` starts.

    Found by the longest stretch of the line's text up to the fragment that occurs once.
    """
    before = _text(line.text).rstrip().rstrip("".join(HYPHENS))
    for length in (48, 32, 20, 12):
        needle = before[-length:] if len(before) > length else before
        starts = [m.start() for m in re.finditer(re.escape(needle), visible)]
        if len(starts) == 1:
            return starts[0] + len(needle) - len(fragment)
    return None


def keep_whole(html: str, breaks: Iterable[BadBreak]) -> tuple[str, list[BadBreak]]:
    """``html`` with the hyphenated word of each of ``breaks`` kept whole.

    The breaks whose word it could not find (or that spans markup) are returned.
    """
    visible, offsets = _visible(html)
    edits: dict[int, int] = {}
    missed = []
    for bad in breaks:
        fragment = bad.fragment
        start = _locate(bad.line, fragment, visible) if fragment else None
        if start is None:
            missed.append(bad)
            continue
        end = start
        while end < len(visible) and visible[end].isalpha() \
                and offsets[end] == offsets[end - 1] + 1:  # markup ends a word
            end += 1
        first, last = offsets[start], offsets[end - 1]
        if first < 0 or last < 0 or "<" in html[first:last + 1] or "&" in html[first:last + 1]:
            missed.append(bad)
            continue
        edits[first] = last + 1
    for first in sorted(edits, reverse=True):
        last = edits[first]
        html = html[:first] + KEEP + html[first:last] + "</span>" + html[last:]
    return html, missed
