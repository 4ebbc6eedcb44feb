"""Redis down (it is both the page cache and the broker): the round pages still answer, and publishing says the
background queue cannot be reached. A real refused port, not a mock."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from budgetfollowup.models import FollowUpRound, Report
from config.celery import app
from dagtilbud import cache as forgiving
from tests.shared_demo import load_demo

CLOSED_PORT = "redis://127.0.0.1:9/0"  # the discard port: nothing listens on it here


def _use_broker(url, options):
    app.conf.broker_url, app.conf.broker_transport_options = url, options
    app._pool = None  # both pools cache connections to the broker they were made for
    app.amqp._producer_pool = None


def _forget_failures():
    """The cache's rest after a failure, and the changes it missed, belong to the Redis of one test."""
    forgiving._resting_until.clear()
    forgiving._missed.clear()


@pytest.fixture
def redis_down(settings):
    """The page cache and the app's producer pointed at a port where nothing listens."""
    backend = settings.CACHES["default"]["BACKEND"]
    if "redis" not in backend.lower():  # the laptop default caches in files; production's backend is this one
        backend = "dagtilbud.cache.ForgivingRedisCache"
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": CLOSED_PORT, "KEY_PREFIX": "dagtilbud",
                                   "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}
    configured = app.conf.broker_url, app.conf.broker_transport_options
    _use_broker(CLOSED_PORT, configured[1])
    yield
    _use_broker(*configured)
    _forget_failures()


@pytest.fixture
def demo_rounds(transactional_db):
    # transactional: publishing queues the report after commit, and the page says whether that worked
    load_demo("organisation", "agreement")
    return {r.number: r for r in FollowUpRound.objects.select_related("agreement")}


def test_a_cache_that_cannot_be_reached_is_a_miss(redis_down):
    assert cache.get("round-page:1") is None
    assert cache.get("round-page:1", "fallback") == "fallback"
    cache.set("round-page:1", "body")  # nothing to store it in: no error either
    assert cache.get_many(["a", "b"]) == {}


def test_published_round_page_answers_with_redis_down(agreement_demo, redis_down):
    from django.contrib.auth import get_user_model

    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username="udvalg"))
    response = client.get(reverse("budgetfollowup:round_detail", args=[agreement_demo[1].pk]))
    assert response.status_code == 200
    # the round's initiatives, rendered afresh
    assert "Understøttelse af arbejdet med kvalitet i dagtilbud" in response.content.decode()


def test_publishing_with_redis_down_says_the_queue_cannot_be_reached(demo_rounds, redis_down):
    from django.contrib.auth import get_user_model

    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username="admin"))
    response = client.post(reverse("budgetfollowup:round_publish", args=[demo_rounds[2].pk]))
    assert response.status_code == 302
    page = client.get(response.url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "2. budgetopfølgning 2019 er offentliggjort" in text
    assert "Baggrundskøen kan ikke nås lige nu" in text
    assert Report.objects.get(round=demo_rounds[2], kind="final").state == "queued"


@pytest.fixture
def redis_hung(settings):
    """A port that accepts connections and never answers, as a Redis that hangs does: each call waits for the socket
    timeout. Counts the connections the cache opens."""
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    accepted = []

    def hold():
        while True:
            try:
                accepted.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=hold, daemon=True).start()
    location = f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    settings.CACHES = {"default": {"BACKEND": "dagtilbud.cache.ForgivingRedisCache", "LOCATION": location,
                                   "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 0.2}}}
    configured = app.conf.broker_url, app.conf.broker_transport_options
    if "redis" not in configured[0]:  # the laptop default has no Redis to hang: the production options then
        _use_broker(location, {"socket_timeout": 5, "socket_connect_timeout": 2})
    else:
        _use_broker(location, configured[1])
    yield accepted
    _use_broker(*configured)
    server.close()
    for connection in accepted:
        connection.close()
    _forget_failures()


def test_a_hung_redis_is_waited_for_once_then_left_alone_for_a_while(redis_hung):
    assert cache.get("round-page:1", "fallback") == "fallback"  # waited for the timeout: a miss
    tried = len(redis_hung)
    assert tried >= 1
    for _ in range(20):  # the rest of a page's cache calls, and the next pages'
        assert cache.get("round-page:1") is None
        cache.set("round-page:1", "body")
    with pytest.raises(ValueError):
        cache.incr("revision")  # as a missing key: the revision starts again
    assert len(redis_hung) == tried  # none of them went to Redis
    forgiving._resting_until.clear()  # the rest is over: the next call tries Redis again
    cache.get("round-page:1")
    assert len(redis_hung) > tried


def test_publishing_with_a_hung_redis_answers_and_says_the_queue_cannot_be_reached(demo_rounds, redis_hung):
    """The broker's socket timeouts (settings): without them this request waited for Redis forever."""
    from django.contrib.auth import get_user_model

    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username="admin"))
    response = client.post(reverse("budgetfollowup:round_publish", args=[demo_rounds[2].pk]))
    assert response.status_code == 302
    text = client.get(response.url).content.decode()
    assert "2. budgetopfølgning 2019 er offentliggjort" in text and "Baggrundskøen kan ikke nås lige nu" in text
    assert Report.objects.get(round=demo_rounds[2], kind="final").state == "queued"  # the sweep queues it later


def test_a_write_while_the_cache_rested_still_renews_the_revision_once_redis_answers(db):
    """After a failure the cache leaves Redis alone for a while; a write meanwhile cannot move the data's revision
    in Redis. When Redis answers again the revision must not be the old one, or pages cached before the write would
    be served as current."""
    import time

    from django.core.cache import caches

    from dagtilbud import revision

    if not isinstance(caches["default"], forgiving.ForgivingRedisCache):
        pytest.skip("the laptop default caches in files; production's and CI's cache is Redis")
    before = revision.current()
    assert revision.current() == before  # stable while nothing changes
    forgiving._resting_until[repr(caches["default"]._servers)] = time.monotonic() + 60  # as after a failure
    try:
        revision.bump()  # a write meanwhile: its increment does not reach Redis
    finally:
        forgiving._resting_until.clear()  # Redis answers again
    try:
        assert revision.current() != before
    finally:
        _forget_failures()
