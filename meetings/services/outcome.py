"""Recording what a meeting produced and updating its follow-ups."""

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from agencies.models import Agency, Official
from agencies.roles import access_for

from ..models import (
    ActionItem,
    ActionItemComment,
    Attendee,
    Decision,
    Meeting,
    MeetingRisk,
)
from .meetings import RowChanges, _claim_version, _save, _sync_rows


@transaction.atomic
def record_outcome(
    *,
    meeting: Meeting,
    user: User,
    version: int,
    chair: Official | None,
    chair_on_behalf_of: Official | None,
    summary: str,
    minutes_shared: bool,
    mark_held: bool,
    minutes_taker: Official | None = None,
    early_reason: str = "",
    presence: dict[int, bool | None],
    minutes: dict[int, str],
    attendees: RowChanges,
    decisions: RowChanges,
    action_items: RowChanges,
    risks: RowChanges,
) -> Meeting:
    """Who came and for whom, the minutes per agenda item, decisions, follow-ups and
    the risks raised.

    Before the meeting starts this is an exception that needs a reason, and a meeting
    that has not started cannot be marked held; a cancelled meeting has no outcome.
    """
    if not meeting.accepts_outcome:
        raise ValidationError(_("Rapat ini dibatalkan; hasil rapat tidak dapat dicatat."))
    early_reason = early_reason.strip()
    if not meeting.has_started:
        if not early_reason:
            raise ValidationError(
                {"early_reason": _("Rapat belum dimulai: tulis alasan mencatat hasil lebih awal.")}
            )
        if mark_held:
            raise ValidationError(
                {"mark_held": _("Rapat belum dimulai, jadi belum dapat ditandai terlaksana.")}
            )
    _claim_version(meeting=meeting, version=version)
    if early_reason and not meeting.has_started:
        meeting.early_outcome_reason = early_reason
    # What was approved may have changed, so the chair approves the minutes again.
    meeting.minutes_taker = minutes_taker
    meeting.minutes_approved_by = None
    meeting.minutes_approved_at = None
    meeting.minutes_approval_recorded_by = None
    meeting.chair = chair
    meeting.chair_on_behalf_of = chair_on_behalf_of
    meeting.summary = summary
    meeting.minutes_shared = minutes_shared
    if mark_held and meeting.status == Meeting.Status.SCHEDULED:
        meeting.status = Meeting.Status.HELD
    _save(meeting, user=user)

    for invitation in meeting.invitations.filter(pk__in=list(presence)):
        if invitation.present != presence[invitation.pk]:
            invitation.present = presence[invitation.pk]
            _save(invitation, user=user)
    for item in meeting.agenda_items.filter(pk__in=list(minutes)):
        if item.minutes != minutes[item.pk]:
            item.minutes = minutes[item.pk]
            _save(item, user=user)

    _sync_rows(model=Attendee, meeting=meeting, changes=attendees, user=user)
    _sync_rows(model=Decision, meeting=meeting, changes=decisions, user=user)
    _sync_rows(model=ActionItem, meeting=meeting, changes=action_items, user=user)
    _sync_rows(model=MeetingRisk, meeting=meeting, changes=risks, user=user)
    return meeting


def update_action_item(
    *,
    action_item: ActionItem,
    user: User,
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
        # simple-history reads these attributes, set on the instance at run time.
        action_item._history_user = user  # type: ignore[attr-defined]
        # The history column holds 100 characters; the full comment is kept on its own row.
        action_item._change_reason = (  # type: ignore[attr-defined]
            Truncator(comment).chars(100) if comment else ""
        )
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


def _speaking_for(user: User, action_item: ActionItem) -> Agency | None:
    access = access_for(user)
    if action_item.owner_agency in access.liaised:
        return action_item.owner_agency
    for unit in access.operated:
        if action_item.meeting.host.path.startswith(unit.path):
            return unit
    return None
