from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.apps import apps
from django.conf import settings
from django.db import OperationalError

from . import workflow


# Named as they were queued before the package existed: messages already in a broker still find them.
@shared_task(
    name="dagtilbud.tasks.render_pdf",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.REPORT_SOFT_TIME_LIMIT,
    time_limit=settings.REPORT_TIME_LIMIT,
    max_retries=3,
)
def render_pdf(self, model_label, pk):
    """Takes a model's label and an id, never a model or HTML: the row is read fresh in the worker."""
    model = apps.get_model(model_label)
    try:
        workflow.render(model, pk)
    except workflow.RenderingElsewhere:
        # A second delivery (a killed worker's message given back, or the same message twice) while a render's
        # heartbeat still beats: come back when a dead worker's would have stopped, and take over only then.
        raise self.retry(countdown=settings.RENDER_HEARTBEAT_STALE_SECONDS, max_retries=60) from None
    except OperationalError as error:  # a database hiccup: try again with backoff
        raise self.retry(exc=error, countdown=2 ** self.request.retries * 5) from error
    except SoftTimeLimitExceeded:
        workflow.fail(model, pk, "Dokumentet tog for lang tid at danne og blev stoppet.")
    except Exception as error:  # noqa: BLE001 - the reason is shown to the administrator with a retry button
        workflow.fail(model, pk, f"{type(error).__name__}: {error}")
        raise


@shared_task(name="dagtilbud.tasks.requeue_stale_pdfs")
def requeue_stale_pdfs():
    """The sweep, scheduled by Celery beat (config/celery.py): nothing is lost whatever the broker does."""
    return len(workflow.requeue_stale())
