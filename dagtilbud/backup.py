"""Backup and restore: every row (Django's dumpdata, as JSON) and every stored file (a copy of MEDIA_ROOT), with a
manifest of row counts and file checksums that the restore checks before it reports success.

A backup folder holds data.json, media/ and manifest.json. The restore goes into an empty, migrated database of the
same code version. What is left out on purpose: content types and permissions (migrate makes them), sessions (users
log in again) and django-axes' failed-login records (short-lived security state).
"""

import hashlib
import json
import shutil
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone

EXCLUDE = ["contenttypes", "auth.permission", "sessions", "axes"]


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


def backup(to):
    target = Path(to)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} er ikke tom: vælg en ny mappe til backuppen.")
    target.mkdir(parents=True, exist_ok=True)
    # One consistent snapshot of every table: on PostgreSQL each statement would otherwise see its own moment.
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        call_command("dumpdata", natural_foreign=True, natural_primary=True, exclude=EXCLUDE, indent=1,
                     output=str(target / "data.json"), verbosity=0)
        counts = row_counts()
    media = Path(settings.MEDIA_ROOT)
    if media.exists():
        shutil.copytree(media, target / "media")
    manifest = {"created_at": timezone.now().isoformat(), "rows": counts,
                "files": file_checksums(target / "media")}
    (target / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
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

    media = Path(settings.MEDIA_ROOT)
    for relative in files:
        destination = (media / relative).resolve()
        if not destination.is_relative_to(media.resolve()):
            raise BackupError(f"Ugyldig filsti i backuppen: {relative}")
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / "media" / relative, destination)
    return manifest
