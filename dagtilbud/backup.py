"""Backup and restore: every row (Django's dumpdata, as JSON) and every stored file (a copy of the default storage:
MEDIA_ROOT or the object storage bucket), with a manifest of row counts and file checksums that the restore checks
before it reports success.

A backup folder holds data.json, media/ and manifest.json. The restore goes into an empty, migrated database of the
same code version. What is left out on purpose: content types and permissions (migrate makes them), sessions (users
log in again) and django-axes' failed-login records (short-lived security state).
"""

import hashlib
import json
import os
import shutil
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone

# dagtilbud.job: messages handed to workers of the machine backed up (the sweep sends a restored queued report again).
EXCLUDE = ["contenttypes", "auth.permission", "sessions", "axes", "dagtilbud.job"]


class BackupError(Exception):
    pass


def _excluded(model):
    return model._meta.app_label in EXCLUDE or model._meta.label_lower in EXCLUDE


def row_counts():
    return {m._meta.label: m._base_manager.count() for m in apps.get_models() if not _excluded(m)}


def file_checksums(root):
    root = Path(root)
    if not root.exists():
        return {}
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def stored_files(storage, folder=""):
    """Every file name in the storage, relative to its root. Only the storage's own API: the files may be on another
    machine's disk or in a bucket."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a file system storage before its first file
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from stored_files(storage, f"{folder}/{sub}" if folder else sub)


def _checked_name(name):
    """A stored name as a relative path that stays inside the folder it is joined to (a bucket's keys are any text)."""
    path = PurePosixPath(name)
    if not name or path.is_absolute() or ".." in path.parts or "\\" in name:
        raise BackupError(f"Ugyldig filsti: {name}")
    return path.as_posix()


def _sha256(file):
    digest = hashlib.sha256()
    for chunk in iter(lambda: file.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


# A backup holds unpublished reports and personal data: readable by its owner only, whatever the umask.
FOLDER_MODE, FILE_MODE = 0o700, 0o600


def _private(folder):
    """Every folder under `folder` (itself included) 0700, every file 0600."""
    os.chmod(folder, FOLDER_MODE)
    for path in Path(folder).rglob("*"):
        os.chmod(path, FOLDER_MODE if path.is_dir() else FILE_MODE)


def backup(to):
    target = Path(to)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} er ikke tom: vælg en ny mappe til backuppen.")
    target.mkdir(parents=True, exist_ok=True)
    # Closed before anything is written into it: nobody else can reach a file in the moment before its own chmod.
    os.chmod(target, FOLDER_MODE)
    # One consistent snapshot of every table: on PostgreSQL each statement would otherwise see its own moment.
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        call_command("dumpdata", natural_foreign=True, natural_primary=True, exclude=EXCLUDE, indent=1,
                     output=str(target / "data.json"), verbosity=0)
        counts = row_counts()
    # Files after rows: every file a backed-up row names was stored before the snapshot, so it is copied too.
    for name in sorted(stored_files(default_storage)):
        destination = target / "media" / _checked_name(name)
        destination.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as stored, destination.open("wb") as copy:
            shutil.copyfileobj(stored, copy, 1 << 20)
    manifest = {"created_at": timezone.now().isoformat(), "rows": counts,
                "files": file_checksums(target / "media")}
    (target / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
    _private(target)
    return manifest


def restore(source):
    source = Path(source)
    manifest_path = source / "manifest.json"
    if not manifest_path.exists():
        raise BackupError(f"{source} er ikke en backup: manifest.json mangler.")
    manifest = json.loads(manifest_path.read_text())
    call_command("migrate", verbosity=0)
    not_empty = [label for label, n in row_counts().items() if n]
    if not_empty:
        raise BackupError(f"Databasen er ikke tom ({', '.join(not_empty[:5])} ...): gendan kun i en tom database.")
    files = file_checksums(source / "media")
    if files != manifest["files"]:
        raise BackupError("Filerne i backuppen passer ikke med manifestet: backuppen er ikke hel.")

    # History is restored from the backup itself: the m2m signals loaddata fires would otherwise write history rows
    # of their own (django-simple-history skips raw saves, not m2m changes), clashing with the restored ones.
    with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
        call_command("loaddata", str(source / "data.json"), verbosity=0)
        counts = row_counts()
        if counts != manifest["rows"]:
            wrong = {k: (manifest["rows"].get(k), counts.get(k)) for k in set(counts) | set(manifest["rows"])
                     if counts.get(k) != manifest["rows"].get(k)}
            raise BackupError(f"Antal rækker efter gendannelse passer ikke (forventet, fundet): {wrong}")

    for relative in files:
        name = _checked_name(relative)
        # The database was empty, so a file already under this name is an orphan: the backup's copy replaces it.
        if default_storage.exists(name):
            default_storage.delete(name)
        with (source / "media" / name).open("rb") as copy:
            saved = default_storage.save(name, File(copy, name=name))
        if saved != name:
            raise BackupError(f"Filen {name} blev gemt som {saved}: gendannelsen er ikke hel.")
        with default_storage.open(name, "rb") as stored:
            if _sha256(stored) != manifest["files"][relative]:
                raise BackupError(f"Filen {name} blev ikke gemt korrekt: gendannelsen er ikke hel.")
    return manifest
