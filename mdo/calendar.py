"""The MDO as an iCalendar (RFC 5545) event, for invitations, updates and cancellations.

One MDO keeps one UID for its whole life; SEQUENCE rises with every change that is sent out, so
calendar programs replace the earlier version instead of adding a second appointment.
No name of a jeugdige appears in the event: e-mail and calendars are no place for
special-category data. The summary names the oza (``Oza 12`` or the group's name) and the
description links to the MDO screen behind the login.
"""

from datetime import date
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress

from .models import Invitation, Meeting, MeetingStatus, Participant, ParticipantKind

PRODID = "-//oza//MDO//NL"
TZID = "Europe/Amsterdam"
AMSTERDAM = ZoneInfo(TZID)
METHODS = {"REQUEST", "CANCEL", "PUBLISH"}


def meeting_url(meeting: Meeting) -> str:
    """The MDO screen, ``<OZA_SITE_URL>/mdo/<pk>/`` (behind the login)."""
    return f"{settings.OZA_SITE_URL.rstrip('/')}{reverse('mdo:meeting', kwargs={'pk': meeting.pk})}"


def meeting_title(meeting: Meeting) -> str:
    """``MDO: Start-MDO – Oza 12``: the kind and the oza, never the jeugdige's name."""
    return _("MDO: %(kind)s – %(oza)s") % {
        "kind": meeting.get_kind_display(),
        "oza": meeting.arrangement,
    }


def meeting_place(meeting: Meeting) -> str:
    """Where: the location, the video link, or both."""
    if meeting.location and meeting.video_url:
        return _("%(location)s, of online: %(video_url)s") % {
            "location": meeting.location,
            "video_url": meeting.video_url,
        }
    return meeting.location or meeting.video_url


def recipient_address(participant: Participant) -> str:
    """Where mail for this participant goes: a professional's own (current) account address,
    else the address recorded on the participant. Inactive accounts get no mail."""
    user = participant.user
    if user is not None:
        if not user.is_active:
            return ""
        return user.email or participant.email
    return participant.email


def when_text(meeting: Meeting) -> str:
    """``maandag 29 maart 2027, 10:00 tot 11:00 uur`` in Amsterdam time (call it with Dutch
    active for Dutch day and month names)."""
    start = timezone.localtime(meeting.starts_at, AMSTERDAM)
    end = timezone.localtime(meeting.ends_at, AMSTERDAM)
    return _("%(date)s, %(start)s tot %(end)s uur") % {
        "date": dateformat.format(start, "l j F Y"),
        "start": start.strftime("%H:%M"),
        "end": end.strftime("%H:%M"),
    }


def _description(meeting: Meeting, *, cancelled: bool) -> str:
    lines = []
    if cancelled:
        lines.append(_("Dit MDO gaat niet door."))
    lines.append(_("Multidisciplinair overleg (MDO) over %(oza)s.") % {"oza": meeting.arrangement})
    lines.append(_("Soort: %(kind)s") % {"kind": meeting.get_kind_display()})
    lines.append(_("Wanneer: %(when)s") % {"when": when_text(meeting)})
    if meeting.location:
        lines.append(_("Plaats: %(location)s") % {"location": meeting.location})
    if meeting.video_url:
        lines.append(_("Videolink: %(url)s") % {"url": meeting.video_url})
    lines.append(_("Voorzitter: %(chair)s") % {"chair": meeting.chair})
    lines.append("")
    lines.append(
        _("Agenda en meer informatie (na inloggen): %(url)s") % {"url": meeting_url(meeting)}
    )
    return "\n".join(lines)


def _organizer(meeting: Meeting) -> vCalAddress:
    chair = meeting.chair
    address = chair.email or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["CN"] = str(chair)
    organizer.params["ROLE"] = "CHAIR"
    return organizer


def _attendee_name(participant: Participant) -> str:
    """Professionals and external guests by name; a parent or the jeugdige by their part only,
    because the attachment travels by e-mail to everyone (a parent's surname is often the
    child's)."""
    if participant.kind in (ParticipantKind.PARENT, ParticipantKind.JEUGDIGE):
        return participant.get_kind_display()
    return participant.name


def _attendee(meeting: Meeting, participant: Participant, address: str) -> vCalAddress:
    attendee = vCalAddress(f"mailto:{address}")
    attendee.params["CN"] = _attendee_name(participant)
    attendee.params["CUTYPE"] = "INDIVIDUAL"
    attendee.params["ROLE"] = (
        "CHAIR"
        if participant.user_id and participant.user_id == meeting.chair_id
        else "REQ-PARTICIPANT"
    )
    attendee.params["PARTSTAT"] = (
        "DECLINED" if participant.invitation == Invitation.DECLINED else "NEEDS-ACTION"
    )
    return attendee


def _timezone_range(meeting: Meeting) -> tuple[date, date]:
    """A short VTIMEZONE: the rules of the year of the meeting and the next."""
    year = timezone.localtime(meeting.starts_at, AMSTERDAM).year
    return date(year, 1, 1), date(year + 2, 1, 1)


def meeting_ics(meeting: Meeting, *, method: str = "REQUEST") -> bytes:
    """The MDO as a VCALENDAR with one VEVENT and the Europe/Amsterdam VTIMEZONE.

    ``method`` is ``REQUEST`` (invitation or update), ``CANCEL`` (cancellation; the event gets
    STATUS:CANCELLED) or ``PUBLISH`` (a plain download for one's own agenda)."""
    method = method.upper()
    if method not in METHODS:
        raise ValueError(f"Unknown iTIP method {method!r}")
    cancelled = method == "CANCEL" or meeting.status == MeetingStatus.CANCELLED
    participants = list(meeting.participants.select_related("user"))

    with translation.override(settings.LANGUAGE_CODE):
        calendar = Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("method", method)

        event = Event()
        event.add("uid", f"{meeting.uid}@oza")
        event.add("sequence", meeting.sequence)
        event.add("dtstamp", timezone.now())
        event.start = timezone.localtime(meeting.starts_at, AMSTERDAM)
        event.end = timezone.localtime(meeting.ends_at, AMSTERDAM)
        event.add("summary", meeting_title(meeting))
        place = meeting_place(meeting)
        if place:
            event.add("location", place)
        event.add("description", _description(meeting, cancelled=cancelled))
        event.add("url", meeting_url(meeting))
        event.add("organizer", _organizer(meeting))
        for participant in participants:
            address = recipient_address(participant)
            if address:
                event.add("attendee", _attendee(meeting, participant, address))
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        event.add("transp", "OPAQUE")
        calendar.add_component(event)

    first, last = _timezone_range(meeting)
    calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()
