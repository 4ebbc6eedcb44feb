"""What there is to tell, read from the domain apps. Each source yields candidate notices; the collector
(services.notices_collect) makes each one at most once per recipient, so a source may yield the same thing every run.

A source looks back a bounded window, so the daily job's cost does not grow with the years of history.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop, ngettext_lazy

from budgetfollowup import selectors
from budgetfollowup.models import FollowUpRound, Initiative, Report, Submission
from capacity.models import ForecastSending
from districts.models import Institution, Role
from evaluations.models import Action
from learningplans import selectors as learning_plans
from learningplans.models import PlanEvaluation
from supervision.models import Order, Schedule, SelfAssessmentAnswer, SelfAssessmentQuestion, SupervisionVisit

from . import texts as T
from .models import Kind

LOOK_BACK = timedelta(days=30)


MISSING_SMILEYS = ("%(n)d smiley mangler endnu. Udfyld status, og offentliggør opfølgningen.",
                   "%(n)d smileys mangler endnu. Udfyld status, og offentliggør opfølgningen.")
# The same two, for makemessages, which finds a plural only in a call (texts.plural renders them).
ngettext_lazy("%(n)d smiley mangler endnu. Udfyld status, og offentliggør opfølgningen.",
              "%(n)d smileys mangler endnu. Udfyld status, og offentliggør opfølgningen.", "n")


@dataclass(frozen=True)
class Candidate:
    recipient_id: int
    kind: str
    key: str
    subject: object  # a text part (texts.py), rendered in the reader's language
    body: object
    url: str


def _round_name(round_):
    """FollowUpRound.name as a text part (the same words and message id)."""
    if round_.number == 4:
        return f"31.12.{round_.agreement.year}"
    return T.text(gettext_noop("%(n)d. budgetopfølgning %(year)d"), n=round_.number, year=round_.agreement.year)


def _report_title(round_):
    """FollowUpRound.report_title as a text part (the same words and message id)."""
    return T.text(gettext_noop("%(ordinal)s opfølgning på %(title)s for %(committee)s"),
                  ordinal=T.ordinal(round_.number),
                  title=round_.agreement.title, committee=str(round_.agreement.committee))


def _users_with_role(**filters):
    return list(get_user_model().objects.filter(is_active=True, roles__in=Role.objects.filter(**filters)).distinct())


def reports_ready(now):
    """A round's final report is ready: the members of the agreement's committee hear of it (a link, never the
    file: the download checks permission)."""
    for report in Report.objects.filter(kind=Report.Kind.FINAL, state=Report.State.READY,
                                        finished_at__gte=now - LOOK_BACK).select_related("round__agreement"):
        round_ = report.round
        subject = T.text(gettext_noop("Rapport klar: %(title)s"), title=_report_title(round_))
        body = T.text(gettext_noop("%(title)s (version %(version)d) er offentliggjort, og rapporten kan hentes."),
                      title=_report_title(round_), version=report.version)
        url = reverse("budgetfollowup:round_detail", args=[round_.pk])
        for user in _users_with_role(kind=Role.Kind.COMMITTEE_MEMBER, committee_id=round_.agreement.committee_id):
            yield Candidate(user.pk, Kind.REPORT_READY, f"report:{report.pk}", subject, body, url)


def forecasts_sent(now):
    """A version of the capacity forecast's PDF is sent to a committee: its members hear of it as of a round's
    report (a link to the report list, never the file: the download checks permission)."""
    for sending in ForecastSending.objects.filter(sent_at__gte=now - LOOK_BACK).select_related(
            "report__forecast", "committee"):
        report = sending.report
        subject = T.text(gettext_noop("Kapacitetsprognose til %(committee)s: %(name)s"),
                         committee=sending.committee.name, name=report.forecast.name)
        body = T.text(gettext_noop("Kapacitetsprognosen “%(name)s” (version %(version)d) er sendt til %(committee)s "
                                   "og kan hentes under Rapporter."),
                      name=report.forecast.name, version=report.version, committee=sending.committee.name)
        url = reverse("budgetfollowup:report_list") + "#kapacitetsprognoser"
        for user in _users_with_role(kind=Role.Kind.COMMITTEE_MEMBER, committee_id=sending.committee_id):
            yield Candidate(user.pk, Kind.FORECAST_SENT, f"forecast-report:{report.pk}", subject, body, url)


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
                changes.append(T.text(gettext_noop("milepæl: %(old)s → %(new)s"),
                                      old=T.smiley(previous_milestone, "milestone"),
                                      new=T.smiley(row.milestone.smiley, "milestone")))
            previous_economy = row.previous_economy.smiley if row.previous_economy else ""
            if row.economy.smiley and row.economy.smiley != previous_economy:
                changes.append(T.text(gettext_noop("økonomi: %(old)s → %(new)s"),
                                      old=T.smiley(previous_economy, "economy"),
                                      new=T.smiley(row.economy.smiley, "economy")))
            if changes:
                lines[row.initiative.pk] = T.join(
                    [f"- {row.initiative.number}. {row.initiative.title}: ", T.join(changes, "; ")])
        url = reverse("budgetfollowup:round_detail", args=[round_.pk])
        for role in Role.objects.filter(kind=Role.Kind.DISTRICT_LEADER, user__is_active=True).select_related(
                "district"):
            mine = [line for pk, line in lines.items() if pk in concerned.get(role.district_id, ())]
            if not mine:
                continue
            subject = T.text(gettext_noop("Ændrede smileys i %(district)s: %(round)s"), district=str(role.district),
                             round=_round_name(round_))
            intro = T.text(gettext_noop("Siden forrige opfølgning er disse smileys ændret på indsatser, der "
                                        "vedrører %(district)s:"), district=str(role.district))
            body = T.join([intro, "\n\n", T.join(mine, "\n")])
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
        subject = T.text(gettext_noop("%(round)s for %(title)s skal udfyldes senest %(date)s"),
                         round=_round_name(round_),
                         title=round_.agreement.title, date=T.date(round_.date))
        body = T.plural(*MISSING_SMILEYS, missing)
        url = reverse("budgetfollowup:round_grid", args=[round_.pk])
        for user in admins:
            yield Candidate(user.pk, Kind.ROUND_DUE, f"round:{round_.pk}", subject, body, url)


def reports_failed(now):
    """A report could not be rendered: the administrators hear of it with the reason. A retry that fails again is
    a new notice (the key holds the attempt)."""
    admins = _users_with_role(kind=Role.Kind.ADMINISTRATOR)
    for report in Report.objects.filter(state=Report.State.FAILED, updated_at__gte=now - LOOK_BACK).select_related(
            "round__agreement"):
        subject = T.text(gettext_noop("Rapporten kunne ikke dannes: %(title)s"), title=_report_title(report.round))
        body = T.text(gettext_noop("Fejl: %(error)s\n\nDu kan prøve igen fra opfølgningens side."), error=report.error)
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
            found.append((f"overdue:{action.pk}:{action.due_date}", gettext_noop("Frist overskredet: %(text)s")))
        elif action.due_date and action.due_date <= soon:
            found.append((f"due:{action.pk}:{action.due_date}", gettext_noop("Frist om kort tid: %(text)s")))
        if action.expires_on and action.expires_on <= soon:
            found.append((f"expiry:{action.pk}:{action.expires_on}", gettext_noop("Udløbsdato nærmer sig: %(text)s")))
        for key, subject in found:
            body = T.text(gettext_noop("Handlingen “%(text)s” fra %(evaluation)s. Ansvarlig: %(owner)s. Frist: "
                                       "%(due)s. Udløbsdato: %(expires)s."),
                          text=action.text, evaluation=action.evaluation.title, owner=action.owner,
                          due=T.date(action.due_date) if action.due_date else "–",
                          expires=T.date(action.expires_on) if action.expires_on else "–")
            short = action.text if len(action.text) <= 80 else action.text[:77] + "…"
            for user_id in recipients:
                yield Candidate(user_id, Kind.ACTION_DEADLINE, key, T.text(subject, text=short), body, url)


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
            # Answered: every question in use has an answer (half answered, the leader is still asked to answer).
            unanswered=Exists(SelfAssessmentQuestion.objects.filter(active=True).exclude(pk__in=Subquery(
                SelfAssessmentAnswer.objects.filter(visit=OuterRef(OuterRef("pk"))).exclude(answer="")
                .values("question_id"))))):
        subject = T.text(gettext_noop("Tilsyn %(date)s: %(house)s"), date=T.date(visit.visit_date),
                         house=visit.institution.name)
        # Never ask for a self-assessment already answered.
        body = T.text(gettext_noop("%(kind)s i %(house)s den %(date)s. Selvevalueringen er besvaret; I kan rette den "
                                   "indtil besøget.") if not visit.unanswered else
                      gettext_noop("%(kind)s i %(house)s den %(date)s. Besvar selvevalueringen før besøget."),
                      kind=T.choice("supervision.SupervisionVisit", "kind", visit.kind), house=visit.institution.name,
                      date=T.date(visit.visit_date))
        url = reverse("supervision:visit", args=[visit.pk])
        for user_id in leaders(visit.institution):
            yield Candidate(user_id, Kind.SUPERVISION, f"planned:{visit.pk}:{visit.visit_date}", subject, body, url)
    for entry in Schedule.objects.filter(next_date__isnull=False, next_date__lte=horizon).select_related(
            "institution", "level"):
        late = entry.next_date < today
        subject = (T.text(gettext_noop("Tilsyn overskredet: %(house)s"), house=entry.institution.name) if late else
                   T.text(gettext_noop("Tilsyn skal ligge senest %(date)s: %(house)s"), house=entry.institution.name,
                          date=T.date(entry.next_date)))
        body = T.text(gettext_noop("Efter reglen for tilsyn skulle %(house)s have %(what)s senest %(date)s."),
                      house=entry.institution.name, date=T.date(entry.next_date),
                      what=T.text(gettext_noop("et opfølgende besøg") if entry.follow_up_on
                                  else gettext_noop("sit næste tilsyn")))
        url = reverse("supervision:institution", args=[entry.institution_id])
        for user_id in leaders(entry.institution):
            yield Candidate(user_id, Kind.SUPERVISION, f"due:{entry.institution_id}:{entry.next_date}:{late}",
                            subject, body, url)
    for order in Order.objects.open().filter(due_date__lt=today).select_related("visit__institution"):
        house = order.visit.institution
        short = order.text if len(order.text) <= 80 else order.text[:77] + "…"
        subject = T.text(gettext_noop("Påbud over frist: %(text)s"), text=short)
        body = T.text(gettext_noop("Påbuddet til %(house)s havde frist %(date)s og er ikke lukket: %(text)s"),
                      house=house.name, date=T.date(order.due_date), text=order.text)
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
            subject = T.text(gettext_noop("Evaluering af læreplanen til godkendelse: %(house)s"), house=house.name)
            body = T.text(gettext_noop("%(house)s har sendt evalueringen af den pædagogiske læreplan til din "
                                       "godkendelse. Godkend den, så den offentliggøres, eller send den retur med en "
                                       "bemærkning."), house=house.name)
        elif evaluation.state == PlanEvaluation.State.RETURNED:
            recipients = by_house.get(house.pk, set())
            key = f"returned:{evaluation.pk}:{evaluation.returned_at.timestamp():.0f}"
            subject = T.text(gettext_noop("Evalueringen af læreplanen er sendt retur: %(house)s"), house=house.name)
            body = T.text(gettext_noop("Distriktslederen har sendt evalueringen retur med denne "
                                       "bemærkning:\n\n%(comment)s"), comment=evaluation.return_comment)
        else:
            recipients, key = by_house.get(house.pk, set()), f"published:{evaluation.pk}"
            subject = T.text(gettext_noop("Evalueringen af læreplanen er godkendt: %(house)s"), house=house.name)
            body = T.text(gettext_noop("Distriktslederen har godkendt evalueringen, og den er offentliggjort "
                                       "%(date)s."), date=T.date(evaluation.published_on))
        for user_id in recipients:
            yield Candidate(user_id, Kind.LEARNING_PLAN, key, subject, body, url)
    for row in learning_plans.house_rows(Institution.objects.all(), today=today):
        due = row.due
        if not (due.is_overdue or due.is_due_soon):
            continue
        house = row.institution
        what = "overdue" if due.is_overdue else "due"
        subject = (T.text(gettext_noop("Evalueringen af læreplanen er overskredet: %(house)s"), house=house.name)
                   if due.is_overdue else
                   T.text(gettext_noop("Læreplanen skal evalueres senest %(date)s: %(house)s"), house=house.name,
                          date=T.date(due.due_on)))
        body = T.text(gettext_noop("Den pædagogiske læreplan i %(house)s skal evalueres senest %(date)s, og "
                                   "evalueringen offentliggøres."), house=house.name, date=T.date(due.due_on))
        url = reverse("learningplans:institution", args=[house.pk])
        for user_id in by_house.get(house.pk, set()) | by_district.get(house.district_id, set()):
            yield Candidate(user_id, Kind.LEARNING_PLAN, f"{what}:{house.pk}:{due.due_on}", subject, body, url)


def _reporters():
    """centre id -> the active users who report for it."""
    by_center = {}
    for role in Role.objects.filter(kind=Role.Kind.REPORTER, user__is_active=True):
        by_center.setdefault(role.center_id, set()).add(role.user_id)
    return by_center


def reporting(now):
    """A round open for reporting: each reporter of a centre with rows in it hears of it once when it opens (their
    initiatives and the deadline), once `Municipality.reporting_reminder_days` before the deadline and once on the
    deadline while some of their rows are not sent. The keys hold the deadline, so a moved deadline is news again."""
    from districts.models import Municipality

    today = timezone.localdate(now)
    municipality = Municipality.objects.current()
    days = municipality.reporting_reminder_days if municipality else 5
    reporters = _reporters()
    for round_ in FollowUpRound.objects.filter(state=FollowUpRound.State.DRAFT, reporting_open=True).select_related(
            "agreement"):
        deadline = round_.reporting_deadline
        by_center = {}
        for submission in Submission.objects.filter(round=round_).select_related("initiative").order_by(
                "initiative__sort_key"):
            by_center.setdefault(submission.initiative.responsible_center_id, []).append(submission)
        url = reverse("budgetfollowup:reporting", args=[round_.pk])
        when = T.date(deadline)
        for center_id, submissions in by_center.items():
            lines = "\n".join(f"- {s.initiative.number}. {s.initiative.title}" for s in submissions)
            opened = (T.text(gettext_noop("%(round)s er åben for indberetning: frist %(date)s"),
                             round=_round_name(round_), date=when),
                      T.join([T.text(gettext_noop("Giv status på dit centers indsatser i %(title)s senest %(date)s:"),
                                     title=round_.agreement.title, date=when), "\n\n" + lines]))
            notices = [(f"reporting:{round_.pk}:{deadline}", opened)]
            missing = [s for s in submissions if s.editable_by_reporter]
            if missing and today <= deadline:
                missing_lines = "\n".join(f"- {s.initiative.number}. {s.initiative.title}" for s in missing)
                if today == deadline:
                    notices.append((f"reporting-deadline:{round_.pk}:{deadline}", (
                        T.text(gettext_noop("Fristen for indberetning til %(round)s er i dag"),
                               round=_round_name(round_)),
                        T.join([T.text(gettext_noop("Disse indsatser er ikke indsendt endnu:")),
                                "\n\n" + missing_lines]))))
                elif (deadline - today).days <= days:
                    notices.append((f"reporting-reminder:{round_.pk}:{deadline}", (
                        T.text(gettext_noop("Påmindelse: indberetning til %(round)s senest %(date)s"),
                               round=_round_name(round_), date=when),
                        T.join([T.text(gettext_noop("Disse indsatser er ikke indsendt endnu:")),
                                "\n\n" + missing_lines]))))
            for user_id in reporters.get(center_id, ()):
                for key, (subject, body) in notices:
                    yield Candidate(user_id, Kind.REPORTING, key, subject, body, url)


def submissions_returned(now):
    """A row sent back with a comment: its centre's reporters hear of it, with the comment. Once per return (the
    key holds the submission's version)."""
    reporters = _reporters()
    for submission in Submission.objects.filter(state=Submission.State.RETURNED, changed_at__gte=now - LOOK_BACK,
                                                round__reporting_open=True).select_related("initiative", "round"):
        initiative = submission.initiative
        subject = T.text(gettext_noop("Sendt retur: %(number)s. %(title)s"), number=initiative.number,
                         title=initiative.title)
        body = T.join([T.text(gettext_noop("Økonomi og Styring har sendt din indberetning retur med denne kommentar:")),
                       f"\n\n{submission.comment}\n\n", T.text(gettext_noop("Ret indsatsen, og indsend den igen."))])
        url = reverse("budgetfollowup:reporting", args=[submission.round_id])
        for user_id in reporters.get(initiative.responsible_center_id, ()):
            yield Candidate(user_id, Kind.SUBMISSION_RETURNED, f"returned:{submission.pk}:{submission.version}",
                            subject, body, url)


SOURCES = [reports_ready, forecasts_sent, smiley_changes, rounds_due, reports_failed, action_deadlines, supervision,
           learning_plan, reporting, submissions_returned]
