from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from dagtilbud import jobs

from .models import ImportState
from .plans import importer_for
from .progress import Progress
from .workflow import apply_now, fail, read_plan, store_preview


# The name it was queued under before the package existed: messages already in a broker still find it.
@shared_task(name="dagtilbud.imports.import_run", bind=True, acks_late=True, reject_on_worker_lost=True,
             soft_time_limit=settings.IMPORT_SOFT_TIME_LIMIT, time_limit=settings.IMPORT_SOFT_TIME_LIMIT + 60)
def import_run(self, model_label, pk, step, user_pk=None, fingerprint=""):
    """A large import's preview ("plan") or apply, in a worker. Takes ids, never objects: the row is read fresh."""
    model = apps.get_model(model_label)
    importer = importer_for(model)
    record = model.objects.filter(pk=pk).first()
    expected = ImportState.PLANNING if step == "plan" else ImportState.APPLYING
    if record is None or record.state != expected:
        jobs.finish(model, pk)
        return  # cancelled, asked again since, or done by an earlier delivery
    if jobs.alive(model, pk):
        return  # a second delivery while a live worker has it; the sweep sends it again should that worker die
    progress = Progress(record)
    try:
        # A heartbeat on the job while the step runs: a worker killed mid-apply is seen within a minute, and the
        # sweep sends the step again (its transaction was rolled back with the connection: nothing was saved).
        with jobs.beating(model, pk):
            if step == "plan":
                store_preview(record, read_plan(importer, record, progress))
            else:
                user = get_user_model().objects.filter(pk=user_pk).first()
                apply_now(importer, pk, user=user, seen=fingerprint, progress=progress)
        jobs.finish(model, pk)
    except SoftTimeLimitExceeded:
        fail(model, pk, _("Importen tog for lang tid og blev stoppet; intet er gemt. Del filen i flere."))
    except Exception as error:  # noqa: BLE001 - the reason is shown on the import's page; nothing was saved
        fail(model, pk, _("Importen fejlede, og intet er gemt (%(why)s).") % {"why": type(error).__name__})
        raise
