"""The build-print command when it renders: a selection, an error finding's exit code and
the last good file, one real end-to-end run. Everything else of the command (options,
exit codes, messages, preflight and check, the summary) is tested without rendering in
``test_cli_fast.py``."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.test_cli_fast import run

pytestmark = pytest.mark.slow


def test_only_builds_selected_jobs(project: Path) -> None:
    """This test ensures --only builds exactly the matching jobs."""
    out_dir = project / "out"
    code, out, err = run("--project", str(project), "--output", str(out_dir),
                         "--only", "*-klaipeda-*")
    assert code == 0, out
    assert sorted(p.name for p in (out_dir / "print" / "posters").glob("*.pdf")) == [
        "zmogus-ne-preke-klaipeda-a2.pdf", "zmogus-ne-preke-klaipeda-a3.pdf"]
    # Not a terminal: one progress line per rendered job, with done/total and elapsed time.
    assert re.search(r"^\[\d/9, \d+\.\d s\] warn zmogus-ne-preke-klaipeda-a\d "
                     r"\(\d+\.\d s; new\)$", err, re.M), err
    # the posters, and the Klaipėda event's products (its social media cards among them)
    assert "9 rebuilt, 0 reused" in out
    code, out, err = run("--project", str(project), "--output", str(out_dir),
                         "--only", "*-klaipeda-*", "--quiet")
    assert code == 0 and out == "" and "[" not in err  # quiet: findings only


def test_error_finding_exits_1_and_keeps_last_good_file(project: Path) -> None:
    """This test ensures a job whose output is unfit exits 1 and leaves the old PDF in place."""
    out_dir = project / "out"
    assert run("--project", str(project), "--output", str(out_dir), "--only", "*-kaunas-a3")[0] == 0
    pdf = out_dir / "print" / "posters" / "zmogus-ne-preke-kaunas-a3.pdf"
    good = pdf.read_bytes()
    layout = project / "layouts" / "poster" / "poster.html.j2"
    # A character no brand font has: the system would have to supply it.
    layout.write_text(layout.read_text(encoding="utf-8").replace(
        "{{ poster.message }}", "{{ poster.message }} \u2603"), encoding="utf-8")
    code, out, err = run("--project", str(project), "--output", str(out_dir),
                         "--only", "*-kaunas-a3")
    assert code == 1
    assert "is not a brand font" in err
    assert "fail  built   zmogus-ne-preke-kaunas-a3" in out
    assert "not written (stale: an older file stays in print/)" in out
    assert pdf.read_bytes() == good
    report = json.loads((out_dir / "report.json").read_text(encoding="utf-8"))
    job = next(j for j in report["jobs"] if j["id"] == "zmogus-ne-preke-kaunas-a3")
    assert job["stale"] is True and job["status"] == "fail"


def test_real_end_to_end_run(tmp_path: Path) -> None:
    """This test ensures the installed command builds the sample from a clean folder."""
    project = tmp_path / "project"
    for name in ("content", "layouts", "brand"):
        shutil.copytree(REPO / name, project / name)
    exe = shutil.which("build-print") or str(Path(sys.executable).with_name("build-print"))
    result = subprocess.run([exe], cwd=project, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "NO_COLOR": "1"})
    assert result.returncode == 0, result.stderr
    from pipeline.build import load, plan
    from pipeline.config import load_config

    total = len(plan(load(load_config(project))))
    assert f"{total}/{total} file(s) in output/" in result.stdout
    pdfs = sorted(p for folder in ("print", "radio", "digital")
                  for p in (project / "output" / folder).rglob("*.pdf"))
    cards = sorted((project / "output" / "social").glob("*.png"))
    assert len(pdfs) + len(cards) == total and len(cards) == 48
    report = json.loads((project / "output" / "report.json").read_text(encoding="utf-8"))
    # A warning many jobs share word for word is printed once, with the jobs it concerns.
    shared = [job["id"] for job in report["jobs"] for finding in job["findings"]
              if finding["code"] == "LT-MARK-0713" and finding["severity"] == "warning"]
    assert len(shared) > 3
    lines = [line for line in result.stderr.splitlines() if "LT-MARK-0713" in line]
    assert lines == [f"warning: LT-MARK-0713: national EU 2007–2013 support mark not present: "
                     f"its artwork must be supplied (never imitated) as brand logo "
                     f"'lt-mark-0713' (in {len(shared)} jobs: {', '.join(shared[:3])} and "
                     f"{len(shared) - 3} more)"]
    # The process ends without tearing the interpreter down: exit codes still come through.
    nothing = subprocess.run([exe, "--only", "no-such-job"], cwd=project, capture_output=True,
                             text=True, timeout=60)
    assert (nothing.returncode, nothing.stderr) == (
        2, "no job matches 'no-such-job'; see `build-print list`\n")
