"""Composition: the empty share of each panel below its last element (issue 16 item 5)."""

from __future__ import annotations

from pipeline.composition import panels
from pipeline.render.boxes import Placed, Rect


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
