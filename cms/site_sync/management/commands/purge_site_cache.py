from django.core.management.base import BaseCommand, CommandError

from cms.site_sync.delivery import deliver, message


class Command(BaseCommand):
    help = "Tell the public site to drop every cached page now."

    def handle(self, *args, **options):
        if not deliver(message("manual_purge", purge_all=True)):
            raise CommandError("The site did not confirm the purge; see the log above.")
        self.stdout.write("The site purged everything.")
