"""The committee's "Kapacitetsprognose" sent to a committee: an administrator sends a ready version through a
confirmation page, choosing the committee; the committee's members find it on the report list, download it and hear
of it; members of another committee, the leaders and everyone else do not reach it. A version is sent once, and
only a ready one."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from capacity import forecast_services as services
from capacity.models import ForecastReport, ForecastSending, PopulationForecast
from dagtilbud.testing import pdf_text, wait_until_rendered
from dagtilbud.tests.test_uploads import pdf_bytes
from districts.models import Committee, Profile, Role
from notifications import services as notices
from notifications.models import Kind, Notice
from tests.shared_demo import load_demo

BSU = "Børne- og Skoleudvalget"
KFU = "Kultur- og Fritidsudvalget"


def user(username):
    return get_user_model().objects.get(username=username)


def client_for(username):
    client = Client(raise_request_exception=False)
    client.force_login(user(username))
    return client


def other_committee_member():
    """A member of the demo's other committee (Kultur- og Fritidsudvalget), which nothing was sent to."""
    member = get_user_model().objects.create_user("udvalg.kultur", email="kultur@ballerup.example")
    Role.objects.create(user=member, kind=Role.Kind.COMMITTEE_MEMBER, committee=Committee.objects.get(name=KFU))
    return member


def words(response):
    return " ".join(response.content.decode().split())


def test_an_administrator_sends_a_rendered_version_and_the_committee_reads_it(transactional_db, worker, login):
    load_demo("organisation", "agreement", "capacity", "forecast")
    forecast = PopulationForecast.objects.current()
    admin = login("admin")
    admin.post(reverse("capacity:forecast_pdf_request", args=[forecast.pk]))
    report = wait_until_rendered(ForecastReport.objects.get(forecast=forecast))
    assert report.state == "ready", report.error

    # The forecast page offers to send the ready version; the link opens a page that asks, with the committee.
    page = words(admin.get(reverse("capacity:forecast")))
    send_url = reverse("capacity:forecast_pdf_send", args=[report.pk])
    assert f'href="{send_url}"' in page and "Send til udvalget" in page
    asking = words(admin.get(send_url))
    assert "Send version 1 af kapacitetsprognosen til udvalget?" in asking
    assert f"{forecast.name}, med dækningsgraderne “Beregnet af de seneste 12 måneders indskrivning”." in asking
    assert "Ja, send til udvalget" in asking and "Vælg …" in asking  # two committees in the demo: chosen, not guessed
    assert not ForecastSending.objects.exists()  # nothing was done by looking

    bsu = Committee.objects.get(name=BSU)
    sent = words(admin.post(send_url, {"committee": bsu.pk}, follow=True))
    assert f"Version 1 af kapacitetsprognosen er sendt til {BSU}." in sent
    sending = ForecastSending.objects.get()
    assert (sending.report, sending.committee, sending.sent_by) == (report, bsu, user("admin"))
    assert abs((timezone.now() - sending.sent_at).total_seconds()) < 60
    assert sending.history.get().history_user == user("admin")  # who sent it, in history as every change
    assert f"Sendt til {BSU}" in sent and "af Anja Økonomisen" in sent

    # The committee's member: the report list's own table, and the file.
    member = client_for("udvalg")
    listing = words(member.get(reverse("budgetfollowup:report_list")))
    assert '<caption>Kapacitetsprognoser sendt til udvalget, nyeste først</caption>' in listing
    download = reverse("capacity:forecast_pdf_download", args=[report.pk])
    assert f'href="{download}"' in listing and forecast.name in listing
    response = member.get(download)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    _pdf, text = pdf_text(b"".join(response.streaming_content))
    assert "Kapacitetsprognose" in text and forecast.name in " ".join(text.split())

    # Another committee's member, and the leaders: not theirs.
    other_committee_member()
    other = client_for("udvalg.kultur")
    assert download not in other.get(reverse("budgetfollowup:report_list")).content.decode()
    assert other.get(download).status_code == 404
    for leader in ("dl.nord", "dl.syd", "pl.mette"):
        assert client_for(leader).get(download).status_code == 403
        assert download not in client_for(leader).get(reverse("budgetfollowup:report_list")).content.decode()
    # The district leader's forecast page is as it was: the figures, not the PDF's versions.
    leader_page = client_for("dl.nord").get(reverse("capacity:forecast"))
    assert leader_page.status_code == 200 and "Send til udvalget" not in leader_page.content.decode()

    # The committee's members hear of it, once; the other committee does not.
    notices.notices_collect(now=timezone.now())
    notices.notices_collect(now=timezone.now())
    [notice] = Notice.objects.filter(kind=Kind.FORECAST_SENT)
    assert notice.recipient == user("udvalg")
    assert notice.shown_subject == f"Kapacitetsprognose til {BSU}: {forecast.name}"
    assert notice.url == reverse("budgetfollowup:report_list") + "#kapacitetsprognoser"


@pytest.fixture
def ready(db, settings, tmp_path):
    """The demo's forecast with a ready version of its PDF (the file a stand-in: rendering is tested above)."""
    settings.MEDIA_ROOT = tmp_path
    load_demo("organisation", "agreement", "capacity", "forecast")
    return ready_version(1)


def ready_version(version, state=ForecastReport.State.READY):
    report = ForecastReport(forecast=PopulationForecast.objects.current(), version=version, state=state, pages=9,
                            size=40_000)
    if state == ForecastReport.State.READY:
        report.file.save(report.filename, ContentFile(pdf_bytes()), save=False)
    report.save()
    return report


def test_a_version_is_sent_once_with_a_clear_refusal_the_second_time(ready):
    admin, bsu, kfu = client_for("admin"), Committee.objects.get(name=BSU), Committee.objects.get(name=KFU)
    url = reverse("capacity:forecast_pdf_send", args=[ready.pk])
    services.forecast_pdf_send(report=ready, committee=bsu, user=user("admin"))
    today = timezone.localdate()
    refusal = f"Version 1 er allerede sendt til {BSU} den {today.day}."

    # Asked again from the page: the page says so at once, and the post is refused as well, to either committee.
    asked = admin.get(url, follow=True)
    assert asked.redirect_chain[-1][0].endswith("#pdf") and refusal in words(asked)
    posted = admin.post(url, {"committee": kfu.pk}, follow=True)
    assert refusal in words(posted)
    assert ForecastSending.objects.get().committee == bsu

    # And by the service itself (the model holds it, whoever calls).
    with pytest.raises(ValidationError, match="allerede sendt"):
        services.forecast_pdf_send(report=ready, committee=kfu, user=user("admin"))


@pytest.mark.parametrize("state", [ForecastReport.State.QUEUED, ForecastReport.State.RENDERING,
                                   ForecastReport.State.FAILED])
def test_only_a_ready_version_can_be_sent(ready, state):
    pending = ready_version(2, state=state)
    admin = client_for("admin")
    url = reverse("capacity:forecast_pdf_send", args=[pending.pk])
    refused = words(admin.get(url, follow=True))
    assert "Version 2 kan ikke sendes til udvalget: kun en færdig PDF kan sendes" in refused
    assert "Version 2 kan ikke sendes" in words(admin.post(url, {"committee": Committee.objects.first().pk},
                                                           follow=True))
    with pytest.raises(ValidationError):
        services.forecast_pdf_send(report=pending, committee=Committee.objects.first(), user=user("admin"))
    assert not ForecastSending.objects.exists()
    # Not offered on the page either.
    assert reverse("capacity:forecast_pdf_send", args=[pending.pk]) not in admin.get(
        reverse("capacity:forecast")).content.decode()


def test_the_committee_must_be_chosen_among_several_and_the_only_one_is_chosen_for_you(ready):
    admin = client_for("admin")
    url = reverse("capacity:forecast_pdf_send", args=[ready.pk])
    missing = words(admin.post(url, {}))
    assert "Udvalg: Dette felt er påkrævet." in missing and "error-summary" in missing
    assert not ForecastSending.objects.exists()

    Committee.objects.filter(name=KFU).delete()  # one committee: it is the default
    page = admin.get(url).content.decode()
    bsu = Committee.objects.get()
    assert f'<option value="{bsu.pk}" selected>{BSU}</option>' in page and "Vælg …" not in page


def test_only_the_administration_sends(ready):
    url = reverse("capacity:forecast_pdf_send", args=[ready.pk])
    bsu = Committee.objects.get(name=BSU)
    for username in ("udvalg", "dl.nord", "pl.mette"):
        client = client_for(username)
        assert client.get(url).status_code == 403
        assert client.post(url, {"committee": bsu.pk}).status_code == 403
    assert not ForecastSending.objects.exists()


def test_the_report_list_shows_sent_versions_only_and_the_administration_sees_them_too(ready):
    unsent = ready_version(2)
    services.forecast_pdf_send(report=ready, committee=Committee.objects.get(name=BSU), user=user("admin"))
    for username in ("udvalg", "admin"):
        listing = client_for(username).get(reverse("budgetfollowup:report_list")).content.decode()
        assert reverse("capacity:forecast_pdf_download", args=[ready.pk]) in listing
        assert reverse("capacity:forecast_pdf_download", args=[unsent.pk]) not in listing
    # The member of the other committee: the table, empty; a leader or a reporter: no table at all.
    other_committee_member()
    listing = words(client_for("udvalg.kultur").get(reverse("budgetfollowup:report_list")))
    assert "Der er endnu ikke sendt en kapacitetsprognose til udvalget." in listing
    for username in ("dl.nord", "center.sik"):
        assert "Kapacitetsprognoser" not in client_for(username).get(
            reverse("budgetfollowup:report_list")).content.decode()
    # The unsent version is the administration's alone.
    assert client_for("udvalg").get(reverse("capacity:forecast_pdf_download", args=[unsent.pk])).status_code == 404


def test_the_notice_reads_in_the_readers_language(ready):
    Profile.objects.create(user=user("udvalg"), language="en")
    services.forecast_pdf_send(report=ready, committee=Committee.objects.get(name=BSU), user=user("admin"))
    notices.notices_collect(now=timezone.now())
    notice = Notice.objects.get(kind=Kind.FORECAST_SENT, recipient=user("udvalg"))
    name = ready.forecast.name
    assert notice.subject == f"Capacity forecast for {BSU}: {name}"  # stored for the e-mail, in her language
    client = client_for("udvalg")
    client.post(reverse("language"), {"language": "da", "next": "/"})
    danish = words(client.get(reverse("notifications:notice_list")))
    assert f"Kapacitetsprognose til {BSU}: {name}" in danish
    client.post(reverse("language"), {"language": "en", "next": "/"})
    english = words(client.get(reverse("notifications:notice_list")))
    assert f"Capacity forecast for {BSU}: {name}" in english and "Kapacitetsprognose til" not in english
    assert "can be downloaded under Reports" in english


def test_the_demo_sends_its_forecast_pdf_to_the_committee_once(db, settings, tmp_path):
    from capacity import forecast_demo

    settings.MEDIA_ROOT = tmp_path
    load_demo("organisation", "agreement", "capacity", "forecast")
    forecast_demo.send_forecast_pdf()
    sending = ForecastSending.objects.select_related("report").get()
    assert sending.report.state == "ready" and sending.committee.name == BSU
    assert sending.sent_by == user("admin") and sending.report.forecast == PopulationForecast.objects.current()
    forecast_demo.send_forecast_pdf()  # seed_demo run again: nothing more
    assert ForecastReport.objects.count() == ForecastSending.objects.count() == 1
    listing = client_for("udvalg").get(reverse("budgetfollowup:report_list")).content.decode()
    assert reverse("capacity:forecast_pdf_download", args=[sending.report.pk]) in listing
