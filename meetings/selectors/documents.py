"""What the meeting's undangan and notulen print as naskah dinas (agencies.letters)."""

from django.utils.translation import gettext as _

from agencies.letters.selectors import Letter, SignatureBlock, issued_number, letter_for
from agencies.letters.titles import addressee_title
from agencies.models import IssuedNumber, Official

from ..models import Meeting
from .meetings import MeetingPage

# An undangan lists at most this many addressees itself; more go to an attachment.
ADDRESSEES_ON_LETTER = 6


def issued_meeting_number(*, meeting: Meeting, kind: str) -> IssuedNumber | None:
    """The Nomor the meeting's undangan or notulen carries, if issued."""
    return issued_number(unit=meeting.host, document=meeting, kind=kind)


def _sheets(count: int) -> str:
    words = {1: _("1 (satu) lembar"), 2: _("2 (dua) lembar")}
    return words.get(count, "")


def invitation_letter(*, page: MeetingPage, number: IssuedNumber | None) -> Letter:
    """The undangan: to the heads of the invited agencies, signed a.n. the head of the
    host by the meeting's signatory (else the register's), copied to the unit above."""
    meeting = page.meeting
    heads = [addressee_title(invitation.agency) for invitation in page.invitations]
    listed_apart = len(heads) > ADDRESSEES_ON_LETTER
    return letter_for(
        unit=meeting.host,
        number=number,
        subject=number.subject if number else _("Undangan %(title)s") % {"title": meeting.title},
        addressees=[_("(daftar terlampir)")] if listed_apart else heads,
        copies=_copies(meeting),
        attachment=_sheets(int(bool(page.view.agenda)) + int(listed_apart)),
        signatory=meeting.signatory,
    )


def invitation_addressees(*, page: MeetingPage) -> list[str]:
    return [addressee_title(invitation.agency) for invitation in page.invitations]


def minutes_letter(*, page: MeetingPage, number: IssuedNumber | None) -> Letter:
    return letter_for(
        unit=page.meeting.host,
        number=number,
        subject=number.subject
        if number
        else _("Notulen %(title)s") % {"title": page.meeting.title},
        signatory=page.meeting.signatory,
    )


def official_signature(official: Official | None) -> SignatureBlock | None:
    """A signature block for a named official signing in their own name (notulis, chair)."""
    if official is None:
        return None
    return SignatureBlock(
        on_behalf_of="",
        position=official.position.upper(),
        name=official.name.upper(),
        rank=official.rank,
        nrp=official.nrp,
    )


def _copies(meeting: Meeting) -> list[str]:
    parent = meeting.host.parent
    return [addressee_title(parent)] if parent is not None else []
