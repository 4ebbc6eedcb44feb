"""The test suite itself: what a test run leaves behind on the machine that ran it."""

from pathlib import Path

from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage


def test_files_a_test_stores_never_land_in_the_projects_media_folder():
    """A clean clone's test run used to leave its PDFs in var/media, and the demo's report then got a suffixed name."""
    name = default_storage.save("reports/probe.pdf", ContentFile(b"%PDF-1.7 probe"))
    stored = Path(default_storage.path(name)).resolve()
    assert stored.exists()
    project_media = (Path(django_settings.BASE_DIR) / "var" / "media").resolve()
    assert not stored.is_relative_to(project_media)
    assert not (project_media / name).exists()
