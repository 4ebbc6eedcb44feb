"""Helpers for tests that render PDFs in a real worker and read them back."""

import io
import time
from contextlib import contextmanager

from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader


def wait_until_rendered(document, timeout=90):
    """The document (a RenderedPDF) read again once the worker is done with it, ready or failed."""
    model = type(document)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        document = model.objects.get(pk=document.pk)
        if not document.is_pending:
            return document
        time.sleep(0.3)
    raise AssertionError(f"{model.__name__} {document.pk} still {document.state}")


def pdf_text(content):
    """The PDF's reader and all its text, as a person copying it out would read it."""
    reader = PdfReader(io.BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def pdf_structure(content):
    """The PDF's reader and its structure elements in document order, as (tag, element, attributes): tag "/H1",
    "/Figure", "/TD" ..., attributes merged from the element's attribute dictionaries."""
    import io

    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    reader = PdfReader(io.BytesIO(content))
    elements = []
    seen = set()

    def resolve(value):
        return value.get_object() if isinstance(value, IndirectObject) else value

    def walk(node):
        if isinstance(node, IndirectObject):
            if node.idnum in seen:
                return
            seen.add(node.idnum)
            node = node.get_object()
        if isinstance(node, ArrayObject):
            for kid in node:
                walk(kid)
            return
        if not isinstance(node, DictionaryObject):
            return  # a marked-content id
        attributes = resolve(node.get("/A", {}))
        if isinstance(attributes, ArrayObject):  # several attribute dictionaries
            merged = {}
            for a in attributes:
                merged.update(resolve(a))
            attributes = merged
        if "/S" in node:
            elements.append((str(node["/S"]), node, attributes))
        if "/K" in node:
            walk(node["/K"])

    root = reader.trailer["/Root"]
    if "/StructTreeRoot" in root:
        walk(resolve(root["/StructTreeRoot"]).get("/K"))
    return reader, elements


def pdf_structure_problems(content):
    """What keeps a rendered PDF from the accessibility rules our documents promise (PDF/UA-1 as far as WeasyPrint
    goes; see the README), read from its structure tree: an empty list when it passes.

    Checked: tagged (StructTreeRoot, MarkInfo Marked), language and title set and the title shown, PDF/A-2a and
    PDF/UA-1 claimed in the XMP metadata, every Figure with alternate text, every TH with an ID or a Scope, every TD
    with its Headers, headings starting at H1 and never skipping a level on the way down, and every text run either
    in the structure tree or an artifact (Matterhorn 18-001: running headers and footers are pagination artifacts).
    """
    import re

    reader, elements = pdf_structure(content)
    root = reader.trailer["/Root"]
    if "/StructTreeRoot" not in root:
        return ["no structure tree (untagged PDF)"]
    problems = []
    if not root.get("/MarkInfo", {}).get("/Marked"):
        problems.append("MarkInfo /Marked is not true")
    if not str(root.get("/Lang", "")).strip():
        problems.append("no document language (/Lang)")
    if str(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", "")).lower() != "true":
        problems.append("the viewer is not told to show the title (DisplayDocTitle)")
    if not (reader.metadata and (reader.metadata.title or "").strip()):
        problems.append("no document title")
    xmp = root["/Metadata"].get_object().get_data().decode() if "/Metadata" in root else ""
    if not re.search(r"pdfuaid:part(>|=\")1", xmp):
        problems.append("PDF/UA-1 not claimed in the XMP metadata (pdfuaid:part 1)")
    if not re.search(r"pdfaid:part=\"2\"", xmp) or not re.search(r"pdfaid:conformance=\"A\"", xmp):
        problems.append("PDF/A-2a not claimed in the XMP metadata")
    if "dc:title" not in xmp:
        problems.append("no dc:title in the XMP metadata")
    headings = []
    for tag, element, attributes in elements:
        if tag == "/Figure" and not str(element.get("/Alt", "")).strip():
            problems.append("a Figure without alternate text (/Alt)")
        elif tag == "/TH" and "/ID" not in element and "/Scope" not in attributes:
            problems.append("a TH with neither ID nor Scope")
        elif tag == "/TD" and not attributes.get("/Headers"):
            problems.append("a TD without Headers")
        elif re.fullmatch(r"/H[1-6]", tag):
            headings.append(int(tag[2]))
    outside = text_runs_outside_structure(reader, elements)
    if outside:
        problems.append(f"{len(outside)} text runs neither in the structure tree nor artifacts, on pages "
                        f"{sorted(set(outside))}")
    if not headings or headings[0] != 1:
        problems.append(f"the first heading is not H1: {headings[:1]}")
    for before, after in zip(headings, headings[1:], strict=False):
        if after > before + 1:
            problems.append(f"heading level skips from H{before} to H{after}")
    return problems


def text_runs_outside_structure(reader, elements):
    """Each text-showing operation (Tj, TJ, ', ") of every page that is neither inside an /Artifact sequence nor in a
    marked-content sequence whose MCID belongs to an element of the structure tree: the page number of each (the
    text itself is in the fonts' subset encoding)."""
    from pypdf.generic import ContentStream, IndirectObject

    in_tree = {id(element) for _tag, element, _a in elements}
    root = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    nums = root["/ParentTree"].get_object().get("/Nums", [])
    parents = {int(nums[i]): nums[i + 1].get_object() for i in range(0, len(nums), 2)}
    outside = []
    for page_number, page in enumerate(reader.pages):
        mcid_elements = parents.get(page.get("/StructParents"), [])
        stack = []  # per open marked-content sequence: "artifact", True (in the tree), False or None (no MCID)
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"BMC":
                stack.append("artifact" if operands[0] == "/Artifact" else None)
            elif operator == b"BDC":
                if operands[0] == "/Artifact":
                    stack.append("artifact")
                else:
                    properties = operands[1]
                    mcid = properties.get("/MCID") if hasattr(properties, "get") else None
                    if mcid is None:
                        stack.append(None)
                    else:
                        element = mcid_elements[mcid] if mcid < len(mcid_elements) else None
                        if isinstance(element, IndirectObject):
                            element = element.get_object()
                        stack.append(id(element) in in_tree)
            elif operator == b"EMC":
                stack.pop()
            elif operator in (b"Tj", b"TJ", b"'", b'"'):
                if "artifact" in stack:
                    continue
                owner = next((mark for mark in reversed(stack) if mark is not None), None)
                if owner is not True:
                    outside.append(page_number + 1)
    return outside


def pdf_figure_alts(content):
    """The alternate text of every Figure, in document order."""
    return [str(element.get("/Alt", "")) for tag, element, _a in pdf_structure(content)[1] if tag == "/Figure"]


def pdf_heading_levels(content):
    """[1, 2, 2, 3, ...]: the level of every heading, in document order."""
    return [int(tag[2]) for tag, _e, _a in pdf_structure(content)[1] if tag in {f"/H{n}" for n in range(1, 7)}]


@contextmanager
def uncached_queries(connection):
    """The queries of a page computed afresh: new revisions first, so no cached fragment (nor remembered roles or
    count) is served (a count that must stay flat as data grows is the count of the work, not of a cache hit)."""
    from dagtilbud import revision

    revision.bump_all_now()
    with CaptureQueriesContext(connection) as captured:
        yield captured


def pdf_page_fill(content):
    """How far down each page its body text reaches, as a share of the space between the page's margins (0.0 to
    1.0): a page that ends half empty before text that could have followed shows as 0.5. Running headers and
    footers (in the margins) are not counted. Read with poppler's pdftotext, which gives each word's box."""
    import re
    import subprocess

    xhtml = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=content, capture_output=True, check=True).stdout
    fills = []
    for page in re.findall(rb"<page width=\"([\d.]+)\" height=\"([\d.]+)\">(.*?)</page>", xhtml, re.S):
        height = float(page[1])
        top, bottom = 22 / 25.4 * 72, height - 24 / 25.4 * 72  # templates/pdf/base.html's @page margins
        lows = [float(y) for y_min, y in re.findall(rb'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', page[2])
                if top <= float(y_min) and float(y) <= bottom]
        fills.append(round((max(lows, default=top) - top) / (bottom - top), 2))
    return fills
