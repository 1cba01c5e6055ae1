"""The build-print command as a designer and a printer type it, without rendering anything.

Every test here runs under ``no_rendering`` (autouse): the scheduler rendering a job (in
this process or by starting workers), importing WeasyPrint, ``pipeline.render.pdf`` or
``pipeline.stages``, or calling ``Renderer.render`` or ``stages.build_job`` when another
test already imported them, is recorded and fails the test, even when the CLI turned the
error into an exit code. What needs a build is given
one made in the test (``BuildReport`` of ``JobResult``/``JobOutcome``) through a
monkeypatched ``pipeline.build.build``. The tests that render are in ``test_cli.py``
(``slow``).
"""

from __future__ import annotations

import importlib.abc
import json
import re
import shutil
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import click
import pytest
from click.testing import CliRunner

from pipeline import __version__
from pipeline.cli import cli
from pipeline.config import load_config
from pipeline.diagnostics import error, info, warning
from pipeline.output import output_lock
from pipeline.pack_ids import PACK_IDS
from pipeline.results import BuildReport, JobOutcome, JobResult
from pipeline.terminal import SAME_FINDING_LIMIT, print_findings, print_summary
from tests.conftest import REPO, copy_project
from tests.pdf_factory import make_pdf

CORPUS = Path(__file__).parent / "corpus"
RENDERING_MODULES = ("weasyprint", "pipeline.render.pdf", "pipeline.stages")
"""Modules whose import means a PDF is about to be rendered."""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), prog_name="build-print")
    return result.exit_code, result.stdout, result.stderr


# --- the guard: nothing in this file renders ----------------------------------------------


class _Blocker(importlib.abc.MetaPathFinder):
    """Refuses (and records) the import of a rendering module."""

    def __init__(self, attempts: list[str]) -> None:
        self.attempts = attempts

    def find_spec(self, name: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> None:
        if name in RENDERING_MODULES or name.startswith("weasyprint."):
            self.attempts.append(f"import {name}")
            raise ImportError(f"{name} imported in a test that must not render")
        return None


@pytest.fixture(autouse=True)
def no_rendering(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Fails the test if it imports a rendering module or calls ``Renderer.render`` or
    ``stages.build_job`` (a module another test imported is patched instead); yields the
    record, which a test may inspect and clear."""
    attempts: list[str] = []

    def refuse(what: str) -> Any:
        def refused(*args: object, **kwargs: object) -> None:
            attempts.append(f"call {what}")
            raise AssertionError(f"{what} called in a test that must not render")
        return refused

    # The scheduler's two ways to render, both called in this process: a job here, or the
    # pool of workers (which would record in their own memory).
    monkeypatch.setattr("pipeline.scheduler.run_job", refuse("scheduler.run_job"))
    monkeypatch.setattr("pipeline.scheduler._pool", refuse("scheduler._pool"))
    # Imported by an earlier test of the session: patched (a module cannot be un-imported);
    # not imported yet: its import is refused.
    if "pipeline.render.pdf" in sys.modules:
        monkeypatch.setattr("pipeline.render.pdf.Renderer.render", refuse("Renderer.render"))
    if "pipeline.stages" in sys.modules:
        monkeypatch.setattr("pipeline.stages.build_job", refuse("stages.build_job"))
    blocker = _Blocker(attempts)
    sys.meta_path.insert(0, blocker)
    try:
        yield attempts
    finally:
        sys.meta_path.remove(blocker)
    if attempts:
        pytest.fail(f"this test tried to render: {', '.join(attempts)}", pytrace=False)


def test_the_guard_catches_a_build_that_renders(project: Path,
                                                no_rendering: list[str]) -> None:
    """This test ensures the guard works: a real build of one poster, which the CLI turns
    into an exit code, is still recorded (and would fail the test)."""
    code, _, err = run("--project", str(project), "--output", str(project / "out"),
                       "--only", "*-kaunas-a3", "--jobs", "1", "--no-proofs")
    assert no_rendering == ["call scheduler.run_job"], err
    assert code == 1 and "must not render" in err
    no_rendering.clear()  # recorded as it should be: let the test pass


def test_the_guard_refuses_rendering_imports() -> None:
    """This test ensures the import guard refuses WeasyPrint and the rendering modules, and
    nothing else."""
    attempts: list[str] = []
    blocker = _Blocker(attempts)
    for name in (*RENDERING_MODULES, "weasyprint.document"):
        with pytest.raises(ImportError, match="must not render"):
            blocker.find_spec(name, None)
    assert blocker.find_spec("pipeline.render.templates", None) is None
    assert blocker.find_spec("pypdf", None) is None
    assert attempts == [f"import {name}" for name in (*RENDERING_MODULES, "weasyprint.document")]


# --- help, version, usage -----------------------------------------------------------------

EXIT_CODE_LINES = ("0  done, no error-level finding", "1  error-level findings",
                   "2  bad usage, configuration or content")
COMMANDS = ("check", "list", "preflight", "radio", "report", "watch")


def test_help_states_exit_codes() -> None:
    """This test ensures --help documents the exit-code contract."""
    code, out, _ = run("--help")
    assert code == 0
    for line in ("0  done, no error-level finding", "1  error-level findings",
                 "2  bad usage, configuration or content"):
        assert line in out
    assert "--only PATTERN" in out and "--debug" in out


def test_help_lists_every_command() -> None:
    """This test ensures the top-level help names each subcommand and the build options."""
    code, out, err = run("--help")
    assert (code, err) == (0, "")
    assert out.startswith("Usage: build-print [OPTIONS] [COMMAND] [ARGS]...\n")
    assert tuple(sorted(cli.commands)) == COMMANDS  # type: ignore[attr-defined]
    listed = re.findall(r"^  (\w+)\s{2,}\S", out.split("Commands:")[1], re.M)
    assert listed == list(COMMANDS)
    for option in ("--project DIRECTORY", "--output DIRECTORY", "--quiet", "--jobs",
                   "--no-proofs", "--proof-overlay", "--version"):
        assert option in out


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_has_help_with_exit_codes(command: str) -> None:
    """This test ensures `build-print COMMAND --help` exits 0 with its usage and the
    exit codes."""
    code, out, err = run(command, "--help")
    assert (code, err) == (0, "")
    assert out.startswith(f"Usage: build-print {command} [OPTIONS]")
    for line in EXIT_CODE_LINES:
        assert line in out
    assert "--debug" in out


def test_version() -> None:
    """This test ensures --version prints the package version and exits 0."""
    assert run("--version") == (0, f"build-print, version {__version__}\n", "")


@pytest.mark.parametrize("args, words", [
    (("build",), ("No such command", "'build'")),
    (("--colour",), ("No such option", "--colour")),
    (("--jobs", "0"), ("Invalid value for '--jobs'", "0 is not in the range x>=1")),
    (("check", "--pack", "eu-2000"), ("Invalid value for '--pack'", "'eu-2000' is not one of",
                                      "'lt-esf-2007-2013', 'eu-2014-2020', 'eu-2021-2027'")),
])
def test_bad_usage_exits_2(args: tuple[str, ...], words: tuple[str, ...]) -> None:
    """This test ensures a mistyped command or option is bad usage: exit 2, the usage and
    one error line (its wording is click's)."""
    code, out, err = run(*args)
    assert (code, out) == (2, "")
    assert err.startswith("Usage: build-print ")
    last = err.splitlines()[-1]
    assert last.startswith("Error: ") and all(word in last for word in words), err


def test_pack_choices_are_the_rule_packs() -> None:
    """This test ensures `check --pack` offers exactly the rule packs the library has."""
    check = cli.commands["check"]  # type: ignore[attr-defined]
    pack = next(p for p in check.params if p.name == "pack_id")
    assert isinstance(pack.type, click.Choice)
    assert tuple(pack.type.choices) == PACK_IDS
    assert pack.default == "lt-esf-2007-2013" and pack.default in PACK_IDS


@pytest.mark.parametrize("command", ["preflight", "check"])
def test_a_missing_file_argument_exits_2(command: str, tmp_path: Path) -> None:
    """This test ensures `preflight`/`check` without a file, with a file that does not exist,
    or with a folder, is bad usage (exit 2), not a crash."""
    code, _, err = run(command)
    assert code == 2 and "Error: Missing argument 'FILES...'." in err
    code, _, err = run(command, str(tmp_path / "nera.pdf"))
    assert code == 2 and f"File '{tmp_path / 'nera.pdf'}' does not exist." in err
    code, _, err = run(command, str(tmp_path))
    assert code == 2 and f"File '{tmp_path}' is a directory." in err


# --- list ---------------------------------------------------------------------------------


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


def test_list_gives_every_job_its_product_and_variant() -> None:
    """This test ensures each line of `list` is product, job id, variant and source, for
    every job the build plans, in plan order."""
    from pipeline.build import load, plan

    jobs = plan(load(load_config(REPO)))
    code, out, err = run("list", "--project", str(REPO))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == len(jobs) == 54 + 48  # print, radio, digital; social cards
    for job, line in zip(jobs, lines, strict=True):
        variant = ", ".join(f"{k}={v}" for k, v in job.variant.items())
        assert line.split(None, 2)[:2] == [job.product, job.id]
        assert line.endswith(f"  {variant}  ({job.source})" if variant else f"({job.source})")
    # Columns line up: every job id starts where the longest product name ends, + 2.
    start = max(len(job.product) for job in jobs) + 2
    assert {line.index(job.id) for job, line in zip(jobs, lines, strict=True)} == {start}
    # Every job says what distinguishes it from its siblings, except a spot (it has none).
    assert {job.product for job in jobs if not job.variant} == {"radio-spot"}
    products = {line.split()[0] for line in lines}
    assert products == {"poster", "event-poster", "invitation", "attendance-sheet",
                        "certificate", "programme", "schedule", "leaflet", "outdoor",
                        "publication", "digital-edition", "radio-script", "rundown",
                        "radio-spot", "social-card"}


def test_list_reads_the_project_given(tmp_path: Path) -> None:
    """This test ensures `list --project` lists that project (a copy without posters), not
    the repository's."""
    project = copy_project(tmp_path / "project", posters=False)
    code, out, _ = run("list", "--project", str(project))
    assert code == 0
    assert " poster " not in f" {out}" and "zmogus-ne-preke-kaunas-a3" not in out
    assert "lankstinukas-jaunimui" in out
    whole = run("list", "--project", str(REPO))[1]
    # the ten posters and their twenty social media cards
    assert len(out.splitlines()) == len(whole.splitlines()) - 10 - 20
    assert not (project / "output").exists()  # listing writes nothing


def test_list_from_the_project_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """This test ensures `list` without --project reads the current folder when it is a
    project."""
    project = copy_project(tmp_path / "project", posters=False)
    monkeypatch.chdir(project)
    code, out, _ = run("list")
    assert code == 0 and "zmogus-ne-preke-kaunas-a3" not in out
    assert "lankstinukas-jaunimui" in out


# --- content errors, nothing to build, a locked output folder -----------------------------


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


@pytest.mark.parametrize("command", [(), ("radio",)])
def test_every_content_error_at_once_and_nothing_written(project: Path,
                                                         command: tuple[str, ...]) -> None:
    """This test ensures every problem of several files is reported at once, one
    `error: path:line: field: message` line each in file and line order, then the count;
    exit 2; no output folder is made (the default one included)."""
    for name in ("05-bad-url.yaml", "03-wrong-type.yaml", "02-missing-field.yaml"):
        shutil.copy(CORPUS / "posters" / name, project / "content" / "posters")
    code, out, err = run(*command, "--project", str(project))
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "error: content/posters/02-missing-field.yaml:2: headline: required field is missing",
        "error: content/posters/03-wrong-type.yaml:5: formats: expected a list, not the text "
        "'A2'",
        "error: content/posters/03-wrong-type.yaml:15: production.run: expected a whole "
        "number, not the text 'daug'",
        "error: content/posters/05-bad-url.yaml:12: qr.url: only https URLs are accepted, "
        "not 'http://www.caritas.lt'",
        "4 problem(s) in the content; nothing was built."]
    assert sorted(p.name for p in project.iterdir()) == ["brand", "content", "layouts"]


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


def test_only_matching_nothing_leaves_the_last_build_alone(project: Path) -> None:
    """This test ensures a mistyped --only (exit 2, nothing built) does not replace the
    last build's report, compliance report and proof board with empty ones."""
    out_dir = project / "output"
    out_dir.mkdir()
    last = {name: f"last build's {name}\n" for name in
            ("report.json", "compliance.html", "index.html")}
    for name, text in last.items():
        (out_dir / name).write_text(text, encoding="utf-8")
    code, out, err = run("--project", str(project), "--only", "kaunas", "--only", "*-vilnius-*")
    assert (code, out) == (2, "")
    assert err == "no job matches 'kaunas *-vilnius-*'; see `build-print list`\n"
    assert {p.name: p.read_text(encoding="utf-8") for p in out_dir.iterdir()} == last


@pytest.mark.parametrize("command", [(), ("radio",)])
def test_an_output_folder_locked_by_another_build_exits_2(project: Path,
                                                          command: tuple[str, ...]) -> None:
    """This test ensures a build into a folder another build-print holds (a watch running)
    is refused, exit 2, with what to do; nothing is built."""
    out_dir = project / "out"
    with output_lock(out_dir):
        code, out, err = run(*command, "--project", str(project), "--output", str(out_dir))
    assert (code, out) == (2, "")
    assert err == (f"error: another build-print is writing to {out_dir}; wait for it to "
                   "finish or use another --output\n")
    assert sorted(p.name for p in out_dir.iterdir()) == [".lock"]


# --- preflight and check on small PDFs ----------------------------------------------------


@pytest.fixture
def pdfs(tmp_path: Path) -> dict[str, Path]:
    """A clean print page, the same with an RGB image, and a file that is no PDF."""
    files = {"clean": make_pdf(), "rgb": make_pdf("rgb-image"),
             "broken": make_pdf()[:20_000]}
    paths = {}
    for name, data in files.items():
        paths[name] = tmp_path / f"{name}.pdf"
        paths[name].write_bytes(data)
    return paths


def test_preflight_of_a_clean_page_exits_0(pdfs: dict[str, Path]) -> None:
    """This test ensures a print-ready page passes preflight: exit 0, its facts listed, no
    error or warning."""
    code, out, err = run("preflight", str(pdfs["clean"]))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == str(pdfs["clean"])
    assert lines[-1] == "  0 error(s), 0 warning(s)"
    assert all(line.startswith("  info ") for line in lines[1:-1])
    codes = [line.split()[1] for line in lines[1:-1]]
    assert codes == ["pdf-version", "pdfx-version", "output-intent", "page-boxes",
                     "colour-spaces", "ink-coverage", "image-resolution"]


def test_preflight_finds_an_rgb_image_and_exits_1(pdfs: dict[str, Path]) -> None:
    """This test ensures a page with an RGB image fails (exit 1) with the image located, and
    that each file of several is reported under its name."""
    code, out, _ = run("preflight", str(pdfs["clean"]), str(pdfs["rgb"]))
    assert code == 1
    rgb = out.split(str(pdfs["rgb"]) + "\n")[1]
    assert re.search(r"^  error   colour-rgb       page 1: image /Im1 \(300 × 300 px\) at "
                     r"70\.6, 165\.8 mm from the trim's top-left: DeviceRGB colour", rgb, re.M)
    assert rgb.splitlines()[-1] == "  1 error(s), 0 warning(s)"
    assert out.count("0 error(s), 0 warning(s)") == 1  # the clean one


def test_preflight_of_a_damaged_file_is_a_finding(pdfs: dict[str, Path]) -> None:
    """This test ensures a truncated file is an error finding of that file (exit 1), not an
    internal error."""
    code, out, err = run("preflight", str(pdfs["broken"]))
    assert code == 1
    assert "  error   pdf-unreadable   not a readable PDF: " in out
    assert "internal error" not in err


def test_preflight_json_is_parseable(pdfs: dict[str, Path]) -> None:
    """This test ensures `preflight --json` prints one JSON object keyed by file, each
    finding with code, severity and message, and the same exit code."""
    code, out, _ = run("preflight", "--json", str(pdfs["clean"]), str(pdfs["rgb"]))
    assert code == 1
    data = json.loads(out)
    assert list(data) == [str(pdfs["clean"]), str(pdfs["rgb"])]
    for findings in data.values():
        assert all({"code", "severity", "message"} <= set(f) for f in findings)
    assert [f["code"] for f in data[str(pdfs["rgb"])] if f["severity"] == "error"] == ["colour-rgb"]
    assert not [f for f in data[str(pdfs["clean"])] if f["severity"] != "info"]
    assert {f["job"] for f in data[str(pdfs["rgb"])]} == {"rgb.pdf"}


def test_check_of_a_page_without_emblem_exits_1(pdfs: dict[str, Path]) -> None:
    """This test ensures `check` names the pack, gives each rule's verdict and exits 1 when
    the emblem and the statements are missing."""
    code, out, err = run("check", str(pdfs["clean"]))
    assert (code, err) == (1, "")
    lines = out.splitlines()
    assert lines[0] == f"{pdfs['clean']}  (lt-esf-2007-2013)"
    assert "  fail EMB-PRESENT       EU emblem not found on the page raster" in lines
    assert "  pass TXT-EU-ABBR       no abbreviation “ES”" in lines
    assert re.fullmatch(r"  \d+ fail, \d+ warn, \d+ pass", lines[-1])


@pytest.mark.parametrize("pack", PACK_IDS)
def test_check_json_is_parseable_for_every_pack(pdfs: dict[str, Path], pack: str) -> None:
    """This test ensures `check --json --pack P` prints JSON keyed by file whose findings
    carry the pack, a verdict, the measured value and the threshold."""
    code, out, _ = run("check", "--json", "--pack", pack, str(pdfs["clean"]))
    assert code == 1
    data = json.loads(out)
    assert list(data) == [str(pdfs["clean"])]
    findings = data[str(pdfs["clean"])]
    assert findings and {f["rule_pack"] for f in findings} == {pack}
    assert {f["verdict"] for f in findings} <= {"fail", "warn", "pass"}
    assert all("threshold" in f and "measured" in f for f in findings)
    emblem = next(f for f in findings if f["code"] == "EMB-PRESENT")
    assert (emblem["verdict"], emblem["measured"]) == ("fail", "0")


def test_check_document_applies_the_participants_rule(pdfs: dict[str, Path]) -> None:
    """This test ensures `check --document` checks the file as a document for participants
    (the funding statement they must carry), which a poster check does not."""
    as_poster = json.loads(run("check", "--json", str(pdfs["clean"]))[1])
    as_document = json.loads(run("check", "--json", "--document", str(pdfs["clean"]))[1])
    codes = {f["code"] for f in next(iter(as_document.values()))}
    assert codes != {f["code"] for f in next(iter(as_poster.values()))}


def test_check_of_a_damaged_file_is_a_finding(pdfs: dict[str, Path]) -> None:
    """This test ensures `check` reports a truncated file as an error finding of that file
    (exit 1) and still checks the others, instead of an internal error."""
    code, out, err = run("check", "--json", str(pdfs["broken"]), str(pdfs["clean"]))
    assert code == 1
    assert "internal error" not in err
    data = json.loads(out)
    broken = data[str(pdfs["broken"])]
    assert [(f["code"], f["severity"]) for f in broken] == [("pdf-unreadable", "error")]
    assert broken[0]["message"].startswith("not a readable PDF: ")
    assert any(f["code"] == "EMB-PRESENT" for f in data[str(pdfs["clean"])])


# --- unexpected errors --------------------------------------------------------------------


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


@pytest.mark.parametrize("target, args", [
    ("pipeline.build.plan", ("list", "--project", str(REPO))),
    ("pipeline.preflight.run_preflight", ("preflight", "{pdf}")),
    ("pipeline.compliance.check_pdf", ("check", "{pdf}")),
])
def test_each_command_hides_the_traceback_unless_debug(
        monkeypatch: pytest.MonkeyPatch, pdfs: dict[str, Path], target: str,
        args: tuple[str, ...]) -> None:
    """This test ensures every command turns an unexpected error into one line and exit 1,
    and shows the traceback (ending in the error) only with --debug."""
    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("kaput")

    monkeypatch.setattr(target, broken)
    argv = [arg.replace("{pdf}", str(pdfs["clean"])) for arg in args]
    code, out, err = run(*argv)
    assert (code, out, err) == (
        1, "", "internal error: KeyError: 'kaput' (run with --debug for the traceback)\n")
    code, out, err = run(*argv, "--debug")
    assert code == 1
    assert err.startswith("Traceback (most recent call last):\n")
    assert err.rstrip().endswith("KeyError: 'kaput'")
    assert "internal error" not in err


# --- the build summary, from a report made here -------------------------------------------


def _jobs() -> list[Any]:
    from pipeline.build import load, plan

    return plan(load(load_config(REPO)), ("zmogus-ne-preke-*",))


MARK = "national EU 2007–2013 support mark not present"


def _report() -> BuildReport:
    """Ten poster jobs: five share a warning word for word, three share an error, one is
    stale, two are reused, one has a content finding with a line, all have passes."""
    jobs = _jobs()
    assert len(jobs) == 10
    results = []
    for n, job in enumerate(jobs):
        found = [info("EMB-PRESENT", "emblem found", job=job.id, rule_pack="lt-esf-2007-2013")]
        if n < 5:
            found.append(warning("LT-MARK-0713", MARK, job=job.id,
                                 rule_pack="lt-esf-2007-2013"))
        if 5 <= n < 8:
            found.append(error("overflow", "text runs out of its frame by 2.0 mm", job=job.id,
                               page=1))
        if n == 8:
            found.append(warning("content", "headline is long", job=job.id,
                                 source="content/posters/zmogus-ne-preke.yaml", line=3))
        outcome = JobOutcome(found, written=not 5 <= n < 8, pages=1, seconds=1.0)
        results.append(JobResult(job, outcome, reused=n >= 8, reason=None if n >= 8 else "new",
                                 stale=n == 5))
    return BuildReport(results, 12.34, campaign=[info("POSTER-A3", "10 posters",
                                                      rule_pack="lt-esf-2007-2013")])


def test_a_finding_many_jobs_share_is_printed_once(capsys: pytest.CaptureFixture[str]) -> None:
    """This test ensures a finding more than SAME_FINDING_LIMIT jobs share word for word is
    printed once with the jobs; one fewer jobs share is printed per job; passes are not
    printed."""
    report = _report()
    ids = [r.job.id for r in report.results]
    print_findings(report.diagnostics)
    out, err = capsys.readouterr()
    assert out == ""
    assert SAME_FINDING_LIMIT == 3
    assert err.splitlines() == [
        f"warning: LT-MARK-0713: {MARK} (in 5 jobs: {', '.join(ids[:3])} and 2 more)",
        *(f"error: {i}: page 1: text runs out of its frame by 2.0 mm" for i in ids[5:8]),
        f"warning: content/posters/zmogus-ne-preke.yaml:3: {ids[8]}: headline is long"]


def test_a_finding_with_a_line_is_never_grouped(capsys: pytest.CaptureFixture[str]) -> None:
    """This test ensures content findings (with a line) stay one per job, however many
    jobs share them, and that four jobs sharing one are grouped."""
    jobs = _jobs()
    located = [warning("content", "long", job=j.id, source="content/x.yaml", line=2)
               for j in jobs[:4]]
    shared = [warning("qr", "small", job=j.id) for j in jobs[:4]]
    print_findings(located + shared)
    lines = capsys.readouterr().err.splitlines()
    assert lines[:4] == [f"warning: content/x.yaml:2: {j.id}: long" for j in jobs[:4]]
    assert lines[4:] == [f"warning: small (in 4 jobs: {', '.join(j.id for j in jobs[:3])} "
                         "and 1 more)"]


def test_summary_marks_stale_reused_and_totals(capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path) -> None:
    """This test ensures the summary prints each job's status, built or reused (and why),
    where its file is, stale marking, and the totals line with the output folder and the
    reports."""
    report = _report()
    config = load_config(REPO)
    print_summary(config, report, quiet=False)
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 11
    ids = [r.job.id for r in report.results]
    outputs = [r.job.output.as_posix() for r in report.results]
    assert out[0] == f"warn  built   {ids[0]:40} {outputs[0]} (new)"
    assert out[5] == (f"fail  built   {ids[5]:40} not written "
                      "(stale: an older file stays in print/) (new)")
    assert out[6] == f"fail  built   {ids[6]:40} not written (new)"
    assert out[8] == f"warn  reused  {ids[8]:40} {outputs[8]}"
    assert out[9] == f"pass  reused  {ids[9]:40} {outputs[9]}"
    assert out[10] == ("8 rebuilt, 2 reused; 7/10 file(s) in output/ in 12.3 s; proof board: "
                       "output/index.html; compliance report: output/compliance.html "
                       "(its A4 PDF: build-print report)")

    print_summary(load_config(REPO, tmp_path / "elsewhere"), report, quiet=False)
    assert capsys.readouterr().out.splitlines()[-1].endswith(
        f"file(s) in {tmp_path / 'elsewhere'}/ in 12.3 s; proof board: "
        f"{tmp_path / 'elsewhere' / 'index.html'}; compliance report: "
        f"{tmp_path / 'elsewhere' / 'compliance.html'} (its A4 PDF: build-print report)")

    print_summary(config, report, quiet=True)
    out, err = capsys.readouterr()
    assert out == "" and "LT-MARK-0713" in err  # quiet: findings only


@pytest.fixture
def fake_build(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """``pipeline.build.build`` replaced by one that returns ``_report()`` and records how
    it was called."""
    import pipeline.build

    calls: list[dict[str, Any]] = []

    def build(config: Any, **kwargs: Any) -> BuildReport:
        calls.append({"config": config, **kwargs})
        return _report()

    monkeypatch.setattr(pipeline.build, "build", build)
    return calls


def test_error_findings_exit_1_and_print_the_summary(fake_build: list[dict[str, Any]]) -> None:
    """This test ensures a build with error-level findings exits 1 after the findings (on
    stderr) and the summary (on stdout)."""
    code, out, err = run("--project", str(REPO))
    assert code == 1
    assert "error: zmogus-ne-preke-" in err and "(in 5 jobs: " in err
    assert "not written (stale: an older file stays in print/)" in out
    assert out.splitlines()[-1].startswith("8 rebuilt, 2 reused; 7/10 file(s) in output/")


def test_options_reach_the_build(fake_build: list[dict[str, Any]], tmp_path: Path) -> None:
    """This test ensures the command passes project, output, selection and build options to
    the library as given, and `radio` selects the radio jobs."""
    from pipeline.progress import LineProgress
    from pipeline.results import Listener
    from pipeline.session import BuildOptions

    run("--project", str(REPO), "--output", str(tmp_path / "o"), "--only", "*-kaunas-*",
        "--only", "leaflet", "-j", "3", "--no-proofs", "--proof-overlay")
    run("--project", str(REPO), "--quiet")
    run("radio", "--project", str(REPO))
    first, quiet, radio = fake_build
    assert first["config"].root == REPO and first["config"].output == tmp_path / "o"
    assert first["only"] == ("*-kaunas-*", "leaflet")
    assert first["options"] == BuildOptions(jobs=3, proofs=False, overlay=True)
    assert type(first["listener"]) is LineProgress  # not a terminal: one line per job
    assert type(quiet["listener"]) is Listener  # --quiet: no progress
    assert quiet["options"] == BuildOptions()
    assert radio["only"] == ("radio-*", "spot-*")


def test_watch_prints_each_build_and_each_content_error(monkeypatch: pytest.MonkeyPatch,
                                                        tmp_path: Path) -> None:
    """This test ensures `watch` prints what changed, the findings and the jobs rebuilt after
    each build, and a content error without stopping (the watching itself, with
    watchfiles, is replaced by two events made here)."""
    import pipeline.watch
    from pipeline.errors import ContentError

    seen: dict[str, Any] = {}

    def watch(config: Any, *, on_build: Any, on_error: Any, **kwargs: Any) -> None:
        seen.update(config=config, **kwargs)
        on_build(_report(), ["content/posters/zmogus-ne-preke.yaml"])
        on_error(ContentError([error("content", "required field is missing",
                                     source="content/posters/x.yaml", line=2,
                                     field="headline")]), ["content/posters/x.yaml"])

    monkeypatch.setattr(pipeline.watch, "watch", watch)
    code, out, err = run("watch", "--project", str(REPO), "--output", str(tmp_path / "o"),
                         "--only", "zmogus-*", "-j", "1")
    assert code == 0
    assert seen["config"].output == tmp_path / "o" and seen["only"] == ("zmogus-*",)
    lines = out.splitlines()
    assert lines[0] == "changed: content/posters/zmogus-ne-preke.yaml"
    assert lines[1].startswith("rebuilt  warn  zmogus-ne-preke-") and lines[1].endswith("(new)")
    assert len([line for line in lines if line.startswith("rebuilt  ")]) == 8
    assert lines[9].startswith("8 rebuilt, 2 reused in 12.3 s; proof board: ")
    assert lines[9].endswith("watching content/, layouts/, brand/ (Ctrl-C to stop)")
    assert lines[10:] == [
        "changed: content/posters/x.yaml",
        "1 problem(s) in the content; nothing rebuilt, the last good output stays. "
        "Watching for the fix…"]
    assert "(in 5 jobs: " in err  # the build's findings, grouped as in the summary
    # The content error itself goes to stderr, as every finding does.
    assert err.splitlines()[-1] == \
        "error: content/posters/x.yaml:2: headline: required field is missing"


def test_radio_audio_without_espeak_goes_on(fake_build: list[dict[str, Any]],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """This test ensures `radio --audio` without espeak-ng says how to install it and keeps
    the build's exit code."""
    from pipeline.radio import audio

    monkeypatch.setattr(audio, "espeak", lambda: None)
    code, _, err = run("radio", "--audio", "--project", str(REPO))
    assert code == 1  # the report made here has error findings
    assert f"{audio.INSTALL_HINT}; going on without audio.\n" in err
    assert fake_build[0]["only"] == ("radio-*", "spot-*")


def test_a_layout_typo_in_many_jobs_is_printed_once(project: Path) -> None:
    """This test ensures a template error that every poster shares is one line naming the
    layout line and the jobs, not ten lines each with the job id twice (it fails before
    anything is rendered)."""
    layout = project / "layouts" / "poster" / "poster.html.j2"
    layout.write_text(layout.read_text(encoding="utf-8").replace(
        "{{ poster.message }}", "{{ poster.messag }}"), encoding="utf-8")
    code, _, err = run("--project", str(project), "--output", str(project / "out"),
                       "--only", "poster", "--quiet", "--jobs", "1")
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert code == 1
    assert len(errors) == 1, err
    assert re.search(r"layouts/poster/poster\.html\.j2:\d+: .*messag.* \(in 10 jobs: "
                     r"zmogus-ne-preke-kaunas-a2, ", errors[0]), errors[0]
    assert errors[0].count("zmogus-ne-preke-kaunas-a2") == 1
