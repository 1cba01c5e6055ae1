"""The typography report of one job: what its display text was set at, and how it reads.

``Typography`` travels in ``JobOutcome`` (report.json, the job cache, the proof board). It
holds the fitted elements (``FittedText``, filled by copyfitting, ``render/copyfit.py``)
and the measures other checks of the layout fill in; a measure left at ``None`` (or empty)
was not taken for this job. To add a measure: a field with a default here. Scalars, lists
and dicts of plain data need nothing else (``to_json``/``from_json`` copy every field by
name); a field holding dataclasses needs its line in ``from_json``. A change of shape also
bumps ``incremental.CACHE_FORMAT``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

BALANCED = 0.8
"""Lines of a fitted element within ~20 % of each other: shortest / longest ≥ this
(issue #16; an implementation choice)."""


@dataclass(frozen=True)
class FittedText:
    """One fitted element as printed: its size, chosen in its layout's range, and its lines.

    Sizes are in pt as laid out in the file (a billboard laid out at 1:10 prints them ten
    times larger).
    """

    element: str
    """``data-element`` of the fitted element (``headline``)."""
    frame: str
    """``data-frame`` it must fit in."""
    size_pt: float
    """The size it was set at."""
    range_pt: tuple[float, float]
    """Smallest and largest size the layout allows (``data-fit``)."""
    lines: int = 0
    """Lines it was set in (0: a block of paragraphs, whose lines are their own)."""
    balance: float | None = None
    """Shortest line / longest line (1.0: all lines as long); ``None`` for one line."""
    fits: bool = True
    """False when even the smallest size overflows its frame (an error of the job)."""
    field: str | None = None
    """The content field it prints (``headline``), when the layout names it."""
    page: int = 1

    @property
    def balanced(self) -> bool:
        """One line, or line lengths within ~20 % of each other (``BALANCED``)."""
        return self.balance is None or self.balance >= BALANCED


@dataclass
class Typography:
    """The typography report of one job (see the module's docstring to add a measure)."""

    fitted: list[FittedText] = field(default_factory=list)
    """Every fitted element, in the order of the layout."""
    collisions: int | None = None
    """Lines whose glyphs touch the line above or below."""
    short_word_line_ends: int | None = None
    """Lines ending with a word of one or two letters."""
    hyphenated_lines: int | None = None
    """Lines ending with a hyphen added by hyphenation."""
    empty_share: dict[str, float] = field(default_factory=dict)
    """Share (0–1) of each panel or page left empty below its last element, by name."""

    def to_json(self) -> dict[str, Any]:
        """Plain data (report.json, the job cache)."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Typography:
        """A report as ``to_json`` wrote it (fields it does not hold keep their default).

        ``KeyError``, ``TypeError`` or ``ValueError`` if damaged.
        """
        values = {f.name: data[f.name] for f in fields(cls) if f.name in data}
        values["fitted"] = [FittedText(**{**item, "range_pt": tuple(item["range_pt"])})
                            for item in data.get("fitted", [])]
        return cls(**values)

    @property
    def empty(self) -> bool:
        """Nothing was measured."""
        return self == Typography()
