"""Who may see which case: only the team, never the portal, a functioneel beheerder only through
break-the-glass for a limited time."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import selectors, services
from cases.models import Arrangement, BreakGlassAccess, TeamRole
from cases.tables import dossier_rows
from oza.audit.models import AuditAction, AuditEvent
from oza.web import reads_through_break_glass
from tests.factories import (
    JeugdigeFactory,
    TeamMemberFactory,
    UserFactory,
    make_group_arrangement,
    make_individual_arrangement,
    the_jeugdige,
)

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def pks(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


@pytest.fixture
def world(procesbegeleider, team_member):
    """Three oza's: ``mine`` and ``other`` for different jeugdigen, and ``later``, a second oza of
    the jeugdige of ``mine`` that the team member of ``mine`` is not on."""
    mine = make_individual_arrangement(procesbegeleider=procesbegeleider)
    TeamMemberFactory(arrangement=mine, user=team_member, role=TeamRole.INTERN_BEGELEIDER)
    other = make_individual_arrangement()
    later = make_individual_arrangement(jeugdige=the_jeugdige(mine))
    return {
        "mine": mine,
        "other": other,
        "later": later,
        "jeugdige": the_jeugdige(mine),
        "other_jeugdige": the_jeugdige(other),
    }


def test_team_members_see_only_their_oza_and_jeugdigen(world, procesbegeleider, team_member):
    for user in (procesbegeleider, team_member):
        assert pks(selectors.arrangements_visible_to(user)) == {world["mine"].pk}
        assert pks(selectors.jeugdigen_visible_to(user)) == {world["jeugdige"].pk}


def test_seeing_a_jeugdige_does_not_open_their_other_oza(world, team_member):
    assert world["later"].pk not in pks(selectors.arrangements_visible_to(team_member))
    assert world["jeugdige"] == world["later"].participations.get().jeugdige


def test_procesbegeleider_of_the_other_oza_sees_the_other_jeugdige(world):
    other_pb = world["other"].procesbegeleider
    assert pks(selectors.arrangements_visible_to(other_pb)) == {world["other"].pk}
    assert pks(selectors.jeugdigen_visible_to(other_pb)) == {world["other_jeugdige"].pk}


def test_professional_outside_every_team_sees_nothing(world, outsider):
    assert not selectors.arrangements_visible_to(outsider).exists()
    assert not selectors.jeugdigen_visible_to(outsider).exists()


def test_group_team_sees_every_member_including_those_who_left(procesbegeleider):
    stays, leaves = JeugdigeFactory.create_batch(2)
    group = make_group_arrangement(procesbegeleider=procesbegeleider, members=[stays, leaves])
    services.participation_end(
        by=procesbegeleider,
        participation=group.participations.get(jeugdige=leaves),
        left_on=group.planned_start,
    )

    assert pks(selectors.jeugdigen_visible_to(procesbegeleider)) == {stays.pk, leaves.pk}
    assert pks(selectors.arrangements_visible_to(procesbegeleider)) == {group.pk}


def test_portal_user_sees_nothing_even_when_linked(world):
    portal = UserFactory(portal=True)
    guardian = world["jeugdige"].guardians.get()
    guardian.user = portal
    guardian.save()
    # Even a (wrong) team row does not open the professional selectors to a portal account.
    TeamMemberFactory(arrangement=world["mine"], user=portal, role=TeamRole.OTHER)

    assert not selectors.arrangements_visible_to(portal).exists()
    assert not selectors.jeugdigen_visible_to(portal).exists()


def test_inactive_and_anonymous_users_see_nothing(world, procesbegeleider):
    procesbegeleider.is_active = False
    procesbegeleider.save()
    for user in (procesbegeleider, AnonymousUser()):
        assert not selectors.arrangements_visible_to(user).exists()
        assert not selectors.jeugdigen_visible_to(user).exists()


def test_functional_admin_sees_only_what_break_glass_opened(world, swv_admin):
    assert not selectors.arrangements_visible_to(swv_admin).exists()
    assert not selectors.jeugdigen_visible_to(swv_admin).exists()
    assert reads_through_break_glass(swv_admin)

    services.break_glass_open(
        user=swv_admin, jeugdige=world["jeugdige"], reason="Klacht van ouders onderzoeken"
    )

    assert pks(selectors.jeugdigen_visible_to(swv_admin)) == {world["jeugdige"].pk}
    assert pks(selectors.arrangements_visible_to(swv_admin)) == {
        world["mine"].pk,
        world["later"].pk,
    }


def test_the_oza_ids_of_a_jeugdige_are_only_for_who_may_see_the_jeugdige(swv_admin, client):
    """The jeugdige page's access check: a team sees every jeugdige of its oza's; break-the-glass
    opens one jeugdige, not the others in their group oza."""
    opened, other = JeugdigeFactory(), JeugdigeFactory()
    group = make_group_arrangement(members=[opened, other])
    pb = group.team_members.get().user
    assert selectors.arrangement_ids_of(other.pk, visible_to=pb) == [group.pk]
    assert selectors.arrangement_ids_of(other.pk, visible_to=UserFactory()) == []
    services.break_glass_open(user=swv_admin, jeugdige=opened, reason="Klacht onderzoeken")
    assert selectors.arrangement_ids_of(opened.pk, visible_to=swv_admin) == [group.pk]
    assert selectors.arrangement_ids_of(other.pk, visible_to=swv_admin) == []
    client.force_login(swv_admin)
    assert client.get(reverse("cases:jeugdige_detail", args=[opened.pk])).status_code == 200
    assert client.get(reverse("cases:jeugdige_detail", args=[other.pk])).status_code == 404


def test_break_glass_expires(world, swv_admin, settings):
    settings.OZA_BREAK_GLASS_MINUTES = 30
    with time_machine.travel(datetime(2025, 2, 3, 10, 0, tzinfo=AMSTERDAM), tick=False) as clock:
        access = services.break_glass_open(
            user=swv_admin, jeugdige=world["jeugdige"], reason="Klacht van ouders onderzoeken"
        )
        assert access.expires_at - access.granted_at == timedelta(minutes=30)

        clock.shift(timedelta(minutes=29, seconds=59))
        assert pks(selectors.jeugdigen_visible_to(swv_admin)) == {world["jeugdige"].pk}

        clock.shift(timedelta(seconds=1))
        assert not selectors.jeugdigen_visible_to(swv_admin).exists()
        assert not selectors.arrangements_visible_to(swv_admin).exists()


# A read compiled once per process (cases.selectors.TeamRead) for every role.
VISIBLE_IDS = selectors.TeamRead(
    lambda user, ozas: (
        selectors.arrangements_visible_to(user).filter(pk__in=ozas).order_by("pk").values("pk")
    ),
    "ozas",
)


def test_a_compiled_read_sees_what_the_selector_lets_each_user_see(
    world, procesbegeleider, team_member, outsider, swv_admin, settings
):
    every = [world[name].pk for name in ("mine", "other", "later")]
    mine = [{"pk": world["mine"].pk}]
    # The second reading of the first user runs the statement the first one kept.
    for user in (procesbegeleider, team_member, procesbegeleider, world["other"].procesbegeleider):
        expected = list(selectors.arrangements_visible_to(user).order_by("pk").values("pk"))
        assert VISIBLE_IDS(user, ozas=every) == expected
    assert VISIBLE_IDS(team_member, ozas=every) == mine
    assert VISIBLE_IDS(outsider, ozas=every) == []
    assert VISIBLE_IDS(UserFactory(portal=True), ozas=every) == []
    assert VISIBLE_IDS(AnonymousUser(), ozas=every) == []
    # A beheerder's access ends with the clock, not with a change to the data: never compiled.
    settings.OZA_BREAK_GLASS_MINUTES = 30
    with time_machine.travel(datetime(2025, 2, 3, 10, 0, tzinfo=AMSTERDAM), tick=False) as clock:
        services.break_glass_open(
            user=swv_admin, jeugdige=world["jeugdige"], reason="Klacht van ouders onderzoeken"
        )
        opened = sorted(world[name].pk for name in ("mine", "later"))
        assert VISIBLE_IDS(swv_admin, ozas=every) == [{"pk": pk} for pk in opened]
        clock.shift(timedelta(minutes=30))
        assert VISIBLE_IDS(swv_admin, ozas=every) == []


def test_break_glass_is_personal(world, swv_admin):
    colleague = UserFactory(functioneel_beheerder=True)
    services.break_glass_open(
        user=swv_admin, jeugdige=world["jeugdige"], reason="Klacht van ouders onderzoeken"
    )
    assert not selectors.jeugdigen_visible_to(colleague).exists()


@pytest.mark.parametrize("reason", ["", "kort", "  nodig   ", "123456789"])
def test_break_glass_refuses_a_short_reason(world, swv_admin, reason):
    with pytest.raises(ValidationError) as excinfo:
        services.break_glass_open(user=swv_admin, jeugdige=world["jeugdige"], reason=reason)

    assert excinfo.value.message_dict == {"reason": ["Beschrijf de reden in minstens tien tekens."]}
    assert not BreakGlassAccess.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.BREAK_GLASS).exists()
    assert not selectors.jeugdigen_visible_to(swv_admin).exists()


@pytest.mark.parametrize("kind", ["professional", "portal", "beleidsmedewerker"])
def test_break_glass_is_only_for_functional_admins(world, kind):
    user = UserFactory() if kind == "professional" else UserFactory(**{kind: True})

    with pytest.raises(ValidationError) as excinfo:
        services.break_glass_open(
            user=user, jeugdige=world["jeugdige"], reason="Ik wil dit dossier graag zien"
        )

    assert excinfo.value.messages == ["Alleen een functioneel beheerder gebruikt noodtoegang."]
    assert not BreakGlassAccess.objects.exists()


def test_break_glass_is_logged(world, swv_admin):
    access = services.break_glass_open(
        user=swv_admin, jeugdige=world["jeugdige"], reason="  Klacht van ouders onderzoeken  "
    )

    assert access.reason == "Klacht van ouders onderzoeken"
    event = AuditEvent.objects.get(action=AuditAction.BREAK_GLASS)
    assert (event.actor, event.jeugdige_id) == (swv_admin, world["jeugdige"].pk)
    assert (event.object_type, event.object_id) == ("cases.BreakGlassAccess", str(access.pk))
    assert event.description == "Noodtoegang: Klacht van ouders onderzoeken"


# --- Prefetching readers are scoped the same way --------------------------------------------
def test_detail_readers_are_scoped(world, team_member):
    every = list(Arrangement.objects.values_list("pk", flat=True))
    assert [row["url"] for row in dossier_rows(team_member, every)] == [f"/oza/{world['mine'].pk}/"]
    assert selectors.arrangement_detail(team_member, world["mine"].pk) == world["mine"]
    for not_theirs in (world["other"].pk, "geen-getal", 2**63):
        with pytest.raises(Http404):
            selectors.arrangement_detail(team_member, not_theirs)
    jeugdige = selectors.jeugdige_detail(team_member, world["jeugdige"].pk)
    assert jeugdige == world["jeugdige"]
    # Only the oza's this user may see are listed on the jeugdige's page.
    assert [p.arrangement for p in jeugdige.visible_participations] == [world["mine"]]


def test_dossier_rows_run_a_constant_number_of_queries(procesbegeleider):
    def count_queries():
        ids = list(selectors.arrangements_visible_to(procesbegeleider).values_list("pk", flat=True))
        with CaptureQueriesContext(connection) as context:
            rows = dossier_rows(procesbegeleider, ids)
        assert len(rows) == len(ids)
        return len(context.captured_queries)

    make_individual_arrangement(procesbegeleider=procesbegeleider)
    one = count_queries()
    for _ in range(4):
        make_individual_arrangement(procesbegeleider=procesbegeleider)
    assert count_queries() == one


def test_team_candidates_are_active_professionals_not_yet_on_the_team(world, team_member):
    newcomer = UserFactory(zorgaanbieder=True)
    inactive = UserFactory(is_active=False)
    admin = UserFactory(functioneel_beheerder=True)
    portal = UserFactory(portal=True)

    candidates = pks(selectors.team_candidates(world["mine"]))

    assert newcomer.pk in candidates
    assert not candidates & {team_member.pk, world["mine"].procesbegeleider.pk}
    assert not candidates & {inactive.pk, admin.pk, portal.pk}
