"""Imports whose worker is gone (killed, out of memory, the machine restarted): the scheduler's
upkeep marks their runs failed, so the admin stops showing them as running and offers the import
again. A re-run continues where the worker stopped: the batches it saved are "unchanged" then.
"""

import logging
import uuid
from datetime import UTC, datetime, timedelta

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .import_runs import ImportRun
from .tasks import run_import

log = logging.getLogger(__name__)

# A working import writes its progress file at least every post (or 50 posts of a dry run):
# minutes, not seconds, mean its worker stopped.
STALLED_AFTER = timedelta(minutes=10)
ABANDONED = (
    "Its worker stopped during the {stage} (killed or restarted) and did not finish it. "
    "Articles saved before it stopped are kept; {retry}."
)


def fail_abandoned(now: datetime | None = None) -> int:
    """Mark failed the runs shown as running whose task will never finish; how many there were."""
    now = now or timezone.now()
    failed = 0
    for run in ImportRun.objects.filter(status__in=[ImportRun.Status.CHECKING, ImportRun.Status.IMPORTING]):
        try:
            task_id = uuid.UUID(run.task_id)
        except ValueError:  # being queued this moment (or by a backend without task rows)
            continue
        task = DBTaskResult.objects.filter(id=task_id, task_path=run_import.module_path).first()
        if task is None or task.status == "READY":
            continue  # not started yet: waiting for a worker is shown on its page
        if task.status == "RUNNING" and _last_sign_of_life(run, task) > now - STALLED_AFTER:
            continue
        importing = run.status == ImportRun.Status.IMPORTING
        run.status = ImportRun.Status.FAILED
        run.error = ABANDONED.format(
            stage="import" if importing else "dry run",
            retry="import again to add the rest" if importing else "upload the export again",
        )
        run.save(update_fields=["status", "error"])
        if task.status == "RUNNING":
            DBTaskResult.objects.filter(id=task.id, status="RUNNING").update(status="FAILED", finished_at=now)
        log.warning("Blog import run %s: its worker stopped; marked failed", run.pk)
        failed += 1
    return failed


def _last_sign_of_life(run: ImportRun, task: DBTaskResult) -> datetime:
    started = task.started_at or task.enqueued_at
    try:
        written = datetime.fromtimestamp(run.progress_path.stat().st_mtime, tz=UTC)
    except (AttributeError, OSError):  # no upload folder, or no progress written yet
        return started
    return max(started, written)
