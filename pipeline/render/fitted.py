"""What copyfitting chose (``render/copyfit.py``), and how it reads on the laid-out page.

``Setting`` is one element's size and balanced breaks; ``Shortfall`` an element that does not
fit even at its smallest size, with what would; ``Fitted`` a layout's HTML with its sizes,
which reports the fitted elements of the real render as ``typography.FittedText``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.render.boxes import Placed
from pipeline.render.fitscan import Fit, Frame
from pipeline.typography import FittedText


@dataclass(frozen=True)
class Setting:
    """What copyfitting chose for one element: its size and, balanced, its lines."""

    element: str
    size_pt: float
    lines_html: str | None = None
    """Its content with a ``<br>`` at each chosen break (balanced lines), if rebroken."""


@dataclass(frozen=True)
class Shortfall:
    """An element that does not fit its frame even at its smallest size, and what would."""

    element: str
    frame: str
    field: str | None
    text: str
    low: float
    overflow_mm: float
    shorten: int | None
    """Characters to cut (about) for it to fit at ``low``."""
    allow_pt: float | None
    """The smallest size (whole pt) at which it would fit as it is."""

    def message(self) -> str:
        """What went wrong and what would fit, for the designer."""
        text = self.text.replace("\u00a0", " ")  # the no-break spaces of linebreak.py
        quoted = text if len(text) <= 48 else text[:47] + "…"
        remedies = []
        if self.shorten:
            remedies.append(f"shorten it by about {self.shorten} characters")
        if self.allow_pt:
            remedies.append(f"allow {self.allow_pt:g} pt")
        advice = ("; " + ", or ".join(remedies)) if remedies else ""
        return (f"'{self.element}' (“{quoted}”, {len(self.text)} characters) does not fit "
                f"its frame '{self.frame}' even at its smallest size, {self.low:g} pt: the "
                f"frame overflows by {self.overflow_mm:.1f} mm{advice}")


@dataclass
class Fitted:
    """A layout's HTML with the fitted sizes in it, and what was chosen."""

    html: str
    fits: list[tuple[Fit, Setting]] = field(default_factory=list)
    shortfalls: list[Shortfall] = field(default_factory=list)

    def report(self, boxes: list[Placed]) -> list[FittedText]:
        """The fitted elements as laid out in the real render (``boxes``)."""
        failed = {(s.frame, s.element) for s in self.shortfalls}
        found = []
        for fit, setting in self.fits:
            page, lines = element_lines(boxes, fit.frame, fit.element)
            if not lines:  # a block of paragraphs: its text belongs to its children
                page = next((b.page for b in boxes if b.frame == fit.frame), page)
            widths = [width for width, _ in lines]
            found.append(FittedText(
                fit.element, fit.frame, setting.size_pt, (fit.low, fit.high), len(lines),
                balance(widths), (fit.frame, fit.element) not in failed, fit.field, page))
        return found


def grouped(chosen: list[tuple[Frame, dict[str, Setting]]]
             ) -> list[tuple[Frame, dict[str, Setting]]]:
    """Each frame's settings with every ``data-fit-group`` at its members' smallest size.

    A smaller size than its frame's fit still fits (text only shrinks); an element set
    smaller than its own fit loses its balanced breaks, which were chosen at the other size.
    """
    smallest: dict[str, float] = {}
    for frame, settings in chosen:
        for fit in frame.fits:
            if fit.group is not None:
                size = settings[fit.element].size_pt
                smallest[fit.group] = min(size, smallest.get(fit.group, size))
    found = []
    for frame, settings in chosen:
        settings = dict(settings)
        for fit in frame.fits:
            if fit.group is not None and smallest[fit.group] < settings[fit.element].size_pt:
                settings[fit.element] = Setting(fit.element, smallest[fit.group])
        found.append((frame, settings))
    return found


def balance(widths: list[float]) -> float | None:
    """Shortest / longest line (``None`` for fewer than two lines)."""
    if len(widths) < 2 or max(widths) <= 0:
        return None
    return round(min(widths) / max(widths), 3)


def element_lines(boxes: list[Placed], frame: str,
           element: str) -> tuple[int, list[tuple[float, str]]]:
    """The first page showing ``element`` of ``frame``, and its lines: length (mm), text."""
    runs = [b for b in boxes if b.kind == "text" and b.frame == frame and b.element == element]
    if not runs:
        return 1, []
    page = runs[0].page
    lines: dict[float, tuple[float, float, str]] = {}
    for run in (r for r in runs if r.page == page):
        y = round(run.rect.y, 2)
        left, right, text = lines.get(y, (run.rect.x, run.rect.right, ""))
        lines[y] = (min(left, run.rect.x), max(right, run.rect.right), text + run.text)
    return page, [(right - left, text) for _, (left, right, text) in sorted(lines.items())]
