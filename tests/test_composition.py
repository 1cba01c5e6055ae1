"""Composition: the empty share of each panel below its last element (issue 16 item 5)."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from pipeline.composition import MAX_EMPTY_SHARE, Panel, measures, panels
from pipeline.config import ProjectConfig
from pipeline.diagnostics import Severity, error
from pipeline.formats import load_formats
from pipeline.inspection import _emptiness
from pipeline.jobs import Job
from pipeline.render.boxes import Line, Placed, Rect, Run
from pipeline.results import BuildReport


def text(page: int, frame: str | None, top: float, height: float, **more: object) -> Placed:
    return Placed(page, "text", "body", frame, Rect(10, top, 50, height), "žodis", **more)


def test_the_empty_share_is_measured_below_the_last_element() -> None:
    """This test ensures a 200 mm panel whose content ends 50 mm below its top is 75 %
    empty, a full one 0 %, and the lowest element counts whatever the order."""
    frames = {(1, "inside-1"): Rect(0, 0, 100, 200), (1, "inside-2"): Rect(100, 0, 100, 200)}
    boxes = [text(1, "inside-1", 40, 10), text(1, "inside-1", 0, 10),
             text(1, "inside-2", 190, 10)]
    found = {(p.page, p.frame): p.empty for p in panels(boxes, frames)}
    assert found == {(1, "inside-1"): 0.75, (1, "inside-2"): 0.0}


def test_the_largest_gap_between_elements_is_measured_with_the_text_above_it() -> None:
    """This test ensures a panel whose last line is pinned to its foot is measured full
    below, with its largest empty band between elements (the title above it named)."""
    frames = {(1, "cover"): Rect(0, 0, 100, 200)}
    boxes = [Placed(1, "text", "title", "cover", Rect(10, 10, 50, 20), "Kartu"),
             Placed(1, "text", "subtitle", "cover", Rect(10, 25, 50, 10), "padėti"),
             Placed(1, "text", "sender", "cover", Rect(10, 190, 50, 10), "Caritas")]
    [panel] = panels(boxes, frames)
    assert (panel.empty, panel.gap, panel.above) == (0.0, 0.775, "padėti")


def test_footers_bleeds_handwriting_rows_and_empty_frames_are_not_measured() -> None:
    """This test ensures a funding footer, an attendance sheet's rows (room to write), a
    background photo in the bleed and a frame with nothing in it give no panel."""
    frames = {(1, "funding"): Rect(0, 180, 100, 20), (1, "rows"): Rect(0, 0, 100, 150),
              (1, "top"): Rect(0, 0, 100, 50), (2, "list"): Rect(0, 0, 100, 100)}
    boxes = [text(1, "funding", 190, 5), text(1, "rows", 0, 10),
             text(1, "top", 0, 10, may_bleed=True)]
    assert panels(boxes, frames) == []


def line(text: str, page: int = 1) -> Line:
    run = Run(text, 10, 50, 20, 4, ("Source Serif Pro",), 400, "normal")
    return Line(page, "body", 1, 16, 21, (run,), "p")


def test_the_typography_measures_count_line_ends_collisions_and_empty_panels() -> None:
    """This test ensures the report counts lines ending with a one- or two-letter word (not
    a longer word, not "ne." with its full stop), lines ending with a hyphenation hyphen (not
    a dash after a space), the ink collisions among the findings, and each panel's empty
    share keyed by frame (with its page after the first)."""
    lines = [line("Verbuotojai žada darbą ir"), line("kelionę į"), line("Tai ne."),
             line("gal\u2010"), line("būt – "), line("žodis –"), line("pa-", page=2)]
    findings = [error("layout-ink-collision", "x"), error("layout-overflow", "y")]
    frames = {(1, "inside-1"): Rect(0, 0, 100, 200), (2, "inside-1"): Rect(0, 0, 100, 100)}
    boxes = [text(1, "inside-1", 40, 10), text(2, "inside-1", 0, 100)]
    assert measures(lines, boxes, frames, findings) == {
        "collisions": 1, "short_word_line_ends": 2, "hyphenated_lines": 2,
        "empty_share": {"inside-1": 0.75, "inside-1 p2": 0.0}}


def test_a_panel_more_than_a_third_empty_is_a_warning_naming_the_remedies() -> None:
    """This test ensures the layout inspection reports a panel 36 % empty as a warning that
    says what to do, and one 35 % empty as information only."""
    job = Job(id="proba", product="leaflet", title="Proba", layout="-",
              format=load_formats()["A3"], source="content/x.yaml",
              output=PurePosixPath("print/x.pdf"))
    loose = _emptiness(Panel(2, "inside-1", 200.0, 0.36), job)
    assert loose.severity is Severity.WARNING and loose.code == "layout-empty"
    assert loose.message.startswith("panel 'inside-1' is 36% empty below its content (72 of "
                                    "200 mm), more than 35%: ")
    assert "data-fit" in loose.message and loose.page == 2
    assert _emptiness(Panel(1, "card", 130.0, 0.35), job).severity is Severity.INFO
    cover = _emptiness(Panel(1, "cover", 200.0, 0.02, 0.5, "Kartu atpažinti ir padėti"), job)
    assert cover.severity is Severity.INFO and cover.message.endswith(
        "; 50% of it is one gap, after “Kartu atpažinti ir padėti” (100 mm)")


@pytest.mark.slow
def test_no_panel_of_the_sample_is_more_than_35_percent_empty(
        sample_build: tuple[ProjectConfig, BuildReport]) -> None:
    """This test ensures the sample's leaflets, posters, invitations, programmes, schedules,
    outdoor designs and forms leave no panel more than 35 % empty below its content (issue
    16 item 5), measured on every job's typography report, and that every leaflet, invitation
    and schedule was measured at all."""
    _, report = sample_build
    shares = {(r.job.id, panel): share for r in report.results
              for panel, share in r.outcome.typography.empty_share.items()}
    assert {job for job, _ in shares} >= {r.job.id for r in report.results
                                         if r.job.product in ("leaflet", "event", "outdoor")
                                         and not r.job.id.startswith("stendas")}
    assert {k: v for k, v in shares.items() if v > MAX_EMPTY_SHARE} == {}
    assert not [str(d) for r in report.results for d in r.diagnostics
                if d.code == "layout-empty" and d.severity is not Severity.INFO]
