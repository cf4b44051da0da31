"""The MDO as an iCalendar event (mdo.calendar.meeting_ics), parsed back with icalendar."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from icalendar import Calendar

from mdo import invitations, services
from mdo.calendar import meeting_ics
from mdo.models import ParticipantKind
from tests.factories import UserFactory, make_group_arrangement
from tests.mdo.test_invitations import AMSTERDAM, CHILD, NOW, STARTS, make_meeting

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_frozen_now")]


@pytest.fixture
def _frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def parse(ics: bytes):
    calendar = Calendar.from_ical(ics)
    [event] = calendar.events
    return calendar, event


def test_the_event_has_everything_a_calendar_program_needs():
    meeting = make_meeting()

    calendar, event = parse(meeting_ics(meeting))

    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == "-//oza//MDO//NL"
    assert calendar["METHOD"] == "REQUEST"
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Amsterdam"]
    assert str(event["UID"]) == f"{meeting.uid}@oza"
    assert event["SEQUENCE"] == 0
    assert event["DTSTAMP"].dt == NOW.astimezone(UTC)
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert event["DTEND"].params["TZID"] == "Europe/Amsterdam"
    assert (event.start, event.end) == (STARTS, STARTS + timedelta(hours=1))
    assert event["SUMMARY"] == f"MDO: Start-MDO – Oza {meeting.arrangement_id}"
    assert event["LOCATION"] == "School"
    description = str(event["DESCRIPTION"])
    assert "Multidisciplinair overleg (MDO)" in description
    assert "Wanneer: maandag 29 maart 2027, 10:00 tot 11:00 uur" in description
    assert "Voorzitter: Pien Procesbegeleider" in description
    assert f"http://127.0.0.1:8000/mdo/{meeting.pk}/" in description
    assert event["STATUS"] == "CONFIRMED"

    organizer = event["ORGANIZER"]
    assert str(organizer) == f"mailto:{meeting.chair.email}"
    assert organizer.params["CN"] == "Pien Procesbegeleider"
    attendees = {str(a): a.params for a in event["ATTENDEE"]}
    olaf = meeting.participants.get(name="Olaf Consulent")
    assert set(attendees) == {
        f"mailto:{meeting.chair.email}",
        f"mailto:{olaf.email}",
        "mailto:marieke@example.nl",
    }
    assert attendees[f"mailto:{meeting.chair.email}"]["ROLE"] == "CHAIR"
    assert attendees[f"mailto:{olaf.email}"]["CN"] == "Olaf Consulent"
    # A parent is named by their part only: the attachment travels by e-mail.
    assert attendees["mailto:marieke@example.nl"]["CN"] == "Ouder/verzorger"


def test_wall_clock_time_in_amsterdam_on_both_sides_of_the_change_to_summer_time():
    winter = make_meeting(starts_at=datetime(2027, 3, 22, 10, 0, tzinfo=AMSTERDAM))
    summer = make_meeting(starts_at=datetime(2027, 3, 29, 10, 0, tzinfo=AMSTERDAM))

    _cal, winter_event = parse(meeting_ics(winter))
    calendar, summer_event = parse(meeting_ics(summer))

    assert "DTSTART;TZID=Europe/Amsterdam:20270322T100000" in meeting_ics(winter).decode()
    assert "DTSTART;TZID=Europe/Amsterdam:20270329T100000" in meeting_ics(summer).decode()
    assert winter_event.start.astimezone(UTC) == datetime(2027, 3, 22, 9, 0, tzinfo=UTC)
    assert summer_event.start.astimezone(UTC) == datetime(2027, 3, 29, 8, 0, tzinfo=UTC)
    [timezone] = calendar.timezones
    kinds = {component.name for component in timezone.subcomponents}
    assert kinds == {"STANDARD", "DAYLIGHT"}


def test_uid_stays_and_sequence_rises_through_a_move_and_a_cancellation():
    meeting = make_meeting()
    uid = f"{meeting.uid}@oza"
    planned = parse(meeting_ics(meeting))[1]

    invitations.meeting_reschedule(
        meeting=meeting,
        by=meeting.chair,
        starts_at=STARTS + timedelta(days=7),
        duration_minutes=45,
        location="Gemeentehuis",
        video_url="",
    )
    meeting.refresh_from_db()
    moved = parse(meeting_ics(meeting))[1]
    invitations.meeting_cancel(meeting=meeting, by=meeting.chair, reason="Ziek")
    meeting.refresh_from_db()
    cancel_calendar, cancelled = parse(meeting_ics(meeting, method="CANCEL"))

    assert [str(e["UID"]) for e in (planned, moved, cancelled)] == [uid, uid, uid]
    assert [e["SEQUENCE"] for e in (planned, moved, cancelled)] == [0, 1, 2]
    assert moved.start == STARTS + timedelta(days=7)
    assert moved.end == STARTS + timedelta(days=7, minutes=45)
    assert moved["LOCATION"] == "Gemeentehuis"
    assert (moved["STATUS"], cancelled["STATUS"]) == ("CONFIRMED", "CANCELLED")
    assert cancel_calendar["METHOD"] == "CANCEL"
    assert "Dit MDO gaat niet door." in str(cancelled["DESCRIPTION"])


def test_place_is_the_location_the_video_link_or_both():
    video = "https://video.example/mdo-1"

    only_video = parse(meeting_ics(make_meeting(location="", video_url=video)))[1]
    both = parse(meeting_ics(make_meeting(location="School", video_url=video)))[1]

    assert only_video["LOCATION"] == video
    assert both["LOCATION"] == f"School, of online: {video}"
    assert f"Videolink: {video}" in str(both["DESCRIPTION"])


def test_no_name_of_the_jeugdige_anywhere_in_the_event_even_with_her_own_address():
    meeting = make_meeting()
    sanne = meeting.participants.get(kind=ParticipantKind.JEUGDIGE)
    sanne.email = "sanne@example.nl"
    sanne.save()

    ics = meeting_ics(meeting)
    _calendar, event = parse(ics)

    assert CHILD[0] not in ics.decode()
    assert CHILD[0] not in str(event["SUMMARY"])
    assert CHILD[0] not in str(event["DESCRIPTION"])
    attendees = {str(a): a.params for a in event["ATTENDEE"]}
    assert attendees["mailto:sanne@example.nl"]["CN"] == "Jeugdige"


def test_a_group_oza_is_named_by_its_group_name():
    chair = UserFactory()
    group = make_group_arrangement(procesbegeleider=chair, name="Faalangstgroep VO")
    meeting = services.meeting_plan(
        arrangement=group, by=chair, kind="voortgang", starts_at=STARTS, location="School"
    )

    event = parse(meeting_ics(meeting))[1]

    assert event["SUMMARY"] == "MDO: Voortgangs-MDO – Faalangstgroep VO"


def test_publish_for_a_download_and_nothing_else():
    meeting = make_meeting()

    assert parse(meeting_ics(meeting, method="PUBLISH"))[0]["METHOD"] == "PUBLISH"
    with pytest.raises(ValueError):
        meeting_ics(meeting, method="REPLY")
