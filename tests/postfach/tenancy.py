"""Sample arguments for the tenancy registry (``tests/test_tenancy.py`` SAMPLE_KWARGS): a
Postfach thread of Jobcenter A's citizen (topic without a team, so every admitted role of
Jobcenter A sees it) with an attachment, and Jobcenter A's topic and Textbaustein."""

from __future__ import annotations

import io
import uuid
from typing import Any

from PIL import Image

from jobcenter.postfach.models import Attachment, ReplyTemplate, Thread, Topic
from jobcenter.postfach.services import CheckedUpload, thread_start_citizen


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    return buffer.getvalue()


#: A small valid PNG.
PNG = _png()


def sample_topic(world: Any) -> Topic:
    return Topic.objects.get_or_create(jobcenter=world.jobcenter, title="Geld und Zahlungen",
                                       defaults={"service_days": 2})[0]


def sample_thread(world: Any) -> Thread:
    existing = Thread.objects.filter(citizen=world.citizen).first()
    if existing is not None:
        return existing
    message = thread_start_citizen(
        citizen=world.citizen, topic=sample_topic(world), subject="Frage zur Zahlung",
        body="Wann kommt das Geld?", key=uuid.uuid4(),
        uploads=[CheckedUpload(name="kontoauszug.png", content=PNG, content_type="image/png")])
    return message.thread


def _thread(world: Any) -> dict[str, int]:
    return {"pk": sample_thread(world).pk}


def _attachment(world: Any) -> dict[str, int]:
    thread = sample_thread(world)
    return {"pk": thread.pk,
            "attachment_pk": Attachment.objects.get(message__thread=thread).pk}


def _template(world: Any) -> dict[str, int]:
    return {"pk": ReplyTemplate.objects.get_or_create(
        jobcenter=world.jobcenter, title="Eingang bestätigt",
        defaults={"body": "{anrede}\nwir haben Ihre Nachricht erhalten.\n{sachbearbeitung}"},
    )[0].pk}


POSTFACH_SAMPLE_KWARGS = {
    "postfach:new": lambda w: {"person_pk": w.person.pk},
    "postfach:thread": _thread,
    "postfach:reply": _thread,
    "postfach:poll": _thread,
    "postfach:assign": _thread,
    "postfach:state": _thread,
    "postfach:attachment": _attachment,
    "postfach_admin:topic_edit": lambda w: {"pk": sample_topic(w).pk},
    "postfach_admin:template_edit": _template,
}
