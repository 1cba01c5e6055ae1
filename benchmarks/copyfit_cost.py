"""Benchmark: what copyfitting costs the ten posters (issue #16). Run by hand, never as a test.

Usage: .venv/bin/python benchmarks/copyfit_cost.py [--before REF] [--runs 5]

Builds the ten sample posters (``--only poster --jobs 1``, proofs on, into an empty output
folder: every job rendered, no cache) with the code at ``REF`` (default ``main``, before
copyfitting) and with this checkout, alternating, and prints the median wall time of each
(a fresh ``build-print`` process, start-up included) and the ratio. Then, with this
checkout only: the posters with a 29-character headline (fitted smaller: more measuring
passes), and a rebuild after the local lines changed (every poster rebuilt, the fitted
headline frames taken from output/.cache/copyfit: no measuring pass).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
POSTER = "content/posters/zmogus-ne-preke.yaml"


def checkout(ref: str, into: Path) -> Path:
    """The project and code of ``ref`` (git archive) in ``into``."""
    into.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(REPO), "archive", ref], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def timed(code: Path, project: Path, out: Path, *, fresh: bool = True) -> float:
    """Wall seconds of building the posters of ``project`` with the code in ``code``."""
    if fresh:
        shutil.rmtree(out, ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(code)}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pipeline", "--quiet", "--project", str(project),
                    "--output", str(out), "--only", "poster", "--jobs", "1"], env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", default="main")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-copyfit-"))
    before = checkout(args.before, work / "before")
    after = work / "after"
    for name in ("pipeline", "content", "layouts", "brand"):
        shutil.copytree(REPO / name, after / name)
    times: dict[str, list[float]] = {"before": [], "after": []}
    timed(after, after, work / "out")  # warm the file system cache
    for _ in range(args.runs):
        times["before"].append(timed(before, before, work / "out"))
        times["after"].append(timed(after, after, work / "out"))
    old, new = statistics.median(times["before"]), statistics.median(times["after"])
    print(f"ten posters, --jobs 1, median of {args.runs}: before ({args.before}) {old:.2f} s, "
          f"with copyfitting {new:.2f} s: {(new / old - 1) * 100:+.1f} %")

    poster = after / POSTER
    text = poster.read_text(encoding="utf-8")
    poster.write_text(text.replace("headline: Žmogus – ne prekė",
                                   "headline: Žmogus – ne prekė, o asmenybė"), encoding="utf-8")
    longer = statistics.median(timed(after, after, work / "out") for _ in range(args.runs))
    print(f"with a 29-character headline (fitted smaller): {longer:.2f} s: "
          f"{(longer / old - 1) * 100:+.1f} % against before")
    kept = work / "kept"
    timed(after, after, kept)
    state = {"i": 0}

    def local_changed() -> float:
        lines = ("susitikimai su moksleiviais", "pokalbiai su moksleiviais")
        current = poster.read_text(encoding="utf-8")
        poster.write_text(current.replace(lines[state["i"] % 2], lines[(state["i"] + 1) % 2]),
                          encoding="utf-8")
        state["i"] += 1
        return timed(after, after, kept, fresh=False)

    rebuilt = statistics.median(local_changed() for _ in range(args.runs))
    print(f"local lines changed (posters rebuilt, fitted frames from the cache): "
          f"{rebuilt:.2f} s")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
