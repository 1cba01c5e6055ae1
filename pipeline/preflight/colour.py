"""Colour spaces and colours as a printer sees them: which plates a colour prints on.

A ``ColourSpace`` is resolved once from its PDF object (a name, or an array such as
``[/Separation /PANTONE#20Reflex#20Blue /DeviceCMYK fn]``); a ``Colour`` is a space and its
components. ``inks`` turns a colour into plate coverages (0–1 per colorant), which every
ink, overprint and small-text check reads: ISO 32000-1 §8.6 gives the spaces, GWG 2022
D0010/D0013–D0015 (print-specs.md §5.1) what "white" and "black" are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pikepdf

PROCESS = ("Cyan", "Magenta", "Yellow", "Black")
"""The process colorants of CMYK offset, in plate order."""
REGISTRATION = "All"
"""The Separation name that prints on every plate (ISO 32000-1 §8.6.6.4): for marks only."""
RGB_FAMILIES = frozenset({"DeviceRGB", "CalRGB"})
DEVICE = {"/DeviceGray": 1, "/DeviceRGB": 3, "/DeviceCMYK": 4, "/G": 1, "/RGB": 3,
          "/CMYK": 4, "/Pattern": 0}
_ABBREVIATED = {"/G": "DeviceGray", "/RGB": "DeviceRGB", "/CMYK": "DeviceCMYK",
                "/I": "Indexed"}


@dataclass(frozen=True)
class ColourSpace:
    """A resolved colour space.

    ``family`` is the PDF family name (``DeviceCMYK``, ``ICCBased``, ``Separation``…);
    ``n`` the number of components; ``colorants`` the names of a Separation or DeviceN
    space; ``base`` the base space of Indexed and (uncoloured) Pattern spaces, or the
    alternate of an ICCBased space; ``lookup`` the table of an Indexed space.
    """

    family: str
    n: int
    colorants: tuple[str, ...] = ()
    base: ColourSpace | None = None
    lookup: bytes = b""

    @property
    def label(self) -> str:
        """A short name for messages: ``DeviceRGB``, ``ICCBased RGB``, ``Separation "X"``."""
        if self.family == "ICCBased":
            return "ICCBased " + {1: "Gray", 3: "RGB", 4: "CMYK"}.get(self.n, f"{self.n}-channel")
        if self.family in ("Separation", "DeviceN"):
            return f"{self.family} " + ", ".join(f'"{c}"' for c in self.colorants)
        if self.family in ("Indexed", "Pattern") and self.base is not None:
            return f"{self.family} {self.base.label}"
        return self.family

    @property
    def is_rgb(self) -> bool:
        """RGB in any form: DeviceRGB, CalRGB, 3-channel ICC, or indexed into one of them."""
        if self.family in RGB_FAMILIES or (self.family == "ICCBased" and self.n == 3):
            return True
        return self.family in ("Indexed", "Pattern") and self.base is not None \
            and self.base.is_rgb

    @property
    def in_cmyk(self) -> bool:
        """Whether the space paints in CMYK (what a screen file must not hold).

        DeviceCMYK or a 4-channel ICC space, or one as the base of an Indexed space or the
        alternate of a Separation or DeviceN space.
        """
        if self.family == "DeviceCMYK" or (self.family == "ICCBased" and self.n == 4):
            return True
        return self.family in ("Indexed", "Separation", "DeviceN") and self.base is not None \
            and self.base.in_cmyk

    @property
    def is_lab(self) -> bool:
        """CIE Lab, directly or as the base of an Indexed space."""
        return self.family == "Lab" or (self.base is not None and self.family == "Indexed"
                                        and self.base.is_lab)

    @property
    def spots(self) -> tuple[str, ...]:
        """Colorants that are neither process inks nor ``None``/``All``: extra plates."""
        names = self.colorants + (self.base.spots if self.base is not None
                                  and self.family == "Indexed" else ())
        return tuple(c for c in names if c not in PROCESS and c not in ("None", REGISTRATION))


DEVICE_GRAY = ColourSpace("DeviceGray", 1)
DEVICE_CMYK = ColourSpace("DeviceCMYK", 4)
DEVICE_RGB = ColourSpace("DeviceRGB", 3)
PATTERN = ColourSpace("Pattern", 0)


@dataclass(frozen=True)
class Colour:
    """A colour set by ``k``/``rg``/``g``/``sc``/``scn``: its space and components (0–1).

    ``pattern`` is the pattern's name when the space is Pattern.
    """

    space: ColourSpace
    values: tuple[float, ...] = ()
    pattern: str | None = None

    @property
    def inks(self) -> dict[str, float]:
        """Plate coverage, 0–1 per colorant name (``Cyan``… and spot names); empty if unknown.

        DeviceGray and 1-channel ICC print on the black plate (K = 1 − grey); CMYK and
        4-channel ICC on the four process plates; Separation/DeviceN on their colorants,
        ``All`` on all four process plates. RGB and Lab have no plates until converted.
        """
        space, values = self.space, self.values
        if space.family == "Indexed" and space.base is not None and values:
            return Colour(space.base, indexed(space, int(values[0]))).inks
        family = "ICC" if space.family == "ICCBased" else space.family
        if family in ("DeviceGray", "CalGray") or (family == "ICC" and space.n == 1):
            return {"Black": 1 - values[0]} if values else {}
        if family == "DeviceCMYK" or (family == "ICC" and space.n == 4):
            return dict(zip(PROCESS, values, strict=False)) if len(values) == 4 else {}
        if family in ("Separation", "DeviceN"):
            inks: dict[str, float] = {}
            for name, value in zip(space.colorants, values, strict=False):
                for plate in (PROCESS if name == REGISTRATION else (name,)):
                    if plate != "None":
                        inks[plate] = max(inks.get(plate, 0.0), value)
            return inks
        return {}

    @property
    def total(self) -> float:
        """Total area coverage of the process plates, in % (GWG R0026 counts CMYK only)."""
        inks = self.inks
        return sum(inks.get(p, 0.0) for p in PROCESS) * 100

    @property
    def plates(self) -> int:
        """How many plates carry this colour (coverage above 0.5 %)."""
        return sum(1 for v in self.inks.values() if v > 0.005)

    @property
    def is_white(self) -> bool:
        """No ink on any plate (GWG D0010: CMYK 0/0/0/0, Separation 0, DeviceGray 1)."""
        inks = self.inks
        return bool(inks) and all(v <= 0.005 for v in inks.values())

    @property
    def is_registration(self) -> bool:
        """Painted in the registration colour ``All``."""
        return REGISTRATION in self.space.colorants

    def describe(self) -> str:
        """Components as a printer writes them: ``C60 M40 Y40 K100``, ``RGB 0.2 0.2 0.6``."""
        inks = self.inks
        if inks and self.space.family not in ("Separation", "DeviceN"):
            return " ".join(f"{'CMYK'[i]}{inks.get(p, 0) * 100:.0f}" for i, p in enumerate(PROCESS)
                            if p in inks or self.space.n == 4)
        if inks:
            return ", ".join(f"{name} {v * 100:.0f} %" for name, v in inks.items())
        return f"{self.space.label} " + " ".join(f"{v:g}" for v in self.values)


def indexed(space: ColourSpace, index: int) -> tuple[float, ...]:
    """The base components (0–1) of entry ``index`` of an Indexed space."""
    base = space.base
    n = base.n if base is not None else 0
    chunk = space.lookup[index * n:(index + 1) * n]
    return tuple(b / 255 for b in chunk)


def resolve_space(obj: Any, resources: Any = None) -> ColourSpace:
    """The ``ColourSpace`` of a colour-space operand or object.

    ``obj`` is a name (``/DeviceCMYK``, or a key of the ``/ColorSpace`` resources) or an
    array; unknown or malformed spaces resolve to family ``unknown`` (reported, not raised).
    """
    if isinstance(obj, pikepdf.Name | str):
        name = str(obj)
        if name in DEVICE:
            family = _ABBREVIATED.get(name, name[1:])
            return ColourSpace(family, DEVICE[name])
        spaces = resources.get("/ColorSpace") if resources is not None else None
        if spaces is not None and name in spaces:
            return resolve_space(spaces[name], None)
        return ColourSpace("unknown", 0)
    if isinstance(obj, pikepdf.Array) and len(obj) > 0:
        family = _ABBREVIATED.get(str(obj[0]), str(obj[0])[1:])
        try:
            return _array_space(family, obj, resources)
        except (KeyError, IndexError, TypeError, ValueError, pikepdf.PdfError):
            return ColourSpace("unknown", 0)
    return ColourSpace("unknown", 0)


def _array_space(family: str, obj: Any, resources: Any) -> ColourSpace:
    if family == "ICCBased":
        stream = obj[1]
        n = int(stream.get("/N", 0))
        alternate = stream.get("/Alternate")
        base = resolve_space(alternate, None) if alternate is not None else None
        return ColourSpace("ICCBased", n, base=base)
    if family == "Indexed":
        base = resolve_space(obj[1], resources)
        table = obj[3]
        lookup = table.read_bytes() if isinstance(table, pikepdf.Stream) else bytes(table)
        return ColourSpace("Indexed", 1, base=base, lookup=lookup)
    if family == "Separation":
        return ColourSpace("Separation", 1, (str(obj[1])[1:],),
                           base=resolve_space(obj[2], resources))
    if family == "DeviceN":
        names = tuple(str(n)[1:] for n in obj[1])
        return ColourSpace("DeviceN", len(names), names, base=resolve_space(obj[2], resources))
    if family == "Pattern":
        base = resolve_space(obj[1], resources) if len(obj) > 1 else None
        return ColourSpace("Pattern", base.n if base else 0, base=base)
    n = {"CalRGB": 3, "Lab": 3, "CalGray": 1, "DeviceRGB": 3, "DeviceCMYK": 4,
         "DeviceGray": 1}.get(family, 0)
    return ColourSpace(family, n)


def initial_colour(space: ColourSpace) -> Colour:
    """The colour a ``cs``/``CS`` operator sets (ISO 32000-1 §8.6.8): black or tint 1."""
    if space.family in ("DeviceCMYK",) or (space.family == "ICCBased" and space.n == 4):
        return Colour(space, (0.0, 0.0, 0.0, 1.0))
    if space.family in ("DeviceRGB", "CalRGB", "Lab") or space.n == 3:
        return Colour(space, (0.0,) * 3)
    if space.family in ("Separation", "DeviceN"):
        return Colour(space, (1.0,) * space.n)
    if space.family == "Indexed":
        return Colour(space, (0.0,))
    return Colour(space, (0.0,) * max(space.n, 0))
