"""The escalatieladder: levels in order, days at level, the procesbegeleider's mandate."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from cases.models import TeamRole
from funding import escalations
from funding.models import EscalationLevel, EscalationStep
from oza.accounts.models import User
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
        reverse("funding:escalation_step_up", args=[oza.pk, escalation.pk]),
        {"reason": ""},
        follow=True,
    )
    assert "Geef de reden van deze stap." in response.content.decode()
    escalation.refresh_from_db()
    assert escalation.level.number == 1


def test_the_demo_beheerder_configures_the_ladder_in_the_admin(client):
    call_command("load_demo", verbosity=0)
    client.force_login(User.objects.get(username="beheerder"))
    assert client.get(reverse("admin:funding_escalationlevel_changelist")).status_code == 200
    level = EscalationLevel.objects.get(number=4)
    response = client.post(
        reverse("admin:funding_escalationlevel_change", args=[level.pk]),
        {"number": 4, "name": "Doorbraakteam regio", "description": ""},
    )
    assert response.status_code == 302
    level.refresh_from_db()
    assert level.name == "Doorbraakteam regio"
