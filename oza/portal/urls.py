"""Portal URLs, under /portaal/. Every page about a child takes ``jeugdige_pk`` and resolves it
only through ``selectors.jeugdigen_for_portal_user``."""

from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("toegankelijkheid/", views.AccessibilityView.as_view(), name="accessibility"),
    path("uitnodiging/<str:token>/", views.AcceptView.as_view(), name="accept"),
    path("beveiliging/", views.TwoFactorSetupView.as_view(), name="two_factor_setup"),
    path("beveiliging/code/", views.TwoFactorVerifyView.as_view(), name="verify"),
    path("kind/<int:jeugdige_pk>/", views.PlanView.as_view(), name="plan"),
    path("kind/<int:jeugdige_pk>/overleg/", views.MeetingsView.as_view(), name="meetings"),
    path(
        "kind/<int:jeugdige_pk>/overleg/<int:meeting_pk>/mdo.ics",
        views.MeetingIcsView.as_view(),
        name="meeting_ics",
    ),
    path("kind/<int:jeugdige_pk>/documenten/", views.DocumentsView.as_view(), name="documents"),
    path(
        "kind/<int:jeugdige_pk>/documenten/<int:document_pk>/",
        views.DocumentDownloadView.as_view(),
        name="document_download",
    ),
    path("kind/<int:jeugdige_pk>/toestemming/", views.ConsentView.as_view(), name="consent"),
    path("kind/<int:jeugdige_pk>/vragenlijst/", views.SurveyListView.as_view(), name="surveys"),
    path(
        "kind/<int:jeugdige_pk>/vragenlijst/<int:survey_pk>/",
        views.SurveyAnswerView.as_view(),
        name="survey_answer",
    ),
    path("kind/<int:jeugdige_pk>/bekeken/", views.ViewedView.as_view(), name="viewed"),
]
