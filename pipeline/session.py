"""One build's settings and state, shared by every job of it.

``BuildOptions`` say how to build; ``BuildSession`` holds what every job needs (the
project, the template environment, every planned job, the code fingerprint, the project
snapshot, the job cache, this process's renderer); ``template_context`` gives a layout its
variables. Worker processes are forked with the session in memory (never pickled).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypedDict

from pipeline.hashing import sha256_text
from pipeline.incremental import JobCache, Manifest, code_fingerprint, snapshot

if TYPE_CHECKING:
    from typing import TypeGuard

    from jinja2.sandbox import SandboxedEnvironment

    from pipeline.brand import Brand, Palette
    from pipeline.content.models import Campaign
    from pipeline.formats import PrintFormat
    from pipeline.glyphs import Uncovered
    from pipeline.jobs import Job
    from pipeline.project import Project
    from pipeline.render.copyfit import Fitter
    from pipeline.render.pdf import ConvertImage, Renderer
    from pipeline.rule_packs import RulePack


@dataclass(frozen=True)
class BuildOptions:
    """How to build (not what): none of these changes the bytes of a print file."""

    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    """Worker processes; 1 renders in this process."""
    proofs: bool = True
    """PNG proofs of every page and the thumbnails of the proof board."""
    overlay: bool = False
    """Draw trim, safe area and folds on the proofs."""
    lang: str = "lt"
    """Language of the compliance report (``lt`` or ``en``); no print file depends on it."""

    @property
    def key(self) -> str:
        """The options that change what is written.

        Not ``jobs`` (same output either way), nor ``overlay`` without proofs (nothing is
        drawn).
        """
        return f"proofs={self.proofs};overlay={self.overlay and self.proofs}"


class TemplateContext(TypedDict):
    """The variables every layout gets, besides the job's own (``Job.context``)."""

    campaign: Campaign
    pack: RulePack
    brand: Brand
    palette: Palette
    fmt: PrintFormat
    job: Job


def template_context(job: Job, project: Project) -> Mapping[str, object]:
    """Template variables common to every layout, plus the job's own (which win a clash)."""
    common: TemplateContext = {"campaign": project.campaign, "pack": project.pack,
                               "brand": project.brand, "palette": project.brand.palette,
                               "fmt": job.format, "job": job}
    return {**common, **job.context}


def make_renderer(project: Project, convert_image: ConvertImage | None = None) -> Renderer:
    """The WeasyPrint renderer of ``project``.

    It may read layouts/, brand/, content/ and the brand's font packages, nothing else;
    ``convert_image`` turns a photo into CMYK.
    """
    from pipeline.render.pdf import Renderer  # WeasyPrint import is slow: only when rendering

    config = project.config
    return Renderer(config.root, allowed_roots=(config.layouts, config.brand, config.content,
                                                *project.brand.font_dirs),
                    convert_image=convert_image)


class BuildSession:
    """What every job of one build needs; inherited by forked workers (never pickled).

    ``every`` is every planned job, whatever ``--only`` selects.
    """

    def __init__(self, project: Project, env: SandboxedEnvironment, options: BuildOptions,
                 every: list[Job]) -> None:
        config = project.config
        self.project = project
        self.env = env
        """The Jinja environment over layouts/ (``render.templates.make_environment``)."""
        self.options = options
        self.jobs = {job.id: job for job in every}
        """Every job of the project by id, whatever the selection (a worker looks its job
        up here)."""
        self.code = sha256_text(code_fingerprint() + options.key)
        """Fingerprint of build-print's code and the options that change output."""
        self.snapshot = snapshot((config.content, config.layouts, config.brand))
        """State of every project file now (see ``incremental.snapshot``)."""
        self.cache = JobCache(config.output)
        self._renderers: dict[str, Renderer] = {}
        self._fitter: Fitter | None = None
        self.mended: dict[str, list[list[int]]] = {}
        """The words book parts' mending kept whole, made or read in this process
        (``book.Mends``)."""
        # The rule pack is loaded now, before any worker is forked: the workers inherit it
        # instead of each reading it again.
        _ = project.pack

    def untouched(self, manifest: Manifest | None) -> TypeGuard[Manifest]:
        """Whether ``manifest`` was made by this code and options from the project as it is.

        That is: no file of content/, layouts/ or brand/ touched since (the same snapshot).
        """
        return manifest is not None and manifest.code == self.code \
            and manifest.snapshot == self.snapshot

    def renderer(self, images: Literal["cmyk", "srgb", "as-is"] = "cmyk") -> Renderer:
        """This process's renderer that serves raster images as ``images`` asks.

        ``cmyk``: CMYK copies through the output profile (print, ``images.CmykConverter``);
        ``srgb``: sRGB copies (the digital edition, ``screen.SrgbConverter``); ``as-is``: the
        files themselves (social media cards, which place no photo). One WeasyPrint font
        configuration per renderer, each made once per process.
        """
        if images not in self._renderers:
            config = self.project.config
            profile, output = self.project.brand.profile_path, config.output
            convert: ConvertImage | None = None
            if images == "cmyk":
                from pipeline.images import CmykConverter

                convert = CmykConverter(profile, output / ".cache" / "images", output).convert
            elif images == "srgb":
                from pipeline.screen import SrgbConverter

                convert = SrgbConverter(profile, output / ".cache" / "screen-images",
                                        output).convert
            self._renderers[images] = make_renderer(self.project, convert_image=convert)
        return self._renderers[images]

    def fitter(self) -> Fitter:
        """This process's copyfitter: measures with the renderer, caches in output/.cache."""
        if self._fitter is None:
            from pipeline.render.copyfit import Fitter

            self._fitter = Fitter(self.renderer().lay_out, self.project.config.output)
        return self._fitter

    @cached_property
    def uncovered(self) -> dict[str, list[Uncovered]]:
        """What no brand font can print in each content file, by project-relative path.

        Every item's YAML file and the other files it reads (a publication's chapters), looked
        up once per process (``glyphs``): a job checks its pages against all of them, since
        a schedule or a radio show prints text of other items too.
        """
        from pipeline.glyphs import coverage, in_document, in_text
        from pipeline.products import KINDS

        project = self.project
        covered = coverage(path for faces in project.brand.font_files.values()
                           for _, path in faces)
        found: dict[str, list[Uncovered]] = {}
        for item in project.items:
            found[item.source] = in_document(item.doc, covered)
            for path in KINDS[item.kind].files(item)[1:]:
                display = project.config.display(path)
                found[display] = in_text(path, display, covered)
        return found

    def fixed_inputs(self) -> list[Path]:
        """Files every job reads besides those the renderer is served.

        The output profile and the brand fonts (also used by finishing for the slug).
        """
        brand = self.project.brand
        fonts = [path for faces in brand.font_files.values() for _, path in faces]
        return [brand.profile_path, *fonts]
