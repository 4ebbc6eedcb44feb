from django.urls import path

from dagtilbud.imports.views import import_urls

from . import imports, views

app_name = "capacity"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("distrikt/<int:pk>/", views.district, name="district"),
    path("institution/<int:pk>/", views.institution, name="institution"),
    path("institution/<int:pk>/maaned/", views.month_edit, name="month_edit"),
    path("kapacitet.xlsx", views.export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("kapacitet.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    *import_urls(imports.IMPORTER),
]
