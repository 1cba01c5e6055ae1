"""Characters of the content that no brand font can print, and the pages that show them.

WeasyPrint sets a character that the brand fonts have no glyph for in whatever system font
has one, without a word; preflight then finds a font that is not a brand font but cannot say
which character brought it in. Here every text value of a content file, and every line of
its other files (a publication's Markdown chapters), is looked up in the cmap tables of the
brand's font files (read with fontTools), and a character none of them maps is a
``missing-glyph`` error at its file, line and field, on each page of the job that shows it.

Not looked up: whitespace, control and format characters and variation selectors, which
print no glyph of their own. Text is compared in Unicode NFC, as HarfBuzz composes a letter
and a combining accent into the precomposed glyph when the font has one. A character is
covered when any brand font has it (the rule of preflight's font check, which accepts any
brand family); which face a layout sets a field in is not considered.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.content.textfile import read_text
from pipeline.content.yamlsource import FieldPath, SourceDocument, format_field
from pipeline.diagnostics import Diagnostic, error
from pipeline.render.boxes import Placed

CODE = "missing-glyph"
CONTEXT_CHARS = 16
"""Letters and digits before a missing character that a page must show with it to show that
value (not the same character of another value): an implementation choice, long enough to
tell two values apart, short enough to stay on one page."""


@cache
def font_coverage(path: Path) -> frozenset[int]:
    """The code points the font file at ``path`` maps to a glyph (its best Unicode cmap).

    Read once per process. fontTools' ``TTLibError`` (or ``OSError``) when the file is not a
    font it can read.
    """
    from fontTools.ttLib import TTFont  # a WeasyPrint dependency, loaded only when used

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


def coverage(paths: Iterable[Path]) -> frozenset[int]:
    """The code points at least one of the font files ``paths`` has a glyph for."""
    covered: set[int] = set()
    for path in paths:
        covered |= font_coverage(path)
    return frozenset(covered)


def _prints_glyph(char: str) -> bool:
    """Whether ``char`` needs a glyph: not whitespace, control, format or variation selector."""
    code = ord(char)
    return unicodedata.category(char) not in ("Cc", "Cf", "Zs", "Zl", "Zp") and not (
        0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF)


def uncovered(text: str, covered: frozenset[int]) -> str:
    """The characters of ``text`` (in NFC) that need a glyph and are not in ``covered``.

    Each once, in the order they first appear.
    """
    normal = unicodedata.normalize("NFC", text)
    return "".join(dict.fromkeys(char for char in normal
                                 if ord(char) not in covered and _prints_glyph(char)))


@dataclass(frozen=True)
class Uncovered:
    """Characters no brand font has, in one value of a content file, written on one line.

    ``field`` is the field path (``back.paragraphs[0]``), None for a line of Markdown;
    ``text`` the whole value (or line), by which a page is known to show it.
    """

    source: str
    line: int
    field: str | None
    chars: str
    text: str


def in_document(doc: SourceDocument, covered: frozenset[int]) -> list[Uncovered]:
    """What no brand font has in each text value of ``doc``, by field and line.

    The line is the one of the file where the character is written: searched from the line
    where the value starts to the line before the next value (a folded paragraph spans
    several); the value's first line when it is not found there (written as an escape).
    """
    found: list[Uncovered] = []
    lines: list[str] | None = None
    starts = sorted(set(doc.lines.values()))
    for path, value in _strings(doc.data, ()):
        missing = uncovered(value, covered)
        if not missing:
            continue
        if lines is None:
            text, _ = read_text(doc.path, doc.display)
            lines = unicodedata.normalize("NFC", text or "").splitlines()
        start = doc.line_of(path)
        end = next((line - 1 for line in starts if line > start), len(lines))
        by_line: dict[int, str] = {}
        for char in missing:
            line = next((number for number in range(start, end + 1)
                         if number <= len(lines) and char in lines[number - 1]), start)
            by_line[line] = by_line.get(line, "") + char
        field = format_field(path) or None
        found += [Uncovered(doc.display, line, field, chars, value)
                  for line, chars in sorted(by_line.items())]
    return found


def in_text(path: Path, display: str, covered: frozenset[int]) -> list[Uncovered]:
    """What no brand font has on each line of the text file ``path`` (a Markdown chapter).

    A file that cannot be read gives nothing here (the loader reports it).
    """
    text, _ = read_text(path, display)
    found = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        missing = uncovered(line, covered)
        if missing:
            found.append(Uncovered(display, number, None, missing, line))
    return found


def _strings(data: Any, path: FieldPath) -> Iterator[tuple[FieldPath, str]]:
    """Every text value in ``data`` (read YAML) with its field path; keys are not text."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*path, index))


def check_glyphs(found: Mapping[str, list[Uncovered]], own: Iterable[str],
                 boxes: Iterable[Placed], job: str) -> list[Diagnostic]:
    """A ``missing-glyph`` error for each value of ``found`` that ``job`` shows, on its page.

    ``found`` holds what no brand font has in every content file, by file; ``own`` names the
    job's own files. The finding is on the first page showing the value; its message names
    the others (a title repeated on every page is one finding). A page shows a value when its
    text has the missing character after the ``CONTEXT_CHARS`` letters and digits that come
    before it in the value; for the job's own files, a page with the character alone is
    enough when no page has the context (the layout may have cut the value).
    """
    values = [(source, value) for source, listed in found.items() for value in listed]
    if not values:
        return []
    keep = "".join({char for _, value in values for char in value.chars.casefold()})
    runs: dict[int, list[str]] = {}
    for box in boxes:
        if box.kind == "text":
            runs.setdefault(box.page, []).append(box.text)
    pages = {page: _key("".join(texts), keep) for page, texts in sorted(runs.items())}
    mine = set(own)
    findings = []
    for source, value in values:
        shown = _pages(value, pages, keep, fallback=source in mine)
        if shown:
            also = f" (also on page{'s' if len(shown) > 2 else ''} {_ranges(shown[1:])})" \
                if len(shown) > 1 else ""
            findings.append(error(CODE, message(value.chars) + also, job=job,
                                  source=value.source, line=value.line, field=value.field,
                                  page=shown[0]))
    return findings


def _ranges(pages: list[int]) -> str:
    """``[2, 3, 4, 7]`` → ``2–4, 7``."""
    spans: list[list[int]] = []
    for page in pages:
        if spans and page == spans[-1][1] + 1:
            spans[-1][1] = page
        else:
            spans.append([page, page])
    return ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in spans)


def _key(text: str, keep: str) -> str:
    """``text`` in NFC, case-folded, keeping only letters, digits and ``keep``.

    What survives line breaks, hyphenation, typography and Markdown markup.
    """
    return "".join(char for char in unicodedata.normalize("NFC", text).casefold()
                   if char.isalnum() or char in keep)


def _pages(value: Uncovered, pages: Mapping[int, str], keep: str, *,
           fallback: bool) -> list[int]:
    """The pages (1-based) whose text (``_key``) shows ``value``'s missing characters."""
    text = _key(value.text, keep)
    first = min((text.index(char) for char in value.chars.casefold() if char in text),
                default=0)
    for before in (CONTEXT_CHARS, 0) if fallback else (CONTEXT_CHARS,):
        window = text[max(0, first - before):first + 1]
        shown = [page for page, page_text in pages.items() if window and window in page_text]
        if shown:
            return shown
    return []


def message(chars: str) -> str:
    """What a ``missing-glyph`` error says about ``chars``."""
    named = [f"'{char}' (U+{ord(char):04X} {unicodedata.name(char, 'unnamed')})"
             for char in chars]
    listed = ", ".join(named[:-1]) + " and " + named[-1] if len(named) > 1 else named[0]
    them = "it" if len(chars) == 1 else "them"
    return (f"no brand font has {listed}: a system font would print {them} instead; "
            f"remove {them} or write {them} in words")
