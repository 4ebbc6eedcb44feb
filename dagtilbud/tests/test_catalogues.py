"""The message catalogues are complete and current: every text marked in the code has an English translation and a
Danish entry, none of them fuzzy.

The catalogues are regenerated from the code in a copy of the project (`makemessages`, as `./dev messages` does), so a
text someone marked today but did not translate fails here, not in front of an English reader.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
LANGUAGES = [code for code, _name in settings.LANGUAGES]
SKIP = {".venv", "var", ".git", "node_modules", "benchmarks", "e2e", "tests", "__pycache__", ".pytest_cache",
        ".hypothesis", "static"}


def _statistics(po):
    """(translated, fuzzy, untranslated) as msgfmt --statistics counts them."""
    result = subprocess.run(["msgfmt", "--check-format", "--statistics", "-o", "/dev/null", str(po)],
                            capture_output=True, text=True, check=True)
    counts = {kind: int(n) for n, kind in re.findall(r"(\d+) (translated|fuzzy|untranslated)", result.stderr)}
    return counts.get("translated", 0), counts.get("fuzzy", 0), counts.get("untranslated", 0)


def _problems(po):
    """The msgids that are untranslated or fuzzy, for the failure message."""
    result = subprocess.run(["msgattrib", "--only-fuzzy", str(po)], capture_output=True, text=True, check=True)
    fuzzy = re.findall(r'^msgid "(.+)"$', result.stdout, re.MULTILINE)
    result = subprocess.run(["msgattrib", "--untranslated", str(po)], capture_output=True, text=True, check=True)
    untranslated = re.findall(r'^msgid "(.+)"$', result.stdout, re.MULTILINE)
    return [f"fuzzy: {m}" for m in fuzzy] + [f"untranslated: {m}" for m in untranslated]


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    """A copy of the project's code and catalogues with the catalogues brought up to date by makemessages."""
    copy = tmp_path_factory.mktemp("project")
    shutil.copytree(BASE, copy, dirs_exist_ok=True,
                    ignore=lambda folder, names: [n for n in names if n in SKIP or n.endswith((".mo", ".pyc"))])
    subprocess.run([sys.executable, "manage.py", "makemessages", *(f"-l{code}" for code in LANGUAGES),
                    "--no-obsolete", "-v0"], cwd=copy, check=True, capture_output=True)
    return copy / "locale"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_has_every_text_translated_and_none_fuzzy(language, regenerated):
    po = regenerated / language / "LC_MESSAGES" / "django.po"
    translated, fuzzy, untranslated = _statistics(po)
    assert translated > 500, f"the {language} catalogue is missing or nearly empty"
    assert (fuzzy, untranslated) == (0, 0), (
        f"the {language} catalogue lacks translations (run ./dev messages, then translate in "
        f"locale/{language}/LC_MESSAGES/django.po):\n" + "\n".join(_problems(po)))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_catalogue_is_complete(language):
    """What the app reads today (before any regeneration) is whole too."""
    po = BASE / "locale" / language / "LC_MESSAGES" / "django.po"
    _translated, fuzzy, untranslated = _statistics(po)
    assert (fuzzy, untranslated) == (0, 0), "\n".join(_problems(po))
