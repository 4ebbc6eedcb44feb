"""A worker killed mid-render (kill -9 of the pool process, as the OOM killer would) loses no report and makes no
second one: the message is given back (acks late, reject on worker lost) or, failing that, the sweep queues it."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from budgetfollowup.models import FollowUpRound, Report
from dagtilbud.documents import workflow as documents
from tests.shared_demo import load_demo

ROOT = Path(settings.BASE_DIR)


def database_url():
    """The test database, as the worker process must reach it."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def children(pid):
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(pid):
            found.append(int(status.parent.name))
    return found


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_render_loses_no_report(settings):
    load_demo("organisation", "agreement")
    round_ = FollowUpRound.objects.get(number=1)
    Report.objects.all().delete()  # the demo's own, never rendered here: this test is about one report
    # A heartbeat every second, stale after three: the message given back after the kill finds the row still
    # "rendering", waits for the dead worker's heartbeat to stop, and takes over.
    settings.RENDER_HEARTBEAT_STALE_SECONDS = 3
    env = {**os.environ, "DATABASE_URL": database_url(), "DEBUG": "false",
           "RENDER_HEARTBEAT_SECONDS": "1", "RENDER_HEARTBEAT_STALE_SECONDS": "3",
           "SECRET_KEY": settings.SECRET_KEY, "REDIS_URL": os.environ.get("REDIS_URL", ""),
           "MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-P", "prefork", "-c", "1",
         "--without-mingle", "--without-gossip", "--loglevel=WARNING"], cwd=ROOT, env=env)
    try:
        report = documents.request(Report, owner=round_, kind=Report.Kind.DRAFT, user=None)
        deadline = time.monotonic() + 90
        while Report.objects.get(pk=report.pk).state != Report.State.RENDERING:
            assert time.monotonic() < deadline, "the worker never started rendering"
            time.sleep(0.05)
        [child] = children(worker.pid)
        os.kill(child, signal.SIGKILL)

        deadline = time.monotonic() + 60
        swept = False
        while Report.objects.get(pk=report.pk).state != Report.State.READY:
            if time.monotonic() > deadline - 30 and not swept:
                settings.REPORT_STALE_AFTER_SECONDS = 0  # what beat would do once the report has sat too long
                documents.requeue_stale()
                swept = True
            assert time.monotonic() < deadline, Report.objects.get(pk=report.pk).state
            time.sleep(0.2)
    finally:
        worker.terminate()
        worker.wait(timeout=60)

    report = Report.objects.get(pk=report.pk)
    assert report.state == Report.State.READY and report.attempts >= 2 and report.pages >= 5
    assert Report.objects.count() == 1
