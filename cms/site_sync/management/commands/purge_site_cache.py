from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from wagtail.contrib.frontend_cache.utils import get_backends

from cms.site_sync.backends import EVERYTHING
from cms.site_sync.delivery import configured_backends, site_backend_names


class Command(BaseCommand):
    help = "Tell the public site to drop every cached page now (and wait for its answer)."

    def handle(self, *args, **options):
        # The site's backends directly, not through the task queue: this command reports the outcome.
        sites = {name: {**configured_backends()[name], "EVENT": "manual_purge"} for name in site_backend_names()}
        backends = get_backends(sites)
        if not backends or not settings.SITE_PURGE_URL:
            raise CommandError("No site to purge: SITE_PURGE_URL is off.")
        if not all(backend.purge(settings.SITE_URL + EVERYTHING) for backend in backends.values()):
            raise CommandError("The site did not confirm the purge; see the log above.")
        self.stdout.write("The site purged everything.")
