from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import BudgetAgreement, FollowUpRound, Initiative

# For superusers only (see districts/admin.py); administrators work in the app's own pages.


@admin.register(Initiative)
class InitiativeAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "section", "kind", "responsible_center", "responsible_committee"]
    list_filter = ["section__agreement", "kind"]
    search_fields = ["number", "title"]


admin.site.register([BudgetAgreement, FollowUpRound], SimpleHistoryAdmin)
