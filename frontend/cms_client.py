"""The one way the site talks to the CMS: Wagtail's API over a pooled `requests.Session`.

Failures become two exceptions the views understand: PageNotFound (a 404 page)
and CMSUnavailable (the friendly 503 page). Whole pages are cached by
page_cache; only the clinic's settings, shown in every footer, are cached here.
The ids of the CMS pages in each answer are noted for the Surrogate-Key header.
"""

import logging
from urllib.parse import urlencode

import requests
from flask import current_app, g, has_app_context
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from shared.contract import ARTICLE, ARTICLE_CARD_FIELDS, ARTICLE_ORDER, ARTICLE_ORDER_OLDEST_FIRST, page_path

log = logging.getLogger(__name__)


class CMSError(Exception):
    pass


class PageNotFound(CMSError):
    pass


class CMSUnavailable(CMSError):
    pass


SETTINGS_KEY = "cms:booking-settings"


class CMSClient:
    def __init__(self, base_url, cache, *, connect_timeout=2.0, read_timeout=5.0, retries=2, cache_timeout=300):
        self.base_url = base_url.rstrip("/")
        self.cache = cache
        self.timeout = (connect_timeout, read_timeout)
        self.cache_timeout = cache_timeout
        self.session = requests.Session()
        # Retry idempotent GETs briefly on connection errors and gateway errors.
        retry = Retry(
            total=retries,
            connect=retries,
            read=1,
            status=retries,
            backoff_factor=0.1,
            status_forcelist=(502, 503, 504),
            allowed_methods=("GET",),
            raise_on_status=False,
        )
        adapter = HTTPAdapter(max_retries=retry, pool_connections=4, pool_maxsize=16)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers["Accept"] = "application/json"

    # -- what the views ask for ---------------------------------------------------------

    def page(self, path: str) -> dict:
        """The published page at a public path, with every field of its detail view
        and the clinic's settings (kept for the page's header and footer)."""
        page = self.get("pages/find/", {"html_path": path})
        if has_app_context() and isinstance(page.get("clinic"), dict):
            g.clinic = page["clinic"]
        return page

    def articles(self, offset: int, limit: int, total: int | None = None) -> dict:
        """Article cards `offset`..`offset+limit` in the newest-first list: {"meta": {"total_count"}, "items"}.

        Given the total, pages in the older half are asked for oldest-first from the other
        end: a database skips few rows either way, so the last page costs what the first does.
        """
        from_end = total is not None and offset > total // 2
        if from_end:
            limit = max(0, min(limit, total - offset))
            offset = max(0, total - offset - limit)
        listing = self.get(
            "pages/",
            {
                "type": ARTICLE,
                "fields": "_," + ",".join(ARTICLE_CARD_FIELDS),
                "order": ARTICLE_ORDER_OLDEST_FIRST if from_end else ARTICLE_ORDER,
                "offset": offset,
                "limit": limit,
            },
        )
        if from_end:
            listing["items"].reverse()
        for item in listing["items"]:
            item["url"] = page_path(ARTICLE, item["meta"]["slug"])
        return listing

    def booking_settings(self) -> dict:
        data = self.cache.get(SETTINGS_KEY)
        if data is None:
            data = self.get("booking-settings/", {})
            self.cache.set(SETTINGS_KEY, data, timeout=self.cache_timeout)
        return data

    def forget_settings(self) -> None:
        self.cache.delete(SETTINGS_KEY)

    # -- plumbing ------------------------------------------------------------------------

    def get(self, endpoint: str, params: dict) -> dict:
        data = self.fetch(endpoint, urlencode(sorted(params.items())))
        if has_app_context() and "page_ids" in g:
            g.page_ids.update(page_ids(data))
        return data

    def fetch(self, endpoint: str, query: str) -> dict:
        url = f"{self.base_url}/{endpoint}" + (f"?{query}" if query else "")
        try:
            response = self.session.get(url, timeout=self.timeout)
        except requests.RequestException as exc:
            log.warning("CMS unreachable: GET %s: %s", url, exc)
            raise CMSUnavailable(str(exc)) from exc
        if response.status_code == 404:
            raise PageNotFound(url)
        if response.status_code != 200:
            # 5xx: the CMS is in trouble. 4xx other than 404: we asked wrongly; a bug to log loudly.
            level = logging.WARNING if response.status_code >= 500 else logging.ERROR
            log.log(level, "CMS answered %s for GET %s: %.200s", response.status_code, url, response.text)
            raise CMSUnavailable(f"CMS answered {response.status_code}")
        try:
            return response.json()
        except ValueError as exc:
            log.error("CMS sent invalid JSON for GET %s", url)
            raise CMSUnavailable("invalid JSON from the CMS") from exc


def page_ids(data) -> set[int]:
    """Ids of the CMS pages in an API answer: every object with an integer id and a title."""
    found, stack = set(), [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("id"), int) and "title" in item:
                found.add(item["id"])
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def cms() -> CMSClient:
    """The current app's CMS client."""
    return current_app.extensions["cms_client"]
