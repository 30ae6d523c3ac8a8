"""Delivering purge batches: one durable task per backend per batch, tried until taken.

A batch is enqueued in the transaction that made the change (django-tasks-db writes a task row
there), so it commits with the change, vanishes on rollback and no worker sees it before the
commit. `manage.py db_worker` runs it. A backend that did not take it gets the same batch again in
a new task, 1 s later, then 2, 4 ... up to SITE_PURGE_RETRY_MAX_SECONDS, for as long as it takes:
the first row stays in the table until its batch is delivered or followed by its retry.

Caches in front of the site (the edge, a CDN) take a batch only after the site has: purged
first, they would refetch the site's old copy and keep it for its s-maxage. Until then their
task waits (0.1 s, then doubling up to SITE_PURGE_RETRY_MAX_SECONDS), without counting as a try.

One task per backend: a Cloudflare that keeps failing never makes the site hear a batch twice,
and a batch that keeps failing goes to the back of the queue each time (run_after), so the ones
behind it still go out. Purges say "fetch this again", so their order does not matter to what
readers end up seeing, and a batch delivered twice (a lost answer, two workers) only costs the
site one more refetch of those paths.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task
from wagtail.contrib.frontend_cache.backends import CloudfrontBackend
from wagtail.contrib.frontend_cache.utils import get_backends

from .backends import EVERYTHING, SignedSitePurgeBackend
from .cache_backends import PURGE_EVERYTHING

log = logging.getLogger(__name__)

# The queue of site purges (TASKS in cms/settings.py); blog imports have their own.
QUEUE = "default"


def _is_site_backend(config: dict) -> bool:
    return issubclass(import_string(config["BACKEND"]), SignedSitePurgeBackend)


def configured_backends() -> dict:
    """SITE_PURGE_BACKENDS, without the site's backend while SITE_PURGE_URL is off."""
    return {
        name: config
        for name, config in getattr(settings, "SITE_PURGE_BACKENDS", {}).items()
        if settings.SITE_PURGE_URL or not _is_site_backend(config)
    }


def site_backend_names() -> list[str]:
    return [name for name, config in configured_backends().items() if _is_site_backend(config)]


def everything_backend_names() -> list[str]:
    """The backends that can drop every page at once (cache_backends.PURGE_EVERYTHING)."""
    return [
        name
        for name, config in configured_backends().items()
        if _is_site_backend(config) or config["BACKEND"] in PURGE_EVERYTHING
    ]


def retry_delay(attempt: int) -> float:
    """Seconds before try number `attempt + 1`: 1, 2, 4, ... capped."""
    return min(2.0 ** (attempt - 1), settings.SITE_PURGE_RETRY_MAX_SECONDS)


class WagtailErrors(logging.Handler):
    """Wagtail's own backends log a failed purge instead of raising: count those errors."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def send(backend_name: str, batch: dict) -> bool:
    """Try the batch on one backend once; True when the backend took all of it."""
    config = configured_backends()[backend_name]
    params = {**config, "EVENT": batch["event"], "KEYS": batch["keys"], "ID": batch["id"]}
    backend = get_backends({backend_name: params})[backend_name]
    # Backends take absolute public URLs. Everything is "/*" to the site and CloudFront, and no URL
    # to a keyed cache: the batch's keys name the one every answer carries.
    if not batch["all"]:
        paths = batch["paths"]
    else:
        paths = [EVERYTHING] if isinstance(backend, SignedSitePurgeBackend | CloudfrontBackend) else []
    urls = [settings.SITE_URL + path for path in paths]
    if isinstance(backend, SignedSitePurgeBackend):
        return backend.purge_batch(urls)
    errors = WagtailErrors()
    wagtail_log = logging.getLogger("wagtail.frontendcache")
    wagtail_log.addHandler(errors)
    try:
        backend.purge_batch(urls)
    except Exception as error:  # a CDN client raising (boto3, requests): not taken
        log.error("Purging %s for %s (%s) failed: %s", backend_name, batch["event"], batch["id"], error)
        return False
    finally:
        wagtail_log.removeHandler(errors)
    return not errors.messages


def site_still_to_take(batch: dict) -> bool:
    """Whether a delivery of this batch to the site's backend is still queued or running."""
    from django_tasks_db.models import DBTaskResult  # its models load with the apps

    return (
        DBTaskResult.objects.filter(task_path=deliver_purge.module_path, status__in=("READY", "RUNNING"))
        .filter(args_kwargs__args__0__in=site_backend_names(), args_kwargs__args__1__id=batch["id"])
        .exists()
    )


@task(queue_name=QUEUE)
def deliver_purge(backend: str, batch: dict, attempt: int = 1, waits: int = 0) -> str:
    """Deliver `batch` ({"id", "event", "paths", "keys", "all", "queued_at"}) to one backend."""
    if backend not in configured_backends():
        log.warning(
            "Dropped the purge for %s (%s): backend %r is no longer configured", batch["event"], batch["id"], backend
        )
        return "dropped"
    if backend not in site_backend_names() and site_still_to_take(batch):
        delay = min(0.1 * 2**waits, settings.SITE_PURGE_RETRY_MAX_SECONDS)
        later = deliver_purge.using(run_after=timezone.now() + timedelta(seconds=delay))
        later.enqueue(backend, batch, attempt, waits + 1)
        return "waiting for the site"
    if send(backend, batch):
        return "delivered"
    delay = retry_delay(attempt)
    log.warning(
        "%s did not take the purge for %s (%s), try %d; trying again in %g s",
        backend,
        batch["event"],
        batch["id"],
        attempt,
        delay,
    )
    deliver_purge.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(backend, batch, attempt + 1)
    return "retrying"
