"""The satisfaction questionnaire: offered when an oza enters evaluatie and when it is closed,
to parents with gezag and jeugdigen of 12+ with portal access; answered once."""

import pytest
from django.urls import reverse

from cases import services as case_services
from cases.models import Phase
from outcomes.models import RespondentKind, SurveyInvitation, SurveyMoment, SurveyResponse
from tests.factories import (
    DESTINATIONS,
    REASONS,
    GuardianFactory,
    make_individual_arrangement,
    portal_account_for_jeugdige,
    portal_guardian,
    the_jeugdige,
    walk_to,
)

pytestmark = pytest.mark.django_db


def family_in_execution(procesbegeleider, age=13):
    arrangement = make_individual_arrangement(
        procesbegeleider=procesbegeleider, age=age, guardians=0
    )
    jeugdige = the_jeugdige(arrangement)
    parent = portal_guardian(jeugdige)
    GuardianFactory(jeugdige=jeugdige)  # with gezag, but no portal account
    portal_guardian(jeugdige, has_authority=False)  # no gezag: not asked
    me = portal_account_for_jeugdige(jeugdige)
    walk_to(arrangement, Phase.EXECUTION, by=procesbegeleider)
    return arrangement, jeugdige, parent, me


def step(arrangement, to, by):
    case_services.arrangement_transition(
        arrangement=arrangement,
        to=to,
        by=by,
        reason=REASONS.get(to, ""),
        destination=DESTINATIONS.get(to, ""),
    )


def test_offered_at_evaluatie_and_at_afsluiten_to_parent_and_jeugdige(procesbegeleider):
    arrangement, jeugdige, parent, me = family_in_execution(procesbegeleider)
    assert not SurveyInvitation.objects.exists()

    step(arrangement, "start_evaluation", procesbegeleider)
    offered = SurveyInvitation.objects.filter(moment=SurveyMoment.EVALUATION)
    assert {(s.user, s.respondent_kind) for s in offered} == {
        (parent.user, RespondentKind.PARENT),
        (me, RespondentKind.JEUGDIGE),
    }

    step(arrangement, "conclude", procesbegeleider)
    assert not SurveyInvitation.objects.filter(moment=SurveyMoment.CLOSING).exists()
    step(arrangement, "close", procesbegeleider)
    closing = SurveyInvitation.objects.filter(moment=SurveyMoment.CLOSING)
    assert {s.user for s in closing} == {parent.user, me}


def test_not_offered_to_a_jeugdige_under_12(procesbegeleider):
    arrangement, jeugdige, parent, me = family_in_execution(procesbegeleider, age=10)
    step(arrangement, "start_evaluation", procesbegeleider)
    assert [s.user for s in SurveyInvitation.objects.all()] == [parent.user]


def test_answered_once_with_a_dutch_message_for_missing_scores(client, procesbegeleider):
    arrangement, jeugdige, parent, me = family_in_execution(procesbegeleider)
    step(arrangement, "start_evaluation", procesbegeleider)
    survey = SurveyInvitation.objects.get(user=parent.user)
    url = reverse(
        "portal:survey_answer", kwargs={"jeugdige_pk": jeugdige.pk, "survey_pk": survey.pk}
    )
    client.force_login(parent.user)
    page = client.get(url).content.decode()
    assert "De hulp helpt ons kind verder." in page

    response = client.post(url, {"heard": "4", "remark": ""})
    assert response.status_code == 400
    assert "Kies een cijfer van 1 tot 5." in response.content.decode()
    assert not SurveyResponse.objects.exists()

    response = client.post(url, {"heard": "4", "clear": "5", "helps": "3", "remark": "Fijn."})
    assert response.status_code == 302
    answer = SurveyResponse.objects.get()
    assert (answer.heard, answer.clear, answer.helps, answer.remark) == (4, 5, 3, "Fijn.")
    assert answer.moment == SurveyMoment.EVALUATION
    assert answer.respondent_kind == RespondentKind.PARENT
    assert answer.answered_on is not None

    response = client.post(url, {"heard": "1", "clear": "1", "helps": "1"})
    assert response.status_code == 302
    assert "al ingevuld" in client.get(response.url).content.decode()
    assert SurveyResponse.objects.count() == 1
    assert SurveyResponse.objects.get().heard == 4

    # The jeugdige gets the wording for a jeugdige, and cannot answer the parent's survey.
    client.force_login(me)
    assert client.get(url).status_code == 404
    own = SurveyInvitation.objects.get(user=me)
    page = client.get(
        reverse("portal:survey_answer", kwargs={"jeugdige_pk": jeugdige.pk, "survey_pk": own.pk})
    ).content.decode()
    assert "De hulp helpt mij verder." in page
