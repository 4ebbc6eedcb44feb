"""Page benchmark: the app served by gunicorn under production settings on this machine's PostgreSQL and Redis,
loaded by wrk at 16 connections, each page beside two baselines measured on the same server in the same run:
a trivial view ("ok", the ceiling of any page), the same behind login ("ok, logged in": the session, the user and
their roles read, the ceiling of any permission-checked page; benchmarks/urls.py, not a page of the product) and
Django admin's change list of the same 40 initiatives (generic CRUD, the peer to beat). Run it with `./dev bench`
(see README: Benchmark). Machines here are shared and noisy: read the ratios, not the absolute figures.
"""

import gzip
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import NamedTuple

import django

# The product's settings with the benchmark's anchor views (benchmarks/urls.py); gunicorn inherits it.
os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
django.setup()

from importlib import import_module  # noqa: E402
from unittest import mock  # noqa: E402

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.middleware.csrf import _get_new_csrf_string  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from benchmarks import targets  # noqa: E402
from benchmarks.data import prepare, publish, reporting_round  # noqa: E402
from benchmarks.targets import ANCHOR, PAGE, PUBLIC, PUBLISHED, STATUS_GRID  # noqa: E402
from budgetfollowup.models import BudgetAgreement, FollowUpRound  # noqa: E402
from dagtilbud import revision  # noqa: E402
from districts import roles  # noqa: E402
from districts.models import District, Institution  # noqa: E402
from notifications.models import UNREAD_REVISION  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SECONDS = int(os.environ.get("BENCH_SECONDS", "4"))  # wrk's time per page and round; BENCH_ONLY: some pages (main)
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONNECTIONS = 16
GZIP_LEVEL = 6  # what a reverse proxy is usually set to (nginx: gzip_comp_level 6)


def load_average():
    """The machine's load average (1, 5, 15 min): what else ran beside the benchmark."""
    return "/".join(f"{n:.1f}" for n in os.getloadavg())


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Page(NamedTuple):
    name: str
    persona: str | None  # a key of data.prepare()'s users; None: not logged in
    path: str
    kind: str = PAGE  # which of the targets are its own (benchmarks/targets.py)


def pages(users):
    """The pages the issue names, on the large data."""
    agreement = BudgetAgreement.objects.filter(title__startswith="Genereret").order_by("-year", "pk").first()
    draft = agreement.rounds.filter(state=FollowUpRound.State.DRAFT).order_by("number").first()
    published = agreement.rounds.filter(state=FollowUpRound.State.PUBLISHED).order_by("-number").first()
    district = users["district_leader"].roles.get().district
    reporting = reporting_round()
    # A generated house with the most published evaluations (its page lists them all) and a plan.
    house = (Institution.objects.filter(district__name__startswith="Distrikt G", learning_plans__isnull=False)
             .annotate(published=Count("plan_evaluations", filter=Q(plan_evaluations__state="published")))
             .order_by("-published", "pk").first())
    return [
        Page("ok (trivial view)", None, reverse("health"), ANCHOR),
        Page("ok, logged in", "committee", reverse("benchmark_ok_logged_in"), ANCHOR),
        Page("district dashboard", "district_leader", reverse("dashboards:district", args=[district.pk])),
        Page("administration overview", "admin", reverse("dashboards:overview")),
        Page("admin change list, 40 initiatives", "superuser",
             reverse("admin:budgetfollowup_initiative_changelist") + f"?section__agreement__id__exact={agreement.pk}",
             ANCHOR),
        Page("status grid, 40 initiatives", "admin", reverse("budgetfollowup:round_grid", args=[draft.pk]),
             STATUS_GRID),
        Page("published round, read-only", "committee", reverse("budgetfollowup:round_detail", args=[published.pk]),
             PUBLISHED),
        Page("report list", "committee", reverse("budgetfollowup:report_list"), PUBLISHED),
        Page("supervision overview, 517 houses", "admin", reverse("supervision:overview")),
        Page("capacity overview, 517 houses", "admin", reverse("capacity:overview")),
        Page("reporter's grid, 40 initiatives", "reporter", reverse("budgetfollowup:reporting", args=[reporting.pk])),
        Page("learning plans, public index, 517 houses", None, reverse("learningplans:public_index"), PUBLIC),
        Page("learning plan, a house's public page", None, reverse("learningplans:public_house", args=[house.pk]),
             PUBLIC),
        Page(f"capacity forecast, {District.objects.count()} districts", "admin", reverse("capacity:forecast")),
    ]


def session_cookie(user):
    """The cookies a browser sends once logged in: its session, and the CSRF cookie the first page set (without
    it every request would make a new CSRF secret and set the cookie again, which no browser in use asks for)."""
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "sso.backends.PasswordBackend"  # what a password login stores
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return (f"{settings.SESSION_COOKIE_NAME}={session.session_key}; "
            f"{settings.CSRF_COOKIE_NAME}={_get_new_csrf_string()}")


def in_process(user, path, repeat=15):
    """Queries, HTML size and the median server time of one request at a time, in this process: what the page
    costs the server, without the load generator, the network or the other pages' workers; warm (as a server in use
    serves it while nothing changes) and right after a write."""
    client = Client(HTTP_HOST="127.0.0.1")
    if user is not None:
        client.force_login(user)
    client.get(path)  # warm caches, as the server's are after wrk's first requests
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    # Counted now: the captured list is a slice of the connection's log, which the next request clears.
    queries = len(captured)
    assert response.status_code == 200, (path, response.status_code)
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
    # The same right after a write anywhere: the data's revision moved, so every cached fragment (and a grid's rows)
    # is written afresh; a person's remembered roles and unread count have revisions of their own and stay.
    changed = []
    for _ in range(repeat):
        revision.bump()
        started = time.perf_counter()
        client.get(path)
        changed.append((time.perf_counter() - started) * 1000)
    return {"queries": queries, "server_ms": statistics.median(timings), "changed_ms": statistics.median(changed),
            "kb": len(response.content) / 1024,
            # What the page weighs on the wire: the reverse proxy compresses it (README: Deployment).
            "gzip_kb": len(gzip.compress(response.content, compresslevel=GZIP_LEVEL)) / 1024}


def fixed_cost_step(path, user, *, db_session=False, remember=(), csrf_cookie=True, repeat=30):
    """One step of the fixed cost of a logged-in request, in-process: the session from the database (as before
    2026-12-08) or the cache, the revisions whose remembered values are used (the others computed by query each
    time), and whether the request brings the browser's CSRF cookie (without it: a new secret and Set-Cookie)."""
    remembered = revision.remembered

    def only_some(key, owner, compute):
        return remembered(key, owner, compute) if key in remember else compute()

    engine = "django.contrib.sessions.backends.db" if db_session else settings.SESSION_ENGINE
    with override_settings(SESSION_ENGINE=engine), mock.patch.object(revision, "remembered", only_some):
        client = Client(HTTP_HOST="127.0.0.1")
        if user is not None:
            client.force_login(user)

        def get():
            if not csrf_cookie:
                client.cookies.pop(settings.CSRF_COOKIE_NAME, None)
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)

        get()
        with CaptureQueriesContext(connection) as captured:
            get()
        queries = len(captured)
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            get()
            timings.append((time.perf_counter() - started) * 1000)
    return {"queries": queries, "median": statistics.median(timings), "min": min(timings)}


def fixed_cost(users):
    """The table of the steps that cut a logged-in request's fixed cost (issue #34), each measured on its own."""
    member = users["committee"]
    everything = {roles.REVISION, UNREAD_REVISION}
    ok, header = reverse("benchmark_ok_logged_in"), reverse("benchmark_header")
    steps = [
        ("ok (trivial view)", reverse("health"), None, {}),
        ("ok, logged in: session and roles by query (before)", ok, member, {"db_session": True}),
        ("ok, logged in: + session from the cache (cached_db)", ok, member, {}),
        ("ok, logged in: + roles remembered (now)", ok, member, {"remember": {roles.REVISION}}),
        ("header only: all by query, no CSRF cookie (before, as wrk sent it)", header, member,
         {"db_session": True, "csrf_cookie": False}),
        ("header only: + session, roles, unread count from the cache", header, member,
         {"remember": everything, "csrf_cookie": False}),
        ("header only: + the browser's CSRF cookie (now)", header, member, {"remember": everything}),
    ]
    rows = [(name, fixed_cost_step(path, user, **options)) for name, path, user, options in steps]
    trivial = rows[0][1]["median"]
    lines = ["", "The fixed cost of a logged-in request, step by step (in-process, one request at a time, median and "
             "fastest of 30):", "",
             "| step | queries | server ms | fastest ms | vs trivial view |", "| --- | --- | --- | --- | --- |"]
    for name, row in rows:
        lines.append(f"| {name} | {row['queries']} | {row['median']:.2f} | {row['min']:.2f} "
                     f"| {row['median'] / trivial:.1f}x |")
    return lines


class Server:
    def __init__(self):
        self.port = free_port()
        self.process = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(2 * os.cpu_count()), "--log-level", "warning"], cwd=ROOT)
        deadline = time.monotonic() + 120  # four workers importing Django on a busy 2-core machine: slow
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url(reverse("health")), timeout=1)
                return
            except OSError:
                time.sleep(0.2)
        self.stop()  # not left running behind a failed benchmark
        raise RuntimeError("gunicorn startede ikke")

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def check(self, path, cookie):
        """A page must answer 200 itself: a redirect to the login page would be measured as a fast page."""
        request = urllib.request.Request(self.url(path), headers={"Cookie": cookie} if cookie else {})

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        response = urllib.request.build_opener(NoRedirect).open(request, timeout=30)
        assert response.status == 200, (path, response.status)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def load(server, path, cookie, seconds=None):
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds or SECONDS}s", "--timeout", "10s",
               "-s", str(ROOT / "benchmarks/summary.lua"), server.url(path)]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    figures = json.loads(output.strip().splitlines()[-1])
    return {"rps": figures["requests"] / (figures["duration_us"] / 1e6), "p50": figures["p50_us"] / 1000,
            "p95": figures["p95_us"] / 1000, "errors": figures["errors"]}


def main():
    if shutil.which("wrk") is None:
        sys.exit("wrk mangler: ./dev bench installerer det.")
    started_load = load_average()
    users = prepare()
    only = [word for word in os.environ.get("BENCH_ONLY", "").split(",") if word]
    chosen = [page for page in pages(users)  # BENCH_ONLY: the anchors and the pages named (a part of a name will do)
              if not only or page.kind == ANCHOR or any(word in page.name for word in only)]
    cookies = {page.name: session_cookie(users[page.persona]) if page.persona else "" for page in chosen}
    loads = {page.name: [] for page in chosen}
    server = Server()
    try:
        for page in chosen:
            server.check(page.path, cookies[page.name])
            load(server, page.path, cookies[page.name], seconds=2)  # warm-up: imports, templates, connections
        # Every page once per round, the anchors first: a page's ratios are taken against the anchors of its own
        # round, so that what the machine's other work does to both falls within a few minutes, not the whole run.
        for number in range(1, ROUNDS + 1):
            for page in chosen:
                loads[page.name].append(load(server, page.path, cookies[page.name]))
            print(f"  runde {number} af {ROUNDS}: load average {load_average()}", flush=True)
    finally:
        server.stop()
    rows = [{"page": page.name, "kind": page.kind, **summarise(loads, page.name, chosen),
             **in_process(users.get(page.persona), page.path)} for page in chosen]
    lines = [
        f"Sider: gunicorn ({2 * os.cpu_count()} workers), {connection.vendor}, wrk {CONNECTIONS} forbindelser, "
        f"{ROUNDS} runder á {SECONDS} s pr. side, {os.cpu_count()} kerner; load average {started_load} ved start, "
        f"{load_average()} ved slut. Req/s, ms og forhold: medianen af runderne (forholdene taget i hver runde).",
        "",
        "| page | req/s | p50 ms | p95 ms | queries | req/s vs ok | req/s vs ok logged in | p95 vs ok "
        "| req/s vs admin list | errors | server ms | server ms, data changed | HTML KB | gzip KB | targets (#34) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        lines.append(
            f"| {row['page']} | {row['rps']:.0f} | {row['p50']:.1f} | {row['p95']:.1f} | {row['queries']} "
            f"| {row['vs_ok']:.2f} | {row['vs_ok_login']:.2f} | {row['p95_vs_ok']:.1f} | {row['vs_admin']:.2f} "
            f"| {row['errors']} | {row['server_ms']:.1f} | {row['changed_ms']:.1f} | {row['kb']:.0f} "
            f"| {row['gzip_kb']:.0f} | {targets.missed(row)} |")
    lines += ["", "Against issue #34's targets, on this run (ratios side by side; milliseconds in-process):", "",
              *targets.summary(rows)]
    lines += fixed_cost(users)
    publish("pages.md", lines)


def summarise(loads, name, chosen):
    """A page's wrk figures over the rounds, against each round's anchors (targets.over_rounds)."""
    anchors = {key: loads[next(p.name for p in chosen if p.name.startswith(prefix))] for key, prefix in (
        ("ok", "ok (trivial view)"), ("ok_login", "ok, logged in"), ("admin", "admin change list"))}
    return targets.over_rounds(loads[name], anchors)


if __name__ == "__main__":
    main()
