import logging
import logging.config
import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("dagtilbud")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.update(
    # A report must survive a worker killed mid-render: acknowledge only after the task ran, and give a task whose
    # child process died back to the broker instead of acknowledging it (Celery's documentation of
    # task_reject_on_worker_lost: without it a task lost with its worker is acknowledged as if it had run).
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    # WeasyPrint does not give memory back to the OS after a large report.
    worker_max_tasks_per_child=50,
    task_ignore_result=True,
    broker_connection_retry_on_startup=True,
    # A broker that is down must not hang the web request that queues: fail quickly, the report row keeps the truth.
    broker_connection_timeout=3,
    broker_connection_max_retries=1,
)
app.conf.beat_schedule = {
    # A PDF or an import step whose message never reached the broker, was lost, or whose worker died is sent again;
    # see dagtilbud/jobs.py.
    "requeue-stale": {"task": "dagtilbud.tasks.requeue_stale", "schedule": 60.0},
    # Collects and sends notices; every step is idempotent, so running it often only makes news arrive sooner.
    "notices-run": {"task": "notifications.tasks.notices_run", "schedule": 300.0},
}
app.autodiscover_tasks()


# Logging: the worker and beat log as the web does (settings.LOGGING, dagtilbud/logs.py), not in Celery's own format.
@signals.setup_logging.connect
def _logging_as_the_web_does(**kwargs):
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)


# The request id travels with every task a request queues, and is on every line the worker logs about it.
REQUEST_ID_HEADER = "dagtilbud_request_id"


@signals.before_task_publish.connect
def _carry_request_id(headers=None, **kwargs):
    from dagtilbud.logs import request_id

    if headers is not None and (rid := request_id.get()):
        headers[REQUEST_ID_HEADER] = rid


def _carried_id(request):
    return getattr(request, REQUEST_ID_HEADER, None) or (getattr(request, "headers", None) or {}).get(
        REQUEST_ID_HEADER)


@signals.task_received.connect
def _log_received(request=None, **kwargs):
    # Celery's own "received" line is logged by the worker's main process, outside any task: this one names the id.
    logging.getLogger("celery.worker").info("Task %s[%s] received", request.name, request.id,
                                           extra={"request_id": request.request_dict.get(REQUEST_ID_HEADER) or "-"})


@signals.task_prerun.connect
def _task_request_id(task=None, **kwargs):
    from dagtilbud.logs import request_id

    # Set for the whole task, also its "succeeded" or "failed" line, until the next task of this process sets its own.
    request_id.set(_carried_id(task.request))
