"""Checks of a digital edition on its final bytes: tagged, navigable, sRGB, the print text.

Each check is registered with its code (``@check``) and yields the findings of one property
(PDF/UA-1, ISO 14289-1, as the issue asks it: a structure tree that holds every page's
content or marks it as artifact, /Alt on every Figure, /Lang, /MarkInfo, the title shown;
and the edition's own: a bookmark per chapter with its heading, live links that land on a
page or open an https URL, no DeviceCMYK, the text of every page as in the print edition).
``check_edition`` runs them all. Read through pikepdf (qpdf's parser) and pdfium (the text).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

from pipeline.diagnostics import Diagnostic, error
from pipeline.pdffile import PdfFile
from pipeline.preflight.colour import resolve_space


@dataclass(frozen=True)
class Edition:
    """A digital edition to check: its file, what it must match, where findings go.

    ``chapters``: the chapter headings in order (the bookmarks' titles); ``print_text``:
    the text of each page of the print edition (``None``: no print edition to compare).
    """

    file: PdfFile
    chapters: tuple[str, ...]
    print_text: tuple[str, ...] | None
    job: str
    source: str

    def error(self, code: str, message: str, page: int | None = None) -> Diagnostic:
        """An error of this edition (``page``: 1-based)."""
        return error(code, message, job=self.job, source=self.source, page=page)


Check = Callable[[Edition], Iterator[Diagnostic]]
CHECKS: dict[str, tuple[str, Check]] = {}
"""Every check by code: its title and function, in run order."""


def check(code: str, title: str) -> Callable[[Check], Check]:
    """Register a check under ``code`` with ``title``."""
    def register(function: Check) -> Check:
        CHECKS[code] = (title, function)
        return function
    return register


def check_edition(edition: Edition) -> list[Diagnostic]:
    """The findings of every registered check (none: the edition passes them all)."""
    return [d for _, function in CHECKS.values() for d in function(edition)]


def normalised(text: str) -> str:
    """Text compared as words: any run of white space (no-break too) as one space."""
    return " ".join(re.sub(r"[\s\u00a0\u202f\ufffe\u0002]+", " ", text).split())


def page_texts(file: PdfFile) -> tuple[str, ...]:
    """The text pdfium extracts of each page, ``normalised``."""
    return tuple(normalised(file.textpage(i).get_text_range()) for i in range(len(file)))


@check("ua-structure", "a structure tree, /MarkInfo /Marked true, /Lang, the title shown")
def _document(edition: Edition) -> Iterator[Diagnostic]:
    root = edition.file.pikepdf.Root
    tree = root.get(Name.StructTreeRoot)
    if not isinstance(tree, Dictionary) or not tree.get(Name.K):
        yield edition.error("ua-structure", "no structure tree (/StructTreeRoot with /K): "
                            "the file is not tagged")
    mark = root.get(Name.MarkInfo)
    if not isinstance(mark, Dictionary) or not _true(mark.get(Name.Marked)):
        yield edition.error("ua-marked", "/MarkInfo /Marked is not true")
    if not str(root.get(Name.Lang, "")).strip():
        yield edition.error("ua-lang", "no /Lang: the document's language is not declared")
    preferences = root.get(Name.ViewerPreferences)
    title = edition.file.pikepdf.docinfo.get(Name.Title)
    if not isinstance(preferences, Dictionary) or \
            not _true(preferences.get(Name.DisplayDocTitle)) or title is None \
            or not str(title).strip():
        yield edition.error("ua-title", "the title is not shown in the window title "
                            "(/ViewerPreferences /DisplayDocTitle true and a /Title)")


def _true(value: object) -> bool:
    """Whether a PDF object is the boolean true (pikepdf gives Python's ``True``)."""
    return value is True


def structure_elements(pdf: pikepdf.Pdf) -> Iterator[Dictionary]:
    """Every structure element under the StructTreeRoot (its /K, recursively), each once."""
    tree = pdf.Root.get(Name.StructTreeRoot)
    stack = list(tree.get(Name.K, Array())) if isinstance(tree, Dictionary) else []
    seen: set[tuple[int, int]] = set()
    while stack:
        node = stack.pop()
        if isinstance(node, Array):
            stack.extend(node)
        elif isinstance(node, Dictionary) and Name.S in node:
            if node.is_indirect:
                if node.objgen in seen:
                    continue
                seen.add(node.objgen)
            yield node
            kids = node.get(Name.K)
            stack.extend(kids if isinstance(kids, Array) else [kids] if kids is not None
                         else [])


@check("ua-figure-alt", "every Figure has /Alt")
def _figures(edition: Edition) -> Iterator[Diagnostic]:
    pages = {page.obj.objgen: n for n, page in enumerate(edition.file.pikepdf.pages, start=1)}
    for element in structure_elements(edition.file.pikepdf):
        if Name.Figure == element.S and not str(element.get(Name.Alt, "")).strip():
            page = element.get(Name.Pg)
            yield edition.error("ua-figure-alt", "a Figure has no /Alt (text alternative)",
                                page=pages.get(page.objgen) if isinstance(page, Dictionary)
                                else None)


PAINTING = frozenset({"Tj", "TJ", "'", '"', "f", "F", "f*", "B", "B*", "b", "b*", "S", "s",
                      "Do", "sh", "BI"})
"""Content operators that put marks on the page (ISO 32000-1 tables 51, 60, 87, 92, 77)."""


def _numbers(node: object, depth: int = 0) -> dict[int, object]:
    """The entries of a number tree (ISO 32000-1 7.9.7): its /Nums and its /Kids'."""
    found: dict[int, object] = {}
    if not isinstance(node, Dictionary) or depth > 32:  # 32: far deeper than any real tree
        return found
    nums = node.get(Name.Nums)
    if isinstance(nums, Array):
        found.update((int(nums[i]), nums[i + 1]) for i in range(0, len(nums) - 1, 2))
    for kid in node.get(Name.Kids, Array()):
        found.update(_numbers(kid, depth + 1))
    return found


def marked_content(pdf: pikepdf.Pdf) -> list[dict[int, bool]]:
    """Each page's MCIDs (from the ParentTree) → whether their element is in the tree."""
    tree = pdf.Root.get(Name.StructTreeRoot)
    parents = _numbers(tree.get(Name.ParentTree)) if isinstance(tree, Dictionary) else {}
    reachable = {e.objgen for e in structure_elements(pdf) if e.is_indirect}
    found = []
    for page in pdf.pages:
        key = page.obj.get(Name.StructParents)
        mapped = parents.get(int(key)) if key is not None else None
        found.append({mcid: element.objgen in reachable for mcid, element
                      in enumerate(mapped if isinstance(mapped, Array) else [])
                      if isinstance(element, Dictionary)})
    return found


@check("ua-untagged", "every page's content tagged or marked as artifact")
def _tagged(edition: Edition) -> Iterator[Diagnostic]:
    pdf = edition.file.pikepdf
    tree = pdf.Root.get(Name.StructTreeRoot)
    if not isinstance(tree, Dictionary) or Name.ParentTree not in tree:
        return  # ua-structure says so
    for number, (page, mcids) in enumerate(zip(pdf.pages, marked_content(pdf), strict=True),
                                           start=1):
        tagged = {mcid for mcid, reached in mcids.items() if reached}
        untagged = 0
        stack: list[bool] = []  # per open marked-content sequence: does it count as tagged
        for instruction in pikepdf.parse_content_stream(page):
            operands, name = instruction.operands, str(instruction.operator)
            if name in ("BMC", "BDC"):
                props = operands[1] if name == "BDC" and len(operands) == 2 else None
                mcid = props.get(Name.MCID) if isinstance(props, Dictionary) else None
                stack.append(operands[0] == Name.Artifact
                             or (mcid is not None and int(mcid) in tagged)
                             or (bool(stack) and stack[-1]))
            elif name == "EMC" and stack:
                stack.pop()
            elif name in PAINTING and not (stack and stack[-1]):
                untagged += 1
        if untagged:
            yield edition.error("ua-untagged", f"{untagged} painting operator(s) neither in "
                                "the structure tree nor marked as artifact", page=number)


@check("ua-outline", "a bookmark for every chapter, titled with its heading")
def _outline(edition: Edition) -> Iterator[Diagnostic]:
    with edition.file.pikepdf.open_outline() as outline:
        titles = tuple(normalised(item.title) for item in outline.root)
    wanted = tuple(normalised(title) for title in edition.chapters)
    if titles != wanted:
        yield edition.error("ua-outline", f"{len(titles)} top-level bookmark(s) "
                            f"{list(titles)[:3]}…, the book has {len(wanted)} chapter(s) "
                            f"{list(wanted)[:3]}…: one bookmark per chapter, titled with its "
                            "heading")


@check("screen-links", "every link lands on a page of the file or opens an https URL")
def _links(edition: Edition) -> Iterator[Diagnostic]:
    pdf = edition.file.pikepdf
    names = pdf.Root.get(Name.Names)
    dests = pikepdf.NameTree(names.Dests) if isinstance(names, Dictionary) \
        and Name.Dests in names else None
    pages = {page.obj.objgen for page in pdf.pages}
    for number, page in enumerate(pdf.pages, start=1):
        for annot in page.obj.get(Name.Annots, Array()):
            if annot.get(Name.Subtype) != Name.Link:
                continue
            action = annot.get(Name.A)
            if isinstance(action, Dictionary) and action.get(Name.S) == Name.URI:
                uri = str(action.get(Name.URI, ""))
                if not uri.startswith("https://"):
                    yield edition.error("screen-links", f"link to '{uri}': only https URLs",
                                        page=number)
                continue
            dest = action.get(Name.D) if isinstance(action, Dictionary) \
                else annot.get(Name.Dest)
            if isinstance(dest, (pikepdf.String, Name)) and dests is not None:
                dest = dests.get(str(dest).lstrip("/"))
            target = dest[0] if isinstance(dest, Array) and len(dest) else None
            if not isinstance(target, Dictionary) or target.objgen not in pages:
                yield edition.error("screen-links", "a link that lands nowhere (its "
                                    "destination is not a page of the file)", page=number)


def _cmyk_space(space: object, resources: object = None) -> bool:
    """Whether a colour space (a name, maybe of ``resources``, or an array) paints in CMYK."""
    return resolve_space(space, resources).in_cmyk


def _cmyk_in(holder: pikepdf.Page | Stream, resources: object,
             seen: set[tuple[int, int]]) -> Iterator[str]:
    """What paints in CMYK in a content stream and its resources (forms recursively)."""
    if isinstance(resources, Dictionary):
        for key, shading in resources.get(Name.Shading, Dictionary()).items():
            if _cmyk_space(shading.get(Name.ColorSpace)):
                yield f"shading {key}"
        for key, xobject in resources.get(Name.XObject, Dictionary()).items():
            if xobject.objgen in seen:
                continue
            seen.add(xobject.objgen)
            if xobject.get(Name.Subtype) == Name.Image and \
                    _cmyk_space(xobject.get(Name.ColorSpace)):
                yield f"image {key}"
            group = xobject.get(Name.Group)
            if isinstance(group, Dictionary) and _cmyk_space(group.get(Name.CS)):
                yield f"transparency group of {key}"
            if isinstance(xobject, Stream) and xobject.get(Name.Subtype) == Name.Form:
                yield from _cmyk_in(xobject, xobject.get(Name.Resources), seen)
    for instruction in pikepdf.parse_content_stream(holder):
        operands, operator = instruction.operands, str(instruction.operator)
        if operator in ("k", "K"):
            yield "DeviceCMYK colour operator"
        elif operator in ("cs", "CS") and operands and _cmyk_space(operands[0], resources):
            yield "CMYK colour space"
        elif isinstance(instruction, pikepdf.ContentStreamInlineImage) and _cmyk_space(
                instruction.iimage.obj.get(Name.ColorSpace)):
            yield "inline image"


@check("screen-cmyk", "no DeviceCMYK: content, images, shadings, groups")
def _no_cmyk(edition: Edition) -> Iterator[Diagnostic]:
    seen: set[tuple[int, int]] = set()
    for number, page in enumerate(edition.file.pikepdf.pages, start=1):
        found = list(dict.fromkeys(_cmyk_in(page, page.obj.get(Name.Resources), seen)))
        if found:
            yield edition.error("screen-cmyk", "DeviceCMYK in a screen edition: "
                                + ", ".join(found[:4]), page=number)


@check("screen-text", "the text of every page as in the print edition (blank pages aside)")
def _same_text(edition: Edition) -> Iterator[Diagnostic]:
    if edition.print_text is None:
        return
    mine = page_texts(edition.file)
    theirs = edition.print_text
    if len(mine) != len(theirs):
        yield edition.error("screen-text", f"{len(mine)} pages, the print edition has "
                            f"{len(theirs)}")
    for number, (digital, printed) in enumerate(zip(mine, theirs, strict=False), start=1):
        if digital != printed:
            at = next((i for i, (a, b) in enumerate(zip(digital, printed, strict=False))
                       if a != b), min(len(digital), len(printed)))
            yield edition.error("screen-text", "the page's text differs from the print "
                                f"edition's from '{digital[max(0, at - 20):at + 20]}' (print: "
                                f"'{printed[max(0, at - 20):at + 20]}')", page=number)
