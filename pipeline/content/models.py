"""Typed content models, declared once. Unknown keys are errors everywhere.

Cross-references that need the rest of the project (a format in the catalogue, a
municipality of the campaign, an image file in content/) are checked by validators that
read the validation *context* given by the loader, so that all problems of all files are
reported in one run with their lines.
"""

from __future__ import annotations

from collections.abc import Container
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from pipeline.content.fields import (
    ContentFile,
    Date,
    FormatId,
    HttpsUrl,
    Model,
    Problem,
    Slug,
    Text,
    did_you_mean,
    once_each,
)
from pipeline.content.patterns import MEASURE_PATTERN
from pipeline.pack_ids import PackId


class Period(Model):
    """Start and end date of the campaign (inclusive); the end may not precede the start."""

    start: Date
    end: Date

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"ends ({self.end}) before it starts ({self.start})")
        return self


class Funding(Model):
    """Who co-funds the campaign and what every item must say about it."""

    rule_pack: PackId
    programme: Text
    priority: Text
    measure: Annotated[str, StringConstraints(pattern=MEASURE_PATTERN)]
    statement: Text
    """The project's own funding statement (Art. 8(4) of Reg. 1828/2006); the texts the
    rules prescribe (EU and Fund references, statements) come from the rule pack."""


class Municipality(Model):
    """A municipality the campaign works in."""

    id: Slug
    name: Text
    locative: Text  # "Kaune", "Klaipėdoje": for sentences such as "renginiai Kaune"


class Implementer(Model):
    """The organisation carrying out the project."""

    name: Text
    website: HttpsUrl


class Campaign(Model):
    """content/campaign.yaml: the campaign, its funding, municipalities (unique ids)."""

    title: Text
    implementer: Implementer
    period: Period
    funding: Funding
    website: HttpsUrl
    municipalities: list[Municipality] = Field(min_length=1)
    target_groups: list[Text] = Field(min_length=1)
    activities: list[Text] = []
    key_visual: Image | None = None
    """The campaign's picture, placed where a product calls for one and its own content
    gives none (an invitation's card)."""

    @field_validator("municipalities")
    @classmethod
    def _unique_municipalities(cls, municipalities: list[Municipality]) -> list[Municipality]:
        ids = [m.id for m in municipalities]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            where = ", ".join(f"[{n}]" for n, i in enumerate(ids) if i in dupes)
            raise ValueError(f"municipality id repeated: {', '.join(dupes)} (items {where})")
        return municipalities

    def municipality(self, ident: str) -> Municipality:
        """The municipality with id ``ident`` (one that exists: ids are checked on loading)."""
        return next(m for m in self.municipalities if m.id == ident)


class Qr(Model):
    """A QR code: the https URL it encodes and the text printed beside it."""

    url: HttpsUrl
    caption: Text


class Image(Model):
    """A raster or SVG image from content/."""

    file: ContentFile
    alt: Text


class Production(Model):
    """How an item is produced: what the printer's job ticket says."""

    date: Date | None = None
    """Edition date: the PDF's creation date (the campaign start when not given)."""
    run: int | None = Field(default=None, gt=0)
    """Print run (tiražas)."""
    process: Text | None = None
    """Printing process, when not the format's default (offset; large-format outdoors)."""
    paper: Text | None = None
    """Stock, when not the format's default (coated; blueback or backlit outdoors)."""
    finishing: Text | None = None
    """A finishing note added to what the product itself needs (its folds or binding)."""
    marks: bool = True
    """Crop marks and slug line outside the bleed (some printers want none)."""


class Poster(Model):
    """content/posters/<id>.yaml: a social-ad poster, built per format and municipality.

    Text length limits are generous implementation choices: the layout inspection decides
    whether a text fits its frame.
    """

    id: Slug
    title: Text
    formats: Annotated[list[FormatId], AfterValidator(once_each)] = Field(min_length=1)
    municipalities: Literal["all"] | list[Slug] = "all"
    headline: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
    lead: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    # Generous limits: the layout inspection is what decides whether a text fits its frame.
    message: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                              max_length=700)]
    call_to_action: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                                     max_length=80)]
    local_lines: dict[Slug, Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                                              max_length=120)]] = {}
    qr: Qr
    image: Image | None = None
    background: str = "red"
    production: Production = Production()

    def references(self, campaign: Campaign, palette: Container[str]) -> list[Problem]:
        """Problems with what this poster refers to elsewhere in the project, by field path."""
        known = [m.id for m in campaign.municipalities]
        problems = colour_problems(self.background, palette)
        if self.municipalities != "all":
            problems += [(("municipalities", i), f"unknown municipality '{m}' "
                          f"({did_you_mean(m, known)}known: {', '.join(known)})")
                         for i, m in enumerate(self.municipalities) if m not in known]
            problems += [(("municipalities", i), f"'{m}' is listed more than once")
                         for i, m in enumerate(self.municipalities)
                         if m in self.municipalities[:i]]
        problems += [(("local_lines", m), f"unknown municipality '{m}'")
                     for m in self.local_lines if m not in known]
        problems += [(("local_lines",), f"no local line for '{m}'")
                     for m in self.municipality_ids(campaign)
                     if m in known and m not in self.local_lines]
        return problems

    def municipality_ids(self, campaign: Campaign) -> list[str]:
        """The municipalities this poster is built for, in campaign order."""
        if self.municipalities == "all":
            return [m.id for m in campaign.municipalities]
        return list(self.municipalities)


def colour_problems(colour: str, palette: Container[str]) -> list[Problem]:
    """A problem at ``background`` when ``colour`` is not in ``palette``, naming its colours."""
    if colour in palette:
        return []
    names = list(getattr(palette, "colours", ()))
    known = f" ({did_you_mean(colour, names)}known: {', '.join(names)})" if names else ""
    return [(("background",), f"unknown palette colour '{colour}'{known}")]


class Outdoor(Model):
    """content/outdoor/<id>.yaml: a billboard and/or citylight design (one per format)."""

    id: Slug
    title: Text
    formats: Annotated[list[FormatId], AfterValidator(once_each)] = Field(min_length=1)
    headline: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                               max_length=40)]
    message: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                              max_length=120)]
    image: Image
    qr: Qr | None = None
    background: str = "red"
    production: Production = Production()


class Panel(Model):
    """One panel of a folded leaflet: a heading, paragraphs and an optional list."""

    heading: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                              max_length=80)]
    paragraphs: list[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                                      max_length=900)]] = []
    bullets: list[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                                   max_length=200)]] = []
    note: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                           max_length=300)] | None = None
    """A closing remark, set apart in a box at the panel's foot."""
    image: Image | None = None
    """A picture under the text, taking the panel's remaining height (cropped to fill)."""


class Cover(Model):
    """The front cover of a leaflet."""

    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=70)]
    subtitle: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                               max_length=160)]
    audience: Text


class Leaflet(Model):
    """content/leaflets/<id>.yaml: an A4 roll-fold tri-fold leaflet.

    Outside page, left to right: ``flap`` (the narrow fold-in panel, seen first when the
    cover is opened), ``back`` (back cover: help, QR code, funding block), ``cover``.
    Inside page, left to right: the three ``inside`` panels, read in that order.
    """

    id: Slug
    title: Text
    format: FormatId = "A4-trifold"
    cover: Cover
    flap: Panel
    back: Panel
    inside: Annotated[list[Panel], Field(min_length=3, max_length=3)]
    qr: Qr
    background: str = "red"
    production: Production = Production()

    def references(self, palette: Container[str]) -> list[Problem]:
        """Problems with what this leaflet refers to elsewhere in the project."""
        return colour_problems(self.background, palette)


def _isbn(value: str) -> str:
    from pipeline.barcode import isbn_digits

    isbn_digits(value)
    return value


class Publication(Model):
    """content/publications/<slug>/publication.yaml; chapters in chapters/*.md beside it."""

    id: Slug
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=90)]
    subtitle: Annotated[str, StringConstraints(strip_whitespace=True, max_length=160)] = ""
    authors: list[Text] = []
    """Authors or editors exactly as they are to be credited (none are invented)."""
    publisher: Text
    language: Literal["lt"] = "lt"
    format: Literal["A5", "B5"] = "A5"
    binding: Literal["saddle-stitch", "perfect"]
    paper_caliper_mm: float = Field(gt=0.03, lt=0.5)
    """Thickness in mm of one sheet (two pages) of the text paper, for the spine (bounds:
    plausibility limits, an implementation choice)."""
    cover_caliper_mm: float = Field(default=0.3, gt=0.05, lt=1.0)
    """Thickness in mm of the cover board (perfect binding: it wraps the spine on both
    sides)."""
    isbn: Annotated[str, AfterValidator(_isbn)] | None = None
    date: Date
    production: Production = Production()
