"""Keys of cached page fragments: the `{% cached %}` tag's, and a view's that caches what it renders itself."""

from django.conf import settings
from django.core.cache.utils import make_template_fragment_key
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
