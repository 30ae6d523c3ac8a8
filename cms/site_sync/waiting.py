"""Purges not delivered yet, as the dashboard and /healthz report them, and the scheduler's
upkeep of their task rows (django-tasks-db's DBTaskResult table)."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .delivery import deliver_purge

log = logging.getLogger(__name__)

WAITING = ("READY", "RUNNING")
# A delivery try takes seconds (request timeouts); a row running this long lost its worker.
STALLED_AFTER = timedelta(minutes=10)


def purge_tasks():
    return DBTaskResult.objects.filter(task_path=deliver_purge.module_path)


@dataclass
class Waiting:
    updates: int  # changes (batches) some backend has not taken yet
    oldest: datetime | None

    def late(self) -> bool:
        return self.oldest is not None and timezone.now() - self.oldest > timedelta(
            seconds=settings.SITE_PURGE_LATE_SECONDS
        )


def waiting() -> Waiting:
    batches = {}
    for args in purge_tasks().filter(status__in=WAITING).values_list("args_kwargs", flat=True):
        batch = args["args"][1]
        batches[batch["id"]] = datetime.fromisoformat(batch["queued_at"])
    return Waiting(len(batches), min(batches.values(), default=None))


def requeue_lost() -> int:
    """Deliveries that will never finish by themselves: a worker killed mid-try (left RUNNING)
    or a try that raised (FAILED, e.g. the database went away). Each goes back in the queue."""
    stalled = purge_tasks().filter(status="RUNNING", started_at__lt=timezone.now() - STALLED_AFTER)
    lost = list(stalled | purge_tasks().filter(status="FAILED"))
    for row in lost:
        with transaction.atomic():
            deliver_purge.enqueue(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])
            row.delete()
    if lost:
        log.warning("Put %d lost site purge deliveries back in the queue", len(lost))
    return len(lost)


def prune_finished() -> None:
    """Finished task rows (purges delivered, imports done) older than TASK_RESULTS_KEEP_DAYS."""
    call_command(
        "prune_db_task_results",
        "--queue-name",
        "*",
        "--min-age-days",
        str(settings.TASK_RESULTS_KEEP_DAYS),
        verbosity=0,
    )


def due_unclaimed(queue: str, seconds: float) -> int:
    """Tasks on `queue` that were due over `seconds` ago and no worker has picked up: the
    queue's worker is stopped or stuck (a site that is down does not count: its purges are
    tried, and queued again for later, as they come due)."""
    since = timezone.now() - timedelta(seconds=seconds)
    ready = DBTaskResult.objects.filter(status="READY", queue_name=queue)
    # django-tasks-db stores "no delay" as run_after in the year 9999.
    delayed = ready.exclude(run_after__year=9999).filter(run_after__lte=since)
    undelayed = ready.filter(run_after__year=9999, enqueued_at__lte=since)
    return delayed.count() + undelayed.count()
