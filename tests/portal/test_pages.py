"""What the portal shows: the shared plan and nothing unshared; who viewed the dossier; every
portal read is in the audit trail."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mdo.models import AgendaItem, Agreement, Meeting, MeetingStatus
from oza.audit.models import AuditAction, AuditEvent
from tests.factories import (
    FundingLineFactory,
    TeamMemberFactory,
    UserFactory,
    add_goals,
    hold_start_mdo,
    make_individual_arrangement,
    plan_mdo,
    portal_guardian,
    the_jeugdige,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(procesbegeleider):
    arrangement = make_individual_arrangement(
        procesbegeleider=procesbegeleider,
        guardians=0,
        protective_factors="GEHEIM-BESCHERMEND",
        hindering_factors="GEHEIM-BELEMMEREND",
    )
    jeugdige = the_jeugdige(arrangement)
    parent = portal_guardian(jeugdige)
    add_goals(arrangement)
    FundingLineFactory(arrangement=arrangement, amount="9876.54")
    meeting = hold_start_mdo(arrangement, by=procesbegeleider)
    items = list(meeting.agenda_items.all())
    AgendaItem.objects.filter(pk=items[0].pk).update(
        notes="GEDEELD-VERSLAG", shared_with_family=True
    )
    AgendaItem.objects.filter(pk=items[1].pk).update(notes="NIET-GEDEELD", shared_with_family=False)
    owner = meeting.participants.first()
    Agreement.objects.create(
        arrangement=arrangement,
        meeting=meeting,
        owner=owner,
        description="GEDEELDE-AFSPRAAK",
        due_date=timezone.localdate(),
        created_by=procesbegeleider,
    )
    Agreement.objects.create(
        arrangement=arrangement,
        meeting=meeting,
        owner=owner,
        description="INTERNE-AFSPRAAK",
        due_date=timezone.localdate(),
        shared_with_family=False,
        created_by=procesbegeleider,
    )
    upcoming = plan_mdo(
        arrangement, starts_at=timezone.now() + timedelta(days=5), location="Zeeweg College"
    )
    assert meeting.status == MeetingStatus.HELD
    return {
        "arrangement": arrangement,
        "jeugdige": jeugdige,
        "parent": parent,
        "upcoming": upcoming,
    }


def all_pages(client, jeugdige):
    return "".join(
        client.get(reverse(f"portal:{name}", kwargs={"jeugdige_pk": jeugdige.pk})).content.decode()
        for name in ("plan", "meetings", "consent", "surveys", "viewed")
    )


def test_the_plan_shows_what_is_shared_and_nothing_else(client, case, procesbegeleider):
    client.force_login(case["parent"].user)
    content = all_pages(client, case["jeugdige"])
    assert case["arrangement"].support_questions in content
    assert "de les bij" in content  # a goal
    assert str(procesbegeleider) in content and "Procesbegeleider" in content
    assert "GEDEELD-VERSLAG" in content and "GEDEELDE-AFSPRAAK" in content
    assert "Zeeweg College" in content
    for secret in (
        "NIET-GEDEELD",
        "INTERNE-AFSPRAAK",
        "GEHEIM-BESCHERMEND",
        "GEHEIM-BELEMMEREND",
        "9876",
        "9.876",
    ):
        assert secret not in content


def test_the_next_mdo_downloads_as_ics(client, case):
    client.force_login(case["parent"].user)
    url = reverse(
        "portal:meeting_ics",
        kwargs={"jeugdige_pk": case["jeugdige"].pk, "meeting_pk": case["upcoming"].pk},
    )
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "METHOD:PUBLISH" in body and f"UID:{case['upcoming'].uid}@oza" in body
    assert "Zeeweg College" in body
    # No e-mail addresses of the participants, no link to the professionals' MDO screen.
    assert "ATTENDEE" not in body and case["parent"].email not in body
    assert f"/mdo/{case['upcoming'].pk}/" not in body.replace("\r\n ", "")
    assert AuditEvent.objects.filter(
        actor=case["parent"].user, object_type="mdo.Meeting", jeugdige_id=case["jeugdige"].pk
    ).exists()
    Meeting.objects.filter(pk=case["upcoming"].pk).update(status=MeetingStatus.CANCELLED)
    assert client.get(url).status_code == 404


def test_every_portal_read_writes_an_audit_event(client, case):
    user, jeugdige = case["parent"].user, case["jeugdige"]
    client.force_login(user)
    for name in ("plan", "meetings", "consent", "surveys", "viewed"):
        before = AuditEvent.objects.filter(actor=user, action=AuditAction.VIEW).count()
        client.get(reverse(f"portal:{name}", kwargs={"jeugdige_pk": jeugdige.pk}))
        events = AuditEvent.objects.filter(actor=user, action=AuditAction.VIEW)
        assert events.count() == before + 1, name
        assert events.first().jeugdige_id == jeugdige.pk
    client.get(reverse("portal:home"))
    assert AuditEvent.objects.filter(
        actor=user, action=AuditAction.LIST, jeugdige_id=jeugdige.pk
    ).exists()


def test_who_viewed_shows_a_professional_read_and_never_another_child(client, case):
    jeugdige = case["jeugdige"]
    reader = UserFactory(first_name="Lezende", last_name="Mentor", intern_begeleider=True)
    TeamMemberFactory(arrangement=case["arrangement"], user=reader, role="mentor")
    client.force_login(reader)
    assert (
        client.get(reverse("cases:jeugdige_detail", kwargs={"pk": jeugdige.pk})).status_code == 200
    )

    other = make_individual_arrangement()
    snoop = UserFactory(first_name="Andere", last_name="Lezer")
    TeamMemberFactory(arrangement=other, user=snoop)
    client.force_login(snoop)
    client.get(reverse("cases:jeugdige_detail", kwargs={"pk": the_jeugdige(other).pk}))

    client.force_login(case["parent"].user)
    content = client.get(
        reverse("portal:viewed", kwargs={"jeugdige_pk": jeugdige.pk})
    ).content.decode()
    assert "Lezende Mentor" in content
    assert str(reader.organisation) in content
    assert "Ingezien" in content
    assert "Andere Lezer" not in content


def test_in_a_group_another_family_is_never_named(client, procesbegeleider):
    from tests.factories import JeugdigeFactory, make_group_arrangement

    a, b = JeugdigeFactory(), JeugdigeFactory()
    group = make_group_arrangement(procesbegeleider=procesbegeleider, members=[a, b])
    parent_a = portal_guardian(a, name="Anna Aaltjes")
    parent_b = portal_guardian(b, name="Bert Bakkerij")
    meeting = plan_mdo(group, starts_at=timezone.now() - timedelta(days=1))
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
    owner_b = meeting.participants.get(guardian=parent_b)
    Agreement.objects.create(
        arrangement=group,
        meeting=meeting,
        owner=owner_b,
        description="GROEPSAFSPRAAK",
        due_date=timezone.localdate(),
        created_by=procesbegeleider,
    )
    client.force_login(parent_a.user)
    content = client.get(reverse("portal:meetings", kwargs={"jeugdige_pk": a.pk})).content.decode()
    assert "GROEPSAFSPRAAK" in content
    assert "Bert Bakkerij" not in content and str(b) not in content
    assert "Ouder/verzorger" in content
    client.force_login(parent_b.user)
    content = client.get(reverse("portal:meetings", kwargs={"jeugdige_pk": b.pk})).content.decode()
    assert "Bert Bakkerij" in content
