"""Adding a team member: search a professional by name or organisation, then pick one. The
country's professionals are never listed in full."""

import pytest
from django.urls import reverse

from cases.models import TeamMember, TeamRole
from cases.views import TEAM_CANDIDATES_SHOWN
from tests.factories import (
    JeugdhulpaanbiederFactory,
    UserFactory,
    make_individual_arrangement,
)


@pytest.fixture
def oza(procesbegeleider):
    return make_individual_arrangement(procesbegeleider=procesbegeleider)


def candidates(client, oza, search):
    response = client.get(reverse("cases:team_candidates", args=[oza.pk]), {"teamzoek": search})
    assert response.status_code == 200
    return response


def test_the_search_finds_professionals_by_name_or_organisation(client, oza, procesbegeleider):
    anne = UserFactory(first_name="Anne", last_name="de Vries")
    karin = UserFactory(
        first_name="Karin",
        last_name="Bos",
        zorgaanbieder=True,
        organisation=JeugdhulpaanbiederFactory(name="Jeugdzorg Kustregio"),
    )
    client.force_login(procesbegeleider)

    assert candidates(client, oza, "vries").context["team_candidates"] == [anne]
    assert candidates(client, oza, "kustregio").context["team_candidates"] == [karin]
    assert candidates(client, oza, "karin kust").context["team_candidates"] == [karin]
    # One letter is too little to search on: nothing is listed.
    assert candidates(client, oza, "a").context["team_candidates"] is None
    # Who is on the team already is not offered again.
    own_name = procesbegeleider.last_name
    assert procesbegeleider not in candidates(client, oza, own_name).context["team_candidates"]


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
    assert page.context["team_candidates"] == [anne]
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
    assert response.context["team_candidates"] == [anne]

    response = client.post(add, {"teamzoek": "vries", "user": anne.pk, "role": TeamRole.OTHER})
    assert response.status_code == 302
    assert TeamMember.objects.filter(arrangement=oza, user=anne).exists()


def test_only_team_members_search(client, oza, outsider):
    client.force_login(outsider)
    url = reverse("cases:team_candidates", args=[oza.pk])
    assert client.get(url, {"teamzoek": "vries"}).status_code == 404
