"""Caches in front of the site that purge by surrogate key as well as by URL.

Wagtail's own backends only know URLs. These subclasses send the batch's URLs as Wagtail does,
then its keys (shared.surrogate_keys, in the KEYS parameter delivery.py passes):

- `XkeyHTTPBackend`: Varnish with varnish-modules' xkey (deploy/varnish/default.vcl): one
  `PURGE /` whose `xkey-purge` header lists the keys; the VCL drops every object tagged with one;
- `TaggedCloudflareBackend`: Cloudflare's purge by Cache-Tag (`{"tags": [...]}`, 30 a call), the
  site's answers carrying the same keys in `Cache-Tag`.

A failed key purge raises: delivery.py counts the batch as not taken and tries it again.
"""

import requests
from wagtail.contrib.frontend_cache.backends import CloudflareBackend, HTTPBackend

KEY_PURGE_HEADER = "xkey-purge"


class XkeyHTTPBackend(HTTPBackend):
    def __init__(self, params):
        self.keys = list(params.get("KEYS", ()))
        super().__init__(params)

    def purge_batch(self, urls) -> None:
        super().purge_batch(urls)
        if self.keys:
            response = requests.request(
                "PURGE",
                f"{self.cache_scheme}://{self.cache_netloc}/",
                headers={KEY_PURGE_HEADER: " ".join(self.keys)},
                timeout=(2, 10),
            )
            response.raise_for_status()


class TaggedCloudflareBackend(CloudflareBackend):
    def __init__(self, params):
        self.keys = list(params.get("KEYS", ()))
        super().__init__(params)

    def purge_batch(self, urls) -> None:
        super().purge_batch(urls)
        for start in range(0, len(self.keys), self.CHUNK_SIZE):
            self._purge_tags(self.keys[start : start + self.CHUNK_SIZE])

    def _purge_tags(self, tags: list[str]) -> None:
        if self.cloudflare_token:
            auth = {"Authorization": f"Bearer {self.cloudflare_token}"}
        else:
            auth = {"X-Auth-Email": self.cloudflare_email, "X-Auth-Key": self.cloudflare_api_key}
        response = requests.post(self.cloudflare_purge_endpoint_url, json={"tags": tags}, headers=auth, timeout=30)
        answer = response.json() if response.headers.get("Content-Type", "").startswith("application/json") else {}
        if response.status_code != 200 or not answer.get("success"):
            errors = ", ".join(str(error.get("message")) for error in answer.get("errors") or ())
            raise RuntimeError(
                f"Cloudflare refused the purge of {len(tags)} cache tags: {response.status_code} {errors}"
            )
