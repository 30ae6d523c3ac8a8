"""The background side of "Import a blog": dry runs and imports run as django-tasks tasks on the
"imports" queue, served by its own worker (`manage.py db_worker --queue-name imports`), so a long
import never holds up the site's purges on the "default" queue.
"""

import logging
from pathlib import Path

from django.utils import timezone
from django_tasks import task
from django_tasks.exceptions import TaskResultDoesNotExist

from . import reports, wxr
from .import_runs import ImportRun
from .importer import Importer, ImportFailed
from .progress import ProgressFile

QUEUE = "imports"
logger = logging.getLogger(__name__)


def start(run: ImportRun, dry_run: bool) -> None:
    """Queue the run's next stage and remember the task's id."""
    run.status = ImportRun.Status.CHECKING if dry_run else ImportRun.Status.IMPORTING
    run.error = ""
    run.save(update_fields=["status", "error"])
    ProgressFile(run.progress_path)(0, 0)
    result = run_import.enqueue(run.pk, dry_run)
    # Only the id: a quick worker may already have saved the stage's outcome.
    ImportRun.objects.filter(pk=run.pk).update(task_id=str(result.id))


def queue_note(run: ImportRun) -> str:
    """What the queue says about a running stage: whether a worker has taken it yet."""
    if not run.running or not run.task_id:
        return ""
    try:
        status = run_import.get_result(run.task_id).status
    except TaskResultDoesNotExist:
        return ""
    if status == "READY":
        return f'Waiting for a worker to take it (the "{QUEUE}" queue: manage.py db_worker --queue-name {QUEUE}).'
    if status == "RUNNING":
        return "A worker is on it."
    return ""


@task(queue_name=QUEUE)
def run_import(run_id: int, dry_run: bool) -> dict:
    """Dry-run or import the run's export; the report (or the reason it failed) goes on the run."""
    run = ImportRun.objects.filter(pk=run_id).first()
    if run is None or not run.upload:
        return {"error": f"import run {run_id} no longer exists or has no upload"}
    try:
        path = Path(run.upload.path)
        export = wxr.parse_file(path)
        importer = Importer(export, run.folder, categories_as_tags=run.categories_as_tags)
        outcome = importer.run(dry_run=dry_run, progress=ProgressFile(run.progress_path))
    except (wxr.WxrError, ImportFailed) as error:
        return _failed(run, f"{error}. Nothing was imported.")
    except Exception:
        logger.exception("blog import run %s failed", run_id)
        _failed(run, "An unexpected error stopped it; nothing was imported. The worker's log has the details.")
        raise
    report = reports.build(export, outcome, dry_run)
    if dry_run:
        run.dry_run_report, run.status = report, ImportRun.Status.CHECKED
        run.save(update_fields=["dry_run_report", "status"])
    else:
        run.import_report, run.status, run.imported_at = report, ImportRun.Status.IMPORTED, timezone.now()
        run.delete_upload()
        run.save(update_fields=["import_report", "status", "imported_at", "upload"])
    return {"summary": reports.summary(report), "problems": len(report["problems"])}


def _failed(run: ImportRun, message: str) -> dict:
    run.status, run.error = ImportRun.Status.FAILED, message
    run.save(update_fields=["status", "error"])
    return {"error": message}
