"""The HTML each layout makes for the sample campaign, against the expected files in
``tests/golden/<job id>.html``.

A layout change shows up here as a readable diff before it shows up as pixels. Every job of
the sample (``build.load`` + ``build.plan`` on the repository) is rendered as the build's
scheduler renders it (``Scheduler._decide``): the template environment over layouts/ and
``render_template(env, job.layout, template_context(job, project), job=job.id)``. Only
Jinja runs: no WeasyPrint.

- A job with ``finalise`` (a perfect-binding cover, which needs its book's page count) is
  finalised with ``BOOK_PAGES`` pages, a fixed count instead of the book's laid-out one.
  (The sample's only book is saddle-stitched: it has no cover job.)
- A saddle-stitched book is stored as the scheduler renders it, with ``padding`` 0; the
  blank pages to a multiple of 4 are added by the render stage after layout.
- What depends on the machine is replaced by placeholders, in the stored and in the
  compared text alike (``machine_paths``): the project folder (``{PROJECT}``) and the
  folder each brand font package is installed in (``{SITE-PACKAGES}``), each in its
  ``file://`` URI form and as a plain path. Nothing else is normalised: the @font-face rules
  still name each font file with its package's own folders
  (``file://{SITE-PACKAGES}/font_source_sans_pro/files/SourceSansPro-Regular.ttf``).

To accept a change, rewrite the expected files and review them with ``git diff``::

    BUILD_PRINT_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden_html.py

That run writes the files whose HTML changed, adds those of new jobs, deletes those of jobs
that no longer exist, and then FAILS once with the list of what it rewrote (so an update is
never mistaken for a green run); the next run without the variable passes.
"""

from __future__ import annotations

import difflib
import os
import shutil
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pytest

from pipeline.build import load, plan
from pipeline.config import load_config
from pipeline.jobs import Job
from pipeline.project import Project
from pipeline.render.templates import make_environment, render_template
from pipeline.session import template_context
from tests.conftest import REPO

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE_VARIABLE = "BUILD_PRINT_UPDATE_GOLDEN"
UPDATE_COMMAND = f"{UPDATE_VARIABLE}=1 .venv/bin/python -m pytest tests/test_golden_html.py"
BOOK_PAGES = 64
"""The page count a job that waits for its book (a cover) is finalised with."""
DIFF_LINES = 40
"""Lines of one unified diff shown in a failure (the rest is cut)."""
DIFFS_SHOWN = 6
"""Different diffs shown in one failure; the other jobs are named only."""
JOBS_LISTED = 15
"""Jobs listed one a line (job, layout, golden file) in a failure; the rest on one line."""
JOBS_NAMED = 5
"""Other jobs named after a diff they share."""


@dataclass(frozen=True)
class Page:
    """One job's HTML, made machine-independent."""

    job: Job
    html: str


@dataclass(frozen=True)
class Mismatch:
    """A job whose HTML differs from its golden file, has none, or a golden file without
    a job."""

    name: str
    """The job id (the golden file's stem)."""
    problem: str
    """``changed``, ``missing`` (no golden file) or ``stale`` (no such job any more)."""
    layout: str | None = None
    diff: tuple[str, ...] = ()


def machine_paths(project: Project) -> list[tuple[str, str]]:
    """(text, placeholder) for every machine-dependent path the layouts can print: the
    project folder, and the folder each brand font package is installed in (site-packages
    of the venv, or wherever pip put it; the package's own folders after it stay), as
    ``file://`` URI and as a path, each followed by ``/``; longest first (a venv may sit
    inside the project folder)."""
    folders = {project.config.root.resolve(): "{PROJECT}"}
    for family in project.brand.data.fonts.values():
        if family.package:
            base = Path(str(metadata.distribution(family.package).locate_file(""))).resolve()
            folders[base] = "{SITE-PACKAGES}"
    pairs = [(form + "/", ("file://" if form.startswith("file:") else "") + placeholder + "/")
             for folder, placeholder in folders.items()
             for form in (folder.as_uri(), str(folder))]
    return sorted(pairs, key=lambda pair: -len(pair[0]))


def normalise(html: str, replacements: Iterable[tuple[str, str]]) -> str:
    """``html`` with each machine-dependent path replaced by its placeholder."""
    for text, placeholder in replacements:
        html = html.replace(text, placeholder)
    return html


def render_project(root: Path) -> dict[str, Page]:
    """Every job of the project in ``root`` rendered as the build renders it, by job id."""
    config = load_config(root)
    project = load(config)
    env = make_environment(config.layouts)
    replacements = machine_paths(project)
    pages = {}
    for job in plan(project):
        if job.finalise is not None:
            job = job.finalise(BOOK_PAGES)
        html = render_template(env, job.layout, template_context(job, project), job=job.id)
        pages[job.id] = Page(job, normalise(html, replacements))
    return pages


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")  # bytes: a stray \r is a difference too


def compare(pages: dict[str, Page], golden: Path) -> list[Mismatch]:
    """Every difference between ``pages`` and the expected files in ``golden``."""
    found = []
    for name, page in sorted(pages.items()):
        path = golden / f"{name}.html"
        if not path.is_file():
            found.append(Mismatch(name, "missing", page.job.layout))
            continue
        expected = _read(path)
        if expected != page.html:
            diff = difflib.unified_diff(
                expected.splitlines(), page.html.splitlines(),
                f"tests/golden/{name}.html (expected)",
                f"{name} from layouts/{page.job.layout} (now)",
                lineterm="", n=2)
            found.append(Mismatch(name, "changed", page.job.layout, tuple(diff)))
    found += [Mismatch(path.stem, "stale") for path in sorted(golden.glob("*.html"))
              if path.stem not in pages]
    return found


def explain(mismatches: list[Mismatch]) -> str:
    """A failure message a person can act on: what differs (job, layout, golden file), a
    cut diff per distinct change (jobs that changed the same way are named together), and
    how to accept it."""
    what = {"changed": "HTML changed", "missing": "no golden file for this job",
            "stale": "golden file of a job that no longer exists"}
    lines = [f"{len(mismatches)} job(s) do not match their golden HTML in tests/golden/:"]
    for m in mismatches[:JOBS_LISTED]:
        where = f" (layouts/{m.layout})" if m.layout else ""
        lines.append(f"  {m.name}{where}: tests/golden/{m.name}.html: {what[m.problem]}")
    if len(mismatches) > JOBS_LISTED:
        rest = ", ".join(m.name for m in mismatches[JOBS_LISTED:])
        lines += textwrap.wrap(f"… and {len(mismatches) - JOBS_LISTED} more: {rest}",
                               width=100, initial_indent="  ", subsequent_indent="    ")
    groups: dict[tuple[str, ...], list[Mismatch]] = {}
    for m in mismatches:
        if m.diff:
            groups.setdefault(m.diff[2:], []).append(m)  # same hunks, whatever the file names
    for shown, (hunks, same) in enumerate(groups.items()):
        if shown == DIFFS_SHOWN:
            lines.append(f"\n… {len(groups) - DIFFS_SHOWN} more different diff(s) not shown")
            break
        first, others = same[0], [m.name for m in same[1:]]
        also = ""
        if others:
            more = f" and {len(others) - JOBS_NAMED} more" if len(others) > JOBS_NAMED else ""
            also = f" (the same diff for {', '.join(others[:JOBS_NAMED])}{more})"
        lines.append(f"\n{first.name}, layout layouts/{first.layout}{also}:")
        diff = [*first.diff[:2], *hunks]
        lines += diff[:DIFF_LINES]
        if len(diff) > DIFF_LINES:
            lines.append(f"… {len(diff) - DIFF_LINES} more diff line(s)")
    lines.append(f"\nIf the change is intended, rewrite the expected files and review them "
                 f"with `git diff tests/golden/`:\n    {UPDATE_COMMAND}")
    return "\n".join(lines)


def update(pages: dict[str, Page], golden: Path) -> list[str]:
    """Make ``golden`` match ``pages``; what was written or deleted, one line each."""
    done = []
    golden.mkdir(parents=True, exist_ok=True)
    for m in compare(pages, golden):
        path = golden / f"{m.name}.html"
        if m.problem == "stale":
            path.unlink()
            done.append(f"deleted tests/golden/{path.name}")
        else:
            path.write_bytes(pages[m.name].html.encode("utf-8"))
            done.append(f"{'wrote' if m.problem == 'changed' else 'added'} "
                        f"tests/golden/{path.name}")
    return done


def test_sample_html_matches_golden_files() -> None:
    """This test ensures every job's HTML equals its expected file in tests/golden/, and no
    expected file is left for a job that no longer exists."""
    pages = render_project(REPO)
    assert len(pages) >= 53
    if os.environ.get(UPDATE_VARIABLE):
        done = update(pages, GOLDEN)
        if done:
            pytest.fail(f"{UPDATE_VARIABLE} is set: {len(done)} golden file(s) rewritten; "
                        "review `git diff tests/golden/`, commit, and run again without "
                        "the variable:\n" + "\n".join(done), pytrace=False)
    mismatches = compare(pages, GOLDEN)
    if mismatches:
        pytest.fail(explain(mismatches), pytrace=False)


def test_golden_files_hold_no_machine_path() -> None:
    """This test ensures the expected files are the same on every machine: no absolute path
    of this checkout or of its Python environment is stored in them."""
    replacements = machine_paths(load(load_config(REPO)))
    for path in sorted(GOLDEN.glob("*.html")):
        text = _read(path)
        assert not [t for t, _ in replacements if t in text], path.name
        assert "file:///" not in text, path.name  # every file URI starts with a placeholder


def test_a_changed_layout_fails_with_a_diff_of_its_family(project: Path) -> None:
    """This test ensures the comparison can fail: one character changed in the leaflet
    layout (of a copy of the project, in another folder) is reported for exactly the leaflet
    jobs, with a diff that shows the change, the layout, the golden file and the command
    that accepts it; every other job still matches."""
    layout = project / "layouts" / "leaflet" / "leaflet.html.j2"
    text = layout.read_text(encoding="utf-8")
    old = ".content ul { margin: 1mm 0 0; padding-left: 5mm;"
    assert text.count(old) == 1
    layout.write_text(text.replace(old, old.replace("5mm", "6mm")), encoding="utf-8")
    pages = render_project(project)
    leaflets = {name for name, page in pages.items()
                if page.job.layout == "leaflet/leaflet.html.j2"}
    assert len(leaflets) == 2

    mismatches = compare(pages, GOLDEN)

    assert {m.name for m in mismatches} == leaflets
    assert {m.problem for m in mismatches} == {"changed"}
    for m in mismatches:
        changed = [line for line in m.diff if line[:1] in "+-" and line[:3] not in "+++---"]
        assert changed == ["-" + old + " font-size: 1em; line-height: 1.35; }",
                           "+" + old.replace("5mm", "6mm")
                           + " font-size: 1em; line-height: 1.35; }"]
    message = explain(mismatches)
    first, second = sorted(leaflets)
    assert f"  {first} (layouts/leaflet/leaflet.html.j2): tests/golden/{first}.html: " \
        "HTML changed" in message
    assert f"--- tests/golden/{first}.html (expected)\n" \
        f"+++ {first} from layouts/leaflet/leaflet.html.j2 (now)" in message
    assert f"(the same diff for {second})" in message  # one diff shown for both
    assert "+.content ul { margin: 1mm 0 0; padding-left: 6mm;" in message
    assert message.endswith(UPDATE_COMMAND)


def test_missing_stale_and_update(tmp_path: Path) -> None:
    """This test ensures a job without a golden file and a golden file without a job are
    errors, and that the update rewrites, adds and deletes exactly those, saying so."""
    golden = tmp_path / "golden"
    shutil.copytree(GOLDEN, golden)
    pages = render_project(REPO)
    some = sorted(pages)[0]
    (golden / f"{some}.html").unlink()
    (golden / "no-such-job.html").write_text("<p>old</p>\n", encoding="utf-8")
    changed = sorted(pages)[1]
    path = golden / f"{changed}.html"
    path.write_text(_read(path).replace("<body>", "<body >", 1), encoding="utf-8")

    mismatches = compare(pages, golden)
    assert [(m.name, m.problem) for m in mismatches] == [
        (some, "missing"), (changed, "changed"), ("no-such-job", "stale")]
    message = explain(mismatches)
    assert "no-such-job: tests/golden/no-such-job.html: golden file of a job that no longer " \
        "exists" in message
    assert f"  {some} (layouts/{pages[some].job.layout}): tests/golden/{some}.html: " \
        "no golden file for this job" in message
    assert "-<body >" in message and "+<body>" in message

    assert update(pages, golden) == [f"added tests/golden/{some}.html",
                                     f"wrote tests/golden/{changed}.html",
                                     "deleted tests/golden/no-such-job.html"]
    assert compare(pages, golden) == []
    assert update(pages, golden) == []


def test_long_failures_are_cut() -> None:
    """This test ensures a failure stays readable when a shared layout changes many jobs:
    JOBS_LISTED jobs one a line and the rest on one, each diff cut to DIFF_LINES lines, one
    diff for jobs that changed the same way, at most DIFFS_SHOWN different diffs."""
    def diff(tag: str) -> tuple[str, ...]:
        return ("--- a", "+++ b", "@@ -1,100 +1,100 @@", *(f"-old {tag} {n}" for n in range(100)),
                *(f"+new {tag} {n}" for n in range(100)))

    shared = [Mismatch(f"job-{i:02}", "changed", "base.html.j2", diff("base"))
              for i in range(12)]
    own = [Mismatch(f"job-{i:02}", "changed", f"kind{i}.html.j2", diff(str(i)))
           for i in range(12, 20)]
    message = explain(shared + own)
    lines = message.splitlines()
    assert len(lines) < 2 + JOBS_LISTED + DIFFS_SHOWN * (DIFF_LINES + 3) + 10
    assert "  job-14 (layouts/kind14.html.j2): tests/golden/job-14.html: HTML changed" in lines
    assert "  … and 5 more: job-15, job-16, job-17, job-18, job-19" in lines
    assert "job-00, layout layouts/base.html.j2 (the same diff for job-01, job-02, job-03, " \
        "job-04, job-05 and 6 more):" in lines
    assert lines.count("… 163 more diff line(s)") == DIFFS_SHOWN
    assert "… 3 more different diff(s) not shown" in lines


def test_a_cover_is_rendered_with_a_fixed_book_length(project: Path) -> None:
    """This test ensures a job that waits for its book (a perfect-binding cover) gets the
    fixed BOOK_PAGES page count, as the scheduler finalises it with the real one."""
    source = project / "content" / "publications" / "prevencija" / "publication.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace(
        "binding: saddle-stitch", "binding: perfect"), encoding="utf-8")
    pages = render_project(project)
    cover = pages["virselis-prevencija"]
    assert cover.job.depends_on == "leidinys-prevencija"
    assert cover.job.context["book_pages"] == BOOK_PAGES
    from pipeline.products.publication import spine_mm

    publication = cover.job.context["publication"]
    assert f"width: {spine_mm(BOOK_PAGES, publication):g}mm" in cover.html
