"""Reports through a real Celery worker (Redis in CI, the filesystem broker otherwise), read back from the PDF."""

import pytest
from celery.contrib.testing.worker import start_worker
from django.urls import reverse

from budgetfollowup.models import FollowUpRound, Initiative, Report
from config.celery import app
from dagtilbud.documents import workflow as documents
from dagtilbud.testing import pdf_text, wait_until_rendered
from tests.shared_demo import load_demo


@pytest.fixture
def demo_rounds(transactional_db):
    load_demo("organisation", "agreement")
    return {r.number: r for r in FollowUpRound.objects.select_related("agreement")}


def wait_for(report_id):
    return wait_until_rendered(Report.objects.get(pk=report_id))


def test_publishing_renders_the_report_in_a_worker_and_the_committee_downloads_it(demo_rounds, worker, client):
    from django.contrib.auth import get_user_model

    second = demo_rounds[2]
    client.force_login(get_user_model().objects.get(username="admin"))
    response = client.post(reverse("budgetfollowup:round_publish", args=[second.pk]))
    assert response.status_code == 302
    report = Report.objects.get(round=second, kind="final")
    report = wait_for(report.pk)
    assert report.state == "ready", report.error
    assert report.pages >= 5 and len(report.sha256) == 64 and report.seconds > 0

    client.force_login(get_user_model().objects.get(username="udvalg"))
    listing = client.get(reverse("budgetfollowup:report_list")).content.decode()
    assert "Anden opfølgning på Aftale om budget 2019 for Børne- og Skoleudvalget" in listing
    download = client.get(reverse("budgetfollowup:report_download", args=[report.pk]))
    assert download.status_code == 200
    content = b"".join(download.streaming_content)
    assert content.startswith(b"%PDF")

    reader, text = pdf_text(content)
    assert "Anden opfølgning på Aftale om budget 2019 for Børne- og Skoleudvalget" in text
    for initiative in Initiative.objects.all():
        assert initiative.number in text
    assert "Understøttelse af arbejdet med kvalitet i dagtilbud" in text
    assert f"side 1 af {report.pages}" in text
    assert len(reader.pages) == report.pages  # the count stored beside the file is the file's
    assert "Sagsid: 00.30.10-S00-1-19" in text
    assert "Ballerup Kommune, Økonomi og Styring" in text
    assert "Milepæl er ikke fuldt nået, men det er fortsat realistisk" in text
    assert "Budgettet er ikke overholdt" in text
    assert "UDKAST" not in text
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/Lang"] == "da"
    assert b"pdfaid" in root["/Metadata"].get_object().get_data()
    assert reader.metadata.title == "Anden opfølgning på Aftale om budget 2019 for Børne- og Skoleudvalget"


def test_draft_preview_is_marked_on_every_page_and_hidden_from_the_committee(demo_rounds, worker, client):
    from django.contrib.auth import get_user_model

    third = demo_rounds[3]
    client.force_login(get_user_model().objects.get(username="admin"))
    client.post(reverse("budgetfollowup:report_preview", args=[third.pk]))
    report = wait_for(Report.objects.get(round=third, kind="draft").pk)
    reader, _ = pdf_text(report.file.read())
    assert all("UDKAST" in page.extract_text() for page in reader.pages)
    client.force_login(get_user_model().objects.get(username="udvalg"))
    assert client.get(reverse("budgetfollowup:report_download", args=[report.pk])).status_code == 404


def test_rendering_twice_gives_one_report(demo_rounds):
    report = Report.objects.create(round=demo_rounds[1], kind="final", version=5)
    first = documents.render(Report, report.pk)
    again = documents.render(Report, report.pk)
    assert first.sha256 == again.sha256 and again.attempts == 1


def test_reopened_and_republished_round_gets_a_new_version_and_keeps_the_old(demo_rounds, worker, client):
    from django.contrib.auth import get_user_model

    second = demo_rounds[2]
    client.force_login(get_user_model().objects.get(username="admin"))
    client.post(reverse("budgetfollowup:round_publish", args=[second.pk]))
    v1 = wait_for(Report.objects.get(round=second, kind="final", version=1).pk)
    client.post(reverse("budgetfollowup:round_reopen", args=[second.pk]), {"reason": "Rettelse"})
    client.post(reverse("budgetfollowup:round_publish", args=[second.pk]))
    v2 = wait_for(Report.objects.get(round=second, kind="final", version=2).pk)
    assert v1.state == v2.state == "ready"
    client.force_login(get_user_model().objects.get(username="udvalg"))
    assert client.get(reverse("budgetfollowup:report_download", args=[v1.pk])).status_code == 200
    assert client.get(reverse("budgetfollowup:report_download", args=[v2.pk])).status_code == 200


def test_a_report_left_behind_is_queued_again_by_the_sweep(demo_rounds, worker, settings):
    """A report whose message was lost (broker down) or whose worker died (no heartbeat) is picked up again."""
    settings.REPORT_STALE_AFTER_SECONDS = 0
    settings.RENDER_HEARTBEAT_STALE_SECONDS = 0
    lost = Report.objects.create(round=demo_rounds[1], kind="final", version=6, state="queued")
    orphaned = Report.objects.create(round=demo_rounds[1], kind="final", version=7, state="rendering")
    requeued = documents.requeue_stale()
    assert lost in requeued and orphaned in requeued
    assert wait_for(lost.pk).state == "ready" and wait_for(orphaned.pk).state == "ready"


def test_a_failed_report_shows_its_reason_and_can_be_retried(demo_rounds, client):
    from django.contrib.auth import get_user_model

    report = Report.objects.create(round=demo_rounds[1], kind="final", version=3)
    documents.fail(Report, report.pk, "ValueError: noget gik galt")
    client.force_login(get_user_model().objects.get(username="admin"))
    page = client.get(reverse("budgetfollowup:round_detail", args=[demo_rounds[1].pk])).content.decode()
    assert "noget gik galt" in page and "Prøv igen" in page
    client.post(reverse("budgetfollowup:report_retry", args=[report.pk]))
    assert Report.objects.get(pk=report.pk).state in ("queued", "rendering", "ready")


@pytest.fixture
def broker_down():
    """The app's producer pointed at a port where nothing listens: a real connection that is refused."""
    configured = app.conf.broker_url

    def use(url):
        app.conf.broker_url = url
        app._pool = None  # both pools cache connections to the broker they were made for
        app.amqp._producer_pool = None

    use("redis://127.0.0.1:9/0")
    yield lambda: use(configured)
    use(configured)


def test_broker_down_loses_no_report_and_says_so(demo_rounds, client, settings, broker_down):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="admin"))
    response = client.post(reverse("budgetfollowup:round_publish", args=[demo_rounds[2].pk]), follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "2. budgetopfølgning 2019 er offentliggjort" in page
    assert "Baggrundskøen kan ikke nås lige nu" in page
    report = Report.objects.get(round=demo_rounds[2], kind="final")
    assert report.state == "queued"

    # The broker is back: the sweep queues the report again and a worker renders it, once.
    broker_down()
    settings.REPORT_STALE_AFTER_SECONDS = 0
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        assert report in documents.requeue_stale()  # with the demo's own round 1 report, never queued
        assert wait_for(report.pk).state == "ready"
    assert Report.objects.filter(round=demo_rounds[2]).count() == 1


def test_the_sweep_leaves_recent_reports_alone_and_runs_from_beat(demo_rounds):
    recent = Report.objects.create(round=demo_rounds[1], kind="final", version=8)
    assert documents.requeue_stale() == []
    assert Report.objects.get(pk=recent.pk).state == "queued"
    assert app.conf.beat_schedule["requeue-stale"]["task"] in app.tasks
