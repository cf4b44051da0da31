"""Professional pages about portal access, mounted at /jeugdigen/<pk>/portaaltoegang/."""

from django.urls import path

from . import team_views

app_name = "portal_team"

urlpatterns = [
    path("", team_views.PortalAccessView.as_view(), name="access"),
    path(
        "<int:invitation_pk>/intrekken/",
        team_views.InvitationRevokeView.as_view(),
        name="revoke",
    ),
]
