"""Writes of the shared side of meetings: RSVP, follow-up updates, calendar feeds.

Kept apart from ``meetings/services.py`` (the operations side) so that the two halves
of the feature can be built side by side; both follow the same rules: keyword-only
arguments, validation errors in Bahasa Indonesia, one transaction per call.
"""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.roles import access_for

from .models import ActionItem, ActionItemComment, CalendarFeed, Invitation
from .selectors import rsvp_open

NEEDS_DELEGATE = {Invitation.Rsvp.ATTENDING, Invitation.Rsvp.REPRESENTED}


@transaction.atomic
def respond_to_invitation(
    *,
    invitation: Invitation,
    user,
    rsvp: str,
    delegate: str = "",
    note: str = "",
) -> Invitation:
    """A liaison answers its agency's invitation: hadir, diwakilkan or tidak hadir.

    The answer and who gave it are kept in the invitation's history."""
    if invitation.agency not in access_for(user).liaised:
        raise PermissionDenied
    invitation = (
        Invitation.objects.select_for_update().select_related("meeting").get(pk=invitation.pk)
    )
    errors = {}
    if not rsvp_open(invitation.meeting):
        message = (
            _("Rapat ini sudah dibatalkan; konfirmasi tidak dapat diubah.")
            if invitation.meeting.is_cancelled
            else _("Rapat ini sudah selesai; konfirmasi tidak dapat diubah.")
        )
        raise ValidationError(message)
    if rsvp not in Invitation.Rsvp.values or rsvp == Invitation.Rsvp.PENDING:
        errors["rsvp"] = _("Pilih hadir, diwakilkan, atau tidak hadir.")
    delegate = delegate.strip()
    if rsvp in NEEDS_DELEGATE and not delegate:
        errors["rsvp_delegate"] = (
            _("Tulis nama, pangkat dan jabatan yang mewakili instansi Anda.")
            if rsvp == Invitation.Rsvp.REPRESENTED
            else _("Tulis nama, pangkat dan jabatan yang akan hadir.")
        )
    if errors:
        raise ValidationError(errors)
    invitation.rsvp = rsvp
    invitation.rsvp_delegate = delegate if rsvp in NEEDS_DELEGATE else ""
    invitation.rsvp_note = note.strip()
    invitation.responded_by = user
    invitation.responded_at = timezone.now()
    invitation._history_user = user
    invitation.full_clean()
    invitation.save()
    return invitation


@transaction.atomic
def update_action_item(
    *,
    action_item: ActionItem,
    user,
    status: str,
    comment: str = "",
) -> ActionItem:
    """Sets a follow-up's status and/or adds a comment, as its owner agency's liaison
    or an operator of the host unit. The status change lands in the item's history
    with the user; a comment records the status it set alongside."""
    if not ActionItem.objects.updatable_by(user).filter(pk=action_item.pk).exists():
        raise PermissionDenied
    action_item = ActionItem.objects.select_for_update().get(pk=action_item.pk)
    comment = comment.strip()
    if status not in ActionItem.Status.values:
        raise ValidationError({"status": _("Status tindak lanjut tidak dikenal.")})
    status_changed = status != action_item.status
    if not status_changed and not comment:
        raise ValidationError(_("Ubah status atau tulis komentar terlebih dahulu."))
    if status_changed:
        action_item.status = status
        action_item._history_user = user
        action_item._change_reason = comment[:100] if comment else ""
        action_item.save(update_fields=["status", "updated_at"])
    if comment:
        ActionItemComment.objects.create(
            action_item=action_item,
            author=user,
            author_agency=_speaking_for(user, action_item),
            text=comment,
            status=status if status_changed else "",
        )
    return action_item


def _speaking_for(user, action_item: ActionItem):
    access = access_for(user)
    if action_item.owner_agency in access.liaised:
        return action_item.owner_agency
    for unit in access.operated:
        if action_item.meeting.host.path.startswith(unit.path):
            return unit
    return None


@transaction.atomic
def issue_calendar_feed(*, user) -> tuple[CalendarFeed, str]:
    """A new secret feed URL for ``user``; the previous one stops working.

    Returns the feed and the token, which exists nowhere else: only its digest is
    stored, so the caller must show it to the user now."""
    now = timezone.now()
    CalendarFeed.objects.active().filter(user=user).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(user=user, token_hash=CalendarFeed.digest(token))
    return feed, token


@transaction.atomic
def revoke_calendar_feed(*, user) -> int:
    """Stops the user's feed URL; returns how many were active (0 or 1)."""
    return CalendarFeed.objects.active().filter(user=user).update(revoked_at=timezone.now())


def record_calendar_feed_use(*, feed: CalendarFeed) -> None:
    # One UPDATE, no read-modify-write: clients may poll in parallel.
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
