"""Read content/: the campaign and every product file, validated, with all problems at once.

Which folders hold which kind of product comes from the product registry
(``pipeline.products``); what is read becomes a ``pipeline.project.Project``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from pipeline.brand import Brand
from pipeline.config import ProjectConfig
from pipeline.content.models import Campaign
from pipeline.content.validate import located, validate_document
from pipeline.content.yamlsource import SourceDocument, read_yaml
from pipeline.diagnostics import Diagnostic, error
from pipeline.formats import PrintFormat
from pipeline.products import KINDS
from pipeline.project import Item, Project


def load_project(config: ProjectConfig, brand: Brand | None,
                 formats: dict[str, PrintFormat]) -> tuple[Project | None, list[Diagnostic]]:
    """Read and validate content/: ``(project, [])``, or ``(None, every problem found)``.

    Every file is read even when earlier ones are broken, and cross-file references are
    checked even when other files failed, so one run reports everything. ``brand`` is
    ``None`` when brand/ has problems (then there is no project); ``formats`` is the
    format catalogue.
    """
    diagnostics: list[Diagnostic] = links_out(config)
    campaign_path = config.content / "campaign.yaml"
    campaign: Campaign | None = None
    if not campaign_path.is_file():
        misnamed = campaign_path.with_suffix(".yml").is_file()
        diagnostics.append(error("content-missing", "campaign file not found" + (
            " (there is a campaign.yml: rename it to campaign.yaml)" if misnamed else ""),
            source=config.display(campaign_path)))
    else:
        doc, problems = read_yaml(campaign_path, config.display(campaign_path))
        diagnostics += problems
        if doc is not None:
            campaign, problems = validate_document(doc, Campaign)
            diagnostics += problems

    context = {"formats": formats, "content_dir": config.content}
    items: list[Item[Any]] = []
    for kind in KINDS.values():
        # A file saved as .yml would be skipped without a word: say so.
        yml = kind.pattern.removesuffix(".yaml") + ".yml"
        for path in sorted((config.content / kind.folder).glob(yml)):
            diagnostics.append(error("content-extension", "this file is not read: content "
                                     f"files end in .yaml (rename it to {path.stem}.yaml)",
                                     source=config.display(path), line=1))
        seen: dict[str, SourceDocument] = {}
        for path in sorted((config.content / kind.folder).glob(kind.pattern)):
            item = _load_item(config, path, kind.name, kind.model, context, diagnostics)
            if item is None:
                continue
            ident = str(getattr(item.model, "id", path.stem))
            if ident in seen:
                diagnostics.append(located(item.doc, ("id",),
                                           f"id '{ident}' is already used by {seen[ident].display}",
                                           code="content-duplicate-id"))
                continue
            seen[ident] = item.doc
            items.append(item)

    if campaign is None or brand is None:
        return None, diagnostics
    # References are checked even when other files failed, so one run reports everything.
    project = Project(config, campaign, brand, formats, tuple(items))
    for item in items:
        for problem in KINDS[item.kind].problems(item, project):
            if isinstance(problem, Diagnostic):
                diagnostics.append(problem)
            else:
                diagnostics.append(located(item.doc, *problem, code="content-reference"))
    return (None if diagnostics else project), diagnostics


def links_out(config: ProjectConfig) -> list[Diagnostic]:
    """An ``unsafe-url`` error for each symbolic link leading out of content/, layouts/, brand/.

    A chapter, template or image linked from elsewhere on the machine is never read (Jinja
    and the loaders would follow the link).
    """
    found = []
    for top in (config.content, config.layouts, config.brand):
        for folder, dirs, files in os.walk(top):
            for name in sorted(dirs + files):
                path = Path(folder) / name
                if path.is_symlink() and not path.resolve().is_relative_to(top.resolve()):
                    found.append(error(
                        "unsafe-url", f"a link to a file outside {top.name}/ "
                        f"({path.resolve()}): copy the file into {top.name}/ instead",
                        source=path.relative_to(config.root).as_posix()))
    return found


def _load_item(config: ProjectConfig, path: Path, kind: str, model: type[BaseModel],
               context: dict[str, object], diagnostics: list[Diagnostic]) -> Item[Any] | None:
    doc, problems = read_yaml(path, config.display(path))
    diagnostics += problems
    if doc is None:
        return None
    value, problems = validate_document(doc, model, context)
    diagnostics += problems
    return Item(kind, doc, value) if value is not None else None
