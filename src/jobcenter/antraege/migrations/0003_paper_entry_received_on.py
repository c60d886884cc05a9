"""Submission.received_on (Eingangsdatum) and PaperEntry (staff entering a paper form)."""

import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def fill_received_on(apps, schema_editor):
    """Existing submissions were received the day they were stored."""
    Submission = apps.get_model("antraege", "Submission")
    for submission in Submission.objects.filter(received_on__isnull=True).iterator():
        submission.received_on = timezone.localdate(submission.submitted_at)
        submission.save(update_fields=["received_on"])


class Migration(migrations.Migration):

    dependencies = [
        ('antraege', '0002_drop_notice_sent_at'),
        ('formengine', '0002_draft_entered_by_staff'),
        ('households', '0001_initial'),
        ('jobcenters', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='submission',
            name='received_on',
            field=models.DateField(null=True, verbose_name='Eingangsdatum'),
        ),
        migrations.RunPython(fill_received_on, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='submission',
            name='received_on',
            field=models.DateField(verbose_name='Eingangsdatum'),
        ),
        migrations.CreateModel(
            name='PaperEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('received_on', models.DateField(verbose_name='Eingangsdatum')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('draft', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='paper_entry', to='formengine.draft')),
                ('entered_by', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='paper_entries', to=settings.AUTH_USER_MODEL)),
                ('jobcenter', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='paper_entries', to='jobcenters.jobcenter')),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='paper_entries', to='households.person')),
                ('scan', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='paper_entry', to='formengine.upload')),
                ('submission', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='paper_entry', to='antraege.submission')),
            ],
            options={
                'verbose_name': 'Papierantrag in Erfassung',
                'verbose_name_plural': 'Papieranträge in Erfassung',
                'ordering': ['-created_at', '-pk'],
            },
        ),
    ]
