"""Notices that were never sent (their task was lost or gave up before the outbox existed)
get their outbox message now; the sweeper sends them."""

from django.db import migrations
from django.utils import timezone

TASK = "jobcenter.notifications.tasks.send_notification"


def forwards(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    OutboxMessage = apps.get_model("outbox", "OutboxMessage")
    now = timezone.now()
    waiting = Notification.objects.filter(status__in=["pending", "failed"]).values_list(
        "pk", flat=True)
    OutboxMessage.objects.bulk_create(
        [
            OutboxMessage(task=TASK, kwargs={"notification_id": pk},
                          key=f"notifications.send:{pk}", created_at=now, next_attempt_at=now)
            for pk in waiting.iterator()
        ],
        batch_size=1000, ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("outbox", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
