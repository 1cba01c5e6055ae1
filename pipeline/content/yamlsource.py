"""YAML reading that remembers where every value came from.

PyYAML's ``safe_load`` loses line numbers, turns ``2013-13-45`` into a crash inside the
timestamp constructor and silently lets a duplicated key win. Here the node tree is walked
once, producing plain data *and* a map from field path to source line, so that later
validation can say ``content/posters/x.yaml:12: qr.url: …``. Dates stay strings and are
parsed (with a proper error) by the typed models.

Content is written by hand, so anything far beyond what a person writes is refused with a
located message instead of being processed: files over 1 MiB, values over
``MAX_VALUE_CHARS`` characters, nesting deeper than ``MAX_DEPTH``, more than ``MAX_VALUES``
values (counted after aliases are expanded, which stops "billion laughs" alias bombs),
aliases that contain themselves, and characters that cannot be printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pipeline.content.textfile import NOT_PRINTABLE, describe_character, line_of_offset, read_text
from pipeline.diagnostics import Diagnostic, error

FieldPath = tuple[str | int, ...]

MAX_VALUE_CHARS = 20_000
"""Longest single value (a ten-minute radio read is about 6 000 characters)."""
MAX_KEY_CHARS = 100
"""Longest key: keys are field names or ids."""
MAX_DEPTH = 32
"""Deepest nesting of mappings and lists (the sample content needs 4)."""
MAX_VALUES = 10_000
"""Most values in one file, aliases expanded (the largest sample file has about 150)."""

# YAML 1.1 reads 13:00 as the sexagesimal number 780 and 1:30:00 as 5400: a trap for
# times of day. Like YAML 1.2, these stay text here; every other number is read as before.
_INT = re.compile(r"""^(?:[-+]?0b[0-1_]+
                    |[-+]?0[0-7_]+
                    |[-+]?(?:0|[1-9][0-9_]*)
                    |[-+]?0x[0-9a-fA-F_]+)$""", re.X)
_FLOAT = re.compile(r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
                    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
                    |[-+]?\.(?:inf|Inf|INF)
                    |\.(?:nan|NaN|NAN))$""", re.X)
_REPLACED = {"tag:yaml.org,2002:int": _INT, "tag:yaml.org,2002:float": _FLOAT}


class LimitError(yaml.MarkedYAMLError):
    """Raised while composing when a file goes beyond what hand-written content needs."""


class _Loader(yaml.SafeLoader):
    """SafeLoader without implicit timestamps and sexagesimal numbers, with limits.

    Dates are validated by the models. It refuses nesting deeper than ``MAX_DEPTH`` and more
    than ``MAX_VALUES`` nodes while it composes (PyYAML's composer is recursive).
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0
        self.nodes = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        self.nodes += 1
        if self.nodes > MAX_VALUES or self.depth >= MAX_DEPTH:
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            problem = (f"more than {MAX_VALUES} values in one file" if self.nodes > MAX_VALUES
                       else f"nested more than {MAX_DEPTH} levels deep")
            raise LimitError(problem=problem, problem_mark=mark)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same resolvers on libyaml (ten times faster).

    Its messages are vaguer and it counts nothing while composing (libyaml itself stops at
    1 000 levels), so a file it cannot read, or whose walk hits a limit, is read again with
    ``_Loader`` for the message.
    """


for _loader in (_Loader, _FastLoader):
    _loader.yaml_implicit_resolvers = {
        first: [(tag, _REPLACED.get(tag, rx)) for tag, rx in resolvers
                if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


@dataclass
class SourceDocument:
    """Data read from one YAML file, with the line of each field path.

    ``display`` is the path used in messages (project-relative); ``lines`` maps a field path
    such as ``('qr', 'url')`` to its 1-based line.
    """

    path: Path
    display: str
    data: Any
    lines: dict[FieldPath, int] = field(default_factory=dict)
    scalars: dict[FieldPath, str] = field(default_factory=dict)
    """Source text of values that YAML read as something other than text (numbers,
    true/false, null), so that messages can quote what was written."""

    def line_of(self, path: FieldPath) -> int:
        """Line of ``path``, or of its nearest ancestor that exists in the file."""
        probe = tuple(path)
        while probe:
            if probe in self.lines:
                return self.lines[probe]
            probe = probe[:-1]
        return self.lines.get((), 1)


def format_field(path: FieldPath) -> str:
    """``('municipalities', 2, 'name')`` → ``municipalities[2].name``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + part
    return text


def read_yaml(path: Path, display: str) -> tuple[SourceDocument | None, list[Diagnostic]]:
    """Parse ``path``: the document, or ``None`` and diagnostics naming ``display`` and line.

    Refused with a located message: what ``read_text`` refuses, YAML syntax errors (with a
    hint for the usual mistakes), repeated or non-text keys, characters that cannot be
    printed, and sizes hand-written content never needs (``MAX_*``: implementation choices).
    """
    text, problems = read_text(path, display)
    if text is None:
        return None, problems
    try:
        try:
            return _compose(_FastLoader, path, display, text)
        except (yaml.YAMLError, _Abort):
            return _compose(_Loader, path, display, text)
    except _Abort as stop:
        return None, [error("yaml-limit", stop.message, source=display, line=stop.line)]
    except yaml.reader.ReaderError as exc:
        # Raised for characters YAML refuses; the position is an offset in ``text``.
        bad = describe_character(text[exc.position])
        return None, [error("yaml-character", f"the character {bad} cannot be printed: "
                            "remove it", source=display, line=line_of_offset(text, exc.position))]
    except LimitError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        return None, [error("yaml-limit", f"{exc.problem}: content is written by hand and "
                            "never needs this", source=display, line=line)]
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_error(exc, display)]
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML raises marked errors in practice
        return None, [error("yaml-syntax", f"YAML syntax error: {exc}", source=display, line=1)]


def _compose(loader_class: type[_Loader | _FastLoader], path: Path, display: str,
             text: str) -> tuple[SourceDocument | None, list[Diagnostic]]:
    """Compose and walk ``text`` with one loader; its YAML errors and ``_Abort`` propagate."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, [error("yaml-empty", "the file is empty", source=display, line=1)]
        doc = SourceDocument(path, display, None)
        walker = _Walker(loader, doc)
        doc.data = walker.walk(node, ())
        return (None if walker.diagnostics else doc), walker.diagnostics
    finally:
        loader.dispose()


# PyYAML's wording → what a designer can act on (matched on the problem text).
_HINTS = (
    ("mapping values are not allowed here",
     "a ': ' inside a value? put the value in quotes; else check the indentation"),
    ("but found '<block mapping start>'", "check the indentation of this line"),
    ("but found '<block sequence start>'", "check the indentation of this line"),
    ("but found '<block end>'", "check the indentation of this line"),
    ("expected <block end>, but found '<scalar>'",
     "a value that starts with a quote, '[' or '{' must also end with it: put the whole "
     "value in quotes"),
    ("found undefined alias", "a value that starts with '*' must be in quotes"),
    ("expected alphabetic or numeric character",
     "a value that starts with '*' or '&' must be in quotes"),
    ("that cannot start any token", "put the value in quotes"),
    ("found unexpected end of stream", "a quote or bracket is not closed"),
)


def _syntax_error(exc: yaml.MarkedYAMLError, display: str) -> Diagnostic:
    """A located ``YAML syntax error: …`` with a hint for the usual mistakes."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    problem = exc.problem or exc.context or "invalid YAML"
    started = exc.context_mark.line + 1 if exc.context_mark else None
    if "'\\t'" in problem:
        return error("yaml-syntax", "YAML syntax error: a tab character: indent with spaces, "
                     "never with tabs", source=display, line=line)
    tag = re.match(r"could not determine a constructor for the tag '([^']*)'", problem)
    if tag:
        name = tag.group(1).replace("tag:yaml.org,2002:", "!!")
        message = ("merge keys ('<<') are not supported: write the fields out"
                   if name == "!!merge" else f"the tag '{name}' is not supported: remove it")
        return error("yaml-syntax", f"YAML syntax error: {message}", source=display, line=line)
    if "could not find expected ':'" in problem and started:
        # PyYAML notices on the next line; the line without ':' is where the key started.
        return error("yaml-syntax", "YAML syntax error: a line without ': ' (write "
                     "'field: value', with a space after the colon)", source=display,
                     line=started)
    if "expected a single document" in (exc.context or ""):
        return error("yaml-syntax", "YAML syntax error: a second document ('---'): a file "
                     "holds one item", source=display, line=line)
    context = ""
    if exc.context and exc.problem:
        context = f" ({exc.context}" + (
            f" that starts on line {started})" if started and started != line else ")")
    hint = next((text for needle, text in _HINTS if needle in problem), None)
    return error("yaml-syntax", f"YAML syntax error: {problem}{context}"
                 + (f" – {hint}" if hint else ""), source=display, line=line)


class _Abort(Exception):
    """Stops the walk of a document that cannot be read sensibly (alias bomb, recursion)."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class _Walker:
    """Turns the node tree into plain data, recording lines and the problems of values."""

    def __init__(self, loader: _Loader | _FastLoader, doc: SourceDocument) -> None:
        self.loader = loader
        self.doc = doc
        self.diagnostics: list[Diagnostic] = []
        self.values = 0
        self.open: set[int] = set()
        """Collections being walked: an alias to one of them would never end."""

    def problem(self, code: str, message: str, line: int, path: FieldPath) -> None:
        self.diagnostics.append(error(code, message, source=self.doc.display, line=line,
                                      field=format_field(path) or None))

    def walk(self, node: yaml.Node, path: FieldPath) -> Any:
        line = self.doc.lines.setdefault(path, node.start_mark.line + 1)
        self.values += 1
        if self.values > MAX_VALUES:
            raise _Abort(f"more than {MAX_VALUES} values once aliases (*name) are expanded: "
                         "repeat a value with an alias only a few times", line)
        if len(path) > MAX_DEPTH:
            raise _Abort(f"nested more than {MAX_DEPTH} levels deep once aliases (*name) are "
                         "expanded", line)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, path, line)
        if id(node) in self.open:
            raise _Abort("an alias (*name) refers to a value that contains it: the value "
                         "would never end", line)
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self.mapping(node, path)
            items = []
            for index, item in enumerate(node.value):
                items.append(self.walk(item, (*path, index)))
            return items
        finally:
            self.open.discard(id(node))

    def mapping(self, node: yaml.MappingNode, path: FieldPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            key = self.key(key_node, path, line)
            if key is None:
                continue
            child = (*path, key)
            if key in result:
                self.problem("yaml-duplicate-key",
                             f"key '{key}' appears twice (first on line {self.doc.lines[child]})",
                             line, child)
                continue
            self.doc.lines[child] = line
            result[key] = self.walk(value_node, child)
        return result

    def key(self, node: yaml.Node, path: FieldPath, line: int) -> str | None:
        """The key as text, or ``None`` (and a problem) when it is not a plain name."""
        if not isinstance(node, yaml.ScalarNode):
            self.problem("yaml-key", "keys must be plain names, not a list or mapping", line,
                         path)
            return None
        if len(node.value) > MAX_KEY_CHARS:
            self.problem("yaml-key", f"a key of {len(node.value)} characters: keys are field "
                         f"names (at most {MAX_KEY_CHARS} characters); is a ':' missing?",
                         line, path)
            return None
        key = self.loader.construct_object(node, deep=True)
        if isinstance(key, bool) or not isinstance(key, str | int):
            self.problem("yaml-key", f"'{node.value}' is not a plain name (YAML reads it as "
                         f"{_yaml_name(key)}): put it in quotes", line, path)
            return None
        key = str(key)
        bad = NOT_PRINTABLE.search(key)
        if bad:
            self.problem("yaml-character", f"the key contains {describe_character(bad.group())}"
                         ", which cannot be printed: remove it", line, path)
            return None
        return key

    def scalar(self, node: yaml.ScalarNode, path: FieldPath, line: int) -> Any:
        if len(node.value) > MAX_VALUE_CHARS:
            self.problem("yaml-too-long", f"a value of {len(node.value)} characters; a "
                         f"content value may have at most {MAX_VALUE_CHARS}", line, path)
            return None
        try:
            value = self.loader.construct_object(node, deep=True)
        except ValueError:  # int() refuses numbers of thousands of digits
            self.problem("yaml-number", f"a number of {len(node.value)} digits cannot be "
                         "read: put it in quotes if it is text", line, path)
            return None
        if isinstance(value, str):
            bad = NOT_PRINTABLE.search(value)
            if bad:
                self.problem("yaml-character", f"contains {describe_character(bad.group())}"
                             ", which cannot be printed: remove it", line, path)
                return None
        else:
            self.doc.scalars[path] = node.value
        return value


def _yaml_name(value: Any) -> str:
    """How YAML read a scalar, in words."""
    if value is None:
        return "empty (null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"the {type(value).__name__} {value!r}"
