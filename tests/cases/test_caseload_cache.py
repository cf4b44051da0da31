"""The cached caseload reads (cases/cache.py), the dossier list and the API's list of oza's: a
repeated read is served from the cache and still logged, every write to what it shows is seen at
once, and no entry crosses from one user, filter or language to another."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import update_last_login
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from cases import services, tables
from cases.api.views import ArrangementViewSet
from cases.models import Phase, TeamRole
from funding import services as funding_services
from funding.views import CaseloadChecklistView
from oza.accounts.models import Organisation, Region
from oza.audit.models import AuditAction, AuditEvent
from tests.factories import (
    FundingLineFactory,
    GoalFactory,
    GuardianFactory,
    JeugdigeFactory,
    SchoolFactory,
    SwvFactory,
    TeamMemberFactory,
    UserFactory,
    make_individual_arrangement,
    request_funding,
    the_jeugdige,
    walk_to,
)
from tests.reading import made_again, read_main, read_twice

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_cache")]

URL = reverse("cases:dossier_list")


@pytest.fixture
def pb():
    return UserFactory(first_name="Marloes", last_name="Kroon")


@pytest.fixture
def oza(pb):
    school = SchoolFactory(name="Zeeweg College")
    jeugdige = JeugdigeFactory(first_name="Daan", last_name="Visser", school=school)
    GuardianFactory(jeugdige=jeugdige)
    return make_individual_arrangement(procesbegeleider=pb, jeugdige=jeugdige)


def view(client, user, url=URL, **params) -> tuple[str, int]:
    return read_main(client, user, url, **params)


def test_a_repeated_list_comes_from_the_cache_and_is_logged_each_time(client, pb, oza):
    html, cold, warm = read_twice(client, pb, URL)
    assert "Daan Visser" in html
    assert warm < cold
    logged = AuditEvent.objects.filter(
        actor=pb, action=AuditAction.LIST, jeugdige=the_jeugdige(oza)
    )
    assert logged.count() == 2


def test_without_a_shared_cache_the_list_is_made_each_time(client, pb, oza, settings):
    settings.OZA_SHARED_CACHE = False
    _html, cold, warm = read_twice(client, pb, URL)
    assert warm == cold


def rename_jeugdige(oza, pb):
    jeugdige = the_jeugdige(oza)
    services.jeugdige_update(
        by=pb, jeugdige=jeugdige, data={"first_name": "Noor"}, expected_version=jeugdige.version
    )
    return "Noor Visser"


def move_to_preparation(oza, pb):
    walk_to(oza, Phase.PREPARATION, by=pb)
    return '<span class="phase phase-voorbereiding">Voorbereiding</span>'


def change_functions(oza, pb):
    services.arrangement_update(
        by=pb, arrangement=oza, data={}, functions=["verrijken"], expected_version=oza.version
    )
    return '<td class="col-optional">Verrijken</td>'


def rename_school(oza, pb):
    school = the_jeugdige(oza).school
    school.name = "Duinrand Lyceum"
    school.save()
    return "Duinrand Lyceum"


def rename_procesbegeleider(oza, pb):
    pb.last_name = "Kroon-Bakker"
    pb.save()
    return "Marloes Kroon-Bakker"


def start_another_oza(oza, pb):
    jeugdige = JeugdigeFactory(first_name="Sem", last_name="Jansen")
    make_individual_arrangement(procesbegeleider=pb, jeugdige=jeugdige)
    return "Sem Jansen"


@pytest.mark.parametrize(
    "change",
    [
        rename_jeugdige,
        move_to_preparation,
        change_functions,
        rename_school,
        rename_procesbegeleider,
        start_another_oza,
    ],
)
def test_a_change_shows_at_once(client, pb, oza, change):
    before, _queries = view(client, pb)
    expected = change(oza, pb)
    assert expected not in before
    after, _queries = view(client, pb)
    assert expected in after


def test_a_login_leaves_the_cached_lists_alone(client, pb, oza):
    _html, cold = view(client, pb)
    update_last_login(sender=None, user=pb)  # what every login saves
    _html, warm = view(client, pb)
    assert warm < cold


def test_whoever_leaves_the_team_no_longer_sees_the_oza(client, pb, oza):
    colleague = UserFactory()
    member = TeamMemberFactory(arrangement=oza, user=colleague, role=TeamRole.ONDERWIJSCONSULENT)
    assert "Daan Visser" in view(client, colleague)[0]
    services.team_member_remove(by=pb, member=member)
    assert "Daan Visser" not in view(client, colleague)[0]


def test_whoever_joins_the_team_sees_the_oza_at_once(client, pb, oza):
    colleague = UserFactory()
    assert "Daan Visser" not in view(client, colleague)[0]
    services.team_member_add(
        by=pb, arrangement=oza, user=colleague, role=TeamRole.ONDERWIJSCONSULENT
    )
    assert "Daan Visser" in view(client, colleague)[0]


def test_an_entry_is_for_one_user_filter_and_language(client, pb, oza):
    other = make_individual_arrangement(
        jeugdige=JeugdigeFactory(first_name="Lotte", last_name="Smit")
    )
    other_pb = other.team_members.get().user
    assert "Daan Visser" in view(client, pb)[0]
    theirs = view(client, other_pb)[0]
    assert "Lotte Smit" in theirs
    assert "Daan Visser" not in theirs
    assert "Daan Visser" not in view(client, pb, q="Lotte")[0]
    client.cookies.load({settings.LANGUAGE_COOKIE_NAME: "en"})
    assert "<h1>My cases</h1>" in view(client, pb)[0]


def filters(html: str) -> str:
    start = html.index('<form method="get" class="filters"')
    return html[start : html.index("</form>", start)]


def test_the_filters_are_made_once_for_everyone_in_a_region(client, oza):
    kust = Region.objects.create(name="Kust")
    school = SchoolFactory(name="Strandschool", region=kust)
    pb, colleague = (UserFactory(organisation=SwvFactory(region=kust)) for _ in range(2))
    elsewhere = UserFactory(organisation=SwvFactory(region=Region.objects.create(name="Elders")))
    assert "Strandschool" in filters(view(client, pb)[0])
    Organisation.objects.filter(pk=school.pk).update(name="Duinschool")  # sends no signal
    # The colleague's list is made anew; the filters they share with pb are not.
    assert "Strandschool" in filters(view(client, colleague)[0])
    assert "Strandschool" not in filters(view(client, elsewhere)[0])
    school.name = "Duinschool"
    school.save()  # a change of a school shows at once
    assert "Duinschool" in filters(view(client, colleague)[0])


def test_without_a_region_the_filters_follow_the_own_caseload(client, pb, oza):
    assert pb.organisation.region_id is None
    assert "Zeeweg College" in filters(view(client, pb)[0])
    assert "Zeeweg College" not in filters(view(client, UserFactory())[0])
    school = SchoolFactory(name="Lindeschool")
    make_individual_arrangement(procesbegeleider=pb, jeugdige=JeugdigeFactory(school=school))
    assert "Lindeschool" in filters(view(client, pb)[0])


def test_the_chosen_filters_stay_chosen(client, pb, oza):
    school = the_jeugdige(oza).school
    chosen = f'<option value="{school.pk}" selected>'
    assert chosen not in filters(view(client, pb)[0])
    assert chosen in filters(view(client, pb, school=school.pk)[0])
    assert '<option value="uitvoering" selected>' in filters(
        view(client, pb, phase="uitvoering")[0]
    )
    client.cookies.load({settings.LANGUAGE_COOKIE_NAME: "en"})
    assert ">Phase</label>" in filters(view(client, pb)[0])


def test_the_filtered_results_alone_for_htmx_are_cached_apart_from_the_page(client, pb, oza):
    page, _queries = view(client, pb)
    client.force_login(pb)
    results = client.get(URL, HTTP_HX_REQUEST="true").content.decode()
    assert "Daan Visser" in results
    assert '<form method="get" class="filters"' in page
    assert "<form" not in results
    assert "<main" not in results


def test_a_functioneel_beheerders_list_ends_with_the_break_the_glass_access(client, oza, settings):
    settings.OZA_BREAK_GLASS_MINUTES = 5
    beheerder = UserFactory(functioneel_beheerder=True, is_staff=True)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        services.break_glass_open(
            user=beheerder, jeugdige=the_jeugdige(oza), reason="Controle op verzoek van de ouders"
        )
        assert "Daan Visser" in view(client, beheerder)[0]
        clock.shift(timedelta(minutes=5, seconds=1))
        assert "Daan Visser" not in view(client, beheerder)[0]


API_URL = "/api/v1/ozas/"


def test_a_list_made_anew_after_a_change_makes_only_that_ozas_row_again(
    client, pb, oza, monkeypatch
):
    make_individual_arrangement(
        procesbegeleider=pb, jeugdige=JeugdigeFactory(first_name="Sem", last_name="Jansen")
    )
    view(client, pb)
    made = made_again(monkeypatch, tables, "_made_rows")
    expected = rename_jeugdige(oza, pb)
    html = view(client, pb)[0]
    assert expected in html
    assert "Sem Jansen" in html
    assert made == [[oza.pk]]


def test_a_row_is_made_once_for_the_whole_team_and_the_search(client, pb, oza, monkeypatch):
    colleague = UserFactory()
    TeamMemberFactory(arrangement=oza, user=colleague, role=TeamRole.ONDERWIJSCONSULENT)
    view(client, pb)
    made = made_again(monkeypatch, tables, "_made_rows")
    assert "Daan Visser" in view(client, colleague)[0]
    assert "Daan Visser" in view(client, pb, q="Daan")[0]
    assert made == []


def test_a_kept_row_is_shown_only_to_whoever_may_see_its_oza(pb, oza):
    assert [row["name"] for row in tables.dossier_rows(pb, [oza.pk])] == ["Daan Visser"]
    assert tables.dossier_rows(UserFactory(), [oza.pk]) == []


def api_list(user) -> tuple[dict, int]:
    client = APIClient()
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(API_URL)
    assert response.status_code == 200
    return response.json(), len(queries)


def test_a_repeated_api_list_comes_from_the_cache_and_is_logged_each_time(pb, oza):
    (first, cold), (second, warm) = api_list(pb), api_list(pb)
    assert second == first
    assert [o["id"] for o in second["results"]] == [oza.pk]
    assert warm < cold
    logged = AuditEvent.objects.filter(
        actor=pb,
        action=AuditAction.LIST,
        jeugdige=the_jeugdige(oza),
        object_type="api.cases.Arrangement",
    )
    assert logged.count() == 2


def test_a_goal_and_its_evaluation_show_in_the_api_list_at_once(pb, oza):
    assert api_list(pb)[0]["results"][0]["goals"] == []
    goal = services.goal_save(by=pb, goal=GoalFactory.build(arrangement=oza))
    [shown] = api_list(pb)[0]["results"][0]["goals"]
    assert shown["id"] == goal.pk
    assert shown["latest_evaluation"] is None
    services.goal_evaluate(goal=goal, by=pb, score="behaald", evaluated_on=timezone.localdate())
    [shown] = api_list(pb)[0]["results"][0]["goals"]
    assert shown["latest_evaluation"]["score"] == "behaald"


def test_an_api_list_is_for_one_user(pb, oza):
    other = make_individual_arrangement()
    api_list(pb)
    [theirs] = api_list(other.team_members.get().user)[0]["results"]
    assert theirs["id"] == other.pk


def test_an_api_list_made_anew_after_a_change_serializes_only_that_oza_again(pb, oza, monkeypatch):
    other = make_individual_arrangement(procesbegeleider=pb)
    api_list(pb)
    made = made_again(monkeypatch, ArrangementViewSet, "records_of")
    goal = services.goal_save(by=pb, goal=GoalFactory.build(arrangement=oza))
    shown = {record["id"]: record for record in api_list(pb)[0]["results"]}
    assert [g["id"] for g in shown[oza.pk]["goals"]] == [goal.pk]
    assert shown[other.pk]["goals"] == []
    assert made == [[oza.pk]]


CHECKLIST_URL = reverse("funding:checklist")


def test_the_funding_checklist_comes_from_the_cache_and_shows_a_decision_at_once(client, pb, oza):
    line = request_funding(oza, by=pb)
    html, cold, warm = read_twice(client, pb, CHECKLIST_URL)
    assert "wacht op besluit" in html
    assert warm < cold
    logged = AuditEvent.objects.filter(
        actor=pb, jeugdige=the_jeugdige(oza), object_type="funding.CaseloadChecklist"
    )
    assert logged.count() == 2
    funding_services.funding_line_decide(by=pb, line=line, decision="refuse")
    shown = view(client, pb, CHECKLIST_URL)[0]
    assert "wacht op besluit" not in shown
    assert "afgewezen" in shown


def test_a_checklist_made_anew_after_a_change_renders_only_that_ozas_section_again(
    client, pb, oza, monkeypatch
):
    other = make_individual_arrangement(procesbegeleider=pb)
    request_funding(other, by=pb)
    line = request_funding(oza, by=pb)
    view(client, pb, CHECKLIST_URL)
    made = made_again(monkeypatch, CaseloadChecklistView, "sections_of")
    funding_services.funding_line_decide(by=pb, line=line, decision="refuse")
    shown = view(client, pb, CHECKLIST_URL)[0]
    assert "afgewezen" in shown
    assert "wacht op besluit" in shown  # the other oza's request, from its kept section
    assert made == [[oza.pk]]


def test_lines_that_lapse_are_read_anew(client, pb, oza):
    request_funding(oza, by=pb)
    yesterday = timezone.localdate() - timedelta(days=1)
    FundingLineFactory(
        arrangement=oza, granted=True, start_date=yesterday - timedelta(days=30), end_date=yesterday
    )
    view(client, pb, CHECKLIST_URL)
    _page, warm = view(client, pb, CHECKLIST_URL)
    assert funding_services.expire_lapsed_lines() == 1
    assert view(client, pb, CHECKLIST_URL)[1] > warm
