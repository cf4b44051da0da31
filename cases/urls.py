from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("", views.DossierListView.as_view(), name="dossier_list"),
    path("aanmelden/", views.RegisterView.as_view(), name="register"),
    path("noodtoegang/", views.BreakGlassView.as_view(), name="break_glass"),
    path("jeugdigen/<int:pk>/", views.JeugdigeDetailView.as_view(), name="jeugdige_detail"),
    path(
        "jeugdigen/<int:pk>/bewerken/", views.JeugdigeUpdateView.as_view(), name="jeugdige_update"
    ),
    path(
        "jeugdigen/<int:pk>/ouders/nieuw/", views.GuardianEditView.as_view(), name="guardian_create"
    ),
    path(
        "jeugdigen/<int:pk>/ouders/<int:guardian_pk>/",
        views.GuardianEditView.as_view(),
        name="guardian_update",
    ),
    path(
        "jeugdigen/<int:pk>/oza/nieuw/",
        views.IndividualArrangementCreateView.as_view(),
        name="arrangement_create",
    ),
    path(
        "oza/groep/nieuw/",
        views.GroupArrangementCreateView.as_view(),
        name="group_arrangement_create",
    ),
    path("oza/<int:pk>/", views.ArrangementDetailView.as_view(), name="arrangement_detail"),
    path(
        "oza/<int:pk>/bewerken/", views.ArrangementUpdateView.as_view(), name="arrangement_update"
    ),
    path(
        "oza/<int:pk>/fase/<str:transition>/",
        views.ArrangementTransitionView.as_view(),
        name="arrangement_transition",
    ),
    path("oza/<int:pk>/team/", views.TeamMemberAddView.as_view(), name="team_member_add"),
    path(
        "oza/<int:pk>/team/kandidaten/",
        views.TeamCandidatesView.as_view(),
        name="team_candidates",
    ),
    path(
        "oza/<int:pk>/team/<int:member_pk>/verwijderen/",
        views.TeamMemberRemoveView.as_view(),
        name="team_member_remove",
    ),
    path(
        "oza/<int:pk>/team/<int:member_pk>/procesbegeleider/",
        views.ProcesbegeleiderHandoverView.as_view(),
        name="procesbegeleider_handover",
    ),
    path("oza/<int:pk>/doelen/", views.GoalAddView.as_view(), name="goal_add"),
    path("oza/<int:pk>/doelen/<int:goal_pk>/", views.GoalEditView.as_view(), name="goal_update"),
    path(
        "oza/<int:pk>/doelen/<int:goal_pk>/verwijderen/",
        views.GoalDeleteView.as_view(),
        name="goal_delete",
    ),
    path(
        "oza/<int:pk>/doelen/<int:goal_pk>/evalueren/",
        views.GoalEvaluateView.as_view(),
        name="goal_evaluate",
    ),
    path("oza/<int:pk>/akkoord/", views.ConsentRecordView.as_view(), name="consent_record"),
    path(
        "oza/<int:pk>/deelnemers/", views.ParticipationAddView.as_view(), name="participation_add"
    ),
    path(
        "oza/<int:pk>/deelnemers/<int:participation_pk>/einde/",
        views.ParticipationEndView.as_view(),
        name="participation_end",
    ),
]
