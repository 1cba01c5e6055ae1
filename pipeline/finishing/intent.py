"""The PDF/X output intent: one /GTS_PDFX dictionary with the embedded CMYK profile."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    EncodedStreamObject,
    NameObject,
    NumberObject,
    TextStringObject,
)


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
    # Deflated once per process and reused: the profile is the largest object of every file.
    return zlib.compress(path.read_bytes(), 9)


def add_output_intent(writer: PdfWriter, condition: OutputCondition) -> None:
    """Replace any output intents with exactly one GTS_PDFX intent for ``condition``."""
    profile = EncodedStreamObject()
    profile._data = compressed_profile(condition.profile)
    profile[NameObject("/Filter")] = NameObject("/FlateDecode")
    profile[NameObject("/N")] = NumberObject(4)
    intent = DictionaryObject({
        NameObject("/Type"): NameObject("/OutputIntent"),
        NameObject("/S"): NameObject("/GTS_PDFX"),
        NameObject("/OutputConditionIdentifier"): TextStringObject(condition.identifier),
        NameObject("/OutputCondition"): TextStringObject(condition.condition),
        NameObject("/RegistryName"): TextStringObject(condition.registry),
        NameObject("/Info"): TextStringObject(condition.condition),
        NameObject("/DestOutputProfile"): writer._add_object(profile),
    })
    writer._root_object[NameObject("/OutputIntents")] = ArrayObject([writer._add_object(intent)])
