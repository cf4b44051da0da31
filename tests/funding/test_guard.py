"""The funding guard on the route: uitvoering starts only with a granted funding line covering
the oza's planned start (``funding.guards``, registered in ``FundingConfig.ready``)."""

from datetime import date, timedelta

import pytest

from cases import route, services
from cases.models import Phase, PhaseTransition
from funding.guards import granted_line_covers_start
from funding.models import FundingKind
from funding.services import funding_line_decide
from tests.factories import (
    JeugdigeFactory,
    add_goals,
    give_consent,
    grant_funding,
    hold_start_mdo,
    make_group_arrangement,
    make_individual_arrangement,
    request_funding,
)

pytestmark = pytest.mark.django_db

PLANNED_START = date(2026, 10, 5)
NO_FUNDING = (
    "Er is geen toegekende bekostiging die de start op 05-10-2026 dekt. Leg bijvoorbeeld de TLV "
    "of de jeugdhulpbeschikking vast."
)


def pending_message(*lines) -> str:
    return (
        "De bekostiging is aangevraagd maar nog niet toegekend: "
        f"{', '.join(str(line) for line in lines)}. Uitvoering kan pas starten als een "
        "toegekende regel de start op 05-10-2026 dekt."
    )


@pytest.fixture
def oza(procesbegeleider):
    """In voorbereiding with akkoord, goals and a team: only funding is missing."""
    oza = make_individual_arrangement(
        procesbegeleider=procesbegeleider,
        planned_start=PLANNED_START,
        planned_end=PLANNED_START + timedelta(days=200),
    )
    give_consent(oza)
    add_goals(oza)
    hold_start_mdo(oza, by=procesbegeleider)
    services.arrangement_transition(arrangement=oza, to="start_preparation", by=procesbegeleider)
    assert oza.phase == Phase.PREPARATION
    return oza


def refused(oza, by) -> list[str]:
    with pytest.raises(services.TransitionRefused) as excinfo:
        services.arrangement_transition(arrangement=oza, to="start_execution", by=by)
    oza.refresh_from_db()
    assert oza.phase == Phase.PREPARATION
    assert not PhaseTransition.objects.filter(arrangement=oza, transition="start_execution")
    return [str(message) for message in excinfo.value.messages]


def start(oza, by):
    services.arrangement_transition(arrangement=oza, to="start_execution", by=by)
    assert oza.phase == Phase.EXECUTION


def test_the_guard_is_registered_for_start_execution_only():
    assert granted_line_covers_start in route._guards["start_execution"]
    others = [name for name, guards in route._guards.items() if name != "start_execution"]
    assert all(granted_line_covers_start not in route._guards[name] for name in others)


def test_refused_without_any_funding(oza, procesbegeleider):
    assert route.missing_for(oza, "start_execution") == [NO_FUNDING]
    assert refused(oza, procesbegeleider) == [NO_FUNDING]


def test_refused_with_only_a_pending_request(oza, procesbegeleider):
    tlv = request_funding(oza, by=procesbegeleider, kind=FundingKind.TLV)
    assert refused(oza, procesbegeleider) == [pending_message(tlv)]
    care = request_funding(oza, by=procesbegeleider, kind=FundingKind.YOUTH_CARE)
    assert refused(oza, procesbegeleider) == [pending_message(tlv, care)]


@pytest.mark.parametrize(
    ("start_days", "end_days"),
    [(1, 200), (-60, -1)],
    ids=["starts-the-day-after", "ends-the-day-before"],
)
def test_refused_with_a_granted_line_that_misses_the_start(
    oza, procesbegeleider, start_days, end_days
):
    grant_funding(
        oza,
        by=procesbegeleider,
        start=PLANNED_START + timedelta(days=start_days),
        end=PLANNED_START + timedelta(days=end_days),
    )
    assert refused(oza, procesbegeleider) == [NO_FUNDING]
    # With a request pending as well, the message says what is being waited for.
    pending = request_funding(oza, by=procesbegeleider, kind=FundingKind.YOUTH_CARE)
    assert refused(oza, procesbegeleider) == [pending_message(pending)]


@pytest.mark.parametrize("decision", ["refuse", "end"])
def test_refused_or_ended_funding_does_not_count(oza, procesbegeleider, decision):
    line = request_funding(oza, by=procesbegeleider)
    if decision == "end":
        funding_line_decide(by=procesbegeleider, line=line, decision="grant")
    funding_line_decide(by=procesbegeleider, line=line, decision=decision)
    assert refused(oza, procesbegeleider) == [NO_FUNDING]


def test_expired_funding_does_not_count(oza, procesbegeleider):
    line = grant_funding(oza, by=procesbegeleider)
    line.expire()
    line.save(update_fields=["status"])
    assert refused(oza, procesbegeleider) == [NO_FUNDING]


@pytest.mark.parametrize(
    ("start_days", "end_days"),
    [(0, 200), (-30, 0), (0, 0), (-400, 400)],
    ids=["from-the-start", "until-the-start", "just-the-start", "around"],
)
def test_allowed_with_a_granted_line_covering_the_start(
    oza, procesbegeleider, start_days, end_days
):
    request_funding(oza, by=procesbegeleider, kind=FundingKind.YOUTH_CARE)  # still pending
    grant_funding(
        oza,
        by=procesbegeleider,
        start=PLANNED_START + timedelta(days=start_days),
        end=PLANNED_START + timedelta(days=end_days),
    )
    assert route.missing_for(oza, "start_execution") == []
    start(oza, procesbegeleider)


def test_the_message_is_in_the_available_steps(oza, procesbegeleider):
    def missing():
        steps = {step["name"]: step for step in services.available_steps(oza, procesbegeleider)}
        return steps["start_execution"]["missing"]

    assert missing() == [NO_FUNDING]
    line = request_funding(oza, by=procesbegeleider)
    assert missing() == [pending_message(line)]
    funding_line_decide(by=procesbegeleider, line=line, decision="grant")
    assert missing() == []


def test_the_message_comes_with_the_other_guards(oza):
    """Everything missing at once: the funding guard adds its message to the others'."""
    oza.goals.all().delete()
    assert route.missing_for(oza, "start_execution") == [
        "Voeg minstens één onderwijsdoel toe.",
        "Voeg minstens één zorgdoel toe.",
        NO_FUNDING,
    ]


def test_a_group_needs_funding_too(procesbegeleider):
    group = make_group_arrangement(
        procesbegeleider=procesbegeleider,
        members=JeugdigeFactory.create_batch(2, age=16),
        planned_start=PLANNED_START,
    )
    give_consent(group)
    hold_start_mdo(group, by=procesbegeleider)
    services.arrangement_transition(arrangement=group, to="start_preparation", by=procesbegeleider)
    add_goals(group)
    assert refused(group, procesbegeleider) == [NO_FUNDING]
    grant_funding(group, by=procesbegeleider, kind=FundingKind.FICTIVE_TLV)
    start(group, procesbegeleider)
