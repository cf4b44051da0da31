"""Validation of jeugdigen, oza's, groups and teams, atomic services, and optimistic locking."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cases import services
from cases.models import (
    Arrangement,
    ArrangementFunctionChoice,
    ArrangementKind,
    CompulsoryEducationStatus,
    Guardian,
    GuardianRelation,
    Jeugdige,
    Participation,
    TeamMember,
    TeamRole,
    validate_bsn,
)
from oza.accounts.models import Organisation, OrganisationType, SchoolType
from oza.audit.models import AuditAction, AuditEvent
from tests.factories import (
    ArrangementFactory,
    GemeenteFactory,
    JeugdigeFactory,
    SchoolFactory,
    TeamMemberFactory,
    UserFactory,
    bsn_for,
    make_group_arrangement,
    make_individual_arrangement,
)

pytestmark = pytest.mark.django_db

INVALID_BSN = "Dit is geen geldig BSN: een BSN heeft 9 cijfers en moet voldoen aan de elfproef."
START_AFTER_END = "Het geplande einde moet na de geplande start liggen."
# full_clean cannot write back the protected FSM field; services exclude it the same way.
PHASE = ["phase"]


def error_dict(excinfo) -> dict[str, list[str]]:
    return {field: [str(m) for m in messages] for field, messages in excinfo.value}


def registration(by, *, jeugdige=None, arrangement=None, **jeugdige_fields):
    """Keyword arguments for services.jeugdige_register with unsaved rows."""
    jeugdige = jeugdige or JeugdigeFactory.build(
        gemeente=GemeenteFactory(), school=SchoolFactory(), **jeugdige_fields
    )
    return {
        "by": by,
        "jeugdige": jeugdige,
        "guardians": [
            Guardian(name="Sanne de Vries", relation=GuardianRelation.MOTHER),
            Guardian(name="Tom de Vries", relation=GuardianRelation.FATHER),
        ],
        "arrangement": arrangement or ArrangementFactory.build(created_by=by),
        "functions": [ArrangementFunctionChoice.OPBOUWEN],
        "role": TeamRole.PROCESBEGELEIDER,
    }


def assert_nothing_saved():
    assert not Jeugdige.objects.exists()
    assert not Guardian.objects.exists()
    assert not Arrangement.objects.exists()
    assert not Participation.objects.exists()
    assert not TeamMember.objects.exists()
    assert not AuditEvent.objects.exists()


# --- BSN ------------------------------------------------------------------------------------
@pytest.mark.parametrize("n", [0, 1, 17, 123, 4567])
def test_generated_bsns_pass_the_elfproef(n):
    validate_bsn(bsn_for(n))


@pytest.mark.parametrize("bsn", ["123456789", "111222334", "12345678a", "000000000"])
def test_invalid_bsn_through_full_clean(bsn):
    jeugdige = JeugdigeFactory(bsn="")
    jeugdige.bsn = bsn

    with pytest.raises(ValidationError) as excinfo:
        jeugdige.full_clean()

    assert error_dict(excinfo) == {"bsn": [INVALID_BSN]}


def test_valid_and_empty_bsn_pass_full_clean():
    JeugdigeFactory(bsn="111222333").full_clean()
    JeugdigeFactory(bsn="").full_clean()  # a BSN is not required
    JeugdigeFactory(bsn="").full_clean()  # and empty BSNs are not unique


def test_bsn_is_unique():
    JeugdigeFactory(bsn="111222333")
    duplicate = JeugdigeFactory.build(
        bsn="111222333", gemeente=GemeenteFactory(), school=SchoolFactory()
    )
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    # The constraint has no violation_error_message, so the user sees Django's generic text.
    assert list(error_dict(excinfo)) == ["__all__"]


def test_register_with_a_known_bsn_saves_nothing_new(procesbegeleider):
    existing = JeugdigeFactory(bsn="111222333")

    with pytest.raises(ValidationError):
        services.jeugdige_register(**registration(procesbegeleider, bsn="111222333"))

    assert list(Jeugdige.objects.all()) == [existing]
    assert not Guardian.objects.exists()
    assert not Arrangement.objects.exists()
    assert not AuditEvent.objects.exists()


def test_eight_digit_bsn_is_refused_or_normalised():
    jeugdige = JeugdigeFactory(bsn="010000008")
    twin = JeugdigeFactory.build(bsn="10000008", gemeente=GemeenteFactory(), school=None)
    twin.education_status = CompulsoryEducationStatus.HOME
    with pytest.raises(ValidationError):
        twin.full_clean()
    assert jeugdige.pk


def test_register_with_invalid_bsn_saves_nothing(procesbegeleider):
    with pytest.raises(ValidationError) as excinfo:
        services.jeugdige_register(**registration(procesbegeleider, bsn="123456789"))

    assert error_dict(excinfo) == {"bsn": [INVALID_BSN]}
    assert_nothing_saved()


def test_register_with_start_after_end_rolls_everything_back(procesbegeleider):
    """The jeugdige and guardians are saved before the oza is checked: the service is atomic."""
    today = timezone.localdate()
    arrangement = ArrangementFactory.build(
        created_by=procesbegeleider, planned_start=today, planned_end=today - timedelta(days=1)
    )

    with pytest.raises(ValidationError) as excinfo:
        services.jeugdige_register(**registration(procesbegeleider, arrangement=arrangement))

    assert error_dict(excinfo) == {"planned_end": [START_AFTER_END]}
    assert_nothing_saved()


def test_register_by_someone_who_cannot_be_procesbegeleider_rolls_back():
    policy_officer = UserFactory(beleidsmedewerker=True)

    with pytest.raises(ValidationError) as excinfo:
        services.jeugdige_register(**registration(policy_officer))

    assert "role" in error_dict(excinfo)
    assert_nothing_saved()


def test_register_saves_jeugdige_guardians_oza_and_audit(procesbegeleider):
    kwargs = registration(procesbegeleider, bsn="111222333")

    arrangement = services.jeugdige_register(**kwargs)

    jeugdige = Jeugdige.objects.get(bsn="111222333")
    assert sorted(jeugdige.guardians.values_list("name", flat=True)) == [
        "Sanne de Vries",
        "Tom de Vries",
    ]
    assert arrangement.participations.get().jeugdige == jeugdige
    assert arrangement.procesbegeleider == procesbegeleider
    assert arrangement.created_by == procesbegeleider
    assert list(arrangement.functions.values_list("function", flat=True)) == ["opbouwen"]
    events = AuditEvent.objects.filter(jeugdige=jeugdige, action=AuditAction.CREATE)
    assert sorted(events.values_list("object_type", flat=True)) == [
        "cases.Arrangement",
        "cases.Jeugdige",
    ]
    assert {e.actor_id for e in events} == {procesbegeleider.pk}
    created = events.get(object_type="cases.Jeugdige")
    assert created.changes["bsn"] == [None, "111222333"]
    assert created.changes["gemeente"] == [None, str(jeugdige.gemeente)]


# --- Jeugdige -------------------------------------------------------------------------------
def test_enrolled_jeugdige_needs_a_school():
    jeugdige = JeugdigeFactory(school=None, education_status=CompulsoryEducationStatus.ENROLLED)

    with pytest.raises(ValidationError) as excinfo:
        jeugdige.full_clean()

    assert error_dict(excinfo) == {
        "school": ["Kies de school waar de jeugdige staat ingeschreven."]
    }


@pytest.mark.parametrize(
    "status", [CompulsoryEducationStatus.HOME, CompulsoryEducationStatus.EXEMPT]
)
def test_thuiszitter_or_exempt_jeugdige_needs_no_school(status):
    JeugdigeFactory(school=None, education_status=status).full_clean()


def test_date_of_birth_cannot_be_in_the_future():
    jeugdige = JeugdigeFactory(date_of_birth=timezone.localdate() + timedelta(days=1))

    with pytest.raises(ValidationError) as excinfo:
        jeugdige.full_clean()

    assert error_dict(excinfo) == {
        "date_of_birth": ["De geboortedatum kan niet in de toekomst liggen."]
    }


# --- Arrangement ----------------------------------------------------------------------------
def test_planned_start_after_planned_end(procesbegeleider):
    today = timezone.localdate()
    arrangement = ArrangementFactory.build(
        created_by=procesbegeleider, planned_start=today, planned_end=today - timedelta(days=1)
    )

    with pytest.raises(ValidationError) as excinfo:
        services.arrangement_create(
            by=procesbegeleider,
            arrangement=arrangement,
            functions=[ArrangementFunctionChoice.VERSTERKEN],
            role=TeamRole.PROCESBEGELEIDER,
            jeugdigen=[JeugdigeFactory()],
        )

    assert error_dict(excinfo) == {"planned_end": [START_AFTER_END]}
    assert not Arrangement.objects.exists()
    assert not AuditEvent.objects.exists()


def test_database_refuses_start_after_end_too(procesbegeleider):
    today = timezone.localdate()
    with pytest.raises(IntegrityError), transaction.atomic():
        ArrangementFactory(planned_start=today, planned_end=today - timedelta(days=1))


def test_same_day_start_and_end_is_allowed(procesbegeleider):
    today = timezone.localdate()
    ArrangementFactory(
        created_by=procesbegeleider, planned_start=today, planned_end=today
    ).full_clean(exclude=PHASE)


def test_group_requires_name_and_capacity(procesbegeleider):
    group = ArrangementFactory.build(
        created_by=procesbegeleider, kind=ArrangementKind.GROUP, name="", capacity=None
    )

    with pytest.raises(ValidationError) as excinfo:
        group.full_clean(exclude=PHASE)

    errors = error_dict(excinfo)
    assert errors["capacity"] == ["Geef aan hoeveel plaatsen de groep heeft."]
    assert errors["name"] == ["Geef het groepsarrangement een naam."]


def test_group_create_without_name_saves_nothing(procesbegeleider):
    group = ArrangementFactory.build(
        created_by=procesbegeleider, kind=ArrangementKind.GROUP, name="", capacity=6
    )

    with pytest.raises(ValidationError) as excinfo:
        services.arrangement_create(
            by=procesbegeleider,
            arrangement=group,
            functions=[ArrangementFunctionChoice.AANPASSEN],
            role=TeamRole.PROCESBEGELEIDER,
        )

    assert error_dict(excinfo) == {"name": ["Geef het groepsarrangement een naam."]}
    assert not Arrangement.objects.exists()


def test_individual_oza_has_no_capacity(procesbegeleider):
    arrangement = ArrangementFactory.build(created_by=procesbegeleider, capacity=4)

    with pytest.raises(ValidationError) as excinfo:
        arrangement.full_clean(exclude=PHASE)

    assert error_dict(excinfo)["capacity"] == ["Alleen een groepsarrangement heeft een capaciteit."]


def test_oza_needs_at_least_one_function(procesbegeleider):
    with pytest.raises(ValidationError) as excinfo:
        services.arrangement_create(
            by=procesbegeleider,
            arrangement=ArrangementFactory.build(created_by=procesbegeleider),
            functions=[],
            role=TeamRole.PROCESBEGELEIDER,
            jeugdigen=[JeugdigeFactory()],
        )

    assert error_dict(excinfo) == {"functions": ["Kies minstens één functie van het oza."]}
    assert not Arrangement.objects.exists()


@pytest.mark.parametrize("count", [0, 2])
def test_individual_oza_is_for_exactly_one_jeugdige(procesbegeleider, count):
    with pytest.raises(ValidationError) as excinfo:
        services.arrangement_create(
            by=procesbegeleider,
            arrangement=ArrangementFactory.build(created_by=procesbegeleider),
            functions=[ArrangementFunctionChoice.OPBOUWEN],
            role=TeamRole.PROCESBEGELEIDER,
            jeugdigen=JeugdigeFactory.create_batch(count),
        )

    assert excinfo.value.messages == ["Een individueel oza is voor precies één jeugdige."]
    assert not Arrangement.objects.exists()


# --- Group capacity -------------------------------------------------------------------------
def test_group_over_capacity_is_refused(procesbegeleider):
    group = make_group_arrangement(
        procesbegeleider=procesbegeleider, capacity=2, members=JeugdigeFactory.create_batch(2)
    )
    newcomer = JeugdigeFactory()

    with pytest.raises(ValidationError) as excinfo:
        services.participation_add(
            by=procesbegeleider,
            arrangement=group,
            jeugdige=newcomer,
            joined_on=timezone.localdate(),
        )

    assert excinfo.value.messages == ["Het groepsarrangement is vol: 2 van 2 plaatsen zijn bezet."]
    assert "vol" in excinfo.value.messages[0]
    assert group.participations.count() == 2
    assert not newcomer.participations.exists()
    assert not AuditEvent.objects.filter(jeugdige=newcomer).exists()


def test_a_member_who_left_frees_a_place(procesbegeleider):
    first, second = JeugdigeFactory.create_batch(2)
    group = make_group_arrangement(
        procesbegeleider=procesbegeleider, capacity=2, members=[first, second]
    )
    today = timezone.localdate()
    services.participation_end(
        by=procesbegeleider, participation=group.participations.get(jeugdige=first), left_on=today
    )

    participation = services.participation_add(
        by=procesbegeleider, arrangement=group, jeugdige=JeugdigeFactory(), joined_on=today
    )

    assert participation.pk
    assert group.participations.filter(left_on__isnull=True).count() == 2


def test_group_fills_up_to_capacity_exactly(procesbegeleider):
    group = make_group_arrangement(procesbegeleider=procesbegeleider, capacity=3)
    today = timezone.localdate()
    for jeugdige in JeugdigeFactory.create_batch(3):
        services.participation_add(
            by=procesbegeleider, arrangement=group, jeugdige=jeugdige, joined_on=today
        )
    assert group.participations.count() == 3
    with pytest.raises(ValidationError):
        services.participation_add(
            by=procesbegeleider, arrangement=group, jeugdige=JeugdigeFactory(), joined_on=today
        )


def test_jeugdige_cannot_join_the_same_group_twice(procesbegeleider):
    jeugdige = JeugdigeFactory()
    group = make_group_arrangement(procesbegeleider=procesbegeleider, members=[jeugdige])

    with pytest.raises(ValidationError) as excinfo:
        services.participation_add(
            by=procesbegeleider,
            arrangement=group,
            jeugdige=jeugdige,
            joined_on=timezone.localdate(),
        )

    assert excinfo.value.messages == [f"{jeugdige} doet al mee aan dit groepsarrangement."]


def test_participants_are_only_added_to_a_group(oza, procesbegeleider):
    with pytest.raises(ValidationError) as excinfo:
        services.participation_add(
            by=procesbegeleider,
            arrangement=oza,
            jeugdige=JeugdigeFactory(),
            joined_on=timezone.localdate(),
        )
    assert excinfo.value.messages == [
        "Alleen aan een groepsarrangement kunnen deelnemers worden toegevoegd."
    ]
    assert oza.participations.count() == 1


def test_lowering_capacity_below_the_members_is_refused(procesbegeleider):
    group = make_group_arrangement(
        procesbegeleider=procesbegeleider, capacity=3, members=JeugdigeFactory.create_batch(3)
    )

    with pytest.raises(ValidationError) as excinfo:
        services.arrangement_update(
            by=procesbegeleider,
            arrangement=group,
            data={"capacity": 2},
            functions=[ArrangementFunctionChoice.AANPASSEN],
            expected_version=group.version,
        )

    assert "vol" in excinfo.value.messages[0]
    assert Arrangement.objects.get(pk=group.pk).capacity == 3


def test_participation_cannot_end_before_it_started(procesbegeleider):
    jeugdige = JeugdigeFactory()
    group = make_group_arrangement(procesbegeleider=procesbegeleider, members=[jeugdige])
    participation = group.participations.get()

    with pytest.raises(ValidationError) as excinfo:
        services.participation_end(
            by=procesbegeleider,
            participation=participation,
            left_on=participation.joined_on - timedelta(days=1),
        )

    assert error_dict(excinfo) == {
        "left_on": ["De einddatum van de deelname ligt voor de startdatum."]
    }
    participation.refresh_from_db()
    assert participation.left_on is None


# --- Team -----------------------------------------------------------------------------------
def test_procesbegeleider_role_refused_for_a_beleidsmedewerker(procesbegeleider):
    oza = make_individual_arrangement()  # has its own procesbegeleider
    TeamMember.objects.filter(arrangement=oza).delete()
    policy_officer = UserFactory(beleidsmedewerker=True, first_name="Bea", last_name="Beleid")

    with pytest.raises(ValidationError) as excinfo:
        services.team_member_add(
            by=procesbegeleider,
            arrangement=oza,
            user=policy_officer,
            role=TeamRole.PROCESBEGELEIDER,
        )

    assert error_dict(excinfo) == {
        "role": ["Bea Beleid kan geen procesbegeleider zijn met de functie beleidsmedewerker."]
    }
    assert not oza.team_members.exists()


def test_beleidsmedewerker_may_join_in_another_role(oza, procesbegeleider):
    policy_officer = UserFactory(beleidsmedewerker=True)
    member = services.team_member_add(
        by=procesbegeleider, arrangement=oza, user=policy_officer, role=TeamRole.OTHER
    )
    assert member.role == TeamRole.OTHER


def test_handover_to_someone_who_cannot_be_procesbegeleider_is_refused(oza, procesbegeleider):
    policy_officer = UserFactory(beleidsmedewerker=True)
    member = TeamMemberFactory(arrangement=oza, user=policy_officer, role=TeamRole.OTHER)

    with pytest.raises(ValidationError):
        services.procesbegeleider_handover(
            by=procesbegeleider, arrangement=oza, to=member, old_role=TeamRole.ONDERWIJSCONSULENT
        )

    oza.refresh_from_db()
    assert oza.procesbegeleider == procesbegeleider


def test_handover_only_to_a_member_of_the_same_oza(oza, procesbegeleider):
    elsewhere = make_individual_arrangement()
    stranger = TeamMemberFactory(
        arrangement=elsewhere, user=UserFactory(intern_begeleider=True), role=TeamRole.MENTOR
    )
    elsewhere.team_members.filter(role=TeamRole.PROCESBEGELEIDER).delete()

    with pytest.raises(ValidationError):
        services.procesbegeleider_handover(
            by=procesbegeleider, arrangement=oza, to=stranger, old_role=TeamRole.OTHER
        )

    assert oza.team_members.get(role=TeamRole.PROCESBEGELEIDER).user == procesbegeleider


def test_handover_moves_the_role(oza, procesbegeleider, team_member):
    member = TeamMemberFactory(arrangement=oza, user=team_member, role=TeamRole.INTERN_BEGELEIDER)

    services.procesbegeleider_handover(
        by=procesbegeleider, arrangement=oza, to=member, old_role=TeamRole.ONDERWIJSCONSULENT
    )

    roles = dict(oza.team_members.values_list("user_id", "role"))
    assert roles == {
        procesbegeleider.pk: TeamRole.ONDERWIJSCONSULENT,
        team_member.pk: TeamRole.PROCESBEGELEIDER,
    }


def test_only_one_procesbegeleider_per_oza(oza, procesbegeleider, team_member):
    with pytest.raises(ValidationError) as excinfo:
        services.team_member_add(
            by=procesbegeleider, arrangement=oza, user=team_member, role=TeamRole.PROCESBEGELEIDER
        )

    assert error_dict(excinfo) == {
        "role": [
            "Dit oza heeft al een procesbegeleider; er is er maar één. Wilt u wisselen? Voeg "
            "de persoon toe met een andere rol en maak hem of haar daarna procesbegeleider."
        ]
    }
    assert oza.team_members.filter(role=TeamRole.PROCESBEGELEIDER).count() == 1
    assert not oza.team_members.filter(user=team_member).exists()


def test_database_allows_only_one_procesbegeleider(oza, team_member):
    with pytest.raises(IntegrityError), transaction.atomic():
        TeamMember.objects.create(arrangement=oza, user=team_member, role=TeamRole.PROCESBEGELEIDER)


@pytest.mark.parametrize("kind", ["portal", "functioneel_beheerder"])
def test_only_professionals_join_a_team(oza, procesbegeleider, kind):
    user = UserFactory(**{kind: True})

    with pytest.raises(ValidationError) as excinfo:
        services.team_member_add(
            by=procesbegeleider, arrangement=oza, user=user, role=TeamRole.OTHER
        )

    assert error_dict(excinfo) == {
        "user": ["Alleen professionals kunnen in het team worden opgenomen."]
    }


def test_nobody_is_on_a_team_twice(oza, procesbegeleider):
    with pytest.raises(ValidationError) as excinfo:
        services.team_member_add(
            by=procesbegeleider, arrangement=oza, user=procesbegeleider, role=TeamRole.OTHER
        )
    assert error_dict(excinfo) == {"user": [f"{procesbegeleider} staat al in het team."]}


def test_procesbegeleider_cannot_leave_after_orientation(procesbegeleider, team_member):
    from cases.models import Phase

    oza = make_individual_arrangement(procesbegeleider=procesbegeleider, phase=Phase.PREPARATION)
    TeamMemberFactory(arrangement=oza, user=team_member, role=TeamRole.INTERN_BEGELEIDER)
    team = set(oza.team_members.values_list("pk", flat=True))

    with pytest.raises(ValidationError):
        services.team_member_remove(
            by=procesbegeleider, member=oza.team_members.get(user=procesbegeleider)
        )

    assert set(oza.team_members.values_list("pk", flat=True)) == team
    assert oza.team_members.filter(user=procesbegeleider).exists()


def test_last_team_member_cannot_be_removed(oza, procesbegeleider):
    with pytest.raises(ValidationError) as excinfo:
        services.team_member_remove(by=procesbegeleider, member=oza.team_members.get())
    assert excinfo.value.messages == ["Het laatste teamlid kan niet worden verwijderd."]
    assert oza.team_members.count() == 1


# --- Organisations --------------------------------------------------------------------------
def test_organisation_rules():
    with pytest.raises(ValidationError) as excinfo:
        Organisation(name="Gemeente Zonder Code", type=OrganisationType.GEMEENTE).full_clean()
    assert error_dict(excinfo) == {"cbs_code": ["Vul de CBS-gemeentecode in."]}

    with pytest.raises(ValidationError) as excinfo:
        Organisation(name="School", type=OrganisationType.SCHOOL).full_clean()
    assert error_dict(excinfo) == {"school_type": ["Kies de onderwijssoort van de school."]}

    with pytest.raises(ValidationError) as excinfo:
        Organisation(name="SWV", type=OrganisationType.SWV, school_type=SchoolType.PO).full_clean()
    assert error_dict(excinfo) == {"school_type": ["Alleen een school heeft een onderwijssoort."]}


# --- Optimistic locking ---------------------------------------------------------------------
def test_jeugdige_update_with_stale_version_does_not_overwrite(procesbegeleider):
    jeugdige = JeugdigeFactory(first_name="Daan")
    mine = Jeugdige.objects.get(pk=jeugdige.pk)
    theirs = Jeugdige.objects.get(pk=jeugdige.pk)
    services.jeugdige_update(
        by=procesbegeleider,
        jeugdige=theirs,
        data={"first_name": "Daniël"},
        expected_version=theirs.version,
    )

    with pytest.raises(services.ConcurrentEdit) as excinfo:
        services.jeugdige_update(
            by=procesbegeleider,
            jeugdige=mine,
            data={"first_name": "Dani"},
            expected_version=mine.version,
        )

    stored = Jeugdige.objects.get(pk=jeugdige.pk)
    assert (stored.first_name, stored.version) == ("Daniël", 2)
    assert excinfo.value.current.first_name == "Daniël"
    assert excinfo.value.current.version == 2
    assert str(excinfo.value) == "Iemand anders heeft dit intussen gewijzigd."
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, jeugdige=jeugdige).count() == 1


def test_jeugdige_update_with_current_version_saves_and_bumps(procesbegeleider):
    jeugdige = JeugdigeFactory(first_name="Daan")
    assert jeugdige.version == 1

    services.jeugdige_update(
        by=procesbegeleider,
        jeugdige=jeugdige,
        data={"first_name": "Daniël", "education_status": CompulsoryEducationStatus.HOME},
        expected_version=1,
    )

    stored = Jeugdige.objects.get(pk=jeugdige.pk)
    assert (stored.first_name, stored.education_status, stored.version) == (
        "Daniël",
        "thuiszitter",
        2,
    )
    assert jeugdige.version == 2
    services.jeugdige_update(
        by=procesbegeleider, jeugdige=jeugdige, data={"last_name": "Bakker"}, expected_version=2
    )
    assert Jeugdige.objects.get(pk=jeugdige.pk).version == 3


def test_invalid_jeugdige_update_saves_nothing(procesbegeleider):
    jeugdige = JeugdigeFactory(bsn="111222333")

    with pytest.raises(ValidationError):
        services.jeugdige_update(
            by=procesbegeleider,
            jeugdige=jeugdige,
            data={"bsn": "123456789"},
            expected_version=jeugdige.version,
        )

    stored = Jeugdige.objects.get(pk=jeugdige.pk)
    assert (stored.bsn, stored.version) == ("111222333", 1)
    assert not AuditEvent.objects.exists()


def test_arrangement_update_with_stale_version_does_not_overwrite(oza, procesbegeleider):
    mine = Arrangement.objects.get(pk=oza.pk)
    theirs = Arrangement.objects.get(pk=oza.pk)
    services.arrangement_update(
        by=procesbegeleider,
        arrangement=theirs,
        data={"location": "Heerhugowaard"},
        functions=[ArrangementFunctionChoice.OPBOUWEN],
        expected_version=theirs.version,
    )

    with pytest.raises(services.ConcurrentEdit) as excinfo:
        services.arrangement_update(
            by=procesbegeleider,
            arrangement=mine,
            data={"location": "Bergen"},
            functions=[ArrangementFunctionChoice.TERUGLEIDEN],
            expected_version=mine.version,
        )

    stored = Arrangement.objects.get(pk=oza.pk)
    assert (stored.location, stored.version) == ("Heerhugowaard", 2)
    assert list(stored.functions.values_list("function", flat=True)) == ["opbouwen"]
    assert excinfo.value.current.version == 2


def test_arrangement_update_with_current_version_saves_and_bumps(oza, procesbegeleider):
    new_end = oza.planned_end + timedelta(days=30)

    services.arrangement_update(
        by=procesbegeleider,
        arrangement=oza,
        data={"planned_end": new_end, "location": "Heerhugowaard"},
        functions=[ArrangementFunctionChoice.OPBOUWEN, ArrangementFunctionChoice.VERSTERKEN],
        expected_version=1,
    )

    stored = Arrangement.objects.get(pk=oza.pk)
    assert (stored.planned_end, stored.location, stored.version) == (new_end, "Heerhugowaard", 2)
    assert oza.version == 2
    assert sorted(stored.functions.values_list("function", flat=True)) == [
        "opbouwen",
        "versterken",
    ]
    assert stored.phase == oza.phase  # a content edit leaves the route alone


def test_arrangement_update_does_not_undo_a_concurrent_transition(oza, procesbegeleider):
    """An edit form opened in orientatie, saved after someone moved the oza on, keeps the new
    phase."""
    from tests.factories import give_consent, hold_start_mdo

    form_copy = Arrangement.objects.get(pk=oza.pk)
    give_consent(oza)
    hold_start_mdo(oza)
    services.arrangement_transition(arrangement=oza, to="start_preparation", by=procesbegeleider)

    services.arrangement_update(
        by=procesbegeleider,
        arrangement=form_copy,
        data={"location": "Bergen"},
        functions=[ArrangementFunctionChoice.OPBOUWEN],
        expected_version=form_copy.version,
    )

    stored = Arrangement.objects.get(pk=oza.pk)
    assert (stored.phase, stored.location) == ("voorbereiding", "Bergen")
