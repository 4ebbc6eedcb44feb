"""Report benchmark, figures side by side in one run (the machines here are shared and noisy: read the ratios).

1. One report of 40 initiatives (median of three) and one of 400 through our render path (the task's body: queries,
   template, WeasyPrint, checksum, storing), each beside WeasyPrint rendering the same HTML from a file; then every
   other kind of document (RenderedPDF) the same way, at ten times a municipality (median of three each).
2. 50 reports queued at once to a real Celery worker with 2 processes: the wall time against 50 x the single
   time / 2 (perfect use of both), and the workers' peak memory.
Run with `./dev bench` (after the page benchmark, on the same data).
"""

import os
import resource
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

import weasyprint  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import transaction  # noqa: E402
from django.db.models import Count, Max  # noqa: E402
from django.utils import translation  # noqa: E402

from benchmarks import targets  # noqa: E402
from benchmarks.data import prepare, publish  # noqa: E402
from budgetfollowup import services  # noqa: E402
from budgetfollowup.models import BudgetAgreement, FollowUpRound, Initiative, Report  # noqa: E402
from capacity.generate import FORECAST  # noqa: E402
from capacity.models import ForecastReport, PopulationForecast  # noqa: E402
from dagtilbud.documents import pdf  # noqa: E402
from dagtilbud.documents import workflow as documents  # noqa: E402
from dagtilbud.documents.pdf import STATIC_DIR, StaticOnlyFetcher  # noqa: E402
from districts.models import District  # noqa: E402
from evaluations.generate import TITLE as EVALUATIONS  # noqa: E402
from evaluations.models import Evaluation, StatusReport  # noqa: E402
from learningplans.models import EvaluationPDF, PlanEvaluation  # noqa: E402
from supervision.models import SupervisionReport, SupervisionVisit  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
QUEUED = 50
WORKERS = 2


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def render_side_by_side(name, model, owner, repeat=1, **fields):
    """Ours and bare WeasyPrint, alternately `repeat` times (the machine's other work falls on both), the median of
    each. `model` is the document's kind (a RenderedPDF), `owner` what it is about, `fields` any more the kind
    names its versions by (a round's report: draft or final)."""
    ours, plain = [], []
    for _ in range(repeat):
        last = model.objects.filter(**{model.owner_field: owner}).aggregate(v=Max("version"))["v"] or 0
        document = model.objects.create(version=last + 1, **{model.owner_field: owner}, **fields)
        started = time.perf_counter()
        document = documents.render(model, document.pk)
        ours.append(time.perf_counter() - started)
        with translation.override(settings.LANGUAGE_CODE):  # as the worker builds it (documents.render)
            html = documents.html(document)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "report.html"
            path.write_text(html)
            started = time.perf_counter()
            weasyprint.HTML(filename=str(path), base_url=STATIC_DIR.as_uri() + "/",
                            url_fetcher=StaticOnlyFetcher()).write_pdf(pdf_variant="pdf/a-2a")
            plain.append(time.perf_counter() - started)
        document.file.delete(save=False)
        document.delete()
    return {"name": name, "pages": document.pages, "ours": statistics.median(ours), "plain": statistics.median(plain),
            "peak": peak_mb()}


def other_kinds():
    """(name, model, owner) of every other kind of document, each at ten times a municipality: the round's new
    kinds (issue #34: the learning plan's evaluation, #31; the capacity forecast, #32) and the two older ones that
    the benchmark had not measured yet (a supervision visit's report, #11; an evaluation's status report, #5)."""
    house_evaluation = (PlanEvaluation.objects.published().filter(institution__district__name__startswith="Distrikt G")
                        .order_by("-published_on", "pk").first())
    forecast = PopulationForecast.objects.get(name__startswith=FORECAST, is_current=True)
    visit = (SupervisionVisit.objects.filter(state="completed", institution__district__name__startswith="Distrikt G")
             .annotate(order_count=Count("orders")).order_by("-order_count", "-visit_date", "pk").first())
    evaluation = Evaluation.objects.filter(title__startswith=EVALUATIONS).order_by("pk").first()
    return [
        ("learning plan's evaluation (#31)", EvaluationPDF, house_evaluation),
        (f"capacity forecast, {District.objects.count()} districts (#32)", ForecastReport, forecast),
        ("supervision report, a visit (#11)", SupervisionReport, visit),
        ("evaluation's status report (#5)", StatusReport, evaluation),
    ]


def enlarge(round_, factor):
    """The round's agreement with `factor` times its initiatives (copies of the originals' texts)."""
    originals = list(Initiative.objects.filter(section__agreement=round_.agreement).select_related("section"))
    texts = {m.initiative_id: m.text for m in round_.milestones.all()}
    for copy in range(1, factor):
        for original in originals:
            number = 100 * copy + int(original.number.split('.')[1])
            clone = Initiative(section=original.section, number=f"{original.section.number}.{number}",
                               title=original.title, text=original.text, kind=original.kind,
                               responsible_center=original.responsible_center,
                               responsible_committee=original.responsible_committee,
                               contributors=original.contributors)
            services.initiative_save(initiative=clone, amounts={round_.agreement.year: 300000}, milestone_texts={})
            text = texts.get(original.pk, "")
            round_.milestones.filter(initiative=clone).update(text=text, smiley="green" if text else "")


def children_peak_mb(pid):
    """The largest peak RSS among a process's children (the worker's pool processes)."""
    peaks = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(pid) and "VmHWM" in fields:
            peaks.append(int(fields["VmHWM"].split()[0]) / 1024)
    return max(peaks, default=0.0)


def queued_at_once(round_):
    worker = subprocess.Popen(
        [str(ROOT / ".venv/bin/celery"), "-A", "config", "worker", "-P", "prefork", "-c", str(WORKERS),
         "--without-mingle", "--without-gossip", "--loglevel=WARNING"], cwd=ROOT)
    try:
        time.sleep(5)  # the pool forks and connects; the broker holds the tasks meanwhile anyway
        started = time.perf_counter()
        ids = [documents.request(Report, owner=round_, kind=Report.Kind.DRAFT, user=None).pk for _ in range(QUEUED)]
        while Report.objects.filter(pk__in=ids, state__in=[Report.State.QUEUED, Report.State.RENDERING]).exists():
            time.sleep(0.2)
        wall = time.perf_counter() - started
        peak = children_peak_mb(worker.pid)
        failed = Report.objects.filter(pk__in=ids, state=Report.State.FAILED).count()
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    for report in Report.objects.filter(pk__in=ids):
        report.file.delete(save=False)
    Report.objects.filter(pk__in=ids).delete()
    return wall, peak, failed


def main():
    prepare()
    agreement = BudgetAgreement.objects.filter(title__startswith="Genereret").order_by("year", "pk").first()
    round_ = agreement.rounds.filter(state=FollowUpRound.State.PUBLISHED).order_by("number").first()
    # The first rendering of a process loads the fonts; a worker pays that once, so measure after it.
    pdf.html_to_pdf('<html lang="da"><title>Opvarmning</title><p>Opvarmning.</p></html>')
    draft = {"kind": Report.Kind.DRAFT}
    rows = [render_side_by_side("budget round, 40 initiatives", Report, round_, repeat=3, **draft)]
    with transaction.atomic():
        enlarge(round_, factor=10)
        rows.append(render_side_by_side("budget round, 400 initiatives", Report, round_, **draft))
        transaction.set_rollback(True)
    small, large = rows
    for name, model, owner in other_kinds():
        rows.append(render_side_by_side(name, model, owner, repeat=3))
        print(f"  {name}: {rows[-1]['ours']:.2f} s", flush=True)
    single = rows[0]["ours"]
    wall, worker_peak, failed = queued_at_once(round_)

    lines = [
        "| report | pages | ours (s) | s/page | WeasyPrint from file (s) | ours / WeasyPrint | peak RSS (MB) |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        lines.append(f"| {row['name']} | {row['pages']} | {row['ours']:.2f} | {row['ours'] / row['pages']:.3f} "
                     f"| {row['plain']:.2f} | {row['ours'] / row['plain']:.2f} | {row['peak']:.0f} |")
    linear = (large["ours"] / large["pages"]) / (small["ours"] / small["pages"])
    lines += [
        "",
        f"Seconds per page, 400 against 40 initiatives: {linear:.2f}",
        f"{QUEUED} reports queued at once, {WORKERS} worker processes: {wall:.1f} s against "
        f"{QUEUED} x {single:.2f} s / {WORKERS} = {QUEUED * single / WORKERS:.1f} s: "
        f"ratio {wall / (QUEUED * single / WORKERS):.2f}; peak worker RSS {worker_peak:.0f} MB; failed {failed}.",
    ]
    lines += ["", "Against issue #34's targets, on this run:", "", *targets.report_summary(rows, linear)]
    publish("reports.md", lines)


if __name__ == "__main__":
    main()
