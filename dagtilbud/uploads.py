"""Checking uploaded files: the type by its first bytes and its extension (both must agree), and the size.

Use it on a form or model field: `forms.FileField(validators=[UploadValidator(kinds=["pdf", "docx"])])`. The size
limit is settings.UPLOAD_MAX_BYTES unless a validator is given its own `max_bytes`. Messages are Danish and name
what is allowed, so the person uploading knows what to do.

Only the first bytes are read (and, for Office files, the zip's table of contents: nothing is decompressed), so a
large or hostile file costs nothing to refuse. A file that passes is a PDF, spreadsheet or document by its
structure; what is in it is for the code that reads it (an import parses, an attachment is only stored and
streamed back as a download, never shown inline).
"""

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class Kind:
    label: str
    extensions: tuple[str, ...]
    magic: tuple[bytes, ...] = ()
    zip_folder: str = ""  # Office Open XML: a zip with this folder inside


KINDS = {
    "pdf": Kind("PDF", (".pdf",), (b"%PDF-",)),
    "xlsx": Kind("Excel (.xlsx)", (".xlsx",), (ZIP_MAGIC,), "xl/"),
    "docx": Kind("Word (.docx)", (".docx",), (ZIP_MAGIC,), "word/"),
    "csv": Kind("CSV", (".csv",)),
    "png": Kind("PNG", (".png",), (b"\x89PNG\r\n\x1a\n",)),
    "jpeg": Kind("JPEG", (".jpg", ".jpeg"), (b"\xff\xd8\xff",)),
}


def _size(size):
    """"2,6 MB", "1,2 kB": as a person reads it in their file list."""
    value, unit = (size / 1_000_000, "MB") if size >= 1_000_000 else (size / 1000, "kB")
    return f"{value:.1f}".replace(".", ",").removesuffix(",0") + f" {unit}"


def _looks_like_text(head):
    """UTF-8 (Excel's "CSV UTF-8"), or Windows-1252, which Danish Excel's plain CSV is saved in; no control
    characters but tab and line breaks."""
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        # The head may end in the middle of a character; that alone does not make it something else.
        text = head[:error.start].decode("utf-8") if error.start >= len(head) - 3 else None
    if text is None:
        try:
            text = head.decode("cp1252")
        except UnicodeDecodeError:
            return False
    return not any(ord(c) < 32 and c not in "\t\r\n" for c in text)


def _zip_names(file):
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        file.seek(0)


@deconstructible
class UploadValidator:
    def __init__(self, *, kinds, max_bytes=None):
        unknown = set(kinds) - set(KINDS)
        if unknown:
            raise ValueError(f"unknown upload kinds: {sorted(unknown)}")
        self.kinds = list(kinds)
        self.max_bytes = max_bytes

    def __eq__(self, other):
        return isinstance(other, UploadValidator) and (self.kinds, self.max_bytes) == (other.kinds, other.max_bytes)

    def _allowed(self):
        return ", ".join(KINDS[k].label for k in self.kinds)

    def __call__(self, file):
        limit = self.max_bytes or settings.UPLOAD_MAX_BYTES
        if not file.size:
            raise ValidationError(_("Filen er tom."), code="empty")
        if file.size > limit:
            raise ValidationError(
                _("Filen er for stor (%(size)s). Den må højst fylde %(limit)s.")
                % {"size": _size(file.size), "limit": _size(limit)}, code="too_large")

        extension = PurePath(file.name or "").suffix.lower()
        kind = next((KINDS[k] for k in self.kinds if extension in KINDS[k].extensions), None)
        if kind is None:
            raise ValidationError(
                _("Filtypen “%(extension)s” kan ikke bruges her. Tilladte typer: %(allowed)s.")
                % {"extension": extension or _("uden endelse"), "allowed": self._allowed()}, code="extension")

        file.seek(0)
        head = file.read(2048)
        file.seek(0)
        wrong = _("Filen er ikke en rigtig %(kind)s: indholdet passer ikke til endelsen %(extension)s.") % {
            "kind": kind.label, "extension": extension}
        if kind.magic and not head.startswith(kind.magic):
            raise ValidationError(wrong, code="content")
        if not kind.magic and not _looks_like_text(head):
            raise ValidationError(wrong, code="content")
        if kind.zip_folder:
            names = _zip_names(file)
            if names is None or not any(n.startswith(kind.zip_folder) for n in names):
                raise ValidationError(wrong, code="content")
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                raise ValidationError(_("Filen indeholder makroer og kan ikke bruges. Gem den uden makroer og "
                                        "prøv igen."), code="macros")
