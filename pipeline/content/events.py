"""Content models of the campaign's events and supervision cycles.

They are read from content/events/ and content/supervisions/.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from pipeline.content.fields import (
    Date,
    HttpsUrl,
    Model,
    Problem,
    Slug,
    Text,
    Time,
    did_you_mean,
)
from pipeline.content.models import Campaign, Production


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
    """A problem at ``path`` when ``day`` is outside the campaign period (ends included)."""
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
    """content/events/<id>.yaml: one campaign event (poster, invitation, attendance sheet).

    Length limits and ``expected_participants`` (1–1000) are plausibility limits, an
    implementation choice.
    """

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
        """A municipality of the campaign, and a date inside the campaign period.

        Also an end time after the start and programme items in time order; problems are
        given by field path.
        """
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
    """content/supervisions/<id>.yaml: a supervision cycle for a group of professionals.

    ``expected_participants`` (1–200) is a plausibility limit, an implementation choice.
    """

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
        """Known municipality; sessions in the campaign period, in order, each well timed.

        Sessions are listed in date order, each ending after it starts: the certificate
        names the first and the last session's dates as the cycle's. Problems are given by
        field path.
        """
        problems = _municipality_problems(self.municipality, campaign)
        for index, session in enumerate(self.sessions):
            problems += period_problems(("sessions", index, "date"), session.date, campaign)
            if index and session.date < self.sessions[index - 1].date:
                problems.append((("sessions", index, "date"), f"{session.date} comes before "
                                 f"the session above it ({self.sessions[index - 1].date}): "
                                 "list the sessions in date order"))
            if session.end_time <= session.time:
                problems.append((("sessions", index, "end_time"),
                                 f"ends at {session.end_time}, before it starts at {session.time}"))
        return problems
