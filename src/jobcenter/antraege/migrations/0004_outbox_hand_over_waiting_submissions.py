"""Submissions that were never handed over to the eAkte (a worker died, the broker was down
before the outbox existed) get their outbox message now; the sweeper hands them over."""

from django.db import migrations
from django.utils import timezone

TASK = "jobcenter.antraege.tasks.submission_received"


def forwards(apps, schema_editor):
    Submission = apps.get_model("antraege", "Submission")
    OutboxMessage = apps.get_model("outbox", "OutboxMessage")
    now = timezone.now()
    waiting = Submission.objects.filter(handed_over_at__isnull=True).values_list("pk", flat=True)
    OutboxMessage.objects.bulk_create(
        [
            OutboxMessage(task=TASK, kwargs={"submission_id": pk},
                          key=f"antraege.submission_received:{pk}", created_at=now,
                          next_attempt_at=now)
            for pk in waiting.iterator()
        ],
        batch_size=1000, ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("antraege", "0003_paper_entry_received_on"),
        ("outbox", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
