"""The search of the dossier list and the API (``q``): every word in the name or school of a
jeugdige taking part or in a group oza's name, in any case, or equal to a BSN; only in the
user's own oza's; with the caseload kept for searching, a change shows in the next search."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from cases import services
from tests.factories import (
    JeugdigeFactory,
    SchoolFactory,
    UserFactory,
    make_group_arrangement,
    make_individual_arrangement,
    the_jeugdige,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["kept", "read each time"])
def cache_mode(request, settings):
    """The search behaves the same with the caseload kept in a shared cache and without."""
    settings.OZA_SHARED_CACHE = request.param == "kept"


@pytest.fixture
def pb():
    return UserFactory()


@pytest.fixture
def ozas(pb):
    daan = JeugdigeFactory(
        first_name="Daan", last_name="Visser", school=SchoolFactory(name="Zeeweg College")
    )
    noor = JeugdigeFactory(
        first_name="Noor", last_name="Jansen", school=SchoolFactory(name="Duinrand Lyceum")
    )
    sem = JeugdigeFactory(first_name="Sem", last_name="Bakker", school=noor.school)
    return {
        "daan": make_individual_arrangement(procesbegeleider=pb, jeugdige=daan),
        "noor": make_individual_arrangement(procesbegeleider=pb, jeugdige=noor),
        "group": make_group_arrangement(
            procesbegeleider=pb, name="Faalangstgroep", members=[sem, JeugdigeFactory()]
        ),
    }


def found(client, user, q) -> set[int]:
    client.force_login(user)
    response = client.get(reverse("cases:dossier_list"), {"q": q})
    assert response.status_code == 200
    return {row["pk"] for row in response.context["rows"]}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("daan", {"daan"}),
        ("VISS", {"daan"}),
        ("Daan Visser", {"daan"}),
        ("Daan Jansen", set()),  # each word must be found in the same oza
        ("zeeweg", {"daan"}),
        ("Duinrand", {"noor", "group"}),
        ("angst", {"group"}),
        ("faalangstgroep bakker", {"group"}),
        ("Lotte", set()),
    ],
)
def test_each_word_is_found_in_names_schools_and_group_names(
    client, pb, ozas, cache_mode, q, expected
):
    assert found(client, pb, q) == {ozas[name].pk for name in expected}


def test_a_bsn_is_found_whole_not_in_part(client, pb, ozas, cache_mode):
    bsn = the_jeugdige(ozas["noor"]).bsn
    assert found(client, pb, bsn) == {ozas["noor"].pk}
    assert found(client, pb, bsn[:5]) == set()


def test_only_the_own_oza_s_are_searched(client, pb, ozas, cache_mode):
    stranger = UserFactory()
    make_individual_arrangement(
        procesbegeleider=stranger, jeugdige=JeugdigeFactory(first_name="Daan")
    )
    assert found(client, pb, "Daan") == {ozas["daan"].pk}
    assert found(client, stranger, "Visser") == set()


def test_a_change_shows_in_the_next_search(client, pb, ozas, cache_mode):
    assert found(client, pb, "Noortje") == set()
    noor = the_jeugdige(ozas["noor"])
    services.jeugdige_update(
        by=pb, jeugdige=noor, data={"first_name": "Noortje"}, expected_version=noor.version
    )
    assert found(client, pb, "Noortje") == {ozas["noor"].pk}
    school = noor.school
    school.name = "Strandwal School"
    school.save()
    assert found(client, pb, "strandwal") == {ozas["noor"].pk, ozas["group"].pk}
    newcomer = make_individual_arrangement(
        procesbegeleider=pb, jeugdige=JeugdigeFactory(first_name="Noortje")
    )
    assert found(client, pb, "Noortje") == {ozas["noor"].pk, newcomer.pk}


def test_a_functioneel_beheerder_searches_only_what_break_the_glass_opens(
    client, ozas, cache_mode, settings
):
    settings.OZA_BREAK_GLASS_MINUTES = 5
    beheerder = UserFactory(functioneel_beheerder=True, is_staff=True)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        services.break_glass_open(
            user=beheerder, jeugdige=the_jeugdige(ozas["daan"]), reason="Controle op verzoek"
        )
        assert found(client, beheerder, "Visser") == {ozas["daan"].pk}
        assert found(client, beheerder, "Duinrand") == set()
        clock.shift(timedelta(minutes=5, seconds=1))
        assert found(client, beheerder, "Visser") == set()


def test_the_api_searches_the_same_way(pb, ozas, cache_mode):
    client = APIClient()
    client.force_login(pb)
    response = client.get("/api/v1/ozas/", {"q": "Duinrand"})
    assert {record["id"] for record in response.json()["results"]} == {
        ozas["noor"].pk,
        ozas["group"].pk,
    }
