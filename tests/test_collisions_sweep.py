"""The layout inspection finds overlapping elements with a sweep down each page, with the same
findings as comparing every pair of boxes (issue 19, item 2).

The reference below is the pairwise loop the inspection used before: every pair of boxes of
the document, the same page and different elements, overlapping by more than the tolerance
both across and down. The generated pages hold columns of text lines that touch or overlap
by fractions of the tolerance, boxes ending exactly at the tolerance, images spanning
columns, bleed boxes (exempt) and many elements, over several pages.
"""

from __future__ import annotations

import random
from pathlib import PurePosixPath

import pytest

from pipeline.formats import load_formats
from pipeline.inspection import BOTH, TOLERANCE_MM, _collisions, overlaps
from pipeline.jobs import Job
from pipeline.render.boxes import Placed, Rect


def _job() -> Job:
    return Job(id="proba", product="publication", title="Proba", layout="-",
               format=load_formats()["A5"], source="content/x.yaml",
               output=PurePosixPath("print/x.pdf"))


def pairwise(boxes: list[Placed]) -> dict[tuple[int, str, str], float]:
    """The worst overlap of each pair of elements on each page, from every pair of boxes."""
    worst: dict[tuple[int, str, str], float] = {}
    solid = [b for b in boxes if not b.may_bleed]
    for i, first in enumerate(solid):
        for second in solid[i + 1:]:
            if first.page != second.page or first.element == second.element:
                continue
            across = min(first.rect.right, second.rect.right) - max(first.rect.x, second.rect.x)
            down = min(first.rect.bottom, second.rect.bottom) - max(first.rect.y, second.rect.y)
            if across > TOLERANCE_MM and down > TOLERANCE_MM:
                a, b = sorted((first.element, second.element))
                key = (first.page, a, b)
                worst[key] = max(worst.get(key, 0.0), min(across, down))
    return worst


def generated(seed: int, pages: int = 6) -> list[Placed]:
    rng = random.Random(seed)
    boxes = []
    for page in range(1, pages + 1):
        # Two columns of lines: 4.2 mm leading, lines 4.2 mm high, some a little taller
        # (touching, within the tolerance, or past it) and some ending exactly 0.1 mm in.
        for column, x in enumerate((12.0, 76.0)):
            y = 15.0
            for line in range(40):
                height = rng.choice((4.2, 4.2, 4.25, 4.3, 4.35, 5.0))
                element = f"p{page}-{column}-{line // 7}"  # a paragraph of seven lines
                boxes.append(Placed(page, "text", element, None,
                                    Rect(x + rng.choice((0.0, 0.05, 3.0)), y,
                                         rng.uniform(20, 60), height)))
                y += 4.2
        for n in range(25):  # images and logos anywhere, some spanning both columns
            boxes.append(Placed(page, "image", f"fig-{n % 9}", None,
                                Rect(rng.uniform(0, 130), rng.uniform(0, 200),
                                     rng.uniform(0.05, 90), rng.uniform(0.05, 60)),
                                may_bleed=rng.random() < 0.2))
        # Edges meeting exactly at the tolerance, in floating point as laid out.
        boxes.append(Placed(page, "text", "cta", None, Rect(12.0, 100.0, 30.0, 10.0)))
        boxes.append(Placed(page, "text", "foot", None, Rect(12.0, 110.0 - 0.1, 30.0, 5.0)))
        boxes.append(Placed(page, "text", "side", None, Rect(42.0 - 0.1, 100.0, 10.0, 10.0)))
    rng.shuffle(boxes)
    return boxes


@pytest.mark.parametrize("seed", range(6))
def test_the_sweep_finds_what_every_pair_finds(seed: int) -> None:
    boxes = generated(seed)
    expected = pairwise(boxes)
    assert len(expected) > 20  # the generated pages do collide, in many ways
    found = [(d.page, d.element, d.message) for d in _collisions(boxes, _job())]
    assert found == [(page, f"{a}{BOTH}{b}", f"'{a}' and '{b}' overlap by {amount:.1f} mm")
                     for (page, a, b), amount in sorted(expected.items())]


def test_each_overlapping_pair_once_with_its_exact_amount() -> None:
    boxes = generated(42, pages=1)
    pairs = {}
    for first, second, amount in overlaps(boxes, TOLERANCE_MM):
        key = frozenset((id(first), id(second)))
        assert key not in pairs and first is not second
        pairs[key] = amount
    expected = {}
    for i, first in enumerate(boxes):
        for second in boxes[i + 1:]:
            across = min(first.rect.right, second.rect.right) - max(first.rect.x, second.rect.x)
            down = min(first.rect.bottom, second.rect.bottom) - max(first.rect.y, second.rect.y)
            if across > TOLERANCE_MM and down > TOLERANCE_MM:
                expected[frozenset((id(first), id(second)))] = min(across, down)
    assert pairs == expected
    assert len(pairs) > 100
