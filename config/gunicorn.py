"""gunicorn's settings: `gunicorn -c config/gunicorn.py config.wsgi`. Its master's and workers' own lines in the
app's format (dagtilbud/logs.py: UTC with offset, LOG_FORMAT); the access lines come from the app, with the request
id, so gunicorn's own access log stays off."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dagtilbud import logs  # noqa: E402 - after the path: gunicorn reads this file before it imports the app

logconfig_dict = logs.configuration(level=os.environ.get("LOG_LEVEL", "INFO").upper(),
                                    fmt=os.environ.get("LOG_FORMAT", "text"))
accesslog = None
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1)))
