from django.conf import settings
from django.db import models


class Visit(models.Model):
    """When a person last looked at their dashboard: "what changed since" is measured from it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField()
