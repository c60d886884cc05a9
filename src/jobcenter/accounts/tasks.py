"""Background work of accounts: registrations and password mails (after the answer went
out, so its timing tells nothing about the address) and the warning about failed sign-ins."""

from __future__ import annotations

from celery import shared_task

from jobcenter.accounts import services


@shared_task(name="accounts.process_signup_request", autoretry_for=(OSError,),
             retry_backoff=True, max_retries=8)
def process_signup_request(signup_request_id: int) -> str:
    return services.signup_request_process(signup_request_id=signup_request_id)


@shared_task(name="accounts.sweep_signup_requests")
def sweep_signup_requests() -> dict[str, int]:
    return services.signup_requests_sweep()


@shared_task(name="accounts.send_password_reset", autoretry_for=(OSError,),
             retry_backoff=True, max_retries=5)
def send_password_reset(email: str, language: str) -> str:
    return services.password_reset_send(email=email, language=language)


@shared_task(name="accounts.notify_login_throttled")
def notify_login_throttled(identifier: str, window: str) -> str:
    from jobcenter.accounts import throttle

    return throttle.owner_notify(identifier=identifier, window=window)
