"""The PDF/X output intent: one /GTS_PDFX dictionary with the embedded CMYK profile."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, String


@dataclass(frozen=True)
class OutputCondition:
    """A registered printing condition and the ICC profile that characterises it."""

    identifier: str
    condition: str
    profile: Path
    registry: str = "http://www.color.org"


FOGRA39_CONDITION = ("Coated FOGRA39 (ISO 12647-2:2004/Amd 1), offset, paper type 1 or 2, "
                     "coated art, 115 g/m2")


@cache
def compressed_profile(path: Path) -> bytes:
    """The ICC profile at ``path``, deflated (zlib level 9).

    Deflated once per process and reused: the profile is the largest object of every file.
    """
    return zlib.compress(path.read_bytes(), 9)


def add_output_intent(document: pikepdf.Pdf, condition: OutputCondition) -> None:
    """Replace any output intents of ``document`` with one GTS_PDFX intent for ``condition``.

    Its ICC profile (4 components) is embedded as the DestOutputProfile: PDF/X-4 wants
    exactly one ``/GTS_PDFX`` output intent (print-specs.md §4, sources S40 and S41).
    """
    profile = pikepdf.Stream(document, b"")
    # The profile goes in as it was deflated (once per process); saving keeps Flate data as
    # it is, so it is neither inflated nor deflated again.
    profile.write(compressed_profile(condition.profile), filter=Name.FlateDecode)
    profile.N = 4
    intent = Dictionary(
        Type=Name.OutputIntent,
        S=Name.GTS_PDFX,
        OutputConditionIdentifier=String(condition.identifier),
        OutputCondition=String(condition.condition),
        RegistryName=String(condition.registry),
        Info=String(condition.condition),
        DestOutputProfile=profile,
    )
    document.Root.OutputIntents = Array([document.make_indirect(intent)])

