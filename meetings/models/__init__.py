"""The meetings app's models, one module per concern, all importable from here."""

from .attachments import Attachment, attachment_upload_to
from .calendar_feeds import CalendarFeed, CalendarFeedQuerySet
from .changes import MeetingChange
from .meeting import Attendee, Invitation, Meeting, MeetingQuerySet
from .outcome import (
    ActionItem,
    ActionItemComment,
    ActionItemQuerySet,
    AgendaItem,
    Decision,
    MeetingRisk,
)
from .reminders import (
    DEFAULT_REMINDER_OFFSETS,
    FollowUpDigest,
    MeetingReminder,
    Notification,
    NotificationQuerySet,
    ReminderDelivery,
)

__all__ = [
    "DEFAULT_REMINDER_OFFSETS",
    "ActionItem",
    "ActionItemComment",
    "ActionItemQuerySet",
    "AgendaItem",
    "Attachment",
    "Attendee",
    "CalendarFeed",
    "CalendarFeedQuerySet",
    "Decision",
    "FollowUpDigest",
    "Invitation",
    "Meeting",
    "MeetingChange",
    "MeetingQuerySet",
    "MeetingReminder",
    "MeetingRisk",
    "Notification",
    "NotificationQuerySet",
    "ReminderDelivery",
    "attachment_upload_to",
]
