"""Running the CMS's queued site purges inside a test, as `manage.py db_worker` does."""

import time

from django_tasks_db.management.commands.db_worker import Worker

from cms.site_sync.delivery import QUEUE


def run_queue(queue: str) -> None:
    """Run every task on `queue` that is due now with django-tasks-db's own worker loop (db_worker
    --batch), in this process and so inside the test's transaction."""
    Worker(
        queue_names=[queue],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    ).run()


def run_waiting_purges() -> None:
    """Run every purge task that is due now."""
    run_queue(QUEUE)


def deliver_until(condition, timeout: float = 20.0) -> None:
    """Keep running due purges (retries come due later) until `condition()` holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not delivered within {timeout} s")
        run_waiting_purges()
        time.sleep(0.1)
