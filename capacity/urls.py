from django.urls import path

from dagtilbud.documents.views import pdf_download, pdf_retry
from dagtilbud.imports.views import import_urls

from . import forecast_imports, forecast_views, imports, views
from .models import ForecastReport

app_name = "capacity"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("distrikt/<int:pk>/", views.district, name="district"),
    path("institution/<int:pk>/", views.institution, name="institution"),
    path("institution/<int:pk>/maaned/", views.month_edit, name="month_edit"),
    path("kapacitet.xlsx", views.export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("kapacitet.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    *import_urls(imports.IMPORTER),
    # The capacity forecast
    path("prognose/", forecast_views.forecast, name="forecast"),
    path("prognose/kapacitetsprognose.xlsx", forecast_views.forecast_xlsx, name="forecast_xlsx"),
    path("prognose/eksempel-bred.csv", forecast_views.forecast_sample, {"layout": "wide"},
         name="forecast_sample_wide"),
    path("prognose/eksempel-lang.csv", forecast_views.forecast_sample, {"layout": "long"},
         name="forecast_sample_long"),
    path("prognose/<int:pk>/ret/", forecast_views.forecast_edit, name="forecast_edit"),
    path("prognose/<int:pk>/pdf/", forecast_views.forecast_pdfs, name="forecast_pdfs"),
    path("prognose/<int:pk>/pdf/ny/", forecast_views.forecast_pdf_request, name="forecast_pdf_request"),
    path("prognose/pdf/<int:pk>/hent/", pdf_download, {"model": ForecastReport}, name="forecast_pdf_download"),
    path("prognose/pdf/<int:pk>/prov-igen/", pdf_retry, {"model": ForecastReport}, name="forecast_pdf_retry"),
    path("prognose/pdf/<int:pk>/send/", forecast_views.forecast_pdf_send, name="forecast_pdf_send"),
    path("prognose/scenarie/ny/", forecast_views.scenario_edit, name="scenario_create"),
    path("prognose/scenarie/<int:pk>/", forecast_views.scenario_edit, name="scenario_edit"),
    path("prognose/aendring/ny/", forecast_views.change_edit, name="change_create"),
    path("prognose/aendring/<int:pk>/", forecast_views.change_edit, name="change_edit"),
    path("prognose/distriktskoder/", forecast_views.district_codes, name="district_codes"),
    *import_urls(forecast_imports.IMPORTER, prefix="prognose/import/"),
]
