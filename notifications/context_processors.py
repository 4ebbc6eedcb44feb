from dagtilbud import revision

from .models import UNREAD_REVISION, Notice


def unread_notices(request):
    """The bell's count, only for a logged-in user: remembered per person until a notice changes (no query then)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notice_count": revision.remembered(
        UNREAD_REVISION, user.pk, lambda: Notice.objects.for_user(user).unread().count())}
