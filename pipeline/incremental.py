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
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from enum import Enum
from functools import cache, lru_cache
from importlib.metadata import version
from pathlib import Path, PurePath
from typing import Any

from pipeline import __version__
from pipeline.output import write_json

CACHE_FORMAT = 1
ENGINES = ("weasyprint", "pypdf", "pillow", "pypdfium2", "zxing-cpp")


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of the file at ``path``."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@lru_cache(maxsize=4096)
def _sha256_of(path: str, size: int, mtime_ns: int) -> str:
    """``sha256_file`` once per file state and process: the brand fonts, the output profile
    and a shared photo, read by every job, are hashed once, not once per job (the same
    size-and-mtime test ``FileState.unchanged`` trusts)."""
    return sha256_file(Path(path))


def sha256_text(text: str) -> str:
    """Hex SHA-256 of ``text`` (UTF-8)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@cache
def code_fingerprint() -> str:
    """Hash of build-print's own files and the engine versions: a new build-print, a changed
    format catalogue or rule pack, or another WeasyPrint rebuilds everything."""
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
    """A digest of the size and modification time of every file under ``roots``: equal
    snapshots mean no file was touched (a saved file gets a new mtime even if unchanged)."""
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
class FileState:
    """A file as it was: size and mtime for a cheap check, the hash for a sure one."""

    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, path: Path) -> FileState:
        stat = path.stat()
        return cls(stat.st_size, stat.st_mtime_ns,
                   _sha256_of(str(path), stat.st_size, stat.st_mtime_ns))

    def unchanged(self, path: Path) -> bool:
        """True when ``path`` still holds the same bytes."""
        try:
            stat = path.stat()
        except OSError:
            return False
        if (stat.st_size, stat.st_mtime_ns) == (self.size, self.mtime_ns):
            return True
        return stat.st_size == self.size and sha256_file(path) == self.sha256


@dataclass
class Manifest:
    """What one job was built from, what it wrote, and its result."""

    code: str
    job: str
    html: str
    snapshot: str
    inputs: dict[str, FileState] = field(default_factory=dict)
    """Absolute paths of the files read while rendering and finishing."""
    outputs: dict[str, FileState] = field(default_factory=dict)
    """Paths relative to output/ of every file written."""
    result: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"format": CACHE_FORMAT, "code": self.code, "job": self.job, "html": self.html,
                "snapshot": self.snapshot,
                "inputs": {k: vars(v) for k, v in self.inputs.items()},
                "outputs": {k: vars(v) for k, v in self.outputs.items()},
                "result": self.result}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        return cls(data["code"], data["job"], data["html"], data["snapshot"],
                   {k: FileState(**v) for k, v in data["inputs"].items()},
                   {k: FileState(**v) for k, v in data["outputs"].items()},
                   data["result"])

    def changed_input(self) -> str | None:
        """The first input file that changed, if any."""
        return next((p for p, s in self.inputs.items() if not s.unchanged(Path(p))), None)

    def changed_output(self, output_dir: Path) -> str | None:
        """The first output file that is missing or was modified, if any."""
        return next((p for p, s in self.outputs.items()
                     if not s.unchanged(output_dir / p)), None)


class JobCache:
    """The manifests of one output folder."""

    def __init__(self, output_dir: Path) -> None:
        self.output_dir = output_dir
        self.folder = output_dir / ".cache" / "jobs"
        self._read: dict[str, Manifest | None] = {}
        """Manifests already read in this build (each file is read once)."""

    def _path(self, job_id: str) -> Path:
        return self.folder / f"{job_id}.json"

    def get(self, job_id: str) -> Manifest | None:
        """The manifest of ``job_id`` (``None`` if absent or unreadable)."""
        if job_id not in self._read:
            self._read[job_id] = self._load(job_id)
        return self._read[job_id]

    def _load(self, job_id: str) -> Manifest | None:
        try:
            data = json.loads(self._path(job_id).read_text(encoding="utf-8"))
            if data.get("format") != CACHE_FORMAT:
                return None
            return Manifest.from_json(data)
        except (OSError, ValueError, KeyError, TypeError):
            return None  # a damaged cache only costs a rebuild

    def put(self, job_id: str, manifest: Manifest) -> None:
        """Store ``manifest`` (atomically, like every output file)."""
        self._read[job_id] = manifest
        write_json(self.output_dir, f".cache/jobs/{job_id}.json", manifest.to_json())
