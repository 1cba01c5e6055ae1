"""Compare two builds of the same content made by two versions of build-print.

Usage: .venv/bin/python scripts/compare_builds.py OUTPUT_A OUTPUT_B [--dpi 50]

For a change that cannot keep the bytes (a new PDF writer, say), this shows that the files
still mean the same: for every PDF in print/** and radio/** of both folders, the same page
count, the same page boxes (to 0.001 pt), the same decoded page content, the same pixels
(every page rendered with pypdfium2; the largest difference of any channel is reported) and
the same `build-print preflight --json` findings; and the same findings in report.json.
Exits 1 when anything differs beyond the reported raster difference.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pypdfium2
from PIL import Image, ImageChops
from pypdf import PdfReader

BOXES = ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox")


def pdfs(root: Path) -> list[Path]:
    return sorted(p.relative_to(root) for folder in ("print", "radio")
                  for p in (root / folder).rglob("*.pdf"))


def boxes(reader: PdfReader) -> list[dict[str, list[float]]]:
    pages: list[dict[str, list[float]]] = []
    for page in reader.pages:
        found: dict[str, Any] = {name: page[name] for name in BOXES if name in page}
        pages.append({name: [round(float(v), 3) for v in box] for name, box in found.items()})
    return pages


def content(reader: PdfReader) -> list[bytes]:
    pages = []
    for page in reader.pages:
        contents = page.get_contents()
        pages.append(contents.get_data() if contents is not None else b"")
    return pages


def raster_difference(first: Path, second: Path, dpi: float) -> int:
    largest = 0
    one, two = pypdfium2.PdfDocument(str(first)), pypdfium2.PdfDocument(str(second))
    for index in range(len(one)):
        images: list[Image.Image] = [
            document[index].render(scale=dpi / 72).to_pil().convert("RGB")
            for document in (one, two)]
        if images[0].size != images[1].size:
            raise SystemExit(f"{first}: page {index + 1}: {images[0].size} ≠ {images[1].size}")
        bands: Any = ImageChops.difference(*images).getextrema()  # (low, high) per channel
        largest = max(largest, *(int(high) for _, high in bands))
    return largest


def preflight(exe: str, path: Path) -> object:
    done = subprocess.run([exe, "preflight", "--json", str(path)], capture_output=True,
                          text=True, check=False)
    findings = json.loads(done.stdout)
    # The file's own path is not a finding.
    return json.loads(json.dumps(findings).replace(str(path), "FILE")), done.returncode


def report_findings(root: Path) -> object:
    report = json.loads((root / "report.json").read_text(encoding="utf-8"))
    return {job["id"]: job["findings"] for job in report["jobs"]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("first", type=Path)
    parser.add_argument("second", type=Path)
    parser.add_argument("--dpi", type=float, default=50)
    args = parser.parse_args()
    exe = shutil.which("build-print") or str(Path(sys.executable).with_name("build-print"))
    names = pdfs(args.first)
    problems = []
    if names != pdfs(args.second):
        problems.append("not the same PDF files")
    largest = 0
    pages = 0
    for name in names:
        a, b = args.first / name, args.second / name
        ra, rb = PdfReader(a), PdfReader(b)
        if len(ra.pages) != len(rb.pages):
            problems.append(f"{name}: {len(ra.pages)} ≠ {len(rb.pages)} pages")
            continue
        pages += len(ra.pages)
        if boxes(ra) != boxes(rb):
            problems.append(f"{name}: page boxes differ")
        if content(ra) != content(rb):
            problems.append(f"{name}: page content differs")
        difference = raster_difference(a, b, args.dpi)
        largest = max(largest, difference)
        if preflight(exe, a) != preflight(exe, b):
            problems.append(f"{name}: preflight findings differ")
        print(f"{name}: {len(ra.pages)} pages, {a.stat().st_size} → {b.stat().st_size} B, "
              f"largest pixel difference {difference}", flush=True)
    if report_findings(args.first) != report_findings(args.second):
        problems.append("report.json findings differ")
    print(f"{len(names)} PDFs, {pages} pages compared at {args.dpi:g} dpi; largest pixel "
          f"difference {largest} (of 255); report.json findings "
          f"{'differ' if 'report.json findings differ' in problems else 'identical'}")
    for problem in problems:
        print("DIFFERENT:", problem)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
