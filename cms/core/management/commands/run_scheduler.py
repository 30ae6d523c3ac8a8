"""Wagtail's scheduled publishing and expiry, every SCHEDULER_INTERVAL seconds, until stopped.

`make run` runs this beside the servers (docker-compose has its own scheduler service), so a
page scheduled to go live or expire does so within one interval. It also puts site purges a
killed worker left behind back in the queue, marks failed the blog imports a killed worker left
"running", and deletes finished task rows older than TASK_RESULTS_KEEP_DAYS.
"""

import logging
import signal
import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from cms.blog_import.stalled import fail_abandoned
from cms.site_sync.waiting import prune_finished, requeue_lost
from shared import env

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run Wagtail's publish_scheduled every --interval seconds until stopped (Ctrl-C)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=env.number("SCHEDULER_INTERVAL", 30),
            help="Seconds between runs (default: SCHEDULER_INTERVAL, else 30).",
        )

    def handle(self, *args, interval: float, **options):
        if interval <= 0:
            raise ValueError("--interval must be more than 0 seconds")
        stopping = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stopping.set())
        while not stopping.is_set():
            run_once()
            stopping.wait(interval)


def run_once() -> None:
    close_old_connections()
    try:
        call_command("publish_scheduled")
    except Exception:  # a locked SQLite file or a lost database: try again next round
        log.exception("Scheduled publishing failed; retrying at the next interval")
    try:
        # Site purges whose delivery was lost (a killed worker) go back in the queue; old task rows go.
        requeue_lost()
        fail_abandoned()  # blog imports whose worker is gone
        prune_finished()
    except Exception:
        log.warning("Looking after the task queue failed; retrying at the next interval", exc_info=True)
    try:
        call_command("collect_booking_clicks")
    except Exception:  # the site or the database is unavailable: the counts wait on the site
        log.warning("Collecting booking clicks failed; retrying at the next interval", exc_info=True)
