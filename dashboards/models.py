from django.conf import settings
from django.db import models


class NewsSeen(models.Model):
    """When a person last marked the news on their dashboard as seen: "Nyt siden dit sidste besøg" is measured from
    it, so the news stay until the person says they have read them (opening the page is not reading it)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField()
