"""Layout inspection on WeasyPrint's laid-out document, before any PDF is written.

Nothing may be clipped or cut: text that runs out of its frame, a product that runs onto
more pages than it has, or text and logos inside the safe margin of the trim are errors
naming the job, the element and the amount in millimetres.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from pipeline.composition import MAX_EMPTY_SHARE, Panel, panels
from pipeline.diagnostics import Diagnostic, error, info, warning
from pipeline.ink import FontSet, line_ink
from pipeline.jobs import Job
from pipeline.proofs import Outline
from pipeline.render.boxes import Line, Placed, Rect, frames, lines

if TYPE_CHECKING:  # WeasyPrint loads only when something is rendered
    from weasyprint import Document

# Below this, a difference is rounding in the layout engine, not a design problem.
TOLERANCE_MM = 0.1


def inspect_layout(document: Document, boxes: list[Placed], job: Job,
                   fonts: FontSet | None = None, *,
                   framed: dict[tuple[int, str], Rect] | None = None,
                   text_lines: list[Line] | None = None) -> list[Diagnostic]:
    """All layout findings of one job: error diagnostics naming the element and the amount.

    ``document`` is the laid-out WeasyPrint document, ``boxes`` its placed boxes (mm from
    the trim's top-left corner, read once). Checked: the page count against ``job.pages``,
    text overflowing its ``data-frame``, text and images inside the format's safe margin
    (``safe_mm``: print-specs.md §2.2, cited in formats.yaml) or across or near a fold (the
    same margin), letters lower than ``min_text_mm`` at final size (``_text_size``) and
    elements printed over each other, and with the brand's ``fonts`` the letters of one line
    reaching into those of the next (``ink_collisions``); the empty share of every panel
    (``composition.py``), a warning above ``MAX_EMPTY_SHARE``. Differences up to
    ``TOLERANCE_MM`` (0.1 mm, rounding in the layout engine: an implementation choice) are
    not findings. ``framed`` (``frames``) and
    ``text_lines`` (``lines``), when the caller has read them already, are not read again.
    """
    if framed is None:
        framed = frames(document)
    findings = _page_count(document, job)
    findings += _overflow(boxes, framed, job)
    findings += _safe_area(boxes, job)
    findings += _folds(boxes, job)
    findings += _text_size(boxes, job)
    findings += _collisions(boxes, job)
    findings += [_emptiness(p, job) for p in panels(boxes, framed)]
    if fonts is not None:
        found = text_lines if text_lines is not None else list(lines(document))
        findings += ink_collisions(found, fonts, job)
    return findings


def _emptiness(panel: Panel, job: Job) -> Diagnostic:
    """The empty share of one panel: info, or a warning above ``MAX_EMPTY_SHARE`` (35 %).

    The largest gap between its elements is named too when it is that large, as
    information: a cover's or a certificate's space between title and foot is designed.
    """
    amount = (f"panel '{panel.frame}' is {panel.empty:.0%} empty below its content "
              f"({panel.empty * panel.height_mm:.0f} of {panel.height_mm:.0f} mm)")
    where = {"job": job.id, "source": job.source, "page": panel.page}
    if panel.empty > MAX_EMPTY_SHARE:
        return warning("layout-empty", f"{amount}, more than {MAX_EMPTY_SHARE:.0%}: set the "
                       "type larger (a wider data-fit range), add content or a picture, or "
                       "make the panel smaller", **where)
    if panel.gap > MAX_EMPTY_SHARE:
        above = panel.above if len(panel.above) <= 40 else panel.above[:39] + "…"
        amount += (f"; {panel.gap:.0%} of it is one gap, after “{above}” "
                   f"({panel.gap * panel.height_mm:.0f} mm)")
    return info("layout-empty", amount, **where)


def _page_count(document: Document, job: Job) -> list[Diagnostic]:
    count = len(document.pages)
    if job.pages is None or count == job.pages:
        return []
    return [error("layout-pages", f"runs onto {count} pages; the {job.product} has {job.pages}",
                  job=job.id, source=job.source)]


def _overflow(boxes: list[Placed], frame_rects: dict[tuple[int, str], Rect],
              job: Job) -> list[Diagnostic]:
    worst: dict[tuple[int, str, str], tuple[float, str]] = {}
    for box in boxes:
        if box.frame is None or (box.page, box.frame) not in frame_rects:
            continue
        frame = frame_rects[(box.page, box.frame)]
        sides = {"bottom": box.rect.bottom - frame.bottom, "right": box.rect.right - frame.right,
                 "top": frame.y - box.rect.y, "left": frame.x - box.rect.x}
        side, amount = max(sides.items(), key=lambda kv: kv[1])
        key = (box.page, box.frame, box.element)
        if amount > TOLERANCE_MM and amount > worst.get(key, (0.0, ""))[0]:
            worst[key] = (amount, side)
    return [error("layout-overflow",
                  f"'{element}' overflows its frame '{frame}' by {amount:.1f} mm at the {side}",
                  job=job.id, source=job.source, page=page, element=element)
            for (page, frame, element), (amount, side) in sorted(worst.items())]


def _safe_area(boxes: list[Placed], job: Job) -> list[Diagnostic]:
    width, height = job.format.page_mm
    safe = job.format.page_safe_mm
    worst: dict[tuple[int, str], tuple[float, str]] = {}
    for box in boxes:
        if box.may_bleed:
            continue
        distances = {"left": box.rect.x, "top": box.rect.y,
                     "right": width - box.rect.right, "bottom": height - box.rect.bottom}
        side, distance = min(distances.items(), key=lambda kv: kv[1])
        intrusion = safe - distance
        key = (box.page, box.element)
        if intrusion > TOLERANCE_MM and intrusion > worst.get(key, (0.0, ""))[0]:
            worst[key] = (intrusion, side)
    scale = job.format.scale
    return [error("layout-safe-area",
                  f"'{element}' is {amount * scale:.1f} mm inside the {safe * scale:g} mm safe "
                  f"margin at the {side} edge", job=job.id, source=job.source, page=page)
            for (page, element), (amount, side) in sorted(worst.items())]


def _collisions(boxes: list[Placed], job: Job) -> list[Diagnostic]:
    """Text or logos of one element printed over those of another.

    E.g. body text that grew under a call to action pinned to the bottom of its frame. The
    overlapping pairs of each page come from a sweep down the page (``overlaps``), not from
    every pair of the document's boxes.
    """
    worst: dict[tuple[int, str, str], float] = {}
    pages: dict[int, list[Placed]] = {}
    for box in boxes:
        if not box.may_bleed:
            pages.setdefault(box.page, []).append(box)
    for page, solid in pages.items():
        for first, second, amount in overlaps(solid, TOLERANCE_MM):
            if first.element == second.element:
                continue
            a, b = sorted((first.element, second.element))
            key = (page, a, b)
            worst[key] = max(worst.get(key, 0.0), amount)
    return [error("layout-collision", f"'{a}' and '{b}' overlap by {amount:.1f} mm",
                  job=job.id, source=job.source, page=page, element=f"{a}{BOTH}{b}")
            for (page, a, b), amount in sorted(worst.items())]


def overlaps(boxes: list[Placed], tolerance: float
             ) -> Iterator[tuple[Placed, Placed, float]]:
    """Every pair of ``boxes`` overlapping by more than ``tolerance`` mm both across and down.

    Each pair once, with the overlap in mm (the smaller of the two extents). A sweep down the
    page: boxes sorted by their top edge, each compared only with the boxes above it whose
    bottom reaches more than ``tolerance`` below its top (the lines of a text column are
    compared with their neighbours, not with the whole page). The boxes are of one page.
    """
    order = sorted(boxes, key=lambda box: box.rect.y)
    active: list[Placed] = []
    for second in order:
        top = second.rect.y
        # Sorted by top, so no later box reaches further up than this one: a box ending
        # within the tolerance below this top overlaps none of them by more.
        active = [first for first in active if first.rect.bottom - top > tolerance]
        for first in active:
            across = min(first.rect.right, second.rect.right) - max(first.rect.x, second.rect.x)
            down = min(first.rect.bottom, second.rect.bottom) - max(first.rect.y, top)
            if across > tolerance and down > tolerance:
                yield first, second, min(across, down)
        active.append(second)


def _folds(boxes: list[Placed], job: Job) -> list[Diagnostic]:
    """Nothing printed across a fold, and text and images keep the safe margin from it."""
    safe = job.format.page_safe_mm
    worst: dict[tuple[int, str, float], float] = {}
    for box in boxes:
        # The spine of a book cover lies between its two folds by design.
        if box.page > len(job.folds_mm) or box.element.startswith("spine"):
            continue
        for fold in job.folds_mm[box.page - 1]:
            if box.rect.x < fold < box.rect.right:
                intrusion = safe + min(fold - box.rect.x, box.rect.right - fold)
            else:
                intrusion = safe - min(abs(box.rect.x - fold), abs(box.rect.right - fold))
            key = (box.page, box.element, fold)
            if intrusion > TOLERANCE_MM and intrusion > worst.get(key, 0.0):
                worst[key] = intrusion
    findings = []
    for (page, element, fold), intrusion in sorted(worst.items()):
        distance = safe - intrusion
        where = (f"crosses the fold at {fold:g} mm" if distance < 0
                 else f"is {distance:.1f} mm from the fold at {fold:g} mm")
        findings.append(error("layout-fold", f"'{element}' {where} (keep {safe:g} mm clear)",
                              job=job.id, source=job.source, page=page))
    return findings


# Cap height of the brand faces as a share of the font size (Source Sans Pro 0.66 em).
CAP_HEIGHT = 0.66


def _text_size(boxes: list[Placed], job: Job) -> list[Diagnostic]:
    """On media read from afar, capitals at least ``min_text_mm`` high at final size.

    ``min_text_mm``: 2 mm per metre of viewing distance, within the "maximum readable" range
    of print-specs.md §9.2 (formats.yaml); cap height taken as ``CAP_HEIGHT`` × font size.
    """
    need = job.format.min_text_mm
    if need is None:
        return []
    smallest: dict[tuple[int, str], float] = {}
    for box in boxes:
        if box.kind != "text":
            continue
        cap = box.font_size_mm * CAP_HEIGHT * job.format.scale
        key = (box.page, box.element)
        if cap < need - 0.05 and cap < smallest.get(key, need):
            smallest[key] = cap
    distance = job.format.viewing_distance_m
    return [error("layout-text-size", f"'{element}' letters are {cap:.0f} mm high at final "
                  f"size; read from {distance:g} m they need ≥ {need:g} mm",
                  job=job.id, source=job.source, page=page)
            for (page, element), cap in sorted(smallest.items())]


INK_TOLERANCE_EM = 0.005
"""Overlap of glyph extents (em of the type size) below which two lines only touch on paper:
an implementation choice, a twentieth of a typical stroke."""


def ink_collisions(found: list[Line], fonts: FontSet, job: Job) -> list[Diagnostic]:
    """Letters of one line reaching into those of the next line of the same block.

    For each pair of consecutive lines of a block on a page, the lowest ink of the upper
    line (a descender: g j p y, an ogonek: ą ę į ų) against the highest ink of the lower
    one (a mark above: Ž Č Š Ė, an ascender), both from the glyph outlines of the brand
    font each run is set in (``ink.line_ink``). An overlap of more than
    ``INK_TOLERANCE_EM`` is an error naming the element, the two letters, the overlap (mm
    at final size) and the line height that would clear it. Horizontal positions are not
    compared: leading must make room for the letters in use wherever a line breaks.
    """
    findings: list[Diagnostic] = []
    reported: set[tuple[int, str]] = set()
    previous: Line | None = None
    for line in found:
        upper, previous = previous, line
        if upper is None or (upper.page, upper.block) != (line.page, line.block) \
                or line.top < upper.bottom - TOLERANCE_MM:  # not stacked (a list marker)
            continue
        above, below = line_ink(upper, fonts), line_ink(line, fonts)
        if above is None or below is None:
            continue
        size = max(run.font_size_mm for run in upper.runs + line.runs)
        overlap = above.bottom - below.top
        if overlap <= INK_TOLERANCE_EM * size or (line.page, line.element) in reported:
            continue
        reported.add((line.page, line.element))
        step = line.runs[0].baseline - upper.runs[0].baseline
        need = (step + overlap) / line.runs[0].font_size_mm
        findings.append(error(
            "layout-ink-collision",
            f"'{line.element}': the '{above.bottom_char}' of one line reaches "
            f"{overlap * job.format.scale:.1f} mm into the '{below.top_char}' of the next "
            f"(line-height {step / line.runs[0].font_size_mm:.2f}; these letters need at "
            f"least {need:.2f})", job=job.id, source=job.source, page=line.page,
            element=line.element))
    return findings


OUTLINED = ("layout-overflow", "layout-collision", "layout-ink-collision", "copyfit")
"""The findings whose elements a failed job's proofs outline."""
BOTH = " / "
"""Between the two elements of a ``layout-collision`` (its ``element``)."""


def outlines(boxes: list[Placed], findings: list[Diagnostic]) -> list[Outline]:
    """What to outline on the proofs: each element of an ``OUTLINED`` finding on its page.

    The box around everything the element prints on that page, labelled with the code and
    the element.
    """
    found = []
    for finding in findings:
        if finding.code not in OUTLINED or finding.page is None or not finding.element:
            continue
        for element in finding.element.split(BOTH):
            rects = [b.rect for b in boxes if b.page == finding.page and b.element == element]
            if rects:
                found.append(Outline(finding.page, (
                    min(r.x for r in rects), min(r.y for r in rects),
                    max(r.right for r in rects), max(r.bottom for r in rects)),
                    f"{finding.code}: {element}"))
    return found
