"""/healthz/ says the process lives; /readyz/ says whether it can serve: the database, Redis (broker and cache) and
the file storage answer. A load balancer takes a machine out on 503, whose answer names what failed and nothing
more (no host, no password)."""

import urllib.error
import urllib.request

import pytest

from .processes import child_environment, free_port, web_server


def test_ready_when_everything_answers(client, db):
    response = client.get("/readyz/")
    assert response.status_code == 200
    assert response.content.decode().split() == ["database:", "ok", "redis:", "ok", "storage:", "ok"]
    assert "no-cache" in response["Cache-Control"]


def test_an_unreachable_redis_makes_it_unready_and_is_named(client, db, settings):
    settings.REDIS_URL = f"redis://:s3cret-password@127.0.0.1:{free_port()}/0"  # a refused port
    response = client.get("/readyz/")
    assert response.status_code == 503
    body = response.content.decode()
    assert "redis: unavailable" in body and "database: ok" in body and "storage: ok" in body
    assert "s3cret" not in body and "127.0.0.1" not in body
    assert client.get("/healthz/").status_code == 200  # liveness is another question


def test_a_missing_media_folder_makes_it_unready(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "a-mount-that-went-away"
    response = client.get("/readyz/")
    assert response.status_code == 503 and "storage: unavailable" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_an_unreachable_database_makes_a_real_server_unready(tmp_path):
    dead = f"postgres://dagtilbud:s3cret-password@127.0.0.1:{free_port()}/dagtilbud"
    with web_server(tmp_path, child_environment(DATABASE_URL=dead)) as (_, url):
        with pytest.raises(urllib.error.HTTPError) as answer:
            urllib.request.urlopen(f"{url}/readyz/", timeout=30)
        body = answer.value.read().decode()
        assert answer.value.code == 503
        assert "database: unavailable" in body and "redis: ok" in body
        assert "s3cret" not in body and "dagtilbud@" not in body
        assert urllib.request.urlopen(f"{url}/healthz/", timeout=30).read() == b"ok"
