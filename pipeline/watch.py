"""Watch mode: rebuild what a saved change affects, as soon as it is saved.

Watches content/, layouts/ and brand/ (watchfiles: inotify on Linux, FSEvents on macOS;
``WATCHFILES_FORCE_POLLING=1`` for network drives). Each change runs an incremental build,
so only the jobs whose HTML or inputs changed are rendered; the proof board, open in a
browser, reloads itself when the build has changed it. A content error is reported and the
watch goes on: the last good output stays.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from pipeline.build import build
from pipeline.config import ProjectConfig
from pipeline.errors import ContentError
from pipeline.results import BuildReport, Listener
from pipeline.session import BuildOptions

DEBOUNCE_MS = 300
"""Saves arriving within this time (an editor writing several files) make one build."""


def watch(config: ProjectConfig, *, only: tuple[str, ...] = (),
          options: BuildOptions | None = None,
          listener: Callable[[], Listener] = Listener,
          on_build: Callable[[BuildReport, list[str]], None],
          on_error: Callable[[ContentError, list[str]], None],
          stop: threading.Event | None = None) -> None:
    """Build now, then after every change until ``stop`` is set (or Ctrl-C).

    ``on_build`` gets the report and the changed files (project-relative; empty for the
    first build); ``on_error`` gets content errors, after which watching goes on.
    ``listener`` makes the listener of each build. Saves within ``DEBOUNCE_MS`` make one
    build. A ``ConfigError`` (another build holds output/) is not caught: it ends the watch.
    """
    from watchfiles import watch as changes_of

    def run(changed: list[str]) -> None:
        try:
            report = build(config, only=only, options=options, listener=listener())
        except ContentError as exc:
            on_error(exc, changed)
            return
        on_build(report, changed)

    run([])
    roots = [config.content, config.layouts, config.brand]
    for changes in changes_of(*roots, debounce=DEBOUNCE_MS, stop_event=stop,
                              raise_interrupt=False):
        run(sorted({config.display(Path(path)) for _, path in changes}))
