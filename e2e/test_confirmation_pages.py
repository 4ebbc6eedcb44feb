"""The pages that ask before what cannot be undone (#35: they replace the browser's confirm()): axe-clean at desktop
and phone width, and by keyboard the page's skip link reaches the button in at most four key presses."""

import pytest

from .conftest import check_page

pytestmark = pytest.mark.browser


def test_the_confirmation_pages_pass_axe_and_reach_their_button_by_keyboard(demo_site, session_for):
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from django.urls import reverse

    from capacity import demo as capacity_demo
    from capacity import forecast_demo
    from capacity.models import ForecastReport, PopulationForecast
    from dagtilbud.tests.test_uploads import pdf_bytes
    from supervision import demo as supervision_demo
    from supervision.models import SupervisionVisit

    supervision_demo.load_supervision()
    planned = SupervisionVisit.objects.planned().get(institution__name="Børnehuset Egebjerg")
    capacity_demo.load_capacity()
    forecast_demo.load_forecast()
    # A ready version of the forecast's PDF (its rendering is tested elsewhere), to send to a committee.
    forecast_pdf = ForecastReport(forecast=PopulationForecast.objects.current(), version=1, state="ready")
    forecast_pdf.file.save(forecast_pdf.filename, ContentFile(pdf_bytes()))
    person = get_user_model().objects.get(username="dl.nord")
    page = session_for("admin")
    problems = []
    for name, url, button in (
            ("user-anonymise", reverse("districts:user_anonymise", args=[person.pk]), "Ja, anonymisér"),
            ("supervision-visit-cancel", reverse("supervision:visit_cancel", args=[planned.pk]), "Ja, aflys tilsynet"),
            ("forecast-pdf-send", reverse("capacity:forecast_pdf_send", args=[forecast_pdf.pk]),
             "Ja, send til udvalget")):
        page.goto(f"{demo_site}{url}")
        problems += check_page(page, name)
        page.keyboard.press("Tab")  # "Spring til indhold"
        page.keyboard.press("Tab")  # "Spring til “…”": the page's own skip link
        assert page.evaluate("document.activeElement.textContent.trim()") == f"Spring til “{button}”"
        page.keyboard.press("Enter")
        if page.evaluate("document.activeElement.id") != "confirm-action":
            page.keyboard.press("Tab")  # the link moved the starting point, not the focus: the next Tab lands on it
        assert page.evaluate("document.activeElement.textContent.trim()") == button
    assert not problems, "\n".join(problems)
    # Nothing was done by looking.
    assert SupervisionVisit.objects.filter(pk=planned.pk).exists()
    assert get_user_model().objects.get(pk=person.pk).is_active
    assert ForecastReport.objects.get(pk=forecast_pdf.pk).sent is None
