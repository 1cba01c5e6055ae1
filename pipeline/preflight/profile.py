"""Preflight profiles as data: a GWG variant and a printer's own limits, swappable.

A profile is a YAML file (``pipeline/data/preflight/<id>.yaml``, or any path given to
``build-print preflight --profile``) that may ``extends:`` another; its values are merged
key by key. Every threshold carries its source in the file (GWG requirement numbers,
printers' specifications, print-specs.md). ``severity:`` maps a check code to ``error``,
``warning``, ``info`` or ``off`` to set it as a printer does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from pipeline.diagnostics import Severity
from pipeline.errors import ConfigError

DEFAULT_PROFILE = "campaign"
"""The profile ``build-print preflight`` and the build use unless told otherwise."""
OFFICE_PROFILE = "office"
"""The profile of the sheets the build makes for the office printer (radio)."""
OFF = "off"


@dataclass(frozen=True)
class Profile:
    """A preflight profile, resolved (``extends`` merged). Sizes in pt, coverage in %.

    Limits of ``None`` are off. Text and line limits apply at final size (a 1:10 billboard's
    6 pt type prints at 60 pt).
    """

    id: str
    title: str
    pdf_version: str = "1.6"
    tac_limit: float = 320.0
    window_mm: float = 15.0
    min_ppi: float = 150.0
    good_ppi: float = 225.0
    min_ppi_1bit: float = 550.0
    good_ppi_1bit: float = 800.0
    small_px: int = 16
    max_bits: int = 8
    jpeg2000: bool = False
    text_min_pt: float | None = None
    text_warn_pt: float | None = None
    text_multi_plate_pt: float | None = 8.0
    text_white_pt: float | None = 8.0
    rich_black_total: float | None = 280.0
    line_multi_plate_pt: float | None = 0.25
    line_white_pt: float | None = 0.25
    line_min_pt: float | None = None
    spot_colours: int = 0
    pages: int | None = None
    severity: dict[str, str] = field(default_factory=dict)

    def severity_of(self, code: str, default: Severity) -> Severity | None:
        """The severity the profile gives ``code`` (``None``: the check is off)."""
        value = self.severity.get(code)
        if value is None:
            return default
        return None if value == OFF else Severity(value)


_FIELDS = {
    ("pdf_version",): "pdf_version", ("ink", "tac_limit"): "tac_limit",
    ("ink", "window_mm"): "window_mm", ("images", "min_ppi"): "min_ppi",
    ("images", "good_ppi"): "good_ppi", ("images", "min_ppi_1bit"): "min_ppi_1bit",
    ("images", "good_ppi_1bit"): "good_ppi_1bit", ("images", "small_px"): "small_px",
    ("images", "max_bits"): "max_bits", ("images", "jpeg2000"): "jpeg2000",
    ("text", "min_pt"): "text_min_pt", ("text", "warn_pt"): "text_warn_pt",
    ("text", "multi_plate_pt"): "text_multi_plate_pt", ("text", "white_pt"): "text_white_pt",
    ("text", "rich_black_total"): "rich_black_total",
    ("lines", "multi_plate_pt"): "line_multi_plate_pt", ("lines", "white_pt"): "line_white_pt",
    ("lines", "min_pt"): "line_min_pt", ("spot_colours",): "spot_colours",
    ("pages",): "pages", ("severity",): "severity",
}

_SECTIONS: dict[str, set[str]] = {}
"""The keys each section (``ink``, ``images``, ``text``, ``lines``) may hold."""
for _key_path in _FIELDS:
    if len(_key_path) == 2:
        _SECTIONS.setdefault(_key_path[0], set()).add(_key_path[1])


def profile_ids() -> list[str]:
    """The ids of the profiles shipped with build-print."""
    folder = resources.files("pipeline") / "data" / "preflight"
    return sorted(p.name.removesuffix(".yaml") for p in folder.iterdir()
                  if p.name.endswith(".yaml"))


@cache
def load_profile(name: str = DEFAULT_PROFILE) -> Profile:
    """The profile ``name``: a shipped id (see ``profile_ids``) or a path to a YAML file.

    Raises ``ConfigError`` naming the file and the key for an unknown profile, a YAML
    error, an unknown key or a value of the wrong type.
    """
    data = _merged(name, set())
    values: dict[str, Any] = {"id": str(data.get("id", name)),
                              "title": str(data.get("title", name))}
    source = _path(name)
    for key_path, attribute in _FIELDS.items():
        node: Any = data
        for key in key_path:
            if not isinstance(node, dict) or key not in node:
                break
            node = node[key]
        else:
            values[attribute] = node
    known = {k[0] for k in _FIELDS} | {"id", "title", "extends"}
    for key in data:
        if key not in known:
            raise ConfigError(f"{source}: unknown key {key!r}; known: {', '.join(sorted(known))}")
    for section, keys in _SECTIONS.items():  # a typo inside a section would be ignored
        value = data.get(section, {})
        if not isinstance(value, dict):
            raise ConfigError(f"{source}: {section}: a mapping of {', '.join(sorted(keys))}")
        for key in value:
            if key not in keys:
                raise ConfigError(f"{source}: unknown key {section}.{key}; known: "
                                  f"{', '.join(sorted(keys))}")
    severity = {key: OFF if value is False else value  # YAML reads a bare ``off`` as false
                for key, value in (values.get("severity") or {}).items()}
    values["severity"] = severity
    for key, value in severity.items():
        if value not in (OFF, *(s.value for s in Severity)):
            raise ConfigError(f"{source}: severity.{key}: {value!r} is not error, warning, "
                              "info or off")
    try:
        return Profile(**values)
    except TypeError as exc:
        raise ConfigError(f"{source}: {exc}") from None


def _path(name: str) -> Path:
    if name.endswith((".yaml", ".yml")) or "/" in name:
        return Path(name)
    return Path(str(resources.files("pipeline") / "data" / "preflight" / f"{name}.yaml"))


def _merged(name: str, seen: set[str]) -> dict[str, Any]:
    path = _path(name)
    if name in seen:
        raise ConfigError(f"{path}: 'extends' loops back to {name!r}")
    if not path.is_file():
        raise ConfigError(f"no preflight profile {name!r} ({path} not found); shipped "
                          f"profiles: {', '.join(profile_ids())}, or give a path to a YAML file")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not a readable YAML profile: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: a profile is a mapping of keys to values")
    parent = data.get("extends")
    if parent is None:
        return data
    return _merge(_merged(str(parent), seen | {name}), data)


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    merged.pop("extends", None)
    return merged
