"""The daily e-mail to the procesbegeleider about granted funding lines that end soon
(funding.notifications), once per line and threshold."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Arrangement, Phase, TeamMember, TeamRole
from funding import notifications
from funding.models import FundingExpiryNotice, FundingStatus
from funding.tasks import send_expiry_notices
from oza.mail import MailBatch
from tests.concurrency import run_twice_at_once, slow_mail
from tests.factories import (
    FundingLineFactory,
    UserFactory,
    make_group_arrangement,
    make_individual_arrangement,
    the_jeugdige,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# 00:30 in Amsterdam is still the previous day in UTC: "today" must be the Dutch date.
NOW = datetime(2026, 3, 10, 0, 30, tzinfo=AMSTERDAM)
TODAY = date(2026, 3, 10)
NOTHING = {"mails_sent": 0, "lines_notified": 0, "notices_created": 0}

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_frozen_now")]


@pytest.fixture
def _frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def on(day: date):
    """Travel to 07:15 (the beat schedule's time) on ``day``."""
    return time_machine.travel(
        datetime.combine(day, datetime.min.time()).replace(hour=7, minute=15, tzinfo=AMSTERDAM),
        tick=False,
    )


def granted_line(arrangement, *, ends: date, **kwargs):
    return FundingLineFactory(
        arrangement=arrangement, granted=True, start_date=date(2026, 1, 1), end_date=ends, **kwargs
    )


def run() -> dict:
    return send_expiry_notices.apply().get()


def test_eight_weeks_before_the_end_one_mail_then_nothing_then_the_two_week_notice(
    oza, procesbegeleider, mailoutbox
):
    end = TODAY + timedelta(weeks=8)
    line = granted_line(oza, ends=end)
    granted_line(oza, ends=end + timedelta(days=1), youth_care=True)  # not yet within 8 weeks

    assert run() == {"mails_sent": 1, "lines_notified": 1, "notices_created": 1}

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [procesbegeleider.email]
    assert mail.subject == "Bekostiging loopt af: 1 regel binnenkort verlopen"
    assert "Beste Pien," in mail.body
    assert f"- Oza {oza.pk}: IBP / arrangement SWV" in mail.body
    assert f"{line.financier} → {line.partner}" in mail.body
    assert "Loopt tot en met 5 mei 2026 (nog 56 dagen; melding 8 weken voor het einde)" in (
        mail.body
    )
    assert f"http://127.0.0.1:8000/oza/{oza.pk}/#bekostiging" in mail.body
    assert "&#x27;" not in mail.body and "&gt;" not in mail.body  # plain text, not escaped
    notice = FundingExpiryNotice.objects.get()
    assert (notice.line, notice.recipient, notice.threshold_weeks, notice.sent_on) == (
        line,
        procesbegeleider,
        8,
        TODAY,
    )

    assert run() == NOTHING  # the same day again
    with on(TODAY + timedelta(days=1)):
        assert run()["lines_notified"] == 1  # the other line's 8 weeks start today
    assert "Jeugdhulp in natura" in mailoutbox[1].body
    assert f"/oza/{oza.pk}/" in mailoutbox[1].body
    with on(TODAY + timedelta(days=20)):
        assert run() == NOTHING  # still only the 8-week threshold passed
    assert len(mailoutbox) == 2

    with on(end - timedelta(weeks=2)):
        assert run() == {"mails_sent": 1, "lines_notified": 1, "notices_created": 1}
        assert run() == NOTHING
    assert len(mailoutbox) == 3
    assert "(nog 14 dagen; melding 2 weken voor het einde)" in mailoutbox[2].body
    assert "Jeugdhulp" not in mailoutbox[2].body
    assert sorted(
        FundingExpiryNotice.objects.filter(line=line).values_list("threshold_weeks", flat=True)
    ) == [2, 8]


def test_a_line_first_seen_ten_days_before_its_end_gets_only_the_two_week_notice(
    oza, procesbegeleider, mailoutbox
):
    line = granted_line(oza, ends=TODAY + timedelta(days=10))

    assert run() == {"mails_sent": 1, "lines_notified": 1, "notices_created": 2}

    assert len(mailoutbox) == 1
    assert "(nog 10 dagen; melding 2 weken voor het einde)" in mailoutbox[0].body
    assert "8 weken" not in mailoutbox[0].body
    # The 8-week notice is recorded too, so it is never sent later.
    assert sorted(
        FundingExpiryNotice.objects.filter(line=line).values_list("threshold_weeks", flat=True)
    ) == [2, 8]
    for day in (TODAY + timedelta(days=1), TODAY + timedelta(days=10)):
        with on(day):
            assert run() == NOTHING
    assert len(mailoutbox) == 1


def test_a_line_ending_today_is_still_notified_but_an_ended_one_is_not(oza, mailoutbox):
    granted_line(oza, ends=TODAY)
    granted_line(oza, ends=TODAY - timedelta(days=1), youth_care=True)

    assert run()["lines_notified"] == 1
    assert "(nog 0 dagen; melding 2 weken voor het einde)" in mailoutbox[0].body


@pytest.mark.parametrize(
    "status", [FundingStatus.REFUSED, FundingStatus.REQUESTED, FundingStatus.EXPIRED]
)
def test_a_line_that_is_not_granted_is_not_notified(oza, mailoutbox, status):
    FundingLineFactory(arrangement=oza, status=status, start_date=date(2026, 1, 1), end_date=TODAY)

    assert run() == NOTHING
    assert mailoutbox == []
    assert not FundingExpiryNotice.objects.exists()


@pytest.mark.parametrize("phase", [Phase.CLOSED, Phase.ENDED_EARLY])
def test_a_line_of_a_closed_oza_is_not_notified(oza, mailoutbox, phase):
    granted_line(oza, ends=TODAY + timedelta(days=10))
    Arrangement.objects.filter(pk=oza.pk).update(phase=phase)  # the phase field is protected

    assert run() == NOTHING
    assert mailoutbox == []


def test_only_an_active_procesbegeleider_with_an_email_is_notified(mailoutbox):
    without_email = UserFactory(email="")
    inactive = UserFactory(is_active=False)
    colleague = UserFactory(intern_begeleider=True)
    first = make_individual_arrangement(procesbegeleider=without_email)
    TeamMember.objects.create(arrangement=first, user=colleague, role=TeamRole.ONDERWIJSCONSULENT)
    granted_line(first, ends=TODAY + timedelta(days=10))
    granted_line(
        make_individual_arrangement(procesbegeleider=inactive), ends=TODAY + timedelta(days=10)
    )

    assert run() == NOTHING
    assert mailoutbox == []
    assert not FundingExpiryNotice.objects.exists()


def test_the_mail_names_no_child_and_no_parent(oza, mailoutbox):
    granted_line(oza, ends=TODAY + timedelta(days=10))
    jeugdige = the_jeugdige(oza)

    run()

    body = mailoutbox[0].body
    assert jeugdige.first_name not in body
    assert jeugdige.last_name not in body
    for guardian in jeugdige.guardians.all():
        assert guardian.name not in body


def test_one_digest_per_procesbegeleider_sorted_by_end_date(mailoutbox):
    pb, other_pb = UserFactory(), UserFactory()
    individual = make_individual_arrangement(procesbegeleider=pb)
    group = make_group_arrangement(procesbegeleider=pb)
    later = granted_line(individual, ends=TODAY + timedelta(weeks=7))
    sooner = granted_line(group, ends=TODAY + timedelta(days=3), youth_care=True)
    granted_line(make_individual_arrangement(procesbegeleider=other_pb), ends=TODAY)

    result = run()

    assert result == {"mails_sent": 2, "lines_notified": 3, "notices_created": 5}
    digest = next(m for m in mailoutbox if m.to == [pb.email])
    assert digest.subject == "Bekostiging loopt af: 2 regels binnenkort verlopen"
    assert f"- {group.name}: Jeugdhulp in natura" in digest.body
    assert digest.body.index(f"/oza/{group.pk}/") < digest.body.index(f"/oza/{individual.pk}/")
    assert str(sooner.partner) in digest.body and str(later.partner) in digest.body


def test_the_digests_of_a_run_go_over_one_connection_to_the_mail_server(smtp_server):
    pb, other_pb = UserFactory(), UserFactory()
    granted_line(make_individual_arrangement(procesbegeleider=pb), ends=TODAY)
    granted_line(make_individual_arrangement(procesbegeleider=other_pb), ends=TODAY)

    assert run()["mails_sent"] == 2
    assert sorted(smtp_server.recipients()) == sorted([pb.email, other_pb.email])
    assert smtp_server.connections() == 1


def test_thresholds_come_from_the_setting(oza, mailoutbox, settings):
    settings.OZA_FUNDING_EXPIRY_NOTICE_WEEKS = [4]
    granted_line(oza, ends=TODAY + timedelta(weeks=5))
    assert run() == NOTHING
    granted_line(oza, ends=TODAY + timedelta(weeks=4), youth_care=True)
    assert run()["lines_notified"] == 1
    assert "melding 4 weken voor het einde" in mailoutbox[0].body


def test_a_run_that_selected_a_line_before_another_run_claimed_it_sends_nothing(
    oza, procesbegeleider, mailoutbox
):
    """Two runs at the same time: the unique constraint decides, not the earlier read."""
    granted_line(oza, ends=TODAY + timedelta(days=10))
    stale = notifications._due_by_recipient(today=TODAY, thresholds=[2, 8])  # run B reads ...

    notifications.send_expiry_notices()  # ... run A claims and sends ...
    with MailBatch() as mail:  # ... then run B claims the same line.
        mailed, created = notifications._claim_and_send(
            user=procesbegeleider, due=stale[procesbegeleider], today=TODAY, mail=mail
        )

    assert (mailed, created) == (0, 0)
    assert len(mailoutbox) == 1
    assert FundingExpiryNotice.objects.count() == 2


def test_a_failed_mail_keeps_no_notice_so_a_retry_sends_it(mailoutbox, monkeypatch):
    failing, fine = UserFactory(), UserFactory()
    granted_line(make_individual_arrangement(procesbegeleider=failing), ends=TODAY)
    granted_line(make_individual_arrangement(procesbegeleider=fine), ends=TODAY)
    real_send = notifications.EmailMessage.send

    def send(message, *args, **kwargs):
        if message.to == [failing.email]:
            raise ConnectionRefusedError("SMTP down")
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(notifications.EmailMessage, "send", send)
    with pytest.raises(notifications.ExpiryNoticeDeliveryError):
        notifications.send_expiry_notices()

    assert [m.to for m in mailoutbox] == [[fine.email]]
    assert set(FundingExpiryNotice.objects.values_list("recipient", flat=True)) == {fine.pk}

    monkeypatch.setattr(notifications.EmailMessage, "send", real_send)
    notifications.send_expiry_notices()

    assert [m.to for m in mailoutbox] == [[fine.email], [failing.email]]


def test_queries_do_not_grow_with_the_number_of_lines(mailoutbox):
    def queries_for(n_oza: int) -> int:
        pb = UserFactory()
        for _ in range(n_oza):
            arrangement = make_individual_arrangement(procesbegeleider=pb)
            granted_line(arrangement, ends=TODAY + timedelta(days=10))
            granted_line(arrangement, ends=TODAY + timedelta(weeks=6), youth_care=True)
        with CaptureQueriesContext(connection) as ctx:
            result = notifications.send_expiry_notices()
        assert result.lines_notified == 2 * n_oza
        return len(ctx.captured_queries)

    assert queries_for(1) == queries_for(4)


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_time_send_each_notice_once(
    oza, procesbegeleider, mailoutbox, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL")
    granted_line(oza, ends=TODAY + timedelta(days=10))
    granted_line(oza, ends=TODAY + timedelta(weeks=8), youth_care=True)
    slow_mail(monkeypatch, notifications.EmailMessage)
    results = run_twice_at_once(lambda: notifications.send_expiry_notices(today=TODAY))
    assert sorted(r.mails_sent for r in results) == [0, 1]
    assert sum(r.lines_notified for r in results) == 2
    assert sum(r.notices_created for r in results) == 3
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [procesbegeleider.email]
    assert FundingExpiryNotice.objects.count() == 3


def test_the_beat_schedule_runs_the_task_daily_at_a_quarter_past_seven_in_amsterdam():
    from django_celery_beat.models import PeriodicTask

    from oza.celery import app

    periodic = PeriodicTask.objects.select_related("crontab").get(
        name="Aflopende bekostiging melden"
    )

    assert periodic.enabled
    assert periodic.task == "funding.tasks.send_expiry_notices"
    assert periodic.task in app.tasks
    crontab = periodic.crontab
    assert (crontab.minute, crontab.hour) == ("15", "7")
    assert (crontab.day_of_week, crontab.day_of_month, crontab.month_of_year) == ("*", "*", "*")
    assert str(crontab.timezone) == "Europe/Amsterdam"
