"""Work handed to workers is never lost, for documents and imports alike (dagtilbud/jobs.py): a report published
while the broker was down is sent by the first sweep after the broker answers, not 15 minutes later; an import whose
worker is killed with kill -9 mid-apply is sent again within two minutes and applied once."""

import datetime
import os
import signal
import sys
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from budgetfollowup import demo as budget_demo
from budgetfollowup.models import FollowUpRound, Report
from capacity import demo as capacity_demo
from capacity.models import CapacityImport, MonthlyCapacity
from config.celery import app
from dagtilbud import jobs
from dagtilbud.documents import workflow as documents
from dagtilbud.imports import workflow as imports
from dagtilbud.models import Job
from districts import demo

from . import processes
from .test_imports import capacity_file, upload


def wait_for(condition, seconds, message):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, message
        time.sleep(0.2)


@pytest.fixture
def own_broker(tmp_path):
    """The app's broker moved to a Redis of the test's own, which the test stops and starts (`broker.stop()`,
    `broker.start()`): a real broker going away and coming back on the same address."""
    port = processes.free_port()
    configured = app.conf.broker_url

    def use(url):
        app.conf.broker_url = url
        app._pool = None  # both pools cache connections to the broker they were made for
        app.amqp._producer_pool = None

    class Broker:
        server = None

        def start(self):
            self.server = processes.redis_server(tmp_path, port)
            self.server.__enter__()

        def stop(self):
            self.server.__exit__(None, None, None)
            use(f"redis://127.0.0.1:{port}/0")  # no pooled connection to the stopped server survives

    broker = Broker()
    use(f"redis://127.0.0.1:{port}/0")
    broker.start()
    try:
        yield broker
    finally:
        broker.server.__exit__(None, None, None)
        use(configured)


@pytest.mark.django_db(transaction=True)
def test_a_report_published_while_the_broker_was_down_is_sent_by_the_first_sweep_after_it_answers(
        own_broker, settings):
    demo.load_organisation()
    budget_demo.load_agreement()
    Report.objects.all().delete()  # the demo's own, never rendered here: this test is about one report
    admin = Client(raise_request_exception=False)
    admin.force_login(get_user_model().objects.get(username="admin"))

    own_broker.stop()
    round_ = FollowUpRound.objects.get(number=2)
    page = admin.post(reverse("budgetfollowup:round_publish", args=[round_.pk]), follow=True).content.decode()
    assert "Baggrundskøen kan ikke nås lige nu" in page
    report = Report.objects.get(round=round_)
    assert report.state == "queued" and jobs.unsent(Report) == {report.pk}

    documents.requeue_stale()  # a sweep while the broker is still down: tried, nothing lost
    assert Report.objects.get(pk=report.pk).state == "queued" and jobs.unsent(Report) == {report.pk}

    own_broker.start()
    assert settings.REPORT_STALE_AFTER_SECONDS == 900  # not waited for: the message is known never to have gone
    assert app.conf.beat_schedule["requeue-stale"]["schedule"] <= 60
    started = time.monotonic()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        app.send_task("dagtilbud.tasks.requeue_stale")  # what beat sends every minute
        wait_for(lambda: Report.objects.get(pk=report.pk).state == "ready", 90,
                 f"not rendered: {Report.objects.get(pk=report.pk).state}")
    assert time.monotonic() - started < 60
    assert Report.objects.filter(round=round_).count() == 1
    assert not Job.objects.filter(object_id=report.pk).exists()  # done: nothing left for the sweep
    documents.requeue_stale()
    assert not Job.objects.exists()  # the demo's report's job, deleted with it, is forgotten by the sweep


@pytest.mark.django_db(transaction=True)
def test_an_import_whose_worker_is_killed_mid_apply_is_sent_again_and_applied_once(settings, tmp_path, monkeypatch):
    from capacity.imports import IMPORTER

    demo.load_organisation()
    capacity_demo.load_capacity(today=datetime.date(2026, 11, 24))
    admin = Client(raise_request_exception=False)
    admin.force_login(get_user_model().objects.get(username="admin"))
    settings.IMPORT_BACKGROUND_BYTES = 100  # read and applied by the worker
    monkeypatch.setattr(IMPORTER, "background_after", 0)
    settings.RENDER_HEARTBEAT_STALE_SECONDS = 3
    before = dict(MonthlyCapacity.objects.values_list("pk", "children"))

    def every_month_one_more_child(workbook):  # a large apply: every row of the sheet changes
        for row in workbook["Kapacitet"].iter_rows(min_row=2):
            row[5].value = (row[5].value or 0) + 1

    env = processes.child_environment(RENDER_HEARTBEAT_SECONDS="1", RENDER_HEARTBEAT_STALE_SECONDS="3")
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "-P", "prefork", "-c", "1",
               "--without-mingle", "--without-gossip", "--loglevel=INFO"]
    with processes.started(command, env=env, log=tmp_path / "worker.log", ready=r"\bready\.") as (worker, _):
        response = upload(admin, "capacity", capacity_file(admin, every_month_one_more_child), "kapacitet.xlsx")
        record = CapacityImport.objects.get()
        wait_for(lambda: CapacityImport.objects.get().state == "planned", 120, "the preview was not read")
        assert admin.post(reverse("capacity:import_apply", args=[record.pk])).status_code == 302

        def applying():
            beat = jobs.beats(CapacityImport, [record.pk]).get(record.pk)
            return CapacityImport.objects.get().state == "applying" and beat is not None
        wait_for(applying, 60, "the worker never started applying")
        [child] = processes_children(worker.popen.pid)
        os.kill(child, signal.SIGKILL)
        killed = time.monotonic()
        assert CapacityImport.objects.get().applied_at is None, "applied before the kill: make the file larger"
        assert dict(MonthlyCapacity.objects.values_list("pk", "children")) == before  # rolled back with it

        # The sweep, as beat runs it every minute, until the import is applied.
        while CapacityImport.objects.get().state != "applied":
            assert time.monotonic() - killed < 120, f"not applied within two minutes:\n{worker.output()[-3000:]}"
            imports.requeue_stale()
            time.sleep(1)
        wait_for(lambda: not Job.objects.exists(), 30, "the job was not finished")  # nothing left for the sweep
    after = dict(MonthlyCapacity.objects.values_list("pk", "children"))
    assert after == {pk: children + 1 for pk, children in before.items()}  # every figure once, none twice
    assert "Importen er gennemført" in admin.get(response.url).content.decode()


def processes_children(pid):
    from budgetfollowup.tests.test_worker_killed import children

    return children(pid)
