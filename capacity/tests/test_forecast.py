"""The capacity forecast through its pages: the demo's forecast (made up, said so), its deficit in words, scenarios,
planned changes with history, the import in both layouts, the spreadsheet, and who sees what."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from capacity import demo as capacity_demo, forecast_demo
from capacity.models import CoverageScenario, ForecastImport, PlannedChange, PopulationForecast
from districts import demo

TODAY = datetime.date.today()


@pytest.fixture
def data(db):
    demo.load_organisation()
    capacity_demo.load_capacity()
    forecast_demo.load_forecast()


def text(response):
    return " ".join(response.content.decode().split())


def test_the_demo_forecast_is_said_to_be_made_up_and_shows_a_deficit_in_vest_in_year_three(data, login):
    page = text(login("admin").get(reverse("capacity:forecast")))
    assert "Tallene i denne befolkningsprognose er opdigtede." in page
    assert "Sådan regnes det" in page
    third = TODAY.year + 2
    assert f"{third}: mangler" in page
    # Only Vest, and not before the third year.
    deficits = page.split("Underskud af pladser")[1].split("</section>")[0]
    assert "Distrikt Vest" in deficits and "Distrikt Nord" not in deficits and "Distrikt Syd" not in deficits
    assert f"{TODAY.year}: mangler" not in deficits and f"{TODAY.year + 1}: mangler" not in deficits
