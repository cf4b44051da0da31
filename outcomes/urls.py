from django.urls import path

from . import views

app_name = "outcomes"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("export.<str:extension>", views.ExportView.as_view(), name="export"),
    path("ozas/", views.DrillDownView.as_view(), name="drill_down"),
]
