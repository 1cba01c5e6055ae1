"""The child process that converts one large image to CMYK (``images.IN_PROCESS_PIXELS``).

Started by ``images._convert_in_child`` as ``python -P -c`` with the package's folder, the
output profile and the size; its memory (the decoded image, its CMYK version, the JPEG
encoder's coefficients) ends with it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pipeline.errors import ImageError
from pipeline.images import CHILD_REFUSED, cmyk_jpeg


def main(args: list[str]) -> None:
    """Convert the image on stdin; ``args`` are the profile's path and the size.

    The size is ``full`` or ``<width>x<height>`` (px). Writes the JPEG to stdout; an
    ``ImageError`` goes to stderr with exit status ``CHILD_REFUSED``.
    """
    profile, size = Path(args[0]), args[1]
    width, _, height = size.partition("x")
    max_size = None if size == "full" else (int(width), int(height))
    try:
        jpeg = cmyk_jpeg(sys.stdin.buffer.read(), profile, max_size)
    except ImageError as exc:
        sys.stderr.write(f"{exc}\n")
        sys.exit(CHILD_REFUSED)
    sys.stdout.buffer.write(jpeg)
