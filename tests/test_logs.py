"""Logs an operator can use, read from the processes' real output: one format for gunicorn and the app and the
worker (UTC with its offset, level, logger, request id, message; JSON with LOG_FORMAT=json), a request id taken from
our proxy or made, returned, and carried into the tasks the request queues; access lines; tasks received and
succeeded at INFO; no e-mail's link in a production log; login failures that show the address, not the username;
errors to Sentry when SENTRY_DSN is set."""

import http.server
import json
import logging
import re
import sys
import threading
import time
import urllib.request

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from budgetfollowup import demo as budget_demo
from budgetfollowup.models import FollowUpRound, Report
from districts import demo

from . import processes

UTC_TIME = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00"


def wait_for(condition, seconds, message):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, message()
        time.sleep(0.3)


@pytest.mark.django_db(transaction=True)
def test_gunicorn_and_the_app_log_one_format_with_the_proxys_request_id(tmp_path):
    env = processes.child_environment(TRUSTED_PROXY_COUNT="1", LOG_FORMAT="text")
    with processes.web_server(tmp_path, env) as (server, url):
        request = urllib.request.Request(f"{url}/healthz/", headers={"X-Request-ID": "proxy-7f3a9c"})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.headers["X-Request-ID"] == "proxy-7f3a9c"
        spoofed = urllib.request.Request(f"{url}/readyz/", headers={"X-Request-ID": "evil\"id with spaces"})
        with urllib.request.urlopen(spoofed, timeout=30) as response:
            made = response.headers["X-Request-ID"]
        assert re.fullmatch(r"[0-9a-f]{32}", made)  # not a valid id: one of ours instead
        wait_for(lambda: made in server.output(), 10, server.output)
        log = server.output()
    lines = [line for line in log.splitlines() if line.strip() and not line.startswith((" ", "Traceback"))]
    # gunicorn's master and worker, and the app, in one format: UTC with its offset, level, logger, [request id]
    wrong = [line for line in lines if not re.match(rf"{UTC_TIME} [A-Z]+ [\w.]+ \[[^\]]+\] ", line)]
    assert not wrong, wrong
    assert re.search(rf"{UTC_TIME} INFO gunicorn\.error \[-\] Listening at", log)
    assert re.search(rf"{UTC_TIME} INFO dagtilbud\.access \[proxy-7f3a9c\] GET /healthz/ 200 \d+ms", log)
    assert re.search(rf"INFO dagtilbud\.access \[{made}\] GET /readyz/ 200", log)


def test_without_a_trusted_proxy_a_clients_id_is_not_taken(client, db, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    response = client.get("/healthz/", HTTP_X_REQUEST_ID="client-made-up")
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


@pytest.mark.django_db(transaction=True)
def test_a_requests_id_follows_its_task_into_the_worker_in_json_and_no_e_mail_link_is_logged(tmp_path, settings):
    demo.load_organisation()
    budget_demo.load_agreement()
    Report.objects.all().delete()
    admin = Client()
    admin.force_login(get_user_model().objects.get(username="admin"))
    env = processes.child_environment(LOG_FORMAT="json", LOG_LEVEL="INFO")
    from config.celery import app

    app.control.purge()  # messages left by an interrupted earlier run name rows that no longer exist
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "-P", "solo", "--without-mingle",
               "--without-gossip"]
    with processes.started(command, env=env, log=tmp_path / "worker.log", ready=r"ready\.") as (worker, _):
        round_ = FollowUpRound.objects.get(number=2)
        response = admin.post(reverse("budgetfollowup:round_publish", args=[round_.pk]))
        rid = response["X-Request-ID"]
        report = Report.objects.get(round=round_)
        wait_for(lambda: Report.objects.get(pk=report.pk).state == "ready", 120, worker.output)
        # The report is ready: the committee member hears of it by e-mail, with a link to the round.
        app.send_task("notifications.tasks.notices_run")
        wait_for(lambda: re.search(r"notices_run\[[^\]]+\] succeeded", worker.output()), 120, worker.output)
        output = worker.output()
    entries = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    assert entries and all(re.fullmatch(UTC_TIME, e["time"]) and e["level"] and e["logger"] for e in entries)
    about_render = [e for e in entries if e["request_id"] == rid]
    messages = " | ".join(e["message"] for e in about_render)
    assert "Task dagtilbud.tasks.render_pdf[" in messages and "received" in messages, messages
    assert any("succeeded" in e["message"] and e["level"] == "INFO" for e in about_render), messages
    mails = [e for e in entries if e["logger"] == "dagtilbud.mail"]
    assert mails and all(e["level"] == "INFO" for e in mails)
    assert "Rapport klar" in mails[0]["message"]
    assert f"/budget/opfoelgninger/{round_.pk}/" not in output and "afmeld" not in output  # no link, no body


def test_a_failed_login_logs_the_address_and_not_the_username(client, db, caplog):
    get_user_model().objects.create_user("dl.test", password="Rigtig-kode-2026")
    with caplog.at_level(logging.INFO):
        client.post(reverse("login"), {"username": "dl.test", "password": "forkert"}, REMOTE_ADDR="10.20.30.40")
    failures = [r.getMessage() for r in caplog.records if r.name.startswith("axes") and r.levelno >= logging.WARNING]
    assert failures and "10.20.30.40" in failures[0]
    assert not any("dl.test" in r.getMessage() for r in caplog.records)


class _Collector(http.server.BaseHTTPRequestHandler):
    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.headers.get("Content-Encoding") == "br":  # sentry-sdk compresses with brotli when it is installed
            import brotli

            body = brotli.decompress(body)
        elif self.headers.get("Content-Encoding") == "gzip":
            import gzip

            body = gzip.decompress(body)
        self.received.append((self.path, body))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def test_errors_go_to_sentry_when_a_dsn_is_set(tmp_path, db):
    """A real process with SENTRY_DSN pointing at a collector on loopback: an error logged is sent as an event."""
    server = http.server.HTTPServer(("127.0.0.1", 0), _Collector)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        env = processes.child_environment(SENTRY_DSN=f"http://publickey@127.0.0.1:{server.server_port}/1")
        import subprocess

        subprocess.run([sys.executable, "manage.py", "shell", "-c",
                        "import logging; logging.getLogger('dagtilbud').error('boom for sentry 4711')"],
                       cwd=processes.ROOT, env=env, check=True, timeout=120, capture_output=True)
    finally:
        server.shutdown()
    assert any(path == "/api/1/envelope/" and b"boom for sentry 4711" in body for path, body in _Collector.received)
