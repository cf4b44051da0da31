from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("oza/<int:pk>/plan/", views.PlanRequestView.as_view(), name="plan_request"),
    path("mdo/<int:pk>/verslag/", views.MeetingReportRequestView.as_view(), name="report_request"),
    path("voorstel/<int:pk>/", views.ProposalRequestView.as_view(), name="proposal_request"),
    path("<int:pk>/", views.DocumentStatusView.as_view(), name="status"),
    path("<int:pk>/download/", views.DocumentDownloadView.as_view(), name="download"),
    path("<int:pk>/delen/", views.DocumentShareView.as_view(), name="share"),
]
