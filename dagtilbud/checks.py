"""System checks for what a deployment can miss: compiled message catalogues.

The catalogues are kept in git as .po; Django reads only the compiled .mo, which is git-ignored and built at install
(`manage.py compilemessages`, or ./dev). Without it every page is Danish whatever the person chose, and nothing else
says so; with an old one, texts changed since are Danish. `manage.py check` (and migrate, which the upgrade runs
first) fails instead.
"""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register


def catalogues():
    """(po, mo) for every catalogue of ours."""
    for folder in settings.LOCALE_PATHS:
        for po in sorted(Path(folder).glob("*/LC_MESSAGES/*.po")):
            yield po, po.with_suffix(".mo")


@register()
def compiled_catalogues(app_configs=None, **kwargs):
    problems = []
    for po, mo in catalogues():
        if not mo.exists():
            problems.append(Error(f"{mo} is missing: the {po.parts[-3]} translation is not in use.",
                                  hint="Run `manage.py compilemessages` (part of every install and upgrade).",
                                  id="dagtilbud.E001"))
        elif mo.stat().st_mtime < po.stat().st_mtime:
            problems.append(Error(f"{mo} is older than {po.name}: texts changed since are not translated.",
                                  hint="Run `manage.py compilemessages` (part of every install and upgrade).",
                                  id="dagtilbud.E002"))
    return problems
