"""The procesbegeleider's funding checklist: pending requests, refusals, lines about to expire
and the part of the planned period no granted line covers (``funding.selectors``)."""

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import services
from cases.models import Arrangement, Phase, TeamRole
from funding.models import FundingLine, FundingStatus
from funding.selectors import (
    ChecklistSummary,
    caseload_action,
    caseload_page,
    checklist_for,
    checklists_of,
    needs_action,
    uncovered_periods,
)
from tests.factories import (
    ArrangementFactory,
    FundingLineFactory,
    GuardianFactory,
    JeugdigeFactory,
    TeamMemberFactory,
    UserFactory,
    give_consent,
    hold_start_mdo,
    make_individual_arrangement,
    walk_to,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 9, 15)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(
        datetime(2026, 9, 15, 10, 30, tzinfo=ZoneInfo("Europe/Amsterdam")), tick=False
    ):
        yield


def days(n: int) -> date:
    return TODAY + timedelta(days=n)


# --- uncovered_periods, by hand ------------------------------------------------------------
def lines(*periods) -> list[FundingLine]:
    return [FundingLine(start_date=start, end_date=end) for start, end in periods]


START, END = date(2026, 9, 1), date(2027, 2, 28)


# (granted periods, the gaps they leave in START..END)
UNCOVERED_CASES = [
    pytest.param([], [(START, END)], id="no-lines"),
    pytest.param([(START, END)], [], id="one-covers-all"),
    pytest.param([(date(2026, 1, 1), date(2027, 12, 31))], [], id="wider"),
    pytest.param(
        [(START, date(2026, 10, 31)), (date(2026, 12, 1), END)],
        [(date(2026, 11, 1), date(2026, 11, 30))],
        id="hole",
    ),
    pytest.param([(date(2026, 10, 1), END)], [(START, date(2026, 9, 30))], id="starts-late"),
    pytest.param([(START, date(2027, 1, 31))], [(date(2027, 2, 1), END)], id="ends-early"),
    pytest.param(
        [(date(2026, 10, 1), date(2026, 10, 31))],
        [(START, date(2026, 9, 30)), (date(2026, 11, 1), END)],
        id="late-and-early",
    ),
    pytest.param(
        [(START, date(2026, 10, 31)), (date(2026, 11, 1), END)], [], id="adjacent-no-hole"
    ),
    pytest.param(
        [(date(2026, 12, 1), END), (START, date(2026, 12, 15))], [], id="overlapping-unsorted"
    ),
    pytest.param(
        [(START, date(2026, 12, 31)), (date(2026, 10, 1), date(2026, 10, 31))],
        [(date(2027, 1, 1), END)],
        id="nested",
    ),
    pytest.param(
        [(date(2025, 1, 1), date(2025, 12, 31)), (date(2027, 6, 1), date(2027, 12, 31))],
        [(START, END)],
        id="entirely-before-and-after",
    ),
    pytest.param(
        [(START, START), (END, END)], [(date(2026, 9, 2), date(2027, 2, 27))], id="single-days"
    ),
]


@pytest.mark.parametrize(("granted", "gaps"), UNCOVERED_CASES)
def test_uncovered_periods(granted, gaps):
    assert uncovered_periods(START, END, lines(*granted)) == gaps


# --- checklist_for -------------------------------------------------------------------------
@pytest.fixture
def oza(procesbegeleider):
    """In voorbereiding (funding is arranged from then on), without any funding yet; started a
    month ago, runs for five more months."""
    return prepared(
        make_individual_arrangement(
            procesbegeleider=procesbegeleider, planned_start=days(-30), planned_end=days(150)
        )
    )


def prepared(arrangement, by=None):
    """Take ``arrangement`` to voorbereiding without granting any funding."""
    by = by or arrangement.created_by
    give_consent(arrangement, by=by)
    hold_start_mdo(arrangement, by=by)
    services.arrangement_transition(arrangement=arrangement, to="start_preparation", by=by)
    return arrangement


def test_a_fully_granted_oza_is_clear(oza):
    checklist = checklist_for(oza, [FundingLineFactory(arrangement=oza, granted=True)])
    assert checklist.is_clear
    assert (checklist.pending, checklist.refused, checklist.expiring, checklist.gaps) == (
        [],
        [],
        [],
        [],
    )


def test_pending_requests_with_their_waiting_days(oza):
    covered = FundingLineFactory(arrangement=oza, granted=True)
    waiting = FundingLineFactory(arrangement=oza, youth_care=True, requested_on=days(-12))
    today = FundingLineFactory(arrangement=oza, youth_care=True, requested_on=TODAY)
    checklist = checklist_for(oza, [covered, waiting, today])
    assert checklist.pending == [(waiting, 12), (today, 0)]
    assert not checklist.is_clear


def test_refused_lines(oza):
    covered = FundingLineFactory(arrangement=oza, granted=True)
    refused = FundingLineFactory(arrangement=oza, youth_care=True, refused=True)
    checklist = checklist_for(oza, [covered, refused])
    assert checklist.refused == [refused]
    assert checklist.gaps == []  # the granted line covers everything


@pytest.mark.parametrize(
    ("end", "days_left"),
    [(0, 0), (1, 1), (55, 55), (56, 56), (57, None), (-1, None)],
    ids=["today", "tomorrow", "55", "8-weeks", "just-after", "yesterday"],
)
def test_granted_lines_expiring_within_eight_weeks(oza, end, days_left):
    covered = FundingLineFactory(arrangement=oza, granted=True)
    ending = FundingLineFactory(arrangement=oza, youth_care=True, granted=True, end_date=days(end))
    checklist = checklist_for(oza, [covered, ending])
    expected = [] if days_left is None else [(ending, days_left)]
    assert checklist.expiring == expected


def test_the_expiry_horizon_is_a_setting(oza, settings):
    settings.OZA_FUNDING_EXPIRY_WEEKS = 2
    covered = FundingLineFactory(arrangement=oza, granted=True)
    within = FundingLineFactory(arrangement=oza, youth_care=True, granted=True, end_date=days(14))
    beyond = FundingLineFactory(arrangement=oza, youth_care=True, granted=True, end_date=days(15))
    assert checklist_for(oza, [covered, within, beyond]).expiring == [(within, 14)]
    settings.OZA_FUNDING_EXPIRY_WEEKS = 3
    assert checklist_for(oza, [covered, within, beyond]).expiring == [(within, 14), (beyond, 15)]


@pytest.mark.parametrize(
    "status", [FundingStatus.REQUESTED, FundingStatus.REFUSED, FundingStatus.ENDED]
)
def test_only_granted_lines_are_about_to_expire(oza, status):
    line = FundingLineFactory(arrangement=oza, status=status, end_date=days(10))
    assert checklist_for(oza, [line]).expiring == []


def test_gaps_start_today_what_lies_behind_cannot_be_funded_any_more(oza):
    """The oza started a month ago; only the part from today on is a gap."""
    assert checklist_for(oza, []).gaps == [(TODAY, days(150))]
    late = FundingLineFactory(arrangement=oza, granted=True, start_date=days(10))
    assert checklist_for(oza, [late]).gaps == [(TODAY, days(9))]


def test_gaps_of_an_oza_that_starts_later(procesbegeleider):
    oza = prepared(
        make_individual_arrangement(
            procesbegeleider=procesbegeleider, planned_start=days(20), planned_end=days(200)
        )
    )
    early = FundingLineFactory(arrangement=oza, granted=True, end_date=days(99))
    late = FundingLineFactory(arrangement=oza, youth_care=True, granted=True, start_date=days(121))
    assert checklist_for(oza, [early, late]).gaps == [(days(100), days(120))]
    assert checklist_for(oza, [late]).gaps == [(days(20), days(120))]


@pytest.mark.parametrize(
    "status",
    [
        FundingStatus.REQUESTED,
        FundingStatus.REFUSED,
        FundingStatus.ENDED,
        FundingStatus.EXPIRED,
    ],
)
def test_only_granted_lines_cover(oza, status):
    line = FundingLineFactory(arrangement=oza, status=status)
    assert checklist_for(oza, [line]).gaps == [(TODAY, days(150))]


def test_an_oza_past_its_planned_end_has_no_gaps(procesbegeleider):
    oza = prepared(
        make_individual_arrangement(
            procesbegeleider=procesbegeleider, planned_start=days(-200), planned_end=days(-1)
        )
    )
    assert checklist_for(oza, []).gaps == []
    # Not even before a line that starts later (this once gave a gap from today to the end).
    later = FundingLineFactory(arrangement=oza, granted=True, start_date=days(5), end_date=days(9))
    assert checklist_for(oza, [later]).gaps == []


@pytest.mark.parametrize("phase", [Phase.CLOSED, Phase.ENDED_EARLY])
def test_a_finished_oza_has_no_gaps(procesbegeleider, phase):
    oza = make_individual_arrangement(
        procesbegeleider=procesbegeleider, planned_start=days(-30), planned_end=days(150)
    )
    walk_to(oza, phase, by=procesbegeleider)
    assert checklist_for(oza, []).gaps == []


def test_today_can_be_passed_in(oza):
    line = FundingLineFactory(arrangement=oza, youth_care=True, requested_on=days(-12))
    assert checklist_for(oza, [line], today=days(-2)).pending == [(line, 10)]


# --- the caseload: which oza's need action, decided in the database ----------------------
def caseload_checklists(user, today=None):
    """What the page does, without paginating: the oza's the database picks out, then their
    checklists built in Python."""
    action = caseload_action(user, today)
    return checklists_of(caseload_page(user, action.arrangement_ids), today)


def on_team(user, **fields):
    jeugdige = JeugdigeFactory()
    GuardianFactory(jeugdige=jeugdige)
    oza = ArrangementFactory(
        planned_start=fields.pop("planned_start", days(-30)),
        planned_end=fields.pop("planned_end", days(150)),
        participants=[jeugdige],
        **fields,
    )
    TeamMemberFactory(arrangement=oza, user=user, role=TeamRole.PROCESBEGELEIDER)
    return prepared(oza, by=user)


def test_the_caseload_lists_visible_oza_with_something_to_act_on(procesbegeleider):
    pending = on_team(procesbegeleider, planned_end=days(300))
    FundingLineFactory(arrangement=pending, granted=True)
    FundingLineFactory(arrangement=pending, youth_care=True, requested_on=days(-5))
    clear = on_team(procesbegeleider)
    FundingLineFactory(arrangement=clear, granted=True)
    uncovered = on_team(procesbegeleider, planned_end=days(100))
    elsewhere = on_team(UserFactory())  # not on this team
    FundingLineFactory(arrangement=elsewhere, youth_care=True)

    checklists = caseload_checklists(procesbegeleider)

    # Ordered by planned end; the clear one is left out.
    assert [c.arrangement for c in checklists] == [uncovered, pending]
    assert checklists[0].gaps == [(TODAY, days(100))]
    assert [(line.arrangement, waited) for line, waited in checklists[1].pending] == [(pending, 5)]
    assert caseload_action(procesbegeleider).summary == ChecklistSummary(
        total=2, pending=1, refused=0, expiring=0, gap=1
    )


def test_finished_oza_are_not_on_the_caseload(procesbegeleider):
    oza = make_individual_arrangement(
        procesbegeleider=procesbegeleider, planned_start=days(-30), planned_end=days(150)
    )
    walk_to(oza, Phase.ENDED_EARLY, by=procesbegeleider)
    FundingLineFactory(arrangement=oza, youth_care=True, refused=True)
    assert caseload_checklists(procesbegeleider) == []


def test_outsiders_and_the_portal_see_no_caseload(procesbegeleider, outsider, portal_user):
    oza = on_team(procesbegeleider)
    FundingLineFactory(arrangement=oza, youth_care=True, refused=True)
    assert len(caseload_checklists(procesbegeleider)) == 1
    assert caseload_checklists(outsider) == []
    assert caseload_checklists(portal_user) == []


def test_the_functional_admin_sees_no_caseload_without_break_the_glass(procesbegeleider, swv_admin):
    oza = on_team(procesbegeleider)
    FundingLineFactory(arrangement=oza, youth_care=True, refused=True)
    assert caseload_checklists(swv_admin) == []


@pytest.mark.parametrize(("granted", "gaps"), UNCOVERED_CASES)
def test_the_database_finds_the_same_gaps(procesbegeleider, granted, gaps):
    """Seen from START, the first day of the planned period."""
    oza = on_team(procesbegeleider, planned_start=START, planned_end=END)
    for start, end in granted:
        FundingLineFactory(arrangement=oza, granted=True, start_date=start, end_date=end)
    summary = caseload_action(procesbegeleider, START).summary
    assert summary.gap == (1 if gaps else 0)


def test_the_database_agrees_with_the_python_checklist(procesbegeleider):
    """Random oza's and lines around today: per part of the checklist, the database conditions
    pick out exactly the oza's whose Python checklist has something there."""
    rng = random.Random(8)
    phases = [Phase.ORIENTATION, Phase.PREPARATION, Phase.EXECUTION, Phase.EVALUATION]
    statuses = list(FundingStatus)
    for _ in range(40):
        start = days(rng.randint(-200, 60))
        end = start + timedelta(rng.randint(0, 300))
        oza = on_team(procesbegeleider, planned_start=start, planned_end=end)
        Arrangement.objects.filter(pk=oza.pk).update(phase=rng.choice(phases))
        for _ in range(rng.randint(0, 4)):
            first = days(rng.randint(-250, 250))
            FundingLineFactory(
                arrangement=oza,
                status=rng.choice(statuses),
                start_date=first,
                end_date=first + timedelta(rng.randint(0, 120)),
                requested_on=days(rng.randint(-30, 0)),
            )
    caseload = Arrangement.objects.filter(team_members__user=procesbegeleider)
    expected = {}
    for checklist in checklists_of(list(caseload)):
        for part in ("pending", "refused", "expiring", "gaps"):
            if getattr(checklist, part):
                expected.setdefault(part.removesuffix("s"), set()).add(checklist.arrangement.pk)
    found = {
        part: set(caseload.filter(condition).values_list("pk", flat=True))
        for part, condition in needs_action(TODAY).items()
    }
    assert found == {part: expected.get(part, set()) for part in found}
    assert all(found.values())  # the draw covers every part


def caseload_queries(user) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        checklists = caseload_checklists(user)
        for checklist in checklists:  # everything a page shows of a line
            for line, _days in checklist.pending + checklist.expiring:
                str(line), str(line.financier)
            for line in checklist.refused:
                str(line), str(line.financier)
    return len(captured), len(checklists)


def test_the_caseload_costs_the_same_queries_for_3_and_15_oza(procesbegeleider):
    def add(count):
        for n in range(count):
            oza = on_team(procesbegeleider, planned_end=days(100 + n))
            FundingLineFactory(arrangement=oza, granted=True, end_date=days(20))
            FundingLineFactory(arrangement=oza, youth_care=True, requested_on=days(-n))
            FundingLineFactory(arrangement=oza, youth_care=True, refused=True)

    add(3)
    with_3, listed = caseload_queries(procesbegeleider)
    assert listed == 3
    add(12)
    with_15, listed = caseload_queries(procesbegeleider)
    assert listed == 15
    assert with_3 == with_15 == 3  # which oza's need what, that page of oza's, their lines
