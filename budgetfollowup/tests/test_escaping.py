"""Text people type (titles, status texts; administrators' names, descriptions and questions shown as help texts
and in attributes) is shown as text on the pages and in the PDF: never run as markup."""

import io
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from pypdf import PdfReader

from budgetfollowup.models import BudgetAgreement, FollowUpRound, Initiative, Milestone, Report
from dagtilbud.documents import pdf
from dagtilbud.documents import workflow as documents

TITLE = '<script>alert("titel")</script> & <b>fed</b>'
STATUS = "<script>alert('status')</script><img src=x onerror=alert(1)>"
AGREEMENT = 'Aftale "2019" </style><script>alert(1)</script> & co'


def _hostile(rounds):
    initiative = Initiative.objects.get(number="3.1")
    Initiative.objects.filter(pk=initiative.pk).update(title=TITLE)
    Milestone.objects.filter(initiative=initiative, round__number__in=[1, 2]).update(status_text=STATUS)
    BudgetAgreement.objects.update(title=AGREEMENT)
    return initiative


def _assert_escaped(html):
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>fed</b>" not in html
    assert "&lt;script&gt;alert(&quot;titel&quot;)&lt;/script&gt; &amp; &lt;b&gt;fed&lt;/b&gt;" in html
    assert "&lt;script&gt;alert(&#x27;status&#x27;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in html


def test_round_page_and_grid_show_typed_markup_as_text(agreement_demo, login):
    _hostile(agreement_demo)
    client = login("admin")
    _assert_escaped(client.get(reverse("budgetfollowup:round_detail", args=[agreement_demo[1].pk])).content.decode())
    grid = client.get(reverse("budgetfollowup:round_grid", args=[agreement_demo[2].pk])).content.decode()
    assert "<script>alert" not in grid and "<b>fed</b>" not in grid
    assert "&lt;script&gt;alert(&quot;titel&quot;)&lt;/script&gt;" in grid
    assert "&lt;script&gt;alert(&#x27;status&#x27;)&lt;/script&gt;" in grid  # in the status text's textarea


def test_the_pdf_shows_typed_markup_as_literal_text(agreement_demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _hostile(agreement_demo)
    report = Report.objects.create(round=agreement_demo[2], kind=Report.Kind.DRAFT, version=1)
    report = Report.objects.select_related("round__agreement__committee").get(pk=report.pk)  # the new title
    html = documents.html(report)
    _assert_escaped(html.split("</style>", 1)[1])
    # the agreement's title also goes into the running header, a CSS string inside <style>: it must not end it
    assert html.count("</style>") == 1

    reader = PdfReader(io.BytesIO(pdf.html_to_pdf(html)))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert 'alert("titel")' in text and "<b>fed</b>" in text
    assert "<img src=x onerror=alert(1)>" in text
    header = "".join(reader.pages[1].extract_text().split())  # the long header wraps: compare without spaces
    assert "".join(AGREEMENT.split()) in header


# Text an administrator types that pages put into help texts (which form templates print with |safe) or into
# attributes (aria-label, title, value, a PDF's metadata): it must stay text, and stay inside its attribute.
ATTACK = '"><img src=x onerror=alert(1)><meta http-equiv="refresh" content="0;url=https://example.org">'
SHORT_ATTACK = '"><img src=x>'  # for fields too short for the whole of it


class _Injected(HTMLParser):
    """The elements an injection would add: an image that runs script, a refresh that sends the browser away."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if (tag == "img" and attrs.get("src") == "x") or (tag == "meta" and "http-equiv" in attrs):
            self.found.append((tag, attrs))


def _assert_inert(html, *markers):
    parser = _Injected()
    parser.feed(html)
    assert parser.found == []
    for marker in markers:  # shown, as text
        assert f"{marker}&quot;&gt;&lt;img src=x" in html, marker


@pytest.fixture
def hostile_settings(db):
    """Every administrator-editable text that appears as a help text or in an attribute, made hostile."""
    from districts.models import Municipality
    from evaluations.models import Recommendation
    from supervision.models import QualityDimension, QualityLevel, SelfAssessmentQuestion
    from tests.shared_demo import load_demo

    load_demo("organisation", "agreement", "evaluation", "supervision")
    for dimension in QualityDimension.objects.all():
        QualityDimension.objects.filter(pk=dimension.pk).update(
            name=f"{dimension.pk} dimension{SHORT_ATTACK}", description=f"beskrivelse{ATTACK}")
    for level in QualityLevel.objects.all():
        QualityLevel.objects.filter(pk=level.pk).update(name=f"{level.rank} niveau{SHORT_ATTACK}")
    SelfAssessmentQuestion.objects.update(text=f"spørgsmål{ATTACK}")
    Municipality.objects.update(name=f"kommune{ATTACK}", unit=f"enhed{ATTACK}")
    Initiative.objects.filter(number="3.1").update(number=SHORT_ATTACK[:20])
    Recommendation.objects.update(text=f"anbefaling{ATTACK}")
    return {r.number: r for r in FollowUpRound.objects.select_related("agreement")}


def test_administrators_texts_in_help_texts_and_attributes_stay_text(hostile_settings, login):
    from evaluations.models import Evaluation
    from supervision.models import SupervisionVisit

    client = login("admin")
    planned = SupervisionVisit.objects.planned().select_related("institution").first()
    completed = SupervisionVisit.objects.filter(state="completed", kind="pedagogical").first()
    evaluation = Evaluation.objects.get()

    def page(url):
        response = client.get(url)
        assert response.status_code == 200, url
        return response.content.decode()

    # The visit forms: each dimension's description is its level's help text; the levels are the choices.
    for url in (reverse("supervision:visit_create", args=[planned.institution_id]),
                reverse("supervision:visit_edit", args=[planned.pk])):
        _assert_inert(page(url), "beskrivelse", "dimension", "niveau")
    # The settings page: every name, description and question in its input's value attribute.
    _assert_inert(page(reverse("supervision:settings")), "beskrivelse", "dimension", "niveau", "spørgsmål")
    _assert_inert(page(reverse("supervision:self_assessment", args=[planned.pk])), "spørgsmål")
    _assert_inert(page(reverse("supervision:visit", args=[completed.pk])), "dimension", "niveau")
    # aria-labels: an initiative's number, a recommendation's text
    _assert_inert(page(reverse("budgetfollowup:round_detail", args=[hostile_settings[1].pk])), "")
    _assert_inert(page(reverse("evaluations:evaluation_detail", args=[evaluation.pk])), "anbefaling")
    _assert_inert(page(reverse("evaluations:status_report", args=[evaluation.pk])))
    # the PDFs' metadata (the author is the municipality)
    report = Report.objects.create(round=hostile_settings[2], kind=Report.Kind.DRAFT, version=1)
    _assert_inert(documents.html(report), "kommune", "enhed")
