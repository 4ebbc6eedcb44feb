"""Helpers for tests that render PDFs in a real worker and read them back."""


def wait_until_rendered(document, timeout=90):
    """The document (a RenderedPDF) read again once the worker is done with it, ready or failed."""
    import time

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
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def pdf_structure_problems(content):
    """What keeps a rendered PDF from the accessibility rules our documents promise (PDF/UA-1 as far as WeasyPrint
    goes; see the README), read from its structure tree: an empty list when it passes.

    Checked: tagged (StructTreeRoot, MarkInfo Marked), language and title set and the title shown, PDF/A-2a and
    PDF/UA-1 claimed in the XMP metadata, every Figure with alternate text, every TH with an ID or a Scope, every TD
    with its Headers, headings starting at H1 and never skipping a level on the way down.
    """
    import io
    import re

    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    problems = []
    if "/StructTreeRoot" not in root:
        return ["no structure tree (untagged PDF)"]
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
    if "<dc:title>" not in xmp and "dc:title" not in xmp:
        problems.append("no dc:title in the XMP metadata")

    headings = []
    seen = set()

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
        tag = str(node.get("/S", ""))
        attributes = node.get("/A", {})
        attributes = attributes.get_object() if isinstance(attributes, IndirectObject) else attributes
        if isinstance(attributes, ArrayObject):  # several attribute dictionaries
            merged = {}
            for a in attributes:
                merged.update(a.get_object() if isinstance(a, IndirectObject) else a)
            attributes = merged
        if tag == "/Figure" and not str(node.get("/Alt", "")).strip():
            problems.append("a Figure without alternate text (/Alt)")
        elif tag == "/TH" and "/ID" not in node and "/Scope" not in attributes:
            problems.append("a TH with neither ID nor Scope")
        elif tag == "/TD" and not attributes.get("/Headers"):
            problems.append("a TD without Headers")
        elif re.fullmatch(r"/H[1-6]", tag):
            headings.append(int(tag[2]))
        if "/K" in node:
            walk(node["/K"])

    walk(root["/StructTreeRoot"].get_object().get("/K"))
    if not headings or headings[0] != 1:
        problems.append(f"the first heading is not H1: {headings[:1]}")
    for before, after in zip(headings, headings[1:]):
        if after > before + 1:
            problems.append(f"heading level skips from H{before} to H{after}")
    return problems
