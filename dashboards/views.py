from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from budgetfollowup import reporting
from budgetfollowup.models import BudgetAgreement, FollowUpRound, Initiative
from capacity import charts as capacity_charts
from capacity import selectors as capacity
from dagtilbud.fragments import lazy
from dagtilbud.navigation import next_url
from dagtilbud.paging import page_of
from dagtilbud.permissions import require_perm
from districts.models import District, Institution, Municipality
from districts.roles import roles_of
from evaluations.models import Action, Evaluation
from learningplans import selectors as learning_plans
from supervision import selectors as supervision

from . import change_log, charts, news, selectors
from .forms import ActionStateFilter, AgreementFilter, YearFilter

DASHBOARD_MONTHS = 6


def home(request):
    """Send each role to where its work is."""
    roles = roles_of(request.user)
    if roles.is_administrator:
        return redirect("dashboards:overview")
    if roles.is_district_leader and len(roles.district_ids) == 1:
        return redirect("dashboards:district", pk=next(iter(roles.district_ids)))
    if roles.is_pedagogical_leader and not roles.is_district_leader:
        # Their own houses and what is to be done there (the learning plans' evaluations first).
        return redirect("dashboards:houses")
    if roles.is_district_leader or roles.is_pedagogical_leader:
        return redirect("districts:district_list")
    if roles.is_reporter:
        return redirect("dashboards:reporter")
    if roles.is_committee_member:
        return redirect("budgetfollowup:report_list")
    return render(request, "districts/no_role.html")


def reporter(request):
    """A reporter's day (indberetter): what to report in which round by when, what was returned with which comment;
    and the published rounds they read."""
    require_perm(request.user, "dashboards.view_reporter_dashboard")
    published = list(FollowUpRound.objects.for_user(request.user).select_related("agreement")
                     .order_by("-agreement__year", "-number")[:8])
    return render(request, "dashboards/reporter.html", {"work": reporting.reporter_work(request.user),
                                                        "published": published})



@require_POST
def news_seen(request):
    """Mark the news shown on a dashboard as seen, up to the moment that page was made (`until`), so that news
    arriving while it was open stay news. The bell's notices shown there are read with it (news.py)."""
    try:
        until = parse_datetime(request.POST.get("until", ""))
    except ValueError:
        until = None
    if until is not None and timezone.is_naive(until):
        until = timezone.make_aware(until)
    news.news_mark_seen(user=request.user, until=until)
    messages.success(request, _("Nyhederne er markeret som set."))
    return redirect(next_url(request) or reverse("home"))


def district(request, pk):
    """A district leader's dashboard: what needs their attention now."""
    district_ = get_object_or_404(District.objects.for_user(request.user), pk=pk)
    require_perm(request.user, "dashboards.view_district_dashboard", district_)
    today = timezone.localdate()
    agreements = BudgetAgreement.objects.for_user(request.user)
    years = sorted({a.year for a in agreements}, reverse=True)
    year_filter = YearFilter(request.GET or None, years=years)
    year = year_filter.year(default=years[0] if years else today.year)
    rounds = lazy(list, FollowUpRound.objects.for_user(request.user).filter(agreement__in=agreements,
                                                                            agreement__year=year))
    initiatives = Initiative.objects.filter(districts=district_, section__agreement__in=agreements,
                                            section__agreement__year=year)
    limit = selectors.span_limit()
    owned = Action.objects.for_user(request.user).filter(owner_district=district_)
    state_filter = ActionStateFilter(request.GET or None)
    actions = lazy(selectors.district_actions, owned, today=today)

    def listed_actions():
        """The list under the filter: the open actions the groups above leave, or the finished ones; a page of it."""
        state = state_filter.state()
        listed = actions.other if state == "open" else selectors.closed_actions(owned, state)
        page, query = page_of(listed, request.GET, per_page=ACTIONS_PER_PAGE)
        return {"page": page, "query": query}

    # All but the news is the same for everyone with the same roles: cached per data revision in the template, and
    # computed only when the cache has no copy.
    return render(request, "dashboards/district.html", {
        "district": district_, "today": today, "limit": limit,
        "organisation": lazy(selectors.district_organisation, district_, limit=limit),
        "actions": actions,
        "goals": lazy(lambda: selectors.goals_needing_attention_first(
            selectors.goal_statuses(Evaluation.objects.for_user(request.user)),
            limit=None if request.GET.get("alle_maal") else GOALS_SHOWN)),
        "state_filter": state_filter,
        "listed_actions": lazy(listed_actions),
        "tracks": lazy(selectors.initiative_tracks, initiatives, rounds), "round_numbers": range(1, 5),
        "year": year, "year_filter": year_filter,
        "changes": selectors.changes_since(news.news_since(request.user), user=request.user,
                                           district_ids=[district_.pk],
                                           rounds=FollowUpRound.objects.for_user(request.user)),
        "news_until": timezone.now(), "notices": news.unread_notices(request.user),
        "capacity": lazy(_capacity, Institution.objects.filter(district=district_).select_related("district"),
                         houses=True),
        "supervision": lazy(_supervision, Institution.objects.filter(district=district_), today=today),
        "learning_plans": lazy(learning_plans.panel, Institution.objects.filter(district=district_), today=today),
    })


def houses(request):
    """A pedagogical leader's dashboard: their own houses, and what is to be done there."""
    require_perm(request.user, "dashboards.view_houses_dashboard")
    mine = Institution.objects.filter(pk__in=roles_of(request.user).institution_ids).select_related("district")
    return render(request, "dashboards/houses.html", {
        "houses": list(mine.order_by("name")),
        "learning_plans": lazy(learning_plans.panel, mine, today=timezone.localdate())})


def _supervision(institutions, *, today, per_institution=True):
    """The roll-up per district and, unless `per_institution` is False, each house's next supervision and open
    orders, in a fixed number of queries."""
    levels = supervision.levels()
    rows = supervision.institution_rows(institutions, today=today, levels=levels) if per_institution else []
    total, districts = supervision.rollup(institutions, today=today, levels=levels,
                                          municipality=Municipality.objects.current())
    return {"rows": rows, "total": total, "districts": districts, "levels": levels}


def _capacity(institutions, *, houses):
    """The last half year's utilisation, in a fixed number of queries: the district and each of its houses
    (`houses`), or the municipality and each district."""
    months = capacity.months_up_to(capacity.last_month(institutions), count=DASHBOARD_MONTHS)
    data = capacity.overview(institutions, months, per_institution=houses)
    shown = data["districts"] + data["institutions"] if houses else [data["total"], *data["districts"]]
    # The chart draws the first line (the district, or the municipality); the table has them all.
    chart = capacity_charts.utilisation_bars(shown[0], months, data["municipality"]) if shown else None
    return {"months": months, "municipality": data["municipality"], "lines": shown, "chart": chart,
            "chart_title": shown[0].label if shown else ""}


TRACKS_PER_PAGE = 15
GOALS_SHOWN = 10  # on a district's dashboard; ?alle_maal=1 shows them all
ACTIONS_PER_PAGE = 20  # the district dashboard's last list of actions (the other open ones, or the finished)


def overview(request):
    """The administration's overview of the whole municipality: the same for every administrator, so cached per
    data revision in the template and computed only when the cache has no copy."""
    require_perm(request.user, "dashboards.view_overview")
    return render(request, "dashboards/overview.html", {
        "data": lazy(_overview, request.user, request.GET, today=timezone.localdate())})


def _overview(user, query, *, today):
    agreements = BudgetAgreement.objects.for_user(user).select_related("committee")
    agreement_filter = AgreementFilter(query or None, agreements=agreements)
    agreement = agreement_filter.agreement(default=agreements.first())
    data = {"agreement": agreement, "agreement_filter": agreement_filter, "limit": selectors.span_limit(),
            "rounds": [], "tracks": [], "counts": [], "chart": None, "round_numbers": range(1, 5)}
    data["districts"] = selectors.districts_side_by_side(District.objects.for_user(user), limit=data["limit"],
                                                         today=today)
    if agreement is not None:
        rounds = list(agreement.rounds.all())
        tracks = selectors.initiative_tracks(Initiative.objects.filter(section__agreement=agreement), rounds)
        counts = selectors.smiley_counts(tracks, rounds)
        # The counts cover every initiative; the table lists them red first, a page at a time.
        page, page_query = page_of(tracks, query, per_page=TRACKS_PER_PAGE)
        data.update(rounds=rounds, tracks=page.object_list, page=page, query=page_query, counts=counts,
                    chart=charts.milestone_bars(counts))
    data["ending"] = selectors.ending_soon(Initiative.objects.all(), today=today)
    data["supervision"] = _supervision(Institution.objects.all(), today=today, per_institution=False)
    data["capacity"] = _capacity(Institution.objects.all(), houses=False)
    return data


def history(request):
    """Every change to domain data, with who, when, before and after (administrators only)."""
    require_perm(request.user, "dashboards.view_history")
    models = change_log.tracked_models()
    label = request.GET.get("model") if request.GET.get("model") in models else "budgetfollowup.Milestone"
    try:
        page = min(max(1, int(request.GET.get("side", 1))), change_log.MAX_PAGE)
    except ValueError:
        page = 1
    entries, more = change_log.changes(models[label], page)
    return render(request, "dashboards/history.html", {
        "models": sorted(((key, m._meta.verbose_name_plural) for key, m in models.items()), key=lambda i: str(i[1])),
        "label": label, "entries": entries, "page": page, "more": more})
