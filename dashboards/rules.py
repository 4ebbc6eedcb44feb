import rules

from districts.rules import is_administrator, is_pedagogical_leader, leads_district

rules.add_perm("dashboards.view_overview", is_administrator)
rules.add_perm("dashboards.view_district_dashboard", is_administrator | leads_district)
rules.add_perm("dashboards.view_history", is_administrator)
rules.add_perm("dashboards.view_houses_dashboard", is_pedagogical_leader)
