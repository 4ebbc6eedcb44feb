"""Helpers for tests that render PDFs in a real worker and read them back."""

import io
import time

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
