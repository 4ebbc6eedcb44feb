from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Center, Committee, District, Institution, Municipality, Role

# Django's admin is a superuser's tool; administrators work in the app's own pages.
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser

admin.site.register([Municipality, Committee, Center])
admin.site.register([District, Institution, Role], SimpleHistoryAdmin)
