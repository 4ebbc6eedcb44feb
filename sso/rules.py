"""Who may change how the provider's groups become roles: administrators, as with every other role."""

import rules

from districts.rules import is_administrator

rules.add_perm("sso.manage_group_mappings", is_administrator)
