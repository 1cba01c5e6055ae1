"""The EU emblem's colour forms, and which one an emblem on a raster is printed in.

The graphic standard (esf-rules.md §1.2, Council of Europe "Technical characteristics of
the European flag", S5) gives the emblem in several forms, each a rule of the check table
(§6): process CMYK (CLR-CMYK: blue 100/80/0/0, yellow 0/0/100/0), screen RGB (CLR-RGB:
#003399, #FFCC00), the spot colours Pantone Reflex Blue and Pantone Yellow (CLR-SPOT,
recognised by the separation names, not by how a viewer shows them), black only
(CLR-MONO-BLACK: the rectangle outlined in black, black stars on white) and blue only
(CLR-MONO-BLUE: white stars on a Reflex Blue field). A pack permits a form by listing its
rule. A form matches when both the field and the stars are within ``MAX_DELTA_E`` of one of
its appearances.
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass
from functools import cache

from PIL import Image, ImageCms

from pipeline.brand import Cmyk
from pipeline.compliance.messages import N_
from pipeline.emblem import BLACK, BLUE, YELLOW

RGB = tuple[int, int, int]
MAX_DELTA_E = 10.0
"""CIE76 ΔE between a sampled colour and a form's appearance (an implementation choice:
esf-rules.md §6 proposes ΔE00 ≤ 5 for RGB and ±5 percentage points for CMYK, INFERRED,
which a raster cannot show; 10 in CIE76 is of the same order for these saturated colours)."""
SCREEN_BLUE: RGB = (0x00, 0x33, 0x99)  # S5: Reflex Blue on screen, #003399
SCREEN_YELLOW: RGB = (0xFF, 0xCC, 0x00)  # S5: Yellow on screen, #FFCC00
WHITE: RGB = (255, 255, 255)
PURE_BLACK: RGB = (0, 0, 0)
SPOT_BLUE = "Reflex Blue"  # S5: PANTONE REFLEX BLUE
SPOT_YELLOW = "Yellow"  # S5: PANTONE YELLOW


@dataclass(frozen=True)
class Form:
    """One reproduction form: its rule id, its name, and what field and stars look like.

    ``field`` and ``stars`` list appearances, any of which matches: an sRGB colour, or
    ``"spot:<name>"`` for a separation recognised by name.
    """

    rule: str
    name: str
    field: tuple[str | RGB, ...]
    stars: tuple[str | RGB, ...]


@cache
def rendered(cmyk: Cmyk) -> RGB:
    """How pypdfium2 (the renderer the checks sample) shows a DeviceCMYK colour."""
    import pikepdf
    import pypdfium2

    ops = " ".join(f"{v / 100:g}" for v in cmyk) + " k 0 0 10 10 re f"
    with pikepdf.new() as document:
        page = document.add_blank_page(page_size=(10, 10))
        page.obj.Contents = document.make_stream(ops.encode())
        out = io.BytesIO()
        document.save(out)
    image = pypdfium2.PdfDocument(out.getvalue())[0].render(scale=1).to_pil().convert("RGB")
    r, g, b = image.getpixel((5, 5))
    return (int(r), int(g), int(b))


@cache
def forms() -> tuple[Form, ...]:
    """Every form of the standard, in the order they are preferred when several match."""
    blue, yellow, black = rendered(BLUE), rendered(YELLOW), rendered(BLACK)
    spot_blue, spot_yellow = f"spot:{SPOT_BLUE}", f"spot:{SPOT_YELLOW}"
    return (
        Form("CLR-CMYK", N_("process CMYK 100/80/0/0 and 0/0/100/0"), (blue,), (yellow,)),
        Form("CLR-RGB", N_("screen RGB #003399 and #FFCC00"), (SCREEN_BLUE,), (SCREEN_YELLOW,)),
        Form("CLR-SPOT", N_("spot colours Pantone Reflex Blue and Pantone Yellow"), (spot_blue,),
             (spot_yellow,)),
        Form("CLR-MONO-BLACK", N_("black only: black outline and black stars on white"),
             (WHITE,), (black, PURE_BLACK)),
        Form("CLR-MONO-BLUE", N_("blue only: white stars on a Reflex Blue field"),
             (spot_blue, blue, SCREEN_BLUE), (WHITE,)),
    )


COLOUR_RULES = ("CLR-CMYK", "CLR-RGB", "CLR-SPOT", "CLR-MONO-BLACK", "CLR-MONO-BLUE")


@cache
def _to_lab() -> ImageCms.ImageCmsTransform:
    return ImageCms.buildTransform(ImageCms.createProfile("sRGB"), ImageCms.createProfile("LAB"),
                                   "RGB", "LAB")


def delta_e(first: RGB, second: RGB) -> float:
    """CIE76 colour difference of two sRGB colours."""
    image = Image.new("RGB", (2, 1))
    image.putpixel((0, 0), first)
    image.putpixel((1, 0), second)
    lab = ImageCms.applyTransform(image, _to_lab())
    assert lab is not None
    (l1, a1, b1), (l2, a2, b2) = lab.getpixel((0, 0)), lab.getpixel((1, 0))  # type: ignore[misc]
    # Pillow's LAB mode stores L in 0–255 and a, b offset by 128.
    return math.dist((l1 * 100 / 255, a1 - 128, b1 - 128), (l2 * 100 / 255, a2 - 128, b2 - 128))


def spot_name(colorant: str) -> str:
    """A separation name reduced to the Pantone colour it names.

    ``PANTONE Reflex Blue C`` → ``reflex blue``: the ``PANTONE`` prefix and the paper
    suffix (C, U, CV, CVC, PC, M) dropped, case and spacing ignored.
    """
    name = re.sub(r"\s+", " ", colorant.replace("_", " ")).strip().lower()
    name = re.sub(r"^pantone\s*", "", name)
    return re.sub(r"\s+(c|u|cv|cvc|cvu|pc|m)$", "", name)


@dataclass(frozen=True)
class Match:
    """How close an emblem's colours come to one form: ΔE of the field and of the stars.

    0 for a part recognised by its separation name; ``None`` for stars too small to sample.
    """

    form: Form
    field: float
    stars: float | None
    by_name: bool = False
    """The form was recognised by the separation names painted on the emblem."""

    @property
    def worst(self) -> float:
        """The larger of the two differences."""
        return max(self.field, self.stars or 0.0)

    @property
    def ok(self) -> bool:
        """Both parts within ``MAX_DELTA_E``."""
        return self.worst <= MAX_DELTA_E


def _closest(sample: RGB | None, looks: tuple[str | RGB, ...],
             spots: set[str]) -> tuple[float | None, bool]:
    """(ΔE to the nearest appearance, whether a named spot matched).

    0 when one of the appearances is a spot painted on the emblem; ``None`` when nothing
    can be compared (no sample, or only spots that are not painted).
    """
    if any(isinstance(look, str) and spot_name(look.removeprefix("spot:")) in spots
           for look in looks):
        return 0.0, True
    differences = [delta_e(sample, look) for look in looks
                   if sample is not None and not isinstance(look, str)]
    return (min(differences) if differences else None), False


def judge(field: RGB, stars: RGB | None, colorants: tuple[str, ...],
          permitted: tuple[str, ...]) -> tuple[Match | None, Match | None]:
    """(the form found, or ``None``; the nearest permitted form) for sampled colours.

    ``field`` and ``stars`` are the median sRGB colours of the field and of the stars
    (``stars`` ``None`` when they are too small to sample: the field decides alone),
    ``colorants`` the separation names painted at full strength on the emblem,
    ``permitted`` the rule ids of the forms the pack allows. The form found is the
    matching one with the smallest difference (a form recognised by name: 0), the first in
    ``forms()`` order on a tie; the nearest is the one with the smallest difference.
    """
    spots = {spot_name(c) for c in colorants}
    matches = []
    for form in forms():
        if form.rule not in permitted:
            continue
        on_field, field_named = _closest(field, form.field, spots)
        on_stars, stars_named = _closest(stars, form.stars, spots)
        if on_field is None or (on_stars is None and stars is not None):
            continue  # a spot form without its separations: not a candidate
        matches.append(Match(form, on_field, on_stars, field_named or stars_named))
    nearest = min(matches, key=lambda m: m.worst, default=None)
    return (nearest if nearest is not None and nearest.ok else None), nearest
