"""Keys of cached page fragments: the `{% cached %}` tag's, and a view's that caches what it renders itself; and
public pages cached whole for visitors without login (`whole_for_visitors`)."""

import re
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.module_loading import import_string
from django.utils.translation import get_language

from dagtilbud import revision

TIMEOUT = 24 * 3600  # a key never goes stale (it holds the data's revision); the timeout bounds memory


def viewer(user):
    """Who is looking, as far as a page's content can differ. The foundation knows no roles: the function that
    says it is named by the setting FRAGMENT_VIEWER (a dotted path, user -> short string)."""
    if user is None or not user.is_authenticated:
        return "anonymous"
    return import_string(settings.FRAGMENT_VIEWER)(user)


def key(name, user, vary_on=()):
    # The revision first: read before the data the fragment shows (see dagtilbud.revision).
    return make_template_fragment_key(name, [revision.current(), get_language(), timezone.localdate().isoformat(),
                                             viewer(user), *vary_on])


def lazy(function, *args, **kwargs):
    """A view's context value computed only if a template reads it: on a cached fragment's hit, never."""
    return SimpleLazyObject(lambda: function(*args, **kwargs))


# Where a visitor's CSRF token stood in a page cached whole (whole_for_visitors): filled in per request.
_TOKEN_PLACEHOLDER = "\x00csrf-token\x00"
_MASKED_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"|"X-CSRFToken": "([^"]+)"')


def whole_for_visitors(view):
    """A public page as a visitor without login sees it, cached whole under the data's revision, the language, the
    date and the path: the same for every visitor. The page's forms (the header's language switch) carry the
    visitor's own CSRF token: the cached page holds a placeholder where it stood, filled in with a token of this
    visitor's (and its cookie set, as ever) on every request. Rendered as usual for a logged-in person, for a
    visitor with a session (whose messages are in it), for anything but GET and HEAD, for a URL with a query (so
    that no visitor can fill the cache with made-up ones), and for a page that is not a plain 200; a page whose
    token cannot be told apart is not kept."""
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if (request.method not in ("GET", "HEAD") or request.GET or request.user.is_authenticated
                or settings.SESSION_COOKIE_NAME in request.COOKIES):
            return view(request, *args, **kwargs)
        page_key = key("visitor-page", None, [request.path])
        page = cache.get(page_key)
        if page is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming or response.cookies:
                return response
            content = response.content.decode(response.charset)
            tokens = {a or b for a, b in _MASKED_TOKEN.findall(content)}
            secret = request.META.get("CSRF_COOKIE")
            if all(_unmask_cipher_token(token) == secret for token in tokens):
                for token in tokens:
                    content = content.replace(token, _TOKEN_PLACEHOLDER)
                cache.set(page_key, (content, response["Content-Type"]), TIMEOUT)
            return response
        content, content_type = page
        if _TOKEN_PLACEHOLDER in content:
            content = content.replace(_TOKEN_PLACEHOLDER, get_token(request))
        return HttpResponse(content, content_type=content_type)

    return wrapped
