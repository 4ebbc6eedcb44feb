"""Documents rendered to PDF by a Celery worker, for every app, the one way.

- models.py: the abstract `RenderedPDF` (version, state, file, checksum, pages, seconds, error, attempts, heartbeat);
  a subclass names its owner, its HTML builder by dotted path, its views and permissions, its file name and folder.
- workflow.py: request (numbers and queues the next version after commit), render (idempotent under
  select_for_update, with a heartbeat on the row), fail, retry, and requeue_stale, the sweep over every kind.
- tasks.py: render_pdf(model label, id) and the sweep, scheduled by Celery beat (config/celery.py).
- pdf.py: WeasyPrint, reading only static/, writing PDF/A-2a with the PDF/UA-1 claim.
- views.py: one download and one retry view, wired in each app's urls.py with its model.

Adding a kind of document (an app's models.py, reports.py and urls.py):

    class LearningPlanPDF(RenderedPDF):
        evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="pdfs")
        owner_field = "evaluation"
        html_builder = "learningplans.reports.evaluation_html"   # document -> HTML, read by the worker
        download_view, view_permission = "learningplans:pdf", "learningplans.view_evaluation"
        filename = property(lambda self: f"evaluering-{self.evaluation_id}-v{self.version}.pdf")
        def pdf_folder(self): return "laereplaner"

    path("pdf/<int:pk>/", pdf_download, {"model": LearningPlanPDF}, name="pdf")            # urls.py
    workflow.request(LearningPlanPDF, owner=evaluation, user=request.user)                  # a service
"""
