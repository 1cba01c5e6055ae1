"""Nothing lost, nothing half-written: builds killed (SIGKILL) at random moments leave every
PDF in output/ complete and valid, either the previous one or the new one."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from pipeline.config import load_config
from pipeline.errors import ConfigError
from pipeline.output import output_lock

pytestmark = pytest.mark.slow

KILLS = 20
SELECTION = ("zmogus-ne-preke-kaunas-a3", "zmogus-ne-preke-klaipeda-a3",
             "lankstinukas-jaunimui")
EDITS = (("content/posters/zmogus-ne-preke.yaml", "o vėliau atima dokumentus",
          "o paskui atima dokumentus"),
         ("content/leaflets/jaunimui.yaml", "Dažniausiai nukenčia jauni žmonės",
          "Dažnai nukenčia jauni žmonės"))


def command(project: Path, out: Path) -> list[str]:
    only = [arg for job in SELECTION for arg in ("--only", job)]
    return [sys.executable, "-m", "pipeline.cli", "--project", str(project), "--output",
            str(out), "--jobs", "2", "--quiet", *only]


def variant(project: Path, which: int) -> None:
    """Content version 0 or 1 (each changes every selected job)."""
    for name, first, second in EDITS:
        path = project / name
        text = path.read_text(encoding="utf-8")
        old, new = (second, first) if which == 0 else (first, second)
        path.write_text(text.replace(old, new), encoding="utf-8")


def pdfs(out: Path) -> dict[str, bytes]:
    """The products' PDFs in ``out`` (the compliance report's export is checked apart)."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.pdf"))
            if p.name != REPORT_PDF}


REPORT_PDF = "compliance.pdf"


def test_sigkill_at_random_moments_never_leaves_a_broken_or_lost_pdf(project: Path) -> None:
    """This test ensures that after each of 20 SIGKILLs (of the build and its workers) at
    random moments every PDF in output/ opens with pypdf, has its page count, and is
    byte for byte either the previous or the new version; nothing is lost; and the next
    build finishes the job."""
    versions: list[dict[str, bytes]] = []
    durations = []
    for which in (0, 1):  # both complete versions, built without interruption
        variant(project, which)
        started = time.monotonic()
        done = subprocess.run(command(project, project / f"v{which}"), capture_output=True,
                              text=True)
        assert done.returncode == 0, done.stderr
        durations.append(time.monotonic() - started)
        versions.append(pdfs(project / f"v{which}"))
    assert versions[0].keys() == versions[1].keys() and len(versions[0]) == 3
    assert all(versions[0][k] != versions[1][k] for k in versions[0])
    pages = {name: len(PdfReader(project / "v0" / name).pages) for name in versions[0]}

    out = project / "out"
    shutil.copytree(project / "v1", out)  # the last good build
    rng = random.Random(20261128)
    moments = []
    for kill in range(KILLS):
        variant(project, kill % 2)
        process = subprocess.Popen(command(project, out), start_new_session=True,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        moment = rng.uniform(0.0, max(durations) * 1.2)
        moments.append(moment)
        time.sleep(moment)
        os.killpg(process.pid, signal.SIGKILL)  # the build and its worker processes
        process.wait()
        found = pdfs(out)
        assert found.keys() == versions[0].keys(), (kill, moment, sorted(found))
        for name, data in found.items():
            assert data in (versions[0][name], versions[1][name]), (kill, moment, name)
            assert len(PdfReader(out / name, strict=True).pages) == pages[name]
        if (out / REPORT_PDF).exists():  # written atomically too: whole, never torn
            assert len(PdfReader(out / REPORT_PDF, strict=True).pages) >= 1, (kill, moment)

    assert len(moments) == KILLS and min(moments) < 1.0 < max(moments)
    # The next build completes what the killed ones started, and leaves no temporary file.
    variant(project, 0)
    done = subprocess.run(command(project, out), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert pdfs(out) == versions[0]
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_a_second_build_into_the_same_output_is_refused(tmp_path: Path) -> None:
    """This test ensures two builds never write the same output folder at once."""
    from tests.conftest import REPO

    config = load_config(REPO, tmp_path / "out")
    with output_lock(config.output), pytest.raises(ConfigError, match="another build-print"), \
            output_lock(config.output):
        pass
