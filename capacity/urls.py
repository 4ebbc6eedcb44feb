from django.urls import path

from . import views

app_name = "capacity"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("distrikt/<int:pk>/", views.district, name="district"),
    path("institution/<int:pk>/", views.institution, name="institution"),
    path("institution/<int:pk>/maaned/", views.month_edit, name="month_edit"),
    path("kapacitet.xlsx", views.export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("kapacitet.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("import/", views.import_upload, name="import"),
    path("import/<int:pk>/", views.import_preview, name="import_preview"),
    path("import/<int:pk>/gennemfoer/", views.import_apply, name="import_apply"),
]
