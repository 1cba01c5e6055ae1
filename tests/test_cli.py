"""The build-print command: options, exit codes, messages; and one real run."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from tests.conftest import REPO

CORPUS = Path(__file__).parent / "corpus"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), prog_name="build-print")
    return result.exit_code, result.stdout, result.stderr


def test_help_states_exit_codes() -> None:
    """This test ensures --help documents the exit-code contract."""
    code, out, _ = run("--help")
    assert code == 0
    for line in ("0  done, no error-level finding", "1  error-level findings",
                 "2  bad usage, configuration or content"):
        assert line in out
    assert "--only PATTERN" in out and "--debug" in out


def test_list_shows_products_and_variants() -> None:
    """This test ensures `list` names every job with its variant and source."""
    code, out, _ = run("list", "--project", str(REPO))
    assert code == 0
    lines = out.strip().splitlines()
    from pipeline.build import load, plan
    from pipeline.config import load_config

    assert len(lines) == len(plan(load(load_config(REPO)))) >= 37
    assert [line.split() for line in lines][4] == [
        "poster", "zmogus-ne-preke-siauliai-a2", "format=A2,", "municipality=Šiauliai",
        "(content/posters/zmogus-ne-preke.yaml)"]


def test_bad_content_exits_2_with_located_messages(project: Path) -> None:
    """This test ensures content errors are printed as path:line: field: message, exit 2."""
    shutil.copy(CORPUS / "posters" / "05-bad-url.yaml", project / "content" / "posters")
    code, _, err = run("--project", str(project), "--output", str(project / "out"))
    assert code == 2
    assert ("error: content/posters/05-bad-url.yaml:12: qr.url: only https URLs are accepted, "
            "not 'http://www.caritas.lt'") in err
    assert "1 problem(s) in the content; nothing was built." in err
    assert "Traceback" not in err
    assert not (project / "out").exists()


def test_not_a_project_exits_2(tmp_path: Path) -> None:
    """This test ensures a folder without content/ is a configuration error, exit 2."""
    code, _, err = run("--project", str(tmp_path))
    assert code == 2
    assert "is not a build-print project: missing content, layouts, brand/" in err


def test_only_matching_nothing_exits_2(project: Path) -> None:
    """This test ensures an --only pattern that selects no job is bad usage."""
    code, _, err = run("--project", str(project), "--only", "nothing-*")
    assert code == 2
    assert "no job matches 'nothing-*'" in err


@pytest.mark.slow
def test_only_builds_selected_jobs(project: Path) -> None:
    """This test ensures --only builds exactly the matching jobs."""
    out_dir = project / "out"
    code, out, err = run("--project", str(project), "--output", str(out_dir),
                         "--only", "*-klaipeda-*")
    assert code == 0, out
    assert sorted(p.name for p in (out_dir / "print" / "posters").glob("*.pdf")) == [
        "zmogus-ne-preke-klaipeda-a2.pdf", "zmogus-ne-preke-klaipeda-a3.pdf"]
    # Not a terminal: one progress line per rendered job, with done/total and elapsed time.
    assert re.search(r"^\[\d/5, \d+\.\d s\] warn zmogus-ne-preke-klaipeda-a\d "
                     r"\(\d+\.\d s; new\)$", err, re.M), err
    assert "5 rebuilt, 0 reused" in out  # the posters, and the Klaipėda event's products
    code, out, err = run("--project", str(project), "--output", str(out_dir),
                         "--only", "*-klaipeda-*", "--quiet")
    assert code == 0 and out == "" and "[" not in err  # quiet: findings only


@pytest.mark.slow
def test_error_finding_exits_1_and_keeps_last_good_file(project: Path) -> None:
    """This test ensures a job whose output is unfit exits 1 and leaves the old PDF in place."""
    out_dir = project / "out"
    assert run("--project", str(project), "--output", str(out_dir), "--only", "*-kaunas-a3")[0] == 0
    pdf = out_dir / "print" / "posters" / "zmogus-ne-preke-kaunas-a3.pdf"
    good = pdf.read_bytes()
    layout = project / "layouts" / "poster" / "poster.html.j2"
    # A character no brand font has: the system would have to supply it.
    layout.write_text(layout.read_text(encoding="utf-8").replace(
        "{{ poster.headline }}", "{{ poster.headline }} \u2603"), encoding="utf-8")
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


@pytest.mark.slow
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
    pdfs = sorted(p for folder in ("print", "radio")
                  for p in (project / "output" / folder).rglob("*.pdf")
                  if not p.stem.endswith("-spreads"))
    assert len(pdfs) == total
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


def test_unexpected_error_is_one_line_unless_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    """This test ensures an internal failure prints one line; the traceback needs --debug."""
    import pipeline.build

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(pipeline.build, "build", broken)
    code, _, err = run("--project", str(REPO))
    assert code == 1
    assert err.strip() == ("internal error: RuntimeError: disk on fire "
                           "(run with --debug for the traceback)")
    code, _, err = run("--debug", "--project", str(REPO))
    assert code == 1
    assert "Traceback (most recent call last)" in err and "disk on fire" in err
