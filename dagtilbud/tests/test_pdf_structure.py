"""The structure check the report tests rely on finds what it claims to: a document that breaks the rules fails it,
the same document made right passes it."""

import io

import weasyprint
from pypdf import PdfReader

from dagtilbud.documents import pdf
from dagtilbud.testing import pdf_figure_alts, pdf_heading_levels, pdf_structure_problems, pdf_text

FACE = '<svg viewBox="0 0 24 24" width="20" height="20">{title}<circle cx="12" cy="12" r="11" fill="#2e9e44"/></svg>'


def document(*, title, face_title, heading, header_cell):
    return f"""<!doctype html><html lang="da"><head><meta charset="utf-8"><title>{title}</title></head><body>
    <h1>Rapport</h1><{heading}>Afsnit</{heading}>
    <p>{FACE.format(title=face_title)} Nået</p>
    <table><tr>{header_cell}<td>2</td></tr></table></body></html>"""


def test_a_document_that_breaks_the_rules_fails_and_the_same_made_right_passes():
    bad = pdf.html_to_pdf(document(title="Rapport", face_title="", heading="h3", header_cell="<td>Antal</td>"))
    problems = pdf_structure_problems(bad)
    assert "a Figure without alternate text (/Alt)" in problems
    assert "a TD without Headers" in problems
    assert "heading level skips from H1 to H3" in problems

    good = pdf.html_to_pdf(document(title="Rapport", face_title="<title>Grøn smiley: Milepæl er nået</title>",
                                    heading="h2", header_cell='<th scope="row">Antal</th>'))
    assert pdf_structure_problems(good) == []
    assert pdf_figure_alts(good) == ["Grøn smiley: Milepæl er nået"]
    assert pdf_heading_levels(good) == [1, 2]


def test_running_headers_and_footers_are_artifacts_not_text_outside_the_structure():
    html = """<!doctype html><html lang="da"><head><meta charset="utf-8"><title>Rapport</title><style>
    @page { @top-left { content: "Rapportens titel"; } @bottom-center { content: "side " counter(page); } }
    </style></head><body><h1>Rapport</h1><p>Tekst</p></body></html>"""
    # WeasyPrint alone leaves the margins' text outside both the structure tree and the artifacts ...
    bare = weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/a-2a")
    assert any("text runs neither in the structure tree nor artifacts" in p for p in pdf_structure_problems(bare))
    # ... our rendering marks it as pagination artifacts, and the page still shows it.
    ours = pdf.html_to_pdf(html)
    assert [p for p in pdf_structure_problems(ours) if "text runs" in p] == []
    assert b"/Pagination" in b"".join(page.get_contents().get_data() for page in PdfReader(io.BytesIO(ours)).pages)
    assert "side 1" in pdf_text(ours)[1]


def test_the_pdfs_faces_are_the_pages_faces():
    """The faces a PDF draws (static/pdf/smiley-*.svg, backgrounds beside the words) are the one drawing of
    components/smiley_shapes.html."""
    from pathlib import Path

    from django.conf import settings
    from django.template.loader import render_to_string

    from dagtilbud.smileys import MILESTONE

    for meaning in MILESTONE.values():
        shapes = render_to_string("components/smiley_shapes.html", {"meaning": meaning}).strip()
        drawn = (Path(settings.BASE_DIR) / "static" / "pdf" / f"smiley-{meaning.level}.svg").read_text()
        assert shapes in drawn
