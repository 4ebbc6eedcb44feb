from .models import Notice


def unread_notices(request):
    """The bell's count: one query per page, only for a logged-in user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notice_count": Notice.objects.for_user(user).unread().count()}
