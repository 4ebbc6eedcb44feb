"""Backup and restore bring back every row and every report file, checked."""

import hashlib
import shutil

import pytest
from django.core.management import CommandError, call_command

from budgetfollowup.models import Report
from dagtilbud import backup
from dagtilbud.documents import workflow as documents

from . import processes
from .test_permission_matrix import _load_demo


def test_backup_flush_restore_brings_back_every_row_and_the_report_file(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    _load_demo()
    report = documents.render(Report, Report.objects.get().pk)  # the published demo round's report, rendered here
    assert report.state == "ready"
    before = backup.row_counts()
    pdf_before = hashlib.sha256((settings.MEDIA_ROOT / report.file.name).read_bytes()).hexdigest()
    assert pdf_before == report.sha256

    call_command("backup", "--to", str(tmp_path / "backup"))
    call_command("flush", "--noinput")
    shutil.rmtree(settings.MEDIA_ROOT)
    assert backup.row_counts()["budgetfollowup.Report"] == 0

    call_command("restore", "--from", str(tmp_path / "backup"))
    assert backup.row_counts() == before
    assert all(before[label] for label in ("budgetfollowup.Initiative", "budgetfollowup.HistoricalMilestone",
                                           "districts.Role", "auth.User"))
    restored = Report.objects.get()
    assert (restored.state, restored.sha256) == ("ready", report.sha256)
    with restored.file.open("rb") as file:
        assert hashlib.sha256(file.read()).hexdigest() == pdf_before
    # the restored database takes new rows (sequences moved past the restored ids)
    _ = documents.request(Report, owner=restored.round, kind=Report.Kind.DRAFT, user=None)


def test_restore_refuses_a_database_that_is_not_empty(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    _load_demo()
    call_command("backup", "--to", str(tmp_path / "backup"))
    with pytest.raises(CommandError, match="Databasen er ikke tom"):
        call_command("restore", "--from", str(tmp_path / "backup"))


def test_restore_refuses_a_backup_whose_files_were_changed(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    _load_demo()
    report = documents.render(Report, Report.objects.get().pk)
    call_command("backup", "--to", str(tmp_path / "backup"))
    (tmp_path / "backup" / "media" / report.file.name).write_bytes(b"%PDF-1.7 not the report")
    call_command("flush", "--noinput")
    with pytest.raises(CommandError, match="passer ikke med manifestet"):
        call_command("restore", "--from", str(tmp_path / "backup"))


def test_backup_will_not_write_into_a_folder_with_files(db, tmp_path):
    (tmp_path / "old.txt").write_text("x")
    with pytest.raises(CommandError, match="er ikke tom"):
        call_command("backup", "--to", str(tmp_path))


def test_backup_and_restore_cover_object_storage(transactional_db, settings, tmp_path):
    """With reports in an S3-compatible bucket: the backup holds the bucket's files, and a restore after the rows and
    the bucket were emptied brings both back, the report byte for byte, without touching the local disk."""
    with processes.s3_server(tmp_path) as s3:
        settings.MEDIA_ROOT = tmp_path / "local-disk"
        settings.STORAGES = {**settings.STORAGES, "default": processes.storage_settings(s3)}
        _load_demo()
        report = documents.render(Report, Report.objects.get().pk)
        stored = processes.objects(s3)
        assert list(stored) == [report.file.name]
        assert hashlib.sha256(stored[report.file.name]).hexdigest() == report.sha256
        before = backup.row_counts()

        call_command("backup", "--to", str(tmp_path / "backup"))
        assert (tmp_path / "backup" / "media" / report.file.name).read_bytes() == stored[report.file.name]
        call_command("flush", "--noinput")
        bucket = processes.client(s3)
        bucket.delete_object(Bucket=s3["AWS_STORAGE_BUCKET_NAME"], Key=report.file.name)
        assert processes.objects(s3) == {}

        call_command("restore", "--from", str(tmp_path / "backup"))
        assert backup.row_counts() == before
        restored = Report.objects.get()
        assert processes.objects(s3) == stored
        with restored.file.open("rb") as file:
            assert hashlib.sha256(file.read()).hexdigest() == restored.sha256 == report.sha256
        assert not settings.MEDIA_ROOT.exists()


def test_a_backup_is_readable_by_its_owner_only(transactional_db, settings, tmp_path):
    """0600 files in 0700 folders, whatever the umask of the shell that ran it: it holds unpublished reports and
    personal data."""
    import os
    import stat

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    settings.MEDIA_ROOT = tmp_path / "media"
    default_storage.save("reports/2026/udkast.pdf", ContentFile(b"%PDF-1.7 unpublished"))
    previous = os.umask(0o022)  # a common default: 0644 files, 0755 folders
    try:
        call_command("backup", "--to", str(tmp_path / "backup"))
    finally:
        os.umask(previous)
    modes = {path.relative_to(tmp_path).as_posix(): stat.S_IMODE(path.stat().st_mode)
             for path in [tmp_path / "backup", *(tmp_path / "backup").rglob("*")]}
    assert modes["backup/media/reports/2026/udkast.pdf"] == 0o600
    assert {"backup", "backup/media", "backup/media/reports", "backup/data.json", "backup/manifest.json"} <= set(modes)
    wrong = {name: oct(mode) for name, mode in modes.items()
             if mode != (0o700 if (tmp_path / name).is_dir() else 0o600)}
    assert not wrong, wrong
