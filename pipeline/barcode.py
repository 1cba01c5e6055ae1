"""ISBN → EAN-13 barcode as vector SVG: black bars only, nominal size, quiet zones.

Nominal EAN-13 (print-specs.md §7.2): module X = 0.33 mm, 95 modules of symbol, light
margins 11 X left and 7 X right (3.63 / 2.31 mm), bars 22.85 mm high with the guard bars
5 X longer, human-readable digits below, the ISBN in ≥ 9 pt above.
"""

from __future__ import annotations

from markupsafe import Markup, escape

X_MM = 0.33
BAR_MM = 22.85
LEFT_QUIET, RIGHT_QUIET = 11, 7
BLACK = "device-cmyk(0 0 0 1)"

_L = ("0001101", "0011001", "0010011", "0111101", "0100011", "0110001", "0101111", "0111011",
      "0110111", "0001011")
_G = tuple(code[::-1].translate(str.maketrans("01", "10")) for code in _L)
_R = tuple(code.translate(str.maketrans("01", "10")) for code in _L)
_PARITY = ("LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG", "LGGLLG", "LGGGLL", "LGLGLG",
           "LGLGGL", "LGGLGL")


def isbn_digits(isbn: str) -> str:
    """The 13 digits of an ISBN-13 (hyphens and spaces removed).

    ``ValueError`` unless there are 13 digits starting 978 or 979 with a correct check digit.
    """
    digits = "".join(ch for ch in isbn if ch not in "- ")
    if len(digits) != 13 or not digits.isdigit():
        raise ValueError(f"'{isbn}' is not an ISBN-13 (13 digits, hyphens allowed)")
    if not digits.startswith(("978", "979")):
        raise ValueError(f"'{isbn}' does not start with 978 or 979")
    expected = check_digit(digits[:12])
    if digits[12] != expected:
        raise ValueError(f"ISBN check digit is {digits[12]}, should be {expected} ('{isbn}')")
    return digits


def check_digit(first12: str) -> str:
    """EAN-13 check digit of the first 12 digits: weights 1, 3 alternating, from the left."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return str((10 - total % 10) % 10)


def ean13_modules(digits: str) -> str:
    """The 95 modules of the symbol of 13 ``digits`` as '1' (bar) and '0' (space).

    Start guard, six digits in the L/G sets the first digit selects, centre guard, six
    digits in the R set, end guard.
    """
    parity = _PARITY[int(digits[0])]
    left = "".join((_L if p == "L" else _G)[int(d)] for p, d in zip(parity, digits[1:7],
                                                                    strict=True))
    right = "".join(_R[int(d)] for d in digits[7:])
    return "101" + left + "01010" + right + "101"


GUARDS = {0, 1, 2, 45, 46, 47, 48, 49, 92, 93, 94}


def ean13_svg(isbn: str, font_family: str = "sans-serif") -> Markup:
    """The barcode with its quiet zones, ISBN line above and digits below, at 100 %.

    Nominal sizes of print-specs.md §7.2: X = 0.33 mm, bars 22.85 mm high (guard bars 5 X
    longer), light margins 11 X and 7 X, the ISBN line in 9 pt (≥ 9 pt); the SVG is sized in
    mm, black (100 % K) on white. ``font_family`` is a CSS family (a brand font, so the
    digits embed no system font). ``ValueError`` for an invalid ISBN (``isbn_digits``).
    """
    digits = isbn_digits(isbn)
    modules = ean13_modules(digits)
    width = (LEFT_QUIET + 95 + RIGHT_QUIET) * X_MM
    text_h = 3.2  # ISBN line above (9 pt ≈ 3.2 mm)
    digit_h = 2.75
    height = text_h + BAR_MM + 5 * X_MM + digit_h
    bars = []
    x = LEFT_QUIET * X_MM
    index = 0
    while index < 95:
        if modules[index] == "1":
            run = 1
            while index + run < 95 and modules[index + run] == "1" and \
                    ((index + run in GUARDS) == (index in GUARDS)):
                run += 1
            long = index in GUARDS
            h = BAR_MM + (5 * X_MM if long else 0)
            bars.append(f'<rect x="{x + index * X_MM:.3f}" y="{text_h:.3f}" '
                        f'width="{run * X_MM:.3f}" height="{h:.3f}"/>')
            index += run
        else:
            index += 1
    base = text_h + BAR_MM + 5 * X_MM + digit_h - 0.3
    groups = [(digits[0], (LEFT_QUIET - 7) * X_MM), (digits[1:7], x + 3 * X_MM + 21 * X_MM),
              (digits[7:], x + 50 * X_MM + 21 * X_MM)]
    texts = [f'<text x="{gx:.3f}" y="{base:.3f}" text-anchor="{"start" if i == 0 else "middle"}">'
             f'{g}</text>' for i, (g, gx) in enumerate(groups)]
    hyphenated = escape(isbn.strip())
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="isbn-barcode" data-isbn="{digits}" '
        f'width="{width:.3f}mm" height="{height:.3f}mm" viewBox="0 0 {width:.3f} {height:.3f}" '
        f'font-family="{escape(font_family)}">'
        f'<rect x="0" y="0" width="{width:.3f}" height="{height:.3f}" fill="device-cmyk(0 0 0 0)"/>'
        f'<text x="{width / 2:.3f}" y="2.6" text-anchor="middle" font-size="3.175" '
        f'fill="{BLACK}">ISBN {hyphenated}</text>'
        f'<g fill="{BLACK}">{"".join(bars)}</g>'
        f'<g fill="{BLACK}" font-size="2.9">{"".join(texts)}</g></svg>')
