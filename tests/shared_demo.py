"""The demo's data for tests: loaded once per test session, restored for each test in a fraction of a second.

Loading the demo through its services takes seconds (the agreement alone about four) and most tests start from it.
`load_demo(...)` runs the named loaders the first time a test session asks for that combination, copies every table
out (PostgreSQL's COPY) and keeps the copy in memory; every test that asks for the same combination gets the tables
copied back in, every moment in them (timestamps) moved on by the time since. A test's database is then what the
loaders would have left, at a fraction of the cost:

- in a test with the `db` fixture the copy lands inside the test's transaction, which pytest-django rolls back;
- in a transactional test (a worker, the live server) it is committed, and the reports the demo leaves queued (round
  1's final report) are queued for the worker as the loaders queue them.

Call it first, before the test writes anything: it replaces every table (Django's migration record aside). A loader
called later in a test, on top of what is there, is still the loader itself. On SQLite the loaders simply run.
"""

import datetime
import fcntl
import hashlib
import os
import pickle
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

# What seed_demo loads.
EVERYTHING = ("organisation", "agreement", "evaluation", "capacity", "supervision", "learningplans", "forecast")

_snapshots = {}  # (parts, capacity_today, today) -> Snapshot


def _loaders(capacity_today):
    from budgetfollowup import demo as budget_demo
    from capacity import demo as capacity_demo
    from capacity import forecast_demo
    from districts import demo
    from evaluations import demo as evaluation_demo
    from learningplans import demo as learning_plan_demo
    from supervision import demo as supervision_demo

    return {
        "organisation": demo.load_organisation,
        "agreement": budget_demo.load_agreement,
        "reporting": budget_demo.load_reporting,  # round 2 open for reporting (seed_demo loads it; not in EVERYTHING)
        "evaluation": evaluation_demo.load_evaluation,
        "capacity": lambda: capacity_demo.load_capacity(today=capacity_today),
        "supervision": supervision_demo.load_supervision,
        "learningplans": learning_plan_demo.load_learning_plans,
        "forecast": forecast_demo.load_forecast,
    }


def load_demo(*parts, capacity_today=None):
    """The demo's parts, loaded in this order (`capacity_today`: the day capacity is loaded as of, else today).
    Without parts: everything, as `manage.py seed_demo` loads it."""
    parts = parts or EVERYTHING
    loaders = _loaders(capacity_today)
    unknown = set(parts) - set(loaders)
    assert not unknown, f"no demo part {unknown}"
    if connection.vendor != "postgresql":
        for part in parts:
            loaders[part]()
        return
    # Today in the key: the loaders date visits and deadlines from it.
    key = (parts, capacity_today, datetime.date.today())
    if key not in _snapshots:
        _snapshots[key] = _between_processes(key, lambda: _taken(parts, loaders))
    _copy_in(_snapshots[key])
    _sequences_past_the_copy()


def _taken(parts, loaders):
    # Loaded inside a transaction that is rolled back, so what the loaders queue after commit is never sent (the
    # restore queues it when it commits): the copy is the same whichever kind of test made it.
    with transaction.atomic():
        for part in parts:
            loaders[part]()
        snapshot = _copy_out()
        transaction.set_rollback(True)
    return snapshot


def _between_processes(key, take):
    """Under pytest-xdist the test processes share each copy through a file of the run: the first to need it loads
    the demo, the others read it (a lock on the file keeps them in turn). Alone, the process takes it itself."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if not run:
        return take()
    folder = Path(tempfile.gettempdir()) / f"dagtilbud-demo-{run}"
    folder.mkdir(exist_ok=True)
    path = folder / hashlib.sha256(repr(key).encode()).hexdigest()
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if path.exists():
            return pickle.loads(path.read_bytes())
        snapshot = take()
        path.with_suffix(".tmp").write_bytes(pickle.dumps(snapshot))
        path.with_suffix(".tmp").rename(path)
        return snapshot


def _sequences_past_the_copy():
    """The rows keep the ids the loaders gave them, but this database's sequences may be behind them: the copy was
    taken in another process (another database), or a test moved them back (a restore's loaddata sets them to the
    highest id it loaded). Each is moved past the copy's highest id, never back (8 ms)."""
    from django.apps import apps
    from django.db.models.fields import AutoFieldMixin

    quote = connection.ops.quote_name
    statements = []
    for model in apps.get_models(include_auto_created=True):
        pk = model._meta.pk
        if isinstance(pk, AutoFieldMixin):
            table, column = quote(model._meta.db_table), quote(pk.column)
            sequence = f"pg_get_serial_sequence('{table}', '{pk.column}')"
            statements.append(f"SELECT setval({sequence}, greatest(nextval({sequence}), "
                              f"(SELECT coalesce(max({column}), 0) + 1 FROM {table})), false)")
    with connection.cursor() as cursor:
        cursor.execute("; ".join(statements))


def remove_shared_copies(run):
    """The files of a run's copies, removed when the run ends (conftest.py)."""
    shutil.rmtree(Path(tempfile.gettempdir()) / f"dagtilbud-demo-{run}", ignore_errors=True)


def _tables():
    return [name for name in connection.introspection.table_names() if name != "django_migrations"]


@dataclass
class Snapshot:
    rows: dict  # table -> its rows as COPY text, for the tables that have any
    moments: dict  # table -> its columns holding a moment (timestamp with time zone)
    taken: datetime.datetime


def _copy_out():
    rows = {}
    with connection.cursor() as cursor:
        for table in _tables():
            with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} TO STDOUT") as copy:
                data = b"".join(bytes(chunk) for chunk in copy)
            if data:
                rows[table] = data
        cursor.execute("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = "
                       "current_schema() AND data_type = 'timestamp with time zone' AND table_name = ANY(%s)",
                       [list(rows)])
        moments = {}
        for table, column in cursor.fetchall():
            moments.setdefault(table, []).append(column)
    return Snapshot(rows, moments, timezone.now())


def _copy_in(snapshot):
    from django.contrib.contenttypes.models import ContentType

    from dagtilbud import revision
    from dagtilbud.documents import workflow

    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        # DELETE, not TRUNCATE: emptying the (mostly empty) tables takes milliseconds, truncating them seconds (new
        # files for every table and index). The foreign keys are checked at the commit (Django creates them
        # DEFERRABLE INITIALLY DEFERRED), so the tables can be emptied and filled in any order.
        cursor.execute("; ".join(f"DELETE FROM {quote(table)}" for table in _tables()))
        for table, data in snapshot.rows.items():
            with cursor.cursor.copy(f"COPY {quote(table)} FROM STDIN") as copy:
                copy.write(data)
        # Every moment moved on to now, as if the loaders had just run: a queued report is as fresh as the loaders
        # leave it (not stale to the sweep), a notice as new.
        later = (timezone.now() - snapshot.taken).total_seconds()
        if snapshot.moments:
            cursor.execute("; ".join(
                f"UPDATE {quote(table)} SET " + ", ".join(f"{quote(c)} = {quote(c)} + interval '{later:f} seconds'"
                                                          for c in columns)
                for table, columns in snapshot.moments.items()))
        for model in workflow.document_models():
            for document in model.objects.filter(state=model.State.QUEUED):
                workflow.queue_after_commit(document)
        revision.bump()
    # A transactional test's flush made the content types again under new ids; the copy brings back its own.
    ContentType.objects.clear_cache()
