from django.urls import path

from . import views

app_name = "mdo"

urlpatterns = [
    path("oza/<int:pk>/mdo/nieuw/", views.MeetingPlanView.as_view(), name="plan"),
    path("mdo/<int:pk>/", views.MeetingScreenView.as_view(), name="meeting"),
    path("mdo/<int:pk>/openen/", views.MeetingOpenView.as_view(), name="open"),
    path(
        "mdo/<int:pk>/aanwezigheid/<int:participant_pk>/",
        views.AttendanceView.as_view(),
        name="attendance",
    ),
    path(
        "mdo/<int:pk>/agenda/<int:item_pk>/aantekeningen/",
        views.NotesView.as_view(),
        name="notes",
    ),
    path("mdo/<int:pk>/agenda/", views.AgendaItemAddView.as_view(), name="agenda_add"),
    path("mdo/<int:pk>/genodigden/", views.ParticipantAddView.as_view(), name="participant_add"),
    path("mdo/<int:pk>/afspraken/", views.AgreementAddView.as_view(), name="agreement_add"),
    path("mdo/<int:pk>/sluiten/", views.MeetingCloseView.as_view(), name="close"),
    path("mdo/<int:pk>/verslag/", views.ReportView.as_view(), name="report"),
    path("mdo/<int:pk>/uitnodigen/", views.SendInvitationsView.as_view(), name="invite"),
    path("mdo/<int:pk>/verplaatsen/", views.MeetingRescheduleView.as_view(), name="reschedule"),
    path("mdo/<int:pk>/annuleren/", views.MeetingCancelView.as_view(), name="cancel"),
    path("mdo/<int:pk>/agenda.ics", views.MeetingCalendarView.as_view(), name="ics"),
    path("afspraken/", views.MyAgreementsView.as_view(), name="my_agreements"),
    path("afspraken/<int:pk>/", views.AgreementUpdateView.as_view(), name="agreement_update"),
]
