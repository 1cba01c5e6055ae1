"""File fingerprints: SHA-256 of files and text, and ``FileState`` (size, mtime, hash).

The job cache records the state of every file a job read and wrote; a job's outcome
carries the same records, so they sit below both.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of the file at ``path``; ``OSError`` if it cannot be read."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@lru_cache(maxsize=4096)
def _sha256_of(path: str, size: int, mtime_ns: int) -> str:
    """``sha256_file`` once per file state (path, size in bytes, mtime in ns) and process.

    The brand fonts, the output profile and a shared photo, read by every job, are hashed
    once, not once per job (the same size-and-mtime test ``FileState.unchanged`` trusts).
    """
    return sha256_file(Path(path))


def sha256_text(text: str) -> str:
    """Hex SHA-256 of ``text`` (UTF-8)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class FileState:
    """A file as it was: size and mtime for a cheap check, the hash for a sure one.

    ``size`` in bytes, ``mtime_ns`` in nanoseconds, ``sha256`` in hex.
    """

    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, path: Path) -> FileState:
        """The state of ``path`` now; ``OSError`` if it is missing."""
        stat = path.stat()
        return cls(stat.st_size, stat.st_mtime_ns,
                   _sha256_of(str(path), stat.st_size, stat.st_mtime_ns))

    def unchanged(self, path: Path) -> bool:
        """True when ``path`` still holds the same bytes; False when it is gone.

        Same size and mtime are trusted; same size with another mtime is checked by hash.
        """
        try:
            stat = path.stat()
        except OSError:
            return False
        if (stat.st_size, stat.st_mtime_ns) == (self.size, self.mtime_ns):
            return True
        return stat.st_size == self.size and sha256_file(path) == self.sha256
