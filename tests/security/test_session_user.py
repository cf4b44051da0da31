"""The user of a session (oza.accounts.backends.UserBackend): loaded with their organisation
in one query, and only while they may sign in."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from oza.accounts.backends import UserBackend
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_sessions_user_comes_with_their_organisation_in_one_query():
    user = UserFactory()
    with CaptureQueriesContext(connection) as queries:
        found = UserBackend().get_user(str(user.pk))
        organisation = found.organisation.name
    assert len(queries) == 1
    assert (found, organisation) == (user, user.organisation.name)


@pytest.mark.parametrize("user_id", ["0", "niet-een-getal", None])
def test_an_unknown_or_malformed_id_is_no_user(user_id):
    assert UserBackend().get_user(user_id) is None


def test_a_deactivated_user_is_signed_out_on_their_next_request(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("cases:dossier_list")).status_code == 200
    user.is_active = False
    user.save(update_fields=["is_active"])
    response = client.get(reverse("cases:dossier_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
