"""Background work of the copy of one's data: the build (outbox) and the deletion (beat)."""

from celery import shared_task

from jobcenter.auskunft import services


# outbox_atomic is our task option (outbox.delivery), unknown to the Celery stubs
@shared_task(outbox_atomic=False)  # type: ignore[call-overload]
def copy_build(copy_id: int) -> bool:
    """Build the copy once (its own transactions; a second run does nothing)."""
    return services.copy_build(copy_id=copy_id)


@shared_task(name="auskunft.purge_expired")
def purge_expired() -> int:
    """Hourly: delete copies past their download period (idempotent)."""
    return services.copies_purge_expired()
