from .roles import roles_of


def navigation(request):
    """The user's roles for the menu; the views themselves check permission."""
    user = getattr(request, "user", None)
    return {"user_roles": roles_of(user)}
