"""Composition: the empty share of each panel below its last element (issue 16 item 5)."""

from __future__ import annotations

from pipeline.composition import measures, panels
from pipeline.diagnostics import error
from pipeline.render.boxes import Line, Placed, Rect, Run


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
