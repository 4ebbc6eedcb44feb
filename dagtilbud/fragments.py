"""Keys of cached page fragments: the `{% cached %}` tag's, and a view's that caches what it renders itself."""

import hashlib

from django.core.cache.utils import make_template_fragment_key
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from dagtilbud import revision
from districts.roles import roles_of

TIMEOUT = 24 * 3600  # a key never goes stale (it holds the data's revision); the timeout bounds memory


def viewer(user):
    """Who is looking, as far as a page's content can differ: their roles (and Django's superuser flag)."""
    if user is None or not user.is_authenticated:
        return "anonymous"
    roles = roles_of(user)
    text = repr((user.is_superuser, roles.is_administrator, *(sorted(ids) for ids in (
        roles.district_ids, roles.institution_ids, roles.institution_district_ids, roles.committee_ids))))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def key(name, user, vary_on=()):
    # The revision first: read before the data the fragment shows (see dagtilbud.revision).
    return make_template_fragment_key(name, [revision.current(), get_language(), timezone.localdate().isoformat(),
                                             viewer(user), *vary_on])


def lazy(function, *args, **kwargs):
    """A view's context value computed only if a template reads it: on a cached fragment's hit, never."""
    return SimpleLazyObject(lambda: function(*args, **kwargs))
