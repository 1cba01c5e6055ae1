"""A book's accessible digital edition: laid out like the print edition, finished for screens.

The book is laid out part by part and joined as the print edition is (``book.lay_out_book``:
the same mended hyphenation, so the same lines on the same pages), by a renderer of its own
that serves images in sRGB (``screen.SrgbConverter``), and written by WeasyPrint as a tagged
PDF/UA-1 file (``pdf_variant="pdf/ua-1"``: structure tree, /Lang, /MarkInfo, DisplayDocTitle,
the XMP identification). ``finish_screen`` then makes the bytes final: the running heads and
folios (marked content WeasyPrint leaves outside the structure tree) marked as artifacts,
the title, dates and /ID from the content (same inputs, same bytes), PDF 1.7.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

import pikepdf
from pikepdf import Array, Dictionary, Name, Operator, String

from pipeline.accessibility import CHECKS, Edition, check_edition, marked_content, page_texts
from pipeline.book import lay_out_book
from pipeline.diagnostics import info, warning
from pipeline.finishing import document_id, save
from pipeline.images import downsample_limits
from pipeline.jobs import page_limit
from pipeline.pdffile import PdfFile

if TYPE_CHECKING:
    from pathlib import Path

    from pipeline.diagnostics import Diagnostic
    from pipeline.jobs import Job
    from pipeline.render.pdf import Rendered
    from pipeline.session import BuildSession

PDF_VERSION = "1.7"
"""PDF/UA-1 (ISO 14289-1) is based on PDF 1.7."""
PDF_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1"}
"""WeasyPrint's options for the digital edition: tagged, identified as PDF/UA-1."""

XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
   <xmp:CreatorTool>{producer}</xmp:CreatorTool>
   <xmpMM:DocumentID>uuid:{document_id}</xmpMM:DocumentID>
   <xmpMM:InstanceID>uuid:{instance_id}</xmpMM:InstanceID>
   <pdf:Producer>{producer}</pdf:Producer>
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


SCREEN_PPI = 200.0
"""Images are resampled to at most this resolution at their placed size: an implementation
choice (sharp on a 2× display at 100 % zoom, a small file)."""


def make_edition(job: Job, session: BuildSession, producer: str
                 ) -> tuple[Rendered, bytes, list[Path]]:
    """The digital edition ``job``: laid out, its final bytes, the print edition to match.

    Laid out by ``lay_out_book``; the print edition is ``[]`` when output/ has none.

    Laid out again with its images resampled when any is above ``SCREEN_PPI``. Raises
    what ``lay_out_book`` raises (``RenderError``, ``PageLimitError``).
    """
    project = session.project

    def lay_out(**options: Any) -> Rendered:
        return lay_out_book(job, session, renderer=session.renderer("srgb"),
                            pdf_options=PDF_OPTIONS, max_pages=page_limit(job), **options)[0]

    rendered = lay_out()
    limits = downsample_limits(rendered.boxes, project.config.root, SCREEN_PPI)
    if limits:
        rendered = lay_out(image_limits=limits)
    anchors = {f"ch-{number}": " ".join(chapter.title.split())
               for number, chapter in enumerate(job.context["chapters"], start=1)}
    final = finish_screen(rendered.pdf, job, job.production.date or
                          project.campaign.period.start, producer, anchors)
    printed = project.config.output / session.jobs[job.depends_on or job.id].output
    return rendered, final, [printed] if job.depends_on and printed.is_file() else []


def check_final(job: Job, file: PdfFile, printed: list[Path]) -> list[Diagnostic]:
    """The findings of ``accessibility.check_edition`` on the final ``file`` of ``job``.

    ``printed``: the print edition whose page text it must have; without one, a
    ``screen-text-unchecked`` warning. A ``screen-checked`` note names the checks run (the
    proof board and report.json show what was verified, not only what failed).
    """
    print_text = None
    for path in printed:
        with PdfFile(path.read_bytes()) as other:
            print_text = page_texts(other)
    chapters = tuple(chapter.title for chapter in job.context["chapters"])
    found = check_edition(Edition(file, chapters, print_text, job.id, job.source))
    if print_text is None:
        found.append(warning("screen-text-unchecked", "no print edition in output/ to "
                             "compare the page text with: build it too", job=job.id,
                             source=job.source))
    return [*found, info("screen-checked", f"prieinamumo patikros galutiniame faile "
                         f"(checks of the final bytes), {len(file)} psl.: "
                         + ", ".join(CHECKS), job=job.id, source=job.source)]


def finish_screen(pdf: bytes, job: Job, day: date, producer: str, anchors: Mapping[str, str],
                  lang: str = "lt") -> bytes:
    """The final bytes of a digital edition from WeasyPrint's ``pdf``.

    Marked content whose structure element is not in the structure tree (WeasyPrint's
    margin boxes: running heads, folios) becomes an /Artifact (pagination, ISO 32000-1
    14.8.2.2); every link gets its description (/Contents, PDF/UA-1 7.18.5): the title
    ``anchors`` gives its destination (``ch-3`` → the chapter's heading), or its URL; the
    bookmarks' no-break spaces become spaces; the document information and XMP metadata
    (title, ``lang``, PDF/UA-1 identification, ``day`` as every date) are replaced; the
    /ID is derived from ``pdf`` and the job id. Same ``pdf``, same bytes.
    """
    with pikepdf.open(io.BytesIO(pdf)) as document:
        orphans = _orphans(document)
        for index, page in enumerate(document.pages):
            if orphans.get(index):
                _artifacts(document, page, orphans[index])
            for annot in page.obj.get(Name.Annots, Array()):
                _describe(annot, anchors)
        with document.open_outline() as outline:
            items = list(outline.root)
            while items:
                item = items.pop()
                item.title = " ".join(item.title.replace("\u00a0", " ").split())
                items.extend(item.children)
        digest = document_id(pdf, job.id)
        _metadata(document, job.title, lang, day, producer, digest)
        return save(document, digest, version=PDF_VERSION)


def _orphans(document: pikepdf.Pdf) -> dict[int, set[int]]:
    """The MCIDs of each page (0-based) whose structure element is not in the tree."""
    return {index: {mcid for mcid, reached in mcids.items() if not reached}
            for index, mcids in enumerate(marked_content(document))}


def _artifacts(document: pikepdf.Pdf, page: pikepdf.Page, mcids: set[int]) -> None:
    """The marked content of ``mcids`` on ``page`` marked /Artifact /Pagination instead."""
    artifact = Dictionary({"/Type": Name.Pagination})
    instructions: list[pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage] = []
    for instruction in pikepdf.parse_content_stream(page):
        operands = instruction.operands
        if instruction.operator == Operator("BDC") and len(operands) == 2 \
                and isinstance(operands[1], Dictionary) \
                and int(operands[1].get(Name.MCID, -1)) in mcids:
            instruction = pikepdf.ContentStreamInstruction([Name.Artifact, artifact],
                                                           instruction.operator)
        instructions.append(instruction)
    page.obj.Contents = document.make_stream(pikepdf.unparse_content_stream(instructions))


def _describe(annot: object, anchors: Mapping[str, str]) -> None:
    """A link's /Contents: the title of its named destination, or its URL.

    WeasyPrint writes the destination's name (``ch-3``), which tells a listener nothing.
    """
    if not isinstance(annot, Dictionary) or annot.get(Name.Subtype) != Name.Link:
        return
    action = annot.get(Name.A)
    if isinstance(action, Dictionary) and Name.URI in action:
        annot.Contents = String(str(action.URI))
        return
    dest = str(annot.get(Name.Dest, ""))
    if dest in anchors:
        annot.Contents = String(anchors[dest])


def _metadata(document: pikepdf.Pdf, title: str, lang: str, day: date, producer: str,
              digest: bytes) -> None:
    """Document information and XMP: title, language, PDF/UA-1, dates from ``day``."""
    document_uuid = uuid.UUID(bytes=digest[:16], version=4)
    xmp_date = f"{day:%Y-%m-%d}T00:00:00Z"
    pdf_date = f"D:{day:%Y%m%d}000000Z"
    document.docinfo = document.make_indirect(Dictionary({
        "/Title": String(title), "/Creator": String("build-print"),
        "/Producer": String(producer), "/CreationDate": String(pdf_date),
        "/ModDate": String(pdf_date)}))
    xmp = XMP.format(title=escape(title), lang=escape(lang), date=xmp_date,
                     producer=escape(producer), document_id=document_uuid,
                     instance_id=uuid.uuid5(document_uuid, "1"))
    document.Root.Metadata = document.make_stream(xmp.encode("utf-8"), Type=Name.Metadata,
                                                  Subtype=Name.XML)
    document.Root.Lang = String(lang)
    preferences = document.Root.get(Name.ViewerPreferences)
    if not isinstance(preferences, Dictionary):
        preferences = document.Root.ViewerPreferences = Dictionary()
    preferences.DisplayDocTitle = True
