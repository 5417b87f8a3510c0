"""Writes of the meetings app, one module per concern, all importable from here."""

from .attachments import (
    add_attachment,
    delete_attachment,
)
from .calendar_feeds import (
    issue_calendar_feed,
    record_calendar_feed_use,
    revoke_calendar_feed,
)
from .digests import (
    DIGEST_HORIZON_DAYS,
    DIGEST_LOCAL_HOUR,
    digest_recipients,
    queue_follow_up_digests,
    run_follow_up_digests,
    send_pending_digests,
)
from .meetings import (
    MEETING_DETAIL_FIELDS,
    NEEDS_DELEGATE,
    AgendaRow,
    MeetingConflict,
    RowChanges,
    cancel_meeting,
    create_meeting,
    respond_to_invitation,
    update_meeting,
)
from .notifications import (
    mark_notifications_read,
    run_reminders,
    send_pending_deliveries,
)
from .outcome import (
    record_outcome,
    update_action_item,
)
from .reminders import (
    LATE_AFTER,
    Recipient,
    create_default_reminders,
    meeting_recipients,
    notify_meeting_cancelled,
    notify_meeting_changed,
    queue_cancellation_notice,
    queue_change_notice,
    queue_due_reminders,
    queue_missed_changes_and_cancellations,
    set_meeting_reminders,
)

__all__ = [
    "AgendaRow",
    "DIGEST_HORIZON_DAYS",
    "DIGEST_LOCAL_HOUR",
    "LATE_AFTER",
    "MEETING_DETAIL_FIELDS",
    "MeetingConflict",
    "NEEDS_DELEGATE",
    "Recipient",
    "RowChanges",
    "add_attachment",
    "cancel_meeting",
    "create_default_reminders",
    "create_meeting",
    "delete_attachment",
    "digest_recipients",
    "issue_calendar_feed",
    "mark_notifications_read",
    "meeting_recipients",
    "notify_meeting_cancelled",
    "notify_meeting_changed",
    "queue_cancellation_notice",
    "queue_change_notice",
    "queue_due_reminders",
    "queue_follow_up_digests",
    "queue_missed_changes_and_cancellations",
    "record_calendar_feed_use",
    "record_outcome",
    "respond_to_invitation",
    "revoke_calendar_feed",
    "run_follow_up_digests",
    "run_reminders",
    "send_pending_deliveries",
    "send_pending_digests",
    "set_meeting_reminders",
    "update_action_item",
    "update_meeting",
]
