"""What a job's render refused or could not use, each named where it was asked for.

Shared by the stages of every kind of job (``stages``, ``cards``): a refused URL or a broken
image is an error located in the content file and line that asked for it (for a publication
also its chapters, and any SVG or CSS the renderer read), else in the layout.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.diagnostics import Diagnostic, error, warning
from pipeline.products import KINDS

if TYPE_CHECKING:
    from pipeline.jobs import Job
    from pipeline.project import Project
    from pipeline.render.pdf import Rendered


def render_findings(job: Job, project: Project, rendered: Rendered) -> list[Diagnostic]:
    """What the renderer refused, could not use (an image left out) or warned about."""
    found = [refusal(job, project, url, reason, rendered.served)
             for url, reason in rendered.refused]
    found += [refusal(job, project, url, reason, rendered.served, code="bad-image")
              for url, reason in rendered.broken]  # an image left out: corrupt, a bomb…
    return found + [warning("render-warning", message, job=job.id, source=job.source)
                    for message in rendered.warnings]


def own_files(job: Job, project: Project) -> list[str]:
    """The project-relative paths of the content files of ``job``'s item."""
    item = project.item(job.source)
    if item is None:
        return [job.source]
    return [project.config.display(path) for path in KINDS[item.kind].files(item)]


def refusal(job: Job, project: Project, url: str, reason: str, served: list[Path],
            code: str = "unsafe-url") -> Diagnostic:
    """An error about ``url`` naming who asked for it.

    The content file and line (for a publication also its chapters, and any SVG or CSS the
    renderer read), else the layout.
    """
    from pipeline.render.fetcher import who_asked

    content = project.config.content.resolve()
    item = project.item(job.source)
    files = [] if item is None else KINDS[item.kind].files(item)
    found = who_asked(url, files + [p for p in served if p.suffix.lower() in (".svg", ".css")],
                      (content, project.config.root.resolve()))
    if found is None:
        return error(code, f"{reason} (asked for by the layout, not the content)",
                     job=job.id, source=f"layouts/{job.layout}")
    who = "the content" if found[0].resolve().is_relative_to(content) else \
        "the layout, not the content"
    return error(code, f"{reason} (asked for by {who})", job=job.id,
                 source=project.config.display(found[0]), line=found[1])
