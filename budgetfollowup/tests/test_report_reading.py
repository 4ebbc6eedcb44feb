"""The round report as a reader meets it, rendered as the worker renders it (report_html, then WeasyPrint through
dagtilbud/documents/pdf.py) and read back: seed 003's order, pages that fill, headers and footers a screen reader
skips, and each smiley's words read once."""

import pytest

from budgetfollowup.models import Report
from budgetfollowup.reports import report_html
from dagtilbud.documents import pdf
from dagtilbud.testing import (
    pdf_figure_alts,
    pdf_page_fill,
    pdf_structure,
    pdf_structure_problems,
    pdf_text,
    text_runs_outside_structure,
)


@pytest.fixture
def first_report(agreement_demo):
    report = Report(round=agreement_demo[1], version=1, kind="final")
    content, pages = pdf.render(report_html(report))
    return content, pages


def test_running_headers_and_footers_are_artifacts_and_every_other_text_is_structure(first_report):
    content, pages = first_report
    reader, text = pdf_text(content)
    # Still printed on every page, as seed 003 has it ...
    assert text.count("Ballerup Kommune, Økonomi og Styring") >= pages
    assert f"side 1 af {pages}" in text and f"side {pages} af {pages}" in text
    assert text.count("Sagsid: 00.30.10-S00-1-19") == pages
    # ... but marked as pagination artifacts, so a screen reader reads the report's own text once, and no text run
    # is left outside both (WeasyPrint alone left 63 of them: the test below shows the check finds them).
    assert text_runs_outside_structure(*pdf_structure(content)) == []
    assert pdf_structure_problems(content) == []
    artifacts = sum(page.get_contents().get_data().count(b"/Pagination") for page in reader.pages)
    assert artifacts >= 3 * pages  # footer left, page number, Sagsid on every page; the running title after page 1


def test_a_smiley_beside_its_words_is_not_read_twice(first_report):
    content, _pages = first_report
    # No face is a Figure with its own alternate text: each stands beside its words, so it is drawn as an artifact.
    assert pdf_figure_alts(content) == []
    _reader, text = pdf_text(content)
    text = " ".join(text.split())
    assert "Budget overholdt" in text and "Ikke fuldt nået, realistisk" in text
    assert "Grøn smiley" not in text


def test_the_report_follows_seed_003s_order_title_reading_guide_then_the_sections(first_report):
    content, _pages = first_report
    _reader, text = pdf_text(content)
    text = " ".join(text.split())
    title = text.index("Første opfølgning på Aftale om budget 2019 for Børne- og Skoleudvalget")
    guide = text.index("Læsevejledning")
    summary, economy = text.index("Sammenfatning"), text.index("Økonomi: budget og forventet regnskab")
    first_initiative = text.index("3.1. Understøttelse af arbejdet med kvalitet i dagtilbud · Drift")
    assert title < guide < summary < economy < first_initiative


def test_initiatives_follow_each_other_without_half_empty_pages(first_report):
    content, pages = first_report
    fill = pdf_page_fill(content)
    assert len(fill) == pages
    # Every page but the last is at least three quarters full (a flex box WeasyPrint could not split had sent each
    # initiative that did not fit to a new page: 7 of 13 pages were 35-42 % blank).
    assert min(fill[:-1]) >= 0.75, fill
