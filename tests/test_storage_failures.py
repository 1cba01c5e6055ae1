"""The machine refuses a file: disk full, permission denied, read-only disk, a vanished output
folder. Each ends the build with one line naming the path and what to do, exit code 3, and
leaves every file already in output/ whole (no temporary file, no half-written PDF).

The failures are real where the machine allows it, also as root (CI runs as root): a
permission refused by the kernel to a process without CAP_DAC_OVERRIDE (``setpriv``), a
read-only bind mount and a full 1 MiB tmpfs in a private mount namespace (``unshare``), a
folder deleted during the build, a file standing where a folder should be. The full disk is
also tested in this process by writing the PDF to ``/dev/full``, whose every write the
kernel answers with ENOSPC.
"""

from __future__ import annotations

import errno
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pipeline.build import build
from pipeline.cli import cli
from pipeline.config import load_config
from pipeline.errors import StorageError, storage_error
from pipeline.jobs import Job
from pipeline.results import Listener
from pipeline.session import BuildOptions
from tests.conftest import REPO

JOB = "zmogus-ne-preke-kaunas-a3"
PDF = Path("print/posters") / f"{JOB}.pdf"


def run(*args: str) -> tuple[int, str]:
    """``build-print ARGS`` in this process: exit code and what it printed on stderr."""
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stderr


def command(output: Path, *more: str) -> list[str]:
    """The command line of a one-poster build without proofs into ``output``."""
    return [sys.executable, "-m", "pipeline.cli", "--project", str(REPO), "--output",
            str(output), "--only", JOB, "--no-proofs", "--jobs", "1", "--quiet", *more]


def one_error_line(err: str) -> str:
    """The single line printed, asserting there is no traceback."""
    assert "Traceback" not in err and "internal error" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def temporaries(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


def test_each_errno_is_named_with_its_advice_and_survives_pickling() -> None:
    """This test ensures every failure the brief names has its own words and advice, that
    the path is in the line, and that the error crosses from a worker process intact."""
    cases = {errno.ENOSPC: ("disk full", "free space"),
             errno.EACCES: ("permission denied", "writable"),
             errno.EROFS: ("read-only file system", "writable disk"),
             errno.ENOENT: ("folder not found", "deleted or moved"),
             errno.ENOTDIR: ("not a folder", "a file stands")}
    for number, (problem, advice) in cases.items():
        failure = storage_error(OSError(number, os.strerror(number)), "/srv/out/x.pdf")
        assert str(failure).startswith(f"{problem}: /srv/out/x.pdf: ")
        assert advice in failure.advice and failure.exit_code == 3
        again = pickle.loads(pickle.dumps(failure))
        assert isinstance(again, StorageError) and str(again) == str(failure)
    read = storage_error(PermissionError(errno.EACCES, "Permission denied", "/a.pdf"),
                         writing=False)
    assert str(read) == ("permission denied: /a.pdf: check that the file exists and this "
                         "user may read it")


def test_help_and_readme_document_exit_code_3() -> None:
    """This test ensures --help and the README state exit code 3 and what it means."""
    result = CliRunner().invoke(cli, ["--help"])
    assert "3  a file could not be written or read: disk full, permission denied," in \
        result.stdout
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "3 a file could not be written or read" in " ".join(readme.split())


def test_an_output_folder_whose_path_vanished_is_named_and_not_made(tmp_path: Path) -> None:
    """This test ensures an --output under folders that no longer exist (a deleted folder,
    an unmounted drive) is refused, exit 3, naming the first missing folder; nothing is
    created there."""
    gone = tmp_path / "usb"
    code, err = run("--project", str(REPO), "--output", str(gone / "caritas" / "out"),
                    "--only", JOB)
    assert code == 3
    assert one_error_line(err) == (
        f"error: folder not found: {gone}: the folder was deleted or moved, or its drive was "
        "unmounted: reconnect or create it, or give another --output, then build again")
    assert not gone.exists()


def test_an_output_folder_below_a_file_is_named(tmp_path: Path) -> None:
    """This test ensures an --output whose path runs through a file is refused, exit 3,
    naming the file."""
    blocking = tmp_path / "deliveries"
    blocking.write_text("not a folder")
    code, err = run("--project", str(REPO), "--output", str(blocking / "out"), "--only", JOB)
    assert code == 3
    assert one_error_line(err).startswith(f"error: not a folder: {blocking}: a file stands")


def unprivileged() -> list[str]:
    """A prefix that runs a command without the power to ignore file permissions."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("setpriv (util-linux) is not installed")
    drop = "-dac_override,-dac_read_search"
    return [setpriv, f"--inh-caps={drop}", f"--bounding-set={drop}", "--"]


def test_a_folder_without_write_permission_is_named(tmp_path: Path) -> None:
    """This test ensures an output folder the user may not write (mode 0555) ends the build
    with exit 3 and one line naming the folder; the file already there is untouched."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("last good build")
    out.chmod(0o555)
    try:
        done = subprocess.run([*unprivileged(), *command(out)], capture_output=True,
                              text=True, timeout=300)
    finally:
        out.chmod(0o755)
    assert done.returncode == 3, done.stderr
    assert one_error_line(done.stderr) == (
        f"error: permission denied: {out / '.lock'}: make that folder writable for this user "
        "or give another --output, then build again")
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]


def in_namespace(script: str) -> subprocess.CompletedProcess[str]:
    """Run ``script`` (sh) in a private mount namespace, where it may mount."""
    unshare = shutil.which("unshare")
    if unshare is None or os.geteuid() != 0:
        pytest.skip("mounting needs root and unshare (util-linux)")
    probe = subprocess.run([unshare, "-m", "true"], capture_output=True)
    if probe.returncode:
        pytest.skip(f"no private mount namespace here: {probe.stderr!r}")
    return subprocess.run([unshare, "-m", "sh", "-euc", script], capture_output=True,
                          text=True, timeout=600)


def test_a_read_only_output_folder_is_named(tmp_path: Path) -> None:
    """This test ensures an output folder on a read-only mount ends the build with exit 3
    and one line naming it; the file already there is untouched."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("last good build")
    build_line = " ".join(f"'{part}'" for part in command(out))
    done = in_namespace(f"mount --bind '{out}' '{out}'\n"
                        f"mount -o remount,bind,ro '{out}'\n"
                        f"exec {build_line}")
    assert done.returncode == 3, done.stderr
    assert one_error_line(done.stderr).startswith(
        f"error: read-only file system: {out / '.lock'}: it is on a read-only disk")
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]


@pytest.mark.slow
def test_a_read_only_print_folder_mid_build_keeps_the_last_pdf(tmp_path: Path) -> None:
    """This test ensures that when output/ can be locked but its print/posters/ folder is on
    a read-only mount, the build renders, then ends with exit 3 and one line naming that
    folder; the last good PDF there is byte for byte as it was."""
    out = tmp_path / "out"
    first = subprocess.run(command(out), capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    (out / ".cache" / "jobs" / f"{JOB}.json").unlink()  # built again, not reused
    (out / PDF).write_bytes((out / PDF).read_bytes() + b"%")  # so it must be written again
    before = (out / PDF).read_bytes()
    folder = out / PDF.parent
    build_line = " ".join(f"'{part}'" for part in command(out))
    done = in_namespace(f"mount --bind '{folder}' '{folder}'\n"
                        f"mount -o remount,bind,ro '{folder}'\n"
                        f"exec {build_line}")
    assert done.returncode == 3, done.stderr
    assert one_error_line(done.stderr) == (
        f"error: read-only file system: {folder}: it is on a read-only disk or mount: give an "
        "--output on a writable disk (or remount it read-write), then build again")
    assert (out / PDF).read_bytes() == before
    assert not temporaries(out)


@pytest.mark.slow
def test_a_disk_that_fills_up_mid_build_loses_nothing(tmp_path: Path) -> None:
    """This test ensures a real full disk (a 1 MiB tmpfs holding the last good build, filled
    up) ends the next build with exit 3 and one line naming the PDF it could not write; the
    last good PDF is byte for byte as it was and no temporary file is left."""
    good = tmp_path / "good"
    first = subprocess.run(command(good), capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    before = (good / PDF).read_bytes()
    snapshot, out = tmp_path / "after", tmp_path / "out"
    out.mkdir()
    # The poster edited so that its PDF must be written again, in a copy of the project.
    project = tmp_path / "project"
    for name in ("layouts", "brand", "content"):
        shutil.copytree(REPO / name, project / name)
    poster = project / "content" / "posters" / "zmogus-ne-preke.yaml"
    poster.write_text(poster.read_text(encoding="utf-8").replace(
        "o vėliau atima dokumentus", "o paskui atima dokumentus"), encoding="utf-8")
    build_line = " ".join(f"'{part}'" for part in command(out)).replace(
        f"'{REPO}'", f"'{project}'")
    done = in_namespace(
        f"mount -t tmpfs -o size=1m tmpfs '{out}'\n"
        f"cp -a '{good}/.' '{out}/'\n"
        f"rm -rf '{out}/.cache'\n"  # the job is not reused: it must be written again
        # Filled up to 40 KiB: room for the lock and the job's small files, not its PDF.
        f"dd if=/dev/zero of='{out}/filler' bs=1k count=$(( $(df -k --output=avail "
        f"'{out}' | tail -1) - 40 )) 2>/dev/null\n"
        f"set +e; {build_line}; code=$?; set -e\n"
        f"cp -a '{out}/.' '{snapshot}/'\n"
        "exit $code")
    assert done.returncode == 3, done.stderr
    line = one_error_line(done.stderr)
    assert line.startswith("error: disk full: "), line
    assert "free space on that disk or give another --output" in line
    assert (snapshot / PDF).read_bytes() == before
    assert not temporaries(snapshot)


class _Vanish(Listener):
    """Removes ``folder`` when the first job starts, as an unmounted drive would."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def job_started(self, job: Job) -> None:
        shutil.rmtree(self.folder)


@pytest.mark.slow
def test_an_output_folder_that_vanishes_mid_build_is_not_made_again(tmp_path: Path) -> None:
    """This test ensures an output folder whose parent disappears during the build (the
    drive unmounted) stops the build with a StorageError naming that parent, and is not
    created again somewhere else."""
    drive = tmp_path / "drive"
    config = load_config(REPO, drive / "out")
    with pytest.raises(StorageError) as caught:
        build(config, only=(JOB,), options=BuildOptions(jobs=1, proofs=False),
              listener=_Vanish(drive))
    assert caught.value.path == str(drive) and caught.value.problem == "folder not found"
    assert not drive.exists()


@pytest.mark.slow
def test_a_full_disk_at_the_pdf_leaves_the_last_one_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """This test ensures that when the kernel answers ENOSPC to the PDF's write (its file
    opened on /dev/full) the build exits 3 with one line naming the PDF, the last good PDF is
    unchanged and its temporary file is gone."""
    import pipeline.output

    out = tmp_path / "out"
    args = ("--project", str(REPO), "--output", str(out), "--only", JOB, "--no-proofs",
            "--jobs", "1", "--quiet")
    assert run(*args)[0] == 0
    last = (out / PDF).read_bytes()
    (out / ".cache").joinpath("jobs", f"{JOB}.json").unlink()  # built again, not reused
    (out / PDF).write_bytes(last + b"%")  # so that it must be written again
    before = (out / PDF).read_bytes()
    real = pipeline.output.tempfile.mkstemp

    def full(*a: Any, **k: Any) -> tuple[int, str]:
        handle, name = real(*a, **k)
        if ".pdf." in name:
            os.close(handle)
            handle = os.open("/dev/full", os.O_WRONLY)
        return handle, name

    monkeypatch.setattr(pipeline.output.tempfile, "mkstemp", full)
    code, err = run(*args)
    assert code == 3
    assert one_error_line(err) == (
        f"error: disk full: {(out / PDF).resolve()}: free space on that disk or give another "
        "--output, then build again; the files already there are unchanged")
    assert (out / PDF).read_bytes() == before
    assert not temporaries(out)
