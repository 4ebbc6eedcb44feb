from django.urls import path

from . import views

app_name = "districts"
urlpatterns = [
    path("distrikter/", views.district_list, name="district_list"),
    path("distrikter/<int:pk>/", views.district_detail, name="district_detail"),
    path("institutioner/<int:pk>/", views.institution_detail, name="institution_detail"),
    path("brugere/", views.user_list, name="user_list"),
    path("brugere/ny/", views.user_create, name="user_create"),
    path("brugere/<int:pk>/roller/", views.user_roles, name="user_roles"),
    path("brugere/<int:pk>/persondata/", views.user_export, name="user_export"),
    path("brugere/<int:pk>/anonymiser/", views.user_anonymise, name="user_anonymise"),
    path("brugere/<int:pk>/laas-op/", views.user_unlock, name="user_unlock"),
    path("roller/<int:pk>/slet/", views.role_delete, name="role_delete"),
    path("indstillinger/", views.municipality_settings, name="municipality_settings"),
]
