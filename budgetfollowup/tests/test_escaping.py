"""Text people type (titles, status texts) is shown as text on the round page, in the grid and in the PDF: never
run as markup."""

import io

from django.urls import reverse
from pypdf import PdfReader

from budgetfollowup.models import BudgetAgreement, Initiative, Milestone, Report
from dagtilbud import pdf, rendering

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
    html = rendering.html(report)
    _assert_escaped(html.split("</style>", 1)[1])
    # the agreement's title also goes into the running header, a CSS string inside <style>: it must not end it
    assert html.count("</style>") == 1

    reader = PdfReader(io.BytesIO(pdf.html_to_pdf(html)))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert 'alert("titel")' in text and "<b>fed</b>" in text
    assert "<img src=x onerror=alert(1)>" in text
    header = "".join(reader.pages[1].extract_text().split())  # the long header wraps: compare without spaces
    assert "".join(AGREEMENT.split()) in header
