"""The only module that writes files: atomically, and only inside output/."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePath
from typing import Any

from pipeline.errors import ConfigError, storage_error


def write_atomic(output_dir: Path, relative: PurePath | str, data: bytes) -> Path:
    """Write ``data`` to ``output_dir/relative`` via a temporary file in the same folder.

    A reader (a printer fetching output/) sees either the old file or the new one, never a
    half-written one; if the process dies or the disk refuses the write, the old file is
    untouched and the temporary file removed. A file that already holds ``data`` is left
    alone (same bytes, same mtime: nothing for a sync to copy). A new file gets mode 0666
    less the umask. Returns the resolved path. ``ConfigError`` if ``relative`` leads
    outside ``output_dir``; ``StorageError`` (naming the path, exit code 3) when the disk is
    full, permission is denied, the disk is read-only or the folder holding ``output_dir``
    has vanished (it is never created again: a drive unmounted mid-build must not turn into
    a new folder on another disk).
    """
    target = (output_dir / relative).resolve()
    if not target.is_relative_to(output_dir.resolve()):
        raise ConfigError(f"refusing to write outside output/: {relative}")
    if _holds(target, data):
        return target
    make_folder(output_dir, target.parent)
    try:
        handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                        suffix=".tmp")
    except OSError as exc:
        raise storage_error(exc, target.parent) from exc
    try:
        os.chmod(temp, 0o666 & ~_umask())  # mkstemp makes 0600; printers must read the files
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, target)
    except BaseException as exc:
        Path(temp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise storage_error(exc, target) from exc
        raise
    return target


def make_folder(output_dir: Path, folder: Path) -> None:
    """Create ``folder`` (inside ``output_dir``) and the folders between them.

    ``output_dir`` itself is created when missing, but never the folders above it:
    ``StorageError`` (vanished) naming the first missing one, or the disk's refusal.
    """
    if folder.is_dir():
        return
    try:
        output_dir.mkdir(exist_ok=True)
        folder.mkdir(parents=True, exist_ok=True)
    except FileNotFoundError as exc:  # the first missing folder above output_dir
        missing = output_dir.parent
        while not missing.parent.is_dir() and missing.parent != missing:
            missing = missing.parent
        raise storage_error(exc, missing) from exc
    except NotADirectoryError as exc:  # the file that stands where a folder should be
        blocking = next((p for p in reversed(folder.parents) if p.exists() and not p.is_dir()),
                        folder)
        raise storage_error(exc, blocking) from exc
    except OSError as exc:
        raise storage_error(exc, folder) from exc


def _holds(path: Path, data: bytes) -> bool:
    try:
        if path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_json(output_dir: Path, relative: str, payload: Any) -> Path:
    """Write ``payload`` to ``output_dir/relative`` as stable JSON, atomically; its path.

    UTF-8, sorted keys, one line ending in a newline (compact: the C encoder is ten times
    faster than the indenting one; ``python -m json.tool`` pretty-prints it).
    """
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True) + "\n"
    return write_atomic(output_dir, relative, text.encode("utf-8"))


def read_json(output_dir: Path, relative: str) -> Any:
    """What ``write_json`` wrote to ``output_dir/relative``, parsed.

    ``None`` when it is missing or cannot be read or parsed: a damaged cache entry costs only
    the work it saved.
    """
    try:
        return json.loads((output_dir / relative).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


@contextmanager
def output_lock(output_dir: Path) -> Iterator[int]:
    """Hold ``output/.lock`` for one build; yields how many leftover temporary files it removed.

    A second build-print writing the same folder (a watch and a manual build) gets
    ``ConfigError`` instead of interleaving files. Temporary files (``.*.tmp``) a killed
    build left behind are removed. ``output_dir`` is created if missing (not the folders
    above it: ``StorageError``, as when it cannot be written); where there is no ``fcntl``
    (Windows) nothing is locked.
    """
    make_folder(output_dir, output_dir)
    try:
        handle = (output_dir / ".lock").open("a+")
    except OSError as exc:
        raise storage_error(exc) from exc
    with handle:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no advisory locks
            fcntl = None  # type: ignore[assignment]
        if fcntl is not None:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise ConfigError(f"another build-print is writing to {output_dir}; wait for "
                                  "it to finish or use another --output") from None
        removed = 0
        for leftover in output_dir.rglob(".*.tmp"):  # only write_atomic makes these
            leftover.unlink(missing_ok=True)
            removed += 1
        yield removed
