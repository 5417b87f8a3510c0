# The model now extends config.documents.GeneratedDocument: fields renamed (data kept).

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0002_initial'),
        ('operations', '0003_generated_document'),
        ('polling_stations', '0001_squashed_0004_plotting_document'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='plottingdocument',
            name='plotting_document_progress_max',
        ),
        migrations.RemoveConstraint(
            model_name='plottingdocument',
            name='plotting_document_done_has_file',
        ),
        migrations.RenameField(
            model_name='plottingdocument',
            old_name='celery_task_id',
            new_name='task_id',
        ),
        migrations.RenameField(
            model_name='plottingdocument',
            old_name='error',
            new_name='failure_reason',
        ),
        migrations.RenameField(
            model_name='plottingdocument',
            old_name='generated_at',
            new_name='finished_at',
        ),
        migrations.AddField(
            model_name='plottingdocument',
            name='attempts',
            field=models.PositiveSmallIntegerField(default=0, verbose_name='percobaan'),
        ),
        migrations.AlterField(
            model_name='plottingdocument',
            name='failure_reason',
            field=models.TextField(blank=True, verbose_name='alasan gagal'),
        ),
        migrations.AlterField(
            model_name='plottingdocument',
            name='finished_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='selesai dibuat'),
        ),
        migrations.AddField(
            model_name='plottingdocument',
            name='started_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='mulai dibuat'),
        ),
        migrations.AlterField(
            model_name='plottingdocument',
            name='task_id',
            field=models.CharField(blank=True, max_length=64, verbose_name='ID tugas'),
        ),
        migrations.AddConstraint(
            model_name='plottingdocument',
            constraint=models.CheckConstraint(condition=models.Q(('progress__lte', 100)), name='polling_stations_plottingdocument_progress_max'),
        ),
        migrations.AddConstraint(
            model_name='plottingdocument',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'done'), _negated=True), models.Q(models.Q(('file', ''), _negated=True), models.Q(('sha256', ''), _negated=True)), _connector='OR'), name='polling_stations_plottingdocument_done_has_file'),
        ),
    ]
