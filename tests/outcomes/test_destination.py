"""Bestemming: where the jeugdige goes when an oza closes or ends early."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Destination, EarlyEndReason, Participation, Phase
from tests.factories import JeugdigeFactory, make_group_arrangement, make_individual_arrangement

pytestmark = pytest.mark.django_db

MISSING = "Kies de bestemming van de jeugdige na dit oza."


def test_ending_an_individual_oza_needs_a_destination(procesbegeleider):
    oza = make_individual_arrangement(procesbegeleider=procesbegeleider)
    with pytest.raises(services.TransitionRefused) as refusal:
        services.arrangement_transition(
            arrangement=oza,
            to="end_early",
            by=procesbegeleider,
            reason="Verhuisd.",
            early_end_reason=EarlyEndReason.MOVED,
        )
    assert [str(m) for m in refusal.value.messages] == [MISSING]
    assert not oza.transitions.exists()

    history = services.arrangement_transition(
        arrangement=oza,
        to="end_early",
        by=procesbegeleider,
        reason="Verhuisd.",
        early_end_reason=EarlyEndReason.MOVED,
        destination=Destination.OTHER_SCHOOL,
    )
    assert history.destination == Destination.OTHER_SCHOOL


def test_closing_in_the_route_panel_keeps_the_choice_after_a_refusal(client, procesbegeleider):
    oza = make_individual_arrangement(procesbegeleider=procesbegeleider, phase=Phase.DECISION)
    client.force_login(procesbegeleider)
    page = client.get(reverse("cases:arrangement_detail", args=[oza.pk]))
    assert 'name="destination"' in page.content.decode()

    url = reverse("cases:arrangement_transition", args=[oza.pk, "close"])
    refused = client.post(url, {"expected_phase": oza.phase, "destination": ""})
    assert refused.status_code == 409
    assert MISSING in refused.content.decode()

    client.post(url, {"expected_phase": oza.phase, "destination": Destination.SPECIAL_EDUCATION})
    oza.refresh_from_db()
    assert oza.phase == Phase.CLOSED
    assert oza.transitions.last().destination == Destination.SPECIAL_EDUCATION


def test_a_group_member_leaves_with_an_optional_destination(client, procesbegeleider):
    first, second = JeugdigeFactory.create_batch(2)
    group = make_group_arrangement(procesbegeleider=procesbegeleider, members=[first, second])
    client.force_login(procesbegeleider)
    today = timezone.localdate()
    one, other = Participation.objects.filter(arrangement=group).order_by("id")
    client.post(
        reverse("cases:participation_end", args=[group.pk, one.pk]),
        {"left_on": today.isoformat(), "destination": Destination.REGULAR_EDUCATION},
    )
    client.post(
        reverse("cases:participation_end", args=[group.pk, other.pk]),
        {"left_on": today.isoformat(), "destination": ""},
    )
    one.refresh_from_db()
    other.refresh_from_db()
    assert (one.left_on, one.destination) == (today, Destination.REGULAR_EDUCATION)
    assert (other.left_on, other.destination) == (today, "")


def test_the_route_history_shows_the_destination(client, procesbegeleider):
    oza = make_individual_arrangement(procesbegeleider=procesbegeleider, phase=Phase.CLOSED)
    client.force_login(procesbegeleider)
    page = client.get(reverse("cases:arrangement_detail", args=[oza.pk])).content.decode()
    assert "Bestemming: Terug naar regulier onderwijs" in page


def test_a_refused_end_of_taking_part_keeps_the_date_and_the_destination(client, procesbegeleider):
    first, second = JeugdigeFactory.create_batch(2)
    group = make_group_arrangement(procesbegeleider=procesbegeleider, members=[first, second])
    one, other = Participation.objects.filter(arrangement=group).order_by("id")
    client.force_login(procesbegeleider)
    before_joining = (one.joined_on - timedelta(days=3)).isoformat()
    response = client.post(
        reverse("cases:participation_end", args=[group.pk, one.pk]),
        {"left_on": before_joining, "destination": Destination.REGULAR_EDUCATION},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "De einddatum van de deelname ligt voor de startdatum." in page
    assert f'id="left_on_{one.pk}" name="left_on" value="{before_joining}"' in page
    assert f'<option value="{Destination.REGULAR_EDUCATION}" selected>' in page
    assert f'aria-describedby="end_error_{one.pk}"' in page
    assert f'<div class="alert alert-error" role="alert" id="end_error_{one.pk}">' in page
    assert f'id="left_on_{other.pk}" name="left_on" value=""' in page  # the other's form: empty
    one.refresh_from_db()
    assert one.left_on is None
