"""One purge batch per change, through Wagtail's frontend cache, after the transaction commits.

Wagtail's `purge_urls_from_cache` runs its task with django_tasks' ImmediateBackend (the
default; Wagtail's other tasks use it too), that is at once and in the caller's thread.
So a batch is handed over in `transaction.on_commit` (nothing is sent on rollback, and
the site never refetches data that is not committed yet) to one background worker
thread, so an editor's request never waits for a site that is retrying. The worker is
joined when the interpreter exits, so management commands (publish_scheduled) wait for
their purges. SITE_PURGE_BLOCKING=1 purges in the committing thread instead.
"""

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string
from wagtail.contrib.frontend_cache.utils import PurgeBatch, purge_urls_from_cache

from .backends import EVERYTHING, SignedSitePurgeBackend

log = logging.getLogger(__name__)

_worker = None
_worker_lock = threading.Lock()


def _is_site_backend(config: dict) -> bool:
    return issubclass(import_string(config["BACKEND"]), SignedSitePurgeBackend)


def configured_backends() -> dict:
    """WAGTAILFRONTENDCACHE, without the site's backend while SITE_PURGE_URL is off."""
    return {
        name: config
        for name, config in getattr(settings, "WAGTAILFRONTENDCACHE", {}).items()
        if settings.SITE_PURGE_URL or not _is_site_backend(config)
    }


def site_backend_names() -> list[str]:
    return [name for name, config in configured_backends().items() if _is_site_backend(config)]


def message_backend_settings(event: str, keys=()) -> dict:
    """The backends to purge, with this message's event and surrogate keys for the site's."""
    return {
        name: {**config, "EVENT": event, "KEYS": sorted(keys)} if _is_site_backend(config) else config
        for name, config in configured_backends().items()
    }


class SitePurge(PurgeBatch):
    """A PurgeBatch that knows what happened and which CMS pages it shows."""

    def __init__(self, event: str, urls=(), page_ids=(), everything: bool = False):
        super().__init__(urls)
        self.event = event
        self.keys = [f"page-{pk}" for pk in sorted(page_ids)]
        self.everything = everything

    @classmethod
    def of_paths(cls, event: str, paths, page_ids=()) -> "SitePurge":
        # Frontend-cache backends get absolute public URLs.
        return cls(event, [settings.SITE_URL + path for path in paths], page_ids)

    @classmethod
    def of_everything(cls, event: str) -> "SitePurge":
        return cls(event, [settings.SITE_URL + EVERYTHING], everything=True)

    def purge(self, backend_settings=None, backends=None):
        if self.everything:
            # Only the site understands "everything"; caches in front expire within s-maxage.
            backends = site_backend_names()
            if not backends:
                return
        backend_settings = backend_settings or message_backend_settings(self.event, self.keys)
        if backend_settings:
            purge_urls_from_cache(self.urls, backend_settings, backends)


def _purge_logged(batch: SitePurge) -> None:
    try:
        batch.purge()
    except Exception:  # a worker thread has nobody else to tell
        log.exception("Purging the caches for %s failed", batch.event)


def _background() -> ThreadPoolExecutor:
    """One worker per process, made on first use (after gunicorn forks); purges go in order."""
    global _worker
    with _worker_lock:
        if _worker is None:
            _worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="site-purge")
        return _worker


def purge_after_commit(batch: SitePurge) -> None:
    if not configured_backends():
        return

    def send():
        if settings.SITE_PURGE_BLOCKING:
            _purge_logged(batch)
        else:
            _background().submit(_purge_logged, batch)

    transaction.on_commit(send)
