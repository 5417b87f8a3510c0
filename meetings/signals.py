"""What follows every save of a meeting, wherever it is made: reminders, stored changes."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from simple_history.signals import post_create_historical_record

from .history import record_change
from .models import Meeting
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
