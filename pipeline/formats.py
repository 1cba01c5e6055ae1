"""The print format catalogue (``pipeline/data/formats.yaml``) as typed data.

Every length is in millimetres at final size; ``page_*`` properties give the size of the PDF
page, which is the final size divided by the scale (1:10 for a billboard).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from pipeline.content.yamlsource import format_field
from pipeline.errors import ConfigError

MM_PER_PT = 25.4 / 72
# Acrobat's page-size limit (200 in = 5080 mm, print-specs.md §3): larger pages need a scale.
MAX_PAGE_MM = 5080.0


class PrintFormat(BaseModel):
    """One entry of the catalogue; see the comment at the top of formats.yaml for each field.

    Lengths in mm at final (printed) size, distances in m, resolutions in ppi at final size;
    formats.yaml cites the print-specs.md section each value comes from. Refused (pydantic
    ``ValidationError``): a PDF page (trim ÷ scale) over 5080 mm (200 in, Acrobat's page
    limit, print-specs.md §3), and panel widths that do not add up to the trim width
    (± 0.01 mm).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str
    trim_mm: tuple[float, float]
    bleed_mm: float = Field(ge=0)
    safe_mm: float = Field(ge=0)
    viewing_distance_m: float = Field(gt=0)
    min_ppi: float = Field(gt=0)
    good_ppi: float = Field(gt=0)
    qr_mm: float = Field(ge=0)
    scan_distance_m: float = Field(gt=0)
    min_text_mm: float | None = None
    scale: int = Field(default=1, ge=1)
    visible_mm: tuple[float, float] | None = None
    panels_mm: tuple[float, ...] | None = None
    process: Literal["offset", "large-format"] = "offset"
    stock: Literal["coated", "blueback", "backlit"] = "coated"

    @model_validator(mode="after")
    def _check(self) -> PrintFormat:
        if max(self.page_mm) > MAX_PAGE_MM:
            raise ValueError(
                f"page {self.page_mm[0]:g} × {self.page_mm[1]:g} mm exceeds {MAX_PAGE_MM:g} mm; "
                "give a scale (e.g. scale: 10)")
        if self.panels_mm and abs(sum(self.panels_mm) - self.trim_mm[0]) > 0.01:
            raise ValueError("panels_mm must add up to the trim width")
        return self

    @property
    def page_mm(self) -> tuple[float, float]:
        """(width, height) in mm of the PDF page's trim: final size ÷ scale."""
        return (self.trim_mm[0] / self.scale, self.trim_mm[1] / self.scale)

    @property
    def page_bleed_mm(self) -> float:
        """Bleed in mm as laid out in the file (``bleed_mm`` ÷ scale)."""
        return self.bleed_mm / self.scale

    @property
    def page_safe_mm(self) -> float:
        """Safe margin in mm as laid out in the file (``safe_mm`` ÷ scale)."""
        return self.safe_mm / self.scale

    @property
    def max_ppi(self) -> float:
        """Images above this many ppi at final size are downsampled.

        Twice ``good_ppi``: an implementation choice (no source sets an upper limit).
        """
        return 2 * self.good_ppi

    @property
    def scale_label(self) -> str:
        """The scale as written on the slug and the job ticket: ``1:1`` or ``1:10``."""
        return f"1:{self.scale}"


@cache
def load_formats() -> dict[str, PrintFormat]:
    """The catalogue shipped with the package (``data/formats.yaml``) by format id.

    Read and validated once per process; ``ConfigError`` listing every invalid field.
    """
    import yaml

    text = resources.files("pipeline").joinpath("data/formats.yaml").read_text(encoding="utf-8")
    raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    catalogue: dict[str, PrintFormat] = {}
    problems = []
    for key, entry in raw.items():
        try:
            catalogue[key] = PrintFormat.model_validate({"id": key, **entry})
        except ValidationError as exc:
            for err in exc.errors():
                where = format_field((key, *[p for p in err["loc"] if isinstance(p, str | int)]))
                problems.append(f"formats.yaml: {where}: {err['msg']}")
    if problems:
        raise ConfigError("invalid format catalogue:\n" + "\n".join(problems))
    return catalogue


def scale_denominator(label: str) -> int:
    """The denominator of a scale label as ``PrintFormat.scale_label`` writes it (``1:10`` → 10).

    1 for a label that is missing or not of that shape (a file made elsewhere).
    """
    try:
        return max(1, int(label.split(":")[1]))
    except (IndexError, ValueError):
        return 1
