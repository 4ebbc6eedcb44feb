"""Who sees and records capacity. Administrators: everything, and they record it. A district leader: the district's
institutions. A pedagogical leader: their own houses. Committee members read the reports, not the figures per house
(of the forecast: the PDF versions sent to their committee); a login without a role sees nothing."""

import rules

from districts.roles import roles_of
from districts.rules import (
                             answers_for_houses,
                             answers_for_institution,
                             is_administrator,
                             is_committee_member,
                             is_district_leader,
                             is_pedagogical_leader,
                             leads_district,
)

rules.add_perm("capacity.view_capacity", is_administrator | answers_for_houses)
rules.add_perm("capacity.view_institution_capacity", is_administrator | answers_for_institution)
rules.add_perm("capacity.view_district_capacity", is_administrator | leads_district)
rules.add_perm("capacity.manage_capacity", is_administrator)

# The capacity forecast: the administration plans for the municipality; a district leader reads their district's, a
# pedagogical leader the district(s) of their houses. Importing, scenarios, planned changes and the committee's PDF
# are the administration's.
rules.add_perm("capacity.view_forecast", is_administrator | is_district_leader | is_pedagogical_leader)
rules.add_perm("capacity.manage_forecast", is_administrator)


@rules.predicate
def reads_sent_forecast(user, report):
    """A member of the committee this version of the forecast's PDF was sent to (ForecastReport.objects.for_user
    reads the same)."""
    sent = report.sent if report is not None else None
    return sent is not None and sent.committee_id in roles_of(user).committee_ids


# The committee's PDF: the administration reads and sends every version (sending is capacity.manage_forecast); a
# committee member reads the versions sent to their committee (on the report list); the leaders read the forecast
# page, not its PDF.
rules.add_perm("capacity.view_forecast_pdfs", is_administrator | is_committee_member)
rules.add_perm("capacity.view_forecast_pdf", is_administrator | reads_sent_forecast)
