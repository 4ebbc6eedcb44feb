"""Work handed to a Celery worker, the one way for every engine (documents, imports): send, beat, finish, sweep.

A row (a report, an import) is the truth about what is wanted; a `Job` row (dagtilbud/models.py) is the truth about
the message that asks a worker for it:
- `send` records the job, then hands the message to the broker; if the broker cannot be reached, the job stays
  unsent and the caller is told (the page says so). The sweep sends it again as soon as the broker answers.
- `beating` is worn by the worker while it works: a thread touches `beat_at` every RENDER_HEARTBEAT_SECONDS with
  its own connection (the work itself may hold the row locked in a transaction for minutes, as an import's apply
  does). A job whose beat is older than RENDER_HEARTBEAT_STALE_SECONDS belongs to a dead worker (kill -9, the OOM
  killer): Redis would give its message back only after the visibility timeout, an hour.
- `finish` removes the job when the row's work is done (ready, failed, applied, cancelled).
- Each engine's sweep (documents.workflow.requeue_stale, imports.workflow.requeue_stale, both run by the beat task
  dagtilbud.tasks.requeue_stale every minute) asks `unsent`, `beats` and `resend`: the engine knows which rows are
  still wanted, this module how to ask again.
"""

import logging
import threading
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from .models import Job

log = logging.getLogger(__name__)


def _key(model, pk):
    return {"label": model._meta.label, "object_id": pk}


def send(task, model, pk, *arguments):
    """Record the job and hand `task(label, pk, *arguments)` to the broker. True if the broker took it."""
    key = _key(model, pk)
    Job.objects.update_or_create(**key, defaults={"task": task.name, "arguments": list(arguments), "sent_at": None,
                                                  "beat_at": None})
    try:
        task.apply_async(args=[key["label"], pk, *arguments])
    except Exception:  # noqa: BLE001 - kombu raises OperationalError and friends; the job row keeps the truth
        log.warning("Could not queue %s for %s %s; the sweep sends it when the broker answers", task.name,
                    key["label"], pk, exc_info=True)
        return False
    Job.objects.filter(**key).update(sent_at=timezone.now())
    return True


def resend(model, pk):
    """Send a recorded job's message again (the broker was down, the message or its worker was lost)."""
    from celery import current_app

    job = Job.objects.filter(**_key(model, pk)).first()
    if job is None or not job.task:  # nothing recorded to send again
        return None
    return send(current_app.tasks[job.task], model, pk, *job.arguments)


def finish(model, pk):
    Job.objects.filter(**_key(model, pk)).delete()


def prune(model):
    """Forget the jobs of rows that no longer exist (deleted while their message waited)."""
    Job.objects.filter(label=model._meta.label).exclude(object_id__in=model._base_manager.values("pk")).delete()


def unsent(model):
    """Ids of the model's rows whose message never reached the broker."""
    return set(Job.objects.filter(label=model._meta.label, sent_at__isnull=True).values_list("object_id", flat=True))


def beats(model, pks):
    """{id: the job's last heartbeat or None} for those of `pks` that have a job."""
    return dict(Job.objects.filter(label=model._meta.label, object_id__in=list(pks))
                .values_list("object_id", "beat_at"))


def beat_cutoff(now=None):
    """A heartbeat older than this is a dead worker's."""
    return (now or timezone.now()) - timedelta(seconds=settings.RENDER_HEARTBEAT_STALE_SECONDS)


def alive(model, pk, now=None):
    """Whether a worker is working on the row now (its heartbeat is fresh)."""
    beat = beats(model, [pk]).get(pk)
    return beat is not None and beat >= beat_cutoff(now)


@contextmanager
def beating(model, pk):
    """While the worker works on the row: a heartbeat on its job, at once and then every RENDER_HEARTBEAT_SECONDS,
    from a thread with its own connection."""
    key = _key(model, pk)

    def beat():
        if not Job.objects.filter(**key).update(beat_at=timezone.now()):
            # Sent before jobs were recorded, or run by hand: recorded now, so the sweep can see it die.
            Job.objects.get_or_create(**key, defaults={"task": "", "sent_at": timezone.now(),
                                                       "beat_at": timezone.now()})

    if connection.in_atomic_block:
        # Called inside an open transaction (a test calling the engine directly): a beat on another connection
        # could wait for locks this one holds. No worker runs like this.
        yield
        return
    beat()
    stop = threading.Event()

    def run():
        try:
            while not stop.wait(settings.RENDER_HEARTBEAT_SECONDS):
                try:
                    beat()
                except Exception:  # noqa: BLE001 - a missed beat only makes the sweep take the row sooner
                    log.warning("Heartbeat of %s %s missed", key["label"], pk, exc_info=True)
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=run, name=f"heartbeat-{key['label']}-{pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=10)
