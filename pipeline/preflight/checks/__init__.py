"""The registered preflight checks; importing this package registers every one of them.

One module per family, in the order a printer's preflight report groups them (``FAMILIES``):
the document (version, PDF/X, intents, security, layers), page geometry and bleed, colour,
ink, overprint, lines and text, images, fonts. ``CHECKS`` lists the checks in that order.
"""

from importlib import import_module

from pipeline.preflight.registry import CHECKS

FAMILIES = ("document", "boxes", "bleed", "colours", "ink", "overprint", "lines_text", "images",
            "fonts")
"""The check modules, in report order (imported here, so registered in this order)."""

for _family in FAMILIES:
    import_module(f"{__name__}.{_family}")

__all__ = ["CHECKS", "FAMILIES"]
