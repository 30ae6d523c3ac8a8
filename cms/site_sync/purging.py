"""One purge batch per change, kept in the CMS database with the change itself.

`queue_purge` enqueues one `deliver_purge` task per configured backend
(SITE_PURGE_BACKENDS) inside the open transaction. With django-tasks-db the task rows are
written in that transaction: nothing is sent on rollback, and no worker can see (or send) a
batch before the change it describes is committed, so the site never refetches old data. The
editor's request only writes those rows; `manage.py db_worker` delivers them (delivery.py).
"""

import threading
import uuid
from contextlib import contextmanager

from django.utils import timezone

from shared.surrogate_keys import EVERY_PAGE

from .delivery import configured_backends, deliver_purge, everything_backend_names


class SitePurge:
    """What one change makes stale: public paths (or everything), and the surrogate keys
    (shared.surrogate_keys) naming what changed, for caches that purge by key."""

    def __init__(self, event: str, paths=(), keys=(), everything: bool = False):
        self.event = event
        self.paths = sorted(set(paths))
        self.keys = sorted(set(keys))
        self.everything = everything

    @classmethod
    def of_paths(cls, event: str, paths, keys=()) -> "SitePurge":
        return cls(event, paths, keys)

    @classmethod
    def of_everything(cls, event: str) -> "SitePurge":
        return cls(event, keys=[EVERY_PAGE], everything=True)

    def batch(self) -> dict:
        """The task's argument: plain JSON, the same on every try and for every backend."""
        return {
            "id": uuid.uuid4().hex,
            "event": self.event,
            "paths": [] if self.everything else self.paths,
            "keys": self.keys,
            "all": self.everything,
            "queued_at": timezone.now().isoformat(),
        }

    def backend_names(self) -> list[str]:
        # A cache in front that knows only URLs cannot drop everything: its copies expire.
        return everything_backend_names() if self.everything else list(configured_backends())


_bulk = threading.local()


def in_bulk_change() -> bool:
    return getattr(_bulk, "event", None) is not None


def purges_wanted() -> bool:
    """Whether a change's pages are worth working out: no bulk change is under way, and some
    backend would receive them (none with SITE_PURGE_URL off and no cache in front)."""
    return not in_bulk_change() and bool(configured_backends())


@contextmanager
def one_purge_for_everything(event: str):
    """Changes made inside (a blog import's thousands of publishes and redirects) queue no purge of
    their own: working out each one's pages would cost more than the change. One purge of
    everything is queued at the end, also when the block fails after some batches committed."""
    _bulk.event = event
    try:
        yield
    finally:
        _bulk.event = None
        queue_purge(SitePurge.of_everything(event))


def queue_purge(purge: SitePurge) -> None:
    """Queue the batch for each backend, in the caller's transaction (so: sent after commit)."""
    if in_bulk_change() or (not purge.paths and not purge.everything):
        return
    names = purge.backend_names()
    if not names:
        return
    batch = purge.batch()
    for name in names:
        deliver_purge.enqueue(name, batch)
