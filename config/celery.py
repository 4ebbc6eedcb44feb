import os

from celery import Celery

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
