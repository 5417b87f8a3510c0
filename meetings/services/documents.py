"""The meeting's naskah dinas: numbering its undangan and notulen, approving the minutes."""

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.letters.services import issue_number
from agencies.models import Classification, IssuedNumber

from ..models import Meeting
from .meetings import _save

INVITATION = "undangan"
MINUTES = "notulen"


def issue_meeting_document(*, meeting: Meeting, kind: str, user: User | None) -> IssuedNumber:
    """The Nomor of the meeting's undangan or notulen, given by the host's register at the
    first print and kept for every reprint."""
    if kind not in (INVITATION, MINUTES):
        raise ValueError(kind)
    subject = _("Undangan %(title)s") if kind == INVITATION else _("Notulen %(title)s")
    return issue_number(
        unit=meeting.host,
        document=meeting,
        kind=kind,
        classification=Classification.BIASA,
        subject=subject % {"title": meeting.title},
        issued_by=user,
    )


@transaction.atomic
def approve_minutes(*, meeting: Meeting, user: User) -> Meeting:
    """Records that the chair approved the minutes as they stand (who, when, recorded by)."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",)).select_related("chair").get(pk=meeting.pk)
    )
    if meeting.status != Meeting.Status.HELD:
        raise ValidationError(_("Notulen disetujui setelah rapat dicatat terlaksana."))
    if meeting.chair is None:
        raise ValidationError(
            _("Pimpinan rapat belum dicatat; isi pimpinan rapat pada hasil rapat dahulu.")
        )
    if meeting.minutes_approved:
        return meeting
    meeting.minutes_approved_by = meeting.chair
    meeting.minutes_approved_at = timezone.now()
    meeting.minutes_approval_recorded_by = user
    _save(meeting, user=user)
    return meeting
