"""Collect the site's pending booking-click counts now (the scheduler does it every interval)."""

from django.core.management.base import BaseCommand, CommandError

from cms.booking_clicks.collect import CollectError, collect


class Command(BaseCommand):
    help = "Collect booking-click counts from the site (SITE_CLICKS_URL) and store them as daily aggregates."

    def handle(self, *args, **options):
        try:
            stored = collect()
        except CollectError as error:
            raise CommandError(f"Could not collect booking clicks: {error}") from error
        if stored:
            self.stdout.write(f"Stored {stored} batch(es) of booking clicks.")
