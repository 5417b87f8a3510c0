from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Meeting
from .services import create_default_reminders


@receiver(post_save, sender=Meeting, dispatch_uid="meetings.default_reminders")
def give_new_meetings_default_reminders(sender, instance, created, raw=False, **kwargs):
    # A signal because meetings are created in several places (pages, admin, imports,
    # fixtures) and each must get the default reminders; fixtures (raw) bring their own.
    if created and not raw:
        create_default_reminders(meeting=instance)
