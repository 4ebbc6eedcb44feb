from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo municipality: `seed_demo` loads each app's demo data. The top of the house: it may import every
    app, and none imports it."""

    name = "demo"
    verbose_name = "Demo"
