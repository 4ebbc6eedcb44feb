from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.notice_list, name="notice_list"),
    path("<int:pk>/", views.notice_open, name="notice_open"),
    path("laest/", views.notices_mark_all_read, name="mark_all_read"),
    path("valg/", views.preferences, name="preferences"),
    path("afmeld/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
