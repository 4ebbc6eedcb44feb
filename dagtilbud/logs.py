"""One logging configuration for web and worker processes (and gunicorn's own lines, config/gunicorn.py): UTC time
with its offset, level, logger, the request's id and the message, as text or, with LOG_FORMAT=json, one JSON object a
line for log shippers.

The request id comes from our reverse proxy's X-Request-ID when TRUSTED_PROXY_COUNT says there is one (a client
cannot write into our logs without it), or is made here; it is returned in the response, is on every line logged
while the request runs, and travels in the headers of every Celery task the request queues, so the worker's lines
about that task carry it too (config/celery.py). Only the standard library here: gunicorn reads this module before
Django is set up.
"""

import contextvars
import datetime
import json
import logging
import re
import time
import uuid

request_id = contextvars.ContextVar("request_id", default=None)
# What a proxy's id may look like: no spaces, quotes or control characters in our log lines.
_VALID_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}


def _utc(record):
    return datetime.datetime.fromtimestamp(record.created, datetime.timezone.utc).isoformat(timespec="milliseconds")


class RequestIdFilter(logging.Filter):
    """Puts the current request's (or task's) id on every record: `extra={"request_id": ...}` wins."""

    def filter(self, record):
        if not getattr(record, "request_id", None):
            record.request_id = request_id.get() or "-"
        return True


class TextFormatter(logging.Formatter):
    """2026-12-07T21:00:00.123+00:00 INFO dagtilbud.access [3f2a...] GET /budget/ 200 12ms"""

    def format(self, record):
        line = f"{_utc(record)} {record.levelname} {record.name} [{getattr(record, 'request_id', '-')}] " \
               f"{record.getMessage()}"
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        if record.stack_info:
            line += "\n" + self.formatStack(record.stack_info)
        return line


class JSONFormatter(logging.Formatter):
    """One object a line: time, level, logger, request_id, message, what the call passed as `extra`, exception."""

    def format(self, record):
        entry = {"time": _utc(record), "level": record.levelname, "logger": record.name,
                 "request_id": getattr(record, "request_id", "-"), "message": record.getMessage()}
        entry.update({key: value for key, value in vars(record).items()
                      if key not in _STANDARD and not key.startswith("_")})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def configuration(*, level="INFO", fmt="text", debug=False):
    """The LOGGING dictionary: everything to standard error (the process manager or container keeps it)."""
    formatter = "dagtilbud.logs.JSONFormatter" if fmt == "json" else "dagtilbud.logs.TextFormatter"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "dagtilbud.logs.RequestIdFilter"}},
        "formatters": {"default": {"()": formatter}},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "default",
                                 "filters": ["request_id"]}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Django's own loggers propagate to the root (no handlers of their own: no line twice).
            "django": {"handlers": [], "level": level, "propagate": True},
            "django.server": {"handlers": [], "level": level, "propagate": True},
            # Our access lines replace gunicorn's (which would log without the request id).
            "gunicorn.error": {"handlers": [], "level": level, "propagate": True},
            "gunicorn.access": {"handlers": [], "level": "WARNING", "propagate": True},
            # Celery's "received" line is logged here with the request id instead (config/celery.py).
            "celery.worker.strategy": {"level": "WARNING"},
            # Bodies of e-mails (their links log a person in to a page or unsubscribe them) only at DEBUG, which
            # production never runs; the laptop's console backend shows them (DEBUG=true).
            "dagtilbud.mail": {"level": "DEBUG" if debug else level},
            # django-axes narrates each attempt at INFO; failures and lockouts are WARNING.
            "axes": {"level": "WARNING"},
            # pysaml2's schema library announces every schema it loads at INFO.
            "xmlschema": {"level": "WARNING"},
            # WeasyPrint narrates every rendering step at INFO.
            "weasyprint": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
        },
    }


def with_request_id(event, hint):
    """Sentry's before_send: the request's id as a tag, to find the event's lines in the log."""
    if rid := request_id.get():
        event.setdefault("tags", {})["request_id"] = rid
    return event


def incoming_id(header, trusted):
    """The proxy's id if we sit behind a proxy of ours and it looks like one; else a new one."""
    if trusted and header and _VALID_ID.match(header):
        return header
    return uuid.uuid4().hex


access = logging.getLogger("dagtilbud.access")


class RequestIdMiddleware:
    """First in the chain: the request's id for every line logged while it runs and for the tasks it queues,
    X-Request-ID in the response, and one access line when it is answered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        rid = incoming_id(request.headers.get("X-Request-ID"), settings.TRUSTED_PROXY_COUNT > 0)
        token = request_id.set(rid)
        request.request_id = rid
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = rid
            self.log(request, response.status_code, started)
            return response
        finally:
            request_id.reset(token)

    @staticmethod
    def log(request, status, started):
        from dagtilbud.lockout import client_address

        match = getattr(request, "resolver_match", None)
        path = request.path
        if match and "token" in match.kwargs:  # a signed link (unsubscribe): the log must not make it reusable
            path = path.replace(match.kwargs["token"], "…")
        user = getattr(request, "user", None)
        milliseconds = round((time.perf_counter() - started) * 1000)
        access.info("%s %s %s %sms", request.method, path, status, milliseconds,
                    extra={"method": request.method, "path": path, "status": status, "duration_ms": milliseconds,
                           "client": client_address(request),
                           "user_id": user.pk if user is not None and user.is_authenticated else None})
