"""Post-press: what the printer does to a printed sheet after the press (trim, fold, bind).

A ``Finishing`` belongs to a job and follows from its product (a roll-fold leaflet's panels, a
booklet's binding): the job ticket states it, so the printer can quote without reading the
PDF. Lengths in mm at final size.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

from pipeline.lithuanian import plural

SADDLE_STAPLES = 2
"""Wire staples in a saddle-stitched spine: "folded and stapled with 2 staples in the spine"
(urgentprinting.co.uk, printed and stapled booklets FAQ); a default the printer may change."""

Kind = Literal["trim", "poster-panels", "roll-fold", "saddle-stitch", "perfect-binding",
               "perfect-binding-cover"]


def spine_mm(pages: int, paper_caliper_mm: float, cover_caliper_mm: float) -> float:
    """Spine width in mm of a perfect-bound book of ``pages``.

    Leaves × paper caliper + the cover board on both sides, rounded up to 0.1 mm
    (print-specs.md §8: the caliper method, and the rounding it infers).
    """
    raw = pages / 2 * paper_caliper_mm + 2 * cover_caliper_mm
    return math.ceil(raw * 10 - 1e-9) / 10


@dataclass(frozen=True)
class Finishing:
    """How a job is finished.

    ``kind``: ``trim`` (cut to size only), ``poster-panels`` (a billboard printed in panels,
    trimmed and numbered for posting), ``roll-fold`` (``panels_mm``: the panel widths
    of the inside page, left to right, the narrowest folding in first), ``saddle-stitch``
    (``staples`` in the spine), ``perfect-binding`` (the book block: spine from the page
    count and ``paper_caliper_mm``/``cover_caliper_mm``; ``cover_file`` its cover) and
    ``perfect-binding-cover`` (the cover wrapped round it: ``spine_mm`` fixed).
    """

    kind: Kind = "trim"
    panels_mm: tuple[float, ...] = ()
    staples: int = 0
    paper_caliper_mm: float = 0.0
    cover_caliper_mm: float = 0.0
    spine_mm: float | None = None
    cover_file: str | None = None

    def folds(self) -> list[tuple[float, float]]:
        """A roll fold's folds in the order they are made.

        Each is (position in mm from the left trim of the inside page, width in mm of what
        folds over there). The end panel on the right folds in first, then the stack rolls
        over the next fold to the left (print-specs.md §1.2: the narrower panel is the one
        that folds inside).
        """
        edges = [sum(self.panels_mm[:i]) for i in range(1, len(self.panels_mm))]
        return [(edge, sum(self.panels_mm) - edge) for edge in reversed(edges)]

    def spine(self, pages: int) -> float | None:
        """Spine width in mm of a perfect-bound book of ``pages`` (or of its cover)."""
        if self.spine_mm is not None:
            return self.spine_mm
        if self.kind == "perfect-binding":
            return spine_mm(pages, self.paper_caliper_mm, self.cover_caliper_mm)
        return None

    def describe(self, pages: int) -> str:
        """One Lithuanian sentence with the English in brackets, for the job ticket."""
        if self.kind == "roll-fold":
            widths = " / ".join(f"{w:g}" for w in self.panels_mm)
            order = "; ".join(f"{n}) ties {at:g} mm" for n, (at, _) in
                              enumerate(self.folds(), start=1))
            order_en = ", then ".join(f"at {at:g} mm" for at, _ in self.folds())
            return (f"lankstoma rulonu į {len(self.panels_mm)} dalis, vidinė pusė iš kairės "
                    f"{widths} mm, siauriausia dalis lenkiama į vidų pirmoji; lankstymo "
                    f"tvarka: {order} nuo kairiojo vidinės pusės krašto (roll fold, "
                    f"{len(self.panels_mm)} panels {widths} mm on the inside page, left to "
                    f"right; folds {order_en} from its left trim, the narrow panel in first)")
        if self.kind == "saddle-stitch":
            sheets = plural(pages // 4, "lankas", "lankai", "lankų")
            return (f"susegama per lenkimą {self.staples} vielos sąsagėlėmis; {pages} psl. = "
                    f"{pages // 4} {sheets}, įdedami vienas į kitą (saddle stitch, "
                    f"{self.staples} wire staples in the spine; {pages} pages on "
                    f"{pages // 4} folded sheets, nested); puslapiai pateikiami pavieniui "
                    f"skaitymo tvarka, išdėsto (impozicija, slinktis) spaustuvė (pages "
                    f"supplied as single pages in reading order: imposition and creep by the "
                    f"printer)")
        if self.kind == "perfect-binding":
            return (f"klijuotinis įrišimas, nugarėlė {self.spine(pages):g} mm; viršelis "
                    f"atskirame faile {self.cover_file} (perfect binding, spine "
                    f"{self.spine(pages):g} mm; cover in {self.cover_file})")
        if self.kind == "perfect-binding-cover":
            return (f"klijuotinio įrišimo viršelis: lenkiamas ties nugarėle "
                    f"({self.spine(pages):g} mm) ir užklijuojamas ant knygos bloko "
                    f"(perfect-binding cover, creased at both edges of the "
                    f"{self.spine(pages):g} mm spine)")
        if self.kind == "poster-panels":
            return ("dalys apipjaustomos ir sunumeruojamos klijavimui; dalijimas – pagal "
                    "reklamos ploto savininką (panels trimmed and numbered for posting; the "
                    "split as the media owner specifies)")
        return "tik apipjaustoma formatu (trim to size only)"

    def to_json(self, pages: int) -> dict[str, Any]:
        """The machine-readable form: kind, text and the numbers that apply (mm)."""
        data: dict[str, Any] = {"kind": self.kind, "text": self.describe(pages)}
        if self.kind == "roll-fold":
            data["panels_mm"] = list(self.panels_mm)
            data["folds"] = [{"order": n, "at_mm": at, "folding_over_mm": width}
                             for n, (at, width) in enumerate(self.folds(), start=1)]
        if self.kind == "saddle-stitch":
            data["staples"] = self.staples
            data["sheets"] = pages // 4
        if self.spine(pages) is not None:
            data["spine_mm"] = self.spine(pages)
        if self.cover_file:
            data["cover_file"] = self.cover_file
        return data
