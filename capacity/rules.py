"""Who sees and records capacity. Administrators: everything, and they record it. A district leader: the district's
institutions. A pedagogical leader: their own houses. Committee members read the reports, not the figures per house;
a login without a role sees nothing."""

import rules

from districts.rules import (
                             answers_for_houses,
                             answers_for_institution,
                             is_administrator,
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
