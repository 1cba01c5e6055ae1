"""Scratch copies of the sample project for the benchmarks (never content/ itself).

Imported by the benchmark scripts, which run as ``python benchmarks/<name>.py`` (so this
folder is on ``sys.path``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BOOK = Path("content") / "publications" / "prevencija"
BOOK_COPIES = 4
"""The sample booklet's nine chapters are about 52 pages: four copies make about 200."""


def copy_project(root: Path) -> Path:
    """A copy of the sample project's content/, layouts/ and brand/ at ``root``."""
    for name in ("content", "layouts", "brand"):
        shutil.copytree(REPO / name, root / name)
    return root


def make_book(root: Path, copies: int = BOOK_COPIES) -> Path:
    """The booklet of the project copy at ``root`` grown to ``copies`` times its chapters.

    Each copy of a chapter gets " (n)" after its first line (its title), and the book is
    perfect-bound, so no blank pages pad it. Returns the book's publication.yaml.
    """
    book = root / BOOK
    chapters = sorted((book / "chapters").glob("*.md"))
    for copy in range(1, copies):
        for path in chapters:
            text = path.read_text(encoding="utf-8")
            first, rest = text.split("\n", 1)
            (book / "chapters" / f"{copy}-{path.name}").write_text(
                f"{first} ({copy + 1})\n{rest}", encoding="utf-8")
    yaml = book / "publication.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("binding: saddle-stitch",
                                                             "binding: perfect"),
                    encoding="utf-8")
    return yaml


MEASURE = """
import resource, subprocess, sys, time
started = time.perf_counter()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def timed(command: list[str]) -> tuple[float, int]:
    """Wall seconds of ``command`` and the peak RSS (MiB) of it or any of its workers
    (measured in a fresh parent, so runs do not share the peak).

    Python may write its bytecode caches, as on a designer's machine: with
    ``PYTHONDONTWRITEBYTECODE`` set (some containers set it) every run would compile the
    package's modules again, about 70 ms of a 0.4 s no-op rebuild.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    done = subprocess.run([sys.executable, "-c", MEASURE, *command], check=True,
                          capture_output=True, text=True, env=env)
    seconds, peak_kib = done.stdout.split()
    return float(seconds), int(peak_kib) // 1024
