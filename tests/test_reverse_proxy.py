"""The reverse proxy, shown: Debian's nginx running deploy/nginx.conf (the very file the README deploys; only its
addresses, ports and paths are changed to this test's) in front of gunicorn with config.wsgi, over TLS with a
certificate made for the test. Checked as a browser sees it: plain HTTP is sent to HTTPS; the login lockout counts
the client's address, not the proxy's nor one the client made up; pages arrive compressed; static files carry a
long cache; an upload over the limit gets the app's Danish message.

Run it alone with `./dev test -m proxy`.
"""

import gzip
import os
import re
import shutil
import socket
import subprocess
from contextlib import ExitStack
from urllib.parse import quote, urljoin

import pytest
import requests
from axes.models import AccessAttempt
from django.conf import global_settings
from django.contrib.auth import get_user_model
from django.db import connection

from districts import demo
from districts.demo import DEMO_PASSWORD
from sso.tests.saml_idp import key_and_certificate

from . import processes

pytestmark = [pytest.mark.proxy, pytest.mark.django_db(transaction=True)]

CONFIG = processes.ROOT / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.path.exists(p)), None)
HOST = "localhost"
# Loopback addresses of two browsers; nginx reaches the app from 127.0.0.1.
CLIENT, OTHER_CLIENT = "127.0.0.2", "127.0.0.3"


def database_url():
    """The test database, for gunicorn."""
    db = connection.settings_dict
    credentials = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def csrf_token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _replace_once(text, old, new):
    assert text.count(old) == 1, f"deploy/nginx.conf no longer has exactly one {old!r}: update this test"
    return text.replace(old, new)


def site_config(*, http_port, https_port, app, certificate, key, static):
    """deploy/nginx.conf with this test's ports, app server, certificate and static folder (and no IPv6, which a
    test machine's loopback may lack); every directive under test as written."""
    text = CONFIG.read_text()
    text = _replace_once(text, "server 127.0.0.1:8000;", f"server {app};")
    text = _replace_once(text, "listen 80;", f"listen 127.0.0.1:{http_port};")
    text = _replace_once(text, "listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
    text = re.sub(r"\n\s*listen \[::\]:\d+[^;]*;", "", text)
    text = _replace_once(text, "/etc/ssl/dagtilbud/fullchain.pem", certificate)
    text = _replace_once(text, "/etc/ssl/dagtilbud/privkey.pem", key)
    return _replace_once(text, "alias /srv/dagtilbud/static/;", f"alias {static}/;")


def main_config(prefix, site):
    """What Debian's /etc/nginx/nginx.conf gives a site, with every file and folder of nginx's own under `prefix`."""
    return f"""
user root;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log stderr notice;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log {prefix}/access.log;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {site};
}}
"""


class From(requests.adapters.HTTPAdapter):
    """A browser on another machine: its connections leave from `address`."""

    def __init__(self, address):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, source_address=(self.address, 0), **kwargs)


def browser(address, certificate):
    session = requests.Session()
    session.mount("https://", From(address))
    session.mount("http://", From(address))
    session.trust_env = False  # the machine's CA bundle in REQUESTS_CA_BUNDLE would win over this one
    session.verify = certificate
    return session


@pytest.fixture
def proxied(settings, tmp_path):
    """nginx (deploy/nginx.conf) in front of one gunicorn on the test database; yields the HTTP and HTTPS base URLs
    and the certificate browsers trust."""
    if NGINX is None:
        pytest.skip("nginx er ikke installeret (./dev test installerer Debians nginx): proxy-testen kan ikke køre.")
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.skip("Proxy-testen kræver PostgreSQL og Redis, som gunicorn deler med testen: sæt DATABASE_URL og "
                    "REDIS_URL (som CI gør).")
    demo.load_organisation()
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS  # the server's hashers, not the suite's fast one
    for username in ("admin", "dl.nord"):
        user = get_user_model().objects.get(username=username)
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])

    environment = {**os.environ, "DATABASE_URL": database_url(), "REDIS_URL": settings.REDIS_URL, "DEBUG": "false",
                   "TRUSTED_PROXY_COUNT": "1", "ALLOWED_HOSTS": HOST, "STATIC_ROOT": str(tmp_path / "static"),
                   "VAR_DIR": str(tmp_path / "var"), "MEDIA_ROOT": str(tmp_path / "media")}
    for name in ("STORAGE_DEFAULT", "CELERY_TASK_ALWAYS_EAGER", "DJANGO_ALLOW_ASYNC_UNSAFE", "SECURE_SSL_REDIRECT",
                 "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "UPLOAD_MAX_BYTES"):
        environment.pop(name, None)  # production's defaults: HTTPS redirect and secure cookies on
    subprocess.run([str(processes.BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v0"],
                   cwd=processes.ROOT, env=environment, check=True, timeout=300)

    prefix = tmp_path / "nginx"
    for folder in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / folder).mkdir(parents=True)
    key, certificate = key_and_certificate(tmp_path, HOST)
    http_port, https_port = free_port(), free_port()
    with ExitStack() as stack:
        _, match = stack.enter_context(processes.started(
            [str(processes.BIN / "gunicorn"), "config.wsgi", "--bind", "127.0.0.1:0", "--workers", "1",
             "--timeout", "60"],
            env=environment, log=tmp_path / "gunicorn.log", ready=r"Listening at: http://(127\.0\.0\.1:\d+)"))
        site = prefix / "dagtilbud.conf"
        site.write_text(site_config(http_port=http_port, https_port=https_port, app=match.group(1),
                                    certificate=certificate, key=key, static=tmp_path / "static"))
        (prefix / "nginx.conf").write_text(main_config(prefix, site))
        checked = subprocess.run([NGINX, "-t", "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
                                 capture_output=True, text=True, timeout=30)
        assert checked.returncode == 0, checked.stderr
        stack.enter_context(processes.started(
            [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"],
            log=tmp_path / "nginx.log", ready=r"start worker process"))
        yield {"http": f"http://{HOST}:{http_port}", "https": f"https://{HOST}:{https_port}",
               "certificate": certificate}


def log_in(session, base, username, password=DEMO_PASSWORD):
    login_url = urljoin(base, "/login/")
    token = csrf_token(session.get(login_url, timeout=30).text)
    return session.post(login_url, data={"csrfmiddlewaretoken": token, "username": username, "password": password},
                        headers={"Referer": login_url, "X-Forwarded-For": "198.51.100.7"}, timeout=30,
                        allow_redirects=False)


def test_nginx_in_front_of_gunicorn(proxied):
    base = proxied["https"]
    client = browser(CLIENT, proxied["certificate"])

    # Plain HTTP: sent to the same address over HTTPS, by nginx.
    plain = client.get(proxied["http"] + "/login/?next=/kapacitet/", allow_redirects=False, timeout=30)
    assert plain.status_code == 301 and plain.headers["Location"] == f"https://{HOST}/login/?next=/kapacitet/"

    # Over HTTPS the app knows the request is secure (X-Forwarded-Proto): the page itself, not the app's own
    # redirect to HTTPS, with HSTS; and compressed.
    page = client.get(base + "/login/", headers={"Accept-Encoding": "gzip"}, allow_redirects=False, timeout=30)
    assert page.status_code == 200 and "Log ind" in page.text
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")
    assert page.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in page.headers["Vary"]
    raw = client.get(base + "/login/", headers={"Accept-Encoding": "gzip"}, stream=True, timeout=30)
    compressed = raw.raw.read(decode_content=False)
    assert len(compressed) < len(gzip.decompress(compressed)) / 2

    # Static files: a year's cache, compressed too.
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page.text).group(1)
    static = client.get(base + stylesheet, headers={"Accept-Encoding": "gzip"}, timeout=30)
    assert static.status_code == 200 and "max-age=31536000" in static.headers["Cache-Control"]
    assert static.headers["Content-Encoding"] == "gzip"

    # The lockout counts the client's own address: neither the proxy's (127.0.0.1) nor the X-Forwarded-For the
    # client sent itself (198.51.100.7).
    for _ in range(4):
        assert log_in(client, base, "dl.nord", "forkert-adgangskode").status_code == 200
    assert log_in(client, base, "dl.nord", "forkert-adgangskode").status_code == 429  # the fifth locks
    locked = log_in(client, base, "dl.nord")  # then even the right password
    assert locked.status_code == 429 and "brugernavnet spærret i 15 minutter fra denne computer" in locked.text
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {CLIENT}
    # A colleague at another machine behind the same proxy is not locked out.
    assert log_in(browser(OTHER_CLIENT, proxied["certificate"]), base, "dl.nord").status_code == 302

    # An upload just over the app's limit reaches the app, which answers in Danish; a far larger one is refused by
    # nginx before it is read, in the same words.
    admin = browser(OTHER_CLIENT, proxied["certificate"])
    assert log_in(admin, base, "admin").status_code == 302
    upload_url = base + "/kapacitet/import/"
    token = csrf_token(admin.get(upload_url, timeout=30).text)
    too_large = admin.post(upload_url, data={"csrfmiddlewaretoken": token},
                           files={"file": ("kapacitet.csv", b"a;b\n" * 2_625_000, "text/csv")},
                           headers={"Referer": upload_url}, timeout=60)
    assert too_large.status_code == 200
    assert "Filen er for stor (10,5 MB). Den må højst fylde 10 MB." in too_large.text
    far_too_large = admin.post(upload_url, data={"csrfmiddlewaretoken": token},
                               files={"file": ("kapacitet.csv", b"a;b\n" * 5_000_000, "text/csv")},
                               headers={"Referer": upload_url}, timeout=60)
    assert far_too_large.status_code == 413 and "Filen er for stor" in far_too_large.text
    assert "Den må højst fylde 10 MB" in far_too_large.text
