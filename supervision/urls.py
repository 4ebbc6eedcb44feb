from django.urls import path

from dagtilbud.documents.views import pdf_download, pdf_retry

from . import views
from .models import SupervisionReport

app_name = "supervision"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("indstillinger/", views.settings_edit, name="settings"),
    path("institution/<int:pk>/", views.institution, name="institution"),
    path("institution/<int:institution_pk>/nyt/", views.visit_edit, name="visit_create"),
    path("besoeg/<int:pk>/", views.visit_detail, name="visit"),
    path("besoeg/<int:pk>/ret/", views.visit_edit, name="visit_edit"),
    path("besoeg/<int:pk>/aflys/", views.visit_cancel, name="visit_cancel"),
    path("besoeg/<int:pk>/selvevaluering/", views.self_assessment, name="self_assessment"),
    path("besoeg/<int:pk>/paabud/nyt/", views.order_add, name="order_add"),
    path("besoeg/<int:pk>/pdf/", views.report_pdfs, name="report_pdfs"),
    path("besoeg/<int:pk>/pdf/ny/", views.report_pdf_request, name="report_pdf_request"),
    path("paabud/<int:pk>/opfoelgning/", views.follow_up_add, name="follow_up_add"),
    path("rapporter/<int:pk>/hent/", pdf_download, {"model": SupervisionReport}, name="report_download"),
    path("rapporter/<int:pk>/prov-igen/", pdf_retry, {"model": SupervisionReport}, name="report_retry"),
]
