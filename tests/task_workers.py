"""A real `manage.py db_worker` process (django-tasks-db) beside a live CMS, for the tests that
need background tasks to run the way they do in production."""

import subprocess
import sys

from devtools.live_servers import REPO, LiveCMS


class TaskWorker:
    """`db_worker --queue-name QUEUE` over the CMS's database, polling every 0.2 s."""

    def __init__(self, cms: LiveCMS, queue: str):
        self.cms = cms
        self.queue = queue
        self.process = None

    def start(self) -> "TaskWorker":
        self.process = subprocess.Popen(
            [
                sys.executable,
                str(REPO / "cms" / "manage.py"),
                "db_worker",
                "--queue-name",
                self.queue,
                "--interval",
                "0.2",
                "--no-startup-delay",
                "--no-reload",
            ],
            env=self.cms.env,
            cwd=REPO,
        )
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()  # the worker finishes its task, then exits
            self.process.wait(timeout=30)


def start_worker(request, cms: LiveCMS, queue: str) -> TaskWorker:
    """A worker for the rest of the test (`request`: pytest's), stopped when the test ends."""
    worker = TaskWorker(cms, queue).start()
    request.addfinalizer(worker.stop)
    return worker
