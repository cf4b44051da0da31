"""Every service write leaves AuditEvent rows: who, which jeugdige, what, and for an update the
diff of the fields that changed."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import timezone

from cases import services
from cases.models import (
    ArrangementFunctionChoice,
    CompulsoryEducationStatus,
    Destination,
    EarlyEndReason,
    Goal,
    GoalDomain,
    Guardian,
    GuardianRelation,
    TeamRole,
)
from oza.audit.context import current_request
from oza.audit.models import AuditAction, AuditEvent
from oza.audit.services import audit_read
from tests.factories import (
    ArrangementFactory,
    JeugdigeFactory,
    SchoolFactory,
    UserFactory,
    give_consent,
    make_group_arrangement,
    the_jeugdige,
)

pytestmark = pytest.mark.django_db


def only_event(**filters) -> AuditEvent:
    """The one event matching ``filters`` (fails if there are none or several)."""
    return AuditEvent.objects.get(**filters)


def test_jeugdige_update_logs_only_the_changed_fields(procesbegeleider):
    jeugdige = JeugdigeFactory(first_name="Daan", last_name="Jansen")
    new_school = SchoolFactory()
    old_school = jeugdige.school

    services.jeugdige_update(
        by=procesbegeleider,
        jeugdige=jeugdige,
        data={"first_name": "Daniël", "last_name": "Jansen", "school": new_school},
        expected_version=1,
    )

    event = only_event(action=AuditAction.UPDATE)
    assert (event.actor, event.jeugdige_id) == (procesbegeleider, jeugdige.pk)
    assert (event.object_type, event.object_id) == ("cases.Jeugdige", str(jeugdige.pk))
    assert event.changes == {
        "first_name": ["Daan", "Daniël"],
        "school": [str(old_school), str(new_school)],
    }


def test_guardian_save_logs_create_and_update(procesbegeleider):
    jeugdige = JeugdigeFactory()
    guardian = services.guardian_save(
        by=procesbegeleider,
        guardian=Guardian(jeugdige=jeugdige, name="Sanne", relation=GuardianRelation.MOTHER),
    )
    guardian.has_authority = False
    guardian.phone = "0612345678"
    services.guardian_save(by=procesbegeleider, guardian=guardian)

    created = only_event(action=AuditAction.CREATE, object_type="cases.Guardian")
    assert created.jeugdige_id == jeugdige.pk
    assert created.changes["name"] == [None, "Sanne"]
    updated = only_event(action=AuditAction.UPDATE, object_type="cases.Guardian")
    assert updated.changes == {"has_authority": [True, False], "phone": ["", "0612345678"]}
    assert updated.actor == procesbegeleider


def test_arrangement_create_and_update_are_logged(procesbegeleider):
    jeugdige = JeugdigeFactory()
    oza = services.arrangement_create(
        by=procesbegeleider,
        arrangement=ArrangementFactory.build(created_by=procesbegeleider, location="Alkmaar"),
        functions=[ArrangementFunctionChoice.VERSTERKEN, ArrangementFunctionChoice.OPBOUWEN],
        role=TeamRole.PROCESBEGELEIDER,
        jeugdigen=[jeugdige],
    )
    created = only_event(action=AuditAction.CREATE, object_type="cases.Arrangement")
    assert (created.actor, created.jeugdige_id) == (procesbegeleider, jeugdige.pk)
    assert created.changes["functions"] == [None, ["opbouwen", "versterken"]]
    assert created.changes["planned_start"] == [None, oza.planned_start.isoformat()]

    old_end = oza.planned_end
    services.arrangement_update(
        by=procesbegeleider,
        arrangement=oza,
        data={"location": "Bergen", "planned_end": old_end + timedelta(days=7)},
        functions=[ArrangementFunctionChoice.OPBOUWEN],
        expected_version=oza.version,
    )

    updated = only_event(action=AuditAction.UPDATE, object_type="cases.Arrangement")
    assert updated.jeugdige_id == jeugdige.pk
    assert updated.changes == {
        "location": ["Alkmaar", "Bergen"],
        "planned_end": [old_end.isoformat(), (old_end + timedelta(days=7)).isoformat()],
        "functions": [["opbouwen", "versterken"], ["opbouwen"]],
    }


def test_group_changes_are_logged_for_every_participant(procesbegeleider):
    members = JeugdigeFactory.create_batch(3)
    group = make_group_arrangement(procesbegeleider=procesbegeleider, members=members)

    goal = services.goal_save(
        by=procesbegeleider,
        goal=Goal(
            arrangement=group,
            domain=GoalDomain.CARE,
            description="Iedere deelnemer kent na 6 weken drie ontspanningsoefeningen.",
            target_date=group.planned_end,
        ),
    )

    events = AuditEvent.objects.filter(object_type="cases.Goal", object_id=str(goal.pk))
    assert sorted(events.values_list("jeugdige_id", flat=True)) == sorted(m.pk for m in members)
    assert {e.action for e in events} == {AuditAction.CREATE}


def test_participation_add_and_end_are_logged(procesbegeleider):
    group = make_group_arrangement(procesbegeleider=procesbegeleider)
    jeugdige = JeugdigeFactory()
    today = timezone.localdate()

    participation = services.participation_add(
        by=procesbegeleider, arrangement=group, jeugdige=jeugdige, joined_on=today
    )
    services.participation_end(
        by=procesbegeleider, participation=participation, left_on=today + timedelta(days=14)
    )

    added = only_event(action=AuditAction.CREATE, object_type="cases.Participation")
    assert (added.jeugdige_id, added.changes) == (jeugdige.pk, {"joined_on": [None, str(today)]})
    ended = only_event(action=AuditAction.UPDATE, object_type="cases.Participation")
    assert ended.changes == {"left_on": [None, str(today + timedelta(days=14))]}


def test_team_changes_are_logged(oza, procesbegeleider, team_member):
    jeugdige = the_jeugdige(oza)
    member = services.team_member_add(
        by=procesbegeleider, arrangement=oza, user=team_member, role=TeamRole.INTERN_BEGELEIDER
    )
    services.procesbegeleider_handover(
        by=procesbegeleider, arrangement=oza, to=member, old_role=TeamRole.ONDERWIJSCONSULENT
    )
    services.team_member_remove(by=team_member, member=oza.team_members.get(user=procesbegeleider))

    events = AuditEvent.objects.filter(object_type="cases.TeamMember").order_by("id")
    assert [(e.action, e.actor, e.jeugdige_id) for e in events] == [
        (AuditAction.CREATE, procesbegeleider, jeugdige.pk),
        (AuditAction.UPDATE, procesbegeleider, jeugdige.pk),
        (AuditAction.DELETE, team_member, jeugdige.pk),
    ]
    assert events[1].changes == {"procesbegeleider": [str(procesbegeleider), str(team_member)]}


def test_goal_update_and_delete_are_logged(oza, procesbegeleider):
    goal = services.goal_save(
        by=procesbegeleider,
        goal=Goal(
            arrangement=oza,
            domain=GoalDomain.EDUCATION,
            description="Na 8 weken 3 dagen per week naar school.",
            target_date=oza.planned_end,
        ),
    )
    goal.description = "Na 8 weken 4 dagen per week naar school."
    services.goal_save(by=procesbegeleider, goal=goal)
    goal_pk = goal.pk
    services.goal_delete(by=procesbegeleider, goal=goal)

    events = AuditEvent.objects.filter(object_type="cases.Goal", object_id=str(goal_pk))
    assert events.get(action=AuditAction.UPDATE).changes == {
        "description": [
            "Na 8 weken 3 dagen per week naar school.",
            "Na 8 weken 4 dagen per week naar school.",
        ]
    }
    deleted = events.get(action=AuditAction.DELETE)
    assert deleted.changes["domain"] == ["onderwijs", None]
    assert not Goal.objects.filter(pk=goal_pk).exists()


def test_consent_given_and_withdrawn_are_logged(oza, procesbegeleider):
    jeugdige = the_jeugdige(oza)
    guardian = jeugdige.guardians.get()

    services.consent_record(
        by=procesbegeleider, arrangement=oza, jeugdige=jeugdige, guardian=guardian, given=True
    )
    services.consent_record(
        by=procesbegeleider, arrangement=oza, jeugdige=jeugdige, guardian=guardian, given=False
    )

    events = AuditEvent.objects.filter(object_type="cases.ConsentRecord").order_by("id")
    assert [e.description for e in events] == [
        f"Akkoord vastgelegd van {guardian.name}",
        f"Akkoord ingetrokken door {guardian.name}",
    ]
    assert {(e.actor, e.jeugdige_id) for e in events} == {(procesbegeleider, jeugdige.pk)}


def test_consent_must_belong_to_the_oza(oza, procesbegeleider):
    stranger = JeugdigeFactory()
    jeugdige = the_jeugdige(oza)
    other_guardian = Guardian.objects.create(
        jeugdige=stranger, name="Iemand anders", relation=GuardianRelation.FATHER
    )

    with pytest.raises(ValidationError):
        services.consent_record(
            by=procesbegeleider, arrangement=oza, jeugdige=stranger, guardian=None, given=True
        )
    with pytest.raises(ValidationError):
        services.consent_record(
            by=procesbegeleider,
            arrangement=oza,
            jeugdige=jeugdige,
            guardian=other_guardian,
            given=True,
        )
    assert not oza.consents.exists()
    assert not AuditEvent.objects.exists()


def test_transition_is_logged_with_phase_and_reason(oza, procesbegeleider):
    give_consent(oza)
    services.arrangement_transition(
        arrangement=oza,
        to="end_early",
        by=procesbegeleider,
        reason="Gezin verhuist naar Groningen",
        early_end_reason=EarlyEndReason.MOVED,
        destination=Destination.UNKNOWN,
    )

    event = only_event(action=AuditAction.TRANSITION)
    assert (event.actor, event.jeugdige_id) == (procesbegeleider, the_jeugdige(oza).pk)
    assert event.changes == {
        "phase": ["orientatie", "voortijdig_beeindigd"],
        "reason": "Gezin verhuist naar Groningen",
        "destination": "onbekend",
    }
    assert event.description == "Fase Oriëntatie en afstemming → Voortijdig beëindigd"


def test_refused_steps_and_failed_edits_leave_no_trace(oza, procesbegeleider):
    with pytest.raises(services.TransitionRefused):
        services.arrangement_transition(
            arrangement=oza, to="start_preparation", by=procesbegeleider
        )
    jeugdige = the_jeugdige(oza)
    with pytest.raises(services.ConcurrentEdit):
        services.jeugdige_update(
            by=procesbegeleider,
            jeugdige=jeugdige,
            data={"education_status": CompulsoryEducationStatus.HOME},
            expected_version=jeugdige.version + 1,
        )
    assert not AuditEvent.objects.exists()


def test_request_details_are_recorded(oza, procesbegeleider):
    request = RequestFactory().post("/oza/1/fase/end_early/?x=1", REMOTE_ADDR="10.1.2.3")
    token = current_request.set(request)
    try:
        services.goal_save(
            by=procesbegeleider,
            goal=Goal(
                arrangement=oza,
                domain=GoalDomain.CARE,
                description="Twee keer per week naar de sportclub.",
                target_date=oza.planned_end,
            ),
        )
    finally:
        current_request.reset(token)

    event = only_event(object_type="cases.Goal")
    assert (event.ip_address, event.path) == ("10.1.2.3", "/oza/1/fase/end_early/?x=1")
    assert event.on_behalf_of is None  # the procesbegeleider acted for themselves


def test_audit_read_logs_each_jeugdige_once(procesbegeleider):
    first, second = JeugdigeFactory.create_batch(2)
    group = make_group_arrangement(procesbegeleider=procesbegeleider, members=[first, second])

    audit_read(
        actor=procesbegeleider,
        jeugdige_ids=[first.pk, second.pk, first.pk],
        obj=group,
        action=AuditAction.LIST,
    )

    events = AuditEvent.objects.filter(action=AuditAction.LIST)
    assert sorted(events.values_list("jeugdige_id", flat=True)) == sorted([first.pk, second.pk])
    assert {e.break_the_glass for e in events} == {False}


def test_a_logged_read_records_who_what_when_where_for_each_jeugdige(procesbegeleider):
    first, second = JeugdigeFactory.create_batch(2)
    group = make_group_arrangement(procesbegeleider=procesbegeleider, members=[first, second])
    request = RequestFactory().get("/oza/7/?tab=doelen", REMOTE_ADDR="2001:db8::7")
    token = current_request.set(request)
    before = timezone.now()
    try:
        audit_read(
            actor=procesbegeleider,
            jeugdige_ids=[second.pk, first.pk, second.pk],
            obj=group,
            break_the_glass=True,
        )
    finally:
        current_request.reset(token)

    logged = AuditEvent.objects.filter(action=AuditAction.VIEW)
    rows = logged.order_by("jeugdige_id").values(
        "jeugdige_id",
        "actor_id",
        "on_behalf_of_id",
        "action",
        "object_type",
        "object_id",
        "description",
        "changes",
        "break_the_glass",
        "ip_address",
        "path",
    )
    assert list(rows) == [
        {
            "jeugdige_id": jeugdige.pk,
            "actor_id": procesbegeleider.pk,
            "on_behalf_of_id": None,
            "action": AuditAction.VIEW,
            "object_type": "cases.Arrangement",
            "object_id": str(group.pk),
            "description": "",
            "changes": {},
            "break_the_glass": True,
            "ip_address": "2001:db8::7",
            "path": "/oza/7/?tab=doelen",
        }
        for jeugdige in sorted([first, second], key=lambda j: j.pk)
    ]
    after = timezone.now()
    assert all(before <= at <= after for at in logged.values_list("at", flat=True))


def test_audit_survives_the_jeugdige(procesbegeleider):
    """The log has no foreign key constraint to the jeugdige: it outlives the record."""
    jeugdige = JeugdigeFactory()
    services.jeugdige_update(
        by=procesbegeleider, jeugdige=jeugdige, data={"first_name": "X"}, expected_version=1
    )
    jeugdige_pk = jeugdige.pk
    jeugdige.delete()

    assert AuditEvent.objects.filter(jeugdige_id=jeugdige_pk).count() == 1


def test_no_audit_rows_from_factories_alone(oza):
    """Factories write rows directly; only services write the audit trail."""
    assert not AuditEvent.objects.exists()
    assert UserFactory(intern_begeleider=True).organisation.type == "school"
