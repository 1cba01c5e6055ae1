"""Incremental and parallel builds: what is rebuilt, what is reused, and that neither changes
a byte of the output."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from pipeline.build import build
from pipeline.config import load_config
from pipeline.results import BuildReport
from pipeline.session import BuildOptions

pytestmark = pytest.mark.slow

POSTERS_A3 = ("zmogus-ne-preke-*-a3",)
SPOT = "spot-kur-kreiptis"


def state(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Every file under ``folder`` (the cache too) with its mtime and bytes."""
    return {path.relative_to(folder).as_posix(): (path.stat().st_mtime_ns, path.read_bytes())
            for path in sorted(folder.rglob("*")) if path.is_file()}


def run(project: Path, only: tuple[str, ...], out: str = "out", jobs: int = 2) -> BuildReport:
    return build(load_config(project, project / out), only=only,
                 options=BuildOptions(jobs=jobs))


def ids(results: list) -> set[str]:  # type: ignore[type-arg]
    return {r.job.id for r in results}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_noop_rebuild_renders_nothing_and_rewrites_no_file(project: Path) -> None:
    """This test ensures a rebuild with nothing changed reuses every job and leaves every
    file in output/ (PDFs, tickets, proofs, board, reports, cache) with its bytes and mtime."""
    first = run(project, (*POSTERS_A3, SPOT))
    assert len(first.rebuilt) == 6 and not first.reused
    before = state(project / "out")
    assert {"index.html", "build.js", "report.json", "compliance.html"} <= set(before)
    second = run(project, (*POSTERS_A3, SPOT))
    assert not second.rebuilt and ids(second.reused) == ids(first.results)
    assert state(project / "out") == before
    assert second.to_json() == first.to_json()


def test_a_noop_rebuild_makes_the_reports_again_only_when_they_can_differ(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """This test ensures a build that reuses every job into the same report does not make
    compliance.html and the proof board again (issue 19: the no-op build's time), while
    another report language, or a deleted board, does."""
    import pipeline.build

    run(project, POSTERS_A3)
    made: list[str] = []
    write_report, write_board = pipeline.build.write_report, pipeline.build.write_board

    def report(*args: object, **kwargs: object) -> None:
        made.append("compliance.html")
        write_report(*args, **kwargs)  # type: ignore[arg-type]

    def board(*args: object, **kwargs: object) -> None:
        made.append("index.html")
        write_board(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline.build, "write_report", report)
    monkeypatch.setattr(pipeline.build, "write_board", board)
    out = project / "out"
    assert not run(project, POSTERS_A3).rebuilt and made == []
    english = build(load_config(project, out), only=POSTERS_A3,
                    options=BuildOptions(jobs=2, lang="en"))
    assert not english.rebuilt and made == ["compliance.html", "index.html"]
    assert "<html lang='en'>" in (out / "compliance.html").read_text(encoding="utf-8")
    made.clear()
    (out / "index.html").unlink()
    run(project, POSTERS_A3)  # Lithuanian again, and the board is missing
    assert made == ["compliance.html", "index.html"] and (out / "index.html").is_file()
    assert "<html lang='lt'>" in (out / "compliance.html").read_text(encoding="utf-8")


def test_changing_one_municipality_rebuilds_only_its_jobs(project: Path) -> None:
    """This test ensures a changed local line rebuilds exactly that municipality's posters,
    even though every poster comes from the same content file."""
    run(project, ("zmogus-ne-preke-*",))
    pdfs = project / "out" / "print" / "posters"
    untouched = (pdfs / "zmogus-ne-preke-kaunas-a2.pdf").stat().st_mtime_ns
    edit(project / "content" / "posters" / "zmogus-ne-preke.yaml",
         "Klaipėdoje – susitikimai", "Klaipėdoje – pokalbiai")
    report = run(project, ("zmogus-ne-preke-*",))
    assert ids(report.rebuilt) == {"zmogus-ne-preke-klaipeda-a2", "zmogus-ne-preke-klaipeda-a3"}
    assert {r.reason for r in report.rebuilt} == {"content or layout changed"}
    assert len(report.reused) == 8
    assert (pdfs / "zmogus-ne-preke-kaunas-a2.pdf").stat().st_mtime_ns == untouched
    # Saved again without a change: the template runs, nothing is rendered.
    path = project / "content" / "posters" / "zmogus-ne-preke.yaml"
    path.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    assert not run(project, ("zmogus-ne-preke-*",)).rebuilt


def test_changing_a_shared_partial_rebuilds_every_user(project: Path) -> None:
    """This test ensures an edit of the funding block partial rebuilds every product that
    prints it, and nothing that does not (a radio spot)."""
    selection = ("zmogus-ne-preke-kaunas-a3", "lankstinukas-jaunimui", SPOT)
    run(project, selection)
    partial = project / "layouts" / "partials" / "funding_block.html.j2"
    edit(partial, '<div class="funding{%', '{# no output #}<div class="funding{%')
    assert not run(project, selection).rebuilt
    edit(partial, '<div class="funding{%', '<!-- v2 --><div class="funding{%')
    report = run(project, selection)
    assert ids(report.rebuilt) == {"zmogus-ne-preke-kaunas-a3", "lankstinukas-jaunimui"}
    assert ids(report.reused) == {SPOT}


def test_changed_input_file_and_missing_output_are_rebuilt_with_reason(project: Path) -> None:
    """This test ensures a changed image (same name, same HTML) and a deleted output file
    each cause a rebuild that names the file."""
    image = project / "content" / "images" / "minia.jpg"

    def save(colour: str) -> None:
        buffer = io.BytesIO()
        Image.new("RGB", (240, 120), colour).save(buffer, "JPEG")
        image.write_bytes(buffer.getvalue())

    save("white")
    run(project, ("stendas-*",))
    save("grey")
    report = run(project, ("stendas-*",))
    assert [r.reason for r in report.rebuilt] == ["content/images/minia.jpg changed"]
    proof = project / "out" / report.results[0].outcome.proofs[0]
    proof.unlink()
    report = run(project, ("stendas-*",))
    assert [r.reason for r in report.rebuilt] == [
        f"output {proof.relative_to(project / 'out').as_posix()} missing or modified"]
    assert proof.is_file()


def test_one_and_two_processes_give_identical_bytes(project: Path) -> None:
    """This test ensures a build in worker processes writes exactly what a one-process build
    writes: every PDF, ticket, proof, the report and the board."""
    selection = ("zmogus-ne-preke-kaunas-a3", "zmogus-ne-preke-klaipeda-a2",
                 "lankstinukas-jaunimui", SPOT, "radio-pagalba-aukoms-rundown")
    one = run(project, selection, out="one", jobs=1)
    two = run(project, selection, out="two", jobs=2)
    assert one.to_json() == two.to_json()

    def files(out: str) -> dict[str, bytes]:
        return {k: v[1] for k, v in state(project / out).items()
                if not k.startswith(".cache/")}

    assert files("one") == files("two")
    # The five products and the compliance report's A4 export.
    assert len([k for k in files("one") if k.endswith(".pdf")]) == 6
