from django.urls import path

from dagtilbud.documents.views import pdf_download, pdf_retry

from . import views
from .models import StatusReport

app_name = "evaluations"
urlpatterns = [
    path("", views.evaluation_list, name="evaluation_list"),
    path("ny/", views.evaluation_edit, name="evaluation_create"),
    path("<int:pk>/", views.evaluation_detail, name="evaluation_detail"),
    path("<int:pk>/ret/", views.evaluation_edit, name="evaluation_edit"),
    path("<int:pk>/statusrapport/", views.status_report, name="status_report"),
    path("<int:pk>/statusrapport/pdf/", views.status_report_pdfs, name="status_report_pdfs"),
    path("<int:pk>/statusrapport/pdf/ny/", views.status_report_pdf_request, name="status_report_pdf_request"),
    path("statusrapporter/<int:pk>/hent/", pdf_download, {"model": StatusReport}, name="status_report_download"),
    path("statusrapporter/<int:pk>/prov-igen/", pdf_retry, {"model": StatusReport}, name="status_report_retry"),
    path("<int:pk>/rapport/", views.report_file, name="report_file"),
    path("<int:pk>/regneark.xlsx", views.evaluation_export, name="evaluation_export"),
    path("<int:pk>/maal/nyt/", views.goal_create, name="goal_create"),
    path("<int:pk>/anbefalinger/ny/", views.recommendation_create, name="recommendation_create"),
    path("<int:pk>/handlinger/ny/", views.action_edit, name="action_create"),
    path("<int:pk>/handlinger/<int:action_pk>/", views.action_edit, name="action_edit"),
    path("maal/<int:pk>/status/", views.status_add, {"kind": "maal"}, name="goal_status_add"),
    path("anbefalinger/<int:pk>/status/", views.status_add, {"kind": "anbefaling"},
         name="recommendation_status_add"),
]
