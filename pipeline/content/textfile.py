"""Reading a content file as text, refusing what cannot be content.

Too big, not UTF-8, not a regular file: the message names the file and the line.

Content files are written by hand: the largest sample file is a few kilobytes. A file of
megabytes is a mistake (an image saved as .yaml, a runaway export) and is refused before it
is read, so that one bad file cannot exhaust memory or stall the build.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path

from pipeline.diagnostics import Diagnostic, error

MAX_FILE_BYTES = 1_048_576
"""A content file (YAML or a Markdown chapter) may be at most 1 MiB."""

NOT_PRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
"""Characters that YAML refuses in a file and that cannot be printed: C0/C1 control
characters except tab and line breaks, unpaired surrogates, and the non-characters."""


def describe_character(char: str) -> str:
    """``U+0007`` with the character's kind, for messages."""
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        kind = "an unpaired surrogate"
    elif code in (0xFFFE, 0xFFFF):
        kind = "not a character"
    else:
        kind = "a control character"
    return f"U+{code:04X} ({kind})"


def read_text(path: Path, display: str) -> tuple[str | None, list[Diagnostic]]:
    """The UTF-8 text of ``path``, or ``None`` and a diagnostic naming ``display`` and line.

    Refused: not a regular file, over ``MAX_FILE_BYTES`` (1 MiB, an implementation choice),
    UTF-16, not UTF-8, unreadable. A leading byte-order mark is dropped.
    """
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return None, [error("file-unreadable", "not a regular file", source=display, line=1)]
        if info.st_size > MAX_FILE_BYTES:
            return None, [error(
                "file-too-large", f"the file is {info.st_size} bytes; a content file may be "
                f"at most {MAX_FILE_BYTES} bytes (1 MiB): is it the right file?",
                source=display, line=1)]
        data = path.read_bytes()
    except OSError as exc:
        return None, [error("file-unreadable", exc.strerror or str(exc), source=display, line=1)]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [error("file-encoding", "the file is UTF-16 text: save it as UTF-8",
                            source=display, line=1)]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return None, [error("file-encoding", f"not UTF-8 text: byte 0x{data[exc.start]:02X} "
                            "cannot be read (save the file as UTF-8)",
                            source=display, line=line)]
    return text.removeprefix("\ufeff"), []


def line_of_offset(text: str, offset: int) -> int:
    """1-based line of character ``offset`` in ``text``."""
    return text.count("\n", 0, offset) + 1


def unprintable(text: str, display: str) -> list[Diagnostic]:
    """An error at the first character of ``text`` that cannot be printed, if any.

    For files that are not YAML (the YAML reader refuses these characters itself).
    """
    bad = NOT_PRINTABLE.search(text)
    if bad is None:
        return []
    return [error("file-character", f"the character {describe_character(bad.group())} cannot "
                  "be printed: remove it", source=display, line=line_of_offset(text, bad.start()))]
