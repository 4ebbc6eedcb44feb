"""Benchmark of the report path, printed as ratios measured side by side in one run (machines here are noisy).

For the demo round and one ten times larger: our render (queries, template, WeasyPrint, storing) against WeasyPrint
rendering the same HTML from a file. Nothing is kept: the large agreement lives in a transaction rolled back.
"""

import resource
import tempfile
import time
from pathlib import Path

import weasyprint
from django.core.management.base import BaseCommand
from django.db import transaction

from budgetfollowup import reports, services
from budgetfollowup.models import FollowUpRound, Initiative, Report
from dagtilbud.pdf import STATIC_DIR, StaticOnlyFetcher


def _peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Command(BaseCommand):
    help = "Måler rapportdannelse for demorunden og en ti gange større runde."

    def handle(self, *args, **options):
        first = FollowUpRound.objects.get(agreement__year=2019, number=1)
        rows = []
        with transaction.atomic():
            rows.append(self.measure("demo", first))
            self.enlarge(first, factor=10)
            rows.append(self.measure("10x", first))
            transaction.set_rollback(True)
        self.stdout.write(f"{'rapport':<8}{'sider':>7}{'vores s':>9}{'s/side':>8}{'fil s':>8}{'forhold':>9}"
                          f"{'peak MB':>9}")
        for name, pages, ours, plain, peak in rows:
            self.stdout.write(f"{name:<8}{pages:>7}{ours:>9.2f}{ours / pages:>8.3f}{plain:>8.2f}"
                              f"{ours / plain:>9.2f}{peak:>9.0f}")

    def enlarge(self, round_, factor):
        originals = list(Initiative.objects.filter(section__agreement=round_.agreement))
        section = originals[0].section
        texts = {m.initiative_id: m.text for m in round_.milestones.all()}
        for copy in range(1, factor):
            for original in originals:
                clone = Initiative(section=section, number=f"{section.number}.{100 * copy + int(original.number.split('.')[1])}",
                                   title=original.title, text=original.text, kind=original.kind,
                                   responsible_center=original.responsible_center,
                                   responsible_committee=original.responsible_committee,
                                   contributors=original.contributors)
                services.initiative_save(initiative=clone, amounts={2019: 300000},
                                         milestone_texts={})
                round_.milestones.filter(initiative=clone).update(text=texts.get(original.pk, ""))

    def measure(self, name, round_):
        report = Report.objects.create(round=round_, kind="draft", version=900 + Report.objects.count())
        started = time.perf_counter()
        report = reports.report_render(report.pk)
        ours = time.perf_counter() - started
        html = reports.report_html(report)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "report.html"
            path.write_text(html)
            started = time.perf_counter()
            weasyprint.HTML(filename=str(path), base_url=STATIC_DIR.as_uri() + "/",
                            url_fetcher=StaticOnlyFetcher()).write_pdf(pdf_variant="pdf/a-2a")
            plain = time.perf_counter() - started
        report.file.delete(save=False)
        return name, report.pages, ours, plain, _peak_mb()
