"""The structure check the report tests rely on finds what it claims to: a document that breaks the rules fails it,
the same document made right passes it."""

from dagtilbud.documents import pdf
from dagtilbud.testing import pdf_figure_alts, pdf_heading_levels, pdf_structure_problems

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
