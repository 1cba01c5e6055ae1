"""Typed content models, declared once. Unknown keys are errors everywhere.

Cross-references that need the rest of the project (a format in the catalogue, a
municipality of the campaign, an image file in content/) are checked by validators that
read the validation *context* given by the loader, so that all problems of all files are
reported in one run with their lines.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
from collections.abc import Container, Iterable
from pathlib import Path, PurePosixPath
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from pipeline.content.validate import MEASURE_PATTERN, SLUG_PATTERN, TIME_PATTERN, quoted
from pipeline.qr import check_https_url

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
HttpsUrl = Annotated[str, AfterValidator(check_https_url)]
Time = Annotated[str, StringConstraints(pattern=TIME_PATTERN)]
# A problem found after parsing: (field path, message).
Problem = tuple[tuple[str | int, ...], str]


def _known_format(value: str, info: ValidationInfo) -> str:
    formats = (info.context or {}).get("formats")
    if formats is not None and value not in formats:
        raise ValueError(f"unknown format '{value}' ({did_you_mean(value, formats)}"
                         f"known: {', '.join(formats)})")
    return value


def did_you_mean(value: str, known: Iterable[str]) -> str:
    """``did you mean 'A3'? `` for a near miss (case, a letter or two), else nothing."""
    options = list(known)
    same = [o for o in options if o.casefold() == value.casefold()]
    close = same or difflib.get_close_matches(value, options, n=1)
    return f"did you mean '{close[0]}'? " if close else ""


def _content_file(value: str, info: ValidationInfo) -> str:
    """A file inside content/, given relative to it; no URLs, absolute paths, '..' escapes or
    links out of content/ (reported as ``unsafe-url``)."""
    pure = PurePosixPath(value)
    if pure.is_absolute() or "\\" in value or ":" in value.split("/")[0]:
        raise PydanticCustomError("unsafe_url", "'{value}' must be a path relative to content/",
                                  {"value": value})
    if ".." in pure.parts:
        raise PydanticCustomError("unsafe_url", "'{value}' leaves content/ ('..' is not allowed)",
                                  {"value": value})
    content_dir: Path | None = (info.context or {}).get("content_dir")
    if content_dir is not None:
        target = (content_dir / value).resolve()
        if not target.is_relative_to(content_dir.resolve()):
            raise PydanticCustomError("unsafe_url", "'{value}' points outside content/ "
                                      "(a link to {target})", {"value": value,
                                                               "target": str(target)})
        if not target.is_file():
            raise ValueError(f"file not found: content/{value}")
    return value


def _iso_date(value: object) -> object:
    """A date written YYYY-MM-DD. Pydantic alone would read the number 0 as 1970-01-01 (a Unix
    time) and say little about 2014-02-30; here every refusal says what is wrong."""
    if isinstance(value, dt.date):
        return value
    text = value.strip() if isinstance(value, str) else ""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError(f"not a valid date: {quoted(value)} (write it as YYYY-MM-DD)")
    year, month, day = (int(part) for part in text.split("-"))
    if not 1 <= month <= 12:
        raise ValueError(f"not a valid date: '{text}' (there is no month {month})")
    if not 1900 <= year <= 2099:
        raise ValueError(f"not a plausible date: '{text}' (the year {year}?)")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise ValueError(f"not a valid date: '{text}' ({calendar.month_name[month]} {year} "
                         f"has {days} days)")
    return dt.date(year, month, day)


def _once_each(values: list[str]) -> list[str]:
    """A list in which nothing is repeated (a repeated format would be built twice)."""
    repeated = sorted({value for value in values if values.count(value) > 1})
    if repeated:
        raise ValueError(f"listed more than once: {', '.join(repeated)}")
    return values


Date = Annotated[dt.date, BeforeValidator(_iso_date)]
FormatId = Annotated[str, AfterValidator(_known_format)]
ContentFile = Annotated[str, AfterValidator(_content_file)]


class Model(BaseModel):
    """Base for all content models: strict about keys, immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True,
                              allow_inf_nan=False)


class Period(Model):
    """Start and end date of the campaign (inclusive)."""

    start: Date
    end: Date

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"ends ({self.end}) before it starts ({self.start})")
        return self


class Funding(Model):
    """Who co-funds the campaign and what every item must say about it."""

    rule_pack: Literal["lt-esf-2007-2013", "eu-2014-2020", "eu-2021-2027"]
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
    """content/campaign.yaml."""

    title: Text
    implementer: Implementer
    period: Period
    funding: Funding
    website: HttpsUrl
    municipalities: list[Municipality] = Field(min_length=1)
    target_groups: list[Text] = Field(min_length=1)
    activities: list[Text] = []

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
        """The municipality with id ``ident``."""
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
    paper: Text | None = None
    finishing: Text | None = None
    marks: bool = True
    """Crop marks and slug line outside the bleed (some printers want none)."""


class Poster(Model):
    """content/posters/<id>.yaml: a social-ad poster, built per format and municipality."""

    id: Slug
    title: Text
    formats: Annotated[list[FormatId], AfterValidator(_once_each)] = Field(min_length=1)
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
    """An unknown palette colour in ``background``, with the colours there are."""
    if colour in palette:
        return []
    names = list(getattr(palette, "colours", ()))
    known = f" ({did_you_mean(colour, names)}known: {', '.join(names)})" if names else ""
    return [(("background",), f"unknown palette colour '{colour}'{known}")]


class Outdoor(Model):
    """content/outdoor/<id>.yaml: a billboard and/or citylight design (one per format)."""

    id: Slug
    title: Text
    formats: Annotated[list[FormatId], AfterValidator(_once_each)] = Field(min_length=1)
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
    """A closing remark, set apart after the list."""


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


class ProgrammeItem(Model):
    """One slot of an event's programme."""

    time: Time
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]


def _municipality_problems(ident: str, campaign: Campaign) -> list[Problem]:
    known = [m.id for m in campaign.municipalities]
    if ident in known:
        return []
    return [(("municipality",), f"unknown municipality '{ident}' "
                                f"({did_you_mean(ident, known)}known: {', '.join(known)})")]


def period_problems(path: tuple[str | int, ...], day: dt.date,
                    campaign: Campaign) -> list[Problem]:
    """A problem at ``path`` when ``day`` is outside the campaign period."""
    period = campaign.period
    if period.start <= day <= period.end:
        return []
    return [(path, f"{day} is outside the campaign period ({period.start} – {period.end})")]


EVENT_TYPES = {
    "university": "Renginys universitete",
    "school": "Renginys mokykloje",
    "childrens-home": "Renginys vaikų globos namuose",
    "round-table": "Apskritojo stalo diskusija",
    "radio-show": "Radijo laida",
    "conference": "Konferencija",
}


class Event(Model):
    """content/events/<id>.yaml: one campaign event (poster, invitation, attendance sheet)."""

    id: Slug
    type: Literal["university", "school", "childrens-home", "round-table", "radio-show",
                  "conference"]
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=90)]
    municipality: Slug
    date: Date
    time: Time
    end_time: Time | None = None
    venue: Text
    audience: Text
    description: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                                  max_length=400)]
    expected_participants: int = Field(gt=0, le=1000)
    registration_url: HttpsUrl | None = None
    example: bool = False
    """Sample data, not a real event: every product of it is marked PAVYZDYS (example)."""
    certificates: bool = False
    """Print participation certificates (one per name in ``participants``, else a blank form)."""
    programme: list[ProgrammeItem] = []
    """A programme leaflet is printed when the event has one (in time order)."""
    participants: list[Text] = []
    production: Production = Production()

    @property
    def type_label(self) -> str:
        """The event type in Lithuanian."""
        return EVENT_TYPES[self.type]

    def references(self, campaign: Campaign) -> list[Problem]:
        """A municipality of the campaign, and a date inside the campaign period."""
        problems = _municipality_problems(self.municipality, campaign)
        problems += period_problems(("date",), self.date, campaign)
        if self.end_time is not None and self.end_time <= self.time:
            problems.append((("end_time",), f"ends at {self.end_time}, before it starts "
                                            f"at {self.time}"))
        times = [slot.time for slot in self.programme]
        if times != sorted(times):
            problems.append((("programme",), "programme items are not in time order"))
        return problems


class Session(Model):
    """One meeting of a supervision cycle."""

    date: Date
    time: Time
    end_time: Time
    topic: Text


class Supervision(Model):
    """content/supervisions/<id>.yaml: a supervision cycle for a group of professionals."""

    id: Slug
    group: Text
    municipality: Slug
    venue: Text
    sessions: list[Session] = Field(min_length=1)
    expected_participants: int = Field(gt=0, le=200)
    participants: list[Text] = []
    example: bool = False
    production: Production = Production()

    @property
    def hours(self) -> float:
        """Hours of all sessions together (clock hours)."""
        total = 0
        for s in self.sessions:
            start = int(s.time[:2]) * 60 + int(s.time[3:])
            end = int(s.end_time[:2]) * 60 + int(s.end_time[3:])
            total += end - start
        return total / 60

    def references(self, campaign: Campaign) -> list[Problem]:
        """Known municipality; sessions in the campaign period and in order."""
        problems = _municipality_problems(self.municipality, campaign)
        for index, session in enumerate(self.sessions):
            problems += period_problems(("sessions", index, "date"), session.date, campaign)
            if session.end_time <= session.time:
                problems.append((("sessions", index, "end_time"),
                                 f"ends at {session.end_time}, before it starts at {session.time}"))
        return problems


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
    """Thickness of one sheet (two pages) of the text paper, for the spine."""
    cover_caliper_mm: float = Field(default=0.3, gt=0.05, lt=1.0)
    """Thickness of the cover board (perfect binding: it wraps the spine on both sides)."""
    isbn: Annotated[str, AfterValidator(_isbn)] | None = None
    date: Date
    production: Production = Production()
