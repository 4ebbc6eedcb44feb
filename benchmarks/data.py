"""The benchmark's large municipality and its personas (idempotent: a second run reuses what the first made)."""

import datetime
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model

from budgetfollowup.generate import generate_agreements
from capacity.generate import generate_capacity
from dagtilbud.documents import pdf
from districts.generate import generate_organisation
from districts.models import Committee, Institution, Role
from evaluations.generate import generate_evaluations
from supervision.generate import generate_supervision


def prepare():
    started = time.perf_counter()
    districts = generate_organisation(districts=50, institutions=500)
    generate_agreements(committees=4, years=range(2020, 2025), initiatives=40, districts=districts,
                        report_file=pdf.html_to_pdf(
                            '<html lang="da"><title>Genereret rapport</title><p>Genereret rapport.</p></html>'))
    generate_evaluations(count=30, districts=districts)
    institutions = list(Institution.objects.filter(district__in=districts))
    today = datetime.date.today()
    generate_capacity(institutions, last_month=today.replace(day=1))
    generate_supervision(institutions, today=today)
    User = get_user_model()
    superuser, _ = User.objects.get_or_create(username="bench.superuser",
                                              defaults={"is_superuser": True, "is_staff": True})
    member, _ = User.objects.get_or_create(username="bench.udvalg")
    for committee in Committee.objects.filter(name__startswith="Genereret udvalg"):
        Role.objects.get_or_create(user=member, kind=Role.Kind.COMMITTEE_MEMBER, committee=committee)
    print(f"Data klar på {time.perf_counter() - started:.1f} s", flush=True)
    return {"admin": User.objects.get(username="admin"), "superuser": superuser, "committee": member,
            "district_leader": User.objects.get(username="gen.dl.01")}


def publish(name, lines):
    """Print a result table and keep it under var/benchmark/."""
    text = "\n".join(lines)
    print("\n" + text)
    out = Path(settings.BASE_DIR) / "var" / "benchmark"
    out.mkdir(parents=True, exist_ok=True)
    (out / name).write_text(text + "\n")
    print(f"\nSkrevet til {out / name}")
