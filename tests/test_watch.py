"""Watch mode: a saved change rebuilds what it affects, says what and why, and a content
error does not stop the watch."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

POSTER = "content/posters/zmogus-ne-preke.yaml"


class Watcher:
    """``build-print watch`` in a subprocess, its output read line by line."""

    def __init__(self, project: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pipeline.cli", "watch", "--project", str(project),
             "--only", "zmogus-ne-preke-kaunas-a3", "--only", "zmogus-ne-preke-klaipeda-a3",
             "--no-proofs"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self.lines: queue.Queue[str] = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def until(self, text: str, timeout: float = 90) -> list[str]:
        """Lines up to and including the first that contains ``text``."""
        seen: list[str] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                continue
            seen.append(line)
            if text in line:
                return seen
        raise AssertionError(f"no {text!r} within {timeout} s; got:\n" + "\n".join(seen))

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.reader.join(timeout=10)
        assert self.process.stdout is not None
        self.process.stdout.close()


def test_watch_rebuilds_what_a_saved_change_affects(project: Path) -> None:
    """This test ensures watch mode builds once, then after a saved edit rebuilds only the
    affected job with its reason, and after a content error reports it and keeps watching."""
    watcher = Watcher(project)
    try:
        first = watcher.until("watching")
        assert any("2 rebuilt, 0 reused" in line for line in first), first
        time.sleep(0.5)
        poster = project / POSTER
        text = poster.read_text(encoding="utf-8")
        poster.write_text(text.replace("Kaune – susitikimai", "Kaune – pokalbiai"),
                          encoding="utf-8")
        second = watcher.until("watching")
        assert f"changed: {POSTER}" in second
        assert any("rebuilt" in line and "zmogus-ne-preke-kaunas-a3" in line
                   and "(content or layout changed)" in line for line in second), second
        assert any("1 rebuilt, 1 reused" in line for line in second), second

        poster.write_text(text.replace("qr:\n  url: https://", "qr:\n  url: http://"),
                          encoding="utf-8")
        third = watcher.until("Watching for the fix")
        assert any("qr.url" in line and POSTER in line for line in third), third

        poster.write_text(text, encoding="utf-8")
        fourth = watcher.until("watching")
        assert any("1 rebuilt, 1 reused" in line for line in fourth), fourth
        assert watcher.process.poll() is None
    finally:
        watcher.stop()
    assert (project / "output" / "index.html").is_file()
