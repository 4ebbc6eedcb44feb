"""The person's language: chosen with the switch in the header, kept in their Profile, applied at login.

Django's LocaleMiddleware picks a language from the cookie or the browser; for a logged-in person their own choice
wins. It is read once, at login, into the session, so no request pays a query for it.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from .models import Profile

SESSION_KEY = "language"


def languages_of(user_ids):
    """{user id: language} for many people at once (e-mails, notices); a missing id means the default."""
    return dict(Profile.objects.filter(user_id__in=user_ids).values_list("user_id", "language"))


def _supported(code):
    return code in dict(settings.LANGUAGES)


@receiver(user_logged_in)
def _apply_at_login(sender, request, user, **kwargs):
    # Someone who never chose keeps what their browser asks for (LocaleMiddleware); a choice made wins everywhere.
    profile = Profile.objects.filter(user=user).first()
    if request is not None and hasattr(request, "session") and profile:
        request.session[SESSION_KEY] = profile.language


class UserLanguageMiddleware:
    """After authentication: a logged-in person sees their own language, whatever the browser asks for. The
    language cookie follows, so the login page after logging out speaks the same language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.session.get(SESSION_KEY) if request.user.is_authenticated else None
        if chosen and _supported(chosen):
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        response = self.get_response(request)
        if chosen and _supported(chosen) and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != chosen:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME, chosen, max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE)
        return response


@login_not_required  # the login page has the switch too
@require_POST
def language_switch(request):
    """Django's set_language (cookie, safe redirect back), and for a logged-in person their profile and session."""
    response = set_language(request)
    code = request.POST.get("language")
    if _supported(code or "") and request.user.is_authenticated:
        Profile.objects.update_or_create(user=request.user, defaults={"language": code})
        request.session[SESSION_KEY] = code
    return response
