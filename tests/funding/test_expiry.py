"""Granted lines expire by date; ending a line keeps the date it was granted."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django_celery_beat.models import PeriodicTask

from funding import services
from funding.models import FundingStatus
from funding.tasks import expire_lapsed_lines
from tests.factories import FundingLineFactory

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def test_granted_lines_past_their_end_expire_once(oza):
    lapsed = FundingLineFactory(
        arrangement=oza, granted=True, start_date=date(2026, 1, 1), end_date=date(2026, 3, 31)
    )
    ends_today = FundingLineFactory(
        arrangement=oza,
        youth_care=True,
        granted=True,
        start_date=date(2026, 1, 1),
        end_date=date(2026, 4, 1),
    )
    pending = FundingLineFactory(
        arrangement=oza,
        kind="dagbesteding",
        start_date=date(2026, 1, 1),
        end_date=date(2026, 2, 1),
    )
    with time_machine.travel(datetime(2026, 4, 1, 1, 0, tzinfo=AMSTERDAM), tick=False):
        assert expire_lapsed_lines.apply().get() == 1
        assert expire_lapsed_lines.apply().get() == 0
    for line in (lapsed, ends_today, pending):
        line.refresh_from_db()
    assert lapsed.status == FundingStatus.EXPIRED
    assert ends_today.status == FundingStatus.GRANTED  # still valid on its last day
    assert pending.status == FundingStatus.REQUESTED  # a request does not expire


def test_the_expiry_runs_daily_from_the_database_schedule():
    task = PeriodicTask.objects.get(task="funding.tasks.expire_lapsed_lines")
    assert (task.crontab.hour, task.crontab.minute) == ("1", "0")
    assert str(task.crontab.timezone) == "Europe/Amsterdam"


def test_ending_a_line_keeps_its_grant_date(oza, procesbegeleider):
    line = FundingLineFactory(arrangement=oza)
    services.funding_line_decide(
        by=procesbegeleider, line=line, decision="grant", decided_on=date(2026, 2, 1)
    )
    services.funding_line_decide(
        by=procesbegeleider, line=line, decision="end", decided_on=date(2026, 5, 1)
    )
    line.refresh_from_db()
    assert (line.status, line.decided_on, line.ended_on) == (
        FundingStatus.ENDED,
        date(2026, 2, 1),
        date(2026, 5, 1),
    )
