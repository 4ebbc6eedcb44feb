"""A deployment that forgot to compile the catalogues fails `manage.py check` (and migrate) instead of serving
Danish to everyone who chose English."""

import os
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from dagtilbud.checks import compiled_catalogues

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _ids(problems):
    return [problem.id for problem in problems]


def test_a_missing_or_old_catalogue_fails_the_check(settings, tmp_path):
    folder = tmp_path / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    settings.LOCALE_PATHS = [tmp_path]
    po = folder / "django.po"
    shutil.copy(PO, po)
    assert _ids(compiled_catalogues()) == ["dagtilbud.E001"]
    assert "compilemessages" in compiled_catalogues()[0].hint

    subprocess.run(["msgfmt", "-o", str(po.with_suffix(".mo")), str(po)], check=True)
    assert compiled_catalogues() == []

    later = po.with_suffix(".mo").stat().st_mtime + 60  # the .po changed after it was compiled (an upgrade)
    os.utime(po, (later, later))
    assert _ids(compiled_catalogues()) == ["dagtilbud.E002"]


def test_the_project_passes_it():
    assert compiled_catalogues() == []  # plain pytest compiled them (conftest.py), as ./dev does
    call_command("check", fail_level="ERROR")
