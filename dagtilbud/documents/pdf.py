"""HTML to PDF with WeasyPrint, reading only the project's own static files, never the network."""

from pathlib import Path
from urllib.parse import unquote, urlparse

import pydyf
import weasyprint
from django.conf import settings
from weasyprint.urls import URLFetcher

STATIC_DIR = Path(settings.BASE_DIR) / "static"
# WeasyPrint writes one conformance claim (here PDF/A-2a); the PDF/UA-1 claim, with the extension schema PDF/A asks
# for a namespace it does not predefine, is added to the same XMP packet from this file.
PDF_UA_XMP = STATIC_DIR / "pdf" / "pdfua-1.xmp"


class StaticOnlyFetcher(URLFetcher):
    """Resolves only file: URLs inside static/; anything else (http, data outside, ../) is refused."""

    def __init__(self):
        super().__init__(allowed_protocols={"file"}, allow_redirects=False)

    def fetch(self, url, headers=None):
        path = Path(unquote(urlparse(url).path)).resolve()
        if not path.is_relative_to(STATIC_DIR.resolve()):
            raise ValueError(f"Rapporter må kun hente projektets egne filer, ikke {url}")
        return super().fetch(url, headers)


def html_to_pdf(html: str) -> bytes:
    """A tagged PDF/A-2a that also claims PDF/UA-1: archivable, and with structure for screen readers (what is checked
    of PDF/UA is in the README). Relative URLs point into static/."""
    return render(html)[0]


def render(html: str) -> tuple[bytes, int]:
    """The PDF (as html_to_pdf) and its number of pages, counted from WeasyPrint's laid-out document: reading the
    pages back from the PDF took an eighth of a report's time (benchmark, 2026-12-07)."""
    document = weasyprint.HTML(string=html, base_url=STATIC_DIR.as_uri() + "/",
                               url_fetcher=StaticOnlyFetcher()).render()
    content = document.write_pdf(pdf_variant="pdf/a-2a", xmp_metadata=[PDF_UA_XMP.as_uri()],
                                 finisher=mark_page_margins_as_artifacts)
    return content, len(document.pages)


def mark_page_margins_as_artifacts(_document, pdf):
    """Running headers and footers (the page's margin boxes) as pagination artifacts, as PDF/UA asks (Matterhorn
    18-001): a screen reader then reads a report's text once, not its title and "side 3 af 11" on every page.

    WeasyPrint 70 tags what a margin box draws with marked-content ids whose structure elements it keeps out of the
    document's tree (Kozea/WeasyPrint#1836: "no way to do this easily"), so that text is neither structure nor
    artifact. Here, before the file is written, each such sequence becomes `/Artifact <</Type /Pagination>>`, its
    entry in the parent tree null, and its orphaned structure elements empty dictionaries nothing points to."""
    def resolve(reference):
        return pdf.objects[int(bytes(reference).split()[0])]

    root = resolve(pdf.catalog["StructTreeRoot"])
    reachable = set()
    stack = [resolve(ref) for ref in root["K"]]
    while stack:
        element = stack.pop()
        if element.number in reachable:
            continue
        reachable.add(element.number)
        stack.extend(resolve(kid) for kid in element.get("K", ()) if isinstance(kid, bytes | str))
    # The parent tree lists, for page n, the structure element of each marked-content id (MCID) on it.
    nums = resolve(root["ParentTree"])["Nums"]
    for page_number, page_object_number in enumerate(pdf.pages["Kids"][::3]):  # pydyf writes Kids as n 0 R ...
        assert nums[2 * page_number] == page_number
        mcid_elements = nums[2 * page_number + 1]
        margins = set()
        for mcid, reference in enumerate(mcid_elements):
            element = resolve(reference)
            if element.number in reachable:
                continue
            margins.add(mcid)
            mcid_elements[mcid] = "null"
            while element.number not in reachable and element:
                parent = element.get("P")
                element.clear()
                element = resolve(parent)
        operations = resolve(pdf.objects[page_object_number]["Contents"]).stream
        for i, operation in enumerate(operations):
            if isinstance(operation, pydyf.Dictionary) and operation.get("MCID") in margins:
                operations[i - 1] = "/Artifact"
                operations[i] = pydyf.Dictionary({"Type": "/Pagination"})
