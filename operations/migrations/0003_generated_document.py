# The model now extends config.documents.GeneratedDocument: fields renamed (data kept).

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0002_initial'),
        ('operations', '0002_readiness_report'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='readinessreport',
            name='report_progress_max',
        ),
        migrations.RemoveConstraint(
            model_name='readinessreport',
            name='report_done_has_file',
        ),
        migrations.RenameField(
            model_name='readinessreport',
            old_name='celery_task_id',
            new_name='task_id',
        ),
        migrations.RenameField(
            model_name='readinessreport',
            old_name='error',
            new_name='failure_reason',
        ),
        migrations.RenameField(
            model_name='readinessreport',
            old_name='generated_at',
            new_name='finished_at',
        ),
        migrations.RemoveField(
            model_name='readinessreport',
            name='size_bytes',
        ),
        migrations.AlterField(
            model_name='readinessreport',
            name='failure_reason',
            field=models.TextField(blank=True, verbose_name='alasan gagal'),
        ),
        migrations.AlterField(
            model_name='readinessreport',
            name='finished_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='selesai dibuat'),
        ),
        migrations.AlterField(
            model_name='readinessreport',
            name='task_id',
            field=models.CharField(blank=True, max_length=64, verbose_name='ID tugas'),
        ),
        migrations.AddConstraint(
            model_name='readinessreport',
            constraint=models.CheckConstraint(condition=models.Q(('progress__lte', 100)), name='operations_readinessreport_progress_max'),
        ),
        migrations.AddConstraint(
            model_name='readinessreport',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'done'), _negated=True), models.Q(models.Q(('file', ''), _negated=True), models.Q(('sha256', ''), _negated=True)), _connector='OR'), name='operations_readinessreport_done_has_file'),
        ),
    ]
