from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dagtilbud.permissions import require_perm
from dashboards import news

from . import services
from .forms import PreferencesForm
from .models import Delivery, Notice

PAGE_SIZE = 50


def notice_list(request):
    require_perm(request.user, "notifications.use_notifications")
    notices = list(Notice.objects.for_user(request.user)[:PAGE_SIZE])
    return render(request, "notifications/notice_list.html", {"notices": notices})


def notice_open(request, pk):
    """Opening a notice marks it read and goes where it points."""
    require_perm(request.user, "notifications.use_notifications")
    notice = get_object_or_404(Notice.objects.for_user(request.user), pk=pk)
    services.notice_open(notice=notice)
    if not url_has_allowed_host_and_scheme(notice.url, allowed_hosts=None):
        return redirect("notifications:notice_list")
    return redirect(notice.url)


@require_POST
def notices_mark_all_read(request):
    require_perm(request.user, "notifications.use_notifications")
    # The one definition of new (dashboards/news.py): the dashboard's news are seen up to now as well.
    news.news_mark_seen(user=request.user)
    messages.success(request, _("Alle notifikationer er markeret som læst."))
    return redirect("notifications:notice_list")


def preferences(request):
    require_perm(request.user, "notifications.use_notifications")
    form = PreferencesForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.preferences_save(user=request.user, choices=form.choices())
        messages.success(request, _("Dine valg er gemt."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@login_not_required
def unsubscribe(request, token):
    """The link in every e-mail: stop e-mails of that kind (they stay in the app). A GET only asks, because mail
    scanners follow links; the POST changes the choice."""
    found = services.read_unsubscribe_token(token)
    if found is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    user, kind = found
    if request.method == "POST":
        services.preferences_save(user=user, choices={kind.value: Delivery.IN_APP})
        return render(request, "notifications/unsubscribe.html", {"done": True, "kind": kind})
    return render(request, "notifications/unsubscribe.html", {"kind": kind})
