"""Social media cards: their formats (``pipeline/data/social.yaml``) and thresholds.

A card is laid out in CSS px (1/96 in) at its native size, so a length of the layout is a
pixel of the image. Its colours are the brand's CMYK palette as the output profile prints
it, in sRGB (``screen.ScreenPalette``, shared with the digital edition); the EU emblem
keeps its own screen colours (``emblem.SCREEN_BLUE``, #003399, and
``emblem.SCREEN_YELLOW``, #FFCC00). The thresholds every card is checked against are here,
each with its source; ``srgb_profile`` is the ICC profile every card embeds.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from pipeline.content.yamlsource import format_field
from pipeline.errors import ConfigError
from pipeline.formats import PrintFormat

PX_MM = 25.4 / 96
"""Millimetres of a CSS px: the layout's unit, one pixel of the card."""
MIN_CAP_PX = 16.0
"""Smallest cap height of any text on a card at its native size, in px (issue 20 item 2:
"text a phone cannot show legibly is an error, not a silent shrink: no text on a card with
a cap height under 16 px at the card's native size (about 24 px type)", the funding
statement included)."""
EMBLEM_HOIST_PX = 180
"""Hoist of the EU emblem on a card, in px: the fewest the compliance engine measures the
star geometry on (``compliance.raster.MIN_HOIST_PX``), so every card's emblem is measured,
not only found."""
MAX_JPEG_BYTES = 1_000_000
"""A card's JPEG stays under 1 MB (issue 20 item 1; 10^6 bytes, the stricter reading)."""
JPEG_QUALITY = 90
"""libjpeg quality of a card's JPEG (an implementation choice: flat colour and type show no
artefacts at 90; the sample's largest card is far under ``MAX_JPEG_BYTES``)."""
ICC_DATE = bytes([0x07, 0xDD, 0, 9, 0, 20, 0, 0, 0, 0, 0, 0])
"""The creation date written in the sRGB profile's header (2013-09-20, the campaign's start):
fixed, so the same card is the same bytes whenever it is made."""


class SocialFormat(BaseModel):
    """One entry of ``social.yaml``; see the comment at its top for each field and source.

    Lengths in px at native size. Refused (pydantic ``ValidationError``): UI zones that
    leave less than half the height free.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str
    size_px: tuple[int, int]
    margin_px: int = Field(ge=0)
    ui_top_px: int = Field(default=0, ge=0)
    ui_bottom_px: int = Field(default=0, ge=0)
    platforms: tuple[str, ...] = ()
    statement: bool = True
    """The project's funding statement is on the card (else only in its caption)."""

    @model_validator(mode="after")
    def _check(self) -> SocialFormat:
        if min(self.size_px) < 200:
            raise ValueError("a card is at least 200 px each way (Meta's minimum)")
        if self.ui_top_px + self.ui_bottom_px > self.size_px[1] / 2:
            raise ValueError("the UI zones cover more than half the card")
        return self

    @property
    def width(self) -> int:
        """Width in px."""
        return self.size_px[0]

    @property
    def height(self) -> int:
        """Height in px."""
        return self.size_px[1]

    @property
    def free_px(self) -> tuple[int, int]:
        """(top, bottom) in px of the band text and logos may use: margins and UI zones off."""
        return (max(self.margin_px, self.ui_top_px),
                self.height - max(self.margin_px, self.ui_bottom_px))

    def page_format(self) -> PrintFormat:
        """The card as a page for the layout and its inspection.

        Its size in mm at 96 px/in, no bleed, no safe margin (``compliance/screen.py``
        checks margins and UI zones in px).
        """
        return PrintFormat(id=f"social-{self.id}", name=self.name,
                           trim_mm=(self.width * PX_MM, self.height * PX_MM), bleed_mm=0,
                           safe_mm=0, viewing_distance_m=0.3, min_ppi=96, good_ppi=96,
                           qr_mm=0, scan_distance_m=0.3)


@cache
def load_social_formats() -> dict[str, SocialFormat]:
    """The card formats shipped with the package (``data/social.yaml``) by id, in file order.

    Read and validated once per process; ``ConfigError`` listing every invalid field.
    """
    import yaml

    text = resources.files("pipeline").joinpath("data/social.yaml").read_text(encoding="utf-8")
    raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    catalogue: dict[str, SocialFormat] = {}
    problems = []
    for key, entry in raw.items():
        try:
            catalogue[key] = SocialFormat.model_validate({"id": key, **entry})
        except ValidationError as exc:
            for err in exc.errors():
                where = format_field((key, *[p for p in err["loc"] if isinstance(p, str | int)]))
                problems.append(f"social.yaml: {where}: {err['msg']}")
    if problems:
        raise ConfigError("invalid social card catalogue:\n" + "\n".join(problems))
    return catalogue


@cache
def srgb_profile() -> bytes:
    """The sRGB ICC profile embedded in every card (lcms's built-in sRGB, v2 header).

    Its header date is ``ICC_DATE`` (lcms writes the time of creation): the same bytes in
    every process.
    """
    from PIL import ImageCms

    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    data[24:36] = ICC_DATE
    return bytes(data)
