"""One definition of what is new to a person, for the bell and the dashboard's "Nyt siden dit sidste besøg" alike.

New is: the person's unread notices (what the bell counts), and, on a district dashboard, what others changed since
the person last marked their news as seen (NewsSeen). Marking seen, on either page, marks both up to the moment the
page was made: the notices created by then are read, and NewsSeen moves to it. So after "Markér som set" the bell
shows nothing that was on the page, and after "Markér alle som læst" the dashboard starts from that moment too."""

from django.utils import timezone

from notifications.models import Notice
from notifications.services import notices_mark_all_read

from .models import NewsSeen

NOTICES_SHOWN = 10


def news_since(user):
    """When the user last marked their news as seen. A person's first dashboard sets that moment (the one write a
    dashboard's GET makes, once per person): the data that was there before them is not news."""
    seen, _created = NewsSeen.objects.get_or_create(user=user, defaults={"seen_at": timezone.now()})
    return seen.seen_at


def unread_notices(user):
    """(the first NOTICES_SHOWN unread notices, how many there are): the bell's count and what it counts."""
    unread = Notice.objects.for_user(user).unread()
    return list(unread[:NOTICES_SHOWN]), unread.count()


def news_mark_seen(*, user, until=None):
    """Mark what was new up to `until` (the moment the page showing it was made; default now) as seen, everywhere.
    What arrived after it stays new. No transaction around the two: the bell's remembered count is moved on when
    the notices' update is committed, not before."""
    now = timezone.now()
    until = min(until or now, now)
    notices_mark_all_read(user=user, now=now, until=until)
    NewsSeen.objects.update_or_create(user=user, defaults={"seen_at": until})
