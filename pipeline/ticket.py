"""The job ticket: a plain-text sheet beside each print PDF saying what to print and how."""

from __future__ import annotations

from pipeline.jobs import Job


def job_ticket(job: Job, *, pages: int, condition: str, size_bytes: int) -> str:
    """Ticket text for ``job``: one field a line, Lithuanian labels with English in brackets.

    ``pages`` is the page count of the PDF, ``condition`` its output condition
    (``FOGRA39: …``), ``size_bytes`` its size in bytes. Trim and bleed are in mm at final
    size; a scaled job (billboard, 1:10) also gives the page size of the file.
    """
    fmt = job.format
    production = job.production
    trim = f"{fmt.trim_mm[0]:g} × {fmt.trim_mm[1]:g} mm"
    lines = [
        f"Užsakymas (job):            {job.id}",
        f"Gaminys (product):          {job.title}",
        f"Rūšis (kind):               {job.product}",
        f"Formatas (format):          {fmt.name}, {trim} (trim)",
        f"Užlaida (bleed):            {fmt.bleed_mm:g} mm",
        f"Mastelis (scale):           {fmt.scale_label}"
        + (f" (file page {fmt.page_mm[0]:g} × {fmt.page_mm[1]:g} mm)" if fmt.scale > 1 else ""),
        f"Puslapiai (pages):          {pages}",
        f"Spalvos (colours):          {job.colours} CMYK",
        f"Spaudos sąlygos (output):   {condition}",
        f"Popierius (paper):          {production.paper or 'nenurodyta (not given)'}",
        f"Apdaila (finishing):        {production.finishing or 'nenurodyta (not given)'}",
        f"Tiražas (print run):        {production.run or 'nenurodytas (not given)'}",
        f"Pjovimo žymės (crop marks): {'taip (yes)' if production.marks else 'ne (no)'}",
        f"Failas (file):              {job.output.name}, {size_bytes} B",
    ]
    return "\n".join(lines) + "\n"
