"""The public site as a Wagtail frontend-cache backend: one signed message per purge batch.

Wagtail hands a backend absolute URLs (SITE_URL + path); the site wants paths. A batch
becomes one POST to SITE_PURGE_URL with the body the site's webhook reads
({"id", "event", "paths", "keys", "all"}) and the HMAC headers of shared/signing.py.

Purge everything: a batch holding the site root followed by EVERYTHING ("/*", the usual
wildcard) is sent as {"all": true}. Only this backend gets such batches (see purging.py):
a CDN or HTTP cache would take "/*" as a literal address.

Per-message details travel as backend parameters, because backends only ever see URLs:
EVENT (what happened, for the site's log), KEYS (the CMS page ids shown, "page-<id>", for
CDNs that purge by surrogate key) and ID (the batch's, the same on every try of it).

One try per call: cms/site_sync/delivery.py tries again, with backoff, until the site takes it.
Every try is signed afresh, so the site's replay guard (one use per signature) never refuses a
retry, while a captured message still cannot be replayed.
"""

import json
import logging
import uuid
from urllib.parse import unquote, urlsplit

import requests
from django.conf import settings
from wagtail.contrib.frontend_cache.backends.base import BaseBackend

from shared.signing import sign

log = logging.getLogger(__name__)

EVERYTHING = "/*"


class SignedSitePurgeBackend(BaseBackend):
    """Params (all optional): LOCATION (default settings.SITE_PURGE_URL; blank sends nothing),
    SECRET (WEBHOOK_SECRET), EVENT, KEYS, ID, HOSTNAMES."""

    def __init__(self, params):
        super().__init__(params)
        self.location = params.get("LOCATION", settings.SITE_PURGE_URL)
        self.secret = params.get("SECRET") or settings.WEBHOOK_SECRET
        self.event = params.get("EVENT", "purge")
        self.keys = sorted(params.get("KEYS", ()))
        self.id = params.get("ID") or uuid.uuid4().hex

    def purge(self, url) -> bool:
        return self.purge_batch([url])

    def purge_batch(self, urls) -> bool:
        """Send one message naming every path; True when the site took it."""
        # The site compares decoded paths (Flask's request.path): /articles/tag/pelvic floor/.
        paths = {unquote(urlsplit(url).path) or "/" for url in urls}
        purge_all = EVERYTHING in paths
        return self.send(
            {
                "id": self.id,
                "event": self.event,
                "paths": [] if purge_all else sorted(paths),
                "keys": self.keys,
                "all": purge_all,
            }
        )

    def send(self, message: dict) -> bool:
        if not self.location:
            return False
        body = json.dumps(message, separators=(",", ":")).encode()
        try:
            response = requests.post(
                self.location,
                data=body,
                headers={"Content-Type": "application/json", **sign(body, self.secret)},
                timeout=(2, 10),
            )
        except requests.RequestException as error:
            log.error("Could not tell the site about %s (%s): %s", message["event"], message["id"], error)
            return False
        if response.status_code != 200:
            log.error(
                "The site refused the purge for %s (%s): %s %.200s",
                message["event"],
                message["id"],
                response.status_code,
                response.text,
            )
            return False
        what = "everything" if message["all"] else f"{len(message['paths'])} paths"
        log.info("Site purged %s for %s (%s)", what, message["event"], message["id"])
        return True
