from django.urls import path

from . import views

app_name = "avg"

urlpatterns = [
    path("audit/", views.AuditLogView.as_view(), name="audit_log"),
    path("audit/<int:pk>/beoordeeld/", views.AuditReviewView.as_view(), name="audit_review"),
    path("jeugdigen/<int:pk>/", views.JeugdigeAvgView.as_view(), name="jeugdige"),
    path("jeugdigen/<int:pk>/inzage.json", views.InzageExportView.as_view(), name="inzage_json"),
    path("jeugdigen/<int:pk>/inzage-pdf/", views.InzagePdfRequestView.as_view(), name="inzage_pdf"),
    path(
        "jeugdigen/<int:pk>/inzage-pdf/<int:export_pk>/status/",
        views.InzagePdfStatusView.as_view(),
        name="inzage_pdf_status",
    ),
    path(
        "jeugdigen/<int:pk>/inzage-pdf/<int:export_pk>/",
        views.InzagePdfDownloadView.as_view(),
        name="inzage_pdf_download",
    ),
]
