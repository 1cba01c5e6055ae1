"""Document information and XMP metadata for PDF/X-4, deterministic.

Dates come from the content (the product's date), never from the clock; the document and
instance IDs are derived from the rendered bytes and the job id, so the same inputs give
the same file anywhere, at any time.
"""

from __future__ import annotations

import uuid
from datetime import date
from xml.sax.saxutils import escape

import pikepdf
from pikepdf import Dictionary, Name, String

XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/"
    xmlns:bp="https://www.caritas.lt/ns/build-print/1.0/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
   <xmp:CreatorTool>{producer}</xmp:CreatorTool>
   <xmpMM:DocumentID>uuid:{document_id}</xmpMM:DocumentID>
   <xmpMM:InstanceID>uuid:{instance_id}</xmpMM:InstanceID>
   <xmpMM:VersionID>1</xmpMM:VersionID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
   <pdf:Producer>{producer}</pdf:Producer>
   <pdf:Trapped>False</pdf:Trapped>
   <pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>
   <bp:JobID>{job_id}</bp:JobID>
   <bp:Scale>{scale}</bp:Scale>
   <bp:OutputCondition>{condition}</bp:OutputCondition>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def set_metadata(document: pikepdf.Pdf, title: str, job_id: str, day: date, producer: str,
                 digest: bytes, *, scale: str, condition: str, format_id: str,
                 pdfx: bool = True) -> None:
    """Info dictionary and XMP stream of the document; ``pdfx``: claim PDF/X-4 in both."""
    pdf_date = f"D:{day:%Y%m%d}000000Z"
    xmp_date = f"{day:%Y-%m-%d}T00:00:00Z"
    document_id = uuid.UUID(bytes=digest[:16], version=4)
    instance_id = uuid.uuid5(document_id, "1")
    texts = {
        "/Title": title,
        "/Subject": f"{job_id} · scale {scale} · {condition}",
        "/Creator": "build-print",
        "/Producer": producer,
        "/CreationDate": pdf_date,
        "/ModDate": pdf_date,
        "/GTS_PDFXVersion": "PDF/X-4",
        "/BuildPrintJob": job_id,
        "/BuildPrintScale": scale,
        "/BuildPrintFormat": format_id,
    }
    if not pdfx:
        del texts["/GTS_PDFXVersion"]
    info = Dictionary({key: String(value) for key, value in texts.items()})
    info.Trapped = Name("/False")  # a name, not a string
    document.docinfo = document.make_indirect(info)  # replaces WeasyPrint's
    xmp = XMP.format(title=escape(title), date=xmp_date, producer=escape(producer),
                     document_id=document_id, instance_id=instance_id, job_id=escape(job_id),
                     scale=escape(scale), condition=escape(condition))
    if not pdfx:
        xmp = xmp.replace("   <pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>\n", "")
    # Saving never compresses the XMP stream (qpdf leaves /Type /Metadata streams as they are).
    document.Root.Metadata = document.make_stream(xmp.encode("utf-8"), Type=Name.Metadata,
                                                  Subtype=Name.XML)
