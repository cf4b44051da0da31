"""The daily digest of overdue oza's to their procesbegeleider (cases.notifications)."""

from datetime import date, datetime
from itertools import count
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import notifications
from cases.models import (
    Arrangement,
    Jeugdige,
    OverdueNotice,
    Participation,
    Phase,
    Setting,
    TeamMember,
    TeamRole,
)
from cases.tasks import send_overdue_notices
from oza.accounts.models import Function, Organisation, OrganisationType, User
from oza.mail import MailBatch

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# 00:30 in Amsterdam is still the previous day in UTC: "today" must be the Dutch date.
NOW = datetime(2026, 3, 10, 0, 30, tzinfo=AMSTERDAM)
TODAY = date(2026, 3, 10)
YESTERDAY = date(2026, 3, 9)

_numbers = count(1)


def make_user(*, function=Function.ONDERWIJSCONSULENT, email=None, first_name="Pien"):
    n = next(_numbers)
    return User.objects.create(
        username=f"user{n}",
        first_name=first_name,
        last_name=f"Achternaam{n}",
        email=f"user{n}@swv.example" if email is None else email,
        function=function,
    )


def make_oza(
    *,
    procesbegeleider,
    planned_end,
    phase=Phase.ORIENTATION,
    first_name="Sanne",
    last_name="de Vries",
    other_team_member=None,
):
    """An individual oza with one jeugdige and ``procesbegeleider`` on the team."""
    gemeente, _ = Organisation.objects.get_or_create(
        name="Gemeente Alkmaar", type=OrganisationType.GEMEENTE, cbs_code="GM0361"
    )
    jeugdige = Jeugdige.objects.create(
        first_name=first_name,
        last_name=last_name,
        date_of_birth=date(2014, 5, 1),
        gemeente=gemeente,
        education_status="thuiszitter",
    )
    arrangement = Arrangement.objects.create(
        setting=Setting.CARE_IN_EDUCATION,
        planned_start=date(2025, 9, 1),
        planned_end=planned_end,
        phase=phase,
        created_by=procesbegeleider,
    )
    Participation.objects.create(
        arrangement=arrangement, jeugdige=jeugdige, joined_on=date(2025, 9, 1)
    )
    TeamMember.objects.create(
        arrangement=arrangement, user=procesbegeleider, role=TeamRole.PROCESBEGELEIDER
    )
    if other_team_member is not None:
        TeamMember.objects.create(
            arrangement=arrangement, user=other_team_member, role=TeamRole.ONDERWIJSCONSULENT
        )
    return arrangement


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_frozen_now")]


@pytest.fixture
def _frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_procesbegeleider_of_an_overdue_oza_gets_one_dutch_digest(mailoutbox):
    pb = make_user(first_name="Pien")
    colleague = make_user(function=Function.INTERN_BEGELEIDER)
    oza = make_oza(procesbegeleider=pb, planned_end=YESTERDAY, other_team_member=colleague)

    result = send_overdue_notices.apply().get()

    assert result == {"mails_sent": 1, "notices_created": 1}
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [pb.email]
    assert mail.subject == "Verlopen oza's: 1 oza voorbij de geplande einddatum"
    assert "Beste Pien," in mail.body
    assert "Sanne" not in mail.body  # no child's name in e-mail, only the link
    assert "Gepland einde: 9 maart 2026 (1 dag geleden)" in mail.body
    assert f"http://127.0.0.1:8000/oza/{oza.pk}/" in mail.body
    assert "&#x27;" not in mail.body  # plain text: no HTML escaping
    notice = OverdueNotice.objects.get()
    assert (notice.user, notice.arrangement, notice.sent_on) == (pb, oza, TODAY)


def test_oza_ending_today_is_not_overdue_yet(mailoutbox):
    make_oza(procesbegeleider=make_user(), planned_end=TODAY)

    send_overdue_notices.apply().get()

    assert mailoutbox == []
    assert not OverdueNotice.objects.exists()


@pytest.mark.parametrize("phase", [Phase.CLOSED, Phase.ENDED_EARLY])
def test_closed_oza_is_not_notified(mailoutbox, phase):
    make_oza(procesbegeleider=make_user(), planned_end=date(2025, 12, 31), phase=phase)

    send_overdue_notices.apply().get()

    assert mailoutbox == []
    assert not OverdueNotice.objects.exists()


def test_running_the_task_twice_sends_once(mailoutbox):
    pb = make_user()
    make_oza(procesbegeleider=pb, planned_end=YESTERDAY)

    first = send_overdue_notices.apply().get()
    second = send_overdue_notices.apply().get()

    assert first == {"mails_sent": 1, "notices_created": 1}
    assert second == {"mails_sent": 0, "notices_created": 0}
    assert len(mailoutbox) == 1
    assert OverdueNotice.objects.count() == 1


def test_one_digest_per_procesbegeleider_and_later_only_the_new_oza(mailoutbox):
    pb, other_pb = make_user(), make_user()
    first = make_oza(procesbegeleider=pb, planned_end=date(2026, 1, 31), first_name="Ahmed")
    second = make_oza(procesbegeleider=pb, planned_end=date(2026, 2, 28), first_name="Bo")
    make_oza(procesbegeleider=other_pb, planned_end=YESTERDAY, first_name="Cas")
    later = make_oza(procesbegeleider=pb, planned_end=date(2026, 3, 31), first_name="Dewi")

    send_overdue_notices.apply().get()

    assert sorted(len(m.body.split("\n- ")) - 1 for m in mailoutbox) == [1, 2]
    digest = next(m for m in mailoutbox if m.to == [pb.email])
    assert digest.subject == "Verlopen oza's: 2 oza's voorbij de geplande einddatum"
    assert digest.body.index(f"/oza/{first.pk}/") < digest.body.index(f"/oza/{second.pk}/")
    assert f"/oza/{later.pk}/" not in digest.body

    mailoutbox.clear()
    with time_machine.travel(datetime(2026, 4, 1, 7, 0, tzinfo=AMSTERDAM), tick=False):
        send_overdue_notices.apply().get()

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [pb.email]
    assert f"/oza/{later.pk}/" in mailoutbox[0].body
    assert f"/oza/{first.pk}/" not in mailoutbox[0].body


def test_the_digests_of_a_run_go_over_one_connection_to_the_mail_server(smtp_server):
    pb, other_pb = make_user(), make_user()
    make_oza(procesbegeleider=pb, planned_end=YESTERDAY, first_name="Ahmed")
    make_oza(procesbegeleider=other_pb, planned_end=YESTERDAY, first_name="Cas")

    assert send_overdue_notices.apply().get() == {"mails_sent": 2, "notices_created": 2}
    assert sorted(smtp_server.recipients()) == sorted([pb.email, other_pb.email])
    assert smtp_server.connections() == 1


def test_procesbegeleider_without_email_is_skipped(mailoutbox):
    make_oza(procesbegeleider=make_user(email=""), planned_end=YESTERDAY)

    send_overdue_notices.apply().get()

    assert mailoutbox == []
    assert not OverdueNotice.objects.exists()


def test_a_run_that_selected_the_same_oza_before_another_run_claimed_it_sends_nothing(
    mailoutbox,
):
    """Two runs at the same time: the unique constraint decides, not the earlier read."""
    pb = make_user()
    make_oza(procesbegeleider=pb, planned_end=YESTERDAY)
    stale = notifications._overdue_memberships(today=TODAY)  # run B reads ...

    notifications.send_overdue_notices()  # ... run A claims and sends ...
    with MailBatch() as mail:  # ... then run B tries to claim the same oza.
        sent = notifications._claim_and_send(
            user=pb, arrangements=[m.arrangement for m in stale], today=TODAY, mail=mail
        )

    assert sent == 0
    assert len(mailoutbox) == 1
    assert OverdueNotice.objects.count() == 1


def test_a_failed_mail_keeps_no_notice_so_a_retry_sends_it(mailoutbox, monkeypatch):
    failing, fine = make_user(), make_user()
    make_oza(procesbegeleider=failing, planned_end=YESTERDAY, first_name="Eva")
    make_oza(procesbegeleider=fine, planned_end=YESTERDAY, first_name="Fenna")
    real_send = notifications.EmailMessage.send

    def send(message, *args, **kwargs):
        if message.to == [failing.email]:
            raise ConnectionRefusedError("SMTP down")
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(notifications.EmailMessage, "send", send)
    with pytest.raises(notifications.OverdueNoticeDeliveryError):
        notifications.send_overdue_notices()

    assert [m.to for m in mailoutbox] == [[fine.email]]
    assert list(OverdueNotice.objects.values_list("user", flat=True)) == [fine.pk]

    monkeypatch.setattr(notifications.EmailMessage, "send", real_send)
    notifications.send_overdue_notices()

    assert [m.to for m in mailoutbox] == [[fine.email], [failing.email]]


def test_queries_do_not_grow_with_the_number_of_oza(mailoutbox):
    def queries_for(n_oza: int) -> int:
        pb = make_user()
        for _ in range(n_oza):
            make_oza(procesbegeleider=pb, planned_end=YESTERDAY)
        with CaptureQueriesContext(connection) as ctx:
            result = notifications.send_overdue_notices()
        assert result.notices_created == n_oza
        return len(ctx.captured_queries)

    assert queries_for(1) == queries_for(4)


def test_the_beat_schedule_runs_the_task_daily_at_seven_in_amsterdam():
    from django_celery_beat.models import PeriodicTask

    from oza.celery import app

    periodic = PeriodicTask.objects.select_related("crontab").get(name="Verlopen oza's melden")

    assert periodic.enabled
    assert periodic.task == "cases.tasks.send_overdue_notices"
    assert periodic.task in app.tasks
    crontab = periodic.crontab
    assert (crontab.minute, crontab.hour) == ("0", "7")
    assert (crontab.day_of_week, crontab.day_of_month, crontab.month_of_year) == ("*", "*", "*")
    assert str(crontab.timezone) == "Europe/Amsterdam"
