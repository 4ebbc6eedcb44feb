import pytest
from django.contrib.auth import get_user_model


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
