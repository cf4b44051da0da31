from django.urls import path

from . import views

app_name = "funding"

urlpatterns = [
    path("bekostiging/", views.CaseloadChecklistView.as_view(), name="checklist"),
    path("oza/<int:pk>/bekostiging/nieuw/", views.FundingLineEditView.as_view(), name="add"),
    path(
        "oza/<int:pk>/bekostiging/<int:line_pk>/",
        views.FundingLineEditView.as_view(),
        name="edit",
    ),
    path("oza/<int:pk>/kosten/", views.CostOverviewView.as_view(), name="costs"),
    path("oza/<int:pk>/escalaties/", views.EscalationRaiseView.as_view(), name="escalate"),
    path(
        "oza/<int:pk>/escalaties/<int:escalation_pk>/hoger/",
        views.EscalationStepUpView.as_view(),
        name="escalation_step_up",
    ),
    path(
        "oza/<int:pk>/escalaties/<int:escalation_pk>/opgelost/",
        views.EscalationResolveView.as_view(),
        name="escalation_resolve",
    ),
    path(
        "bekostiging/<int:line_pk>/besluit/",
        views.FundingLineDecideView.as_view(),
        name="decide",
    ),
]
