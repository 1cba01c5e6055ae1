"""Benchmark: what pdfium renders for the final files of a one-core build of the sample.

Usage: taskset -c 0 .venv/bin/python benchmarks/page_rasters.py
Builds the sample in this process (``--jobs 1``, proofs on) into a temporary folder and
counts, over every job's final file (``pipeline.pdffile.PdfFile``, opened once per job):
pages, page rasters rendered (one per page is the aim: the bleed check and the proofs
share them), regions rendered on their own (emblems, QR codes), and the seconds spent in
preflight, QR decoding, compliance and proofs.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from pipeline import stages
from pipeline.build import build
from pipeline.config import load_config
from pipeline.pdffile import PdfFile
from pipeline.session import BuildOptions

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    opened: list[PdfFile] = []
    pages: list[int] = []
    seconds: dict[str, float] = {}

    class Counted(PdfFile):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            opened.append(self)

        def close(self) -> None:
            if not self.closed:
                pages.append(len(self))
            super().close()

    def timed(name: str) -> None:
        inner = getattr(stages, name)

        def run(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return inner(*args, **kwargs)
            finally:
                seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - started
        setattr(stages, name, run)

    stages.PdfFile = Counted  # type: ignore[misc]
    for name in ("run_preflight", "decode_qr_codes", "check_job", "render_proofs"):
        timed(name)
    with tempfile.TemporaryDirectory() as out:
        report = build(load_config(REPO, Path(out)), options=BuildOptions(jobs=1))
    print(f"{len(report.results)} jobs, {len(opened)} final files opened once each, "
          f"{sum(pages)} pages: {sum(f.page_renders for f in opened)} page rasters, "
          f"{sum(f.region_renders for f in opened)} regions rendered on their own")
    print("  " + ", ".join(f"{name} {value:.2f} s" for name, value in seconds.items()))


if __name__ == "__main__":
    main()
