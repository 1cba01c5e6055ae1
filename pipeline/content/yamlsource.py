"""YAML reading that remembers where every value came from.

PyYAML's ``safe_load`` loses line numbers, turns ``2013-13-45`` into a crash inside the
timestamp constructor and silently lets a duplicated key win. Here the node tree is walked
once, producing plain data *and* a map from field path to source line, so that later
validation can say ``content/posters/x.yaml:12: qr.url: …``. Dates stay strings and are
parsed (with a proper error) by the typed models.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pipeline.diagnostics import Diagnostic, error

FieldPath = tuple[str | int, ...]


class _Loader(yaml.SafeLoader):
    """SafeLoader without the implicit timestamp type (dates are validated by the models)."""


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same on libyaml (ten times faster); its error messages are vaguer, so a file it
    cannot parse is parsed again with ``_Loader`` for the message."""


for _loader in (_Loader, _FastLoader):
    _loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


@dataclass
class SourceDocument:
    """Data read from one YAML file, with the line of each field path."""

    path: Path
    display: str
    data: Any
    lines: dict[FieldPath, int] = field(default_factory=dict)

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
    """Parse ``path``; return the document, or ``None`` and diagnostics naming file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [error("yaml-encoding", f"not UTF-8 text ({exc.reason})", source=display)]
    except OSError as exc:
        return None, [error("file-unreadable", exc.strerror or str(exc), source=display)]
    loader: _Loader | _FastLoader = _FastLoader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.YAMLError:
            loader.dispose()
            loader = _Loader(text)
            node = loader.get_single_node()
        doc = SourceDocument(path, display, None)
        if node is None:
            return None, [error("yaml-empty", "the file is empty", source=display, line=1)]
        diagnostics: list[Diagnostic] = []
        doc.data = _walk(loader, node, (), doc, diagnostics)
        return (None if diagnostics else doc), diagnostics
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        context = ""
        if exc.context and exc.problem:
            started = exc.context_mark.line + 1 if exc.context_mark else None
            context = f" ({exc.context}" + (
                f" that starts on line {started})" if started and started != line else ")")
        return None, [error("yaml-syntax", f"YAML syntax error: {problem}{context}",
                            source=display, line=line)]
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML raises marked errors in practice
        return None, [error("yaml-syntax", f"YAML syntax error: {exc}", source=display)]
    finally:
        loader.dispose()


def _walk(loader: _Loader | _FastLoader, node: yaml.Node, path: FieldPath, doc: SourceDocument,
          diagnostics: list[Diagnostic]) -> Any:
    doc.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str | int):
                diagnostics.append(error("yaml-key", "keys must be plain names",
                                         source=doc.display, line=key_node.start_mark.line + 1,
                                         field=format_field(path) or None))
                continue
            key = str(key)
            child = (*path, key)
            if key in result:
                diagnostics.append(error(
                    "yaml-duplicate-key",
                    f"key '{key}' appears twice (first on line {doc.lines[child]})",
                    source=doc.display, line=key_node.start_mark.line + 1,
                    field=format_field(child)))
                continue
            doc.lines[child] = key_node.start_mark.line + 1
            result[key] = _walk(loader, value_node, child, doc, diagnostics)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            child = (*path, index)
            doc.lines[child] = item.start_mark.line + 1
            items.append(_walk(loader, item, child, doc, diagnostics))
        return items
    return loader.construct_object(node, deep=True)
