"""The foundation's one table: the work handed to a worker (dagtilbud/jobs.py). The documents' and imports' rows
are abstract here (documents/models.py, imports/models.py); each app has its own."""

from django.db import models


class Job(models.Model):
    """A row's work handed to a Celery worker: a PDF to render, an import to read or apply. One per row at a time.

    The task's message may never reach the broker (it was down: `sent_at` stays empty), reach it and be lost, or
    reach a worker that dies (its heartbeat, `beat_at`, stops). The sweep tells these apart here and sends the
    message again, with the arguments kept here; the task is idempotent, so a second delivery does no harm."""

    label = models.CharField(max_length=100)  # the row's model, "app.Model"
    object_id = models.PositiveBigIntegerField()
    task = models.CharField(max_length=200)  # the Celery task's name
    arguments = models.JSONField(default=list)  # after the label and the id
    sent_at = models.DateTimeField(null=True)  # when the broker took the message; empty: not (yet)
    beat_at = models.DateTimeField(null=True)  # a worker's last sign of life while it works on the row
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["label", "object_id"], name="job_one_per_row")]

    def __str__(self):
        return f"{self.task} {self.label} {self.object_id}"
