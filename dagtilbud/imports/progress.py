"""A background step's progress, for the page that polls it."""

import time

from django.core.cache import cache


def progress_key(record):
    return f"import-progress:{record._meta.label}:{record.pk}"


class Progress:
    """A step's progress for the page, in the cache: the apply runs inside a transaction, whose writes to the row
    nobody else can see until it ends. Written at most every half second; a cache that is down costs only the
    figure on the page."""

    def __init__(self, record):
        self.key, self.last = progress_key(record), 0.0

    def __call__(self, done, total):
        now = time.monotonic()
        if now - self.last < 0.5 and done < total:
            return
        self.last = now
        try:
            cache.set(self.key, [done, total], 3600)
        except Exception:  # noqa: BLE001 - the progress figure is a nicety; the step goes on without it
            pass


def progress_of(record):
    try:
        value = cache.get(progress_key(record))
    except Exception:  # noqa: BLE001 - as above: no figure, the page still polls the row's state
        value = None
    if not value or not value[1]:
        return None
    done, total = value
    return {"done": done, "total": total, "percent": min(100, round(100 * done / total))}


def no_progress(done, total):
    pass
