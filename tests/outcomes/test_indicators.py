"""The outcome indicators on a hand-built region whose figures are worked out by hand below.

Period: 1 January – 30 June 2025. Every moment is at noon in Amsterdam unless it tests a
boundary, so a day is a day.

  A  registered 1 Nov 2024; voorbereiding 21 Nov (20 days oriëntatie); uitvoering 11 Jan 2025
     (51 days voorbereiding); evaluatie 12 Mar (60 days uitvoering); bijstellen 22 Mar (10 days
     evaluatie) back to voorbereiding; uitvoering again 1 Apr (10 more days voorbereiding:
     61 in all). Still running.
  B  registered 1 Jun 2024; voorbereiding 1 Jul; uitvoering 29 Sep; evaluatie 28 Dec 2024;
     afsluiten 7 Jan 2025 (10 days evaluatie); afgerond 17 Jan (10 days besluitvorming),
     bestemming regulier onderwijs.
  C  (gemeente Zuid) registered 1 Feb 2025; voorbereiding 11 Feb (10 days); ended early
     3 Mar (20 days voorbereiding), verhuisd, bestemming thuiszitter.
  D  registered 1 Jan 2024, ended early 31 Dec 2024 23:00: not active in the period.
  E  registered 30 Jun 2025 23:00: active (the period includes that day).
  F  registered 1 Jul 2025 00:30: not active.
  G  (gemeente Zuid) registered 5 Jan 2025; voorbereiding 15 Jan (10 days); uitvoering
     15 May (120 days): 130 days to uitvoering, over the norm of 90.
  H  a group of 6 places registered 1 Dec 2024: m1 from 10 Jan 2025, m2 from 10 Jan to 1 Mar
     (bestemming andere school), m3 from 10 Jul 2025 (after the period).
"""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from cases.models import (
    Arrangement,
    CompulsoryEducationStatus,
    Destination,
    EarlyEndReason,
    GoalDomain,
    GoalScore,
    Phase,
)
from funding.models import FundingStatus
from outcomes import indicators
from outcomes.indicators import Period
from outcomes.models import RespondentKind
from oza.accounts.models import SchoolType
from tests.factories import (
    ArrangementFactory,
    FundingLineFactory,
    GemeenteFactory,
    GoalEvaluationFactory,
    GoalFactory,
    JeugdigeFactory,
    OrganisationFactory,
    ParticipationFactory,
    UserFactory,
    answer_survey,
    record_route,
)

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
PERIOD = Period(date(2025, 1, 1), date(2025, 6, 30))


def noon(y, m, d):
    return datetime.combine(date(y, m, d), time(12), tzinfo=AMS)


def at(y, m, d, hh, mm):
    return datetime(y, m, d, hh, mm, tzinfo=AMS)


def school(school_type):
    return OrganisationFactory(
        school_po=True, school_type=school_type, name=f"School {school_type}"
    )


class Region:
    """The data set of the module docstring."""

    def __init__(self):
        self.noord = GemeenteFactory(name="Noord")
        self.zuid = GemeenteFactory(name="Zuid")
        pb = UserFactory()

        def kid(gemeente=None, school_type=SchoolType.PO, status=None):
            status = status or CompulsoryEducationStatus.ENROLLED
            enrolled = status == CompulsoryEducationStatus.ENROLLED
            return JeugdigeFactory(
                gemeente=gemeente or self.noord,
                school=school(school_type) if enrolled else None,
                school_type=school_type if enrolled else "",
                education_status=status,
            )

        def oza(jeugdige, registered, steps=()):
            arrangement = ArrangementFactory(created_by=pb, participants=[jeugdige])
            return record_route(arrangement, registered=registered, steps=steps)

        self.a = oza(
            kid(),
            noon(2024, 11, 1),
            [
                (noon(2024, 11, 21), "start_preparation", {}),
                (noon(2025, 1, 11), "start_execution", {}),
                (noon(2025, 3, 12), "start_evaluation", {}),
                (noon(2025, 3, 22), "adjust", {}),
                (noon(2025, 4, 1), "start_execution", {}),
            ],
        )
        self.b = oza(
            kid(school_type=SchoolType.VO),
            noon(2024, 6, 1),
            [
                (noon(2024, 7, 1), "start_preparation", {}),
                (noon(2024, 9, 29), "start_execution", {}),
                (noon(2024, 12, 28), "start_evaluation", {}),
                (noon(2025, 1, 7), "conclude", {}),
                (noon(2025, 1, 17), "close", {"destination": Destination.REGULAR_EDUCATION}),
            ],
        )
        self.c = oza(
            kid(self.zuid, status=CompulsoryEducationStatus.HOME),
            noon(2025, 2, 1),
            [
                (noon(2025, 2, 11), "start_preparation", {}),
                (
                    noon(2025, 3, 3),
                    "end_early",
                    {"early_end_reason": EarlyEndReason.MOVED, "destination": Destination.HOME},
                ),
            ],
        )
        self.d = oza(
            kid(),
            noon(2024, 1, 1),
            [
                (noon(2024, 2, 1), "start_preparation", {}),
                (noon(2024, 3, 1), "start_execution", {}),
                (
                    at(2024, 12, 31, 23, 0),
                    "end_early",
                    {
                        "early_end_reason": EarlyEndReason.NOT_SUITABLE,
                        "destination": Destination.EXEMPT,
                    },
                ),
            ],
        )
        self.e = oza(kid(school_type=SchoolType.SO), at(2025, 6, 30, 23, 0))
        self.f = oza(kid(), at(2025, 7, 1, 0, 30))
        self.g = oza(
            kid(self.zuid, status=CompulsoryEducationStatus.EXEMPT),
            noon(2025, 1, 5),
            [
                (noon(2025, 1, 15), "start_preparation", {}),
                (noon(2025, 5, 15), "start_execution", {}),
            ],
        )
        self.h = ArrangementFactory(group=True, capacity=6, created_by=pb)
        record_route(self.h, registered=noon(2024, 12, 1))
        m1, m2, m3 = kid(), kid(school_type=SchoolType.VSO), kid()
        ParticipationFactory(arrangement=self.h, jeugdige=m1, joined_on=date(2025, 1, 10))
        ParticipationFactory(
            arrangement=self.h,
            jeugdige=m2,
            joined_on=date(2025, 1, 10),
            left_on=date(2025, 3, 1),
            destination=Destination.OTHER_SCHOOL,
        )
        ParticipationFactory(arrangement=self.h, jeugdige=m3, joined_on=date(2025, 7, 10))

    @property
    def all(self):
        return Arrangement.objects.all()


@pytest.fixture
def region():
    return Region()


def test_reach_counts_active_ozas_and_jeugdigen_across_the_boundaries(region):
    # Active: A, B (ended in the period), C, E (registered on its last evening), G and group
    # H; not D (ended the evening before) nor F (registered after). Jeugdigen: the five
    # individual ones and m1, m2 of the group (m3 joined after the period).
    assert set(indicators.active_arrangements(region.all, PERIOD)) == {
        region.a,
        region.b,
        region.c,
        region.e,
        region.g,
        region.h,
    }
    assert indicators.reach(region.all, PERIOD) == {
        "jeugdigen": 7,
        "active": 6,
        "new_starts": 2,  # A (11 Jan) and G (15 May); B started in 2024
        "new_start_jeugdigen": 2,
    }


def test_a_period_of_one_day_on_either_side_of_a_boundary(region):
    last_day_of_2024 = Period(date(2024, 12, 31), date(2024, 12, 31))
    assert region.d in indicators.active_arrangements(region.all, last_day_of_2024)
    first_of_july = Period(date(2025, 7, 1), date(2025, 7, 1))
    assert region.f in indicators.active_arrangements(region.all, first_of_july)
    assert region.e in indicators.active_arrangements(region.all, first_of_july)


def test_group_occupancy_on_the_last_day(region):
    occupancy = indicators.group_occupancy(region.all, PERIOD)
    assert occupancy["members"] == 1  # m1; m2 left on 1 March, m3 joins in July
    assert occupancy["capacity"] == 6
    assert [(g["pk"], g["members"], g["capacity"]) for g in occupancy["groups"]] == [
        (region.h.pk, 1, 6)
    ]


def test_early_ends_in_the_period_by_reason(region):
    counts = indicators.early_ends(region.all, PERIOD)
    assert counts[EarlyEndReason.MOVED] == 1  # C; D ended on 31 December 2024
    assert counts[EarlyEndReason.NOT_SUITABLE] == 0
    assert sum(counts.values()) == 1


def test_days_in_each_phase_sum_the_stays_of_a_phase_entered_again(region):
    # Voorbereiding, left in the period by A (51 + 10 = 61 after bijstellen), C (20), G (120):
    # median 61; 80th percentile at rank 1.6: 61 + 0.6 × (120 − 61) = 96.4.
    preparation = indicators.durations(region.all, PERIOD)[Phase.PREPARATION]
    assert preparation == {"count": 3, "jeugdigen": 3, "median": 61.0, "p80": 96.4}
    # Oriëntatie left in the period by C and G (10 days each); A left it in 2024.
    orientation = indicators.durations(region.all, PERIOD)[Phase.ORIENTATION]
    assert (orientation["count"], orientation["median"], orientation["p80"]) == (2, 10.0, 10.0)
    # Uitvoering: only A's completed first stay (60); its current stay is not complete.
    execution = indicators.durations(region.all, PERIOD)[Phase.EXECUTION]
    assert (execution["count"], execution["median"]) == (1, 60.0)
    # Evaluatie: A (10) and B (10); besluitvorming: B (10).
    evaluation = indicators.durations(region.all, PERIOD)[Phase.EVALUATION]
    assert (evaluation["count"], evaluation["median"]) == (2, 10.0)
    decision = indicators.durations(region.all, PERIOD)[Phase.DECISION]
    assert (decision["count"], decision["median"]) == (1, 10.0)


def test_lead_time_from_registration_to_uitvoering_and_the_norm(region, settings):
    # A: 1 Nov → 11 Jan = 71 days; G: 5 Jan → 15 May = 130 days. Median 100.5;
    # 80th percentile 71 + 0.8 × 59 = 118.2. Over a norm of 90: G.
    settings.OZA_LEAD_TIME_NORM_DAYS = 90
    lead = indicators.durations(region.all, PERIOD)[indicators.LEAD]
    assert lead == {
        "count": 2,
        "over_norm": 1,
        "jeugdigen": 2,
        "norm_days": 90,
        "median": 100.5,
        "p80": 118.2,
    }
    settings.OZA_LEAD_TIME_NORM_DAYS = 60
    assert indicators.durations(region.all, PERIOD)[indicators.LEAD]["over_norm"] == 2


def test_goal_realisation_takes_the_latest_score_up_to_the_period_end(region):
    def goal(arrangement, domain, *evaluations):
        g = GoalFactory(arrangement=arrangement, domain=domain)
        for day, score in evaluations:
            GoalEvaluationFactory(goal=g, evaluated_on=day, score=score)

    goal(
        region.a,
        GoalDomain.EDUCATION,
        (date(2025, 2, 1), GoalScore.PARTLY_ACHIEVED),
        (date(2025, 5, 1), GoalScore.ACHIEVED),
    )
    goal(region.a, GoalDomain.CARE, (date(2024, 12, 1), GoalScore.NOT_ACHIEVED))  # not in it
    goal(region.b, GoalDomain.CARE, (date(2025, 1, 5), GoalScore.NOT_ACHIEVED))
    goal(
        region.c,
        GoalDomain.EDUCATION,
        (date(2025, 3, 1), GoalScore.ACHIEVED),
        (date(2025, 8, 1), GoalScore.NO_LONGER_APPLICABLE),  # after the period
    )
    goal(region.g, GoalDomain.EDUCATION, (date(2025, 6, 30), GoalScore.NO_LONGER_APPLICABLE))

    result = indicators.goal_realisation(region.all, PERIOD)
    education = result[GoalDomain.EDUCATION]
    assert (education["total"], education["jeugdigen"]) == (3, 3)
    assert education[GoalScore.ACHIEVED] == 2
    assert education[GoalScore.PARTLY_ACHIEVED] == 0
    assert education[GoalScore.NO_LONGER_APPLICABLE] == 1
    care = result[GoalDomain.CARE]
    assert (care["total"], care[GoalScore.NOT_ACHIEVED], care[GoalScore.ACHIEVED]) == (1, 1, 0)


def test_satisfaction_means_and_response_rate_per_respondent_kind(region):
    parent, jeugdige = RespondentKind.PARENT, RespondentKind.JEUGDIGE
    answer_survey(region.a, scores=(4, 5, 3), offered_at=noon(2025, 3, 12),
                  answered_on=date(2025, 3, 15))  # fmt: skip
    answer_survey(region.a, respondent_kind=jeugdige, scores=(2, 3, 4),
                  offered_at=noon(2025, 3, 12), answered_on=date(2025, 3, 16))  # fmt: skip
    answer_survey(region.b, scores=(5, 5, 5), offered_at=noon(2025, 1, 7),
                  answered_on=date(2025, 1, 10))  # fmt: skip
    answer_survey(region.g, scores=None, offered_at=noon(2025, 6, 1))  # not answered
    answer_survey(region.c, scores=(1, 1, 1), offered_at=noon(2024, 11, 1),
                  answered_on=date(2024, 12, 1))  # before the period  # fmt: skip

    result = indicators.satisfaction(region.all, PERIOD)
    parents = result[parent]
    assert (parents["responses"], parents["invitations"]) == (2, 3)
    assert parents["rate"] == pytest.approx(2 / 3)
    assert (parents["heard"], parents["clear"], parents["helps"]) == (4.5, 5.0, 4.0)
    assert parents["overall"] == pytest.approx(4.5)  # (4 + 5) / 2
    young = result[jeugdige]
    assert (young["responses"], young["invitations"], young["rate"]) == (1, 1, 1.0)
    assert young["overall"] == pytest.approx(3.0)


def test_destinations_of_closures_and_of_group_members_leaving(region):
    counts = indicators.destinations(region.all, PERIOD)
    assert counts[Destination.REGULAR_EDUCATION] == 1  # B
    assert counts[Destination.HOME] == 1  # C
    assert counts[Destination.OTHER_SCHOOL] == 1  # m2 left the group
    assert counts[Destination.EXEMPT] == 0  # D ended before the period
    assert sum(counts.values()) == 3


def test_regional_figures(region):
    FundingLineFactory(
        arrangement=region.b,
        tlv=True,
        status=FundingStatus.GRANTED,
        decided_on=date(2025, 2, 1),
        start_date=date(2025, 2, 1),
        end_date=date(2025, 7, 31),  # 181 days
    )
    FundingLineFactory(
        arrangement=region.e,
        tlv=True,
        status=FundingStatus.EXPIRED,
        decided_on=date(2025, 6, 1),
        start_date=date(2025, 6, 1),
        end_date=date(2026, 5, 31),  # 365 days
    )
    FundingLineFactory(arrangement=region.a, tlv=True)  # requested only
    FundingLineFactory(
        arrangement=region.d,
        tlv=True,
        status=FundingStatus.GRANTED,
        decided_on=date(2024, 3, 1),
        start_date=date(2024, 3, 1),
        end_date=date(2024, 12, 31),
    )
    figures = indicators.regional_figures(region.all, PERIOD)
    # Reached: A (PO), B (VO), C (thuiszitter), E (SO), G (vrijstelling), m1 (PO), m2 (VSO).
    assert figures["total"] == 7
    assert figures["status_thuiszitter"] == 1
    assert figures["status_vrijstelling"] == 1
    assert figures["status_ingeschreven"] == 5
    assert (figures["regular"], figures["special"]) == (3, 2)
    assert figures["tlv_count"] == 2
    assert figures["tlv_mean_days"] == 273.0  # (181 + 365) / 2
    assert figures["tlv_jeugdigen"] == 2


def test_monthly_trend(region):
    trend = indicators.monthly_trend(region.all, PERIOD)
    assert [row["month"] for row in trend] == [date(2025, m, 1) for m in range(1, 7)]
    assert [row["new_starts"] for row in trend] == [1, 0, 0, 0, 1, 0]  # A in Jan, G in May
    # Jan: A, B (ended 17 Jan), G, H. Feb: A, C, G, H. Mar: A, C (ended 3 Mar), G, H.
    # Apr and May: A, G, H. Jun: A, G, H and E (registered on the evening of 30 June).
    assert [row["active"] for row in trend] == [4, 4, 4, 3, 3, 4]
