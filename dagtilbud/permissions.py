"""The one way a view checks permission: ask the rules registry, and refuse with 403 when it says no.

Objects outside the user's scope are never reached this way: views fetch them through `for_user` querysets,
so an outsider gets 404 before a permission is asked.
"""

from django.core.exceptions import PermissionDenied


def require_perm(user, perm, obj=None):
    if not user.has_perm(perm, obj):
        raise PermissionDenied
