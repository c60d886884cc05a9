from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "jobcenter.accounts"
    label = "accounts"
    verbose_name = _("Benutzerkonten")

    def ready(self) -> None:
        # allauth's extension point (not a signal of ours): the session that enrols a
        # second factor has proven possession of it (see accounts/mfa_session.py).
        from allauth.mfa.signals import authenticator_added

        from jobcenter.accounts.mfa_session import record_enrolment

        authenticator_added.connect(record_enrolment, dispatch_uid="accounts.mfa_enrolment")
