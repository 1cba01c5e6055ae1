"""Reading a page without a text layer: Tesseract OCR with its Lithuanian data, if installed.

Text converted to outlines (``gs -dNoOutputFonts``, "create outlines" in a layout program)
leaves a PDF with no extractable text, though the statements are printed. Where the
``tesseract`` program is on PATH with its ``lit`` language data (Debian:
``tesseract-ocr-lit``), such a page is rendered and read; otherwise the text rules say that
they cannot check it. The program is run as a subprocess (its CLI is its stable interface).
"""

from __future__ import annotations

import io
import shutil
import subprocess

LANGUAGE = "lit"
OCR_DPI = 300
"""Resolution the page is read at (Tesseract works best at 300 dpi for body text)."""
MAX_SIDE_PX = 5000
"""Large pages (posters) are read at a lower resolution, their longer side at most this."""
TIMEOUT_S = 120


def tesseract() -> str | None:
    """The path of ``tesseract`` when it is on PATH and has the Lithuanian data, else None."""
    program = shutil.which("tesseract")
    if program is None:
        return None
    try:
        listed = subprocess.run([program, "--list-langs"], capture_output=True, text=True,
                                timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    languages = {line.strip() for line in (listed.stdout + listed.stderr).splitlines()}
    return program if LANGUAGE in languages else None


def read_page(program: str, pdf: object, index: int) -> str:
    """The text Tesseract reads on page ``index`` (0-based) of the pypdfium2 ``pdf``.

    The page is rendered at ``OCR_DPI`` (less on pages larger than ``MAX_SIDE_PX``).
    Raises ``OSError`` when the program cannot be run or fails.
    """
    import pypdfium2

    assert isinstance(pdf, pypdfium2.PdfDocument)
    page = pdf[index]
    width, height = page.get_size()
    scale = min(OCR_DPI / 72, MAX_SIDE_PX / max(width, height, 1.0))
    image = page.render(scale=scale).to_pil().convert("L")
    png = io.BytesIO()
    image.save(png, "PNG", dpi=(round(scale * 72),) * 2)
    try:
        done = subprocess.run([program, "stdin", "stdout", "-l", LANGUAGE],
                              input=png.getvalue(), capture_output=True, timeout=TIMEOUT_S,
                              check=False)
    except subprocess.TimeoutExpired as exc:
        raise OSError(f"tesseract took longer than {TIMEOUT_S} s") from exc
    if done.returncode != 0:
        raise OSError(f"tesseract failed: {done.stderr.decode(errors='replace').strip()}")
    return done.stdout.decode("utf-8", errors="replace")


def is_blank(pdf: object, index: int) -> bool:
    """Whether page ``index`` shows nothing inside its trim box (white at 18 dpi).

    Crop marks and the slug outside the trim are not content: a blank page of a book is
    blank.
    """
    import pypdfium2
    from PIL import ImageOps

    assert isinstance(pdf, pypdfium2.PdfDocument)
    page = pdf[index]
    crop_l, crop_b, crop_r, crop_t = page.get_cropbox()
    trim_l, trim_b, trim_r, trim_t = page.get_trimbox()
    cut = (max(0.0, trim_l - crop_l), max(0.0, trim_b - crop_b), max(0.0, crop_r - trim_r),
           max(0.0, crop_t - trim_t))
    image = page.render(scale=0.25, crop=cut).to_pil().convert("L")
    return ImageOps.invert(image).point(lambda v: 255 if v > 8 else 0).getbbox() is None


def squash(text: str) -> str:
    """Lower case with all whitespace removed: OCR splits letter-spaced words apart."""
    return "".join(text.lower().split())


def contains(read: str, wanted: str) -> bool:
    """Whether ``wanted`` occurs in the OCR reading ``read``, allowing for OCR's errors.

    Case and whitespace are ignored, and up to one edit (a character read wrong, missed or
    added) per ten characters of ``wanted``, at least one: "Europo sS aj unga" is
    "Europos Sąjunga" read with its ą as a. An implementation choice: approximate substring
    search (Sellers' edit-distance algorithm).
    """
    pattern, text = squash(wanted), squash(read)
    if not pattern:
        return True
    allowed = max(1, len(pattern) // 10)
    # column[i]: the fewest edits matching pattern[:i] to a text substring ending here.
    column = list(range(len(pattern) + 1))
    for char in text:
        previous, column[0] = column[0], 0
        for i, wanted_char in enumerate(pattern, start=1):
            current = column[i]
            column[i] = min(current + 1, column[i - 1] + 1,
                            previous + (wanted_char != char))
            previous = current
        if column[-1] <= allowed:
            return True
    return False
