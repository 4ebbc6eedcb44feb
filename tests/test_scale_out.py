"""Scale out, shown: two web servers and two Celery workers, separate processes that share nothing but PostgreSQL,
Redis and an S3-compatible object store, each with its own empty local disk. A round published through web A is
rendered by a worker and downloaded through web B, byte for byte the stored report.

Run it alone with `./dev test -m scaleout`.
"""

import hashlib
import os
import re
import shutil
import subprocess
import time
from contextlib import ExitStack
from html.parser import HTMLParser
from urllib.parse import quote, urljoin

import pytest
import requests
from django.conf import global_settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse

from budgetfollowup.models import FollowUpRound, Report
from config.celery import app
from districts.demo import DEMO_PASSWORD

from . import processes
from .test_permission_matrix import _load_demo

pytestmark = [pytest.mark.scaleout, pytest.mark.django_db(transaction=True)]

DEADLINE = 180  # seconds for the whole journey once everything runs; each step waits for far less


class Page(HTMLParser):
    """The forms (action and hidden fields) and links (href and text) of a page, as a browser sees them."""

    def __init__(self, html):
        super().__init__()
        self.forms, self.links, self._form, self._link = [], [], None, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"action": attrs.get("action", ""), "fields": {}}
            self.forms.append(self._form)
        elif tag == "input" and self._form is not None and attrs.get("type") == "hidden":
            self._form["fields"][attrs["name"]] = attrs.get("value", "")
        elif tag == "a":
            self._link = {"href": attrs.get("href", ""), "text": ""}
            self.links.append(self._link)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "a":
            self._link = None

    def handle_data(self, data):
        if self._link is not None:
            self._link["text"] += data

    def form(self, action):
        return next(f for f in self.forms if f["action"] == action)


def database_url():
    """The test database, for the child processes."""
    db = connection.settings_dict
    credentials = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def log_in(session, base, username):
    """Log in as a browser does: the form's CSRF token and cookie, then the password."""
    login_url = urljoin(base, reverse("login"))
    token = Page(session.get(login_url, timeout=30).text).form("")["fields"]["csrfmiddlewaretoken"]
    response = session.post(login_url, data={"csrfmiddlewaretoken": token, "username": username,
                                             "password": DEMO_PASSWORD}, timeout=30, allow_redirects=False)
    assert response.status_code == 302, f"login as {username} failed: {response.status_code}"


@pytest.fixture
def s3(tmp_path, settings):
    """The shared object store; this process (which seeds the demo) uses it too."""
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.skip("Skalering ud kræver PostgreSQL og Redis, som processerne deler: sæt DATABASE_URL til "
                    "PostgreSQL og REDIS_URL (som CI gør).")
    with processes.s3_server(tmp_path) as environment:
        settings.STORAGES = {**settings.STORAGES, "default": processes.storage_settings(environment)}
        yield environment


@pytest.fixture
def demo(s3, settings):
    """The demo (its round 1 report queued for the workers), with the two logins used here hashed as the servers'
    settings hash (the suite's fast hasher is not among them)."""
    app.control.purge()  # messages left by an earlier run name rows that no longer exist
    _load_demo()
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    for username in ("admin", "udvalg"):
        user = get_user_model().objects.get(username=username)
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])


@pytest.fixture
def cluster(demo, s3, settings, tmp_path):
    """Two gunicorn web servers and two Celery workers, each a process with its own empty disk (MEDIA_ROOT, VAR_DIR,
    its copy of the release's static files), sharing PostgreSQL, Redis and the object store. Yields their base URLs,
    their processes and their disks; stops them all at the end."""
    shared = {**os.environ, "DATABASE_URL": database_url(), "REDIS_URL": settings.REDIS_URL, **s3,
              "DEBUG": "false", "SECURE_SSL_REDIRECT": "false", "SESSION_COOKIE_SECURE": "false",
              "CSRF_COOKIE_SECURE": "false", "ALLOWED_HOSTS": "127.0.0.1,localhost"}
    for name in ("STORAGE_DEFAULT", "CELERY_TASK_ALWAYS_EAGER", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        shared.pop(name, None)
    # Static files are part of the release: collected once, as a deployment does, and copied to each web machine.
    release = tmp_path / "release-static"
    subprocess.run([str(processes.BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v0"],
                   cwd=processes.ROOT, env={**shared, "STATIC_ROOT": str(release)}, check=True, timeout=300)
    names = ("web-a", "web-b", "worker-a", "worker-b")
    disks = {name: tmp_path / name for name in names}
    env = {}
    for name, disk in disks.items():
        (disk / "media").mkdir(parents=True)
        env[name] = {**shared, "MEDIA_ROOT": str(disk / "media"), "VAR_DIR": str(disk / "var"),
                     "STATIC_ROOT": str(disk / "static")}
    webs, workers = {}, {}
    with ExitStack() as stack:
        for name in ("web-a", "web-b"):
            shutil.copytree(release, disks[name] / "static")
            _, match = stack.enter_context(processes.started(
                [str(processes.BIN / "gunicorn"), "config.wsgi", "--bind", "127.0.0.1:0", "--workers", "1",
                 "--timeout", "60"],
                env=env[name], log=tmp_path / f"{name}.log", ready=r"Listening at: (http://127\.0\.0\.1:\d+)"))
            webs[name] = match.group(1)
        for name in ("worker-a", "worker-b"):
            workers[name], _ = stack.enter_context(processes.started(
                [str(processes.BIN / "celery"), "-A", "config", "worker", "--pool", "solo", "--concurrency", "1",
                 "--hostname", f"{name}@%h", "--without-gossip", "--without-mingle", "--loglevel", "INFO"],
                env=env[name], log=tmp_path / f"{name}.log", ready=r"\bready\."))
        yield {"webs": webs, "workers": workers, "disks": disks}


def test_round_published_on_web_a_is_rendered_by_a_worker_and_downloaded_from_web_b(cluster, s3):
    webs, workers = cluster["webs"], cluster["workers"]
    deadline = time.monotonic() + DEADLINE
    round_ = FollowUpRound.objects.get(number=2)

    # Web A: the administrator follows "Offentliggør …" on round 2's page and confirms, with the form's CSRF token.
    admin = requests.Session()
    log_in(admin, webs["web-a"], "admin")
    round_url = urljoin(webs["web-a"], reverse("budgetfollowup:round_detail", args=[round_.pk]))
    publish_url = urljoin(round_url, next(a["href"] for a in Page(admin.get(round_url, timeout=30).text).links
                                          if a["text"].startswith("Offentliggør")))
    confirm = Page(admin.get(publish_url, timeout=30).text).form("")
    published = admin.post(publish_url, data=confirm["fields"], timeout=30)
    assert published.status_code == 200 and "er offentliggjort" in published.text
    assert "Baggrundskøen kan ikke nås" not in published.text  # web A reached the shared broker

    # Web B: the committee member finds the report in the list once a worker has rendered it, and downloads it.
    member = requests.Session()
    log_in(member, webs["web-b"], "udvalg")
    title = f"{round_.report_title}, version 1"
    link = None
    while link is None:
        assert time.monotonic() < deadline, "no worker rendered the report in time:\n" + "\n".join(
            w.output()[-3000:] for w in workers.values())
        listing = member.get(urljoin(webs["web-b"], reverse("budgetfollowup:report_list")), timeout=30)
        assert listing.status_code == 200
        link = next((a for a in Page(listing.text).links
                     if a["text"].startswith("Hent PDF") and a["text"].strip().endswith(title)), None)
        if link is None:
            time.sleep(0.5)
    download = member.get(urljoin(webs["web-b"], link["href"]), timeout=30)
    assert download.status_code == 200 and download.headers["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF")

    report = Report.objects.get(round=round_, kind=Report.Kind.FINAL)
    assert hashlib.sha256(download.content).hexdigest() == report.sha256
    # The file lives only in the object store: no process kept it on its own disk.
    assert processes.objects(s3)[report.file.name] == download.content
    for name, disk in cluster["disks"].items():
        assert not any((disk / "media").iterdir()), f"{name} wrote to its local disk"
    # The workers rendered both reports (the demo's round 1 and round 2); a web request only queues.
    rendered = "".join(w.output() for w in workers.values())
    assert len(re.findall(r"render_pdf\[[\w-]+\] succeeded", rendered)) == 2, rendered[-3000:]
