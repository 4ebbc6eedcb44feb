from django.urls import path

from dagtilbud.documents.views import pdf_download, pdf_retry

from . import views
from .models import EvaluationPDF

app_name = "learningplans"
urlpatterns = [
    # Public, without login: linkable from the municipality's website.
    path("", views.public_index, name="public_index"),
    path("hus/<int:pk>/", views.public_house, name="public_house"),
    path("evaluering/<int:pk>/", views.public_evaluation, name="public_evaluation"),
    path("evaluering/<int:pk>/pdf/", views.public_pdf, name="public_pdf"),
    path("plan/<int:pk>/", views.public_plan, name="public_plan"),
    # The work: the houses' leaders, the district and the administration.
    path("arbejde/", views.overview, name="overview"),
    path("arbejde/eksport.xlsx", views.overview_xlsx, name="overview_xlsx"),
    path("arbejde/hus/<int:pk>/", views.institution, name="institution"),
    path("arbejde/hus/<int:pk>/plan/ny/", views.plan_add, name="plan_add"),
    path("arbejde/hus/<int:pk>/evaluering/ny/", views.evaluation_start, name="evaluation_start"),
    path("arbejde/evaluering/<int:pk>/", views.evaluation_detail, name="evaluation"),
    path("arbejde/evaluering/<int:pk>/ret/", views.evaluation_edit, name="evaluation_edit"),
    path("arbejde/evaluering/<int:pk>/send/", views.evaluation_send, name="evaluation_send"),
    path("arbejde/evaluering/<int:pk>/godkend/", views.evaluation_approve, name="evaluation_approve"),
    path("arbejde/evaluering/<int:pk>/retur/", views.evaluation_return, name="evaluation_return"),
    path("arbejde/evaluering/<int:pk>/bilag/nyt/", views.attachment_add, name="attachment_add"),
    path("arbejde/evaluering/<int:pk>/pdf/", views.pdfs, name="pdfs"),
    path("arbejde/evaluering/<int:pk>/pdf/ny/", views.pdf_request, name="pdf_request"),
    path("arbejde/bilag/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("arbejde/bilag/<int:pk>/fjern/", views.attachment_delete, name="attachment_delete"),
    path("arbejde/pdf/<int:pk>/hent/", pdf_download, {"model": EvaluationPDF}, name="pdf_download"),
    path("arbejde/pdf/<int:pk>/prov-igen/", pdf_retry, {"model": EvaluationPDF}, name="pdf_retry"),
]
