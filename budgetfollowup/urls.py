from django.urls import path

from dagtilbud.documents.views import pdf_download, pdf_retry
from dagtilbud.imports.views import import_urls

from . import imports, reporting_views, round_imports, views
from .models import Report

app_name = "budgetfollowup"
urlpatterns = [
    path("aftaler/", views.agreement_list, name="agreement_list"),
    path("aftaler/ny/", views.agreement_create, name="agreement_create"),
    path("aftaler/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("aftaler/<int:pk>/ret/", views.agreement_edit, name="agreement_edit"),
    path("aftaler/<int:pk>/afsnit/nyt/", views.section_create, name="section_create"),
    path("aftaler/<int:pk>/indsatser/ny/", views.initiative_edit, name="initiative_create"),
    path("aftaler/<int:pk>/indsatser/<int:initiative_pk>/", views.initiative_edit, name="initiative_edit"),
    path("indsatser/<int:pk>/", views.initiative_detail, name="initiative_detail"),
    path("opfoelgninger/<int:pk>/", views.round_detail, name="round_detail"),
    path("opfoelgninger/<int:pk>/status/", views.round_grid, name="round_grid"),
    path("opfoelgninger/<int:pk>/oekonomi/<int:initiative_pk>/", views.economy_edit, name="economy_edit"),
    path("opfoelgninger/<int:pk>/offentliggoer/", views.round_publish, name="round_publish"),
    path("opfoelgninger/<int:pk>/genaabn/", views.round_reopen, name="round_reopen"),
    path("opfoelgninger/<int:pk>/rapporter/", views.round_reports, name="round_reports"),
    path("opfoelgninger/<int:pk>/indberet/", reporting_views.reporting_page, name="reporting"),
    path("opfoelgninger/<int:pk>/indberet/regneark.xlsx", reporting_views.reporting_export, name="reporting_export"),
    path("opfoelgninger/<int:pk>/indberetning/aabn/", reporting_views.reporting_open, name="reporting_open"),
    path("opfoelgninger/<int:pk>/indberetning/luk/", reporting_views.reporting_close, name="reporting_close"),
    path("opfoelgninger/<int:pk>/indberetning/godkend/", reporting_views.submissions_approve,
         name="submissions_approve"),
    path("opfoelgninger/<int:pk>/indberetning/<int:initiative_pk>/", reporting_views.submission_review,
         name="submission_review"),
    path("opfoelgninger/<int:pk>/udkast/", views.report_preview, name="report_preview"),
    path("opfoelgninger/<int:pk>/regneark.xlsx", views.round_export, {"fmt": "xlsx"}, name="round_export_xlsx"),
    path("opfoelgninger/<int:pk>/regneark.csv", views.round_export, {"fmt": "csv"}, name="round_export_csv"),
    path("opfoelgninger/<int:pk>/data.json", views.round_json, name="round_json"),
    path("aftaler/<int:pk>/regneark.xlsx", views.agreement_export, {"fmt": "xlsx"}, name="agreement_export"),
    path("aftaler/<int:pk>/regneark.csv", views.agreement_export, {"fmt": "csv"}, name="agreement_export_csv"),
    path("aftaler/<int:pk>/data.json", views.agreement_json, name="agreement_json"),
    path("import/skabelon.xlsx", views.import_template, {"fmt": "xlsx"}, name="import_template"),
    path("import/skabelon.csv", views.import_template, {"fmt": "csv"}, name="import_template_csv"),
    *import_urls(imports.IMPORTER),
    *import_urls(round_imports.ROUND_IMPORTER, prefix="opfoelgninger/import/"),
    path("rapporter/", views.report_list, name="report_list"),
    path("rapporter/<int:pk>/hent/", pdf_download, {"model": Report}, name="report_download"),
    path("rapporter/<int:pk>/prov-igen/", pdf_retry, {"model": Report}, name="report_retry"),
]
