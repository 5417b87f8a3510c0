"""Loads the five seed meetings and the upcoming ones, with invitations and outcomes."""

import datetime

from agencies.models import Agency, Official
from meetings.models import ActionItem, AgendaItem, Attendee, Decision, Invitation, Meeting

from ..models import Operation
from .common import upsert
from .data.meetings import MeetingSpec


def _aware(agency: Agency, parts: tuple[int, int, int, int, int]) -> datetime.datetime:
    """A wall-clock time in the host's own zone (08.30 WITA stays 08.30 WITA)."""
    return datetime.datetime(*parts, tzinfo=agency.tzinfo)


def load_meeting(
    spec: MeetingSpec,
    *,
    agencies: dict[str, Agency],
    officials: dict[str, Official],
    operations: dict[str, Operation],
) -> Meeting:
    host = agencies[spec.host]
    starts_at = _aware(host, spec.start)
    meeting = upsert(
        Meeting,
        lookup={"host": host, "title": spec.title},
        values={
            "kind": spec.kind,
            "operation": operations[spec.operation] if spec.operation else None,
            "description": spec.description,
            "starts_at": starts_at,
            "ends_at": starts_at + datetime.timedelta(hours=spec.hours),
            "venue": spec.venue,
            "chair": officials[spec.chair] if spec.chair else None,
            "chair_on_behalf_of": officials[spec.on_behalf_of] if spec.on_behalf_of else None,
            "visibility": spec.visibility,
            "status": spec.status,
            "summary": spec.summary,
        },
    )
    for invite in spec.invitations:
        upsert(
            Invitation,
            lookup={"meeting": meeting, "agency": agencies[invite.agency]},
            values={
                "rsvp": invite.rsvp,
                "present": invite.present,
                "rsvp_delegate": invite.delegate,
            },
        )
    for person in spec.attendees:
        official = officials[person.official] if person.official else None
        lookup = {"meeting": meeting, "agency": agencies[person.agency]}
        lookup |= {"official": official} if official else {"name": person.name}
        upsert(
            Attendee,
            lookup=lookup,
            values={
                "position": person.position,
                "represents": officials[person.represents] if person.represents else None,
            },
        )
    items = {}
    for order, item in enumerate(spec.agenda, start=1):
        items[order] = upsert(
            AgendaItem,
            lookup={"meeting": meeting, "order": order},
            values={
                "title": item.title,
                "presenter": officials[item.presenter] if item.presenter else None,
                "presenter_name": item.presenter_name,
                "duration_minutes": item.minutes,
                "is_internal": item.internal,
            },
        )
    for order, decide in enumerate(spec.decisions, start=1):
        decision = upsert(
            Decision,
            lookup={"meeting": meeting, "order": order},
            values={
                "text": decide.text,
                "agenda_item": items[decide.item] if decide.item else None,
                "is_internal": decide.internal,
            },
        )
        for follow in decide.follow_ups:
            upsert(
                ActionItem,
                lookup={"meeting": meeting, "text": follow.text},
                values={
                    "decision": decision,
                    "owner_agency": agencies[follow.owner],
                    "owner_official": officials[follow.official] if follow.official else None,
                    "due_date": follow.due,
                    "status": follow.status,
                },
            )
    return meeting
