from django.urls import path

from . import views

app_name = "budgetfollowup"
urlpatterns = [
    path("aftaler/", views.agreement_list, name="agreement_list"),
    path("opfoelgninger/<int:pk>/", views.round_detail, name="round_detail"),
    path("opfoelgninger/<int:pk>/status/", views.round_grid, name="round_grid"),
    path("opfoelgninger/<int:pk>/offentliggoer/", views.round_publish, name="round_publish"),
    path("opfoelgninger/<int:pk>/genaabn/", views.round_reopen, name="round_reopen"),
]
