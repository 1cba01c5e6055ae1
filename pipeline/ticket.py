"""The job ticket beside each print PDF: what to print and how, as text and as JSON.

The printer quotes from it: trim, bleed, scale, pages, inks, output intent, printing process
and stock (the format's defaults unless the content gives them, and marked so), finishing
from the product itself (roll fold with its panels and fold order, saddle stitch with its
staples, perfect binding with its spine, or trim only), print run, marks, file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.jobs import Job

TICKET_VERSION = 1
"""Version of the JSON ticket's shape (``<id>.job.json``); raised when a field changes."""

PROCESSES = {
    "offset": "lakštinė ofsetinė spauda (sheet-fed offset)",
    "large-format": "didelio formato skaitmeninė spauda (large-format digital print)",
}
STOCKS = {
    "coated": "kreidotas popierius, FOGRA39 popieriaus tipas 1/2 (coated paper, FOGRA39 "
              "paper type 1/2)",
    "blueback": "plakatinis popierius mėlyna nugara, spausdinama dalimis; dalių skaičius ir "
                "užlaidos – pagal reklamos ploto savininką (blueback poster paper, printed in "
                "panels: panel split and overlaps as the media owner specifies)",
    "backlit": "popierius ar plėvelė apšvietimui iš galo, balta nugara (backlit paper or "
               "film, white back)",
}
DEFAULT_MARK = "[numatyta, galima keisti (default)]"
"""After a value the content did not give: the format's default, for the printer to confirm."""


@dataclass(frozen=True)
class Choice:
    """A value on the ticket and where it comes from: ``content`` or ``default``."""

    text: str
    source: str
    key: str | None = None
    """The catalogue key of a default (``large-format``, ``blueback``); ``None`` for text."""

    def line(self) -> str:
        """The value as the text ticket prints it (a default marked ``DEFAULT_MARK``)."""
        return self.text if self.source == "content" else f"{self.text} {DEFAULT_MARK}"

    def to_json(self) -> dict[str, Any]:
        """``{"text", "source"}`` and, for a default, its ``key``."""
        data = {"text": self.text, "source": self.source}
        return data | ({"key": self.key} if self.key else {})


@dataclass(frozen=True)
class Ticket:
    """Everything the ticket says about one job's PDF; ``text()`` and ``to_json()`` of it.

    ``pages`` is the PDF's page count, ``identifier``/``condition`` its output intent,
    ``size_bytes`` its size in bytes.
    """

    job: Job
    pages: int
    identifier: str
    condition: str
    size_bytes: int

    @property
    def process(self) -> Choice:
        """The printing process: the content's, else the format's default."""
        given = self.job.production.process
        if given:
            return Choice(given, "content")
        key = self.job.format.process
        return Choice(PROCESSES[key], "default", key)

    @property
    def stock(self) -> Choice:
        """The stock: the content's ``paper``, else the format's default."""
        given = self.job.production.paper
        if given:
            return Choice(given, "content")
        key = self.job.format.stock
        return Choice(STOCKS[key], "default", key)

    @property
    def output_intent(self) -> str:
        """The output intent; for a process other than offset, that the printer converts."""
        text = f"{self.identifier}: {self.condition}"
        if self.job.format.process != "offset" and not self.job.production.process:
            text += (" – failo spalvų charakteristika, spaustuvė perskaičiuoja savo spaudai "
                     "(the file's characterization; the printer converts to its own)")
        return text

    def finishing(self) -> str:
        """The product's finishing, with the content's note after it."""
        text = self.job.finishing.describe(self.pages)
        note = self.job.production.finishing
        return f"{text}; {note}" if note else text

    def text(self) -> str:
        """The plain-text ticket: one field a line, Lithuanian labels with English in brackets.

        Trim and bleed in mm at final size; a scaled job (billboard, 1:10) also gives the
        page size of the file.
        """
        job, fmt, production = self.job, self.job.format, self.job.production
        trim = f"{fmt.trim_mm[0]:g} × {fmt.trim_mm[1]:g} mm"
        lines = [
            f"Užsakymas (job):            {job.id}",
            f"Gaminys (product):          {job.title}",
            f"Rūšis (kind):               {job.product}",
            f"Formatas (format):          {fmt.name}, {trim} (trim)",
            f"Užlaida (bleed):            {fmt.bleed_mm:g} mm",
            f"Mastelis (scale):           {fmt.scale_label}"
            + (f" (file page {fmt.page_mm[0]:g} × {fmt.page_mm[1]:g} mm)"
               if fmt.scale > 1 else ""),
            f"Puslapiai (pages):          {self.pages}",
            f"Spalvos (colours):          {job.colours} CMYK",
            f"Spalvų profilis (output):   {self.output_intent}",
            f"Spaudos būdas (process):    {self.process.line()}",
            f"Popierius (stock):          {self.stock.line()}",
            f"Apdaila (finishing):        {self.finishing()}",
            f"Tiražas (print run):        {production.run or 'nenurodytas (not given)'}",
            f"Pjovimo žymės (crop marks): {'taip (yes)' if production.marks else 'ne (no)'}",
            f"Failas (file):              {job.output.name}, {self.size_bytes} B",
        ]
        return "\n".join(lines) + "\n"

    def to_json(self) -> dict[str, Any]:
        """The machine-readable ticket (``<id>.job.json``): the same facts, lengths in mm."""
        job, fmt, production = self.job, self.job.format, self.job.production
        finishing = job.finishing.to_json(self.pages)
        if production.finishing:
            finishing["note"] = production.finishing
        return {
            "ticket_version": TICKET_VERSION,
            "job": job.id,
            "title": job.title,
            "kind": job.product,
            "format": {"name": fmt.name, "trim_mm": list(fmt.trim_mm),
                       "bleed_mm": fmt.bleed_mm, "scale": fmt.scale_label,
                       "page_mm": list(fmt.page_mm)},
            "pages": self.pages,
            "colours": job.colours,
            "output_intent": {"identifier": self.identifier, "condition": self.condition},
            "process": self.process.to_json(),
            "stock": self.stock.to_json(),
            "finishing": finishing,
            "run": production.run,
            "crop_marks": production.marks,
            "file": {"name": job.output.name, "bytes": self.size_bytes},
        }
