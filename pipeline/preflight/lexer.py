"""A fast PDF content-stream tokenizer: (operands, operator) pairs at regex speed.

The pairs are those pypdf's ContentStream gives. pypdf parses content streams byte by byte
in Python, which costs a third of a second on a poster whose QR code and slug outlines hold
thousands of path operators; preflight reads every page of every file, so it has its own
lexer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

_DELIMITERS = rb"\x00\t\n\x0c\r ()<>\[\]{}/%"
_TOKEN = re.compile(
    rb"(?P<ws>[\x00\t\n\x0c\r ]+|%[^\r\n]*)"
    rb"|(?P<num>[+-]?(?:\d+\.?\d*|\.\d+))(?![^" + _DELIMITERS + rb"])"
    rb"|(?P<name>/[^" + _DELIMITERS + rb"]*)"
    rb"|(?P<str>\()"
    rb"|(?P<dict><<|>>)"
    rb"|(?P<hex><[^>]*>)"
    rb"|(?P<arr>[\[\]])"
    rb"|(?P<op>[^" + _DELIMITERS + rb"]+)"
)
_NUMBER = rb"[+-]?(?:\d+\.?\d*|\.\d+)"
_WS = rb"[\x00\t\n\x0c\r ]"
# Path construction with its operands (``x y m``, ``x1 y1 … c``, ``x y w h re``): most of the
# bytes of outlined text and QR codes, and of no interest to a painting check.
_PATH = re.compile(rb"(?:" + _NUMBER + _WS + rb"+)+(?:re|[mlcvy])(?=" + _WS + rb"|$)")
# Text shown as an array of hex glyph strings and kerning numbers (how WeasyPrint writes it):
# the bytes of every line of text, whose operands a painting check does not need.
_HEX_TJ = re.compile(rb"\[(?:<[0-9A-Fa-f]*>|[-+.\d]|" + _WS + rb")*\]" + _WS + rb"*TJ(?="
                     + _WS + rb"|$)")
_NUMBER_START = frozenset(b"0123456789+-.")
_EI = re.compile(rb"[\x00\t\n\x0c\r ]EI(?=[\x00\t\n\x0c\r ]|$)")
_MARK = object()


def _string_end(data: bytes, start: int) -> int:
    """Index after the literal string opening at ``start`` (balanced parentheses, escapes)."""
    depth, i = 0, start
    while i < len(data):
        ch = data[i]
        if ch == 0x5C:  # backslash escapes the next byte
            i += 2
            continue
        if ch == 0x28:
            depth += 1
        elif ch == 0x29:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(data)


def tokenize(data: bytes, *, paint_only: bool = False) -> Iterator[tuple[list[Any], bytes]]:
    """Yield ``(operands, operator)``; inline images come as ``(dict, b"INLINE IMAGE")``.

    With ``paint_only`` the operands that only say where (path construction: m, l, c, v, y,
    re, skipped altogether) and what glyphs (a TJ array of hex strings: ``([], b"TJ")``)
    are not parsed: six times faster on text and outlines.
    """
    operands: list[Any] = []
    stack: list[list[Any]] = []
    pos, end = 0, len(data)
    while pos < end:
        if paint_only and not stack and not operands:
            first = data[pos]
            if first in _NUMBER_START:
                skipped = _PATH.match(data, pos)
                if skipped is not None:
                    pos = skipped.end()
                    continue
            elif first == 0x5B:  # [
                shown = _HEX_TJ.match(data, pos)
                if shown is not None:
                    pos = shown.end()
                    yield [], b"TJ"
                    continue
        match = _TOKEN.match(data, pos)
        if match is None:  # stray delimiter such as '{' or '}': skip it
            pos += 1
            continue
        kind = match.lastgroup
        token = match.group()
        pos = match.end()
        target = stack[-1] if stack else operands
        if kind == "ws":
            continue
        if kind == "num":
            target.append(float(token) if b"." in token else int(token))
        elif kind == "name":
            target.append(token.decode("latin-1"))
        elif kind == "str":
            stop = _string_end(data, match.start())
            target.append(data[match.start() + 1:stop - 1])
            pos = stop
        elif kind == "hex":
            target.append(token)
        elif kind in ("arr", "dict"):
            if token in (b"[", b"<<"):
                stack.append([])
            elif stack:
                items = stack.pop()
                value: Any = items
                if token == b">>":
                    value = dict(zip(items[0::2], items[1::2], strict=False))
                (stack[-1] if stack else operands).append(value)
        elif token == b"BI":
            operands = []
        elif token == b"ID":
            params = dict(zip(operands[0::2], operands[1::2], strict=False))
            image_end = _EI.search(data, pos + 1)
            pos = image_end.end() if image_end else end
            yield [params], b"INLINE IMAGE"
            operands = []
        else:
            yield operands, token
            operands = []
