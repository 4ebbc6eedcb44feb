"""Real servers as child processes for tests: an S3-compatible object store (moto in server mode), and whatever
else a test starts (web servers, workers), each in its own process group, stopped and reaped when the test ends."""

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[1]
S3_KEY = "test-only-key"


class Process:
    def __init__(self, popen, log):
        self.popen, self.log = popen, log

    def output(self):
        return self.log.read_text(errors="replace")


def _stop(process):
    """SIGTERM to the process group (a gunicorn master and its workers), then SIGKILL after a grace period."""
    if process.popen.poll() is None:
        try:
            os.killpg(process.popen.pid, signal.SIGTERM)
            process.popen.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.popen.pid, signal.SIGKILL)
            process.popen.wait(timeout=15)
        except ProcessLookupError:
            pass
    # A worker left behind by a master that died first still belongs to the group.
    try:
        os.killpg(process.popen.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


@contextmanager
def started(command, *, log, ready, env=None, timeout=120):
    """Run `command` until the `with` ends. Waits until the regular expression `ready` appears in its output and
    yields (process, match); fails with the output if it does not appear within `timeout` seconds."""
    log = Path(log)
    with log.open("wb") as out:
        popen = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                 stdin=subprocess.DEVNULL, start_new_session=True)
    process = Process(popen, log)
    try:
        deadline = time.monotonic() + timeout
        while not (match := re.search(ready, process.output())):
            if popen.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"{command[0]} did not start (exit {popen.poll()}):\n{process.output()[-4000:]}")
            time.sleep(0.2)
        yield process, match
    finally:
        _stop(process)


@contextmanager
def s3_server(folder):
    """A real S3-compatible server on loopback (moto in server mode, state in memory) with one empty bucket.
    Yields the settings a process needs to use it, as environment variables."""
    with started([str(BIN / "python"), "-m", "moto.server", "-H", "127.0.0.1", "-p", "0"],
                 log=Path(folder) / "s3.log", ready=r"Running on (http://127\.0\.0\.1:\d+)") as (_, match):
        environment = {
            "AWS_S3_ENDPOINT_URL": match.group(1),
            "AWS_STORAGE_BUCKET_NAME": f"dagtilbud-{uuid.uuid4().hex[:12]}",
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_S3_ADDRESSING_STYLE": "path",
            "AWS_ACCESS_KEY_ID": S3_KEY,
            "AWS_SECRET_ACCESS_KEY": S3_KEY,
        }
        client(environment).create_bucket(Bucket=environment["AWS_STORAGE_BUCKET_NAME"])
        yield environment


def client(environment):
    import boto3

    return boto3.client("s3", endpoint_url=environment["AWS_S3_ENDPOINT_URL"],
                        region_name=environment["AWS_S3_REGION_NAME"],
                        aws_access_key_id=environment["AWS_ACCESS_KEY_ID"],
                        aws_secret_access_key=environment["AWS_SECRET_ACCESS_KEY"])


def objects(environment):
    """{key: bytes} of every object in the bucket."""
    s3, bucket = client(environment), environment["AWS_STORAGE_BUCKET_NAME"]
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
    return {key: s3.get_object(Bucket=bucket, Key=key)["Body"].read() for key in keys}


def storage_settings(environment):
    """Django's STORAGES["default"] for the bucket, for the test's own process (its settings are already loaded)."""
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": environment["AWS_STORAGE_BUCKET_NAME"],
        "endpoint_url": environment["AWS_S3_ENDPOINT_URL"],
        "region_name": environment["AWS_S3_REGION_NAME"],
        "addressing_style": environment["AWS_S3_ADDRESSING_STYLE"],
        "access_key": environment["AWS_ACCESS_KEY_ID"],
        "secret_key": environment["AWS_SECRET_ACCESS_KEY"],
    }}



def database_url():
    """The test database, as a child process must reach it."""
    from django.db import connection

    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def child_environment(**extra):
    """The environment of a manage.py, web or worker process on the test's database, broker and media folder."""
    from django.conf import settings

    return {**os.environ, "DATABASE_URL": database_url(), "DEBUG": "false", "SECRET_KEY": settings.SECRET_KEY,
            "REDIS_URL": os.environ.get("REDIS_URL", ""), "MEDIA_ROOT": str(settings.MEDIA_ROOT), **extra}


def free_port():
    """A loopback port nothing listens on (connections to it are refused)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def web_server(folder, env, name="web"):
    """gunicorn serving the app on a free loopback port, as production does; yields (process, base URL)."""
    env = {**env, "SECURE_SSL_REDIRECT": "false", "ALLOWED_HOSTS": "127.0.0.1,localhost"}
    with started([str(BIN / "gunicorn"), "config.wsgi", "--bind", "127.0.0.1:0", "--workers", "1", "--timeout", "60"],
                 env=env, log=Path(folder) / f"{name}.log",
                 ready=r"Listening at: (http://127\.0\.0\.1:\d+)") as (process, match):
        yield process, match.group(1)


@contextmanager
def redis_server(folder, port, name="redis"):
    """A Redis of the test's own on `port` (nothing saved to disk), until the `with` ends: a broker the test can
    stop and start again."""
    with started(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                  "--dir", str(folder)], log=Path(folder) / f"{name}-{port}.log",
                 ready=r"Ready to accept connections") as (process, _):
        yield process
