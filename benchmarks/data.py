"""The benchmark's large municipality and its personas (idempotent: a second run reuses what the first made)."""

import datetime
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model

from budgetfollowup import reporting
from budgetfollowup.generate import generate_agreements
from budgetfollowup.models import BudgetAgreement, FollowUpRound
from capacity.generate import generate_capacity, generate_forecast
from dagtilbud.documents import pdf
from districts.generate import generate_organisation
from districts.models import Center, Committee, Institution, Role
from evaluations.generate import generate_evaluations
from learningplans.generate import generate_learning_plans
from supervision.generate import generate_supervision


def prepare():
    started = time.perf_counter()
    districts = generate_organisation(districts=50, institutions=500)
    generated_pdf = pdf.html_to_pdf('<html lang="da"><title>Genereret rapport</title><p>Genereret rapport.</p></html>')
    generate_agreements(committees=4, years=range(2020, 2025), initiatives=40, districts=districts,
                        report_file=generated_pdf)
    generate_evaluations(count=30, districts=districts)
    institutions = list(Institution.objects.filter(district__in=districts))
    today = datetime.date.today()
    generate_capacity(institutions, last_month=today.replace(day=1))
    generate_supervision(institutions, today=today)
    generate_learning_plans(institutions, today=today, pdf_file=generated_pdf)
    generate_forecast(today=today)
    User = get_user_model()
    superuser, _ = User.objects.get_or_create(username="bench.superuser",
                                              defaults={"is_superuser": True, "is_staff": True})
    member, _ = User.objects.get_or_create(username="bench.udvalg")
    for committee in Committee.objects.filter(name__startswith="Genereret udvalg"):
        Role.objects.get_or_create(user=member, kind=Role.Kind.COMMITTEE_MEMBER, committee=committee)
    reporter = open_for_reporting(today)
    print(f"Data klar på {time.perf_counter() - started:.1f} s", flush=True)
    return {"admin": User.objects.get(username="admin"), "superuser": superuser, "committee": member,
            "district_leader": User.objects.get(username="gen.dl.01"), "reporter": reporter}


def reporting_round():
    """The round open for reporting: the newest year's second agreement's first draft round (the status grid's is
    the first agreement's, left as an administrator's round)."""
    agreement = BudgetAgreement.objects.filter(title__startswith="Genereret").order_by("-year", "pk")[1]
    return agreement.rounds.filter(state=FollowUpRound.State.DRAFT).order_by("number").first()


def open_for_reporting(today):
    """A reporter (center.sik's kind of user) on every centre, so that their grid holds all 40 initiatives like the
    status grid, and the round open for reporting with a deadline two weeks ahead."""
    reporter, _ = get_user_model().objects.get_or_create(username="bench.indberetter")
    for center in Center.objects.all():
        Role.objects.get_or_create(user=reporter, kind=Role.Kind.REPORTER, center=center)
    round_ = reporting_round()
    if not round_.reporting_open:
        reporting.reporting_open(round=round_, deadline=today + datetime.timedelta(days=14), user=None)
    return reporter


def publish(name, lines):
    """Print a result table and keep it under var/benchmark/."""
    text = "\n".join(lines)
    print("\n" + text)
    out = Path(settings.BASE_DIR) / "var" / "benchmark"
    out.mkdir(parents=True, exist_ok=True)
    (out / name).write_text(text + "\n")
    print(f"\nSkrevet til {out / name}")
