"""Document-level checks: version, PDF/X, output intent, security, scripts, forms, layers.

Also annotations and the transparency blending space.

Sources: PDF/X-4 (ISO 15930-7) as summarised in print-specs.md §4.1; GWG 2015/2022 R0001,
R0030, R0035 (§5.1); GWG 2022 "all optional content must be visible" (§5.1 [S56b]).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pikepdf

from pipeline.diagnostics import Severity
from pipeline.preflight.colour import resolve_space
from pipeline.preflight.context import Preflight
from pipeline.preflight.registry import Hit, check

INFO = Severity.INFO
WARNING = Severity.WARNING


@check("pdf-version", "PDF version", covers="R0001 (PDF/X-4 is PDF 1.6)")
def pdf_version(ctx: Preflight) -> Iterator[Hit]:
    """A version above the profile's (PDF/X-4: 1.6) is an error."""
    version = str(ctx.pdf.pdf_version)
    if tuple(map(int, version.split("."))) > tuple(map(int, ctx.profile.pdf_version.split("."))):
        yield Hit(None, f"PDF {version}: PDF/X-4 allows at most PDF {ctx.profile.pdf_version}",
                  measured=version, threshold=f"≤ {ctx.profile.pdf_version}")
    else:
        yield Hit(None, f"PDF {version}", severity=INFO)


@check("pdfx-version", "PDF/X-4 identification", covers="R0001 (ISO 15930-7 §6.2 XMP)")
def pdfx_version(ctx: Preflight) -> Iterator[Hit]:
    """The XMP metadata names the file ``PDF/X-4`` (``pdfxid:GTS_PDFXVersion``)."""
    try:
        with ctx.pdf.open_metadata() as meta:
            version = str(meta.get("pdfxid:GTS_PDFXVersion", ""))
    except Exception:  # unreadable XMP: the same as none
        version = ""
    where = "XMP metadata"
    if not version:  # PDF/X-1a and -3 wrote it in the Info dictionary; older tools still do
        version, where = ctx.info.get("/GTS_PDFXVersion", ""), "Info dictionary"
    if not version.startswith("PDF/X-4"):
        found = f"identifies itself as {version}" if version else "has no PDF/X identification"
        yield Hit(None, f"the file {found}; PDF/X-4 is required (GWG R0001)",
                  measured=version or "none", threshold="PDF/X-4")
    else:
        yield Hit(None, f"identified as {version} in its {where}", severity=INFO)


@check("output-intent", "PDF/X output intent", covers="R0035; ISO 15930-7 output intent")
def output_intent(ctx: Preflight) -> Iterator[Hit]:
    """Exactly one GTS_PDFX output intent, with identifier and an embedded CMYK profile."""
    intents = [i for i in ctx.pdf.Root.get("/OutputIntents", pikepdf.Array())
               if isinstance(i, pikepdf.Dictionary)]
    pdfx = [i for i in intents if i.get("/S") == "/GTS_PDFX"]
    if len(pdfx) != 1:
        what = "no PDF/X output intent" if not pdfx else f"{len(pdfx)} PDF/X output intents"
        yield Hit(None, f"{what}; exactly one is required")
        return
    intent = pdfx[0]
    identifier = str(intent.get("/OutputConditionIdentifier", ""))
    profile = intent.get("/DestOutputProfile")
    bad = False
    if not identifier:
        bad = True
        yield Hit(None, "OutputConditionIdentifier missing")
    if profile is None:
        bad = True
        yield Hit(None, "no embedded output profile")
    elif int(profile.get("/N", 0)) != 4:
        bad = True
        yield Hit(None, "output profile is not CMYK (GWG R0035)")
    if not bad:
        yield Hit(None, f"{identifier} ({intent.get('/RegistryName', 'no registry')}), "
                        "CMYK profile embedded", severity=INFO)


@check("encryption", "Encryption", covers="ISO 15930-7: encryption prohibited")
def encryption(ctx: Preflight) -> Iterator[Hit]:
    """An encrypted file (even with an empty user password) is refused by PDF/X."""
    if ctx.pdf.is_encrypted or "/Encrypt" in ctx.pdf.trailer:
        yield Hit(None, "the file is encrypted; PDF/X forbids encryption")


ACTIVE = frozenset({"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/Rendition",
                    "/Sound", "/Movie"})
"""Action types that run something (ISO 32000-1 Table 198): prohibited in PDF/X files."""


@check("javascript", "JavaScript and active actions", covers="ISO 15930-7: no JavaScript, "
       "no actions that run or send")
def javascript(ctx: Preflight) -> Iterator[Hit]:
    """JavaScript anywhere (name tree, open action, additional actions, annotations)."""
    root = ctx.pdf.Root
    places = []
    if "/JavaScript" in root.get("/Names", pikepdf.Dictionary()):
        places.append("document JavaScript")
    for where, holder in [("the open action", root.get("/OpenAction")),
                          ("document additional actions", root.get("/AA"))]:
        if _active(holder):
            places.append(where)
    for number, page in enumerate(ctx.pdf.pages, start=1):
        if _active(page.obj.get("/AA")):
            places.append(f"page {number} additional actions")
        for annot in page.obj.get("/Annots", pikepdf.Array()):
            if isinstance(annot, pikepdf.Dictionary) and (
                    _active(annot.get("/A")) or _active(annot.get("/AA"))):
                places.append(f"an annotation on page {number}")
    if places:
        yield Hit(None, "JavaScript or active actions found (" + ", ".join(sorted(set(places)))
                  + "); PDF/X forbids them")


def _active(action: Any) -> bool:
    """Whether an action (or a dictionary of actions, or a chain via /Next) runs something."""
    if not isinstance(action, pikepdf.Dictionary):
        return False
    if str(action.get("/S", "")) in ACTIVE:
        return True
    if "/S" not in action:  # an additional-actions dictionary: trigger → action
        return any(_active(value) for _, value in action.items())
    follow = action.get("/Next")
    chain = list(follow) if isinstance(follow, pikepdf.Array) else [follow]
    return any(_active(a) for a in chain if a is not None)


@check("form-fields", "Form fields", covers="ISO 15930-7: no interactive form in the print area")
def form_fields(ctx: Preflight) -> Iterator[Hit]:
    """An interactive form (AcroForm fields) has no place in a print file."""
    fields = ctx.pdf.Root.get("/AcroForm", pikepdf.Dictionary()).get("/Fields", pikepdf.Array())
    if len(fields):
        yield Hit(None, f"{len(fields)} interactive form field(s); flatten them into the page")


@check("annotations", "Annotations", covers="ISO 15930-7: annotations inside the BleedBox")
def annotations_on_pages(ctx: Preflight) -> Iterator[Hit]:
    """Links, comments and widgets on a page: print output carries none."""
    for number, page in enumerate(ctx.pdf.pages, start=1):
        annots = [a for a in page.obj.get("/Annots", pikepdf.Array())
                  if isinstance(a, pikepdf.Dictionary)]
        kinds = Counter(str(a.get("/Subtype", "/?")).lstrip("/") for a in annots)
        if kinds:
            detail = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
            yield Hit(number, f"annotations on the page ({detail}): remove them from print "
                              "output")


@check("optional-content", "Optional content (layers)",
       covers="GWG 2022 'all optional content visible' (PDF/X-4 allows layers)")
def optional_content(ctx: Preflight) -> Iterator[Hit]:
    """Layers switched off by default print differently in every RIP: all must be on."""
    properties = ctx.pdf.Root.get("/OCProperties")
    if not isinstance(properties, pikepdf.Dictionary):
        return
    config = properties.get("/D", pikepdf.Dictionary())
    hidden = [str(g.get("/Name", "?")) for g in config.get("/OFF", pikepdf.Array())
              if isinstance(g, pikepdf.Dictionary)]
    if str(config.get("/BaseState", "/ON")) == "/OFF":
        hidden.append("all layers (BaseState OFF)")
    if hidden:
        yield Hit(None, "optional content hidden by default: " + ", ".join(hidden)
                  + "; make every layer visible or remove it")
    else:
        yield Hit(None, f"{len(properties.get('/OCGs', []))} layer(s), all visible",
                  severity=INFO)


@check("transparency-space", "Transparency blending space", covers="R0030")
def transparency_space(ctx: Preflight) -> Iterator[Hit]:
    """Page and form transparency groups blend in DeviceCMYK (GWG R0030)."""
    for number, page in enumerate(ctx.pdf.pages, start=1):
        for where, group, resources in _groups(page.obj):
            space = group.get("/CS")
            if space is None:
                continue
            resolved = resolve_space(space, resources)
            if resolved.family != "DeviceCMYK":
                yield Hit(number, f"transparency group of {where} blends in "
                                  f"{resolved.label}, not DeviceCMYK (GWG R0030)",
                          measured=resolved.label, threshold="DeviceCMYK")


@check("transparency", "Transparency in use", covers="PDF/X-4 allows it; flattening is checked",
       severity=WARNING)
def transparency(ctx: Preflight) -> Iterator[Hit]:
    """Opacity below 1, soft masks and blend modes: allowed in PDF/X-4, worth a look."""
    seen = set()
    for mark in ctx.marks:
        state = mark.state
        if mark.mask or (state.alpha >= 1 and not state.soft_mask):
            continue
        key = (mark.page, state.alpha, state.soft_mask)
        if key in seen:
            continue
        seen.add(key)
        detail = f"opacity {state.alpha:g}" + (", soft mask" if state.soft_mask else "")
        yield Hit(mark.page, f"transparency ({detail}): allowed in PDF/X-4, check it after "
                             "flattening")
    for mark in ctx.marks:
        if mark.kind == "image" and isinstance(mark.obj, pikepdf.Stream) \
                and "/SMask" in mark.obj:
            yield Hit(mark.page, f"image {mark.name} has a soft mask (transparency)")


@check("content-syntax", "Content streams readable",
       covers="ISO 32000-1 §7.8.2 (operators and their operands)")
def content_syntax(ctx: Preflight) -> Iterator[Hit]:
    """Operators with operands of the wrong kind or number: each RIP draws them its way."""
    for mark in ctx.marks:
        if mark.kind == "malformed":
            yield Hit(mark.page, f"malformed operator '{mark.name}' in {mark.origin} "
                                 f"({mark.obj}): a RIP may skip it or stop; export the file "
                                 "again", group="malformed")


@check("page-count", "Page count", covers="R0006 (ads: one page); the product's pages")
def page_count(ctx: Preflight) -> Iterator[Hit]:
    """The product's page count (or the profile's, e.g. one page for an ad)."""
    count = len(ctx.pdf.pages)
    expected = ctx.expect.pages or ctx.profile.pages
    if expected is not None and count != expected:
        yield Hit(None, f"{count} pages; the product has {expected}",
                  measured=str(count), threshold=str(expected))


def _groups(page: Any) -> list[tuple[str, Any, Any]]:
    found = []
    if "/Group" in page:
        found.append(("the page", page.Group, page.get("/Resources")))
    seen: set[tuple[int, int]] = set()
    stack = [(page.get("/Resources"), "")]
    while stack:
        resources, prefix = stack.pop()
        if not isinstance(resources, pikepdf.Dictionary):
            continue
        for name, xobject in resources.get("/XObject", pikepdf.Dictionary()).items():
            if xobject.objgen in seen or xobject.get("/Subtype") != "/Form":
                continue
            seen.add(xobject.objgen)
            label = f"{prefix}form {name}"
            if "/Group" in xobject:
                found.append((label, xobject.Group, xobject.get("/Resources", resources)))
            stack.append((xobject.get("/Resources"), label + " > "))
    return found

