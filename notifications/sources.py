"""What there is to tell, read from the domain apps. Each source yields candidate notices; the collector
(services.notices_collect) makes each one at most once per recipient, so a source may yield the same thing every run.

A source looks back a bounded window, so the daily job's cost does not grow with the years of history.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from budgetfollowup import selectors
from budgetfollowup.models import FollowUpRound, Initiative, Report
from dagtilbud import formatting
from dagtilbud.smileys import meaning
from districts.models import Institution, Role
from evaluations.models import Action
from learningplans import selectors as learning_plans
from learningplans.models import PlanEvaluation
from supervision.models import Order, Schedule, SelfAssessmentAnswer, SupervisionVisit

from .models import Kind

LOOK_BACK = timedelta(days=30)


@dataclass(frozen=True)
class Candidate:
    recipient_id: int
    kind: str
    key: str
    subject: str
    body: str
    url: str


def _users_with_role(**filters):
    return list(get_user_model().objects.filter(is_active=True, roles__in=Role.objects.filter(**filters)).distinct())


def reports_ready(now):
    """A round's final report is ready: the members of the agreement's committee hear of it (a link, never the
    file: the download checks permission)."""
    for report in Report.objects.filter(kind=Report.Kind.FINAL, state=Report.State.READY,
                                        finished_at__gte=now - LOOK_BACK).select_related("round__agreement"):
        round_ = report.round
        subject = _("Rapport klar: %(title)s") % {"title": round_.report_title}
        body = _("%(title)s (version %(version)d) er offentliggjort, og rapporten kan hentes.") % {
            "title": round_.report_title, "version": report.version}
        url = reverse("budgetfollowup:round_detail", args=[round_.pk])
        for user in _users_with_role(kind=Role.Kind.COMMITTEE_MEMBER, committee_id=round_.agreement.committee_id):
            yield Candidate(user.pk, Kind.REPORT_READY, f"report:{report.pk}", subject, body, url)


def _smiley_words(value, scale):
    found = meaning(value, scale)
    return str(found.label) if found else _("ingen")


def smiley_changes(now):
    """A round is published: each district leader hears which smileys changed since the previous round on the
    initiatives that concern their district. Only published data, which every district leader may read."""
    for report in Report.objects.filter(kind=Report.Kind.FINAL, state=Report.State.READY,
                                        finished_at__gte=now - LOOK_BACK).select_related("round__agreement"):
        round_ = report.round
        concerned = {}
        for initiative_id, district_id in Initiative.districts.through.objects.filter(
                initiative__section__agreement=round_.agreement).values_list("initiative_id", "district_id"):
            concerned.setdefault(district_id, set()).add(initiative_id)
        lines = {}
        for row in selectors.round_rows(round_):
            changes = []
            previous_milestone = row.previous_milestone.smiley if row.previous_milestone else ""
            if row.milestone.smiley and row.milestone.smiley != previous_milestone:
                changes.append(_("milepæl: %(old)s → %(new)s") % {
                    "old": _smiley_words(previous_milestone, "milestone"),
                    "new": _smiley_words(row.milestone.smiley, "milestone")})
            previous_economy = row.previous_economy.smiley if row.previous_economy else ""
            if row.economy.smiley and row.economy.smiley != previous_economy:
                changes.append(_("økonomi: %(old)s → %(new)s") % {
                    "old": _smiley_words(previous_economy, "economy"),
                    "new": _smiley_words(row.economy.smiley, "economy")})
            if changes:
                lines[row.initiative.pk] = f"{row.initiative.number}. {row.initiative.title}: {'; '.join(changes)}"
        url = reverse("budgetfollowup:round_detail", args=[round_.pk])
        for role in Role.objects.filter(kind=Role.Kind.DISTRICT_LEADER, user__is_active=True).select_related(
                "district"):
            mine = [line for pk, line in lines.items() if pk in concerned.get(role.district_id, ())]
            if not mine:
                continue
            subject = _("Ændrede smileys i %(district)s: %(round)s") % {"district": role.district,
                                                                       "round": round_.name}
            body = _("Siden forrige opfølgning er disse smileys ændret på indsatser, der vedrører %(district)s:") % {
                "district": role.district} + "\n\n" + "\n".join(f"- {line}" for line in mine)
            yield Candidate(role.user_id, Kind.SMILEY_CHANGES, f"report:{report.pk}", subject, body, url)


def rounds_due(now):
    """A round's date is near and its grid is not filled in: the administrators hear of it."""
    today = timezone.localdate(now)
    horizon = today + timedelta(days=settings.NOTIFY_ROUND_DUE_DAYS)
    admins = _users_with_role(kind=Role.Kind.ADMINISTRATOR)
    for round_ in FollowUpRound.objects.filter(state=FollowUpRound.State.DRAFT, date__gte=today,
                                               date__lte=horizon).select_related("agreement__committee"):
        missing = round_.milestones.exclude(text="").filter(smiley="").count() + round_.economy.filter(
            smiley="").count()
        if not missing:
            continue
        subject = _("%(round)s for %(title)s skal udfyldes senest %(date)s") % {
            "round": round_.name, "title": round_.agreement.title, "date": formatting.danish_date(round_.date)}
        body = ngettext("%(n)d smiley mangler endnu. Udfyld status, og offentliggør opfølgningen.",
                        "%(n)d smileys mangler endnu. Udfyld status, og offentliggør opfølgningen.", missing) % {
            "n": missing}
        url = reverse("budgetfollowup:round_grid", args=[round_.pk])
        for user in admins:
            yield Candidate(user.pk, Kind.ROUND_DUE, f"round:{round_.pk}", subject, body, url)


def reports_failed(now):
    """A report could not be rendered: the administrators hear of it with the reason. A retry that fails again is
    a new notice (the key holds the attempt)."""
    admins = _users_with_role(kind=Role.Kind.ADMINISTRATOR)
    for report in Report.objects.filter(state=Report.State.FAILED, updated_at__gte=now - LOOK_BACK).select_related(
            "round__agreement"):
        subject = _("Rapporten kunne ikke dannes: %(title)s") % {"title": report.round.report_title}
        body = _("Fejl: %(error)s\n\nDu kan prøve igen fra opfølgningens side.") % {"error": report.error}
        url = reverse("budgetfollowup:round_detail", args=[report.round_id])
        for user in admins:
            yield Candidate(user.pk, Kind.REPORT_FAILED, f"report:{report.pk}:{report.attempts}", subject, body, url)


def action_deadlines(now):
    """An evaluation action is due within NOTIFY_ACTION_DAYS, overdue, or reaches its expiry (sunset) date: the
    leaders of the district that owns it hear of it; an action owned by a named group, the administrators. The key
    holds the date, so a moved deadline is news again."""
    today = timezone.localdate(now)
    soon = today + timedelta(days=settings.NOTIFY_ACTION_DAYS)
    admins = _users_with_role(kind=Role.Kind.ADMINISTRATOR)
    leaders = {}
    for role in Role.objects.filter(kind=Role.Kind.DISTRICT_LEADER, user__is_active=True):
        leaders.setdefault(role.district_id, []).append(role.user_id)
    open_actions = Action.objects.open().filter(
        models.Q(due_date__lte=soon) | models.Q(expires_on__lte=soon)).select_related("evaluation")
    for action in open_actions:
        recipients = leaders.get(action.owner_district_id, []) if action.owner_district_id else [a.pk for a in admins]
        url = reverse("evaluations:evaluation_detail", args=[action.evaluation_id])
        found = []
        if action.due_date and action.due_date < today:
            found.append((f"overdue:{action.pk}:{action.due_date}", _("Frist overskredet: %(text)s")))
        elif action.due_date and action.due_date <= soon:
            found.append((f"due:{action.pk}:{action.due_date}", _("Frist om kort tid: %(text)s")))
        if action.expires_on and action.expires_on <= soon:
            found.append((f"expiry:{action.pk}:{action.expires_on}", _("Udløbsdato nærmer sig: %(text)s")))
        for key, subject in found:
            body = _("Handlingen “%(text)s” fra %(evaluation)s. Ansvarlig: %(owner)s. Frist: %(due)s. "
                     "Udløbsdato: %(expires)s.") % {
                "text": action.text, "evaluation": action.evaluation.title, "owner": action.owner,
                "due": formatting.danish_date(action.due_date) if action.due_date else "–",
                "expires": formatting.danish_date(action.expires_on) if action.expires_on else "–"}
            short = action.text if len(action.text) <= 80 else action.text[:77] + "…"
            for user_id in recipients:
                yield Candidate(user_id, Kind.ACTION_DEADLINE, key, subject % {"text": short}, body, url)


def _house_leaders():
    """institution id -> the users who answer for it: its pedagogical leaders and its district's leaders."""
    by_district, by_house = {}, {}
    for role in Role.objects.filter(user__is_active=True, kind__in=[Role.Kind.DISTRICT_LEADER,
                                                                    Role.Kind.PEDAGOGICAL_LEADER]):
        if role.kind == Role.Kind.DISTRICT_LEADER:
            by_district.setdefault(role.district_id, set()).add(role.user_id)
        else:
            by_house.setdefault(role.institution_id, set()).add(role.user_id)
    return lambda institution: by_house.get(institution.pk, set()) | by_district.get(institution.district_id, set())


def supervision(now):
    """The leaders of a house hear when a planned visit is within NOTIFY_SUPERVISION_DAYS (answer the
    self-assessment), when the rule's next visit is that close or past, and when an order is past its due date.
    Keys hold the dates, so a moved date is news again."""
    today = timezone.localdate(now)
    horizon = today + timedelta(days=settings.NOTIFY_SUPERVISION_DAYS)
    leaders = _house_leaders()
    for visit in SupervisionVisit.objects.planned().filter(visit_date__gte=today, visit_date__lte=horizon
                                                          ).select_related("institution").annotate(
            answered=Exists(SelfAssessmentAnswer.objects.filter(visit=OuterRef("pk")))):
        subject = _("Tilsyn %(date)s: %(house)s") % {"date": formatting.danish_date(visit.visit_date),
                                                     "house": visit.institution.name}
        # Never ask for a self-assessment already answered.
        body = (_("%(kind)s i %(house)s den %(date)s. Selvevalueringen er besvaret; I kan rette den indtil besøget.")
                if visit.answered else _("%(kind)s i %(house)s den %(date)s. Besvar selvevalueringen før besøget.")) % {
            "kind": visit.get_kind_display(), "house": visit.institution.name,
            "date": formatting.danish_date(visit.visit_date)}
        url = reverse("supervision:visit", args=[visit.pk])
        for user_id in leaders(visit.institution):
            yield Candidate(user_id, Kind.SUPERVISION, f"planned:{visit.pk}:{visit.visit_date}", subject, body, url)
    for entry in Schedule.objects.filter(next_date__isnull=False, next_date__lte=horizon).select_related(
            "institution", "level"):
        late = entry.next_date < today
        subject = (_("Tilsyn overskredet: %(house)s") if late else _("Tilsyn skal ligge senest %(date)s: %(house)s")
                   ) % {"house": entry.institution.name, "date": formatting.danish_date(entry.next_date)}
        body = _("Efter reglen for tilsyn skulle %(house)s have %(what)s senest %(date)s.") % {
            "house": entry.institution.name, "date": formatting.danish_date(entry.next_date),
            "what": _("et opfølgende besøg") if entry.follow_up_on else _("sit næste tilsyn")}
        url = reverse("supervision:institution", args=[entry.institution_id])
        for user_id in leaders(entry.institution):
            yield Candidate(user_id, Kind.SUPERVISION, f"due:{entry.institution_id}:{entry.next_date}:{late}",
                            subject, body, url)
    for order in Order.objects.open().filter(due_date__lt=today).select_related("visit__institution"):
        house = order.visit.institution
        short = order.text if len(order.text) <= 80 else order.text[:77] + "…"
        subject = _("Påbud over frist: %(text)s") % {"text": short}
        body = _("Påbuddet til %(house)s havde frist %(date)s og er ikke lukket: %(text)s") % {
            "house": house.name, "date": formatting.danish_date(order.due_date), "text": order.text}
        url = reverse("supervision:visit", args=[order.visit_id])
        for user_id in leaders(house):
            yield Candidate(user_id, Kind.SUPERVISION, f"order:{order.pk}:{order.due_date}", subject, body, url)


def learning_plan(now):
    """Both ways through an evaluation of a learning plan: the district's leaders hear that one waits for their
    approval; the house's pedagogical leaders that it was returned (with the comment) or approved and published. And
    the leaders of a house (pedagogical and district) hear when its evaluation is due within LEARNING_PLAN_SOON_DAYS
    and when it is overdue, once each (the key holds the due date, so a new one is news again)."""
    today = timezone.localdate(now)
    by_district, by_house = {}, {}
    for role in Role.objects.filter(user__is_active=True, kind__in=[Role.Kind.DISTRICT_LEADER,
                                                                    Role.Kind.PEDAGOGICAL_LEADER]):
        if role.kind == Role.Kind.DISTRICT_LEADER:
            by_district.setdefault(role.district_id, set()).add(role.user_id)
        else:
            by_house.setdefault(role.institution_id, set()).add(role.user_id)
    changed = PlanEvaluation.objects.filter(
        models.Q(state=PlanEvaluation.State.SENT, sent_at__gte=now - LOOK_BACK)
        | models.Q(state=PlanEvaluation.State.RETURNED, returned_at__gte=now - LOOK_BACK)
        | models.Q(state=PlanEvaluation.State.PUBLISHED, published_on__gte=today - LOOK_BACK)).select_related(
        "institution")
    for evaluation in changed:
        house = evaluation.institution
        url = reverse("learningplans:evaluation", args=[evaluation.pk])
        if evaluation.state == PlanEvaluation.State.SENT:
            recipients = by_district.get(house.district_id, set())
            key = f"sent:{evaluation.pk}:{evaluation.sent_at.timestamp():.0f}"
            subject = _("Evaluering af læreplanen til godkendelse: %(house)s") % {"house": house.name}
            body = _("%(house)s har sendt evalueringen af den pædagogiske læreplan til din godkendelse. Godkend den, "
                     "så den offentliggøres, eller send den retur med en bemærkning.") % {"house": house.name}
        elif evaluation.state == PlanEvaluation.State.RETURNED:
            recipients = by_house.get(house.pk, set())
            key = f"returned:{evaluation.pk}:{evaluation.returned_at.timestamp():.0f}"
            subject = _("Evalueringen af læreplanen er sendt retur: %(house)s") % {"house": house.name}
            body = _("Distriktslederen har sendt evalueringen retur med denne bemærkning:\n\n%(comment)s") % {
                "comment": evaluation.return_comment}
        else:
            recipients, key = by_house.get(house.pk, set()), f"published:{evaluation.pk}"
            subject = _("Evalueringen af læreplanen er godkendt: %(house)s") % {"house": house.name}
            body = _("Distriktslederen har godkendt evalueringen, og den er offentliggjort %(date)s.") % {
                "date": formatting.danish_date(evaluation.published_on)}
        for user_id in recipients:
            yield Candidate(user_id, Kind.LEARNING_PLAN, key, subject, body, url)
    for row in learning_plans.house_rows(Institution.objects.all(), today=today):
        due = row.due
        if not (due.is_overdue or due.is_due_soon):
            continue
        house = row.institution
        what = "overdue" if due.is_overdue else "due"
        subject = (_("Evalueringen af læreplanen er overskredet: %(house)s") if due.is_overdue else
                   _("Læreplanen skal evalueres senest %(date)s: %(house)s")) % {
            "house": house.name, "date": formatting.danish_date(due.due_on)}
        body = _("Den pædagogiske læreplan i %(house)s skal evalueres senest %(date)s, og evalueringen "
                 "offentliggøres.") % {"house": house.name, "date": formatting.danish_date(due.due_on)}
        url = reverse("learningplans:institution", args=[house.pk])
        for user_id in by_house.get(house.pk, set()) | by_district.get(house.district_id, set()):
            yield Candidate(user_id, Kind.LEARNING_PLAN, f"{what}:{house.pk}:{due.due_on}", subject, body, url)


SOURCES = [reports_ready, smiley_changes, rounds_due, reports_failed, action_deadlines, supervision, learning_plan]
