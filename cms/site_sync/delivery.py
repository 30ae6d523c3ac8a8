"""Sending the site its purge messages: signed, after the transaction commits, retried."""

import json
import logging
import threading
import uuid

import requests
from django.conf import settings
from django.db import transaction
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from shared.signing import sign

log = logging.getLogger(__name__)

_session = None


def session() -> requests.Session:
    """One pooled session; urllib3 retries with backoff (0, 1, 2, 4, 8, 16 s) while the site is unreachable."""
    global _session
    if _session is None:
        retry = Retry(
            total=settings.SITE_PURGE_RETRIES,
            backoff_factor=0.5,
            status_forcelist=(429, 500, 502, 503, 504),
            allowed_methods=None,  # POST too: a purge is safe to repeat
            raise_on_status=False,
        )
        _session = requests.Session()
        _session.mount("http://", HTTPAdapter(max_retries=retry))
        _session.mount("https://", HTTPAdapter(max_retries=retry))
    return _session


def message(event: str, paths=(), ids=(), purge_all: bool = False) -> dict:
    return {
        "id": uuid.uuid4().hex,
        "event": event,
        "paths": sorted(paths),
        "keys": sorted(f"page-{pk}" for pk in ids),
        "all": purge_all,
    }


def deliver(payload: dict) -> bool:
    """POST one signed message to the site; True when the site took it."""
    body = json.dumps(payload, separators=(",", ":")).encode()
    try:
        response = session().post(
            settings.SITE_PURGE_URL,
            data=body,
            headers={"Content-Type": "application/json", **sign(body, settings.WEBHOOK_SECRET)},
            timeout=(2, 10),
        )
    except requests.RequestException as error:
        log.error("Could not tell the site about %s (%s): %s", payload["event"], payload["id"], error)
        return False
    if response.status_code != 200:
        log.error(
            "The site refused the purge for %s (%s): %s %.200s",
            payload["event"], payload["id"], response.status_code, response.text,
        )
        return False
    what = "everything" if payload["all"] else f"{len(payload['paths'])} paths"
    log.info("Site purged %s for %s (%s)", what, payload["event"], payload["id"])
    return True


def notify(payload: dict) -> None:
    """Deliver once the current transaction has committed, so the site refetches the new data."""
    if not settings.SITE_PURGE_URL:
        return

    def send():
        if settings.SITE_PURGE_BLOCKING:
            deliver(payload)
        else:
            # Off the editor's request; not a daemon, so a management command waits for it.
            threading.Thread(target=deliver, args=(payload,), name="site-purge").start()

    transaction.on_commit(send)
