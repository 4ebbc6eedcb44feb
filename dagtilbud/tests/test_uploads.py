"""The upload check every app uses: the type by content and extension, the size, Danish messages on the field."""

import io
import zipfile

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from dagtilbud.uploads import UploadValidator


def pdf_bytes():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def office_bytes(folder, extra=()):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}workbook.xml", "<workbook/>")
        for name in extra:
            archive.writestr(name, b"\x00")
    return out.getvalue()


class AttachmentForm(forms.Form):
    file = forms.FileField(label="Bilag", validators=[UploadValidator(kinds=["pdf", "docx", "xlsx"])])


class ImportForm(forms.Form):
    file = forms.FileField(label="Regneark", validators=[UploadValidator(kinds=["xlsx", "csv"], max_bytes=1000)])


def errors(form_class, name, content):
    form = form_class(files={"file": SimpleUploadedFile(name, content)})
    return [] if form.is_valid() else form.errors["file"]


@pytest.mark.parametrize("name, content", [
    ("referat.pdf", pdf_bytes()),
    ("REFERAT.PDF", pdf_bytes()),
    ("tal.xlsx", office_bytes("xl/")),
    ("notat.docx", office_bytes("word/")),
])
def test_real_files_of_an_allowed_type_pass(name, content):
    assert errors(AttachmentForm, name, content) == []


def test_csv_in_utf8_passes_and_binary_named_csv_does_not():
    assert errors(ImportForm, "indsatser.csv", "nummer;titel\n3.1;Bæredygtig by\n".encode()) == []
    assert errors(ImportForm, "indsatser.csv", b"\x00\x01\x02binary") == [
        "Filen er ikke en rigtig CSV: indholdet passer ikke til endelsen .csv."]


def test_a_program_renamed_to_pdf_is_refused():
    assert errors(AttachmentForm, "referat.pdf", b"MZ\x90\x00 this is an exe") == [
        "Filen er ikke en rigtig PDF: indholdet passer ikke til endelsen .pdf."]


def test_a_pdf_renamed_to_xlsx_is_refused():
    assert errors(AttachmentForm, "tal.xlsx", pdf_bytes()) == [
        "Filen er ikke en rigtig Excel (.xlsx): indholdet passer ikke til endelsen .xlsx."]


def test_a_word_file_renamed_to_xlsx_is_refused():
    assert errors(AttachmentForm, "tal.xlsx", office_bytes("word/")) == [
        "Filen er ikke en rigtig Excel (.xlsx): indholdet passer ikke til endelsen .xlsx."]


def test_a_spreadsheet_with_macros_is_refused():
    assert errors(AttachmentForm, "tal.xlsx", office_bytes("xl/", ["xl/vbaProject.bin"])) == [
        "Filen indeholder makroer og kan ikke bruges. Gem den uden makroer og prøv igen."]


def test_an_extension_not_allowed_names_the_allowed_types():
    assert errors(AttachmentForm, "virus.exe", b"MZ") == [
        "Filtypen “.exe” kan ikke bruges her. Tilladte typer: PDF, Word (.docx), Excel (.xlsx)."]
    assert errors(AttachmentForm, "uden-endelse", pdf_bytes()) == [
        "Filtypen “uden endelse” kan ikke bruges her. Tilladte typer: PDF, Word (.docx), Excel (.xlsx)."]


def test_size_limit_from_settings_and_per_field(settings):
    settings.UPLOAD_MAX_BYTES = 2_500_000
    big = pdf_bytes() + b"\n%" + b"x" * 2_600_000
    assert errors(AttachmentForm, "stor.pdf", big) == [
        "Filen er for stor (2,6 MB). Den må højst fylde 2,5 MB."]
    assert errors(ImportForm, "tal.csv", b"a;b\n" * 300) == [
        "Filen er for stor (1,2 kB). Den må højst fylde 1 kB."]


def test_an_empty_file_is_refused():
    # Django's FileField refuses an empty upload itself; the validator says so too when used on its own.
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Filen er tom"):
        UploadValidator(kinds=["pdf"])(SimpleUploadedFile("tom.pdf", b""))
