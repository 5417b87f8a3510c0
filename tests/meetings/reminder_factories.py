"""Meeting reminder scenes: a host, invited agencies with their liaisons and officials."""

import datetime

from agencies.models import Agency, Membership
from tests.factories import (
    AgencyFactory,
    InvitationFactory,
    MeetingFactory,
    MembershipFactory,
    OfficialFactory,
    UserFactory,
    region_chain,
)

UTC = datetime.UTC


def wita_host():
    """Polres Banjarmasin-like unit seated in Kalimantan Selatan (WITA)."""
    polda = AgencyFactory(
        kind=Agency.Kind.POLDA, short_name="Polda Kalsel", seat=region_chain("63")
    )
    return AgencyFactory(
        parent=polda, short_name="Polresta Banjarmasin", seat=region_chain("63.71")
    )


def invited_agency(meeting, *, kind=Agency.Kind.KPU, email_prefix="kpu", seat="31"):
    """An invited partner agency (WIB by default) with a liaison and an official, both
    with an e-mail address."""
    agency = AgencyFactory(kind=kind, seat=region_chain(seat))
    InvitationFactory(meeting=meeting, agency=agency)
    liaison = UserFactory(email=f"{email_prefix}.penghubung@example.id")
    MembershipFactory(user=liaison, agency=agency, role=Membership.Role.LIAISON)
    official = OfficialFactory(agency=agency, email=f"{email_prefix}.ketua@example.id")
    return agency, liaison, official


def meeting_at(starts_at: datetime.datetime, *, host=None, **kwargs):
    host = host or wita_host()
    return MeetingFactory(
        host=host,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        **kwargs,
    )
