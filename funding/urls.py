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
    path("voorstellen/", views.ProposalListView.as_view(), name="proposal_list"),
    path("voorstellen/nieuw/", views.ProposalEditView.as_view(), name="proposal_add"),
    path("voorstellen/<int:pk>/", views.ProposalDetailView.as_view(), name="proposal_detail"),
    path("voorstellen/<int:pk>/wijzigen/", views.ProposalEditView.as_view(), name="proposal_edit"),
    path(
        "voorstellen/<int:pk>/indienen/", views.ProposalSubmitView.as_view(), name="proposal_submit"
    ),
    path("voorstellen/<int:pk>/besluit/", views.ProposalStepView.as_view(), name="proposal_step"),
    path(
        "oza/<int:pk>/bekostiging/<int:line_pk>/besluit/",
        views.FundingLineDecideView.as_view(),
        name="decide",
    ),
]
