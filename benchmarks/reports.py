"""Report benchmark, figures side by side in one run (the machines here are shared and noisy: read the ratios).

1. One report of 40 initiatives (median of three) and one of 400 through our render path (the task's body: queries,
   template, WeasyPrint, checksum, storing), each beside WeasyPrint rendering the same HTML from a file.
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
from django.db import transaction  # noqa: E402

from benchmarks.data import prepare, publish  # noqa: E402
from budgetfollowup import services  # noqa: E402
from budgetfollowup.models import BudgetAgreement, FollowUpRound, Initiative, Report  # noqa: E402
from dagtilbud.documents import pdf  # noqa: E402
from dagtilbud.documents import workflow as documents  # noqa: E402
from dagtilbud.documents.pdf import STATIC_DIR, StaticOnlyFetcher  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
QUEUED = 50
WORKERS = 2


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def render_side_by_side(name, round_, repeat=1):
    """Ours and bare WeasyPrint, alternately `repeat` times (the machine's other work falls on both), the median of
    each."""
    ours, plain = [], []
    for _ in range(repeat):
        report = Report.objects.create(round=round_, kind=Report.Kind.DRAFT, version=900 + Report.objects.count())
        started = time.perf_counter()
        report = documents.render(Report, report.pk)
        ours.append(time.perf_counter() - started)
        html = documents.html(report)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "report.html"
            path.write_text(html)
            started = time.perf_counter()
            weasyprint.HTML(filename=str(path), base_url=STATIC_DIR.as_uri() + "/",
                            url_fetcher=StaticOnlyFetcher()).write_pdf(pdf_variant="pdf/a-2a")
            plain.append(time.perf_counter() - started)
        report.file.delete(save=False)
    return {"name": name, "pages": report.pages, "ours": statistics.median(ours), "plain": statistics.median(plain),
            "peak": peak_mb()}


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
    rows = [render_side_by_side("40 indsatser", round_, repeat=3)]
    # ---- The document kinds of the round in progress (issue #34), added by the lead once each is merged, each
    # beside bare WeasyPrint on the same HTML at ten times a municipality (render_side_by_side takes a Report today;
    # a kind of its own needs its model in place of Report there): the learning plan's evaluation (#31), the
    # capacity forecast (#32), and any other kind this round adds.
    with transaction.atomic():
        enlarge(round_, factor=10)
        rows.append(render_side_by_side("400 indsatser", round_))
        transaction.set_rollback(True)
    single = rows[0]["ours"]
    wall, worker_peak, failed = queued_at_once(round_)

    lines = [
        "| report | pages | ours (s) | s/page | WeasyPrint from file (s) | ours / WeasyPrint | peak RSS (MB) |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        lines.append(f"| {row['name']} | {row['pages']} | {row['ours']:.2f} | {row['ours'] / row['pages']:.3f} "
                     f"| {row['plain']:.2f} | {row['ours'] / row['plain']:.2f} | {row['peak']:.0f} |")
    small, large = rows
    lines += [
        "",
        f"Seconds per page, 400 against 40 initiatives: "
        f"{(large['ours'] / large['pages']) / (small['ours'] / small['pages']):.2f}",
        f"{QUEUED} reports queued at once, {WORKERS} worker processes: {wall:.1f} s against "
        f"{QUEUED} x {single:.2f} s / {WORKERS} = {QUEUED * single / WORKERS:.1f} s: "
        f"ratio {wall / (QUEUED * single / WORKERS):.2f}; peak worker RSS {worker_peak:.0f} MB; failed {failed}.",
    ]
    publish("reports.md", lines)


if __name__ == "__main__":
    main()
