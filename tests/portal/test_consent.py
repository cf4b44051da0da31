"""Toestemming in the portal: append-only history, on whose behalf, and the route guard."""

import pytest
from django.urls import reverse

from cases.guards import consent_of_those_who_decide
from cases.models import Arrangement, ConsentRecord, ConsentSubject
from tests.factories import (
    make_individual_arrangement,
    portal_account_for_jeugdige,
    portal_guardian,
    the_jeugdige,
)

pytestmark = pytest.mark.django_db


def consent_problems(arrangement) -> list[str]:
    fresh = Arrangement.objects.prefetch_related(
        "consents", "participations__jeugdige__guardians"
    ).get(pk=arrangement.pk)
    return list(consent_of_those_who_decide(fresh))


def decide(client, jeugdige, **data):
    url = reverse("portal:consent", kwargs={"jeugdige_pk": jeugdige.pk})
    return client.post(url, data)


def test_give_withdraw_and_give_again_with_history_and_the_guard(client):
    arrangement = make_individual_arrangement(age=13, guardians=0)
    jeugdige = the_jeugdige(arrangement)
    parent = portal_guardian(jeugdige)
    me = portal_account_for_jeugdige(jeugdige)
    assert len(consent_problems(arrangement)) == 2

    client.force_login(parent.user)
    for given in ("1", "0", "1"):
        response = decide(
            client, jeugdige, subject="akkoord", given=given, arrangement=arrangement.pk
        )
        assert response.status_code == 302
    records = list(ConsentRecord.objects.filter(jeugdige=jeugdige).order_by("recorded_at", "pk"))
    assert [r.given for r in records] == [True, False, True]
    assert all(r.guardian == parent and r.recorded_by == parent.user for r in records)
    assert all(
        r.subject == ConsentSubject.AKKOORD and r.arrangement == arrangement for r in records
    )
    # The jeugdige of 13 must agree too.
    problems = consent_problems(arrangement)
    assert len(problems) == 1 and str(jeugdige) in problems[0]

    client.force_login(me)
    decide(client, jeugdige, subject="akkoord", given="1", arrangement=arrangement.pk)
    assert consent_problems(arrangement) == []

    page = client.get(reverse("portal:consent", kwargs={"jeugdige_pk": jeugdige.pk}))
    content = page.content.decode()
    assert f"namens {parent.name}" in content
    assert f"namens {jeugdige}" in content
    assert f"vastgelegd door {parent.user}" in content
    assert content.count("Akkoord op het oza") == 4

    # Withdrawing blocks the route again.
    client.force_login(parent.user)
    decide(client, jeugdige, subject="akkoord", given="0", arrangement=arrangement.pk)
    assert len(consent_problems(arrangement)) == 1


def test_portal_permissions_never_count_as_akkoord_for_the_guard(client):
    arrangement = make_individual_arrangement(age=9, guardians=0)
    jeugdige = the_jeugdige(arrangement)
    parent = portal_guardian(jeugdige)
    other = portal_guardian(jeugdige, has_authority=False)
    client.force_login(parent.user)
    decide(
        client, jeugdige, subject="ouder_zonder_gezag_meekijken", given="1", about_guardian=other.pk
    )
    record = ConsentRecord.objects.get()
    assert record.subject == ConsentSubject.NON_CUSTODIAL_MAY_VIEW
    assert record.guardian == parent and record.about_guardian == other
    assert record.arrangement is None
    assert len(consent_problems(arrangement)) == 1


def test_who_may_decide_follows_the_age_rules(client):
    # Under 12 the jeugdige has no say; 16+ the parents have none.
    arrangement = make_individual_arrangement(age=16, guardians=0)
    jeugdige = the_jeugdige(arrangement)
    parent = portal_guardian(jeugdige)
    me = portal_account_for_jeugdige(jeugdige)

    client.force_login(me)
    decide(client, jeugdige, subject="ouders_meekijken", given="1")
    assert ConsentRecord.objects.filter(subject=ConsentSubject.PARENTS_MAY_VIEW).count() == 1

    # The parent now sees the child, but decides nothing for a jeugdige of 16.
    client.force_login(parent.user)
    assert (
        client.get(reverse("portal:plan", kwargs={"jeugdige_pk": jeugdige.pk})).status_code == 200
    )
    response = decide(client, jeugdige, subject="akkoord", given="1", arrangement=arrangement.pk)
    assert response.status_code == 302
    response = decide(client, jeugdige, subject="ouders_meekijken", given="0")
    assert ConsentRecord.objects.count() == 1
    follow = client.get(response.url)
    assert "U kunt hier niet over beslissen." in follow.content.decode()


def test_a_jeugdige_of_12_to_15_cannot_shut_out_the_parents(client):
    arrangement = make_individual_arrangement(age=14, guardians=0)
    jeugdige = the_jeugdige(arrangement)
    portal_guardian(jeugdige)
    me = portal_account_for_jeugdige(jeugdige)
    client.force_login(me)
    decide(client, jeugdige, subject="ouders_meekijken", given="0")
    assert not ConsentRecord.objects.exists()
