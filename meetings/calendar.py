"""iCalendar (RFC 5545) output: one meeting's .ics and a user's subscription feed.

Times are written in the host unit's real zone (``DTSTART;TZID=Asia/Makassar``) with
a VTIMEZONE for each zone used, so Google Calendar, Outlook and Thunderbird show
"08.30 WITA" as 08.30 in Makassar whatever the reader's own zone. UID is stable per
meeting and SEQUENCE follows ``Meeting.version``, so a rescheduled or cancelled
meeting updates the entry already in the reader's calendar instead of adding one.
"""

import datetime
import functools
import hashlib
from collections.abc import Callable, Iterable

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone

from .models import Meeting
from .selectors import AgendaEntry, Viewer, agenda_for


def _one_line(text: str) -> str:
    """A property that is one line in every client (SUMMARY, LOCATION, the calendar's
    name): line breaks and other control characters become spaces."""
    return " ".join(text.split())


def _text(text: str) -> str:
    """A multi-line property: line breaks as a plain LF, which icalendar escapes
    (a bare CR would end the content line and break the file)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


PRODID = "-//Sinergi//Koordinasi Pengamanan Pemilu//ID"
UID_DOMAIN = "sinergi"


def meeting_uid(meeting: Meeting) -> str:
    return f"rapat-{meeting.pk}@{UID_DOMAIN}"


def meeting_path(meeting: Meeting) -> str:
    return reverse("meetings:detail", args=[meeting.pk])


def meeting_url_builder(base_url: str) -> Callable[[Meeting], str]:
    """Absolute meeting URLs from one ``reverse()``: a feed of thousands of events
    would otherwise spend a good part of its time resolving the same pattern."""
    marker = "987654321"
    template = base_url.rstrip("/") + reverse("meetings:detail", args=[int(marker)])
    return lambda meeting: template.replace(marker, str(meeting.pk))


def _description(meeting: Meeting, agenda: list[AgendaEntry]) -> str:
    tz = meeting.tzinfo
    label = meeting.zone_label
    lines = []
    if meeting.description:
        lines += [meeting.description, ""]
    lines.append(_("Penyelenggara: %(host)s") % {"host": meeting.host})
    if meeting.operation_id:
        lines.append(_("Operasi: %(operation)s") % {"operation": meeting.operation})
    if meeting.is_cancelled:
        lines.append(_("RAPAT INI DIBATALKAN."))
    if agenda:
        lines += ["", _("Susunan acara:")]
        for entry in agenda:
            item = entry.item
            presenter = item.presenter_label if item.presenter_id or item.presenter_name else ""
            line = f"{entry.starts_at.astimezone(tz):%H.%M} {label}  {item.title}"
            if presenter:
                line += f" ({presenter})"
            lines.append(line)
    return "\n".join(lines)


def meeting_event(
    meeting: Meeting,
    *,
    agenda: list[AgendaEntry],
    base_url: str = "",
    meeting_url: Callable[[Meeting], str] | None = None,
) -> Event:
    """The VEVENT of one meeting, its description listing ``agenda`` (what the reader
    may see, from ``selectors.agenda_for``). The URL is ``base_url`` + the meeting
    page, or ``meeting_url(meeting)`` when given (feeds)."""
    meeting_url = meeting_url or meeting_url_builder(base_url)
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.version)
    event.add("dtstamp", (meeting.updated_at or timezone.now()).astimezone(datetime.UTC))
    event.add("last-modified", (meeting.updated_at or timezone.now()).astimezone(datetime.UTC))
    event.add("created", (meeting.created_at or timezone.now()).astimezone(datetime.UTC))
    event.add("dtstart", meeting.local_start)
    event.add("dtend", meeting.local_end)
    title = meeting.title
    if meeting.is_cancelled:
        title = _("DIBATALKAN: %(title)s") % {"title": title}
    event.add("summary", _one_line(title))
    event.add("location", _one_line(meeting.venue))
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if meeting.is_cancelled else "OPAQUE")
    event.add("description", _text(_description(meeting, agenda)))
    event.add("url", meeting_url(meeting))
    event.add("categories", [str(meeting.get_kind_display())])
    return event


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _one_line(name))
    return cal


@functools.cache
def _vtimezone(tzid: str) -> Timezone:
    """The VTIMEZONE of ``tzid``: icalendar works it out by stepping through the zone's
    offsets over seventy years, which took longer than the rest of a feed; the zones do
    not change while the process runs, and the component is only read once built."""
    return Timezone.from_tzid(tzid)


def _add_timezones(cal: Calendar) -> None:
    """``Calendar.add_missing_timezones`` from built components: a VTIMEZONE for each
    zone the events use, ahead of the events."""
    for position, tzid in enumerate(sorted(cal.get_missing_tzids())):
        cal.subcomponents.insert(position, _vtimezone(tzid))


def meeting_ics_key(meeting: Meeting, *, viewer: Viewer, base_url: str) -> str:
    """What one meeting's .ics file shows, as a cache key: the meeting's contents (a
    fresh ``page_revision`` on every write to it, its agenda, the officials and the
    agencies it names: ``meetings.signals``), its operation's name (which no revision
    follows), what the reader may see, the language and the site's address."""
    parts = [
        str(meeting.pk),
        meeting.page_revision.hex,
        # SEQUENCE and DTSTAMP, bumped by the editor's lock in an UPDATE of their own.
        str(meeting.version),
        str(meeting.updated_at),
        meeting.operation.name if meeting.operation_id and meeting.operation else "",
        "police" if viewer.sees_internal else ",".join(map(str, sorted(viewer.agency_ids))),
        translation.get_language() or "",
        base_url,
    ]
    return "meeting-ics:" + hashlib.sha256("|".join(parts).encode()).hexdigest()


def meeting_ics(meeting: Meeting, *, viewer: Viewer, base_url: str) -> bytes:
    """One meeting as a calendar file, as ``viewer`` may see it: the download on the
    meeting page and the file attached to every notice e-mail, so both share UID and
    SEQUENCE and a change or cancellation updates the entry the reader already has."""
    agenda = agenda_for(meeting=meeting, items=meeting.agenda_items.all(), viewer=viewer)
    cal = _calendar(meeting.title)
    cal.add_component(
        meeting_event(meeting, agenda=agenda, meeting_url=meeting_url_builder(base_url))
    )
    _add_timezones(cal)
    return cal.to_ical()


def feed_ics(meetings: Iterable[Meeting], *, user, base_url: str) -> bytes:
    """A subscription feed: ``meetings`` must carry ``feed_agenda`` (see
    ``selectors.calendar_feed_meetings``)."""
    cal = _calendar(_("Sinergi - Rapat %(user)s") % {"user": user.get_username()})
    # Calendar clients poll; tell them how often is useful.
    cal.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    viewer = Viewer.of(user)
    meeting_url = meeting_url_builder(base_url)
    for meeting in meetings:
        cal.add_component(
            meeting_event(
                meeting,
                agenda=agenda_for(meeting=meeting, items=meeting.feed_agenda, viewer=viewer),
                meeting_url=meeting_url,
            )
        )
    _add_timezones(cal)
    return cal.to_ical()
