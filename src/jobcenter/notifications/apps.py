from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "jobcenter.notifications"
    label = "notifications"
    verbose_name = _("Benachrichtigungen")

    def ready(self) -> None:
        # Keeps the cached unread count fresh (a cache, not domain logic: see
        # notifications.selectors.unread_count and core.fresh_cache).
        from django.db.models.signals import post_delete, post_save

        from jobcenter.notifications.models import Notification
        from jobcenter.notifications.selectors import on_notification_changed

        for signal in (post_save, post_delete):
            signal.connect(on_notification_changed, sender=Notification,
                           dispatch_uid=f"notifications.unread.{signal is post_save}")
