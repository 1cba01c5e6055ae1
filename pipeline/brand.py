"""The brand: CMYK palette, font families from installed PyPI font packages, logos.

Colours are given in percent C/M/Y/K in ``brand/brand.yaml`` and reach templates only as
``device-cmyk()`` values, so no template needs to (or can) write an RGB colour. Fonts are
resolved to files inside their installed distribution, never looked up on the system.
"""

from __future__ import annotations

from functools import cached_property
from importlib import metadata
from pathlib import Path
from typing import Annotated, Literal, NamedTuple

from markupsafe import Markup
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from pipeline.content.validate import located, validate_document
from pipeline.content.yamlsource import read_yaml
from pipeline.diagnostics import Diagnostic, error

Percent = Annotated[float, Field(ge=0, le=100)]
FamilyName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9 ]+$")]


class Cmyk(NamedTuple):
    """A process colour: cyan, magenta, yellow and black, each in percent (0–100)."""

    c: float
    m: float
    y: float
    k: float

    @property
    def css(self) -> str:
        """CSS/SVG ``device-cmyk()`` value (fractions 0–1)."""
        return "device-cmyk({})".format(" ".join(f"{v / 100:g}" for v in self))

    @property
    def coverage(self) -> float:
        """Total ink coverage in percent (TAC of a solid fill)."""
        return self.c + self.m + self.y + self.k


class FontFace(BaseModel):
    """One file of a family, by file name inside its package or folder.

    ``weight`` is a CSS weight (100–900), ``style`` ``normal`` or ``italic``.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    file: str
    weight: int = Field(default=400, ge=100, le=900)
    style: Literal["normal", "italic"] = "normal"


class FontFamily(BaseModel):
    """A font family shipped by a PyPI package, or kept in a folder of brand/ with its licence.

    Exactly one of ``package`` and ``folder`` (``ValidationError`` otherwise); a folder is
    for a family no package carries.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    family: FamilyName
    package: str | None = None
    folder: str | None = None
    faces: list[FontFace] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_source(self) -> FontFamily:
        if (self.package is None) == (self.folder is None):
            raise ValueError("give exactly one of 'package' (PyPI) or 'folder' (in brand/)")
        return self


class Logo(BaseModel):
    """A logo: an SVG file in brand/logos, or a typeset wordmark placeholder.

    Exactly one of ``file`` and ``wordmark`` (``ValidationError`` otherwise); ``font`` is the
    font role a wordmark is set in.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    wordmark: str | None = None
    file: str | None = None
    font: str = "sans"
    placeholder: bool = False
    note: str | None = None

    @model_validator(mode="after")
    def _one_source(self) -> Logo:
        if (self.wordmark is None) == (self.file is None):
            raise ValueError("give exactly one of 'wordmark' (text) or 'file' (SVG artwork)")
        return self


class OutputProfile(BaseModel):
    """The printing condition every print PDF is made for (its PDF/X output intent)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    identifier: str
    """Registered characterization name, e.g. FOGRA39."""
    condition: str
    """Human-readable description of the printing condition."""
    profile: str
    """ICC output profile (CMYK) in brand/."""
    registry: str = "http://www.color.org"
    """RegistryName of the output intent (ICC's registry of characterized conditions)."""


class BrandData(BaseModel):
    """The content of brand/brand.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    output: OutputProfile
    palette: dict[str, tuple[Percent, Percent, Percent, Percent]]
    fonts: dict[str, FontFamily]
    logos: dict[str, Logo] = {}


class Palette:
    """Named CMYK colours; attribute or item access gives the ``device-cmyk()`` CSS value.

    ``palette.red_dark`` reads the colour ``red-dark``. An unknown name raises
    ``KeyError`` through ``[]`` and ``AttributeError`` as an attribute, as Jinja expects,
    so a typo in a layout is an undefined value (a ``RenderError`` naming the layout line),
    not an internal error.
    """

    def __init__(self, colours: dict[str, Cmyk]) -> None:
        self.colours = colours

    def __getitem__(self, name: str) -> Markup:
        try:
            return Markup(self.colours[name.replace("_", "-")].css)
        except KeyError:
            raise KeyError(f"no colour '{name}' in the brand palette") from None

    def __getattr__(self, name: str) -> Markup:
        try:
            return self[name]
        except KeyError as exc:
            raise AttributeError(exc.args[0]) from None

    def __contains__(self, name: object) -> bool:
        return name in self.colours


class Brand:
    """The loaded brand with its font files resolved.

    ``font_files`` maps each font role (``sans``, ``serif``) to (face, absolute path) pairs;
    ``root`` is brand/.
    """

    def __init__(self, data: BrandData, root: Path,
                 font_files: dict[str, list[tuple[FontFace, Path]]]) -> None:
        self.data = data
        self.root = root
        self.font_files = font_files
        self.palette = Palette({k: Cmyk(*v) for k, v in data.palette.items()})

    @property
    def profile_path(self) -> Path:
        """The output ICC profile in brand/ (checked by ``load_brand``: a CMYK output profile)."""
        return self.root / self.data.output.profile

    def font_file(self, role: str = "sans", weight: int = 400) -> Path:
        """The file of the upright face of ``role`` closest to ``weight`` (CSS, 100–900)."""
        faces = [(face, path) for face, path in self.font_files[role] if face.style == "normal"]
        return min(faces, key=lambda fp: abs(fp[0].weight - weight))[1]

    @property
    def font_dirs(self) -> list[Path]:
        """Folders the URL fetcher may read font files from, sorted."""
        return sorted({path.parent for faces in self.font_files.values() for _, path in faces})

    def is_brand_font(self, pdf_name: str) -> bool:
        """Whether a PDF BaseFont name (``ABCDEF+Source-Sans-Pro-Bold``) is a brand family."""
        plain = _squash(pdf_name.split("+", 1)[-1])
        return any(plain.startswith(_squash(fam.family)) for fam in self.data.fonts.values())

    def family(self, role: str) -> Markup:
        """CSS ``font-family`` value for a role such as ``sans``."""
        return Markup(f"'{self.data.fonts[role].family}'")

    @cached_property
    def font_face_css(self) -> Markup:
        """``@font-face`` rules pointing at the installed font files."""
        rules = []
        for role, faces in self.font_files.items():
            family = self.data.fonts[role].family
            for face, path in faces:
                rules.append(
                    f"@font-face {{ font-family: '{family}'; src: url('{path.as_uri()}'); "
                    f"font-weight: {face.weight}; font-style: {face.style}; }}")
        return Markup("\n".join(rules))


def _squash(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def load_brand(brand_dir: Path, display_root: Path) -> tuple[Brand | None, list[Diagnostic]]:
    """Read brand/brand.yaml: ``(brand, [])``, or ``(None, every problem found in it)``.

    Problems: the file missing, its YAML and fields, a font package not installed or a face
    missing from it, a font folder or profile outside brand/ (``unsafe-url``), a profile that
    is not a CMYK output profile (ICC header: class ``prtr``, colour space ``CMYK``), a
    missing logo file or unknown font role. Paths in messages are relative to
    ``display_root``.
    """
    path = brand_dir / "brand.yaml"
    display = path.relative_to(display_root).as_posix() if path.is_relative_to(display_root) \
        else str(path)
    if not path.is_file():
        return None, [error("brand-missing", "brand file not found", source=display)]
    doc, diagnostics = read_yaml(path, display)
    if doc is None:
        return None, diagnostics
    data, diagnostics = validate_document(doc, BrandData)
    if data is None:
        return None, diagnostics
    font_files: dict[str, list[tuple[FontFace, Path]]] = {}
    for role, fam in data.fonts.items():
        if fam.folder is not None:
            folder = (brand_dir / fam.folder).resolve()
            if not folder.is_relative_to(brand_dir.resolve()):
                # Its folder becomes one the URL fetcher may read: it must be brand/'s own.
                diagnostics.append(located(doc, ("fonts", role, "folder"),
                                           f"'{fam.folder}' is outside brand/",
                                           code="unsafe-url"))
                continue
            files = {p.name: p for p in folder.glob("*")} if folder.is_dir() else {}
            where = f"brand/{fam.folder}"
        else:
            try:
                dist = metadata.distribution(fam.package or "")
            except metadata.PackageNotFoundError:
                diagnostics.append(located(doc, ("fonts", role, "package"),
                                           f"font package '{fam.package}' is not installed "
                                           f"(pip install {fam.package})", code="brand-font"))
                continue
            files = {Path(str(f)).name: Path(str(dist.locate_file(f)))
                     for f in dist.files or []}
            where = f"package '{fam.package}'"
        resolved = []
        for index, face in enumerate(fam.faces):
            file_path = files.get(face.file)
            if file_path is None or not file_path.is_file():
                diagnostics.append(located(doc, ("fonts", role, "faces", index, "file"),
                                           f"'{face.file}' is not in {where}",
                                           code="brand-font"))
                continue
            resolved.append((face, file_path.resolve()))
        font_files[role] = resolved
    profile = brand_dir / data.output.profile
    if not profile.resolve().is_relative_to(brand_dir.resolve()):
        diagnostics.append(located(doc, ("output", "profile"),
                                   f"'{data.output.profile}' is outside brand/",
                                   code="unsafe-url"))
    elif not profile.is_file():
        diagnostics.append(located(doc, ("output", "profile"),
                                   f"ICC profile '{data.output.profile}' not found in brand/",
                                   code="brand-profile"))
    elif profile.read_bytes()[12:20] != b"prtrCMYK":
        diagnostics.append(located(doc, ("output", "profile"),
                                   f"'{data.output.profile}' is not a CMYK output profile",
                                   code="brand-profile"))
    for name, logo in data.logos.items():
        if logo.file and not (brand_dir / logo.file).is_file():
            diagnostics.append(located(doc, ("logos", name, "file"),
                                       f"logo file '{logo.file}' not found in brand/",
                                       code="brand-logo"))
        if logo.font not in data.fonts:
            diagnostics.append(located(doc, ("logos", name, "font"),
                                       f"unknown font role '{logo.font}'", code="brand-logo"))
    if diagnostics:
        return None, diagnostics
    return Brand(data, brand_dir, font_files), []

