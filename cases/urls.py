from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("", views.DossierListView.as_view(), name="dossier_list"),
]
