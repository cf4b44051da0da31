"""The admin shows case content through the same selector as the web pages, read-only, logged."""

import pytest
from django.urls import reverse

from oza.audit.models import AuditAction, AuditEvent
from tests.factories import UserFactory, make_individual_arrangement, the_jeugdige

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_professional():
    return UserFactory(is_staff=True, is_superuser=True)


def test_admin_lists_only_jeugdigen_of_the_users_teams(client, staff_professional):
    mine = make_individual_arrangement(procesbegeleider=staff_professional)
    other = make_individual_arrangement()
    client.force_login(staff_professional)

    response = client.get(reverse("admin:cases_jeugdige_changelist"))

    shown = list(response.context["cl"].result_list)
    assert shown == [the_jeugdige(mine)]
    assert the_jeugdige(other).last_name + ", " not in response.content.decode()
    assert AuditEvent.objects.filter(
        actor=staff_professional, action=AuditAction.LIST, jeugdige=the_jeugdige(mine)
    ).exists()


def test_admin_detail_of_another_team_is_not_found_and_own_is_logged(client, staff_professional):
    mine = make_individual_arrangement(procesbegeleider=staff_professional)
    other = make_individual_arrangement()
    client.force_login(staff_professional)

    other_url = reverse("admin:cases_jeugdige_change", args=[the_jeugdige(other).pk])
    assert client.get(other_url).status_code == 302  # the admin's "does not exist" redirect
    own_url = reverse("admin:cases_jeugdige_change", args=[the_jeugdige(mine).pk])
    assert client.get(own_url).status_code == 200
    assert (
        AuditEvent.objects.filter(
            actor=staff_professional, action=AuditAction.VIEW, jeugdige=the_jeugdige(mine)
        ).count()
        == 1
    )
    assert not AuditEvent.objects.filter(jeugdige=the_jeugdige(other), actor=staff_professional)


def test_admin_cannot_change_case_content(client, staff_professional):
    mine = make_individual_arrangement(procesbegeleider=staff_professional)
    client.force_login(staff_professional)
    url = reverse("admin:cases_jeugdige_change", args=[the_jeugdige(mine).pk])
    client.post(url, {"first_name": "Gewijzigd"})
    assert the_jeugdige(mine).first_name != "Gewijzigd"
