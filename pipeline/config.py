"""Where the project lives: the folders every stage reads from and the one it writes to."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import ConfigError


@dataclass(frozen=True)
class ProjectConfig:
    """Paths of one build-print project (the repository itself by default)."""

    root: Path
    """Project folder holding content/, layouts/ and brand/."""
    output: Path
    """Where everything generated goes (default ``<root>/output``)."""

    @property
    def content(self) -> Path:
        """Campaign content: YAML data and Markdown text."""
        return self.root / "content"

    @property
    def layouts(self) -> Path:
        """Jinja2 templates and CSS, one folder per product kind."""
        return self.root / "layouts"

    @property
    def brand(self) -> Path:
        """brand.yaml, logos and the output ICC profile."""
        return self.root / "brand"

    def display(self, path: Path) -> str:
        """``path`` relative to the project root (``/`` separators), for messages.

        A path outside the project is returned as it is.
        """
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)


def default_root() -> Path:
    """The current folder if it is a project, else the repository this package belongs to."""
    cwd = Path.cwd()
    if (cwd / "content" / "campaign.yaml").is_file():
        return cwd
    return Path(__file__).resolve().parent.parent


def load_config(root: Path | None = None, output: Path | None = None) -> ProjectConfig:
    """The configuration of the project at ``root``, writing to ``output``.

    ``root`` defaults to ``default_root()``, ``output`` to ``<root>/output`` (not created
    here); both are resolved. ``ConfigError`` when content/, layouts/ or brand/ is missing.
    """
    root = (root or default_root()).resolve()
    config = ProjectConfig(root=root, output=(output or root / "output").resolve())
    missing = [name for name in ("content", "layouts", "brand") if not (root / name).is_dir()]
    if missing:
        raise ConfigError(f"{root} is not a build-print project: missing {', '.join(missing)}/")
    return config
