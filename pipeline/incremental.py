"""Incremental builds: a job is rebuilt only when something it depends on has changed.

Each job's previous result is kept in ``output/.cache/jobs/<job id>.json`` with what it was
made from:

- ``code``: build-print's own files (modules, format catalogue, rule packs), the versions of
  WeasyPrint, pypdf and Pillow, and the build options (proofs on/off, overlay);
- ``job``: the job's own settings (format, production, expected pages, folds, …);
- ``html``: the HTML the layout produced for it: content text and every layout and partial
  the template used end up in it, so a comment in a shared partial changes nothing while a
  changed headline changes exactly the jobs that print it;
- ``inputs``: every file the renderer was served (CSS, fonts, images, SVG) and the files
  finishing reads (output profile, slug font), with their hashes;
- ``outputs``: every file the job wrote, with their hashes;
- ``snapshot``: the state (size, mtime) of every file of the project when it was built.

When the project snapshot, the code and every input and output are as recorded, the job is
reused without even running its template (a no-op rebuild renders nothing and writes
nothing); otherwise the template runs and the job is reused if its HTML and inputs are
unchanged, and rebuilt if not, with the reason.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from enum import Enum
from functools import cache
from importlib.metadata import version
from pathlib import Path, PurePath
from typing import Any

from pipeline import __version__
from pipeline.hashing import sha256_text
from pipeline.output import read_json, write_json
from pipeline.results import JobOutcome

CACHE_FORMAT = 3
"""Version of the manifest files: a cache written in another format is rebuilt (3: the
outcome holds the job's typography report)."""
ENGINES = ("weasyprint", "pypdf", "pikepdf", "pillow", "pypdfium2", "zxing-cpp")


@cache
def code_fingerprint() -> str:
    """Hex SHA-256 of build-print's own files and the versions of the engines (``ENGINES``).

    A new build-print, a changed format catalogue or rule pack, or another WeasyPrint
    rebuilds everything.
    """
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(__version__.encode())
    for name in ENGINES:
        digest.update(f"{name}={version(name)}".encode())
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".yaml", ".j2", ".css", ".js", ".icc") and path.is_file():
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def snapshot(roots: tuple[Path, ...]) -> str:
    """A hex digest of the size and modification time of every file under ``roots``.

    Equal snapshots mean no file was touched (a saved file gets a new mtime even if its
    bytes are unchanged).
    """
    digest = hashlib.sha256()
    for root in roots:
        for folder, dirs, files in os.walk(root):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(folder, name)
                try:
                    stat = os.stat(path)
                except OSError:  # a dangling link: its absence is part of the state
                    digest.update(f"{path}\0missing\n".encode())
                    continue
                digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def canonical(value: Any) -> Any:
    """``value`` as plain JSON data with a stable form (for hashing job settings)."""
    if hasattr(value, "model_dump"):  # a pydantic model
        return canonical(value.model_dump(mode="json"))
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: canonical(getattr(value, f.name)) for f in fields(value)
                if f.compare}
    if isinstance(value, dict):
        return {str(k): canonical(v) for k, v in sorted(value.items(), key=lambda i: str(i[0]))}
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    if isinstance(value, Enum):
        return canonical(value.value)
    if isinstance(value, (PurePath, date)):
        return str(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return repr(value)


def job_digest(job: Any) -> str:
    """Hash of a job's settings, without its template context (that is in its HTML)."""
    settings = {f.name: canonical(getattr(job, f.name)) for f in fields(job)
                if f.compare and f.name != "context"}
    return sha256_text(json.dumps(settings, sort_keys=True, ensure_ascii=False))


@dataclass
class Manifest:
    """What one job was built from, and its outcome (with the files it read and wrote)."""

    code: str
    """``sha256_text(code_fingerprint() + options.key)`` of the build that made it."""
    job: str
    """``job_digest`` of the job's settings."""
    html: str
    """SHA-256 of the HTML its layout produced."""
    snapshot: str
    """``snapshot`` of content/, layouts/ and brand/ when it was made."""
    outcome: JobOutcome

    def to_json(self) -> dict[str, Any]:
        """Plain data for ``output/.cache/jobs/<id>.json``."""
        return {"format": CACHE_FORMAT, "code": self.code, "job": self.job, "html": self.html,
                "snapshot": self.snapshot, "outcome": self.outcome.to_json()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        """A manifest as ``to_json`` wrote it.

        ``KeyError``, ``TypeError``, ``ValueError`` or ``AttributeError`` if damaged.
        """
        return cls(data["code"], data["job"], data["html"], data["snapshot"],
                   JobOutcome.from_json(data["outcome"]))

    def changed_input(self) -> str | None:
        """The first input file (absolute path) that changed or is gone, if any."""
        return next((p for p, s in self.outcome.inputs.items() if not s.unchanged(Path(p))),
                    None)

    def changed_output(self, output_dir: Path) -> str | None:
        """The first output file (relative to ``output_dir``) missing or modified, if any."""
        return next((p for p, s in self.outcome.outputs.items()
                     if not s.unchanged(output_dir / p)), None)


class JobCache:
    """The manifests of one output folder."""

    def __init__(self, output_dir: Path) -> None:
        self.output_dir = output_dir
        self._read: dict[str, Manifest | None] = {}
        """Manifests already read in this build (each file is read once)."""

    @staticmethod
    def _relative(job_id: str) -> str:
        return f".cache/jobs/{job_id}.json"

    def get(self, job_id: str) -> Manifest | None:
        """The manifest of ``job_id`` (``None`` if absent or unreadable)."""
        if job_id not in self._read:
            self._read[job_id] = self._load(job_id)
        return self._read[job_id]

    def _load(self, job_id: str) -> Manifest | None:
        try:
            data = read_json(self.output_dir, self._relative(job_id))
            if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
                return None
            return Manifest.from_json(data)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # a damaged cache only costs a rebuild (AttributeError: a list or
            # number where the manifest has an object)

    def put(self, job_id: str, manifest: Manifest) -> None:
        """Store ``manifest`` (atomically, like every output file)."""
        self._read[job_id] = manifest
        write_json(self.output_dir, self._relative(job_id), manifest.to_json())
