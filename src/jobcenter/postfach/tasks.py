"""Background work of the Postfach, handed over through the outbox."""

from __future__ import annotations

from celery import shared_task
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from jobcenter.core import datastand
from jobcenter.postfach.models import Message
from jobcenter.postfach.receipt import receipt_pdf


# outbox_atomic is our task option (outbox.delivery), unknown to the Celery stubs
@shared_task(outbox_atomic=False)  # type: ignore[call-overload]
def receipt_render(message_id: int, language: str = "de") -> bool:
    """Render the Sendebestätigung of a citizen's message once (idempotent).

    ``outbox_atomic=False``: the render runs outside any transaction; only storing the
    result locks the message row, and a second run finds the receipt there and drops its
    own result."""
    message = (Message.objects.select_related("thread__jobcenter", "thread__topic", "sender")
               .filter(pk=message_id).first())
    if message is None or message.receipt_storage_name:
        return False
    pdf = receipt_pdf(message, language=language)
    name = ""
    try:
        with transaction.atomic():
            locked = Message.objects.select_for_update().get(pk=message_id)
            if locked.receipt_storage_name:
                return False
            name = default_storage.save(f"postfach/{locked.thread_id}/sendebestaetigung.pdf",
                                        ContentFile(pdf))
            Message.objects.filter(pk=message_id).update(receipt_storage_name=name)
            datastand.changed(Message, [message_id])
    except BaseException:
        if name:
            default_storage.delete(name)
        raise
    return True
