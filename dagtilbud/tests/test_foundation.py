"""The foundation (dagtilbud/) is what every app builds on; it imports none of them, so that any app can be read,
tested or removed without the rest. The configuration (config/) and the whole house's tests (tests/) may."""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings

FOUNDATION = Path(settings.BASE_DIR) / "dagtilbud"


def _our_packages():
    """Every top-level package of this repository except the foundation itself: the apps, config, the tests."""
    root = Path(settings.BASE_DIR)
    return {path.parent.name for path in root.glob("*/__init__.py")} - {"dagtilbud"}


def _imported_top_levels(path):
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0]


def test_the_foundation_imports_no_app_of_ours():
    ours = _our_packages()
    assert {"districts", "budgetfollowup", "config", "tests"} <= ours  # the check looks at what it should
    offenders = sorted(
        f"{path.relative_to(settings.BASE_DIR)}: {name}"
        for path in FOUNDATION.rglob("*.py") if ".venv" not in path.parts
        for name in set(_imported_top_levels(path)) if name in ours
    )
    assert offenders == [], "dagtilbud/ must not import an app:\n" + "\n".join(offenders)


def test_every_app_of_ours_is_seen_by_the_check():
    local = {config.name for config in apps.get_app_configs() if Path(config.path).parent == Path(settings.BASE_DIR)}
    assert local - {"dagtilbud"} <= _our_packages()
