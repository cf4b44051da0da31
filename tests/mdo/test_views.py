"""The MDO pages: access through the oza's team, running the meeting, the verslag."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import TeamRole
from mdo import services
from mdo.models import (
    AgendaItem,
    Agreement,
    AgreementStatus,
    Attendance,
    Meeting,
    MeetingStatus,
)
from mdo.views import MyAgreementsView
from oza.audit.models import AuditAction, AuditEvent
from tests.factories import (
    JeugdigeFactory,
    TeamMemberFactory,
    UserFactory,
    hold_mdo,
    make_group_arrangement,
    make_individual_arrangement,
    the_jeugdige,
)
from tests.reading import made_again, read_main

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(oza, procesbegeleider):
    TeamMemberFactory(arrangement=oza, user=UserFactory(), role=TeamRole.ONDERWIJSCONSULENT)
    TeamMemberFactory(arrangement=oza, user=UserFactory(), role=TeamRole.JEUGDCONSULENT)
    return services.meeting_plan(
        arrangement=oza,
        by=procesbegeleider,
        kind="start",
        starts_at=timezone.now() + timedelta(days=2),
        location="Basisschool De Linde",
    )


def urls(meeting):
    item = meeting.agenda_items.first()
    participant = meeting.participants.first()
    return {
        "screen": ("get", reverse("mdo:meeting", args=[meeting.pk])),
        "report": ("get", reverse("mdo:report", args=[meeting.pk])),
        "plan": ("get", reverse("mdo:plan", args=[meeting.arrangement_id])),
        "open": ("post", reverse("mdo:open", args=[meeting.pk])),
        "attendance": (
            "post",
            reverse("mdo:attendance", args=[meeting.pk, participant.pk]),
        ),
        "notes": ("post", reverse("mdo:notes", args=[meeting.pk, item.pk])),
        "agreement": ("post", reverse("mdo:agreement_add", args=[meeting.pk])),
        "close": ("post", reverse("mdo:close", args=[meeting.pk])),
    }


def test_professional_off_the_team_gets_404_everywhere(client, meeting, outsider):
    client.force_login(outsider)
    for name, (method, url) in urls(meeting).items():
        assert getattr(client, method)(url).status_code == 404, name
    meeting.refresh_from_db()
    assert meeting.opened_at is None


def test_a_team_member_who_is_not_chair_cannot_open_or_close(client, meeting, team_member):
    TeamMemberFactory(arrangement=meeting.arrangement, user=team_member, role=TeamRole.MENTOR)
    client.force_login(team_member)
    assert client.get(urls(meeting)["screen"][1]).status_code == 200
    response = client.post(urls(meeting)["open"][1], follow=True)
    assert "Alleen de voorzitter" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.opened_at is None


def test_running_a_meeting_through_the_pages(client, meeting, procesbegeleider):
    client.force_login(procesbegeleider)
    pages = urls(meeting)
    client.post(pages["open"][1])
    for participant in meeting.participants.all():
        response = client.post(
            reverse("mdo:attendance", args=[meeting.pk, participant.pk]),
            {"attendance": Attendance.PRESENT},
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 200
    # The htmx answer is the attendance panel, with the composition now complete.
    assert "De samenstelling is compleet." in response.content.decode()
    assert "hx-swap-oob" in response.content.decode()

    item = meeting.agenda_items.first()
    saved = client.post(
        pages["notes"][1], {"notes": "Ouders vertellen hoe het gaat.", "version": 0}
    )
    assert saved.json()["status"] == "saved"
    owner = meeting.participants.get(user=procesbegeleider)
    client.post(
        pages["agreement"][1],
        {
            "description": "Plan van aanpak naar school sturen",
            "owner": owner.pk,
            "due_date": (timezone.localdate() + timedelta(days=14)).isoformat(),
            "measure": "Plan ligt bij de mentor",
            "shared_with_family": "on",
        },
    )
    response = client.post(
        pages["close"][1],
        {
            "decision": "Oza gaat naar voorbereiding.",
            "next_day": (timezone.localdate() + timedelta(days=42)).isoformat(),
            "next_time": "10:00",
            "next_kind": "voortgang",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("mdo:report", args=[meeting.pk])
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert timezone.localtime(meeting.next_meeting.starts_at).hour == 10
    report = client.get(response.url).content.decode()
    assert "Ouders vertellen hoe het gaat." in report
    assert "Plan van aanpak naar school sturen" in report
    assert "Oza gaat naar voorbereiding." in report
    assert AgendaItem.objects.get(pk=item.pk).notes == "Ouders vertellen hoe het gaat."


def test_a_second_writer_of_the_notes_is_told_and_nothing_is_lost(
    client, meeting, procesbegeleider
):
    services.meeting_open(meeting=meeting, by=procesbegeleider)
    colleague = UserFactory()
    TeamMemberFactory(arrangement=meeting.arrangement, user=colleague, role=TeamRole.MENTOR)
    url = urls(meeting)["notes"][1]
    first, second = client, type(client)()
    first.force_login(procesbegeleider)
    second.force_login(colleague)

    assert first.post(url, {"notes": "Tekst van Pien", "version": 0}).status_code == 200
    response = second.post(url, {"notes": "Tekst van de mentor", "version": 0})

    assert response.status_code == 409
    body = response.json()
    assert body["status"] == "conflict"
    assert body["notes"] == "Tekst van Pien"  # the second writer sees what was saved
    assert str(procesbegeleider) in body["message"]
    assert meeting.agenda_items.first().notes == "Tekst van Pien"  # nothing overwritten
    # Merging on top of the returned version saves.
    merged = second.post(url, {"notes": "Tekst van Pien\nTekst van de mentor", "version": 1})
    assert merged.json()["status"] == "saved"


def test_notes_after_closing_need_a_reason_and_become_an_amendment(
    client, meeting, procesbegeleider
):
    services.meeting_open(meeting=meeting, by=procesbegeleider)
    for participant in meeting.participants.all():
        services.attendance_set(
            participant=participant, by=procesbegeleider, attendance=Attendance.PRESENT
        )
    services.meeting_close(meeting=meeting, by=procesbegeleider, decision="Besloten")
    client.force_login(procesbegeleider)
    url = urls(meeting)["notes"][1]
    refused = client.post(url, {"notes": "Later toegevoegd", "version": 0})
    assert refused.status_code == 400
    assert "waarom" in refused.json()["message"]
    saved = client.post(url, {"notes": "Later toegevoegd", "version": 0, "reason": "Vergeten"})
    assert saved.json()["status"] == "saved"
    report = client.get(urls(meeting)["report"][1]).content.decode()
    assert "Aanvullingen na het sluiten" in report
    assert "Vergeten" in report


@pytest.mark.usefixtures("shared_cache")
def test_my_agreements_come_from_the_cache_until_an_agreement_changes(
    client, meeting, procesbegeleider
):
    services.meeting_open(meeting=meeting, by=procesbegeleider)
    me = meeting.participants.get(user=procesbegeleider)
    due = timezone.localdate() + timedelta(days=3)
    services.agreement_add(
        meeting=meeting, by=procesbegeleider, description="Eerste", owner=me, due_date=due
    )

    url = reverse("mdo:my_agreements")
    first, _queries = read_main(client, procesbegeleider, url)
    with CaptureQueriesContext(connection) as queries:
        second, _queries = read_main(client, procesbegeleider, url)
    assert second == first and "Eerste" in second
    assert not [q for q in queries if 'FROM "mdo_agreement"' in q["sql"]]
    logged = AuditEvent.objects.filter(actor=procesbegeleider, object_type="mdo.MyAgreements")
    assert logged.filter(jeugdige=the_jeugdige(meeting.arrangement)).count() == 2

    services.agreement_add(
        meeting=meeting, by=procesbegeleider, description="Tweede", owner=me, due_date=due
    )
    html, _queries = read_main(client, procesbegeleider, url)
    assert "Eerste" in html and "Tweede" in html


def test_my_agreements_show_what_is_still_open_first(client, meeting, procesbegeleider):
    services.meeting_open(meeting=meeting, by=procesbegeleider)
    me = meeting.participants.get(user=procesbegeleider)
    day_of_meeting = timezone.localdate(meeting.starts_at)
    for description, days, status in [
        ("Eerder gedaan", 1, AgreementStatus.DONE),
        ("Later open", 20, AgreementStatus.OPEN),
        ("Te laat gelukt", 2, AgreementStatus.MISSED),
        ("Eerst open", 10, AgreementStatus.OPEN),
    ]:
        agreement = services.agreement_add(
            meeting=meeting,
            by=procesbegeleider,
            description=description,
            owner=me,
            due_date=day_of_meeting + timedelta(days=days),
        )
        if status != AgreementStatus.OPEN:
            services.agreement_update(agreement=agreement, by=procesbegeleider, status=status)
    client.force_login(procesbegeleider)

    page = client.get(reverse("mdo:my_agreements")).content.decode()

    shown = ["Eerst open", "Later open", "Eerder gedaan", "Te laat gelukt"]
    assert [page.index(description) for description in shown] == sorted(
        page.index(description) for description in shown
    )


def test_my_agreements_lists_mine_and_filters_overdue(client, meeting, procesbegeleider):
    services.meeting_open(meeting=meeting, by=procesbegeleider)
    me = meeting.participants.get(user=procesbegeleider)
    parent = meeting.participants.get(kind="ouder")
    today = timezone.localdate()
    services.agreement_add(
        meeting=meeting,
        by=procesbegeleider,
        description="Mijn afspraak",
        owner=me,
        due_date=today + timedelta(days=3),
    )
    services.agreement_add(
        meeting=meeting,
        by=procesbegeleider,
        description="Afspraak van ouder",
        owner=parent,
        due_date=today + timedelta(days=3),
    )
    overdue = Agreement.objects.get(description="Mijn afspraak")
    client.force_login(procesbegeleider)

    page = client.get(reverse("mdo:my_agreements")).content.decode()
    assert "Mijn afspraak" in page
    assert "Afspraak van ouder" not in page
    assert (
        "Mijn afspraak"
        not in client.get(reverse("mdo:my_agreements"), {"over_tijd": "1"}).content.decode()
    )

    Agreement.objects.filter(pk=overdue.pk).update(due_date=today - timedelta(days=1))
    Agreement.objects.filter(description="Afspraak van ouder").update(
        due_date=today - timedelta(days=2)
    )
    page = client.get(reverse("mdo:my_agreements"), {"over_tijd": "1"}).content.decode()
    assert "Mijn afspraak" in page
    # Overdue is dossier-wide: the parent's overdue agreement shows too, for follow-up.
    assert "Afspraak van ouder" in page
    outsider = UserFactory()
    client.force_login(outsider)
    assert (
        "Afspraak van ouder"
        not in client.get(reverse("mdo:my_agreements"), {"over_tijd": "1"}).content.decode()
    )
    assert AuditEvent.objects.filter(
        actor=procesbegeleider, action=AuditAction.VIEW, object_type="mdo.MyAgreements"
    ).exists()


def test_planning_from_the_page(client, oza, procesbegeleider):
    client.force_login(procesbegeleider)
    response = client.post(
        reverse("mdo:plan", args=[oza.pk]),
        {
            "kind": "start",
            "day": (timezone.localdate() + timedelta(days=7)).isoformat(),
            "time": "14:30",
            "duration_minutes": "60",
            "location": "",
            "video_url": "",
        },
    )
    assert response.status_code == 200
    assert "Vul een plaats of een videolink in." in response.content.decode()
    response = client.post(
        reverse("mdo:plan", args=[oza.pk]),
        {
            "kind": "start",
            "day": (timezone.localdate() + timedelta(days=7)).isoformat(),
            "time": "14:30",
            "duration_minutes": "60",
            "location": "School",
        },
    )
    meeting = Meeting.objects.get(arrangement=oza)
    assert response.url == reverse("mdo:meeting", args=[meeting.pk])
    assert timezone.localtime(meeting.starts_at).strftime("%H:%M") == "14:30"
    assert meeting.chair == procesbegeleider
    assert the_jeugdige(oza).guardians.get().name in {p.name for p in meeting.participants.all()}


def test_meeting_screen_queries_do_not_grow_with_participants(client, procesbegeleider):
    client.force_login(procesbegeleider)

    def screen_queries(members):
        group = make_group_arrangement(
            procesbegeleider=procesbegeleider,
            capacity=60,
            members=JeugdigeFactory.create_batch(members),
        )
        meeting = services.meeting_plan(
            arrangement=group,
            by=procesbegeleider,
            kind="voortgang",
            starts_at=timezone.now() + timedelta(days=1),
            location="School",
        )
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("mdo:meeting", args=[meeting.pk])).status_code == 200
        return len(captured)

    assert screen_queries(3) == screen_queries(30)


def calendar_of(mail) -> str:
    """The decoded text/calendar part of a sent e-mail."""
    for part in mail.message().walk():
        if part.get_content_type() == "text/calendar":
            return part.get_payload(decode=True).decode()
    raise AssertionError("no calendar attached")


def test_invite_reschedule_and_cancel_from_the_screen(
    client, meeting, procesbegeleider, mailoutbox
):
    client.force_login(procesbegeleider)
    client.post(reverse("mdo:invite", args=[meeting.pk]))
    invited = list(mailoutbox)
    assert invited
    assert all("METHOD:REQUEST" in calendar_of(mail) for mail in invited)

    mailoutbox.clear()
    new_day = timezone.localdate() + timedelta(days=5)
    response = client.post(
        reverse("mdo:reschedule", args=[meeting.pk]),
        {
            "day": new_day.isoformat(),
            "time": "11:00",
            "duration_minutes": "45",
            "location": "Gemeentehuis",
            "version": meeting.version,
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.MOVED
    assert timezone.localtime(meeting.starts_at).date() == new_day
    assert len(mailoutbox) == len(invited)

    calendar = client.get(reverse("mdo:ics", args=[meeting.pk]))
    assert calendar["Content-Type"] == "text/calendar"
    assert f"UID:{meeting.uid}@oza".encode() in calendar.content

    mailoutbox.clear()
    response = client.post(reverse("mdo:cancel", args=[meeting.pk]), {"reason": "Ziekte"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
    assert "METHOD:CANCEL" in calendar_of(mailoutbox[0])


def test_cancel_needs_a_reason(client, meeting, procesbegeleider):
    client.force_login(procesbegeleider)
    response = client.post(reverse("mdo:cancel", args=[meeting.pk]), {"reason": ""})
    assert response.status_code == 400
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED


@pytest.mark.usefixtures("shared_cache")
def test_my_agreements_made_anew_render_only_the_changed_ozas_agreements_again(
    client, procesbegeleider, monkeypatch
):
    first, second = (make_individual_arrangement(procesbegeleider=procesbegeleider) for _ in "12")
    for arrangement, description in ((first, "Eerste"), (second, "Tweede")):
        hold_mdo(arrangement, by=procesbegeleider, agreements=[(description, True)])
    url = reverse("mdo:my_agreements")
    read_main(client, procesbegeleider, url)
    made = made_again(monkeypatch, MyAgreementsView, "rows_of")

    changed = Agreement.objects.get(description="Eerste")
    services.agreement_update(agreement=changed, by=procesbegeleider, status="gedaan")
    html, _queries = read_main(client, procesbegeleider, url)
    assert made == [[changed.pk]]
    assert "Tweede" in html and "Gedaan" in html
    # A kept row's form returns to the page it is shown on.
    assert f'name="next" value="{url}"' in html
    filtered, _queries = read_main(client, procesbegeleider, url, status="open")
    assert "Tweede" in filtered and "Eerste" not in filtered
    assert f'name="next" value="{url}?status=open"' in filtered
    assert made == [[changed.pk]]
