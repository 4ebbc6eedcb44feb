"""The product's settings, with the benchmark's own URLs on top (benchmarks/urls.py): its anchors are not pages of
the product. Used by `./dev bench` only (benchmarks/pages.py starts gunicorn with it)."""

from config.settings import *  # noqa: F401,F403

ROOT_URLCONF = "benchmarks.urls"
