"""Benchmark: the designer's loop (issue #8). Run by hand, never as a timed test.

Usage: .venv/bin/python benchmarks/designer_loop.py [--runs 3] [--cards]

Every figure is the wall time of a fresh `build-print` process (start-up, imports and font
set-up included), median of ``--runs``; peak memory is the largest resident set of any
process of that run (the main process or a worker).

1. full build of the sample campaign, 1 job and 2 jobs (empty output folder);
2. no-op rebuild (nothing changed) and its share of a full build;
3. one municipality's text changed (the Klaipėda line of the poster) against building that
   municipality's posters and social media cards alone into an empty folder; a sentence of
   one chapter of the booklet changed, with and without the other chapters' kept mends;
4. the social media cards alone (``--only 'social-*'``, 48 cards), 1 job: cards per second,
   and the sizes of their PNG and JPEG files. ``--cards`` runs this section only.

The full build includes the cards. Pinned to one core (``taskset -c 1 …``), ``--jobs 2``
runs its two processes on that core.

build-print against bare WeasyPrint on the same HTML, one core against one: see
benchmarks/engine_ratio.py.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from projects import copy_project, timed

EXE = shutil.which("build-print") or str(Path(sys.executable).with_name("build-print"))
POSTER = "content/posters/zmogus-ne-preke.yaml"
LINES = ("Klaipėdoje – susitikimai", "Klaipėdoje – pokalbiai")
CHAPTER = "content/publications/prevencija/chapters/05-pozymiai.md"
CHAPTER_LINES = ("Dažnai jos nežino", "Neretai jos nežino")

def median(runs: int, once: Callable[[], tuple[float, int]]) -> tuple[float, int]:
    results = [once() for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def build(project: Path, out: Path, *options: str) -> list[str]:
    return [EXE, "--quiet", "--project", str(project), "--output", str(out), *options]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cards", action="store_true", help="the social media cards only")
    args = parser.parse_args()
    runs = args.runs
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    project = copy_project(work / "project")
    if args.cards:
        cards(project, work, runs)
        shutil.rmtree(work)
        return

    def fresh(*options: str) -> Callable[[], tuple[float, int]]:
        def once() -> tuple[float, int]:
            out = work / "fresh"
            shutil.rmtree(out, ignore_errors=True)
            return timed(build(project, out, *options))
        return once

    full1 = median(runs, fresh("--jobs", "1"))
    full2 = median(runs, fresh("--jobs", "2"))
    print(f"full build, 1 job:  {full1[0]:6.2f} s  peak {full1[1]} MiB")
    print(f"full build, 2 jobs: {full2[0]:6.2f} s  peak {full2[1]} MiB  "
          f"({full2[0] / full1[0]:.2f} × 1 job)")

    kept = work / "kept"
    timed(build(project, kept))
    noop = median(max(runs, 5), lambda: timed(build(project, kept)))
    print(f"no-op rebuild:      {noop[0]:6.2f} s  peak {noop[1]} MiB  "
          f"({noop[0] / full2[0] * 100:.1f} % of a full build)")

    poster = project / POSTER
    state = {"i": 0}

    def change() -> tuple[float, int]:
        text = poster.read_text(encoding="utf-8")
        old, new = LINES[state["i"] % 2], LINES[(state["i"] + 1) % 2]
        poster.write_text(text.replace(old, new), encoding="utf-8")
        state["i"] += 1
        return timed(build(project, kept))

    changed = median(runs, change)
    alone = median(runs, fresh("--only", "zmogus-ne-preke-klaipeda-*",
                               "--only", "social-zmogus-ne-preke-klaipeda.*"))
    print(f"Klaipėda line changed, rebuild: {changed[0]:6.2f} s; its 2 posters and 4 cards "
          f"alone: {alone[0]:6.2f} s ({changed[0] / alone[0]:.2f} ×)")
    chapter_changed(project, kept, runs)
    cards(project, work, runs)
    shutil.rmtree(work)


def chapter_changed(project: Path, kept: Path, runs: int) -> None:
    """A sentence of one chapter of the booklet changed, rebuilt (both cores): with the words
    the other chapters' mending kept whole, and with output/.cache/mended/ emptied first
    (every chapter mended from the start, as before the mends were kept), alternating."""
    chapter = project / CHAPTER
    state = {"i": 0}

    def change(forget: bool) -> float:
        text = chapter.read_text(encoding="utf-8")
        old, new = CHAPTER_LINES[state["i"] % 2], CHAPTER_LINES[(state["i"] + 1) % 2]
        chapter.write_text(text.replace(old, new), encoding="utf-8")
        state["i"] += 1
        if forget:
            shutil.rmtree(kept / ".cache" / "mended", ignore_errors=True)
        return timed(build(project, kept))[0]

    pairs = [(change(False), change(True)) for _ in range(runs)]
    with_mends, without = (statistics.median(p[i] for p in pairs) for i in (0, 1))
    print(f"a sentence of the booklet changed (the book, its digital edition and cover "
          f"rebuilt): {with_mends:6.2f} s with the other chapters' mends kept, {without:6.2f} s "
          f"mending every chapter ({with_mends / without:.2f} ×)")


PRINT_PRODUCTS = ("poster", "event-poster", "invitation", "attendance-sheet", "certificate",
                  "programme", "schedule", "leaflet", "outdoor", "publication", "cover",
                  "radio-script", "rundown", "radio-spot")
"""Every product but the social media card: ``--only`` each builds the sample without cards."""


def cards(project: Path, work: Path, runs: int) -> None:
    """The social media cards alone, one job, into an empty folder: cards/s and file sizes.

    Then the whole sample with and without the cards, one job, the two alternating run by
    run (so a load that comes and goes weighs on both alike).
    """
    out = work / "cards"

    def once() -> tuple[float, int]:
        shutil.rmtree(out, ignore_errors=True)
        return timed(build(project, out, "--jobs", "1", "--only", "social-*"))

    seconds, peak = median(runs, once)
    pngs = sorted((out / "social").glob("*.png"))
    print(f"{len(pngs)} cards alone, 1 job: {seconds:6.2f} s ({len(pngs) / seconds:.2f} "
          f"cards/s, start-up included)  peak {peak} MiB")
    for suffix in (".png", ".jpg"):
        sizes = sorted(p.with_suffix(suffix).stat().st_size for p in pngs)
        print(f"  {suffix}: {sizes[0] / 1024:.0f}–{sizes[-1] / 1024:.0f} KiB, median "
              f"{statistics.median(sizes) / 1024:.0f} KiB, {sum(sizes) / 1024:.0f} KiB in all")
    without = [arg for product in PRINT_PRODUCTS for arg in ("--only", product)]
    pairs = []
    for _ in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        whole = timed(build(project, out, "--jobs", "1"))
        shutil.rmtree(out, ignore_errors=True)
        pairs.append((whole[0], timed(build(project, out, "--jobs", "1", *without))[0]))
    whole_s, print_s = (statistics.median(p[i] for p in pairs) for i in (0, 1))
    print(f"whole sample, 1 job: {whole_s:6.2f} s with the cards, {print_s:6.2f} s without "
          f"(+{whole_s - print_s:.2f} s, {whole_s / print_s:.2f} ×)")


if __name__ == "__main__":
    main()
