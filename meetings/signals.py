"""What follows every save of a meeting, wherever it is made: reminders, stored changes,
and a fresh page revision whenever what its page shows changes."""

import uuid

from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from simple_history.signals import post_create_historical_record

from agencies.models import Agency, Official

from .history import record_change
from .models import (
    ActionItem,
    AgendaItem,
    Attachment,
    Attendee,
    Decision,
    Invitation,
    Meeting,
    MeetingRisk,
)
from .services import create_default_reminders


@receiver(post_save, sender=Meeting, dispatch_uid="meetings.default_reminders")
def give_new_meetings_default_reminders(sender, instance, created, raw=False, **kwargs):
    # A signal because meetings are created in several places (pages, admin, imports,
    # fixtures) and each must get the default reminders; fixtures (raw) bring their own.
    if created and not raw:
        create_default_reminders(meeting=instance)


@receiver(post_create_historical_record, dispatch_uid="meetings.store_change")
def store_the_change(sender, instance, history_instance, **kwargs):
    # For the same reason a signal: the services, the admin and the demo loader all
    # save through simple-history, and each change is compared with the last once, here.
    record_change(instance=instance, history_instance=history_instance)


def _renew_page_revision(meetings: Q) -> None:
    Meeting.objects.filter(meetings).update(page_revision=uuid.uuid4())


# The rows the meeting page shows besides the meeting itself (whose own save renews its
# revision, ``Meeting.save``). Signals again because RSVPs, the outcome form, follow-up
# updates, attachments, the admin and the demo loader all write them.
PAGE_ROWS = (Invitation, Attendee, AgendaItem, Decision, ActionItem, MeetingRisk, Attachment)


def renew_revision_of_its_meeting(sender, instance, raw=False, **kwargs):
    if not raw and instance.meeting_id:
        _renew_page_revision(Q(pk=instance.meeting_id))


for _model in PAGE_ROWS:
    for _signal in (post_save, post_delete):
        _signal.connect(
            renew_revision_of_its_meeting,
            sender=_model,
            dispatch_uid=f"meetings.page_revision.{_model.__name__}.{_signal is post_save}",
        )


@receiver(post_save, sender=Official, dispatch_uid="meetings.page_revision.official")
def renew_revisions_naming_an_official(sender, instance, created, raw=False, **kwargs):
    # Pages show an official's name and position as speaker, attendee, whom an
    # attendee represented and follow-up owner; a new official is on no page yet.
    if created or raw:
        return
    _renew_page_revision(
        Q(pk__in=AgendaItem.objects.filter(presenter=instance).values("meeting_id"))
        | Q(
            pk__in=Attendee.objects.filter(Q(official=instance) | Q(represents=instance)).values(
                "meeting_id"
            )
        )
        | Q(pk__in=ActionItem.objects.filter(owner_official=instance).values("meeting_id"))
    )


@receiver(post_save, sender=Agency, dispatch_uid="meetings.page_revision.agency")
def renew_revisions_naming_an_agency(sender, instance, created, raw=False, **kwargs):
    # The host's zone (its own or, for a unit without a seat, one above it) sets the
    # agenda's times; invitations, attendees, follow-ups and risks name agencies.
    if created or raw:
        return
    _renew_page_revision(
        Q(host__path__startswith=instance.path)
        | Q(pk__in=Invitation.objects.filter(agency=instance).values("meeting_id"))
        | Q(pk__in=Attendee.objects.filter(agency=instance).values("meeting_id"))
        | Q(pk__in=ActionItem.objects.filter(owner_agency=instance).values("meeting_id"))
        | Q(pk__in=MeetingRisk.objects.filter(raised_by=instance).values("meeting_id"))
    )
