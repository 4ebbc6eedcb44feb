"""The data's revision: one number in the shared cache that changes whenever data changes.

Cached page fragments (the `{% cached %}` tag) carry it in their key, so a fragment is never served after the data
it shows has changed: a write makes a new revision and every fragment is rendered again on its next request. Every
web process and worker shares it through the cache (Redis, or the file cache of the embedded default).

Writes are noticed through Django's model signals (save, delete, many-to-many), for every model. Writes that send
no signal (`QuerySet.update`, `bulk_create`) call `bump()` themselves where what they change is shown on a page.

The revision moves twice for a write in a transaction: at once, so the writing request (and a test, whose
transaction never commits) reads its own write, and again on commit, because a request elsewhere may have read
the first new revision before the commit and cached the old data under it.

With the cache unreachable every read is a new revision: nothing is served from the cache, and nothing stale.
"""

import time

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

KEY = "data-revision"

# Written on requests that change no page's content: a login's session and lockout bookkeeping.
IGNORED_APPS = {"sessions", "axes", "admin"}


def current():
    """The revision now. Read it before reading the data a fragment shows."""
    value = cache.get(KEY)
    if value is None:
        # First use, or the key was evicted: a value no earlier revision had (they count up from an earlier time).
        cache.add(KEY, time.time_ns(), timeout=None)
        value = cache.get(KEY)
    return value if value is not None else time.time_ns()


def bump():
    _bump()
    transaction.on_commit(_bump)


def _bump():
    try:
        cache.incr(KEY)
    except ValueError:  # not set (first use, evicted, or the cache unreachable)
        cache.set(KEY, time.time_ns(), timeout=None)


def _data_changed(sender, **kwargs):
    if sender._meta.app_label not in IGNORED_APPS:
        bump()


def _deployed(sender, **kwargs):
    _bump()


def connect():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_data_changed, dispatch_uid=f"dagtilbud.revision.{signal}")
    # Every deployment migrates: fragments rendered by the templates of the release before are not served again.
    post_migrate.connect(_deployed, dispatch_uid="dagtilbud.revision.post_migrate")
