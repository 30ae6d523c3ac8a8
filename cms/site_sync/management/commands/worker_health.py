from django.core.management.base import BaseCommand, CommandError

from cms.site_sync.waiting import due_unclaimed


class Command(BaseCommand):
    help = "Exit 1 when tasks on a queue have been due for long and no worker took them (a health check)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue-name", default="default", help="The queue its worker serves (default: %(default)s)."
        )
        parser.add_argument(
            "--late",
            type=float,
            default=60,
            help="Seconds a due task may wait for the worker (default: %(default)s; longer for imports).",
        )

    def handle(self, *args, queue_name: str, late: float, **options):
        stuck = due_unclaimed(queue_name, late)
        if stuck:
            raise CommandError(
                f"{stuck} task(s) on {queue_name!r} due over {late:g} s ago and not taken: the worker is not running them"
            )
        self.stdout.write(f"Queue {queue_name!r}: the worker keeps up.")
