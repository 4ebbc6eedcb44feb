import os
import re
import shutil
import subprocess
import uuid
import warnings
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.contrib.auth import get_user_model


def pytest_sessionstart(session):
    """The message catalogues are kept as .po in git; Django reads the compiled .mo. `./dev` compiles them, and so
    does the test session (when a .po is newer than its .mo), so that plain `pytest` or an editor's runner reads
    English as `./dev test` does. Gettext's msgfmt, as ./dev and Django's compilemessages use."""
    stale = [po for po in Path(__file__).parent.glob("locale/*/LC_MESSAGES/*.po")
             if not po.with_suffix(".mo").exists() or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime]
    if stale and not shutil.which("msgfmt"):
        warnings.warn("msgfmt (Debian's gettext) is missing: the .mo catalogues are not compiled, English tests "
                      "will fail. ./dev test installs it.", stacklevel=1)
        return
    for po in stale:
        subprocess.run(["msgfmt", "--check-format", "-o", str(po.with_suffix(".mo")), str(po)], check=True)


def pytest_configure(config):
    """Under pytest-xdist (`./dev test` runs one test process per core) each process has a test database of its own
    (pytest-django appends gw0, gw1...) and must have a Redis database of its own too: the worker fixture purges its
    broker's queue, a Celery worker takes whatever message is on it, and the tests move the cache's revisions.
    Process gwN takes the database N+1 after the configured one (Redis has 16), for itself and its child processes."""
    from django.conf import settings
    from django.test import override_settings

    if getattr(config.option, "numprocesses", None) and not config.getoption("testrunuid"):
        # The controller names the run, so that it can remove what its processes shared (pytest_unconfigure).
        config.option.testrunuid = uuid.uuid4().hex
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker or not settings.REDIS_URL:
        return
    parts = urlsplit(settings.REDIS_URL)
    database = int(parts.path.strip("/") or 0) + int(worker.removeprefix("gw")) + 1
    url = urlunsplit(parts._replace(path=f"/{database}"))
    os.environ["REDIS_URL"] = url
    # override_settings tells Django's cache handler to build its connections again, from the new location.
    override_settings(REDIS_URL=url, CELERY_BROKER_URL=url,
                      CACHES={**settings.CACHES, "default": {**settings.CACHES["default"], "LOCATION": url}}).enable()
    from config.celery import app

    if app.configured:
        app.conf.broker_url = url


def pytest_unconfigure(config):
    if not os.environ.get("PYTEST_XDIST_WORKER") and getattr(config.option, "testrunuid", None):
        from tests.shared_demo import remove_shared_copies

        remove_shared_copies(config.option.testrunuid)


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker, django_db_modify_db_settings):
    """pytest-django's set-up of the test database, but under pytest-xdist on PostgreSQL each process copies one
    migrated database (CREATE DATABASE ... TEMPLATE, a second) instead of migrating its own: four processes
    migrating at once on two cores took a minute each."""
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    verbosity = request.config.option.verbose
    worker = getattr(request.config, "workerinput", None)
    with django_db_blocker.unblock():
        if worker and connection.vendor == "postgresql":
            databases = _copy_of_the_runs_template(connection, worker["testrunuid"], verbosity)
        else:
            databases = setup_databases(verbosity=verbosity, interactive=False, serialized_aliases=set())
    yield
    with django_db_blocker.unblock():
        teardown_databases(databases, verbosity=verbosity)
        if worker and connection.vendor == "postgresql":
            _drop_the_template(connection)


def _template_name(connection):
    """test_<name>_template, beside each process's test_<name>_gwN."""
    return re.sub(r"_gw\d+$", "", connection.creation._get_test_db_name()) + "_template"


def _copy_of_the_runs_template(connection, run, verbosity):
    """The first process of the run migrates the template (marked with the run's id, so that one left behind by an
    interrupted run is made again); every process then copies it. A lock on the server keeps them in turn."""
    from django.conf import settings

    creation, quote = connection.creation, connection.ops.quote_name
    original, own, template = connection.settings_dict["NAME"], creation._get_test_db_name(), _template_name(connection)
    with creation._nodb_cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(hashtext(%s))", [template])
        cursor.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [template])
        marked = cursor.fetchone()
        if not marked or marked[0] != run:
            connection.settings_dict["TEST"]["NAME"] = template
            creation.create_test_db(verbosity=verbosity, autoclobber=True, serialize=False)
            connection.close()
            connection.settings_dict["TEST"]["NAME"] = own
            cursor.execute(f"COMMENT ON DATABASE {quote(template)} IS %s", [run])
        cursor.execute(f"DROP DATABASE IF EXISTS {quote(own)}")
        cursor.execute(f"CREATE DATABASE {quote(own)} TEMPLATE {quote(template)}")
        cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [template])
    connection.settings_dict["NAME"] = settings.DATABASES[connection.alias]["NAME"] = own
    return [(connection, original, True)]


def _drop_the_template(connection):
    """Each process drops the template as it finishes (one still setting up would simply make it again)."""
    template = _template_name(connection)
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(hashtext(%s))", [template])
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(template)}")
        cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [template])


@pytest.fixture(autouse=True, scope="session")
def _flush_by_deleting():
    """A transactional test (a worker, the live server) ends with Django emptying every table (`flush`), which on
    PostgreSQL is one TRUNCATE of all of them: seconds on a busy machine, as it makes new files for every table and
    index. Deleting the rows of tables that hold a few thousand does the same in milliseconds (the foreign keys are
    deferred to the flush's commit, so the order does not matter)."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade:
            return truncate(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return [f"DELETE FROM {self.quote_name(table)};" for table in tables]

    DatabaseOperations.sql_flush = sql_flush
    yield
    DatabaseOperations.sql_flush = truncate


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path_factory):
    # Reports and uploads a test stores go to a folder of its own: a test run leaves nothing in var/media, and a
    # demo's report never gets a suffixed name because a test stored one of the same name there first.
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    # The demo creates a score of users; PBKDF2's deliberate slowness would dominate the suite.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests run with DEBUG off, as in production, but the test client speaks plain HTTP.
    settings.SECURE_SSL_REDIRECT = False
    # The manifest exists only after collectstatic, which the deployment runs; tests read the files as they are.
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


@pytest.fixture(autouse=True)
def _danish_between_tests(settings):
    """A request leaves its language active in the thread (as in production, where the next request sets its own):
    every test starts and ends in the municipality's language, whatever the one before asked for."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def user():
    """user("dl.nord") -> that demo user."""
    return lambda username: get_user_model().objects.get(username=username)


@pytest.fixture
def login(client):
    """login("dl.nord") -> the test client, logged in as that demo user."""
    def _login(username):
        client.force_login(get_user_model().objects.get(username=username))
        return client

    return _login


@pytest.fixture
def worker(transactional_db):
    """A real Celery worker in this process, on the configured broker (Redis in CI, the filesystem otherwise)."""
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    # Messages left by an interrupted earlier run name documents that no longer exist: drop them, not render them.
    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        yield



@pytest.fixture(autouse=True)
def _new_data_revision():
    """Each test's database starts again, the shared cache does not: a fragment cached under the revision the test
    before left behind would show that test's data (and a person's roles, remembered under their id, another's)."""
    from dagtilbud import revision

    revision.bump_all_now()
