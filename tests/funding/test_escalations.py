"""The escalatieladder: levels in order, days at level, the procesbegeleider's mandate."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.models import TeamRole
from funding import escalations
from funding.models import EscalationLevel, EscalationStep
from oza.audit.append_only import AppendOnlyError
from oza.audit.models import AuditEvent
from tests.factories import TeamMemberFactory, UserFactory, the_jeugdige

pytestmark = pytest.mark.django_db

START = datetime(2026, 10, 1, 9, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))


def raise_it(oza, by):
    return escalations.escalation_raise(
        arrangement=oza,
        by=by,
        subject="financiering",
        disagreement="Gemeente en SWV zijn het oneens over wie de dagbesteding betaalt.",
    )


def test_the_ladder_has_the_regional_levels():
    assert [str(level) for level in EscalationLevel.objects.all()] == [
        "1. MDO",
        "2. Management van de partners",
        "3. Regisseuroverleg",
        "4. Doorbraakfunctionaris",
    ]


def test_escalating_up_the_ladder_in_order_with_days_at_level(oza, procesbegeleider):
    with time_machine.travel(START, tick=False) as clock:
        escalation = raise_it(oza, procesbegeleider)
        assert escalation.level.number == 1
        clock.shift(timedelta(days=9))
        assert escalation.days_at_level() == 9
        escalations.escalation_step_up(
            escalation=escalation, by=procesbegeleider, reason="Geen akkoord in het MDO."
        )
        escalation.refresh_from_db()
        assert (escalation.level.number, escalation.days_at_level()) == (2, 0)
        clock.shift(timedelta(days=3))
        assert escalation.days_at_level() == 3
        for reason in ("Management komt er niet uit.", "Regisseuroverleg zonder besluit."):
            escalations.escalation_step_up(
                escalation=escalation, by=procesbegeleider, reason=reason
            )
        with pytest.raises(ValidationError, match="hoogste trede"):
            escalations.escalation_step_up(
                escalation=escalation, by=procesbegeleider, reason="Nog hoger"
            )
    steps = list(EscalationStep.objects.filter(escalation=escalation))
    assert [step.level.number for step in steps] == [1, 2, 3, 4]
    assert steps[1].reason == "Geen akkoord in het MDO."
    with pytest.raises(AppendOnlyError):
        steps[0].delete()


def test_resolving_ends_the_escalation(oza, procesbegeleider):
    escalation = raise_it(oza, procesbegeleider)
    with pytest.raises(ValidationError, match="oplossing"):
        escalations.escalation_resolve(escalation=escalation, by=procesbegeleider, resolution="")
    escalations.escalation_resolve(
        escalation=escalation, by=procesbegeleider, resolution="Gemeente betaalt 2026."
    )
    escalation.refresh_from_db()
    assert not escalation.is_open
    with pytest.raises(ValidationError, match="al opgelost"):
        escalations.escalation_step_up(escalation=escalation, by=procesbegeleider, reason="x")
    assert (
        AuditEvent.objects.filter(
            object_type="funding.Escalation", jeugdige=the_jeugdige(oza)
        ).count()
        == 2
    )


def test_only_the_procesbegeleider_has_the_mandate(oza, procesbegeleider):
    colleague = UserFactory()
    TeamMemberFactory(arrangement=oza, user=colleague, role=TeamRole.ONDERWIJSCONSULENT)
    with pytest.raises(ValidationError, match="Alleen de procesbegeleider"):
        raise_it(oza, colleague)
    escalation = raise_it(oza, procesbegeleider)
    with pytest.raises(ValidationError, match="Alleen de procesbegeleider"):
        escalations.escalation_step_up(escalation=escalation, by=colleague, reason="Waarom niet")


def test_escalating_from_the_oza_page(client, oza, procesbegeleider, outsider):
    client.force_login(outsider)
    url = reverse("funding:escalate", args=[oza.pk])
    assert client.post(url, {"subject": "organiseren", "disagreement": "x"}).status_code == 404

    client.force_login(procesbegeleider)
    response = client.post(
        url,
        {"subject": "organiseren", "disagreement": "Wie organiseert het vervoer?"},
        follow=True,
    )
    page = response.content.decode()
    assert "De escalatie is gestart op de eerste trede." in page
    assert "Wie organiseert het vervoer?" in page
    assert "0 dagen op deze trede" in page
    escalation = oza.escalations.get()
    response = client.post(
        reverse("funding:escalation_step_up", args=[oza.pk, escalation.pk]), {"reason": ""}
    )
    assert "Geef de reden van deze stap." in shown_again(response)
    escalation.refresh_from_db()
    assert escalation.level.number == 1


def escalate(client, oza, data):
    return client.post(reverse("funding:escalate", args=[oza.pk]), data)


def shown_again(response) -> str:
    """The oza page shown again after a refused form."""
    assert response.status_code == 400
    return response.content.decode()


def test_an_incomplete_escalation_is_shown_again_with_what_was_chosen(
    client, oza, procesbegeleider
):
    client.force_login(procesbegeleider)
    page = shown_again(escalate(client, oza, {"subject": "financiering", "disagreement": "  "}))
    assert "Beschrijf waar de partners het niet over eens zijn." in page
    assert '<option value="financiering" selected>' in page
    assert '<details class="subform" open>' in page
    assert not oza.escalations.exists()


def test_a_refused_escalation_keeps_what_was_typed(client, oza, procesbegeleider):
    EscalationLevel.objects.all().delete()
    client.force_login(procesbegeleider)
    typed = "Gemeente en SWV wijzen allebei naar elkaar voor het vervoer."
    page = shown_again(escalate(client, oza, {"subject": "organiseren", "disagreement": typed}))
    assert "De escalatieladder heeft nog geen treden" in page
    assert typed in page
    assert "Uw invoer is bewaard" not in page  # the refusal itself is the message


def test_a_refused_step_keeps_the_reason_on_that_escalations_form(client, oza, procesbegeleider):
    first, second = raise_it(oza, procesbegeleider), raise_it(oza, procesbegeleider)
    for _level in EscalationLevel.objects.all()[1:]:
        escalations.escalation_step_up(escalation=second, by=procesbegeleider, reason="Hoger")
    client.force_login(procesbegeleider)
    reason = "Ook het bestuur komt er niet uit."
    page = shown_again(
        client.post(
            reverse("funding:escalation_step_up", args=[oza.pk, second.pk]), {"reason": reason}
        )
    )
    assert "Dit is de hoogste trede van de escalatieladder." in page
    assert f'name="reason" rows="2">{reason}</textarea>' in page
    assert page.count(reason) == 1  # on the form of that escalation, not of the other
    assert f'<textarea id="reason-{first.pk}" name="reason" rows="2"></textarea>' in page


def test_a_resolution_is_required(client, oza, procesbegeleider):
    escalation = raise_it(oza, procesbegeleider)
    client.force_login(procesbegeleider)
    page = shown_again(
        client.post(
            reverse("funding:escalation_resolve", args=[oza.pk, escalation.pk]), {"resolution": ""}
        )
    )
    assert f'id="resolution-{escalation.pk}-error"' in page
    assert "Beschrijf de oplossing." in page
    escalation.refresh_from_db()
    assert escalation.is_open


def test_only_the_procesbegeleider_may_use_the_ladder_from_the_page(client, oza, procesbegeleider):
    colleague = UserFactory()
    TeamMemberFactory(arrangement=oza, user=colleague, role=TeamRole.ONDERWIJSCONSULENT)
    escalation = raise_it(oza, procesbegeleider)
    client.force_login(colleague)
    refused = [
        escalate(client, oza, {"subject": "organiseren", "disagreement": "Waarom niet"}),
        client.post(
            reverse("funding:escalation_step_up", args=[oza.pk, escalation.pk]), {"reason": "x"}
        ),
    ]
    assert [response.status_code for response in refused] == [403, 403]
    escalation.refresh_from_db()
    assert escalation.level.number == 1
