"""Adding a team member: search a professional by name or organisation, then pick one. The
country's professionals are never listed in full."""

import time
from types import SimpleNamespace

import pytest
from django.urls import reverse

import cases.cache
from cases import selectors
from cases.models import TeamMember, TeamRole
from cases.views import TEAM_CANDIDATES_SHOWN
from oza.accounts.models import Function, User
from tests.factories import (
    JeugdhulpaanbiederFactory,
    UserFactory,
    make_individual_arrangement,
)
from tests.reading import calls_of


@pytest.fixture
def oza(procesbegeleider):
    return make_individual_arrangement(procesbegeleider=procesbegeleider)


def candidates(client, oza, search):
    response = client.get(reverse("cases:team_candidates", args=[oza.pk]), {"teamzoek": search})
    assert response.status_code == 200
    return response


def found(client, oza, search) -> list[int] | None:
    shown = candidates(client, oza, search).context["team_candidates"]
    return None if shown is None else [candidate.pk for candidate in shown]


def test_the_search_finds_professionals_by_name_or_organisation(client, oza, procesbegeleider):
    anne = UserFactory(first_name="Anne", last_name="de Vries")
    karin = UserFactory(
        first_name="Karin",
        last_name="Bos",
        zorgaanbieder=True,
        organisation=JeugdhulpaanbiederFactory(name="Jeugdzorg Kustregio"),
    )
    client.force_login(procesbegeleider)

    assert found(client, oza, "vries") == [anne.pk]
    assert found(client, oza, "kustregio") == [karin.pk]
    assert found(client, oza, "karin kust") == [karin.pk]
    page = candidates(client, oza, "kust").content.decode()
    assert "Karin Bos" in page and "Jeugdzorg Kustregio" in page
    # One letter is too little to search on: nothing is listed.
    assert found(client, oza, "a") is None
    # Who is on the team already is not offered again.
    assert procesbegeleider.pk not in found(client, oza, procesbegeleider.last_name)


def test_the_search_shows_a_limited_number_and_says_so(client, oza, procesbegeleider):
    UserFactory.create_batch(TEAM_CANDIDATES_SHOWN + 1, last_name="Jansen")
    client.force_login(procesbegeleider)
    response = candidates(client, oza, "jansen")
    assert len(response.context["team_candidates"]) == TEAM_CANDIDATES_SHOWN
    assert "typ meer van de naam" in response.content.decode()


def test_without_javascript_the_oza_page_shows_the_results(client, oza, procesbegeleider):
    anne = UserFactory(first_name="Anne", last_name="de Vries")
    client.force_login(procesbegeleider)
    url = reverse("cases:arrangement_detail", args=[oza.pk])
    page = client.get(url, {"teamzoek": "de vries"})
    assert [candidate.pk for candidate in page.context["team_candidates"]] == [anne.pk]
    assert f'value="{anne.pk}"' in page.content.decode()


def test_pick_a_found_professional_to_add(client, oza, procesbegeleider):
    anne = UserFactory(first_name="Anne", last_name="de Vries")
    client.force_login(procesbegeleider)
    add = reverse("cases:team_member_add", args=[oza.pk])

    # Nothing picked: a clear message, and the search is still there.
    response = client.post(add, {"teamzoek": "vries", "role": TeamRole.OTHER})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Zoek een professional en kies wie u wilt toevoegen." in page
    assert [candidate.pk for candidate in response.context["team_candidates"]] == [anne.pk]

    response = client.post(add, {"teamzoek": "vries", "user": anne.pk, "role": TeamRole.OTHER})
    assert response.status_code == 302
    assert TeamMember.objects.filter(arrangement=oza, user=anne).exists()


def test_only_team_members_search(client, oza, outsider):
    client.force_login(outsider)
    url = reverse("cases:team_candidates", args=[oza.pk])
    assert client.get(url, {"teamzoek": "vries"}).status_code == 404


@pytest.mark.usefixtures("shared_cache")
def test_searching_reads_no_rows_until_a_professional_or_organisation_changes(
    client, oza, procesbegeleider, monkeypatch
):
    """Each word typed is a search: they look through the professionals kept in memory, which
    a change to a professional or organisation makes anew at once."""
    anne = UserFactory(first_name="Anne", last_name="de Vries")
    client.force_login(procesbegeleider)
    read = calls_of(monkeypatch, selectors, "professionals")

    assert found(client, oza, "vries") == [anne.pk]
    assert found(client, oza, "ANNE vr") == [anne.pk]
    assert found(client, oza, "nobody") == []
    assert len(read) == 1

    bram = UserFactory(first_name="Bram", last_name="Vriesema")
    assert set(found(client, oza, "vries")) == {anne.pk, bram.pk}
    anne.organisation.name = "Vrieskist College"
    anne.organisation.save()
    assert "Vrieskist College" in candidates(client, oza, "vries").content.decode()
    bram.is_active = False
    bram.save()
    assert found(client, oza, "vries") == [anne.pk]
    assert len(read) == 4


@pytest.mark.usefixtures("shared_cache")
def test_a_change_without_a_signal_shows_once_the_kept_time_is_up(
    client, oza, procesbegeleider, settings, monkeypatch
):
    """Like every entry, the kept professionals last OZA_CASELOAD_CACHE_SECONDS at most: that
    bounds what a write that sends no signal (a queryset update) leaves stale."""
    anne = UserFactory(first_name="Anne", last_name="de Vries")
    client.force_login(procesbegeleider)
    assert found(client, oza, "vries") == [anne.pk]

    User.objects.filter(pk=anne.pk).update(last_name="Visser")
    assert found(client, oza, "vries") == [anne.pk]  # kept, as no signal said otherwise
    later = time.monotonic() + settings.OZA_CASELOAD_CACHE_SECONDS
    monkeypatch.setattr(cases.cache, "time", SimpleNamespace(monotonic=lambda: later))
    assert found(client, oza, "vries") == []
    assert found(client, oza, "visser") == [anne.pk]


@pytest.mark.usefixtures("shared_cache")
def test_who_joined_the_team_since_is_left_out(client, oza, procesbegeleider):
    anne = UserFactory(first_name="Anne", last_name="de Vries")
    client.force_login(procesbegeleider)
    assert found(client, oza, "vries") == [anne.pk]

    TeamMember.objects.create(arrangement=oza, user=anne, role=TeamRole.OTHER)
    assert found(client, oza, "vries") == []
    other = make_individual_arrangement(procesbegeleider=procesbegeleider)
    assert found(client, other, "vries") == [anne.pk]


@pytest.mark.parametrize(
    ("search", "names"),
    [
        ("vries", ["Anne de Vries"]),
        ("De VRIES", ["Anne de Vries"]),  # in any case
        ("anne de", ["Anne de Vries"]),  # every word
        ("anne bos", []),  # every word, in one professional
        ("kustregio", ["Karin Bos"]),  # the organisation
        ("karin kust", ["Karin Bos"]),
        ("user", ["Karin Bos", "Anne de Vries"]),  # the username (user<n>), by last name
        ("samenwerkingsverband", ["Anne de Vries"]),  # her organisation, an SWV
        ("kust", ["Karin Bos"]),  # not Kees Kust, who left
        ("anne", ["Anne de Vries"]),  # not Anne Ouder, a parent
        ("zz", []),
    ],
)
def test_the_search_looks_in_name_username_and_organisation_of_active_professionals(
    db, search, names
):
    UserFactory(first_name="Anne", last_name="de Vries")
    UserFactory(
        first_name="Karin",
        last_name="Bos",
        zorgaanbieder=True,
        organisation=JeugdhulpaanbiederFactory(name="Jeugdzorg Kustregio"),
    )
    UserFactory(first_name="Kees", last_name="Kust", is_active=False)  # never found
    UserFactory(first_name="Anne", last_name="Ouder", function=Function.PORTAL)  # never found
    found = selectors.professionals_found(search, leaving_out=set(), limit=1000)
    assert [professional.name for professional in found] == names
