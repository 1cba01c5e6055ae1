"""The fitted elements of a layout's HTML, and the frames around them (copyfitting).

A fitted element carries ``data-fit="<smallest>pt <largest>pt"`` (and, to locate an error
in the content, ``data-field``; to share one size with elements of other frames,
``data-fit-group``) inside an element marked ``data-frame``. The HTML is the
layouts' own (content is escaped text), read with the standard library's HTML parser,
which gives every tag's position: the frame's HTML and the start tags around it are copied
as they are into the measuring document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from pipeline.errors import RenderError


def find_frames(html: str) -> tuple[str, list[Frame]]:
    """The head of ``html`` (up to and with ``<body>``) and its frames with fitted elements.

    ``RenderError`` for a malformed ``data-fit`` or one outside any ``data-frame``.
    """
    scan = _Scan(html)
    scan.feed(html)
    scan.close()
    return html[:scan.body], scan.frames


VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                  "meta", "source", "track", "wbr"})


@dataclass(frozen=True)
class Fit:
    """One element marked ``data-fit`` in a layout's HTML."""

    element: str
    frame: str
    low: float
    high: float
    field: str | None
    text: str
    inner: tuple[int, int]
    """Offsets of its content in the frame's HTML."""
    group: str | None = None
    """``data-fit-group``: elements of one group, in any frames, share the smallest size
    fitted for any of them (the body text of a leaflet's three inside panels)."""


@dataclass
class Frame:
    """A ``data-frame`` element with fitted elements inside, and the elements around it."""

    name: str
    html: str
    opening: str
    """Start tags of the elements between ``<body>`` and the frame."""
    closing: str
    fits: list[Fit] = field(default_factory=list)
    start: int = 0
    """Offset of the frame in the layout's HTML."""


class _Scan(HTMLParser):
    """Finds the fitted elements of a layout's HTML and the frames around them."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = html
        self.starts = [0] + [m.end() for m in re.finditer("\n", html)]
        self.stack: list[tuple[str, dict[str, str | None], int, int, list[str]]] = []
        self.body = 0
        self.frames: list[Frame] = []
        self.pending: dict[int, list[Fit]] = {}
        """Fitted elements found in each open frame, by its place on the stack."""

    def position(self) -> int:
        line, column = self.getpos()
        return self.starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self.position()
        end = start + len(self.get_starttag_text() or "")
        if tag == "body":
            self.body = end
        if tag not in VOID and tag not in ("html", "head", "body"):
            self.stack.append((tag, dict(attrs), start, end, []))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """``<path … />``: nothing to open."""

    def handle_data(self, data: str) -> None:
        for _, attrs, _, _, text in self.stack:
            if "data-fit" in attrs:
                text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if not any(open_[0] == tag for open_ in self.stack):
            return
        at = self.position()
        while self.stack:
            depth = len(self.stack) - 1
            name, attrs, start, inner, text = self.stack.pop()
            if name == tag:
                self._closed(depth, attrs, start, inner, at, "".join(text))
                return

    def _closed(self, depth: int, attrs: dict[str, str | None], start: int, inner: int,
                at: int, text: str) -> None:
        if attrs.get("data-fit") is not None:
            frame_depth = next((i for i in range(depth - 1, -1, -1)
                                if self.stack[i][1].get("data-frame")), None)
            element = attrs.get("data-element") or "?"
            if frame_depth is None:
                raise RenderError(f"'{element}' has data-fit but no data-frame around it")
            sizes = re.fullmatch(r"\s*([\d.]+)pt\s+([\d.]+)pt\s*", attrs["data-fit"] or "")
            if sizes is None or float(sizes[1]) > float(sizes[2]):
                raise RenderError(f"data-fit of '{element}' must be two sizes in pt, the "
                                  f"smaller first: {attrs['data-fit']!r}")
            frame_start = self.stack[frame_depth][2]
            self.pending.setdefault(frame_depth, []).append(Fit(
                element, str(self.stack[frame_depth][1]["data-frame"]), float(sizes[1]),
                float(sizes[2]), attrs.get("data-field"),
                re.sub(r"[ \t\r\n]+", " ", text).strip(),
                (inner - frame_start, at - frame_start), attrs.get("data-fit-group")))
        elif attrs.get("data-frame") and self.pending.get(depth):
            end = self.source.index(">", at) + 1
            around = self.stack[:depth]
            self.frames.append(Frame(
                str(attrs["data-frame"]), self.source[start:end],
                "".join(self.source[s:e] for _, _, s, e, _ in around),
                "".join(f"</{name}>" for name, *_ in reversed(around)),
                self.pending.pop(depth), start))
