import logging
import os

import redis
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache

log = logging.getLogger(__name__)


@login_not_required
def health(request):
    """Liveness, for monitoring: the web process answers. Touches no database."""
    return HttpResponse("ok", content_type="text/plain")


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _redis():
    """The broker and the shared cache (one Redis). Without REDIS_URL, the laptop's filesystem broker."""
    if not settings.REDIS_URL:
        if not os.path.isdir(settings.BROKER_DIR):
            raise OSError("no broker folder")
        return
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    finally:
        client.close()


def _storage():
    """Reports and uploads: the folder is there (a mount that went away), or the bucket answers with our
    credentials (one HEAD request)."""
    if isinstance(default_storage, FileSystemStorage):
        if not os.path.isdir(default_storage.location):
            raise OSError("no media folder")
        return
    default_storage.exists("readyz-probe")


CHECKS = {"database": _database, "redis": _redis, "storage": _storage}


@never_cache
@login_not_required
def ready(request):
    """Readiness, for load balancers: 200 when the database, Redis and the file storage answer; 503 naming what
    failed. The reason goes to the log, never to the answer (it could hold a host name or worse)."""
    lines, failed = [], False
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:  # noqa: BLE001 - whatever fails, the answer is "not ready" and the log says why
            log.warning("Readiness: %s failed", name, exc_info=True)
            lines.append(f"{name}: unavailable")
            failed = True
        else:
            lines.append(f"{name}: ok")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain", status=503 if failed else 200)
