"""Portal accounts by invitation: hashed single-use tokens that expire and can be revoked."""

import hashlib
import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cases.models import Jeugdige
from oza.accounts.models import Function, User
from oza.audit.models import AuditEvent
from oza.portal import services
from oza.portal.models import InvitationStatus, PortalInvitation
from tests.factories import (
    GuardianFactory,
    JeugdigeFactory,
    UserFactory,
    make_individual_arrangement,
    the_jeugdige,
)

pytestmark = pytest.mark.django_db
PASSWORD = "Zonnebloem-Kade-42"


@pytest.fixture
def child(oza):
    return the_jeugdige(oza)


@pytest.fixture
def parent(child):
    return child.guardians.get()


def invite(client, procesbegeleider, child, invitee, email=""):
    client.force_login(procesbegeleider)
    return client.post(
        reverse("portal_team:access", kwargs={"pk": child.pk}),
        {"invitee": invitee, "email": email},
    )


def token_from_mail() -> str:
    match = re.search(r"/portaal/uitnodiging/([^/\s]+)/", mail.outbox[-1].body)
    return match.group(1)


def accept(client, token, password=PASSWORD):
    return client.post(
        reverse("portal:accept", kwargs={"token": token}),
        {"password1": password, "password2": password},
    )


def test_a_team_member_invites_a_parent_and_the_mail_names_no_child(
    client, procesbegeleider, child, parent
):
    client.force_login(procesbegeleider)
    detail = client.get(reverse("cases:jeugdige_detail", kwargs={"pk": child.pk}))
    assert reverse("portal_team:access", kwargs={"pk": child.pk}) in detail.content.decode()
    response = invite(client, procesbegeleider, child, str(parent.pk))
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [parent.email]
    assert child.first_name not in message.body and child.last_name not in message.body
    assert child.first_name not in message.subject
    token = token_from_mail()
    invitation = PortalInvitation.objects.get()
    # Only the hash is stored.
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in invitation.token_hash
    assert AuditEvent.objects.filter(
        actor=procesbegeleider, object_type="portal.PortalInvitation", jeugdige_id=child.pk
    ).exists()

    page = client.get(reverse("portal_team:access", kwargs={"pk": child.pk}))
    assert "Verstuurd" in page.content.decode()


def test_accepting_creates_a_portal_account_linked_to_the_guardian(
    client, procesbegeleider, child, parent
):
    invite(client, procesbegeleider, child, str(parent.pk))
    token = token_from_mail()
    client.logout()
    assert client.get(reverse("portal:accept", kwargs={"token": token})).status_code == 200
    response = accept(client, token)
    assert response.status_code == 302
    assert response.url == reverse("login")
    parent.refresh_from_db()
    user = parent.user
    assert user.function == Function.PORTAL
    assert user.username == parent.email.lower()
    assert user.check_password(PASSWORD)
    assert PortalInvitation.objects.get().status == InvitationStatus.ACCEPTED

    # And the account logs in to the portal.
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.url == reverse("portal:home")
    home = client.get(reverse("portal:home"))
    assert child.first_name in home.content.decode()


def test_the_link_works_once(client, procesbegeleider, child, parent):
    invite(client, procesbegeleider, child, str(parent.pk))
    token = token_from_mail()
    client.logout()
    accept(client, token)
    client.logout()
    response = accept(client, token, password="Een-Ander-Wachtwoord-9")
    assert response.status_code == 410
    assert "al gebruikt" in response.content.decode()
    assert User.objects.filter(function=Function.PORTAL).count() == 1


def test_the_link_expires(client, procesbegeleider, child, parent, settings):
    settings.OZA_PORTAL_INVITATION_DAYS = 14
    invite(client, procesbegeleider, child, str(parent.pk))
    token = token_from_mail()
    client.logout()
    with time_machine.travel(timezone.now() + timedelta(days=14, minutes=1)):
        assert PortalInvitation.objects.get().status == InvitationStatus.EXPIRED
        response = accept(client, token)
        assert response.status_code == 410
        assert "verlopen" in response.content.decode()
    parent.refresh_from_db()
    assert parent.user is None
    with time_machine.travel(timezone.now() + timedelta(days=13)):
        assert accept(client, token).status_code == 302


def test_a_team_member_revokes_an_invitation(client, procesbegeleider, child, parent):
    invite(client, procesbegeleider, child, str(parent.pk))
    token = token_from_mail()
    invitation = PortalInvitation.objects.get()
    response = client.post(
        reverse("portal_team:revoke", kwargs={"pk": child.pk, "invitation_pk": invitation.pk})
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.REVOKED
    assert invitation.revoked_by == procesbegeleider
    client.logout()
    response = accept(client, token)
    assert response.status_code == 410
    parent.refresh_from_db()
    assert parent.user is None


def test_an_unknown_link_is_refused(client):
    response = client.get(reverse("portal:accept", kwargs={"token": "niet-bestaand"}))
    assert response.status_code == 410


def test_a_weak_password_is_refused_with_the_validators(client, procesbegeleider, child, parent):
    invite(client, procesbegeleider, child, str(parent.pk))
    token = token_from_mail()
    client.logout()
    response = accept(client, token, password="12345678")
    assert response.status_code == 400
    parent.refresh_from_db()
    assert parent.user is None
    assert PortalInvitation.objects.get().status == InvitationStatus.OPEN


def test_a_jeugdige_is_invited_from_12_only(client, procesbegeleider):
    young = the_jeugdige(make_individual_arrangement(procesbegeleider=procesbegeleider, age=11))
    with pytest.raises(Exception, match="vanaf 12 jaar"):
        services.invitation_create(
            by=procesbegeleider, jeugdige=young, guardian=None, email="kind@example.nl"
        )
    older = the_jeugdige(make_individual_arrangement(procesbegeleider=procesbegeleider, age=13))
    response = invite(client, procesbegeleider, older, "jeugdige", email="tiener@example.nl")
    assert response.status_code == 302
    assert older.first_name not in mail.outbox[-1].body
    assert mail.outbox[-1].body.startswith("Hallo,")
    client.logout()
    accept(client, token_from_mail())
    assert Jeugdige.objects.get(pk=older.pk).portal_user.username == "tiener@example.nl"


def test_only_team_members_invite(client, outsider, child, parent, swv_admin):
    for user in (outsider, swv_admin):
        with pytest.raises(Exception, match="teamlid"):
            services.invitation_create(by=user, jeugdige=child, guardian=parent, email="a@b.nl")
    client.force_login(outsider)
    response = client.get(reverse("portal_team:access", kwargs={"pk": child.pk}))
    assert response.status_code == 404


def test_a_parent_of_two_children_links_the_second_to_the_same_account(
    client, procesbegeleider, child, parent
):
    sibling = JeugdigeFactory()
    make_individual_arrangement(procesbegeleider=procesbegeleider, jeugdige=sibling)
    same_parent = GuardianFactory(jeugdige=sibling, name=parent.name, email=parent.email)
    invite(client, procesbegeleider, child, str(parent.pk))
    first = token_from_mail()
    invite(client, procesbegeleider, sibling, str(same_parent.pk))
    second = token_from_mail()
    client.logout()
    accept(client, first)
    user = User.objects.get(username=parent.email.lower())
    client.force_login(user)
    response = client.post(reverse("portal:accept", kwargs={"token": second}))
    assert response.status_code == 302
    same_parent.refresh_from_db()
    assert same_parent.user == user
    home = client.get(reverse("portal:home")).content.decode()
    assert child.first_name in home and sibling.first_name in home


def test_a_professional_cannot_accept_a_family_invitation(client, procesbegeleider, child, parent):
    invite(client, procesbegeleider, child, str(parent.pk))
    token = token_from_mail()
    client.force_login(UserFactory())
    assert client.get(reverse("portal:accept", kwargs={"token": token})).status_code == 403


def test_a_new_invitation_replaces_the_open_one(client, procesbegeleider, child, parent):
    invite(client, procesbegeleider, child, str(parent.pk))
    first = token_from_mail()
    invite(client, procesbegeleider, child, str(parent.pk))
    second = token_from_mail()
    statuses = [i.status for i in PortalInvitation.objects.order_by("created_at", "pk")]
    assert statuses == [InvitationStatus.REVOKED, InvitationStatus.OPEN]
    client.logout()
    assert accept(client, first).status_code == 410
    assert accept(client, second).status_code == 302
