"""Stores the diffs of the changes made before they were stored when made.

A data migration rather than a lazy backfill: it runs once, in the deployment, and the
history page never has to wonder whether a meeting's older changes are there yet.
"""

from django.db import migrations

BATCH = 1000


def backfill(apps, schema_editor):
    from meetings.history import TRACKED, change_values

    MeetingChange = apps.get_model("meetings", "MeetingChange")
    for subject, (model, _key) in TRACKED.items():
        historical = apps.get_model("meetings", f"Historical{model.__name__}")
        previous_by_id = {}
        rows = []
        for record in historical.objects.order_by("id", "history_id").iterator(chunk_size=BATCH):
            previous = previous_by_id.get(record.id)
            previous_by_id[record.id] = record
            values = change_values(
                subject=subject, record=record, previous=previous, get_model=apps.get_model
            )
            if values is not None:
                rows.append(MeetingChange(**values))
            if len(rows) >= BATCH:
                MeetingChange.objects.bulk_create(rows, ignore_conflicts=True)
                rows = []
        MeetingChange.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0010_meeting_change")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True)]
