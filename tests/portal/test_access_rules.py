"""Who sees a child in the portal: the age rules of DOMAIN.md, at read time, in one selector."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from cases import services as case_services
from cases.models import ConsentSubject, Jeugdige, Phase
from oza.portal.selectors import (
    born_on_or_before_for_age,
    jeugdigen_for_portal_user,
    portal_child,
    portal_children,
)
from tests.factories import (
    JeugdigeFactory,
    UserFactory,
    make_individual_arrangement,
    portal_account_for_jeugdige,
    portal_guardian,
    the_jeugdige,
)

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def sees(user, jeugdige, day=None) -> bool:
    """Whether the portal selector lets ``user`` see ``jeugdige``; the reads compiled once a
    day that the home page (``portal_children``) and every child's page (``portal_child``)
    make must answer the same."""
    seen = jeugdigen_for_portal_user(user, day).filter(pk=jeugdige.pk).exists()
    assert (jeugdige in portal_children(user, day)) == seen
    try:
        portal_child(user, jeugdige.pk, day)
    except Jeugdige.DoesNotExist:
        assert not seen
    else:
        assert seen
    return seen


def family(age: int):
    """An oza for a jeugdige of ``age`` with a parent with gezag, one without, and the
    jeugdige's own account; all with portal accounts."""
    arrangement = make_individual_arrangement(age=age, guardians=0)
    jeugdige = the_jeugdige(arrangement)
    return {
        "arrangement": arrangement,
        "jeugdige": jeugdige,
        "custodial": portal_guardian(jeugdige),
        "non_custodial": portal_guardian(jeugdige, has_authority=False),
        "self": portal_account_for_jeugdige(jeugdige),
    }


def test_at_11_the_parent_with_gezag_sees_the_jeugdige_does_not():
    f = family(11)
    assert sees(f["custodial"].user, f["jeugdige"])
    assert not sees(f["self"], f["jeugdige"])
    assert not sees(f["non_custodial"].user, f["jeugdige"])


@pytest.mark.parametrize("age", [12, 15])
def test_from_12_to_15_the_parent_with_gezag_and_the_jeugdige_see(age):
    f = family(age)
    assert sees(f["custodial"].user, f["jeugdige"])
    assert sees(f["self"], f["jeugdige"])
    assert not sees(f["non_custodial"].user, f["jeugdige"])


def test_at_16_parents_see_only_while_the_jeugdige_allows_it():
    f = family(16)
    jeugdige, me = f["jeugdige"], f["self"]
    assert sees(me, jeugdige)
    assert not sees(f["custodial"].user, jeugdige)
    assert not sees(f["non_custodial"].user, jeugdige)

    case_services.consent_record(
        by=me,
        jeugdige=jeugdige,
        guardian=None,
        given=True,
        subject=ConsentSubject.PARENTS_MAY_VIEW,
    )
    assert sees(f["custodial"].user, jeugdige)
    assert sees(f["non_custodial"].user, jeugdige)

    case_services.consent_record(
        by=me,
        jeugdige=jeugdige,
        guardian=None,
        given=False,
        subject=ConsentSubject.PARENTS_MAY_VIEW,
    )
    assert not sees(f["custodial"].user, jeugdige)


def test_a_parent_without_gezag_sees_only_while_a_holder_of_gezag_allows_it():
    f = family(9)
    jeugdige, custodial, other = f["jeugdige"], f["custodial"], f["non_custodial"]
    assert not sees(other.user, jeugdige)
    for given in (True, False, True):
        case_services.consent_record(
            by=custodial.user,
            jeugdige=jeugdige,
            guardian=custodial,
            given=given,
            subject=ConsentSubject.NON_CUSTODIAL_MAY_VIEW,
            about_guardian=other,
        )
        assert sees(other.user, jeugdige) is given


def test_a_child_of_somebody_else_is_never_seen():
    f = family(10)
    stranger = UserFactory(portal=True)
    assert not sees(stranger, f["jeugdige"])
    other = family(10)
    assert not sees(f["custodial"].user, other["jeugdige"])


def test_professionals_and_inactive_accounts_see_nothing_in_the_portal(procesbegeleider):
    f = family(10)
    assert not jeugdigen_for_portal_user(procesbegeleider).exists()
    f["custodial"].user.is_active = False
    f["custodial"].user.save()
    assert not sees(f["custodial"].user, f["jeugdige"])


def _at(day: date):
    return time_machine.travel(datetime(day.year, day.month, day.day, 9, 0, tzinfo=AMSTERDAM))


def test_the_12th_birthday_opens_the_portal_to_the_jeugdige_on_the_day_itself():
    birthday = timezone.localdate() + timedelta(days=30)
    jeugdige = JeugdigeFactory(date_of_birth=birthday.replace(year=birthday.year - 12))
    arrangement = make_individual_arrangement(jeugdige=jeugdige)
    assert arrangement.phase == Phase.ORIENTATION
    parent = portal_guardian(jeugdige)
    me = portal_account_for_jeugdige(jeugdige)
    with _at(birthday - timedelta(days=1)):
        assert jeugdige.age() == 11
        assert not sees(me, jeugdige)
        assert sees(parent.user, jeugdige)
    with _at(birthday):
        assert jeugdige.age() == 12
        assert sees(me, jeugdige)
        assert sees(parent.user, jeugdige)


def test_the_16th_birthday_closes_the_portal_to_parents_without_permission():
    birthday = timezone.localdate() + timedelta(days=30)
    jeugdige = JeugdigeFactory(date_of_birth=birthday.replace(year=birthday.year - 16))
    make_individual_arrangement(jeugdige=jeugdige)
    parent = portal_guardian(jeugdige)
    me = portal_account_for_jeugdige(jeugdige)
    with _at(birthday - timedelta(days=1)):
        assert sees(parent.user, jeugdige)
        assert sees(me, jeugdige)
    with _at(birthday):
        assert not sees(parent.user, jeugdige)
        assert sees(me, jeugdige)
        case_services.consent_record(
            by=me,
            jeugdige=jeugdige,
            guardian=None,
            given=True,
            subject=ConsentSubject.PARENTS_MAY_VIEW,
        )
        assert sees(parent.user, jeugdige)


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [
        (date(2026, 6, 15), 12, date(2014, 6, 15)),
        (date(2028, 2, 29), 16, date(2012, 2, 29)),
        (date(2028, 2, 29), 12, date(2016, 2, 29)),
        (date(2024, 2, 29), 13, date(2011, 2, 28)),
    ],
)
def test_the_birth_date_cutoff_agrees_with_age_on(day, years, expected):
    from cases.models import age_on

    cutoff = born_on_or_before_for_age(day, years)
    assert cutoff == expected
    assert age_on(cutoff, day) >= years
    assert age_on(cutoff + timedelta(days=1), day) < years


def test_access_ends_the_configured_days_after_the_last_oza_closed(settings, procesbegeleider):
    settings.OZA_PORTAL_ACCESS_DAYS_AFTER_CLOSE = 90
    arrangement = make_individual_arrangement(procesbegeleider=procesbegeleider)
    jeugdige = the_jeugdige(arrangement)
    parent = portal_guardian(jeugdige)
    case_services.arrangement_transition(
        arrangement=arrangement,
        to="end_early",
        by=procesbegeleider,
        reason="Verhuisd.",
        early_end_reason="verhuisd",
        destination="onbekend",
    )
    today = timezone.localdate()
    assert sees(parent.user, jeugdige)
    with _at(today + timedelta(days=89)):
        assert sees(parent.user, jeugdige)
    with _at(today + timedelta(days=91)):
        assert not sees(parent.user, jeugdige)
