from django.core.management.base import BaseCommand

from jobcenter.formengine.services import drafts_purge_expired


class Command(BaseCommand):
    help = "Delete expired open drafts of forms together with their uploads."

    def handle(self, *args, **options):
        count = drafts_purge_expired()
        self.stdout.write(f"{count} expired draft(s) deleted")
