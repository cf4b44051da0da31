"""The cached outcome figures: a repeated view is served from the cache, a write to what the
indicators read shows at once, and no figure crosses from one scope to another."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Destination, EarlyEndReason, GoalScore
from outcomes.models import RespondentKind, SurveyResponse
from oza.accounts.models import Region
from oza.audit.models import AuditAction, AuditEvent
from tests.factories import (
    GemeenteFactory,
    GoalFactory,
    TeamMemberFactory,
    UserFactory,
    answer_survey,
    running_oza,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_cache")]

URL = reverse("outcomes:dashboard")


def test_without_a_shared_cache_the_figures_are_computed_each_time(client, ozas, policy, settings):
    settings.OZA_SHARED_CACHE = False
    (first, cold), (second, warm) = view(client), view(client)
    assert shown(second) == shown(first)
    assert warm == cold


@pytest.fixture
def noord():
    return GemeenteFactory(name="Noord", region=Region.objects.create(name="Regio Kennemerkust"))


@pytest.fixture
def elders():
    return GemeenteFactory(name="Elders", region=Region.objects.create(name="Regio Elders"))


@pytest.fixture
def pb():
    return UserFactory()


@pytest.fixture
def ozas(pb, noord):
    return [running_oza(pb, noord) for _i in range(6)]


@pytest.fixture
def policy(client, noord):
    user = UserFactory(beleidsmedewerker=True, organisation=noord)
    client.force_login(user)
    return user


def view(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL)
    assert response.status_code == 200
    return response, len(captured)


def table(response, key):
    return response.context["sections"][0]["report"].table(key)


def figure(response, table_key, row_key, column=0):
    """The figure itself, also when the page shows it as "<5"."""
    row = next(r for r in table(response, table_key).all_rows if r.key == row_key)
    return row.cells[column].value


def shown(response):
    report = response.context["sections"][0]["report"]
    tables = [[c.display for row in t.all_rows for c in row.cells] for t in report.tables]
    return tables, [(m["active"].display, m["new_starts"].display) for m in report.trend]


def test_a_repeated_view_is_served_from_the_cache_and_still_audited(client, ozas, policy):
    first, cold = view(client)
    second, warm = view(client)
    # The indicators' queries (a dozen and more) are skipped; the page itself still runs some.
    assert warm <= cold - 12
    assert shown(second) == shown(first)
    assert figure(second, "reach", "active") == 6
    viewed = AuditEvent.objects.filter(action=AuditAction.VIEW, object_type="outcomes.Dashboard")
    assert viewed.count() == 2


def test_a_step_on_the_route_shows_at_once(client, ozas, pb, policy):
    assert figure(view(client)[0], "early_ends", EarlyEndReason.MOVED) == 0
    services.arrangement_transition(
        arrangement=ozas[0],
        to="end_early",
        by=pb,
        reason="Het gezin is verhuisd.",
        early_end_reason=EarlyEndReason.MOVED,
        destination=Destination.UNKNOWN,
    )
    assert figure(view(client)[0], "early_ends", EarlyEndReason.MOVED) == 1


def test_a_goal_evaluation_shows_at_once(client, ozas, pb, policy):
    goal = GoalFactory(arrangement=ozas[0])

    def evaluated_goals(response):
        return sum(cell.value for cell in table(response, "goals").total.cells[::2])

    assert evaluated_goals(view(client)[0]) == 0
    services.goal_evaluate(
        goal=goal, by=pb, score=GoalScore.ACHIEVED, evaluated_on=timezone.localdate()
    )
    assert evaluated_goals(view(client)[0]) == 1


def test_a_survey_response_shows_at_once(client, ozas, policy):
    invitation = answer_survey(ozas[0], scores=None)
    assert figure(view(client)[0], "satisfaction", RespondentKind.PARENT) == 0
    SurveyResponse.objects.create(
        invitation=invitation,
        arrangement=invitation.arrangement,
        moment=invitation.moment,
        respondent_kind=invitation.respondent_kind,
        heard=4,
        clear=5,
        helps=4,
        answered_on=timezone.localdate(),
    )
    assert figure(view(client)[0], "satisfaction", RespondentKind.PARENT) == 1


def test_a_versioned_edit_shows_at_once(client, ozas, pb, elders, policy):
    """Edits through ``save_versioned`` are an UPDATE without Model.save()."""
    assert figure(view(client)[0], "reach", "reached") == 6
    moved = ozas[0].participations.get().jeugdige
    services.jeugdige_update(
        by=pb, jeugdige=moved, data={"gemeente": elders}, expected_version=moved.version
    )
    assert figure(view(client)[0], "reach", "reached") == 5


def test_users_with_another_scope_never_get_each_others_figures(client, noord, elders):
    pb, colleague, member = UserFactory(), UserFactory(), UserFactory(intern_begeleider=True)
    mine = [running_oza(pb, noord) for _i in range(6)]
    for _i in range(7):
        running_oza(colleague, elders)
    for arrangement in mine[:5]:
        TeamMemberFactory(arrangement=arrangement, user=member)
    active = {
        UserFactory(beleidsmedewerker=True, organisation=noord): 6,
        UserFactory(beleidsmedewerker=True, organisation=elders): 7,
        pb: 6,  # caseload
        colleague: 7,
        member: 5,  # teams
    }
    for _round in ("computed", "from the cache"):
        for user, expected in active.items():
            client.force_login(user)
            assert figure(view(client)[0], "reach", "active") == expected, user
