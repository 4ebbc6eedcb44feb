"""Documents rendered to PDF by a Celery worker, for every app, the one way.

- models.py: the abstract `RenderedPDF` (version, state, file, checksum, pages, seconds, error, attempts);
  a subclass names its owner, its HTML builder by dotted path, its views and permissions, its file name and folder.
- workflow.py: request (numbers and queues the next version after commit), render (idempotent under
  select_for_update, with a heartbeat on its job: dagtilbud/jobs.py), fail, retry, and requeue_stale, the sweep over
  every kind.
- tasks.py: render_pdf(model label, id) and the sweep, scheduled by Celery beat (config/celery.py).
- pdf.py: WeasyPrint, reading only static/, writing PDF/A-2a with the PDF/UA-1 claim.
- views.py: one download and one retry view, wired in each app's urls.py with its model.

Adding a kind of document: README.md, "Reports", shows it in a dozen lines.
"""
