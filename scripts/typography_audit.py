"""Count typographic faults in the lines of built PDFs (issue 16: measure before and after).

Usage: .venv/bin/python scripts/typography_audit.py [OUTPUT] [--radio] [--json] [--show]

Reads every PDF under OUTPUT/print/ (default: output/; with ``--radio`` also OUTPUT/radio/),
extracts each page's text line by line with pypdfium2 and counts, per file and in total,
the lines that end badly. A line's last word is the last whitespace-separated token; a line
pdfium joined across a hyphenation break (it marks the break with U+FFFE) is split there and
ends with "-". The counts:

- ``one-letter``: the line ends with a word of one letter ("į", "o", "a"), no punctuation after
  it: the word belongs to the next line (issue 16, item 3);
- ``two-letter``: the same with a word of two letters ("ir", "ne", "su");
- ``number-split``: a line ending with a number whose next line starts with a unit or an
  abbreviation that belongs to it ("2015" / "m.");
- ``hyphenated``: a line ending with a hyphenation break.

A letter-spaced heading, which pdfium cuts into one- and two-letter pieces, is not counted.
A word followed by punctuation ("ne,", "2015 m.") ends a clause and may end a line: it is not
counted. To count something else, add a function to ``CHECKS``: it gets a line and the line
after it on the same page ("" after the last) and says whether the line is a fault.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pypdfium2

# pdfium's marker of a line broken by hyphenation: the two halves come out joined by it.
HYPHEN_BREAK = "\ufffe"
WORD = re.compile(r"^[^\W\d_]+$")
NUMBER = re.compile(r"\d[\d.,]*$")
UNIT = re.compile(r"^(?:m\.|d\.|val\.|proc\.|min\.|km|%|Eur|EUR|€|mln\.|tūkst\.|kg|h)(?=\W|$)")


def _last(line: str) -> str:
    words = line.split()
    return words[-1] if words else ""


def letter_spaced(line: str) -> bool:
    """A letter-spaced heading ("P A Ž Y M Ė J I M A S"): pdfium cuts it into letters."""
    words = line.split()
    return len(words) >= 3 and all(len(word) <= 2 for word in words)


def short_word(letters: int) -> Callable[[str, str], bool]:
    """A check: the line ends with a word of exactly ``letters`` letters."""
    def check(line: str, following: str) -> bool:
        last = _last(line)
        return len(last) == letters and bool(WORD.match(last)) and not letter_spaced(line)
    return check


def number_split(line: str, following: str) -> bool:
    """The line ends with a number and the next one starts with its unit."""
    return bool(NUMBER.search(_last(line))) and bool(UNIT.match(following.strip()))


def hyphenated(line: str, following: str) -> bool:
    """The line ends with a hyphenation break."""
    return line.endswith("-") and bool(following) and line[-2:-1].isalpha()


CHECKS: dict[str, Callable[[str, str], bool]] = {
    "one-letter": short_word(1),
    "two-letter": short_word(2),
    "number-split": number_split,
    "hyphenated": hyphenated,
}


def page_lines(text: str) -> list[str]:
    """The lines of one page's extracted text (hyphenation breaks split, marked with "-")."""
    lines: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        parts = line.split(HYPHEN_BREAK)
        lines += [part + "-" for part in parts[:-1]] + [parts[-1]]
    return [line.rstrip() for line in lines]


def faults(pdf: Path) -> Iterator[tuple[str, int, str]]:
    """(check, page number, line) of every fault in ``pdf``."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        for number, page in enumerate(document, start=1):
            lines = page_lines(page.get_textpage().get_text_range())
            for line, following in zip(lines, [*lines[1:], ""], strict=True):
                for name, check in CHECKS.items():
                    if check(line, following):
                        yield name, number, line
    finally:
        document.close()


def audit(output: Path, *, radio: bool = False) -> dict[str, dict[str, object]]:
    """Per PDF (path relative to ``output``): the count of each check and the faulty lines."""
    folders = ("print", "radio") if radio else ("print",)
    result: dict[str, dict[str, object]] = {}
    for pdf in sorted(p for folder in folders for p in (output / folder).rglob("*.pdf")):
        counts = dict.fromkeys(CHECKS, 0)
        lines: list[str] = []
        for name, page, line in faults(pdf):
            counts[name] += 1
            lines.append(f"{name} p{page}: {line}")
        result[pdf.relative_to(output).as_posix()] = {"counts": counts, "lines": lines}
    return result


def totals(result: dict[str, dict[str, object]]) -> dict[str, int]:
    """The counts of every check over all files."""
    total = dict.fromkeys(CHECKS, 0)
    for entry in result.values():
        counts = entry["counts"]
        assert isinstance(counts, dict)
        for name, count in counts.items():
            total[name] += count
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", nargs="?", type=Path, default=Path("output"))
    parser.add_argument("--radio", action="store_true", help="also the radio sheets")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--show", action="store_true", help="print the faulty lines")
    args = parser.parse_args(argv)
    if not (args.output / "print").is_dir():
        print(f"{args.output}/print not found: build first (build-print)", file=sys.stderr)
        return 2
    result = audit(args.output, radio=args.radio)
    total = totals(result)
    if args.json:
        print(json.dumps({"files": result, "total": total}, ensure_ascii=False, indent=2))
        return 0
    names = list(CHECKS)
    width = max(len(path) for path in result)
    print(f"{'file':<{width}}  " + "  ".join(f"{name:>12}" for name in names))
    for path, entry in result.items():
        counts = entry["counts"]
        assert isinstance(counts, dict)
        print(f"{path:<{width}}  " + "  ".join(f"{counts[name]:>12}" for name in names))
        if args.show:
            for line in entry["lines"]:  # type: ignore[attr-defined]
                print(f"    {line}")
    print(f"{'total':<{width}}  " + "  ".join(f"{total[name]:>12}" for name in names))
    return 0


if __name__ == "__main__":
    sys.exit(main())
