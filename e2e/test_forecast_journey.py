"""The capacity forecast in a real browser: the administrator imports the sample population forecast, names it,
changes a coverage rate in a new scenario and sees places needed against capacity for five years per district, on
the page and in the PDF the worker renders, and sends the PDF to the committee, whose member downloads it from the
report list. Every page checked with axe at desktop and phone width; the district
leader and the pedagogical leader see their own district."""

import datetime
import io
import re

import pytest
from pypdf import PdfReader

from capacity import demo as capacity_demo
from capacity import forecast_demo
from capacity.models import CoverageScenario, PopulationForecast

from .conftest import check_page, dump

pytestmark = pytest.mark.browser

DISTRICTS = ["Distrikt Midt", "Distrikt Nord", "Distrikt Syd", "Distrikt Vest", "Distrikt Øst"]


def words(page):
    return " ".join(page.locator("main").inner_text().split())


def test_an_administrator_imports_a_forecast_tries_a_scenario_and_takes_the_pdf(browser, demo_site, worker,
                                                                                  session_for):
    capacity_demo.load_capacity()
    forecast_demo.load_forecast()
    this_year = datetime.date.today().year
    problems = []
    admin = session_for("admin")

    # The forecast page of the demo: made up, and said so; Vest short of places in year three.
    admin.goto(f"{demo_site}/kapacitet/prognose/")
    assert admin.locator("h1").inner_text() == "Kapacitetsprognose"
    assert "Tallene i denne befolkningsprognose er opdigtede." in words(admin)
    problems += check_page(admin, "forecast")

    # The import: the sample downloaded from the import page, uploaded, previewed, confirmed, named.
    admin.get_by_role("link", name="Importér befolkningsprognose").click()
    problems += check_page(admin, "forecast-import")
    with admin.expect_download() as download:
        admin.get_by_role("link", name="Hent eksemplet i bred form (.csv)").click()
    sample = open(download.value.path(), "rb").read()
    admin.set_input_files("#id_file", files=[{"name": "prognose.csv", "mimeType": "text/csv", "buffer": sample}])
    admin.get_by_role("button", name="Se hvad importen vil gøre").click()
    admin.wait_for_url(re.compile(r"/prognose/import/\d+/$"))
    assert "Befolkningsprognose for 5 distrikter, 0-5 år" in words(admin)
    problems += check_page(admin, "forecast-import-preview")
    admin.get_by_role("button", name="Gennemfør importen").click()
    admin.wait_for_url(re.compile(r"/prognose/\d+/ret/$"))
    problems += check_page(admin, "forecast-edit")
    admin.get_by_label("Navn").fill("Prognose fra leverandøren")
    admin.get_by_label("Kilde").fill("Leverandøren")
    admin.get_by_role("button", name="Gem").click()
    admin.wait_for_selector("text=Prognosen er gemt.")
    assert "Prognose fra leverandøren, fra Leverandøren" in words(admin)
    assert PopulationForecast.objects.current().name == "Prognose fra leverandøren"

    # A scenario: more one-year-olds in vuggestue than today.
    admin.get_by_role("link", name=re.compile("^Nyt scenarie ud fra")).click()
    problems += check_page(admin, "forecast-scenario")
    admin.get_by_label("Navn").fill("Flere etårige i vuggestue")
    admin.get_by_label("Vuggestue, 1 år (%)").fill("95,0")
    admin.get_by_role("button", name="Gem scenariet").click()
    admin.wait_for_selector("text=Scenariet er gemt.")
    scenario = CoverageScenario.objects.get()
    assert scenario.rates.get(age=1, care_type="vuggestue").percent == 95

    # Places needed against capacity, five years ahead, district by district; the deficits in words.
    page = words(admin)
    assert "Flere etårige i vuggestue vist" in page
    for district in DISTRICTS:
        assert admin.get_by_role("heading", name=district, exact=True).count() == 1
        table = admin.get_by_role("table", name=re.compile(f"^{district}: børn forventet"))
        assert all(str(year) in table.inner_text() for year in range(this_year, this_year + 6))
    deficits = admin.locator("section", has=admin.get_by_role("heading", name="Underskud af pladser"))
    assert "mangler" in deficits.inner_text()
    problems += check_page(admin, "forecast-scenario-shown")

    # The committee's PDF with this scenario, rendered by the worker.
    admin.get_by_role("button", name="Dan PDF").click()
    admin.wait_for_selector("text=Kapacitetsprognosen er sat i kø")
    link = admin.get_by_role("link", name="Hent PDF – version 1")
    link.wait_for(timeout=90_000)
    with admin.expect_download() as download:
        link.click()
    reader = PdfReader(io.BytesIO(open(download.value.path(), "rb").read()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Kapacitetsprognose" in text and "dækningsgrader: Flere etårige i vuggestue" in text
    assert "Prognose fra leverandøren" in text
    for district in DISTRICTS:
        assert district in text
    assert str(this_year + 5) in text and "mangler" in text

    # Sent to the committee, through the page that asks (the committee chosen: the demo has two); the committee's
    # member finds it on the report list, in its own table, and downloads it.
    admin.get_by_role("link", name="Send til udvalget – version 1").click()
    admin.wait_for_url(re.compile(r"/prognose/pdf/\d+/send/$"))
    problems += check_page(admin, "forecast-pdf-send")
    admin.get_by_label("Udvalg").select_option(label="Børne- og Skoleudvalget")
    admin.get_by_role("button", name="Ja, send til udvalget").click()
    admin.wait_for_selector("text=Version 1 af kapacitetsprognosen er sendt til Børne- og Skoleudvalget.")
    assert "Sendt til Børne- og Skoleudvalget" in words(admin)
    member = session_for("udvalg")
    member.goto(f"{demo_site}/budget/rapporter/")
    forecasts = member.get_by_role("table", name="Kapacitetsprognoser sendt til udvalget, nyeste først")
    assert "Prognose fra leverandøren" in forecasts.inner_text()
    problems += check_page(member, "report-list-forecast")
    with member.expect_download() as download:
        member.get_by_role("link", name="Hent PDF – Prognose fra leverandøren, version 1").click()
    sent = open(download.value.path(), "rb").read()
    assert sent.startswith(b"%PDF") and "Prognose fra leverandøren" in " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(sent)).pages).split())

    # A planned change, and its page.
    admin.goto(f"{demo_site}/kapacitet/prognose/aendring/ny/")
    problems += check_page(admin, "forecast-change")

    # The leaders: their own district.
    for username, district in (("dl.syd", "Distrikt Syd"), ("pl.mette", "Distrikt Nord")):
        leader = session_for(username)
        leader.goto(f"{demo_site}/kapacitet/prognose/")
        headings = [h.strip() for h in leader.locator("h2").all_inner_texts()]
        assert district in headings and "Kommunen i alt" not in headings
        assert not [d for d in DISTRICTS if d != district and d in headings]
        problems += check_page(leader, f"forecast-{username}")

    assert not problems, dump(problems)
