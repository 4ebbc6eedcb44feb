from celery import shared_task

from . import services


@shared_task
def notices_run():
    """Scheduled by Celery beat (dagtilbud/celery.py); safe to run as often as one likes."""
    return services.notices_run()
