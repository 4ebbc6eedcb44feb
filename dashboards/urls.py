from django.urls import path

from . import views

app_name = "dashboards"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("distrikt/<int:pk>/", views.district, name="district"),
    path("mine-huse/", views.houses, name="houses"),
    path("historik/", views.history, name="history"),
    path("nyheder/set/", views.news_seen, name="news_seen"),
]
