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

The same kind of number, under its own key, keeps a value every request needs for one person (their roles, their
count of unread notices) in the shared cache until what it is read from changes: `follow` names the models that move
it, `remembered` reads through it. A revision of its own, not the data's, so that the many writes elsewhere do not
send every request back to the database.
"""

import time

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

KEY = "data-revision"
_KEYS = {KEY}  # every revision: moved on every migrate
TIMEOUT = 24 * 3600  # a remembered value's key never goes stale (its revision is in it); the timeout bounds memory

# Written on requests that change no page's content: a login's session and lockout bookkeeping.
IGNORED_APPS = {"sessions", "axes", "admin"}


def current(key=KEY):
    """The revision now. Read it before reading the data a fragment shows."""
    value = cache.get(key)
    if value is None:
        # First use, or the key was evicted: a value no earlier revision had (they count up from an earlier time).
        cache.add(key, time.time_ns(), timeout=None)
        value = cache.get(key)
    return value if value is not None else time.time_ns()


def bump(key=KEY):
    _bump(key)
    transaction.on_commit(lambda: _bump(key))


def _bump(key=KEY):
    try:
        cache.incr(key)
    except ValueError:  # not set (first use, evicted, or the cache unreachable)
        cache.set(key, time.time_ns(), timeout=None)


def bump_all_now():
    """Every revision moved (a test's fresh database, a deployment)."""
    for key in _KEYS:
        _bump(key)


def follow(key, *models):
    """The revision `key` moves with every save and delete of these models (and on every migrate). A write that
    sends no signal (`QuerySet.update`, `bulk_create`) calls bump(key) itself."""
    _KEYS.add(key)

    def changed(sender, **kwargs):
        bump(key)

    for signal in (post_save, post_delete):
        for model in models:
            signal.connect(changed, sender=model, weak=False,
                           dispatch_uid=f"dagtilbud.revision.{key}.{model._meta.label}.{signal}")


def remembered(key, owner, compute):
    """compute()'s value for one owner (a person's id), from the shared cache while the revision `key` has not moved
    since it was stored; otherwise computed and stored. One round trip to the cache on a hit. The owner is part of
    the value's key, so one person's value is never another's."""
    value_key = f"{key}:{owner}"
    found = cache.get_many([key, value_key])
    revision = found.get(key)
    if revision is None:
        revision = current(key)
    stored = found.get(value_key)
    if stored is not None and stored[0] == revision:
        return stored[1]
    # Computed after the revision was read: a write meanwhile moves it again on commit, so this is not kept.
    value = compute()
    cache.set(value_key, (revision, value), timeout=TIMEOUT)
    return value


def _data_changed(sender, **kwargs):
    if sender._meta.app_label not in IGNORED_APPS:
        bump()


def _deployed(sender, **kwargs):
    bump_all_now()


def connect():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_data_changed, dispatch_uid=f"dagtilbud.revision.{signal}")
    # Every deployment migrates: fragments rendered by the templates of the release before are not served again.
    post_migrate.connect(_deployed, dispatch_uid="dagtilbud.revision.post_migrate")
