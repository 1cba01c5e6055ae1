"""Copyfitting: display text set at the largest size its frame holds, in balanced lines.

A layout marks a fitted element with its size range, ``data-fit="120pt 196pt"`` (and the
content field it prints, ``data-field="headline"``, which locates an error), inside an
element marked ``data-frame``. Before the real render each frame holding fitted elements is
measured apart from the page: copies of the frame, one per page of a measuring document,
each with its fitted elements at candidate sizes, laid out by WeasyPrint and read through
``render/boxes.py``. The frames of a layout are measured together: each measuring pass
holds the copies every frame still asks for, and the first pass holds each frame's words
set apart for balancing, which most frames need at their largest sizes (74 passes for the
sample became 28).
The fitted elements of a frame move through their ranges together
(size = min + t × (max − min)), and the elements of a ``data-fit-group`` in several frames
(a leaflet's inside panels) take the smallest size fitted for any of them. A frame is
measured with one copy at the largest sizes, then rounds of ``CANDIDATES`` copies
narrowing on t until every size is known to ~1 pt or 1 %.

Then **balanced lines**: an element set in 2–4 lines is broken again, in as many lines, at
the break points (spaces) that make its shortest line longest against its longest, from
the measured width of each word (one more copy); letters are never squeezed. (Narrowing
the measure while the line count holds, the classic balance, cannot move an early break:
"prekė, o / asmenybė, kuri" stays uneven at any width. WeasyPrint 70 has no
``text-wrap: balance``.)

The sizes reach the real render as one ``<style>`` rule per element, keyed by frame and
``data-element``; the chosen breaks as ``<br>`` in the element's content. When even the
smallest sizes overflow, the element that takes most of the frame is blamed (``Shortfall``),
with what would fit: its text shortened by
about so many characters (the longest word prefix that fits, measured), or a smaller
minimum (measured).

Every frame's result is cached by the frame's HTML (its text and ranges), the page's style
(fonts, frame geometry) and ``FIT_VERSION``: in memory per process and in
``output/.cache/copyfit/``, so a rebuild with unchanged display text lays nothing out
again.
"""

from __future__ import annotations

import re
from collections.abc import Generator
from dataclasses import asdict
from html import escape
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from pipeline.hashing import sha256_text
from pipeline.output import read_json, write_json
from pipeline.render.boxes import Placed, marked, placed
from pipeline.render.fitprobe import (
    Probe,
    Variant,
    apart,
    measure,
    partition,
    unbroken,
    words_of,
)
from pipeline.render.fitscan import Frame, find_frames
from pipeline.render.fitted import Fitted, Setting, Shortfall, balance, grouped

if TYPE_CHECKING:
    from collections.abc import Callable

    from weasyprint import Document

FIT_VERSION = 2
"""Part of every cached fit's key: a new fitting method measures everything again."""
CANDIDATES = 8
"""Copies of a frame per measuring pass (each a page of the measuring document)."""
T = TypeVar("T")
FitSteps = Generator[list[Variant], list[Probe], T]
"""Measuring steps of one frame: yields the copies it needs, receives their probes."""


class Fitter:
    """Fits the display text of layouts; one per process (its memory cache with it).

    ``lay_out`` lays out an HTML string without writing it (``Renderer.lay_out``);
    ``output_dir`` holds the disk cache (``.cache/copyfit/``), none: memory only.
    """

    def __init__(self, lay_out: Callable[[str], Document], output_dir: Path | None) -> None:
        self.lay_out = lay_out
        self.output_dir = output_dir
        self.memory: dict[str, dict[str, object]] = {}
        self.passes = 0
        """Measuring passes laid out by this fitter."""

    def fit(self, html: str) -> Fitted:
        """``html`` with its fitted elements sized and balanced; what was chosen.

        ``RenderError`` for a malformed ``data-fit``.
        """
        if "data-fit=" not in html:
            return Fitted(html)
        head, frames = find_frames(html)
        fitted = Fitted(html)
        rules: list[str] = []
        breaks: list[tuple[int, int, str]] = []
        chosen: list[tuple[Frame, dict[str, Setting]]] = []
        for frame, (settings, shortfall) in zip(frames, self._cached(head, frames),
                                                strict=True):
            chosen.append((frame, settings))
            if shortfall is not None:
                fitted.shortfalls.append(shortfall)
        for frame, settings in grouped(chosen):
            for fit in frame.fits:
                setting = settings[fit.element]
                fitted.fits.append((fit, setting))
                rules.append(f'[data-frame="{frame.name}"] [data-element="{fit.element}"] '
                             f"{{ font-size: {setting.size_pt:.2f}pt !important; }}")
                if setting.lines_html is not None:
                    start, end = (frame.start + at for at in fit.inner)
                    breaks.append((start, end, setting.lines_html))
        for start, end, lines in sorted(breaks, reverse=True):
            html = html[:start] + lines + html[end:]
        style = "<style>/* copyfit */\n" + "\n".join(rules) + "\n</style>"
        fitted.html = html.replace("</head>", style + "</head>", 1)
        return fitted

    def _cached(self, head: str, frames: list[Frame]
                ) -> list[tuple[dict[str, Setting], Shortfall | None]]:
        """Each frame's settings and shortfall: from the caches, or measured (``_measure_all``)."""
        style = re.sub(r"<title>.*?</title>", "", head, flags=re.S)  # the job's, not the look
        keys = [sha256_text("\0".join((str(FIT_VERSION), version("weasyprint"), style,
                                        frame.opening, frame.html))) for frame in frames]
        missing: dict[str, Frame] = {}
        for key, frame in zip(keys, frames, strict=True):
            data = self.memory.get(key) or self._read(key)
            if data is None:
                missing.setdefault(key, frame)
            else:
                self.memory[key] = data
        for key, (settings, shortfall) in self._measure_all(head, missing).items():
            data = {"settings": [asdict(s) for s in settings.values()],
                    "shortfall": asdict(shortfall) if shortfall else None}
            if self.output_dir is not None:
                write_json(self.output_dir, f".cache/copyfit/{key}.json", data)
            self.memory[key] = data
        found = []
        for key in keys:
            data = self.memory[key]
            short = data["shortfall"]
            found.append(({s["element"]: Setting(**s)
                           for s in data["settings"]},  # type: ignore[attr-defined]
                          Shortfall(**short) if isinstance(short, dict) else None))
        return found

    def _measure_all(self, head: str, frames: dict[str, Frame]
                     ) -> dict[str, tuple[dict[str, Setting], Shortfall | None]]:
        """Fit ``frames`` (by cache key) together; each one's settings and shortfall.

        Each measuring pass lays out the copies every frame still asks for, so a layout
        costs as many passes as its slowest frame needs, not the sum of its frames' passes
        (issue 19). A frame gets the copies it would get measured alone, so the sizes
        chosen are the same.
        """
        running: dict[str, FitSteps[tuple[dict[str, Setting], Shortfall | None]]] = {}
        asks: dict[str, list[Variant]] = {}
        done: dict[str, tuple[dict[str, Setting], Shortfall | None]] = {}
        for key, frame in frames.items():
            running[key] = self._fit_frame(frame)
            asks[key] = next(running[key])
        while asks:
            answers = self._probe(head, [(frames[key], variants)
                                         for key, variants in asks.items()])
            for key, probes in zip(list(asks), answers, strict=True):
                try:
                    asks[key] = running[key].send(probes)
                except StopIteration as finished:
                    done[key] = finished.value
                    del asks[key]
        return done

    def _read(self, key: str) -> dict[str, object] | None:
        if self.output_dir is None:
            return None
        data = read_json(self.output_dir, f".cache/copyfit/{key}.json")
        return data if isinstance(data, dict) and "settings" in data else None

    def _fit_frame(self, frame: Frame) -> FitSteps[tuple[dict[str, Setting], Shortfall | None]]:
        """The measuring steps of one frame; its settings and its shortfall.

        Yields the copies it needs laid out and receives their probes; the shortfall is
        ``None`` unless even the smallest sizes overflow.
        """
        def sizes(t: float) -> dict[str, float]:
            return {f.element: round(f.low + t * (f.high - f.low), 2) for f in frame.fits}

        # The words of each element set apart, at the largest sizes, go in the first pass
        # too: most frames fit there, and their balancing then needs no pass of its own.
        unbroken_words = apart(frame)
        first = yield [(sizes(1.0), {}), *([(sizes(1.0), unbroken_words)]
                                           if unbroken_words else [])]
        best, probe = 1.0, first[0]
        measured_apart = first[1] if unbroken_words else None
        if not probe.fits:
            measured_apart = None  # measured at sizes that are not chosen
            ts = [j / (CANDIDATES - 1) for j in range(CANDIDATES - 1)]
            low, high, best_probe = yield from self._narrow(ts, sizes, 1.0)
            if best_probe is None:
                shortfall = yield from self._shortfall(frame, sizes(0.0))
                return {f.element: Setting(f.element, f.low) for f in frame.fits}, shortfall
            while any((f.high - f.low) * (high - low) > max(1.0, 0.01 * f.low)
                      for f in frame.fits):
                ts = [low + (high - low) * j / CANDIDATES for j in range(1, CANDIDATES)]
                new_low, high, new_probe = yield from self._narrow(ts, sizes, high)
                if new_probe is not None:
                    low, best_probe = new_low, new_probe
            best, probe = low, best_probe
        chosen = sizes(best)
        broken = yield from self._balance(frame, chosen, probe, measured_apart)
        return ({f.element: Setting(f.element, chosen[f.element], broken.get(f.element))
                 for f in frame.fits}, None)

    @staticmethod
    def _narrow(ts: list[float], sizes: Callable[[float], dict[str, float]],
                high: float) -> FitSteps[tuple[float, float, Probe | None]]:
        """The largest of ``ts`` that fits (with its probe) and the next failing t above."""
        probes = yield [(sizes(t), {}) for t in ts]
        fitting = [(t, p) for t, p in zip(ts, probes, strict=True) if p.fits]
        if not fitting:
            return 0.0, min(ts), None
        low, probe = max(fitting, key=lambda tp: tp[0])
        above = [t for t, p in zip(ts, probes, strict=True) if t > low and not p.fits]
        return low, min(above, default=high), probe

    @staticmethod
    def _balance(frame: Frame, chosen: dict[str, float], probe: Probe,
                 apart: Probe | None = None) -> FitSteps[dict[str, str]]:
        """Elements of 2–4 lines broken again at their most even break points.

        Where each word starts and ends on one unbroken line is measured (one copy, unless
        ``apart`` is that copy at the ``chosen`` sizes already); of every way to set the
        words in as many lines,
        none wider than the element, the one whose shortest line is longest against its
        longest wins, if it beats the first setting. An element with markup inside is left
        as it is. Returns its content with ``<br>`` at the chosen breaks, by element.
        """
        words: dict[str, list[str]] = {}
        for fit in frame.fits:
            raw = words_of(frame, fit)
            lines = probe.lines.get(fit.element, [])
            if 2 <= len(lines) <= 4 and "<" not in raw and fit.element in probe.widths:
                words[fit.element] = raw.split(" ")
        if not words:
            return {}
        if apart is None:
            apart = (yield [(chosen, {e: unbroken(ws) for e, ws in words.items()})])[0]
        found = {}
        for element, parts in words.items():
            runs = apart.runs.get(element, [])
            lines = probe.lines[element]
            if len(runs) != len(parts):
                continue
            best = partition(runs, len(lines), probe.widths[element] * 0.99)
            if best is not None and best[0] > (balance([w for w, _ in lines]) or 0.0) + 0.01:
                found[element] = "<br>".join(" ".join(parts[a:b]) for a, b in best[1])
        return found

    @staticmethod
    def _shortfall(frame: Frame, smallest: dict[str, float]) -> FitSteps[Shortfall]:
        probe = (yield [(smallest, {})])[0]
        fit = max(frame.fits, key=lambda f: probe.heights.get(f.element, 0.0))
        # What would fit: a smaller minimum…
        scales = [0.4 + 0.6 * j / CANDIDATES for j in range(CANDIDATES)]
        variants: list[Variant] = [({**smallest, fit.element: round(fit.low * s, 2)}, {})
                                   for s in scales]
        allowed = [s for s, p in zip(scales, (yield variants), strict=True) if p.fits]
        allow = float(int(fit.low * max(allowed))) if allowed else None
        # …or fewer words: the longest prefix that fits at the smallest size, in two rounds.
        words = fit.text.split(" ")
        low, high = 0, len(words)
        while high - low > 1:
            counts = sorted({low + max(1, round((high - low) * j / CANDIDATES))
                             for j in range(CANDIDATES)} - {high})
            variants = [(smallest, {fit.element: escape(" ".join(words[:n]))})
                        for n in counts]
            probes = yield variants
            low = max([n for n, p in zip(counts, probes, strict=True) if p.fits], default=low)
            high = min([n for n, p in zip(counts, probes, strict=True)
                        if not p.fits and n > low], default=high)
        shorten = len(fit.text) - len(" ".join(words[:low])) if low else None
        return Shortfall(fit.element, frame.name, fit.field, fit.text, fit.low,
                         round(probe.overflow, 1), shorten, allow)

    def _probe(self, head: str, asks: list[tuple[Frame, list[Variant]]]) -> list[list[Probe]]:
        """The probes of each ask, in order: one copy per variant, all in one document.

        Each copy of a frame is a page of the measuring document.
        """
        rules: list[str] = []
        copies: list[str] = []
        pages: list[Frame] = []
        for frame, variants in asks:
            for size, texts in variants:
                number = len(copies)
                for fit in frame.fits:
                    rules.append(f'[data-fit-probe="{number}"] [data-element="{fit.element}"] '
                                 f"{{ font-size: {size[fit.element]:.2f}pt !important; }}")
                body = frame.html
                for fit in sorted(frame.fits, key=lambda f: -f.inner[0]):
                    if fit.element in texts:
                        start, end = fit.inner
                        body = body[:start] + texts[fit.element] + body[end:]
                copies.append(f'<div data-fit-probe="{number}" style="break-after: page">'
                              f"{frame.opening}{body}{frame.closing}</div>")
                pages.append(frame)
        style = "<style>" + "\n".join(rules) + "</style></head>"
        document = self.lay_out(head.replace("</head>", style, 1) + "".join(copies)
                                + "</body></html>")
        self.passes += 1
        boxes: dict[int, list[Placed]] = {}
        for box in placed(document):
            if box.page <= len(pages) and box.frame == pages[box.page - 1].name:
                boxes.setdefault(box.page, []).append(box)
        rects, blocks = marked(document, "data-frame"), marked(document, "data-element")
        measured = [measure(boxes.get(page, []), rects.get((page, frame.name)),
                             {e: r for (p, e), r in blocks.items() if p == page}, frame)
                    for page, frame in enumerate(pages, start=1)]
        found, at = [], 0
        for _frame, variants in asks:
            found.append(measured[at:at + len(variants)])
            at += len(variants)
        return found
