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
is reported by the caller). The words a part's mending kept whole are kept (``Mends``), so
the same part laid out again starts with them.
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import cast

from pipeline.errors import StorageError
from pipeline.hashing import sha256_text
from pipeline.output import read_json, write_json
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


MEND_VERSION = 1
"""Part of the key of every settled mend kept: a changed mending method mends every part."""


class Mends:
    """The words each book part's mending kept whole, by the HTML it was mended from.

    Kept in this process and in ``output/.cache/mended/`` (``output_dir`` ``None``: in this
    process only), keyed by the part's HTML as ``unnumbered`` gives it (a book's without its
    folio rule: folios do not move the text, ``book.Part``), WeasyPrint's and pyphen's
    versions and ``MEND_VERSION``, as the (start, end) offsets in that HTML of each word
    kept whole. A part laid out again (an unchanged chapter of a book whose other chapter
    was edited, the book laid out again with its photos resampled, a chapter the helper
    process mended) starts with those words kept: one layout instead of two or more. It
    ends where mending from the start ends, since the layout it starts with has no bad
    break left that can be kept whole; a mend that ``keep.PASSES`` stopped is not kept
    (starting later would go further). An entry that cannot be read, or whose offsets are
    not words of the HTML, is not used.
    """

    def __init__(self, output_dir: Path | None, settled: dict[str, list[list[int]]],
                 unnumbered: Callable[[str], str]) -> None:
        self.output_dir = output_dir
        self.settled = settled
        """The process's memory (``BuildSession.mended``)."""
        self.unnumbered = unnumbered

    def key(self, html: str) -> str:
        """The key of ``html``, a part before mending."""
        return sha256_text("\0".join((str(MEND_VERSION), version("weasyprint"),
                                        version("pyphen"), self.unnumbered(html))))

    def start(self, html: str) -> str:
        """Where mending ``html`` starts: with the words kept whole that it settled on."""
        key = self.key(html)
        kept: object = self.settled.get(key)
        if kept is None and self.output_dir is not None:
            found = read_json(self.output_dir, f".cache/mended/{key}.json")
            kept = found.get("keep") if isinstance(found, dict) else None
        started = _with_kept(html, kept)
        if started is None:
            return html
        self.settled[key] = cast(list[list[int]], kept)  # checked by _with_kept
        return started

    def keep(self, html: str, settled: str) -> None:
        """Keep ``settled``, the HTML mending ``html`` (a part before mending) ended with."""
        kept = _kept(html, settled)
        key = self.key(html)
        if kept is None or key in self.settled:
            return
        self.settled[key] = kept
        if self.output_dir is not None:
            with suppress(StorageError):  # mended again next time
                write_json(self.output_dir, f".cache/mended/{key}.json", {"keep": kept})


_KEPT = re.compile(re.escape(KEEP) + r"([^<]*)</span>")


def _kept(html: str, settled: str) -> list[list[int]] | None:
    """The (start, end) offsets in ``html`` of the words ``settled`` keeps whole.

    ``None`` when ``settled`` is not ``html`` with words kept whole.
    """
    if KEEP in html:
        return None
    kept, shift = [], 0
    for match in _KEPT.finditer(settled):
        first = match.start() - shift
        kept.append([first, first + len(match.group(1))])
        shift += len(KEEP) + len("</span>")
    return kept if _with_kept(html, kept) == settled else None


def _with_kept(html: str, kept: object) -> str | None:
    """``html`` with the words at ``kept`` offsets kept whole.

    ``None`` unless each is a whole word (letters) of ``html``, in order.
    """
    if not isinstance(kept, list):
        return None
    parts, at = [], 0
    for pair in kept:
        if not (isinstance(pair, list) and len(pair) == 2
                and all(isinstance(v, int) for v in pair)):
            return None
        first, last = pair
        if not (at <= first < last <= len(html) and html[first:last].isalpha()):
            return None
        parts += [html[at:first], KEEP, html[first:last], "</span>"]
        at = last
    return "".join([*parts, html[at:]])
