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

        # The signed-in user is read from the cache (accounts.user_cache): every change of a
        # user row makes the cached copy stale at once.
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, post_save

        from jobcenter.accounts.user_cache import on_team_changed, on_user_changed

        team_model = get_user_model()._meta.get_field("team").related_model
        for signal in (post_save, post_delete):
            signal.connect(on_user_changed, sender=get_user_model(),
                           dispatch_uid=f"accounts.user_cache.{signal is post_save}")
            signal.connect(on_team_changed, sender=team_model,
                           dispatch_uid=f"accounts.user_cache.team.{signal is post_save}")
